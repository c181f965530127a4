import { CommanderError } from "commander";
import { isUserError } from "../core/errors.ts";
import { type CliIO, processIO } from "./io.ts";
import { buildProgram } from "./program.ts";

/**
 * Runs `charter` with the given arguments and returns the exit status: 0 success, 1 problems found,
 * 2 usage or user error. User errors print a message without a stack trace; anything else is a bug.
 */
export async function runCli(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv as string[], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0; parse errors were already printed.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isUserError(error)) {
      io.stderr(`charter: ${error.message}\n`);
      return error.exitCode;
    }
    // The registry and the signing layer report bad input and unreachable services this way.
    if (error instanceof Error && (error.name === "RegistryError" || error.name === "StatementError")) {
      io.stderr(`charter: ${error.message}\n`);
      return 1;
    }
    io.stderr(
      `charter: internal error: ${(error as Error).stack ?? String(error)}\nThis is a bug in Charter; please report it.\n`,
    );
    return 70;
  }
}

export async function main(): Promise<void> {
  // A closed pipe (`charter … | head`) is the reader saying it has enough: stop quietly.
  for (const stream of [process.stdout, process.stderr])
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw error;
    });
  process.exitCode = await runCli(process.argv.slice(2));
}
