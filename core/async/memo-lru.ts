/**
 * A bounded memo of async results: concurrent callers of one key share one computation, the least
 * recently used entries are dropped beyond `capacity`, and a failed computation is forgotten so the
 * next caller tries again.
 */
export class MemoLru<K, V> {
  private readonly entries = new Map<K, Promise<V>>();
  readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get(key: K, compute: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const promise = compute();
    this.entries.set(key, promise);
    promise.catch(() => {
      if (this.entries.get(key) === promise) this.entries.delete(key);
    });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
    return promise;
  }

  /** Stores a known value (e.g. one learned from a webhook). */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, Promise.resolve(value));
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
  }

  /** The value if present and settled successfully, without computing. */
  peek(key: K): Promise<V> | undefined {
    return this.entries.get(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
