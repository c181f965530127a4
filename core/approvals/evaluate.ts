/**
 * The approvals engine: policy (base commit) + facts (head commit) + directory → decision. Pure and
 * deterministic, so the app, the CLI and `--simulate` all reach the same answer. Every branch that
 * is not a clear "yes" is a "no": unknown states, unreadable teams and invalid policy fail closed.
 */
import { aiDraftedBecause } from "./ai-drafted.ts";
import { type Contributors, contributors } from "./contributors.ts";
import {
  type Actor,
  type Directory,
  type PullRequestFacts,
  REVIEW_STATES,
  type ReviewFact,
} from "./facts.ts";
import type { PolicyResult } from "./policy.ts";
import { membership } from "./principals.ts";
import { type Requirement, requirementsFor } from "./requirements.ts";

export type RequirementStatus = "approved" | "pending" | "blocked" | "error";

export interface ReviewVerdict {
  user: Actor;
  state: string;
  counted: boolean;
  /** Why it counted or did not, in words. */
  note: string;
}

export interface RequirementResult extends Requirement {
  status: RequirementStatus;
  approvedBy: Actor[];
  blockedBy: Actor[];
  /** Approvals still needed. */
  missing: number;
  verdicts: ReviewVerdict[];
}

export type Conclusion = "approved" | "pending" | "blocked" | "error";

export interface Decision {
  conclusion: Conclusion;
  /** One line: the check run's title. */
  title: string;
  /** Reasons nothing can be approved (fail closed), each saying what to do. */
  problems: string[];
  requirements: RequirementResult[];
  /** Changed paths outside the governed root, and inside it. */
  outside: number;
  governed: number;
  baseRef: string;
  headSha: string;
  policySha?: string;
  /** Reviewers to ask for (when the policy enables review requests). */
  reviewRequests: { users: string[]; teams: string[] };
}

const short = (sha: string | null | undefined) => (sha ?? "unknown").slice(0, 7);

/** The latest review per user that carries an opinion; comments neither approve nor withdraw. */
function latestOpinions(reviews: readonly ReviewFact[]): Map<number, ReviewFact> {
  const ordered = [...reviews].sort(
    (a, b) => Date.parse(a.submittedAt ?? "") - Date.parse(b.submittedAt ?? "") || a.id - b.id,
  );
  const latest = new Map<number, ReviewFact>();
  for (const r of ordered) {
    if (!r.author) continue;
    if (r.state === "APPROVED" || r.state === "CHANGES_REQUESTED" || r.state === "DISMISSED")
      latest.set(r.author.id, r);
  }
  return latest;
}

function judge(
  req: Requirement,
  facts: PullRequestFacts,
  latest: Map<number, ReviewFact>,
  people: Contributors,
  dir: Directory,
): RequirementResult {
  const approvedBy: Actor[] = [];
  const blockedBy: Actor[] = [];
  const verdicts: ReviewVerdict[] = [];
  for (const review of latest.values()) {
    const user = review.author!;
    const bot = user.type !== "User";
    const allowedBot = bot && req.allowBots.includes(user.login.toLowerCase());
    const m = bot ? { member: allowedBot, via: "allow_bots" } : membership(user.id, req.approvers, dir);
    const verdict = (counted: boolean, note: string) =>
      verdicts.push({ user, state: review.state, counted, note });
    if (review.state === "CHANGES_REQUESTED") {
      if (m.member) {
        blockedBy.push(user);
        verdict(false, "requested changes: blocks until they approve or the review is dismissed");
      }
      continue;
    }
    if (review.state === "DISMISSED") {
      if (m.member) verdict(false, "review dismissed");
      continue;
    }
    // APPROVED
    if (bot && !allowedBot) {
      verdict(false, `a ${user.type.toLowerCase()} account; bots count only when listed in allow_bots`);
      continue;
    }
    const excluded = people.excluded.get(user.id);
    if (excluded) {
      verdict(false, `${excluded}; contributors cannot approve their own change`);
      continue;
    }
    if (review.commitId !== facts.headSha) {
      verdict(
        false,
        `approved ${short(review.commitId)}; the head is now ${short(facts.headSha)} (a push invalidates approvals)`,
      );
      continue;
    }
    if (
      facts.headPushedAt &&
      review.submittedAt &&
      Date.parse(review.submittedAt) < Date.parse(facts.headPushedAt)
    ) {
      verdict(false, `approved before the latest push (${facts.headPushedAt})`);
      continue;
    }
    if (!m.member) {
      const unknown = "unknown" in m && m.unknown ? ` (${m.unknown})` : "";
      verdict(false, `not an approver for ${req.title}${unknown}`);
      continue;
    }
    approvedBy.push(user);
    verdict(true, `approved ${short(facts.headSha)} as ${m.via}`);
  }
  const missing = Math.max(0, req.required - approvedBy.length);
  const status: RequirementStatus = req.problem
    ? "error"
    : blockedBy.length > 0
      ? "blocked"
      : missing === 0
        ? "approved"
        : "pending";
  return { ...req, status, approvedBy, blockedBy, missing, verdicts };
}

function reviewRequests(
  results: readonly RequirementResult[],
  facts: PullRequestFacts,
  people: Contributors,
  latest: Map<number, ReviewFact>,
  dir: Directory,
): Decision["reviewRequests"] {
  const users = new Set<string>();
  const teams = new Set<string>();
  const requested = new Set(facts.requestedReviewers.users.map((u) => u.toLowerCase()));
  const requestedTeams = new Set(facts.requestedReviewers.teams.map((t) => t.toLowerCase()));
  const [owner] = facts.repository.split("/");
  for (const r of results) {
    if (r.status !== "pending") continue;
    for (const p of r.approvers) {
      if (p.type === "team") {
        // GitHub can only request teams of the repository's own organization.
        if (p.org.toLowerCase() === owner?.toLowerCase() && !requestedTeams.has(p.slug.toLowerCase()))
          teams.add(p.slug);
        continue;
      }
      const id = p.id ?? dir.users[p.login.toLowerCase()];
      if (id === undefined || id === null || people.excluded.has(id)) continue;
      if (latest.get(id)?.state === "APPROVED" && latest.get(id)?.commitId === facts.headSha) continue;
      if (!requested.has(p.login.toLowerCase())) users.add(p.login);
    }
  }
  return { users: [...users].sort().slice(0, 15), teams: [...teams].sort().slice(0, 15) };
}

function titleOf(conclusion: Conclusion, results: readonly RequirementResult[], problems: string[]): string {
  const counts = (rs: readonly RequirementResult[]) =>
    rs.map((r) => `${r.title} ${r.approvedBy.length}/${r.required}`).join(", ");
  switch (conclusion) {
    case "error": {
      const first = problems[0] ?? results.find((r) => r.problem)?.problem ?? "unknown problem";
      return `Cannot be approved: ${first.split(". ")[0]!.replace(/\.$/, "")}`;
    }
    case "blocked": {
      const blocked = results.filter((r) => r.status === "blocked");
      const who = [...new Set(blocked.flatMap((r) => r.blockedBy.map((u) => u.login)))].join(", ");
      return `Changes requested by ${who} (${blocked.map((r) => r.title).join(", ")})`;
    }
    case "pending":
      return `Waiting for approval: ${counts(results.filter((r) => r.status === "pending"))}`;
    default:
      return results.length ? `Approved: ${counts(results)}` : "No governed files changed";
  }
}

export function evaluateApprovals(
  policyResult: PolicyResult,
  facts: PullRequestFacts,
  dir: Directory,
): Decision {
  const base = {
    outside: 0,
    governed: 0,
    baseRef: facts.baseRef,
    headSha: facts.headSha,
    reviewRequests: { users: [], teams: [] },
  };
  if (!policyResult.ok) {
    const problems = [policyResult.problem];
    return {
      ...base,
      conclusion: "error",
      title: titleOf("error", [], problems),
      problems,
      requirements: [],
    };
  }
  const policy = policyResult.policy;
  const people = contributors(facts);
  const problems = [...people.problems];
  for (const r of facts.reviews)
    if (!(REVIEW_STATES as readonly string[]).includes(r.state))
      problems.push(
        `Review ${r.id} by ${r.author?.login ?? "a deleted account"} is in state "${r.state}", which this version of Charter does not know; it fails closed. Upgrade Charter.`,
      );
  const drafted = policy.drafts.extraApprovals > 0 ? aiDraftedBecause(facts) : [];
  const touched = requirementsFor(policy, facts.paths, facts.changes, drafted);
  const latest = latestOpinions(facts.reviews);
  const requirements = touched.requirements.map((req) => judge(req, facts, latest, people, dir));
  const conclusion: Conclusion =
    problems.length > 0 || requirements.some((r) => r.status === "error")
      ? "error"
      : requirements.some((r) => r.status === "blocked")
        ? "blocked"
        : requirements.every((r) => r.status === "approved")
          ? "approved"
          : "pending";
  return {
    ...base,
    outside: touched.outside,
    governed: touched.governed,
    policySha: policy.sha,
    conclusion,
    title: titleOf(conclusion, requirements, problems),
    problems,
    requirements,
    reviewRequests:
      conclusion === "pending"
        ? reviewRequests(requirements, facts, people, latest, dir)
        : base.reviewRequests,
  };
}
