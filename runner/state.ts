/**
 * What the runner needs from its state store — one interface, two stores: SQLite (`RunStore`, the
 * embedded default, synchronous) and PostgreSQL (shared by many workers). Every method may answer
 * directly or with a promise; the runner awaits them all, so the same executor semantics run over
 * either store and one test suite covers both.
 */
import type { NodeRecord, RunRecord } from "../core/execute/records.ts";
import type { ApprovalRow, RunRow, RunStatus, TrustRow } from "./store.ts";

type Awaitable<T> = T | Promise<T>;

export interface RunState {
  /** Where the state lives, for messages. */
  readonly location?: string;
  close(): Awaitable<void>;
  createRun(run: RunRow): Awaitable<void>;
  getRun(id: string): Awaitable<RunRow | undefined>;
  listRuns(filter?: { tenant?: string; status?: RunStatus; limit?: number }): Awaitable<RunRow[]>;
  finishRun(
    id: string,
    r: Pick<RunRecord, "status" | "outputs" | "error" | "costUsd"> & { endedAt?: number },
  ): Awaitable<void>;
  setStatus(id: string, status: RunStatus): Awaitable<void>;
  spentSince(tenant: string, sinceMs: number, excludeRun?: string): Awaitable<number>;
  saveNode(runId: string, record: NodeRecord): Awaitable<void>;
  nodes(runId: string): Awaitable<Record<string, NodeRecord>>;
  savePlan(runId: string, plan: unknown): Awaitable<void>;
  plan(runId: string): Awaitable<unknown>;
  requestApproval(a: Omit<ApprovalRow, "status" | "decidedBy">): Awaitable<ApprovalRow>;
  approval(runId: string, node: string): Awaitable<ApprovalRow | undefined>;
  pendingApprovals(filter?: { tenant?: string }): Awaitable<ApprovalRow[]>;
  decideApproval(
    runId: string,
    node: string,
    who: string,
    decision: "approved" | "denied",
    comment?: string,
  ): Awaitable<ApprovalRow>;
  toolEffect(key: string): Awaitable<{ result: unknown } | undefined>;
  saveToolEffect(key: string, runId: string, tool: string, result: unknown): Awaitable<void>;
  saveBundle(digest: string, bytes: Uint8Array): Awaitable<void>;
  bundle(digest: string): Awaitable<Uint8Array | undefined>;
  trust(workflow: string): Awaitable<TrustRow | undefined>;
  raiseTrust(row: TrustRow): Awaitable<void>;
}
