import type { Diagnostic, DiagnosticSummary } from "../diagnostics/diagnostic.ts";

/** `{ diagnostics: [{ rule, severity, file, line, column, message }], summary }`: a stable machine format. */
export function formatJson(diagnostics: readonly Diagnostic[], summary: DiagnosticSummary): string {
  const rows = diagnostics.map(({ rule, severity, file, line, column, message }) => ({
    rule,
    severity,
    file,
    line,
    column,
    message,
  }));
  return `${JSON.stringify({ diagnostics: rows, summary }, null, 2)}\n`;
}
