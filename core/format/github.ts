import type { Diagnostic } from "../diagnostics/diagnostic.ts";

/** Escaping rules of GitHub workflow commands (toolkit `command.ts`). */
function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

const COMMAND = { error: "error", warning: "warning", info: "notice" } as const;

/** GitHub Actions annotations (`::error file=…,line=…::message`), one per diagnostic. */
export function formatGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const props = [
        `file=${escapeProperty(d.file)}`,
        `line=${d.line}`,
        `col=${d.column}`,
        ...(d.endLine !== undefined ? [`endLine=${d.endLine}`] : []),
        ...(d.endColumn !== undefined && d.endLine === d.line ? [`endColumn=${d.endColumn}`] : []),
        `title=${escapeProperty(`charter ${d.rule}`)}`,
      ];
      return `::${COMMAND[d.severity]} ${props.join(",")}::${escapeData(d.message)}\n`;
    })
    .join("");
}
