/**
 * What a pull request needs: one requirement per tenant it touches, one for the platform policy
 * files (governance owners), and one per escalation its risky change kinds trigger. Each says why
 * it applies, so the check run can explain itself.
 */
import { riskRank } from "../diff/kinds.ts";
import type { ChangeFact } from "./facts.ts";
import { type ApprovalPolicy, type EscalationRule, policyRisk } from "./policy.ts";
import type { NormalPrincipal } from "./principals.ts";

export interface Requirement {
  /** Stable id: `tenant:support`, `governance`, `escalation:support:0`, `escalation:*:1`. */
  id: string;
  /** The tenant it belongs to, if any. */
  tenant?: string;
  title: string;
  required: number;
  approvers: NormalPrincipal[];
  /** Bot logins (lower case) whose approvals count. */
  allowBots: string[];
  /** Why it applies, one line each. */
  because: string[];
  /** Set when the requirement cannot be judged (its policy is invalid): it fails closed. */
  problem?: string;
  /** For an escalation: the changes it covers (kind, tenant and summary), matched by structure, not by `because` text. */
  covers?: Pick<ChangeFact, "kind" | "tenant" | "summary">[];
}

export interface TouchedPaths {
  requirements: Requirement[];
  /** Changed paths outside the governed root (not Charter's to approve). */
  outside: number;
  /** Changed paths inside it. */
  governed: number;
}

const PLATFORM_FILE = /^(?:charter|models)\.ya?ml$/;
const TENANT_FILE = /^tenants\/([^/]+)\/tenant\.ya?ml$/;

/** Which area of the governed repository a path belongs to. */
function area(rel: string): { tenant?: string; platform?: string } {
  if (PLATFORM_FILE.test(rel)) return { platform: rel };
  if (rel.startsWith("tools/")) return { platform: "tools/" };
  const parts = rel.split("/");
  if (parts[0] === "tenants" && parts.length >= 3) {
    if (TENANT_FILE.test(rel)) return { tenant: parts[1]!, platform: rel };
    return { tenant: parts[1]! };
  }
  if (parts[0] === "cassettes" && parts.length >= 3) return { tenant: parts[1]! };
  // Anything else in the governed root belongs to no tenant: the governance owners own it.
  return { platform: rel };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function matches(e: EscalationRule, change: ChangeFact, policy: ApprovalPolicy): boolean {
  if (e.kinds.includes(change.kind)) return true;
  return e.minLevel !== undefined && riskRank(policyRisk(policy, change.kind)) >= riskRank(e.minLevel);
}

function escalationTitle(e: EscalationRule, scope: string): string {
  const what = [
    ...(e.kinds.length ? [e.kinds.join(", ")] : []),
    ...(e.minLevel ? [`risk ≥ ${e.minLevel}`] : []),
  ].join(" or ");
  return `${scope} escalation (${what})`;
}

/**
 * The requirements a set of changed paths and semantic changes raise under `policy`. `aiDrafted`
 * says why the pull request counts as AI-drafted (see ai-drafted.ts); with charter.yml
 * `drafts.extra_approvals`, each tenant and governance requirement then gets a twin that needs that
 * many more approvals from the same approvers, humans only.
 */
export function requirementsFor(
  policy: ApprovalPolicy,
  paths: readonly string[],
  changes: readonly ChangeFact[],
  aiDrafted: readonly string[] = [],
): TouchedPaths {
  const prefix = policy.root ? `${policy.root}/` : "";
  const tenantFiles = new Map<string, number>();
  const platform = new Set<string>();
  let outside = 0;
  for (const path of paths) {
    if (!path.startsWith(prefix)) {
      outside++;
      continue;
    }
    const a = area(path.slice(prefix.length));
    if (a.tenant) tenantFiles.set(a.tenant, (tenantFiles.get(a.tenant) ?? 0) + 1);
    if (a.platform) platform.add(a.platform);
  }
  // A change the diff attributes to a tenant touches it, even if no path said so (renames).
  for (const c of changes) if (c.tenant && !tenantFiles.has(c.tenant)) tenantFiles.set(c.tenant, 0);

  const requirements: Requirement[] = [];
  const governanceBecause: string[] = [];
  for (const file of [...platform].sort()) {
    const tenantFile = TENANT_FILE.exec(file);
    governanceBecause.push(
      tenantFile
        ? `${prefix}${file} (tenant ${tenantFile[1]}'s policy) changed`
        : file === "tools/"
          ? `the tool catalog (${prefix}tools/) changed`
          : PLATFORM_FILE.test(file)
            ? `${prefix}${file} changed`
            : `${prefix}${file} belongs to no tenant`,
    );
  }

  for (const [tenant, files] of [...tenantFiles].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const because = files > 0 ? [`${plural(files, "file")} of tenant ${tenant} changed`] : [];
    const changed = changes.filter((c) => c.tenant === tenant);
    if (files === 0 && changed.length)
      because.push(`${plural(changed.length, "change")} in tenant ${tenant}`);
    const t = policy.tenants.get(tenant);
    const invalid = policy.invalidTenants.get(tenant);
    if (t) {
      requirements.push({
        id: `tenant:${tenant}`,
        tenant,
        title: tenant,
        required: t.required,
        approvers: t.approvers,
        allowBots: t.allowBots,
        because,
      });
      t.escalations.forEach((e, i) => {
        const hits = changed.filter((c) => matches(e, c, policy));
        if (hits.length === 0) return;
        requirements.push({
          id: `escalation:${tenant}:${i}`,
          tenant,
          title: escalationTitle(e, tenant),
          required: e.required,
          approvers: e.approvers,
          allowBots: [],
          because: hits.map((c) => `${c.kind}: ${c.summary}`),
          covers: hits.map((c) => ({
            kind: c.kind,
            ...(c.tenant ? { tenant: c.tenant } : {}),
            summary: c.summary,
          })),
        });
      });
    } else if (invalid) {
      requirements.push({
        id: `tenant:${tenant}`,
        tenant,
        title: tenant,
        required: 1,
        approvers: [],
        allowBots: [],
        because,
        problem: `Tenant ${tenant}'s tenant.yml is invalid on the base commit (${invalid}). Fix it on the base branch first.`,
      });
    } else {
      // No approvers on base: a new tenant (its head tenant.yml is not trusted) is a governance matter.
      governanceBecause.push(`tenant ${tenant} has no tenant.yml on the base branch (a new tenant)`);
    }
  }

  policy.escalations.forEach((e, i) => {
    const hits = changes.filter((c) => matches(e, c, policy));
    if (hits.length === 0) return;
    requirements.push({
      id: `escalation:*:${i}`,
      title: escalationTitle(e, "platform"),
      required: e.required,
      approvers: e.approvers,
      allowBots: [],
      because: hits.map((c) => `${c.kind}${c.tenant ? ` in ${c.tenant}` : ""}: ${c.summary}`),
      covers: hits.map((c) => ({
        kind: c.kind,
        ...(c.tenant ? { tenant: c.tenant } : {}),
        summary: c.summary,
      })),
    });
  });

  if (governanceBecause.length > 0)
    requirements.unshift({
      id: "governance",
      title: "governance",
      required: policy.governance.required,
      approvers: policy.governance.owners,
      allowBots: [],
      because: governanceBecause,
    });
  return {
    requirements: withDraftApprovals(requirements, policy, aiDrafted),
    outside,
    governed: paths.length - outside,
  };
}

function withDraftApprovals(
  requirements: Requirement[],
  policy: ApprovalPolicy,
  aiDrafted: readonly string[],
): Requirement[] {
  const extra = policy.drafts.extraApprovals;
  if (extra === 0 || aiDrafted.length === 0) return requirements;
  const out: Requirement[] = [];
  for (const r of requirements) {
    out.push(r);
    if (r.problem || (r.id !== "governance" && !r.id.startsWith("tenant:"))) continue;
    out.push({
      id: `ai-drafted:${r.tenant ?? "governance"}`,
      ...(r.tenant === undefined ? {} : { tenant: r.tenant }),
      title: `${r.title} (AI-drafted)`,
      required: r.required + extra,
      approvers: r.approvers,
      // Bots never count towards the approvals an AI-drafted change needs.
      allowBots: [],
      because: [
        ...aiDrafted,
        `charter.yml drafts.extra_approvals asks ${plural(extra, "more human approval")} than ${r.title}'s ${r.required}`,
      ],
    });
  }
  return out;
}
