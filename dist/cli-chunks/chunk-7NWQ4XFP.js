import {
  openRunState,
  otlpTelemetry
} from "./chunk-EAGLNKAN.js";
import {
  Runner,
  bundleTools
} from "./chunk-HWEGJGKC.js";
import {
  withConfigFile
} from "./chunk-6UMYMC25.js";
import {
  UserError
} from "./chunk-XC2IMODC.js";

// runner/queue/scale-out.ts
import { Queue, QueueEvents, Worker } from "bullmq";
var prefix = (tenant) => `charter:${tenant}`;
var RunQueues = class {
  constructor(o) {
    this.o = o;
  }
  o;
  queues = /* @__PURE__ */ new Map();
  tenant(tenant) {
    let q = this.queues.get(tenant);
    if (!q) {
      if (!this.o.tenants.includes(tenant)) throw new Error(`tenant ${tenant} has no queues on this runner`);
      const options = { connection: this.o.connection, prefix: prefix(tenant) };
      q = {
        runs: new Queue("runs", options),
        steps: new Queue("steps", options),
        ...this.o.stepEvents ? { stepEvents: new QueueEvents("steps", options) } : {}
      };
      this.queues.set(tenant, q);
    }
    return q;
  }
  /** Enqueues (or re-enqueues) the orchestrator job of a run: one per run at a time. */
  async enqueueRun(tenant, runId) {
    await this.tenant(tenant).runs.add(
      "run",
      { runId },
      { jobId: runId, removeOnComplete: true, removeOnFail: true }
    );
  }
  /** Every run the store has as running, enqueued again (after Redis lost its data, say). */
  async reconcile(store) {
    let n = 0;
    for (const tenant of this.o.tenants)
      for (const run of await store.listRuns({ tenant, status: "running", limit: 1e5 })) {
        await this.enqueueRun(tenant, run.id);
        n++;
      }
    return n;
  }
  async close() {
    for (const q of this.queues.values())
      await Promise.all([q.runs.close(), q.steps.close(), q.stepEvents?.close()]);
  }
};
var RunWorkers = class {
  constructor(runner, o) {
    this.runner = runner;
    this.o = o;
    this.queues = new RunQueues({ ...o, stepEvents: true });
  }
  runner;
  o;
  workers = [];
  queues;
  start() {
    const report = (what) => (error) => this.o.onError?.(what, error);
    for (const tenant of this.o.tenants) {
      const options = {
        connection: this.o.connection,
        prefix: prefix(tenant),
        lockDuration: this.o.lockDurationMs ?? 3e4,
        stalledInterval: Math.max(500, Math.floor((this.o.lockDurationMs ?? 3e4) / 2))
      };
      const queues = this.queues.tenant(tenant);
      this.workers.push(
        new Worker(
          "runs",
          async (job) => {
            const run = await this.runner.execute(job.data.runId, {
              dispatch: (nodeId) => this.step(queues, job.data.runId, nodeId)
            });
            return { status: run.status };
          },
          { ...options, concurrency: this.o.runConcurrency ?? 50 }
        ),
        new Worker(
          "steps",
          async (job) => this.stepWithTimeout(job.data.runId, job.data.nodeId),
          { ...options, concurrency: this.o.stepConcurrency ?? 8 }
        )
      );
      for (const w of this.workers.slice(-2)) {
        w.on("error", report(`worker ${w.name}`));
        w.on("failed", (job, error) => report(`job ${w.name} ${job?.id}`)(error));
      }
    }
  }
  /**
   * BullMQ has no job timeout: a step gets an AbortController that fires after `stepTimeoutMs`, and
   * the signal reaches the providers and tools of the node (real cancellation, not an abandoned job).
   */
  async stepWithTimeout(runId, nodeId) {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(
        new Error(`step ${nodeId} of ${runId} exceeded ${this.o.stepTimeoutMs ?? 6e5} ms`)
      ),
      this.o.stepTimeoutMs ?? 6e5
    );
    try {
      return await this.runner.executeStep(runId, nodeId, controller.signal);
    } finally {
      clearTimeout(timer);
    }
  }
  /** Dispatches one node as a step job (deduplicated by its id) and waits for what it settled. */
  async step(queues, runId, nodeId) {
    const parked = (await this.o.store.nodes(runId))[nodeId]?.status === "waiting";
    const job = await queues.steps.add(
      "step",
      { runId, nodeId },
      {
        jobId: `${runId}__${nodeId}${parked ? "__decided" : ""}`,
        removeOnComplete: { age: 3600 },
        removeOnFail: true,
        attempts: 3,
        backoff: { type: "exponential", delay: 200 }
      }
    );
    return await job.waitUntilFinished(queues.stepEvents);
  }
  async close() {
    await Promise.all(this.workers.map((w) => w.close()));
    await this.queues.close();
  }
};

// runner/service/log.ts
function jsonLogger(write, now = () => /* @__PURE__ */ new Date()) {
  return (level, msg, fields = {}) => write(`${JSON.stringify({ time: now().toISOString(), level, msg, ...fields })}
`);
}

// cli/commands/worker.ts
function redisConnection(url) {
  if (!url) throw new UserError("Which Redis? Pass --redis redis://HOST:PORT (or set CHARTER_REDIS_URL).");
  const u = new URL(url);
  if (u.protocol !== "redis:" && u.protocol !== "rediss:")
    throw new UserError(`--redis must be a redis:// URL; got "${u.protocol}".`);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...u.password ? { password: decodeURIComponent(u.password) } : {},
    ...u.username ? { username: decodeURIComponent(u.username) } : {},
    ...u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {},
    ...u.protocol === "rediss:" ? { tls: {} } : {},
    maxRetriesPerRequest: null
  };
}
function tenantsOf(options, env) {
  const tenants = options.tenant?.length ? options.tenant : (env.CHARTER_TENANTS ?? "").split(",").filter(Boolean);
  if (tenants.length === 0)
    throw new UserError("Which tenants' queues? Pass --tenant NAME (repeatable) or set CHARTER_TENANTS.");
  for (const t of tenants)
    if (!/^[a-z][a-z0-9-]{0,62}$/.test(t)) throw new UserError(`"${t}" is not a tenant name.`);
  return tenants;
}
async function workerCommand(given, io, signal) {
  const options = await withConfigFile(given, io);
  const database = options.database ?? io.env.CHARTER_DATABASE_URL;
  if (!database)
    throw new UserError(
      "Workers share run state in PostgreSQL: pass --database postgres://… (or set CHARTER_DATABASE_URL)."
    );
  const connection = redisConnection(options.redis ?? io.env.CHARTER_REDIS_URL);
  const tenants = tenantsOf(options, io.env);
  const log = jsonLogger((line) => io.stderr(line));
  const store = await openRunState({ database, stateDir: ".", env: io.env });
  const telemetry = otlpTelemetry(io.env);
  const runner = new Runner({
    store,
    trust: { trustedKeys: [] },
    // admission happened when the run was created; workers run stored, verified bundles
    env: io.env,
    mode: options.mode ?? "auto",
    ...options.cassettes ? { cassettes: options.cassettes } : {},
    tools: bundleTools(io.env),
    onRunSettled: (run, nodes) => {
      log(run.status === "failed" ? "warn" : "info", `run ${run.status}`, {
        tenant: run.tenant,
        run_id: run.id
      });
      telemetry?.onRunSettled(run, nodes);
    }
  });
  const concurrency = Number(options.concurrency ?? 8);
  const workers = new RunWorkers(runner, {
    connection,
    tenants,
    store,
    stepConcurrency: concurrency,
    onError: (what, error) => log("warn", what, { error: error.message })
  });
  workers.start();
  const queues = new RunQueues({ connection, tenants });
  const requeued = await queues.reconcile(store).catch((e) => {
    log("error", "reconcile failed", { error: e.message });
    return 0;
  });
  await queues.close();
  log("info", "worker started", { tenants, concurrency, requeued });
  await new Promise((done) => {
    signal?.addEventListener("abort", () => done(), { once: true });
    process.once("SIGTERM", () => done());
    process.once("SIGINT", () => done());
  });
  await workers.close();
  await telemetry?.shutdown();
  await store.close();
  log("info", "worker stopped", {});
  return 0;
}

export {
  RunQueues,
  jsonLogger,
  redisConnection,
  tenantsOf,
  workerCommand
};
