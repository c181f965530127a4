/**
 * A workflow diff as one flowchart: the union of base and head, with added, removed and changed nodes
 * and edges styled by class and explained in a legend. Large graphs show the changed region with its
 * immediate neighbours; everything else collapses into summary nodes ("+ 37 unchanged nodes").
 */
import type { WorkflowNode } from "../../workflows-schema/index.ts";
import type { EdgeDiff, NodeDiff, WorkflowDiff } from "../diff/change.ts";
import { type Diagram, type DiagramEdge, type DiagramNode, renderDiagram } from "./diagram.ts";
import { DIAGRAM_LIMITS } from "./limits.ts";
import { conditionText, nodeDetail } from "./shapes.ts";

const CLASS_DEFS = {
  added: "fill:#dafbe1,stroke:#1a7f37,stroke-width:2px,color:#0f5323",
  removed: "fill:#ffebe9,stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 5,color:#82071e",
  changed: "fill:#fff8c5,stroke:#9a6700,stroke-width:2px,color:#4d2d00",
  unchanged: "fill:#ffffff,stroke:#8c959f,color:#24292f",
  summary: "fill:#f6f8fa,stroke:#8c959f,stroke-dasharray:3 3,color:#57606a",
} as const;

const EDGE_STYLES = {
  added: "stroke:#1a7f37,stroke-width:2px",
  removed: "stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 5",
} as const;

const LEGEND: [string, string][] = [
  ["added", "added"],
  ["changed", "changed"],
  ["removed", "removed"],
  ["unchanged", "unchanged"],
];

export interface DiffDiagramOptions {
  maxNodes?: number;
  maxEdges?: number;
  maxChars?: number;
}

export interface DiffDiagram {
  mermaid: string;
  /** Nodes drawn individually; the rest were collapsed into summary nodes. */
  shown: number;
  collapsed: number;
  /** Changed nodes that did not fit and are only listed in the table. */
  omittedChanges: number;
}

function nodeOf(wd: WorkflowDiff, id: string): WorkflowNode | undefined {
  const h = wd.head?.nodes;
  const b = wd.base?.nodes;
  if (h && Object.hasOwn(h, id)) return h[id];
  if (b && Object.hasOwn(b, id)) return b[id];
  return undefined;
}

function nodeLines(wd: WorkflowDiff, n: NodeDiff): string[] {
  const node = nodeOf(wd, n.id);
  const lines = [n.id, node ? nodeDetail(node) : n.type];
  if (n.status === "changed") lines.push(`Δ ${n.fields.map((f) => f.path).join(", ")}`);
  return lines;
}

function conditionOf(wd: WorkflowDiff, e: EdgeDiff): string | undefined {
  if (e.kind === "fallback") return "on error";
  const node = e.status === "removed" ? wd.base?.nodes[e.to] : wd.head?.nodes[e.to];
  return conditionText(node);
}

/** Nodes to draw: changed ones and, when `hops` is 1, their immediate neighbours. */
function focus(wd: WorkflowDiff, hops: number, cap: number): { keep: Set<string>; omitted: number } {
  const changed = wd.nodes.filter((n) => n.status !== "unchanged").map((n) => n.id);
  for (const e of wd.edges) {
    if (e.status !== "unchanged") changed.push(e.from, e.to);
  }
  const unique = [...new Set(changed)];
  const keep = new Set(unique.slice(0, cap));
  const omitted = Math.max(0, unique.length - cap);
  if (hops > 0) {
    const core = new Set(keep);
    for (const e of wd.edges) {
      if (core.has(e.from)) keep.add(e.to);
      if (core.has(e.to)) keep.add(e.from);
    }
  }
  return { keep, omitted };
}

function build(wd: WorkflowDiff, keep: Set<string> | undefined): { diagram: Diagram; collapsed: number } {
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const shownNode = (id: string) => !keep || keep.has(id);
  for (const n of wd.nodes) {
    if (!shownNode(n.id)) continue;
    nodes.push({
      key: n.id,
      shape: n.type as DiagramNode["shape"],
      lines: nodeLines(wd, n),
      className: n.status,
    });
  }
  // Collapsed nodes become at most three summaries, by where they sit relative to what is shown.
  const hidden = wd.nodes.filter((n) => !shownNode(n.id));
  const side = new Map<string, "before" | "after" | "other">();
  if (hidden.length > 0) {
    const succ = new Map<string, string[]>();
    const pred = new Map<string, string[]>();
    for (const e of wd.edges) {
      succ.set(e.from, [...(succ.get(e.from) ?? []), e.to]);
      pred.set(e.to, [...(pred.get(e.to) ?? []), e.from]);
    }
    const reach = (start: readonly string[], next: Map<string, string[]>) => {
      const seen = new Set<string>();
      const queue = [...start];
      for (let i = 0; i < queue.length; i++) {
        for (const m of next.get(queue[i]!) ?? []) {
          if (!seen.has(m)) {
            seen.add(m);
            queue.push(m);
          }
        }
      }
      return seen;
    };
    const shown = [...(keep ?? [])];
    const upstream = reach(shown, pred);
    const downstream = reach(shown, succ);
    for (const n of hidden)
      side.set(n.id, upstream.has(n.id) ? "before" : downstream.has(n.id) ? "after" : "other");
    for (const s of ["before", "after", "other"] as const) {
      const group = hidden.filter((n) => side.get(n.id) === s);
      if (group.length === 0) continue;
      const where = s === "before" ? "upstream" : s === "after" ? "downstream" : "elsewhere";
      const changed = group.filter((n) => n.status !== "unchanged").length;
      const plural = group.length === 1 ? "" : "s";
      const text =
        changed === 0
          ? `+ ${group.length} unchanged node${plural}`
          : `+ ${group.length} node${plural}, ${changed} changed (see the table)`;
      nodes.push({ key: `\0summary:${s}`, shape: "summary", lines: [text, where], className: "summary" });
    }
  }
  const seenSummaryEdges = new Set<string>();
  for (const e of wd.edges) {
    const from = shownNode(e.from) ? e.from : `\0summary:${side.get(e.from)}`;
    const to = shownNode(e.to) ? e.to : `\0summary:${side.get(e.to)}`;
    if (from === to) continue;
    if (!shownNode(e.from) || !shownNode(e.to)) {
      const key = `${from}→${to}`;
      if (seenSummaryEdges.has(key)) continue;
      seenSummaryEdges.add(key);
      edges.push({ from, to, dotted: true });
      continue;
    }
    const cond = conditionOf(wd, e);
    edges.push({
      from,
      to,
      ...(cond ? { label: cond } : {}),
      ...(e.kind === "fallback" ? { dotted: true } : {}),
      ...(e.status === "added" || e.status === "removed" ? { style: EDGE_STYLES[e.status] } : {}),
    });
  }
  const used = new Set(nodes.map((n) => n.className));
  const diagram: Diagram = {
    direction: "TD",
    nodes,
    edges,
    classDefs: Object.fromEntries(
      Object.entries(CLASS_DEFS).filter(([k]) => used.has(k) || LEGEND.some(([c]) => c === k)),
    ),
    legend: LEGEND,
  };
  return { diagram, collapsed: hidden.length };
}

/**
 * Renders the diff of one workflow, within the budgets: the whole union graph when it is small enough,
 * otherwise the changed region with its neighbours, then without neighbours, then capped.
 */
export function diffFlowchart(wd: WorkflowDiff, options: DiffDiagramOptions = {}): DiffDiagram {
  const maxNodes = options.maxNodes ?? DIAGRAM_LIMITS.maxNodes;
  const maxEdges = options.maxEdges ?? DIAGRAM_LIMITS.maxEdges;
  const maxChars = options.maxChars ?? DIAGRAM_LIMITS.maxChars;
  const fits = (d: Diagram, text: string) =>
    d.nodes.length <= maxNodes + 3 && d.edges.length <= maxEdges && text.length <= maxChars;

  const attempts: (() => { keep: Set<string> | undefined; omitted: number })[] = [
    () => ({ keep: undefined, omitted: 0 }),
    () => focus(wd, 1, Number.POSITIVE_INFINITY),
    () => focus(wd, 0, Number.POSITIVE_INFINITY),
  ];
  for (let cap = maxNodes; cap >= 1; cap = Math.floor(cap / 2)) {
    attempts.push(() => focus(wd, 0, cap));
  }
  let last: DiffDiagram | undefined;
  for (const attempt of attempts) {
    const { keep, omitted } = attempt();
    const { diagram, collapsed } = build(wd, keep);
    const text = renderDiagram(diagram);
    last = {
      mermaid: text,
      shown: diagram.nodes.filter((n) => n.className !== "summary").length,
      collapsed,
      omittedChanges: omitted,
    };
    if (fits(diagram, text)) return last;
  }
  return last!;
}
