import {
  conditionText,
  nodeDetail,
  renderDiagram
} from "./chunk-IB7ADM4Y.js";
import {
  escapeHtml
} from "./chunk-FXXQ7OWI.js";
import {
  maxRisk,
  riskRank
} from "./chunk-4FYGECKA.js";

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
function conditionOf(wd, e2) {
  if (e2.kind === "fallback") return "on error";
  const node = e2.status === "removed" ? wd.base?.nodes[e2.to] : wd.head?.nodes[e2.to];
  return conditionText(node);
}
function focus(wd, hops, cap) {
  const changed = wd.nodes.filter((n) => n.status !== "unchanged").map((n) => n.id);
  for (const e2 of wd.edges) {
    if (e2.status !== "unchanged") changed.push(e2.from, e2.to);
  }
  const unique = [...new Set(changed)];
  const keep = new Set(unique.slice(0, cap));
  const omitted = Math.max(0, unique.length - cap);
  if (hops > 0) {
    const core = new Set(keep);
    for (const e2 of wd.edges) {
      if (core.has(e2.from)) keep.add(e2.to);
      if (core.has(e2.to)) keep.add(e2.from);
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
    for (const e2 of wd.edges) {
      succ.set(e2.from, [...succ.get(e2.from) ?? [], e2.to]);
      pred.set(e2.to, [...pred.get(e2.to) ?? [], e2.from]);
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
  for (const e2 of wd.edges) {
    const from = shownNode(e2.from) ? e2.from : `\0summary:${side.get(e2.from)}`;
    const to = shownNode(e2.to) ? e2.to : `\0summary:${side.get(e2.to)}`;
    if (from === to) continue;
    if (!shownNode(e2.from) || !shownNode(e2.to)) {
      const key = `${from}→${to}`;
      if (seenSummaryEdges.has(key)) continue;
      seenSummaryEdges.add(key);
      edges.push({ from, to, dotted: true });
      continue;
    }
    const cond = conditionOf(wd, e2);
    edges.push({
      from,
      to,
      ...cond ? { label: cond } : {},
      ...e2.kind === "fallback" ? { dotted: true } : {},
      ...e2.status === "added" || e2.status === "removed" ? { style: EDGE_STYLES[e2.status] } : {}
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

// core/report/diff-html.ts
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
var RISK_COLOR = {
  low: "#1a7f37",
  medium: "#9a6700",
  high: "#bc4c00",
  critical: "#cf222e"
};
function mermaidBundle() {
  const path = createRequire(import.meta.url).resolve("mermaid/dist/mermaid.min.js");
  return readFileSync(path, "utf8").replace(/<\/script/gi, "<\\/script");
}
var e = escapeHtml;
function value(v) {
  return v === void 0 ? "—" : `<code>${e(typeof v === "string" ? v : JSON.stringify(v))}</code>`;
}
function fields(list) {
  return list.map((f) => `${e(f.path)}: ${value(f.before)} → ${value(f.after)}`).join("<br>");
}
function workflowSection(set, wd, index) {
  const diagram = diffFlowchart(wd);
  const rows = wd.nodes.filter((n) => n.status !== "unchanged").map(
    (n) => `<tr class="${n.status}"><td><code>${e(n.id)}</code></td><td>${n.status}</td><td>${n.status === "changed" ? fields(n.fields) : e(n.type)}</td></tr>`
  ).join("");
  const edges = wd.edges.filter((x) => x.status !== "unchanged").map(
    (x) => `<tr class="${x.status}"><td><code>${e(x.from)}</code> → <code>${e(x.to)}</code></td><td>edge ${x.status}</td><td>${x.kind}</td></tr>`
  ).join("");
  const changes = set.changes.filter((c) => c.tenant === wd.tenant && c.subject.workflow === wd.name).map(
    (c) => `<li><span class="risk" style="color:${RISK_COLOR[c.risk]}">${c.risk}</span> <code>${c.kind}</code> ${e(c.summary)}</li>`
  ).join("");
  return `<section>
<h2>${e(wd.tenant)} / ${e(wd.name)} <small>${wd.status}</small></h2>
${changes ? `<ul>${changes}</ul>` : ""}
<pre class="mermaid" id="diagram-${index}">${e(diagram.mermaid)}</pre>
${diagram.collapsed > 0 ? `<p class="note">Showing ${diagram.shown} nodes around the changes; ${diagram.collapsed} others are collapsed.</p>` : ""}
${rows || edges ? `<table><tr><th>Node</th><th>Change</th><th>Details</th></tr>${rows}${edges}</table>` : ""}
</section>`;
}
function textDiff(diff) {
  return diff.split("\n").map(
    (line) => `<span class="${line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : ""}">${e(line)}</span>`
  ).join("\n");
}
function diffHtml(set, options = {}) {
  const title = `Charter diff${options.title ? ` — ${options.title}` : ""}`;
  const summaries = set.summaries.map(
    (s) => `<tr><td>${s.tenant === void 0 ? "<i>platform</i>" : e(s.tenant)}</td><td style="color:${RISK_COLOR[s.risk]}">${s.risk}</td><td>${Object.entries(
      s.kinds
    ).map(([k, n]) => `<code>${k}</code>${n > 1 ? ` ×${n}` : ""}`).join(", ")}</td></tr>`
  ).join("");
  const prompts = set.changes.filter((c) => c.textDiff).map(
    (c) => `<details open><summary>${e(c.tenant ?? "")} · ${e(c.summary)}</summary><pre class="diff">${textDiff(c.textDiff)}</pre></details>`
  ).join("");
  const all = [...set.changes].sort((a, b) => riskRank(b.risk) - riskRank(a.risk)).map(
    (c) => `<tr><td style="color:${RISK_COLOR[c.risk]}">${c.risk}</td><td><code>${c.kind}</code></td><td>${c.tenant ? e(c.tenant) : "<i>platform</i>"}</td><td>${e(c.summary)}</td></tr>`
  ).join("");
  const worst = maxRisk(set.changes.map((c) => c.risk));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>
body { font: 14px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 1100px; color: #24292f; padding: 0 1rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; } td, th { border: 1px solid #d0d7de; padding: .25rem .5rem; text-align: left; vertical-align: top; }
tr.added td:nth-child(2) { color: #1a7f37; } tr.removed td:nth-child(2) { color: #cf222e; } tr.changed td:nth-child(2) { color: #9a6700; }
section { border-top: 1px solid #d0d7de; margin-top: 1.5rem; } .note { color: #57606a; }
pre.mermaid { background: #fff; } pre.diff { background: #f6f8fa; padding: .5rem; overflow-x: auto; }
.add { color: #1a7f37; } .del { color: #cf222e; } .hunk { color: #8250df; } .risk { font-weight: 600; }
</style>
</head>
<body>
<h1>${e(title)}</h1>
<p>${set.changes.length === 0 ? "No governed changes." : `${set.changes.length} changes${set.base ? ` from <code>${e(set.base.slice(0, 12))}</code>` : ""}${set.head ? ` to <code>${e(set.head.slice(0, 12))}</code>` : ""}; highest risk <b style="color:${RISK_COLOR[worst]}">${worst}</b>.`}</p>
${summaries ? `<table><tr><th>Tenant</th><th>Risk</th><th>Changes</th></tr>${summaries}</table>` : ""}
${set.workflows.map((wd, i) => workflowSection(set, wd, i)).join("\n")}
${prompts ? `<section><h2>Prompt text</h2>${prompts}</section>` : ""}
${all ? `<section><h2>All changes</h2><table><tr><th>Risk</th><th>Kind</th><th>Tenant</th><th>What</th></tr>${all}</table></section>` : ""}
<script>${mermaidBundle()}</script>
<script>
(async () => {
  const state = { done: false, rendered: 0, errors: [] };
  window.__charter = state;
  try {
    mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "default" });
    const blocks = [...document.querySelectorAll("pre.mermaid")];
    for (const [i, block] of blocks.entries()) {
      try {
        const { svg } = await mermaid.render("svg-" + i, block.textContent);
        block.innerHTML = svg;
        state.rendered++;
      } catch (error) {
        state.errors.push({ id: block.id, message: String(error && error.message || error) });
        block.classList.add("error");
      }
    }
  } catch (error) {
    state.errors.push({ id: "init", message: String(error && error.message || error) });
  }
  state.done = true;
})();
</script>
</body>
</html>
`;
}

export {
  diffFlowchart,
  mermaidBundle,
  diffHtml
};
