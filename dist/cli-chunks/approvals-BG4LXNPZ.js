import {
  decisionMarkdown,
  decisionText
} from "./chunk-CP4J6RH5.js";
import {
  MemoLru,
  MemorySource
} from "./chunk-CX7LOAB4.js";
import {
  evaluateApprovals
} from "./chunk-RHAL5BRE.js";
import {
  requirementsFor
} from "./chunk-KHWN3KRK.js";
import {
  diffRepos
} from "./chunk-7XOL4EQ4.js";
import "./chunk-GESYH7RA.js";
import "./chunk-FXXQ7OWI.js";
import "./chunk-DUGSIOLX.js";
import {
  createGitHubClient,
  githubRepository
} from "./chunk-XB6QFS3Z.js";
import {
  approvalPolicy,
  identitiesToResolve
} from "./chunk-COKXHIQ7.js";
import "./chunk-4FYGECKA.js";
import "./chunk-6TJ5RCH4.js";
import {
  CHANGE_KINDS,
  DirectorySource,
  loadRepo
} from "./chunk-VGNTAH4S.js";
import {
  UserError
} from "./chunk-XC2IMODC.js";

// cli/commands/approvals.ts
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";

// core/github/snapshot-error.ts
var GitHubSnapshotError = class extends Error {
  name = "GitHubSnapshotError";
  /** HTTP status of the failed request, if the failure was an HTTP error response. */
  status;
  constructor(message, options = {}) {
    super(message, { cause: options.cause });
    if (options.status !== void 0) this.status = options.status;
  }
};
function hint(status, message, repo) {
  if (status === 429 || /rate limit/i.test(message)) return "GitHub's rate limit was reached; retry later.";
  if (status === 401) return "GitHub rejected the token; check the GitHub App's credentials.";
  if (status === 403 || status === 404 || /NOT_FOUND|FORBIDDEN/.test(message)) {
    return `Check that the commit exists and that the GitHub App is installed on ${repo} with the Contents: read permission.`;
  }
  if (status !== void 0 && status >= 500) return "GitHub had a server error; retry later.";
  return "";
}
function withHint(text, tail) {
  return tail ? `${text.replace(/\.$/, "")}. ${tail}` : text;
}
function snapshotError(error, what, repo) {
  if (error instanceof GitHubSnapshotError) return error;
  const e = typeof error === "object" && error !== null ? error : {};
  const raw = typeof e.message === "string" ? e.message : String(error);
  if (Array.isArray(e.errors)) {
    const messages = e.errors.map(
      (x) => [typeof x?.type === "string" ? x.type : "", typeof x?.message === "string" ? x.message : ""].filter(Boolean).join(": ")
    ).filter(Boolean);
    const text = messages.length > 0 ? messages.join("; ") : raw;
    return new GitHubSnapshotError(
      withHint(`GitHub GraphQL error while ${what}: ${text}`, hint(void 0, text, repo)),
      { cause: error }
    );
  }
  if (typeof e.status === "number" && e.response !== void 0) {
    return new GitHubSnapshotError(
      withHint(`GitHub API error ${e.status} while ${what}: ${raw}`, hint(e.status, raw, repo)),
      { status: e.status, cause: error }
    );
  }
  return new GitHubSnapshotError(
    withHint(
      `Could not reach GitHub while ${what}: ${raw}`,
      "Check the network (and HTTPS_PROXY, if a proxy is needed) and retry."
    ),
    { cause: error }
  );
}

// core/github/pull-request-query.ts
var ACTOR = "__typename login ... on User { databaseId } ... on Bot { databaseId } ... on Mannequin { databaseId }";
var PERSON = "name email user { login databaseId }";
var REVIEWS = `totalCount nodes { databaseId state submittedAt commit { oid } author { ${ACTOR} } } pageInfo { hasNextPage endCursor }`;
var COMMITS = `totalCount nodes { commit { oid message author { ${PERSON} } committer { ${PERSON} } } } pageInfo { hasNextPage endCursor }`;
var MEMBERS = "totalCount nodes { databaseId } pageInfo { hasNextPage endCursor }";
var GitHubQueryError = class extends GitHubSnapshotError {
  name = "GitHubQueryError";
};
function actor(raw) {
  if (!raw || typeof raw.databaseId !== "number") return null;
  return { id: raw.databaseId, login: raw.login, type: raw.__typename };
}
function person(raw) {
  const user = raw?.user && typeof raw.user.databaseId === "number" ? { id: raw.user.databaseId, login: raw.user.login, type: "User" } : null;
  return { name: raw?.name ?? null, email: raw?.email ?? null, user };
}
function identityFields(ids) {
  const defs = [];
  const fields = [];
  const vars = {};
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
      `t${i}: organization(login: $to${i}) { team(slug: $ts${i}) { members(first: 100) { ${MEMBERS} } } }`
    );
  });
  return { defs, fields, vars };
}
var IDENTITY_ALIAS = /^[ut]\d+$/;
async function query(api, text, vars, what) {
  try {
    return { data: await api.graphql(text, vars), identityErrors: {} };
  } catch (error) {
    const e = error;
    const identityErrors = {};
    const local = e.errors?.every((x) => {
      const alias = String(x.path?.[0] ?? "");
      if (!IDENTITY_ALIAS.test(alias)) return false;
      identityErrors[alias] = x.message;
      return true;
    });
    if (e.data && local) return { data: e.data, identityErrors };
    const detail = e.errors?.map((x) => x.message).join("; ") ?? error.message;
    throw new GitHubQueryError(`GitHub API error while reading ${what}: ${detail}`, {
      ...e.status === void 0 ? {} : { status: e.status },
      cause: error
    });
  }
}
async function readDirectory(api, ids, answer, dir) {
  const raw = answer.data;
  ids.users.forEach((login, i) => {
    const u = raw[`u${i}`];
    dir.users[login] = u && typeof u.databaseId === "number" ? u.databaseId : null;
  });
  for (const [i, t] of ids.teams.entries()) {
    const org = raw[`t${i}`];
    if (!org?.team) {
      const why = answer.identityErrors[`t${i}`];
      dir.teams[t.key] = {
        error: why ?? `team ${t.org}/${t.slug} does not exist or the app cannot see it`
      };
      continue;
    }
    const members = org.team.members.nodes.map((n) => n.databaseId);
    let page = org.team.members.pageInfo;
    while (page.hasNextPage) {
      const { data: more } = await query(
        api,
        `query CharterTeamMembers($org: String!, $slug: String!, $after: String) { organization(login: $org) { team(slug: $slug) { members(first: 100, after: $after) { ${MEMBERS} } } } }`,
        { org: t.org, slug: t.slug, after: page.endCursor },
        `members of ${t.org}/${t.slug}`
      );
      members.push(...more.organization.team.members.nodes.map((n) => n.databaseId));
      page = more.organization.team.members.pageInfo;
    }
    dir.teams[t.key] = { members };
  }
}
async function fetchDirectory(api, ids) {
  const dir = { users: {}, teams: {} };
  if (ids.users.length === 0 && ids.teams.length === 0) return dir;
  const { defs, fields, vars } = identityFields(ids);
  const answer = await query(
    api,
    `query CharterDirectory(${defs.join(", ")}) { ${fields.join(" ")} }`,
    vars,
    "approvers and teams"
  );
  await readDirectory(api, ids, answer, dir);
  return dir;
}
async function remaining(api, target, field, selection, first) {
  const nodes = [...first.nodes];
  let page = first.pageInfo;
  while (page.hasNextPage) {
    const { data: more } = await query(
      api,
      `query CharterPullRequestPage($owner: String!, $repo: String!, $number: Int!, $after: String) { repository(owner: $owner, name: $repo) { pullRequest(number: $number) { ${field}(first: 100, after: $after) { ${selection} } } } }`,
      { ...target, after: page.endCursor },
      `${field} of ${target.owner}/${target.repo}#${target.number}`
    );
    const next = more.repository.pullRequest[field];
    nodes.push(...next.nodes);
    page = next.pageInfo;
  }
  return nodes;
}
async function fetchPullRequest(api, target, ids) {
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
  const answer = await query(api, text, { ...target, ...extra.vars }, `pull request ${where}`);
  const p = answer.data.repository?.pullRequest;
  if (!p)
    throw new GitHubQueryError(`Pull request ${where} was not found, or the app cannot read it.`, {
      status: 404
    });
  const [reviews, commits] = await Promise.all([
    remaining(api, target, "reviews", REVIEWS, p.reviews),
    remaining(api, target, "commits", COMMITS, p.commits)
  ]);
  const requested = p.reviewRequests.nodes.map((n) => n.requestedReviewer).filter((r) => r !== null);
  const pr = {
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
      ...typeof c.commit.message === "string" ? { message: c.commit.message } : {}
    })),
    reviews: reviews.map((r) => ({
      id: r.databaseId,
      author: actor(r.author),
      state: r.state,
      commitId: r.commit?.oid ?? null,
      submittedAt: r.submittedAt
    })),
    requestedReviewers: {
      users: requested.filter((r) => r.login).map((r) => r.login),
      teams: requested.filter((r) => r.slug).map((r) => r.slug)
    },
    // More labels than one page is implausible; if it happens, "unknown" fails closed.
    ...p.labels && p.labels.totalCount <= p.labels.nodes.length ? { labels: p.labels.nodes.map((l) => l.name) } : {}
  };
  if (!ids) return { pr };
  const directory = { users: {}, teams: {} };
  await readDirectory(api, ids, answer, directory);
  return { pr, directory };
}

// core/approvals/github-evaluation.ts
var ApprovalsCache = class {
  snapshots;
  /** Base commit → its loaded policy files (null: not governed). */
  bases = new MemoLru(128);
  /** base..head → merge base, changed paths and semantic changes. */
  pairs = new MemoLru(512);
  /** PR → identities its last evaluation needed, fetched with the next PR query. */
  identities = new MemoLru(4096);
  constructor(snapshots) {
    this.snapshots = snapshots;
  }
};
async function baseState(api, cache, owner, repo, sha) {
  return cache.bases.get(`${owner}/${repo}@${sha}`, async () => {
    const { root, source } = await cache.snapshots.source(api, { owner, repo, sha });
    if (root === void 0 || !source) return null;
    return { root, load: await loadRepo(source) };
  });
}
async function mergeBaseOf(api, owner, repo, base, head) {
  try {
    const res = await api.request("GET /repos/{owner}/{repo}/compare/{basehead}", {
      owner,
      repo,
      basehead: `${base}...${head}`,
      per_page: 1
    });
    return res.data.merge_base_commit.sha;
  } catch (error) {
    const status = error.status;
    throw new GitHubQueryError(
      `GitHub API error${status ? ` ${status}` : ""} while comparing ${base.slice(0, 7)}...${head.slice(0, 7)} in ${owner}/${repo}: ${error.message}`,
      { ...status === void 0 ? {} : { status }, cause: error }
    );
  }
}
async function pairState(api, cache, owner, repo, pr, root) {
  return cache.pairs.get(`${owner}/${repo}@${pr.baseSha}..${pr.headSha}`, async () => {
    const mergeBase = await mergeBaseOf(api, owner, repo, pr.baseSha, pr.headSha);
    const [before, after] = await Promise.all([
      cache.snapshots.paths(api, { owner, repo, sha: mergeBase }),
      cache.snapshots.paths(api, { owner, repo, sha: pr.headSha })
    ]);
    const paths = [];
    for (const [path, blob] of after) if (before.get(path) !== blob) paths.push(path);
    for (const path of before.keys()) if (!after.has(path)) paths.push(path);
    paths.sort();
    const prefix = root ? `${root}/` : "";
    let changes = [];
    if (paths.some((p) => p.startsWith(prefix))) {
      const [b, h] = await Promise.all([
        cache.snapshots.source(api, { owner, repo, sha: mergeBase, root }),
        cache.snapshots.source(api, { owner, repo, sha: pr.headSha, root })
      ]);
      const [baseLoad, headLoad] = await Promise.all([loadRepo(b.source), loadRepo(h.source)]);
      const set = await diffRepos(baseLoad.repo, headLoad.repo);
      changes = set.changes.map((c) => ({
        kind: c.kind,
        ...c.tenant === void 0 ? {} : { tenant: c.tenant },
        summary: c.summary,
        file: `${prefix}${c.file}`
      }));
    }
    return { mergeBase, paths, changes };
  });
}
async function evaluatePullRequest(api, target, cache, push = () => ({ pushers: [] })) {
  const key = `${target.owner}/${target.repo}#${target.number}`;
  const hint2 = await cache.identities.peek(key);
  const first = await fetchPullRequest(api, target, hint2);
  const pr = first.pr;
  const base = await baseState(api, cache, target.owner, target.repo, pr.baseSha);
  if (!base) return { governed: false, pr };
  const policy = approvalPolicy(base.load, pr.baseSha, base.root);
  const pair = await pairState(api, cache, target.owner, target.repo, pr, base.root);
  const record2 = await push(pr);
  const facts2 = {
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
    pushers: record2.pushers,
    ...record2.pushedAt ? { headPushedAt: record2.pushedAt } : {},
    changes: pair.changes,
    requestedReviewers: pr.requestedReviewers,
    ...pr.labels ? { labels: pr.labels } : {}
  };
  let directory = { users: {}, teams: {} };
  if (policy.ok) {
    const principals = requirementsFor(policy.policy, facts2.paths, facts2.changes).requirements.flatMap(
      (r) => r.approvers
    );
    const needed = identitiesToResolve(principals);
    cache.identities.set(key, needed);
    const covered = first.directory && needed.users.every((u) => u in first.directory.users) && needed.teams.every((t) => t.key in first.directory.teams);
    directory = covered ? first.directory : await fetchDirectory(api, needed);
  }
  const decision = evaluateApprovals(policy, facts2, directory);
  return { governed: true, pr, policy, facts: facts2, directory, decision };
}

// core/approvals/recording.ts
import * as z from "zod";
var RECORDING_FORMAT = "charter-approvals-recording/v1";
var actor2 = z.object({ id: z.int(), login: z.string(), type: z.string() });
var person2 = z.object({
  name: z.string().nullable(),
  email: z.string().nullable(),
  user: actor2.nullable()
});
var facts = z.object({
  repository: z.string(),
  number: z.int(),
  state: z.string(),
  draft: z.boolean(),
  author: actor2.nullable(),
  baseRef: z.string(),
  baseSha: z.string(),
  headSha: z.string(),
  mergeBaseSha: z.string().optional(),
  fromFork: z.boolean(),
  changedFiles: z.int(),
  paths: z.array(z.string()),
  commits: z.array(
    z.object({ sha: z.string(), author: person2, committer: person2, message: z.string().optional() })
  ),
  totalCommits: z.int(),
  reviews: z.array(
    z.object({
      id: z.int(),
      author: actor2.nullable(),
      state: z.string(),
      commitId: z.string().nullable(),
      submittedAt: z.string().nullable()
    })
  ),
  pushers: z.array(actor2),
  headPushedAt: z.string().optional(),
  changes: z.array(
    z.object({
      kind: z.enum(CHANGE_KINDS),
      tenant: z.string().optional(),
      summary: z.string(),
      file: z.string()
    })
  ),
  requestedReviewers: z.object({ users: z.array(z.string()), teams: z.array(z.string()) }),
  // Absent in recordings made before AI-drafted checks: they then fail closed (treated as drafted).
  labels: z.array(z.string()).optional()
});
var recording = z.object({
  format: z.literal(RECORDING_FORMAT),
  facts,
  directory: z.object({
    users: z.record(z.string(), z.int().nullable()),
    teams: z.record(
      z.string(),
      z.union([z.object({ members: z.array(z.int()) }), z.object({ error: z.string() })])
    )
  }),
  policy: z.object({ sha: z.string(), root: z.string(), files: z.record(z.string(), z.string()) })
});
var POLICY_FILE = /^(?:charter\.ya?ml|tenants\/[^/]+\/tenant\.ya?ml)$/;
function makeRecording(f, directory, policy) {
  return { format: RECORDING_FORMAT, facts: f, directory, policy };
}
function parseRecording(text, file) {
  let json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `${file} is not JSON (${error.message}). Record one with charter approvals --pr N --record ${file}.`
    );
  }
  const parsed = recording.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(
      `${file} is not an approvals recording: ${issue.path.join(".") || "(root)"}: ${issue.message}. Record one with charter approvals --pr N --record ${file}.`
    );
  }
  return parsed.data;
}
async function recordedPolicy(rec) {
  const load = await loadRepo(
    new MemorySource(rec.policy.files, `${rec.policy.sha.slice(0, 12)} (recorded)`)
  );
  return approvalPolicy(load, rec.policy.sha, rec.policy.root);
}

// core/github/check-runs.ts
var checkName = (baseRef) => `Charter approvals (${baseRef})`;
var RECORD_PREFIX = "charter1;";
function decodeRecord(externalId) {
  if (!externalId?.startsWith(RECORD_PREFIX)) return { pushers: [] };
  const fields = new Map(
    externalId.slice(RECORD_PREFIX.length).split(";").map((f) => [f.slice(0, f.indexOf("=")), f.slice(f.indexOf("=") + 1)])
  );
  const pushers = [];
  for (const entry of (fields.get("p") ?? "").split(",")) {
    const colon = entry.indexOf(":");
    const id = Number(entry.slice(0, colon));
    if (colon > 0 && Number.isInteger(id) && id > 0)
      pushers.push({ id, login: entry.slice(colon + 1), type: "User" });
  }
  const t = fields.get("t");
  const n = Number(fields.get("n"));
  return {
    pushers,
    ...t && !Number.isNaN(Date.parse(t)) ? { pushedAt: t } : {},
    ...Number.isInteger(n) && n > 0 ? { pr: n } : {}
  };
}
async function findCheckRun(api, target) {
  const res = await api.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
    owner: target.owner,
    repo: target.repo,
    ref: target.sha,
    check_name: target.name,
    filter: "latest",
    ...target.appId ? { app_id: target.appId } : {},
    per_page: 10
  });
  const runs = res.data.check_runs;
  const ours = runs.filter((r) => !target.appId || r.app?.id === target.appId);
  const latest = ours.sort((a, b) => b.id - a.id)[0];
  return latest ? { id: latest.id, record: decodeRecord(latest.external_id) } : void 0;
}

// core/github/blob-cache.ts
var BlobCache = class {
  maxBytes;
  /** Insertion order is recency order: the first key is the least recently used. */
  blobs = /* @__PURE__ */ new Map();
  inflight = /* @__PURE__ */ new Map();
  total = 0;
  constructor(options = {}) {
    const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    if (!Number.isFinite(maxBytes) || maxBytes < 0) {
      throw new RangeError(`BlobCache maxBytes must be a non-negative number of bytes, not ${maxBytes}.`);
    }
    this.maxBytes = maxBytes;
  }
  /** Bytes currently kept. */
  get bytes() {
    return this.total;
  }
  /** Blobs currently kept. */
  get size() {
    return this.blobs.size;
  }
  has(sha) {
    return this.blobs.has(sha.toLowerCase());
  }
  /** The blob, marked as most recently used. */
  get(sha) {
    const key = sha.toLowerCase();
    const bytes = this.blobs.get(key);
    if (bytes) {
      this.blobs.delete(key);
      this.blobs.set(key, bytes);
    }
    return bytes;
  }
  set(sha, bytes) {
    const key = sha.toLowerCase();
    const old = this.blobs.get(key);
    if (old) {
      this.blobs.delete(key);
      this.total -= old.length;
    }
    if (bytes.length > this.maxBytes) return;
    this.blobs.set(key, bytes);
    this.total += bytes.length;
    for (const [k, b] of this.blobs) {
      if (this.total <= this.maxBytes) break;
      this.blobs.delete(k);
      this.total -= b.length;
    }
  }
  /**
   * Returns every requested blob: from the cache, from a fetch already in flight, or by calling
   * `fetchMissing` once with all the others (each requested once, however often it is listed).
   */
  async load(shas, fetchMissing) {
    const out = /* @__PURE__ */ new Map();
    const waits = [];
    const missing = [];
    for (const sha of new Set(shas.map((s) => s.toLowerCase()))) {
      const hit = this.get(sha);
      if (hit) {
        out.set(sha, hit);
        continue;
      }
      const pending = this.inflight.get(sha);
      if (pending) waits.push(pending.then((bytes) => void out.set(sha, bytes)));
      else missing.push(sha);
    }
    if (missing.length > 0) {
      const batch = fetchMissing(missing);
      for (const sha of missing) {
        const one = batch.then((fetched) => {
          const bytes = fetched.get(sha);
          if (!bytes) throw new Error(`BlobCache: the fetcher did not return blob ${sha}.`);
          this.set(sha, bytes);
          return bytes;
        });
        this.inflight.set(sha, one);
        one.then(
          () => this.inflight.delete(sha),
          () => this.inflight.delete(sha)
        );
        waits.push(one.then((bytes) => void out.set(sha, bytes)));
      }
    }
    await Promise.all(waits);
    return out;
  }
};

// core/github/git-tree.ts
var OBJECT_ID = /^[0-9a-f]{40}$/i;
function isObjectId(value) {
  return OBJECT_ID.test(value);
}
function commitLabel(owner, repo, sha) {
  return `${owner}/${repo}@${sha.slice(0, 7)}`;
}
var SKIPPED_DIRS = /* @__PURE__ */ new Set([".git", "node_modules", ".charter"]);
function isSkippedPath(path) {
  return path.split("/").some((segment) => SKIPPED_DIRS.has(segment));
}
var TYPES = /* @__PURE__ */ new Set(["blob", "tree", "commit"]);
async function fetchTree(api, { owner, repo, sha }) {
  const where = commitLabel(owner, repo, sha);
  if (!isObjectId(sha)) {
    throw new GitHubSnapshotError(
      `"${sha}" is not a commit SHA. Pass the full 40-character SHA of the commit to read: a branch or tag can move between requests.`
    );
  }
  let data;
  try {
    ({ data } = await api.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", {
      owner,
      repo,
      tree_sha: sha,
      recursive: "1"
    }));
  } catch (error) {
    throw snapshotError(error, `reading the file tree of ${where}`, `${owner}/${repo}`);
  }
  if (data.truncated) {
    throw new GitHubSnapshotError(
      `The file tree of ${where} has too many entries for GitHub's tree API (at most 100,000 entries or 7 MB), so GitHub returned only part of it. Charter refuses to evaluate a partial tree and fails closed: move large unrelated content (vendored code, data sets) out of the repository.`
    );
  }
  const entries = [];
  for (const item of data.tree) {
    const { path, mode, type, sha: oid } = item;
    if (!path || !mode || !type || !oid || !TYPES.has(type)) {
      throw new GitHubSnapshotError(
        `GitHub returned an unexpected entry in the file tree of ${where}: ${JSON.stringify(item)}. Retry later; if it persists, report it to Charter.`
      );
    }
    entries.push({
      path,
      sha: oid,
      size: type === "blob" ? item.size ?? 0 : 0,
      type,
      mode
    });
  }
  return { sha: data.sha, entries };
}
var CHARTER_FILES = /* @__PURE__ */ new Set(["charter.yml", "charter.yaml"]);
function findGovernedRoot(entries, where = "the repository") {
  const dirs = /* @__PURE__ */ new Set();
  const files = [];
  for (const entry of entries) {
    if (entry.type !== "blob" || isSkippedPath(entry.path)) continue;
    const slash = entry.path.lastIndexOf("/");
    if (!CHARTER_FILES.has(entry.path.slice(slash + 1))) continue;
    if (slash === -1) return "";
    dirs.add(entry.path.slice(0, slash));
    files.push(entry.path);
  }
  if (dirs.size <= 1) return [...dirs][0];
  throw new GitHubSnapshotError(
    `Found charter.yml in ${dirs.size} directories of ${where} and none at the root: ${files.sort().join(", ")}. Keep one charter.yml per repository (or put one at the root), so Charter knows which directory is governed.`
  );
}

// core/github/github-tree-source.ts
import { createHash } from "node:crypto";
var GRAPHQL_TEXT_LIMIT = 512e3;
var QUERY_BYTES = 8 * 1024 * 1024;
function gitBlobSha(bytes) {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}
var GitHubTreeSource = class {
  label;
  commit;
  root;
  api;
  owner;
  repo;
  where;
  blobs;
  blobsPerQuery;
  entries = [];
  /** Regular files: relative path -> blob id. */
  files = /* @__PURE__ */ new Map();
  /** Blob id -> size and one path holding it (for messages). */
  blobInfo = /* @__PURE__ */ new Map();
  constructor(api, options) {
    this.api = api;
    this.owner = options.owner;
    this.repo = options.repo;
    this.commit = options.commit;
    this.root = options.root.replace(/^\/+|\/+$/g, "");
    this.blobs = options.blobs;
    this.blobsPerQuery = Math.max(1, Math.floor(options.blobsPerQuery ?? 100));
    this.where = commitLabel(this.owner, this.repo, this.commit);
    this.label = this.root ? `${this.where}:${this.root}` : this.where;
    const prefix = this.root ? `${this.root}/` : "";
    for (const entry of options.entries) {
      if (entry.type === "tree" || !entry.path.startsWith(prefix)) continue;
      const path = entry.path.slice(prefix.length);
      if (isSkippedPath(path)) continue;
      if (entry.type === "commit") {
        this.entries.push({ path, size: 0, kind: "submodule" });
      } else if (entry.mode === "120000") {
        this.entries.push({ path, size: 0, kind: "symlink" });
      } else {
        const sha = entry.sha.toLowerCase();
        this.entries.push({ path, size: entry.size, kind: "file" });
        this.files.set(path, sha);
        if (!this.blobInfo.has(sha)) this.blobInfo.set(sha, { size: entry.size, path: entry.path });
      }
    }
    this.entries.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  }
  async list() {
    return this.entries.map((e) => ({ ...e }));
  }
  async readMany(paths) {
    const wanted = /* @__PURE__ */ new Map();
    for (const path of paths) {
      const sha = this.files.get(path);
      if (sha) wanted.set(path, sha);
    }
    const result = /* @__PURE__ */ new Map();
    if (wanted.size === 0) return result;
    const bySha = await this.blobs.load([...wanted.values()], (missing) => this.fetchBlobs(missing));
    for (const [path, sha] of wanted) result.set(path, bySha.get(sha));
    return result;
  }
  info(sha) {
    return this.blobInfo.get(sha) ?? { size: 0, path: sha };
  }
  /** Text blobs through GraphQL in batches; whatever GraphQL cannot give exactly, through REST. */
  async fetchBlobs(shas) {
    for (const sha of shas) {
      if (!isObjectId(sha)) {
        throw new GitHubSnapshotError(
          `GitHub's tree for ${this.where} lists "${sha}" as the blob of ${this.info(sha).path}, which is not a 40-character hex SHA; Charter will not use it in a query. Retry later; if it persists, report it to Charter.`
        );
      }
    }
    const out = /* @__PURE__ */ new Map();
    const viaRest = [];
    const viaGraphql = [];
    for (const sha of shas) (this.info(sha).size > GRAPHQL_TEXT_LIMIT ? viaRest : viaGraphql).push(sha);
    for (const batch of this.batches(viaGraphql)) {
      const texts = await this.queryTexts(batch);
      for (const sha of batch) {
        const bytes = texts.get(sha);
        if (bytes) out.set(sha, bytes);
        else viaRest.push(sha);
      }
    }
    for (const sha of viaRest) out.set(sha, await this.fetchRestBlob(sha));
    return out;
  }
  batches(shas) {
    const batches = [];
    let current = [];
    let bytes = 0;
    for (const sha of shas) {
      const size = this.info(sha).size;
      if (current.length > 0 && (current.length >= this.blobsPerQuery || bytes + size > QUERY_BYTES)) {
        batches.push(current);
        current = [];
        bytes = 0;
      }
      current.push(sha);
      bytes += size;
    }
    if (current.length > 0) batches.push(current);
    return batches;
  }
  /** One GraphQL query for a batch; returns the blobs whose text is complete and matches the id. */
  async queryTexts(batch) {
    const fields = batch.map(
      (sha, i) => `    b${i}: object(oid: "${sha}") { ... on Blob { text isBinary isTruncated byteSize } }`
    ).join("\n");
    const query2 = `query CharterBlobs($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
${fields}
  }
}`;
    let data;
    try {
      data = await this.api.graphql(query2, { owner: this.owner, name: this.repo });
    } catch (error) {
      throw snapshotError(error, `reading blobs of ${this.where}`, `${this.owner}/${this.repo}`);
    }
    if (!data?.repository) {
      throw new GitHubSnapshotError(
        `GitHub's GraphQL API did not find ${this.owner}/${this.repo} while reading blobs of ${this.where}. Check that the GitHub App is installed on it with the Contents: read permission.`
      );
    }
    const out = /* @__PURE__ */ new Map();
    batch.forEach((sha, i) => {
      const node = data.repository?.[`b${i}`];
      if (!node || typeof node.text !== "string" || node.isBinary || node.isTruncated) return;
      const bytes = Buffer.from(node.text, "utf8");
      if (bytes.length === this.info(sha).size && gitBlobSha(bytes) === sha) out.set(sha, bytes);
    });
    return out;
  }
  async fetchRestBlob(sha) {
    const { size, path } = this.info(sha);
    let data;
    try {
      ({ data } = await this.api.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", {
        owner: this.owner,
        repo: this.repo,
        file_sha: sha
      }));
    } catch (error) {
      throw snapshotError(error, `reading ${path} of ${this.where}`, `${this.owner}/${this.repo}`);
    }
    let bytes;
    if (data.encoding === "base64") bytes = Buffer.from(data.content, "base64");
    else if (data.encoding === "utf-8" || data.encoding === "utf8") bytes = Buffer.from(data.content, "utf8");
    else {
      throw new GitHubSnapshotError(
        `GitHub returned ${path} of ${this.where} in an unexpected encoding "${data.encoding}". Retry later; if it persists, report it to Charter.`
      );
    }
    if (bytes.length !== size) {
      throw new GitHubSnapshotError(
        `GitHub returned ${bytes.length} bytes for ${path} of ${this.where}, but its tree says ${size}. Charter refuses to evaluate a partial file; retry later.`
      );
    }
    if (gitBlobSha(bytes) !== sha) {
      throw new GitHubSnapshotError(
        `GitHub returned content for ${path} of ${this.where} that does not match its blob id ${sha}. Charter refuses to evaluate it; retry later.`
      );
    }
    return bytes;
  }
};

// core/github/repo-snapshot.ts
var RepoSnapshots = class {
  blobs;
  blobsPerQuery;
  /** Trees by `owner/repo@sha`; a failed fetch is forgotten, so the next request retries it. */
  trees;
  constructor(options = {}) {
    this.trees = new MemoLru(Math.max(1, Math.floor(options.maxTrees ?? 256)));
    this.blobs = new BlobCache({ maxBytes: options.maxBlobBytes });
    this.blobsPerQuery = options.blobsPerQuery;
  }
  /** The commit's tree, fetched once while it stays among the `maxTrees` most recently used. */
  tree(api, ref) {
    const key = `${ref.owner}/${ref.repo}@${ref.sha}`.toLowerCase();
    return this.trees.get(key, () => fetchTree(api, ref));
  }
  /** A FileSource for the governed root at the commit; `source` is undefined when there is none. */
  async source(api, request) {
    const { owner, repo, sha } = request;
    const tree = await this.tree(api, { owner, repo, sha });
    const root = request.root === void 0 ? findGovernedRoot(tree.entries, commitLabel(owner, repo, sha)) : request.root.replace(/^\/+|\/+$/g, "").replace(/^\.$/, "");
    if (root === void 0) return { root, source: void 0 };
    const source = new GitHubTreeSource(api, {
      owner,
      repo,
      commit: sha,
      root,
      entries: tree.entries,
      blobs: this.blobs,
      blobsPerQuery: this.blobsPerQuery
    });
    return { root, source };
  }
  /**
   * Every non-directory path of the commit (from the repository root) with its object id: the blob
   * for files and symlinks, the commit for submodules. Two commits differ exactly at the paths
   * whose ids differ, with no file content read.
   */
  async paths(api, ref) {
    const tree = await this.tree(api, ref);
    return new Map(tree.entries.filter((e) => e.type !== "tree").map((e) => [e.path, e.sha]));
  }
};

// cli/commands/approvals.ts
function render(decision, format) {
  if (format === "json") return `${JSON.stringify(decision, null, 2)}
`;
  if (format === "markdown") return `${decisionMarkdown(decision)}
`;
  return decisionText(decision);
}
async function simulate(options, io) {
  const file = resolve(io.cwd, options.simulate);
  const text = await readFile(file, "utf8").catch((error) => {
    throw new UserError(
      `Cannot read ${options.simulate}: ${error.code === "ENOENT" ? "no such file" : error.message}.`
    );
  });
  const rec = parseRecording(text, options.simulate);
  let policy;
  if (options.policy) {
    const dir = resolve(io.cwd, options.policy);
    policy = approvalPolicy(await loadRepo(new DirectorySource(dir)), "working tree", rec.policy.root);
  } else policy = await recordedPolicy(rec);
  return evaluateApprovals(policy, rec.facts, rec.directory);
}
async function live(options, io) {
  const number = Number(options.pr);
  if (!Number.isInteger(number) || number < 1)
    throw new UserError(`--pr must be a pull request number; got "${options.pr}".`);
  const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
  if (!token)
    throw new UserError(
      "charter approvals --pr needs a GitHub token in GITHUB_TOKEN or GH_TOKEN (read access to the repository, its pull requests and the organization's teams)."
    );
  const { owner, repo } = await githubRepository(options.repo, io);
  const api = await createGitHubClient(token, { env: io.env });
  const snapshots = new RepoSnapshots();
  const cache = new ApprovalsCache(snapshots);
  const evaluation = await evaluatePullRequest(api, { owner, repo, number }, cache, async (pr) => {
    const check = await findCheckRun(api, {
      owner,
      repo,
      sha: pr.headSha,
      name: checkName(pr.baseRef)
    }).catch(() => void 0);
    return check?.record ?? { pushers: [] };
  });
  if (!evaluation.governed || !evaluation.decision || !evaluation.facts)
    throw new UserError(
      `${owner}/${repo} has no charter.yml on the base commit of #${number}; it is not governed by Charter.`,
      { exitCode: 1 }
    );
  if (options.record) {
    const { root, source } = await snapshots.source(api, { owner, repo, sha: evaluation.pr.baseSha });
    const paths = (await source.list()).map((e) => e.path).filter((p) => POLICY_FILE.test(p));
    const files = Object.fromEntries(
      [...await source.readMany(paths)].map(([p, b]) => [p, b.toString("utf8")])
    );
    const rec = makeRecording(evaluation.facts, evaluation.directory, {
      sha: evaluation.pr.baseSha,
      root: root ?? "",
      files
    });
    await writeFile(resolve(io.cwd, options.record), `${JSON.stringify(rec, null, 2)}
`);
    io.stderr(
      `Recorded ${owner}/${repo}#${number} to ${options.record}; replay it with --simulate ${options.record}.
`
    );
  }
  return evaluation.decision;
}
async function approvalsCommand(options, io) {
  if (Boolean(options.pr) === Boolean(options.simulate))
    throw new UserError(
      "Give either --pr N (read the pull request from GitHub) or --simulate FILE (replay a recording)."
    );
  if (options.policy && !options.simulate)
    throw new UserError("--policy DIR applies to --simulate: it evaluates a recording under another policy.");
  if (options.record && !options.pr)
    throw new UserError("--record FILE applies to --pr: it saves what was read.");
  const decision = options.simulate ? await simulate(options, io) : await live(options, io).catch((error) => {
    if (error instanceof GitHubSnapshotError)
      throw new UserError(error.message, { exitCode: 1, cause: error });
    throw error;
  });
  const text = render(decision, options.format);
  if (options.output) await writeFile(resolve(io.cwd, options.output), text);
  else io.stdout(text);
  return decision.conclusion === "approved" ? 0 : 1;
}
export {
  approvalsCommand
};
