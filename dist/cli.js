import {
  CHARTER_VERSION
} from "./cli-chunks/chunk-AXV7LUES.js";
import {
  processIO
} from "./cli-chunks/chunk-2YATZ3QT.js";
import {
  isUserError
} from "./cli-chunks/chunk-IE6TIO7G.js";

// cli/main.ts
import { CommanderError as CommanderError2 } from "commander";

// cli/program.ts
import { Command, CommanderError, Option } from "commander";

// cli/formats.ts
var LINT_FORMATS = ["pretty", "json", "sarif", "github"];
var DIFF_FORMATS = ["pretty", "markdown", "json", "mermaid"];
var EVAL_FORMATS = ["pretty", "json", "junit", "markdown"];
var APPROVALS_FORMATS = ["pretty", "markdown", "json"];

// cli/help.ts
var FORMAT_HELP = "output format: pretty (terminal), json, sarif (code scanning) or github (annotations)";

// cli/program.ts
function buildProgram(io, setExitCode) {
  const program = new Command("charter").description("Governed AI workflows as code: lint, diff, evaluate, approve, sign, publish and run.").version(CHARTER_VERSION, "-V, --version").showHelpAfterError("(run with --help for usage)").exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program.command("lint").description(
    "Check a governed repository: schema, references, expressions, templates, policy and secrets."
  ).argument("[dir]", "governed repository root (where charter.yml is)", ".").option("--base <ref>", "git ref to compare with (enables version-not-bumped)").option("--ref <ref>", "lint this git ref instead of the working tree (no checkout)").addOption(new Option("--format <format>", FORMAT_HELP).choices([...LINT_FORMATS]).default("pretty")).option("-o, --output <file>", "write the report to a file (a pretty summary still goes to stdout)").option("--list-rules", "list every rule with its severity and exit").addHelpText(
    "after",
    "\nExit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error.\n\nExamples:\n  charter lint examples/acme\n  charter lint . --base origin/main --format sarif -o charter.sarif\n"
  ).action(
    async (dir, options) => setExitCode(await (await import("./cli-chunks/lint-DSHIZIK7.js")).lintCommand(dir, options, io))
  );
  program.command("diff").description(
    "Show what changed between two states of a governed repository, as a reviewer sees it on a pull request."
  ).argument("[dir]", "governed repository root (inside a git work tree)", ".").requiredOption("--base <ref>", "git ref to compare with (e.g. origin/main)").option("--head <ref>", "git ref to compare (default: the working tree)").addOption(
    new Option(
      "--format <format>",
      "pretty (terminal), markdown (the PR comment), json (the typed change set) or mermaid"
    ).choices([...DIFF_FORMATS]).default("pretty")
  ).option("--html <file>", "also write a self-contained HTML page that renders the diagrams").option("-o, --output <file>", "write the output to a file").addHelpText(
    "after",
    "\nExamples:\n  charter diff --base origin/main\n  charter diff examples/acme --base HEAD~1 --format markdown\n  charter diff --base main --head feature --html diff.html\n"
  ).action(
    async (dir, options) => setExitCode(await (await import("./cli-chunks/diff-4RBXBJC7.js")).diffCommand(dir, options, io))
  );
  program.command("eval").description(
    "Run evaluation suites: assertions, k-of-n repeats, cost and latency; base vs head with --base."
  ).argument("[dir]", "governed repository root", ".").option("-s, --suite <name...>", "only these suites (NAME or TENANT/NAME)").option(
    "--base <ref>",
    "compare with this git ref: run the affected suites on both sides and classify every case"
  ).option("--ref <ref>", "evaluate this git ref instead of the working tree").option("--record", "call the real providers (API keys from the environment) and record cassettes").option("--replay", "answer only from committed cassettes (no keys, no network)").option("--live", "call the real providers (cached by content)").option(
    "--compare <routes>",
    "run every case through these routes (or model:ID) and print them side by side"
  ).option("--concurrency <n>", "cases run at once (default: the suite's)").option("--no-cache", "ignore the local response cache").option("--no-fail-on-regression", "with --base: fail only on thresholds, not on regressed cases").addOption(
    new Option("--format <format>", "pretty, json, junit or markdown (the PR comment; needs --base)").choices([...EVAL_FORMATS]).default("pretty")
  ).option("-o, --output <file>", "write the output to a file").option("--json <file>", "also write the JSON results to a file").option("--junit <file>", "also write JUnit XML to a file").addHelpText(
    "after",
    "\nModes: without --record/--replay/--live, models whose provider has no API key in the environment replay\ncassettes (forks, CI without secrets) and the others call live.\n\nExit status: 0 every suite met its threshold (and nothing regressed), 1 otherwise, 2 usage error.\n\nExamples:\n  charter eval examples/acme --replay\n  charter eval --base origin/main\n  charter eval --suite classify-ticket --compare fast,careful\n  charter eval --record --suite support/classify-ticket\n"
  ).action(
    async (dir, options) => setExitCode(await (await import("./cli-chunks/eval-GVKLVV6G.js")).evalCommand(dir, options, io))
  );
  program.command("approvals").description(
    "Show the approvals decision for a pull request, as the approvals app computes it (or replay a recording)."
  ).option("--pr <number>", "pull request number (token from GITHUB_TOKEN or GH_TOKEN)").option("--repo <owner/name>", "repository (default: GITHUB_REPOSITORY, or the origin remote)").option("--record <file>", "with --pr: save the pull request and base policy for --simulate").option("--simulate <file>", "evaluate a recording offline").option("--policy <dir>", "with --simulate: evaluate under this governed directory's policy instead").addOption(
    new Option("--format <format>", "pretty, markdown (the check run summary) or json").choices([...APPROVALS_FORMATS]).default("pretty")
  ).option("-o, --output <file>", "write the output to a file").addHelpText(
    "after",
    "\nExit status: 0 approved, 1 waiting, blocked or cannot be approved, 2 usage error.\n\nExamples:\n  GITHUB_TOKEN=... charter approvals --pr 42 --repo acme/ai-workflows\n  charter approvals --pr 42 --record pr42.json\n  charter approvals --simulate pr42.json --policy examples/acme\n"
  ).action(
    async (options) => setExitCode(await (await import("./cli-chunks/approvals-BMK2Z242.js")).approvalsCommand(options, io))
  );
  program.command("demo").description("Run the main job end to end on the example repository with the embedded defaults.").argument("[dir]", "governed repository to use instead of examples/acme").action(
    async (dir) => setExitCode(await (await import("./cli-chunks/demo-D5AY5ND7.js")).demoCommand(dir, io))
  );
  return program;
}

// cli/main.ts
async function runCli(argv, io = processIO()) {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError2) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isUserError(error)) {
      io.stderr(`charter: ${error.message}
`);
      return error.exitCode;
    }
    io.stderr(
      `charter: internal error: ${error.stack ?? String(error)}
This is a bug in Charter; please report it.
`
    );
    return 70;
  }
}
async function main() {
  for (const stream of [process.stdout, process.stderr])
    stream.on("error", (error) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw error;
    });
  process.exitCode = await runCli(process.argv.slice(2));
}
export {
  main,
  runCli
};
