import * as core from "@actions/core";
import { pullRequestBase } from "./event.ts";
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
    default:
      throw new Error(`command: ${inputs.command} is not available in Charter ${"yet"}; use command: lint.`);
  }
}

try {
  await main();
} catch (error) {
  core.setFailed((error as Error).message);
}
