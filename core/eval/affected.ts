/**
 * Which suites a change affects: a suite's fingerprint covers everything it reaches — the suite, its
 * target prompt or workflow (with sub-workflows, prompts, tools and knowledge documents), every route it
 * can call (its own, its workflow's, its grader's) and the models and providers behind them. Suites
 * whose fingerprint is the same on base and head need not run.
 */
import { createHash } from "node:crypto";
import type { EvalSuiteFile, WorkflowFile } from "../../workflows-schema/index.ts";
import { ownName, parseToolRef } from "../lint/walk.ts";
import type { GovernedRepo, Tenant } from "../model/repo.ts";
import { canonicalJson } from "../text/canonical-json.ts";

export async function suiteFingerprint(
  repo: GovernedRepo,
  tenant: Tenant,
  suite: EvalSuiteFile,
): Promise<string> {
  const parts: Record<string, unknown> = { suite };
  const routes = new Set<string>();
  const models = new Set<string>();
  const knowledge = new Set<string>();
  const seen = new Set<string>();
  const own = (ref: string) => ownName(ref, tenant.name) ?? `\0foreign:${ref}`;

  const addWorkflow = (name: string) => {
    if (seen.has(`wf:${name}`)) return;
    seen.add(`wf:${name}`);
    const wf: WorkflowFile | undefined = tenant.workflows.get(name)?.data;
    parts[`workflow:${name}`] = wf ?? null;
    if (!wf) return;
    for (const node of Object.values(wf.nodes)) {
      if (node.type === "llm") {
        parts[`prompt:${own(node.prompt)}`] = tenant.prompts.get(own(node.prompt))?.data ?? null;
        routes.add(own(node.route));
      }
      const tools = node.type === "tool" ? [node.tool] : node.type === "llm" ? (node.tools?.allow ?? []) : [];
      for (const t of tools) {
        const ref = parseToolRef(t);
        parts[`tool:${t}`] = ref ? (repo.tools.get(ref.namespace)?.data.tools[ref.tool] ?? null) : null;
      }
      if (node.type === "retrieve") knowledge.add(own(node.knowledge));
      if (node.type === "workflow") addWorkflow(own(node.workflow));
    }
  };

  if ("prompt" in suite.target) {
    parts[`prompt:${own(suite.target.prompt)}`] = tenant.prompts.get(own(suite.target.prompt))?.data ?? null;
    for (const r of suite.routes) routes.add(own(r));
  } else {
    addWorkflow(own(suite.target.workflow));
  }
  if (suite.grader) {
    routes.add(own(suite.grader.route));
    if (suite.grader.embedding_route) routes.add(own(suite.grader.embedding_route));
  }
  for (const r of [...routes].sort()) {
    const route = tenant.routes?.data.routes;
    const config = route && Object.hasOwn(route, r) ? route[r] : null;
    parts[`route:${r}`] = config;
    for (const t of config?.targets ?? []) models.add(t.model);
  }
  const modelTable = repo.models?.data;
  for (const m of [...models].sort()) {
    const model = modelTable && Object.hasOwn(modelTable.models, m) ? modelTable.models[m]! : null;
    parts[`model:${m}`] = model;
    if (model) parts[`provider:${model.provider}`] = modelTable!.providers[model.provider] ?? null;
  }
  for (const c of [...knowledge].sort()) {
    const docs = tenant.knowledge.get(c) ?? [];
    const texts = await repo.source.readMany(docs.map((d) => d.path));
    parts[`knowledge:${c}`] = docs.map((d) => [
      d.path,
      createHash("sha256")
        .update(texts.get(d.path) ?? "")
        .digest("hex"),
    ]);
  }
  return createHash("sha256").update(canonicalJson(parts)).digest("hex");
}
