/** Every Action input, read once into a typed object. Names live here and in action.yml only. */
export const COMMANDS = ["lint", "diff", "evaluate", "publish"] as const;
export type ActionCommand = (typeof COMMANDS)[number];

export interface ActionInputs {
  command: ActionCommand;
  path: string;
  base?: string;
  sarifFile: string;
  failOn: "error" | "warning" | "never";
  /** Token for posting the PR comment (diff). */
  token?: string;
  /** Whether diff posts its sticky PR comment. */
  comment: boolean;
}

type GetInput = (name: string) => string;

export function parseInputs(getInput: GetInput): ActionInputs {
  const command = getInput("command").trim();
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new Error(`Input "command" must be one of ${COMMANDS.join(", ")}; got "${command}".`);
  }
  const failOn = getInput("fail-on").trim() || "error";
  if (failOn !== "error" && failOn !== "warning" && failOn !== "never") {
    throw new Error(`Input "fail-on" must be error, warning or never; got "${failOn}".`);
  }
  const comment = (getInput("comment").trim() || "true").toLowerCase();
  if (comment !== "true" && comment !== "false") {
    throw new Error(`Input "comment" must be true or false; got "${comment}".`);
  }
  return {
    command: command as ActionCommand,
    token: getInput("github-token").trim() || undefined,
    comment: comment === "true",
    path: getInput("path").trim() || ".",
    base: getInput("base").trim() || undefined,
    sarifFile: getInput("sarif-file").trim() || "charter-lint.sarif",
    failOn,
  };
}
