/**
 * `charter worker`: a scale-out worker — orchestrator and step jobs of the given tenants' queues on
 * Redis, run state in PostgreSQL, releases executed from the verified bundles in that state. Any
 * number of workers, on any machines, share the work; stop one with SIGTERM (its jobs finish) or lose
 * it (its jobs are re-delivered and resume from the checkpoints).
 */
import { UserError } from "../../core/errors.ts";
import { bundleTools } from "../../runner/default-tools.ts";
import { openRunState } from "../../runner/open-state.ts";
import { type Orchestration, RunQueues, RunWorkers } from "../../runner/queue/scale-out.ts";
import { Runner } from "../../runner/runner.ts";
import { jsonLogger } from "../../runner/service/log.ts";
import { RunnerMetrics } from "../../runner/service/metrics.ts";
import { serveMetrics } from "../../runner/service/metrics-server.ts";
import { otlpTelemetry } from "../../runner/telemetry.ts";
import type { CliIO } from "../io.ts";
import { redisConnection } from "../redis-url.ts";
import { withConfigFile } from "../runner-config.ts";

export interface WorkerOptions {
  config?: string;
  database?: string;
  redis?: string;
  tenant?: string[];
  concurrency?: string;
  cassettes?: string;
  mode?: string;
  /** Serve /metrics and /healthz on this port (0: any free port). */
  metricsPort?: string;
  orchestration?: string;
  host?: string;
}

export function tenantsOf(options: { tenant?: string[] }, env: Record<string, string | undefined>): string[] {
  const tenants = options.tenant?.length
    ? options.tenant
    : (env.CHARTER_TENANTS ?? "").split(",").filter(Boolean);
  if (tenants.length === 0)
    throw new UserError("Which tenants' queues? Pass --tenant NAME (repeatable) or set CHARTER_TENANTS.");
  for (const t of tenants)
    if (!/^[a-z][a-z0-9-]{0,62}$/.test(t)) throw new UserError(`"${t}" is not a tenant name.`);
  return tenants;
}

export async function workerCommand(given: WorkerOptions, io: CliIO, signal?: AbortSignal): Promise<number> {
  const options = await withConfigFile(given, io);
  const database = options.database ?? io.env.CHARTER_DATABASE_URL;
  if (!database)
    throw new UserError(
      "Workers share run state in PostgreSQL: pass --database postgres://… (or set CHARTER_DATABASE_URL).",
    );
  const connection = redisConnection(options.redis ?? io.env.CHARTER_REDIS_URL);
  const tenants = tenantsOf(options, io.env);
  const log = jsonLogger((line) => io.stderr(line));
  const store = await openRunState({ database, stateDir: ".", env: io.env });
  const telemetry = otlpTelemetry(io.env);
  const metrics = new RunnerMetrics();
  let stopping = false;
  const metricsPort = options.metricsPort ?? io.env.CHARTER_METRICS_PORT;
  if (metricsPort !== undefined && !/^\d{1,5}$/.test(metricsPort))
    throw new UserError(`--metrics-port must be a port number; got "${metricsPort}".`);
  const runner = new Runner({
    store,
    trust: { trustedKeys: [] }, // admission happened when the run was created; workers run stored, verified bundles
    env: io.env,
    mode: (options.mode ?? "auto") as "auto",
    ...(options.cassettes ? { cassettes: options.cassettes } : {}),
    tools: bundleTools(io.env),
    onCheckpoint: (_runId, rec, tenant) => metrics.nodeSettled(tenant, rec),
    onRunSettled: (run, nodes) => {
      metrics.runSettled(run);
      log(run.status === "failed" ? "warn" : "info", `run ${run.status}`, {
        tenant: run.tenant,
        run_id: run.id,
      });
      telemetry?.onRunSettled(run, nodes);
    },
  });
  const concurrency = Number(options.concurrency ?? 8);
  const orchestration = (options.orchestration ?? "flow") as Orchestration;
  if (orchestration !== "flow" && orchestration !== "await")
    throw new UserError(`--orchestration must be flow or await; got "${options.orchestration}".`);
  const workers = new RunWorkers(runner, {
    connection,
    tenants,
    store,
    stepConcurrency: concurrency,
    orchestration,
    onError: (what, error) => log("warn", what, { error: (error as Error).message }),
  });
  workers.start();
  const endpoint =
    metricsPort === undefined
      ? undefined
      : await serveMetrics(metrics, {
          port: Number(metricsPort),
          ...(options.host ? { host: options.host } : {}),
          ...(io.env.CHARTER_METRICS_TOKEN ? { token: io.env.CHARTER_METRICS_TOKEN } : {}),
          healthy: () => !stopping,
        }).catch(async (e: NodeJS.ErrnoException) => {
          await workers.close();
          await store.close();
          throw new UserError(`Cannot serve metrics on port ${metricsPort}: ${e.code ?? e.message}.`);
        });
  // Runs the store has as running but no queue knows about (Redis lost them) are queued again.
  const queues = new RunQueues({ connection, tenants });
  const requeued = await queues.reconcile(store).catch((e: unknown) => {
    log("error", "reconcile failed", { error: (e as Error).message });
    return 0;
  });
  await queues.close();
  log("info", "worker started", {
    tenants,
    concurrency,
    requeued,
    ...(endpoint ? { metrics: `${endpoint.url}/metrics` } : {}),
  });
  await new Promise<void>((done) => {
    signal?.addEventListener("abort", () => done(), { once: true });
    process.once("SIGTERM", () => done());
    process.once("SIGINT", () => done());
  });
  stopping = true;
  await workers.close();
  await endpoint?.close();
  await telemetry?.shutdown();
  await store.close();
  log("info", "worker stopped", {});
  return 0;
}
