/** A flowchart as data, serialised to Mermaid text in one place (escaping, ids, classes, link styles). */
import { IdMap, label } from "./escape.ts";
import { SHAPES } from "./shapes.ts";

export interface DiagramNode {
  /** Unique key (a workflow node id, or a synthetic key for summaries and the legend). */
  key: string;
  shape: keyof typeof SHAPES;
  lines: string[];
  className?: string;
}

export interface DiagramEdge {
  from: string;
  to: string;
  label?: string;
  dotted?: boolean;
  /** CSS for `linkStyle`, e.g. `stroke:#1a7f37,stroke-width:2px`. */
  style?: string;
}

export interface Diagram {
  direction: "TD" | "LR";
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  classDefs: Record<string, string>;
  /** Class names and their meaning, drawn as a legend subgraph. */
  legend?: [className: string, meaning: string][];
}

export function renderDiagram(d: Diagram): string {
  const ids = new IdMap();
  const lines = [`flowchart ${d.direction}`];
  for (const n of d.nodes) {
    const [open, close] = SHAPES[n.shape]!;
    lines.push(`  ${ids.id(n.key)}${open}${label(n.lines)}${close}${n.className ? `:::${n.className}` : ""}`);
  }
  const styles: string[] = [];
  d.edges.forEach((e, i) => {
    const arrow = e.dotted ? "-.->" : "-->";
    lines.push(`  ${ids.id(e.from)} ${arrow}${e.label ? `|${label([e.label], 60)}|` : ""} ${ids.id(e.to)}`);
    if (e.style) styles.push(`  linkStyle ${i} ${e.style}`);
  });
  lines.push(...styles);
  if (d.legend && d.legend.length > 0) {
    lines.push("  subgraph legend [Legend]", "    direction LR");
    for (const [cls, meaning] of d.legend)
      lines.push(`    ${ids.id(`\0legend:${cls}`)}[${label([meaning])}]:::${cls}`);
    lines.push("  end");
  }
  for (const [name, css] of Object.entries(d.classDefs)) lines.push(`  classDef ${name} ${css}`);
  return `${lines.join("\n")}\n`;
}
