import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./helpers/cli.ts";
import { writeTree } from "./helpers/tree.ts";

describe("charter demo (what `npm start` runs)", () => {
  it("lints the example repository, then diffs the sample pull request and writes the HTML page", async () => {
    const cwd = writeTree({});
    const r = await cli(["demo"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/✔ \d+ files checked, no problems/);
    expect(r.stdout).toMatch(/tenant support — \d+ changes, risk critical/);
    expect(r.stdout).toMatch(
      /critical approval-removed {3}ticket-triage: approval gate refund-approval weakened/,
    );
    expect(r.stdout).toMatch(
      /high {5}eval-weakened {6}Eval suite review-invoice weakened: threshold 0.8 → 0.7/,
    );
    expect(existsSync(join(cwd, ".charter", "demo", "diff.html"))).toBe(true);
  });
});
