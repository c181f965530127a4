/**
 * The approval policy: charter.yml and every tenant.yml as they are on the pull request's base
 * commit. Never read from the head — a pull request cannot change the rules it is judged by.
 * A policy file with any error is not guessed at: whatever depends on it fails closed.
 */
import type { ChangeKind, Escalation, RiskLevel } from "../../workflows-schema/index.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { CHANGE_KIND_INFO } from "../diff/kinds.ts";
import type { LoadResult } from "../model/load.ts";
import { type NormalPrincipal, normalizePrincipal } from "./principals.ts";

export interface EscalationRule {
  kinds: ChangeKind[];
  minLevel?: RiskLevel;
  approvers: NormalPrincipal[];
  required: number;
}

export interface TenantPolicy {
  name: string;
  file: string;
  required: number;
  approvers: NormalPrincipal[];
  escalations: EscalationRule[];
  /** Lower-cased bot logins whose approvals count for this tenant. */
  allowBots: string[];
}

export interface ApprovalPolicy {
  /** The base commit the policy was read from. */
  sha: string;
  /** The governed root inside the repository (`""` for the repository root). */
  root: string;
  governance: { owners: NormalPrincipal[]; required: number; requestReviews: boolean };
  escalations: EscalationRule[];
  riskLevels: Partial<Record<ChangeKind, RiskLevel>>;
  /** charter.yml `drafts`: extra human approvals for AI-drafted pull requests (0: none). */
  drafts: { extraApprovals: number };
  /** Tenants whose tenant.yml is valid on base. */
  tenants: Map<string, TenantPolicy>;
  /** Tenants whose tenant.yml exists on base but is invalid: name → what is wrong. */
  invalidTenants: Map<string, string>;
}

export type PolicyResult = { ok: true; policy: ApprovalPolicy } | { ok: false; problem: string };

function escalationRule(e: Escalation): EscalationRule {
  return {
    kinds: e.kinds ?? [],
    ...(e.min_level ? { minLevel: e.min_level } : {}),
    approvers: e.approvers.map(normalizePrincipal),
    required: e.required,
  };
}

function firstError(diagnostics: readonly Diagnostic[], file: string): Diagnostic | undefined {
  return diagnostics.find((d) => d.severity === "error" && d.file === file);
}

const where = (d: Diagnostic) => `${d.file}:${d.line}:${d.column}: ${d.message}`;

/** Builds the policy from the base commit's loaded repository. */
export function approvalPolicy(base: LoadResult, sha: string, root: string): PolicyResult {
  const { repo, diagnostics } = base;
  const at = `on the base commit ${sha.slice(0, 12)}`;
  const charter = repo.charter;
  if (!charter) {
    const exists = repo.paths.some((p) => /^charter\.ya?ml$/.test(p));
    const bad = exists
      ? diagnostics.find((d) => d.severity === "error" && /^charter\.ya?ml$/.test(d.file))
      : undefined;
    return {
      ok: false,
      problem: bad
        ? `charter.yml ${at} is invalid (${where(bad)}). Fix it on the base branch first; until then no pull request can be approved.`
        : `There is no valid charter.yml ${at}. Add one on the base branch first.`,
    };
  }
  const charterError = firstError(diagnostics, charter.path);
  if (charterError)
    return {
      ok: false,
      problem: `charter.yml ${at} has an error (${where(charterError)}). Fix it on the base branch first; until then no pull request can be approved.`,
    };
  const c = charter.data;
  const tenants = new Map<string, TenantPolicy>();
  const invalidTenants = new Map<string, string>();
  for (const [name, tenant] of repo.tenants) {
    const config = tenant.config;
    const file = config?.path ?? `${tenant.dir}/tenant.yml`;
    const error = firstError(diagnostics, file);
    if (!config || error) {
      // A directory without a valid tenant.yml has no approvers on base.
      if (error || tenant.invalid.has(`Tenant:${name}`))
        invalidTenants.set(name, error ? where(error) : `${file}: the file is invalid`);
      continue;
    }
    const a = config.data.approvals;
    tenants.set(name, {
      name,
      file,
      required: a.required,
      approvers: a.approvers.map(normalizePrincipal),
      escalations: a.escalations.map(escalationRule),
      allowBots: a.allow_bots.map((b) => b.toLowerCase()),
    });
  }
  return {
    ok: true,
    policy: {
      sha,
      root,
      governance: {
        owners: c.governance.owners.map(normalizePrincipal),
        required: c.governance.required,
        requestReviews: c.governance.request_reviews,
      },
      escalations: c.risk.escalations.map(escalationRule),
      riskLevels: c.risk.levels,
      drafts: { extraApprovals: c.drafts.extra_approvals },
      tenants,
      invalidTenants,
    },
  };
}

/** Risk of a change kind under this policy (base's `risk.levels`, else the built-in level). */
export function policyRisk(policy: ApprovalPolicy, kind: ChangeKind): RiskLevel {
  return policy.riskLevels[kind] ?? CHANGE_KIND_INFO[kind].risk;
}
