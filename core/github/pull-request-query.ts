/**
 * One GraphQL query reads what an approval decision needs from a pull request — state, author,
 * reviews with the commit each was made on, commits with their authors and committers, and review
 * requests — and, in the same request, the approvers' identities (user ids and team members).
 * Connections beyond their first page are paginated; nothing is silently cut short.
 */
import type { Actor, CommitFact, CommitPerson, Directory, ReviewFact } from "../approvals/facts.ts";
import type { GitHubApi } from "./repo-snapshot.ts";
import { GitHubSnapshotError } from "./snapshot-error.ts";

export interface Identities {
  users: string[];
  teams: { org: string; slug: string; key: string }[];
}

export interface PullRequestState {
  number: number;
  state: string;
  draft: boolean;
  author: Actor | null;
  baseRef: string;
  baseSha: string;
  headSha: string;
  fromFork: boolean;
  changedFiles: number;
  totalCommits: number;
  commits: CommitFact[];
  reviews: ReviewFact[];
  requestedReviewers: { users: string[]; teams: string[] };
  /** Label names; absent when they could not all be read (AI-drafted checks then fail closed). */
  labels?: string[];
}

const ACTOR =
  "__typename login ... on User { databaseId } ... on Bot { databaseId } ... on Mannequin { databaseId }";
const PERSON = "name email user { login databaseId }";
const REVIEWS = `totalCount nodes { databaseId state submittedAt commit { oid } author { ${ACTOR} } } pageInfo { hasNextPage endCursor }`;
const COMMITS = `totalCount nodes { commit { oid message author { ${PERSON} } committer { ${PERSON} } } } pageInfo { hasNextPage endCursor }`;
const MEMBERS = "totalCount nodes { databaseId } pageInfo { hasNextPage endCursor }";

interface Page<T> {
  totalCount: number;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
interface RawActor {
  __typename: string;
  login: string;
  databaseId?: number | null;
}
interface RawPerson {
  name: string | null;
  email: string | null;
  user: { login: string; databaseId: number | null } | null;
}
interface RawReview {
  databaseId: number;
  state: string;
  submittedAt: string | null;
  commit: { oid: string } | null;
  author: RawActor | null;
}
interface RawCommit {
  commit: { oid: string; message?: string; author: RawPerson | null; committer: RawPerson | null };
}
interface RawPullRequest {
  number: number;
  state: string;
  isDraft: boolean;
  isCrossRepository: boolean;
  baseRefName: string;
  baseRefOid: string;
  headRefOid: string;
  changedFiles: number;
  author: RawActor | null;
  reviews: Page<RawReview>;
  commits: Page<RawCommit>;
  labels?: { totalCount: number; nodes: { name: string }[] } | null;
  reviewRequests: {
    nodes: { requestedReviewer: { __typename: string; login?: string; slug?: string } | null }[];
  };
}

/** A pull request read that failed; same shape as the snapshot reader's error (status, cause). */
export class GitHubQueryError extends GitHubSnapshotError {
  override name = "GitHubQueryError";
}

function actor(raw: RawActor | null): Actor | null {
  if (!raw || typeof raw.databaseId !== "number") return null;
  return { id: raw.databaseId, login: raw.login, type: raw.__typename };
}

function person(raw: RawPerson | null): CommitPerson {
  const user =
    raw?.user && typeof raw.user.databaseId === "number"
      ? { id: raw.user.databaseId, login: raw.user.login, type: "User" }
      : null;
  return { name: raw?.name ?? null, email: raw?.email ?? null, user };
}

/** Identity aliases (`u0: user(...)`, `t0: organization(...)`) with their variables. */
function identityFields(ids: Identities): { defs: string[]; fields: string[]; vars: Record<string, string> } {
  const defs: string[] = [];
  const fields: string[] = [];
  const vars: Record<string, string> = {};
  ids.users.forEach((login, i) => {
    defs.push(`$u${i}: String!`);
    vars[`u${i}`] = login;
    fields.push(`u${i}: user(login: $u${i}) { databaseId }`);
  });
  ids.teams.forEach((t, i) => {
    defs.push(`$to${i}: String!`, `$ts${i}: String!`);
    vars[`to${i}`] = t.org;
    vars[`ts${i}`] = t.slug;
    fields.push(
      `t${i}: organization(login: $to${i}) { team(slug: $ts${i}) { members(first: 100) { ${MEMBERS} } } }`,
    );
  });
  return { defs, fields, vars };
}

/** Aliases of identity fields: an error there concerns one approver, not the whole query. */
const IDENTITY_ALIAS = /^[ut]\d+$/;

interface Answer<T> {
  data: T;
  /** Errors of identity aliases, by alias (e.g. a user that does not exist). */
  identityErrors: Record<string, string>;
}

/**
 * Runs a query, keeping the data of a partial answer when the only errors concern identity
 * aliases: an approver that does not exist, or a team the app may not read, must not hide the rest.
 */
async function query<T>(
  api: GitHubApi,
  text: string,
  vars: Record<string, unknown>,
  what: string,
): Promise<Answer<T>> {
  try {
    return { data: (await api.graphql(text, vars)) as T, identityErrors: {} };
  } catch (error) {
    const e = error as {
      data?: T;
      errors?: { type?: string; message: string; path?: unknown[] }[];
      status?: number;
    };
    const identityErrors: Record<string, string> = {};
    const local = e.errors?.every((x) => {
      const alias = String(x.path?.[0] ?? "");
      if (!IDENTITY_ALIAS.test(alias)) return false;
      identityErrors[alias] = x.message;
      return true;
    });
    if (e.data && local) return { data: e.data, identityErrors };
    const detail = e.errors?.map((x) => x.message).join("; ") ?? (error as Error).message;
    throw new GitHubQueryError(`GitHub API error while reading ${what}: ${detail}`, {
      ...(e.status === undefined ? {} : { status: e.status }),
      cause: error,
    });
  }
}

async function readDirectory(
  api: GitHubApi,
  ids: Identities,
  answer: Answer<Record<string, unknown>>,
  dir: Directory,
): Promise<void> {
  const raw = answer.data;
  ids.users.forEach((login, i) => {
    const u = raw[`u${i}`] as { databaseId: number | null } | null | undefined;
    // A login that does not resolve matches nobody.
    dir.users[login] = u && typeof u.databaseId === "number" ? u.databaseId : null;
  });
  for (const [i, t] of ids.teams.entries()) {
    const org = raw[`t${i}`] as { team: { members: Page<{ databaseId: number }> } | null } | null | undefined;
    if (!org?.team) {
      const why = answer.identityErrors[`t${i}`];
      dir.teams[t.key] = {
        error: why ?? `team ${t.org}/${t.slug} does not exist or the app cannot see it`,
      };
      continue;
    }
    const members = org.team.members.nodes.map((n) => n.databaseId);
    let page = org.team.members.pageInfo;
    while (page.hasNextPage) {
      const { data: more } = await query<{
        organization: { team: { members: Page<{ databaseId: number }> } };
      }>(
        api,
        `query CharterTeamMembers($org: String!, $slug: String!, $after: String) { organization(login: $org) { team(slug: $slug) { members(first: 100, after: $after) { ${MEMBERS} } } } }`,
        { org: t.org, slug: t.slug, after: page.endCursor },
        `members of ${t.org}/${t.slug}`,
      );
      members.push(...more.organization.team.members.nodes.map((n) => n.databaseId));
      page = more.organization.team.members.pageInfo;
    }
    dir.teams[t.key] = { members };
  }
}

/** Resolves approver logins and team members (fresh: membership can change between events). */
export async function fetchDirectory(api: GitHubApi, ids: Identities): Promise<Directory> {
  const dir: Directory = { users: {}, teams: {} };
  if (ids.users.length === 0 && ids.teams.length === 0) return dir;
  const { defs, fields, vars } = identityFields(ids);
  const answer = await query<Record<string, unknown>>(
    api,
    `query CharterDirectory(${defs.join(", ")}) { ${fields.join(" ")} }`,
    vars,
    "approvers and teams",
  );
  await readDirectory(api, ids, answer, dir);
  return dir;
}

async function remaining<T>(
  api: GitHubApi,
  target: { owner: string; repo: string; number: number },
  field: "reviews" | "commits",
  selection: string,
  first: Page<T>,
): Promise<T[]> {
  const nodes = [...first.nodes];
  let page = first.pageInfo;
  while (page.hasNextPage) {
    const { data: more } = await query<{ repository: { pullRequest: Record<string, Page<T>> } }>(
      api,
      `query CharterPullRequestPage($owner: String!, $repo: String!, $number: Int!, $after: String) { repository(owner: $owner, name: $repo) { pullRequest(number: $number) { ${field}(first: 100, after: $after) { ${selection} } } } }`,
      { ...target, after: page.endCursor },
      `${field} of ${target.owner}/${target.repo}#${target.number}`,
    );
    const next = more.repository.pullRequest[field]!;
    nodes.push(...next.nodes);
    page = next.pageInfo;
  }
  return nodes;
}

/**
 * Reads the pull request, and (in the same request) the identities `ids` names. Returns the
 * directory only when `ids` was given.
 */
export async function fetchPullRequest(
  api: GitHubApi,
  target: { owner: string; repo: string; number: number },
  ids?: Identities,
): Promise<{ pr: PullRequestState; directory?: Directory }> {
  const extra = ids ? identityFields(ids) : { defs: [], fields: [], vars: {} };
  const text = `query CharterPullRequest($owner: String!, $repo: String!, $number: Int!${extra.defs.map((d) => `, ${d}`).join("")}) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      number state isDraft isCrossRepository baseRefName baseRefOid headRefOid changedFiles
      author { ${ACTOR} }
      reviews(first: 100) { ${REVIEWS} }
      commits(first: 100) { ${COMMITS} }
      labels(first: 100) { totalCount nodes { name } }
      reviewRequests(first: 100) { nodes { requestedReviewer { __typename ... on User { login } ... on Team { slug } } } }
    }
  }
  ${extra.fields.join("\n  ")}
}`;
  const where = `${target.owner}/${target.repo}#${target.number}`;
  const answer = await query<
    { repository: { pullRequest: RawPullRequest | null } | null } & Record<string, unknown>
  >(api, text, { ...target, ...extra.vars }, `pull request ${where}`);
  const p = answer.data.repository?.pullRequest;
  if (!p)
    throw new GitHubQueryError(`Pull request ${where} was not found, or the app cannot read it.`, {
      status: 404,
    });
  const [reviews, commits] = await Promise.all([
    remaining(api, target, "reviews", REVIEWS, p.reviews),
    remaining(api, target, "commits", COMMITS, p.commits),
  ]);
  const requested = p.reviewRequests.nodes.map((n) => n.requestedReviewer).filter((r) => r !== null);
  const pr: PullRequestState = {
    number: p.number,
    state: p.state,
    draft: p.isDraft,
    author: actor(p.author),
    baseRef: p.baseRefName,
    baseSha: p.baseRefOid,
    headSha: p.headRefOid,
    fromFork: p.isCrossRepository,
    changedFiles: p.changedFiles,
    totalCommits: p.commits.totalCount,
    commits: commits.map((c) => ({
      sha: c.commit.oid,
      author: person(c.commit.author),
      committer: person(c.commit.committer),
      ...(typeof c.commit.message === "string" ? { message: c.commit.message } : {}),
    })),
    reviews: reviews.map((r) => ({
      id: r.databaseId,
      author: actor(r.author),
      state: r.state,
      commitId: r.commit?.oid ?? null,
      submittedAt: r.submittedAt,
    })),
    requestedReviewers: {
      users: requested.filter((r) => r.login).map((r) => r.login!),
      teams: requested.filter((r) => r.slug).map((r) => r.slug!),
    },
    // More labels than one page is implausible; if it happens, "unknown" fails closed.
    ...(p.labels && p.labels.totalCount <= p.labels.nodes.length
      ? { labels: p.labels.nodes.map((l) => l.name) }
      : {}),
  };
  if (!ids) return { pr };
  const directory: Directory = { users: {}, teams: {} };
  await readDirectory(api, ids, answer, directory);
  return { pr, directory };
}
