import {
  RISK_LEVELS
} from "./chunk-57Y5DVX6.js";

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

// core/mermaid/limits.ts
var DIAGRAM_LIMITS = {
  /** Above this many nodes a diff shows the changed region and collapses the rest. */
  maxNodes: 40,
  maxEdges: 120,
  /** Characters of one diagram, leaving room for several in one comment. */
  maxChars: 15e3
};

// core/mermaid/diff-flowchart.ts
var CLASS_DEFS = {
  added: "fill:#dafbe1,stroke:#1a7f37,stroke-width:2px,color:#0f5323",
  removed: "fill:#ffebe9,stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 5,color:#82071e",
  changed: "fill:#fff8c5,stroke:#9a6700,stroke-width:2px,color:#4d2d00",
  unchanged: "fill:#ffffff,stroke:#8c959f,color:#24292f",
  summary: "fill:#f6f8fa,stroke:#8c959f,stroke-dasharray:3 3,color:#57606a"
};
var EDGE_STYLES = {
  added: "stroke:#1a7f37,stroke-width:2px",
  removed: "stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 5"
};
var LEGEND = [
  ["added", "added"],
  ["changed", "changed"],
  ["removed", "removed"],
  ["unchanged", "unchanged"]
];
function nodeOf(wd, id) {
  const h = wd.head?.nodes;
  const b = wd.base?.nodes;
  if (h && Object.hasOwn(h, id)) return h[id];
  if (b && Object.hasOwn(b, id)) return b[id];
  return void 0;
}
function nodeLines(wd, n) {
  const node = nodeOf(wd, n.id);
  const lines = [n.id, node ? nodeDetail(node) : n.type];
  if (n.status === "changed") lines.push(`Δ ${n.fields.map((f) => f.path).join(", ")}`);
  return lines;
}
function conditionOf(wd, e) {
  if (e.kind === "fallback") return "on error";
  const node = e.status === "removed" ? wd.base?.nodes[e.to] : wd.head?.nodes[e.to];
  return conditionText(node);
}
function focus(wd, hops, cap) {
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
function build(wd, keep) {
  const nodes = [];
  const edges = [];
  const shownNode = (id) => !keep || keep.has(id);
  for (const n of wd.nodes) {
    if (!shownNode(n.id)) continue;
    nodes.push({
      key: n.id,
      shape: n.type,
      lines: nodeLines(wd, n),
      className: n.status
    });
  }
  const hidden = wd.nodes.filter((n) => !shownNode(n.id));
  const side = /* @__PURE__ */ new Map();
  if (hidden.length > 0) {
    const succ = /* @__PURE__ */ new Map();
    const pred = /* @__PURE__ */ new Map();
    for (const e of wd.edges) {
      succ.set(e.from, [...succ.get(e.from) ?? [], e.to]);
      pred.set(e.to, [...pred.get(e.to) ?? [], e.from]);
    }
    const reach = (start, next) => {
      const seen = /* @__PURE__ */ new Set();
      const queue = [...start];
      for (let i = 0; i < queue.length; i++) {
        for (const m of next.get(queue[i]) ?? []) {
          if (!seen.has(m)) {
            seen.add(m);
            queue.push(m);
          }
        }
      }
      return seen;
    };
    const shown = [...keep ?? []];
    const upstream = reach(shown, pred);
    const downstream = reach(shown, succ);
    for (const n of hidden)
      side.set(n.id, upstream.has(n.id) ? "before" : downstream.has(n.id) ? "after" : "other");
    for (const s of ["before", "after", "other"]) {
      const group = hidden.filter((n) => side.get(n.id) === s);
      if (group.length === 0) continue;
      const where = s === "before" ? "upstream" : s === "after" ? "downstream" : "elsewhere";
      const changed = group.filter((n) => n.status !== "unchanged").length;
      const plural = group.length === 1 ? "" : "s";
      const text = changed === 0 ? `+ ${group.length} unchanged node${plural}` : `+ ${group.length} node${plural}, ${changed} changed (see the table)`;
      nodes.push({ key: `\0summary:${s}`, shape: "summary", lines: [text, where], className: "summary" });
    }
  }
  const seenSummaryEdges = /* @__PURE__ */ new Set();
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
      ...cond ? { label: cond } : {},
      ...e.kind === "fallback" ? { dotted: true } : {},
      ...e.status === "added" || e.status === "removed" ? { style: EDGE_STYLES[e.status] } : {}
    });
  }
  const used = new Set(nodes.map((n) => n.className));
  const diagram = {
    direction: "TD",
    nodes,
    edges,
    classDefs: Object.fromEntries(
      Object.entries(CLASS_DEFS).filter(([k]) => used.has(k) || LEGEND.some(([c]) => c === k))
    ),
    legend: LEGEND
  };
  return { diagram, collapsed: hidden.length };
}
function diffFlowchart(wd, options = {}) {
  const maxNodes = options.maxNodes ?? DIAGRAM_LIMITS.maxNodes;
  const maxEdges = options.maxEdges ?? DIAGRAM_LIMITS.maxEdges;
  const maxChars = options.maxChars ?? DIAGRAM_LIMITS.maxChars;
  const fits = (d, text) => d.nodes.length <= maxNodes + 3 && d.edges.length <= maxEdges && text.length <= maxChars;
  const attempts = [
    () => ({ keep: void 0, omitted: 0 }),
    () => focus(wd, 1, Number.POSITIVE_INFINITY),
    () => focus(wd, 0, Number.POSITIVE_INFINITY)
  ];
  for (let cap = maxNodes; cap >= 1; cap = Math.floor(cap / 2)) {
    attempts.push(() => focus(wd, 0, cap));
  }
  let last;
  for (const attempt of attempts) {
    const { keep, omitted } = attempt();
    const { diagram, collapsed } = build(wd, keep);
    const text = renderDiagram(diagram);
    last = {
      mermaid: text,
      shown: diagram.nodes.filter((n) => n.className !== "summary").length,
      collapsed,
      omittedChanges: omitted
    };
    if (fits(diagram, text)) return last;
  }
  return last;
}

// core/diff/kinds.ts
var CHANGE_KIND_INFO = {
  "workflow-added": { risk: "medium", description: "A new workflow." },
  "workflow-removed": { risk: "high", description: "A workflow was deleted." },
  "workflow-renamed": { risk: "low", description: "A workflow was renamed; its content is unchanged." },
  "workflow-changed": {
    risk: "medium",
    description: "Workflow-level settings changed (inputs, outputs, defaults, concurrency)."
  },
  "node-added": { risk: "medium", description: "A node was added to a workflow." },
  "node-removed": { risk: "high", description: "A node was removed from a workflow." },
  "node-changed": { risk: "medium", description: "A node's configuration changed." },
  "edge-changed": {
    risk: "medium",
    description: "A dependency (needs) or fallback edge was added or removed."
  },
  "prompt-added": { risk: "medium", description: "A new prompt." },
  "prompt-removed": { risk: "high", description: "A prompt was deleted." },
  "prompt-renamed": { risk: "low", description: "A prompt was renamed; its content is unchanged." },
  "prompt-changed": {
    risk: "medium",
    description: "A prompt's messages, variables, parameters or output schema changed."
  },
  "route-changed": {
    risk: "medium",
    description: "A model route was added, removed or changed (targets, strategy, retries, timeouts)."
  },
  "model-added": {
    risk: "high",
    description: "A model was added to the platform, or a tenant's routes started using one."
  },
  "model-changed": {
    risk: "medium",
    description: "A model's provider, prices or limits, or a provider's configuration changed."
  },
  "tool-added": { risk: "high", description: "A tool was added to the platform catalog." },
  "tool-changed": {
    risk: "medium",
    description: "A tool's definition, schema or connector changed, or it was removed."
  },
  "tool-write": {
    risk: "high",
    description: "A tool that writes outside the run became reachable by a workflow."
  },
  "approval-removed": {
    risk: "critical",
    description: "A human approval gate was removed, weakened or bypassed."
  },
  "budget-increased": { risk: "high", description: "A spending or time limit was raised." },
  "policy-changed": {
    risk: "high",
    description: "Tenant or platform policy changed (approvers, allowances, governance, risk rules)."
  },
  "eval-changed": {
    risk: "low",
    description: "An evaluation suite was added or changed without weakening it."
  },
  "eval-weakened": {
    risk: "high",
    description: "Evaluation got weaker: suites or cases removed, thresholds lowered, assertions dropped."
  },
  "knowledge-changed": { risk: "medium", description: "Knowledge documents were added, removed or edited." }
};
function riskOf(kind, policy) {
  return policy?.charter?.data.risk.levels[kind] ?? CHANGE_KIND_INFO[kind].risk;
}
function riskRank(level) {
  return RISK_LEVELS.indexOf(level);
}
function maxRisk(levels) {
  let best = "low";
  for (const l of levels) if (riskRank(l) > riskRank(best)) best = l;
  return best;
}

// core/report/diff-markdown.ts
var DIFF_COMMENT_MARKER = "<!-- charter:diff -->";
var GITHUB_COMMENT_LIMIT = 65536;
var RISK_ICON = { low: "🟢", medium: "🟡", high: "🟠", critical: "🔴" };
function escapeHtml(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function cell(s) {
  return escapeHtml(s).replace(/\|/g, "&#124;").replace(/\r?\n/g, " ");
}
function code(value, max = 60) {
  let s = typeof value === "string" ? value : JSON.stringify(value);
  if (s === void 0) s = "—";
  if ([...s].length > max) s = `${[...s].slice(0, max - 1).join("")}…`;
  return `<code>${cell(s)}</code>`;
}
function fieldText(f) {
  if (f.before === void 0) return `${cell(f.path)}: added ${code(f.after)}`;
  if (f.after === void 0) return `${cell(f.path)}: removed (was ${code(f.before)})`;
  return `${cell(f.path)}: ${code(f.before)} → ${code(f.after)}`;
}
function fenced(lang, text) {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${lang}
${text.endsWith("\n") ? text : `${text}
`}${fence}`;
}
function summaryTable(set) {
  const rows = set.summaries.map((s) => {
    const kinds = Object.entries(s.kinds).map(([k, n]) => `<code>${k}</code>${n > 1 ? ` ×${n}` : ""}`).join(", ");
    return `| ${s.tenant === void 0 ? "_platform_" : `<b>${cell(s.tenant)}</b>`} | ${RISK_ICON[s.risk]} ${s.risk} | ${kinds} |`;
  });
  return ["| Tenant | Risk | Changes |", "|---|---|---|", ...rows].join("\n");
}
function nodeTable(wd) {
  const rows = wd.nodes.filter((n) => n.status !== "unchanged").map((n) => {
    const details = n.status === "changed" ? n.fields.map(fieldText).join("<br>") : n.type;
    return `| <code>${cell(n.id)}</code> | ${n.status} | ${details} |`;
  });
  const edges = wd.edges.filter((e) => e.status !== "unchanged").map(
    (e) => `| <code>${cell(e.from)}</code> → <code>${cell(e.to)}</code> | edge ${e.status} | ${e.kind} |`
  );
  if (rows.length + edges.length === 0) return "";
  return ["| Node | Change | Details |", "|---|---|---|", ...rows, ...edges].join("\n");
}
var LEGEND_TEXT = "<sub>Green: added · yellow: changed · red, dashed: removed · grey: unchanged. Green and red arrows are added and removed dependencies; dotted arrows are fallbacks.</sub>";
function workflowSection(set, wd) {
  const heading = `### ${cell(wd.tenant)} / ${cell(wd.name)} — ${wd.status === "renamed" ? `renamed from ${cell(wd.renamedFrom ?? "")}` : wd.status}`;
  const risks = set.changes.filter((c) => c.tenant === wd.tenant && c.subject.workflow === wd.name);
  const riskLine = risks.length > 0 ? `
${risks.map((c) => `- ${RISK_ICON[c.risk]} <code>${c.kind}</code> ${cell(c.summary)}`).join("\n")}
` : "";
  const diagram = diffFlowchart(wd);
  const note = diagram.collapsed > 0 ? `
<sub>Showing ${diagram.shown} nodes around the changes; ${diagram.collapsed} others are collapsed.${diagram.omittedChanges > 0 ? ` ${diagram.omittedChanges} changed nodes are only in the table.` : ""}</sub>
` : "";
  const table = nodeTable(wd);
  const full = [heading, riskLine, fenced("mermaid", diagram.mermaid), LEGEND_TEXT, note, table].filter(Boolean).join("\n");
  const short = [
    heading,
    riskLine,
    "<sub>Diagram left out to fit GitHub's comment size limit; run <code>charter diff --html</code> to see it.</sub>",
    table
  ].filter(Boolean).join("\n");
  return { full, short };
}
function promptSection(c) {
  const title = `<b>${cell(c.tenant ?? "")}</b> · ${cell(c.summary)}`;
  const full = `<details><summary>${title}</summary>

${fenced("diff", c.textDiff ?? "")}

</details>`;
  return { full, short: `- ${title} (text diff left out to fit the comment)` };
}
function allChanges(changes, limit = changes.length) {
  if (changes.length === 0) return "";
  const sorted = [...changes].sort((a, b) => riskRank(b.risk) - riskRank(a.risk));
  const rows = sorted.slice(0, limit).map(
    (c) => `| ${RISK_ICON[c.risk]} ${c.risk} | <code>${c.kind}</code> | ${c.tenant ? cell(c.tenant) : "_platform_"} | ${cell(c.summary)} |`
  );
  const more = changes.length > limit ? `

…and ${changes.length - limit} lower-risk changes, left out to fit the comment.` : "";
  return ["### All changes", "", "| Risk | Kind | Tenant | What |", "|---|---|---|---|", ...rows].join("\n") + more;
}
function diffMarkdown(set, options = {}) {
  const maxChars = options.maxChars ?? GITHUB_COMMENT_LIMIT - 1e3;
  const head = [
    DIFF_COMMENT_MARKER,
    `## 🧭 Charter diff${options.title ? ` — ${cell(options.title)}` : ""}`,
    "",
    set.changes.length === 0 ? "No governed changes: workflows, prompts, routes, tools, policies and evals are the same as on the base." : `${set.base ? `Base <code>${set.base.slice(0, 7)}</code> → head <code>${(set.head ?? "working tree").slice(0, 7)}</code> · ` : ""}${set.changes.length} change${set.changes.length === 1 ? "" : "s"}, highest risk ${RISK_ICON[worst(set)]} <b>${worst(set)}</b>.`,
    "",
    set.changes.length > 0 ? summaryTable(set) : ""
  ].join("\n");
  const sections = [
    ...set.workflows.map((wd) => workflowSection(set, wd)),
    ...set.changes.filter((c) => c.textDiff).map(promptSection)
  ];
  let all = allChanges(set.changes);
  const kindsLegend = `<details><summary>What the change kinds mean</summary>

${[
    ...new Set(set.changes.map((c) => c.kind))
  ].map((k) => `- <code>${k}</code>: ${CHANGE_KIND_INFO[k].description}`).join("\n")}

</details>`;
  const assemble = (parts, tail) => [head, ...parts, all, set.changes.length ? kindsLegend : "", tail].filter(Boolean).join("\n\n");
  let texts = sections.map((s) => s.full);
  let body = assemble(texts, "");
  let truncated = false;
  for (let i = sections.length - 1; i >= 0 && body.length > maxChars; i--) {
    if (sections[i].short === void 0) continue;
    texts[i] = sections[i].short;
    truncated = true;
    body = assemble(texts, "");
  }
  while (body.length > maxChars && texts.length > 0) {
    texts = texts.slice(0, -1);
    truncated = true;
    body = assemble(
      texts,
      `> ⚠️ ${sections.length - texts.length} section(s) left out to stay under GitHub's comment size limit. The job summary and \`charter diff --html\` show everything.`
    );
  }
  for (let limit = Math.floor(set.changes.length / 2); body.length > maxChars && limit >= 1; limit = Math.floor(limit / 2)) {
    all = allChanges(set.changes, limit);
    body = assemble(
      texts,
      "> ⚠️ Sections left out to stay under GitHub's comment size limit. The job summary and `charter diff --html` show everything."
    );
  }
  return { body: `${body}
`, truncated };
}
function worst(set) {
  return maxRisk(set.changes.map((c) => c.risk));
}

// core/text/duration.ts
var UNIT_MS = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5 };
function parseDuration(text) {
  let total = 0;
  let matched = "";
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    matched += m[0];
  }
  if (matched !== text || matched === "")
    throw new Error(`"${text}" is not a duration (e.g. 500ms, 30s, 1h30m)`);
  return total;
}

export {
  riskOf,
  riskRank,
  maxRisk,
  parseDuration,
  diffFlowchart,
  escapeHtml,
  diffMarkdown
};
