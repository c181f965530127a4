/**
 * Approvals judged again, after the fact, against the policy that was in force at the merge's first
 * parent — from git alone where git can decide, and saying so where it cannot:
 *
 * - a `{ user, id }` approver is matched by numeric id, a `user:LOGIN` approver by the login the
 *   record carries (case-insensitively) — basis `policy`;
 * - a `team:ORG/SLUG` approver needs the team's members: with a GitHub token they are read
 *   (basis `github`); offline the only evidence is the signed record's own word that the reviewer
 *   qualified through that team (basis `attestation`); with neither the approval is undecided;
 * - the pull request's author never counts, and only approvals on the merged head count; an
 *   entitled approval on an earlier commit is reported as stale.
 *
 * A requirement is `met` with enough entitled approvals on the merged head, `unconfirmed` when only
 * undecided ones could make up the number, and `unmet` otherwise.
 */
import type { Directory } from "../approvals/facts.ts";
import type { ApprovalPolicy } from "../approvals/policy.ts";
import type { NormalPrincipal } from "../approvals/principals.ts";
import { requirementsFor } from "../approvals/requirements.ts";
import type { AuditApproval, AuditPullRequest, AuditRequirement } from "./schema.ts";

export interface AttestedJudgement {
  tenant: string | null;
  counted: boolean;
  via: string | null;
  reason: string | null;
}

export interface EvidenceApproval {
  reviewer: { login: string; id: number };
  commit: string;
  submittedAt: string | null;
  /** Known from GitHub only. */
  bot?: boolean;
  /** The signed records' judgements (one per released tenant). */
  attested: AttestedJudgement[];
}

/** What is known about the pull request behind a commit, and from where. */
export interface Evidence {
  source: "attestation" | "github";
  pullRequest: AuditPullRequest;
  approvals: EvidenceApproval[];
}

export interface Entitlement {
  entitled: boolean | null;
  basis: AuditApproval["basis"];
  reason: string;
}

/** Whether one approval's reviewer is among `principals`. */
export function entitlement(
  a: EvidenceApproval,
  pr: AuditPullRequest,
  principals: readonly NormalPrincipal[],
  allowBots: readonly string[],
  dir: Directory | undefined,
  tenant?: string,
): Entitlement {
  if (a.reviewer.id === pr.author.id)
    return { entitled: false, basis: "policy", reason: "the pull request's author" };
  if (a.bot && !allowBots.includes(a.reviewer.login.toLowerCase()))
    return { entitled: false, basis: "github", reason: "a bot (not in approvals.allow_bots)" };
  // The record names how the reviewer qualified; a principal the policy does not list is no qualification.
  const claimed = tenant
    ? a.attested.find(
        (j) =>
          j.tenant === tenant &&
          j.counted &&
          j.via &&
          !principals.some((p) => p.label.toLowerCase() === j.via!.toLowerCase()),
      )
    : undefined;
  if (claimed)
    return {
      entitled: false,
      basis: "policy",
      reason: `the record says it qualified as ${claimed.via}, which is not an approver under the policy in force`,
    };
  const undecided: string[] = [];
  for (const p of principals) {
    if (p.type === "user") {
      const resolved = p.id ?? dir?.users[p.login.toLowerCase()];
      if (typeof resolved === "number") {
        if (resolved === a.reviewer.id)
          return {
            entitled: true,
            basis: p.id !== undefined ? "policy" : "github",
            reason: `${p.label} (id ${resolved})`,
          };
      } else if (resolved !== null && p.login.toLowerCase() === a.reviewer.login.toLowerCase()) {
        return { entitled: true, basis: "policy", reason: `${p.label} (by the login recorded)` };
      }
    } else {
      const team = dir?.teams[p.key];
      if (team && "members" in team) {
        if (team.members.includes(a.reviewer.id))
          return { entitled: true, basis: "github", reason: `member of ${p.label} (read from GitHub)` };
        continue;
      }
      if (a.attested.some((j) => j.counted && j.via?.toLowerCase() === p.label.toLowerCase()))
        return {
          entitled: true,
          basis: "attestation",
          reason: `member of ${p.label} per the signed record (membership not checked offline)`,
        };
      undecided.push(
        team && "error" in team
          ? `members of ${p.label} could not be read (${team.error})`
          : `membership of ${p.label} cannot be checked offline`,
      );
    }
  }
  if (undecided.length) {
    // The record's own negative judgement for this tenant, made with the team members in hand,
    // is evidence against (counting fewer never lets a change through).
    const refused = tenant
      ? a.attested.find(
          (j) =>
            j.tenant === tenant &&
            !j.counted &&
            (j.reason === "not a tenant approver" || j.reason?.startsWith("a bot")),
        )
      : undefined;
    if (refused)
      return { entitled: false, basis: "attestation", reason: `per the signed record: ${refused.reason}` };
    return { entitled: null, basis: "none", reason: undecided.join("; ") };
  }
  return { entitled: false, basis: "policy", reason: "not an approver under the policy in force" };
}

/** Each approval judged against the union of `principals`, in the report's shape. */
export function judgedApprovals(
  evidence: Evidence,
  principals: readonly NormalPrincipal[],
  allowBots: readonly string[],
  dir: Directory | undefined,
  tenant?: string,
): AuditApproval[] {
  return evidence.approvals.map((a) => {
    const e = entitlement(a, evidence.pullRequest, principals, allowBots, dir, tenant);
    const attested = a.attested.find((j) => j.tenant === (tenant ?? j.tenant)) ?? null;
    return {
      reviewer: a.reviewer,
      commit: a.commit,
      submittedAt: a.submittedAt,
      onMergedHead: a.commit === evidence.pullRequest.headSha,
      attested: attested && { counted: attested.counted, via: attested.via, reason: attested.reason },
      entitled: e.entitled,
      basis: e.basis,
      reason: e.reason,
    };
  });
}

export interface RequirementOutcome extends AuditRequirement {
  /** Entitled approvals on earlier commits (stale at merge). */
  stale: string[];
}

function judgeRequirement(
  id: string,
  required: number,
  principals: readonly NormalPrincipal[],
  allowBots: readonly string[],
  evidence: Evidence,
  dir: Directory | undefined,
  tenant: string | undefined,
): RequirementOutcome {
  const approvedBy = new Map<number, string>();
  const undecided = new Map<number, string>();
  const stale = new Map<number, string>();
  for (const a of evidence.approvals) {
    const e = entitlement(a, evidence.pullRequest, principals, allowBots, dir, tenant);
    const onHead = a.commit === evidence.pullRequest.headSha;
    if (e.entitled === true && onHead) approvedBy.set(a.reviewer.id, a.reviewer.login);
    else if (e.entitled === null && onHead) undecided.set(a.reviewer.id, a.reviewer.login);
    else if (e.entitled !== false && !onHead) stale.set(a.reviewer.id, a.reviewer.login);
  }
  for (const k of approvedBy.keys()) {
    undecided.delete(k);
    stale.delete(k);
  }
  const n = approvedBy.size;
  const base = {
    id,
    required,
    approvers: principals.map((p) => p.label),
    approvedBy: [...approvedBy.values()],
    stale: [...stale.values()],
  };
  if (n >= required)
    return { ...base, status: "met", reason: `${n} of ${required} entitled approval(s) on the merged head` };
  if (n + undecided.size >= required)
    return {
      ...base,
      status: "unconfirmed",
      reason: `${n} of ${required} entitled approval(s) confirmed; ${[...undecided.values()].join(", ")} approved but their entitlement cannot be decided offline (team membership)`,
    };
  return {
    ...base,
    status: "unmet",
    reason: `${n} of ${required} entitled approval(s) on the merged head${stale.size ? `; ${[...stale.values()].join(", ")} approved an earlier commit` : ""}`,
  };
}

/**
 * The requirements a change raises under `policy` (by the paths it changed: a tenant's files need
 * its approvers; platform files — charter.yml, models.yml, tools/, tenant.yml, key files — need
 * the governance owners), each judged on `evidence`. Risk escalations depend on the semantic diff and
 * are judged by the approvals check at merge time; its conclusion is in the release's checks.
 */
export function judgeChange(
  policy: ApprovalPolicy,
  paths: readonly string[],
  evidence: Evidence,
  dir: Directory | undefined,
): RequirementOutcome[] {
  const touched = requirementsFor(policy, paths, []);
  return touched.requirements.map((r) =>
    r.problem
      ? {
          id: r.id,
          required: r.required,
          approvers: [],
          approvedBy: [],
          stale: [],
          status: "unmet" as const,
          reason: r.problem,
        }
      : judgeRequirement(
          r.id,
          r.required,
          r.approvers,
          r.allowBots,
          evidence,
          dir,
          r.id === `tenant:${r.tenant}` ? r.tenant : undefined,
        ),
  );
}

/** The principals of every requirement a change raises (to judge its approvals as a list). */
export function principalsOf(policy: ApprovalPolicy, paths: readonly string[]) {
  const touched = requirementsFor(policy, paths, []);
  const principals = new Map<string, NormalPrincipal>();
  const bots = new Set<string>();
  for (const r of touched.requirements) {
    for (const p of r.approvers) principals.set(p.label, p);
    for (const b of r.allowBots) bots.add(b);
  }
  return { principals: [...principals.values()], allowBots: [...bots] };
}

/** The teams whose members a GitHub directory must read to judge these policies. */
export function teamsOf(policies: Iterable<ApprovalPolicy>) {
  const teams = new Map<string, { org: string; slug: string; key: string }>();
  const users = new Set<string>();
  const add = (ps: readonly NormalPrincipal[]) => {
    for (const p of ps) {
      if (p.type === "team") teams.set(p.key, { org: p.org, slug: p.slug, key: p.key });
      else if (p.id === undefined) users.add(p.login.toLowerCase());
    }
  };
  for (const policy of policies) {
    add(policy.governance.owners);
    for (const t of policy.tenants.values()) add(t.approvers);
  }
  return { users: [...users].sort(), teams: [...teams.values()] };
}
