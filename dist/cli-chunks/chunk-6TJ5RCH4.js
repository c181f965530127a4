import {
  UserError
} from "./chunk-XC2IMODC.js";

// core/git/run-git.ts
import { spawn } from "node:child_process";
function runGit(cwd, args, input) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn("git", args, {
      cwd,
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0" }
    });
    const out = [];
    const err = [];
    child.stdout.on("data", (b) => out.push(b));
    child.stderr.on("data", (b) => err.push(b));
    child.on("error", (e) => {
      reject(
        e.code === "ENOENT" ? new UserError("git is not installed or not on PATH; install git to read git refs.", { cause: e }) : e
      );
    });
    child.on("close", (code) => {
      resolvePromise({
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString("utf8"),
        code: code ?? 1
      });
    });
    child.stdin.on("error", () => {
    });
    child.stdin.end(input);
  });
}
async function git(cwd, args, input) {
  const r = await runGit(cwd, args, input);
  if (r.code !== 0) {
    throw new UserError(`git ${args[0]} failed: ${r.stderr.trim() || `exit code ${r.code}`}`);
  }
  return r.stdout;
}
var SAFE_REF = /^(?!-)[A-Za-z0-9_./-]+(?:[~^]\d*)*$/;
function assertSafeRef(ref) {
  if (!SAFE_REF.test(ref) || ref.includes("..")) {
    throw new UserError(`"${ref}" is not a valid git ref. Use a branch, tag or commit SHA.`);
  }
}

// core/source/git-source.ts
import { realpath } from "node:fs/promises";
import { relative, resolve } from "node:path";
var GitSource = class {
  label;
  commit;
  dir;
  ref;
  toplevel = "";
  prefix = "";
  blobs = /* @__PURE__ */ new Map();
  constructor(dir, ref) {
    assertSafeRef(ref);
    this.dir = resolve(dir);
    this.ref = ref;
    this.label = `${ref}:${dir}`;
  }
  async resolveRef() {
    if (this.commit) return;
    const top = await runGit(this.dir, ["rev-parse", "--show-toplevel"]).catch(() => void 0);
    if (top?.code !== 0) {
      throw new UserError(
        `${this.dir} is not inside a git repository, so the ref "${this.ref}" cannot be read.`
      );
    }
    this.toplevel = top.stdout.toString("utf8").trim();
    const rel = relative(await realpath(this.toplevel), await realpath(this.dir)).split("\\").join("/");
    this.prefix = rel === "" ? "" : `${rel}/`;
    const rev = await runGit(this.toplevel, ["rev-parse", "--verify", "--quiet", `${this.ref}^{commit}`]);
    if (rev.code !== 0) {
      throw new UserError(
        `Unknown git ref "${this.ref}". Fetch it first (git fetch origin ${this.ref}) or, in GitHub Actions, check out with fetch-depth: 0.`
      );
    }
    this.commit = rev.stdout.toString("utf8").trim();
  }
  async list() {
    await this.resolveRef();
    const treeish = this.prefix ? `${this.commit}:${this.prefix.slice(0, -1)}` : `${this.commit}^{tree}`;
    const probe = await runGit(this.toplevel, ["cat-file", "-t", treeish]);
    if (probe.code !== 0) return [];
    const out = await git(this.toplevel, ["ls-tree", "-r", "-z", "-l", "--full-tree", treeish]);
    const entries = [];
    for (const record of out.toString("utf8").split("\0")) {
      if (!record) continue;
      const tab = record.indexOf("	");
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
    return entries.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  }
  async readMany(paths) {
    const wanted = paths.filter((p) => this.blobs.has(p));
    const result = /* @__PURE__ */ new Map();
    if (wanted.length === 0) return result;
    const out = await git(
      this.toplevel,
      ["cat-file", "--batch"],
      `${wanted.map((p) => this.blobs.get(p)).join("\n")}
`
    );
    let offset = 0;
    for (const path of wanted) {
      const headerEnd = out.indexOf(10, offset);
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
};

export {
  runGit,
  git,
  assertSafeRef,
  GitSource
};
