/**
 * Whether a pull request is AI-drafted: it carries the `ai-drafted` label, or any of its commits
 * carries a `Charter-Drafted-By:` trailer (what `charter draft --pr` writes). Either marker is
 * enough, so removing the label does not launder a drafted commit. When the facts cannot tell —
 * labels or commit messages not read, commits beyond GitHub's list — the answer is "drafted":
 * the policy then asks for more approvals, never fewer.
 */
import type { PullRequestFacts } from "./facts.ts";

export const AI_DRAFTED_LABEL = "ai-drafted";
export const DRAFTED_BY_TRAILER = "Charter-Drafted-By";

/** A trailer line anywhere in the message; git trailer keys are case-insensitive. */
const TRAILER = new RegExp(`^${DRAFTED_BY_TRAILER}:[ \\t]*(\\S.*)$`, "im");

/** Why the pull request counts as AI-drafted (empty: it does not). */
export function aiDraftedBecause(facts: PullRequestFacts): string[] {
  const because: string[] = [];
  if (facts.labels === undefined)
    because.push("its labels could not be read, so it is treated as AI-drafted");
  else if (facts.labels.some((l) => l.toLowerCase() === AI_DRAFTED_LABEL))
    because.push(`it is labelled ${AI_DRAFTED_LABEL}`);
  for (const c of facts.commits) {
    const short = c.sha.slice(0, 7);
    if (c.message === undefined) {
      because.push(`commit ${short}'s message could not be read, so it is treated as AI-drafted`);
      continue;
    }
    const m = TRAILER.exec(c.message);
    if (m) because.push(`commit ${short} carries ${DRAFTED_BY_TRAILER}: ${m[1]!.trim()}`);
  }
  if (facts.totalCommits > facts.commits.length)
    because.push(
      `${facts.totalCommits - facts.commits.length} of its commits could not be read, so it is treated as AI-drafted`,
    );
  return because;
}
