import { evaluateAst, isTruthy } from "../../expressions/evaluate.ts";
import type { LintRule } from "../rule.ts";
import { workflowNodes } from "../walk.ts";

/** Nodes that can never run: an `if` that is false whatever the inputs, or a `for_each` over a constant empty list. */
export const unreachableNode: LintRule = {
  id: "unreachable-node",
  description: "Nodes whose `if` is always false or whose `for_each` is always empty can never run.",
  severity: "error",
  check(ctx) {
    for (const { wf, id, node } of workflowNodes(ctx.repo)) {
      if (node.if === false) {
        ctx.report(
          wf.at(["nodes", id, "if"]),
          `Node "${id}" can never run: its if is false. Remove the node or the condition.`,
        );
      }
    }
    for (const site of ctx.analysis.sites) {
      if (!site.workflow || !site.node || !site.parsed.ast || site.references.length > 0) continue;
      if (site.field !== "if" && site.field !== "for_each") continue;
      if (!site.sole && !site.implicit) continue;
      let value: unknown;
      try {
        value = evaluateAst(site.parsed.ast, {});
      } catch {
        continue; // the expression rule reports evaluation problems
      }
      const at = site.workflow.at(["nodes", site.node, site.field]);
      if (site.field === "if" && !isTruthy(value)) {
        ctx.report(
          at,
          `Node "${site.node}" can never run: its if is always false (${site.source.trim()}). Fix the condition or remove the node.`,
        );
      } else if (site.field === "for_each") {
        if (Array.isArray(value) && value.length === 0) {
          ctx.report(at, `Node "${site.node}" can never run: its for_each is always an empty list.`);
        } else if (!Array.isArray(value)) {
          ctx.report(
            at,
            `for_each of node "${site.node}" must be a list; ${site.source.trim()} is ${JSON.stringify(value)}.`,
          );
        }
      }
    }
  },
};
