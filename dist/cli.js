import {
  CHARTER_VERSION
} from "./cli-chunks/chunk-UETU37OM.js";
import {
  processIO
} from "./cli-chunks/chunk-2YATZ3QT.js";
import {
  isUserError
} from "./cli-chunks/chunk-XC2IMODC.js";

// cli/main.ts
import { CommanderError as CommanderError2 } from "commander";

// cli/program.ts
import { Command, CommanderError, Option } from "commander";

// cli/formats.ts
var LINT_FORMATS = ["pretty", "json", "sarif", "github"];
var DIFF_FORMATS = ["pretty", "markdown", "json", "mermaid"];
var EVAL_FORMATS = ["pretty", "json", "junit", "markdown"];
var APPROVALS_FORMATS = ["pretty", "markdown", "json"];
var CONFIDENCE_FORMATS = ["pretty", "markdown", "json"];
var AUDIT_FORMATS = ["markdown", "json", "csv", "html"];

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
    async (dir, options) => setExitCode(await (await import("./cli-chunks/lint-NBL7O4L3.js")).lintCommand(dir, options, io))
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
    async (dir, options) => setExitCode(await (await import("./cli-chunks/diff-FIMMHYRU.js")).diffCommand(dir, options, io))
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
    async (dir, options) => setExitCode(await (await import("./cli-chunks/eval-5H4SZFJM.js")).evalCommand(dir, options, io))
  );
  program.command("draft").description(
    "Ask a route to draft a workflow (and its prompts), repair it against lint, and write it — or open a draft PR."
  ).argument("<description>", "what the workflow should do").argument("[dir]", "governed repository root", ".").requiredOption("--tenant <tenant>", "the tenant the workflow belongs to").option("--from <workflow>", "revise this existing workflow of the tenant instead").option("--route <route>", "the tenant's route to ask (default: charter.yml drafts.route)").option(
    "--max-repairs <n>",
    "repair rounds before giving up (default: charter.yml drafts.max_repairs, 2)"
  ).option("--record", "call the real provider (API key from the environment) and record cassettes").option("--replay", "answer only from committed cassettes (no keys, no network)").option("--live", "call the real provider").option("--dry-run", "print the files instead of writing them").option("--pr", "commit on a new branch, push it and open a draft pull request labelled ai-drafted").option(
    "--base <branch>",
    "with --pr: the branch the pull request targets (default: the repository's default)"
  ).option(
    "--repo <owner/name>",
    "with --pr: the GitHub repository (default: GITHUB_REPOSITORY, or the origin remote)"
  ).option("--remote <name>", "with --pr: the git remote to push to", "origin").addHelpText(
    "after",
    '\nNothing is written unless the draft passes lint; then all files are written or none. A draft is never\npublished by this command: it goes through lint, eval, diff and approvals like any change.\n\nExit status: 0 drafted, 1 still failing after the repairs, refused or a provider error (nothing written), 2 usage error.\n\nExamples:\n  charter draft "Summarise refund disputes and flag the urgent ones" --tenant support examples/acme --replay\n  charter draft "Add a human approval before the CRM note" --tenant support --from ticket-triage --dry-run\n  GITHUB_TOKEN=... charter draft "Weekly digest of billing articles" --tenant support --pr\n'
  ).action(
    async (description, dir, options) => setExitCode(await (await import("./cli-chunks/draft-CIHJJWD5.js")).draftCommand(description, dir, options, io))
  );
  program.command("approvals").description(
    "Show the approvals decision for a pull request, as the approvals app computes it (or replay a recording)."
  ).option("--pr <number>", "pull request number (token from GITHUB_TOKEN or GH_TOKEN)").option("--repo <owner/name>", "repository (default: GITHUB_REPOSITORY, or the origin remote)").option("--record <file>", "with --pr: save the pull request and base policy for --simulate").option("--simulate <file>", "evaluate a recording offline").option("--policy <dir>", "with --simulate: evaluate under this governed directory's policy instead").addOption(
    new Option("--format <format>", "pretty, markdown (the check run summary) or json").choices([...APPROVALS_FORMATS]).default("pretty")
  ).option("-o, --output <file>", "write the output to a file").addHelpText(
    "after",
    "\nExit status: 0 approved, 1 waiting, blocked or cannot be approved, 2 usage error.\n\nExamples:\n  GITHUB_TOKEN=... charter approvals --pr 42 --repo acme/ai-workflows\n  charter approvals --pr 42 --record pr42.json\n  charter approvals --simulate pr42.json --policy examples/acme\n"
  ).action(
    async (options) => setExitCode(await (await import("./cli-chunks/approvals-BG4LXNPZ.js")).approvalsCommand(options, io))
  );
  program.command("confidence").description(
    "Can this change be released confidently? One verdict — ready, needs-attention or blocked — from lint, diff, eval and approvals."
  ).argument("[dir]", "governed repository root (inside a git work tree)", ".").requiredOption(
    "--base <ref>",
    "git ref to compare with (e.g. origin/main); its charter.yml sets the rules"
  ).option("--head <ref>", "git ref to judge (default: the working tree)").option(
    "--reviews <file>",
    "evaluate approvals with what GitHub would report: author, commit emails, reviews, team members (JSON, as examples/acme-pr/github.json); needs --head"
  ).option("--live", "evaluate with the real providers instead of the committed cassettes").option("--no-cache", "ignore the local response cache").addOption(
    new Option("--format <format>", "pretty, markdown (the PR comment header) or json").choices([...CONFIDENCE_FORMATS]).default("pretty")
  ).option("-o, --output <file>", "write the output to a file").addHelpText(
    "after",
    "\nExit status: 0 ready, 3 needs attention, 1 blocked, 2 usage error.\n\nExamples:\n  charter confidence --base origin/main\n  charter confidence examples/acme --base main --head feature --reviews reviews.json --format markdown\n"
  ).action(
    async (dir, options) => setExitCode(await (await import("./cli-chunks/confidence-L7UZYJAI.js")).confidenceCommand(dir, options, io))
  );
  program.command("publish").description(
    "Publish every workflow whose bundle changed: signed, to the registry, with a git tag per release."
  ).argument("[dir]", "governed repository root (where charter.yml is)", ".").option(
    "--registry <url|dir>",
    "OCI registry URL (https://host/prefix) or image layout directory (default: charter.yml)"
  ).option("--ref <ref>", "the commit to publish (default HEAD; the working tree is never published)").option("--only <name...>", "only these TENANT/WORKFLOW (or tenants)").option("--dry-run", "print the plan and write nothing").option("--key <file>", "private signing key (default: CHARTER_SIGNING_KEY or CHARTER_SIGNING_KEY_FILE)").option(
    "--keyless <mode>",
    "auto (key if configured, else Sigstore keyless with an OIDC token), never or always",
    "auto"
  ).option(
    "--repo <owner/name>",
    "GitHub repository for the pull request facts (default: GITHUB_REPOSITORY or origin)"
  ).option("--no-github", "do not read pull request, reviews and checks from GitHub").option("--push-tags <remote>", "push the release git tags to this remote").addOption(
    new Option("--format <format>", "pretty or json").choices(["pretty", "json"]).default("pretty")
  ).addHelpText(
    "after",
    "\nExit status: 0 published (or nothing to do), 1 refused or failed, 2 usage error.\n\nExamples:\n  charter keys generate --dir .charter\n  CHARTER_SIGNING_KEY_FILE=.charter/charter.key charter publish examples/acme --dry-run\n  charter publish --registry http://127.0.0.1:5000/acme\n"
  ).action(
    async (dir, options) => setExitCode(await (await import("./cli-chunks/publish-SWD3FDQD.js")).publishCommand(dir, options, io))
  );
  program.command("audit").description(
    "Audit the default branch: every release (approvals re-judged, signatures re-verified, tags checked) and every governed change."
  ).argument("[dir]", "governed repository root (inside a git clone)", ".").option("--ref <ref>", "the branch to audit (default: origin/HEAD, else the current branch)").option("--since <date>", "only commits and releases since YYYY-MM-DD (UTC) or an ISO 8601 time").option("--tenant <tenant>", "only this tenant's releases and changes (platform changes included)").option("--workflow <name>", "only this workflow's releases (WORKFLOW or TENANT/WORKFLOW)").addOption(
    new Option("--format <format>", "markdown, json (schema: docs/audit-report.schema.json), csv or html").choices([...AUDIT_FORMATS]).default("markdown")
  ).option("-o, --output <file>", "write the report to a file (a summary still goes to stdout)").option("--registry <url|dir>", "registry URL or layout directory (default: charter.yml)").option(
    "--repo <owner/name>",
    "GitHub repository, with GITHUB_TOKEN (default: GITHUB_REPOSITORY or origin)"
  ).option("--no-github", "do not ask GitHub even when GITHUB_TOKEN is set").addHelpText(
    "after",
    "\nExit status: 0 no findings, 1 findings (or GitHub could not be read), 2 usage error.\n\nExamples:\n  charter audit\n  charter audit --since 2026-01-01 --format html -o audit.html\n  GITHUB_TOKEN=... charter audit --tenant support --format json -o audit.json\n"
  ).action(
    async (dir, options) => setExitCode(await (await import("./cli-chunks/audit-U5VJJ3E2.js")).auditCommand(dir, options, io))
  );
  const releaseOptions = (c) => c.option("--registry <url|dir>", "registry URL or layout directory (default: charter.yml in --dir)").option("--key <file...>", "trusted public key(s) (default: signing.trusted_keys in charter.yml)").option(
    "--trusted-root <file>",
    "pinned Sigstore trusted_root.json for keyless releases (default: CHARTER_TRUSTED_ROOT, signing.trusted_root_file)"
  ).option(
    "--dir <dir>",
    "governed repository whose charter.yml configures registry and keys (default: .)"
  ).option(
    "--config <file>",
    "runner configuration file (YAML; default: CHARTER_RUNNER_CONFIG); flags win"
  );
  releaseOptions(
    program.command("verify").description(
      "Verify a published release as a runner would: signature, key, payload, predicate, subject, contents."
    ).argument("<release>", "TENANT/WORKFLOW@VERSION, @CHANNEL or @sha256:DIGEST")
  ).addOption(
    new Option("--format <format>", "pretty or json").choices(["pretty", "json"]).default("pretty")
  ).addHelpText("after", "\nExit status: 0 verified, 1 refused, 2 usage error.\n").action(
    async (release, options) => setExitCode(await (await import("./cli-chunks/verify-VD6HA7AM.js")).verifyCommand(release, options, io))
  );
  releaseOptions(
    program.command("promote").description("Move a channel (e.g. production) to a release, after verifying it.").argument("<release>", "TENANT/WORKFLOW@VERSION (or @CHANNEL, @sha256:DIGEST)").option("--channel <name>", "the channel to move").option("--allow-downgrade", "allow moving the channel to a lower version (a rollback)")
  ).action(
    async (release, options) => setExitCode(await (await import("./cli-chunks/promote-6YBKPNVE.js")).promoteCommand(release, options, io))
  );
  const stateOption = (c) => c.option("--state <dir>", "runner state directory (default: CHARTER_RUNNER_STATE or .charter/runner)").option(
    "--database <url>",
    "postgres:// URL for shared run state (default: CHARTER_DATABASE_URL, else SQLite in --state)"
  );
  const providerOptions = (c) => c.option("--cassettes <dir>", "cassettes for replay (a directory of TENANT/*.json)").option("--mode <mode>", "auto (replay for providers without an API key; the default), live or replay").option("--teams <file>", "team memberships for approvals (YAML: ORG/TEAM: [logins])");
  const onWorkers = (c) => c.option(
    "--redis <url>",
    "execute on `charter worker`s through this Redis (default: CHARTER_REDIS_URL) and wait; state in --database"
  );
  releaseOptions(
    onWorkers(
      providerOptions(
        stateOption(
          program.command("run").description(
            "Verify a published release (signature, approvals, expiry, rollback) and run it durably."
          ).argument("<release>", "TENANT/WORKFLOW@VERSION, @CHANNEL or @sha256:DIGEST").option("--input <file>", "the workflow's inputs as JSON or YAML (- for stdin)").option("--plan", "admit the release and print the run's plan, without running it").option("--allow-rollback", "run a release older than the newest this runner has run").option(
            "--allow-unapproved",
            "run a release that records no pull request approvals (development only)"
          )
        )
      )
    )
  ).addOption(
    new Option("--format <format>", "pretty or json").choices(["pretty", "json"]).default("pretty")
  ).addHelpText(
    "after",
    `
Exit status: 0 succeeded, 1 failed or refused (nothing executed), 2 usage error, 3 waiting for approval.

Examples:
  charter run support/ticket-triage@production --registry .charter/registry --key release.pub --input ticket.json
  echo '{"text": "hi"}' | charter run support/triage@1.2.0 --input -
`
  ).action(
    async (release, options) => setExitCode(await (await import("./cli-chunks/run-UE2UCQC4.js")).runCommand(release, options, io))
  );
  onWorkers(
    providerOptions(
      stateOption(
        program.command("approve").description(
          "Approve (or --deny) a run's parked approval step as one of its approvers; the run continues."
        ).argument("<run>", "run id").argument("<node>", "the approval step").option("--as <login>", "who approves (must be one of the step's approvers)").option("--deny", "deny instead of approve").option("--comment <text>", "recorded with the decision")
      )
    )
  ).action(
    async (run, node, options) => setExitCode(await (await import("./cli-chunks/run-UE2UCQC4.js")).approveCommand(run, node, options, io))
  );
  onWorkers(
    providerOptions(
      stateOption(
        program.command("resume").description("Resume every run a crash or restart left unfinished.")
      )
    )
  ).action(
    async (options) => setExitCode(await (await import("./cli-chunks/run-UE2UCQC4.js")).resumeCommand(options, io))
  );
  stateOption(
    program.command("runs").description("List runs, newest first.").option("--tenant <tenant>", "only this tenant's runs").option("--status <status>", "running, waiting, succeeded, failed or cancelled").option("--limit <n>", "at most this many", "50")
  ).addOption(
    new Option("--format <format>", "pretty or json").choices(["pretty", "json"]).default("pretty")
  ).action(
    async (options) => setExitCode(await (await import("./cli-chunks/run-UE2UCQC4.js")).runsCommand(options, io))
  );
  stateOption(
    program.command("explain").description(
      "Tell one run as a story: release, verification, every node, with a diagram coloured by status."
    ).argument("<run>", "run id").option(
      "--provenance",
      "link the run to its release: version, digests, merge commit, pull request, approvers, evaluation"
    )
  ).addOption(
    new Option("--format <format>", "text, markdown (with the Mermaid diagram) or json").choices(["text", "markdown", "json"]).default("text")
  ).action(
    async (run, options) => setExitCode(await (await import("./cli-chunks/run-UE2UCQC4.js")).explainCommand(run, options, io))
  );
  releaseOptions(
    providerOptions(
      stateOption(
        program.command("serve").description(
          "Serve the runner: HTTP API with tenant-scoped tokens, run viewer (/ui), metrics, JSON logs."
        ).option("--port <port>", "port (default: PORT or 8080)").option(
          "--redis <url>",
          "queue runs on Redis for charter worker processes (default: CHARTER_REDIS_URL; needs --database)"
        ).option(
          "--tenant <name...>",
          "with --redis: the tenants whose queues this service feeds (default: CHARTER_TENANTS)"
        ).option("--host <host>", "address to bind (default: 127.0.0.1)")
      )
    )
  ).action(
    async (options) => setExitCode(await (await import("./cli-chunks/serve-RGTY6SF4.js")).serveCommand(options, io))
  );
  providerOptions(
    stateOption(
      program.command("worker").description(
        "Run scale-out jobs (orchestrators and steps) from Redis queues, with run state in PostgreSQL."
      ).option("--redis <url>", "redis://HOST:PORT (default: CHARTER_REDIS_URL)").option("--tenant <name...>", "tenants whose queues to work (default: CHARTER_TENANTS)").option("--concurrency <n>", "steps run at once by this worker (default: 8)").option(
        "--metrics-port <port>",
        "serve Prometheus /metrics and /healthz on this port (default: CHARTER_METRICS_PORT; none)"
      ).option("--host <host>", "address of the metrics endpoint (default: 127.0.0.1)").addOption(
        new Option(
          "--orchestration <how>",
          "flow: a run's job waits for its step jobs as children, slot released (default); await: it holds its slot and awaits each step"
        ).choices(["flow", "await"])
      ).option(
        "--config <file>",
        "runner configuration file (YAML; default: CHARTER_RUNNER_CONFIG); flags win"
      )
    )
  ).action(
    async (options) => setExitCode(await (await import("./cli-chunks/worker-UMNF5374.js")).workerCommand(options, io))
  );
  const tokens = program.command("tokens").description("Issue, list and revoke the runner service's tenant-scoped tokens.");
  stateOption(
    tokens.command("create").description("Create a token (shown once).").option("--tenant <tenant>", "the only tenant the token can reach").option("--name <name>", "what the token is for").option("--user <login>", "the person it is issued to (needed to approve)").option("--scope <scope...>", "runs:read, runs:write, approvals:write (default: all)").option("--expires <duration>", "lifetime, e.g. 30d or 12h")
  ).action(
    async (options) => setExitCode(await (await import("./cli-chunks/serve-RGTY6SF4.js")).tokensCreateCommand(options, io))
  );
  stateOption(
    tokens.command("list").description("List tokens.").option("--tenant <tenant>", "only this tenant's")
  ).action(
    async (options) => setExitCode(await (await import("./cli-chunks/serve-RGTY6SF4.js")).tokensListCommand(options, io))
  );
  stateOption(tokens.command("revoke").description("Revoke a token.").argument("<id>", "token id")).action(
    async (id, options) => setExitCode(await (await import("./cli-chunks/serve-RGTY6SF4.js")).tokensRevokeCommand(id, options, io))
  );
  program.command("keys").description("Manage signing keys.").command("generate").description("Generate an ECDSA P-256 key pair for offline signing (NAME.key, NAME.pub).").option("--dir <dir>", "where to write the files", ".").option("--name <name>", "file name stem", "charter").action(
    async (options) => setExitCode(await (await import("./cli-chunks/keys-BW2YJ7I5.js")).keysGenerateCommand(options, io))
  );
  program.command("demo").description("Run the main job end to end on the example repository with the embedded defaults.").argument("[dir]", "governed repository to use instead of examples/acme").action(
    async (dir) => setExitCode(await (await import("./cli-chunks/demo-AR6ZV5CZ.js")).demoCommand(dir, io))
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
    if (error instanceof Error && (error.name === "RegistryError" || error.name === "StatementError")) {
      io.stderr(`charter: ${error.message}
`);
      return 1;
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
