import type { FileSource, SourceEntry } from "./file-source.ts";

/**
 * A repository with some files replaced or added in memory: a draft is loaded and linted together
 * with everything it will sit next to, before a byte of it is written.
 */
export class OverlaySource implements FileSource {
  readonly label: string;
  readonly commit?: string;
  private readonly base: FileSource;
  private readonly files: Map<string, Buffer>;

  constructor(base: FileSource, files: Record<string, string>) {
    this.base = base;
    this.label = `${base.label} (with a draft)`;
    this.files = new Map(Object.entries(files).map(([p, c]) => [p, Buffer.from(c)]));
  }

  async list(): Promise<SourceEntry[]> {
    const entries = (await this.base.list()).filter((e) => !this.files.has(e.path));
    for (const [path, bytes] of this.files) entries.push({ path, size: bytes.length, kind: "file" });
    return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async readMany(paths: readonly string[]): Promise<Map<string, Buffer>> {
    const fromBase = await this.base.readMany(paths.filter((p) => !this.files.has(p)));
    for (const p of paths) {
      const b = this.files.get(p);
      if (b) fromBase.set(p, b);
    }
    return fromBase;
  }
}
