// core/async/memo-lru.ts
var MemoLru = class {
  entries = /* @__PURE__ */ new Map();
  capacity;
  constructor(capacity) {
    this.capacity = capacity;
  }
  get(key, compute) {
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
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value);
    return promise;
  }
  /** Stores a known value (e.g. one learned from a webhook). */
  set(key, value) {
    this.entries.delete(key);
    this.entries.set(key, Promise.resolve(value));
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value);
  }
  /** The value if present and settled successfully, without computing. */
  peek(key) {
    return this.entries.get(key);
  }
  get size() {
    return this.entries.size;
  }
};

export {
  MemoLru
};
