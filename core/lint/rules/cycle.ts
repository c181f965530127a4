import { Digraph } from "../../graph/digraph.ts";
import { workflowGraph } from "../../graph/workflow-graph.ts";
import type { LintRule } from "../rule.ts";
import { ownName } from "../walk.ts";

/** A workflow must be a DAG, and sub-workflows must not call each other in a loop. */
export const cycle: LintRule = {
  id: "cycle",
  description: "Workflow nodes (needs and fallbacks) and sub-workflow calls must not form cycles.",
  severity: "error",
  check(ctx) {
    for (const tenant of ctx.repo.tenants.values()) {
      const calls = new Digraph(tenant.workflows.keys());
      for (const wf of tenant.all.workflows) {
        const { graph } = workflowGraph(wf.data);
        for (const path of graph.cycles()) {
          const [first] = path;
          if (path.length === 2) continue; // a node needing itself: reported by unresolved-ref
          ctx.report(
            wf.at(["nodes", first!], true),
            `Cycle in workflow "${wf.data.name}": ${path.join(" → ")}. A workflow is a DAG: remove one of these needs (or fallbacks).`,
          );
        }
        for (const node of Object.values(wf.data.nodes)) {
          if (node.type !== "workflow") continue;
          const callee = ownName(node.workflow, tenant.name);
          if (callee !== undefined && tenant.workflows.get(wf.data.name) === wf)
            calls.addEdge(wf.data.name, callee);
        }
      }
      for (const path of calls.cycles()) {
        const wf = tenant.workflows.get(path[0]!)!;
        const callerNode = Object.entries(wf.data.nodes).find(
          ([, n]) => n.type === "workflow" && ownName(n.workflow, tenant.name) === path[1],
        );
        ctx.report(
          callerNode ? wf.at(["nodes", callerNode[0], "workflow"]) : wf.loc,
          `Sub-workflow calls form a cycle: ${path.join(" → ")}. A workflow cannot (indirectly) run itself.`,
        );
      }
    }
  },
};
