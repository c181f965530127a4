import type { Diagnostic, DiagnosticSummary } from "../diagnostics/diagnostic.ts";
import { LINT_RULES, LOADER_RULES } from "../lint/registry.ts";
import { formatGithub } from "./github.ts";
import { formatJson } from "./json.ts";
import { formatPretty } from "./pretty.ts";
import { formatSarif } from "./sarif.ts";

export const FORMATS = ["pretty", "json", "sarif", "github"] as const;
export type Format = (typeof FORMATS)[number];

export function renderDiagnostics(
  format: Format,
  diagnostics: readonly Diagnostic[],
  summary: DiagnosticSummary,
  options: { color?: boolean; version?: string } = {},
): string {
  switch (format) {
    case "json":
      return formatJson(diagnostics, summary);
    case "sarif":
      return formatSarif(diagnostics, [...LOADER_RULES, ...LINT_RULES], options.version ?? "0.0.0");
    case "github":
      return formatGithub(diagnostics);
    default:
      return formatPretty(diagnostics, summary, { color: options.color ?? false });
  }
}
