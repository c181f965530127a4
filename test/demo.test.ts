import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./helpers/cli.ts";
import { writeTree } from "./helpers/tree.ts";

describe("charter demo (what `npm start` runs)", () => {
  it("lints and evaluates the example on replay, then diffs and evaluates the sample pull request", async () => {
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
    expect(r.stdout).toMatch(/✔ 4 suites, 11\/11 cases passed, 0 errors, \$[\d.]+, 0 provider calls/);
    expect(r.stdout).toContain(
      "support/classify-ticket: pass rate 100% → 75%, 1 regressed, 0 fixed\n  regressed cannot-log-in @ fast",
    );
    expect(r.stdout).toMatch(
      /✖ the check would fail: support\/classify-ticket: pass rate 75.0% is below its threshold 90%/,
    );
    // Step 5: the approvals decision — the weakened approval gate needs the security team, finance a second approver.
    expect(r.stdout).toContain(
      "⏳ Waiting for approval — Waiting for approval: finance 1/2, platform escalation (approval-removed) 0/1",
    );
    expect(r.stdout).toContain(
      "✗ @pat-dev approved: opened the pull request; contributors cannot approve their own change",
    );
    expect(r.stdout).toContain("✅ support escalation (tool-write, budget-increased): 1/1");
    // The release-confidence verdict: the regression and the unapproved weakened gate block it.
    expect(r.stdout).toContain("release confidence: ✖ blocked");
    expect(r.stdout).toMatch(/blocker {3}eval-regression {6}tenants\/support\/evals\/classify-ticket\.yml/);
    expect(r.stdout).toMatch(/blocker {3}security-unapproved {2}.*approval gate refund-approval weakened/);
    // Steps 6 and 7: every workflow of examples/acme published, signed, to an on-disk registry; one verified back.
    expect(r.stdout).toContain("5 to publish, 0 to complete, 0 unchanged, 0 refused");
    expect(r.stdout).toMatch(
      /↑ support\/ticket-triage \d+\.\d+\.\d+ {2}published {2}first release\n {6}sha256:[0-9a-f]{64} {2}sequence 1 {2}channels staging {2}tag charter\/support\/ticket-triage\/v/,
    );
    expect(r.stdout).toMatch(/✓ support\/ticket-triage \d+\.\d+\.\d+ verified/);
    expect(
      existsSync(join(cwd, ".charter", "demo", "registry", "support", "ticket-triage", "index.json")),
    ).toBe(true);
    // Steps 8 and 9: the runner refuses the unapproved release, runs it in development mode, explains it.
    expect(r.stdout).toMatch(
      /✗ refused \(unapproved\): support\/article-digest 1\.0\.0 was released from [0-9a-f]{12} without a pull request/,
    );
    expect(r.stdout).toMatch(/✓ run run_\w+: succeeded/);
    expect(r.stdout).toContain("called util.word_count");
    expect(r.stdout).toMatch(
      /summarize \(llm\) — succeeded.*\n {2}model gpt-4o-mini via route by-size, prompt summarize-article@1\.0\.0/,
    );
    expect(readFileSync(join(cwd, ".charter", "demo", "run.md"), "utf8")).toContain(
      "```mermaid\nflowchart TD",
    );
  });
});
