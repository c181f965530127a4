import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type * as Core from "@actions/core";
import type { ApprovalState } from "../core/confidence/approval-state.ts";
import { confidenceFor } from "../core/confidence/project.ts";
import { confidenceMarkdown } from "../core/confidence/render.ts";
import { UserError } from "../core/errors.ts";
import type { Comparison } from "../core/eval/compare.ts";
import { formatJunit } from "../core/eval/format/junit.ts";
import { EVAL_COMMENT_MARKER, evalMarkdown } from "../core/eval/format/markdown.ts";
import { formatTable } from "../core/eval/format/table.ts";
import { evalProject } from "../core/eval/project.ts";
import { ensureCommit } from "../core/git/ensure-commit.ts";
import { type CommentsClient, upsertStickyComment } from "../core/github/sticky-comment.ts";
import type { PullRequestContext } from "./event.ts";
import type { ActionInputs } from "./inputs.ts";

type ActionsCore = Pick<typeof Core, "setOutput" | "info" | "warning" | "setFailed" | "summary">;

/**
 * `command: evaluate`. On a pull request: the suites the change affects run on base and head, and one
 * sticky comment reports regressions and fixes per case. Elsewhere: every suite runs on the checkout.
 * Provider keys come from the environment only; without them (forks) cassettes are replayed.
 */
export async function runEvaluate(
  inputs: ActionInputs,
  core: ActionsCore,
  workspace: string,
  pr: PullRequestContext | undefined,
  env: Record<string, string | undefined>,
  client: () => Promise<CommentsClient>,
  /** The approval state for the verdict (main reads the approvals app's check run). */
  readApprovals?: (pr: PullRequestContext) => Promise<ApprovalState>,
): Promise<void> {
  const dir = resolve(workspace, inputs.path);
  const base = inputs.base ?? pr?.baseSha;
  if (base) await ensureCommit(dir, base);
  const result = await evalProject({
    dir,
    base,
    suites: inputs.suites,
    mode: inputs.mode,
    env,
    cacheDir: join(workspace, ".charter", "cache", "calls"),
    failOnRegression: inputs.failOnRegression,
  });
  const report = result.report!;
  await writeFile(
    resolve(workspace, inputs.resultsJson),
    `${JSON.stringify(result.comparison ? { comparison: result.comparison, head: report } : report, null, 2)}\n`,
  );
  await writeFile(resolve(workspace, inputs.junit), formatJunit(report));
  core.info(formatTable(report, { color: false }));

  let conclusion: "success" | "failure";
  if (result.comparison) {
    const c = result.comparison;
    conclusion = c.conclusion;
    const regressions = c.suites.reduce((n, s) => n + s.regressions, 0);
    core.setOutput("regressions", String(regressions));
    const header = inputs.confidence
      ? await verdictHeader(dir, base!, c, pr, core, readApprovals)
      : undefined;
    const top = header ? { header } : {};
    const body = evalMarkdown(c, { ...(pr?.headSha ? { headSha: pr.headSha } : {}), ...top });
    await core.summary.addRaw(evalMarkdown(c, { maxChars: 800_000, ...top })).write();
    if (inputs.comment && pr) {
      if (!inputs.token)
        throw new UserError(
          "command: evaluate needs github-token (with pull-requests: write) to post its comment, or set comment: false.",
        );
      const posted = await upsertStickyComment(
        await client(),
        { owner: pr.owner, repo: pr.repo, issueNumber: pr.number, marker: EVAL_COMMENT_MARKER },
        body,
      );
      core.setOutput("comment-url", posted.url);
      core.info(`Comment ${posted.action}: ${posted.url}`);
    }
    if (conclusion === "failure") core.setFailed(`Charter eval: ${c.reasons.join("; ")}`);
  } else {
    conclusion = report.suites.every((s) => s.passed) ? "success" : "failure";
    await core.summary
      .addRaw(`## 🧪 Charter eval\n\n\`\`\`\n${formatTable(report, { color: false })}\`\`\`\n`)
      .write();
    if (conclusion === "failure") {
      core.setFailed(
        `Charter eval: ${report.suites
          .filter((s) => !s.passed)
          .map(
            (s) =>
              `${s.tenant}/${s.name} ${(s.passRate * 100).toFixed(1)}% < ${(s.threshold * 100).toFixed(0)}%`,
          )
          .join("; ")}`,
      );
    }
  }
  core.setOutput("conclusion", conclusion);
}

/**
 * The release-confidence verdict for the top of the comment: lint and diff of the checkout against
 * the base, the evaluation just run, and the approvals check. A failure here costs the header, not
 * the evaluation comment.
 */
async function verdictHeader(
  dir: string,
  base: string,
  evaluation: Comparison,
  pr: PullRequestContext | undefined,
  core: ActionsCore,
  readApprovals: ((pr: PullRequestContext) => Promise<ApprovalState>) | undefined,
): Promise<string | undefined> {
  try {
    const { confidence } = await confidenceFor({
      dir,
      base,
      evaluation,
      approvals: async () =>
        pr && readApprovals
          ? readApprovals(pr)
          : {
              source: "unknown",
              why: "Approvals were not read (no pull request, or no github-token): see the Charter approvals check.",
            },
    });
    core.setOutput("confidence", confidence.verdict);
    core.info(`Release confidence: ${confidence.verdict}`);
    return confidenceMarkdown(confidence);
  } catch (error) {
    core.warning(`The release-confidence verdict could not be computed: ${(error as Error).message}`);
    // Never empty: a workflow gating on `confidence != 'blocked'` must not pass for lack of a verdict.
    core.setOutput("confidence", "unknown");
    return undefined;
  }
}

/** Reads the approval state from the approvals app's check run on the pull request's head commit. */
export function approvalsReader(
  token: string | undefined,
  env: Record<string, string | undefined> = process.env,
) {
  return async (pr: PullRequestContext): Promise<ApprovalState> => {
    if (!token || !pr.headSha || !pr.baseRef)
      return {
        source: "unknown",
        why: "Approvals were not read (no github-token, or no head commit and base branch in the event): see the Charter approvals check.",
      };
    const [{ approvalsFromCheckRun }, { createGitHubClient }] = await Promise.all([
      import("../core/confidence/approvals-check.ts"),
      import("../core/github/client.ts"),
    ]);
    return approvalsFromCheckRun(await createGitHubClient(token, { env }), {
      owner: pr.owner,
      repo: pr.repo,
      headSha: pr.headSha,
      baseRef: pr.baseRef,
    });
  };
}
