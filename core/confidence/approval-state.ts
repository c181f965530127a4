/**
 * What the verdict knows about approvals. Three sources, from most to least precise: the approvals
 * engine's full decision (local repositories, `charter confidence --reviews`); the conclusion of the
 * approvals app's check run on the head commit (the Action); or nothing at all. Whatever is not
 * known to be approved is treated as not approved.
 */
import type { Conclusion, Decision } from "../approvals/evaluate.ts";
import type { Requirement } from "../approvals/requirements.ts";
import type { Change } from "../diff/change.ts";

export type ApprovalState =
  | { source: "decision"; decision: Decision }
  | { source: "check-run"; conclusion: Conclusion; title: string; url?: string }
  | { source: "unknown"; why: string };

/** The approval state in a few words, for headers. */
export function approvalWords(state: ApprovalState): string {
  if (state.source === "unknown") return "not known";
  const conclusion = state.source === "decision" ? state.decision.conclusion : state.conclusion;
  return conclusion === "error" ? "cannot be evaluated" : conclusion;
}

/**
 * The escalation requirements that name `change` among their reasons. The engine lists each change
 * an escalation applies to as `KIND: SUMMARY` (tenant escalations) or `KIND in TENANT: SUMMARY`
 * (platform ones), so the match is on both the kind and the change's own summary.
 */
export function escalationsFor<R extends Requirement>(requirements: readonly R[], change: Change): R[] {
  return requirements.filter(
    (r) =>
      r.id.startsWith("escalation:") &&
      r.because.some((b) => b.startsWith(change.kind) && b.endsWith(`: ${change.summary}`)),
  );
}
