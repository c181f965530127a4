/**
 * What a workflow resolves: everything a run of it reads, and nothing else — its sub-workflows, the
 * prompts and routes its nodes name, the models and providers those routes target, the tools it may
 * call, the knowledge collections it retrieves from, the tenant's runtime policy (budget caps and
 * allowances) and the evaluation suites that gate it. The bundle is built from this, and the
 * `version-not-bumped` lint rule compares it, so a pull request is told exactly when publishing would
 * need a new version.
 */
import type {
  EvalSuiteFile,
  ModelsFile,
  PromptFile,
  ToolCatalogFile,
  WorkflowFile,
} from "../../workflows-schema/index.ts";
import { ownName, parseToolRef } from "../lint/walk.ts";
import type { Entity } from "../model/entity.ts";
import type { GovernedRepo, KnowledgeDocument, Tenant } from "../model/repo.ts";

export interface Resolution {
  tenant: string;
  workflow: Entity<WorkflowFile>;
  /** Sub-workflows reached through `workflow` nodes, transitively, by name. */
  subWorkflows: Map<string, Entity<WorkflowFile>>;
  prompts: Map<string, Entity<PromptFile>>;
  routes: Record<string, unknown>;
  models: ModelsFile["models"];
  providers: ModelsFile["providers"];
  /** `NAMESPACE.TOOL` → the catalog's connector and the tool's definition. */
  tools: Record<string, { connector: ToolCatalogFile["connector"]; tool: unknown }>;
  knowledge: Map<string, KnowledgeDocument[]>;
  /** Budget caps and allowances the runner enforces for this tenant. */
  tenantPolicy: { name: string; budget: unknown; allow: unknown } | undefined;
  evals: Entity<EvalSuiteFile>[];
  /** References that did not resolve (lint reports them; a bundle refuses them). */
  missing: string[];
}

function routeNames(wf: WorkflowFile, tenant: string): string[] {
  const names: string[] = [];
  for (const node of Object.values(wf.nodes)) {
    if (node.type !== "llm") continue;
    const r = ownName(node.route, tenant);
    if (r) names.push(r);
  }
  return names;
}

export function resolveWorkflow(repo: GovernedRepo, tenant: Tenant, name: string): Resolution | undefined {
  const root = tenant.workflows.get(name);
  if (!root) return undefined;
  const r: Resolution = {
    tenant: tenant.name,
    workflow: root,
    subWorkflows: new Map(),
    prompts: new Map(),
    routes: {},
    models: {},
    providers: {},
    tools: {},
    knowledge: new Map(),
    tenantPolicy: tenant.config
      ? { name: tenant.name, budget: tenant.config.data.budget, allow: tenant.config.data.allow }
      : undefined,
    evals: [],
    missing: [],
  };
  const routes = new Set<string>();
  const visit = (wf: WorkflowFile) => {
    for (const route of routeNames(wf, tenant.name)) routes.add(route);
    for (const node of Object.values(wf.nodes)) {
      if (node.type === "llm") {
        const p = ownName(node.prompt, tenant.name);
        const prompt = p === undefined ? undefined : tenant.prompts.get(p);
        if (prompt) r.prompts.set(prompt.data.name, prompt);
        else r.missing.push(`prompt "${node.prompt}"`);
      }
      if (node.type === "retrieve") {
        const k = ownName(node.knowledge, tenant.name);
        const docs = k === undefined ? undefined : tenant.knowledge.get(k);
        if (docs) r.knowledge.set(k!, docs);
        else r.missing.push(`knowledge "${node.knowledge}"`);
      }
      if (node.type === "workflow") {
        const w = ownName(node.workflow, tenant.name);
        const sub = w === undefined ? undefined : tenant.workflows.get(w);
        if (!sub) r.missing.push(`workflow "${node.workflow}"`);
        else if (sub !== root && !r.subWorkflows.has(sub.data.name)) {
          r.subWorkflows.set(sub.data.name, sub);
          visit(sub.data);
        }
      }
      const tools = node.type === "tool" ? [node.tool] : node.type === "llm" ? (node.tools?.allow ?? []) : [];
      for (const t of tools) {
        const ref = parseToolRef(t);
        const catalog = ref && repo.tools.get(ref.namespace);
        if (ref && catalog && Object.hasOwn(catalog.data.tools, ref.tool))
          r.tools[t] = { connector: catalog.data.connector, tool: catalog.data.tools[ref.tool] };
        else r.missing.push(`tool "${t}"`);
      }
    }
  };
  visit(root.data);

  // Evaluation suites that gate this workflow: those targeting it or one of its prompts.
  for (const suite of tenant.evals.values()) {
    const t = suite.data.target;
    const hit =
      ("workflow" in t && ownName(t.workflow, tenant.name) === name) ||
      ("prompt" in t && r.prompts.has(ownName(t.prompt, tenant.name) ?? ""));
    if (!hit) continue;
    r.evals.push(suite);
    for (const route of [
      ...suite.data.routes,
      suite.data.grader?.route,
      suite.data.grader?.embedding_route,
    ]) {
      const own = route === undefined ? undefined : ownName(route, tenant.name);
      if (own) routes.add(own);
    }
  }

  const table = tenant.routes?.data.routes ?? {};
  const models = repo.models?.data;
  for (const route of [...routes].sort()) {
    if (!Object.hasOwn(table, route)) {
      r.missing.push(`route "${route}"`);
      continue;
    }
    const def = table[route]!;
    r.routes[route] = def;
    for (const target of def.targets) {
      const model =
        models && Object.hasOwn(models.models, target.model) ? models.models[target.model] : undefined;
      if (!model) {
        r.missing.push(`model "${target.model}"`);
        continue;
      }
      r.models[target.model] = model;
      const provider = Object.hasOwn(models!.providers, model.provider)
        ? models!.providers[model.provider]
        : undefined;
      if (provider) r.providers[model.provider] = provider;
      else r.missing.push(`provider "${model.provider}"`);
    }
  }
  return r;
}

/**
 * The resolution as comparable parts, keyed for messages (`prompt "classify"`, `route "fast"`…),
 * each a canonical string; knowledge is compared by document paths and sizes (contents are not
 * loaded by lint).
 */
export function resolvedParts(r: Resolution, canonical: (v: unknown) => string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, wf] of r.subWorkflows) out.set(`workflow "${name}"`, canonical(wf.data));
  for (const [name, p] of r.prompts) out.set(`prompt "${name}"`, canonical(p.data));
  for (const [name, route] of Object.entries(r.routes)) out.set(`route "${name}"`, canonical(route));
  for (const [id, model] of Object.entries(r.models)) out.set(`model "${id}"`, canonical(model));
  for (const [id, provider] of Object.entries(r.providers)) out.set(`provider "${id}"`, canonical(provider));
  for (const [ref, tool] of Object.entries(r.tools)) out.set(`tool "${ref}"`, canonical(tool));
  for (const [name, docs] of r.knowledge)
    out.set(`knowledge "${name}"`, canonical(docs.map((d) => [d.path, d.size])));
  if (r.tenantPolicy) out.set("the tenant's budget and allowances", canonical(r.tenantPolicy));
  for (const suite of r.evals) out.set(`eval suite "${suite.data.name}"`, canonical(suite.data));
  return out;
}
