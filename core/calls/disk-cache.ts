import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parseStoredCall, type ResponseStore, type StoredCall, serializeStoredCall } from "./stored-call.ts";

/**
 * The local, content-keyed response cache (`.charter/cache/calls/` by default): an unchanged case makes
 * no provider call. Entries are written atomically (temp file + rename), so a crash never leaves a
 * half-written entry that later reads would trust; an unreadable entry is simply a miss.
 */
export class DiskCache implements ResponseStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<StoredCall | undefined> {
    try {
      const entry = parseStoredCall(await readFile(this.path(key), "utf8"));
      return entry?.key === key ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  async put(entry: StoredCall): Promise<void> {
    const path = this.path(entry.key);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, serializeStoredCall(entry));
    await rename(tmp, path);
  }
}
