/**
 * A stand-in for GitHub's API, served through nock at the HTTP layer: repositories as file trees
 * per commit, pull requests with reviews and commits, users, teams, check runs and installations.
 * It answers the REST routes and GraphQL operations the approvals app uses, counts every request,
 * and can fail chosen requests (status codes) to test error handling.
 */
import { createHash } from "node:crypto";
import nock from "nock";
import type { Actor } from "../../core/approvals/facts.ts";
import { gitBlobSha } from "../../core/github/github-tree-source.ts";

export const API = "https://api.github.com";

export type Files = Record<string, string>;

export interface FakeCommit {
  sha: string;
  author: { name: string; email: string; user: Actor | null };
  committer: { name: string; email: string; user: Actor | null };
  /** Commit message (default: "Change"). */
  message?: string;
}

export interface FakeReview {
  id: number;
  author: Actor | null;
  state: string;
  commitId: string;
  submittedAt: string;
}

export interface FakePull {
  number: number;
  state: "OPEN" | "CLOSED" | "MERGED";
  draft: boolean;
  author: Actor;
  baseRef: string;
  baseSha: string;
  headSha: string;
  mergeBase: string;
  fork: boolean;
  commits: FakeCommit[];
  reviews: FakeReview[];
  requested: { users: string[]; teams: string[] };
  /** Overrides GitHub's count of changed files. */
  changedFiles?: number;
  /** Label names (default: none). */
  labels?: string[];
}

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  external_id: string | null;
  output: { title: string; summary: string };
  app: { id: number };
}

interface Failure {
  match: (method: string, path: string, operation?: string) => boolean;
  status: number;
  remaining: number;
  headers?: Record<string, string>;
}

export interface RequestLog {
  method: string;
  path: string;
  operation?: string;
}

export function blobSha(content: string | Buffer): string {
  return gitBlobSha(typeof content === "string" ? Buffer.from(content) : content);
}

export function commitSha(label: string): string {
  return createHash("sha1").update(`commit ${label}`).digest("hex");
}

export class FakeGitHub {
  readonly owner: string;
  readonly repo: string;
  readonly appId: number;
  readonly commits = new Map<string, Files>();
  readonly blobs = new Map<string, string>();
  readonly pulls = new Map<number, FakePull>();
  readonly users = new Map<string, number>();
  readonly teams = new Map<string, number[]>();
  readonly checkRuns: FakeCheckRun[] = [];
  readonly reviewRequests: { number: number; reviewers: string[]; team_reviewers: string[] }[] = [];
  readonly log: RequestLog[] = [];
  /** GET requests answered 304 Not Modified. */
  notModified = 0;
  private failures: Failure[] = [];
  private nextId = 1000;

  constructor(options: { owner?: string; repo?: string; appId?: number } = {}) {
    this.owner = options.owner ?? "acme";
    this.repo = options.repo ?? "ai";
    this.appId = options.appId ?? 4242;
  }

  /** Adds a commit whose tree is `files`; returns its sha. */
  commit(label: string, files: Files): string {
    const sha = commitSha(label);
    this.commits.set(sha, files);
    for (const content of Object.values(files)) this.blobs.set(blobSha(content), content);
    return sha;
  }

  user(login: string, id: number): void {
    this.users.set(login.toLowerCase(), id);
  }

  team(key: string, members: number[]): void {
    this.teams.set(key.toLowerCase(), members);
  }

  pull(p: Partial<FakePull> & Pick<FakePull, "number" | "author" | "baseSha" | "headSha">): FakePull {
    const pull: FakePull = {
      state: "OPEN",
      draft: false,
      baseRef: "main",
      mergeBase: p.baseSha,
      fork: false,
      commits: [
        {
          sha: p.headSha,
          author: { name: p.author.login, email: `${p.author.login}@acme.test`, user: p.author },
          committer: { name: p.author.login, email: `${p.author.login}@acme.test`, user: p.author },
        },
      ],
      reviews: [],
      requested: { users: [], teams: [] },
      ...p,
    };
    this.pulls.set(pull.number, pull);
    return pull;
  }

  review(number: number, author: Actor | null, state: string, commitId?: string, at?: string): FakeReview {
    const pull = this.pulls.get(number)!;
    const r: FakeReview = {
      id: this.nextId++,
      author,
      state,
      commitId: commitId ?? pull.headSha,
      submittedAt: at ?? new Date(Date.now() + this.nextId).toISOString(),
    };
    pull.reviews.push(r);
    return r;
  }

  /** Makes the next `times` requests matching `match` fail with `status` (and `headers`). */
  fail(status: number, match: Failure["match"], times = 1, headers?: Record<string, string>): void {
    this.failures.push({ match, status, remaining: times, ...(headers ? { headers } : {}) });
  }

  checks(name?: string, sha?: string): FakeCheckRun[] {
    return this.checkRuns.filter((c) => (!name || c.name === name) && (!sha || c.head_sha === sha));
  }

  /** The check run branch protection would look at: the latest of that name on that commit. */
  latestCheck(name: string, sha: string): FakeCheckRun | undefined {
    return this.checks(name, sha).sort((a, b) => b.id - a.id)[0];
  }

  requests(filter?: (r: RequestLog) => boolean): RequestLog[] {
    return filter ? this.log.filter(filter) : this.log;
  }

  /** Installs the interceptors. Call `nock.cleanAll()` to remove them. */
  intercept(): this {
    const self = this;
    const handle = (method: string) =>
      function (
        this: { req: { headers: Record<string, string | string[] | undefined> } },
        uri: string,
        body: unknown,
      ) {
        const reply = self.route(method, uri, body);
        if (method !== "GET" || reply[0] !== 200) return reply;
        // ETags on every successful GET, and 304 for a matching If-None-Match (as GitHub does).
        const etag = `"${createHash("sha1").update(JSON.stringify(reply[1])).digest("hex")}"`;
        if (this.req.headers["if-none-match"] === etag) {
          self.notModified++;
          return [304, ""] as nock.ReplyFnResult;
        }
        return [200, reply[1], { etag, ...(reply[2] as object) }] as nock.ReplyFnResult;
      };
    nock(API).persist().get(/.*/).reply(handle("GET"));
    nock(API).persist().post(/.*/).reply(handle("POST"));
    nock(API).persist().patch(/.*/).reply(handle("PATCH"));
    return this;
  }

  private route(method: string, uri: string, body: unknown): nock.ReplyFnResult {
    const url = new URL(uri, API);
    const path = url.pathname;
    const operation =
      path === "/graphql"
        ? /(?:query|mutation)\s+(\w+)/.exec((body as { query: string }).query)?.[1]
        : undefined;
    this.log.push({ method, path, ...(operation ? { operation } : {}) });
    const failure = this.failures.find((f) => f.remaining > 0 && f.match(method, path, operation));
    if (failure) {
      failure.remaining--;
      return [failure.status, { message: `Injected ${failure.status}` }, failure.headers ?? {}];
    }
    try {
      return this.answer(method, path, url.searchParams, body, operation);
    } catch (error) {
      return [500, { message: `fake GitHub: ${(error as Error).message}` }];
    }
  }

  private answer(
    method: string,
    path: string,
    query: URLSearchParams,
    body: unknown,
    operation: string | undefined,
  ): nock.ReplyFnResult {
    const repoPath = `/repos/${this.owner}/${this.repo}`;
    const routes: [string, RegExp, (m: RegExpExecArray) => nock.ReplyFnResult][] = [
      [
        "POST",
        /^\/app\/installations\/(\d+)\/access_tokens$/,
        (m) => [
          201,
          {
            token: `ghs_${m[1]}`,
            expires_at: new Date(Date.now() + 3600_000).toISOString(),
            permissions: {},
          },
        ],
      ],
      ["GET", /^\/app\/installations$/, () => [200, [{ id: 1, account: { login: this.owner } }]]],
      [
        "GET",
        /^\/installation\/repositories$/,
        () => [
          200,
          {
            total_count: 1,
            repositories: [{ name: this.repo, owner: { login: this.owner }, archived: false }],
          },
        ],
      ],
      [
        "GET",
        new RegExp(`^${repoPath}/pulls$`),
        () => [
          200,
          [...this.pulls.values()]
            .filter((p) => p.state === "OPEN")
            .map((p) => ({ number: p.number, head: { sha: p.headSha }, base: { ref: p.baseRef } })),
        ],
      ],
      ["GET", new RegExp(`^${repoPath}/git/trees/([0-9a-f]{40})$`), (m) => this.tree(m[1]!)],
      [
        "GET",
        new RegExp(`^${repoPath}/git/blobs/([0-9a-f]{40})$`),
        (m) => {
          const content = this.blobs.get(m[1]!);
          if (content === undefined) return [404, { message: "Not Found" }];
          return [
            200,
            {
              sha: m[1],
              size: Buffer.byteLength(content),
              encoding: "base64",
              content: Buffer.from(content).toString("base64"),
            },
          ];
        },
      ],
      [
        "GET",
        new RegExp(`^${repoPath}/compare/([0-9a-f]{40})\\.\\.\\.([0-9a-f]{40})$`),
        (m) => {
          const pull = [...this.pulls.values()].find((p) => p.baseSha === m[1] && p.headSha === m[2]);
          return [200, { merge_base_commit: { sha: pull?.mergeBase ?? m[1] }, files: [], commits: [] }];
        },
      ],
      [
        "GET",
        new RegExp(`^${repoPath}/commits/([0-9a-f]{40})/check-runs$`),
        (m) => {
          const runs = this.checks(query.get("check_name") ?? undefined, m[1]).sort((a, b) => b.id - a.id);
          return [200, { total_count: runs.length, check_runs: runs }];
        },
      ],
      [
        "POST",
        new RegExp(`^${repoPath}/check-runs$`),
        () => this.createCheck(body as Record<string, unknown>),
      ],
      [
        "PATCH",
        new RegExp(`^${repoPath}/check-runs/(\\d+)$`),
        (m) => this.updateCheck(Number(m[1]), body as Record<string, unknown>),
      ],
      [
        "POST",
        new RegExp(`^${repoPath}/pulls/(\\d+)/requested_reviewers$`),
        (m) => {
          const b = body as { reviewers: string[]; team_reviewers: string[] };
          this.reviewRequests.push({ number: Number(m[1]), ...b });
          return [201, {}];
        },
      ],
      ["POST", /^\/graphql$/, () => [200, this.graphql(operation, body as GraphQLBody) as nock.Body]],
    ];
    for (const [verb, pattern, reply] of routes) {
      const m = verb === method ? pattern.exec(path) : null;
      if (m) return reply(m);
    }
    return [404, { message: `fake GitHub has no route for ${method} ${path}` }];
  }

  private tree(sha: string): nock.ReplyFnResult {
    const files = this.commits.get(sha);
    if (!files) return [404, { message: "Not Found" }];
    const dirs = new Set<string>();
    for (const p of Object.keys(files)) {
      const parts = p.split("/");
      for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
    }
    return [
      200,
      {
        sha: commitSha(`tree ${sha}`),
        truncated: false,
        tree: [
          ...[...dirs].map((d) => ({ path: d, mode: "040000", type: "tree", sha: commitSha(`tree ${d}`) })),
          ...Object.entries(files).map(([p, c]) => ({
            path: p,
            mode: "100644",
            type: "blob",
            sha: blobSha(c),
            size: Buffer.byteLength(c),
          })),
        ],
      },
    ];
  }

  private createCheck(b: Record<string, unknown>): nock.ReplyFnResult {
    const run: FakeCheckRun = {
      id: this.nextId++,
      name: b.name as string,
      head_sha: b.head_sha as string,
      status: b.status as string,
      conclusion: (b.conclusion as string) ?? null,
      external_id: (b.external_id as string) ?? null,
      output: b.output as FakeCheckRun["output"],
      app: { id: this.appId },
    };
    this.checkRuns.push(run);
    return [201, run as unknown as nock.Body];
  }

  private updateCheck(id: number, b: Record<string, unknown>): nock.ReplyFnResult {
    const run = this.checkRuns.find((c) => c.id === id);
    if (!run) return [404, { message: "Not Found" }];
    Object.assign(run, {
      ...(b.status ? { status: b.status } : {}),
      conclusion: (b.conclusion as string) ?? null,
      ...(b.external_id !== undefined ? { external_id: b.external_id } : {}),
      ...(b.output ? { output: b.output } : {}),
    });
    return [200, run as unknown as nock.Body];
  }

  private graphql(operation: string | undefined, body: GraphQLBody): unknown {
    const vars = body.variables ?? {};
    const data: Record<string, unknown> = {};
    const errors: { type: string; path: string[]; message: string }[] = [];
    // Identity aliases, in any operation that carries them.
    for (const [, alias, variable] of body.query.matchAll(/(u\d+): user\(login: \$(\w+)\)/g)) {
      const id = this.users.get(String(vars[variable!]).toLowerCase());
      data[alias!] = id === undefined ? null : { databaseId: id };
      if (id === undefined)
        errors.push({
          type: "NOT_FOUND",
          path: [alias!],
          message: `Could not resolve to a User with the login of '${vars[variable!]}'.`,
        });
    }
    for (const [, alias, orgVar, slugVar] of body.query.matchAll(
      /(t\d+): organization\(login: \$(\w+)\) \{ team\(slug: \$(\w+)\)/g,
    )) {
      const members = this.teams.get(`${vars[orgVar!]}/${vars[slugVar!]}`.toLowerCase());
      data[alias!] = {
        team: members ? { members: page(members.map((databaseId) => ({ databaseId }))) } : null,
      };
    }
    // Blobs by object id, inside `repository`.
    const blobs: Record<string, unknown> = {};
    for (const [, alias, oid] of body.query.matchAll(/(\w+): object\(oid: "([0-9a-f]{40})"\)/g)) {
      const content = this.blobs.get(oid!);
      blobs[alias!] =
        content === undefined
          ? null
          : { text: content, isBinary: false, isTruncated: false, byteSize: Buffer.byteLength(content) };
    }
    if (operation === "CharterBlobs") data.repository = blobs;
    if (operation === "CharterPullRequest") {
      const pull = this.pulls.get(Number(vars.number));
      data.repository = { pullRequest: pull ? this.pullRequestNode(pull) : null };
    }
    return errors.length ? { data, errors } : { data };
  }

  private pullRequestNode(p: FakePull) {
    const actor = (a: Actor | null) => (a ? { __typename: a.type, login: a.login, databaseId: a.id } : null);
    const person = (x: FakeCommit["author"]) => ({
      name: x.name,
      email: x.email,
      user: x.user ? { login: x.user.login, databaseId: x.user.id } : null,
    });
    return {
      number: p.number,
      state: p.state,
      isDraft: p.draft,
      isCrossRepository: p.fork,
      baseRefName: p.baseRef,
      baseRefOid: p.baseSha,
      headRefOid: p.headSha,
      changedFiles: p.changedFiles ?? 1,
      author: actor(p.author),
      reviews: page(
        p.reviews.map((r) => ({
          databaseId: r.id,
          state: r.state,
          submittedAt: r.submittedAt,
          commit: { oid: r.commitId },
          author: actor(r.author),
        })),
      ),
      commits: page(
        p.commits.map((c) => ({
          commit: {
            oid: c.sha,
            message: c.message ?? "Change",
            author: person(c.author),
            committer: person(c.committer),
          },
        })),
      ),
      labels: { totalCount: (p.labels ?? []).length, nodes: (p.labels ?? []).map((name) => ({ name })) },
      reviewRequests: {
        nodes: [
          ...p.requested.users.map((login) => ({ requestedReviewer: { __typename: "User", login } })),
          ...p.requested.teams.map((slug) => ({ requestedReviewer: { __typename: "Team", slug } })),
        ],
      },
    };
  }
}

interface GraphQLBody {
  query: string;
  variables?: Record<string, unknown>;
}

function page<T>(nodes: T[]) {
  return { totalCount: nodes.length, nodes, pageInfo: { hasNextPage: false, endCursor: null } };
}
