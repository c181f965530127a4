/**
 * Release confidence: one verdict per pull request — `ready`, `needs-attention` or `blocked` — with
 * the reasons behind it, from the change kinds and their risk, the evaluation deltas and coverage,
 * the lint state and the approval state. Pure: every front end (CLI, Action) gathers the facts and
 * gets the same answer.
 *
 * The model: each finding is a reason with a severity (`blocker`, `attention`, `info`). Some are
 * always blockers (lint errors, gating-suite regressions and failures, changes requested, a policy
 * that cannot be evaluated, unapproved security changes); others take the verdict `rules` give them.
 * Changes and coverage gaps also add points to a risk score, compared with two thresholds. The
 * verdict is the worst of the reasons and the score.
 */
import type { ConfidenceConfig, RiskLevel, Verdict } from "../../workflows-schema/index.ts";
import type { Requirement } from "../approvals/requirements.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { Change, ChangeSet } from "../diff/change.ts";
import type { Comparison } from "../eval/compare.ts";
import { type ApprovalState, escalationsFor } from "./approval-state.ts";
import { type CoverageItem, entityLabel, evalCoverage } from "./coverage.ts";

export type Severity = "blocker" | "attention" | "info";

export interface Reason {
  /** Stable id, e.g. `lint-error`, `uncovered-prompt`, `security-unapproved`. */
  code: string;
  severity: Severity;
  /** What was found and what to do about it. */
  message: string;
  where?: { tenant?: string; entity?: string; file?: string; line?: number };
}

export interface ConfidenceInput {
  changes: ChangeSet;
  /** The head's lint diagnostics (linted against the base). */
  lint: readonly Diagnostic[];
  /** Base vs head evaluation of the suites the change affects; absent when it did not run. */
  evaluation?: Comparison;
  /** Why the evaluation did not run, when it did not. */
  evaluationSkipped?: string;
  approvals: ApprovalState;
  /**
   * The escalations the base's policy raises for this change, known without GitHub. With only a
   * check run's conclusion, they tell a security change no escalation covers from one that is covered.
   */
  escalations?: readonly Requirement[];
  /** The base's `confidence` settings. */
  config: ConfidenceConfig;
}

export interface Confidence {
  verdict: Verdict;
  /** Reasons, worst first. */
  reasons: Reason[];
  score: number;
  thresholds: { needsAttention: number; blocked: number };
  /** Changes by risk level. */
  risk: Record<RiskLevel, number>;
  coverage: CoverageItem[];
  approvals: ApprovalState;
}

const SEVERITY: Record<Verdict, Severity> = {
  ready: "info",
  "needs-attention": "attention",
  blocked: "blocker",
};
const RANK: Record<Severity, number> = { blocker: 0, attention: 1, info: 2 };
const LINT_SHOWN = 20;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function lintReasons(lint: readonly Diagnostic[], config: ConfidenceConfig): Reason[] {
  const reasons: Reason[] = [];
  const errors = lint.filter((d) => d.severity === "error");
  for (const d of errors.slice(0, LINT_SHOWN)) {
    reasons.push({
      code: "lint-error",
      severity: "blocker",
      message: `${d.rule}: ${d.message}`,
      where: { ...tenantOf(d.file), file: d.file, line: d.line },
    });
  }
  if (errors.length > LINT_SHOWN)
    reasons.push({
      code: "lint-error",
      severity: "blocker",
      message: `…and ${plural(errors.length - LINT_SHOWN, "more lint error")}: run charter lint --base.`,
    });
  const warnings = lint.filter((d) => d.severity === "warning");
  if (warnings.length > 0)
    reasons.push({
      code: "lint-warning",
      severity: SEVERITY[config.rules.lint_warnings],
      message: `${plural(warnings.length, "lint warning")} (${[...new Set(warnings.map((w) => w.rule))].join(", ")}): run charter lint --base to see them.`,
    });
  return reasons;
}

function tenantOf(file: string): { tenant?: string } {
  const m = /^tenants\/([^/]+)\//.exec(file);
  return m ? { tenant: m[1]! } : {};
}

function evalReasons(
  evaluation: Comparison | undefined,
  skipped: string | undefined,
  config: ConfidenceConfig,
): Reason[] {
  if (!evaluation)
    return [
      {
        code: "eval-not-run",
        severity: "attention",
        message: `The evaluation did not run${skipped ? ` (${skipped})` : ""}, so regressions and coverage are unknown: run charter eval --base.`,
      },
    ];
  const reasons: Reason[] = [];
  const advisory = new Set(config.advisory_suites);
  for (const s of evaluation.suites) {
    const id = `${s.tenant}/${s.name}`;
    const severity = advisory.has(id) ? SEVERITY[config.rules.advisory_suites] : "blocker";
    const gate = advisory.has(id) ? " (advisory suite)" : "";
    const file = s.head?.file ?? s.base?.file;
    const where = { tenant: s.tenant, entity: id, ...(file ? { file } : {}) };
    if (s.regressions > 0) {
      const cases = s.cases.filter((c) => c.change === "regressed").map((c) => c.id);
      reasons.push({
        code: "eval-regression",
        severity,
        message: `${id}${gate}: ${plural(s.regressions, "case")} passed on base and fail on head (${[...new Set(cases)].join(", ")}). Fix the change or, if the new behaviour is right, the cases.`,
        where,
      });
    }
    if (s.head && !s.head.passed) {
      reasons.push({
        code: "eval-failing",
        severity,
        message: `${id}${gate}: pass rate ${(s.head.passRate * 100).toFixed(1)}% is below its threshold ${(s.head.threshold * 100).toFixed(0)}%.`,
        where,
      });
    }
  }
  return reasons;
}

function coverageReasons(items: readonly CoverageItem[], config: ConfidenceConfig): Reason[] {
  return items
    .filter((i) => i.coveredBy.length === 0)
    .map((i) => {
      const what =
        i.entity.type === "node"
          ? `Node ${entityLabel(i)} (${i.because})`
          : i.entity.type === "prompt"
            ? `Prompt ${entityLabel(i)} (${i.because})`
            : `Workflow ${entityLabel(i)} (${i.because})`;
      const how =
        i.entity.type === "prompt"
          ? "add a case to a suite for this prompt, or a workflow case whose run reaches a node that uses it"
          : "add a workflow case whose inputs make the run reach it";
      return {
        code: `uncovered-${i.entity.type}`,
        severity: SEVERITY[config.rules.uncovered],
        message: `${what}: no evaluation case exercised it; ${how}.`,
        where: { tenant: i.tenant, entity: entityLabel(i), file: i.file },
      };
    });
}

function approvalReasons(
  state: ApprovalState,
  changes: ChangeSet,
  config: ConfidenceConfig,
  escalations: readonly Requirement[] | undefined,
): Reason[] {
  const reasons: Reason[] = [];
  const pending = SEVERITY[config.rules.approvals_pending];
  const security = changes.changes.filter((c) => config.security_kinds.includes(c.kind));
  const where = (c: ChangeSet["changes"][number]) => ({
    ...(c.tenant ? { tenant: c.tenant } : {}),
    entity: c.subject.workflow ? `${c.subject.workflow} › ${c.subject.name}` : c.subject.name,
    file: c.file,
  });

  if (state.source === "decision") {
    const d = state.decision;
    if (d.conclusion === "error")
      reasons.push({
        code: "approvals-error",
        severity: "blocker",
        message: `Approvals cannot be evaluated: ${d.problems[0] ?? d.requirements.find((r) => r.problem)?.problem ?? d.title}`,
      });
    for (const r of d.requirements.filter((x) => x.status === "blocked"))
      reasons.push({
        code: "approvals-blocked",
        severity: "blocker",
        message: `${r.title}: changes requested by ${r.blockedBy.map((u) => u.login).join(", ")}; they must approve, or their review be dismissed.`,
        ...(r.tenant ? { where: { tenant: r.tenant } } : {}),
      });
    // Escalations a security change waits for are reported once, below, as blockers.
    const securityEscalations = new Set(
      security.flatMap((c) => escalationsFor(d.requirements, c)).map((r) => r.id),
    );
    for (const r of d.requirements.filter((x) => x.status === "pending" && !securityEscalations.has(x.id)))
      reasons.push({
        code: "approvals-pending",
        severity: pending,
        message: `${r.title}: ${r.approvedBy.length}/${r.required} approvals (${r.because.join("; ")}).`,
        ...(r.tenant ? { where: { tenant: r.tenant } } : {}),
      });
    for (const c of security) {
      const escalations = escalationsFor(d.requirements, c);
      if (escalations.length === 0) reasons.push(noEscalation(c));
      else if (escalations.some((e) => e.status !== "approved"))
        reasons.push({
          code: "security-unapproved",
          severity: "blocker",
          message: `${c.kind}: ${c.summary} It needs ${escalations
            .filter((e) => e.status !== "approved")
            .map((e) => `${e.title} (${e.approvedBy.length}/${e.required})`)
            .join(", ")}.`,
          where: where(c),
        });
    }
    return reasons;
  }

  const conclusion = state.source === "check-run" ? state.conclusion : undefined;
  if (conclusion === "error" || conclusion === "blocked")
    reasons.push({
      code: conclusion === "error" ? "approvals-error" : "approvals-blocked",
      severity: "blocker",
      message: `The approvals check says: ${state.source === "check-run" ? state.title : ""}`,
    });
  else if (conclusion === "pending")
    reasons.push({
      code: "approvals-pending",
      severity: pending,
      message: `The approvals check says: ${state.source === "check-run" ? state.title : ""}`,
    });
  else if (state.source === "unknown")
    reasons.push({ code: "approvals-unknown", severity: pending, message: state.why });
  for (const c of security) {
    // A security change no escalation covers is blocked whatever the check says (when the base
    // policy is known); otherwise an approved check means its escalations were approved, and short
    // of that it is not known to be approved, and is not assumed to be.
    if (escalations && escalationsFor(escalations, c).length === 0) reasons.push(noEscalation(c));
    else if (conclusion !== "approved")
      reasons.push({
        code: "security-unapproved",
        severity: "blocker",
        message: `${c.kind}: ${c.summary} Its escalation approval is not confirmed (approvals: ${conclusion ?? "not known"}).`,
        where: where(c),
      });
  }
  return reasons;

  function noEscalation(c: Change): Reason {
    return {
      code: "security-unapproved",
      severity: "blocker",
      message: `${c.kind}: ${c.summary} No escalation requires a security approval for it; add one for ${c.kind} under risk.escalations in charter.yml (or the tenant's approvals.escalations) on the base branch.`,
      where: where(c),
    };
  }
}

export function computeConfidence(input: ConfidenceInput): Confidence {
  const { config } = input;
  const coverage = evalCoverage(input.changes, input.evaluation);
  const risk: Record<RiskLevel, number> = { low: 0, medium: 0, high: 0, critical: 0 };
  for (const c of input.changes.changes) risk[c.risk]++;
  const uncovered = coverage.filter((i) => i.coveredBy.length === 0).length;
  const w = config.weights;
  const score =
    risk.low * w.risk.low +
    risk.medium * w.risk.medium +
    risk.high * w.risk.high +
    risk.critical * w.risk.critical +
    uncovered * w.uncovered;
  const t = config.thresholds;

  const reasons: Reason[] = [
    ...lintReasons(input.lint, config),
    ...evalReasons(input.evaluation, input.evaluationSkipped, config),
    ...coverageReasons(coverage, config),
    ...approvalReasons(input.approvals, input.changes, config, input.escalations),
  ];
  const counts = (["critical", "high", "medium", "low"] as const)
    .filter((l) => risk[l] > 0)
    .map((l) => `${risk[l]} ${l}`)
    .join(", ");
  const scoreSeverity: Severity =
    score >= t.blocked ? "blocker" : score >= t.needs_attention ? "attention" : "info";
  if (input.changes.changes.length > 0)
    reasons.push({
      code: "risk-score",
      severity: scoreSeverity,
      message: `Risk score ${score} (${counts || "no"} change${input.changes.changes.length === 1 ? "" : "s"}${uncovered ? `, ${uncovered} uncovered` : ""}); needs attention from ${t.needs_attention}, blocked from ${t.blocked}.`,
    });
  reasons.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  const verdict: Verdict = reasons.some((r) => r.severity === "blocker")
    ? "blocked"
    : reasons.some((r) => r.severity === "attention")
      ? "needs-attention"
      : "ready";
  return {
    verdict,
    reasons,
    score,
    thresholds: { needsAttention: t.needs_attention, blocked: t.blocked },
    risk,
    coverage,
    approvals: input.approvals,
  };
}
