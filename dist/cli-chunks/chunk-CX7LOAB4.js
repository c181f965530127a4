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

// core/source/memory-source.ts
var MemorySource = class {
  label;
  files;
  constructor(files, label = "(memory)") {
    this.label = label;
    this.files = new Map(
      Object.entries(files).map(([p, c]) => [p, typeof c === "string" ? Buffer.from(c) : Buffer.from(c)])
    );
  }
  async list() {
    return [...this.files.entries()].map(([path, bytes]) => ({ path, size: bytes.length, kind: "file" })).sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  }
  async readMany(paths) {
    const out = /* @__PURE__ */ new Map();
    for (const p of paths) {
      const b = this.files.get(p);
      if (b) out.set(p, b);
    }
    return out;
  }
};

export {
  MemoLru,
  MemorySource
};
