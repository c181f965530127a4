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
 * The escalation requirements that cover `change`: the same kind, tenant and summary among the
 * changes the engine matched to them (an escalation of one tenant never covers another's change).
 */
export function escalationsFor<R extends Requirement>(requirements: readonly R[], change: Change): R[] {
  return requirements.filter(
    (r) =>
      r.id.startsWith("escalation:") &&
      (r.covers ?? []).some(
        (c) => c.kind === change.kind && c.tenant === change.tenant && c.summary === change.summary,
      ),
  );
}
