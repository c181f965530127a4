/**
 * What the executor needs from the outside world, injected so the same semantics run in evaluation
 * (tools and approvals stubbed by the case), in the in-process runner and on scale-out workers.
 */
import type { WorkflowFile } from "../../workflows-schema/index.ts";
import type { Retriever } from "../knowledge/retriever.ts";
import type { GovernedRepo } from "../model/repo.ts";
import type { Clock } from "../routing/clock.ts";
import type { Router } from "../routing/router.ts";
import type { ApprovalDecision } from "./records.ts";

export interface ToolInvocation {
  tenant: string;
  /** NAMESPACE.TOOL */
  tool: string;
  /** Typed arguments, already validated against the tool's input schema. */
  args: unknown;
  /** Makes a repeated write harmless (derived from the run and node unless the workflow sets one). */
  idempotencyKey: string;
  signal: AbortSignal;
}

export interface ToolInvoker {
  invoke(call: ToolInvocation): Promise<unknown>;
}

export interface ApprovalRequest {
  tenant: string;
  runId: string;
  workflow: string;
  node: string;
  approvers: string[];
  minApprovals: number;
  message?: string;
  timeoutMs: number;
  signal: AbortSignal;
}

export interface ApprovalGate {
  request(req: ApprovalRequest): Promise<ApprovalDecision>;
}

export interface ExecutionServices {
  /** The governed content the run may use (a loaded repository, or a verified bundle). */
  repo: GovernedRepo;
  router: Router;
  tools: ToolInvoker;
  approvals: ApprovalGate;
  /** A retriever over one collection of one tenant's knowledge. */
  retriever(tenant: string, collection: string): Promise<Retriever>;
  /** A sub-workflow at an exact version, or undefined when it is not available. */
  workflow(tenant: string, name: string, version: string): WorkflowFile | undefined;
  clock: Clock;
  /** Randomness for retry jitter. */
  random?: () => number;
}

/**
 * Thrown by an approval gate that parks the run instead of waiting in memory: the node is recorded
 * as `waiting`, independent branches carry on, and the run ends `waiting` — to be resumed from its
 * checkpoints once the approval is decided.
 */
export class ApprovalPending extends Error {
  override readonly name = "ApprovalPending";
}
