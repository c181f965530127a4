/** `charter eval --compare`: the same cases through several routes, side by side. */
import type { CaseResult, EvalReport } from "../results.ts";
import { percentile } from "../results.ts";
import { pct, usd } from "./table.ts";

const caseError = (c: CaseResult): string | undefined => c.error ?? c.runs.find((r) => r.error)?.error;

export function formatCompareTable(report: EvalReport, routes: readonly string[]): string {
  const lines: string[] = [];
  for (const s of report.suites) {
    lines.push(`${s.tenant}/${s.name}`);
    const header = ["route", "pass rate", "mean score", "errors", "cost", "cost/case", "p50", "p95"];
    const notes: string[] = [];
    const rows = routes.map((route) => {
      const cases = s.cases.filter((c) => c.route === route);
      const errored = cases.filter((c) => caseError(c) !== undefined);
      const lat = cases.flatMap((c) => c.runs.filter((r) => !r.error).map((r) => r.latencyMs));
      const cost = cases.reduce((sum, c) => sum + c.costUsd, 0);
      if (errored.length > 0)
        notes.push(
          `  ${route}: ${errored.length} of ${cases.length} case(s) errored, e.g. ${caseError(errored[0]!)}`,
        );
      const ms = (p: number) => (lat.length ? `${Math.round(percentile(lat, p))} ms` : "—");
      return [
        route,
        cases.length ? pct(cases.filter((c) => c.pass).length / cases.length) : "—",
        cases.length ? (cases.reduce((sum, c) => sum + c.score, 0) / cases.length).toFixed(2) : "—",
        String(errored.length),
        usd(cost),
        usd(cases.length ? cost / cases.length : 0),
        ms(50),
        ms(95),
      ];
    });
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join("  ")}`.trimEnd();
    lines.push(line(header), ...rows.map(line), ...notes, "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
