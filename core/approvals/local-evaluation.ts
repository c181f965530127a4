/**
 * The approvals decision for two commits of a local git repository, with the GitHub side (author,
 * reviews, team members) given rather than read: what `charter demo` shows for its sample pull
 * request, and a way to try a policy on a branch before opening the pull request.
 */
import type { ChangeSet } from "../diff/change.ts";
import { git } from "../git/run-git.ts";
import { loadRepo } from "../model/load.ts";
import { GitSource } from "../source/git-source.ts";
import { type Decision, evaluateApprovals } from "./evaluate.ts";
import type { Actor, CommitPerson, Directory, PullRequestFacts } from "./facts.ts";
import { approvalPolicy } from "./policy.ts";

export interface GitHubSide {
  author: Actor;
  /** Commit emails → the accounts GitHub would map them to. */
  emails: Record<string, Actor>;
  reviews: { user: Actor; state: string }[];
  directory: Directory;
  /** The pull request's labels (default: none). */
  labels?: string[];
}

export async function localEvaluation(
  dir: string,
  base: string,
  head: string,
  changeSet: ChangeSet,
  side: GitHubSide,
): Promise<Decision> {
  const prefix = (await git(dir, ["rev-parse", "--show-prefix"])).toString("utf8").trim().replace(/\/$/, "");
  const [baseSha, headSha] = await Promise.all(
    [base, head].map(async (ref) =>
      (await git(dir, ["rev-parse", `${ref}^{commit}`])).toString("utf8").trim(),
    ),
  );
  const policy = approvalPolicy(await loadRepo(new GitSource(dir, baseSha!)), baseSha!, prefix);
  const paths = (await git(dir, ["diff", "--name-only", "--no-renames", "-z", baseSha!, headSha!]))
    .toString("utf8")
    .split("\0")
    .filter(Boolean);
  // One record per commit (%x1e), fields separated by %x1f; the message (%B) may span lines.
  const log = (
    await git(dir, ["log", "--format=%H%x1f%an%x1f%ae%x1f%cn%x1f%ce%x1f%B%x1e", `${baseSha}..${headSha}`])
  )
    .toString("utf8")
    .split("\x1e")
    .map((r) => r.replace(/^\n/, ""))
    .filter(Boolean);
  const person = (name: string, email: string): CommitPerson => ({
    name,
    email,
    user: side.emails[email] ?? null,
  });
  const commits = log.map((line) => {
    const [sha, an, ae, cn, ce, message] = line.split("\x1f") as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    return { sha, author: person(an, ae), committer: person(cn, ce), message: message ?? "" };
  });
  const at = new Date().toISOString();
  const facts: PullRequestFacts = {
    repository: "local/repository",
    number: 1,
    state: "OPEN",
    draft: false,
    author: side.author,
    baseRef: "main",
    baseSha: baseSha!,
    headSha: headSha!,
    mergeBaseSha: baseSha!,
    fromFork: false,
    changedFiles: paths.length,
    paths,
    commits,
    totalCommits: commits.length,
    reviews: side.reviews.map((r, i) => ({
      id: i + 1,
      author: r.user,
      state: r.state,
      commitId: headSha!,
      submittedAt: at,
    })),
    pushers: [side.author],
    changes: changeSet.changes.map((c) => ({
      kind: c.kind,
      ...(c.tenant === undefined ? {} : { tenant: c.tenant }),
      summary: c.summary,
      file: prefix ? `${prefix}/${c.file}` : c.file,
    })),
    requestedReviewers: { users: [], teams: [] },
    labels: side.labels ?? [],
  };
  return evaluateApprovals(policy, facts, side.directory);
}
