/**
 * Blob contents by git object id, kept in memory across snapshots. Blobs are content-addressed, so
 * a pull request's base and head (and every later push) share the files they have in common. The
 * least recently used blobs are dropped once the total passes `maxBytes`, and concurrent loads of
 * the same blob share one fetch. Cached buffers are shared: treat them as read-only.
 */

export interface BlobCacheOptions {
  /** Most bytes kept (default 64 MiB). A blob larger than this is returned but not kept. */
  maxBytes?: number;
}

/** Fetches the given blobs; must return every one of them (or throw). */
export type BlobFetcher = (shas: string[]) => Promise<Map<string, Buffer>>;

export class BlobCache {
  readonly maxBytes: number;
  /** Insertion order is recency order: the first key is the least recently used. */
  private readonly blobs = new Map<string, Buffer>();
  private readonly inflight = new Map<string, Promise<Buffer>>();
  private total = 0;

  constructor(options: BlobCacheOptions = {}) {
    const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    if (!Number.isFinite(maxBytes) || maxBytes < 0) {
      throw new RangeError(`BlobCache maxBytes must be a non-negative number of bytes, not ${maxBytes}.`);
    }
    this.maxBytes = maxBytes;
  }

  /** Bytes currently kept. */
  get bytes(): number {
    return this.total;
  }

  /** Blobs currently kept. */
  get size(): number {
    return this.blobs.size;
  }

  has(sha: string): boolean {
    return this.blobs.has(sha.toLowerCase());
  }

  /** The blob, marked as most recently used. */
  get(sha: string): Buffer | undefined {
    const key = sha.toLowerCase();
    const bytes = this.blobs.get(key);
    if (bytes) {
      this.blobs.delete(key);
      this.blobs.set(key, bytes);
    }
    return bytes;
  }

  set(sha: string, bytes: Buffer): void {
    const key = sha.toLowerCase();
    const old = this.blobs.get(key);
    if (old) {
      this.blobs.delete(key);
      this.total -= old.length;
    }
    if (bytes.length > this.maxBytes) return;
    this.blobs.set(key, bytes);
    this.total += bytes.length;
    for (const [k, b] of this.blobs) {
      if (this.total <= this.maxBytes) break;
      this.blobs.delete(k);
      this.total -= b.length;
    }
  }

  /**
   * Returns every requested blob: from the cache, from a fetch already in flight, or by calling
   * `fetchMissing` once with all the others (each requested once, however often it is listed).
   */
  async load(shas: readonly string[], fetchMissing: BlobFetcher): Promise<Map<string, Buffer>> {
    const out = new Map<string, Buffer>();
    const waits: Promise<void>[] = [];
    const missing: string[] = [];
    for (const sha of new Set(shas.map((s) => s.toLowerCase()))) {
      const hit = this.get(sha);
      if (hit) {
        out.set(sha, hit);
        continue;
      }
      const pending = this.inflight.get(sha);
      if (pending) waits.push(pending.then((bytes) => void out.set(sha, bytes)));
      else missing.push(sha);
    }
    if (missing.length > 0) {
      const batch = fetchMissing(missing);
      for (const sha of missing) {
        const one = batch.then((fetched) => {
          const bytes = fetched.get(sha);
          if (!bytes) throw new Error(`BlobCache: the fetcher did not return blob ${sha}.`);
          this.set(sha, bytes);
          return bytes;
        });
        this.inflight.set(sha, one);
        // Settled either way: stop sharing it (a failed fetch is retried by the next load).
        one.then(
          () => this.inflight.delete(sha),
          () => this.inflight.delete(sha),
        );
        waits.push(one.then((bytes) => void out.set(sha, bytes)));
      }
    }
    await Promise.all(waits);
    return out;
  }
}
