/** What a tenant may use is written in its tenant.yml; everything else is refused. */
import type { LintRule } from "../rule.ts";
import { knowledgeAllowed, modelAllowed, ownName, toolAllowed, workflowNodes } from "../walk.ts";

const howToAllow = (tenant: string, list: string) =>
  `Add it to allow.${list} in tenants/${tenant}/tenant.yml (a change the governance owners must approve), or use an allowed one.`;

export const toolNotAllowed: LintRule = {
  id: "tool-not-allowed",
  description: "Tool nodes and model tool use may only name tools the tenant's allow.tools permits.",
  severity: "error",
  check(ctx) {
    for (const { tenant, wf, id, node } of workflowNodes(ctx.repo)) {
      const allowed = tenant.config?.data.allow.tools;
      if (!allowed) continue;
      const refs: [string, (string | number)[]][] =
        node.type === "tool"
          ? [[node.tool, ["nodes", id, "tool"]]]
          : node.type === "llm" && node.tools
            ? node.tools.allow.map((t, i) => [t, ["nodes", id, "tools", "allow", i]])
            : [];
      for (const [ref, path] of refs) {
        if (toolAllowed(ref, allowed)) continue;
        ctx.report(
          wf.at(path),
          `Tool "${ref}" is not allowed for tenant "${tenant.name}". ${howToAllow(tenant.name, "tools")}`,
        );
      }
    }
    for (const tenant of ctx.repo.tenants.values()) {
      const allowed = tenant.config?.data.allow.tools;
      if (!allowed) continue;
      for (const suite of tenant.all.evals) {
        suite.data.cases.forEach((c, i) => {
          for (const ref of Object.keys(c.mocks?.tools ?? {})) {
            if (toolAllowed(ref, allowed)) continue;
            ctx.report(
              suite.at(["cases", i, "mocks", "tools", ref], true),
              `Tool "${ref}" is not allowed for tenant "${tenant.name}", so mocking it tests nothing real. ${howToAllow(tenant.name, "tools")}`,
            );
          }
        });
      }
    }
  },
};

export const modelNotAllowed: LintRule = {
  id: "model-not-allowed",
  description:
    "Route targets may only use models and providers the tenant's allow.models and allow.providers permit.",
  severity: "error",
  check(ctx) {
    const models = ctx.repo.models?.data.models;
    for (const tenant of ctx.repo.tenants.values()) {
      const allow = tenant.config?.data.allow;
      const routes = tenant.routes;
      if (!allow || !routes) continue;
      for (const [name, route] of Object.entries(routes.data.routes)) {
        route.targets.forEach((t, i) => {
          const at = () => routes.at(["routes", name, "targets", i, "model"]);
          if (!modelAllowed(t.model, allow.models)) {
            ctx.report(
              at,
              `Model "${t.model}" is not allowed for tenant "${tenant.name}". ${howToAllow(tenant.name, "models")}`,
            );
            return;
          }
          const provider = models && Object.hasOwn(models, t.model) ? models[t.model]!.provider : undefined;
          if (provider !== undefined && !allow.providers.includes(provider)) {
            ctx.report(
              at,
              `Model "${t.model}" is served by provider "${provider}", which tenant "${tenant.name}" may not use. ${howToAllow(tenant.name, "providers")}`,
            );
          }
        });
      }
    }
  },
};

export const knowledgeNotAllowed: LintRule = {
  id: "knowledge-not-allowed",
  description: "Retrieve nodes may only search knowledge collections the tenant's allow.knowledge permits.",
  severity: "error",
  check(ctx) {
    for (const { tenant, wf, id, node } of workflowNodes(ctx.repo)) {
      if (node.type !== "retrieve") continue;
      const allowed = tenant.config?.data.allow.knowledge;
      const collection = ownName(node.knowledge, tenant.name);
      if (!allowed || collection === undefined || knowledgeAllowed(collection, allowed)) continue;
      ctx.report(
        wf.at(["nodes", id, "knowledge"]),
        `Knowledge collection "${collection}" is not allowed for tenant "${tenant.name}". ${howToAllow(tenant.name, "knowledge")}`,
      );
    }
  },
};
