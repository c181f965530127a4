import type { Diagnostic } from "../diagnostics/diagnostic.ts";

export interface SarifRule {
  id: string;
  description: string;
  severity: Diagnostic["severity"];
}

const LEVEL = { error: "error", warning: "warning", info: "note" } as const;

/**
 * SARIF 2.1.0, as GitHub code scanning reads it: one run, the rule catalogue in `tool.driver.rules`,
 * results located relative to the repository root (`%SRCROOT%`).
 */
export function formatSarif(
  diagnostics: readonly Diagnostic[],
  rules: readonly SarifRule[],
  version: string,
): string {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "charter",
            informationUri: "https://github.com/charter-dev/charter",
            semanticVersion: version,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
              shortDescription: { text: r.description },
              defaultConfiguration: { level: LEVEL[r.severity] },
            })),
          },
        },
        results: diagnostics.map((d) => ({
          ruleId: d.rule,
          ...(index.has(d.rule) ? { ruleIndex: index.get(d.rule) } : {}),
          level: LEVEL[d.severity],
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(d.file), uriBaseId: "%SRCROOT%" },
                region: {
                  startLine: d.line,
                  startColumn: d.column,
                  ...(d.endLine !== undefined ? { endLine: d.endLine } : {}),
                  ...(d.endColumn !== undefined ? { endColumn: d.endColumn } : {}),
                },
              },
            },
          ],
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
