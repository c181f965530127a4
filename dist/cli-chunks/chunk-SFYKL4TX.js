// core/eval/format/table.ts
function pct(x) {
  return `${(x * 100).toFixed(x === 1 || x === 0 ? 0 : 1)}%`;
}
function usd(x) {
  return x === 0 ? "$0" : x < 0.01 ? `$${x.toFixed(5)}` : `$${x.toFixed(4)}`;
}
function formatTable(report, options) {
  const paint = (code, s) => options.color ? `\x1B[${code}m${s}\x1B[0m` : s;
  const rows = report.suites.map((s) => [
    s.passed ? paint(32, "✔") : paint(31, "✖"),
    `${s.tenant}/${s.name}`,
    `${pct(s.passRate)} (≥ ${pct(s.threshold)})`,
    `${s.cases.filter((c) => c.pass).length}/${s.cases.length}`,
    usd(s.costUsd + s.gradingCostUsd),
    `${Math.round(s.p95LatencyMs)} ms`
  ]);
  const header = ["", "suite", "pass rate", "cases", "cost", "p95"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => stripAnsi(r[i]).length)));
  const line = (cells) => cells.map((c, i) => c + " ".repeat(widths[i] - stripAnsi(c).length)).join("  ");
  const out = [line(header), ...rows.map(line)];
  for (const s of report.suites) {
    for (const c of s.cases.filter((x) => !x.pass)) {
      out.push(
        "",
        `${paint(31, "✖")} ${s.tenant}/${s.name} › ${c.id}${c.route ? ` @ ${c.route}` : ""} — ${c.passCount}/${c.runs.length} runs passed (needs ${s.minPass})`
      );
      if (c.error) out.push(`    error: ${c.error}`);
      const failed = c.runs.flatMap((r) => r.error ? [] : r.assertions.filter((a) => !a.pass));
      for (const a of failed.slice(0, 5)) out.push(`    ${a.type}: ${a.reason}`);
    }
  }
  const sum = report.summary;
  out.push(
    "",
    `${sum.failedSuites === 0 ? paint(32, "✔") : paint(31, "✖")} ${sum.suites} suite${sum.suites === 1 ? "" : "s"}, ${sum.passedCases}/${sum.cases} cases passed, ${sum.errors} error${sum.errors === 1 ? "" : "s"}, ${usd(sum.costUsd)}, ${sum.providerCalls} provider call${sum.providerCalls === 1 ? "" : "s"}, ${(sum.durationMs / 1e3).toFixed(1)} s`
  );
  return `${out.join("\n")}
`;
}
function stripAnsi(s) {
  return s.replace(/\x1b\[[0-9;]*m/g, "");
}

export {
  pct,
  usd,
  formatTable
};
