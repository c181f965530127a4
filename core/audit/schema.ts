/**
 * The audit report (`charter audit --format json`): its zod schema is the source of truth, the JSON
 * Schema in docs/audit-report.schema.json is generated from it (`npm run docs`; a test fails when
 * it drifts), and every report is checked against it before it is written.
 */
import * as z from "zod";

export const AUDIT_SCHEMA_ID = "https://charter.dev/audit/v1";

const commit = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, "a full git commit id");
const digest = z.string().regex(/^sha256:[a-f0-9]{64}$/, "sha256:<64 hex>");
const time = z.string().describe("ISO 8601 time.");
const githubUser = z
  .strictObject({
    login: z.string().describe("GitHub login (as recorded; logins can be renamed)."),
    id: z.int().describe("GitHub numeric user id (stable)."),
  })
  .describe("A GitHub account.");
const gitPerson = z
  .strictObject({ name: z.string().describe("Name."), email: z.string().describe("Email.") })
  .describe("A git author or committer.");

export const FINDING_KINDS = {
  "direct-push":
    "A governed file changed on the default branch by a commit that is not a pull request merge (offline: one parent and no pull request claimed by its message; with a token: GitHub lists no merged pull request for it).",
  "admin-merge": "A pull request was merged with fewer entitled approvals than its policy required.",
  "stale-approval":
    "The approvals were given on an earlier commit than the one merged, or the merged content of files the pull request changed differs from the approved head.",
  "no-evidence":
    "A governed change reached the default branch as a merge (or claims a pull request in its message) but no verified release attestation records its pull request and approvals, and no GitHub token was given to ask.",
  unconfirmed:
    "Approvals were recorded but whether the approvers were entitled cannot be decided offline (team membership): run with a GitHub token.",
  "signature-invalid":
    "A release has no provenance or no governance attestation that verifies against the keys and identities charter.yml trusted at its commit.",
  "untrusted-attestation":
    "An attestation attached to a release does not verify (another signer, or altered), beside ones that do.",
  "tag-tampered":
    "A release's git tag disagrees with the registry or the signed record: moved to another commit, digests or sequence differ, or not an annotated release tag.",
  "tag-missing": "A version published in the registry has no git tag.",
  "release-missing": "A git release tag names a version the registry does not hold.",
  "off-branch-release":
    "A release was published from a commit that is not on the default branch's first-parent history.",
  "entitlement-mismatch":
    "The signed record counts an approval that the policy in force at the merge does not entitle.",
  "policy-mismatch":
    "The signed record's policy (digest or commit) is not the policy the repository had at the merge's first parent.",
  "eval-failed": "A release records a failed pull request evaluation.",
  "channel-unverified": "A channel points at a manifest that is no audited release.",
  "registry-unavailable": "The registry could not be read, so releases could not be verified.",
} as const;
export type FindingKind = keyof typeof FINDING_KINDS;
const findingKind = z.enum(Object.keys(FINDING_KINDS) as [FindingKind, ...FindingKind[]]);

export const CLASSIFICATIONS = {
  governed: "Merged through a pull request whose required approvals were met on the merged content.",
  bootstrap: "No policy was in force before it (the commit that introduces charter.yml).",
  "direct-push": FINDING_KINDS["direct-push"],
  "admin-merge": FINDING_KINDS["admin-merge"],
  "stale-approval": FINDING_KINDS["stale-approval"],
  "no-evidence": FINDING_KINDS["no-evidence"],
  unconfirmed: FINDING_KINDS.unconfirmed,
} as const;
export type Classification = keyof typeof CLASSIFICATIONS;

const finding = z
  .strictObject({
    kind: findingKind.describe("What kind of finding (see the README's table)."),
    message: z.string().describe("What is wrong, in one sentence."),
    commit: commit.nullable().describe("The commit it concerns."),
    release: z.string().nullable().describe("The release it concerns, TENANT/WORKFLOW@VERSION."),
  })
  .describe("A control failure an auditor should look at.");

const approval = z
  .strictObject({
    reviewer: githubUser,
    commit: commit.describe("The commit the reviewer approved."),
    submittedAt: time.nullable().describe("When the review was submitted (ISO 8601)."),
    onMergedHead: z
      .boolean()
      .describe("Whether the approved commit is the pull request head that was merged."),
    attested: z
      .strictObject({
        counted: z.boolean().describe("Whether the signed record counted it."),
        via: z.string().nullable().describe("How the reviewer qualified, per the record."),
        reason: z.string().nullable().describe("Why it was not counted, per the record."),
      })
      .nullable()
      .describe("The signed record's judgement (null when the evidence came from GitHub)."),
    entitled: z
      .boolean()
      .nullable()
      .describe(
        "Re-judged: whether the reviewer was an approver under the policy in force (null: undecidable).",
      ),
    basis: z
      .enum(["policy", "github", "attestation", "none"])
      .describe(
        "What the entitlement rests on: the policy's user principals, team members read from GitHub, the signed record's word (teams, offline), or nothing.",
      ),
    reason: z.string().describe("How it was judged."),
  })
  .describe("One standing approval, judged again.");

const requirement = z
  .strictObject({
    id: z.string().describe("`tenant:NAME` or `governance`."),
    required: z.int().describe("Approvals required."),
    approvers: z.array(z.string()).describe("Who may approve, as the policy names them."),
    approvedBy: z.array(z.string()).describe("Logins of entitled approvals on the merged head."),
    status: z.enum(["met", "unmet", "unconfirmed"]).describe("Whether it was met."),
    reason: z.string().describe("Why."),
  })
  .describe("One approval requirement the change raised under the policy at its first parent.");

const pullRequest = z
  .strictObject({
    number: z.int().describe("Pull request number."),
    url: z.string().nullable().describe("Its address."),
    author: githubUser.describe("Who proposed it."),
    merger: githubUser.nullable().describe("Who merged it."),
    mergedAt: time.nullable().describe("When it was merged (ISO 8601)."),
    headSha: commit.describe("The head commit that was merged (what the approvals had to be on)."),
  })
  .describe("The pull request behind a change.");

const evalSummary = z
  .strictObject({
    head: commit.describe("The commit the evaluation ran on."),
    conclusion: z.string().describe("`success` or `failure`."),
    passed: z.boolean().describe("Whether it passed."),
    atMergedHead: z.boolean().nullable().describe("Whether it ran on the merged head."),
    suites: z
      .array(
        z
          .strictObject({
            suite: z.string().describe("TENANT/SUITE."),
            passRate: z.number().nullable().describe("Pass rate at the head."),
            passed: z.boolean().describe("Whether it met its threshold."),
            regressions: z.int().describe("Cases that regressed against the base."),
            cases: z.int().describe("Cases run."),
          })
          .describe("One suite."),
      )
      .describe("Per suite."),
  })
  .describe("The pull request evaluation the release records.");

const attestation = z
  .strictObject({
    digest: digest.describe("The referrer manifest that carries it."),
    predicateType: z.string().nullable().describe("Verified predicate type (or the unauthenticated hint)."),
    verified: z.boolean().describe("Whether it verifies against the trust at the release's commit."),
    signer: z.string().nullable().describe("The trusted signer, when verified."),
    keyId: z.string().nullable().describe("The signing key id (verified)."),
    reason: z.string().nullable().describe("Why it does not verify (`untrusted-key`, `bad-signature`…)."),
    message: z.string().nullable().describe("Details."),
    trustedAtHead: z
      .boolean()
      .nullable()
      .describe("Whether its signer is still trusted at the audited commit (false after a key rotation)."),
  })
  .describe("One attached Sigstore bundle, verified again.");

const release = z
  .strictObject({
    name: z.string().describe("TENANT/WORKFLOW."),
    tenant: z.string().describe("Tenant."),
    workflow: z.string().describe("Workflow."),
    version: z.string().describe("Version."),
    repository: z.string().describe("Registry repository."),
    commit: commit.nullable().describe("The released commit (the tag's, else the signed record's)."),
    date: time.nullable().describe("When the released commit reached the default branch (committer time)."),
    onBranch: z
      .boolean()
      .describe("Whether the released commit is on the default branch's first-parent history."),
    tag: z
      .strictObject({
        name: z.string().describe("The git tag."),
        annotated: z.boolean().describe("Whether it is an annotated tag (release tags are)."),
        commit: commit.nullable().describe("The commit it points at."),
        bundle: digest.nullable().describe("Its Charter-Bundle trailer."),
        manifest: digest.nullable().describe("Its Charter-Manifest trailer."),
        sequence: z.int().nullable().describe("Its Charter-Sequence trailer."),
        registry: z.string().nullable().describe("Its Charter-Registry trailer."),
        tagger: z.string().nullable().describe("Who created it."),
        date: time.nullable().describe("When."),
      })
      .nullable()
      .describe("The release's git tag (null when missing)."),
    registry: z
      .strictObject({
        manifest: digest.nullable().describe("The manifest the version tag resolves to now."),
        bundle: digest.nullable().describe("The bundle layer of that manifest (re-hashed)."),
        channels: z.array(z.string()).describe("Channels pointing at this release."),
        error: z.string().nullable().describe("What could not be read."),
      })
      .describe("What the registry holds."),
    integrity: z
      .strictObject({
        status: z
          .enum(["intact", "tampered", "tag-missing", "release-missing", "unknown"])
          .describe("Tag trailers vs registry digests vs the signed record's subject and commit."),
        reasons: z.array(z.string()).describe("Each disagreement."),
      })
      .describe("Tag integrity."),
    signatures: z
      .strictObject({
        status: z
          .enum(["valid", "invalid", "unverified"])
          .describe("valid: both attestations verify; invalid: one does not; unverified: nothing to verify."),
        trustCommit: commit.nullable().describe("The commit whose charter.yml supplied the trust."),
        trustProblem: z.string().nullable().describe("Why that trust could not be read."),
        attestations: z.array(attestation).describe("Every attached attestation."),
      })
      .describe("Signatures, every one re-verified."),
    governance: z
      .strictObject({
        sequence: z.int().describe("Release sequence."),
        issuedAt: time.describe("When the record was issued (ISO 8601)."),
        expires: time.describe("When runners start refusing the release (ISO 8601)."),
        sourceCommit: commit.describe("The commit the record says was released."),
        policy: z
          .strictObject({
            commit: commit.describe("The commit whose policy the record applied (the merge's first parent)."),
            digest: digest.describe("The record's policy digest."),
            required: z.int().describe("Approvals the tenant required."),
            approvers: z.array(z.string()).describe("The tenant's approvers."),
            firstParent: commit.nullable().describe("The released commit's first parent in git."),
            recomputedDigest: digest
              .nullable()
              .describe("The policy digest recomputed from git at the first parent."),
            matches: z.boolean().nullable().describe("Whether the record's policy is the policy git had."),
          })
          .describe("The policy in force."),
        pullRequest: pullRequest
          .extend({
            treeEqual: z
              .boolean()
              .nullable()
              .describe("The record's word: governed files at the approved head equal the merged commit's."),
            differingFiles: z
              .array(z.string())
              .nullable()
              .describe(
                "Recomputed from git: files the pull request changed whose merged content differs from the approved head (null when the head is not in this clone).",
              ),
          })
          .nullable()
          .describe("The pull request (null: released without one)."),
        approvals: z.array(approval).describe("Every standing approval."),
        counted: z.int().describe("Entitled approvals on the merged head, re-judged."),
        required: z.int().describe("Approvals required."),
        checks: z
          .array(
            z
              .strictObject({
                name: z.string().describe("Check run."),
                conclusion: z.string().nullable().describe("Its conclusion."),
                headSha: commit.describe("The commit it ran on."),
              })
              .describe("One check."),
          )
          .describe("Check runs on the merged head."),
        eval: evalSummary.nullable(),
      })
      .nullable()
      .describe("The verified governance record (null when none verifies)."),
    findings: z.array(findingKind).describe("Kinds of the findings about this release."),
  })
  .describe("One published version.");

const change = z
  .strictObject({
    commit: commit.describe("The commit on the default branch."),
    parents: z.array(commit).describe("Its parents (two or more: a merge)."),
    date: time.describe("Committer time."),
    author: gitPerson,
    committer: gitPerson,
    subject: z.string().describe("First line of the message."),
    claimedPullRequest: z
      .int()
      .nullable()
      .describe("The pull request number the message claims (unverified: anyone can write it)."),
    paths: z.array(z.string()).describe("Governed files changed against the first parent."),
    tenants: z.array(z.string()).describe("Tenants whose files changed."),
    classification: z
      .enum(Object.keys(CLASSIFICATIONS) as [Classification, ...Classification[]])
      .describe("How it reached the branch (see the README)."),
    evidence: z
      .enum(["attestation", "github", "none"])
      .describe(
        "Where the pull request facts come from: a verified release record, the GitHub API, or nowhere.",
      ),
    pullRequest: pullRequest.nullable(),
    requirements: z
      .array(requirement)
      .describe("Approval requirements under the policy at the first parent."),
    approvals: z
      .array(approval)
      .describe("Standing approvals, judged against the policy at the first parent."),
    releases: z.array(z.string()).describe("Releases published from this commit."),
    reason: z.string().describe("Why it is classified so."),
  })
  .describe("A first-parent commit of the default branch that changed governed files.");

export const auditReportSchema = z
  .strictObject({
    schema: z.literal(AUDIT_SCHEMA_ID).describe("Identifies this document."),
    generatedAt: time.describe("When the audit ran."),
    charterVersion: z.string().describe("The Charter version that produced it."),
    repository: z
      .strictObject({
        root: z.string().describe("The governed root inside the git repository (empty: the top level)."),
        ref: z.string().describe("The branch audited."),
        commit: commit.describe("Its commit."),
        remote: z.string().nullable().describe("The origin remote, if any."),
      })
      .describe("What was audited."),
    scope: z
      .strictObject({
        since: time.nullable().describe("Only commits and releases since then."),
        tenant: z.string().nullable().describe("Only this tenant."),
        workflow: z.string().nullable().describe("Only this workflow."),
      })
      .describe("Filters."),
    registry: z
      .strictObject({
        location: z.string().describe("The registry read."),
        available: z.boolean().describe("Whether it could be read."),
        error: z.string().nullable().describe("Why not."),
      })
      .describe("The registry."),
    github: z
      .strictObject({
        used: z.boolean().describe("Whether the GitHub API enriched the evidence."),
        repository: z.string().nullable().describe("OWNER/NAME."),
      })
      .describe("GitHub enrichment."),
    summary: z
      .strictObject({
        commits: z.int().describe("First-parent commits in scope."),
        governedChanges: z.int().describe("Of them, changes to governed files."),
        releases: z.int().describe("Releases in scope."),
        findings: z.int().describe("Findings."),
        classifications: z.record(z.string(), z.int()).describe("Governed changes per classification."),
        kinds: z.record(z.string(), z.int()).describe("Findings per kind."),
      })
      .describe("Counts."),
    releases: z.array(release).describe("Every published version, newest first."),
    changes: z.array(change).describe("Every governed change on the default branch, newest first."),
    findings: z.array(finding).describe("Every finding."),
  })
  .describe("Charter audit report: every release and every governed change of a repository, verified.");

export type AuditReport = z.infer<typeof auditReportSchema>;
export type AuditRelease = AuditReport["releases"][number];
export type AuditChange = AuditReport["changes"][number];
export type AuditFinding = AuditReport["findings"][number];
export type AuditApproval = z.infer<typeof approval>;
export type AuditRequirement = z.infer<typeof requirement>;
export type AuditPullRequest = z.infer<typeof pullRequest>;

/** The JSON Schema of the report (committed as docs/audit-report.schema.json). */
export function auditJsonSchema(): string {
  const json = z.toJSONSchema(auditReportSchema, { target: "draft-2020-12", unrepresentable: "any" });
  return `${JSON.stringify({ $id: `${AUDIT_SCHEMA_ID}/schema.json`, ...json, title: "Charter audit report" }, null, 2)}\n`;
}
