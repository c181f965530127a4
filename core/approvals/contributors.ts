/**
 * Who may not approve: the pull request's author, everyone who authored or committed one of its
 * commits, and everyone seen pushing to it. A commit whose author or committer cannot be tied to
 * a GitHub account makes every approval untrustworthy, so it fails the decision closed.
 */
import type { Actor, CommitPerson, PullRequestFacts } from "./facts.ts";

/** GitHub's no-reply addresses carry the account: `12345+login@users.noreply.github.com`. */
const NOREPLY = /^(\d+)\+([^@]+)@users\.noreply\.github\.com$/i;

/** GitHub's commit-list limit: beyond it, commits (and their authors) are invisible to the API. */
export const MAX_LISTED_COMMITS = 250;
/** GitHub's file-list limit for a pull request. */
export const MAX_LISTED_FILES = 3000;

function accountOf(person: CommitPerson): Actor | undefined {
  if (person.user) return person.user;
  const m = person.email ? NOREPLY.exec(person.email) : null;
  if (!m) return undefined;
  const login = m[2]!;
  return { id: Number(m[1]), login, type: login.endsWith("[bot]") ? "Bot" : "User" };
}

export interface Contributors {
  /** User id → why they cannot approve. */
  excluded: Map<number, string>;
  /** Reasons the pull request cannot be approved at all. */
  problems: string[];
}

export function contributors(facts: PullRequestFacts): Contributors {
  const excluded = new Map<number, string>();
  const problems: string[] = [];
  const exclude = (actor: Actor, why: string) => {
    if (!excluded.has(actor.id)) excluded.set(actor.id, why);
  };
  if (facts.author) exclude(facts.author, "opened the pull request");
  else
    problems.push(
      "The pull request's author account no longer exists, so Charter cannot tell who must not approve. Open a new pull request.",
    );
  for (const commit of facts.commits) {
    const short = commit.sha.slice(0, 7);
    for (const [role, person] of [
      ["author", commit.author],
      ["committer", commit.committer],
    ] as const) {
      const account = accountOf(person);
      if (account) {
        exclude(account, role === "author" ? `authored commit ${short}` : `committed ${short}`);
        continue;
      }
      problems.push(
        `Commit ${short}'s ${role} ${person.email ? `<${person.email}>` : "(no email)"} is not linked to a GitHub account, so Charter cannot tell who wrote it and no approval can be trusted. Re-create the commit with an email verified on the ${role}'s GitHub account.`,
      );
    }
  }
  for (const pusher of facts.pushers) exclude(pusher, "pushed to the pull request");
  if (facts.totalCommits > facts.commits.length)
    problems.push(
      `The pull request has ${facts.totalCommits} commits but GitHub lists only ${facts.commits.length}${facts.totalCommits > MAX_LISTED_COMMITS ? ` (its limit is ${MAX_LISTED_COMMITS})` : ""}, so their authors cannot all be checked. Squash or split the pull request.`,
    );
  if (facts.changedFiles > MAX_LISTED_FILES)
    problems.push(
      `The pull request changes ${facts.changedFiles} files; GitHub lists at most ${MAX_LISTED_FILES}, so reviewers cannot see the whole change. Split it into smaller pull requests.`,
    );
  return { excluded, problems };
}
