/**
 * The two kinds of failure that stop a command. Problems in the governed files are never thrown:
 * they are diagnostics. A `UserError` is something the user can fix (bad flag, missing directory,
 * unknown git ref) and is printed without a stack trace; anything else is a bug.
 */

export class UserError extends Error {
  override name = "UserError";
  /** Process exit code the CLI uses for this error. 2 = usage error. */
  readonly exitCode: number;
  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.exitCode = options.exitCode ?? 2;
  }
}

export class InternalError extends Error {
  override name = "InternalError";
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
