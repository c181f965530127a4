import {
  diffHtml,
  diffProject,
  diffText
} from "./chunk-FTMPALQH.js";
import {
  diffFlowchart,
  diffMarkdown
} from "./chunk-CRNCKU5L.js";
import "./chunk-57Y5DVX6.js";
import {
  UserError,
  useColor
} from "./chunk-G2X6ATPA.js";

// cli/commands/diff.ts
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
function changeSetJson(set) {
  const workflows = set.workflows.map(({ base: _b, head: _h, ...rest }) => rest);
  return `${JSON.stringify({ base: set.base, head: set.head, summaries: set.summaries, changes: set.changes, workflows }, null, 2)}
`;
}
function mermaidBlocks(set) {
  return set.workflows.map((wd) => `%% ${wd.tenant}/${wd.name} (${wd.status})
${diffFlowchart(wd).mermaid}`).join("\n");
}
async function diffCommand(dir, options, io) {
  if (!options.base)
    throw new UserError("charter diff needs --base REF (the git ref to compare with, e.g. origin/main).");
  const root = resolve(io.cwd, dir);
  const { changeSet, headDiagnostics } = await diffProject({
    dir: root,
    base: options.base,
    head: options.head
  });
  const errors = headDiagnostics.filter((d) => d.severity === "error").length;
  if (errors > 0) {
    io.stderr(
      `warning: the head has ${errors} lint error${errors === 1 ? "" : "s"}; files that do not validate are left out of the diff. Run charter lint.
`
    );
  }
  let text;
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
    io.stderr(`wrote ${options.html}
`);
  }
  return 0;
}
export {
  changeSetJson,
  diffCommand,
  mermaidBlocks
};
