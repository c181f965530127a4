import {
  RunStore
} from "./chunk-3QLYKSA2.js";
import {
  CHARTER_VERSION
} from "./chunk-UETU37OM.js";
import {
  UserError
} from "./chunk-XC2IMODC.js";

// runner/open-state.ts
import { join } from "node:path";

// runner/pg-store.ts
import pg from "pg";
var DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test";
var DEFAULT_SCHEMA = "charter";
var IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
function quoteSchema(schema) {
  if (!IDENTIFIER.test(schema))
    throw new Error(`invalid schema name ${JSON.stringify(schema)}: expected ^[a-z_][a-z0-9_]{0,62}$`);
  return `"${schema}"`;
}
var ddl = (s) => `
CREATE TABLE IF NOT EXISTS ${s}.runs (
  id TEXT COLLATE "C" PRIMARY KEY, tenant TEXT NOT NULL, workflow TEXT NOT NULL, version TEXT NOT NULL,
  repository TEXT NOT NULL, registry TEXT NOT NULL, manifest_digest TEXT NOT NULL, bundle_digest TEXT NOT NULL,
  inputs JSON NOT NULL, inputs_hash TEXT NOT NULL, status TEXT NOT NULL, outputs JSON, error JSON,
  cost_usd DOUBLE PRECISION NOT NULL DEFAULT 0, started_at BIGINT NOT NULL, ended_at BIGINT, provenance JSON NOT NULL
);
CREATE INDEX IF NOT EXISTS runs_by_tenant ON ${s}.runs (tenant, started_at);
CREATE INDEX IF NOT EXISTS runs_by_status ON ${s}.runs (status);
CREATE TABLE IF NOT EXISTS ${s}.nodes (
  run_id TEXT NOT NULL, node TEXT NOT NULL, status TEXT NOT NULL, record JSON NOT NULL, at BIGINT NOT NULL,
  PRIMARY KEY (run_id, node)
);
CREATE TABLE IF NOT EXISTS ${s}.approvals (
  run_id TEXT NOT NULL, node TEXT NOT NULL, tenant TEXT NOT NULL, status TEXT NOT NULL, approvers JSON NOT NULL,
  min_approvals INTEGER NOT NULL, message TEXT, requested_at BIGINT NOT NULL, decided_at BIGINT,
  decided_by JSON NOT NULL DEFAULT '[]', comment TEXT, PRIMARY KEY (run_id, node)
);
CREATE TABLE IF NOT EXISTS ${s}.tool_effects (
  idempotency_key TEXT PRIMARY KEY, run_id TEXT NOT NULL, tool TEXT NOT NULL, result JSON NOT NULL, at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.plans (run_id TEXT PRIMARY KEY, plan JSON NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.bundles (digest TEXT PRIMARY KEY, bytes BYTEA NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.trust (
  workflow TEXT PRIMARY KEY, sequence BIGINT NOT NULL, bundle_digest TEXT NOT NULL, version TEXT NOT NULL, at BIGINT NOT NULL
);
`;
var json = (v) => JSON.stringify(v ?? null);
var int = (v) => Number(v);
function toRun(r) {
  return {
    id: r.id,
    tenant: r.tenant,
    workflow: r.workflow,
    version: r.version,
    repository: r.repository,
    registry: r.registry,
    manifestDigest: r.manifest_digest,
    bundleDigest: r.bundle_digest,
    inputs: r.inputs,
    inputsHash: r.inputs_hash,
    status: r.status,
    ...r.outputs ? { outputs: r.outputs } : {},
    ...r.error ? { error: r.error } : {},
    costUsd: r.cost_usd,
    startedAt: int(r.started_at),
    ...r.ended_at !== null ? { endedAt: int(r.ended_at) } : {},
    provenance: r.provenance
  };
}
function toApproval(r) {
  const decidedAt = r.decided_at === null ? 0 : int(r.decided_at);
  return {
    runId: r.run_id,
    node: r.node,
    tenant: r.tenant,
    status: r.status,
    approvers: r.approvers,
    minApprovals: r.min_approvals,
    ...r.message ? { message: r.message } : {},
    requestedAt: int(r.requested_at),
    ...decidedAt ? { decidedAt } : {},
    decidedBy: r.decided_by,
    ...r.comment ? { comment: r.comment } : {}
  };
}
var PgRunStore = class _PgRunStore {
  schema;
  pool;
  ownsPool;
  t;
  closed = false;
  constructor(pool, ownsPool, schema) {
    this.pool = pool;
    this.ownsPool = ownsPool;
    this.schema = schema;
    const s = quoteSchema(schema);
    this.t = {
      runs: `${s}.runs`,
      nodes: `${s}.nodes`,
      approvals: `${s}.approvals`,
      toolEffects: `${s}.tool_effects`,
      plans: `${s}.plans`,
      bundles: `${s}.bundles`,
      trust: `${s}.trust`
    };
  }
  /** Connects and creates the schema and its tables when missing (idempotent, safe from many workers at once). */
  static async open(options = {}) {
    const schema = options.schema ?? DEFAULT_SCHEMA;
    const quoted = quoteSchema(schema);
    const ownsPool = !options.pool;
    const pool = options.pool ?? new pg.Pool({
      connectionString: options.connectionString ?? process.env.CHARTER_DATABASE_URL ?? DEFAULT_DATABASE_URL
    });
    if (ownsPool) pool.on("error", () => {
    });
    const store = new _PgRunStore(pool, ownsPool, schema);
    try {
      await store.transaction(async (c) => {
        await c.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`charter.run-store:${schema}`]);
        const exists = await c.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
        if (exists.rowCount === 0) await c.query(`CREATE SCHEMA ${quoted}`);
        await c.query(ddl(quoted));
      });
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }
  /** Ends the pool when this store opened it (a pool passed in is left to its owner). */
  async close() {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsPool) await this.pool.end();
  }
  async query(text, values = []) {
    return (await this.pool.query(text, values)).rows;
  }
  async transaction(body) {
    const client = await this.pool.connect();
    let broken;
    try {
      await client.query("BEGIN");
      const result = await body(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      try {
        await client.query("ROLLBACK");
      } catch (rollback) {
        broken = rollback instanceof Error ? rollback : new Error(String(rollback));
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }
  async createRun(run) {
    await this.query(
      `INSERT INTO ${this.t.runs} (id, tenant, workflow, version, repository, registry, manifest_digest,
         bundle_digest, inputs, inputs_hash, status, cost_usd, started_at, provenance)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::json, $10, $11, $12, $13, $14::json)`,
      [
        run.id,
        run.tenant,
        run.workflow,
        run.version,
        run.repository,
        run.registry,
        run.manifestDigest,
        run.bundleDigest,
        json(run.inputs),
        run.inputsHash,
        run.status,
        run.costUsd,
        run.startedAt,
        json(run.provenance)
      ]
    );
  }
  async getRun(id) {
    const [r] = await this.query(`SELECT * FROM ${this.t.runs} WHERE id = $1`, [id]);
    return r && toRun(r);
  }
  /** Runs, newest first; a tenant filter is always applied when given (tenant-scoped readers). */
  async listRuns(filter = {}) {
    const where = [];
    const args = [];
    if (filter.tenant) {
      args.push(filter.tenant);
      where.push(`tenant = $${args.length}`);
    }
    if (filter.status) {
      args.push(filter.status);
      where.push(`status = $${args.length}`);
    }
    args.push(filter.limit ?? 100);
    const rows = await this.query(
      `SELECT * FROM ${this.t.runs} ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
         ORDER BY started_at DESC, id DESC LIMIT $${args.length}`,
      args
    );
    return rows.map(toRun);
  }
  async finishRun(id, r) {
    await this.query(
      `UPDATE ${this.t.runs} SET status = $1, outputs = $2::json, error = $3::json, cost_usd = $4, ended_at = $5
         WHERE id = $6`,
      [
        r.status,
        r.outputs ? json(r.outputs) : null,
        r.error ? json(r.error) : null,
        r.costUsd,
        r.status === "waiting" ? null : r.endedAt ?? Date.now(),
        id
      ]
    );
  }
  /** What a tenant's runs started since `sinceMs` have spent (its daily budget). */
  async spentSince(tenant, sinceMs, excludeRun) {
    const [r] = await this.query(
      `SELECT COALESCE(SUM(cost_usd), 0)::double precision AS s FROM ${this.t.runs}
         WHERE tenant = $1 AND started_at >= ceil($2::double precision)::bigint AND id <> $3`,
      [tenant, sinceMs, excludeRun ?? ""]
    );
    return r.s;
  }
  async setStatus(id, status) {
    await this.query(`UPDATE ${this.t.runs} SET status = $1 WHERE id = $2`, [status, id]);
  }
  /** The checkpoint of one settled node (replaces an earlier one for the same node). */
  async saveNode(runId, record) {
    await this.query(
      `INSERT INTO ${this.t.nodes} (run_id, node, status, record, at) VALUES ($1, $2, $3, $4::json, $5)
         ON CONFLICT (run_id, node) DO UPDATE SET status = excluded.status, record = excluded.record, at = excluded.at`,
      [runId, record.id, record.status, json(record), Date.now()]
    );
  }
  async nodes(runId) {
    const rows = await this.query(
      `SELECT record FROM ${this.t.nodes} WHERE run_id = $1 ORDER BY at, node`,
      [runId]
    );
    return Object.fromEntries(rows.map((r) => [r.record.id, r.record]));
  }
  /** Registers a parked approval (once; a re-request keeps the original request and any decision). */
  async requestApproval(a) {
    return this.transaction(async (c) => {
      const inserted = await c.query(
        `INSERT INTO ${this.t.approvals} (run_id, node, tenant, status, approvers, min_approvals, message, requested_at)
           VALUES ($1, $2, $3, 'pending', $4::json, $5, $6, $7)
           ON CONFLICT (run_id, node) DO NOTHING RETURNING *`,
        [a.runId, a.node, a.tenant, json(a.approvers), a.minApprovals, a.message ?? null, a.requestedAt]
      );
      const row = inserted.rows[0] ?? (await c.query(`SELECT * FROM ${this.t.approvals} WHERE run_id = $1 AND node = $2`, [
        a.runId,
        a.node
      ])).rows[0];
      return toApproval(row);
    });
  }
  async approval(runId, node) {
    const [r] = await this.query(
      `SELECT * FROM ${this.t.approvals} WHERE run_id = $1 AND node = $2`,
      [runId, node]
    );
    return r && toApproval(r);
  }
  async pendingApprovals(filter = {}) {
    const rows = filter.tenant ? await this.query(
      `SELECT * FROM ${this.t.approvals} WHERE status = 'pending' AND tenant = $1
             ORDER BY requested_at, run_id, node`,
      [filter.tenant]
    ) : await this.query(
      `SELECT * FROM ${this.t.approvals} WHERE status = 'pending' ORDER BY requested_at, run_id, node`
    );
    return rows.map(toApproval);
  }
  /**
   * Records one approver's decision atomically: a denial decides at once; approvals decide when
   * `minApprovals` distinct approvers have approved. Returns the row after the update. Concurrent
   * decisions on one approval queue on its row lock, so each sees the ones committed before it.
   */
  async decideApproval(runId, node, who, decision, comment) {
    return this.transaction(async (c) => {
      const locked = await c.query(
        `SELECT * FROM ${this.t.approvals} WHERE run_id = $1 AND node = $2 FOR UPDATE`,
        [runId, node]
      );
      const current = locked.rows[0] && toApproval(locked.rows[0]);
      if (!current) throw new Error(`run ${runId} has no approval ${node}`);
      if (current.status !== "pending") return current;
      const by = [.../* @__PURE__ */ new Set([...current.decidedBy, who])];
      const status = decision === "denied" ? "denied" : by.length >= current.minApprovals ? "approved" : "pending";
      const updated = await c.query(
        `UPDATE ${this.t.approvals} SET status = $1, decided_by = $2::json, decided_at = $3, comment = $4
           WHERE run_id = $5 AND node = $6 RETURNING *`,
        [
          status,
          json(by),
          status === "pending" ? null : Date.now(),
          comment ?? current.comment ?? null,
          runId,
          node
        ]
      );
      return toApproval(updated.rows[0]);
    });
  }
  /** The stored result of a side-effecting call, if it was applied before. */
  async toolEffect(key) {
    const [r] = await this.query(
      `SELECT result FROM ${this.t.toolEffects} WHERE idempotency_key = $1`,
      [key]
    );
    return r ? { result: r.result } : void 0;
  }
  async saveToolEffect(key, runId, tool, result) {
    await this.query(
      `INSERT INTO ${this.t.toolEffects} (idempotency_key, run_id, tool, result, at) VALUES ($1, $2, $3, $4::json, $5)
         ON CONFLICT (idempotency_key) DO NOTHING`,
      [key, runId, tool, json(result), Date.now()]
    );
  }
  async savePlan(runId, plan) {
    await this.query(
      `INSERT INTO ${this.t.plans} (run_id, plan) VALUES ($1, $2::json)
         ON CONFLICT (run_id) DO UPDATE SET plan = excluded.plan`,
      [runId, json(plan)]
    );
  }
  async plan(runId) {
    const [r] = await this.query(`SELECT plan FROM ${this.t.plans} WHERE run_id = $1`, [
      runId
    ]);
    return r ? r.plan : void 0;
  }
  async saveBundle(digest, bytes) {
    await this.query(
      `INSERT INTO ${this.t.bundles} (digest, bytes) VALUES ($1, $2) ON CONFLICT (digest) DO NOTHING`,
      [digest, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]
    );
  }
  async bundle(digest) {
    const [r] = await this.query(`SELECT bytes FROM ${this.t.bundles} WHERE digest = $1`, [
      digest
    ]);
    return r ? new Uint8Array(r.bytes) : void 0;
  }
  async trust(workflow) {
    const [r] = await this.query(`SELECT workflow, sequence, bundle_digest, version FROM ${this.t.trust} WHERE workflow = $1`, [
      workflow
    ]);
    return r && {
      workflow: r.workflow,
      sequence: int(r.sequence),
      bundleDigest: r.bundle_digest,
      version: r.version
    };
  }
  /** Raises the trusted sequence of a workflow (never lowers it). */
  async raiseTrust(row) {
    await this.query(
      `INSERT INTO ${this.t.trust} AS trust (workflow, sequence, bundle_digest, version, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (workflow) DO UPDATE SET sequence = excluded.sequence, bundle_digest = excluded.bundle_digest,
         version = excluded.version, at = excluded.at WHERE excluded.sequence > trust.sequence`,
      [row.workflow, row.sequence, row.bundleDigest, row.version, Date.now()]
    );
  }
};

// runner/open-state.ts
async function openRunState(options) {
  const url = options.database ?? options.env.CHARTER_DATABASE_URL;
  if (!url) return new RunStore(join(options.stateDir, "runner.db"));
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new UserError(`--database must be a postgres:// URL; got "${url.replace(/:[^:@/]*@/, ":***@")}".`);
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") ?? void 0;
  parsed.searchParams.delete("schema");
  try {
    return await PgRunStore.open({ connectionString: parsed.toString(), ...schema ? { schema } : {} });
  } catch (e) {
    throw new UserError(`Cannot open the runner database: ${e.message}`, { exitCode: 1 });
  }
}

// runner/queue/scale-out.ts
import { Queue, QueueEvents, WaitingChildrenError, Worker } from "bullmq";
var prefix = (o, tenant) => `${o.namespace ?? "charter"}:${tenant}`;
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
      const options = { connection: this.o.connection, prefix: prefix(this.o, tenant) };
      q = {
        runs: new Queue("runs", options),
        steps: new Queue("steps", options),
        ...this.o.stepEvents ? { stepEvents: new QueueEvents("steps", options) } : {},
        ...this.o.runEvents ? { runEvents: new QueueEvents("runs", options) } : {}
      };
      this.queues.set(tenant, q);
    }
    return q;
  }
  /** Enqueues (or re-enqueues) the orchestrator job of a run: one per run at a time. */
  async enqueueRun(tenant, runId) {
    await this.tenant(tenant).runs.add(
      "run",
      // `since`: this execution's start, from which the run's timeout counts across activations.
      { runId, since: Date.now() },
      { jobId: runId, removeOnComplete: true, removeOnFail: true }
    );
  }
  /**
   * Enqueues a run's orchestrator job and waits until no job of that run is left: it finished, parked
   * or failed (rejects with the job's failure). The store says how the run settled. Completion events
   * wake the wait early; the job's state is polled too, so an event missed (or a job that finished
   * before the listener could see it) cannot hang the caller.
   */
  async runAndWait(tenant, runId, pollMs = 250) {
    const q = this.tenant(tenant);
    const events = q.runEvents;
    if (!events) throw new Error("RunQueues was created without runEvents");
    await events.waitUntilReady();
    let failed;
    let wake = () => {
    };
    const onCompleted = ({ jobId }) => {
      if (jobId === runId) wake();
    };
    const onFailed = ({ jobId, failedReason }) => {
      if (jobId !== runId) return;
      failed = failedReason;
      wake();
    };
    events.on("completed", onCompleted);
    events.on("failed", onFailed);
    try {
      await this.enqueueRun(tenant, runId);
      for (; ; ) {
        if (failed !== void 0) throw new Error(`run ${runId} failed on its worker: ${failed}`);
        const state = await q.runs.getJobState(runId);
        if (state === "unknown" || state === "completed") return;
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      events.off("completed", onCompleted);
      events.off("failed", onFailed);
    }
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
      await Promise.all([q.runs.close(), q.steps.close(), q.stepEvents?.close(), q.runEvents?.close()]);
  }
};
var RunWorkers = class {
  constructor(runner, o) {
    this.runner = runner;
    this.o = o;
    this.queues = new RunQueues({ ...o, stepEvents: (o.orchestration ?? "flow") === "await" });
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
        prefix: prefix(this.o, tenant),
        lockDuration: this.o.lockDurationMs ?? 3e4,
        stalledInterval: Math.max(500, Math.floor((this.o.lockDurationMs ?? 3e4) / 2))
      };
      const queues = this.queues.tenant(tenant);
      this.workers.push(
        new Worker(
          "runs",
          async (job, token) => {
            if ((this.o.orchestration ?? "flow") === "flow") return this.activate(queues, job, token);
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
  /**
   * The `flow` orchestrator: activates the run; adds its ready nodes as child step jobs (deterministic
   * ids, so a re-activation after a crash adds nothing twice) and waits for them without holding a
   * slot. `moveToWaitingChildren` answers false when the children already finished — then the next
   * wave is scheduled here at once (returning instead would end the run with steps never scheduled).
   */
  async activate(queues, job, token) {
    const { runId } = job.data;
    for (; ; ) {
      const next = await this.runner.activate(runId, job.data.since ?? job.timestamp);
      if ("run" in next) return { status: next.run.status };
      await queues.steps.addBulk(
        next.dispatch.map(({ node, decided }) => ({
          name: "step",
          data: { runId, nodeId: node },
          opts: {
            // A node parked on an approval is dispatched once more after the decision: a job of its own.
            jobId: `${runId}__${node}${decided ? "__decided" : ""}`,
            parent: { id: job.id, queue: job.queueQualifiedName },
            // A step that keeps failing (not a failed node: an error escaping it) fails the run's job.
            failParentOnFailure: true,
            removeOnComplete: true,
            removeOnFail: true,
            attempts: 3,
            backoff: { type: "exponential", delay: 200 }
          }
        }))
      );
      if (await job.moveToWaitingChildren(token)) throw new WaitingChildrenError();
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

// runner/telemetry.ts
import { createHash } from "node:crypto";
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace
} from "@opentelemetry/api";
import { ExportResultCode, parseKeyPairsIntoRecord } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  RandomIdGenerator
} from "@opentelemetry/sdk-trace-base";
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION
} from "@opentelemetry/semantic-conventions";
var GEN_AI = {
  operation: "gen_ai.operation.name",
  provider: "gen_ai.provider.name",
  requestModel: "gen_ai.request.model",
  responseModel: "gen_ai.response.model",
  inputTokens: "gen_ai.usage.input_tokens",
  outputTokens: "gen_ai.usage.output_tokens",
  conversationId: "gen_ai.conversation.id",
  workflowName: "gen_ai.workflow.name",
  promptName: "gen_ai.prompt.name",
  toolName: "gen_ai.tool.name",
  toolCallId: "gen_ai.tool.call.id",
  toolCallArguments: "gen_ai.tool.call.arguments",
  dataSourceId: "gen_ai.data_source.id"
};
var OPERATION = {
  workflow: "invoke_workflow",
  chat: "chat",
  tool: "execute_tool",
  retrieval: "retrieval"
};
var MAX_ATTRIBUTE_CHARS = 1024;
function runTraceIds(runId) {
  const hex = createHash("sha256").update(`charter.run\0${runId}`).digest("hex");
  return { traceId: hex.slice(0, 32), spanId: hex.slice(32, 48) };
}
var forcedIds;
var RunIdGenerator = class {
  #random = new RandomIdGenerator();
  generateTraceId() {
    return forcedIds?.traceId ?? this.#random.generateTraceId();
  }
  generateSpanId() {
    return forcedIds?.spanId ?? this.#random.generateSpanId();
  }
};
function runSpans(tracer, run, nodes) {
  const ids = runTraceIds(run.id);
  const records = Object.values(nodes).sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
  const lastEnd = Math.max(run.startedAt, ...records.map((n) => n.endedAt));
  const name = `${OPERATION.workflow} ${run.workflow}`;
  const attributes = runAttributes(run);
  if (run.status === "waiting" || run.status === "running") {
    const parent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: ids.traceId,
      spanId: ids.spanId,
      traceFlags: TraceFlags.SAMPLED
    });
    const waiting = records.filter((n) => n.status === "waiting").map((n) => n.id);
    const park = tracer.startSpan(
      name,
      {
        kind: SpanKind.INTERNAL,
        startTime: new Date(run.startedAt),
        attributes: {
          ...attributes,
          ...defined({ "charter.nodes.waiting": waiting.length ? waiting : void 0 })
        }
      },
      parent
    );
    park.end(new Date(lastEnd));
    return;
  }
  let root;
  forcedIds = ids;
  try {
    root = tracer.startSpan(name, {
      root: true,
      kind: SpanKind.INTERNAL,
      startTime: new Date(run.startedAt),
      attributes
    });
  } finally {
    forcedIds = void 0;
  }
  if (run.status === "failed") {
    root.setStatus({ code: SpanStatusCode.ERROR, message: cap(run.error?.message ?? "run failed") });
  }
  const context = trace.setSpan(ROOT_CONTEXT, root);
  const fallbackFrom = /* @__PURE__ */ new Map();
  for (const n of records) {
    if (n.recoveredBy === "fallback" && n.fallbackNode) fallbackFrom.set(n.fallbackNode, n.id);
  }
  for (const node of records) nodeSpans(tracer, context, run, node, fallbackFrom.get(node.id));
  root.end(new Date(Math.max(run.endedAt ?? lastEnd, run.startedAt)));
}
function runAttributes(run) {
  return defined({
    [GEN_AI.operation]: OPERATION.workflow,
    [GEN_AI.workflowName]: run.workflow,
    [GEN_AI.conversationId]: run.id,
    "charter.run.id": run.id,
    "charter.run.status": run.status,
    "charter.tenant": run.tenant,
    "charter.workflow": run.workflow,
    "charter.version": run.version,
    "charter.repository": run.repository,
    "charter.release.digest": run.manifestDigest,
    "charter.bundle.digest": run.bundleDigest,
    "charter.inputs.hash": run.inputsHash,
    "charter.cost_usd": run.costUsd,
    [ATTR_ERROR_TYPE]: run.error?.kind,
    "charter.error.node": run.error?.node
  });
}
function nodeSpans(tracer, parent, run, node, fallbackFrom) {
  const failedChecks = node.checks.filter((c) => !c.pass).map((c) => c.name);
  const attributes = defined({
    "charter.run.id": run.id,
    "charter.node.id": node.id,
    "charter.node.type": node.type,
    "charter.node.status": node.status,
    "charter.attempts": node.attempts,
    "charter.node.items": node.items,
    "charter.node.recovered_by": node.recoveredBy,
    "charter.fallback.to": node.fallbackNode,
    "charter.fallback.from": fallbackFrom,
    "charter.checks.failed": failedChecks.length ? failedChecks : void 0,
    [ATTR_ERROR_TYPE]: node.error?.kind
  });
  let name = `${node.type} ${node.id}`;
  const { llm, tool, retrieval, approval } = node;
  if (llm) {
    Object.assign(
      attributes,
      defined({
        [GEN_AI.promptName]: llm.prompt,
        "charter.llm.prompt_version": llm.promptVersion,
        "charter.llm.route": llm.route,
        "charter.llm.target": llm.target,
        "charter.llm.model": llm.model,
        "charter.llm.cached": llm.cached,
        // Node totals under charter.*: the gen_ai.usage.* figures are on the chat spans, once.
        "charter.usage.input_tokens": llm.inputTokens,
        "charter.usage.output_tokens": llm.outputTokens,
        "charter.cost_usd": llm.costUsd,
        "charter.llm.tool_calls": llm.toolCalls?.length
      })
    );
  }
  if (tool) {
    name = `${OPERATION.tool} ${tool.tool}`;
    Object.assign(
      attributes,
      defined({
        [GEN_AI.operation]: OPERATION.tool,
        [GEN_AI.toolName]: tool.tool,
        [GEN_AI.toolCallId]: tool.idempotencyKey,
        [GEN_AI.toolCallArguments]: argumentsJson(tool.args)
      })
    );
  }
  if (retrieval) {
    name = `${OPERATION.retrieval} ${retrieval.collection}`;
    Object.assign(attributes, {
      [GEN_AI.operation]: OPERATION.retrieval,
      [GEN_AI.dataSourceId]: retrieval.collection,
      "charter.retrieval.collection": retrieval.collection,
      "charter.retrieval.passages": retrieval.passages.length
    });
  }
  if (approval) {
    Object.assign(attributes, {
      "charter.approval.decision": approval.decision,
      "charter.approval.approvers": approval.approvers
    });
  }
  const start = node.startedAt;
  const end = Math.max(node.endedAt, start);
  const span = tracer.startSpan(
    name,
    { kind: SpanKind.INTERNAL, startTime: new Date(start), attributes },
    parent
  );
  if (node.status === "failed") {
    span.setStatus({ code: SpanStatusCode.ERROR, message: cap(node.error?.message ?? "node failed") });
  }
  if (llm?.calls.length) {
    const context = trace.setSpan(parent, span);
    let at = start;
    llm.calls.forEach((attempt, i) => {
      const next = llm.calls[i + 1];
      const fallbackTo = next?.fallbackFrom === attempt.target ? next.target : void 0;
      at = chatSpan(tracer, context, run, llm.prompt, attempt, fallbackTo, Math.min(at, end), end);
    });
  }
  span.end(new Date(end));
}
function chatSpan(tracer, parent, run, prompt, attempt, fallbackTo, start, limit) {
  const end = Math.min(start + Math.max(attempt.latencyMs, 0), limit);
  const ok = attempt.outcome === "ok";
  const span = tracer.startSpan(
    `${OPERATION.chat} ${attempt.model}`,
    {
      kind: SpanKind.CLIENT,
      startTime: new Date(start),
      attributes: defined({
        [GEN_AI.operation]: OPERATION.chat,
        [GEN_AI.provider]: attempt.provider,
        [GEN_AI.requestModel]: attempt.model,
        [GEN_AI.responseModel]: ok ? attempt.model : void 0,
        [GEN_AI.inputTokens]: ok ? attempt.inputTokens : void 0,
        [GEN_AI.outputTokens]: ok ? attempt.outputTokens : void 0,
        [GEN_AI.conversationId]: run.id,
        [GEN_AI.promptName]: prompt,
        "charter.run.id": run.id,
        "charter.llm.target": attempt.target,
        "charter.attempt": attempt.attempt,
        "charter.attempt.outcome": attempt.outcome,
        "charter.attempt.reason": attempt.reason,
        "charter.cached": attempt.cached,
        "charter.cost_usd": attempt.costUsd,
        "charter.retry_after_ms": attempt.retryAfterMs,
        "charter.fallback.from": attempt.fallbackFrom,
        "charter.fallback.to": fallbackTo,
        [ATTR_ERROR_TYPE]: attempt.outcome === "error" ? attempt.reason ?? "_OTHER" : void 0,
        [ATTR_HTTP_RESPONSE_STATUS_CODE]: attempt.status
      })
    },
    parent
  );
  if (attempt.outcome === "error") {
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: cap(attempt.message ?? attempt.reason ?? "provider call failed")
    });
  }
  span.end(new Date(end));
  return end;
}
function defined(entries) {
  const out = {};
  for (const [key, value] of Object.entries(entries)) if (value !== void 0) out[key] = value;
  return out;
}
function cap(text, max = MAX_ATTRIBUTE_CHARS) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
var SECRET_KEY = /token|secret|passw|authori[sz]ation|cookie|credential|api[_-]?key|private[_-]?key|session/i;
var SECRET_VALUE = /^\s*(bearer|basic)\s|\bsk-[A-Za-z0-9_-]{8,}|\bgh[pousr]_[A-Za-z0-9]{16,}|\bgithub_pat_|\bxox[abprs]-|-----BEGIN [A-Z ]*PRIVATE KEY/i;
function scrub(value, depth = 0) {
  if (typeof value === "string") return SECRET_VALUE.test(value) ? "[redacted]" : value;
  if (value === null || typeof value !== "object") return value;
  if (depth > 16) return "[too deep]";
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  const out = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? "[redacted]" : scrub(item, depth + 1);
  }
  return out;
}
function argumentsJson(args) {
  if (args === void 0) return void 0;
  try {
    const json2 = JSON.stringify(scrub(args));
    return json2 === void 0 ? void 0 : cap(json2);
  } catch {
    return void 0;
  }
}
function otlpTelemetry(env) {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return void 0;
  const url = tracesUrl(env);
  if (url === void 0) return void 0;
  let where;
  try {
    const parsed = new URL(url);
    where = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    warn(`OTLP traces endpoint ${JSON.stringify(url)} is not a URL; not exporting traces`);
    return void 0;
  }
  const timeout = positiveInt(env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT ?? env.OTEL_EXPORTER_OTLP_TIMEOUT);
  const exporter = new OTLPTraceExporter({
    url,
    headers: {
      ...parseKeyPairsIntoRecord(env.OTEL_EXPORTER_OTLP_HEADERS),
      ...parseKeyPairsIntoRecord(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS)
    },
    ...timeout !== void 0 ? { timeoutMillis: timeout } : {}
  });
  const warning = new WarnOnFailure(exporter, where);
  const resourceAttributes = parseKeyPairsIntoRecord(env.OTEL_RESOURCE_ATTRIBUTES);
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || resourceAttributes[ATTR_SERVICE_NAME] || "charter-runner";
  const provider = new BasicTracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_VERSION]: CHARTER_VERSION,
        ...resourceAttributes,
        [ATTR_SERVICE_NAME]: serviceName
      })
    ),
    idGenerator: new RunIdGenerator(),
    spanLimits: { attributeValueLengthLimit: 4 * MAX_ATTRIBUTE_CHARS },
    spanProcessors: [new BatchSpanProcessor(warning)]
  });
  const tracer = provider.getTracer("charter-runner", CHARTER_VERSION);
  return {
    onRunSettled(run, nodes) {
      try {
        runSpans(tracer, run, nodes);
      } catch (error) {
        warn(`could not record the spans of run ${run.id}: ${messageOf(error)}`);
      }
    },
    async shutdown() {
      try {
        await provider.shutdown();
      } catch (error) {
        if (!warning.failing) warn(`could not flush spans to ${where}: ${messageOf(error)}`);
      }
    }
  };
}
function tracesUrl(env) {
  const specific = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (specific) return specific;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (base) return `${base.endsWith("/") ? base : `${base}/`}v1/traces`;
  return void 0;
}
function positiveInt(text) {
  const n = text === void 0 ? Number.NaN : Number(text.trim());
  return Number.isInteger(n) && n > 0 ? n : void 0;
}
var WarnOnFailure = class {
  constructor(inner, where) {
    this.inner = inner;
    this.where = where;
  }
  inner;
  where;
  #failing = false;
  get failing() {
    return this.#failing;
  }
  export(spans, done) {
    this.inner.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) this.#failing = false;
      else if (!this.#failing) {
        this.#failing = true;
        warn(
          `could not export ${spans.length} span(s) to ${this.where}: ${messageOf(result.error ?? "export failed")}`
        );
      }
      done(result);
    });
  }
  shutdown() {
    return this.inner.shutdown();
  }
  forceFlush() {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
};
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
function warn(message) {
  process.stderr.write(`charter: telemetry: ${message.replace(/\s+/g, " ").trim()}
`);
}

// cli/redis-url.ts
function redisConnection(url) {
  if (!url) throw new UserError("Which Redis? Pass --redis redis://HOST:PORT (or set CHARTER_REDIS_URL).");
  let u;
  try {
    u = new URL(url);
  } catch {
    throw new UserError(`--redis must be a URL like redis://127.0.0.1:6379; got "${url}".`);
  }
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

export {
  openRunState,
  RunQueues,
  RunWorkers,
  otlpTelemetry,
  redisConnection
};
