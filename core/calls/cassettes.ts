import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname, join, posix } from "node:path";
import type { FileSource } from "../source/file-source.ts";
import { parseStoredCall, type ResponseStore, type StoredCall, serializeStoredCall } from "./stored-call.ts";

/**
 * Recorded responses committed in the governed repository, under `<cassettes>/<tenant>/<key>.json`.
 * Replay reads them from one or more sources (the head, then the base for a base-vs-head run), so
 * evaluations run deterministically, for free and without secrets — on forks too. A tenant only ever
 * reads its own directory. `charter eval --record` writes them.
 */
export class CassetteStore implements ResponseStore {
  private readonly sources: readonly FileSource[];
  private readonly prefix: string;
  private readonly writeRoot?: string;
  private readonly loaded = new Map<string, Promise<Map<string, StoredCall>>>();

  /**
   * @param sources where to read cassettes, in priority order
   * @param prefix the cassettes directory relative to the repository root (models.yml `cassettes`)
   * @param writeRoot the repository root on disk, to record into (absent: read-only)
   */
  constructor(sources: readonly FileSource[], prefix: string, writeRoot?: string) {
    this.sources = sources;
    this.prefix = posix
      .normalize(prefix)
      .replace(/^\.\/?/, "")
      .replace(/\/$/, "");
    this.writeRoot = writeRoot;
  }

  /** All cassettes of a tenant, read once in one batch per source. */
  private tenantCassettes(tenant: string): Promise<Map<string, StoredCall>> {
    let p = this.loaded.get(tenant);
    if (!p) {
      p = (async () => {
        const out = new Map<string, StoredCall>();
        const dir = `${this.prefix}/${tenant}/`;
        for (const source of [...this.sources].reverse()) {
          const paths = (await source.list())
            .filter((e) => e.kind === "file" && e.path.startsWith(dir) && e.path.endsWith(".json"))
            .map((e) => e.path);
          for (const [, bytes] of await source.readMany(paths)) {
            const entry = parseStoredCall(bytes.toString("utf8"));
            if (entry) out.set(entry.key, entry); // earlier sources (the head) win
          }
        }
        return out;
      })();
      this.loaded.set(tenant, p);
    }
    return p;
  }

  async get(key: string, tenant: string): Promise<StoredCall | undefined> {
    return (await this.tenantCassettes(tenant)).get(key);
  }

  async put(entry: StoredCall, tenant: string): Promise<void> {
    if (!this.writeRoot) throw new Error("this cassette store is read-only");
    const path = join(this.writeRoot, this.prefix, tenant, `${entry.key}.json`);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, serializeStoredCall(entry));
    await rename(tmp, path);
    (await this.tenantCassettes(tenant)).set(entry.key, entry);
  }
}
