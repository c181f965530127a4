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
function isUserError(error) {
  return error instanceof UserError;
}

// cli/io.ts
function processIO() {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY)
  };
}
function useColor(io) {
  if (io.env.NO_COLOR !== void 0 && io.env.NO_COLOR !== "") return false;
  if (io.env.FORCE_COLOR !== void 0 && io.env.FORCE_COLOR !== "0") return true;
  return io.isTTY;
}

export {
  UserError,
  isUserError,
  processIO,
  useColor
};
