import { lstat, readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { UserError } from "../errors.ts";
import type { FileSource, SourceEntry } from "./file-source.ts";

/** Directories that are never part of the governed content. */
const SKIPPED_DIRS = new Set([".git", "node_modules", ".charter"]);

/** Reads a governed repository from a directory. Symlinks are reported, never followed. */
export class DirectorySource implements FileSource {
  readonly label: string;
  private readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
    this.label = dir;
  }

  async list(): Promise<SourceEntry[]> {
    const stat = await lstat(this.root).catch(() => undefined);
    if (!stat?.isDirectory()) {
      throw new UserError(
        `${this.label} is not a directory. Pass the root of a governed repository (where charter.yml is).`,
      );
    }
    const entries: SourceEntry[] = [];
    const walk = async (rel: string): Promise<void> => {
      const dirents = await readdir(join(this.root, rel), { withFileTypes: true });
      for (const d of dirents) {
        const path = rel ? `${rel}/${d.name}` : d.name;
        if (d.isDirectory()) {
          if (!SKIPPED_DIRS.has(d.name)) await walk(path);
        } else if (d.isSymbolicLink()) {
          entries.push({ path, size: 0, kind: "symlink" });
        } else if (d.isFile()) {
          const { size } = await lstat(join(this.root, path));
          entries.push({ path, size, kind: "file" });
        }
      }
    };
    await walk("");
    return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async readMany(paths: readonly string[]): Promise<Map<string, Buffer>> {
    const out = new Map<string, Buffer>();
    await Promise.all(
      paths.map(async (p) => {
        out.set(p, await readFile(join(this.root, p)));
      }),
    );
    return out;
  }
}
