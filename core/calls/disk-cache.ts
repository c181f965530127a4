/**
 * The local, content-keyed response cache (`.charter/cache/calls/` by default): an unchanged case makes
 * no provider call.
 *
 * Storage is append-only logs: each process appends one JSON line per entry to its own log file
 * through one open stream, and reads every log once when first used. Measured on the eval benchmark,
 * a file per entry (open, write, close, rename) cost about 1 ms of main-thread time per call; a line
 * appended to an open stream costs a few microseconds. A line cut short by a crash does not parse and
 * is ignored (a miss), so a crash never produces a wrong hit. Logs are merged into one when they
 * accumulate.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ResponseStore, StoredCall } from "./stored-call.ts";

/** Merge logs when there are more than this many (each run of a process adds one). */
const MERGE_ABOVE = 16;

/** Open log streams, flushed and closed once when the process ends normally. */
const open = new Set<WriteStream>();
let exitHook = false;
function track(stream: WriteStream): void {
  open.add(stream);
  stream.once("close", () => open.delete(stream));
  if (!exitHook) {
    exitHook = true;
    process.once("beforeExit", () => {
      for (const s of open) s.end();
    });
  }
}

function parseLine(line: string): StoredCall | undefined {
  try {
    const entry = JSON.parse(line) as StoredCall;
    return typeof entry?.key === "string" && typeof entry.response?.text === "string" ? entry : undefined;
  } catch {
    return undefined;
  }
}

export class DiskCache implements ResponseStore {
  readonly dir: string;
  private entries?: Promise<Map<string, StoredCall>>;
  private stream?: WriteStream;
  private readonly logName =
    `log-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}.jsonl`;

  constructor(dir: string) {
    this.dir = dir;
  }

  private load(): Promise<Map<string, StoredCall>> {
    this.entries ??= (async () => {
      const map = new Map<string, StoredCall>();
      const logs = (await readdir(this.dir).catch(() => [] as string[]))
        .filter((f) => f.endsWith(".jsonl"))
        .sort();
      for (const log of logs) {
        const text = await readFile(join(this.dir, log), "utf8").catch(() => "");
        for (const line of text.split("\n")) {
          const entry = line ? parseLine(line) : undefined;
          if (entry) map.set(entry.key, entry);
        }
      }
      if (logs.length > MERGE_ABOVE) await this.merge(logs, map);
      return map;
    })();
    return this.entries;
  }

  /** Rewrites many logs as one: the merged file appears atomically (rename), then the old logs go. */
  private async merge(logs: string[], map: Map<string, StoredCall>): Promise<void> {
    // Logs still being written by another process are left alone.
    const idle: string[] = [];
    for (const log of logs) {
      const s = await stat(join(this.dir, log)).catch(() => undefined);
      if (s && Date.now() - s.mtimeMs > 60_000) idle.push(log);
    }
    if (idle.length < 2) return;
    const merged = `log-merged-${Date.now().toString(36)}.jsonl`;
    const tmp = join(this.dir, `${merged}.tmp`);
    await writeFile(tmp, [...map.values()].map((e) => `${JSON.stringify(e)}\n`).join(""));
    await rename(tmp, join(this.dir, merged));
    await Promise.all(idle.map((log) => unlink(join(this.dir, log)).catch(() => {})));
  }

  async get(key: string): Promise<StoredCall | undefined> {
    return (await this.load()).get(key);
  }

  async put(entry: StoredCall): Promise<void> {
    const map = await this.load();
    map.set(entry.key, entry);
    if (!this.stream) {
      await mkdir(this.dir, { recursive: true });
      this.stream = createWriteStream(join(this.dir, this.logName), { flags: "a" });
      // A crash loses at most the unflushed tail; a normal exit flushes (see `track`).
      track(this.stream);
    }
    this.stream.write(`${JSON.stringify(entry)}\n`);
  }

  /** Waits until everything written so far is on disk. */
  async flush(): Promise<void> {
    const s = this.stream;
    if (!s) return;
    this.stream = undefined;
    await new Promise<void>((resolve, reject) =>
      s.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
}
