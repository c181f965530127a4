/**
 * The runner's durable state in PostgreSQL, for many workers sharing one database: the same tables,
 * columns and semantics as the SQLite `RunStore` (see `store.ts`), in one schema (default `charter`),
 * with proper types — `json` for JSON, `bytea` for bundle bytes, `bigint` epoch milliseconds.
 *
 * Every public method is one statement or one explicit transaction on a `pg.Pool`, so each call is
 * durable when its promise resolves. What has to be atomic across workers is: an approval decision
 * (`SELECT … FOR UPDATE` in a transaction, so two approvers deciding at once are both counted and the
 * approval is decided exactly once), the first write of a tool effect and of a bundle (`ON CONFLICT DO
 * NOTHING`), and the trust state (`ON CONFLICT … DO UPDATE … WHERE` a higher sequence: never lowered).
 *
 * Queries are parameterised; the only identifier spliced into SQL is the schema name, validated
 * against `^[a-z_][a-z0-9_]{0,62}$` and quoted.
 *
 * JSON columns are `json`, not `jsonb`: the exact text is kept, so records read back exactly as
 * written — key order included — and strings holding U+0000 or an unpaired surrogate (which `jsonb`
 * refuses) are stored like the SQLite store stores them. Nothing queries inside the documents.
 */
import pg from "pg";
import type { NodeRecord, RunRecord } from "../core/execute/records.ts";
import type { RunState } from "./state.ts";
import type { ApprovalRow, RunRow, RunStatus, TrustRow } from "./store.ts";

export const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test";
export const DEFAULT_SCHEMA = "charter";
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PgRunStoreOptions {
  /** Default: `CHARTER_DATABASE_URL`, else `postgres://postgres@127.0.0.1:5432/test`. */
  connectionString?: string;
  /** The schema holding the tables (created when missing). Default `charter`. */
  schema?: string;
  /** Use this pool instead of opening one; `close()` then leaves it open (its owner ends it). */
  pool?: pg.Pool;
}

/** The schema name, quoted, after checking it is a plain lower-case identifier. */
export function quoteSchema(schema: string): string {
  if (!IDENTIFIER.test(schema))
    throw new Error(`invalid schema name ${JSON.stringify(schema)}: expected ^[a-z_][a-z0-9_]{0,62}$`);
  return `"${schema}"`;
}

const ddl = (s: string) => `
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

/** JSON text for a `$n::json` parameter (pg would turn a JS array into a PostgreSQL array). */
const json = (v: unknown) => JSON.stringify(v ?? null);
/** `bigint` columns arrive as strings (pg keeps 64-bit integers exact); epoch ms and sequences fit a number. */
const int = (v: string | number) => Number(v);

interface RunDbRow {
  id: string;
  tenant: string;
  workflow: string;
  version: string;
  repository: string;
  registry: string;
  manifest_digest: string;
  bundle_digest: string;
  inputs: Record<string, unknown>;
  inputs_hash: string;
  status: RunStatus;
  outputs: Record<string, unknown> | null;
  error: RunRecord["error"] | null;
  cost_usd: number;
  started_at: string;
  ended_at: string | null;
  provenance: Record<string, unknown>;
}

function toRun(r: RunDbRow): RunRow {
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
    ...(r.outputs ? { outputs: r.outputs } : {}),
    ...(r.error ? { error: r.error } : {}),
    costUsd: r.cost_usd,
    startedAt: int(r.started_at),
    ...(r.ended_at !== null ? { endedAt: int(r.ended_at) } : {}),
    provenance: r.provenance,
  };
}

interface ApprovalDbRow {
  run_id: string;
  node: string;
  tenant: string;
  status: ApprovalRow["status"];
  approvers: string[];
  min_approvals: number;
  message: string | null;
  requested_at: string;
  decided_at: string | null;
  decided_by: string[];
  comment: string | null;
}

function toApproval(r: ApprovalDbRow): ApprovalRow {
  const decidedAt = r.decided_at === null ? 0 : int(r.decided_at);
  return {
    runId: r.run_id,
    node: r.node,
    tenant: r.tenant,
    status: r.status,
    approvers: r.approvers,
    minApprovals: r.min_approvals,
    ...(r.message ? { message: r.message } : {}),
    requestedAt: int(r.requested_at),
    ...(decidedAt ? { decidedAt } : {}),
    decidedBy: r.decided_by,
    ...(r.comment ? { comment: r.comment } : {}),
  };
}

export class PgRunStore implements RunState {
  readonly schema: string;
  private readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  private readonly t: {
    runs: string;
    nodes: string;
    approvals: string;
    toolEffects: string;
    plans: string;
    bundles: string;
    trust: string;
  };
  private closed = false;

  private constructor(pool: pg.Pool, ownsPool: boolean, schema: string) {
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
      trust: `${s}.trust`,
    };
  }

  /** Connects and creates the schema and its tables when missing (idempotent, safe from many workers at once). */
  static async open(options: PgRunStoreOptions = {}): Promise<PgRunStore> {
    const schema = options.schema ?? DEFAULT_SCHEMA;
    const quoted = quoteSchema(schema);
    const ownsPool = !options.pool;
    const pool =
      options.pool ??
      new pg.Pool({
        connectionString:
          options.connectionString ?? process.env.CHARTER_DATABASE_URL ?? DEFAULT_DATABASE_URL,
      });
    // An idle connection the server drops (restart, failover) emits 'error' on the pool: the pool
    // discards that client and the next query opens a new one. Without a listener it would crash the process.
    if (ownsPool) pool.on("error", () => {});
    const store = new PgRunStore(pool, ownsPool, schema);
    try {
      await store.transaction(async (c) => {
        // Workers starting together: one creates, the others wait and then find everything there.
        await c.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`charter.run-store:${schema}`]);
        const exists = await c.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
        // Checked first: CREATE SCHEMA IF NOT EXISTS still needs CREATE on the database.
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
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsPool) await this.pool.end();
  }

  private async query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    return (await this.pool.query<R>(text, values)).rows;
  }

  private async transaction<T>(body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const result = await body(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      try {
        await client.query("ROLLBACK");
      } catch (rollback) {
        // The connection is unusable: the pool must not hand it out again.
        broken = rollback instanceof Error ? rollback : new Error(String(rollback));
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async createRun(run: RunRow): Promise<void> {
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
        json(run.provenance),
      ],
    );
  }

  async getRun(id: string): Promise<RunRow | undefined> {
    const [r] = await this.query<RunDbRow>(`SELECT * FROM ${this.t.runs} WHERE id = $1`, [id]);
    return r && toRun(r);
  }

  /** Runs, newest first; a tenant filter is always applied when given (tenant-scoped readers). */
  async listRuns(filter: { tenant?: string; status?: RunStatus; limit?: number } = {}): Promise<RunRow[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.tenant) {
      args.push(filter.tenant);
      where.push(`tenant = $${args.length}`);
    }
    if (filter.status) {
      args.push(filter.status);
      where.push(`status = $${args.length}`);
    }
    args.push(filter.limit ?? 100);
    const rows = await this.query<RunDbRow>(
      `SELECT * FROM ${this.t.runs} ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
         ORDER BY started_at DESC, id DESC LIMIT $${args.length}`,
      args,
    );
    return rows.map(toRun);
  }

  async finishRun(
    id: string,
    r: Pick<RunRecord, "status" | "outputs" | "error" | "costUsd"> & { endedAt?: number },
  ): Promise<void> {
    await this.query(
      `UPDATE ${this.t.runs} SET status = $1, outputs = $2::json, error = $3::json, cost_usd = $4, ended_at = $5
         WHERE id = $6`,
      [
        r.status,
        r.outputs ? json(r.outputs) : null,
        r.error ? json(r.error) : null,
        r.costUsd,
        r.status === "waiting" ? null : (r.endedAt ?? Date.now()),
        id,
      ],
    );
  }

  /** What a tenant's runs started since `sinceMs` have spent (its daily budget). */
  async spentSince(tenant: string, sinceMs: number, excludeRun?: string): Promise<number> {
    const [r] = await this.query<{ s: number }>(
      `SELECT COALESCE(SUM(cost_usd), 0)::double precision AS s FROM ${this.t.runs}
         WHERE tenant = $1 AND started_at >= ceil($2::double precision)::bigint AND id <> $3`,
      [tenant, sinceMs, excludeRun ?? ""],
    );
    return r!.s;
  }

  async setStatus(id: string, status: RunStatus): Promise<void> {
    await this.query(`UPDATE ${this.t.runs} SET status = $1 WHERE id = $2`, [status, id]);
  }

  /** The checkpoint of one settled node (replaces an earlier one for the same node). */
  async saveNode(runId: string, record: NodeRecord): Promise<void> {
    await this.query(
      `INSERT INTO ${this.t.nodes} (run_id, node, status, record, at) VALUES ($1, $2, $3, $4::json, $5)
         ON CONFLICT (run_id, node) DO UPDATE SET status = excluded.status, record = excluded.record, at = excluded.at`,
      [runId, record.id, record.status, json(record), Date.now()],
    );
  }

  async nodes(runId: string): Promise<Record<string, NodeRecord>> {
    const rows = await this.query<{ record: NodeRecord }>(
      `SELECT record FROM ${this.t.nodes} WHERE run_id = $1 ORDER BY at, node`,
      [runId],
    );
    return Object.fromEntries(rows.map((r) => [r.record.id, r.record]));
  }

  /** Registers a parked approval (once; a re-request keeps the original request and any decision). */
  async requestApproval(a: Omit<ApprovalRow, "status" | "decidedBy">): Promise<ApprovalRow> {
    return this.transaction(async (c) => {
      const inserted = await c.query<ApprovalDbRow>(
        `INSERT INTO ${this.t.approvals} (run_id, node, tenant, status, approvers, min_approvals, message, requested_at)
           VALUES ($1, $2, $3, 'pending', $4::json, $5, $6, $7)
           ON CONFLICT (run_id, node) DO NOTHING RETURNING *`,
        [a.runId, a.node, a.tenant, json(a.approvers), a.minApprovals, a.message ?? null, a.requestedAt],
      );
      // On a conflict the row was committed by another call (ON CONFLICT waits for it), and under
      // READ COMMITTED this next statement sees it.
      const row =
        inserted.rows[0] ??
        (
          await c.query<ApprovalDbRow>(`SELECT * FROM ${this.t.approvals} WHERE run_id = $1 AND node = $2`, [
            a.runId,
            a.node,
          ])
        ).rows[0];
      return toApproval(row!);
    });
  }

  async approval(runId: string, node: string): Promise<ApprovalRow | undefined> {
    const [r] = await this.query<ApprovalDbRow>(
      `SELECT * FROM ${this.t.approvals} WHERE run_id = $1 AND node = $2`,
      [runId, node],
    );
    return r && toApproval(r);
  }

  async pendingApprovals(filter: { tenant?: string } = {}): Promise<ApprovalRow[]> {
    const rows = filter.tenant
      ? await this.query<ApprovalDbRow>(
          `SELECT * FROM ${this.t.approvals} WHERE status = 'pending' AND tenant = $1
             ORDER BY requested_at, run_id, node`,
          [filter.tenant],
        )
      : await this.query<ApprovalDbRow>(
          `SELECT * FROM ${this.t.approvals} WHERE status = 'pending' ORDER BY requested_at, run_id, node`,
        );
    return rows.map(toApproval);
  }

  /**
   * Records one approver's decision atomically: a denial decides at once; approvals decide when
   * `minApprovals` distinct approvers have approved. Returns the row after the update. Concurrent
   * decisions on one approval queue on its row lock, so each sees the ones committed before it.
   */
  async decideApproval(
    runId: string,
    node: string,
    who: string,
    decision: "approved" | "denied",
    comment?: string,
  ): Promise<ApprovalRow> {
    return this.transaction(async (c) => {
      const locked = await c.query<ApprovalDbRow>(
        `SELECT * FROM ${this.t.approvals} WHERE run_id = $1 AND node = $2 FOR UPDATE`,
        [runId, node],
      );
      const current = locked.rows[0] && toApproval(locked.rows[0]);
      if (!current) throw new Error(`run ${runId} has no approval ${node}`);
      if (current.status !== "pending") return current;
      const by = [...new Set([...current.decidedBy, who])];
      const status =
        decision === "denied" ? "denied" : by.length >= current.minApprovals ? "approved" : "pending";
      const updated = await c.query<ApprovalDbRow>(
        `UPDATE ${this.t.approvals} SET status = $1, decided_by = $2::json, decided_at = $3, comment = $4
           WHERE run_id = $5 AND node = $6 RETURNING *`,
        [
          status,
          json(by),
          status === "pending" ? null : Date.now(),
          comment ?? current.comment ?? null,
          runId,
          node,
        ],
      );
      return toApproval(updated.rows[0]!);
    });
  }

  /** The stored result of a side-effecting call, if it was applied before. */
  async toolEffect(key: string): Promise<{ result: unknown } | undefined> {
    const [r] = await this.query<{ result: unknown }>(
      `SELECT result FROM ${this.t.toolEffects} WHERE idempotency_key = $1`,
      [key],
    );
    return r ? { result: r.result } : undefined;
  }

  async saveToolEffect(key: string, runId: string, tool: string, result: unknown): Promise<void> {
    await this.query(
      `INSERT INTO ${this.t.toolEffects} (idempotency_key, run_id, tool, result, at) VALUES ($1, $2, $3, $4::json, $5)
         ON CONFLICT (idempotency_key) DO NOTHING`,
      [key, runId, tool, json(result), Date.now()],
    );
  }

  async savePlan(runId: string, plan: unknown): Promise<void> {
    await this.query(
      `INSERT INTO ${this.t.plans} (run_id, plan) VALUES ($1, $2::json)
         ON CONFLICT (run_id) DO UPDATE SET plan = excluded.plan`,
      [runId, json(plan)],
    );
  }

  async plan(runId: string): Promise<unknown> {
    const [r] = await this.query<{ plan: unknown }>(`SELECT plan FROM ${this.t.plans} WHERE run_id = $1`, [
      runId,
    ]);
    return r ? r.plan : undefined;
  }

  async saveBundle(digest: string, bytes: Uint8Array): Promise<void> {
    await this.query(
      `INSERT INTO ${this.t.bundles} (digest, bytes) VALUES ($1, $2) ON CONFLICT (digest) DO NOTHING`,
      [digest, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)],
    );
  }

  async bundle(digest: string): Promise<Uint8Array | undefined> {
    const [r] = await this.query<{ bytes: Buffer }>(`SELECT bytes FROM ${this.t.bundles} WHERE digest = $1`, [
      digest,
    ]);
    return r ? new Uint8Array(r.bytes) : undefined;
  }

  async trust(workflow: string): Promise<TrustRow | undefined> {
    const [r] = await this.query<{
      workflow: string;
      sequence: string;
      bundle_digest: string;
      version: string;
    }>(`SELECT workflow, sequence, bundle_digest, version FROM ${this.t.trust} WHERE workflow = $1`, [
      workflow,
    ]);
    return (
      r && {
        workflow: r.workflow,
        sequence: int(r.sequence),
        bundleDigest: r.bundle_digest,
        version: r.version,
      }
    );
  }

  /** Raises the trusted sequence of a workflow (never lowers it). */
  async raiseTrust(row: TrustRow): Promise<void> {
    await this.query(
      `INSERT INTO ${this.t.trust} AS trust (workflow, sequence, bundle_digest, version, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (workflow) DO UPDATE SET sequence = excluded.sequence, bundle_digest = excluded.bundle_digest,
         version = excluded.version, at = excluded.at WHERE excluded.sequence > trust.sequence`,
      [row.workflow, row.sequence, row.bundleDigest, row.version, Date.now()],
    );
  }
}
