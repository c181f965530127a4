import type { FileSource, SourceEntry } from "./file-source.ts";

/** A governed repository held in memory: generated drafts are linted before anything is written. */
export class MemorySource implements FileSource {
  readonly label: string;
  private readonly files: Map<string, Buffer>;

  constructor(files: Record<string, string | Uint8Array>, label = "(memory)") {
    this.label = label;
    this.files = new Map(
      Object.entries(files).map(([p, c]) => [p, typeof c === "string" ? Buffer.from(c) : Buffer.from(c)]),
    );
  }

  async list(): Promise<SourceEntry[]> {
    return [...this.files.entries()]
      .map(([path, bytes]) => ({ path, size: bytes.length, kind: "file" as const }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async readMany(paths: readonly string[]): Promise<Map<string, Buffer>> {
    const out = new Map<string, Buffer>();
    for (const p of paths) {
      const b = this.files.get(p);
      if (b) out.set(p, b);
    }
    return out;
  }
}
