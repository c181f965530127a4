/**
 * The audit on real git repositories and a real (on-disk OCI) registry, built by publishing through
 * `publishProject` with GitHub's answers served by nock (see test/helpers/audit-scenario.ts): every
 * change and every release must be classified as what happened to it.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  API,
  AUDIT_CHARTER,
  AUDIT_TENANT,
  type AuditScenario,
  buildAuditScenario,
  mockMerge,
  OWNER,
  REPO,
  triageAt,
  WHO,
} from "../../test/helpers/audit-scenario.ts";
import { git } from "../../test/helpers/tree.ts";
import { approvalPolicy } from "../approvals/policy.ts";
import { createGitHubClient } from "../github/client.ts";
import { loadRepo } from "../model/load.ts";
import { publishProject } from "../publish/project.ts";
import { attachedAttestations, pushAttestations } from "../publish/release-store.ts";
import { openRegistry } from "../registry/open.ts";
import { fallbackTag, INDEX_MEDIA_TYPE, MANIFEST_MEDIA_TYPE, type Registry } from "../registry/types.ts";
import { loadSigningKey } from "../signing/keys.ts";
import { keySigner } from "../signing/sign.ts";
import { buildStatement, GOVERNANCE_PREDICATE_V1, parseStatement } from "../signing/statement.ts";
import { MemorySource } from "../source/memory-source.ts";
import { type AuditOptions, auditRepository } from "./audit.ts";
import { classifyChange } from "./changes.ts";
import { parseLog } from "./git-read.ts";
import { readOnce } from "./read-once.ts";
import { tagTrailers } from "./releases.ts";
import { csvCell } from "./render.ts";
import type { AuditReport } from "./schema.ts";

let s: AuditScenario;
let report: AuditReport;

const audit = (extra: Partial<AuditOptions> = {}, scenario = s) =>
  auditRepository({ dir: scenario.dir, registry: scenario.registryDir, env: {}, ...extra }).then(
    (r) => r.report,
  );
const change = (r: AuditReport, sha: string) => r.changes.find((c) => c.commit === sha)!;
const release = (r: AuditReport, name: string) => r.releases.find((x) => `${x.name}@${x.version}` === name)!;
const kinds = (r: AuditReport) =>
  r.findings.map((f) => `${f.kind} ${f.release ?? f.commit?.slice(0, 12)}`).sort();

/** A copy of the scenario (repository and registry) a test may damage. */
function copy(): AuditScenario {
  const root = mkdtempSync(join(tmpdir(), "charter-audit-copy-"));
  cpSync(s.dir, join(root, "repo"), { recursive: true });
  cpSync(s.registryDir, join(root, "registry"), { recursive: true });
  return { ...s, dir: join(root, "repo"), registryDir: join(root, "registry") };
}

beforeAll(async () => {
  nock.disableNetConnect();
  s = await buildAuditScenario();
  report = await audit();
}, 180_000);
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});
afterEach(() => nock.cleanAll());

describe("charter audit: governed changes", () => {
  it("classifies every change on the default branch by how it got there", () => {
    const c = s.c;
    const got = Object.fromEntries(report.changes.map((x) => [x.commit, x.classification]));
    expect(got).toEqual({
      [c.c0]: "bootstrap",
      [c.m1]: "no-evidence", // its release was re-signed by an untrusted key: the record is no evidence
      [c.d1]: "direct-push",
      [c.m2]: "admin-merge",
      [c.m3]: "stale-approval",
      [c.m4]: "governed",
      // Its release is signed by key B, which m5 itself made trusted: a commit cannot vouch for itself.
      [c.m5]: "no-evidence",
      [c.m6]: "no-evidence", // charter.yml only: nothing was released, so offline nothing records the PR
      [c.m7]: "governed",
    });
    expect(report.changes.map((x) => x.commit)).toEqual([
      c.m7,
      c.m6,
      c.m5,
      c.m4,
      c.m3,
      c.m2,
      c.d1,
      c.m1,
      c.c0,
    ]);
    // Branch commits of merged pull requests are not first-parent changes.
    expect(got[c.h1]).toBeUndefined();
  });

  it("says why, with the requirements judged against the policy at the first parent", () => {
    const admin = change(report, s.c.m2);
    expect(admin.pullRequest).toMatchObject({
      number: 2,
      author: WHO.dev,
      merger: WHO.lead,
      headSha: s.c.h2,
    });
    expect(admin.requirements).toEqual([
      expect.objectContaining({ id: "tenant:support", required: 1, approvedBy: [], status: "unmet" }),
    ]);
    expect(admin.reason).toMatch(/#2 by dev, merged by lead was merged without the required approvals/);

    const stale = change(report, s.c.m3);
    expect(stale.approvals).toEqual([
      expect.objectContaining({ reviewer: WHO.alice, commit: s.c.h3a, onMergedHead: false, entitled: true }),
    ]);
    expect(stale.reason).toMatch(/alice approved an earlier commit/);

    const rotation = change(report, s.c.m5);
    expect(rotation.paths).toEqual(expect.arrayContaining(["charter.yml", "keys/b.pub"]));
    expect(rotation).toMatchObject({ evidence: "none", pullRequest: null, requirements: [] });
    expect(rotation.reason).toMatch(
      /support\/triage@1\.6\.0 records a pull request, but its record verifies only under the trust this commit itself declares/,
    );
    const team = change(report, s.c.m4);
    expect(team.approvals[0]).toMatchObject({ reviewer: WHO.bob, entitled: true, basis: "attestation" });

    expect(change(report, s.c.d1).reason).toMatch(/committed straight to main by Dev <dev@example.com>/);
    expect(change(report, s.c.m6)).toMatchObject({
      evidence: "none",
      claimedPullRequest: 6,
      pullRequest: null,
    });
    // README.md is not governed: the root commit lists only governed files.
    expect(change(report, s.c.c0).paths).not.toContain("README.md");
  });

  it("with a GitHub token, asks GitHub about changes no record explains and reads the approver teams", async () => {
    const github = { client: await createGitHubClient("t", { env: {} }), owner: OWNER, repo: REPO };
    const scopes = [
      mockMerge(
        { number: 1, merge: s.c.m1, head: s.c.h1, base: s.c.c0, reviews: [[WHO.alice, "APPROVED", s.c.h1]] },
        { forPublish: false },
      ),
      nock(API).get(`/repos/${OWNER}/${REPO}/commits/${s.c.d1}/pulls`).query(true).reply(200, []),
      mockMerge(
        {
          number: 5,
          merge: s.c.m5,
          head: s.c.h5,
          base: s.c.m4,
          reviews: [
            [WHO.alice, "APPROVED", s.c.h5],
            [WHO.gwen, "APPROVED", s.c.h5],
          ],
        },
        { forPublish: false },
      ),
      mockMerge(
        { number: 6, merge: s.c.m6, head: s.c.h6, base: s.c.m5, reviews: [[WHO.gwen, "APPROVED", s.c.h6]] },
        { forPublish: false },
      ),
      nock(API)
        .get("/orgs/acme/teams/support/members")
        .query(true)
        .reply(200, [{ ...WHO.bob, type: "User" }]),
    ];
    const r = await audit({ github });
    for (const scope of scopes) scope.done();
    expect(r.github).toEqual({ used: true, repository: `${OWNER}/${REPO}` });
    expect(change(r, s.c.m1)).toMatchObject({ classification: "governed", evidence: "github" });
    expect(change(r, s.c.m6)).toMatchObject({ classification: "governed", evidence: "github" });
    // The key rotation, which its own release cannot vouch for, is confirmed by GitHub.
    const rotation = change(r, s.c.m5);
    expect(rotation).toMatchObject({ classification: "governed", evidence: "github" });
    expect(rotation.requirements.map((x) => [x.id, x.status, x.approvedBy])).toEqual([
      ["governance", "met", ["gwen"]],
      ["tenant:support", "met", ["alice"]],
    ]);
    expect(change(r, s.c.d1).classification).toBe("direct-push");
    expect(change(r, s.c.d1).reason).toMatch(/GitHub lists no merged pull request/);
    // Team approvals are now judged from the team's members, not the record's word.
    expect(change(r, s.c.m4).approvals[0]).toMatchObject({ entitled: true, basis: "github" });
    expect(release(r, "support/triage@1.5.0").governance!.approvals[0]).toMatchObject({ basis: "github" });
  });

  it("stops with a clear error when GitHub refuses the token", async () => {
    const github = { client: await createGitHubClient("t", { env: {} }), owner: OWNER, repo: REPO };
    nock(API)
      .get(`/repos/${OWNER}/${REPO}/commits/${s.c.m1}/pulls`)
      .query(true)
      .reply(401, { message: "Bad credentials" });
    nock(API).get(/.*/).query(true).times(10).reply(200, []);
    await expect(audit({ github })).rejects.toThrow(
      /Cannot read the pull requests of [0-9a-f]{12} from GitHub: HTTP 401/,
    );
  });
});

describe("charter audit: releases", () => {
  it("reports every published version with proposer, approvals, eval, digest and channels", () => {
    expect(report.releases.map((r) => `${r.name}@${r.version}`)).toEqual([
      "support/triage@1.7.0",
      "support/triage@1.6.0",
      "support/triage@1.5.0",
      "support/triage@1.4.0",
      "support/triage@1.3.0",
      "support/triage@1.2.0",
      "support/triage@1.1.0",
      "support/helper@1.0.0",
      "support/triage@1.0.0",
    ]);
    const v16 = release(report, "support/triage@1.6.0");
    expect(v16).toMatchObject({
      commit: s.c.m5,
      onBranch: true,
      integrity: { status: "intact", reasons: [] },
      signatures: { status: "valid", trustCommit: s.c.m5 },
      governance: {
        sequence: 7,
        sourceCommit: s.c.m5,
        policy: { commit: s.c.m4, firstParent: s.c.m4, matches: true, required: 1 },
        pullRequest: {
          number: 6 - 1,
          author: WHO.dev,
          merger: WHO.lead,
          headSha: s.c.h5,
          treeEqual: true,
          differingFiles: [],
        },
        counted: 1,
        required: 1,
        eval: { conclusion: "success", passed: true, atMergedHead: true },
      },
    });
    expect(v16.registry.manifest).toMatch(/^sha256:/);
    expect(v16.registry.bundle).toBe(v16.tag!.bundle);
    expect(v16.governance!.approvals.map((a) => [a.reviewer.login, a.entitled, a.basis])).toEqual([
      ["alice", true, "policy"],
      // gwen owns charter.yml but is no tenant approver: the record, made with the team's members, says so.
      ["gwen", false, "attestation"],
    ]);
    expect(v16.governance!.checks).toEqual([
      { name: "Charter approvals (main)", conclusion: "success", headSha: s.c.h5 },
    ]);
    expect(release(report, "support/triage@1.7.0").registry.channels).toEqual(["staging"]);
    expect(release(report, "support/helper@1.0.0").registry.channels).toEqual(["staging"]);
    expect(release(report, "support/triage@1.2.0").governance).toMatchObject({
      pullRequest: null,
      counted: 0,
    });
    // Every record's policy is the policy git had at the merge's first parent.
    expect(
      report.releases.filter((r) => r.governance).every((r) => r.governance!.policy.matches === true),
    ).toBe(true);
  });

  it("re-verifies every signature under the trust charter.yml declared at the released commit", () => {
    const signerOf = (name: string) =>
      release(report, name)
        .signatures.attestations.filter((a) => a.verified)
        .map((a) => [a.signer?.split(" ")[0], a.trustedAtHead]);
    // Key A signed until the rotation; still valid at their commits, but no longer trusted at the tip.
    for (const v of ["1.0.0", "1.2.0", "1.3.0", "1.5.0"])
      expect(signerOf(`support/triage@${v}`)).toEqual([
        ["a", false],
        ["a", false],
      ]);
    expect(signerOf("support/triage@1.6.0")).toEqual([
      ["b", true],
      ["b", true],
    ]);
    // Re-signed by X, which charter.yml never trusted: no signature verifies.
    const resigned = release(report, "support/triage@1.1.0");
    expect(resigned.signatures.status).toBe("invalid");
    expect(resigned.signatures.attestations.map((a) => [a.verified, a.reason])).toEqual([
      [false, "untrusted-key"],
      [false, "untrusted-key"],
    ]);
    expect(resigned.governance).toBeNull();
    // Extra attestations by X beside the genuine ones: valid, and reported.
    const extra = release(report, "support/triage@1.4.0");
    expect(extra.signatures.status).toBe("valid");
    expect(extra.signatures.attestations.filter((a) => !a.verified)).toHaveLength(2);
    expect(extra.findings).toEqual(["untrusted-attestation"]);
  });

  it("detects a moved release tag and keeps the signed record's commit", () => {
    const moved = release(report, "support/triage@1.7.0");
    expect(moved.tag).toMatchObject({ commit: s.c.m6, annotated: true });
    expect(moved.commit).toBe(s.c.m7);
    expect(moved.signatures.status).toBe("valid");
    expect(moved.integrity.status).toBe("tampered");
    expect(moved.integrity.reasons).toEqual([
      expect.stringMatching(/tag points at .*signed record released .*moved/),
    ]);
  });

  it("lists exactly the findings an auditor must look at", () => {
    const c = (sha: string) => sha.slice(0, 12);
    expect(kinds(report)).toEqual(
      [
        `admin-merge ${c(s.c.m2)}`,
        `direct-push ${c(s.c.d1)}`,
        "eval-failed support/triage@1.5.0",
        `no-evidence ${c(s.c.m1)}`,
        `no-evidence ${c(s.c.m5)}`,
        `no-evidence ${c(s.c.m6)}`,
        "signature-invalid support/triage@1.1.0",
        `stale-approval ${c(s.c.m3)}`,
        "tag-tampered support/triage@1.7.0",
        "untrusted-attestation support/triage@1.4.0",
      ].sort(),
    );
    expect(report.summary).toMatchObject({ releases: 9, governedChanges: 9, findings: 10 });
  });

  it("narrows the report by --since, --tenant and --workflow without losing evidence", async () => {
    const at = (sha: string) => new Date(git(s.dir, "show", "-s", "--format=%cI", sha));
    const since = await audit({ since: at(s.c.m5) });
    expect(since.changes.map((x) => x.commit)).toEqual([s.c.m7, s.c.m6, s.c.m5]);
    expect(since.releases.map((r) => r.version)).toEqual(["1.7.0", "1.6.0"]);
    expect(since.scope.since).toBe(at(s.c.m5).toISOString());
    expect(since.summary.commits).toBe(3);
    const helper = await audit({ workflow: "support/helper" });
    expect(helper.releases.map((r) => `${r.name}@${r.version}`)).toEqual(["support/helper@1.0.0"]);
    const other = await audit({ tenant: "billing" });
    expect(other.releases).toEqual([]);
    // Platform files (charter.yml, keys) govern every tenant.
    expect(other.changes.map((x) => x.commit)).toEqual([s.c.m6, s.c.m5, s.c.c0]);
  });
});

describe("charter audit: damage done after the fact", () => {
  it("a registry version re-pointed, a lightweight tag, a tag deleted, a tag without a release", async () => {
    const d = copy();
    const registry = openRegistry(d.registryDir);
    const older = (await registry.resolve("support/triage", "1.3.0"))!;
    await registry.tag("support/triage", older.digest, "1.6.0");
    const message = git(d.dir, "tag", "-l", "--format=%(contents)", "charter/support/triage/v1.5.0");
    git(d.dir, "tag", "-d", "charter/support/triage/v1.5.0");
    git(d.dir, "tag", "charter/support/triage/v1.5.0", d.c.m4); // lightweight, same commit
    git(d.dir, "tag", "-d", "charter/support/triage/v1.2.0");
    git(d.dir, "tag", "-a", "charter/support/triage/v9.9.9", "-m", message, d.c.m7);
    const r = await audit({}, d);

    const repointed = release(r, "support/triage@1.6.0");
    expect(repointed.integrity.status).toBe("tampered");
    expect(repointed.integrity.reasons.join("\n")).toMatch(
      /tag records manifest .* but the registry's 1.6.0 is/,
    );
    // The registry now serves 1.3.0's bundle as 1.6.0: its attestations name another release.
    expect(repointed.signatures.status).toBe("invalid");

    const light = release(r, "support/triage@1.5.0");
    expect(light.integrity).toMatchObject({
      status: "tampered",
      reasons: [expect.stringMatching(/lightweight tag/)],
    });
    expect(light.signatures.status).toBe("valid");

    const untagged = release(r, "support/triage@1.2.0");
    expect(untagged.tag).toBeNull();
    expect(untagged.integrity.status).toBe("tag-missing");
    // Without a tag, the trust comes from the commit the record names (and it must name that commit).
    expect(untagged.signatures).toMatchObject({ status: "valid", trustCommit: d.c.d1 });
    expect(untagged.commit).toBe(d.c.d1);

    expect(release(r, "support/triage@9.9.9").integrity.status).toBe("release-missing");
    expect(kinds(r)).toEqual(
      expect.arrayContaining([
        "tag-tampered support/triage@1.6.0",
        "signature-invalid support/triage@1.6.0",
        "tag-tampered support/triage@1.5.0",
        "tag-missing support/triage@1.2.0",
        "release-missing support/triage@9.9.9",
      ]),
    );
  });

  it("a record signed by a trusted key that counts a non-approver under another policy", async () => {
    const d = copy();
    const registry = openRegistry(d.registryDir);
    const repo = "support/triage";
    const tagged = (await registry.resolve(repo, "1.7.0"))!;
    const manifest = (await registry.fetchManifest(repo, tagged.digest))!;
    const gov = (await attachedAttestations(registry, repo, tagged.digest)).find(
      (a) => a.predicateTypeHint === GOVERNANCE_PREDICATE_V1,
    )!;
    const bundle = JSON.parse(Buffer.from(gov.bytes).toString("utf8"));
    const statement = parseStatement(Buffer.from(bundle.dsseEnvelope.payload, "base64"));
    const predicate = statement.predicate as Record<string, unknown> & {
      approvals: unknown[];
      policy: Record<string, unknown>;
    };
    predicate.approvals = [
      ...predicate.approvals,
      {
        reviewer: { login: "mallory", id: 66 },
        reviewId: 4242,
        commit: d.c.h7,
        submittedAt: "2026-03-01T00:00:00Z",
        tenant: "support",
        counted: true,
        via: "user:mallory",
      },
    ];
    predicate.policy = { ...predicate.policy, digest: `sha256:${"0".repeat(64)}` };
    const signer = keySigner(loadSigningKey({ env: {}, file: d.keys.b.key }));
    const signed = await signer.signStatement(
      buildStatement(statement.subject, GOVERNANCE_PREDICATE_V1, predicate),
    );
    const provenance = (await attachedAttestations(registry, repo, tagged.digest)).find(
      (a) => a.predicateTypeHint !== GOVERNANCE_PREDICATE_V1,
    )!;
    const pushed = await pushAttestations(
      registry,
      repo,
      { mediaType: MANIFEST_MEDIA_TYPE, digest: tagged.digest, size: manifest.bytes.length },
      [{ bytes: new TextEncoder().encode(JSON.stringify(signed)), predicateType: GOVERNANCE_PREDICATE_V1 }],
    );
    const index = {
      schemaVersion: 2,
      mediaType: INDEX_MEDIA_TYPE,
      manifests: [provenance.descriptor, ...pushed],
    };
    await registry.pushManifest(repo, new TextEncoder().encode(JSON.stringify(index)), {
      tag: fallbackTag(tagged.digest),
      mediaType: INDEX_MEDIA_TYPE,
    });
    const r = await audit({}, d);
    const lying = release(r, "support/triage@1.7.0");
    expect(lying.signatures.status).toBe("valid");
    expect(lying.governance!.approvals.find((a) => a.reviewer.login === "mallory")).toMatchObject({
      attested: { counted: true, via: "user:mallory", reason: null },
      entitled: false,
      basis: "policy",
    });
    expect(lying.governance!.policy).toMatchObject({
      matches: false,
      recomputedDigest: expect.stringMatching(/^sha256:/),
    });
    expect(lying.findings).toEqual(expect.arrayContaining(["entitlement-mismatch", "policy-mismatch"]));
  });

  it("an approval whose head differs from the merge in a file the pull request changed; a release off the branch", async () => {
    const d = copy();
    const github = { client: await createGitHubClient("t", { env: {} }), owner: OWNER, repo: REPO };
    // Main moves on: a direct push appends to the prompt (not the lines the PR edits).
    const write = (t: Record<string, string | null>) => {
      for (const [path, content] of Object.entries(t))
        if (content !== null) writeFileSync(join(d.dir, path), content);
    };
    const prompt = "tenants/support/prompts/classify.yml";
    git(d.dir, "checkout", "-q", "-b", "pr-8", d.c.m7);
    let tree: Record<string, string | null> = {
      [prompt]: readFileSync(join(d.dir, prompt), "utf8"),
      "tenants/support/workflows/triage.yml": readFileSync(
        join(d.dir, "tenants/support/workflows/triage.yml"),
        "utf8",
      ),
    };
    tree = triageAt(tree as never, 8) as never;
    write(tree);
    git(d.dir, "commit", "-qam", "Revision 8");
    const head = git(d.dir, "rev-parse", "HEAD");
    git(d.dir, "checkout", "-q", "main");
    writeFileSync(
      join(d.dir, prompt),
      `${readFileSync(join(d.dir, prompt), "utf8")}# Wording reviewed by legal.\n`,
    );
    git(d.dir, "commit", "-qam", "Note the legal review");
    const pushed = git(d.dir, "rev-parse", "HEAD");
    git(d.dir, "merge", "-q", "--no-ff", "-m", "Merge pull request #8 from acme/pr-8", "pr-8");
    const merge = git(d.dir, "rev-parse", "HEAD");
    const scope = mockMerge({
      number: 8,
      merge,
      head,
      base: pushed,
      reviews: [[WHO.alice, "APPROVED", head]],
    });
    await publishProject({
      dir: d.dir,
      ref: merge,
      registry: d.registryDir,
      env: { CHARTER_SIGNING_KEY_FILE: d.keys.b.key },
      github,
      only: ["support/triage"],
    });
    scope.done();
    // And a release published from a branch that never reached main.
    git(d.dir, "checkout", "-q", "-b", "side", merge);
    writeFileSync(join(d.dir, "charter.yml"), AUDIT_CHARTER(["b"], "description: side branch\n"));
    write(triageAt(tree as never, 9) as never);
    git(d.dir, "commit", "-qam", "Side release");
    const side = git(d.dir, "rev-parse", "HEAD");
    await publishProject({
      dir: d.dir,
      ref: side,
      registry: d.registryDir,
      env: { CHARTER_SIGNING_KEY_FILE: d.keys.b.key },
      only: ["support/triage"],
    });
    git(d.dir, "checkout", "-q", "main");

    const r = await audit({}, d);
    const c = change(r, merge);
    expect(c.classification).toBe("stale-approval");
    expect(c.reason).toMatch(
      /merged content of tenants\/support\/prompts\/classify.yml differs from the approved head/,
    );
    expect(release(r, "support/triage@1.8.0").governance!.pullRequest).toMatchObject({
      treeEqual: false,
      differingFiles: [prompt],
    });
    expect(change(r, pushed).classification).toBe("direct-push");
    const off = release(r, "support/triage@1.9.0");
    expect(off).toMatchObject({ commit: side, onBranch: false, findings: ["off-branch-release"] });
    expect(r.findings.find((f) => f.kind === "off-branch-release")!.message).toMatch(
      /not on main's first-parent history/,
    );
  });

  it("--since cuts the chain, not the dates: a backdated direct push made after the cut is in scope", async () => {
    const d = copy();
    const at = (sha: string) => new Date(git(d.dir, "show", "-s", "--format=%cI", sha));
    const prompt = "tenants/support/prompts/classify.yml";
    writeFileSync(join(d.dir, prompt), `${readFileSync(join(d.dir, prompt), "utf8")}# Backdated.\n`);
    const { execFileSync } = await import("node:child_process");
    execFileSync("git", ["commit", "-qam", "Quiet fix"], {
      cwd: d.dir,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "Mallory",
        GIT_AUTHOR_EMAIL: "m@example.com",
        GIT_COMMITTER_NAME: "Mallory",
        GIT_COMMITTER_EMAIL: "m@example.com",
        GIT_AUTHOR_DATE: "2020-01-01T00:00:00Z",
        GIT_COMMITTER_DATE: "2020-01-01T00:00:00Z",
      },
    });
    const pushed = git(d.dir, "rev-parse", "HEAD");
    const r = await audit({ since: at(d.c.m5) }, d);
    expect(r.changes.map((x) => x.commit)).toEqual([pushed, d.c.m7, d.c.m6, d.c.m5]);
    expect(change(r, pushed).classification).toBe("direct-push");
    expect(kinds(r)).toContain(`direct-push ${pushed.slice(0, 12)}`);
    expect(r.summary.commits).toBe(4);
    expect(r.releases.map((x) => x.version)).toEqual(["1.7.0", "1.6.0"]);
  });

  it("a direct push that trusts a new key cannot vouch for itself with a release signed by that key", async () => {
    const d = copy();
    const github = { client: await createGitHubClient("t", { env: {} }), owner: OWNER, repo: REPO };
    const files = ["tenants/support/prompts/classify.yml", "tenants/support/workflows/triage.yml"];
    let tree: Record<string, string | null> = Object.fromEntries(
      files.map((f) => [f, readFileSync(join(d.dir, f), "utf8")]),
    );
    tree = triageAt(tree as never, 8) as never;
    tree["charter.yml"] = AUDIT_CHARTER(["b", "x"]);
    tree["keys/x.pub"] = readFileSync(d.keys.x.pub, "utf8");
    for (const [path, content] of Object.entries(tree)) writeFileSync(join(d.dir, path), content!);
    git(d.dir, "add", "-A");
    git(d.dir, "commit", "-qm", "Trust key X");
    const self = git(d.dir, "rev-parse", "HEAD");
    // Published with X, recording a made-up pull request approved by the tenant's approver and the owner.
    const scope = mockMerge({
      number: 99,
      merge: self,
      head: self,
      base: d.c.m7,
      reviews: [
        [WHO.alice, "APPROVED", self],
        [WHO.gwen, "APPROVED", self],
      ],
    });
    await publishProject({
      dir: d.dir,
      ref: self,
      registry: d.registryDir,
      env: { CHARTER_SIGNING_KEY_FILE: d.keys.x.key },
      github,
      only: ["support/triage"],
    });
    scope.done();

    const r = await audit({}, d);
    const v18 = release(r, "support/triage@1.8.0");
    // The release itself is judged as before: X is trusted at its commit.
    expect(v18.signatures).toMatchObject({ status: "valid", trustCommit: self });
    expect(v18.governance!.pullRequest).toMatchObject({ number: 99 });
    const c = change(r, self);
    expect(c).toMatchObject({ classification: "no-evidence", evidence: "none", pullRequest: null });
    expect(c.reason).toMatch(/verifies only under the trust this commit itself declares/);
    expect(kinds(r)).toContain(`no-evidence ${self.slice(0, 12)}`);
    // With a token, GitHub's answer decides: no merged pull request makes it a direct push.
    nock(API).get(`/repos/${OWNER}/${REPO}/commits/${self}/pulls`).query(true).reply(200, []);
    nock(API).get(/.*/).query(true).times(20).reply(200, []);
    const online = await audit({ github }, d);
    expect(change(online, self).classification).toBe("direct-push");
  });

  it("reports an unreadable registry when the tip declares workflows, even without release tags", async () => {
    const d = copy();
    for (const t of git(d.dir, "tag", "-l").split("\n").filter(Boolean)) git(d.dir, "tag", "-d", t);
    // No --registry: charter.yml's default (.charter/registry) does not exist in the clone.
    const r = await audit({ registry: undefined }, d);
    expect(r.registry.available).toBe(false);
    expect(r.findings.map((f) => f.kind)).toContain("registry-unavailable");
  });

  it("reports an unreadable registry instead of skipping its releases", async () => {
    const r = await audit({ registry: join(s.dir, "no-such-registry") });
    expect(r.registry.available).toBe(false);
    expect(r.findings[0]).toMatchObject({ kind: "registry-unavailable" });
    expect(r.releases.every((x) => x.signatures.status === "unverified")).toBe(true);
    // Without the registry nothing is verified, so no release record is evidence.
    expect(change(r, s.c.m7).classification).toBe("no-evidence");
  });
});

describe("audit building blocks", () => {
  it("parses git log output field by field, whatever the messages and paths contain", () => {
    const sha = (c: string) => c.repeat(40);
    const text =
      `\x1e${sha("a")} ${sha("b")} ${sha("c")}\x00Ann\x00a@x\x00Cy\x00c@x\x00100\x00evil \x1e${sha("d")} : subject\x00\x00\n` +
      `:100644 100644 ${sha("1")} ${sha("2")} M\x00tenants/t/x\ny.yml\x00` +
      `:000000 100644 ${"0".repeat(40)} ${sha("3")} A\x00:odd\x00` +
      `\x1e${sha("e")}\x00B\x00b@x\x00B\x00b@x\x00200\x00root\x00\x00`;
    const commits = parseLog(text);
    expect(commits).toHaveLength(2);
    expect(commits[0]).toMatchObject({
      sha: sha("a"),
      parents: [sha("b"), sha("c")],
      subject: `evil \x1e${sha("d")} : subject`,
      time: 100,
    });
    expect(commits[0]!.changes.map((ch) => [ch.status, ch.path])).toEqual([
      ["M", "tenants/t/x\ny.yml"],
      ["A", ":odd"],
    ]);
    expect(commits[1]).toMatchObject({ sha: sha("e"), parents: [], changes: [] });
  });

  it("judges team approvers by the record's word offline, by GitHub's members online, and says when it cannot", async () => {
    const files = {
      "charter.yml": AUDIT_CHARTER(["a"]).replace(
        "owners: [{ user: gwen, id: 31 }]",
        "owners: [team:acme/governance]",
      ),
      "tenants/support/tenant.yml": AUDIT_TENANT,
    };
    const loaded = await loadRepo(new MemorySource(files));
    const policy = approvalPolicy(loaded, "0".repeat(40), "");
    if (!policy.ok) throw new Error(policy.problem);
    const head = "1".repeat(40);
    const commit = {
      sha: "2".repeat(40),
      parents: ["3".repeat(40), head],
      author: { name: "a", email: "a" },
      committer: { name: "c", email: "c" },
      time: 1,
      subject: "Merge pull request #9 from x",
      changes: [],
    };
    const evidence = {
      source: "attestation" as const,
      pullRequest: { number: 9, url: null, author: WHO.dev, merger: WHO.lead, mergedAt: null, headSha: head },
      approvals: [
        {
          reviewer: WHO.bob,
          commit: head,
          submittedAt: null,
          attested: [{ tenant: "support", counted: true, via: "team:acme/support", reason: null }],
        },
        {
          reviewer: WHO.gwen,
          commit: head,
          submittedAt: null,
          attested: [{ tenant: "support", counted: false, via: null, reason: "not a tenant approver" }],
        },
      ],
    };
    const input = {
      commit,
      paths: ["charter.yml", "tenants/support/prompts/classify.yml"],
      tenants: ["support"],
      policy,
      evidence,
      releases: [],
      differingFiles: [],
      githubChecked: false,
      branch: "main",
    };
    const offline = classifyChange(input);
    expect(offline.classification).toBe("unconfirmed");
    expect(offline.requirements.map((r) => [r.id, r.status])).toEqual([
      ["governance", "unconfirmed"],
      ["tenant:support", "met"],
    ]);
    expect(offline.reason).toMatch(/governance: 0 of 1 .* cannot be decided offline \(team membership\)/);
    const online = classifyChange({
      ...input,
      directory: {
        users: {},
        teams: { "acme/governance": { members: [WHO.gwen.id] }, "acme/support": { members: [WHO.bob.id] } },
      },
    });
    expect(online.classification).toBe("governed");
    const refused = classifyChange({
      ...input,
      directory: {
        users: {},
        teams: { "acme/governance": { members: [] }, "acme/support": { members: [WHO.bob.id] } },
      },
    });
    expect(refused.classification).toBe("admin-merge");
  });

  it("reads a manifest by digest once, sharing concurrent reads and forgetting failures", async () => {
    const digest = `sha256:${"a".repeat(64)}`;
    let calls = 0;
    const inner = {
      location: "test",
      fetchManifest: async () => {
        calls++;
        if (calls === 1) throw new Error("flaky");
        return { bytes: new Uint8Array(), mediaType: MANIFEST_MEDIA_TYPE, digest };
      },
    } as unknown as Registry;
    const r = readOnce(inner);
    await expect(r.fetchManifest("x", digest)).rejects.toThrow("flaky");
    const [a, b] = await Promise.all([r.fetchManifest("x", digest), r.fetchManifest("x", digest)]);
    expect(a).toBe(b);
    await r.fetchManifest("x", digest);
    expect(calls).toBe(2);
  });

  it("reads release tag trailers strictly", () => {
    const d = `sha256:${"a".repeat(64)}`;
    expect(
      tagTrailers(
        `Release x\n\nCharter-Bundle: ${d}\nCharter-Manifest: nope\nCharter-Sequence: 3\nCharter-Registry: oci:/r\n`,
      ),
    ).toEqual({ bundle: d, manifest: null, sequence: 3, registry: "oci:/r" });
  });

  it("quotes CSV cells and defuses formulas", () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell(null)).toBe("");
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("invoice\u202Etxt.exe")).toBe("invoice[U+202E]txt.exe");
  });
});
