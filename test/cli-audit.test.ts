/**
 * `charter audit` and `charter explain --provenance` through the CLI: formats, filters, output files,
 * bad input and exit codes (0 no findings, 1 findings, 2 usage), on real repositories.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditJsonSchema } from "../core/audit/schema.ts";
import { verifyRelease } from "../core/publish/verify-release.ts";
import { openRegistry } from "../core/registry/open.ts";
import { loadTrustedKeys } from "../core/signing/keys.ts";
import { RunStore } from "../runner/store.ts";
import { API, type AuditScenario, buildAuditScenario, OWNER, REPO } from "./helpers/audit-scenario.ts";
import { cli, ROOT } from "./helpers/cli.ts";
import { git, writeTree } from "./helpers/tree.ts";

let full: AuditScenario;
let clean: AuditScenario;

const HOSTILE_SUBJECT = "<script>alert(1)</script> | **bold** [x](javascript:alert(1))";
const HOSTILE_NAME = '=HYPERLINK("http://evil.example")';

beforeAll(async () => {
  nock.disableNetConnect();
  full = await buildAuditScenario();
  clean = await buildAuditScenario({ clean: true });
}, 240_000);
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const run = (s: AuditScenario, ...args: string[]) =>
  cli(["audit", s.dir, "--registry", s.registryDir, ...args], { env: {} });

describe("charter audit", () => {
  it("exits 0 on a clean history and 1 with findings; Markdown by default; says it ran offline", async () => {
    const ok = await run(clean);
    expect(ok.stderr).toContain("No GITHUB_TOKEN: audited offline");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^# Charter audit — main @ `[0-9a-f]{12}`/);
    expect(ok.stdout).toContain("0 finding(s); 3 release(s); 2 governed change(s)");
    expect(ok.stdout).toMatch(/## Findings\n\nNone\./);

    const bad = await run(full);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("| `direct-push` |");
    expect(bad.stdout).toContain("| `tag-tampered` | support/triage@1.7.0 |");
    expect(bad.stdout).toContain("**admin-merge**");
  });

  it("--format json is a report that validates against the committed JSON Schema", async () => {
    const r = await run(full, "--format", "json");
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const committed = readFileSync(join(ROOT, "docs", "audit-report.schema.json"), "utf8");
    expect(committed).toBe(auditJsonSchema());
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(committed) as object);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...report, unexpected: 1 })).toBe(false);
    expect(report.summary.kinds).toMatchObject({ "direct-push": 1, "admin-merge": 1, "tag-tampered": 1 });
  });

  it("-o writes the report whole and prints the summary; csv and html", async () => {
    const out = writeTree({});
    const csv = await run(full, "--format", "csv", "-o", join(out, "audit.csv"));
    expect(csv.code).toBe(1);
    expect(csv.stdout).toMatch(
      /10 finding\(s\); 9 release\(s\)[\s\S]*Findings: .*direct-push ×1[\s\S]*Wrote csv to .*audit\.csv/,
    );
    const lines = readFileSync(join(out, "audit.csv"), "utf8").trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "record,name,version,commit,date,pull_request,proposer,merger,approvers,counted,required,classification,signature,manifest_digest,bundle_digest,channels,tag,eval,findings,reason",
    );
    expect(lines.filter((l) => l.startsWith("finding,"))).toHaveLength(10);
    expect(lines.filter((l) => l.startsWith("release,"))).toHaveLength(9);
    expect(lines.filter((l) => l.startsWith("change,"))).toHaveLength(9);

    const html = await run(full, "--format", "html", "-o", join(out, "audit.html"));
    expect(html.code).toBe(1);
    const page = readFileSync(join(out, "audit.html"), "utf8");
    expect(page).toMatch(/^<!doctype html>/);
    // Each release's DAG: the workflow's flowchart, rendered by the inlined Mermaid.
    expect(page.match(/<pre class="mermaid" id="dag-\d+">/g)).toHaveLength(9);
    expect(page).not.toMatch(/<script src=|<link /);
  });

  it("escapes hostile commit messages and names in every format", async () => {
    const dir = writeTree({});
    git(dir, "clone", "-q", clean.dir, ".");
    writeFileSync(
      join(dir, "tenants/support/routes.yml"),
      `${readFileSync(join(dir, "tenants/support/routes.yml"), "utf8")}# x\n`,
    );
    const env = { ...process.env, GIT_COMMITTER_NAME: HOSTILE_NAME, GIT_AUTHOR_NAME: HOSTILE_NAME };
    const { execFileSync } = await import("node:child_process");
    execFileSync("git", ["commit", "-qam", HOSTILE_SUBJECT], { cwd: dir, env });
    git(dir, "fetch", "-q", "--tags", clean.dir);
    const audit = (...a: string[]) =>
      cli(["audit", dir, "--ref", "HEAD", "--registry", clean.registryDir, ...a], { env: {} });

    const md = await audit();
    expect(md.code).toBe(1);
    expect(md.stdout).toContain(
      "&lt;script&gt;alert(1)&lt;/script&gt; &#124; \\*\\*bold\\*\\* \\[x\\](javascript:alert(1))",
    );
    expect(md.stdout).not.toContain("<script>");

    const csv = await audit("--format", "csv");
    const row = csv.stdout.split("\r\n").find((l) => l.startsWith("change,") && l.includes("direct-push"))!;
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"")`);

    const html = await audit("--format", "html");
    const body = html.stdout.slice(0, html.stdout.indexOf("<script>"));
    expect(body).not.toContain("<script>alert");
    expect(body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("filters by --since, --tenant and --workflow", async () => {
    const future = await run(full, "--since", "2099-01-01", "--format", "json");
    expect(future.code).toBe(0);
    expect(JSON.parse(future.stdout).summary).toMatchObject({ releases: 0, governedChanges: 0, findings: 0 });
    const helper = await run(full, "--workflow", "support/helper", "--format", "json");
    const report = JSON.parse(helper.stdout);
    expect(report.releases.map((r: { version: string }) => r.version)).toEqual(["1.0.0"]);
    expect(report.scope).toEqual({ since: null, tenant: null, workflow: "support/helper" });
    const since = await run(full, "--since", "2026-03-01T00:00:00Z", "--format", "json");
    expect(JSON.parse(since.stdout).scope.since).toBe("2026-03-01T00:00:00.000Z");
  });

  it("asks GitHub with GITHUB_TOKEN, and fails clearly when GitHub refuses", async () => {
    nock(API)
      .get(`/repos/${OWNER}/${REPO}/commits/${full.c.m1}/pulls`)
      .query(true)
      .reply(401, { message: "Bad credentials" });
    nock(API).get(/.*/).query(true).times(20).reply(200, []);
    const r = await cli(["audit", full.dir, "--registry", full.registryDir, "--repo", `${OWNER}/${REPO}`], {
      env: { GITHUB_TOKEN: "t" },
    });
    nock.cleanAll();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/charter: Cannot read the pull requests of [0-9a-f]{12} from GitHub: HTTP 401/);
    expect(r.stdout).toBe("");
  });

  it("refuses bad input with a clear message and exit 2, writing nothing", async () => {
    const cases: [string[], RegExp][] = [
      [["--since", "last week"], /--since must be a date \(YYYY-MM-DD/],
      [["--since", "2026-13-45"], /--since must be a date/],
      [["--workflow", "a/b/c"], /--workflow must be WORKFLOW or TENANT\/WORKFLOW/],
      [["--tenant", "Bad Name"], /--tenant must be a tenant name/],
      [["--tenant", "support", "--workflow", "other/x"], /--workflow other\/x is not in --tenant support/],
      [["--ref", "no-such-branch"], /Unknown git ref "no-such-branch"/],
      [["--ref", "--upload-pack=x"], /not a valid git ref/],
    ];
    for (const [args, message] of cases) {
      const r = await run(full, ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(message);
      expect(r.stdout).toBe("");
    }
    const format = await run(full, "--format", "xml");
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/argument 'xml' is invalid/);
    const notGit = await cli(["audit", writeTree({ "charter.yml": "x" })], { env: {} });
    expect(notGit.code).toBe(2);
    expect(notGit.stderr).toMatch(/is not inside a git repository/);
    const missing = await cli(["audit", "/no/such/dir"], { env: {} });
    expect(missing.stderr).toMatch(/does not exist/);
    const noCharter = writeTree({ "README.md": "x" });
    git(noCharter, "init", "-q", "-b", "main");
    git(noCharter, "add", "-A");
    git(noCharter, "commit", "-qm", "x");
    const none = await cli(["audit", noCharter], { env: {} });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/has no valid charter\.yml at main/);
    const shallow = writeTree({});
    git(shallow, "clone", "-q", "--depth", "1", `file://${clean.dir}`, ".");
    const r = await cli(["audit", shallow], { env: {} });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /is a shallow clone: the audit needs the whole history\. Fetch it \(git fetch --unshallow/,
    );
    const out = writeTree({});
    const unwritable = await run(clean, "-o", join(out, "missing-dir", "a.md"));
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/Cannot write/);
  });
});

describe("charter explain RUN --provenance", () => {
  it("links a run to its release, digest, merge commit, pull request, approvers and evaluation", async () => {
    const registry = openRegistry(clean.registryDir);
    const v = await verifyRelease(registry, "support/triage", "1.1.0", {
      trustedKeys: loadTrustedKeys([clean.keys.a.pub]),
    });
    if (!v.ok) throw new Error(v.reasons.join("; "));
    const state = writeTree({});
    const store = new RunStore(join(state, "runner.db"));
    store.createRun({
      id: "run_provenance",
      tenant: "support",
      workflow: "triage",
      version: "1.1.0",
      repository: "support/triage",
      registry: registry.location,
      manifestDigest: v.release.manifestDigest,
      bundleDigest: v.release.bundleDigest,
      inputs: {},
      inputsHash: `sha256:${"0".repeat(64)}`,
      status: "succeeded",
      costUsd: 0,
      startedAt: Date.parse("2026-03-01T00:00:00Z"),
      provenance: { ref: "staging", signers: v.signers, approvedBy: ["alice"], governance: v.governance },
    });
    store.close();

    const text = await cli(["explain", "run_provenance", "--provenance", "--state", state]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("Provenance of run run_provenance");
    expect(text.stdout).toContain(
      `  release    support/triage@1.1.0 — support/triage@${v.release.manifestDigest}`,
    );
    expect(text.stdout).toContain("(asked for staging)");
    expect(text.stdout).toContain(
      `  merge      ${clean.c.m1} of https://github.com/acme/workflows (refs/heads/main)`,
    );
    expect(text.stdout).toMatch(
      /pull req\. +#1 https:\/\/github.com\/acme\/workflows\/pull\/1 by dev, merged by lead/,
    );
    expect(text.stdout).toContain(
      `approved head ${clean.c.h1.slice(0, 12)} (governed files equal to the merge)`,
    );
    expect(text.stdout).toMatch(/approvers +alice \(id 21, user:alice\)/);
    expect(text.stdout).toMatch(/eval +success on [0-9a-f]{12}: support\/classify 100% of 1 case\(s\)/);

    const json = JSON.parse(
      (await cli(["explain", "run_provenance", "--provenance", "--state", state, "--format", "json"])).stdout,
    );
    expect(json).toMatchObject({
      release: "support/triage@1.1.0",
      manifestDigest: v.release.manifestDigest,
      source: { commit: clean.c.m1 },
      pullRequest: { number: 1, author: { login: "dev" }, headSha: clean.c.h1 },
      approvers: [{ login: "alice", id: 21, via: "user:alice" }],
      eval: { conclusion: "success", passed: true },
    });

    // A record repeating a counted approval: the reviewer is one approver, as admission counts them.
    const governance = v.governance;
    const repeated = { ...governance, approvals: [...governance.approvals, ...governance.approvals] };
    const store1 = new RunStore(join(state, "runner.db"));
    store1.createRun({
      id: "run_repeated",
      tenant: "support",
      workflow: "triage",
      version: "1.1.0",
      repository: "support/triage",
      registry: registry.location,
      manifestDigest: v.release.manifestDigest,
      bundleDigest: v.release.bundleDigest,
      inputs: {},
      inputsHash: `sha256:${"0".repeat(64)}`,
      status: "succeeded",
      costUsd: 0,
      startedAt: 0,
      provenance: { governance: repeated },
    });
    store1.close();
    const twice = JSON.parse(
      (await cli(["explain", "run_repeated", "--provenance", "--state", state, "--format", "json"])).stdout,
    );
    expect(twice.approvers).toEqual([{ login: "alice", id: 21, via: "user:alice", commit: clean.c.h1 }]);
    expect(twice.notCounted).toEqual([]);

    const store2 = new RunStore(join(state, "runner.db"));
    store2.createRun({
      id: "run_broken",
      tenant: "support",
      workflow: "triage",
      version: "1.1.0",
      repository: "support/triage",
      registry: registry.location,
      manifestDigest: v.release.manifestDigest,
      bundleDigest: v.release.bundleDigest,
      inputs: {},
      inputsHash: `sha256:${"0".repeat(64)}`,
      status: "succeeded",
      costUsd: 0,
      startedAt: 0,
      provenance: { governance: { sequence: "x" } },
    });
    store2.close();
    const broken = await cli(["explain", "run_broken", "--provenance", "--state", state]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/Run run_broken carries no readable governance record: invalid predicate/);
  });
});
