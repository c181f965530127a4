/**
 * Fixtures for the signing tests: a valid governance predicate, a provenance predicate, subjects,
 * and a signed bundle with its key. Test-only; nothing in the product imports this.
 */
import { createHash } from "node:crypto";
import {
  type GeneratedKeyPair,
  generateSigningKey,
  loadSigningKey,
  loadTrustedKeys,
  type TrustedKey,
} from "./keys.ts";
import { keySigner, type SigstoreBundleJSON } from "./sign.ts";
import {
  buildProvenance,
  buildStatement,
  GOVERNANCE_PREDICATE_V1,
  type GovernancePredicate,
  type SlsaProvenance,
  type Statement,
  type Subject,
} from "./statement.ts";

export const COMMIT = "0123456789abcdef0123456789abcdef01234567";
export const HEAD = "89abcdef0123456789abcdef0123456789abcdef";

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export const MANIFEST_HEX = sha256Hex("manifest");
export const TAR_HEX = sha256Hex("bundle.tar");

export function subjects(): Subject[] {
  return [
    { name: "registry.example/acme/support/triage", digest: { sha256: MANIFEST_HEX } },
    { name: "bundle.tar", digest: { sha256: TAR_HEX } },
  ];
}

export function governancePredicate(overrides: Partial<GovernancePredicate> = {}): GovernancePredicate {
  return {
    name: "support/triage",
    tenant: "support",
    workflow: "triage",
    version: "1.4.0",
    sequence: 2,
    previous: { digest: `sha256:${sha256Hex("previous statement")}`, version: "1.3.0" },
    issuedAt: "2026-11-02T10:00:00Z",
    expires: "2027-02-02T10:00:00Z",
    source: { repository: "https://github.com/acme/workflows", commit: COMMIT, ref: "refs/heads/main" },
    pullRequest: {
      number: 42,
      url: "https://github.com/acme/workflows/pull/42",
      author: { login: "alice", id: 1 },
      merger: { login: "bob", id: 2 },
      mergedAt: "2026-11-02T09:59:00Z",
      approvedHead: HEAD,
      headSha: HEAD,
      treeEqual: true,
    },
    approvals: [
      {
        reviewer: { login: "carol", id: 3 },
        reviewId: 555,
        commit: HEAD,
        submittedAt: "2026-11-02T09:00:00Z",
        tenant: "support",
        counted: true,
        via: "user:carol",
      },
      {
        reviewer: { login: "alice", id: 1 },
        reviewId: 556,
        commit: HEAD,
        submittedAt: "2026-11-02T09:01:00Z",
        counted: false,
        reason: "author",
      },
    ],
    checks: [
      { name: "charter/lint", conclusion: "success", headSha: HEAD },
      { name: "charter/eval", conclusion: null, headSha: HEAD },
    ],
    policy: {
      digest: `sha256:${sha256Hex("policy")}`,
      commit: COMMIT,
      required: 1,
      approvers: ["user:carol"],
    },
    eval: {
      head: HEAD,
      conclusion: "success",
      passed: true,
      atMergedHead: true,
      suites: [{ suite: "support/triage-basics", passRate: 1, passed: true, regressions: 0, cases: 12 }],
      summary: { suites: 1, cases: 12, passedCases: 12, failedSuites: 0 },
    },
    bundle: { digest: `sha256:${TAR_HEX}`, mediaType: "application/vnd.charter.workflow.v1" },
    ...overrides,
  };
}

export function provenance(): SlsaProvenance {
  return buildProvenance({
    repository: "https://github.com/acme/workflows",
    ref: "refs/heads/main",
    commit: COMMIT,
    workflowPath: "tenants/support/workflows/triage.yml",
    builderId: "https://github.com/acme/workflows/.github/workflows/publish.yml@refs/heads/main",
    invocationId: "https://github.com/acme/workflows/actions/runs/7/attempts/1",
    startedOn: "2026-11-02T10:00:00Z",
    finishedOn: "2026-11-02T10:01:00Z",
    tenant: "support",
    workflow: "triage",
    version: "1.4.0",
    bundleEntries: [{ path: "tenants/support/workflows/triage.yml", sha256: sha256Hex("wf"), size: 120 }],
  });
}

export function governanceStatement(): Statement<GovernancePredicate> {
  return buildStatement(subjects(), GOVERNANCE_PREDICATE_V1, governancePredicate());
}

export interface SignedFixture {
  pair: GeneratedKeyPair;
  trusted: TrustedKey[];
  statement: Statement;
  bundle: SigstoreBundleJSON;
  text: string;
}

/** A fresh key, a governance statement signed with it, and the key as the only trusted one. */
export async function signedGovernance(): Promise<SignedFixture> {
  const pair = generateSigningKey();
  const statement = governanceStatement();
  const bundle = await keySigner(
    loadSigningKey({ env: { CHARTER_SIGNING_KEY: pair.privateKeyPem } }),
  ).signStatement(statement);
  return {
    pair,
    trusted: loadTrustedKeys([pair.publicKeyPem]),
    statement,
    bundle,
    text: JSON.stringify(bundle),
  };
}
