// core/errors.ts
var UserError = class extends Error {
  name = "UserError";
  /** Process exit code the CLI uses for this error. 2 = usage error. */
  exitCode;
  constructor(message, options = {}) {
    super(message, { cause: options.cause });
    this.exitCode = options.exitCode ?? 2;
  }
};
var InternalError = class extends Error {
  name = "InternalError";
};
function isUserError(error) {
  return error instanceof UserError;
}

export {
  UserError,
  InternalError,
  isUserError
};
