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
  /** Whether diff and evaluate post their sticky PR comment. */
  comment: boolean;
  /** evaluate: put the release-confidence verdict at the top of the comment and summary. */
  confidence: boolean;
  /** evaluate */
  suites: string[];
  mode: "auto" | "live" | "replay" | "record";
  failOnRegression: boolean;
  resultsJson: string;
  junit: string;
  /** publish */
  registry?: string;
  dryRun: boolean;
  keyless: "auto" | "never" | "always";
  pushTags: boolean;
}

function booleanInput(getInput: GetInput, name: string, fallback: boolean): boolean {
  const value = (getInput(name).trim() || String(fallback)).toLowerCase();
  if (value !== "true" && value !== "false")
    throw new Error(`Input "${name}" must be true or false; got "${value}".`);
  return value === "true";
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
  const mode = getInput("mode").trim() || "auto";
  if (mode !== "auto" && mode !== "live" && mode !== "replay" && mode !== "record") {
    throw new Error(`Input "mode" must be auto, live, replay or record; got "${mode}".`);
  }
  const keyless = getInput("keyless").trim() || "auto";
  if (keyless !== "auto" && keyless !== "never" && keyless !== "always") {
    throw new Error(`Input "keyless" must be auto, never or always; got "${keyless}".`);
  }
  return {
    command: command as ActionCommand,
    registry: getInput("registry").trim() || undefined,
    dryRun: booleanInput(getInput, "dry-run", false),
    keyless,
    pushTags: booleanInput(getInput, "push-tags", true),
    token: getInput("github-token").trim() || undefined,
    comment: booleanInput(getInput, "comment", true),
    confidence: booleanInput(getInput, "confidence", true),
    suites: getInput("suites")
      .split(/[\s,]+/)
      .filter(Boolean),
    mode,
    failOnRegression: booleanInput(getInput, "fail-on-regression", true),
    resultsJson: getInput("results-json").trim() || "charter-eval.json",
    junit: getInput("junit").trim() || "charter-eval.junit.xml",
    path: getInput("path").trim() || ".",
    base: getInput("base").trim() || undefined,
    sarifFile: getInput("sarif-file").trim() || "charter-lint.sarif",
    failOn,
  };
}
