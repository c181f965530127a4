/**
 * `charter draft "DESCRIPTION" --tenant T [DIR]`: asks a route for a workflow (and the prompts it
 * needs) as structured output, lints it in memory with the repository around it, feeds the located
 * diagnostics back for a bounded number of repairs, and writes the files only once they pass —
 * all of them or none. `--pr` commits them on a new branch and opens a draft pull request labelled
 * `ai-drafted`; publishing stays with governance (lint, evaluation, diff, approvals, release).
 */
import { resolve } from "node:path";
import { AI_DRAFTED_LABEL, DRAFTED_BY_TRAILER } from "../../core/approvals/ai-drafted.ts";
import { type DraftResult, draftWorkflow } from "../../core/drafts/draft.ts";
import {
  commitAndPush,
  type GitContext,
  gitContext,
  openDraftPullRequest,
} from "../../core/drafts/pull-request.ts";
import { formatDiagnostic } from "../../core/drafts/request.ts";
import { writeDraftFiles } from "../../core/drafts/write-files.ts";
import { UserError } from "../../core/errors.ts";
import { evalEnvironment } from "../../core/eval/environment.ts";
import { createGitHubClient } from "../../core/github/client.ts";
import { loadRepo } from "../../core/model/load.ts";
import { RouteError } from "../../core/routing/router.ts";
import { DirectorySource } from "../../core/source/directory-source.ts";
import { githubRepository } from "../github-repository.ts";
import type { CliIO } from "../io.ts";
import { callMode } from "./eval.ts";

export interface DraftCommandOptions {
  tenant: string;
  from?: string;
  route?: string;
  maxRepairs?: string;
  record?: boolean;
  replay?: boolean;
  live?: boolean;
  dryRun?: boolean;
  pr?: boolean;
  base?: string;
  repo?: string;
  remote?: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function parseMaxRepairs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 10)
    throw new UserError(`--max-repairs must be a whole number from 0 to 10; got "${value}".`);
  return n;
}

/** Exit 0 written (or, with --dry-run, would write), 1 the draft never passed lint or was refused, 2 usage. */
export async function draftCommand(
  description: string,
  dirArg: string,
  options: DraftCommandOptions,
  io: CliIO,
): Promise<number> {
  if (!description.trim())
    throw new UserError('Describe the workflow to draft: charter draft "DESCRIPTION" --tenant T.');
  const mode = callMode(options);
  const maxRepairs = parseMaxRepairs(options.maxRepairs);
  if (options.pr && options.dryRun) throw new UserError("--pr and --dry-run cannot be combined.");
  const dir = resolve(io.cwd, dirArg);

  // Everything --pr needs is checked before a model is asked (and paid).
  let pr: { token: string; git: GitContext; target: { owner: string; repo: string } } | undefined;
  if (options.pr) {
    const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
    if (!token)
      throw new UserError(
        "charter draft --pr needs a GitHub token in GITHUB_TOKEN or GH_TOKEN (contents and pull requests: write). Nothing was drafted.",
      );
    const git = await gitContext(dir, options.remote);
    pr = { token, git, target: await githubRepository(options.repo, { ...io, cwd: dir }) };
  }

  const source = new DirectorySource(dir);
  const loaded = await loadRepo(source);
  if (!loaded.repo.models) throw new UserError("models.yml is missing or invalid; run charter lint.");
  const env = evalEnvironment({
    repo: loaded.repo,
    mode,
    env: io.env,
    cassetteSources: [source],
    recordRoot: dir,
  });

  let result: DraftResult;
  try {
    result = await draftWorkflow({
      source,
      loaded,
      tenant: options.tenant,
      description,
      from: options.from,
      route: options.route,
      maxRepairs,
      chat: (call) => env.router.chat(call),
      onRound: (round, outcome) => {
        if (outcome.ok) return;
        const what = outcome.schemaProblems.length
          ? `${plural(outcome.schemaProblems.length, "schema problem")}`
          : `${plural(outcome.errors.length, "lint error")}`;
        const shown = [
          ...outcome.schemaProblems.slice(0, 5),
          ...outcome.errors.slice(0, 5).map((d) => formatDiagnostic(d)),
        ];
        io.stderr(
          `round ${round} (${outcome.model}): ${what}, sent back for repair\n${shown.map((l) => `  ${l}\n`).join("")}`,
        );
      },
    });
  } catch (error) {
    if (error instanceof RouteError)
      throw new UserError(
        `The drafting route failed: ${error.message.replace(/\.$/, "").replace("charter eval --record", "--record")}. Nothing was written.`,
        {
          exitCode: 1,
          cause: error,
        },
      );
    throw error;
  } finally {
    await env.caller.flush();
  }

  if (result.status === "failed") {
    const lines = [
      ...result.schemaProblems.map((p) => `  ${p}`),
      ...result.errors.map((d) => `  ${formatDiagnostic(d)}`),
    ];
    io.stderr(
      `✖ the draft still fails after ${plural(result.rounds - 1, "repair round")} (route ${result.route}); nothing was written:\n${lines.join("\n")}\n`,
    );
    return 1;
  }

  const via = `route ${result.route} (${result.model})`;
  const rounds = `${plural(result.rounds, "round")}${result.rounds > 1 ? `, ${plural(result.rounds - 1, "repair")}` : ""}`;
  const warnings = result.warnings.map((d) => `  ${formatDiagnostic(d)}\n`).join("");
  const notes = result.notes ? `notes from the model: ${result.notes}\n` : "";
  if (options.dryRun) {
    const shown = result.files
      .map((f) => `--- ${f.path}${f.replaces ? " (replaces)" : " (new)"}\n${f.text}`)
      .join("");
    io.stdout(
      `${shown}✔ drafted ${result.tenant}/${result.workflow} in ${rounds} via ${via}; dry run, nothing written\n${warnings}${notes}`,
    );
    return 0;
  }
  const drafted = `✔ drafted ${result.tenant}/${result.workflow} in ${rounds} via ${via}\n`;
  if (!pr) {
    const written = await writeDraftFiles(dir, result.files);
    io.stdout(
      `${drafted}${written.map((p) => `  wrote ${p}\n`).join("")}${warnings}${notes}Next: review the files, run \`charter lint\` and \`charter eval\`, and open a pull request (or draft again with --pr). Nothing is published until it is merged under the approvals policy.\n`,
    );
    return 0;
  }

  // With --pr the files go to a new branch only: the checkout stays as it was, so switching to the
  // branch later does not trip over untracked copies of the same files.
  const draftedBy = `${result.route}/${result.model}`;
  const branch = `charter-draft/${result.tenant}/${result.workflow}`;
  const message = `Draft workflow ${result.tenant}/${result.workflow} (AI-drafted)\n\n${description.trim()}\n\n${DRAFTED_BY_TRAILER}: ${draftedBy}\n`;
  const committed = await commitAndPush(pr.git, branch, result.files, message);
  const api = await createGitHubClient(pr.token, { env: io.env });
  const body = [
    `AI-drafted with \`charter draft\` via route \`${result.route}\` (model \`${result.model}\`) in ${rounds}.`,
    "",
    `> ${description.trim()}`,
    "",
    "Files:",
    ...result.files.map((f) => `- \`${f.path}\`${f.replaces ? " (revised)" : " (new)"}`),
    ...(result.notes ? ["", "Notes from the model:", "", result.notes] : []),
    "",
    "This is a draft: it goes through lint, evaluation, diff and the approvals policy like any change, and AI-drafted changes may need extra human approvals (charter.yml `drafts.extra_approvals`).",
  ].join("\n");
  const opened = await openDraftPullRequest(api, pr.target, {
    branch,
    base: options.base,
    title: `Draft: ${result.tenant}/${result.workflow} (AI-drafted)`,
    body,
  });
  io.stdout(
    `${drafted}${result.files.map((f) => `  committed ${f.path}\n`).join("")}${warnings}${notes}` +
      `  commit ${committed.commit.slice(0, 12)} on branch ${branch} (${DRAFTED_BY_TRAILER}: ${draftedBy}), pushed to ${pr.git.remote}\n` +
      `  opened draft pull request #${opened.number} into ${opened.base}: ${opened.url}\n` +
      `Your checkout is unchanged; \`git switch ${branch}\` to work on the draft. It is published only once merged under the approvals policy.\n`,
  );
  if (opened.labelError) {
    io.stderr(
      `warning: could not add the ${AI_DRAFTED_LABEL} label (${opened.labelError}); the commit's ${DRAFTED_BY_TRAILER} trailer still marks it as AI-drafted.\n`,
    );
  }
  return 0;
}
