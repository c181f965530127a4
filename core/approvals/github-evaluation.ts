/**
 * Evaluates one pull request on GitHub: read its state (one GraphQL request), the policy at its
 * base commit and the semantic diff from its merge base to its head (both cached by commit, since
 * commits never change), resolve approvers, and decide. Shared by the app and `charter approvals`.
 */

import { MemoLru } from "../async/memo-lru.ts";
import { diffRepos } from "../diff/diff.ts";
import {
  fetchDirectory,
  fetchPullRequest,
  GitHubQueryError,
  type Identities,
  type PullRequestState,
} from "../github/pull-request-query.ts";
import type { GitHubApi, RepoSnapshots } from "../github/repo-snapshot.ts";
import { type LoadResult, loadRepo } from "../model/load.ts";
import { type Decision, evaluateApprovals } from "./evaluate.ts";
import type { Actor, ChangeFact, Directory, PullRequestFacts } from "./facts.ts";
import { approvalPolicy, type PolicyResult } from "./policy.ts";
import { identitiesToResolve } from "./principals.ts";
import { requirementsFor } from "./requirements.ts";

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
}

/** What the app knows from webhooks and GitHub cannot tell later: who pushed, and when. */
export interface PushRecord {
  pushers: Actor[];
  pushedAt?: string;
  /** The pull request the record belongs to (so a re-run request can find it, even from a fork). */
  pr?: number;
}

export interface Evaluation {
  /** False when the base commit has no charter.yml: the repository is not governed, nothing to say. */
  governed: boolean;
  pr: PullRequestState;
  policy?: PolicyResult;
  facts?: PullRequestFacts;
  directory?: Directory;
  decision?: Decision;
}

interface BaseState {
  root: string;
  load: LoadResult;
}

interface PairState {
  mergeBase: string;
  paths: string[];
  changes: ChangeFact[];
}

/** Caches shared across evaluations; every entry is keyed by immutable commit ids. */
export class ApprovalsCache {
  readonly snapshots: RepoSnapshots;
  /** Base commit → its loaded policy files (null: not governed). */
  readonly bases = new MemoLru<string, BaseState | null>(128);
  /** base..head → merge base, changed paths and semantic changes. */
  readonly pairs = new MemoLru<string, PairState>(512);
  /** PR → identities its last evaluation needed, fetched with the next PR query. */
  readonly identities = new MemoLru<string, Identities>(4096);

  constructor(snapshots: RepoSnapshots) {
    this.snapshots = snapshots;
  }
}

async function baseState(api: GitHubApi, cache: ApprovalsCache, owner: string, repo: string, sha: string) {
  return cache.bases.get(`${owner}/${repo}@${sha}`, async () => {
    const { root, source } = await cache.snapshots.source(api, { owner, repo, sha });
    if (root === undefined || !source) return null;
    return { root, load: await loadRepo(source) };
  });
}

async function mergeBaseOf(api: GitHubApi, owner: string, repo: string, base: string, head: string) {
  try {
    const res = await api.request("GET /repos/{owner}/{repo}/compare/{basehead}", {
      owner,
      repo,
      basehead: `${base}...${head}`,
      per_page: 1,
    });
    return (res.data as { merge_base_commit: { sha: string } }).merge_base_commit.sha;
  } catch (error) {
    const status = (error as { status?: number }).status;
    throw new GitHubQueryError(
      `GitHub API error${status ? ` ${status}` : ""} while comparing ${base.slice(0, 7)}...${head.slice(0, 7)} in ${owner}/${repo}: ${(error as Error).message}`,
      { ...(status === undefined ? {} : { status }), cause: error },
    );
  }
}

async function pairState(
  api: GitHubApi,
  cache: ApprovalsCache,
  owner: string,
  repo: string,
  pr: PullRequestState,
  root: string,
): Promise<PairState> {
  return cache.pairs.get(`${owner}/${repo}@${pr.baseSha}..${pr.headSha}`, async () => {
    const mergeBase = await mergeBaseOf(api, owner, repo, pr.baseSha, pr.headSha);
    const [before, after] = await Promise.all([
      cache.snapshots.paths(api, { owner, repo, sha: mergeBase }),
      cache.snapshots.paths(api, { owner, repo, sha: pr.headSha }),
    ]);
    const paths: string[] = [];
    for (const [path, blob] of after) if (before.get(path) !== blob) paths.push(path);
    for (const path of before.keys()) if (!after.has(path)) paths.push(path);
    paths.sort();
    const prefix = root ? `${root}/` : "";
    // Only a change inside the governed root can need a semantic diff.
    let changes: ChangeFact[] = [];
    if (paths.some((p) => p.startsWith(prefix))) {
      const [b, h] = await Promise.all([
        cache.snapshots.source(api, { owner, repo, sha: mergeBase, root }),
        cache.snapshots.source(api, { owner, repo, sha: pr.headSha, root }),
      ]);
      const [baseLoad, headLoad] = await Promise.all([loadRepo(b.source!), loadRepo(h.source!)]);
      const set = await diffRepos(baseLoad.repo, headLoad.repo);
      changes = set.changes.map((c) => ({
        kind: c.kind,
        ...(c.tenant === undefined ? {} : { tenant: c.tenant }),
        summary: c.summary,
        file: `${prefix}${c.file}`,
      }));
    }
    return { mergeBase, paths, changes };
  });
}

/** Evaluates `target` as it is now on GitHub. Throws on API errors; the caller reports them. */
export async function evaluatePullRequest(
  api: GitHubApi,
  target: PullRequestRef,
  cache: ApprovalsCache,
  push: (pr: PullRequestState) => Promise<PushRecord> | PushRecord = () => ({ pushers: [] }),
): Promise<Evaluation> {
  const key = `${target.owner}/${target.repo}#${target.number}`;
  const hint = await cache.identities.peek(key);
  const first = await fetchPullRequest(api, target, hint);
  const pr = first.pr;
  const base = await baseState(api, cache, target.owner, target.repo, pr.baseSha);
  if (!base) return { governed: false, pr };
  const policy = approvalPolicy(base.load, pr.baseSha, base.root);
  const pair = await pairState(api, cache, target.owner, target.repo, pr, base.root);
  const record = await push(pr);
  const facts: PullRequestFacts = {
    repository: `${target.owner}/${target.repo}`,
    number: pr.number,
    state: pr.state,
    draft: pr.draft,
    author: pr.author,
    baseRef: pr.baseRef,
    baseSha: pr.baseSha,
    headSha: pr.headSha,
    mergeBaseSha: pair.mergeBase,
    fromFork: pr.fromFork,
    changedFiles: pr.changedFiles,
    paths: pair.paths,
    commits: pr.commits,
    totalCommits: pr.totalCommits,
    reviews: pr.reviews,
    pushers: record.pushers,
    ...(record.pushedAt ? { headPushedAt: record.pushedAt } : {}),
    changes: pair.changes,
    requestedReviewers: pr.requestedReviewers,
    ...(pr.labels ? { labels: pr.labels } : {}),
  };
  let directory: Directory = { users: {}, teams: {} };
  if (policy.ok) {
    const principals = requirementsFor(policy.policy, facts.paths, facts.changes).requirements.flatMap(
      (r) => r.approvers,
    );
    const needed = identitiesToResolve(principals);
    cache.identities.set(key, needed);
    const covered =
      first.directory &&
      needed.users.every((u) => u in first.directory!.users) &&
      needed.teams.every((t) => t.key in first.directory!.teams);
    directory = covered ? first.directory! : await fetchDirectory(api, needed);
  }
  const decision = evaluateApprovals(policy, facts, directory);
  return { governed: true, pr, policy, facts, directory, decision };
}
