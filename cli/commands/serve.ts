/**
 * `charter serve`: the runner service over one state directory — the HTTP API, the run viewer,
 * metrics and JSON logs — and `charter tokens` to issue, list and revoke its tenant-scoped tokens.
 */
import { join, resolve } from "node:path";
import { UserError } from "../../core/errors.ts";
import { parseDuration } from "../../core/text/duration.ts";
import { bundleTools } from "../../runner/default-tools.ts";
import { openRunState } from "../../runner/open-state.ts";
import { RunQueues } from "../../runner/queue/scale-out.ts";
import { Runner } from "../../runner/runner.ts";
import { jsonLogger } from "../../runner/service/log.ts";
import { RunnerMetrics } from "../../runner/service/metrics.ts";
import { RunnerService } from "../../runner/service/server.ts";
import { SCOPES, type Scope, TokenStore } from "../../runner/service/tokens.ts";
import { viewerPage } from "../../runner/service/viewer.ts";
import { otlpTelemetry } from "../../runner/telemetry.ts";
import type { CliIO } from "../io.ts";
import { redisConnection } from "../redis-url.ts";
import { withConfigFile } from "../runner-config.ts";
import { type ReleaseContextOptions, releaseContext } from "./release-context.ts";
import { tenantsOf } from "./worker.ts";

const stateDir = (state: string | undefined, io: CliIO) =>
  resolve(io.cwd, state ?? io.env.CHARTER_RUNNER_STATE ?? join(".charter", "runner"));

export interface ServeOptions extends ReleaseContextOptions {
  config?: string;
  state?: string;
  database?: string;
  /** Scale-out: queue runs on Redis for `charter worker`s instead of running them here. */
  redis?: string;
  tenant?: string[];
  port?: string;
  host?: string;
  cassettes?: string;
  mode?: string;
  teams?: string;
}

/** Runs until SIGTERM or SIGINT, then shuts down gracefully. */
export async function serveCommand(given: ServeOptions, io: CliIO, signal?: AbortSignal): Promise<number> {
  const options = await withConfigFile(given, io);
  const port = Number(options.port ?? io.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UserError(`--port must be a port number; got "${options.port}".`);
  const { target, trust } = await releaseContext(options, io);
  const dir = stateDir(options.state, io);
  const store = await openRunState({
    ...(options.database ? { database: options.database } : {}),
    stateDir: dir,
    env: io.env,
  });
  const tokens = new TokenStore(join(dir, "tokens.db"));
  const log = jsonLogger((line) => io.stderr(line));
  const redisUrl = options.redis ?? io.env.CHARTER_REDIS_URL;
  const queues = redisUrl
    ? new RunQueues({ connection: redisConnection(redisUrl), tenants: tenantsOf(options, io.env) })
    : undefined;
  const metrics = new RunnerMetrics();
  const telemetry = otlpTelemetry(io.env);
  const runner = new Runner({
    store,
    registry: target.registry,
    ...(target.prefix ? { prefix: target.prefix } : {}),
    trust,
    env: io.env,
    mode: (options.mode ?? "auto") as "auto",
    ...(options.cassettes ? { cassettes: resolve(io.cwd, options.cassettes) } : {}),
    tools: bundleTools(io.env, (runId, call) =>
      log(call.ok ? "info" : "warn", "tool called", {
        run_id: runId,
        tool: call.tool,
        ms: call.ms,
        ok: call.ok,
        ...(call.error ? { error: call.error } : {}),
      }),
    ),
    onCheckpoint: (_runId, rec, tenant) => metrics.nodeSettled(tenant, rec),
    onRunSettled: (run, nodes) => {
      metrics.runSettled(run);
      log(run.status === "failed" ? "warn" : "info", `run ${run.status}`, {
        tenant: run.tenant,
        run_id: run.id,
        cost_usd: run.costUsd,
      });
      telemetry?.onRunSettled(run, nodes);
    },
  });
  const service = new RunnerService({
    runner,
    store,
    tokens,
    metrics,
    log,
    viewer: viewerPage,
    ...(queues ? { enqueue: (tenant: string, runId: string) => queues.enqueueRun(tenant, runId) } : {}),
    ...(io.env.CHARTER_METRICS_TOKEN ? { metricsToken: io.env.CHARTER_METRICS_TOKEN } : {}),
  });
  const address = await service.listen(port, options.host ?? "127.0.0.1");
  log("info", "runner service listening", { url: `http://${address.address}:${address.port}`, state: dir });
  // Runs a previous process left unfinished continue from their checkpoints (here, or on the workers).
  void (queues ? queues.reconcile(store) : runner.resumeAll().then((runs) => runs.length)).then(
    (count) => count && log("info", "resumed unfinished runs", { count }),
    (e: unknown) => log("error", "resume failed", { error: (e as Error).message }),
  );
  await new Promise<void>((done) => {
    const stop = () => done();
    signal?.addEventListener("abort", stop, { once: true });
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
  await service.shutdown(Number(io.env.CHARTER_SHUTDOWN_GRACE_MS ?? 10_000));
  await telemetry?.shutdown();
  await queues?.close();
  await store.close();
  tokens.close();
  return 0;
}

export async function tokensCreateCommand(
  options: {
    state?: string;
    tenant?: string;
    name?: string;
    user?: string;
    scope?: string[];
    expires?: string;
  },
  io: CliIO,
): Promise<number> {
  if (!options.tenant || !/^[a-z][a-z0-9-]{0,62}$/.test(options.tenant))
    throw new UserError("--tenant TENANT is required.");
  const scopes = (options.scope ?? [...SCOPES]) as Scope[];
  for (const s of scopes)
    if (!(SCOPES as readonly string[]).includes(s))
      throw new UserError(`Unknown scope "${s}"; use ${SCOPES.join(", ")}.`);
  const expiresAt = options.expires ? Date.now() + parseDuration(options.expires) : undefined;
  const tokens = new TokenStore(join(stateDir(options.state, io), "tokens.db"));
  try {
    const { token, info } = tokens.create({
      tenant: options.tenant,
      name: options.name ?? "token",
      ...(options.user ? { user: options.user } : {}),
      scopes,
      ...(expiresAt ? { expiresAt } : {}),
    });
    io.stdout(
      `${token}\n\nToken ${info.tokenId} for tenant ${info.tenant} (${info.scopes.join(", ")}${info.user ? `; approves as ${info.user}` : ""}${expiresAt ? `; expires ${new Date(expiresAt).toISOString()}` : ""}). It is shown once; only its hash is stored.\n`,
    );
    return 0;
  } finally {
    tokens.close();
  }
}

export async function tokensListCommand(
  options: { state?: string; tenant?: string },
  io: CliIO,
): Promise<number> {
  const tokens = new TokenStore(join(stateDir(options.state, io), "tokens.db"));
  try {
    const list = tokens.list(options.tenant);
    if (list.length === 0) io.stdout("No tokens.\n");
    for (const t of list)
      io.stdout(
        `${t.tokenId}  ${t.tenant.padEnd(12)} ${t.name.padEnd(16)} ${t.scopes.join(",")}${t.user ? `  user ${t.user}` : ""}${t.revokedAt ? "  revoked" : t.expiresAt && t.expiresAt <= Date.now() ? "  expired" : ""}\n`,
      );
    return 0;
  } finally {
    tokens.close();
  }
}

export async function tokensRevokeCommand(
  id: string,
  options: { state?: string },
  io: CliIO,
): Promise<number> {
  const tokens = new TokenStore(join(stateDir(options.state, io), "tokens.db"));
  try {
    if (!tokens.revoke(id)) throw new UserError(`No active token ${id}.`, { exitCode: 1 });
    io.stdout(`Revoked ${id}.\n`);
    return 0;
  } finally {
    tokens.close();
  }
}
