// core/mermaid/shapes.ts
var SHAPES = {
  llm: ["([", "])"],
  // stadium
  tool: ["[[", "]]"],
  // subroutine
  retrieve: ["[(", ")]"],
  // cylinder
  approval: ["{{", "}}"],
  // hexagon
  transform: ["[/", "/]"],
  // parallelogram
  workflow: ["[/", "\\]"],
  // trapezoid
  summary: ["(", ")"]
  // rounded: collapsed nodes
};
function nodeDetail(node) {
  switch (node.type) {
    case "llm":
      return `llm · ${node.prompt} @ ${node.route}${node.tools ? ` + tools` : ""}`;
    case "tool":
      return `tool · ${node.tool}`;
    case "retrieve":
      return `retrieve · ${node.knowledge}`;
    case "approval":
      return `approval · ${node.min_approvals} of ${node.approvers.length} approver${node.approvers.length === 1 ? "" : "s"}`;
    case "transform":
      return "transform";
    case "workflow":
      return `workflow · ${node.workflow}@${node.version}`;
  }
}
function conditionText(node) {
  if (!node || node.if === void 0) return void 0;
  const raw = String(node.if).trim();
  const inner = /^\$\{\{([\s\S]*)\}\}$/.exec(raw)?.[1] ?? raw;
  return `if ${inner.trim()}`;
}

// core/mermaid/escape.ts
var ENTITY = /["#<>&`|\\[\]{}()]/g;
function escapeLabel(text, max = 80) {
  let s = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").trim();
  if ([...s].length > max) s = `${[...s].slice(0, max - 1).join("")}…`;
  return s.replace(ENTITY, (c) => `#${c.codePointAt(0)};`);
}
function label(lines, max = 80) {
  return `"${lines.filter((l) => l !== "").map((l) => escapeLabel(l, max)).join("<br>")}"`;
}
var IdMap = class {
  ids = /* @__PURE__ */ new Map();
  id(name) {
    let id = this.ids.get(name);
    if (!id) {
      id = `n${this.ids.size}`;
      this.ids.set(name, id);
    }
    return id;
  }
};

// core/mermaid/diagram.ts
function renderDiagram(d) {
  const ids = new IdMap();
  const lines = [`flowchart ${d.direction}`];
  for (const n of d.nodes) {
    const [open, close] = SHAPES[n.shape];
    lines.push(`  ${ids.id(n.key)}${open}${label(n.lines)}${close}${n.className ? `:::${n.className}` : ""}`);
  }
  const styles = [];
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
  return `${lines.join("\n")}
`;
}

export {
  nodeDetail,
  conditionText,
  renderDiagram
};
