import {
  diffText
} from "./chunk-4PC34CWJ.js";
import {
  diffFlowchart,
  diffHtml
} from "./chunk-5QZAS6DA.js";
import "./chunk-IB7ADM4Y.js";
import {
  useColor
} from "./chunk-2YATZ3QT.js";
import {
  diffProject
} from "./chunk-7XOL4EQ4.js";
import {
  cell
} from "./chunk-FXXQ7OWI.js";
import "./chunk-DUGSIOLX.js";
import {
  CHANGE_KIND_INFO,
  maxRisk,
  riskRank
} from "./chunk-4FYGECKA.js";
import "./chunk-6TJ5RCH4.js";
import "./chunk-VGNTAH4S.js";
import {
  UserError
} from "./chunk-XC2IMODC.js";

// cli/commands/diff.ts
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";

// core/report/diff-markdown.ts
var DIFF_COMMENT_MARKER = "<!-- charter:diff -->";
var GITHUB_COMMENT_LIMIT = 65536;
var RISK_ICON = { low: "🟢", medium: "🟡", high: "🟠", critical: "🔴" };
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

// cli/commands/diff.ts
function changeSetJson(set) {
  const workflows = set.workflows.map(({ base: _b, head: _h, ...rest }) => rest);
  return `${JSON.stringify({ base: set.base, head: set.head, summaries: set.summaries, changes: set.changes, workflows }, null, 2)}
`;
}
function mermaidBlocks(set) {
  return set.workflows.map((wd) => `%% ${wd.tenant}/${wd.name} (${wd.status})
${diffFlowchart(wd).mermaid}`).join("\n");
}
async function diffCommand(dir, options, io) {
  if (!options.base)
    throw new UserError("charter diff needs --base REF (the git ref to compare with, e.g. origin/main).");
  const root = resolve(io.cwd, dir);
  const { changeSet, headDiagnostics } = await diffProject({
    dir: root,
    base: options.base,
    head: options.head
  });
  const errors = headDiagnostics.filter((d) => d.severity === "error").length;
  if (errors > 0) {
    io.stderr(
      `warning: the head has ${errors} lint error${errors === 1 ? "" : "s"}; files that do not validate are left out of the diff. Run charter lint.
`
    );
  }
  let text;
  switch (options.format) {
    case "json":
      text = changeSetJson(changeSet);
      break;
    case "markdown":
      text = diffMarkdown(changeSet, { title: dir }).body;
      break;
    case "mermaid":
      text = mermaidBlocks(changeSet);
      break;
    default:
      text = diffText(changeSet, { color: !options.output && useColor(io) });
  }
  if (options.output) await writeFile(resolve(io.cwd, options.output), text);
  else io.stdout(text);
  if (options.html) {
    const out = resolve(io.cwd, options.html);
    await writeFile(out, diffHtml(changeSet, { title: dir }));
    io.stderr(`wrote ${options.html}
`);
  }
  return 0;
}
export {
  changeSetJson,
  diffCommand,
  mermaidBlocks
};
