/** The base-vs-head evaluation as a sticky PR comment and job summary. */
import { cell } from "../../report/markdown-escape.ts";
import type { CaseDelta, Comparison, SuiteDelta } from "../compare.ts";
import type { CaseResult } from "../results.ts";
import { evalSummary, evalSummaryBlock } from "./summary-block.ts";
import { pct, usd } from "./table.ts";

export const EVAL_COMMENT_MARKER = "<!-- charter:eval -->";

function perRun(s: SuiteDelta["base"]): number {
  if (!s || s.cases.length === 0) return 0;
  return (s.costUsd + s.gradingCostUsd) / s.cases.reduce((n, c) => n + c.runs.length, 0);
}

function verdict(c: CaseResult | undefined): string {
  if (!c) return "—";
  if (c.error) return "⚠️ error";
  return c.pass ? `✅ ${c.passCount}/${c.runs.length}` : `❌ ${c.passCount}/${c.runs.length}`;
}

function why(c: CaseResult | undefined): string {
  if (!c) return "";
  if (c.error) return cell(c.error.slice(0, 200));
  const failed = c.runs.flatMap((r) => r.assertions.filter((a) => !a.pass));
  return failed
    .slice(0, 2)
    .map((a) => `<code>${a.type}</code> ${cell(a.reason.slice(0, 160))}`)
    .join("<br>");
}

const ORDER: Record<CaseDelta["change"], number> = {
  regressed: 0,
  fixed: 1,
  "still-failing": 2,
  new: 3,
  removed: 4,
  "still-passing": 5,
};

export function evalMarkdown(
  cmp: Comparison,
  options: { maxChars?: number; headSha?: string; header?: string } = {},
): string {
  const max = options.maxChars ?? 60_000;
  const regressions = cmp.suites.reduce((n, s) => n + s.regressions, 0);
  const fixes = cmp.suites.reduce((n, s) => n + s.fixes, 0);
  const head = [
    EVAL_COMMENT_MARKER,
    ...(options.headSha ? [evalSummaryBlock(evalSummary(cmp, options.headSha))] : []),
    // Shown above everything else (the release-confidence verdict).
    ...(options.header ? [options.header] : []),
    "## 🧪 Charter eval — base vs head",
    "",
    `${cmp.conclusion === "success" ? "✅" : "❌"} ${regressions} regression${regressions === 1 ? "" : "s"}, ${fixes} fix${fixes === 1 ? "" : "es"} · ${cmp.suites.length} suite${cmp.suites.length === 1 ? "" : "s"} affected${cmp.unaffected.length ? `, ${cmp.unaffected.length} unaffected (not run)` : ""} · ${cmp.providerCalls} provider call${cmp.providerCalls === 1 ? "" : "s"}`,
    ...cmp.reasons.map((r) => `- ${cell(r)}`),
    "",
  ];
  if (cmp.suites.length === 0)
    return `${[...head, "No evaluation suite is affected by this change."].join("\n")}\n`;
  const table = [
    "| Suite | Pass rate base → head | Regressions | Fixes | New | Removed | Cost per run base → head | p95 latency base → head |",
    "|---|---|---|---|---|---|---|---|",
    ...cmp.suites.map((s) => {
      const rate = `${s.base ? pct(s.base.passRate) : "—"} → ${s.head ? pct(s.head.passRate) : "—"}${s.head && !s.head.passed ? " ❌" : ""}`;
      const lat = `${s.base ? Math.round(s.base.p95LatencyMs) : "—"} → ${s.head ? Math.round(s.head.p95LatencyMs) : "—"} ms`;
      return `| <b>${cell(s.tenant)}/${cell(s.name)}</b>${s.status !== "changed" ? ` (${s.status})` : ""} | ${rate} | ${s.regressions} | ${s.fixes} | ${s.added} | ${s.removed} | ${usd(perRun(s.base))} → ${usd(perRun(s.head))} | ${lat} |`;
    }),
  ];
  const details = cmp.suites.map((s) => {
    const shown = s.cases
      .filter((c) => c.change !== "still-passing")
      .sort((a, b) => ORDER[a.change] - ORDER[b.change]);
    if (shown.length === 0) return "";
    const rows = shown.map(
      (c) =>
        `| <code>${cell(c.id)}</code> | ${c.route ? cell(c.route) : ""} | ${c.change} | ${verdict(c.base)} | ${verdict(c.head)} | ${why(c.change === "fixed" ? c.base : c.head)} |`,
    );
    const open = s.regressions > 0 ? " open" : "";
    return `<details${open}><summary><b>${cell(s.tenant)}/${cell(s.name)}</b>: ${s.regressions} regressed, ${s.fixes} fixed, ${shown.length - s.regressions - s.fixes} other</summary>\n\n| Case | Route | Change | Base | Head | Why |\n|---|---|---|---|---|---|\n${rows.join("\n")}\n\n</details>`;
  });
  let body = [...head, ...table, "", ...details.filter(Boolean)].join("\n");
  if (body.length > max) {
    body = `${[...head, ...table].join("\n").slice(0, max - 200)}\n\n> ⚠️ Case details left out to fit GitHub's comment size limit; see the job summary or the JSON artifact.`;
  }
  return `${body}\n`;
}
