/**
 * How each governed change reached the default branch. For every first-parent commit that changed
 * a governed file (against its first parent — for a merge, everything the merged branch brought):
 *
 * 1. `bootstrap` — no charter.yml existed at its first parent (the root commit, the commit that
 *    introduces Charter): no policy was in force to break.
 * 2. With evidence of a pull request — a verified release record whose source commit it is (the
 *    governance attestation carries the PR, its head and every standing approval), or the GitHub API
 *    (with a token) — the requirements its paths raise under the policy at the first parent are judged
 *    (judge.ts):
 *    - a requirement not met, where entitled approvals on earlier commits would have met it:
 *      `stale-approval`; otherwise `admin-merge` (merged without the approvals: an administrator
 *      bypass, or a policy that was never enforced);
 *    - met only if undecidable approvals count: `unconfirmed`;
 *    - met, but files the pull request changed differ between the approved head and the merged
 *      commit (the base moved into them, or the merge resolved conflicts): `stale-approval`;
 *    - otherwise `governed`.
 *    A release record is evidence only if it verifies under the trust in force before the commit
 *    (charter.yml at its first parent): a record whose signer the commit itself made trusted is not,
 *    and its commit is `no-evidence` (a commit cannot vouch for itself).
 * 3. Without such evidence: a commit with one parent whose message claims no pull request is a
 *    `direct-push`; a merge commit, or a commit whose message claims a pull request (a squash
 *    merge reads like one), is `no-evidence` — offline, nothing verifiable shows its approvals.
 *    With a token, GitHub's answer that there is no merged pull request makes either a `direct-push`.
 *
 * Every classification other than `governed` and `bootstrap` is a finding.
 */
import type { Directory } from "../approvals/facts.ts";
import type { LogCommit } from "./git-read.ts";
import type { PolicyAt } from "./history.ts";
import {
  type Evidence,
  judgeChange,
  judgedApprovals,
  principalsOf,
  type RequirementOutcome,
} from "./judge.ts";
import type { AuditChange, Classification } from "./schema.ts";

export interface ChangeInput {
  commit: LogCommit;
  /** Governed paths it changed (from the repository's top level). */
  paths: string[];
  tenants: string[];
  /** The policy at its first parent; "none" when there was no charter.yml there. */
  policy: PolicyAt | "none";
  evidence?: Evidence;
  /** Releases published from it. */
  releases: string[];
  /**
   * Releases from it whose verified records name a pull request but verify only under the trust this
   * commit itself declares (their signer was not trusted at its first parent): no evidence.
   */
  selfVouched?: string[];
  /** Files the pull request changed whose merged content differs from the approved head (null: unknown). */
  differingFiles: string[] | null;
  /** Whether GitHub was asked about it (and had no merged pull request when `evidence` is absent). */
  githubChecked: boolean;
  branch: string;
  directory?: Directory;
}

export function claimedPullRequest(subject: string): number | null {
  const m = /^Merge pull request #(\d{1,9})\b/.exec(subject) ?? /\(#(\d{1,9})\)\s*$/.exec(subject);
  return m ? Number(m[1]) : null;
}

const who = (p: { name: string; email: string }) => `${p.name} <${p.email}>`;

export function classifyChange(x: ChangeInput): AuditChange {
  const c = x.commit;
  const claimed = claimedPullRequest(c.subject);
  const base: Omit<AuditChange, "classification" | "reason"> = {
    commit: c.sha,
    parents: c.parents,
    date: new Date(c.time * 1000).toISOString(),
    author: c.author,
    committer: c.committer,
    subject: c.subject,
    claimedPullRequest: claimed,
    paths: x.paths,
    tenants: x.tenants,
    evidence: x.evidence?.source ?? "none",
    pullRequest: x.evidence?.pullRequest ?? null,
    requirements: [],
    approvals: [],
    releases: x.releases,
  };
  const done = (classification: Classification, reason: string, extra: Partial<AuditChange> = {}) => ({
    ...base,
    ...extra,
    classification,
    reason,
  });

  if (x.policy === "none")
    return done("bootstrap", "no charter.yml at its first parent: no policy was in force before it");

  const e = x.evidence;
  if (!e) {
    const merge = c.parents.length > 1;
    if (x.githubChecked)
      return done(
        "direct-push",
        `GitHub lists no merged pull request for it: ${merge ? "a branch merged" : "committed"} straight to ${x.branch} by ${who(c.committer)}`,
      );
    if (x.selfVouched?.length)
      return done(
        "no-evidence",
        `${x.selfVouched.join(", ")} record${x.selfVouched.length === 1 ? "s" : ""} a pull request, but ${x.selfVouched.length === 1 ? "its record verifies" : "their records verify"} only under the trust this commit itself declares (the signer was not trusted at its first parent): a commit cannot vouch for itself; run with GITHUB_TOKEN to ask GitHub`,
      );
    if (merge || claimed !== null)
      return done(
        "no-evidence",
        `${merge ? "a merge" : "a commit"}${claimed !== null ? ` of pull request #${claimed} (by its message)` : ""} changed governed files, but no verified release record shows its approvals; run with GITHUB_TOKEN to ask GitHub`,
      );
    return done(
      "direct-push",
      `committed straight to ${x.branch} by ${who(c.committer)}, not through a pull request`,
    );
  }

  const pr = e.pullRequest;
  const prName = `pull request #${pr.number} by ${pr.author.login}${pr.merger ? `, merged by ${pr.merger.login}` : ""}`;
  let requirements: RequirementOutcome[];
  let approvals: AuditChange["approvals"];
  if (!x.policy.ok) {
    requirements = [
      {
        id: "policy",
        required: 1,
        approvers: [],
        approvedBy: [],
        stale: [],
        status: "unmet",
        reason: x.policy.problem,
      },
    ];
    approvals = judgedApprovals(e, [], [], x.directory);
  } else {
    requirements = judgeChange(x.policy.policy, x.paths, e, x.directory);
    const { principals, allowBots } = principalsOf(x.policy.policy, x.paths);
    approvals = judgedApprovals(e, principals, allowBots, x.directory);
  }
  const extra = {
    requirements: requirements.map(({ stale: _stale, ...r }) => r),
    approvals,
  };
  const unmet = requirements.filter((r) => r.status === "unmet");
  if (unmet.length > 0) {
    const staleWouldMeet = unmet.every((r) => r.approvedBy.length + r.stale.length >= r.required);
    const what = unmet.map((r) => `${r.id}: ${r.reason}`).join("; ");
    return staleWouldMeet
      ? done(
          "stale-approval",
          `${prName}: approvals were on an earlier commit than the merged head (${what})`,
          extra,
        )
      : done("admin-merge", `${prName} was merged without the required approvals (${what})`, extra);
  }
  const unconfirmed = requirements.filter((r) => r.status === "unconfirmed");
  if (unconfirmed.length > 0)
    return done(
      "unconfirmed",
      `${prName}: ${unconfirmed.map((r) => `${r.id}: ${r.reason}`).join("; ")}; run with GITHUB_TOKEN to read team members`,
      extra,
    );
  if (x.differingFiles?.length)
    return done(
      "stale-approval",
      `${prName}: the merged content of ${x.differingFiles.join(", ")} differs from the approved head ${pr.headSha.slice(0, 12)}`,
      extra,
    );
  const by = requirements.map((r) => `${r.id} by ${r.approvedBy.join(", ") || "nobody needed"}`).join("; ");
  return done("governed", `${prName}; approved: ${by || "no requirement raised"}`, extra);
}
