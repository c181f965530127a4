import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "./helpers/cli.ts";

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
}

describe("dist/", () => {
  it("is exactly what a fresh build produces (run `npm run build` and commit dist/)", () => {
    const out = mkdtempSync(join(tmpdir(), "charter-dist-"));
    execFileSync(process.execPath, [join(ROOT, "scripts", "build.mjs"), out]);
    const fresh = files(out);
    expect(files(join(ROOT, "dist"))).toEqual(fresh);
    for (const file of fresh) {
      const same = readFileSync(join(out, file)).equals(readFileSync(join(ROOT, "dist", file)));
      expect(same, `dist/${file} is stale`).toBe(true);
    }
  });

  it("is what action.yml runs, on node24", () => {
    const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8"));
    expect(action.runs).toEqual({ using: "node24", main: "dist/action.js" });
    expect(readdirSync(join(ROOT, "dist"))).toContain("action.js");
  });
});
