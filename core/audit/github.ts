/**
 * Optional enrichment from the GitHub API (with a token): for a governed change no verified release
 * record explains, the pull request that introduced the commit and the reviews standing at merge;
 * and the members of the teams the policies name, so team approvals can be judged instead of taken
 * on the record's word. GitHub's semantics are the publish step's (`standingApprovals`).
 *
 * For a commit on the default branch, `GET /repos/{o}/{r}/commits/{sha}/pulls` lists only merged
 * pull requests that introduced it: the one whose merge commit it is (merge, squash), or — for a
 * rebase merge — the one whose rebased commits include it.
 */
import type { Directory } from "../approvals/facts.ts";
import { UserError } from "../errors.ts";
import type { GitHubClient } from "../github/client.ts";
import { type RepoRef, resolveDirectory, standingApprovals } from "../publish/github-facts.ts";
import type { Evidence } from "./judge.ts";

type Json = Record<string, unknown>;

const person = (u: unknown): { login: string; id: number } | null => {
  const x = u as { login?: unknown; id?: unknown } | null;
  return x && typeof x.login === "string" && typeof x.id === "number" ? { login: x.login, id: x.id } : null;
};

/** GitHub could not be read: the audit stops rather than report less than it was asked to. */
export class GitHubAuditError extends UserError {
  override name = "GitHubAuditError";
}

function failure(what: string, e: unknown): GitHubAuditError {
  const status = (e as { status?: number }).status;
  return new GitHubAuditError(
    `Cannot read ${what} from GitHub: ${status ? `HTTP ${status}, ` : ""}${(e as Error).message ?? e}. The token needs read access to pull requests (and members of the approver teams); or run without it (--no-github).`,
    { exitCode: 1 },
  );
}

/** The merged pull request that introduced `commit`, with its standing approvals; null when there is none. */
export async function pullRequestEvidence(
  gh: GitHubClient,
  r: RepoRef,
  commit: string,
): Promise<Evidence | null> {
  let listed: Json[];
  try {
    const { data } = await gh.request("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls", {
      ...r,
      commit_sha: commit,
      per_page: 100,
    });
    listed = data as Json[];
  } catch (e) {
    if ((e as { status?: number }).status === 422 || (e as { status?: number }).status === 404) return null;
    throw failure(`the pull requests of ${commit.slice(0, 12)}`, e);
  }
  const merged = listed.filter((p) => p.merged_at);
  const chosen = merged.find((p) => p.merge_commit_sha === commit) ?? merged[0];
  if (!chosen) return null;
  const number = chosen.number as number;
  try {
    const [{ data: pr }, reviews] = await Promise.all([
      gh.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { ...r, pull_number: number }),
      gh.paginate("GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews", {
        ...r,
        pull_number: number,
        per_page: 100,
      }),
    ]);
    const p = pr as Json;
    const author = person(p.user);
    if (!author) return null;
    return {
      source: "github",
      pullRequest: {
        number,
        url: typeof p.html_url === "string" ? p.html_url : null,
        author,
        merger: person(p.merged_by),
        mergedAt: typeof p.merged_at === "string" ? p.merged_at : null,
        headSha: (p.head as Json).sha as string,
      },
      approvals: standingApprovals(reviews as Json[]).map((a) => ({
        reviewer: { login: a.reviewer.login, id: a.reviewer.id },
        commit: a.commit,
        submittedAt: a.submittedAt ?? null,
        bot: a.reviewer.bot,
        attested: [],
      })),
    };
  } catch (e) {
    throw failure(`pull request #${number}`, e);
  }
}

/** Members of these teams and ids of these logins (teams that cannot be read are recorded as such). */
export async function githubDirectory(
  gh: GitHubClient,
  identities: { users: string[]; teams: { org: string; slug: string; key: string }[] },
): Promise<Directory> {
  try {
    return await resolveDirectory(gh, identities);
  } catch (e) {
    throw failure("the approvers' accounts", e);
  }
}
