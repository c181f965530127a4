import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The installed Charter package's root, found by walking up from this module: works from the sources
 * (core/), from the bundle (dist/) and from node_modules/charter.
 */
export function packageRoot(from: string = import.meta.dirname): string {
  let dir = from;
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "charter") return dir;
      } catch {
        // not ours; keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
}

/** The example repository shipped with Charter. */
export function exampleRepository(): string {
  return join(packageRoot(), "examples", "acme");
}
