import { invalidKey, type Tenant } from "../../model/repo.ts";
import { suggestion } from "../../text/did-you-mean.ts";
import { compareSemver } from "../../text/semver.ts";
import type { LintRule, RuleContext } from "../rule.ts";
import { ownName, parseToolRef, workflowNodes } from "../walk.ts";

/** Every name a file uses must exist: nodes, prompts, routes, tools, knowledge, sub-workflows, models, keys. */
export const unresolvedRef: LintRule = {
  id: "unresolved-ref",
  description:
    "References to nodes, prompts, routes, tools, knowledge, sub-workflows, models, providers and keys must resolve.",
  severity: "error",
  check(ctx) {
    const { repo } = ctx;
    const tool = (ref: string, at: Where) => checkTool(ctx, ref, at);

    for (const { tenant, wf, id, node } of workflowNodes(repo)) {
      const nodeIds = [...Object.keys(wf.data.nodes), ...(wf.dropped.get("nodes") ?? [])];
      node.needs.forEach((need, i) => {
        if (wf.wasDropped("nodes", need)) return;
        if (!Object.hasOwn(wf.data.nodes, need)) {
          ctx.report(
            wf.at(["nodes", id, "needs", i]),
            `Node "${id}" needs "${need}", which is not a node of workflow "${wf.data.name}".${suggestion(need, nodeIds)}`,
          );
        } else if (need === id) {
          ctx.report(
            wf.at(["nodes", id, "needs", i]),
            `Node "${id}" cannot need itself. Remove "${id}" from its needs.`,
          );
        }
      });
      const fb = node.on_error?.fallback;
      if (fb !== undefined && !wf.wasDropped("nodes", fb)) {
        if (!Object.hasOwn(wf.data.nodes, fb)) {
          ctx.report(
            wf.at(["nodes", id, "on_error", "fallback"]),
            `Fallback "${fb}" of node "${id}" is not a node of workflow "${wf.data.name}".${suggestion(fb, nodeIds)}`,
          );
        } else if (fb === id) {
          ctx.report(
            wf.at(["nodes", id, "on_error", "fallback"]),
            `Node "${id}" cannot be its own fallback.`,
          );
        }
      }
      switch (node.type) {
        case "llm": {
          const prompt = ownName(node.prompt, tenant.name);
          if (
            prompt !== undefined &&
            !tenant.prompts.has(prompt) &&
            !tenant.invalid.has(invalidKey("Prompt", prompt))
          ) {
            ctx.report(
              wf.at(["nodes", id, "prompt"]),
              `Prompt "${prompt}" does not exist in tenant "${tenant.name}". Add tenants/${tenant.name}/prompts/${prompt}.yml or fix the name.${suggestion(prompt, tenant.prompts.keys())}`,
            );
          }
          checkRoute(ctx, tenant, node.route, () => wf.at(["nodes", id, "route"]));
          node.tools?.allow.forEach((t, i) => {
            tool(t, () => wf.at(["nodes", id, "tools", "allow", i]));
          });
          break;
        }
        case "tool":
          tool(node.tool, () => wf.at(["nodes", id, "tool"]));
          break;
        case "retrieve": {
          const collection = ownName(node.knowledge, tenant.name);
          if (collection !== undefined && !tenant.knowledge.has(collection)) {
            ctx.report(
              wf.at(["nodes", id, "knowledge"]),
              `Knowledge collection "${collection}" does not exist: add documents under tenants/${tenant.name}/knowledge/${collection}/.${suggestion(collection, tenant.knowledge.keys())}`,
            );
          }
          break;
        }
        case "workflow": {
          const name = ownName(node.workflow, tenant.name);
          if (name === undefined) break;
          const sub = tenant.workflows.get(name);
          if (!sub) {
            if (!tenant.invalid.has(invalidKey("Workflow", name))) {
              ctx.report(
                wf.at(["nodes", id, "workflow"]),
                `Workflow "${name}" does not exist in tenant "${tenant.name}".${suggestion(name, tenant.workflows.keys())}`,
              );
            }
          } else if (compareSemver(node.version, sub.data.version) > 0) {
            ctx.report(
              wf.at(["nodes", id, "version"]),
              `Workflow "${name}" is at version ${sub.data.version} in this repository; version ${node.version} does not exist yet. Pin ${sub.data.version} or an earlier published version.`,
            );
          }
          break;
        }
        default:
          break;
      }
    }

    const models = repo.models?.data;
    for (const tenant of repo.tenants.values()) {
      const routes = tenant.routes;
      if (routes) {
        for (const [name, route] of Object.entries(routes.data.routes)) {
          const ids = route.targets.map((t) => t.id ?? t.model);
          route.targets.forEach((t, i) => {
            if (
              models &&
              !Object.hasOwn(models.models, t.model) &&
              !repo.models!.wasDropped("models", t.model)
            ) {
              ctx.report(
                routes.at(["routes", name, "targets", i, "model"]),
                `Model "${t.model}" is not declared in models.yml.${suggestion(t.model, Object.keys(models.models))}`,
              );
            }
          });
          route.conditions.forEach((c, i) => {
            if (!ids.includes(c.target)) {
              ctx.report(
                routes.at(["routes", name, "conditions", i, "target"]),
                `Condition target "${c.target}" is not a target of route "${name}" (targets: ${ids.join(", ")}).${suggestion(c.target, ids)}`,
              );
            }
          });
        }
      }
      const config = tenant.config;
      if (config && models) {
        config.data.allow.providers.forEach((p, i) => {
          if (!Object.hasOwn(models.providers, p) && !repo.models!.wasDropped("providers", p)) {
            ctx.report(
              config.at(["allow", "providers", i]),
              `Provider "${p}" is not declared in models.yml.${suggestion(p, Object.keys(models.providers))}`,
            );
          }
        });
      }
      for (const suite of tenant.all.evals) {
        const target = suite.data.target;
        if ("prompt" in target) {
          const name = ownName(target.prompt, tenant.name);
          if (
            name !== undefined &&
            !tenant.prompts.has(name) &&
            !tenant.invalid.has(invalidKey("Prompt", name))
          ) {
            ctx.report(
              suite.at(["target", "prompt"]),
              `Eval suite "${suite.data.name}" targets prompt "${name}", which does not exist in tenant "${tenant.name}".${suggestion(name, tenant.prompts.keys())}`,
            );
          }
        } else {
          const name = ownName(target.workflow, tenant.name);
          const wf = name === undefined ? undefined : tenant.workflows.get(name);
          if (name !== undefined && !wf && !tenant.invalid.has(invalidKey("Workflow", name))) {
            ctx.report(
              suite.at(["target", "workflow"]),
              `Eval suite "${suite.data.name}" targets workflow "${name}", which does not exist in tenant "${tenant.name}".${suggestion(name, tenant.workflows.keys())}`,
            );
          }
          if (wf) {
            suite.data.cases.forEach((c, i) => {
              for (const nodeId of Object.keys(c.mocks?.approvals ?? {})) {
                const n = wf.data.nodes[nodeId];
                if (wf.wasDropped("nodes", nodeId)) continue;
                if (!Object.hasOwn(wf.data.nodes, nodeId) || n?.type !== "approval") {
                  ctx.report(
                    suite.at(["cases", i, "mocks", "approvals", nodeId], true),
                    `"${nodeId}" is not an approval node of workflow "${wf.data.name}".`,
                  );
                }
              }
            });
          }
        }
        suite.data.routes.forEach((r, i) => {
          checkRoute(ctx, tenant, r, () => suite.at(["routes", i]));
        });
        if (suite.data.grader) {
          checkRoute(ctx, tenant, suite.data.grader.route, suite.at(["grader", "route"]));
          if (suite.data.grader.embedding_route !== undefined) {
            checkRoute(
              ctx,
              tenant,
              suite.data.grader.embedding_route,
              suite.at(["grader", "embedding_route"]),
            );
          }
        }
        suite.data.cases.forEach((c, i) => {
          for (const t of Object.keys(c.mocks?.tools ?? {}))
            tool(t, suite.at(["cases", i, "mocks", "tools", t], true));
        });
      }
    }

    if (models) {
      for (const [id, model] of Object.entries(models.models)) {
        if (
          !Object.hasOwn(models.providers, model.provider) &&
          !repo.models!.wasDropped("providers", model.provider)
        ) {
          ctx.report(
            repo.models!.at(["models", id, "provider"]),
            `Provider "${model.provider}" of model "${id}" is not declared under providers.${suggestion(model.provider, Object.keys(models.providers))}`,
          );
        }
      }
    }

    const charter = repo.charter;
    charter?.data.signing.trusted_keys.forEach((k, i) => {
      const path = k.public_key_file.replace(/^\.\//, "");
      if (!repo.allPaths.has(path)) {
        ctx.report(
          charter.at(["signing", "trusted_keys", i, "public_key_file"]),
          `Public key file "${k.public_key_file}" does not exist in the repository. Commit it or fix the path.`,
        );
      }
    });
  },
};

type Where = Parameters<RuleContext["report"]>[0];

function checkRoute(ctx: RuleContext, tenant: Tenant, ref: string, at: Where): void {
  const name = ownName(ref, tenant.name);
  if (name === undefined) return; // another tenant: reported by cross-tenant
  if (!tenant.routes) {
    if (!tenant.invalid.has(invalidKey("Routes", ""))) {
      ctx.report(
        at,
        `Route "${name}" cannot resolve: tenant "${tenant.name}" has no routes.yml. Add tenants/${tenant.name}/routes.yml.`,
      );
    }
    return;
  }
  if (!Object.hasOwn(tenant.routes.data.routes, name) && !tenant.routes.wasDropped("routes", name)) {
    const known = Object.keys(tenant.routes.data.routes);
    ctx.report(
      at,
      `Route "${name}" is not defined in tenants/${tenant.name}/routes.yml.${suggestion(name, known)}`,
    );
  }
}

function checkTool(ctx: RuleContext, ref: string, at: Where): void {
  const parsed = parseToolRef(ref);
  if (!parsed) {
    ctx.report(at, `"${ref}" is not a tool reference: write NAMESPACE.TOOL, e.g. crm.lookup_customer.`);
    return;
  }
  const catalog = ctx.repo.tools.get(parsed.namespace);
  if (!catalog) {
    if (!ctx.repo.invalid.has(invalidKey("ToolCatalog", parsed.namespace))) {
      ctx.report(
        at,
        `Tool namespace "${parsed.namespace}" does not exist: add tools/${parsed.namespace}.yml.${suggestion(parsed.namespace, ctx.repo.tools.keys())}`,
      );
    }
    return;
  }
  if (!Object.hasOwn(catalog.data.tools, parsed.tool) && !catalog.wasDropped("tools", parsed.tool)) {
    ctx.report(
      at,
      `Tool "${parsed.tool}" is not in catalog "${parsed.namespace}" (tools/${catalog.path.split("/").pop()}).${suggestion(parsed.tool, Object.keys(catalog.data.tools))}`,
    );
  }
}
