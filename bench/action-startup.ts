/**
 * Cold start of the bundled entry points on examples/acme, against the physical floor: starting Node
 * itself (`node -e 0`). Each figure is the median of separate processes (nothing stays warm).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ms, timeMedian } from "./stats.ts";

const ROOT = join(import.meta.dirname, "..");

function spawn(args: string[], env: Record<string, string> = {}): void {
  try {
    execFileSync(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", ...env },
      stdio: "ignore",
    });
  } catch (error) {
    throw new Error(`${args.join(" ")} failed: ${(error as Error).message}`);
  }
}

export async function run(args: string[]): Promise<void> {
  const runs = Number(args[0] ?? 11);
  const scratch = mkdtempSync(join(tmpdir(), "charter-startup-"));
  const outputs = join(scratch, "output");
  const summary = join(scratch, "summary");
  writeFileSync(outputs, "");
  writeFileSync(summary, "");
  const actionEnv = {
    INPUT_COMMAND: "lint",
    INPUT_PATH: "examples/acme",
    "INPUT_SARIF-FILE": join(scratch, "lint.sarif"),
    GITHUB_WORKSPACE: ROOT,
    GITHUB_OUTPUT: outputs,
    GITHUB_STEP_SUMMARY: summary,
  };
  const floor = await timeMedian(runs, () => spawn(["-e", "0"]));
  const action = await timeMedian(runs, () => spawn([join(ROOT, "dist", "action.js")], actionEnv));
  const cli = await timeMedian(runs, () => spawn([join(ROOT, "bin", "charter.js"), "lint", "examples/acme"]));
  console.log(`node -e 0 (floor):                         ${ms(floor.median)}`);
  console.log(
    `dist/action.js lint examples/acme:         ${ms(action.median)}  (${(action.median / floor.median).toFixed(1)}× floor, +${ms(action.median - floor.median)})`,
  );
  console.log(
    `bin/charter.js lint examples/acme (CLI):   ${ms(cli.median)}  (${(cli.median / floor.median).toFixed(1)}× floor, +${ms(cli.median - floor.median)})`,
  );
  console.log(`(median of ${runs} separate processes each)`);
}
