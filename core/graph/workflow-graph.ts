import type { WorkflowFile } from "../../workflows-schema/index.ts";
import { Digraph } from "./digraph.ts";

/**
 * The dependency graph of a workflow: an edge `a → b` when `b` needs `a`, and `x → f` when `f` is
 * the `on_error.fallback` of `x` (the fallback can only run after `x` failed).
 */
export interface WorkflowGraph {
  graph: Digraph;
  /** Fallback node → the nodes that use it as their fallback. */
  fallbackFor: Map<string, string[]>;
}

const memo = new WeakMap<WorkflowFile, WorkflowGraph>();

export function workflowGraph(wf: WorkflowFile): WorkflowGraph {
  const hit = memo.get(wf);
  if (hit) return hit;
  const ids = Object.keys(wf.nodes);
  const graph = new Digraph(ids);
  const fallbackFor = new Map<string, string[]>();
  for (const id of ids) {
    const node = wf.nodes[id]!;
    for (const need of node.needs) graph.addEdge(need, id);
    const fb = node.on_error?.fallback;
    if (fb !== undefined && Object.hasOwn(wf.nodes, fb)) {
      graph.addEdge(id, fb);
      fallbackFor.set(fb, [...(fallbackFor.get(fb) ?? []), id]);
    }
  }
  const result = { graph, fallbackFor };
  memo.set(wf, result);
  return result;
}
