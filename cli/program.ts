import { Command, CommanderError, Option } from "commander";
import { CHARTER_VERSION } from "../core/version.ts";
import { demoCommand } from "./commands/demo.ts";
import { DIFF_FORMATS, diffCommand } from "./commands/diff.ts";
import { lintCommand } from "./commands/lint.ts";
import { FORMAT_HELP } from "./help.ts";
import type { CliIO } from "./io.ts";

/** Builds the `charter` program. Each verb is a thin adapter over one function in core/. */
export function buildProgram(io: CliIO, setExitCode: (code: number) => void): Command {
  const program = new Command("charter")
    .description("Governed AI workflows as code: lint, diff, evaluate, approve, sign, publish and run.")
    .version(CHARTER_VERSION, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command("lint")
    .description(
      "Check a governed repository: schema, references, expressions, templates, policy and secrets.",
    )
    .argument("[dir]", "governed repository root (where charter.yml is)", ".")
    .option("--base <ref>", "git ref to compare with (enables version-not-bumped)")
    .option("--ref <ref>", "lint this git ref instead of the working tree (no checkout)")
    .addOption(
      new Option("--format <format>", FORMAT_HELP)
        .choices(["pretty", "json", "sarif", "github"])
        .default("pretty"),
    )
    .option("-o, --output <file>", "write the report to a file (a pretty summary still goes to stdout)")
    .option("--list-rules", "list every rule with its severity and exit")
    .addHelpText(
      "after",
      "\nExit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error.\n\nExamples:\n  charter lint examples/acme\n  charter lint . --base origin/main --format sarif -o charter.sarif\n",
    )
    .action(async (dir: string, options) => setExitCode(await lintCommand(dir, options, io)));

  program
    .command("diff")
    .description(
      "Show what changed between two states of a governed repository, as a reviewer sees it on a pull request.",
    )
    .argument("[dir]", "governed repository root (inside a git work tree)", ".")
    .requiredOption("--base <ref>", "git ref to compare with (e.g. origin/main)")
    .option("--head <ref>", "git ref to compare (default: the working tree)")
    .addOption(
      new Option(
        "--format <format>",
        "pretty (terminal), markdown (the PR comment), json (the typed change set) or mermaid",
      )
        .choices([...DIFF_FORMATS])
        .default("pretty"),
    )
    .option("--html <file>", "also write a self-contained HTML page that renders the diagrams")
    .option("-o, --output <file>", "write the output to a file")
    .addHelpText(
      "after",
      "\nExamples:\n  charter diff --base origin/main\n  charter diff examples/acme --base HEAD~1 --format markdown\n  charter diff --base main --head feature --html diff.html\n",
    )
    .action(async (dir: string, options) => setExitCode(await diffCommand(dir, options, io)));

  program
    .command("demo")
    .description("Run the main job end to end on the example repository with the embedded defaults.")
    .argument("[dir]", "governed repository to use instead of examples/acme")
    .action(async (dir: string | undefined) => setExitCode(await demoCommand(dir, io)));

  return program;
}

export { CommanderError };
