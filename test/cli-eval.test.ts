import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { samplePullRequest } from "../cli/demo/sample-pull-request.ts";
import { cli } from "./helpers/cli.ts";
import { writeTree } from "./helpers/tree.ts";

describe("charter eval (CLI, on the example's cassettes)", () => {
  it("runs every suite of examples/acme on replay: no key, no network, exit 0", async () => {
    const r = await cli(["eval", "examples/acme", "--replay", "--no-cache"], { env: {} });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✔ {2}support\/classify-ticket +100% \(≥ 90\.0%\) +4\/4/);
    expect(r.stdout).toMatch(/✔ 4 suites, 11\/11 cases passed, 0 errors, \$[\d.]+, 0 provider calls/);
  });

  it("writes JSON and JUnit artifacts and selects suites", async () => {
    const out = writeTree({});
    const r = await cli([
      "eval",
      "examples/acme",
      "--replay",
      "--no-cache",
      "--suite",
      "support/classify-ticket",
      "--json",
      join(out, "r.json"),
      "--junit",
      join(out, "r.xml"),
      "--format",
      "json",
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.suites.map((s: { name: string }) => s.name)).toEqual(["classify-ticket"]);
    expect(json.suites[0].cases[0]).toMatchObject({
      key: "support/classify-ticket/double-charge@fast",
      pass: true,
      runs: [{ cached: true, output: { category: "billing" } }],
    });
    expect(JSON.parse(readFileSync(join(out, "r.json"), "utf8"))).toEqual(json);
    expect(readFileSync(join(out, "r.xml"), "utf8")).toContain(
      '<testsuite name="support/classify-ticket" tests="4" failures="0" errors="0"',
    );
  });

  it("reports routes without recordings as per-case errors, not a crash", async () => {
    const r = await cli([
      "eval",
      "examples/acme",
      "--replay",
      "--no-cache",
      "--suite",
      "classify-ticket",
      "--compare",
      "fast,careful",
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/support\/classify-ticket\n {2}route +pass rate/);
    expect(r.stdout).toMatch(/ {2}fast +100% +1\.00 +0 /);
    expect(r.stdout).toMatch(/ {2}careful +0% +0\.00 +4 .* — +—\n/);
    expect(r.stdout).toMatch(
      /careful: 4 of 4 case\(s\) errored, e\.g\. route "careful" failed on every target .*replay_miss.*charter eval --record/,
    );
  });

  it("compares base and head of the sample pull request on replay and fails on the regression", async () => {
    const pr = await samplePullRequest();
    const r = await cli(["eval", ".", "--base", pr.base, "--ref", pr.head, "--replay", "--no-cache"], {
      cwd: pr.dir,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("regressed support/classify-ticket › cannot-log-in @ fast");
    const md = await cli(
      ["eval", ".", "--base", pr.base, "--ref", pr.head, "--replay", "--no-cache", "--format", "markdown"],
      { cwd: pr.dir },
    );
    expect(md.stdout).toContain(
      "❌ 1 regression, 0 fixes · 3 suites affected, 1 unaffected (not run) · 0 provider calls",
    );
    const lenient = await cli(
      [
        "eval",
        ".",
        "--base",
        pr.base,
        "--ref",
        pr.head,
        "--replay",
        "--no-cache",
        "--suite",
        "ticket-triage-e2e",
        "--no-fail-on-regression",
      ],
      { cwd: pr.dir },
    );
    expect(lenient.code).toBe(0);
  });

  it.each([
    [["eval", "examples/acme", "--record", "--replay"], /Choose one of --record, --replay and --live/],
    [
      ["eval", "examples/acme", "--compare", "fast", "--base", "HEAD"],
      /--compare and --base cannot be combined/,
    ],
    [
      ["eval", "examples/acme", "--suite", "nope"],
      /No eval suite matches nope\. Suites: finance\/review-invoice, support\/article-digest-e2e, support\/classify-ticket/,
    ],
    [
      ["eval", "examples/acme", "--format", "markdown", "--replay"],
      /--format markdown is the pull request comment: it needs --base REF/,
    ],
    [["eval", "examples/acme", "--concurrency", "0"], /--concurrency must be a whole number from 1 to 256/],
    [["eval", "examples/acme", "--compare", "model:nope"], /model "nope" is not declared in models.yml/],
  ])("exits 2 on %j", async (args, message) => {
    const r = await cli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
