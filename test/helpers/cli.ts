import { execFile } from "node:child_process";
import { join } from "node:path";
import type { CliIO } from "../../cli/io.ts";
import { runCli } from "../../cli/main.ts";

export const ROOT = join(import.meta.dirname, "..", "..");
export const EXAMPLE = join(ROOT, "examples", "acme");

/** Runs the CLI in-process with captured output. */
export async function cli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    cwd: options.cwd ?? ROOT,
    env: { NO_COLOR: "1", ...options.env },
    isTTY: false,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** Runs the real `charter` binary (bin/charter.js → dist/cli.js) as a child process. */
export function charterBin(
  args: string[],
  cwd = ROOT,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, "bin", "charter.js"), ...args],
      { cwd, env: { ...process.env, NO_COLOR: "1" } },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}
