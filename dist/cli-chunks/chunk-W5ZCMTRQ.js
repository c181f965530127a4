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
  MemorySource
};
