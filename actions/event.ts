import { readFileSync } from "node:fs";

export interface PullRequestContext {
  owner: string;
  repo: string;
  number: number;
  baseSha: string;
  headSha?: string;
  /** The base branch name (the approvals check run is named after it). */
  baseRef?: string;
}

interface EventPayload {
  pull_request?: { number?: number; base?: { sha?: string; ref?: string }; head?: { sha?: string } };
  repository?: { name?: string; owner?: { login?: string }; default_branch?: string };
  after?: string;
}

function readEvent(env: NodeJS.ProcessEnv): EventPayload {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, "utf8")) as EventPayload;
  } catch {
    return {};
  }
}

/** The pull request's base commit, from the event payload GitHub writes to GITHUB_EVENT_PATH. */
export function pullRequestBase(env: NodeJS.ProcessEnv): string | undefined {
  return readEvent(env).pull_request?.base?.sha;
}

/** The pull request this run is for, if any: repository from GITHUB_REPOSITORY, number and SHAs from the payload. */
export function pullRequestContext(env: NodeJS.ProcessEnv): PullRequestContext | undefined {
  const event = readEvent(env);
  const pr = event.pull_request;
  const [owner, repo] = (
    env.GITHUB_REPOSITORY ?? `${event.repository?.owner?.login ?? ""}/${event.repository?.name ?? ""}`
  ).split("/");
  if (!pr?.number || !pr.base?.sha || !owner || !repo) return undefined;
  return {
    owner,
    repo,
    number: pr.number,
    baseSha: pr.base.sha,
    ...(pr.head?.sha ? { headSha: pr.head.sha } : {}),
    ...(pr.base.ref ? { baseRef: pr.base.ref } : {}),
  };
}

/** A push to the repository's default branch (what `command: publish` runs on), or why not. */
export function defaultBranchPush(
  env: NodeJS.ProcessEnv,
): { ok: true; sha: string } | { ok: false; why: string } {
  const event = readEvent(env);
  const branch = event.repository?.default_branch;
  if (env.GITHUB_EVENT_NAME !== "push")
    return { ok: false, why: `the event is ${env.GITHUB_EVENT_NAME ?? "unknown"}, not push` };
  if (!branch || env.GITHUB_REF !== `refs/heads/${branch}`)
    return {
      ok: false,
      why: `${env.GITHUB_REF ?? "the ref"} is not the default branch${branch ? ` (${branch})` : ""}`,
    };
  const sha = env.GITHUB_SHA ?? event.after;
  if (!sha) return { ok: false, why: "GITHUB_SHA is not set" };
  return { ok: true, sha };
}
