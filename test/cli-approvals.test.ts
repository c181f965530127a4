import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FINANCE_TENANT, people, policyTree, SUPPORT_TENANT } from "./helpers/approvals.ts";
import { scenario } from "./helpers/approvals-scenario.ts";
import { cli } from "./helpers/cli.ts";
import { writeTree } from "./helpers/tree.ts";

const env = { GITHUB_TOKEN: "ghp_test" };

describe("charter approvals (CLI)", () => {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("prints the decision for a pull request read from GitHub, and exits 1 while it waits", async () => {
    const s = scenario();
    s.github.intercept();
    const r = await cli(["approvals", "--pr", "7", "--repo", "acme/ai"], { env });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("⏳ Waiting for approval — Waiting for approval: support 0/1");
    expect(r.stdout).toContain(
      "missing: 1 more from user:alice-support, user:sam-support, team:acme/support-leads",
    );
    // Read-only: it never writes a check run or asks for reviews.
    expect(s.github.requests((q) => q.method !== "GET" && q.path !== "/graphql")).toEqual([]);
  });

  it("exits 0 once approved, and prints the check summary as Markdown or JSON", async () => {
    const s = scenario();
    s.github.review(7, people.alice, "APPROVED");
    s.github.intercept();
    const md = await cli(["approvals", "--pr", "7", "--repo", "acme/ai", "--format", "markdown"], { env });
    expect(md.code).toBe(0);
    expect(md.stdout).toContain("| ✅ | support | 1 | @alice-support | — |");
    const json = await cli(["approvals", "--pr", "7", "--repo", "acme/ai", "--format", "json"], { env });
    expect(JSON.parse(json.stdout)).toMatchObject({ conclusion: "approved", title: "Approved: support 1/1" });
  });

  it("records a pull request and replays it offline, under its own policy or a proposed one", async () => {
    const s = scenario();
    s.github.review(7, people.mallory, "APPROVED");
    s.github.intercept();
    const dir = writeTree({});
    const live = await cli(["approvals", "--pr", "7", "--repo", "acme/ai", "--record", "pr7.json"], {
      env,
      cwd: dir,
    });
    expect(live.code).toBe(1);
    expect(live.stderr).toContain("Recorded acme/ai#7 to pr7.json");
    nock.cleanAll(); // offline from here on
    const recording = JSON.parse(readFileSync(join(dir, "pr7.json"), "utf8"));
    expect(recording.format).toBe("charter-approvals-recording/v1");
    expect(Object.keys(recording.policy.files).sort()).toEqual([
      "charter.yml",
      "tenants/finance/tenant.yml",
      "tenants/support/tenant.yml",
    ]);
    const replay = await cli(["approvals", "--simulate", "pr7.json"], { cwd: dir });
    expect(replay.stdout).toBe(live.stdout);
    // A proposed policy that makes mallory a support approver.
    const proposed = writeTree(
      policyTree({
        "tenants/support/tenant.yml": SUPPORT_TENANT.replace(
          "- user:sam-support",
          "- { user: mallory, id: 6666 }",
        ),
        "tenants/finance/tenant.yml": FINANCE_TENANT,
      }),
    );
    const what = await cli(["approvals", "--simulate", "pr7.json", "--policy", proposed], { cwd: dir });
    expect(what.code).toBe(0);
    expect(what.stdout).toContain("✅ Approved — Approved: support 1/1");
  });

  it.each([
    [["approvals"], /Give either --pr N .* or --simulate FILE/],
    [["approvals", "--pr", "7", "--simulate", "x.json"], /Give either --pr N/],
    [["approvals", "--pr", "seven", "--repo", "acme/ai"], /--pr must be a pull request number; got "seven"/],
    [["approvals", "--pr", "7", "--repo", "not a repo"], /--repo must be OWNER\/NAME; got "not a repo"/],
    [["approvals", "--pr", "7", "--policy", "dir"], /--policy DIR applies to --simulate/],
    [["approvals", "--simulate", "missing.json"], /Cannot read missing.json: no such file/],
  ])("reports usage errors clearly: %j", async (args, message) => {
    const r = await cli(args, { env, cwd: writeTree({}) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("says where the token goes when there is none", async () => {
    const r = await cli(["approvals", "--pr", "7", "--repo", "acme/ai"], { env: {} });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs a GitHub token in GITHUB_TOKEN or GH_TOKEN/);
  });

  it("refuses a recording that was tampered with, saying what is wrong", async () => {
    const dir = writeTree({});
    writeFileSync(
      join(dir, "bad.json"),
      JSON.stringify({ format: "charter-approvals-recording/v1", facts: {} }),
    );
    const r = await cli(["approvals", "--simulate", "bad.json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad.json is not an approvals recording: facts\.repository: /);
    writeFileSync(join(dir, "notjson.json"), "{");
    expect((await cli(["approvals", "--simulate", "notjson.json"], { cwd: dir })).stderr).toMatch(
      /notjson.json is not JSON/,
    );
  });

  it("reports GitHub API errors without a stack trace", async () => {
    const s = scenario();
    s.github.fail(502, (_m, path) => path === "/graphql", 10);
    s.github.intercept();
    const r = await cli(["approvals", "--pr", "7", "--repo", "acme/ai"], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^charter: GitHub API error while reading pull request acme\/ai#7/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });
});
