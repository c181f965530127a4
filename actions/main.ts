import * as core from "@actions/core";
import type { CommentsClient } from "../core/github/sticky-comment.ts";
import { runDiff } from "./diff.ts";
import { pullRequestBase, pullRequestContext } from "./event.ts";
import { parseInputs } from "./inputs.ts";
import { runLint } from "./lint.ts";

/** The Action's entry: parse inputs once, run one command, report failure through setFailed. */
async function main(): Promise<void> {
  const inputs = parseInputs((name) => core.getInput(name));
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  switch (inputs.command) {
    case "lint":
      await runLint({ ...inputs, base: inputs.base ?? pullRequestBase(process.env) }, core, workspace);
      return;
    case "diff":
      await runDiff(inputs, core, workspace, pullRequestContext(process.env), async () => {
        // Loaded only when a comment is posted, so lint starts without the HTTP stack.
        const { createGitHubClient } = await import("../core/github/client.ts");
        return (await createGitHubClient(inputs.token!)) as unknown as CommentsClient;
      });
      return;
    default:
      throw new Error(
        `command: ${inputs.command} is not available in this version of Charter; use lint or diff.`,
      );
  }
}

try {
  await main();
} catch (error) {
  core.setFailed((error as Error).message);
}
