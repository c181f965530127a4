import * as core from "@actions/core";
import type { CommentsClient } from "../core/github/sticky-comment.ts";
import { pullRequestBase, pullRequestContext } from "./event.ts";
import { parseInputs } from "./inputs.ts";
import { runLint } from "./lint.ts";

/** The Action's entry: parse inputs once, run one command, report failure through setFailed. */
async function main(): Promise<void> {
  const inputs = parseInputs((name) => core.getInput(name));
  // Loaded only when a comment is posted, so lint starts without the HTTP stack.
  const githubClient = async () => {
    const { createGitHubClient } = await import("../core/github/client.ts");
    return (await createGitHubClient(inputs.token!)) as unknown as CommentsClient;
  };
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  switch (inputs.command) {
    case "lint":
      await runLint({ ...inputs, base: inputs.base ?? pullRequestBase(process.env) }, core, workspace);
      return;
    case "diff":
      // diff and evaluate load on demand: lint, the common case, starts without their dependencies.
      await (await import("./diff.ts")).runDiff(
        inputs,
        core,
        workspace,
        pullRequestContext(process.env),
        githubClient,
      );
      return;
    case "evaluate":
      await (await import("./evaluate.ts")).runEvaluate(
        inputs,
        core,
        workspace,
        pullRequestContext(process.env),
        process.env,
        githubClient,
        (await import("./evaluate.ts")).approvalsReader(inputs.token),
      );
      return;
    case "publish":
      await (await import("./publish.ts")).runPublish(inputs, core, workspace, process.env);
      return;
    default:
      throw new Error(`command: ${inputs.command} is not available in this version of Charter.`);
  }
}

try {
  await main();
} catch (error) {
  core.setFailed((error as Error).message);
}
