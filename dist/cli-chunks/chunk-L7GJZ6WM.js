import {
  conditionText,
  nodeDetail,
  renderDiagram
} from "./chunk-IB7ADM4Y.js";

// core/mermaid/workflow-flowchart.ts
function workflowDiagram(wf) {
  const d = { direction: "TD", nodes: [], edges: [], classDefs: {} };
  for (const [id, node] of Object.entries(wf.nodes)) {
    d.nodes.push({ key: id, shape: node.type, lines: [id, nodeDetail(node)] });
  }
  for (const [id, node] of Object.entries(wf.nodes)) {
    const cond = conditionText(node);
    for (const need of node.needs) {
      if (Object.hasOwn(wf.nodes, need))
        d.edges.push({ from: need, to: id, ...cond ? { label: cond } : {} });
    }
    const fb = node.on_error?.fallback;
    if (fb !== void 0 && Object.hasOwn(wf.nodes, fb))
      d.edges.push({ from: id, to: fb, label: "on error", dotted: true });
  }
  return d;
}
function workflowFlowchart(wf) {
  return renderDiagram(workflowDiagram(wf));
}

export {
  workflowDiagram,
  workflowFlowchart
};
