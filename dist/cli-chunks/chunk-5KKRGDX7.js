// core/package-root.ts
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
function packageRoot(from = import.meta.dirname) {
  let dir = from;
  for (; ; ) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if (JSON.parse(readFileSync(manifest, "utf8")).name === "charter") return dir;
      } catch {
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
}
function exampleRepository() {
  return join(packageRoot(), "examples", "acme");
}

export {
  packageRoot,
  exampleRepository
};
