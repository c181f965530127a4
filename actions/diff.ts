import { basename, resolve } from "node:path";
import type * as Core from "@actions/core";
import { diffProject } from "../core/diff/diff.ts";
import { maxRisk } from "../core/diff/kinds.ts";
import { UserError } from "../core/errors.ts";
import { ensureCommit } from "../core/git/ensure-commit.ts";
import { type CommentsClient, upsertStickyComment } from "../core/github/sticky-comment.ts";
import { DIFF_COMMENT_MARKER, diffMarkdown } from "../core/report/diff-markdown.ts";
import type { PullRequestContext } from "./event.ts";
import type { ActionInputs } from "./inputs.ts";

type ActionsCore = Pick<typeof Core, "setOutput" | "info" | "warning" | "summary">;

/** GitHub step summaries hold 1 MiB; leave room for other steps. */
const SUMMARY_BUDGET = 800_000;

/**
 * `command: diff`: the semantic diff of the pull request, as one sticky comment (found by its marker,
 * updated in place) and in the job summary.
 */
export async function runDiff(
  inputs: ActionInputs,
  core: ActionsCore,
  workspace: string,
  pr: PullRequestContext | undefined,
  client: () => Promise<CommentsClient>,
): Promise<void> {
  const base = inputs.base ?? pr?.baseSha;
  if (!base)
    throw new UserError("command: diff needs a base: run it on pull_request events or set the base input.");
  const dir = resolve(workspace, inputs.path);
  await ensureCommit(dir, base);
  const { changeSet, headDiagnostics } = await diffProject({ dir, base });
  const errors = headDiagnostics.filter((d) => d.severity === "error").length;
  if (errors > 0)
    core.warning(
      `The head has ${errors} lint error(s); files that do not validate are left out of the diff.`,
    );

  const title = inputs.path === "." ? basename(workspace) : inputs.path;
  const comment = diffMarkdown(changeSet, { title });
  await core.summary.addRaw(diffMarkdown(changeSet, { title, maxChars: SUMMARY_BUDGET }).body).write();
  core.setOutput("changes", String(changeSet.changes.length));
  core.setOutput("risk", changeSet.changes.length ? maxRisk(changeSet.changes.map((c) => c.risk)) : "none");
  core.info(
    `${changeSet.changes.length} governed change(s)${comment.truncated ? "; the comment was shortened to fit GitHub's limit" : ""}.`,
  );

  if (!inputs.comment) return;
  if (!pr) {
    core.info("Not a pull request: no comment posted.");
    return;
  }
  if (!inputs.token)
    throw new UserError(
      "command: diff needs github-token (with pull-requests: write) to post its comment, or set comment: false.",
    );
  const result = await upsertStickyComment(
    await client(),
    { owner: pr.owner, repo: pr.repo, issueNumber: pr.number, marker: DIFF_COMMENT_MARKER },
    comment.body,
  );
  core.setOutput("comment-url", result.url);
  core.info(`Comment ${result.action}: ${result.url}`);
}
