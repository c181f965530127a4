/**
 * `charter diff --html`: one self-contained page (Mermaid bundled inline, no network) that renders
 * every diagram of the change set. The page records what rendered in `window.__charter`, which the
 * browser test reads.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { RiskLevel } from "../../workflows-schema/index.ts";
import type { ChangeSet, FieldChange, WorkflowDiff } from "../diff/change.ts";
import { maxRisk, riskRank } from "../diff/kinds.ts";
import { diffFlowchart } from "../mermaid/diff-flowchart.ts";
import { escapeHtml } from "./markdown-escape.ts";

const RISK_COLOR: Record<RiskLevel, string> = {
  low: "#1a7f37",
  medium: "#9a6700",
  high: "#bc4c00",
  critical: "#cf222e",
};

/** Mermaid's browser bundle, safe to inline in a `<script>` element. */
export function mermaidBundle(): string {
  const path = createRequire(import.meta.url).resolve("mermaid/dist/mermaid.min.js");
  // `</script` inside the bundle would end the inline script early.
  return readFileSync(path, "utf8").replace(/<\/script/gi, "<\\/script");
}

const e = escapeHtml;

function value(v: unknown): string {
  return v === undefined ? "—" : `<code>${e(typeof v === "string" ? v : JSON.stringify(v))}</code>`;
}

function fields(list: readonly FieldChange[]): string {
  return list.map((f) => `${e(f.path)}: ${value(f.before)} → ${value(f.after)}`).join("<br>");
}

function workflowSection(set: ChangeSet, wd: WorkflowDiff, index: number): string {
  const diagram = diffFlowchart(wd);
  const rows = wd.nodes
    .filter((n) => n.status !== "unchanged")
    .map(
      (n) =>
        `<tr class="${n.status}"><td><code>${e(n.id)}</code></td><td>${n.status}</td><td>${n.status === "changed" ? fields(n.fields) : e(n.type)}</td></tr>`,
    )
    .join("");
  const edges = wd.edges
    .filter((x) => x.status !== "unchanged")
    .map(
      (x) =>
        `<tr class="${x.status}"><td><code>${e(x.from)}</code> → <code>${e(x.to)}</code></td><td>edge ${x.status}</td><td>${x.kind}</td></tr>`,
    )
    .join("");
  const changes = set.changes
    .filter((c) => c.tenant === wd.tenant && c.subject.workflow === wd.name)
    .map(
      (c) =>
        `<li><span class="risk" style="color:${RISK_COLOR[c.risk]}">${c.risk}</span> <code>${c.kind}</code> ${e(c.summary)}</li>`,
    )
    .join("");
  return `<section>
<h2>${e(wd.tenant)} / ${e(wd.name)} <small>${wd.status}</small></h2>
${changes ? `<ul>${changes}</ul>` : ""}
<pre class="mermaid" id="diagram-${index}">${e(diagram.mermaid)}</pre>
${diagram.collapsed > 0 ? `<p class="note">Showing ${diagram.shown} nodes around the changes; ${diagram.collapsed} others are collapsed.</p>` : ""}
${rows || edges ? `<table><tr><th>Node</th><th>Change</th><th>Details</th></tr>${rows}${edges}</table>` : ""}
</section>`;
}

function textDiff(diff: string): string {
  return diff
    .split("\n")
    .map(
      (line) =>
        `<span class="${line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : ""}">${e(line)}</span>`,
    )
    .join("\n");
}

export function diffHtml(set: ChangeSet, options: { title?: string } = {}): string {
  const title = `Charter diff${options.title ? ` — ${options.title}` : ""}`;
  const summaries = set.summaries
    .map(
      (s) =>
        `<tr><td>${s.tenant === undefined ? "<i>platform</i>" : e(s.tenant)}</td><td style="color:${RISK_COLOR[s.risk]}">${s.risk}</td><td>${Object.entries(
          s.kinds,
        )
          .map(([k, n]) => `<code>${k}</code>${n! > 1 ? ` ×${n}` : ""}`)
          .join(", ")}</td></tr>`,
    )
    .join("");
  const prompts = set.changes
    .filter((c) => c.textDiff)
    .map(
      (c) =>
        `<details open><summary>${e(c.tenant ?? "")} · ${e(c.summary)}</summary><pre class="diff">${textDiff(c.textDiff!)}</pre></details>`,
    )
    .join("");
  const all = [...set.changes]
    .sort((a, b) => riskRank(b.risk) - riskRank(a.risk))
    .map(
      (c) =>
        `<tr><td style="color:${RISK_COLOR[c.risk]}">${c.risk}</td><td><code>${c.kind}</code></td><td>${c.tenant ? e(c.tenant) : "<i>platform</i>"}</td><td>${e(c.summary)}</td></tr>`,
    )
    .join("");
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
