/**
 * The diff as Markdown for the sticky PR comment and the job summary: a risk summary per tenant,
 * then a section per changed workflow (diagram, node table, prompt text diffs), then every other
 * change. The body always fits the size budget; what does not fit is replaced by a clear note.
 */

import type { RiskLevel } from "../../workflows-schema/index.ts";
import type { Change, ChangeSet, FieldChange, WorkflowDiff } from "../diff/change.ts";
import { CHANGE_KIND_INFO, maxRisk, riskRank } from "../diff/kinds.ts";
import { diffFlowchart } from "../mermaid/diff-flowchart.ts";
import { cell } from "./markdown-escape.ts";

/** The hidden marker that identifies Charter's comment (never the bot's login). */
export const DIFF_COMMENT_MARKER = "<!-- charter:diff -->";

/** GitHub refuses comment bodies over 65,536 characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

const RISK_ICON: Record<RiskLevel, string> = { low: "🟢", medium: "🟡", high: "🟠", critical: "🔴" };

export interface MarkdownOptions {
  /** Character budget for the whole body. */
  maxChars?: number;
  /** Shown in the heading, e.g. "examples/acme". */
  title?: string;
}

export interface RenderedMarkdown {
  body: string;
  /** True when sections were shortened or left out to fit the budget. */
  truncated: boolean;
}

function code(value: unknown, max = 60): string {
  let s = typeof value === "string" ? value : JSON.stringify(value);
  if (s === undefined) s = "—";
  if ([...s].length > max) s = `${[...s].slice(0, max - 1).join("")}…`;
  return `<code>${cell(s)}</code>`;
}

function fieldText(f: FieldChange): string {
  if (f.before === undefined) return `${cell(f.path)}: added ${code(f.after)}`;
  if (f.after === undefined) return `${cell(f.path)}: removed (was ${code(f.before)})`;
  return `${cell(f.path)}: ${code(f.before)} → ${code(f.after)}`;
}

/** A fence longer than any run of backticks inside, so content can never close it early. */
function fenced(lang: string, text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${lang}\n${text.endsWith("\n") ? text : `${text}\n`}${fence}`;
}

function summaryTable(set: ChangeSet): string {
  const rows = set.summaries.map((s) => {
    const kinds = Object.entries(s.kinds)
      .map(([k, n]) => `<code>${k}</code>${n! > 1 ? ` ×${n}` : ""}`)
      .join(", ");
    return `| ${s.tenant === undefined ? "_platform_" : `<b>${cell(s.tenant)}</b>`} | ${RISK_ICON[s.risk]} ${s.risk} | ${kinds} |`;
  });
  return ["| Tenant | Risk | Changes |", "|---|---|---|", ...rows].join("\n");
}

function nodeTable(wd: WorkflowDiff): string {
  const rows = wd.nodes
    .filter((n) => n.status !== "unchanged")
    .map((n) => {
      const details = n.status === "changed" ? n.fields.map(fieldText).join("<br>") : n.type;
      return `| <code>${cell(n.id)}</code> | ${n.status} | ${details} |`;
    });
  const edges = wd.edges
    .filter((e) => e.status !== "unchanged")
    .map(
      (e) => `| <code>${cell(e.from)}</code> → <code>${cell(e.to)}</code> | edge ${e.status} | ${e.kind} |`,
    );
  if (rows.length + edges.length === 0) return "";
  return ["| Node | Change | Details |", "|---|---|---|", ...rows, ...edges].join("\n");
}

const LEGEND_TEXT =
  "<sub>Green: added · yellow: changed · red, dashed: removed · grey: unchanged. Green and red arrows are added and removed dependencies; dotted arrows are fallbacks.</sub>";

interface Section {
  /** Full text. */
  full: string;
  /** Shorter text used when the budget is tight (undefined: the section can only be dropped). */
  short?: string;
}

function workflowSection(set: ChangeSet, wd: WorkflowDiff): Section {
  const heading = `### ${cell(wd.tenant)} / ${cell(wd.name)} — ${wd.status === "renamed" ? `renamed from ${cell(wd.renamedFrom ?? "")}` : wd.status}`;
  const risks = set.changes.filter((c) => c.tenant === wd.tenant && c.subject.workflow === wd.name);
  const riskLine =
    risks.length > 0
      ? `\n${risks.map((c) => `- ${RISK_ICON[c.risk]} <code>${c.kind}</code> ${cell(c.summary)}`).join("\n")}\n`
      : "";
  const diagram = diffFlowchart(wd);
  const note =
    diagram.collapsed > 0
      ? `\n<sub>Showing ${diagram.shown} nodes around the changes; ${diagram.collapsed} others are collapsed.${diagram.omittedChanges > 0 ? ` ${diagram.omittedChanges} changed nodes are only in the table.` : ""}</sub>\n`
      : "";
  const table = nodeTable(wd);
  const full = [heading, riskLine, fenced("mermaid", diagram.mermaid), LEGEND_TEXT, note, table]
    .filter(Boolean)
    .join("\n");
  const short = [
    heading,
    riskLine,
    "<sub>Diagram left out to fit GitHub's comment size limit; run <code>charter diff --html</code> to see it.</sub>",
    table,
  ]
    .filter(Boolean)
    .join("\n");
  return { full, short };
}

function promptSection(c: Change): Section {
  const title = `<b>${cell(c.tenant ?? "")}</b> · ${cell(c.summary)}`;
  const full = `<details><summary>${title}</summary>\n\n${fenced("diff", c.textDiff ?? "")}\n\n</details>`;
  return { full, short: `- ${title} (text diff left out to fit the comment)` };
}

function allChanges(changes: readonly Change[], limit = changes.length): string {
  if (changes.length === 0) return "";
  // Riskiest first, so a shortened table keeps what matters.
  const sorted = [...changes].sort((a, b) => riskRank(b.risk) - riskRank(a.risk));
  const rows = sorted
    .slice(0, limit)
    .map(
      (c) =>
        `| ${RISK_ICON[c.risk]} ${c.risk} | <code>${c.kind}</code> | ${c.tenant ? cell(c.tenant) : "_platform_"} | ${cell(c.summary)} |`,
    );
  const more =
    changes.length > limit
      ? `\n\n…and ${changes.length - limit} lower-risk changes, left out to fit the comment.`
      : "";
  return (
    ["### All changes", "", "| Risk | Kind | Tenant | What |", "|---|---|---|---|", ...rows].join("\n") + more
  );
}

/** Renders the change set, shortening or dropping sections (largest impact last) until it fits. */
export function diffMarkdown(set: ChangeSet, options: MarkdownOptions = {}): RenderedMarkdown {
  const maxChars = options.maxChars ?? GITHUB_COMMENT_LIMIT - 1_000;
  const head = [
    DIFF_COMMENT_MARKER,
    `## 🧭 Charter diff${options.title ? ` — ${cell(options.title)}` : ""}`,
    "",
    set.changes.length === 0
      ? "No governed changes: workflows, prompts, routes, tools, policies and evals are the same as on the base."
      : `${set.base ? `Base <code>${set.base.slice(0, 7)}</code> → head <code>${(set.head ?? "working tree").slice(0, 7)}</code> · ` : ""}${set.changes.length} change${set.changes.length === 1 ? "" : "s"}, highest risk ${RISK_ICON[worst(set)]} <b>${worst(set)}</b>.`,
    "",
    set.changes.length > 0 ? summaryTable(set) : "",
  ].join("\n");

  const sections: Section[] = [
    ...set.workflows.map((wd) => workflowSection(set, wd)),
    ...set.changes.filter((c) => c.textDiff).map(promptSection),
  ];
  let all = allChanges(set.changes);
  const kindsLegend = `<details><summary>What the change kinds mean</summary>\n\n${[
    ...new Set(set.changes.map((c) => c.kind)),
  ]
    .map((k) => `- <code>${k}</code>: ${CHANGE_KIND_INFO[k].description}`)
    .join("\n")}\n\n</details>`;

  const assemble = (parts: string[], tail: string) =>
    [head, ...parts, all, set.changes.length ? kindsLegend : "", tail].filter(Boolean).join("\n\n");
  let texts = sections.map((s) => s.full);
  let body = assemble(texts, "");
  let truncated = false;
  // Shorten from the last section backwards, then drop whole sections, until it fits.
  for (let i = sections.length - 1; i >= 0 && body.length > maxChars; i--) {
    if (sections[i]!.short === undefined) continue;
    texts[i] = sections[i]!.short!;
    truncated = true;
    body = assemble(texts, "");
  }
  while (body.length > maxChars && texts.length > 0) {
    texts = texts.slice(0, -1);
    truncated = true;
    body = assemble(
      texts,
      `> ⚠️ ${sections.length - texts.length} section(s) left out to stay under GitHub's comment size limit. The job summary and \`charter diff --html\` show everything.`,
    );
  }
  for (
    let limit = Math.floor(set.changes.length / 2);
    body.length > maxChars && limit >= 1;
    limit = Math.floor(limit / 2)
  ) {
    all = allChanges(set.changes, limit);
    body = assemble(
      texts,
      "> ⚠️ Sections left out to stay under GitHub's comment size limit. The job summary and `charter diff --html` show everything.",
    );
  }
  return { body: `${body}\n`, truncated };
}

function worst(set: ChangeSet): RiskLevel {
  return maxRisk(set.changes.map((c) => c.risk));
}
