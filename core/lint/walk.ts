/** Iteration and reference helpers shared by rules. */
import type { WorkflowFile, WorkflowNode } from "../../workflows-schema/index.ts";
import type { Entity } from "../model/entity.ts";
import type { GovernedRepo, Tenant } from "../model/repo.ts";

export function* workflowNodes(
  repo: GovernedRepo,
): Generator<{ tenant: Tenant; wf: Entity<WorkflowFile>; id: string; node: WorkflowNode }> {
  for (const tenant of repo.tenants.values()) {
    for (const wf of tenant.all.workflows) {
      for (const [id, node] of Object.entries(wf.data.nodes)) yield { tenant, wf, id, node };
    }
  }
}

/** `name` or `TENANT/name`. */
export function splitReference(ref: string): { tenant?: string; name: string } {
  const slash = ref.indexOf("/");
  return slash < 0 ? { name: ref } : { tenant: ref.slice(0, slash), name: ref.slice(slash + 1) };
}

/** The name a reference resolves to inside `tenant`, or undefined when it points into another tenant. */
export function ownName(ref: string, tenant: string): string | undefined {
  const r = splitReference(ref);
  return r.tenant === undefined || r.tenant === tenant ? r.name : undefined;
}

const TOOL_REF = /^([a-z][a-z0-9-]*)\.([a-z][a-z0-9_]*)$/;

export function parseToolRef(ref: string): { namespace: string; tool: string } | undefined {
  const m = TOOL_REF.exec(ref);
  return m ? { namespace: m[1]!, tool: m[2]! } : undefined;
}

export function toolAllowed(ref: string, patterns: readonly string[]): boolean {
  const parsed = parseToolRef(ref);
  if (!parsed) return false;
  return patterns.some((p) => p === "*" || p === ref || p === `${parsed.namespace}.*`);
}

export function modelAllowed(model: string, patterns: readonly string[]): boolean {
  return patterns.some(
    (p) => p === "*" || p === model || (p.endsWith("*") && model.startsWith(p.slice(0, -1))),
  );
}

export function knowledgeAllowed(collection: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => p === "*" || p === collection);
}
