/**
 * What GitHub knows about how a commit reached the default branch, for the release's governance
 * attestation: the pull request that merged it (author, merger, head), the reviews that stood at
 * merge time (latest opinion per reviewer, with the commit each one approved), the check runs on the
 * merged head, and the evaluation summary the eval comment carries. Team memberships and logins
 * are resolved so approvals can be judged against the tenant's approvers.
 *
 * Facts are read, never inferred: a commit without a merged pull request is recorded as such, and
 * the caller decides (publish records it; the runner's policy refuses it).
 */
import type { Directory } from "../approvals/facts.ts";
import { type EvalSummary, readEvalSummary } from "../eval/format/summary-block.ts";
import type { GitHubClient } from "../github/client.ts";

export interface Person {
  login: string;
  id: number;
}

export interface ReviewRecord {
  reviewer: Person & { bot: boolean };
  reviewId: number;
  /** The commit the reviewer approved. */
  commit: string;
  submittedAt: string;
}

export interface PullRequestRecord {
  number: number;
  url: string;
  author: Person;
  merger: Person | null;
  mergedAt: string | null;
  headSha: string;
  baseSha: string;
}

export interface CheckRecord {
  name: string;
  conclusion: string | null;
  headSha: string;
}

export interface ReleaseFacts {
  repository: string;
  pullRequest: PullRequestRecord | null;
  /** Approvals standing at merge: each reviewer's latest APPROVED review not superseded by a later decision. */
  approvals: ReviewRecord[];
  checks: CheckRecord[];
  eval: (EvalSummary & { commentId: number }) | null;
}

export interface RepoRef {
  owner: string;
  repo: string;
}

type Json = Record<string, unknown>;
const person = (u: unknown): Person | null => {
  const x = u as { login?: string; id?: number } | null;
  return x && typeof x.login === "string" && typeof x.id === "number" ? { login: x.login, id: x.id } : null;
};

/** The pull request that merged `commit` (its merge, squash or rebase result), if any. */
async function mergedPullRequest(gh: GitHubClient, r: RepoRef, commit: string): Promise<Json | undefined> {
  const { data } = await gh.request("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls", {
    ...r,
    commit_sha: commit,
    per_page: 100,
  });
  const merged = (data as Json[]).filter((p) => p.merged_at && p.merge_commit_sha === commit);
  if (merged.length === 0) return undefined;
  const { data: pr } = await gh.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
    ...r,
    pull_number: merged[0]!.number as number,
  });
  return pr as Json;
}

/** GitHub's review semantics: a later APPROVED/CHANGES_REQUESTED/DISMISSED replaces a reviewer's earlier one; COMMENTED does not. */
export function standingApprovals(reviews: readonly Json[]): ReviewRecord[] {
  const latest = new Map<number, Json>();
  for (const review of reviews) {
    const user = person(review.user);
    if (!user || !["APPROVED", "CHANGES_REQUESTED", "DISMISSED"].includes(review.state as string)) continue;
    latest.set(user.id, review);
  }
  return [...latest.values()]
    .filter((review) => review.state === "APPROVED")
    .map((review) => {
      const user = person(review.user)!;
      return {
        reviewer: { ...user, bot: (review.user as Json).type === "Bot" },
        reviewId: review.id as number,
        commit: review.commit_id as string,
        submittedAt: review.submitted_at as string,
      };
    })
    .sort((a, b) => a.reviewer.id - b.reviewer.id);
}

/** The eval summary from Charter's sticky comment, written by a bot (a person's comment is not evidence). */
function evalFromComments(comments: readonly Json[]): ReleaseFacts["eval"] {
  for (const c of [...comments].reverse()) {
    if ((c.user as Json | null)?.type !== "Bot" || typeof c.body !== "string") continue;
    const summary = readEvalSummary(c.body);
    if (summary) return { ...summary, commentId: c.id as number };
  }
  return null;
}

export async function collectReleaseFacts(
  gh: GitHubClient,
  r: RepoRef,
  commit: string,
): Promise<ReleaseFacts> {
  const repository = `${r.owner}/${r.repo}`;
  const pr = await mergedPullRequest(gh, r, commit);
  if (!pr) return { repository, pullRequest: null, approvals: [], checks: [], eval: null };
  const number = pr.number as number;
  const headSha = (pr.head as Json).sha as string;
  const [reviews, checks, comments] = await Promise.all([
    gh.paginate("GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews", {
      ...r,
      pull_number: number,
      per_page: 100,
    }),
    gh.paginate("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", { ...r, ref: headSha, per_page: 100 }),
    gh.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      ...r,
      issue_number: number,
      per_page: 100,
    }),
  ]);
  return {
    repository,
    pullRequest: {
      number,
      url: pr.html_url as string,
      author: person(pr.user)!,
      merger: person(pr.merged_by),
      mergedAt: (pr.merged_at as string | null) ?? null,
      headSha,
      baseSha: (pr.base as Json).sha as string,
    },
    approvals: standingApprovals(reviews as Json[]),
    checks: (checks as Json[])
      .map((c) => ({
        name: c.name as string,
        conclusion: (c.conclusion as string | null) ?? null,
        headSha: c.head_sha as string,
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    eval: evalFromComments(comments as Json[]),
  };
}

/** Resolves `user:LOGIN` approvers without ids and the members of teams, for judging approvals. */
export async function resolveDirectory(
  gh: GitHubClient,
  identities: { users: string[]; teams: { org: string; slug: string; key: string }[] },
): Promise<Directory> {
  const dir: Directory = { users: {}, teams: {} };
  await Promise.all([
    ...identities.users.map(async (login) => {
      try {
        const { data } = await gh.request("GET /users/{username}", { username: login });
        dir.users[login] = (data as { id: number }).id;
      } catch (e) {
        if ((e as { status?: number }).status === 404) dir.users[login] = null;
        else throw e;
      }
    }),
    ...identities.teams.map(async (t) => {
      try {
        const members = await gh.paginate("GET /orgs/{org}/teams/{team_slug}/members", {
          org: t.org,
          team_slug: t.slug,
          per_page: 100,
        });
        dir.teams[t.key] = { members: (members as { id: number }[]).map((m) => m.id) };
      } catch (e) {
        dir.teams[t.key] = { error: `HTTP ${(e as { status?: number }).status ?? "error"}` };
      }
    }),
  ]);
  return dir;
}
