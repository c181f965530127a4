import type { Position } from "../../diagnostics/diagnostic.ts";
import type { LintRule } from "../rule.ts";
import { splitReference, workflowNodes } from "../walk.ts";

/**
 * Tenant isolation starts in the files: a tenant's workflows and evals may only name things of their
 * own tenant, and a tenant.yml may only describe the directory it lives in.
 */
export const crossTenant: LintRule = {
  id: "cross-tenant",
  description:
    "Workflows and evals may only reference their own tenant; tenant.yml must describe its own directory.",
  severity: "error",
  check(ctx) {
    const foreign = (ref: string, own: string, what: string, at: () => Position) => {
      const r = splitReference(ref);
      if (r.tenant === undefined || r.tenant === own) return;
      ctx.report(
        at,
        `${what} "${ref}" belongs to tenant "${r.tenant}". Tenant "${own}" may only use its own ${what.toLowerCase()}s: copy it into tenants/${own}/ (reviewed by ${own}'s approvers) instead.`,
      );
    };
    for (const { tenant, wf, id, node } of workflowNodes(ctx.repo)) {
      const at = (field: string) => () => wf.at(["nodes", id, field]);
      if (node.type === "llm") {
        foreign(node.prompt, tenant.name, "Prompt", at("prompt"));
        foreign(node.route, tenant.name, "Route", at("route"));
      } else if (node.type === "retrieve") {
        foreign(node.knowledge, tenant.name, "Knowledge collection", at("knowledge"));
      } else if (node.type === "workflow") {
        foreign(node.workflow, tenant.name, "Workflow", at("workflow"));
      }
    }
    for (const tenant of ctx.repo.tenants.values()) {
      for (const suite of tenant.all.evals) {
        const t = suite.data.target;
        if ("prompt" in t) foreign(t.prompt, tenant.name, "Prompt", () => suite.at(["target", "prompt"]));
        else foreign(t.workflow, tenant.name, "Workflow", () => suite.at(["target", "workflow"]));
        suite.data.routes.forEach((r, i) => {
          foreign(r, tenant.name, "Route", () => suite.at(["routes", i]));
        });
        if (suite.data.grader) {
          foreign(suite.data.grader.route, tenant.name, "Route", () => suite.at(["grader", "route"]));
          const emb = suite.data.grader.embedding_route;
          if (emb !== undefined)
            foreign(emb, tenant.name, "Route", () => suite.at(["grader", "embedding_route"]));
        }
      }
      const config = tenant.config;
      if (config && config.data.name !== tenant.name) {
        ctx.report(
          config.at(["name"]),
          `tenant.yml in ${tenant.dir}/ declares name "${config.data.name}". The tenant is the directory: set name: ${tenant.name}.`,
        );
      }
    }
  },
};
