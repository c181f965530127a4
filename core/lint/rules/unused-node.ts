import type { LintRule } from "../rule.ts";

/**
 * A node without side effects whose result nothing reads is dead weight that still costs money:
 * no other node needs it or reads it, no output uses it, and it is nobody's fallback.
 */
export const unusedNode: LintRule = {
  id: "unused-node",
  description:
    "Nodes without side effects (llm without tools, transform, retrieve) whose result is never used.",
  severity: "warning",
  check(ctx) {
    const read = new Map<object, Set<string>>();
    for (const site of ctx.analysis.sites) {
      if (!site.workflow) continue;
      let set = read.get(site.workflow);
      if (!set) {
        set = new Set();
        read.set(site.workflow, set);
      }
      for (const ref of site.references) {
        if (ref.path[0] === "nodes" && typeof ref.path[1] === "string") set.add(ref.path[1]);
      }
    }
    for (const tenant of ctx.repo.tenants.values()) {
      for (const wf of tenant.all.workflows) {
        const used = new Set(read.get(wf) ?? []);
        for (const node of Object.values(wf.data.nodes)) {
          for (const n of node.needs) used.add(n);
          if (node.on_error?.fallback !== undefined) used.add(node.on_error.fallback);
        }
        for (const [id, node] of Object.entries(wf.data.nodes)) {
          const pure =
            node.type === "transform" || node.type === "retrieve" || (node.type === "llm" && !node.tools);
          if (!pure || used.has(id)) continue;
          ctx.report(
            wf.at(["nodes", id], true),
            `The result of node "${id}" is never used: no node needs or reads it and no output refers to it. Use it in outputs or remove the node.`,
          );
        }
      }
    }
  },
};
