import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { ChangeSet } from "../../core/diff/change.ts";
import { diffProject } from "../../core/diff/diff.ts";
import { UserError } from "../../core/errors.ts";
import { diffFlowchart } from "../../core/mermaid/diff-flowchart.ts";
import { diffHtml } from "../../core/report/diff-html.ts";
import { diffMarkdown } from "../../core/report/diff-markdown.ts";
import { diffText } from "../../core/report/diff-text.ts";
import { type CliIO, useColor } from "../io.ts";

export interface DiffCommandOptions {
  base?: string;
  head?: string;
  format: string;
  html?: string;
  output?: string;
}

/** The typed change set as JSON: workflows keep their node and edge diffs, not whole file contents. */
export function changeSetJson(set: ChangeSet): string {
  const workflows = set.workflows.map(({ base: _b, head: _h, ...rest }) => rest);
  return `${JSON.stringify({ base: set.base, head: set.head, summaries: set.summaries, changes: set.changes, workflows }, null, 2)}\n`;
}

export function mermaidBlocks(set: ChangeSet): string {
  return set.workflows
    .map((wd) => `%% ${wd.tenant}/${wd.name} (${wd.status})\n${diffFlowchart(wd).mermaid}`)
    .join("\n");
}

/** `charter diff --base REF [--head REF] [DIR]`: always exits 0 on success; the diff is information, not a verdict. */
export async function diffCommand(dir: string, options: DiffCommandOptions, io: CliIO): Promise<number> {
  if (!options.base)
    throw new UserError("charter diff needs --base REF (the git ref to compare with, e.g. origin/main).");
  const root = resolve(io.cwd, dir);
  const { changeSet, headDiagnostics } = await diffProject({
    dir: root,
    base: options.base,
    head: options.head,
  });
  const errors = headDiagnostics.filter((d) => d.severity === "error").length;
  if (errors > 0) {
    io.stderr(
      `warning: the head has ${errors} lint error${errors === 1 ? "" : "s"}; files that do not validate are left out of the diff. Run charter lint.\n`,
    );
  }
  let text: string;
  switch (options.format) {
    case "json":
      text = changeSetJson(changeSet);
      break;
    case "markdown":
      text = diffMarkdown(changeSet, { title: dir }).body;
      break;
    case "mermaid":
      text = mermaidBlocks(changeSet);
      break;
    default:
      text = diffText(changeSet, { color: !options.output && useColor(io) });
  }
  if (options.output) await writeFile(resolve(io.cwd, options.output), text);
  else io.stdout(text);
  if (options.html) {
    const out = resolve(io.cwd, options.html);
    await writeFile(out, diffHtml(changeSet, { title: dir }));
    io.stderr(`wrote ${options.html}\n`);
  }
  return 0;
}
