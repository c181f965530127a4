/** JUnit XML: one <testsuite> per eval suite, one <testcase> per case (and route), for CI test reporting. */
import type { EvalReport } from "../results.ts";

function xml(s: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the rest are escaped.
  return s
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

export function formatJunit(report: EvalReport): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="charter eval" tests="${report.summary.cases}" failures="${report.summary.cases - report.summary.passedCases}" time="${(report.summary.durationMs / 1000).toFixed(3)}">`,
  ];
  for (const s of report.suites) {
    const failures = s.cases.filter((c) => !c.pass && !c.error).length;
    const errors = s.cases.filter((c) => c.error).length;
    lines.push(
      `  <testsuite name="${xml(`${s.tenant}/${s.name}`)}" tests="${s.cases.length}" failures="${failures}" errors="${errors}" file="${xml(s.file)}">`,
    );
    for (const c of s.cases) {
      const name = `${c.id}${c.route ? ` @ ${c.route}` : ""}`;
      const time = (c.latencyMs / 1000).toFixed(3);
      lines.push(
        `    <testcase classname="${xml(`${s.tenant}.${s.name}`)}" name="${xml(name)}" time="${time}">`,
      );
      if (c.error) {
        lines.push(`      <error message="${xml(c.error)}"/>`);
      } else if (!c.pass) {
        const reasons = c.runs.flatMap((r) =>
          r.assertions.filter((a) => !a.pass).map((a) => `${a.type}: ${a.reason}`),
        );
        lines.push(
          `      <failure message="${xml(`${c.passCount} of ${c.runs.length} runs passed`)}">${xml(reasons.join("\n"))}</failure>`,
        );
      }
      lines.push("    </testcase>");
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return `${lines.join("\n")}\n`;
}
