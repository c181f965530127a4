import { spawn } from "node:child_process";
import { UserError } from "../errors.ts";

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** Runs git without a shell. Arguments are an array; nothing is ever interpolated into a command line. */
export function runGit(cwd: string, args: readonly string[], input?: string | Buffer): Promise<GitResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn("git", args, {
      cwd,
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0" },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e: NodeJS.ErrnoException) => {
      reject(
        e.code === "ENOENT"
          ? new UserError("git is not installed or not on PATH; install git to read git refs.", { cause: e })
          : e,
      );
    });
    child.on("close", (code) => {
      resolvePromise({
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString("utf8"),
        code: code ?? 1,
      });
    });
    child.stdin.on("error", () => {}); // git may exit before reading all input; the exit code says why
    child.stdin.end(input);
  });
}

export async function git(cwd: string, args: readonly string[], input?: string | Buffer): Promise<Buffer> {
  const r = await runGit(cwd, args, input);
  if (r.code !== 0) {
    throw new UserError(`git ${args[0]} failed: ${r.stderr.trim() || `exit code ${r.code}`}`);
  }
  return r.stdout;
}

/** A branch, tag or SHA, optionally with `~N`/`^N` suffixes; never something git could read as an option. */
const SAFE_REF = /^(?!-)[A-Za-z0-9_./-]+(?:[~^]\d*)*$/;

export function assertSafeRef(ref: string): void {
  if (!SAFE_REF.test(ref) || ref.includes("..")) {
    throw new UserError(`"${ref}" is not a valid git ref. Use a branch, tag or commit SHA.`);
  }
}
