/**
 * `charter approvals --pr N`: the decision the approvals app would post, computed from GitHub now
 * (token from GITHUB_TOKEN or GH_TOKEN), for debugging a pull request. `--record FILE` saves what it
 * read; `--simulate FILE` replays a recording offline, under its own policy or `--policy DIR`.
 */
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type Decision, evaluateApprovals } from "../../core/approvals/evaluate.ts";
import { ApprovalsCache, evaluatePullRequest } from "../../core/approvals/github-evaluation.ts";
import { approvalPolicy, type PolicyResult } from "../../core/approvals/policy.ts";
import {
  makeRecording,
  POLICY_FILE,
  parseRecording,
  recordedPolicy,
} from "../../core/approvals/recording.ts";
import { decisionMarkdown, decisionText } from "../../core/approvals/render.ts";
import { UserError } from "../../core/errors.ts";
import { checkName, findCheckRun } from "../../core/github/check-runs.ts";
import { createGitHubClient } from "../../core/github/client.ts";
import { GitHubSnapshotError, RepoSnapshots } from "../../core/github/repo-snapshot.ts";
import { loadRepo } from "../../core/model/load.ts";
import { DirectorySource } from "../../core/source/directory-source.ts";
import { githubRepository } from "../github-repository.ts";
import type { CliIO } from "../io.ts";

export interface ApprovalsCommandOptions {
  pr?: string;
  repo?: string;
  record?: string;
  simulate?: string;
  policy?: string;
  format: string;
  output?: string;
}

function render(decision: Decision, format: string): string {
  if (format === "json") return `${JSON.stringify(decision, null, 2)}\n`;
  if (format === "markdown") return `${decisionMarkdown(decision)}\n`;
  return decisionText(decision);
}

async function simulate(options: ApprovalsCommandOptions, io: CliIO): Promise<Decision> {
  const file = resolve(io.cwd, options.simulate!);
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new UserError(
      `Cannot read ${options.simulate}: ${error.code === "ENOENT" ? "no such file" : error.message}.`,
    );
  });
  const rec = parseRecording(text, options.simulate!);
  let policy: PolicyResult;
  if (options.policy) {
    const dir = resolve(io.cwd, options.policy);
    policy = approvalPolicy(await loadRepo(new DirectorySource(dir)), "working tree", rec.policy.root);
  } else policy = await recordedPolicy(rec);
  return evaluateApprovals(policy, rec.facts, rec.directory);
}

async function live(options: ApprovalsCommandOptions, io: CliIO): Promise<Decision> {
  const number = Number(options.pr);
  if (!Number.isInteger(number) || number < 1)
    throw new UserError(`--pr must be a pull request number; got "${options.pr}".`);
  const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
  if (!token)
    throw new UserError(
      "charter approvals --pr needs a GitHub token in GITHUB_TOKEN or GH_TOKEN (read access to the repository, its pull requests and the organization's teams).",
    );
  const { owner, repo } = await githubRepository(options.repo, io);
  const api = await createGitHubClient(token, { env: io.env });
  const snapshots = new RepoSnapshots();
  const cache = new ApprovalsCache(snapshots);
  const evaluation = await evaluatePullRequest(api, { owner, repo, number }, cache, async (pr) => {
    // The pushers the app recorded in its check run, so the decision matches the app's.
    const check = await findCheckRun(api, {
      owner,
      repo,
      sha: pr.headSha,
      name: checkName(pr.baseRef),
    }).catch(() => undefined);
    return check?.record ?? { pushers: [] };
  });
  if (!evaluation.governed || !evaluation.decision || !evaluation.facts)
    throw new UserError(
      `${owner}/${repo} has no charter.yml on the base commit of #${number}; it is not governed by Charter.`,
      { exitCode: 1 },
    );
  if (options.record) {
    const { root, source } = await snapshots.source(api, { owner, repo, sha: evaluation.pr.baseSha });
    const paths = (await source!.list()).map((e) => e.path).filter((p) => POLICY_FILE.test(p));
    const files = Object.fromEntries(
      [...(await source!.readMany(paths))].map(([p, b]) => [p, b.toString("utf8")] as const),
    );
    const rec = makeRecording(evaluation.facts, evaluation.directory!, {
      sha: evaluation.pr.baseSha,
      root: root ?? "",
      files,
    });
    await writeFile(resolve(io.cwd, options.record), `${JSON.stringify(rec, null, 2)}\n`);
    io.stderr(
      `Recorded ${owner}/${repo}#${number} to ${options.record}; replay it with --simulate ${options.record}.\n`,
    );
  }
  return evaluation.decision;
}

/** Exit status: 0 approved, 1 anything else (pending, blocked, cannot be approved), 2 usage error. */
export async function approvalsCommand(options: ApprovalsCommandOptions, io: CliIO): Promise<number> {
  if (Boolean(options.pr) === Boolean(options.simulate))
    throw new UserError(
      "Give either --pr N (read the pull request from GitHub) or --simulate FILE (replay a recording).",
    );
  if (options.policy && !options.simulate)
    throw new UserError("--policy DIR applies to --simulate: it evaluates a recording under another policy.");
  if (options.record && !options.pr)
    throw new UserError("--record FILE applies to --pr: it saves what was read.");
  const decision = options.simulate
    ? await simulate(options, io)
    : await live(options, io).catch((error: unknown) => {
        // GitHub being unreachable or refusing is not a bug: say what failed, exit 1.
        if (error instanceof GitHubSnapshotError)
          throw new UserError(error.message, { exitCode: 1, cause: error });
        throw error;
      });
  const text = render(decision, options.format);
  if (options.output) await writeFile(resolve(io.cwd, options.output), text);
  else io.stdout(text);
  return decision.conclusion === "approved" ? 0 : 1;
}
