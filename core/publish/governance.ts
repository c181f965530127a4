/**
 * The governance predicate of a release: who proposed, who approved (each approval judged against
 * the tenant's approvers in the policy in force — the base of the merge — and against the merged
 * head), who merged, what the checks and the evaluation said, the policy's digest, and the release's
 * place in its workflow's sequence (monotonic sequence, previous digest, expiry), so a runner can
 * refuse rollbacks and stale releases the way TUF clients do.
 */
import type { Directory } from "../approvals/facts.ts";
import type { ApprovalPolicy } from "../approvals/policy.ts";
import { identitiesToResolve, membership } from "../approvals/principals.ts";
import type { Bundle } from "../bundle/build.ts";
import { sha256Hex } from "../bundle/build.ts";
import type { GovernancePredicate } from "../signing/statement.ts";
import { canonicalJson } from "../text/canonical-json.ts";
import type { ReleaseFacts, ReviewRecord } from "./github-facts.ts";

export interface ReleaseContext {
  repository: string;
  commit: string;
  ref: string;
  /** The commit whose policy applied (the merge's first parent). */
  policyCommit: string;
  /** Whether the governed files at the approved head equal those of the released commit (when known). */
  treeEqual?: boolean;
  sequence: number;
  previous: { digest: string; version: string } | null;
  issuedAt: Date;
  expiresAfterDays: number;
}

/** The identities a directory must resolve to judge approvals for `tenant`. */
export function approverIdentities(policy: ApprovalPolicy, tenant: string) {
  return identitiesToResolve(policy.tenants.get(tenant)?.approvers ?? []);
}

/** Digest of the policy that governed this tenant's release: the tenant's rules plus the platform's. */
export function policyDigest(policy: ApprovalPolicy, tenant: string): string {
  const t = policy.tenants.get(tenant);
  return `sha256:${sha256Hex(
    canonicalJson({
      tenant: t ? { ...t, file: undefined } : null,
      governance: policy.governance,
      escalations: policy.escalations,
      riskLevels: policy.riskLevels,
    }),
  )}`;
}

function judge(
  review: ReviewRecord,
  facts: ReleaseFacts,
  policy: ApprovalPolicy | undefined,
  tenant: string,
  dir: Directory,
): { counted: boolean; via?: string; reason?: string } {
  const pr = facts.pullRequest!;
  if (review.commit !== pr.headSha)
    return {
      counted: false,
      reason: `approved ${review.commit.slice(0, 12)}, not the merged head ${pr.headSha.slice(0, 12)}`,
    };
  if (review.reviewer.id === pr.author.id) return { counted: false, reason: "the pull request's author" };
  const t = policy?.tenants.get(tenant);
  if (!t) return { counted: false, reason: `no valid policy for tenant ${tenant} at the base commit` };
  if (review.reviewer.bot && !t.allowBots.includes(review.reviewer.login.toLowerCase()))
    return { counted: false, reason: "a bot (not in approvals.allow_bots)" };
  const m = membership(review.reviewer.id, t.approvers, dir);
  if (m.member) return { counted: true, via: m.via };
  return {
    counted: false,
    reason: m.unknown ? `not a tenant approver (${m.unknown})` : "not a tenant approver",
  };
}

export function governancePredicate(
  bundle: Bundle,
  facts: ReleaseFacts,
  policy: ApprovalPolicy | undefined,
  dir: Directory,
  ctx: ReleaseContext,
): GovernancePredicate {
  const pr = facts.pullRequest;
  const t = policy?.tenants.get(bundle.tenant);
  const expires = new Date(ctx.issuedAt.getTime() + ctx.expiresAfterDays * 86_400_000);
  return {
    name: `${bundle.tenant}/${bundle.workflow}`,
    tenant: bundle.tenant,
    workflow: bundle.workflow,
    version: bundle.version,
    sequence: ctx.sequence,
    previous: ctx.previous,
    issuedAt: ctx.issuedAt.toISOString(),
    expires: expires.toISOString(),
    source: { repository: ctx.repository, commit: ctx.commit, ref: ctx.ref },
    pullRequest: pr
      ? {
          number: pr.number,
          url: pr.url,
          author: pr.author,
          merger: pr.merger,
          mergedAt: pr.mergedAt,
          headSha: pr.headSha,
          approvedHead: pr.headSha,
          ...(ctx.treeEqual !== undefined ? { treeEqual: ctx.treeEqual } : {}),
        }
      : null,
    approvals: pr
      ? facts.approvals.map((a) => ({
          reviewer: { login: a.reviewer.login, id: a.reviewer.id },
          reviewId: a.reviewId,
          commit: a.commit,
          submittedAt: a.submittedAt,
          tenant: bundle.tenant,
          ...judge(a, facts, policy, bundle.tenant, dir),
        }))
      : [],
    checks: facts.checks,
    policy: {
      digest: policy ? policyDigest(policy, bundle.tenant) : `sha256:${sha256Hex("no-policy")}`,
      commit: ctx.policyCommit,
      required: t?.required ?? 0,
      approvers: t?.approvers.map((p) => p.label) ?? [],
    },
    eval: facts.eval
      ? {
          head: facts.eval.head,
          conclusion: facts.eval.conclusion,
          passed: facts.eval.conclusion === "success",
          suites: facts.eval.suites,
          atMergedHead: pr ? facts.eval.head === pr.headSha : false,
        }
      : null,
    bundle: { digest: bundle.digest, mediaType: "application/vnd.charter.workflow.bundle.v1.tar" },
  };
}
