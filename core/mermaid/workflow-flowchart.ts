import type { WorkflowFile } from "../../workflows-schema/index.ts";
import { type Diagram, renderDiagram } from "./diagram.ts";
import { conditionText, nodeDetail } from "./shapes.ts";

/** A workflow as a flowchart: a shape per node type, `needs` as arrows, `if` on the arrows into a node, fallbacks dotted. */
export function workflowDiagram(wf: WorkflowFile): Diagram {
  const d: Diagram = { direction: "TD", nodes: [], edges: [], classDefs: {} };
  for (const [id, node] of Object.entries(wf.nodes)) {
    d.nodes.push({ key: id, shape: node.type, lines: [id, nodeDetail(node)] });
  }
  for (const [id, node] of Object.entries(wf.nodes)) {
    const cond = conditionText(node);
    for (const need of node.needs) {
      if (Object.hasOwn(wf.nodes, need))
        d.edges.push({ from: need, to: id, ...(cond ? { label: cond } : {}) });
    }
    const fb = node.on_error?.fallback;
    if (fb !== undefined && Object.hasOwn(wf.nodes, fb))
      d.edges.push({ from: id, to: fb, label: "on error", dotted: true });
  }
  return d;
}

export function workflowFlowchart(wf: WorkflowFile): string {
  return renderDiagram(workflowDiagram(wf));
}
