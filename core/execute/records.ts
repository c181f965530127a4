/** What a run leaves behind: a record per node and for the run, serialisable as plain JSON. */
import type { Attempt } from "../routing/attempt.ts";

/** `waiting`: parked on a human approval that has not been given yet (durable runs only). */
export type NodeStatus = "succeeded" | "failed" | "skipped" | "cancelled" | "waiting";

export interface CheckResult {
  name: string;
  type: string;
  pass: boolean;
  message: string;
  onFail: "record" | "fail";
}

export interface ApprovalDecision {
  decision: "approved" | "denied" | "timeout";
  approvers: string[];
  comment?: string;
}

export interface NodeRecord {
  id: string;
  type: string;
  status: NodeStatus;
  output?: unknown;
  error?: { kind: string; message: string };
  /** Attempts made (retries included). */
  attempts: number;
  startedAt: number;
  endedAt: number;
  /** How a failure was handled: its output then comes from the fallback node or the default. */
  recoveredBy?: "fallback" | "default";
  fallbackNode?: string;
  llm?: {
    prompt: string;
    promptVersion: string;
    route: string;
    target?: string;
    model?: string;
    inputTokens: number;
    outputTokens: number;
    costUsd: number;
    cached: boolean;
    calls: Attempt[];
    toolCalls?: { tool: string; args: unknown }[];
  };
  tool?: { tool: string; args: unknown; idempotencyKey: string };
  retrieval?: {
    collection: string;
    query: string;
    passages: { path: string; title: string; score: number }[];
  };
  approval?: ApprovalDecision;
  checks: CheckResult[];
  /** For `for_each` nodes: how many elements ran. */
  items?: number;
}

export interface RunRecord {
  runId: string;
  tenant: string;
  workflow: string;
  version: string;
  /** `waiting`: parked on approvals; the completed nodes are kept and the run resumes once decided. */
  status: "succeeded" | "failed" | "cancelled" | "waiting";
  outputs?: Record<string, unknown>;
  error?: { kind: string; message: string; node?: string };
  nodes: Record<string, NodeRecord>;
  costUsd: number;
  startedAt: number;
  endedAt: number;
}
