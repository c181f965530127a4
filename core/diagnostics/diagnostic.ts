/** Diagnostics are plain values: every front end renders the same list its own way. */

export type Severity = "error" | "warning" | "info";

export interface Position {
  /** Path relative to the governed repository root, with `/` separators. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
  endLine?: number;
  endColumn?: number;
}

export interface Diagnostic extends Position {
  /** Id of the rule that reported it (see `charter lint --list-rules`). */
  rule: string;
  severity: Severity;
  /** What is wrong and what to do about it. */
  message: string;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

export interface DiagnosticSummary {
  errors: number;
  warnings: number;
  infos: number;
  files: number;
}

export function summarize(diagnostics: readonly Diagnostic[], filesChecked: number): DiagnosticSummary {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const d of diagnostics) {
    if (d.severity === "error") errors++;
    else if (d.severity === "warning") warnings++;
    else infos++;
  }
  return { errors, warnings, infos, files: filesChecked };
}

/** Stable de-duplication: the same rule reporting the same thing at the same place once. */
export function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const key = `${d.file}\0${d.line}\0${d.column}\0${d.rule}\0${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}
