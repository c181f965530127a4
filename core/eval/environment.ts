/**
 * Everything an evaluation needs from one loaded repository state: the call layer (mode, cache,
 * cassettes), the router, and the execution services for workflow targets.
 */
import { CassetteStore } from "../calls/cassettes.ts";
import { DiskCache } from "../calls/disk-cache.ts";
import { type CallMode, ModelCaller, type ProviderFactory } from "../calls/model-caller.ts";
import type { ExecutionServices } from "../execute/services.ts";
import { knowledgeRetrievers } from "../knowledge/tenant-knowledge.ts";
import type { GovernedRepo } from "../model/repo.ts";
import { createProvider } from "../providers/factory.ts";
import { CircuitBreaker } from "../routing/breaker.ts";
import { type Clock, systemClock } from "../routing/clock.ts";
import { Router } from "../routing/router.ts";
import type { FileSource } from "../source/file-source.ts";

export interface EnvironmentOptions {
  repo: GovernedRepo;
  mode: CallMode;
  env: Record<string, string | undefined>;
  /** Local response cache directory; absent disables the cache. */
  cacheDir?: string;
  /** Where cassettes are read from, in priority order (head first). */
  cassetteSources: readonly FileSource[];
  /** The repository root on disk, for recording. */
  recordRoot?: string;
  createProvider?: ProviderFactory;
  clock?: Clock;
  breaker?: CircuitBreaker;
}

export interface EvalEnvironment {
  caller: ModelCaller;
  router: Router;
  services: Omit<ExecutionServices, "tools" | "approvals" | "router">;
}

/** The cassettes directory a repository declares (its replay provider), or `cassettes`. */
export function cassettesDir(repo: GovernedRepo): string {
  const replay = Object.values(repo.models?.data.providers ?? {}).find((p) => p.type === "replay");
  return replay && replay.type === "replay" ? replay.cassettes : "cassettes";
}

export function evalEnvironment(options: EnvironmentOptions): EvalEnvironment {
  const { repo } = options;
  if (!repo.models) throw new Error("models.yml is missing or invalid; run charter lint");
  const caller = new ModelCaller({
    models: repo.models.data,
    env: options.env,
    mode: options.mode,
    createProvider: options.createProvider ?? createProvider,
    ...(options.cacheDir ? { cache: new DiskCache(options.cacheDir) } : {}),
    cassettes: new CassetteStore(options.cassetteSources, cassettesDir(repo), options.recordRoot),
  });
  const clock = options.clock ?? systemClock;
  // Deterministic routing in evaluations: weighted routes always draw the same way.
  const router = new Router({
    repo,
    caller,
    clock,
    breaker: options.breaker ?? new CircuitBreaker(),
    random: () => 0,
  });
  return {
    caller,
    router,
    services: {
      repo,
      clock,
      random: () => 0.5,
      retriever: knowledgeRetrievers(repo),
      workflow(tenant, name, version) {
        const wf = repo.tenants.get(tenant)?.workflows.get(name);
        return wf && wf.data.version === version ? wf.data : undefined;
      },
    },
  };
}
