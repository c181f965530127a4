import type { WorkflowNode } from "../../workflows-schema/index.ts";

/** Mermaid flowchart shape per node type: the reader can tell a model call from a tool or a human gate. */
export const SHAPES: Record<string, [string, string]> = {
  llm: ["([", "])"], // stadium
  tool: ["[[", "]]"], // subroutine
  retrieve: ["[(", ")]"], // cylinder
  approval: ["{{", "}}"], // hexagon
  transform: ["[/", "/]"], // parallelogram
  workflow: ["[/", "\\]"], // trapezoid
  summary: ["(", ")"], // rounded: collapsed nodes
};

/** The second line of a node's label: what it does. */
export function nodeDetail(node: WorkflowNode): string {
  switch (node.type) {
    case "llm":
      return `llm · ${node.prompt} @ ${node.route}${node.tools ? ` + tools` : ""}`;
    case "tool":
      return `tool · ${node.tool}`;
    case "retrieve":
      return `retrieve · ${node.knowledge}`;
    case "approval":
      return `approval · ${node.min_approvals} of ${node.approvers.length} approver${node.approvers.length === 1 ? "" : "s"}`;
    case "transform":
      return "transform";
    case "workflow":
      return `workflow · ${node.workflow}@${node.version}`;
  }
}

/** A node's `if`, as shown on the edges into it. */
export function conditionText(node: WorkflowNode | undefined): string | undefined {
  if (!node || node.if === undefined) return undefined;
  const raw = String(node.if).trim();
  const inner = /^\$\{\{([\s\S]*)\}\}$/.exec(raw)?.[1] ?? raw;
  return `if ${inner.trim()}`;
}
