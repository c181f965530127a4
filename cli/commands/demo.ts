import { mkdir, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { diffProject } from "../../core/diff/diff.ts";
import { exampleRepository } from "../../core/package-root.ts";
import { diffHtml } from "../../core/report/diff-html.ts";
import { diffText } from "../../core/report/diff-text.ts";
import { samplePullRequest } from "../demo/sample-pull-request.ts";
import { type CliIO, useColor } from "../io.ts";
import { lintCommand } from "./lint.ts";

/**
 * `charter demo`: the main job end to end on the example repository with the embedded defaults.
 * Each capability adds its stage here.
 */
export async function demoCommand(dir: string | undefined, io: CliIO): Promise<number> {
  const root = dir ?? exampleRepository();
  const heading = (s: string) => io.stdout(`\n${useColor(io) ? `\x1b[1m${s}\x1b[0m` : s}\n\n`);

  heading("charter demo — step 1: lint the governed repository");
  const lint = await lintCommand(root, { format: "pretty", quiet: true }, io);
  if (lint !== 0) return lint;

  heading("step 2: diff a sample pull request (examples/acme-pr) against it");
  const pr = await samplePullRequest();
  try {
    const { changeSet } = await diffProject({ dir: pr.dir, base: pr.base, head: pr.head });
    io.stdout(diffText(changeSet, { color: useColor(io) }));
    const out = join(io.cwd, ".charter", "demo");
    await mkdir(out, { recursive: true });
    await writeFile(join(out, "diff.html"), diffHtml(changeSet, { title: "sample pull request" }));
    io.stdout(
      `\nThe reviewer's picture: ${relative(io.cwd, join(out, "diff.html"))} (open it in a browser).\n`,
    );
  } finally {
    await rm(pr.dir, { recursive: true, force: true });
  }
  return 0;
}
