import type { Diagnostic, DiagnosticSummary, Severity } from "../diagnostics/diagnostic.ts";

export interface PrettyOptions {
  color: boolean;
}

const CODES = { red: 31, yellow: 33, cyan: 36, dim: 2, bold: 1, green: 32, underline: 4 } as const;

/** Terminal output: diagnostics grouped by file, one line each, then a summary line. */
export function formatPretty(
  diagnostics: readonly Diagnostic[],
  summary: DiagnosticSummary,
  options: PrettyOptions,
): string {
  const paint = (code: keyof typeof CODES, s: string) =>
    options.color ? `\x1b[${CODES[code]}m${s}\x1b[0m` : s;
  const label: Record<Severity, string> = {
    error: paint("red", "error"),
    warning: paint("yellow", "warning"),
    info: paint("cyan", "info"),
  };
  const lines: string[] = [];
  let current: string | undefined;
  for (const d of diagnostics) {
    if (d.file !== current) {
      if (current !== undefined) lines.push("");
      lines.push(paint("underline", d.file));
      current = d.file;
    }
    const where = paint("dim", `${d.line}:${d.column}`.padEnd(8));
    lines.push(
      `  ${where} ${label[d.severity].padEnd(options.color ? 16 : 7)} ${d.message}  ${paint("dim", d.rule)}`,
    );
  }
  if (lines.length) lines.push("");
  lines.push(summaryLine(summary, paint));
  return `${lines.join("\n")}\n`;
}

function summaryLine(s: DiagnosticSummary, paint: (c: keyof typeof CODES, t: string) => string): string {
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  const files = plural(s.files, "file");
  if (s.errors === 0 && s.warnings === 0) return paint("green", `✔ ${files} checked, no problems`);
  const parts = [plural(s.errors, "error"), plural(s.warnings, "warning")];
  const text = `${s.errors > 0 ? "✖" : "⚠"} ${parts.join(", ")} in ${files}`;
  return s.errors > 0 ? paint("red", paint("bold", text)) : paint("yellow", text);
}
