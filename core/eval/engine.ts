/**
 * evaluate: suites → runs (case × route × repeat) through a bounded pool → scored results with the
 * k-of-n rule, pass rates, cost and latency per suite.
 */
import type { EvalSuiteFile } from "../../workflows-schema/index.ts";
import { deadline } from "../async/deadline.ts";
import { mapPool } from "../async/pool.ts";
import type { ModelCaller } from "../calls/model-caller.ts";
import type { ExecutionServices } from "../execute/services.ts";
import { ownName } from "../lint/walk.ts";
import type { Entity } from "../model/entity.ts";
import type { GovernedRepo, Tenant } from "../model/repo.ts";
import type { Router } from "../routing/router.ts";
import { parseDuration } from "../text/duration.ts";
import {
  type CaseResult,
  type EvalReport,
  percentile,
  type RunOutcome,
  type SuiteResult,
} from "./results.ts";
import { runCase } from "./run-case.ts";

export interface SuiteSelection {
  tenant: Tenant;
  suite: Entity<EvalSuiteFile>;
}

export interface EvalOptions {
  repo: GovernedRepo;
  suites: readonly SuiteSelection[];
  router: Router;
  caller: ModelCaller;
  services: Omit<ExecutionServices, "tools" | "approvals" | "router">;
  /** Overrides every suite's concurrency. */
  concurrency?: number;
  /** Runs every case through these routes instead of the suite's (model comparison). */
  routes?: readonly string[];
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  now?: () => number;
}

/** Every suite of the repository, in tenant and name order. */
export function allSuites(repo: GovernedRepo, filter?: (s: SuiteSelection) => boolean): SuiteSelection[] {
  const out: SuiteSelection[] = [];
  for (const tenant of [...repo.tenants.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    for (const suite of [...tenant.evals.values()].sort((a, b) => (a.data.name < b.data.name ? -1 : 1))) {
      const selection = { tenant, suite };
      if (!filter || filter(selection)) out.push(selection);
    }
  }
  return out;
}

function routesOf(s: SuiteSelection, override?: readonly string[]): (string | undefined)[] {
  if (override && override.length > 0) return [...override];
  if ("prompt" in s.suite.data.target) return s.suite.data.routes.map((r) => ownName(r, s.tenant.name) ?? r);
  return [undefined];
}

export async function runEval(options: EvalOptions): Promise<EvalReport> {
  const now = options.now ?? Date.now;
  const started = now();
  const callsBefore = options.caller.providerCalls;
  const jobs = options.suites.flatMap((s, si) =>
    s.suite.data.cases.flatMap((c) =>
      routesOf(s, options.routes).flatMap((route) =>
        Array.from({ length: s.suite.data.repeat }, (_, repeat) => ({ si, s, c, route, repeat })),
      ),
    ),
  );
  let done = 0;
  const grading = new Array<number>(options.suites.length).fill(0);
  const runs = new Map<string, RunOutcome[]>();
  // One pool for every run; concurrency is the largest a selected suite allows (or the override).
  const limit = options.concurrency ?? Math.max(1, ...options.suites.map((s) => s.suite.data.concurrency));
  await mapPool(jobs, limit, async (job) => {
    const limit = deadline(options.signal, parseDuration(job.s.suite.data.timeout));
    const signal = limit.signal;
    const outcome = await runCase({
      tenant: job.s.tenant,
      suite: job.s.suite.data,
      evalCase: job.c,
      route: job.route,
      repeat: job.repeat,
      router: options.router,
      caller: options.caller,
      services: options.services,
      signal,
      chargeGrading: (cost) => {
        grading[job.si]! += cost;
      },
    }).finally(() => limit.dispose());
    const key = caseKey(job.s, job.c.id, job.route);
    runs.set(key, [...(runs.get(key) ?? []), outcome]);
    options.onProgress?.(++done, jobs.length);
  });

  const suites: SuiteResult[] = options.suites.map((s, si) => {
    const d = s.suite.data;
    const minPass = d.min_pass ?? d.repeat;
    const cases: CaseResult[] = d.cases.flatMap((c) =>
      routesOf(s, options.routes).map((route) => {
        const key = caseKey(s, c.id, route);
        const list = (runs.get(key) ?? []).sort((a, b) => a.repeat - b.repeat);
        const passCount = list.filter((r) => r.pass).length;
        const errors = list.filter((r) => r.error);
        return {
          key,
          id: c.id,
          ...(c.description ? { description: c.description } : {}),
          ...(route ? { route } : {}),
          runs: list,
          pass: passCount >= minPass,
          passCount,
          score: list.reduce((sum, r) => sum + r.score, 0) / Math.max(1, list.length),
          costUsd: list.reduce((sum, r) => sum + r.costUsd, 0),
          latencyMs: list.reduce((sum, r) => sum + r.latencyMs, 0) / Math.max(1, list.length),
          ...(errors.length === list.length && errors.length > 0 ? { error: errors[0]!.error } : {}),
        };
      }),
    );
    const latencies = cases.flatMap((c) => c.runs.filter((r) => !r.error).map((r) => r.latencyMs));
    const passRate = cases.length === 0 ? 0 : cases.filter((c) => c.pass).length / cases.length;
    return {
      tenant: s.tenant.name,
      name: d.name,
      file: s.suite.path,
      target: d.target,
      routes: routesOf(s, options.routes).filter((r): r is string => r !== undefined),
      threshold: d.threshold,
      repeat: d.repeat,
      minPass,
      cases,
      passRate,
      passed: passRate >= d.threshold,
      costUsd: cases.reduce((sum, c) => sum + c.costUsd, 0),
      gradingCostUsd: grading[si]!,
      p50LatencyMs: percentile(latencies, 50),
      p95LatencyMs: percentile(latencies, 95),
      errors: cases.reduce((sum, c) => sum + c.runs.filter((r) => r.error).length, 0),
    };
  });
  return {
    suites,
    summary: {
      suites: suites.length,
      cases: suites.reduce((s, x) => s + x.cases.length, 0),
      passedCases: suites.reduce((s, x) => s + x.cases.filter((c) => c.pass).length, 0),
      failedSuites: suites.filter((s) => !s.passed).length,
      errors: suites.reduce((s, x) => s + x.errors, 0),
      costUsd: suites.reduce((s, x) => s + x.costUsd + x.gradingCostUsd, 0),
      providerCalls: options.caller.providerCalls - callsBefore,
      durationMs: now() - started,
    },
  };
}

export function caseKey(s: SuiteSelection, caseId: string, route: string | undefined): string {
  return `${s.tenant.name}/${s.suite.data.name}/${caseId}@${route ?? "workflow"}`;
}
