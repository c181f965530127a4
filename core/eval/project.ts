/**
 * The evaluation pipeline front ends call: load the head (and base) → select suites → run → report, or
 * compare base and head on the suites the change affects.
 */
import { join, resolve } from "node:path";
import type { CallMode, ProviderFactory } from "../calls/model-caller.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { UserError } from "../errors.ts";
import { modelAllowed } from "../lint/walk.ts";
import { loadRepo } from "../model/load.ts";
import type { GovernedRepo } from "../model/repo.ts";
import { DirectorySource } from "../source/directory-source.ts";
import type { FileSource } from "../source/file-source.ts";
import { GitSource } from "../source/git-source.ts";
import { suiteFingerprint } from "./affected.ts";
import { type Comparison, compareReports } from "./compare.ts";
import { allSuites, runEval, type SuiteSelection } from "./engine.ts";
import { evalEnvironment } from "./environment.ts";
import type { EvalReport } from "./results.ts";

export interface EvalProjectOptions {
  dir: string;
  /** Evaluate this git ref instead of the working tree. */
  ref?: string;
  /** Compare with this git ref (runs only the affected suites, on both sides). */
  base?: string;
  /** Suite names (`name` or `tenant/name`); all when empty. */
  suites?: readonly string[];
  mode: CallMode;
  env: Record<string, string | undefined>;
  /** Response cache directory; `false` disables caching. Default: DIR/.charter/cache/calls. */
  cacheDir?: string | false;
  concurrency?: number;
  /** Run cases through these routes instead (model comparison). */
  routes?: readonly string[];
  failOnRegression?: boolean;
  onProgress?: (done: number, total: number) => void;
  createProvider?: ProviderFactory;
}

export interface EvalProjectResult {
  head: GovernedRepo;
  headDiagnostics: Diagnostic[];
  report?: EvalReport;
  comparison?: Comparison;
  baseReport?: EvalReport;
}

function matches(filter: readonly string[] | undefined) {
  return (s: SuiteSelection) =>
    !filter ||
    filter.length === 0 ||
    filter.some((f) => f === s.suite.data.name || f === `${s.tenant.name}/${s.suite.data.name}`);
}

/**
 * `--compare model:ID` targets become single-target routes in memory, for tenants allowed to use the
 * model (the policy still applies: a model the tenant may not use is refused).
 */
function addModelRoutes(repo: GovernedRepo, routes: readonly string[]): void {
  for (const r of routes.filter((x) => x.startsWith("model:"))) {
    const modelId = r.slice("model:".length);
    if (!repo.models || !Object.hasOwn(repo.models.data.models, modelId)) {
      throw new UserError(`--compare ${r}: model "${modelId}" is not declared in models.yml.`);
    }
    for (const tenant of repo.tenants.values()) {
      const allow = tenant.config?.data.allow.models ?? [];
      if (!modelAllowed(modelId, allow) || !tenant.routes) continue;
      tenant.routes.data.routes[r] = {
        strategy: "fallback",
        targets: [{ model: modelId, weight: 1 }],
        conditions: [],
        retry: {
          max_attempts: 2,
          initial_interval: "1s",
          backoff_factor: 2,
          max_interval: "20s",
          on_status: [408, 409, 429, 500, 502, 503, 504],
        },
        timeout: "60s",
        circuit_breaker: { failure_threshold: 3, cooldown: "30s" },
      };
    }
  }
}

export async function evalProject(options: EvalProjectOptions): Promise<EvalProjectResult> {
  const dir = resolve(options.dir);
  if (options.mode === "record" && options.ref)
    throw new UserError("--record writes cassettes into the working tree; it cannot be combined with --ref.");
  const headSource: FileSource = options.ref ? new GitSource(dir, options.ref) : new DirectorySource(dir);
  const baseSource = options.base ? new GitSource(dir, options.base) : undefined;
  const [head, base] = await Promise.all([
    loadRepo(headSource),
    baseSource ? loadRepo(baseSource) : undefined,
  ]);
  if (!head.repo.models)
    throw new UserError(
      `${options.dir}: models.yml is missing or invalid, so nothing can be evaluated. Run charter lint.`,
    );
  if (options.routes) addModelRoutes(head.repo, options.routes);
  const selected = allSuites(head.repo, matches(options.suites));
  if (options.suites && options.suites.length > 0 && selected.length === 0) {
    const known = allSuites(head.repo).map((s) => `${s.tenant.name}/${s.suite.data.name}`);
    throw new UserError(
      `No eval suite matches ${options.suites.join(", ")}. Suites: ${known.join(", ") || "none"}.`,
    );
  }
  const cacheDir =
    options.cacheDir === false ? undefined : (options.cacheDir ?? join(dir, ".charter", "cache", "calls"));
  const cassetteSources = baseSource ? [headSource, baseSource] : [headSource];
  const environment = (repo: GovernedRepo) =>
    evalEnvironment({
      repo,
      mode: options.mode,
      env: options.env,
      ...(cacheDir ? { cacheDir } : {}),
      cassetteSources,
      ...(options.mode === "record" ? { recordRoot: dir } : {}),
      ...(options.createProvider ? { createProvider: options.createProvider } : {}),
    });
  const run = async (repo: GovernedRepo, suites: SuiteSelection[]) => {
    const env = environment(repo);
    const report = await runEval({
      repo,
      suites,
      ...env,
      concurrency: options.concurrency,
      routes: options.routes,
      onProgress: options.onProgress,
    });
    await env.caller.flush();
    return report;
  };

  if (!base) {
    return { head: head.repo, headDiagnostics: head.diagnostics, report: await run(head.repo, selected) };
  }

  // Base vs head: only the suites whose fingerprint changed (or that are new) run, on both sides.
  const affected: SuiteSelection[] = [];
  const baseSide: SuiteSelection[] = [];
  const unaffected: string[] = [];
  for (const s of selected) {
    const bt = base.repo.tenants.get(s.tenant.name);
    const bs = bt?.evals.get(s.suite.data.name);
    if (bt && bs) {
      const [hf, bf] = await Promise.all([
        suiteFingerprint(head.repo, s.tenant, s.suite.data),
        suiteFingerprint(base.repo, bt, bs.data),
      ]);
      if (hf === bf) {
        unaffected.push(`${s.tenant.name}/${s.suite.data.name}`);
        continue;
      }
      baseSide.push({ tenant: bt, suite: bs });
    }
    affected.push(s);
  }
  // Suites removed by the change are reported as removed.
  for (const s of allSuites(base.repo, matches(options.suites))) {
    if (!head.repo.tenants.get(s.tenant.name)?.evals.has(s.suite.data.name)) baseSide.push(s);
  }
  const [baseReport, headReport] = [await run(base.repo, baseSide), await run(head.repo, affected)];
  const comparison = compareReports(baseReport, headReport, {
    unaffected,
    failOnRegression: options.failOnRegression ?? true,
    providerCalls: baseReport.summary.providerCalls + headReport.summary.providerCalls,
  });
  return { head: head.repo, headDiagnostics: head.diagnostics, report: headReport, baseReport, comparison };
}
