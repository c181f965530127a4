/**
 * The approvals GitHub App (Probot). Webhooks are acknowledged at once and queued; each evaluation
 * recomputes the decision from GitHub's current state (nothing is trusted from the payload but the
 * pull request's identity and who pushed) and writes the check run `Charter approvals (BASE)`.
 * Missed deliveries are repaired by reconciliation: on a schedule, on demand, or by "Re-run".
 */

import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApplicationFunction, Probot } from "probot";
import { AI_DRAFTED_LABEL } from "../core/approvals/ai-drafted.ts";
import type { Actor } from "../core/approvals/facts.ts";
import {
  ApprovalsCache,
  type Evaluation,
  evaluatePullRequest,
  type PushRecord,
} from "../core/approvals/github-evaluation.ts";
import { decisionMarkdown } from "../core/approvals/render.ts";
import { MemoLru } from "../core/async/memo-lru.ts";
import {
  type CheckRunRef,
  checkName,
  decodeRecord,
  findCheckRun,
  mergeRecords,
  writeCheckRun,
} from "../core/github/check-runs.ts";
import { ETagCache, listAll } from "../core/github/conditional-get.ts";
import { type GitHubApi, RepoSnapshots } from "../core/github/repo-snapshot.ts";
import { PullRequestQueue } from "./queue.ts";

export interface CharterAppOptions {
  /** The app's id (APP_ID): check runs of other apps with the same name are ignored. */
  appId?: number;
  /** Pull requests evaluated at once. */
  concurrency?: number;
  /** Re-evaluate every open pull request this often (0: never). */
  reconcileIntervalMs?: number;
  /** Bearer token for `POST /charter/reconcile`; the endpoint is off without one. */
  adminToken?: string;
  /** Called after each evaluation (tests, benchmarks, metrics). */
  onEvaluated?: (evaluation: Evaluation | undefined, error?: unknown) => void;
}

interface Push {
  before: string;
  after: string;
  sender: Actor;
  at?: string;
}

interface PrJob {
  installationId: number;
  owner: string;
  repo: string;
  number: number;
  /** From the latest event: where to report if GitHub cannot be read at all. */
  headSha: string;
  baseRef: string;
  pushes: Push[];
  retargetedFrom: string[];
  api?: GitHubApi;
}

export interface CharterApp {
  appFn: ApplicationFunction;
  /** Resolves when every queued evaluation has finished. */
  idle(): Promise<void>;
  /** Queues every open pull request of every installation. */
  reconcile(): Promise<number>;
  stats: PullRequestQueue<PrJob>["stats"];
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function actorOf(user: { id: number; login: string; type?: string } | null | undefined): Actor | undefined {
  return user ? { id: user.id, login: user.login, type: user.type ?? "User" } : undefined;
}

export function createCharterApp(options: CharterAppOptions = {}): CharterApp {
  const cache = new ApprovalsCache(new RepoSnapshots());
  /** Pushes seen in webhooks, by repo@sha. */
  const pushes = new MemoLru<string, PushRecord>(8192);
  /** The app's check run per repo@sha#name (null: none yet). */
  const checks = new MemoLru<string, CheckRunRef | null>(8192);
  /** Reconciliation re-lists the same things: revalidate them with ETags (a 304 is free). */
  const etags = new ETagCache();
  let probot: Probot | undefined;

  const checkOf = (api: GitHubApi, owner: string, repo: string, sha: string, name: string) =>
    checks.get(
      `${owner}/${repo}@${sha}#${name}`,
      async () =>
        (await findCheckRun(api, {
          owner,
          repo,
          sha,
          name,
          ...(options.appId ? { appId: options.appId } : {}),
        })) ?? null,
    );

  async function recordOf(api: GitHubApi, job: PrJob, sha: string, baseRef: string): Promise<PushRecord> {
    const seen = (await pushes.peek(`${job.owner}/${job.repo}@${sha}`)) ?? { pushers: [] };
    const stored = (await checkOf(api, job.owner, job.repo, sha, checkName(baseRef)))?.record ?? {
      pushers: [],
    };
    return mergeRecords(seen, stored);
  }

  async function run(job: PrJob): Promise<void> {
    if (!probot) throw new Error("the app is not loaded");
    const api = job.api ?? ((await probot.auth(job.installationId)) as unknown as GitHubApi);
    const { owner, repo } = job;
    // Who pushed is only known from webhooks: carry it from the previous head to the new one.
    for (const push of job.pushes) {
      const before = await recordOf(api, job, push.before, job.baseRef);
      pushes.set(
        `${owner}/${repo}@${push.after}`,
        mergeRecords(before, { pushers: [push.sender], ...(push.at ? { pushedAt: push.at } : {}) }),
      );
    }
    let evaluation: Evaluation | undefined;
    try {
      evaluation = await evaluatePullRequest(api, job, cache, (pr) =>
        recordOf(api, job, pr.headSha, pr.baseRef),
      );
    } catch (error) {
      await reportFailure(api, job, error);
      throw error;
    }
    const { pr, decision } = evaluation;
    if (!evaluation.governed || !decision) {
      options.onEvaluated?.(evaluation);
      return;
    }
    const name = checkName(pr.baseRef);
    const existing = await checkOf(api, owner, repo, pr.headSha, name);
    const record = { ...(await recordOf(api, job, pr.headSha, pr.baseRef)), pr: pr.number };
    const target = { owner, repo, sha: pr.headSha, name };
    const id = await writeCheckRun(
      api,
      target,
      { conclusion: decision.conclusion, title: decision.title, summary: decisionMarkdown(decision), record },
      existing?.id,
    );
    checks.set(`${owner}/${repo}@${pr.headSha}#${name}`, { id, record });

    // A check for a branch this pull request no longer targets must not stay green.
    for (const from of new Set(job.retargetedFrom)) {
      if (from === pr.baseRef) continue;
      const old = await checkOf(api, owner, repo, pr.headSha, checkName(from));
      if (!old) continue;
      await writeCheckRun(
        api,
        { ...target, name: checkName(from) },
        {
          conclusion: "superseded",
          title: `Superseded: this pull request now targets ${pr.baseRef}`,
          summary: `This pull request was re-targeted from \`${from}\` to \`${pr.baseRef}\`; see **${name}**.`,
          record: old.record,
        },
        old.id,
      );
    }

    const policy = evaluation.policy?.ok ? evaluation.policy.policy : undefined;
    const ask = decision.reviewRequests;
    if (policy?.governance.requestReviews && pr.state === "OPEN" && (ask.users.length || ask.teams.length)) {
      await api
        .request("POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", {
          owner,
          repo,
          pull_number: pr.number,
          reviewers: ask.users,
          team_reviewers: ask.teams,
        })
        .catch((error: unknown) =>
          probot?.log.warn({ err: error }, `could not request reviews on ${owner}/${repo}#${pr.number}`),
        );
    }
    options.onEvaluated?.(evaluation);
  }

  /** Fail closed where it can be seen: the check says the pull request could not be evaluated. */
  async function reportFailure(api: GitHubApi, job: PrJob, error: unknown): Promise<void> {
    const status = (error as { status?: number }).status;
    const message = (error as Error).message ?? String(error);
    const name = checkName(job.baseRef);
    try {
      const existing = await checkOf(api, job.owner, job.repo, job.headSha, name);
      const id = await writeCheckRun(
        api,
        { owner: job.owner, repo: job.repo, sha: job.headSha, name },
        {
          conclusion: "error",
          title: `Could not evaluate approvals${status ? ` (GitHub API ${status})` : ""}`,
          summary: `**❌ Charter could not evaluate this pull request**, so it is not approved.\n\n${message}\n\nCharter evaluates again on the next review or push, on its periodic reconciliation, or when you re-run this check.`,
          record: { ...(existing?.record ?? { pushers: [] }), pr: job.number },
        },
        existing?.id,
      );
      checks.set(`${job.owner}/${job.repo}@${job.headSha}#${name}`, {
        id,
        record: existing?.record ?? { pushers: [] },
      });
    } catch (writeError) {
      probot?.log.error(
        { err: writeError },
        `could not report the failure on ${job.owner}/${job.repo}#${job.number}`,
      );
    }
  }

  const queue = new PullRequestQueue<PrJob>({
    concurrency: options.concurrency ?? 8,
    merge: (a, b) => ({
      ...b,
      pushes: [...a.pushes, ...b.pushes],
      retargetedFrom: [...a.retargetedFrom, ...b.retargetedFrom],
    }),
    run,
    onError: (error, job) => {
      probot?.log.error({ err: error }, `evaluating ${job.owner}/${job.repo}#${job.number} failed`);
      options.onEvaluated?.(undefined, error);
    },
  });

  function enqueue(job: PrJob): void {
    queue.push({ key: `${job.installationId}/${job.owner}/${job.repo}#${job.number}`, data: job });
  }

  async function reconcile(): Promise<number> {
    if (!probot) throw new Error("the app is not loaded");
    const appApi = (await probot.auth()) as unknown as GitHubApi;
    const installations = await listAll<{ id: number }>(appApi, etags, "/app/installations?per_page=100");
    let queued = 0;
    for (const installation of installations) {
      const api = (await probot.auth(installation.id)) as unknown as GitHubApi;
      const repos = await listAll<{ name: string; owner: { login: string }; archived?: boolean }>(
        api,
        etags,
        "/installation/repositories?per_page=100",
        "repositories",
      );
      for (const r of repos) {
        if (r.archived) continue;
        const pulls = await listAll<{ number: number; head: { sha: string }; base: { ref: string } }>(
          api,
          etags,
          `/repos/${r.owner.login}/${r.name}/pulls?state=open&per_page=100`,
        );
        for (const p of pulls) {
          enqueue({
            installationId: installation.id,
            owner: r.owner.login,
            repo: r.name,
            number: p.number,
            headSha: p.head.sha,
            baseRef: p.base.ref,
            pushes: [],
            retargetedFrom: [],
            api,
          });
          queued++;
        }
      }
    }
    return queued;
  }

  const appFn: ApplicationFunction = (app, { addHandler }) => {
    probot = app;
    interface PrPayload {
      installation?: { id: number };
      repository: { name: string; owner: { login: string } };
      pull_request: {
        number: number;
        head: { sha: string };
        base: { ref: string };
        updated_at?: string;
      };
      sender: { id: number; login: string; type?: string };
    }
    const fromPayload = (id: string, payload: PrPayload, octokit: unknown): PrJob | undefined => {
      if (queue.isDuplicate(id) || !payload.installation) return undefined;
      return {
        installationId: payload.installation.id,
        owner: payload.repository.owner.login,
        repo: payload.repository.name,
        number: payload.pull_request.number,
        headSha: payload.pull_request.head.sha,
        baseRef: payload.pull_request.base.ref,
        pushes: [],
        retargetedFrom: [],
        api: octokit as GitHubApi,
      };
    };

    app.on(
      [
        "pull_request.opened",
        "pull_request.reopened",
        "pull_request.ready_for_review",
        "pull_request.synchronize",
        // The ai-drafted label can raise what a pull request needs (charter.yml drafts.extra_approvals).
        "pull_request.labeled",
        "pull_request.unlabeled",
      ],
      async (context) => {
        const payload = context.payload as unknown as PrPayload & {
          action: string;
          before?: string;
          after?: string;
          label?: { name?: string };
        };
        // Only the ai-drafted label changes what a pull request needs; other labels (bots add many) do not.
        if (
          (payload.action === "labeled" || payload.action === "unlabeled") &&
          payload.label?.name?.toLowerCase() !== AI_DRAFTED_LABEL
        )
          return;
        const job = fromPayload(context.id, payload, context.octokit);
        if (!job) return;
        const sender = actorOf(payload.sender);
        if (payload.action === "synchronize" && payload.before && payload.after && sender)
          job.pushes.push({
            before: payload.before,
            after: payload.after,
            sender,
            ...(payload.pull_request.updated_at ? { at: payload.pull_request.updated_at } : {}),
          });
        else if (payload.action === "opened" && sender) {
          const key = `${job.owner}/${job.repo}@${job.headSha}`;
          pushes.set(key, mergeRecords((await pushes.peek(key)) ?? { pushers: [] }, { pushers: [sender] }));
        }
        enqueue(job);
      },
    );

    app.on("pull_request.edited", async (context) => {
      const payload = context.payload as unknown as PrPayload & {
        changes?: { base?: { ref?: { from: string } } };
      };
      const from = payload.changes?.base?.ref?.from;
      if (!from) return; // title and body edits change nothing Charter judges
      const job = fromPayload(context.id, payload, context.octokit);
      if (!job) return;
      job.retargetedFrom.push(from);
      enqueue(job);
    });

    app.on(
      ["pull_request_review.submitted", "pull_request_review.edited", "pull_request_review.dismissed"],
      async (context) => {
        const job = fromPayload(context.id, context.payload as unknown as PrPayload, context.octokit);
        if (job) enqueue(job);
      },
    );

    app.on("check_run.rerequested", async (context) => {
      const payload = context.payload as unknown as {
        installation?: { id: number };
        repository: { name: string; owner: { login: string } };
        check_run: {
          name: string;
          head_sha: string;
          external_id: string | null;
          app?: { id: number };
          pull_requests: { number: number; base: { ref: string } }[];
        };
      };
      const run = payload.check_run;
      if (!run.name.startsWith("Charter approvals (")) return;
      if (options.appId && run.app?.id !== options.appId) return;
      if (queue.isDuplicate(context.id) || !payload.installation) return;
      const baseRef = run.name.slice("Charter approvals (".length, -1);
      const numbers = new Set(run.pull_requests.map((p) => p.number));
      // Fork pull requests are not listed in check_run payloads; the check's record names its PR.
      const recorded = decodeRecord(run.external_id).pr;
      if (recorded) numbers.add(recorded);
      for (const number of numbers)
        enqueue({
          installationId: payload.installation.id,
          owner: payload.repository.owner.login,
          repo: payload.repository.name,
          number,
          headSha: run.head_sha,
          baseRef,
          pushes: [],
          retargetedFrom: [],
          api: context.octokit as unknown as GitHubApi,
        });
    });

    addHandler(async (req: IncomingMessage, res: ServerResponse) => {
      if (!req.url?.startsWith("/charter/reconcile")) return false;
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      if (req.method !== "POST" || !options.adminToken || !token || !sameSecret(token, options.adminToken)) {
        res.writeHead(options.adminToken ? 401 : 404, { "content-type": "application/json" });
        res.end(
          JSON.stringify({ error: options.adminToken ? "unauthorized" : "reconciliation endpoint disabled" }),
        );
        return true;
      }
      try {
        const queued = await reconcile();
        res.writeHead(202, { "content-type": "application/json" });
        res.end(JSON.stringify({ queued }));
      } catch (error) {
        app.log.error({ err: error }, "reconciliation failed");
        res.writeHead(502, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: (error as Error).message }));
      }
      return true;
    });

    if (options.reconcileIntervalMs && options.reconcileIntervalMs > 0) {
      const timer = setInterval(() => {
        reconcile().catch((error) => app.log.error({ err: error }, "scheduled reconciliation failed"));
      }, options.reconcileIntervalMs);
      timer.unref();
    }
  };

  return { appFn, idle: () => queue.idle(), reconcile, stats: queue.stats };
}
