/** The verdict in words: a Markdown block for the top of the PR comment and the job summary, and text for the terminal. */
import type { Verdict } from "../../workflows-schema/index.ts";
import { cell } from "../report/markdown-escape.ts";
import { approvalWords } from "./approval-state.ts";
import type { Confidence, Reason, Severity } from "./verdict.ts";

export const CONFIDENCE_MARKER = "<!-- charter:confidence -->";

const HEADLINE: Record<Verdict, string> = {
  ready: "🟢 Release confidence: **ready**",
  "needs-attention": "🟡 Release confidence: **needs attention**",
  blocked: "🔴 Release confidence: **blocked**",
};
const ICON: Record<Severity, string> = { blocker: "⛔", attention: "⚠️", info: "ℹ️" };
const MAX_LISTED = 30;

function coverageWords(c: Confidence): string {
  const covered = c.coverage.filter((i) => i.coveredBy.length > 0).length;
  return c.coverage.length === 0
    ? "nothing changed that an eval case could exercise"
    : `${covered}/${c.coverage.length} changed nodes, prompts and workflows exercised by an eval case`;
}

function whereOf(r: Reason): string {
  const w = r.where;
  if (!w) return "";
  // The tenant alone says nothing the message does not (the JSON keeps it).
  return w.file ? `${w.file}${w.line ? `:${w.line}` : ""}` : (w.entity ?? "");
}

/** One line under the headline: score, coverage, approvals. */
function facts(c: Confidence): string {
  return `risk score ${c.score} (attention ≥ ${c.thresholds.needsAttention}, blocked ≥ ${c.thresholds.blocked}) · ${coverageWords(c)} · approvals: ${approvalWords(c.approvals)}`;
}

export function confidenceMarkdown(c: Confidence): string {
  const shown = c.reasons.filter((r) => r.severity !== "info");
  const notes = c.reasons.filter((r) => r.severity === "info");
  const line = (r: Reason) => {
    const at = whereOf(r);
    return `- ${ICON[r.severity]} \`${r.code}\`${at ? ` <code>${cell(at)}</code>` : ""} ${cell(r.message)}`;
  };
  const out = [CONFIDENCE_MARKER, `### ${HEADLINE[c.verdict]}`, "", facts(c), ""];
  out.push(...shown.slice(0, MAX_LISTED).map(line));
  if (shown.length > MAX_LISTED) out.push(`- …and ${shown.length - MAX_LISTED} more (see the JSON output).`);
  if (notes.length > 0)
    out.push(
      "",
      `<details><summary>${notes.length} note${notes.length === 1 ? "" : "s"}</summary>`,
      "",
      ...notes.slice(0, MAX_LISTED).map(line),
      "",
      "</details>",
    );
  return `${out.join("\n")}\n`;
}

const TEXT_HEADLINE: Record<Verdict, string> = {
  ready: "✔ ready",
  "needs-attention": "! needs attention",
  blocked: "✖ blocked",
};

export function confidenceText(c: Confidence): string {
  const out = [`release confidence: ${TEXT_HEADLINE[c.verdict]}`, `  ${facts(c)}`, ""];
  for (const r of c.reasons) {
    const at = whereOf(r);
    out.push(`  ${r.severity.padEnd(9)} ${r.code.padEnd(20)} ${at ? `${at}: ` : ""}${r.message}`);
  }
  return `${out.join("\n")}\n`;
}

/** JSON for machines: the verdict, reasons, score and coverage (approvals as their state, not the whole decision). */
export function confidenceJson(c: Confidence): string {
  const approvals =
    c.approvals.source === "decision"
      ? { source: "decision", conclusion: c.approvals.decision.conclusion, title: c.approvals.decision.title }
      : c.approvals;
  return `${JSON.stringify({ ...c, approvals }, null, 2)}\n`;
}
