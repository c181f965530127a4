import { writeFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import type * as Core from "@actions/core";
import type { Diagnostic, DiagnosticSummary } from "../core/diagnostics/diagnostic.ts";
import { withPathPrefix } from "../core/format/paths.ts";
import { renderDiagnostics } from "../core/format/render.ts";
import { ensureCommit } from "../core/git/ensure-commit.ts";
import { lintProject } from "../core/lint/lint.ts";
import { CHARTER_VERSION } from "../core/version.ts";
import type { ActionInputs } from "./inputs.ts";

type ActionsCore = Pick<
  typeof Core,
  "error" | "warning" | "notice" | "setOutput" | "setFailed" | "info" | "summary"
>;

const SUMMARY_ROWS = 200;

/** `command: lint`: annotations on the diff, a job summary table and a SARIF report. */
export async function runLint(inputs: ActionInputs, core: ActionsCore, workspace: string): Promise<void> {
  const dir = resolve(workspace, inputs.path);
  if (inputs.base) await ensureCommit(dir, inputs.base);
  const result = await lintProject({ dir, base: inputs.base });
  // Annotations and SARIF locate files relative to the repository root (the workspace).
  const diagnostics = withPathPrefix(result.diagnostics, relative(workspace, dir));

  for (const d of diagnostics) {
    const props = {
      title: `charter ${d.rule}`,
      file: d.file,
      startLine: d.line,
      startColumn: d.column,
      ...(d.endLine !== undefined && d.endLine === d.line
        ? { endLine: d.endLine, endColumn: d.endColumn }
        : {}),
    };
    if (d.severity === "error") core.error(d.message, props);
    else if (d.severity === "warning") core.warning(d.message, props);
    else core.notice(d.message, props);
  }

  const sarifPath = resolve(workspace, inputs.sarifFile);
  await writeFile(
    sarifPath,
    renderDiagnostics("sarif", diagnostics, result.summary, { version: CHARTER_VERSION }),
  );
  await writeSummary(core, diagnostics, result.summary, inputs.base, result.skipped);

  core.setOutput("errors", String(result.summary.errors));
  core.setOutput("warnings", String(result.summary.warnings));
  core.setOutput("sarif-file", sarifPath);
  core.info(renderDiagnostics("pretty", diagnostics, result.summary, { color: false }));

  const failing =
    inputs.failOn === "error"
      ? result.summary.errors
      : inputs.failOn === "warning"
        ? result.summary.errors + result.summary.warnings
        : 0;
  if (failing > 0) {
    core.setFailed(
      `Charter lint found ${result.summary.errors} error(s) and ${result.summary.warnings} warning(s). See the annotations or the job summary.`,
    );
  }
}

async function writeSummary(
  core: ActionsCore,
  diagnostics: readonly Diagnostic[],
  summary: DiagnosticSummary,
  base: string | undefined,
  skipped: readonly string[],
): Promise<void> {
  const s = core.summary;
  const status = summary.errors > 0 ? "❌" : summary.warnings > 0 ? "⚠️" : "✅";
  s.addHeading(`${status} Charter lint`, 2);
  s.addRaw(
    `${summary.files} governed files checked: <b>${summary.errors}</b> error(s), <b>${summary.warnings}</b> warning(s)${base ? `, compared with <code>${base.slice(0, 12)}</code>` : ""}.`,
    true,
  );
  if (skipped.length > 0) s.addRaw(`<p>Skipped without a base: ${skipped.join(", ")}.</p>`, true);
  if (diagnostics.length > 0) {
    s.addTable([
      [
        { data: "Severity", header: true },
        { data: "Rule", header: true },
        { data: "Location", header: true },
        { data: "Message", header: true },
      ],
      ...diagnostics
        .slice(0, SUMMARY_ROWS)
        .map((d) => [
          d.severity,
          `<code>${d.rule}</code>`,
          `<code>${escapeHtml(d.file)}:${d.line}:${d.column}</code>`,
          escapeHtml(d.message),
        ]),
    ]);
    if (diagnostics.length > SUMMARY_ROWS) {
      s.addRaw(`<p>…and ${diagnostics.length - SUMMARY_ROWS} more; see the SARIF report.</p>`, true);
    }
  }
  await s.write();
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
