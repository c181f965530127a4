import { realpath } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { UserError } from "../errors.ts";
import { assertSafeRef, git, runGit } from "../git/run-git.ts";
import type { FileSource, SourceEntry } from "./file-source.ts";

/**
 * Reads a governed repository at a git ref straight from the object database, without a checkout.
 * `dir` is the governed root inside a work tree (it may be a sub-directory of the git repository).
 */
export class GitSource implements FileSource {
  readonly label: string;
  commit?: string;
  private readonly dir: string;
  private readonly ref: string;
  private toplevel = "";
  private prefix = "";
  private blobs = new Map<string, string>();

  constructor(dir: string, ref: string) {
    assertSafeRef(ref);
    this.dir = resolve(dir);
    this.ref = ref;
    this.label = `${ref}:${dir}`;
  }

  private async resolveRef(): Promise<void> {
    if (this.commit) return;
    const top = await runGit(this.dir, ["rev-parse", "--show-toplevel"]).catch(() => undefined);
    if (top?.code !== 0) {
      throw new UserError(
        `${this.dir} is not inside a git repository, so the ref "${this.ref}" cannot be read.`,
      );
    }
    this.toplevel = top.stdout.toString("utf8").trim();
    const rel = relative(await realpath(this.toplevel), await realpath(this.dir))
      .split("\\")
      .join("/");
    this.prefix = rel === "" ? "" : `${rel}/`;
    const rev = await runGit(this.toplevel, ["rev-parse", "--verify", "--quiet", `${this.ref}^{commit}`]);
    if (rev.code !== 0) {
      throw new UserError(
        `Unknown git ref "${this.ref}". Fetch it first (git fetch origin ${this.ref}) or, in GitHub Actions, check out with fetch-depth: 0.`,
      );
    }
    this.commit = rev.stdout.toString("utf8").trim();
  }

  async list(): Promise<SourceEntry[]> {
    await this.resolveRef();
    const treeish = this.prefix ? `${this.commit}:${this.prefix.slice(0, -1)}` : `${this.commit}^{tree}`;
    const probe = await runGit(this.toplevel, ["cat-file", "-t", treeish]);
    if (probe.code !== 0) return []; // the governed directory does not exist at this ref
    const out = await git(this.toplevel, ["ls-tree", "-r", "-z", "-l", "--full-tree", treeish]);
    const entries: SourceEntry[] = [];
    for (const record of out.toString("utf8").split("\0")) {
      if (!record) continue;
      // "<mode> <type> <oid> <size>\t<path>"
      const tab = record.indexOf("\t");
      const [mode, type, oid, size] = record.slice(0, tab).split(/\s+/);
      const path = record.slice(tab + 1);
      if (path.split("/").some((seg) => seg === ".git" || seg === "node_modules" || seg === ".charter"))
        continue;
      if (type === "commit") {
        entries.push({ path, size: 0, kind: "submodule" });
      } else if (mode === "120000") {
        entries.push({ path, size: 0, kind: "symlink" });
      } else if (type === "blob" && oid) {
        this.blobs.set(path, oid);
        entries.push({ path, size: Number(size), kind: "file" });
      }
    }
    return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async readMany(paths: readonly string[]): Promise<Map<string, Buffer>> {
    const wanted = paths.filter((p) => this.blobs.has(p));
    const result = new Map<string, Buffer>();
    if (wanted.length === 0) return result;
    // One `cat-file --batch` process reads every blob: "<oid> blob <size>\n<bytes>\n" per object.
    const out = await git(
      this.toplevel,
      ["cat-file", "--batch"],
      `${wanted.map((p) => this.blobs.get(p)).join("\n")}\n`,
    );
    let offset = 0;
    for (const path of wanted) {
      const headerEnd = out.indexOf(0x0a, offset);
      const header = out.subarray(offset, headerEnd).toString("utf8").split(" ");
      const size = Number(header[2]);
      if (header[1] !== "blob" || !Number.isFinite(size)) {
        throw new UserError(`git could not read ${path} at ${this.ref}: ${header.join(" ")}`);
      }
      result.set(path, out.subarray(headerEnd + 1, headerEnd + 1 + size));
      offset = headerEnd + 1 + size + 1;
    }
    return result;
  }
}
