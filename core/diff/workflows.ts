/**
 * Workflow diff: workflows added, removed, renamed or changed; for changed ones, nodes and edges with
 * field-level detail, and the governance-relevant facts approvals care about: approval gates removed
 * or bypassed, write tools newly reachable, budgets raised.
 */
import type { WorkflowFile, WorkflowNode } from "../../workflows-schema/index.ts";
import { workflowGraph } from "../graph/workflow-graph.ts";
import { parseToolRef } from "../lint/walk.ts";
import type { Entity } from "../model/entity.ts";
import type { GovernedRepo, Tenant } from "../model/repo.ts";
import { parseDuration } from "../text/duration.ts";
import type { EdgeDiff, FieldChange, NodeDiff } from "./change.ts";
import type { DiffContext } from "./context.ts";
import { pairByName } from "./pairing.ts";
import { diffFields } from "./values.ts";

type WF = Entity<WorkflowFile>;

function edgesOf(wf: WorkflowFile | undefined): Map<string, Omit<EdgeDiff, "status">> {
  const edges = new Map<string, Omit<EdgeDiff, "status">>();
  if (!wf) return edges;
  for (const [id, node] of Object.entries(wf.nodes)) {
    const condition = typeof node.if === "string" ? node.if : undefined;
    for (const need of node.needs) {
      if (Object.hasOwn(wf.nodes, need))
        edges.set(`${need}→${id}:needs`, { from: need, to: id, kind: "needs", condition });
    }
    const fb = node.on_error?.fallback;
    if (fb !== undefined && Object.hasOwn(wf.nodes, fb))
      edges.set(`${id}→${fb}:fallback`, { from: id, to: fb, kind: "fallback" });
  }
  return edges;
}

/** Write-effect tools a workflow can reach (tool nodes and model tool use), under a repository's catalog. */
export function writeToolsOf(wf: WorkflowFile, repo: GovernedRepo): Set<string> {
  const out = new Set<string>();
  for (const node of Object.values(wf.nodes)) {
    const refs = node.type === "tool" ? [node.tool] : node.type === "llm" ? (node.tools?.allow ?? []) : [];
    for (const ref of refs) {
      const parsed = parseToolRef(ref);
      const tools = parsed ? repo.tools.get(parsed.namespace)?.data.tools : undefined;
      if (parsed && tools && Object.hasOwn(tools, parsed.tool) && tools[parsed.tool]!.effect === "write")
        out.add(ref);
    }
  }
  return out;
}

const nodeFields = (a: WorkflowNode | undefined, b: WorkflowNode | undefined): FieldChange[] =>
  diffFields(a ? { ...a, needs: undefined } : undefined, b ? { ...b, needs: undefined } : undefined, {
    depth: 3,
  });

function descendants(wf: WorkflowFile, id: string): Set<string> {
  return workflowGraph(wf).graph.descendants(id);
}

function principalKey(p: unknown): string {
  if (typeof p === "string") return p;
  const o = p as { user?: string; team?: string };
  return o.user !== undefined ? `user:${o.user}` : `team:${o.team}`;
}

/** Ways an approval gate present on both sides got weaker. */
function weakenedGate(before: WorkflowNode & { type: "approval" }, after: WorkflowNode): string[] {
  if (after.type !== "approval") return [`it is no longer an approval (now ${after.type})`];
  const reasons: string[] = [];
  if (after.if !== undefined && JSON.stringify(after.if) !== JSON.stringify(before.if)) {
    reasons.push(`it now runs only if ${String(after.if)}`);
  }
  if (after.min_approvals < before.min_approvals)
    reasons.push(`min_approvals ${before.min_approvals} → ${after.min_approvals}`);
  const now = new Set(after.approvers.map(principalKey));
  const gone = before.approvers.map(principalKey).filter((p) => !now.has(p));
  const added = after.approvers
    .map(principalKey)
    .filter((p) => !before.approvers.map(principalKey).includes(p));
  if (added.length > 0) reasons.push(`approvers added: ${added.join(", ")}`);
  if (gone.length > 0 && added.length === 0) reasons.push(`approvers removed: ${gone.join(", ")}`);
  if (before.on_timeout === "fail" && after.on_timeout !== "fail")
    reasons.push(`on_timeout fail → ${after.on_timeout}`);
  return reasons;
}

function allNodes(wf: WorkflowFile | undefined, status: NodeDiff["status"]): NodeDiff[] {
  return Object.entries(wf?.nodes ?? {}).map(([id, n]) => ({ id, status, type: n.type, fields: [] }));
}

function allEdges(wf: WorkflowFile | undefined, status: EdgeDiff["status"]): EdgeDiff[] {
  return [...edgesOf(wf).values()].map((e) => ({ ...e, status }));
}

function durationIncreased(before: string, after: string): boolean {
  return parseDuration(after) > parseDuration(before);
}

export function diffWorkflows(
  ctx: DiffContext,
  tenant: string,
  base: Tenant | undefined,
  head: Tenant | undefined,
): void {
  const pairs = pairByName<WorkflowFile>(base?.workflows ?? new Map(), head?.workflows ?? new Map());
  for (const h of pairs.added) {
    ctx.add({
      kind: "workflow-added",
      tenant,
      subject: { type: "workflow", name: h.data.name },
      summary: `Workflow ${h.data.name} ${h.data.version} added (${Object.keys(h.data.nodes).length} nodes).`,
      file: h.path,
    });
    reachableWrites(ctx, tenant, undefined, h);
    ctx.workflows.push({
      tenant,
      name: h.data.name,
      status: "added",
      head: h.data,
      file: h.path,
      nodes: allNodes(h.data, "added"),
      edges: allEdges(h.data, "added"),
    });
  }
  for (const b of pairs.removed) {
    ctx.add({
      kind: "workflow-removed",
      tenant,
      subject: { type: "workflow", name: b.data.name },
      summary: `Workflow ${b.data.name} ${b.data.version} removed.`,
      file: b.path,
    });
    ctx.workflows.push({
      tenant,
      name: b.data.name,
      status: "removed",
      base: b.data,
      file: b.path,
      nodes: allNodes(b.data, "removed"),
      edges: allEdges(b.data, "removed"),
    });
  }
  for (const { base: b, head: h } of pairs.renamed) {
    ctx.add({
      kind: "workflow-renamed",
      tenant,
      subject: { type: "workflow", name: h.data.name },
      summary: `Workflow ${b.data.name} renamed to ${h.data.name}; content unchanged.`,
      file: h.path,
    });
    ctx.workflows.push({
      tenant,
      name: h.data.name,
      status: "renamed",
      renamedFrom: b.data.name,
      base: b.data,
      head: h.data,
      file: h.path,
      nodes: allNodes(h.data, "unchanged"),
      edges: allEdges(h.data, "unchanged"),
    });
  }
  for (const { base: b, head: h } of pairs.same) diffOne(ctx, tenant, b, h);
}

function reachableWrites(ctx: DiffContext, tenant: string, b: WF | undefined, h: WF): void {
  const before = b ? writeToolsOf(b.data, ctx.base) : new Set<string>();
  for (const tool of writeToolsOf(h.data, ctx.head)) {
    if (before.has(tool)) continue;
    ctx.add({
      kind: "tool-write",
      tenant,
      subject: { type: "tool", name: tool, workflow: h.data.name },
      summary: `Workflow ${h.data.name} can now call ${tool}, which writes outside the run.`,
      file: h.path,
    });
  }
}

function diffOne(ctx: DiffContext, tenant: string, b: WF, h: WF): void {
  const name = h.data.name;
  const subject = (type: "workflow" | "node" | "edge", n: string) => ({ type, name: n, workflow: name });

  // Workflow-level settings; the budget gets its own kind.
  const settings = diffFields(
    { ...b.data, nodes: undefined, version: undefined, name: undefined },
    { ...h.data, nodes: undefined, version: undefined, name: undefined },
    { depth: 3 },
  );
  const budget = settings.filter((f) => f.path.startsWith("budget."));
  const raised = budget.filter((f) =>
    f.path === "budget.max_usd"
      ? Number(f.after) > Number(f.before)
      : f.path === "budget.timeout" && durationIncreased(String(f.before), String(f.after)),
  );
  if (raised.length > 0) {
    ctx.add({
      kind: "budget-increased",
      tenant,
      subject: subject("workflow", name),
      summary: `Workflow ${name} budget raised: ${raised.map((f) => `${f.path.slice(7)} ${String(f.before)} → ${String(f.after)}`).join(", ")}.`,
      file: h.path,
      fields: raised,
    });
  }
  const other = settings.filter((f) => !raised.includes(f));
  if (other.length > 0) {
    ctx.add({
      kind: "workflow-changed",
      tenant,
      subject: subject("workflow", name),
      summary: `Workflow ${name}: ${other.map((f) => f.path).join(", ")} changed.`,
      file: h.path,
      fields: other,
    });
  }

  // Nodes.
  const nodes: NodeDiff[] = [];
  const ids = [...new Set([...Object.keys(b.data.nodes), ...Object.keys(h.data.nodes)])];
  for (const id of ids) {
    const before = Object.hasOwn(b.data.nodes, id) ? b.data.nodes[id] : undefined;
    const after = Object.hasOwn(h.data.nodes, id) ? h.data.nodes[id] : undefined;
    if (!before && after) {
      nodes.push({ id, status: "added", type: after.type, fields: [] });
      ctx.add({
        kind: "node-added",
        tenant,
        subject: subject("node", id),
        summary: `${name}: ${after.type} node ${id} added.`,
        file: h.path,
      });
    } else if (before && !after) {
      nodes.push({ id, status: "removed", type: before.type, fields: [] });
      ctx.add({
        kind: "node-removed",
        tenant,
        subject: subject("node", id),
        summary: `${name}: ${before.type} node ${id} removed.`,
        file: h.path,
      });
      if (before.type === "approval") {
        ctx.add({
          kind: "approval-removed",
          tenant,
          subject: subject("node", id),
          summary: `${name}: approval gate ${id} removed.`,
          file: h.path,
        });
      }
    } else if (before && after) {
      const fields = nodeFields(before, after);
      nodes.push({ id, status: fields.length > 0 ? "changed" : "unchanged", type: after.type, fields });
      if (fields.length > 0) {
        ctx.add({
          kind: "node-changed",
          tenant,
          subject: subject("node", id),
          summary: `${name}: node ${id} changed (${fields.map((f) => f.path).join(", ")}).`,
          file: h.path,
          fields,
        });
      }
      if (before.type === "approval") {
        const reasons = weakenedGate(before, after);
        if (reasons.length > 0) {
          ctx.add({
            kind: "approval-removed",
            tenant,
            subject: subject("node", id),
            summary: `${name}: approval gate ${id} weakened: ${reasons.join("; ")}.`,
            file: h.path,
          });
        }
      }
    }
  }

  // Edges.
  const be = edgesOf(b.data);
  const he = edgesOf(h.data);
  const edges: EdgeDiff[] = [];
  for (const [key, e] of he) {
    const was = be.get(key);
    edges.push({ ...e, status: was ? "unchanged" : "added" });
    if (!was)
      ctx.add({
        kind: "edge-changed",
        tenant,
        subject: subject("edge", `${e.from} → ${e.to}`),
        summary: `${name}: ${edgeWords(e)} added.`,
        file: h.path,
      });
  }
  for (const [key, e] of be) {
    if (he.has(key)) continue;
    edges.push({ ...e, status: "removed" });
    ctx.add({
      kind: "edge-changed",
      tenant,
      subject: subject("edge", `${e.from} → ${e.to}`),
      summary: `${name}: ${edgeWords(e)} removed.`,
      file: h.path,
    });
  }

  // Gates bypassed: nodes that used to wait for an approval and no longer do.
  for (const [gate, node] of Object.entries(b.data.nodes)) {
    if (
      node.type !== "approval" ||
      !Object.hasOwn(h.data.nodes, gate) ||
      h.data.nodes[gate]?.type !== "approval"
    )
      continue;
    const before = descendants(b.data, gate);
    const after = descendants(h.data, gate);
    const escaped = [...before].filter((n) => Object.hasOwn(h.data.nodes, n) && !after.has(n));
    if (escaped.length > 0) {
      ctx.add({
        kind: "approval-removed",
        tenant,
        subject: subject("node", gate),
        summary: `${name}: ${escaped.join(", ")} no longer wait${escaped.length === 1 ? "s" : ""} for approval ${gate}.`,
        file: h.path,
      });
    }
  }

  reachableWrites(ctx, tenant, b, h);

  const changed =
    nodes.some((n) => n.status !== "unchanged") ||
    edges.some((e) => e.status !== "unchanged") ||
    settings.length > 0;
  if (changed) {
    ctx.workflows.push({
      tenant,
      name,
      status: "changed",
      base: b.data,
      head: h.data,
      file: h.path,
      nodes,
      edges,
    });
  }
}

function edgeWords(e: Omit<EdgeDiff, "status">): string {
  return e.kind === "fallback" ? `fallback ${e.from} → ${e.to}` : `dependency ${e.from} → ${e.to}`;
}
