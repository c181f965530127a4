/** `charter eval --compare`: the same cases through several routes, side by side. */
import type { EvalReport } from "../results.ts";
import { percentile } from "../results.ts";
import { pct, usd } from "./table.ts";

export function formatCompareTable(report: EvalReport, routes: readonly string[]): string {
  const lines: string[] = [];
  for (const s of report.suites) {
    lines.push(`${s.tenant}/${s.name}`);
    const header = ["route", "pass rate", "mean score", "cost", "cost/case", "p50", "p95"];
    const rows = routes.map((route) => {
      const cases = s.cases.filter((c) => c.route === route);
      const lat = cases.flatMap((c) => c.runs.filter((r) => !r.error).map((r) => r.latencyMs));
      const cost = cases.reduce((sum, c) => sum + c.costUsd, 0);
      return [
        route,
        cases.length ? pct(cases.filter((c) => c.pass).length / cases.length) : "—",
        cases.length ? (cases.reduce((sum, c) => sum + c.score, 0) / cases.length).toFixed(2) : "—",
        usd(cost),
        usd(cases.length ? cost / cases.length : 0),
        `${Math.round(percentile(lat, 50))} ms`,
        `${Math.round(percentile(lat, 95))} ms`,
      ];
    });
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join("  ")}`;
    lines.push(line(header), ...rows.map(line), "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
