/**
 * The plan of a run: the workflow's DAG as serialisable data, decided before anything executes —
 * each node with what it needs, the wave it can start in (its longest distance from a root), its
 * conditions, fan-out, retries, timeout and error handling, tools with their effect, approval steps
 * with their approvers. It is stored with the run, printed by `charter run --plan`, and shown by
 * `charter explain --format json`; the executor follows the same semantics as it runs.
 */

import { workflowGraph } from "../core/graph/workflow-graph.ts";
import type { GovernedRepo } from "../core/model/repo.ts";
import type { WorkflowFile } from "../workflows-schema/index.ts";

export const PLAN_SCHEMA = "https://charter.dev/run-plan/v1";

export interface PlannedNode {
  id: string;
  type: string;
  needs: string[];
  wave: number;
  /** Runs only as another node's `on_error.fallback`. */
  fallbackOnly: boolean;
  if?: string | boolean;
  forEach?: { items: string; maxConcurrency: number };
  retry?: { maxAttempts: number; initialInterval: string; backoffFactor: number; maxInterval: string };
  timeout: string;
  onError?: { fallback?: string; default?: unknown };
  tool?: { ref: string; effect: "read" | "write" | "unknown" };
  llm?: { prompt: string; route: string };
  approval?: { approvers: string[]; minApprovals: number };
  workflow?: { name: string; version: string };
}

export interface RunPlan {
  schema: typeof PLAN_SCHEMA;
  tenant: string;
  workflow: string;
  version: string;
  maxConcurrency: number;
  timeout: string;
  maxUsd: number;
  nodes: PlannedNode[];
  /** Node ids by wave: every node of a wave can run once the earlier waves settled. */
  waves: string[][];
}

export function planRun(repo: GovernedRepo, tenant: string, wf: WorkflowFile): RunPlan {
  const { graph, fallbackFor } = workflowGraph(wf);
  const order = graph.topologicalOrder() ?? Object.keys(wf.nodes);
  const wave = new Map<string, number>();
  for (const id of order) {
    const preds = graph.predecessors(id);
    wave.set(id, preds.length === 0 ? 0 : Math.max(...preds.map((p) => (wave.get(p) ?? 0) + 1)));
  }
  const nodes: PlannedNode[] = order.map((id) => {
    const node = wf.nodes[id]!;
    const retry = node.retry ?? wf.defaults?.retry;
    const planned: PlannedNode = {
      id,
      type: node.type,
      needs: [...node.needs],
      wave: wave.get(id) ?? 0,
      fallbackOnly: fallbackFor.has(id),
      timeout: node.timeout ?? wf.defaults?.timeout ?? wf.budget.timeout,
    };
    if (node.if !== undefined) planned.if = node.if;
    if (node.for_each !== undefined)
      planned.forEach = { items: node.for_each, maxConcurrency: node.max_concurrency };
    if (retry)
      planned.retry = {
        maxAttempts: retry.max_attempts,
        initialInterval: retry.initial_interval,
        backoffFactor: retry.backoff_factor,
        maxInterval: retry.max_interval,
      };
    if (node.on_error)
      planned.onError = {
        ...(node.on_error.fallback !== undefined ? { fallback: node.on_error.fallback } : {}),
        ...(node.on_error.default !== undefined ? { default: node.on_error.default } : {}),
      };
    if (node.type === "tool") {
      const [ns, name] = node.tool.split(".") as [string, string];
      const effect = repo.tools.get(ns)?.data.tools[name]?.effect ?? "unknown";
      planned.tool = { ref: node.tool, effect };
    }
    if (node.type === "llm") planned.llm = { prompt: node.prompt, route: node.route };
    if (node.type === "approval")
      planned.approval = {
        approvers: node.approvers.map((p) =>
          typeof p === "string" ? p : "user" in p ? `user:${p.user}` : `team:${p.team}`,
        ),
        minApprovals: node.min_approvals,
      };
    if (node.type === "workflow") planned.workflow = { name: node.workflow, version: node.version };
    return planned;
  });
  const waves: string[][] = [];
  for (const n of nodes) {
    waves[n.wave] ??= [];
    waves[n.wave]!.push(n.id);
  }
  return {
    schema: PLAN_SCHEMA,
    tenant,
    workflow: wf.name,
    version: wf.version,
    maxConcurrency: wf.max_concurrency,
    timeout: wf.budget.timeout,
    maxUsd: wf.budget.max_usd,
    nodes,
    waves: waves.map((w) => w ?? []),
  };
}
