/**
 * The runner's durable state, in one SQLite file (better-sqlite3, WAL): runs, a checkpoint per
 * settled node, parked approvals and their decisions, the results of side-effecting tool calls by
 * idempotency key, the verified bundles runs execute from, and the trust state (the highest release
 * sequence seen per workflow, for rollback protection).
 *
 * Every write is a synchronous transaction that is on disk when the call returns, so a process
 * killed at any instant (`kill -9`) loses at most the node that was running; WAL with
 * `synchronous = NORMAL` is durable against process crashes (only an OS crash can lose the last
 * commits). Everything is keyed by tenant where it is listed, and readers filter by tenant.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { NodeRecord, RunRecord } from "../core/execute/records.ts";

export type RunStatus = "running" | "waiting" | "succeeded" | "failed" | "cancelled";

export interface RunRow {
  id: string;
  tenant: string;
  workflow: string;
  version: string;
  repository: string;
  registry: string;
  manifestDigest: string;
  bundleDigest: string;
  inputs: Record<string, unknown>;
  inputsHash: string;
  status: RunStatus;
  outputs?: Record<string, unknown>;
  error?: RunRecord["error"];
  costUsd: number;
  startedAt: number;
  endedAt?: number;
  /** What verification established (signer, sequence, PR, approvals…), for `charter explain`. */
  provenance: Record<string, unknown>;
}

export interface ApprovalRow {
  runId: string;
  node: string;
  tenant: string;
  status: "pending" | "approved" | "denied";
  approvers: string[];
  minApprovals: number;
  message?: string;
  requestedAt: number;
  decidedAt?: number;
  decidedBy: string[];
  comment?: string;
}

export interface TrustRow {
  workflow: string;
  sequence: number;
  bundleDigest: string;
  version: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY, tenant TEXT NOT NULL, workflow TEXT NOT NULL, version TEXT NOT NULL,
  repository TEXT NOT NULL, registry TEXT NOT NULL, manifest_digest TEXT NOT NULL, bundle_digest TEXT NOT NULL,
  inputs TEXT NOT NULL, inputs_hash TEXT NOT NULL, status TEXT NOT NULL, outputs TEXT, error TEXT,
  cost_usd REAL NOT NULL DEFAULT 0, started_at INTEGER NOT NULL, ended_at INTEGER, provenance TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS runs_by_tenant ON runs (tenant, started_at);
CREATE INDEX IF NOT EXISTS runs_by_status ON runs (status);
CREATE TABLE IF NOT EXISTS nodes (
  run_id TEXT NOT NULL, node TEXT NOT NULL, status TEXT NOT NULL, record TEXT NOT NULL, at INTEGER NOT NULL,
  PRIMARY KEY (run_id, node)
);
CREATE TABLE IF NOT EXISTS approvals (
  run_id TEXT NOT NULL, node TEXT NOT NULL, tenant TEXT NOT NULL, status TEXT NOT NULL, approvers TEXT NOT NULL,
  min_approvals INTEGER NOT NULL, message TEXT, requested_at INTEGER NOT NULL, decided_at INTEGER,
  decided_by TEXT NOT NULL DEFAULT '[]', comment TEXT, PRIMARY KEY (run_id, node)
);
CREATE TABLE IF NOT EXISTS tool_effects (
  idempotency_key TEXT PRIMARY KEY, run_id TEXT NOT NULL, tool TEXT NOT NULL, result TEXT NOT NULL, at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS plans (run_id TEXT PRIMARY KEY, plan TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS bundles (digest TEXT PRIMARY KEY, bytes BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS trust (
  workflow TEXT PRIMARY KEY, sequence INTEGER NOT NULL, bundle_digest TEXT NOT NULL, version TEXT NOT NULL, at INTEGER NOT NULL
);
`;

const json = (v: unknown) => JSON.stringify(v ?? null);
const parse = <T>(text: string | null | undefined): T | undefined =>
  text === null || text === undefined ? undefined : ((JSON.parse(text) as T | undefined) ?? undefined);

interface RunDbRow {
  id: string;
  tenant: string;
  workflow: string;
  version: string;
  repository: string;
  registry: string;
  manifest_digest: string;
  bundle_digest: string;
  inputs: string;
  inputs_hash: string;
  status: RunStatus;
  outputs: string | null;
  error: string | null;
  cost_usd: number;
  started_at: number;
  ended_at: number | null;
  provenance: string;
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
    inputs: JSON.parse(r.inputs),
    inputsHash: r.inputs_hash,
    status: r.status,
    ...(r.outputs ? { outputs: parse(r.outputs) } : {}),
    ...(r.error ? { error: parse(r.error) } : {}),
    costUsd: r.cost_usd,
    startedAt: r.started_at,
    ...(r.ended_at !== null ? { endedAt: r.ended_at } : {}),
    provenance: JSON.parse(r.provenance),
  };
}

export class RunStore {
  readonly path: string;
  get location(): string {
    return this.path;
  }
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  /** Prepared once per store: checkpoints are written after every node. */
  private sql(text: string): Database.Statement {
    let st = this.statements.get(text);
    if (!st) {
      st = this.db.prepare(text);
      this.statements.set(text, st);
    }
    return st;
  }

  constructor(path: string) {
    this.path = path;
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(SCHEMA);
  }

  close(): void {
    this.db.close();
  }

  createRun(run: RunRow): void {
    this.sql(
      `INSERT INTO runs (id, tenant, workflow, version, repository, registry, manifest_digest, bundle_digest,
         inputs, inputs_hash, status, cost_usd, started_at, provenance)
         VALUES (@id, @tenant, @workflow, @version, @repository, @registry, @manifestDigest, @bundleDigest,
         @inputs, @inputsHash, @status, @costUsd, @startedAt, @provenance)`,
    ).run({ ...run, inputs: json(run.inputs), provenance: json(run.provenance) });
  }

  getRun(id: string): RunRow | undefined {
    const r = this.sql("SELECT * FROM runs WHERE id = ?").get(id) as RunDbRow | undefined;
    return r && toRun(r);
  }

  /** Runs, newest first; a tenant filter is always applied when given (tenant-scoped readers). */
  listRuns(filter: { tenant?: string; status?: RunStatus; limit?: number } = {}): RunRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.tenant) {
      where.push("tenant = ?");
      args.push(filter.tenant);
    }
    if (filter.status) {
      where.push("status = ?");
      args.push(filter.status);
    }
    const sql = `SELECT * FROM runs ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY started_at DESC, id DESC LIMIT ?`;
    return (this.sql(sql).all(...args, filter.limit ?? 100) as RunDbRow[]).map(toRun);
  }

  finishRun(
    id: string,
    r: Pick<RunRecord, "status" | "outputs" | "error" | "costUsd"> & { endedAt?: number },
  ): void {
    this.sql(
      "UPDATE runs SET status = ?, outputs = ?, error = ?, cost_usd = ?, ended_at = ? WHERE id = ?",
    ).run(
      r.status === "waiting" ? "waiting" : r.status,
      r.outputs ? json(r.outputs) : null,
      r.error ? json(r.error) : null,
      r.costUsd,
      r.status === "waiting" ? null : (r.endedAt ?? Date.now()),
      id,
    );
  }

  /** What a tenant's runs started since `sinceMs` have spent (its daily budget). */
  spentSince(tenant: string, sinceMs: number, excludeRun?: string): number {
    const r = this.sql(
      "SELECT COALESCE(SUM(cost_usd), 0) AS s FROM runs WHERE tenant = ? AND started_at >= ? AND id != ?",
    ).get(tenant, sinceMs, excludeRun ?? "") as { s: number };
    return r.s;
  }

  setStatus(id: string, status: RunStatus): void {
    this.sql("UPDATE runs SET status = ? WHERE id = ?").run(status, id);
  }

  /** The checkpoint of one settled node (replaces an earlier one for the same node). */
  saveNode(runId: string, record: NodeRecord): void {
    this.sql("INSERT OR REPLACE INTO nodes (run_id, node, status, record, at) VALUES (?, ?, ?, ?, ?)").run(
      runId,
      record.id,
      record.status,
      json(record),
      Date.now(),
    );
  }

  nodes(runId: string): Record<string, NodeRecord> {
    const rows = this.sql("SELECT record FROM nodes WHERE run_id = ?").all(runId) as {
      record: string;
    }[];
    return Object.fromEntries(rows.map((r) => JSON.parse(r.record) as NodeRecord).map((n) => [n.id, n]));
  }

  /** Registers a parked approval (once; a re-request keeps the original request and any decision). */
  requestApproval(a: Omit<ApprovalRow, "status" | "decidedBy">): ApprovalRow {
    this.sql(
      `INSERT OR IGNORE INTO approvals (run_id, node, tenant, status, approvers, min_approvals, message, requested_at)
         VALUES (?, ?, ?, 'pending', ?, ?, ?, ?)`,
    ).run(a.runId, a.node, a.tenant, json(a.approvers), a.minApprovals, a.message ?? null, a.requestedAt);
    return this.approval(a.runId, a.node)!;
  }

  approval(runId: string, node: string): ApprovalRow | undefined {
    const r = this.sql("SELECT * FROM approvals WHERE run_id = ? AND node = ?").get(runId, node) as
      | Record<string, unknown>
      | undefined;
    if (!r) return undefined;
    return {
      runId: r.run_id as string,
      node: r.node as string,
      tenant: r.tenant as string,
      status: r.status as ApprovalRow["status"],
      approvers: JSON.parse(r.approvers as string),
      minApprovals: r.min_approvals as number,
      ...(r.message ? { message: r.message as string } : {}),
      requestedAt: r.requested_at as number,
      ...(r.decided_at ? { decidedAt: r.decided_at as number } : {}),
      decidedBy: JSON.parse(r.decided_by as string),
      ...(r.comment ? { comment: r.comment as string } : {}),
    };
  }

  pendingApprovals(filter: { tenant?: string } = {}): ApprovalRow[] {
    const rows = (
      filter.tenant
        ? this.db
            .prepare("SELECT run_id, node FROM approvals WHERE status = 'pending' AND tenant = ?")
            .all(filter.tenant)
        : this.sql("SELECT run_id, node FROM approvals WHERE status = 'pending'").all()
    ) as { run_id: string; node: string }[];
    return rows.map((r) => this.approval(r.run_id, r.node)!);
  }

  /**
   * Records one approver's decision atomically: a denial decides at once; approvals decide when
   * `minApprovals` distinct approvers have approved. Returns the row after the update.
   */
  decideApproval(
    runId: string,
    node: string,
    who: string,
    decision: "approved" | "denied",
    comment?: string,
  ): ApprovalRow {
    return this.db.transaction(() => {
      const current = this.approval(runId, node);
      if (!current) throw new Error(`run ${runId} has no approval ${node}`);
      if (current.status !== "pending") return current;
      const by = [...new Set([...current.decidedBy, who])];
      const status =
        decision === "denied" ? "denied" : by.length >= current.minApprovals ? "approved" : "pending";
      this.db
        .prepare(
          "UPDATE approvals SET status = ?, decided_by = ?, decided_at = ?, comment = ? WHERE run_id = ? AND node = ?",
        )
        .run(
          status,
          json(by),
          status === "pending" ? null : Date.now(),
          comment ?? current.comment ?? null,
          runId,
          node,
        );
      return this.approval(runId, node)!;
    })();
  }

  /** The stored result of a side-effecting call, if it was applied before. */
  toolEffect(key: string): { result: unknown } | undefined {
    const r = this.sql("SELECT result FROM tool_effects WHERE idempotency_key = ?").get(key) as
      | { result: string }
      | undefined;
    return r ? { result: JSON.parse(r.result) } : undefined;
  }

  saveToolEffect(key: string, runId: string, tool: string, result: unknown): void {
    this.sql(
      "INSERT OR IGNORE INTO tool_effects (idempotency_key, run_id, tool, result, at) VALUES (?, ?, ?, ?, ?)",
    ).run(key, runId, tool, json(result), Date.now());
  }

  savePlan(runId: string, plan: unknown): void {
    this.sql("INSERT OR REPLACE INTO plans (run_id, plan) VALUES (?, ?)").run(runId, json(plan));
  }

  plan(runId: string): unknown {
    const r = this.sql("SELECT plan FROM plans WHERE run_id = ?").get(runId) as { plan: string } | undefined;
    return r ? JSON.parse(r.plan) : undefined;
  }

  saveBundle(digest: string, bytes: Uint8Array): void {
    this.sql("INSERT OR IGNORE INTO bundles (digest, bytes) VALUES (?, ?)").run(digest, Buffer.from(bytes));
  }

  bundle(digest: string): Uint8Array | undefined {
    const r = this.sql("SELECT bytes FROM bundles WHERE digest = ?").get(digest) as
      | { bytes: Buffer }
      | undefined;
    return r ? new Uint8Array(r.bytes) : undefined;
  }

  trust(workflow: string): TrustRow | undefined {
    const r = this.sql("SELECT * FROM trust WHERE workflow = ?").get(workflow) as
      | { workflow: string; sequence: number; bundle_digest: string; version: string }
      | undefined;
    return (
      r && { workflow: r.workflow, sequence: r.sequence, bundleDigest: r.bundle_digest, version: r.version }
    );
  }

  /** Raises the trusted sequence of a workflow (never lowers it). */
  raiseTrust(row: TrustRow): void {
    this.sql(
      `INSERT INTO trust (workflow, sequence, bundle_digest, version, at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (workflow) DO UPDATE SET sequence = excluded.sequence, bundle_digest = excluded.bundle_digest,
         version = excluded.version, at = excluded.at WHERE excluded.sequence > trust.sequence`,
    ).run(row.workflow, row.sequence, row.bundleDigest, row.version, Date.now());
  }
}
