/**
 * The approvals check run: one per head commit and base branch, named with the base branch so that
 * re-targeting a pull request cannot satisfy another branch's required check. Its `external_id`
 * carries what only webhooks reveal (who pushed, and when), so the app can stay stateless.
 */
import type { Conclusion } from "../approvals/evaluate.ts";
import type { Actor } from "../approvals/facts.ts";
import type { PushRecord } from "../approvals/github-evaluation.ts";
import type { GitHubApi } from "./repo-snapshot.ts";

export const checkName = (baseRef: string) => `Charter approvals (${baseRef})`;

export interface CheckRunRef {
  id: number;
  record: PushRecord;
}

const RECORD_PREFIX = "charter1;";

/** `charter1;n=7;p=1003:lee-lead,1:pat;t=2026-11-25T12:00:00Z` */
export function encodeRecord(record: PushRecord): string {
  const pushers = record.pushers.map((p) => `${p.id}:${p.login}`).join(",");
  return `${RECORD_PREFIX}${record.pr ? `n=${record.pr};` : ""}p=${pushers}${record.pushedAt ? `;t=${record.pushedAt}` : ""}`;
}

export function decodeRecord(externalId: string | null | undefined): PushRecord {
  if (!externalId?.startsWith(RECORD_PREFIX)) return { pushers: [] };
  const fields = new Map(
    externalId
      .slice(RECORD_PREFIX.length)
      .split(";")
      .map((f) => [f.slice(0, f.indexOf("=")), f.slice(f.indexOf("=") + 1)] as const),
  );
  const pushers: Actor[] = [];
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
    ...(t && !Number.isNaN(Date.parse(t)) ? { pushedAt: t } : {}),
    ...(Number.isInteger(n) && n > 0 ? { pr: n } : {}),
  };
}

/** Unions two records: every pusher once, the later push time. */
export function mergeRecords(a: PushRecord, b: PushRecord): PushRecord {
  const byId = new Map<number, Actor>();
  for (const p of [...a.pushers, ...b.pushers]) if (!byId.has(p.id)) byId.set(p.id, p);
  const times = [a.pushedAt, b.pushedAt].filter((t): t is string => Boolean(t)).sort();
  const pr = a.pr ?? b.pr;
  return {
    pushers: [...byId.values()],
    ...(times.length ? { pushedAt: times.at(-1)! } : {}),
    ...(pr ? { pr } : {}),
  };
}

interface Target {
  owner: string;
  repo: string;
  sha: string;
  name: string;
}

/** Finds the app's latest check run of that name on that commit. */
export async function findCheckRun(
  api: GitHubApi,
  target: Target & { appId?: number },
): Promise<CheckRunRef | undefined> {
  const res = await api.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
    owner: target.owner,
    repo: target.repo,
    ref: target.sha,
    check_name: target.name,
    filter: "latest",
    ...(target.appId ? { app_id: target.appId } : {}),
    per_page: 10,
  });
  const runs = (
    res.data as { check_runs: { id: number; external_id: string | null; app?: { id: number } | null }[] }
  ).check_runs;
  const ours = runs.filter((r) => !target.appId || r.app?.id === target.appId);
  const latest = ours.sort((a, b) => b.id - a.id)[0];
  return latest ? { id: latest.id, record: decodeRecord(latest.external_id) } : undefined;
}

export interface CheckOutput {
  conclusion: Conclusion | "superseded";
  title: string;
  summary: string;
  record: PushRecord;
  detailsUrl?: string;
}

function statusFields(c: CheckOutput["conclusion"]) {
  switch (c) {
    case "approved":
      return { status: "completed", conclusion: "success" } as const;
    case "pending":
      // Always a completed state: GitHub does not clear a conclusion when a run goes back to
      // in_progress, so "approved, then dismissed" must move success → action_required directly.
      return { status: "completed", conclusion: "action_required" } as const;
    case "superseded":
      return { status: "completed", conclusion: "cancelled" } as const;
    default:
      return { status: "completed", conclusion: "failure" } as const;
  }
}

/** Creates the check run, or updates it in place when `id` is known. Returns its id. */
export async function writeCheckRun(api: GitHubApi, target: Target, output: CheckOutput, id?: number) {
  const body = {
    ...statusFields(output.conclusion),
    external_id: encodeRecord(output.record),
    output: { title: output.title.slice(0, 250), summary: output.summary },
    ...(output.detailsUrl ? { details_url: output.detailsUrl } : {}),
  };
  if (id !== undefined) {
    await api.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
      owner: target.owner,
      repo: target.repo,
      check_run_id: id,
      ...body,
    });
    return id;
  }
  const res = await api.request("POST /repos/{owner}/{repo}/check-runs", {
    owner: target.owner,
    repo: target.repo,
    name: target.name,
    head_sha: target.sha,
    ...body,
  });
  return (res.data as { id: number }).id;
}
