import type { WorkflowFile } from "../../../workflows-schema/index.ts";
import type { Position } from "../../diagnostics/diagnostic.ts";
import { suggestion } from "../../text/did-you-mean.ts";
import type { LintRule, RuleContext } from "../rule.ts";
import { ownName } from "../walk.ts";

function requiredInputs(wf: WorkflowFile): string[] {
  return Object.entries(wf.inputs)
    .filter(([, schema]) => !Object.hasOwn(schema, "default"))
    .map(([name]) => name);
}

function checkInputs(
  ctx: RuleContext,
  target: WorkflowFile,
  provided: Record<string, unknown>,
  locate: (key?: string) => Position,
  caller: string,
): void {
  const declared = Object.keys(target.inputs);
  for (const key of Object.keys(provided)) {
    if (!Object.hasOwn(target.inputs, key)) {
      ctx.report(
        locate(key),
        `${caller} passes "${key}", which workflow "${target.name}" does not declare as an input.${suggestion(key, declared)}`,
      );
    }
  }
  const missing = requiredInputs(target).filter((k) => !Object.hasOwn(provided, k));
  if (missing.length > 0) {
    ctx.report(
      locate(),
      `${caller} does not pass required input${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} of workflow "${target.name}".`,
    );
  }
}

/** Sub-workflow nodes and workflow eval cases pass exactly the inputs the workflow declares. */
export const inputs: LintRule = {
  id: "inputs",
  description:
    "Sub-workflow calls and workflow eval cases pass every required input and only declared inputs.",
  severity: "error",
  check(ctx) {
    for (const tenant of ctx.repo.tenants.values()) {
      for (const wf of tenant.all.workflows) {
        for (const [id, node] of Object.entries(wf.data.nodes)) {
          if (node.type !== "workflow") continue;
          const name = ownName(node.workflow, tenant.name);
          const target = name === undefined ? undefined : tenant.workflows.get(name);
          if (!target) continue;
          checkInputs(
            ctx,
            target.data,
            node.with,
            (key) =>
              key === undefined ? wf.at(["nodes", id], true) : wf.at(["nodes", id, "with", key], true),
            `Node "${id}"`,
          );
        }
      }
      for (const suite of tenant.all.evals) {
        if (!("workflow" in suite.data.target)) continue;
        const name = ownName(suite.data.target.workflow, tenant.name);
        const target = name === undefined ? undefined : tenant.workflows.get(name);
        if (!target) continue;
        suite.data.cases.forEach((c, i) => {
          checkInputs(
            ctx,
            target.data,
            c.inputs,
            (key) =>
              key === undefined ? suite.at(["cases", i, "id"]) : suite.at(["cases", i, "inputs", key], true),
            `Case "${c.id}"`,
          );
        });
      }
    }
  },
};
