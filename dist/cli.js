// cli/main.ts
import { CommanderError as CommanderError2 } from "commander";

// core/errors.ts
var UserError = class extends Error {
  name = "UserError";
  /** Process exit code the CLI uses for this error. 2 = usage error. */
  exitCode;
  constructor(message2, options = {}) {
    super(message2, { cause: options.cause });
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

// cli/program.ts
import { Command, CommanderError, Option } from "commander";

// package.json
var package_default = {
  name: "charter",
  version: "0.1.0",
  description: "Governed AI workflows as code: lint, diff, evaluate, approve, sign, publish and run YAML workflow DAGs from a git repository.",
  type: "module",
  private: true,
  license: "MIT",
  engines: {
    node: ">=20.19"
  },
  bin: {
    charter: "bin/charter.js"
  },
  scripts: {
    start: "node bin/charter.js demo",
    build: "node scripts/build.mjs",
    "schema:json": "tsx scripts/generate-schema.ts",
    test: "tsc --noEmit && biome check . && vitest run",
    format: "biome check --write .",
    bench: "tsx bench/index.ts",
    docs: "tsx scripts/write-docs.ts"
  },
  dependencies: {
    "@actions/core": "3.0.1",
    "@actions/expressions": "0.3.61",
    "@octokit/rest": "22.0.1",
    commander: "14.0.3",
    diff: "9.0.0",
    mermaid: "11.17.2",
    undici: "6.29.1",
    yaml: "2.9.1",
    zod: "4.6.7"
  },
  devDependencies: {
    "@biomejs/biome": "2.6.8",
    "@types/jsdom": "21.1.7",
    "@types/node": "20.19.43",
    ajv: "8.17.1",
    "ajv-formats": "3.0.1",
    esbuild: "0.28.2",
    jsdom: "26.1.0",
    nock: "14.0.9",
    "playwright-core": "1.65.1",
    tsx: "4.23.15",
    typescript: "7.0.2",
    vitest: "4.1.12"
  }
};

// core/version.ts
var CHARTER_VERSION = package_default.version;

// cli/commands/demo.ts
import { mkdir, rm, writeFile as writeFile2 } from "node:fs/promises";
import { join as join4, relative as relative3 } from "node:path";

// workflows-schema/charter.ts
import * as z3 from "zod";

// workflows-schema/change-kinds.ts
import * as z from "zod";
var CHANGE_KINDS = [
  "workflow-added",
  "workflow-removed",
  "workflow-renamed",
  "workflow-changed",
  "node-added",
  "node-removed",
  "node-changed",
  "edge-changed",
  "prompt-added",
  "prompt-removed",
  "prompt-renamed",
  "prompt-changed",
  "route-changed",
  "model-added",
  "model-changed",
  "tool-added",
  "tool-changed",
  "tool-write",
  "approval-removed",
  "budget-increased",
  "policy-changed",
  "eval-changed",
  "eval-weakened",
  "knowledge-changed"
];
var changeKind = z.enum(CHANGE_KINDS).describe("A kind of change reported by the semantic diff.");
var RISK_LEVELS = ["low", "medium", "high", "critical"];
var riskLevel = z.enum(RISK_LEVELS).describe("Risk level: low < medium < high < critical.");

// workflows-schema/common.ts
import * as z2 from "zod";
var API_VERSION = "charter/v1";
var apiVersion = z2.literal(API_VERSION).describe(`Contract version of this file. Always \`${API_VERSION}\`.`);
var name = z2.string().regex(/^[a-z][a-z0-9-]{0,62}$/, {
  message: "must be lower-case letters, digits and hyphens, starting with a letter (at most 63 characters)"
}).describe("Lower-case name: letters, digits and hyphens, starting with a letter.");
var nodeId = z2.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, {
  message: "must be lower-case letters, digits, '-' or '_', starting with a letter"
}).describe("Node id: lower-case letters, digits, '-' or '_', starting with a letter.");
var semver = z2.string().regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/, {
  message: "must be a semantic version such as 1.4.0"
}).describe("Semantic version (MAJOR.MINOR.PATCH). Bump it whenever the content changes.");
var DURATION_PATTERN = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
var duration = z2.string().regex(DURATION_PATTERN, { message: "must be a duration such as 500ms, 30s, 5m, 24h or 1h30m" }).describe("Duration: a number with a unit (ms, s, m, h, d), e.g. 30s, 5m, 1h30m.");
var usd = z2.number().nonnegative().describe("Amount in US dollars.");
var expression = z2.string().describe("A `${{ … }}` expression in the GitHub Actions expression language.");
var templatedValue = z2.unknown().describe(
  "Any value. Strings may contain `${{ … }}` expressions; a string that is exactly one expression keeps the expression's type."
);
var jsonSchema = z2.record(z2.string(), z2.unknown()).describe("A JSON Schema (draft 2020-12) describing the value.");
var login = z2.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, { message: "must be a GitHub login" });
var teamSlug = z2.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/, { message: "must be a GitHub team as org/team-slug" });
var PRINCIPAL_PATTERN = /^(?:user:[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})|team:[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+)$/;
var principal = z2.union([
  z2.string().regex(PRINCIPAL_PATTERN, { message: "must be user:LOGIN or team:ORG/SLUG" }).describe("`user:LOGIN` or `team:ORG/SLUG`."),
  z2.strictObject({
    user: login.describe("GitHub login."),
    id: z2.int().positive().optional().describe("Numeric GitHub user id; approvals are matched on it.")
  }).describe("A GitHub user, optionally bound to their numeric id."),
  z2.strictObject({ team: teamSlug.describe("GitHub team as ORG/SLUG.") }).describe("A GitHub team.")
]).describe("A GitHub user or team.");
function backoffFields(defaults) {
  return {
    max_attempts: z2.int().min(1).max(20).default(defaults.maxAttempts).describe("Total attempts, including the first."),
    initial_interval: duration.default(defaults.initialInterval).describe("Wait before the first retry."),
    backoff_factor: z2.number().min(1).max(10).default(2).describe("Multiplier applied to the wait after each retry."),
    max_interval: duration.default(defaults.maxInterval).describe("Upper bound on the wait between attempts.")
  };
}
var retryPolicy = z2.strictObject({
  ...backoffFields({ maxAttempts: 3, initialInterval: "500ms", maxInterval: "30s" }),
  jitter: z2.boolean().default(true).describe("Randomise waits by ±50% to avoid thundering herds.")
}).describe("How failed attempts are retried.");
var description = z2.string().max(2e3).describe("Human-readable description.");
var reference = z2.string().regex(/^(?:[a-z][a-z0-9-]{0,62}\/)?[a-z][a-z0-9-]{0,62}$/, { message: "must be a name, or TENANT/NAME" }).describe("Name of something in this tenant.");

// workflows-schema/charter.ts
var escalation = z3.strictObject({
  kinds: z3.array(changeKind).min(1).optional().describe("Change kinds that trigger this rule."),
  min_level: riskLevel.optional().describe("Trigger for any change at or above this risk level."),
  approvers: z3.array(principal).min(1).describe("Who may give the extra approvals."),
  required: z3.int().min(1).max(10).default(1).describe("How many of `approvers` must approve.")
}).describe(
  "Extra approvals required when a pull request contains risky change kinds. Give `kinds`, `min_level`, or both."
);
var registry = z3.discriminatedUnion("type", [
  z3.strictObject({
    type: z3.literal("oci-layout").describe("An OCI image layout on disk (the embedded default)."),
    path: z3.string().min(1).default(".charter/registry").describe("Directory of the layout, relative to the repository root.")
  }).describe("Publish to an OCI image layout directory."),
  z3.strictObject({
    type: z3.literal("oci").describe("An OCI distribution registry (GHCR, Harbor, docker-registry…)."),
    url: z3.url({ protocol: /^https?$/ }).describe("Registry base URL, e.g. https://ghcr.io."),
    repository: z3.string().regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/, {
      message: "must be an OCI repository path such as acme/ai-workflows"
    }).describe("Repository prefix; each workflow is pushed to PREFIX/TENANT/WORKFLOW."),
    username_env: z3.string().optional().describe("Environment variable holding the registry user name."),
    password_env: z3.string().optional().describe("Environment variable holding the registry password or token.")
  }).describe("Publish to an OCI distribution registry.")
]).describe("Where signed releases are published.");
var trustedKey = z3.strictObject({
  id: name.describe("Key name, shown in verification results."),
  public_key_file: z3.string().min(1).describe("PEM public key (ECDSA P-256), relative to the repository root.")
}).describe("A public key whose signatures are trusted.");
var keylessIdentity = z3.strictObject({
  issuer: z3.url().describe("OIDC issuer, e.g. https://token.actions.githubusercontent.com."),
  subject: z3.string().min(1).describe("Exact certificate identity (the publishing workflow's URI).")
}).describe("A Sigstore keyless identity whose signatures are trusted.");
var charterFile = z3.strictObject({
  apiVersion,
  kind: z3.literal("Charter").describe("File kind: `Charter`."),
  name: name.describe("Name of this governed repository."),
  description: description.optional(),
  governance: z3.strictObject({
    owners: z3.array(principal).min(1).describe("Who must approve changes to charter.yml, models.yml, tools/ and any tenant.yml."),
    required: z3.int().min(1).max(10).default(1).describe("How many governance owners must approve such changes.")
  }).describe("Owners of the platform-level policy files."),
  registry: registry.default({ type: "oci-layout", path: ".charter/registry" }),
  signing: z3.strictObject({
    trusted_keys: z3.array(trustedKey).default([]).describe("Public keys trusted to sign releases."),
    keyless: z3.array(keylessIdentity).default([]).describe("Keyless identities trusted to sign releases.")
  }).default({ trusted_keys: [], keyless: [] }).describe("Which signatures a release may carry."),
  risk: z3.strictObject({
    levels: z3.partialRecord(changeKind, riskLevel).default({}).describe("Overrides of the built-in risk level of each change kind."),
    escalations: z3.array(escalation).default([]).describe("Extra approvals for risky changes, in every tenant.")
  }).default({ levels: {}, escalations: [] }).describe("How risky each change kind is, and what risky changes need.")
}).describe("charter.yml: the root of a governed repository.");

// workflows-schema/eval.ts
import * as z4 from "zod";
var BASE_ASSERTION_TYPES = [
  "equals",
  "contains",
  "icontains",
  "contains-any",
  "contains-all",
  "regex",
  "starts-with",
  "is-json",
  "contains-json",
  "json-schema",
  "llm-rubric",
  "similar",
  "cost",
  "latency"
];
var ASSERTION_TYPES = [
  ...BASE_ASSERTION_TYPES,
  ...BASE_ASSERTION_TYPES.map((t) => `not-${t}`)
];
var assertion = z4.strictObject({
  type: z4.enum(ASSERTION_TYPES).describe("Assertion type; prefix with `not-` to negate."),
  value: templatedValue.optional().describe("Expected value, pattern, schema or rubric, depending on the type."),
  threshold: z4.number().nonnegative().optional().describe(
    "Score needed to pass (`llm-rubric`, `similar`), or the limit (`cost` in USD, `latency` in ms)."
  ),
  weight: z4.number().nonnegative().default(1).describe("Weight in the case score; 0 records without scoring."),
  transform: expression.optional().describe("Expression over `output` selecting what to assert on."),
  metric: z4.string().max(100).optional().describe("Name under which the score is reported.")
}).describe("One assertion on a case's output.");
var testCase = z4.strictObject({
  id: z4.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, { message: "must be letters, digits, '_', '.' or '-'" }).describe("Stable id; base and head results are paired by it."),
  description: description.optional(),
  vars: z4.record(z4.string(), templatedValue).default({}).describe("Prompt variables (for a prompt target)."),
  inputs: z4.record(z4.string(), templatedValue).default({}).describe("Workflow inputs (for a workflow target)."),
  mocks: z4.strictObject({
    tools: z4.record(z4.string(), templatedValue).default({}).describe("Results of tool calls by NAMESPACE.TOOL; tools are never called during evaluation."),
    approvals: z4.record(z4.string(), z4.enum(["approve", "deny"])).default({}).describe("Decisions of approval nodes by node id.")
  }).optional().describe("Stand-ins for side effects when a whole workflow is evaluated."),
  assert: z4.array(assertion).default([]).describe("Assertions on the output, in addition to `defaults.assert`."),
  threshold: z4.number().min(0).max(1).optional().describe("Pass when the weighted score reaches this, instead of requiring every assertion.")
}).describe("One evaluation case.");
var evalSuiteFile = z4.strictObject({
  apiVersion,
  kind: z4.literal("EvalSuite").describe("File kind: `EvalSuite`."),
  name: name.describe("Suite name, unique in its tenant."),
  description: description.optional(),
  target: z4.union([
    z4.strictObject({ prompt: reference.describe("Prompt name in this tenant.") }).describe("Evaluate a prompt."),
    z4.strictObject({ workflow: reference.describe("Workflow name in this tenant.") }).describe("Evaluate a workflow.")
  ]).describe("What the suite evaluates."),
  routes: z4.array(reference).default([]).describe("Routes to evaluate (side by side when several). Required for a prompt target."),
  grader: z4.strictObject({
    route: reference.describe("Route used by `llm-rubric`."),
    embedding_route: reference.optional().describe("Route of an embedding model, used by `similar`.")
  }).optional().describe("Models that grade outputs."),
  threshold: z4.number().min(0).max(1).default(1).describe("Pass rate the suite needs for the check to pass."),
  repeat: z4.int().min(1).max(20).default(1).describe("Times each case runs."),
  min_pass: z4.int().min(1).max(20).optional().describe("Runs out of `repeat` that must pass (k-of-n). Defaults to all."),
  concurrency: z4.int().min(1).max(64).default(4).describe("Cases evaluated at once."),
  timeout: duration.default("120s").describe("Timeout of one case."),
  defaults: z4.strictObject({
    assert: z4.array(assertion).default([]).describe("Assertions applied to every case.")
  }).optional().describe("Applied to every case."),
  cases: z4.array(testCase).min(1).describe("The cases.")
}).describe("An evaluation suite.");

// workflows-schema/models.ts
import * as z5 from "zod";
var envVar = z5.string().regex(/^[A-Z_][A-Z0-9_]*$/, { message: "must be an environment variable name such as OPENAI_API_KEY" });
var common = {
  description: description.optional(),
  timeout: duration.default("60s").describe("Default timeout of one request to this provider.")
};
var provider = z5.discriminatedUnion("type", [
  z5.strictObject({
    type: z5.literal("openai").describe("OpenAI through the official `openai` SDK."),
    api_key_env: envVar.default("OPENAI_API_KEY").describe("Environment variable holding the API key."),
    base_url: z5.url().optional().describe("Override of the API base URL."),
    organization: z5.string().optional().describe("OpenAI organization id."),
    ...common
  }).describe("OpenAI."),
  z5.strictObject({
    type: z5.literal("anthropic").describe("Anthropic through the official `@anthropic-ai/sdk`."),
    api_key_env: envVar.default("ANTHROPIC_API_KEY").describe("Environment variable holding the API key."),
    base_url: z5.url().optional().describe("Override of the API base URL."),
    ...common
  }).describe("Anthropic."),
  z5.strictObject({
    type: z5.literal("openai-compatible").describe("Any server speaking the OpenAI API (Ollama, vLLM, LiteLLM proxy)."),
    base_url: z5.url().describe("Base URL of the server, e.g. http://127.0.0.1:11434/v1."),
    api_key_env: envVar.optional().describe("Environment variable holding the API key, if the server needs one."),
    ...common
  }).describe("An OpenAI-compatible server."),
  z5.strictObject({
    type: z5.literal("replay").describe("Recorded responses from cassette files; no key, no network."),
    cassettes: z5.string().min(1).default("cassettes").describe("Directory of cassette files, relative to the repository root."),
    ...common
  }).describe("Replay of recorded responses.")
]).describe("A model provider.");
var model = z5.strictObject({
  provider: name.describe("Provider id from `providers`."),
  model: z5.string().min(1).describe("The provider's own model name, e.g. gpt-4o-mini."),
  description: description.optional(),
  mode: z5.enum(["chat", "embedding"]).default("chat").describe("What the model does."),
  input_cost_per_token: z5.number().nonnegative().default(0).describe("USD per input token."),
  output_cost_per_token: z5.number().nonnegative().default(0).describe("USD per output token."),
  cache_read_input_token_cost: z5.number().nonnegative().optional().describe("USD per cached input token."),
  max_input_tokens: z5.int().positive().optional().describe("Context window, in tokens."),
  max_output_tokens: z5.int().positive().optional().describe("Largest completion, in tokens."),
  supports_function_calling: z5.boolean().default(false).describe("Whether the model can call tools."),
  supports_response_schema: z5.boolean().default(false).describe("Whether the model supports structured output.")
}).describe("A model and its prices.");
var modelId = z5.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, { message: "must be lower-case letters, digits, '.', '_' or '-'" }).describe("Model id used by routes.");
var modelsFile = z5.strictObject({
  apiVersion,
  kind: z5.literal("Models").describe("File kind: `Models`."),
  description: description.optional(),
  providers: z5.record(name, provider).describe("Providers by id."),
  models: z5.record(modelId, model).describe("Models by id, with their prices.")
}).describe("models.yml: model providers and prices.");

// workflows-schema/prompt.ts
import * as z7 from "zod";

// workflows-schema/routes.ts
import * as z6 from "zod";
var modelParams = z6.strictObject({
  temperature: z6.number().min(0).max(2).optional().describe("Sampling temperature."),
  top_p: z6.number().min(0).max(1).optional().describe("Nucleus sampling."),
  max_tokens: z6.int().positive().optional().describe("Largest completion, in tokens."),
  seed: z6.int().optional().describe("Sampling seed, where the provider supports it."),
  stop: z6.array(z6.string()).max(4).optional().describe("Stop sequences.")
}).describe("Model request parameters.");
var target = z6.strictObject({
  id: name.optional().describe("Target id, used by conditions and traces. Defaults to the model id."),
  model: modelId.describe("Model id from models.yml."),
  weight: z6.number().positive().default(1).describe("Relative share of traffic under the `weighted` strategy."),
  params: modelParams.optional(),
  timeout: duration.optional().describe("Timeout of one attempt on this target.")
}).describe("A model a route can send requests to.");
var route = z6.strictObject({
  description: description.optional(),
  strategy: z6.enum(["fallback", "weighted", "conditional"]).default("fallback").describe(
    "`fallback`: targets in order; `weighted`: by weight; `conditional`: first matching condition."
  ),
  targets: z6.array(target).min(1).describe("Models this route can use."),
  conditions: z6.array(
    z6.strictObject({
      if: expression.describe("Condition over `request` (e.g. `${{ request.input_tokens > 8000 }}`)."),
      target: name.describe("Target id to use when the condition holds.")
    }).describe("A condition and the target it selects.")
  ).default([]).describe("For `conditional`: evaluated in order; when none holds, the first target is used."),
  retry: z6.strictObject({
    ...backoffFields({ maxAttempts: 2, initialInterval: "1s", maxInterval: "20s" }),
    on_status: z6.array(z6.int().min(400).max(599)).default([408, 409, 429, 500, 502, 503, 504]).describe("HTTP statuses that are retried; others move straight to the next target.")
  }).default({
    max_attempts: 2,
    initial_interval: "1s",
    backoff_factor: 2,
    max_interval: "20s",
    on_status: [408, 409, 429, 500, 502, 503, 504]
  }).describe(
    "Retries per target with backoff. `retry-after` is honoured; when it asks for longer than max_interval, the route moves to the next target."
  ),
  timeout: duration.default("60s").describe("Total time for one request across all attempts and targets."),
  circuit_breaker: z6.strictObject({
    failure_threshold: z6.int().min(1).default(3).describe("Consecutive failures that open the breaker for a target."),
    cooldown: duration.default("30s").describe("How long an open target is skipped.")
  }).default({ failure_threshold: 3, cooldown: "30s" }).describe("Skips a failing target for a cool-down. Always on."),
  budget: z6.strictObject({
    max_usd_per_call: usd.optional().describe("Refuse a call whose estimated cost exceeds this.")
  }).optional().describe("Per-call cost cap.")
}).describe("A named model route.");
var routesFile = z6.strictObject({
  apiVersion,
  kind: z6.literal("Routes").describe("File kind: `Routes`."),
  description: description.optional(),
  routes: z6.record(name, route).describe("Routes by name.")
}).describe("routes.yml: the tenant's model routes.");

// workflows-schema/prompt.ts
var VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
var variable = z7.strictObject({
  type: z7.enum(["string", "number", "boolean", "object", "array", "any"]).default("string").describe("Type of the value."),
  description: description.optional(),
  required: z7.boolean().default(true).describe("Whether every caller must provide it.")
}).describe("A declared template variable.");
var message = z7.strictObject({
  role: z7.enum(["system", "user", "assistant"]).describe("Who speaks."),
  content: z7.string().describe(
    "Text. `{{ name }}` inserts a declared variable; `{{#name}}…{{/name}}` repeats or shows a section."
  )
}).describe("One chat message.");
var promptFile = z7.strictObject({
  apiVersion,
  kind: z7.literal("Prompt").describe("File kind: `Prompt`."),
  name: name.describe("Prompt name, unique in its tenant."),
  version: semver,
  description: description.optional(),
  variables: z7.record(z7.string().regex(VARIABLE_NAME, { message: "must be an identifier" }), variable).default({}).describe("Variables the messages may use. Using an undeclared variable is an error."),
  params: modelParams.optional(),
  messages: z7.array(message).min(1).describe("The chat messages."),
  output: z7.strictObject({
    format: z7.enum(["text", "json"]).default("text").describe("`json` asks the model for structured output."),
    schema: jsonSchema.optional().describe("JSON Schema the output must match (with `format: json`).")
  }).default({ format: "text" }).describe("Expected output.")
}).describe("A versioned prompt.");

// workflows-schema/tenant.ts
import * as z8 from "zod";
var toolPattern = z8.string().regex(/^(?:\*|[a-z][a-z0-9-]*\.(?:\*|[a-z][a-z0-9_]*))$/, {
  message: "must be NAMESPACE.TOOL, NAMESPACE.* or *"
}).describe("A tool (`crm.lookup_customer`), a namespace (`crm.*`) or every tool (`*`).");
var modelPattern = z8.string().regex(/^(?:\*|[a-z0-9][a-z0-9._-]*\*?)$/, { message: "must be a model id, a prefix ending in * or *" }).describe("A model id from models.yml, a prefix ending in `*`, or `*`.");
var tenantFile = z8.strictObject({
  apiVersion,
  kind: z8.literal("Tenant").describe("File kind: `Tenant`."),
  name: name.describe("Tenant name; must equal the name of its directory."),
  description: description.optional(),
  approvals: z8.strictObject({
    required: z8.int().min(1).max(10).default(1).describe("Approvals needed for any change in this tenant."),
    approvers: z8.array(principal).min(1).describe("Who may approve this tenant's changes."),
    escalations: z8.array(escalation).default([]).describe("Extra approvals for risky change kinds in this tenant (e.g. the tenant's leads).")
  }).describe("Pull request approvals for this tenant's directory."),
  budget: z8.strictObject({
    max_usd_per_run: usd.describe(
      "Cap on any one workflow run; a workflow's own budget must not exceed it."
    ),
    max_usd_per_day: usd.optional().describe("Cap on this tenant's total spend per UTC day.")
  }).describe("Spending caps enforced by the linter and the runner."),
  allow: z8.strictObject({
    providers: z8.array(name).min(1).describe("Provider ids (from models.yml) this tenant may use."),
    models: z8.array(modelPattern).min(1).describe("Models this tenant's routes may target."),
    tools: z8.array(toolPattern).default([]).describe("Catalog tools this tenant's workflows may call."),
    knowledge: z8.array(z8.union([name, z8.literal("*")])).default(["*"]).describe("Knowledge collections (directories under knowledge/) workflows may retrieve from.")
  }).describe("What this tenant's workflows may use. Anything not listed is refused.")
}).describe("tenant.yml: approvers, budgets and allowances of one tenant.");

// workflows-schema/tools.ts
import * as z9 from "zod";
var envVar2 = z9.string().regex(/^[A-Z_][A-Z0-9_]*$/, { message: "must be an environment variable name" });
var toolName = z9.string().regex(/^[a-z][a-z0-9_]{0,63}$/, {
  message: "must be lower-case letters, digits and '_', starting with a letter"
}).describe("Tool name within its namespace (snake_case, as model function-calling APIs expect).");
var connector = z9.discriminatedUnion("type", [
  z9.strictObject({
    type: z9.literal("http").describe("HTTP JSON API."),
    base_url: z9.url({ protocol: /^https?$/ }).describe("Base URL; requests never leave its host."),
    allowed_hosts: z9.array(z9.string().min(1)).optional().describe("Hosts the connector may call. Defaults to the host of `base_url`."),
    auth: z9.discriminatedUnion("type", [
      z9.strictObject({
        type: z9.literal("bearer").describe("`Authorization: Bearer <token>`."),
        token_env: envVar2.describe("Environment variable holding the token.")
      }),
      z9.strictObject({
        type: z9.literal("header").describe("A custom header."),
        header: z9.string().min(1).describe("Header name."),
        value_env: envVar2.describe("Environment variable holding the header value.")
      })
    ]).optional().describe("How requests authenticate. Secrets come from the environment only."),
    timeout: duration.default("10s").describe("Timeout of one request.")
  }).describe("Tools served over HTTP."),
  z9.strictObject({
    type: z9.literal("mcp").describe("A Model Context Protocol server over stdio."),
    command: z9.string().min(1).describe("Executable to start (no shell)."),
    args: z9.array(z9.string()).default([]).describe("Arguments, passed as an array (never through a shell)."),
    env: z9.array(envVar2).default([]).describe("Environment variables passed through to the server."),
    timeout: duration.default("30s").describe("Timeout of one call.")
  }).describe("Tools served by an MCP server."),
  z9.strictObject({
    type: z9.literal("builtin").describe("Functions built into the runner.")
  }).describe("Built-in tools.")
]).describe("How the tools of this namespace are reached.");
var tool = z9.strictObject({
  description: description.describe("What the tool does; shown to models that may call it."),
  effect: z9.enum(["read", "write"]).describe("`write` if calling the tool changes anything outside the run."),
  input: jsonSchema.describe(
    "JSON Schema of the arguments. Arguments are validated against it before every call."
  ),
  output: jsonSchema.optional().describe("JSON Schema of the result."),
  http: z9.strictObject({
    method: z9.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("POST").describe("HTTP method."),
    path: z9.string().regex(/^\/[A-Za-z0-9_.~{}/-]*$/, { message: "must be a path such as /customers/{id}" }).describe("Path under `base_url`; `{arg}` segments are filled from the arguments (URL-encoded).")
  }).optional().describe("HTTP binding. Remaining arguments go in the query (GET, DELETE) or a JSON body."),
  mcp_tool: z9.string().min(1).optional().describe("Name of the tool on the MCP server. Defaults to the tool name."),
  function: z9.string().min(1).optional().describe("Name of the built-in function. Defaults to the tool name."),
  idempotent: z9.boolean().default(false).describe(
    "Whether repeating a call is harmless. Non-idempotent write tools receive an idempotency key."
  )
}).describe("A tool: its effect, argument schema and binding.");
var toolCatalogFile = z9.strictObject({
  apiVersion,
  kind: z9.literal("ToolCatalog").describe("File kind: `ToolCatalog`."),
  namespace: name.describe("Namespace of these tools; workflows call them as NAMESPACE.TOOL."),
  description: description.optional(),
  connector,
  tools: z9.record(toolName, tool).describe("Tools by name.")
}).describe("tools/*.yml: a namespace of platform tools.");

// workflows-schema/workflow.ts
import * as z10 from "zod";
var check = z10.strictObject({
  type: z10.enum(["json-schema", "regex", "contains", "not-empty", "max-length", "expression"]).describe(
    "`json-schema`: the output matches the prompt's (or the given) schema; `regex`/`contains`: text checks; `max-length`: characters; `expression`: a `${{ }}` condition over `output`."
  ),
  value: templatedValue.optional().describe("The pattern, text, length, schema or expression the check needs."),
  name: z10.string().max(100).optional().describe("Name shown in the trace."),
  on_fail: z10.enum(["record", "fail"]).default("record").describe(
    "`record`: note the failed check in the trace; `fail`: fail the node (then `on_error` applies)."
  )
}).describe("A quality check on the node's output, recorded in the trace.");
var common2 = {
  description: description.optional(),
  needs: z10.array(nodeId).default([]).describe("Nodes that must finish before this one starts."),
  if: z10.union([expression, z10.boolean()]).optional().describe(
    "Run only when this is true; otherwise the node is skipped. `${{ }}` may be omitted, as in GitHub Actions."
  ),
  for_each: expression.optional().describe(
    "Run once per element of this array; `item` and `index` are available. Output is the array of results."
  ),
  max_concurrency: z10.int().min(1).max(100).default(4).describe("With `for_each`: how many elements run at once."),
  retry: retryPolicy.optional(),
  timeout: duration.optional().describe("Timeout of one attempt of this node."),
  on_error: z10.strictObject({
    fallback: nodeId.optional().describe("Node to run instead when this one fails; its output replaces this one's."),
    default: templatedValue.optional().describe("Value to use as this node's output when it fails.")
  }).optional().describe("What happens when the node fails after its retries. Give `fallback` or `default`."),
  checks: z10.array(check).default([]).describe("Quality checks on the output.")
};
var llmNode = z10.strictObject({
  type: z10.literal("llm").describe("A prompt sent through a model route."),
  prompt: reference.describe("Prompt name in this tenant."),
  route: reference.describe("Route name from the tenant's routes.yml."),
  with: z10.record(z10.string(), templatedValue).default({}).describe("Values of the prompt's variables."),
  tools: z10.strictObject({
    allow: z10.array(z10.string()).min(1).describe("Catalog tools (NAMESPACE.TOOL) the model may call."),
    max_steps: z10.int().min(1).max(20).default(4).describe("Most tool-calling rounds before the answer is forced.")
  }).optional().describe("Bounded tool use by the model; each call is policy-checked like a `tool` node."),
  ...common2
}).describe("Ask a model.");
var toolNode = z10.strictObject({
  type: z10.literal("tool").describe("A catalog tool called with typed arguments."),
  tool: z10.string().min(1).describe("Tool as NAMESPACE.TOOL from tools/."),
  with: z10.record(z10.string(), templatedValue).default({}).describe("Arguments, validated against the tool's input schema. Never spliced into commands."),
  idempotency_key: expression.optional().describe("Key that makes a repeated write harmless. Defaults to run id + node id."),
  ...common2
}).describe("Call a tool.");
var retrieveNode = z10.strictObject({
  type: z10.literal("retrieve").describe("Search this tenant's knowledge."),
  knowledge: reference.describe("Knowledge collection: a directory under the tenant's knowledge/."),
  query: templatedValue.describe("The search text."),
  top_k: z10.int().min(1).max(50).default(5).describe("How many passages to return."),
  ...common2
}).describe("Retrieve documents.");
var approvalNode = z10.strictObject({
  type: z10.literal("approval").describe("A human gate: the run parks until enough approvers decide."),
  approvers: z10.array(principal).min(1).describe("Who may approve. Must be approvers of the tenant."),
  min_approvals: z10.int().min(1).max(10).default(1).describe("Approvals needed to continue."),
  message: templatedValue.optional().describe("What the approvers are asked."),
  on_timeout: z10.enum(["deny", "fail"]).default("deny").describe("What a timeout means."),
  ...common2,
  timeout: duration.default("24h").describe("How long the run waits for a decision.")
}).describe("Wait for human approval.");
var transformNode = z10.strictObject({
  type: z10.literal("transform").describe("Compute a value from expressions; no model, no tool."),
  value: templatedValue.describe("The output value; strings may contain expressions."),
  ...common2
}).describe("Compute a value.");
var workflowNode = z10.strictObject({
  type: z10.literal("workflow").describe("Run another workflow of this tenant at a pinned version."),
  workflow: reference.describe("Workflow name in this tenant."),
  version: semver.describe("Exact version of the sub-workflow."),
  with: z10.record(z10.string(), templatedValue).default({}).describe("Inputs of the sub-workflow."),
  ...common2
}).describe("Run a sub-workflow.");
var node = z10.discriminatedUnion("type", [llmNode, toolNode, retrieveNode, approvalNode, transformNode, workflowNode]).describe("A node of the workflow DAG.");
var workflowFile = z10.strictObject({
  apiVersion,
  kind: z10.literal("Workflow").describe("File kind: `Workflow`."),
  name: name.describe("Workflow name, unique in its tenant."),
  version: semver,
  description: description.optional(),
  inputs: z10.record(z10.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, { message: "must be an identifier" }), jsonSchema).default({}).describe(
    "Inputs by name, each a JSON Schema. An input is required unless its schema has a `default`."
  ),
  outputs: z10.record(z10.string(), templatedValue).default({}).describe("Outputs by name, usually expressions over `nodes`."),
  budget: z10.strictObject({
    max_usd: usd.describe("Most a run may spend on models."),
    timeout: duration.describe("Most a run may take, excluding time parked at approvals.")
  }).describe("Limits of one run."),
  defaults: z10.strictObject({
    retry: retryPolicy.optional(),
    timeout: duration.optional().describe("Default timeout of one node attempt.")
  }).optional().describe("Defaults applied to every node."),
  max_concurrency: z10.int().min(1).max(100).default(8).describe("How many nodes run at once."),
  nodes: z10.record(nodeId, node).describe("The nodes, by id.")
}).describe("A versioned workflow DAG.");

// workflows-schema/index.ts
var FILE_KINDS = {
  Charter: { schema: charterFile, file: "charter", where: "charter.yml" },
  Models: { schema: modelsFile, file: "models", where: "models.yml" },
  ToolCatalog: { schema: toolCatalogFile, file: "tool-catalog", where: "tools/*.yml" },
  Tenant: { schema: tenantFile, file: "tenant", where: "tenants/<tenant>/tenant.yml" },
  Routes: { schema: routesFile, file: "routes", where: "tenants/<tenant>/routes.yml" },
  Prompt: { schema: promptFile, file: "prompt", where: "tenants/<tenant>/prompts/*.yml" },
  Workflow: { schema: workflowFile, file: "workflow", where: "tenants/<tenant>/workflows/*.yml" },
  EvalSuite: { schema: evalSuiteFile, file: "eval-suite", where: "tenants/<tenant>/evals/*.yml" }
};

// core/source/limits.ts
var LIMITS = {
  /** Largest YAML file accepted. */
  maxYamlBytes: 2 * 1024 * 1024,
  /** Deepest nesting of collections accepted (flow brackets or block indentation levels). */
  maxDepth: 64,
  /** Most alias dereferences while building a value (guards against "billion laughs"). */
  maxAliasCount: 200,
  /** Largest knowledge document indexed. */
  maxKnowledgeBytes: 8 * 1024 * 1024,
  /** Most files in one governed repository. */
  maxFiles: 1e5
};

// core/source/yaml-file.ts
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";

// core/source/nesting-depth.ts
function exceedsNestingDepth(text, max) {
  let flow = 0;
  const indents = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    let indent = 0;
    while (i < n && text.charCodeAt(i) === 32) {
      indent++;
      i++;
    }
    const first = text.charCodeAt(i);
    const blank = i >= n || first === 10 || first === 13 || first === 35;
    if (!blank && flow === 0) {
      while (indents.length > 0 && (indents[indents.length - 1] ?? 0) >= indent) indents.pop();
      indents.push(indent);
      let j = i;
      while (text.charCodeAt(j) === 45 && text.charCodeAt(j + 1) === 32) {
        indents.push(indent + (j - i) + 1);
        j += 2;
      }
      if (indents.length > max) return { line };
    }
    let quote = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10) break;
      if (quote) {
        if (c === quote) quote = 0;
        else if (c === 92 && quote === 34) i++;
      } else if (c === 34 || c === 39) {
        const prev = text.charCodeAt(i - 1);
        if (i === 0 || prev === 32 || prev === 91 || prev === 123 || prev === 44 || prev === 58 || prev === 45)
          quote = c;
      } else if (c === 35 && (i === 0 || text.charCodeAt(i - 1) === 32)) {
        while (i < n && text.charCodeAt(i) !== 10) i++;
        break;
      } else if (c === 91 || c === 123) {
        if (++flow + indents.length > max) return { line };
      } else if ((c === 93 || c === 125) && flow > 0) {
        flow--;
      }
      i++;
    }
    i++;
    line++;
  }
  return void 0;
}

// core/source/yaml-file.ts
var YamlFile = class {
  path;
  text;
  doc;
  lines;
  constructor(path, text, doc, lines) {
    this.path = path;
    this.text = text;
    this.doc = doc;
    this.lines = lines;
  }
  /** Position of a character offset. */
  positionAt(offset) {
    const { line, col } = this.lines.linePos(Math.max(0, Math.min(offset, this.text.length)));
    return { file: this.path, line, column: col };
  }
  /** The YAML node at `path`, or the deepest existing ancestor. With `key`, the last segment's key. */
  nodeAt(path, key = false) {
    let node2 = this.doc.contents;
    let found = node2 ?? void 0;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      const last = i === path.length - 1;
      if (isMap(node2)) {
        const pair = node2.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
        if (!pair) return { node: found, exact: false };
        if (last && key || pair.value == null) {
          found = pair.key;
          if (last) return { node: found, exact: true };
          return { node: found, exact: false };
        }
        node2 = pair.value;
      } else if (isSeq(node2) && typeof seg === "number") {
        const item = node2.items[seg];
        if (item == null) return { node: found, exact: false };
        node2 = item;
      } else {
        return { node: found, exact: false };
      }
      found = node2;
    }
    return { node: found, exact: true };
  }
  /**
   * Position of a character inside the string value at `path`. Exact for block literals (`|`) and
   * for one-line scalars where `needle` (the text at that offset) appears verbatim in the source;
   * otherwise the scalar's start.
   */
  locateInString(path, valueOffset, needle) {
    const { node: node2, exact } = this.nodeAt(path);
    if (!exact || !isScalar(node2) || !node2.range || typeof node2.value !== "string") return this.locate(path);
    const [start, end] = node2.range;
    const raw = this.text.slice(start, end);
    if (node2.type === "BLOCK_LITERAL") {
      const value2 = node2.value;
      const lineIdx = countNewlines(value2, valueOffset);
      const lineStart = value2.lastIndexOf("\n", valueOffset - 1) + 1;
      const rawLines = raw.split("\n");
      const firstContent = rawLines.slice(1).find((l) => l.trim() !== "") ?? "";
      const indent = firstContent.length - firstContent.trimStart().length;
      const header = this.positionAt(start);
      return {
        file: this.path,
        line: header.line + 1 + lineIdx,
        column: indent + (valueOffset - lineStart) + 1
      };
    }
    const idx = needle ? raw.indexOf(needle) : -1;
    return idx >= 0 ? this.positionAt(start + idx) : this.locate(path);
  }
  /** Where the value at `path` (or its key, with `key`) starts and ends. */
  locate(path, key = false) {
    const { node: node2 } = this.nodeAt(path, key);
    const range = node2?.range;
    if (!range) return { file: this.path, line: 1, column: 1 };
    const start = this.positionAt(range[0]);
    const end = this.positionAt(range[1]);
    return { ...start, endLine: end.line, endColumn: end.column };
  }
};
function countNewlines(s, end) {
  let n = 0;
  for (let i = s.indexOf("\n"); i >= 0 && i < end; i = s.indexOf("\n", i + 1)) n++;
  return n;
}
var utf8 = new TextDecoder("utf-8", { fatal: true });
function yamlDiagnostic(file, message2, pos) {
  return { rule: "yaml", severity: "error", file, line: pos?.line ?? 1, column: pos?.column ?? 1, message: message2 };
}
function parseYamlFile(path, bytes) {
  if (bytes.length > LIMITS.maxYamlBytes) {
    const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    return {
      diagnostics: [
        yamlDiagnostic(
          path,
          `File is ${mb(bytes.length)}; governed YAML files are limited to ${mb(LIMITS.maxYamlBytes)}. Split it into smaller files.`
        )
      ]
    };
  }
  let text;
  try {
    text = utf8.decode(bytes);
  } catch {
    return {
      diagnostics: [
        yamlDiagnostic(
          path,
          "File is not valid UTF-8 text (binary content?). Governed files must be UTF-8 YAML."
        )
      ]
    };
  }
  const nul = text.indexOf("\0");
  if (nul >= 0) {
    return {
      diagnostics: [
        yamlDiagnostic(path, "File contains NUL bytes (binary content?). Governed files must be YAML text.")
      ]
    };
  }
  if (text.charCodeAt(0) === 65279) text = text.slice(1);
  const deep = exceedsNestingDepth(text, LIMITS.maxDepth);
  if (deep) {
    return {
      diagnostics: [
        yamlDiagnostic(path, `Nesting deeper than ${LIMITS.maxDepth} levels. Flatten the structure.`, {
          line: deep.line,
          column: 1
        })
      ]
    };
  }
  const lines = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, {
      lineCounter: lines,
      prettyErrors: false,
      uniqueKeys: true,
      merge: false,
      strict: true
    });
  } catch (error) {
    return { diagnostics: [yamlDiagnostic(path, `YAML could not be parsed: ${error.message}`)] };
  }
  const file = new YamlFile(path, text, doc, lines);
  const diagnostics = [];
  const [first, ...rest] = doc.errors;
  if (first) {
    const more = rest.length > 0 ? ` (${rest.length} more error${rest.length > 1 ? "s" : ""} follow from it)` : "";
    diagnostics.push(
      yamlDiagnostic(
        path,
        describeYamlError(first.code, first.message) + more,
        file.positionAt(first.pos[0])
      )
    );
  }
  for (const w of doc.warnings) {
    diagnostics.push(yamlDiagnostic(path, describeYamlError(w.code, w.message), file.positionAt(w.pos[0])));
  }
  if (diagnostics.length > 0) return { file, diagnostics };
  try {
    const value2 = doc.toJS({ maxAliasCount: LIMITS.maxAliasCount });
    return { file, value: value2, diagnostics };
  } catch (error) {
    const message2 = error.message;
    const text2 = /alias/i.test(message2) && /excessive|exhaust/i.test(message2) ? `Too many alias expansions (more than ${LIMITS.maxAliasCount}); this looks like a YAML alias bomb. Remove the aliases.` : `YAML could not be converted: ${message2}`;
    return { file, diagnostics: [yamlDiagnostic(path, text2)] };
  }
}
function describeYamlError(code2, message2) {
  const first = message2.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? message2;
  switch (code2) {
    case "DUPLICATE_KEY":
      return `${first}. Each key may appear once; remove or rename the duplicate.`;
    case "MULTIPLE_DOCS":
      return "File contains several YAML documents (---); a governed file holds exactly one.";
    case "TAG_RESOLVE_FAILED":
      return `${first}. Custom YAML tags are not allowed; write plain values.`;
    case "RESOURCE_EXHAUSTION":
      return "The YAML is too deeply nested or too large to parse safely. Simplify it.";
    default:
      return `YAML syntax error: ${first}.`;
  }
}

// core/text/did-you-mean.ts
function editDistance(a, b, cap = 8) {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const rows = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const prev = rows[i - 1];
      let v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, rows[i - 2][j - 2] + 1);
      row.push(v);
    }
    rows.push(row);
  }
  return rows[a.length][b.length];
}
function didYouMean(input, candidates) {
  const lower = input.toLowerCase();
  let best;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const allowed = Math.max(1, Math.min(3, Math.floor(input.length / 3)));
  return best !== void 0 && bestDistance <= allowed ? best : void 0;
}
function suggestion(input, candidates) {
  const s = didYouMean(input, candidates);
  return s === void 0 ? "" : ` Did you mean "${s}"?`;
}
function formatList(items, quote = true) {
  const q = items.map((i) => quote ? `"${i}"` : i);
  if (q.length <= 1) return q.join("");
  return `${q.slice(0, -1).join(", ")} or ${q[q.length - 1]}`;
}

// core/model/classify.ts
var YAML_EXT = /\.ya?ml$/;
var TENANT_SUBDIRS = {
  prompts: "Prompt",
  workflows: "Workflow",
  evals: "EvalSuite"
};
var TENANT_FREE_DIRS = /* @__PURE__ */ new Set(["knowledge", "cassettes"]);
function classifyPath(path) {
  const parts = path.split("/");
  const [top, second, third, fourth] = parts;
  if (parts.length === 1) {
    if (top === "charter.yml" || top === "charter.yaml") return { type: "yaml", kind: "Charter" };
    if (top === "models.yml" || top === "models.yaml") return { type: "yaml", kind: "Models" };
    return { type: "ignored" };
  }
  if (top === "tools") {
    if (parts.length === 2 && YAML_EXT.test(second)) return { type: "yaml", kind: "ToolCatalog" };
    return YAML_EXT.test(path) ? { type: "stray", hint: "Tool catalogs live directly in tools/ (tools/NAMESPACE.yml)." } : { type: "ignored" };
  }
  if (top !== "tenants") return { type: "ignored" };
  const tenant = second;
  if (parts.length === 2) {
    return YAML_EXT.test(tenant) ? { type: "stray", hint: "Each tenant is a directory: tenants/TENANT/tenant.yml." } : { type: "ignored" };
  }
  if (parts.length === 3) {
    if (third === "tenant.yml" || third === "tenant.yaml") return { type: "yaml", kind: "Tenant", tenant };
    if (third === "routes.yml" || third === "routes.yaml") return { type: "yaml", kind: "Routes", tenant };
    return YAML_EXT.test(third) ? {
      type: "stray",
      tenant,
      hint: "A tenant directory holds tenant.yml, routes.yml and the prompts/, workflows/, evals/ and knowledge/ directories."
    } : { type: "tenant-dir", tenant };
  }
  const kind = TENANT_SUBDIRS[third];
  if (kind) {
    if (parts.length === 4 && YAML_EXT.test(fourth)) return { type: "yaml", kind, tenant };
    return YAML_EXT.test(path) ? {
      type: "stray",
      tenant,
      hint: `Files of ${third}/ must sit directly in tenants/${tenant}/${third}/.`
    } : { type: "tenant-dir", tenant };
  }
  if (third === "knowledge") {
    if (parts.length >= 5) return { type: "knowledge", tenant, collection: fourth };
    return {
      type: "stray",
      tenant,
      hint: `Knowledge documents belong to a collection: tenants/${tenant}/knowledge/COLLECTION/${fourth}.`
    };
  }
  if (TENANT_FREE_DIRS.has(third)) return { type: "tenant-dir", tenant };
  if (!YAML_EXT.test(path)) return { type: "tenant-dir", tenant };
  const close = didYouMean(third, [...Object.keys(TENANT_SUBDIRS), "knowledge"]);
  return {
    type: "stray",
    tenant,
    hint: close ? `tenants/${tenant}/${third}/ is not a governed directory. Did you mean ${close}/?` : `tenants/${tenant}/${third}/ is not a governed directory; use prompts/, workflows/, evals/ or knowledge/.`
  };
}

// core/model/entity.ts
var Entity = class {
  data;
  file;
  /**
   * Entries dropped from keyed collections because they failed validation (collection → keys), so
   * that the rest of the file is still checked and references to the dropped entries do not cascade.
   */
  dropped;
  constructor(data2, file, dropped = /* @__PURE__ */ new Map()) {
    this.data = data2;
    this.file = file;
    this.dropped = dropped;
  }
  /** Whether `key` of `collection` exists but failed validation. */
  wasDropped(collection, key) {
    return this.dropped.get(collection)?.has(key) ?? false;
  }
  get path() {
    return this.file.path;
  }
  /** Where the field at `path` is written (the key itself with `key`). */
  at(path, key = false) {
    return this.file.locate(path, key);
  }
  /** Where the `name` (or first) field is written: the entity's own position. */
  get loc() {
    return this.file.locate(["name"]);
  }
};

// core/model/repo.ts
function invalidKey(kind, name2) {
  return `${kind}:${name2}`;
}

// core/model/validate.ts
function validateAgainst(schema, value2, file) {
  const result = schema.safeParse(value2);
  if (result.success) return { data: result.data, diagnostics: [] };
  const diagnostics = [];
  for (const issue of result.error.issues) {
    explain(issue, [], schema, value2, file, diagnostics);
  }
  return { diagnostics };
}
function validateSalvaging(schema, value2, file, collections) {
  const first = validateAgainst(schema, value2, file);
  const dropped = /* @__PURE__ */ new Map();
  if (first.data !== void 0 || collections.length === 0 || value2 === null || typeof value2 !== "object") {
    return { ...first, dropped };
  }
  const result = schema.safeParse(value2);
  if (result.success) return { ...first, dropped };
  for (const issue of result.error.issues) {
    const [collection, key] = issue.path;
    if (typeof collection !== "string" || !collections.includes(collection) || key === void 0 || issue.path.length < 2) {
      return { diagnostics: first.diagnostics, dropped };
    }
    const set = dropped.get(collection) ?? /* @__PURE__ */ new Set();
    set.add(String(key));
    dropped.set(collection, set);
  }
  const pruned = { ...value2 };
  for (const [collection, keys] of dropped) {
    const entries = pruned[collection];
    if (entries === null || typeof entries !== "object" || Array.isArray(entries))
      return { diagnostics: first.diagnostics, dropped: /* @__PURE__ */ new Map() };
    pruned[collection] = Object.fromEntries(Object.entries(entries).filter(([k]) => !keys.has(k)));
  }
  const second = schema.safeParse(pruned);
  return second.success ? { data: second.data, dropped, diagnostics: first.diagnostics } : { diagnostics: first.diagnostics, dropped: /* @__PURE__ */ new Map() };
}
function explain(issue, prefix, root, rootValue, file, out) {
  const path = [...prefix, ...issue.path];
  const where = describePath(path);
  const push = (message2, at = path, key = false) => {
    const pos = file.locate(at, key);
    out.push({ rule: "schema", severity: "error", ...pos, message: message2 });
  };
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeys(schemaAt(root, path, rootValue));
      for (const k of issue.keys) {
        const hint = allowed.length ? suggestion(k, allowed) : "";
        const list = allowed.length ? ` Allowed keys: ${allowed.join(", ")}.` : "";
        push(`Unknown key "${k}"${where ? ` in ${where}` : ""}.${hint || list}`, [...path, k], true);
      }
      return;
    }
    case "invalid_type": {
      const actual = valueAt(rootValue, path);
      if (actual === void 0) {
        const parent = path.slice(0, -1);
        const key = path[path.length - 1];
        push(
          `Missing required key "${String(key)}"${parent.length ? ` in ${describePath(parent)}` : ""}: add it (${expectedText(issue)}).`,
          parent,
          parent.length > 0
        );
      } else {
        push(`${where || "The file"} must be ${expectedText(issue)}, not ${typeName(actual)}.`);
      }
      return;
    }
    case "invalid_union": {
      if ("discriminator" in issue && issue.discriminator && issue.note === "No matching discriminator") {
        const options = (issue.options ?? []).map(String);
        const actual = valueAt(rootValue, path);
        const what = where.replace(/\.[^.]+$/, "") || "value";
        push(
          actual === void 0 ? `Missing "${issue.discriminator}" in ${what}: add one of ${formatList(options)}.` : `Unknown ${issue.discriminator} "${String(actual)}" for ${what}.${suggestion(String(actual), options) || ` Use one of ${formatList(options)}.`}`,
          actual === void 0 ? path.slice(0, -1) : path,
          actual === void 0 && path.length > 1
        );
        return;
      }
      const branch = closestBranch(issue.errors, path.length);
      if (branch) {
        for (const sub of branch) explain(sub, path, root, rootValue, file, out);
        return;
      }
      const union5 = schemaAt(root, path, rootValue, false);
      const choices = (unionOptions(union5) ?? []).map((o) => describeSchema(o)).filter(Boolean);
      push(
        `${where || "Value"} is not valid${choices.length ? `: expected ${formatList(choices, false)}` : ""}.`
      );
      return;
    }
    case "invalid_value": {
      const options = issue.values.map(String);
      const actual = valueAt(rootValue, path);
      const hint = typeof actual === "string" ? suggestion(actual, options) : "";
      push(
        options.length === 1 ? `${where} must be "${options[0]}"${actual === void 0 ? "" : `, not ${JSON.stringify(actual)}`}.` : `${where} has invalid value ${JSON.stringify(actual)}.${hint || ` Use one of ${formatList(options)}.`}`
      );
      return;
    }
    case "invalid_format": {
      const actual = valueAt(rootValue, path);
      const custom = issue.message && !issue.message.startsWith("Invalid") ? issue.message : `must be a valid ${issue.format}`;
      push(`${where} ${custom} (got ${JSON.stringify(actual)}).`);
      return;
    }
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const word = issue.code === "too_small" ? "at least" : "at most";
      const unit = issue.origin === "array" ? ` item${Number(bound) === 1 ? "" : "s"}` : issue.origin === "string" ? ` character${Number(bound) === 1 ? "" : "s"}` : "";
      const exclusive = "inclusive" in issue && issue.inclusive === false;
      push(
        `${where} must have ${exclusive ? issue.code === "too_small" ? "more than" : "less than" : word} ${String(bound)}${unit}.`
      );
      return;
    }
    default:
      push(`${where ? `${where}: ` : ""}${issue.message}.`);
  }
}
function closestBranch(branches, _depth) {
  const plausible = branches.filter((b) => !b.some((i) => i.path.length === 0 && i.code === "invalid_type"));
  if (plausible.length === 1) return plausible[0];
  if (plausible.length === 0) return void 0;
  const sizes = plausible.map((b) => b.length);
  const min = Math.min(...sizes);
  const best = plausible.filter((b) => b.length === min);
  return best.length === 1 ? best[0] : void 0;
}
function expectedText(issue) {
  const expected = "expected" in issue ? String(issue.expected) : "a value";
  switch (expected) {
    case "object":
      return "a mapping";
    case "array":
      return "a list";
    case "int":
      return "a whole number";
    case "record":
      return "a mapping";
    default:
      return `a ${expected}`;
  }
}
function typeName(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}
function describePath(path) {
  let s = "";
  for (const seg of path) {
    if (typeof seg === "number") s += `[${seg}]`;
    else s += s ? `.${seg}` : seg;
  }
  return s;
}
function valueAt(value2, path) {
  let v = value2;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return void 0;
    v = Object.hasOwn(v, seg) ? v[seg] : void 0;
  }
  return v;
}
function def(schema) {
  return schema._zod.def;
}
function unwrap(schema) {
  let s = schema;
  for (; ; ) {
    const d = def(s);
    if ((d.type === "optional" || d.type === "default" || d.type === "nullable" || d.type === "prefault") && d.innerType) {
      s = d.innerType;
    } else if (d.type === "pipe" && d.in) {
      s = d.in;
    } else {
      return s;
    }
  }
}
function unionOptions(schema) {
  if (!schema) return void 0;
  const d = def(unwrap(schema));
  return d.type === "union" ? d.options : void 0;
}
function schemaAt(root, path, rootValue, resolveFinalUnion = true) {
  let schema = root;
  let value2 = rootValue;
  for (let i = 0; i <= path.length; i++) {
    if (!schema) return void 0;
    schema = unwrap(schema);
    if (i === path.length && !resolveFinalUnion) return schema;
    let d = def(schema);
    if (d.type === "union" && d.options) {
      schema = pickOption(d, value2);
      if (!schema) return void 0;
      schema = unwrap(schema);
      d = def(schema);
    }
    if (i === path.length) return schema;
    const seg = path[i];
    value2 = value2 !== null && typeof value2 === "object" ? value2[seg] : void 0;
    if (d.type === "object") schema = d.shape?.[String(seg)];
    else if (d.type === "array") schema = d.element;
    else if (d.type === "record") schema = d.valueType;
    else return void 0;
  }
  return schema;
}
function pickOption(d, value2) {
  const options = d.options ?? [];
  if (d.discriminator && value2 && typeof value2 === "object") {
    const tag = value2[d.discriminator];
    for (const o of options) {
      const shape = def(unwrap(o)).shape;
      const lit = shape?.[d.discriminator];
      if (lit && def(lit).values?.includes(tag)) return o;
    }
    return void 0;
  }
  if (value2 && typeof value2 === "object" && !Array.isArray(value2)) {
    let best;
    let bestScore = -1;
    for (const o of options) {
      const shape = def(unwrap(o)).shape;
      if (!shape) continue;
      const score = Object.keys(value2).filter((k) => k in shape).length;
      if (score > bestScore) {
        best = o;
        bestScore = score;
      }
    }
    return best;
  }
  return void 0;
}
function allowedKeys(schema) {
  if (!schema) return [];
  const d = def(unwrap(schema));
  return d.type === "object" && d.shape ? Object.keys(d.shape) : [];
}
function describeSchema(schema) {
  const meta = schema.description;
  return meta?.replace(/\.$/, "");
}

// core/model/load.ts
var SALVAGEABLE = {
  Workflow: ["nodes"],
  Routes: ["routes"],
  Models: ["providers", "models"],
  ToolCatalog: ["tools"]
};
var KNOWLEDGE_EXT = /\.(md|markdown|txt|text|json|html?|csv)$/i;
var TENANT_NAME = /^[a-z][a-z0-9-]{0,62}$/;
function fileDiagnostic(file, message2, severity = "error") {
  return { rule: "file", severity, file, line: 1, column: 1, message: message2 };
}
function newTenant(name2) {
  return {
    name: name2,
    dir: `tenants/${name2}`,
    prompts: /* @__PURE__ */ new Map(),
    workflows: /* @__PURE__ */ new Map(),
    evals: /* @__PURE__ */ new Map(),
    all: { prompts: [], workflows: [], evals: [] },
    knowledge: /* @__PURE__ */ new Map(),
    invalid: /* @__PURE__ */ new Set()
  };
}
async function loadRepo(source) {
  const diagnostics = [];
  let entries = await source.list();
  if (entries.length > LIMITS.maxFiles) {
    diagnostics.push(
      fileDiagnostic(
        ".",
        `The repository has ${entries.length} files; at most ${LIMITS.maxFiles} are read. Move unrelated files out of the governed directory.`
      )
    );
    entries = entries.slice(0, LIMITS.maxFiles);
  }
  const repo = {
    source,
    files: /* @__PURE__ */ new Map(),
    paths: [],
    allPaths: new Set(entries.map((e2) => e2.path)),
    tools: /* @__PURE__ */ new Map(),
    allTools: [],
    tenants: /* @__PURE__ */ new Map(),
    invalid: /* @__PURE__ */ new Set()
  };
  const tenantOf = (name2) => {
    let t = repo.tenants.get(name2);
    if (!t) {
      t = newTenant(name2);
      repo.tenants.set(name2, t);
    }
    return t;
  };
  const yamlFiles = [];
  for (const entry of entries) {
    const c = classifyPath(entry.path);
    if (c.type === "ignored") continue;
    repo.paths.push(entry.path);
    const tenantName = "tenant" in c ? c.tenant : void 0;
    if (tenantName !== void 0) {
      if (!TENANT_NAME.test(tenantName)) {
        if (!repo.tenants.has(tenantName)) {
          diagnostics.push(
            fileDiagnostic(
              entry.path,
              `Tenant directory "${tenantName}" is not a valid tenant name: use lower-case letters, digits and hyphens.`
            )
          );
        }
      }
      tenantOf(tenantName);
    }
    if (entry.kind !== "file") {
      diagnostics.push(
        fileDiagnostic(
          entry.path,
          `${entry.kind === "symlink" ? "Symbolic links" : "Git submodules"} are not allowed in a governed repository: they can point outside the tenant. Replace it with a regular file.`
        )
      );
      continue;
    }
    switch (c.type) {
      case "yaml":
        yamlFiles.push({ entry, kind: c.kind, tenant: c.tenant });
        break;
      case "knowledge": {
        if (entry.size > LIMITS.maxKnowledgeBytes) {
          diagnostics.push(
            fileDiagnostic(
              entry.path,
              `Knowledge document is larger than ${LIMITS.maxKnowledgeBytes / 1024 / 1024} MB; split it.`
            )
          );
          break;
        }
        if (!KNOWLEDGE_EXT.test(entry.path)) {
          diagnostics.push(
            fileDiagnostic(
              entry.path,
              "Knowledge documents must be text (.md, .txt, .json, .html, .csv); this file will not be indexed.",
              "warning"
            )
          );
          break;
        }
        const t = tenantOf(c.tenant);
        const docs = t.knowledge.get(c.collection) ?? [];
        docs.push({ path: entry.path, size: entry.size });
        t.knowledge.set(c.collection, docs);
        break;
      }
      case "stray":
        diagnostics.push(
          fileDiagnostic(entry.path, `Not a governed file, so Charter ignores it. ${c.hint}`, "warning")
        );
        break;
      case "tenant-dir":
        break;
    }
  }
  const bytes = await source.readMany(yamlFiles.map((f) => f.entry.path));
  for (const { entry, kind, tenant } of yamlFiles) {
    const raw = bytes.get(entry.path);
    if (!raw) continue;
    const parsed = parseYamlFile(entry.path, raw);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.file) repo.files.set(entry.path, parsed.file);
    const declared = declaredName(kind, parsed.value);
    if (!parsed.file || parsed.diagnostics.length > 0) {
      markInvalid(repo, kind, tenant, declared);
      continue;
    }
    const misplaced = misplacedKind(kind, parsed.value);
    if (misplaced) {
      diagnostics.push({
        ...parsed.file.locate(["kind"]),
        rule: "file",
        severity: "error",
        message: misplaced
      });
      markInvalid(repo, kind, tenant, declared);
      continue;
    }
    const result = validateSalvaging(
      FILE_KINDS[kind].schema,
      parsed.value,
      parsed.file,
      SALVAGEABLE[kind] ?? []
    );
    diagnostics.push(...result.diagnostics);
    if (result.data === void 0) {
      markInvalid(repo, kind, tenant, declared);
      continue;
    }
    const entity = new Entity(result.data, parsed.file, result.dropped);
    place(repo, kind, tenant === void 0 ? void 0 : tenantOf(tenant), entity);
  }
  const hasContent = repo.paths.length > 0;
  if (hasContent && !repo.charter && !repo.invalid.has(invalidKey("Charter", ""))) {
    diagnostics.push(
      fileDiagnostic("charter.yml", "charter.yml is missing. Every governed repository has one at its root.")
    );
  }
  if (hasContent && !repo.models && !repo.invalid.has(invalidKey("Models", ""))) {
    diagnostics.push(
      fileDiagnostic("models.yml", "models.yml is missing. Declare the model providers and prices there.")
    );
  }
  for (const t of repo.tenants.values()) {
    if (!t.config && !t.invalid.has(invalidKey("Tenant", t.name))) {
      diagnostics.push(
        fileDiagnostic(
          `${t.dir}/tenant.yml`,
          `Tenant "${t.name}" has no tenant.yml. Add one with its approvers, budget and allowances.`
        )
      );
    }
  }
  return { repo, diagnostics };
}
function misplacedKind(expected, value2) {
  if (value2 === null || typeof value2 !== "object") return void 0;
  const actual = value2.kind;
  if (typeof actual !== "string" || actual === expected || !Object.hasOwn(FILE_KINDS, actual))
    return void 0;
  const belongs = FILE_KINDS[actual].where;
  return `This is a ${actual} file in the place of ${expected} files (${FILE_KINDS[expected].where}). Move it to ${belongs}, or fix its kind.`;
}
function declaredName(kind, value2) {
  if (kind === "Charter" || kind === "Models" || kind === "Routes") return "";
  if (value2 === null || typeof value2 !== "object") return "";
  const v = value2;
  const n = kind === "ToolCatalog" ? v.namespace : v.name;
  return typeof n === "string" ? n : "";
}
function markInvalid(repo, kind, tenant, name2) {
  if (tenant === void 0) {
    repo.invalid.add(invalidKey(kind, name2));
    return;
  }
  let t = repo.tenants.get(tenant);
  if (!t) {
    t = newTenant(tenant);
    repo.tenants.set(tenant, t);
  }
  t.invalid.add(invalidKey(kind, kind === "Tenant" ? tenant : name2));
}
function place(repo, kind, tenant, entity) {
  const add = (map, list, e2) => {
    list.push(e2);
    if (!map.has(e2.data.name)) map.set(e2.data.name, e2);
  };
  switch (kind) {
    case "Charter":
      repo.charter ??= entity;
      return;
    case "Models":
      repo.models ??= entity;
      return;
    case "ToolCatalog": {
      const e2 = entity;
      repo.allTools.push(e2);
      if (!repo.tools.has(e2.data.namespace)) repo.tools.set(e2.data.namespace, e2);
      return;
    }
    case "Tenant":
      if (tenant) tenant.config ??= entity;
      return;
    case "Routes":
      if (tenant) tenant.routes ??= entity;
      return;
    case "Prompt":
      if (tenant) add(tenant.prompts, tenant.all.prompts, entity);
      return;
    case "Workflow":
      if (tenant) add(tenant.workflows, tenant.all.workflows, entity);
      return;
    case "EvalSuite":
      if (tenant) add(tenant.evals, tenant.all.evals, entity);
      return;
  }
}

// core/source/directory-source.ts
import { lstat, readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
var SKIPPED_DIRS = /* @__PURE__ */ new Set([".git", "node_modules", ".charter"]);
var DirectorySource = class {
  label;
  root;
  constructor(dir) {
    this.root = resolve(dir);
    this.label = dir;
  }
  async list() {
    const stat = await lstat(this.root).catch(() => void 0);
    if (!stat?.isDirectory()) {
      throw new UserError(
        `${this.label} is not a directory. Pass the root of a governed repository (where charter.yml is).`
      );
    }
    const entries = [];
    const walk = async (rel) => {
      const dirents = await readdir(join(this.root, rel), { withFileTypes: true });
      for (const d of dirents) {
        const path = rel ? `${rel}/${d.name}` : d.name;
        if (d.isDirectory()) {
          if (!SKIPPED_DIRS.has(d.name)) await walk(path);
        } else if (d.isSymbolicLink()) {
          entries.push({ path, size: 0, kind: "symlink" });
        } else if (d.isFile()) {
          const { size } = await lstat(join(this.root, path));
          entries.push({ path, size, kind: "file" });
        }
      }
    };
    await walk("");
    return entries.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  }
  async readMany(paths) {
    const out = /* @__PURE__ */ new Map();
    await Promise.all(
      paths.map(async (p) => {
        out.set(p, await readFile(join(this.root, p)));
      })
    );
    return out;
  }
};

// core/source/git-source.ts
import { realpath } from "node:fs/promises";
import { relative, resolve as resolve2 } from "node:path";

// core/git/run-git.ts
import { spawn } from "node:child_process";
function runGit(cwd, args, input) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn("git", args, {
      cwd,
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0" }
    });
    const out = [];
    const err = [];
    child.stdout.on("data", (b) => out.push(b));
    child.stderr.on("data", (b) => err.push(b));
    child.on("error", (e2) => {
      reject(
        e2.code === "ENOENT" ? new UserError("git is not installed or not on PATH; install git to read git refs.", { cause: e2 }) : e2
      );
    });
    child.on("close", (code2) => {
      resolvePromise({
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString("utf8"),
        code: code2 ?? 1
      });
    });
    child.stdin.on("error", () => {
    });
    child.stdin.end(input);
  });
}
async function git(cwd, args, input) {
  const r = await runGit(cwd, args, input);
  if (r.code !== 0) {
    throw new UserError(`git ${args[0]} failed: ${r.stderr.trim() || `exit code ${r.code}`}`);
  }
  return r.stdout;
}
var SAFE_REF = /^(?!-)[A-Za-z0-9_./-]+(?:[~^]\d*)*$/;
function assertSafeRef(ref) {
  if (!SAFE_REF.test(ref) || ref.includes("..")) {
    throw new UserError(`"${ref}" is not a valid git ref. Use a branch, tag or commit SHA.`);
  }
}

// core/source/git-source.ts
var GitSource = class {
  label;
  commit;
  dir;
  ref;
  toplevel = "";
  prefix = "";
  blobs = /* @__PURE__ */ new Map();
  constructor(dir, ref) {
    assertSafeRef(ref);
    this.dir = resolve2(dir);
    this.ref = ref;
    this.label = `${ref}:${dir}`;
  }
  async resolveRef() {
    if (this.commit) return;
    const top = await runGit(this.dir, ["rev-parse", "--show-toplevel"]).catch(() => void 0);
    if (top?.code !== 0) {
      throw new UserError(
        `${this.dir} is not inside a git repository, so the ref "${this.ref}" cannot be read.`
      );
    }
    this.toplevel = top.stdout.toString("utf8").trim();
    const rel = relative(await realpath(this.toplevel), await realpath(this.dir)).split("\\").join("/");
    this.prefix = rel === "" ? "" : `${rel}/`;
    const rev = await runGit(this.toplevel, ["rev-parse", "--verify", "--quiet", `${this.ref}^{commit}`]);
    if (rev.code !== 0) {
      throw new UserError(
        `Unknown git ref "${this.ref}". Fetch it first (git fetch origin ${this.ref}) or, in GitHub Actions, check out with fetch-depth: 0.`
      );
    }
    this.commit = rev.stdout.toString("utf8").trim();
  }
  async list() {
    await this.resolveRef();
    const treeish = this.prefix ? `${this.commit}:${this.prefix.slice(0, -1)}` : `${this.commit}^{tree}`;
    const probe = await runGit(this.toplevel, ["cat-file", "-t", treeish]);
    if (probe.code !== 0) return [];
    const out = await git(this.toplevel, ["ls-tree", "-r", "-z", "-l", "--full-tree", treeish]);
    const entries = [];
    for (const record8 of out.toString("utf8").split("\0")) {
      if (!record8) continue;
      const tab = record8.indexOf("	");
      const [mode, type, oid, size] = record8.slice(0, tab).split(/\s+/);
      const path = record8.slice(tab + 1);
      if (path.split("/").some((seg) => seg === ".git" || seg === "node_modules" || seg === ".charter"))
        continue;
      if (type === "commit") {
        entries.push({ path, size: 0, kind: "submodule" });
      } else if (mode === "120000") {
        entries.push({ path, size: 0, kind: "symlink" });
      } else if (type === "blob" && oid) {
        this.blobs.set(path, oid);
        entries.push({ path, size: Number(size), kind: "file" });
      }
    }
    return entries.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  }
  async readMany(paths) {
    const wanted = paths.filter((p) => this.blobs.has(p));
    const result = /* @__PURE__ */ new Map();
    if (wanted.length === 0) return result;
    const out = await git(
      this.toplevel,
      ["cat-file", "--batch"],
      `${wanted.map((p) => this.blobs.get(p)).join("\n")}
`
    );
    let offset = 0;
    for (const path of wanted) {
      const headerEnd = out.indexOf(10, offset);
      const header = out.subarray(offset, headerEnd).toString("utf8").split(" ");
      const size = Number(header[2]);
      if (header[1] !== "blob" || !Number.isFinite(size)) {
        throw new UserError(`git could not read ${path} at ${this.ref}: ${header.join(" ")}`);
      }
      result.set(path, out.subarray(headerEnd + 1, headerEnd + 1 + size));
      offset = headerEnd + 1 + size + 1;
    }
    return result;
  }
};

// core/diff/kinds.ts
var CHANGE_KIND_INFO = {
  "workflow-added": { risk: "medium", description: "A new workflow." },
  "workflow-removed": { risk: "high", description: "A workflow was deleted." },
  "workflow-renamed": { risk: "low", description: "A workflow was renamed; its content is unchanged." },
  "workflow-changed": {
    risk: "medium",
    description: "Workflow-level settings changed (inputs, outputs, defaults, concurrency)."
  },
  "node-added": { risk: "medium", description: "A node was added to a workflow." },
  "node-removed": { risk: "high", description: "A node was removed from a workflow." },
  "node-changed": { risk: "medium", description: "A node's configuration changed." },
  "edge-changed": {
    risk: "medium",
    description: "A dependency (needs) or fallback edge was added or removed."
  },
  "prompt-added": { risk: "medium", description: "A new prompt." },
  "prompt-removed": { risk: "high", description: "A prompt was deleted." },
  "prompt-renamed": { risk: "low", description: "A prompt was renamed; its content is unchanged." },
  "prompt-changed": {
    risk: "medium",
    description: "A prompt's messages, variables, parameters or output schema changed."
  },
  "route-changed": {
    risk: "medium",
    description: "A model route was added, removed or changed (targets, strategy, retries, timeouts)."
  },
  "model-added": {
    risk: "high",
    description: "A model was added to the platform, or a tenant's routes started using one."
  },
  "model-changed": {
    risk: "medium",
    description: "A model's provider, prices or limits, or a provider's configuration changed."
  },
  "tool-added": { risk: "high", description: "A tool was added to the platform catalog." },
  "tool-changed": {
    risk: "medium",
    description: "A tool's definition, schema or connector changed, or it was removed."
  },
  "tool-write": {
    risk: "high",
    description: "A tool that writes outside the run became reachable by a workflow."
  },
  "approval-removed": {
    risk: "critical",
    description: "A human approval gate was removed, weakened or bypassed."
  },
  "budget-increased": { risk: "high", description: "A spending or time limit was raised." },
  "policy-changed": {
    risk: "high",
    description: "Tenant or platform policy changed (approvers, allowances, governance, risk rules)."
  },
  "eval-changed": {
    risk: "low",
    description: "An evaluation suite was added or changed without weakening it."
  },
  "eval-weakened": {
    risk: "high",
    description: "Evaluation got weaker: suites or cases removed, thresholds lowered, assertions dropped."
  },
  "knowledge-changed": { risk: "medium", description: "Knowledge documents were added, removed or edited." }
};
function riskOf(kind, policy) {
  return policy?.charter?.data.risk.levels[kind] ?? CHANGE_KIND_INFO[kind].risk;
}
function riskRank(level) {
  return RISK_LEVELS.indexOf(level);
}
function maxRisk(levels) {
  let best = "low";
  for (const l of levels) if (riskRank(l) > riskRank(best)) best = l;
  return best;
}

// core/diff/context.ts
var DiffContext = class {
  base;
  head;
  changes = [];
  workflows = [];
  constructor(base, head) {
    this.base = base;
    this.head = head;
  }
  add(change) {
    this.changes.push({ ...change, risk: riskOf(change.kind, this.base) });
  }
};

// core/text/canonical-json.ts
function canonicalJson(value2) {
  return JSON.stringify(sortKeys(value2));
}
function sortKeys(value2) {
  if (Array.isArray(value2)) return value2.map(sortKeys);
  if (value2 !== null && typeof value2 === "object") {
    const out = {};
    for (const key of Object.keys(value2).sort()) {
      const v = value2[key];
      if (v !== void 0) out[key] = sortKeys(v);
    }
    return out;
  }
  return value2;
}

// core/diff/pairing.ts
function content(e2) {
  return canonicalJson({ ...e2.data, name: void 0, version: void 0 });
}
function pairByName(base, head) {
  const result = { same: [], renamed: [], added: [], removed: [] };
  for (const [name2, b] of base) {
    const h = head.get(name2);
    if (h) result.same.push({ base: b, head: h });
    else result.removed.push(b);
  }
  const added = [...head.values()].filter((h) => !base.has(h.data.name));
  const byContent = /* @__PURE__ */ new Map();
  for (const h of added) {
    const key = content(h);
    byContent.set(key, [...byContent.get(key) ?? [], h]);
  }
  const removed = [];
  for (const b of result.removed) {
    const candidates = byContent.get(content(b));
    const match = candidates?.shift();
    if (match) result.renamed.push({ base: b, head: match });
    else removed.push(b);
  }
  result.removed = removed;
  const renamedHeads = new Set(result.renamed.map((r) => r.head));
  result.added = added.filter((h) => !renamedHeads.has(h));
  return result;
}

// core/diff/values.ts
function sameValue(a, b) {
  return a === b || canonicalJson(a) === canonicalJson(b);
}
function isPlainObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
function diffFields(before, after, options = {}) {
  const out = [];
  const ignore = new Set(options.ignore ?? []);
  const walk = (a, b, path, depth) => {
    if (sameValue(a, b)) return;
    if (depth > 0 && isPlainObject(a) && isPlainObject(b)) {
      const keys = [.../* @__PURE__ */ new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const k of keys) {
        const p = path ? `${path}.${k}` : k;
        if (ignore.has(p)) continue;
        walk(a[k], b[k], p, depth - 1);
      }
      return;
    }
    out.push({ path, ...a === void 0 ? {} : { before: a }, ...b === void 0 ? {} : { after: b } });
  };
  walk(before, after, options.prefix ?? "", options.depth ?? 4);
  return out;
}

// core/diff/evals.ts
var SCORE = /* @__PURE__ */ new Set(["llm-rubric", "similar", "not-llm-rubric", "not-similar"]);
var LIMIT = /* @__PURE__ */ new Set(["cost", "latency", "not-cost", "not-latency"]);
var assertionKey = (a) => `${a.type}\0${a.transform ?? ""}`;
function weakerAssertions(before, after, where) {
  const reasons = [];
  const remaining = [...after.map((a) => canonicalJson(a))];
  const dropped = before.filter((a) => {
    const i = remaining.indexOf(canonicalJson(a));
    if (i >= 0) {
      remaining.splice(i, 1);
      return false;
    }
    return true;
  });
  for (const a of dropped) {
    const match = after.find(
      (x) => assertionKey(x) === assertionKey(a) && !before.some((y) => canonicalJson(y) === canonicalJson(x))
    );
    if (!match) {
      reasons.push(`${where}: assertion ${a.type}${a.transform ? ` on ${a.transform}` : ""} removed`);
    } else if (a.threshold !== void 0 && match.threshold !== a.threshold) {
      const looser = SCORE.has(a.type) ? (match.threshold ?? 0) < a.threshold : LIMIT.has(a.type) ? match.threshold === void 0 || match.threshold > a.threshold : false;
      if (looser) reasons.push(`${where}: ${a.type} threshold ${a.threshold} → ${String(match.threshold)}`);
    }
  }
  return reasons;
}
function weakened(b, h) {
  const reasons = [];
  const headCases = new Map(h.cases.map((c) => [c.id, c]));
  const gone = b.cases.filter((c) => !headCases.has(c.id)).map((c) => c.id);
  if (gone.length > 0) reasons.push(`cases removed: ${gone.join(", ")}`);
  if (h.threshold < b.threshold) reasons.push(`threshold ${b.threshold} → ${h.threshold}`);
  const minPass = (s) => s.min_pass ?? s.repeat;
  if (minPass(h) < minPass(b))
    reasons.push(`min_pass ${minPass(b)} of ${b.repeat} → ${minPass(h)} of ${h.repeat}`);
  reasons.push(...weakerAssertions(b.defaults?.assert ?? [], h.defaults?.assert ?? [], "defaults"));
  for (const c of b.cases) {
    const now = headCases.get(c.id);
    if (!now) continue;
    if (c.threshold !== void 0 && (now.threshold === void 0 || now.threshold < c.threshold)) {
      reasons.push(`case ${c.id}: threshold ${c.threshold} → ${String(now.threshold ?? "all assertions")}`);
    }
    reasons.push(...weakerAssertions(c.assert, now.assert, `case ${c.id}`));
  }
  return reasons;
}
function diffEvals(ctx, tenant, base, head) {
  const pairs = pairByName(base?.evals ?? /* @__PURE__ */ new Map(), head?.evals ?? /* @__PURE__ */ new Map());
  const subject = (name2) => ({ type: "eval", name: name2 });
  for (const h of pairs.added) {
    ctx.add({
      kind: "eval-changed",
      tenant,
      subject: subject(h.data.name),
      summary: `Eval suite ${h.data.name} added (${h.data.cases.length} cases).`,
      file: h.path
    });
  }
  for (const b of pairs.removed) {
    ctx.add({
      kind: "eval-weakened",
      tenant,
      subject: subject(b.data.name),
      summary: `Eval suite ${b.data.name} removed (${b.data.cases.length} cases).`,
      file: b.path
    });
  }
  for (const { base: b, head: h } of pairs.renamed) {
    ctx.add({
      kind: "eval-changed",
      tenant,
      subject: subject(h.data.name),
      summary: `Eval suite ${b.data.name} renamed to ${h.data.name}.`,
      file: h.path
    });
  }
  for (const { base: b, head: h } of pairs.same) {
    const fields2 = diffFields(b.data, h.data, { depth: 2 });
    if (fields2.length === 0) continue;
    const reasons = weakened(b.data, h.data);
    ctx.add({
      kind: reasons.length > 0 ? "eval-weakened" : "eval-changed",
      tenant,
      subject: subject(h.data.name),
      summary: reasons.length > 0 ? `Eval suite ${h.data.name} weakened: ${reasons.join("; ")}.` : `Eval suite ${h.data.name} changed: ${fields2.map((f) => f.path).join(", ")}.`,
      file: h.path,
      fields: fields2
    });
  }
}

// core/diff/knowledge.ts
import { createHash } from "node:crypto";
async function digests(repo, tenant) {
  const out = /* @__PURE__ */ new Map();
  if (!tenant) return out;
  const paths = [...tenant.knowledge.values()].flat().map((d) => d.path);
  const contents = paths.length > 0 ? await repo.source.readMany(paths) : /* @__PURE__ */ new Map();
  for (const [collection, docs] of tenant.knowledge) {
    const m = /* @__PURE__ */ new Map();
    for (const d of docs)
      m.set(
        d.path,
        createHash("sha256").update(contents.get(d.path) ?? "").digest("hex")
      );
    out.set(collection, m);
  }
  return out;
}
async function diffKnowledge(ctx, tenant, base, head) {
  const [before, after] = await Promise.all([digests(ctx.base, base), digests(ctx.head, head)]);
  for (const collection of [.../* @__PURE__ */ new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(collection) ?? /* @__PURE__ */ new Map();
    const a = after.get(collection) ?? /* @__PURE__ */ new Map();
    const added = [...a.keys()].filter((p) => !b.has(p));
    const removed = [...b.keys()].filter((p) => !a.has(p));
    const edited = [...a.keys()].filter((p) => b.has(p) && b.get(p) !== a.get(p));
    if (added.length + removed.length + edited.length === 0) continue;
    const parts = [
      added.length ? `${added.length} added` : "",
      removed.length ? `${removed.length} removed` : "",
      edited.length ? `${edited.length} edited` : ""
    ].filter(Boolean);
    ctx.add({
      kind: "knowledge-changed",
      tenant,
      subject: { type: "knowledge", name: collection },
      summary: `Knowledge collection ${collection}: ${parts.join(", ")} (${[...added, ...removed, ...edited].map((p) => p.split("/").pop()).join(", ")}).`,
      file: `tenants/${tenant}/knowledge/${collection}`
    });
  }
}

// core/diff/platform.ts
function keyed(a, b) {
  const before = a ?? {};
  const after = b ?? {};
  return [.../* @__PURE__ */ new Set([...Object.keys(before), ...Object.keys(after)])].sort().map((k) => ({
    key: k,
    before: Object.hasOwn(before, k) ? before[k] : void 0,
    after: Object.hasOwn(after, k) ? after[k] : void 0
  }));
}
function diffModels(ctx, base, head) {
  const file = head.models?.path ?? "models.yml";
  for (const { key, before, after } of keyed(base.models?.data.providers, head.models?.data.providers)) {
    const fields2 = diffFields(before, after, { depth: 2 });
    if (fields2.length === 0) continue;
    const what = !before ? "added" : !after ? "removed" : `changed (${fields2.map((f) => f.path).join(", ")})`;
    ctx.add({
      kind: "model-changed",
      subject: { type: "provider", name: key },
      summary: `Provider ${key} ${what}.`,
      file,
      fields: fields2
    });
  }
  for (const { key, before, after } of keyed(base.models?.data.models, head.models?.data.models)) {
    if (!before && after) {
      ctx.add({
        kind: "model-added",
        subject: { type: "model", name: key },
        summary: `Model ${key} (${after.provider}/${after.model}) added.`,
        file
      });
      continue;
    }
    const fields2 = diffFields(before, after, { depth: 2 });
    if (fields2.length === 0) continue;
    ctx.add({
      kind: "model-changed",
      subject: { type: "model", name: key },
      summary: after ? `Model ${key} changed: ${fields2.map((f) => f.path).join(", ")}.` : `Model ${key} removed.`,
      file,
      fields: fields2
    });
  }
}
function diffTools(ctx, base, head) {
  const namespaces = [.../* @__PURE__ */ new Set([...base.tools.keys(), ...head.tools.keys()])].sort();
  for (const ns of namespaces) {
    const b = base.tools.get(ns);
    const a = head.tools.get(ns);
    const file = a?.path ?? b?.path ?? `tools/${ns}.yml`;
    const connector2 = diffFields(b?.data.connector, a?.data.connector, { depth: 3 });
    if (b && a && connector2.length > 0) {
      ctx.add({
        kind: "tool-changed",
        subject: { type: "tool", name: `${ns}.*` },
        summary: `Connector of ${ns} changed: ${connector2.map((f) => f.path).join(", ")}.`,
        file,
        fields: connector2
      });
    }
    for (const { key, before, after } of keyed(b?.data.tools, a?.data.tools)) {
      const name2 = `${ns}.${key}`;
      if (!before && after) {
        ctx.add({
          kind: "tool-added",
          subject: { type: "tool", name: name2 },
          summary: `Tool ${name2} (${after.effect}) added.`,
          file
        });
        continue;
      }
      if (before && !after) {
        ctx.add({
          kind: "tool-changed",
          subject: { type: "tool", name: name2 },
          summary: `Tool ${name2} removed.`,
          file
        });
        continue;
      }
      const fields2 = diffFields(before, after, { depth: 2 });
      if (fields2.length === 0) continue;
      if (before?.effect === "read" && after?.effect === "write") {
        ctx.add({
          kind: "tool-write",
          subject: { type: "tool", name: name2 },
          summary: `Tool ${name2} changed from read to write.`,
          file,
          fields: fields2
        });
      }
      ctx.add({
        kind: "tool-changed",
        subject: { type: "tool", name: name2 },
        summary: `Tool ${name2} changed: ${fields2.map((f) => f.path).join(", ")}.`,
        file,
        fields: fields2
      });
    }
  }
}

// core/diff/policies.ts
function diffTenantPolicy(ctx, tenant, base, head) {
  const b = base?.config?.data;
  const a = head?.config?.data;
  const file = head?.config?.path ?? base?.config?.path ?? `tenants/${tenant}/tenant.yml`;
  const subject = { type: "tenant", name: tenant };
  if (!b && a) {
    ctx.add({ kind: "policy-changed", tenant, subject, summary: `Tenant ${tenant} added.`, file });
    return;
  }
  if (b && !a) {
    ctx.add({ kind: "policy-changed", tenant, subject, summary: `Tenant ${tenant} removed.`, file });
    return;
  }
  if (!b || !a) return;
  const fields2 = diffFields(b, a, { depth: 3 });
  const raised = fields2.filter(
    (f) => f.path.startsWith("budget.") && (f.after === void 0 || Number(f.after) > Number(f.before ?? Number.POSITIVE_INFINITY))
  );
  if (raised.length > 0) {
    ctx.add({
      kind: "budget-increased",
      tenant,
      subject,
      summary: `Tenant ${tenant} caps raised: ${raised.map((f) => `${f.path.slice(7)} ${String(f.before)} → ${f.after === void 0 ? "none" : String(f.after)}`).join(", ")}.`,
      file,
      fields: raised
    });
  }
  const policy = fields2.filter((f) => !raised.includes(f));
  if (policy.length > 0) {
    ctx.add({
      kind: "policy-changed",
      tenant,
      subject,
      summary: `Tenant ${tenant} policy changed: ${policy.map((f) => f.path).join(", ")}.`,
      file,
      fields: policy
    });
  }
}
function diffCharter(ctx, base, head) {
  const fields2 = diffFields(base.charter?.data, head.charter?.data, { depth: 3 });
  if (fields2.length === 0) return;
  ctx.add({
    kind: "policy-changed",
    subject: { type: "charter", name: "charter.yml" },
    summary: `charter.yml changed: ${fields2.map((f) => f.path || "(whole file)").join(", ")}.`,
    file: head.charter?.path ?? "charter.yml",
    fields: fields2
  });
}

// core/diff/text-diff.ts
import { structuredPatch } from "diff";
function unifiedDiff(before, after, context = 3) {
  if (before === after) return "";
  const patch = structuredPatch("before", "after", ensureNewline(before), ensureNewline(after), "", "", {
    context
  });
  return patch.hunks.map((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines].join("\n")).join("\n");
}
function ensureNewline(s) {
  return s.endsWith("\n") ? s : `${s}
`;
}

// core/diff/prompts.ts
function promptText(p) {
  return p.messages.map(
    (m, i) => `### message ${i + 1} (${m.role})
${m.content.endsWith("\n") ? m.content : `${m.content}
`}`
  ).join("\n");
}
function diffPrompts(ctx, tenant, base, head) {
  const pairs = pairByName(base?.prompts ?? /* @__PURE__ */ new Map(), head?.prompts ?? /* @__PURE__ */ new Map());
  for (const h of pairs.added) {
    ctx.add({
      kind: "prompt-added",
      tenant,
      subject: { type: "prompt", name: h.data.name },
      summary: `Prompt ${h.data.name} ${h.data.version} added.`,
      file: h.path,
      textDiff: unifiedDiff("", promptText(h.data))
    });
  }
  for (const b of pairs.removed) {
    ctx.add({
      kind: "prompt-removed",
      tenant,
      subject: { type: "prompt", name: b.data.name },
      summary: `Prompt ${b.data.name} ${b.data.version} removed.`,
      file: b.path
    });
  }
  for (const { base: b, head: h } of pairs.renamed) {
    ctx.add({
      kind: "prompt-renamed",
      tenant,
      subject: { type: "prompt", name: h.data.name },
      summary: `Prompt ${b.data.name} renamed to ${h.data.name}; content unchanged.`,
      file: h.path
    });
  }
  for (const { base: b, head: h } of pairs.same) {
    const fields2 = diffFields(
      { ...b.data, messages: void 0, version: void 0 },
      { ...h.data, messages: void 0, version: void 0 },
      { depth: 3 }
    );
    const text = unifiedDiff(promptText(b.data), promptText(h.data));
    if (fields2.length === 0 && text === "") continue;
    const what = [...text ? ["messages"] : [], ...fields2.map((f) => f.path)];
    ctx.add({
      kind: "prompt-changed",
      tenant,
      subject: { type: "prompt", name: h.data.name },
      summary: `Prompt ${h.data.name} ${b.data.version} → ${h.data.version}: ${what.join(", ")} changed.`,
      file: h.path,
      fields: fields2,
      ...text ? { textDiff: text } : {}
    });
  }
}

// core/diff/routes.ts
var targetModels = (routes) => new Set(Object.values(routes).flatMap((r) => r.targets.map((t) => t.model)));
function diffRoutes(ctx, tenant, base, head) {
  const before = base?.routes?.data.routes ?? {};
  const after = head?.routes?.data.routes ?? {};
  const file = head?.routes?.path ?? base?.routes?.path ?? `tenants/${tenant}/routes.yml`;
  for (const name2 of [.../* @__PURE__ */ new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const b = Object.hasOwn(before, name2) ? before[name2] : void 0;
    const a = Object.hasOwn(after, name2) ? after[name2] : void 0;
    const subject = { type: "route", name: name2 };
    if (!b && a) {
      ctx.add({
        kind: "route-changed",
        tenant,
        subject,
        summary: `Route ${name2} added (${a.strategy}: ${a.targets.map((t) => t.model).join(", ")}).`,
        file
      });
      continue;
    }
    if (b && !a) {
      ctx.add({ kind: "route-changed", tenant, subject, summary: `Route ${name2} removed.`, file });
      continue;
    }
    const fields2 = diffFields(b, a, { depth: 3 });
    if (fields2.length === 0) continue;
    const capBefore = b?.budget?.max_usd_per_call;
    const capAfter = a?.budget?.max_usd_per_call;
    const raised = capBefore !== void 0 && capAfter === void 0 || capBefore !== void 0 && capAfter !== void 0 && capAfter > capBefore;
    const other = fields2.filter((f) => f.path !== "budget.max_usd_per_call" && f.path !== "budget");
    if (raised) {
      ctx.add({
        kind: "budget-increased",
        tenant,
        subject,
        summary: `Route ${name2}: per-call cap ${String(capBefore)} → ${capAfter === void 0 ? "none" : String(capAfter)}.`,
        file,
        fields: fields2.filter((f) => f.path.startsWith("budget"))
      });
    }
    if (other.length > 0 || !raised) {
      const targets = fields2.some((f) => f.path === "targets") ? ` targets ${b.targets.map((t) => t.model).join(", ")} → ${a.targets.map((t) => t.model).join(", ")}` : "";
      ctx.add({
        kind: "route-changed",
        tenant,
        subject,
        summary: `Route ${name2} changed:${targets || ` ${other.map((f) => f.path).join(", ")}`}.`,
        file,
        fields: raised ? other : fields2
      });
    }
  }
  const used = targetModels(before);
  for (const model2 of targetModels(after)) {
    if (used.has(model2)) continue;
    ctx.add({
      kind: "model-added",
      tenant,
      subject: { type: "model", name: model2 },
      summary: `Tenant ${tenant} now routes requests to model ${model2}.`,
      file
    });
  }
}

// core/graph/digraph.ts
var Digraph = class {
  nodes;
  out = /* @__PURE__ */ new Map();
  in = /* @__PURE__ */ new Map();
  ancestorMemo;
  constructor(nodes) {
    this.nodes = [...nodes];
    for (const n of this.nodes) {
      this.out.set(n, []);
      this.in.set(n, []);
    }
  }
  /** Adds `from → to` (to depends on from). Unknown ids are ignored: callers report them. */
  addEdge(from, to) {
    const o = this.out.get(from);
    const i = this.in.get(to);
    if (!o || !i || o.includes(to)) return;
    o.push(to);
    i.push(from);
    this.ancestorMemo = void 0;
  }
  successors(n) {
    return this.out.get(n) ?? [];
  }
  predecessors(n) {
    return this.in.get(n) ?? [];
  }
  /** Strongly connected components (iterative Tarjan), so deep or hostile graphs cannot overflow the stack. */
  stronglyConnected() {
    let counter = 0;
    const index = /* @__PURE__ */ new Map();
    const low = /* @__PURE__ */ new Map();
    const onStack = /* @__PURE__ */ new Set();
    const stack = [];
    const components = [];
    for (const start of this.nodes) {
      if (index.has(start)) continue;
      const work = [{ node: start, next: 0 }];
      index.set(start, counter);
      low.set(start, counter++);
      stack.push(start);
      onStack.add(start);
      while (work.length > 0) {
        const frame = work[work.length - 1];
        const succ = this.successors(frame.node);
        if (frame.next < succ.length) {
          const w = succ[frame.next++];
          if (!index.has(w)) {
            index.set(w, counter);
            low.set(w, counter++);
            stack.push(w);
            onStack.add(w);
            work.push({ node: w, next: 0 });
          } else if (onStack.has(w)) {
            low.set(frame.node, Math.min(low.get(frame.node), index.get(w)));
          }
          continue;
        }
        work.pop();
        const parent = work[work.length - 1];
        if (parent) low.set(parent.node, Math.min(low.get(parent.node), low.get(frame.node)));
        if (low.get(frame.node) === index.get(frame.node)) {
          const component = [];
          let w;
          do {
            w = stack.pop();
            onStack.delete(w);
            component.push(w);
          } while (w !== frame.node);
          components.push(component);
        }
      }
    }
    return components;
  }
  /** One concrete cycle per cyclic component, as a path that starts and ends at the same node. */
  cycles() {
    const cycles = [];
    const order = new Map(this.nodes.map((n, i) => [n, i]));
    for (const component of this.stronglyConnected()) {
      const members = new Set(component);
      const first = component.reduce((a, b) => order.get(a) <= order.get(b) ? a : b);
      if (component.length === 1 && !this.successors(first).includes(first)) continue;
      const prev = /* @__PURE__ */ new Map();
      const queue = [first];
      let found = false;
      for (let qi = 0; qi < queue.length && !found; qi++) {
        const n = queue[qi];
        for (const s of this.successors(n)) {
          if (!members.has(s)) continue;
          if (s === first) {
            prev.set(first, n);
            found = true;
            break;
          }
          if (!prev.has(s)) {
            prev.set(s, n);
            queue.push(s);
          }
        }
      }
      const path = [first];
      let cur = prev.get(first);
      while (cur !== first) {
        path.unshift(cur);
        cur = prev.get(cur);
      }
      path.unshift(first);
      cycles.push(path);
    }
    return cycles;
  }
  /** Kahn's algorithm; `undefined` when the graph has a cycle. Ties keep declaration order. */
  topologicalOrder() {
    const indegree = new Map(this.nodes.map((n) => [n, this.predecessors(n).length]));
    const ready = this.nodes.filter((n) => indegree.get(n) === 0);
    const order = [];
    for (let i = 0; i < ready.length; i++) {
      const n = ready[i];
      order.push(n);
      for (const s of this.successors(n)) {
        const d = indegree.get(s) - 1;
        indegree.set(s, d);
        if (d === 0) ready.push(s);
      }
    }
    return order.length === this.nodes.length ? order : void 0;
  }
  /** Every node `n` transitively depends on. Works on cyclic graphs too. */
  ancestors(n) {
    if (!this.ancestorMemo) this.ancestorMemo = this.computeAncestors();
    return this.ancestorMemo.get(n) ?? /* @__PURE__ */ new Set();
  }
  computeAncestors() {
    const memo3 = /* @__PURE__ */ new Map();
    const order = this.topologicalOrder();
    if (order) {
      for (const n of order) {
        const set = /* @__PURE__ */ new Set();
        for (const p of this.predecessors(n)) {
          set.add(p);
          for (const a of memo3.get(p)) set.add(a);
        }
        memo3.set(n, set);
      }
      return memo3;
    }
    for (const n of this.nodes) {
      const set = /* @__PURE__ */ new Set();
      const queue = [...this.predecessors(n)];
      for (let i = 0; i < queue.length; i++) {
        const p = queue[i];
        if (set.has(p)) continue;
        set.add(p);
        queue.push(...this.predecessors(p));
      }
      memo3.set(n, set);
    }
    return memo3;
  }
};

// core/graph/workflow-graph.ts
var memo = /* @__PURE__ */ new WeakMap();
function workflowGraph(wf) {
  const hit = memo.get(wf);
  if (hit) return hit;
  const ids = Object.keys(wf.nodes);
  const graph = new Digraph(ids);
  const fallbackFor = /* @__PURE__ */ new Map();
  for (const id of ids) {
    const node2 = wf.nodes[id];
    for (const need of node2.needs) graph.addEdge(need, id);
    const fb = node2.on_error?.fallback;
    if (fb !== void 0 && Object.hasOwn(wf.nodes, fb)) {
      graph.addEdge(id, fb);
      fallbackFor.set(fb, [...fallbackFor.get(fb) ?? [], id]);
    }
  }
  const result = { graph, fallbackFor };
  memo.set(wf, result);
  return result;
}

// core/lint/walk.ts
function* workflowNodes(repo) {
  for (const tenant of repo.tenants.values()) {
    for (const wf of tenant.all.workflows) {
      for (const [id, node2] of Object.entries(wf.data.nodes)) yield { tenant, wf, id, node: node2 };
    }
  }
}
function splitReference(ref) {
  const slash = ref.indexOf("/");
  return slash < 0 ? { name: ref } : { tenant: ref.slice(0, slash), name: ref.slice(slash + 1) };
}
function ownName(ref, tenant) {
  const r = splitReference(ref);
  return r.tenant === void 0 || r.tenant === tenant ? r.name : void 0;
}
var TOOL_REF = /^([a-z][a-z0-9-]*)\.([a-z][a-z0-9_]*)$/;
function parseToolRef(ref) {
  const m = TOOL_REF.exec(ref);
  return m ? { namespace: m[1], tool: m[2] } : void 0;
}
function toolAllowed(ref, patterns) {
  const parsed = parseToolRef(ref);
  if (!parsed) return false;
  return patterns.some((p) => p === "*" || p === ref || p === `${parsed.namespace}.*`);
}
function modelAllowed(model2, patterns) {
  return patterns.some(
    (p) => p === "*" || p === model2 || p.endsWith("*") && model2.startsWith(p.slice(0, -1))
  );
}
function knowledgeAllowed(collection, patterns) {
  return patterns.some((p) => p === "*" || p === collection);
}

// core/text/duration.ts
var UNIT_MS = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5 };
function parseDuration(text) {
  let total = 0;
  let matched = "";
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    matched += m[0];
  }
  if (matched !== text || matched === "")
    throw new Error(`"${text}" is not a duration (e.g. 500ms, 30s, 1h30m)`);
  return total;
}

// core/diff/workflows.ts
function edgesOf(wf) {
  const edges = /* @__PURE__ */ new Map();
  if (!wf) return edges;
  for (const [id, node2] of Object.entries(wf.nodes)) {
    const condition = typeof node2.if === "string" ? node2.if : void 0;
    for (const need of node2.needs) {
      if (Object.hasOwn(wf.nodes, need))
        edges.set(`${need}→${id}:needs`, { from: need, to: id, kind: "needs", condition });
    }
    const fb = node2.on_error?.fallback;
    if (fb !== void 0 && Object.hasOwn(wf.nodes, fb))
      edges.set(`${id}→${fb}:fallback`, { from: id, to: fb, kind: "fallback" });
  }
  return edges;
}
function writeToolsOf(wf, repo) {
  const out = /* @__PURE__ */ new Set();
  for (const node2 of Object.values(wf.nodes)) {
    const refs = node2.type === "tool" ? [node2.tool] : node2.type === "llm" ? node2.tools?.allow ?? [] : [];
    for (const ref of refs) {
      const parsed = parseToolRef(ref);
      const tools = parsed ? repo.tools.get(parsed.namespace)?.data.tools : void 0;
      if (parsed && tools && Object.hasOwn(tools, parsed.tool) && tools[parsed.tool].effect === "write")
        out.add(ref);
    }
  }
  return out;
}
var nodeFields = (a, b) => diffFields(a ? { ...a, needs: void 0 } : void 0, b ? { ...b, needs: void 0 } : void 0, {
  depth: 3
});
function descendants(wf, id) {
  const { graph } = workflowGraph(wf);
  const out = /* @__PURE__ */ new Set();
  const queue = [...graph.successors(id)];
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i];
    if (out.has(n)) continue;
    out.add(n);
    queue.push(...graph.successors(n));
  }
  return out;
}
function principalKey(p) {
  if (typeof p === "string") return p;
  const o = p;
  return o.user !== void 0 ? `user:${o.user}` : `team:${o.team}`;
}
function weakenedGate(before, after) {
  if (after.type !== "approval") return [`it is no longer an approval (now ${after.type})`];
  const reasons = [];
  if (after.if !== void 0 && JSON.stringify(after.if) !== JSON.stringify(before.if)) {
    reasons.push(`it now runs only if ${String(after.if)}`);
  }
  if (after.min_approvals < before.min_approvals)
    reasons.push(`min_approvals ${before.min_approvals} → ${after.min_approvals}`);
  const now = new Set(after.approvers.map(principalKey));
  const gone = before.approvers.map(principalKey).filter((p) => !now.has(p));
  const added = after.approvers.map(principalKey).filter((p) => !before.approvers.map(principalKey).includes(p));
  if (added.length > 0) reasons.push(`approvers added: ${added.join(", ")}`);
  if (gone.length > 0 && added.length === 0) reasons.push(`approvers removed: ${gone.join(", ")}`);
  if (before.on_timeout === "fail" && after.on_timeout !== "fail")
    reasons.push(`on_timeout fail → ${after.on_timeout}`);
  return reasons;
}
function allNodes(wf, status) {
  return Object.entries(wf?.nodes ?? {}).map(([id, n]) => ({ id, status, type: n.type, fields: [] }));
}
function allEdges(wf, status) {
  return [...edgesOf(wf).values()].map((e2) => ({ ...e2, status }));
}
function durationIncreased(before, after) {
  return parseDuration(after) > parseDuration(before);
}
function diffWorkflows(ctx, tenant, base, head) {
  const pairs = pairByName(base?.workflows ?? /* @__PURE__ */ new Map(), head?.workflows ?? /* @__PURE__ */ new Map());
  for (const h of pairs.added) {
    ctx.add({
      kind: "workflow-added",
      tenant,
      subject: { type: "workflow", name: h.data.name },
      summary: `Workflow ${h.data.name} ${h.data.version} added (${Object.keys(h.data.nodes).length} nodes).`,
      file: h.path
    });
    reachableWrites(ctx, tenant, void 0, h);
    ctx.workflows.push({
      tenant,
      name: h.data.name,
      status: "added",
      head: h.data,
      file: h.path,
      nodes: allNodes(h.data, "added"),
      edges: allEdges(h.data, "added")
    });
  }
  for (const b of pairs.removed) {
    ctx.add({
      kind: "workflow-removed",
      tenant,
      subject: { type: "workflow", name: b.data.name },
      summary: `Workflow ${b.data.name} ${b.data.version} removed.`,
      file: b.path
    });
    ctx.workflows.push({
      tenant,
      name: b.data.name,
      status: "removed",
      base: b.data,
      file: b.path,
      nodes: allNodes(b.data, "removed"),
      edges: allEdges(b.data, "removed")
    });
  }
  for (const { base: b, head: h } of pairs.renamed) {
    ctx.add({
      kind: "workflow-renamed",
      tenant,
      subject: { type: "workflow", name: h.data.name },
      summary: `Workflow ${b.data.name} renamed to ${h.data.name}; content unchanged.`,
      file: h.path
    });
    ctx.workflows.push({
      tenant,
      name: h.data.name,
      status: "renamed",
      renamedFrom: b.data.name,
      base: b.data,
      head: h.data,
      file: h.path,
      nodes: allNodes(h.data, "unchanged"),
      edges: allEdges(h.data, "unchanged")
    });
  }
  for (const { base: b, head: h } of pairs.same) diffOne(ctx, tenant, b, h);
}
function reachableWrites(ctx, tenant, b, h) {
  const before = b ? writeToolsOf(b.data, ctx.base) : /* @__PURE__ */ new Set();
  for (const tool2 of writeToolsOf(h.data, ctx.head)) {
    if (before.has(tool2)) continue;
    ctx.add({
      kind: "tool-write",
      tenant,
      subject: { type: "tool", name: tool2, workflow: h.data.name },
      summary: `Workflow ${h.data.name} can now call ${tool2}, which writes outside the run.`,
      file: h.path
    });
  }
}
function diffOne(ctx, tenant, b, h) {
  const name2 = h.data.name;
  const subject = (type, n) => ({ type, name: n, workflow: name2 });
  const settings = diffFields(
    { ...b.data, nodes: void 0, version: void 0, name: void 0 },
    { ...h.data, nodes: void 0, version: void 0, name: void 0 },
    { depth: 3 }
  );
  const budget2 = settings.filter((f) => f.path.startsWith("budget."));
  const raised = budget2.filter(
    (f) => f.path === "budget.max_usd" ? Number(f.after) > Number(f.before) : f.path === "budget.timeout" && durationIncreased(String(f.before), String(f.after))
  );
  if (raised.length > 0) {
    ctx.add({
      kind: "budget-increased",
      tenant,
      subject: subject("workflow", name2),
      summary: `Workflow ${name2} budget raised: ${raised.map((f) => `${f.path.slice(7)} ${String(f.before)} → ${String(f.after)}`).join(", ")}.`,
      file: h.path,
      fields: raised
    });
  }
  const other = settings.filter((f) => !raised.includes(f));
  if (other.length > 0) {
    ctx.add({
      kind: "workflow-changed",
      tenant,
      subject: subject("workflow", name2),
      summary: `Workflow ${name2}: ${other.map((f) => f.path).join(", ")} changed.`,
      file: h.path,
      fields: other
    });
  }
  const nodes = [];
  const ids = [.../* @__PURE__ */ new Set([...Object.keys(b.data.nodes), ...Object.keys(h.data.nodes)])];
  for (const id of ids) {
    const before = Object.hasOwn(b.data.nodes, id) ? b.data.nodes[id] : void 0;
    const after = Object.hasOwn(h.data.nodes, id) ? h.data.nodes[id] : void 0;
    if (!before && after) {
      nodes.push({ id, status: "added", type: after.type, fields: [] });
      ctx.add({
        kind: "node-added",
        tenant,
        subject: subject("node", id),
        summary: `${name2}: ${after.type} node ${id} added.`,
        file: h.path
      });
    } else if (before && !after) {
      nodes.push({ id, status: "removed", type: before.type, fields: [] });
      ctx.add({
        kind: "node-removed",
        tenant,
        subject: subject("node", id),
        summary: `${name2}: ${before.type} node ${id} removed.`,
        file: h.path
      });
      if (before.type === "approval") {
        ctx.add({
          kind: "approval-removed",
          tenant,
          subject: subject("node", id),
          summary: `${name2}: approval gate ${id} removed.`,
          file: h.path
        });
      }
    } else if (before && after) {
      const fields2 = nodeFields(before, after);
      nodes.push({ id, status: fields2.length > 0 ? "changed" : "unchanged", type: after.type, fields: fields2 });
      if (fields2.length > 0) {
        ctx.add({
          kind: "node-changed",
          tenant,
          subject: subject("node", id),
          summary: `${name2}: node ${id} changed (${fields2.map((f) => f.path).join(", ")}).`,
          file: h.path,
          fields: fields2
        });
      }
      if (before.type === "approval") {
        const reasons = weakenedGate(before, after);
        if (reasons.length > 0) {
          ctx.add({
            kind: "approval-removed",
            tenant,
            subject: subject("node", id),
            summary: `${name2}: approval gate ${id} weakened: ${reasons.join("; ")}.`,
            file: h.path
          });
        }
      }
    }
  }
  const be = edgesOf(b.data);
  const he = edgesOf(h.data);
  const edges = [];
  for (const [key, e2] of he) {
    const was = be.get(key);
    edges.push({ ...e2, status: was ? "unchanged" : "added" });
    if (!was)
      ctx.add({
        kind: "edge-changed",
        tenant,
        subject: subject("edge", `${e2.from} → ${e2.to}`),
        summary: `${name2}: ${edgeWords(e2)} added.`,
        file: h.path
      });
  }
  for (const [key, e2] of be) {
    if (he.has(key)) continue;
    edges.push({ ...e2, status: "removed" });
    ctx.add({
      kind: "edge-changed",
      tenant,
      subject: subject("edge", `${e2.from} → ${e2.to}`),
      summary: `${name2}: ${edgeWords(e2)} removed.`,
      file: h.path
    });
  }
  for (const [gate, node2] of Object.entries(b.data.nodes)) {
    if (node2.type !== "approval" || !Object.hasOwn(h.data.nodes, gate) || h.data.nodes[gate]?.type !== "approval")
      continue;
    const before = descendants(b.data, gate);
    const after = descendants(h.data, gate);
    const escaped = [...before].filter((n) => Object.hasOwn(h.data.nodes, n) && !after.has(n));
    if (escaped.length > 0) {
      ctx.add({
        kind: "approval-removed",
        tenant,
        subject: subject("node", gate),
        summary: `${name2}: ${escaped.join(", ")} no longer wait${escaped.length === 1 ? "s" : ""} for approval ${gate}.`,
        file: h.path
      });
    }
  }
  reachableWrites(ctx, tenant, b, h);
  const changed = nodes.some((n) => n.status !== "unchanged") || edges.some((e2) => e2.status !== "unchanged") || settings.length > 0;
  if (changed) {
    ctx.workflows.push({
      tenant,
      name: name2,
      status: "changed",
      base: b.data,
      head: h.data,
      file: h.path,
      nodes,
      edges
    });
  }
}
function edgeWords(e2) {
  return e2.kind === "fallback" ? `fallback ${e2.from} → ${e2.to}` : `dependency ${e2.from} → ${e2.to}`;
}

// core/diff/diff.ts
async function diffRepos(base, head) {
  const ctx = new DiffContext(base, head);
  diffCharter(ctx, base, head);
  diffModels(ctx, base, head);
  diffTools(ctx, base, head);
  const tenants = [.../* @__PURE__ */ new Set([...base.tenants.keys(), ...head.tenants.keys()])].sort();
  for (const name2 of tenants) {
    const b = base.tenants.get(name2);
    const h = head.tenants.get(name2);
    diffTenantPolicy(ctx, name2, b, h);
    diffRoutes(ctx, name2, b, h);
    diffPrompts(ctx, name2, b, h);
    diffWorkflows(ctx, name2, b, h);
    diffEvals(ctx, name2, b, h);
    await diffKnowledge(ctx, name2, b, h);
  }
  ctx.workflows.sort((x, y) => x.tenant + x.name < y.tenant + y.name ? -1 : 1);
  return {
    changes: ctx.changes,
    workflows: ctx.workflows,
    summaries: summarize(ctx),
    base: base.source.commit,
    head: head.source.commit
  };
}
function summarize(ctx) {
  const groups = /* @__PURE__ */ new Map();
  for (const c of ctx.changes) {
    let s = groups.get(c.tenant);
    if (!s) {
      s = {
        ...c.tenant === void 0 ? {} : { tenant: c.tenant },
        kinds: {},
        risk: "low",
        changes: 0
      };
      groups.set(c.tenant, s);
    }
    s.kinds[c.kind] = (s.kinds[c.kind] ?? 0) + 1;
    s.changes++;
    s.risk = maxRisk([s.risk, c.risk]);
  }
  return [...groups.values()].sort(
    (a, b) => a.tenant === void 0 ? 1 : b.tenant === void 0 ? -1 : a.tenant < b.tenant ? -1 : 1
  );
}
async function diffProject(options) {
  const baseSource = new GitSource(options.dir, options.base);
  const headSource = options.head ? new GitSource(options.dir, options.head) : new DirectorySource(options.dir);
  const [base, head] = await Promise.all([loadRepo(baseSource), loadRepo(headSource)]);
  const changeSet = await diffRepos(base.repo, head.repo);
  return { changeSet, base: base.repo, head: head.repo, headDiagnostics: head.diagnostics };
}

// core/package-root.ts
import { existsSync, readFileSync } from "node:fs";
import { dirname, join as join2 } from "node:path";
function packageRoot(from = import.meta.dirname) {
  let dir = from;
  for (; ; ) {
    const manifest = join2(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if (JSON.parse(readFileSync(manifest, "utf8")).name === "charter") return dir;
      } catch {
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
}
function exampleRepository() {
  return join2(packageRoot(), "examples", "acme");
}

// core/report/diff-html.ts
import { readFileSync as readFileSync2 } from "node:fs";
import { createRequire } from "node:module";

// core/mermaid/escape.ts
var ENTITY = /["#<>&`|\\[\]{}()]/g;
function escapeLabel(text, max = 80) {
  let s = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").trim();
  if ([...s].length > max) s = `${[...s].slice(0, max - 1).join("")}…`;
  return s.replace(ENTITY, (c) => `#${c.codePointAt(0)};`);
}
function label(lines, max = 80) {
  return `"${lines.filter((l) => l !== "").map((l) => escapeLabel(l, max)).join("<br>")}"`;
}
var IdMap = class {
  ids = /* @__PURE__ */ new Map();
  id(name2) {
    let id = this.ids.get(name2);
    if (!id) {
      id = `n${this.ids.size}`;
      this.ids.set(name2, id);
    }
    return id;
  }
};

// core/mermaid/shapes.ts
var SHAPES = {
  llm: ["([", "])"],
  // stadium
  tool: ["[[", "]]"],
  // subroutine
  retrieve: ["[(", ")]"],
  // cylinder
  approval: ["{{", "}}"],
  // hexagon
  transform: ["[/", "/]"],
  // parallelogram
  workflow: ["[/", "\\]"],
  // trapezoid
  summary: ["(", ")"]
  // rounded: collapsed nodes
};
function nodeDetail(node2) {
  switch (node2.type) {
    case "llm":
      return `llm · ${node2.prompt} @ ${node2.route}${node2.tools ? ` + tools` : ""}`;
    case "tool":
      return `tool · ${node2.tool}`;
    case "retrieve":
      return `retrieve · ${node2.knowledge}`;
    case "approval":
      return `approval · ${node2.min_approvals} of ${node2.approvers.length} approver${node2.approvers.length === 1 ? "" : "s"}`;
    case "transform":
      return "transform";
    case "workflow":
      return `workflow · ${node2.workflow}@${node2.version}`;
  }
}
function conditionText(node2) {
  if (!node2 || node2.if === void 0) return void 0;
  const raw = String(node2.if).trim();
  const inner = /^\$\{\{([\s\S]*)\}\}$/.exec(raw)?.[1] ?? raw;
  return `if ${inner.trim()}`;
}

// core/mermaid/diagram.ts
function renderDiagram(d) {
  const ids = new IdMap();
  const lines = [`flowchart ${d.direction}`];
  for (const n of d.nodes) {
    const [open, close] = SHAPES[n.shape];
    lines.push(`  ${ids.id(n.key)}${open}${label(n.lines)}${close}${n.className ? `:::${n.className}` : ""}`);
  }
  const styles = [];
  d.edges.forEach((e2, i) => {
    const arrow = e2.dotted ? "-.->" : "-->";
    lines.push(`  ${ids.id(e2.from)} ${arrow}${e2.label ? `|${label([e2.label], 60)}|` : ""} ${ids.id(e2.to)}`);
    if (e2.style) styles.push(`  linkStyle ${i} ${e2.style}`);
  });
  lines.push(...styles);
  if (d.legend && d.legend.length > 0) {
    lines.push("  subgraph legend [Legend]", "    direction LR");
    for (const [cls, meaning] of d.legend)
      lines.push(`    ${ids.id(`\0legend:${cls}`)}[${label([meaning])}]:::${cls}`);
    lines.push("  end");
  }
  for (const [name2, css] of Object.entries(d.classDefs)) lines.push(`  classDef ${name2} ${css}`);
  return `${lines.join("\n")}
`;
}

// core/mermaid/limits.ts
var DIAGRAM_LIMITS = {
  /** Above this many nodes a diff shows the changed region and collapses the rest. */
  maxNodes: 40,
  maxEdges: 120,
  /** Characters of one diagram, leaving room for several in one comment. */
  maxChars: 15e3
};

// core/mermaid/diff-flowchart.ts
var CLASS_DEFS = {
  added: "fill:#dafbe1,stroke:#1a7f37,stroke-width:2px,color:#0f5323",
  removed: "fill:#ffebe9,stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 5,color:#82071e",
  changed: "fill:#fff8c5,stroke:#9a6700,stroke-width:2px,color:#4d2d00",
  unchanged: "fill:#ffffff,stroke:#8c959f,color:#24292f",
  summary: "fill:#f6f8fa,stroke:#8c959f,stroke-dasharray:3 3,color:#57606a"
};
var EDGE_STYLES = {
  added: "stroke:#1a7f37,stroke-width:2px",
  removed: "stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 5"
};
var LEGEND = [
  ["added", "added"],
  ["changed", "changed"],
  ["removed", "removed"],
  ["unchanged", "unchanged"]
];
function nodeOf(wd, id) {
  const h = wd.head?.nodes;
  const b = wd.base?.nodes;
  if (h && Object.hasOwn(h, id)) return h[id];
  if (b && Object.hasOwn(b, id)) return b[id];
  return void 0;
}
function nodeLines(wd, n) {
  const node2 = nodeOf(wd, n.id);
  const lines = [n.id, node2 ? nodeDetail(node2) : n.type];
  if (n.status === "changed") lines.push(`Δ ${n.fields.map((f) => f.path).join(", ")}`);
  return lines;
}
function conditionOf(wd, e2) {
  if (e2.kind === "fallback") return "on error";
  const node2 = e2.status === "removed" ? wd.base?.nodes[e2.to] : wd.head?.nodes[e2.to];
  return conditionText(node2);
}
function focus(wd, hops, cap) {
  const changed = wd.nodes.filter((n) => n.status !== "unchanged").map((n) => n.id);
  for (const e2 of wd.edges) {
    if (e2.status !== "unchanged") changed.push(e2.from, e2.to);
  }
  const unique = [...new Set(changed)];
  const keep = new Set(unique.slice(0, cap));
  const omitted = Math.max(0, unique.length - cap);
  if (hops > 0) {
    const core = new Set(keep);
    for (const e2 of wd.edges) {
      if (core.has(e2.from)) keep.add(e2.to);
      if (core.has(e2.to)) keep.add(e2.from);
    }
  }
  return { keep, omitted };
}
function build(wd, keep) {
  const nodes = [];
  const edges = [];
  const shownNode = (id) => !keep || keep.has(id);
  for (const n of wd.nodes) {
    if (!shownNode(n.id)) continue;
    nodes.push({
      key: n.id,
      shape: n.type,
      lines: nodeLines(wd, n),
      className: n.status
    });
  }
  const hidden = wd.nodes.filter((n) => !shownNode(n.id));
  const side = /* @__PURE__ */ new Map();
  if (hidden.length > 0) {
    const succ = /* @__PURE__ */ new Map();
    const pred = /* @__PURE__ */ new Map();
    for (const e2 of wd.edges) {
      succ.set(e2.from, [...succ.get(e2.from) ?? [], e2.to]);
      pred.set(e2.to, [...pred.get(e2.to) ?? [], e2.from]);
    }
    const reach = (start, next) => {
      const seen = /* @__PURE__ */ new Set();
      const queue = [...start];
      for (let i = 0; i < queue.length; i++) {
        for (const m of next.get(queue[i]) ?? []) {
          if (!seen.has(m)) {
            seen.add(m);
            queue.push(m);
          }
        }
      }
      return seen;
    };
    const shown = [...keep ?? []];
    const upstream = reach(shown, pred);
    const downstream = reach(shown, succ);
    for (const n of hidden)
      side.set(n.id, upstream.has(n.id) ? "before" : downstream.has(n.id) ? "after" : "other");
    for (const s of ["before", "after", "other"]) {
      const group = hidden.filter((n) => side.get(n.id) === s);
      if (group.length === 0) continue;
      const where = s === "before" ? "upstream" : s === "after" ? "downstream" : "elsewhere";
      const changed = group.filter((n) => n.status !== "unchanged").length;
      const plural = group.length === 1 ? "" : "s";
      const text = changed === 0 ? `+ ${group.length} unchanged node${plural}` : `+ ${group.length} node${plural}, ${changed} changed (see the table)`;
      nodes.push({ key: `\0summary:${s}`, shape: "summary", lines: [text, where], className: "summary" });
    }
  }
  const seenSummaryEdges = /* @__PURE__ */ new Set();
  for (const e2 of wd.edges) {
    const from = shownNode(e2.from) ? e2.from : `\0summary:${side.get(e2.from)}`;
    const to = shownNode(e2.to) ? e2.to : `\0summary:${side.get(e2.to)}`;
    if (from === to) continue;
    if (!shownNode(e2.from) || !shownNode(e2.to)) {
      const key = `${from}→${to}`;
      if (seenSummaryEdges.has(key)) continue;
      seenSummaryEdges.add(key);
      edges.push({ from, to, dotted: true });
      continue;
    }
    const cond = conditionOf(wd, e2);
    edges.push({
      from,
      to,
      ...cond ? { label: cond } : {},
      ...e2.kind === "fallback" ? { dotted: true } : {},
      ...e2.status === "added" || e2.status === "removed" ? { style: EDGE_STYLES[e2.status] } : {}
    });
  }
  const used = new Set(nodes.map((n) => n.className));
  const diagram = {
    direction: "TD",
    nodes,
    edges,
    classDefs: Object.fromEntries(
      Object.entries(CLASS_DEFS).filter(([k]) => used.has(k) || LEGEND.some(([c]) => c === k))
    ),
    legend: LEGEND
  };
  return { diagram, collapsed: hidden.length };
}
function diffFlowchart(wd, options = {}) {
  const maxNodes = options.maxNodes ?? DIAGRAM_LIMITS.maxNodes;
  const maxEdges = options.maxEdges ?? DIAGRAM_LIMITS.maxEdges;
  const maxChars = options.maxChars ?? DIAGRAM_LIMITS.maxChars;
  const fits = (d, text) => d.nodes.length <= maxNodes + 3 && d.edges.length <= maxEdges && text.length <= maxChars;
  const attempts = [
    () => ({ keep: void 0, omitted: 0 }),
    () => focus(wd, 1, Number.POSITIVE_INFINITY),
    () => focus(wd, 0, Number.POSITIVE_INFINITY)
  ];
  for (let cap = maxNodes; cap >= 1; cap = Math.floor(cap / 2)) {
    attempts.push(() => focus(wd, 0, cap));
  }
  let last;
  for (const attempt of attempts) {
    const { keep, omitted } = attempt();
    const { diagram, collapsed } = build(wd, keep);
    const text = renderDiagram(diagram);
    last = {
      mermaid: text,
      shown: diagram.nodes.filter((n) => n.className !== "summary").length,
      collapsed,
      omittedChanges: omitted
    };
    if (fits(diagram, text)) return last;
  }
  return last;
}

// core/report/diff-markdown.ts
var DIFF_COMMENT_MARKER = "<!-- charter:diff -->";
var GITHUB_COMMENT_LIMIT = 65536;
var RISK_ICON = { low: "🟢", medium: "🟡", high: "🟠", critical: "🔴" };
function escapeHtml(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function cell(s) {
  return escapeHtml(s).replace(/\|/g, "&#124;").replace(/\r?\n/g, " ");
}
function code(value2, max = 60) {
  let s = typeof value2 === "string" ? value2 : JSON.stringify(value2);
  if (s === void 0) s = "—";
  if ([...s].length > max) s = `${[...s].slice(0, max - 1).join("")}…`;
  return `<code>${cell(s)}</code>`;
}
function fieldText(f) {
  if (f.before === void 0) return `${cell(f.path)}: added ${code(f.after)}`;
  if (f.after === void 0) return `${cell(f.path)}: removed (was ${code(f.before)})`;
  return `${cell(f.path)}: ${code(f.before)} → ${code(f.after)}`;
}
function fenced(lang, text) {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${lang}
${text.endsWith("\n") ? text : `${text}
`}${fence}`;
}
function summaryTable(set) {
  const rows = set.summaries.map((s) => {
    const kinds = Object.entries(s.kinds).map(([k, n]) => `<code>${k}</code>${n > 1 ? ` ×${n}` : ""}`).join(", ");
    return `| ${s.tenant === void 0 ? "_platform_" : `<b>${cell(s.tenant)}</b>`} | ${RISK_ICON[s.risk]} ${s.risk} | ${kinds} |`;
  });
  return ["| Tenant | Risk | Changes |", "|---|---|---|", ...rows].join("\n");
}
function nodeTable(wd) {
  const rows = wd.nodes.filter((n) => n.status !== "unchanged").map((n) => {
    const details = n.status === "changed" ? n.fields.map(fieldText).join("<br>") : n.type;
    return `| <code>${cell(n.id)}</code> | ${n.status} | ${details} |`;
  });
  const edges = wd.edges.filter((e2) => e2.status !== "unchanged").map(
    (e2) => `| <code>${cell(e2.from)}</code> → <code>${cell(e2.to)}</code> | edge ${e2.status} | ${e2.kind} |`
  );
  if (rows.length + edges.length === 0) return "";
  return ["| Node | Change | Details |", "|---|---|---|", ...rows, ...edges].join("\n");
}
var LEGEND_TEXT = "<sub>Green: added · yellow: changed · red, dashed: removed · grey: unchanged. Green and red arrows are added and removed dependencies; dotted arrows are fallbacks.</sub>";
function workflowSection(set, wd) {
  const heading = `### ${cell(wd.tenant)} / ${cell(wd.name)} — ${wd.status === "renamed" ? `renamed from ${cell(wd.renamedFrom ?? "")}` : wd.status}`;
  const risks = set.changes.filter((c) => c.tenant === wd.tenant && c.subject.workflow === wd.name);
  const riskLine = risks.length > 0 ? `
${risks.map((c) => `- ${RISK_ICON[c.risk]} <code>${c.kind}</code> ${cell(c.summary)}`).join("\n")}
` : "";
  const diagram = diffFlowchart(wd);
  const note = diagram.collapsed > 0 ? `
<sub>Showing ${diagram.shown} nodes around the changes; ${diagram.collapsed} others are collapsed.${diagram.omittedChanges > 0 ? ` ${diagram.omittedChanges} changed nodes are only in the table.` : ""}</sub>
` : "";
  const table = nodeTable(wd);
  const full = [heading, riskLine, fenced("mermaid", diagram.mermaid), LEGEND_TEXT, note, table].filter(Boolean).join("\n");
  const short = [
    heading,
    riskLine,
    "<sub>Diagram left out to fit GitHub's comment size limit; run <code>charter diff --html</code> to see it.</sub>",
    table
  ].filter(Boolean).join("\n");
  return { full, short };
}
function promptSection(c) {
  const title = `<b>${cell(c.tenant ?? "")}</b> · ${cell(c.summary)}`;
  const full = `<details><summary>${title}</summary>

${fenced("diff", c.textDiff ?? "")}

</details>`;
  return { full, short: `- ${title} (text diff left out to fit the comment)` };
}
function allChanges(changes, limit = changes.length) {
  if (changes.length === 0) return "";
  const sorted = [...changes].sort((a, b) => riskRank(b.risk) - riskRank(a.risk));
  const rows = sorted.slice(0, limit).map(
    (c) => `| ${RISK_ICON[c.risk]} ${c.risk} | <code>${c.kind}</code> | ${c.tenant ? cell(c.tenant) : "_platform_"} | ${cell(c.summary)} |`
  );
  const more = changes.length > limit ? `

…and ${changes.length - limit} lower-risk changes, left out to fit the comment.` : "";
  return ["### All changes", "", "| Risk | Kind | Tenant | What |", "|---|---|---|---|", ...rows].join("\n") + more;
}
function diffMarkdown(set, options = {}) {
  const maxChars = options.maxChars ?? GITHUB_COMMENT_LIMIT - 1e3;
  const head = [
    DIFF_COMMENT_MARKER,
    `## 🧭 Charter diff${options.title ? ` — ${cell(options.title)}` : ""}`,
    "",
    set.changes.length === 0 ? "No governed changes: workflows, prompts, routes, tools, policies and evals are the same as on the base." : `${set.base ? `Base <code>${set.base.slice(0, 7)}</code> → head <code>${(set.head ?? "working tree").slice(0, 7)}</code> · ` : ""}${set.changes.length} change${set.changes.length === 1 ? "" : "s"}, highest risk ${RISK_ICON[worst(set)]} <b>${worst(set)}</b>.`,
    "",
    set.changes.length > 0 ? summaryTable(set) : ""
  ].join("\n");
  const sections = [
    ...set.workflows.map((wd) => workflowSection(set, wd)),
    ...set.changes.filter((c) => c.textDiff).map(promptSection)
  ];
  let all = allChanges(set.changes);
  const kindsLegend = `<details><summary>What the change kinds mean</summary>

${[
    ...new Set(set.changes.map((c) => c.kind))
  ].map((k) => `- <code>${k}</code>: ${CHANGE_KIND_INFO[k].description}`).join("\n")}

</details>`;
  const assemble = (parts, tail) => [head, ...parts, all, set.changes.length ? kindsLegend : "", tail].filter(Boolean).join("\n\n");
  let texts = sections.map((s) => s.full);
  let body = assemble(texts, "");
  let truncated = false;
  for (let i = sections.length - 1; i >= 0 && body.length > maxChars; i--) {
    if (sections[i].short === void 0) continue;
    texts[i] = sections[i].short;
    truncated = true;
    body = assemble(texts, "");
  }
  while (body.length > maxChars && texts.length > 0) {
    texts = texts.slice(0, -1);
    truncated = true;
    body = assemble(
      texts,
      `> ⚠️ ${sections.length - texts.length} section(s) left out to stay under GitHub's comment size limit. The job summary and \`charter diff --html\` show everything.`
    );
  }
  for (let limit = Math.floor(set.changes.length / 2); body.length > maxChars && limit >= 1; limit = Math.floor(limit / 2)) {
    all = allChanges(set.changes, limit);
    body = assemble(
      texts,
      "> ⚠️ Sections left out to stay under GitHub's comment size limit. The job summary and `charter diff --html` show everything."
    );
  }
  return { body: `${body}
`, truncated };
}
function worst(set) {
  return maxRisk(set.changes.map((c) => c.risk));
}

// core/report/diff-html.ts
var RISK_COLOR = {
  low: "#1a7f37",
  medium: "#9a6700",
  high: "#bc4c00",
  critical: "#cf222e"
};
function mermaidBundle() {
  const path = createRequire(import.meta.url).resolve("mermaid/dist/mermaid.min.js");
  return readFileSync2(path, "utf8").replace(/<\/script/gi, "<\\/script");
}
var e = escapeHtml;
function value(v) {
  return v === void 0 ? "—" : `<code>${e(typeof v === "string" ? v : JSON.stringify(v))}</code>`;
}
function fields(list) {
  return list.map((f) => `${e(f.path)}: ${value(f.before)} → ${value(f.after)}`).join("<br>");
}
function workflowSection2(set, wd, index) {
  const diagram = diffFlowchart(wd);
  const rows = wd.nodes.filter((n) => n.status !== "unchanged").map(
    (n) => `<tr class="${n.status}"><td><code>${e(n.id)}</code></td><td>${n.status}</td><td>${n.status === "changed" ? fields(n.fields) : e(n.type)}</td></tr>`
  ).join("");
  const edges = wd.edges.filter((x) => x.status !== "unchanged").map(
    (x) => `<tr class="${x.status}"><td><code>${e(x.from)}</code> → <code>${e(x.to)}</code></td><td>edge ${x.status}</td><td>${x.kind}</td></tr>`
  ).join("");
  const changes = set.changes.filter((c) => c.tenant === wd.tenant && c.subject.workflow === wd.name).map(
    (c) => `<li><span class="risk" style="color:${RISK_COLOR[c.risk]}">${c.risk}</span> <code>${c.kind}</code> ${e(c.summary)}</li>`
  ).join("");
  return `<section>
<h2>${e(wd.tenant)} / ${e(wd.name)} <small>${wd.status}</small></h2>
${changes ? `<ul>${changes}</ul>` : ""}
<pre class="mermaid" id="diagram-${index}">${e(diagram.mermaid)}</pre>
${diagram.collapsed > 0 ? `<p class="note">Showing ${diagram.shown} nodes around the changes; ${diagram.collapsed} others are collapsed.</p>` : ""}
${rows || edges ? `<table><tr><th>Node</th><th>Change</th><th>Details</th></tr>${rows}${edges}</table>` : ""}
</section>`;
}
function textDiff(diff) {
  return diff.split("\n").map(
    (line) => `<span class="${line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : ""}">${e(line)}</span>`
  ).join("\n");
}
function diffHtml(set, options = {}) {
  const title = `Charter diff${options.title ? ` — ${options.title}` : ""}`;
  const summaries = set.summaries.map(
    (s) => `<tr><td>${s.tenant === void 0 ? "<i>platform</i>" : e(s.tenant)}</td><td style="color:${RISK_COLOR[s.risk]}">${s.risk}</td><td>${Object.entries(
      s.kinds
    ).map(([k, n]) => `<code>${k}</code>${n > 1 ? ` ×${n}` : ""}`).join(", ")}</td></tr>`
  ).join("");
  const prompts = set.changes.filter((c) => c.textDiff).map(
    (c) => `<details open><summary>${e(c.tenant ?? "")} · ${e(c.summary)}</summary><pre class="diff">${textDiff(c.textDiff)}</pre></details>`
  ).join("");
  const all = [...set.changes].sort((a, b) => riskRank(b.risk) - riskRank(a.risk)).map(
    (c) => `<tr><td style="color:${RISK_COLOR[c.risk]}">${c.risk}</td><td><code>${c.kind}</code></td><td>${c.tenant ? e(c.tenant) : "<i>platform</i>"}</td><td>${e(c.summary)}</td></tr>`
  ).join("");
  const worst2 = maxRisk(set.changes.map((c) => c.risk));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>
body { font: 14px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 1100px; color: #24292f; padding: 0 1rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; } td, th { border: 1px solid #d0d7de; padding: .25rem .5rem; text-align: left; vertical-align: top; }
tr.added td:nth-child(2) { color: #1a7f37; } tr.removed td:nth-child(2) { color: #cf222e; } tr.changed td:nth-child(2) { color: #9a6700; }
section { border-top: 1px solid #d0d7de; margin-top: 1.5rem; } .note { color: #57606a; }
pre.mermaid { background: #fff; } pre.diff { background: #f6f8fa; padding: .5rem; overflow-x: auto; }
.add { color: #1a7f37; } .del { color: #cf222e; } .hunk { color: #8250df; } .risk { font-weight: 600; }
</style>
</head>
<body>
<h1>${e(title)}</h1>
<p>${set.changes.length === 0 ? "No governed changes." : `${set.changes.length} changes${set.base ? ` from <code>${e(set.base.slice(0, 12))}</code>` : ""}${set.head ? ` to <code>${e(set.head.slice(0, 12))}</code>` : ""}; highest risk <b style="color:${RISK_COLOR[worst2]}">${worst2}</b>.`}</p>
${summaries ? `<table><tr><th>Tenant</th><th>Risk</th><th>Changes</th></tr>${summaries}</table>` : ""}
${set.workflows.map((wd, i) => workflowSection2(set, wd, i)).join("\n")}
${prompts ? `<section><h2>Prompt text</h2>${prompts}</section>` : ""}
${all ? `<section><h2>All changes</h2><table><tr><th>Risk</th><th>Kind</th><th>Tenant</th><th>What</th></tr>${all}</table></section>` : ""}
<script>${mermaidBundle()}</script>
<script>
(async () => {
  const state = { done: false, rendered: 0, errors: [] };
  window.__charter = state;
  try {
    mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "default" });
    const blocks = [...document.querySelectorAll("pre.mermaid")];
    for (const [i, block] of blocks.entries()) {
      try {
        const { svg } = await mermaid.render("svg-" + i, block.textContent);
        block.innerHTML = svg;
        state.rendered++;
      } catch (error) {
        state.errors.push({ id: block.id, message: String(error && error.message || error) });
        block.classList.add("error");
      }
    }
  } catch (error) {
    state.errors.push({ id: "init", message: String(error && error.message || error) });
  }
  state.done = true;
})();
</script>
</body>
</html>
`;
}

// core/report/diff-text.ts
var COLOR = { low: 32, medium: 33, high: 35, critical: 31 };
function diffText(set, options) {
  const paint = (code2, s) => options.color ? `\x1B[${code2}m${s}\x1B[0m` : s;
  if (set.changes.length === 0) return "No governed changes.\n";
  const lines = [];
  for (const s of set.summaries) {
    const who = s.tenant === void 0 ? "platform" : `tenant ${s.tenant}`;
    lines.push(
      `${paint(1, who)} — ${s.changes} change${s.changes === 1 ? "" : "s"}, risk ${paint(COLOR[s.risk], s.risk)}`
    );
    for (const c of set.changes.filter((x) => x.tenant === s.tenant)) {
      lines.push(`  ${paint(COLOR[c.risk], c.risk.padEnd(8))} ${c.kind.padEnd(18)} ${c.summary}`);
    }
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}
`;
}

// cli/demo/sample-pull-request.ts
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join3 } from "node:path";
var IDENTITY = {
  GIT_AUTHOR_NAME: "Charter demo",
  GIT_AUTHOR_EMAIL: "demo@charter.invalid",
  GIT_COMMITTER_NAME: "Charter demo",
  GIT_COMMITTER_EMAIL: "demo@charter.invalid"
};
async function samplePullRequest() {
  const examples = join3(packageRoot(), "examples");
  const dir = await mkdtemp(join3(tmpdir(), "charter-demo-"));
  Object.assign(process.env, { ...IDENTITY, ...process.env });
  await git(dir, ["init", "-q", "-b", "main"]);
  await cp(join3(examples, "acme"), dir, { recursive: true });
  await git(dir, ["add", "-A"]);
  await git(dir, ["commit", "-q", "-m", "examples/acme"]);
  const base = (await git(dir, ["rev-parse", "HEAD"])).toString().trim();
  await cp(join3(examples, "acme-pr", "tenants"), join3(dir, "tenants"), { recursive: true });
  await git(dir, ["add", "-A"]);
  await git(dir, ["commit", "-q", "-m", "Escalate angry customers; skip refund approval for low priority"]);
  const head = (await git(dir, ["rev-parse", "HEAD"])).toString().trim();
  return { dir, base, head };
}

// cli/commands/lint.ts
import { writeFile } from "node:fs/promises";
import { relative as relative2, resolve as resolve3 } from "node:path";

// core/format/paths.ts
import { posix } from "node:path";
function withPathPrefix(diagnostics, prefix) {
  const clean = prefix.split("\\").join("/").replace(/^\.\/?/, "").replace(/\/$/, "");
  if (!clean) return [...diagnostics];
  return diagnostics.map((d) => ({ ...d, file: d.file === "." ? clean : posix.join(clean, d.file) }));
}

// core/lint/rules/allowances.ts
var howToAllow = (tenant, list) => `Add it to allow.${list} in tenants/${tenant}/tenant.yml (a change the governance owners must approve), or use an allowed one.`;
var toolNotAllowed = {
  id: "tool-not-allowed",
  description: "Tool nodes and model tool use may only name tools the tenant's allow.tools permits.",
  severity: "error",
  check(ctx) {
    for (const { tenant, wf, id, node: node2 } of workflowNodes(ctx.repo)) {
      const allowed = tenant.config?.data.allow.tools;
      if (!allowed) continue;
      const refs = node2.type === "tool" ? [[node2.tool, ["nodes", id, "tool"]]] : node2.type === "llm" && node2.tools ? node2.tools.allow.map((t, i) => [t, ["nodes", id, "tools", "allow", i]]) : [];
      for (const [ref, path] of refs) {
        if (toolAllowed(ref, allowed)) continue;
        ctx.report(
          wf.at(path),
          `Tool "${ref}" is not allowed for tenant "${tenant.name}". ${howToAllow(tenant.name, "tools")}`
        );
      }
    }
    for (const tenant of ctx.repo.tenants.values()) {
      const allowed = tenant.config?.data.allow.tools;
      if (!allowed) continue;
      for (const suite of tenant.all.evals) {
        suite.data.cases.forEach((c, i) => {
          for (const ref of Object.keys(c.mocks?.tools ?? {})) {
            if (toolAllowed(ref, allowed)) continue;
            ctx.report(
              suite.at(["cases", i, "mocks", "tools", ref], true),
              `Tool "${ref}" is not allowed for tenant "${tenant.name}", so mocking it tests nothing real. ${howToAllow(tenant.name, "tools")}`
            );
          }
        });
      }
    }
  }
};
var modelNotAllowed = {
  id: "model-not-allowed",
  description: "Route targets may only use models and providers the tenant's allow.models and allow.providers permit.",
  severity: "error",
  check(ctx) {
    const models = ctx.repo.models?.data.models;
    for (const tenant of ctx.repo.tenants.values()) {
      const allow = tenant.config?.data.allow;
      const routes = tenant.routes;
      if (!allow || !routes) continue;
      for (const [name2, route2] of Object.entries(routes.data.routes)) {
        route2.targets.forEach((t, i) => {
          const at = () => routes.at(["routes", name2, "targets", i, "model"]);
          if (!modelAllowed(t.model, allow.models)) {
            ctx.report(
              at,
              `Model "${t.model}" is not allowed for tenant "${tenant.name}". ${howToAllow(tenant.name, "models")}`
            );
            return;
          }
          const provider2 = models && Object.hasOwn(models, t.model) ? models[t.model].provider : void 0;
          if (provider2 !== void 0 && !allow.providers.includes(provider2)) {
            ctx.report(
              at,
              `Model "${t.model}" is served by provider "${provider2}", which tenant "${tenant.name}" may not use. ${howToAllow(tenant.name, "providers")}`
            );
          }
        });
      }
    }
  }
};
var knowledgeNotAllowed = {
  id: "knowledge-not-allowed",
  description: "Retrieve nodes may only search knowledge collections the tenant's allow.knowledge permits.",
  severity: "error",
  check(ctx) {
    for (const { tenant, wf, id, node: node2 } of workflowNodes(ctx.repo)) {
      if (node2.type !== "retrieve") continue;
      const allowed = tenant.config?.data.allow.knowledge;
      const collection = ownName(node2.knowledge, tenant.name);
      if (!allowed || collection === void 0 || knowledgeAllowed(collection, allowed)) continue;
      ctx.report(
        wf.at(["nodes", id, "knowledge"]),
        `Knowledge collection "${collection}" is not allowed for tenant "${tenant.name}". ${howToAllow(tenant.name, "knowledge")}`
      );
    }
  }
};

// core/lint/rules/budget.ts
var budget = {
  id: "budget",
  description: "Workflow budgets must not exceed the tenant's max_usd_per_run; sub-workflows and route caps must fit their callers.",
  severity: "error",
  check(ctx) {
    for (const tenant of ctx.repo.tenants.values()) {
      const cap = tenant.config?.data.budget;
      if (cap?.max_usd_per_day !== void 0 && cap.max_usd_per_day < cap.max_usd_per_run) {
        ctx.report(
          tenant.config.at(["budget", "max_usd_per_day"]),
          `max_usd_per_day ($${cap.max_usd_per_day}) is below max_usd_per_run ($${cap.max_usd_per_run}); a single run could exhaust the day. Raise the daily cap or lower the per-run cap.`,
          "warning"
        );
      }
      for (const wf of tenant.all.workflows) {
        const max = wf.data.budget.max_usd;
        if (cap && max > cap.max_usd_per_run) {
          ctx.report(
            wf.at(["budget", "max_usd"]),
            `Budget max_usd $${max} exceeds tenant "${tenant.name}"'s max_usd_per_run $${cap.max_usd_per_run}. Lower it, or raise the tenant cap in tenant.yml (a governance-owner change).`
          );
        }
        for (const [id, node2] of Object.entries(wf.data.nodes)) {
          if (node2.type !== "workflow") continue;
          const name2 = ownName(node2.workflow, tenant.name);
          const sub = name2 === void 0 ? void 0 : tenant.workflows.get(name2);
          if (sub && sub.data.budget.max_usd > max) {
            ctx.report(
              wf.at(["nodes", id, "workflow"]),
              `Sub-workflow "${sub.data.name}" may spend $${sub.data.budget.max_usd}, more than this workflow's whole budget ($${max}); it will be cut short. Raise max_usd or lower the sub-workflow's budget.`,
              "warning"
            );
          }
        }
      }
      const routes = tenant.routes;
      if (routes && cap) {
        for (const [name2, route2] of Object.entries(routes.data.routes)) {
          const perCall = route2.budget?.max_usd_per_call;
          if (perCall !== void 0 && perCall > cap.max_usd_per_run) {
            ctx.report(
              routes.at(["routes", name2, "budget", "max_usd_per_call"]),
              `max_usd_per_call $${perCall} exceeds the tenant's max_usd_per_run $${cap.max_usd_per_run}, so it can never apply.`,
              "warning"
            );
          }
        }
      }
    }
  }
};

// core/lint/rules/cross-tenant.ts
var crossTenant = {
  id: "cross-tenant",
  description: "Workflows and evals may only reference their own tenant; tenant.yml must describe its own directory.",
  severity: "error",
  check(ctx) {
    const foreign = (ref, own, what, at) => {
      const r = splitReference(ref);
      if (r.tenant === void 0 || r.tenant === own) return;
      ctx.report(
        at,
        `${what} "${ref}" belongs to tenant "${r.tenant}". Tenant "${own}" may only use its own ${what.toLowerCase()}s: copy it into tenants/${own}/ (reviewed by ${own}'s approvers) instead.`
      );
    };
    for (const { tenant, wf, id, node: node2 } of workflowNodes(ctx.repo)) {
      const at = (field) => () => wf.at(["nodes", id, field]);
      if (node2.type === "llm") {
        foreign(node2.prompt, tenant.name, "Prompt", at("prompt"));
        foreign(node2.route, tenant.name, "Route", at("route"));
      } else if (node2.type === "retrieve") {
        foreign(node2.knowledge, tenant.name, "Knowledge collection", at("knowledge"));
      } else if (node2.type === "workflow") {
        foreign(node2.workflow, tenant.name, "Workflow", at("workflow"));
      }
    }
    for (const tenant of ctx.repo.tenants.values()) {
      for (const suite of tenant.all.evals) {
        const t = suite.data.target;
        if ("prompt" in t) foreign(t.prompt, tenant.name, "Prompt", () => suite.at(["target", "prompt"]));
        else foreign(t.workflow, tenant.name, "Workflow", () => suite.at(["target", "workflow"]));
        suite.data.routes.forEach((r, i) => {
          foreign(r, tenant.name, "Route", () => suite.at(["routes", i]));
        });
        if (suite.data.grader) {
          foreign(suite.data.grader.route, tenant.name, "Route", () => suite.at(["grader", "route"]));
          const emb = suite.data.grader.embedding_route;
          if (emb !== void 0)
            foreign(emb, tenant.name, "Route", () => suite.at(["grader", "embedding_route"]));
        }
      }
      const config = tenant.config;
      if (config && config.data.name !== tenant.name) {
        ctx.report(
          config.at(["name"]),
          `tenant.yml in ${tenant.dir}/ declares name "${config.data.name}". The tenant is the directory: set name: ${tenant.name}.`
        );
      }
    }
  }
};

// core/lint/rules/cycle.ts
var cycle = {
  id: "cycle",
  description: "Workflow nodes (needs and fallbacks) and sub-workflow calls must not form cycles.",
  severity: "error",
  check(ctx) {
    for (const tenant of ctx.repo.tenants.values()) {
      const calls = new Digraph(tenant.workflows.keys());
      for (const wf of tenant.all.workflows) {
        const { graph } = workflowGraph(wf.data);
        for (const path of graph.cycles()) {
          const [first] = path;
          if (path.length === 2) continue;
          ctx.report(
            wf.at(["nodes", first], true),
            `Cycle in workflow "${wf.data.name}": ${path.join(" → ")}. A workflow is a DAG: remove one of these needs (or fallbacks).`
          );
        }
        for (const node2 of Object.values(wf.data.nodes)) {
          if (node2.type !== "workflow") continue;
          const callee = ownName(node2.workflow, tenant.name);
          if (callee !== void 0 && tenant.workflows.get(wf.data.name) === wf)
            calls.addEdge(wf.data.name, callee);
        }
      }
      for (const path of calls.cycles()) {
        const wf = tenant.workflows.get(path[0]);
        const callerNode = Object.entries(wf.data.nodes).find(
          ([, n]) => n.type === "workflow" && ownName(n.workflow, tenant.name) === path[1]
        );
        ctx.report(
          callerNode ? wf.at(["nodes", callerNode[0], "workflow"]) : wf.loc,
          `Sub-workflow calls form a cycle: ${path.join(" → ")}. A workflow cannot (indirectly) run itself.`
        );
      }
    }
  }
};

// core/lint/rules/duplicate-name.ts
function reportDuplicates(ctx, list, key, what, field) {
  const first = /* @__PURE__ */ new Map();
  for (const e2 of list) {
    const k = key(e2.data);
    const seen = first.get(k);
    if (!seen) {
      first.set(k, e2);
      continue;
    }
    ctx.report(
      e2.at([field]),
      `${what} "${k}" is also declared in ${seen.path}. Names must be unique: rename one of them.`
    );
  }
}
function reportDuplicateValues(ctx, values, locate, what) {
  const seen = /* @__PURE__ */ new Set();
  values.forEach((v, i) => {
    if (seen.has(v)) ctx.report(locate(i), `${what} "${v}" appears more than once. Each must be unique.`);
    seen.add(v);
  });
}
var duplicateName = {
  id: "duplicate-name",
  description: "Workflow, prompt and eval suite names are unique per tenant; tool namespaces, route target ids and case ids are unique.",
  severity: "error",
  check(ctx) {
    const { repo } = ctx;
    reportDuplicates(ctx, repo.allTools, (d) => d.namespace, "Tool namespace", "namespace");
    for (const pair of [
      ["charter.yml", "charter.yaml"],
      ["models.yml", "models.yaml"]
    ]) {
      if (repo.allPaths.has(pair[0]) && repo.allPaths.has(pair[1])) {
        ctx.report(
          { file: pair[1], line: 1, column: 1 },
          `Both ${pair[0]} and ${pair[1]} exist; only ${pair[0]} is read. Delete one.`
        );
      }
    }
    for (const tenant of repo.tenants.values()) {
      reportDuplicates(ctx, tenant.all.workflows, (d) => d.name, "Workflow", "name");
      reportDuplicates(ctx, tenant.all.prompts, (d) => d.name, "Prompt", "name");
      reportDuplicates(ctx, tenant.all.evals, (d) => d.name, "Eval suite", "name");
      const routes = tenant.routes;
      if (routes) {
        for (const [name2, route2] of Object.entries(routes.data.routes)) {
          reportDuplicateValues(
            ctx,
            route2.targets.map((t) => t.id ?? t.model),
            (i) => routes.at(["routes", name2, "targets", i]),
            `Target id in route "${name2}"`
          );
        }
      }
      for (const suite of tenant.all.evals) {
        reportDuplicateValues(
          ctx,
          suite.data.cases.map((c) => c.id),
          (i) => suite.at(["cases", i, "id"]),
          "Case id"
        );
      }
    }
  }
};

// core/lint/rules/eval-suite.ts
var NEEDS_VALUE = /* @__PURE__ */ new Set([
  "equals",
  "contains",
  "icontains",
  "contains-any",
  "contains-all",
  "regex",
  "starts-with",
  "llm-rubric",
  "similar"
]);
var NEEDS_THRESHOLD = /* @__PURE__ */ new Set(["cost", "latency"]);
var baseType = (t) => t.replace(/^not-/, "");
var evalSuite = {
  id: "eval-suite",
  description: "Eval suites can run: prompt targets name routes, graded assertions have a grader, assertions have the values they need, k-of-n is possible.",
  severity: "error",
  check(ctx) {
    for (const tenant of ctx.repo.tenants.values()) {
      for (const suite of tenant.all.evals) {
        const d = suite.data;
        const promptTarget = "prompt" in d.target;
        if (promptTarget && d.routes.length === 0) {
          ctx.report(
            suite.at(["target"]),
            `Suite "${d.name}" evaluates a prompt but names no route to run it on. Add routes: [ROUTE].`
          );
        }
        if (d.min_pass !== void 0 && d.min_pass > d.repeat) {
          ctx.report(
            suite.at(["min_pass"]),
            `min_pass (${d.min_pass}) is more than repeat (${d.repeat}); no case could ever pass.`
          );
        }
        const check2 = (a, path) => {
          const t = baseType(a.type);
          if (NEEDS_VALUE.has(t) && a.value === void 0) {
            ctx.report(suite.at(path), `Assertion ${a.type} needs a value to compare against. Add value: ….`);
          }
          if (NEEDS_THRESHOLD.has(t) && a.threshold === void 0) {
            ctx.report(
              suite.at(path),
              `Assertion ${a.type} needs a threshold (${t === "cost" ? "USD" : "milliseconds"}).`
            );
          }
          if (t === "regex" && typeof a.value === "string") {
            try {
              new RegExp(a.value);
            } catch (e2) {
              ctx.report(
                suite.at([...path, "value"]),
                `Invalid regular expression: ${e2.message}.`
              );
            }
          }
          if (t === "llm-rubric" && !d.grader) {
            ctx.report(
              suite.at(path),
              "llm-rubric needs a grader: add grader: { route: ROUTE } to the suite."
            );
          }
          if (t === "similar" && !d.grader?.embedding_route) {
            ctx.report(
              suite.at(path),
              "similar needs an embedding model: add grader.embedding_route to the suite."
            );
          }
          if (t === "json-schema" && a.value === void 0 && !promptTarget) {
            ctx.report(
              suite.at(path),
              "json-schema without a value uses the prompt's output schema, but this suite targets a workflow. Give the schema as value."
            );
          }
        };
        (d.defaults?.assert ?? []).forEach((a, i) => {
          check2(a, ["defaults", "assert", i]);
        });
        const shared = d.defaults?.assert.length ?? 0;
        d.cases.forEach((c, i) => {
          c.assert.forEach((a, j) => {
            check2(a, ["cases", i, "assert", j]);
          });
          if (c.assert.length + shared === 0) {
            ctx.report(
              suite.at(["cases", i, "id"]),
              `Case "${c.id}" asserts nothing, so it can never fail. Add assertions.`,
              "warning"
            );
          }
          if (promptTarget && Object.keys(c.inputs).length > 0) {
            ctx.report(
              suite.at(["cases", i, "inputs"], true),
              `Case "${c.id}" targets a prompt: use vars, not inputs.`
            );
          }
          if (!promptTarget && Object.keys(c.vars).length > 0) {
            ctx.report(
              suite.at(["cases", i, "vars"], true),
              `Case "${c.id}" targets a workflow: use inputs, not vars.`
            );
          }
        });
      }
    }
  }
};

// core/expressions/parse.ts
import { Lexer, Parser } from "@actions/expressions";

// core/expressions/references.ts
import {
  ContextAccess,
  IndexAccess,
  Literal,
  Star
} from "@actions/expressions/ast";
import { Kind } from "@actions/expressions/data/expressiondata";
var Collector = class {
  references = [];
  functions = [];
  visitLiteral(_) {
  }
  visitUnary(u) {
    u.expr.accept(this);
  }
  visitBinary(b) {
    b.left.accept(this);
    b.right.accept(this);
  }
  visitLogical(l) {
    for (const a of l.args) a.accept(this);
  }
  visitGrouping(g) {
    g.group.accept(this);
  }
  visitContextAccess(c) {
    this.references.push({ path: [c.name.lexeme], open: false, column: c.name.range.start.column });
  }
  visitIndexAccess(ia) {
    const chain = [];
    let node2 = ia;
    while (isIndexAccess(node2)) {
      chain.unshift(node2.index);
      node2 = node2.expr;
    }
    if (!isContextAccess(node2)) {
      node2.accept(this);
      for (const idx of chain) if (!isStar(idx)) idx.accept(this);
      return;
    }
    const ref = { path: [node2.name.lexeme], open: false, column: node2.name.range.start.column };
    let literalPrefix = true;
    for (const idx of chain) {
      if (literalPrefix && isLiteral(idx) && (idx.literal.kind === Kind.String || idx.literal.kind === Kind.Number)) {
        const v = idx.literal.value;
        ref.path.push(idx.literal.kind === Kind.String ? String(v) : Number(v));
      } else {
        literalPrefix = false;
        ref.open = true;
        if (!isStar(idx)) idx.accept(this);
      }
    }
    this.references.push(ref);
  }
  visitFunctionCall(f) {
    this.functions.push({ name: f.functionName.lexeme, column: f.functionName.range.start.column });
    for (const a of f.args) a.accept(this);
  }
};
function isIndexAccess(e2) {
  return e2 instanceof IndexAccess;
}
function isContextAccess(e2) {
  return e2 instanceof ContextAccess;
}
function isStar(e2) {
  return e2 instanceof Star;
}
function isLiteral(e2) {
  return e2 instanceof Literal;
}
function collectReferences(ast) {
  const c = new Collector();
  ast.accept(c);
  return { references: c.references, functions: c.functions };
}

// core/expressions/parse.ts
var ALL_CONTEXTS = ["inputs", "nodes", "run", "item", "index", "output", "request"];
var cache = /* @__PURE__ */ new Map();
var CACHE_LIMIT = 5e4;
function parseExpression(source) {
  const hit = cache.get(source);
  if (hit) return hit;
  let result;
  try {
    const { tokens } = new Lexer(source).lex();
    const ast = new Parser(tokens, ALL_CONTEXTS, []).parse();
    result = { ast, ...collectReferences(ast) };
  } catch (error) {
    const e2 = error;
    const message2 = cleanMessage(e2.message, source);
    result = { error: { message: message2, column: e2.tok?.range?.start.column ?? 0 }, references: [], functions: [] };
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(source, result);
  return result;
}
function cleanMessage(message2, source) {
  if (source.trim() === "") return "Empty expression: write something between ${{ and }}";
  return message2.replace(/\. Located at position \d+ within expression: .*$/s, "");
}

// core/expressions/template.ts
var OPEN = "${{";
function splitTemplate(s) {
  const parts = [];
  let i = 0;
  while (i < s.length) {
    const open = s.indexOf(OPEN, i);
    if (open < 0) {
      parts.push({ kind: "text", text: s.slice(i) });
      break;
    }
    if (open > i) parts.push({ kind: "text", text: s.slice(i, open) });
    let j = open + OPEN.length;
    let inString = false;
    let close = -1;
    while (j < s.length) {
      const c = s[j];
      if (inString) {
        if (c === "'") {
          if (s[j + 1] === "'") j++;
          else inString = false;
        }
      } else if (c === "'") {
        inString = true;
      } else if (c === "}" && s[j + 1] === "}") {
        close = j;
        break;
      }
      j++;
    }
    if (close < 0) return { parts, unclosedAt: open };
    parts.push({ kind: "expr", source: s.slice(open + OPEN.length, close), offset: open + OPEN.length });
    i = close + 2;
  }
  return { parts };
}
function soleExpression(split) {
  const meaningful = split.parts.filter((p) => p.kind === "expr" || p.text.trim() !== "");
  const only = meaningful[0];
  return meaningful.length === 1 && only?.kind === "expr" ? only : void 0;
}

// core/lint/analysis/expression-sites.ts
var BASE_CONTEXTS = ["inputs", "nodes", "run"];
var CONTEXT_SETS = /* @__PURE__ */ new Map();
function contexts(withItem, extra) {
  const key = `${withItem}:${extra.join(",")}`;
  let set = CONTEXT_SETS.get(key);
  if (!set) {
    set = /* @__PURE__ */ new Set([...BASE_CONTEXTS, ...withItem ? ["item", "index"] : [], ...extra]);
    CONTEXT_SETS.set(key, set);
  }
  return set;
}
function collectExpressionSites(repo) {
  const sites = [];
  const unclosed = [];
  const visitString = (s, path, file, base, implicit) => {
    let split = splitTemplate(s);
    let isImplicit = false;
    if (implicit && !s.includes("${{")) {
      split = { parts: [{ kind: "expr", source: s, offset: 0 }] };
      isImplicit = true;
    }
    if (split.unclosedAt !== void 0) unclosed.push({ file, path });
    const sole = soleExpression(split) !== void 0;
    for (const part of split.parts) {
      if (part.kind !== "expr") continue;
      const parsed = parseExpression(part.source);
      sites.push({
        tenant: base.tenant,
        scope: base.scope,
        workflow: base.workflow,
        node: base.node,
        field: base.field,
        file,
        path,
        source: part.source,
        parsed,
        references: parsed.references,
        functions: parsed.functions,
        sole,
        implicit: isImplicit
      });
    }
  };
  const walk = (value2, path, file, base, implicit = false) => {
    if (typeof value2 === "string") {
      if (implicit || value2.includes("${{")) visitString(value2, path, file, base, implicit);
    } else if (Array.isArray(value2)) {
      value2.forEach((v, i) => {
        walk(v, [...path, i], file, base);
      });
    } else if (value2 !== null && typeof value2 === "object") {
      for (const [k, v] of Object.entries(value2)) walk(v, [...path, k], file, base);
    }
  };
  for (const tenant of repo.tenants.values()) {
    for (const wf of tenant.all.workflows) {
      const data2 = wf.data;
      const { graph } = workflowGraph(data2);
      const allNodes2 = new Set(Object.keys(data2.nodes));
      const inputs2 = new Set(Object.keys(data2.inputs));
      for (const [id, node2] of Object.entries(data2.nodes)) {
        const upstream = graph.ancestors(id);
        const fanOut = node2.for_each !== void 0;
        const scopeFor = (field, extra = [], withItem = fanOut) => ({
          contexts: contexts(withItem, extra),
          nodes: upstream,
          node: id,
          inputs: inputs2,
          where: `the ${field} of node "${id}"`
        });
        const base = (field, scope) => ({
          tenant: tenant.name,
          scope,
          workflow: wf,
          node: id,
          field
        });
        const at = (...rest) => ["nodes", id, ...rest];
        if (node2.if !== void 0)
          walk(node2.if, at("if"), wf.file, base("if", scopeFor("`if`", [], false)), true);
        if (node2.for_each !== void 0) {
          walk(
            node2.for_each,
            at("for_each"),
            wf.file,
            base("for_each", scopeFor("`for_each`", [], false)),
            true
          );
        }
        if (node2.on_error?.default !== void 0) {
          walk(
            node2.on_error.default,
            at("on_error", "default"),
            wf.file,
            base("on_error", scopeFor("`on_error.default`"))
          );
        }
        node2.checks.forEach((check2, i) => {
          if (check2.value === void 0) return;
          const scope = scopeFor("check", ["output"]);
          walk(
            check2.value,
            at("checks", i, "value"),
            wf.file,
            base("check", scope),
            check2.type === "expression"
          );
        });
        switch (node2.type) {
          case "llm":
          case "tool":
          case "workflow":
            walk(node2.with, at("with"), wf.file, base("with", scopeFor("`with`")));
            if (node2.type === "tool" && node2.idempotency_key !== void 0) {
              walk(
                node2.idempotency_key,
                at("idempotency_key"),
                wf.file,
                base("idempotency_key", scopeFor("`idempotency_key`"))
              );
            }
            break;
          case "transform":
            walk(node2.value, at("value"), wf.file, base("value", scopeFor("`value`")));
            break;
          case "retrieve":
            walk(node2.query, at("query"), wf.file, base("query", scopeFor("`query`")));
            break;
          case "approval":
            if (node2.message !== void 0)
              walk(node2.message, at("message"), wf.file, base("message", scopeFor("`message`")));
            break;
        }
      }
      const outScope = {
        contexts: contexts(false, []),
        nodes: allNodes2,
        inputs: inputs2,
        where: "the workflow outputs"
      };
      walk(data2.outputs, ["outputs"], wf.file, {
        tenant: tenant.name,
        scope: outScope,
        workflow: wf,
        field: "outputs"
      });
    }
    const routes = tenant.routes;
    if (routes) {
      for (const [name2, route2] of Object.entries(routes.data.routes)) {
        route2.conditions.forEach((c, i) => {
          const scope = { contexts: /* @__PURE__ */ new Set(["request"]), where: `a condition of route "${name2}"` };
          walk(
            c.if,
            ["routes", name2, "conditions", i, "if"],
            routes.file,
            { tenant: tenant.name, scope, field: "condition" },
            true
          );
        });
      }
    }
    for (const suite of tenant.all.evals) {
      const visitAssertions = (list, prefix) => {
        list.forEach((a, i) => {
          if (a.transform === void 0) return;
          const scope = { contexts: /* @__PURE__ */ new Set(["output"]), where: "an assertion's `transform`" };
          walk(
            a.transform,
            [...prefix, i, "transform"],
            suite.file,
            { tenant: tenant.name, scope, field: "transform" },
            true
          );
        });
      };
      visitAssertions(suite.data.defaults?.assert ?? [], ["defaults", "assert"]);
      suite.data.cases.forEach((c, i) => {
        visitAssertions(c.assert, ["cases", i, "assert"]);
      });
    }
  }
  return { sites, unclosed };
}
function sitePosition(site, column = 0) {
  const { node: node2 } = site.file.nodeAt(site.path);
  const range = node2?.range;
  if (!range) return site.file.locate(site.path);
  const raw = site.file.text.slice(range[0], range[1]);
  const idx = site.source.trim() ? raw.indexOf(site.source) : -1;
  const offset = idx >= 0 ? range[0] + idx + column : range[0];
  const start = site.file.positionAt(offset);
  return idx >= 0 ? { ...start, ...endOf(site.file, range[0] + idx + site.source.length) } : site.file.locate(site.path);
}
function endOf(file, offset) {
  const p = file.positionAt(offset);
  return { endLine: p.line, endColumn: p.column };
}

// core/lint/analysis/scope.ts
var NODE_FIELDS = ["output", "status", "error"];
var RUN_FIELDS = ["id", "workflow", "version", "tenant", "started_at"];

// core/lint/rules/expression.ts
var REQUEST_FIELDS = [
  "input_tokens",
  "max_tokens",
  "prompt",
  "workflow",
  "node",
  "tenant",
  "metadata"
];
var CONTEXT_HELP = {
  item: "item and index exist only in nodes with for_each (and not in their if or for_each)",
  index: "item and index exist only in nodes with for_each (and not in their if or for_each)",
  output: "output exists only in checks and assertion transforms",
  request: "request exists only in route conditions",
  inputs: "inputs exists only in workflows",
  nodes: "nodes exists only in workflows",
  run: "run exists only in workflows"
};
var expression2 = {
  id: "expression",
  description: "Expressions must parse, use only the contexts available where they are written, and read only upstream nodes and declared inputs.",
  severity: "error",
  check(ctx) {
    for (const u of ctx.analysis.unclosed) {
      ctx.report(u.file.locate(u.path), "Unclosed ${{ expression: add the closing }}.");
    }
    for (const site of ctx.analysis.sites) checkSite(ctx, site);
  }
};
function checkSite(ctx, site) {
  if (site.parsed.error) {
    const unknown2 = /^Unrecognized named-value: '([^']*)'/.exec(site.parsed.error.message)?.[1];
    if (unknown2 !== void 0) {
      ctx.report(
        sitePosition(site, site.parsed.error.column),
        `"${unknown2}" is not a context. Available in ${site.scope.where}: ${formatList([...site.scope.contexts].sort(), false)}.${suggestion(unknown2, site.scope.contexts)}`
      );
      return;
    }
    ctx.report(
      sitePosition(site, site.parsed.error.column),
      `Invalid expression in ${site.scope.where}: ${site.parsed.error.message}.`
    );
    return;
  }
  const { scope } = site;
  for (const ref of site.references) {
    const at = () => sitePosition(site, ref.column);
    const [root, first, second] = ref.path;
    if (!scope.contexts.has(root)) {
      const help = CONTEXT_HELP[root];
      ctx.report(
        at(),
        `"${root}" is not available in ${scope.where}${help ? `: ${help}` : ""}. Available here: ${formatList([...scope.contexts].sort(), false)}.`
      );
      continue;
    }
    switch (root) {
      case "nodes": {
        if (first === void 0) {
          ctx.report(
            at(),
            `Read a specific node (nodes.NAME.output), not the whole nodes context, in ${scope.where}.`
          );
          break;
        }
        const id = String(first);
        if (site.workflow?.wasDropped("nodes", id)) break;
        const wf = site.workflow?.data;
        if (!wf || !Object.hasOwn(wf.nodes, id)) {
          ctx.report(
            at(),
            `Unknown node "${id}" in ${scope.where}.${suggestion(id, wf ? [...Object.keys(wf.nodes), ...site.workflow?.dropped.get("nodes") ?? []] : [])}`
          );
          break;
        }
        if (id === scope.node) {
          ctx.report(at(), `Node "${id}" cannot read its own result in ${scope.where}.`);
          break;
        }
        if (scope.nodes && !scope.nodes.has(id)) {
          ctx.report(
            at(),
            `Node "${id}" is not upstream of "${scope.node}", so its result may not exist yet. Add "${id}" to the needs of "${scope.node}".`
          );
          break;
        }
        if (second !== void 0 && !NODE_FIELDS.includes(String(second))) {
          ctx.report(
            at(),
            `nodes.${id}.${String(second)} does not exist: a node has ${formatList(NODE_FIELDS)}.${suggestion(String(second), NODE_FIELDS)}`
          );
        }
        break;
      }
      case "inputs": {
        if (first === void 0 || !scope.inputs) break;
        const name2 = String(first);
        if (!scope.inputs.has(name2)) {
          ctx.report(
            at(),
            `Input "${name2}" is not declared by workflow "${site.workflow?.data.name}". Declare it under inputs.${suggestion(name2, scope.inputs)}`
          );
        }
        break;
      }
      case "run":
        if (first !== void 0 && !RUN_FIELDS.includes(String(first))) {
          ctx.report(
            at(),
            `run.${String(first)} does not exist: run has ${formatList(RUN_FIELDS)}.${suggestion(String(first), RUN_FIELDS)}`
          );
        }
        break;
      case "request":
        if (first !== void 0 && !REQUEST_FIELDS.includes(String(first))) {
          ctx.report(
            at(),
            `request.${String(first)} does not exist: request has ${formatList(REQUEST_FIELDS)}.${suggestion(String(first), REQUEST_FIELDS)}`
          );
        }
        break;
      default:
        break;
    }
  }
}

// core/lint/rules/inputs.ts
function requiredInputs(wf) {
  return Object.entries(wf.inputs).filter(([, schema]) => !Object.hasOwn(schema, "default")).map(([name2]) => name2);
}
function checkInputs(ctx, target2, provided, locate, caller) {
  const declared = Object.keys(target2.inputs);
  for (const key of Object.keys(provided)) {
    if (!Object.hasOwn(target2.inputs, key)) {
      ctx.report(
        locate(key),
        `${caller} passes "${key}", which workflow "${target2.name}" does not declare as an input.${suggestion(key, declared)}`
      );
    }
  }
  const missing = requiredInputs(target2).filter((k) => !Object.hasOwn(provided, k));
  if (missing.length > 0) {
    ctx.report(
      locate(),
      `${caller} does not pass required input${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} of workflow "${target2.name}".`
    );
  }
}
var inputs = {
  id: "inputs",
  description: "Sub-workflow calls and workflow eval cases pass every required input and only declared inputs.",
  severity: "error",
  check(ctx) {
    for (const tenant of ctx.repo.tenants.values()) {
      for (const wf of tenant.all.workflows) {
        for (const [id, node2] of Object.entries(wf.data.nodes)) {
          if (node2.type !== "workflow") continue;
          const name2 = ownName(node2.workflow, tenant.name);
          const target2 = name2 === void 0 ? void 0 : tenant.workflows.get(name2);
          if (!target2) continue;
          checkInputs(
            ctx,
            target2.data,
            node2.with,
            (key) => key === void 0 ? wf.at(["nodes", id], true) : wf.at(["nodes", id, "with", key], true),
            `Node "${id}"`
          );
        }
      }
      for (const suite of tenant.all.evals) {
        if (!("workflow" in suite.data.target)) continue;
        const name2 = ownName(suite.data.target.workflow, tenant.name);
        const target2 = name2 === void 0 ? void 0 : tenant.workflows.get(name2);
        if (!target2) continue;
        suite.data.cases.forEach((c, i) => {
          checkInputs(
            ctx,
            target2.data,
            c.inputs,
            (key) => key === void 0 ? suite.at(["cases", i, "id"]) : suite.at(["cases", i, "inputs", key], true),
            `Case "${c.id}"`
          );
        });
      }
    }
  }
};

// core/lint/rules/route-strategy.ts
var routeStrategy = {
  id: "route-strategy",
  description: "Conditional routes have conditions; conditions and weights are only given where the strategy uses them.",
  severity: "warning",
  check(ctx) {
    for (const tenant of ctx.repo.tenants.values()) {
      const routes = tenant.routes;
      if (!routes) continue;
      for (const [name2, route2] of Object.entries(routes.data.routes)) {
        if (route2.strategy === "conditional" && route2.conditions.length === 0) {
          ctx.report(
            routes.at(["routes", name2, "strategy"]),
            `Route "${name2}" is conditional but has no conditions, so it always uses its first target. Add conditions or use strategy: fallback.`
          );
        }
        if (route2.strategy !== "conditional" && route2.conditions.length > 0) {
          ctx.report(
            routes.at(["routes", name2, "conditions"], true),
            `Route "${name2}" has conditions, but they are ignored unless strategy is conditional.`
          );
        }
        if (route2.strategy === "weighted" && route2.targets.length < 2) {
          ctx.report(
            routes.at(["routes", name2, "strategy"]),
            `Route "${name2}" is weighted but has a single target.`,
            "info"
          );
        }
      }
    }
  }
};

// core/lint/rules/secret.ts
var PATTERNS = [
  { name: "Anthropic API key", re: /\bsk-ant-[A-Za-z0-9_-]{20,}/ },
  { name: "OpenAI API key", re: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/ },
  { name: "GitHub token", re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/ },
  { name: "AWS access key id", re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: "Slack token", re: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { name: "Google API key", re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: "Stripe secret key", re: /\b(?:sk|rk)_live_[0-9A-Za-z]{20,}/ },
  {
    name: "private key",
    re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/
  },
  { name: "JSON Web Token", re: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  { name: "password in a URL", re: /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@'"]+:[^/\s:@'"]{3,}@/ }
];
var COMBINED = new RegExp(PATTERNS.map((p) => `(${p.re.source})`).join("|"), "g");
var SECRET_KEY = /^[ \t-]*["']?(password|passwd|secret|client_secret|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|auth[_-]?token|access[_-]?token|token|bearer)["']?[ \t]*:[ \t]*(["']?)([^\s#"'][^#\n]*?)\2[ \t]*(?:#.*)?$/gim;
function redact(s) {
  return s.length <= 8 ? "****" : `${s.slice(0, 4)}…${"*".repeat(4)}`;
}
function scanText(ctx, file, text, positionAt, isYaml) {
  const fix = isYaml ? "Remove it, rotate it now (it is in git history), and read it from an environment variable (e.g. api_key_env, token_env)." : "Remove it from the knowledge document and rotate it now: retrieved text is sent to models and stays in git history.";
  for (const m of text.matchAll(COMBINED)) {
    const index = m.slice(1).findIndex((g) => g !== void 0);
    const kind = PATTERNS[index]?.name ?? "credential";
    const article = /^[aeiou]/i.test(kind) ? "an" : "a";
    ctx.report(
      { file, ...positionAt(m.index) },
      `Looks like ${article} ${kind} (${redact(m[0])}) committed in ${file}. ${fix}`
    );
  }
  if (!isYaml) return;
  for (const m of text.matchAll(SECRET_KEY)) {
    const value2 = m[3].trim();
    if (/^(null|~|""|''|true|false)$/i.test(value2) || value2.includes("${{") || /^[A-Z_][A-Z0-9_]*$/.test(value2))
      continue;
    const keyOffset = m.index + m[0].indexOf(m[1]);
    ctx.report(
      { file, ...positionAt(keyOffset) },
      `"${m[1]}" holds a literal value (${redact(value2)}). Credentials never go in governed files: ${fix}`
    );
  }
}
var secret = {
  id: "secret",
  description: "No credentials in governed files or knowledge documents (API keys, tokens, private keys, passwords).",
  severity: "error",
  async check(ctx) {
    for (const file of ctx.repo.files.values()) {
      scanText(ctx, file.path, file.text, (o) => file.positionAt(o), true);
    }
    const docs = [...ctx.repo.tenants.values()].flatMap(
      (t) => [...t.knowledge.values()].flat().map((d) => d.path)
    );
    if (docs.length === 0) return;
    const contents = await ctx.repo.source.readMany(docs);
    for (const [path, bytes] of contents) {
      const text = bytes.toString("utf8");
      const lineStarts = [0];
      for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
      const positionAt = (offset) => {
        let lo = 0;
        let hi = lineStarts.length - 1;
        while (lo < hi) {
          const mid = lo + hi + 1 >> 1;
          if (lineStarts[mid] <= offset) lo = mid;
          else hi = mid - 1;
        }
        return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
      };
      scanText(ctx, path, text, positionAt, false);
    }
  }
};

// core/template/parse.ts
var NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
var SEGMENT = /^(?:[A-Za-z_][A-Za-z0-9_]*|\d+)$/;
function parseRef(raw) {
  const source = raw.trim();
  if (source === ".") return { relative: true, path: [], source };
  if (source.startsWith(".")) {
    const segs2 = source.slice(1).split(".");
    return segs2.every((s) => SEGMENT.test(s)) ? { relative: true, path: segs2, source } : void 0;
  }
  const segs = source.split(".");
  return NAME.test(segs[0] ?? "") && segs.slice(1).every((s) => SEGMENT.test(s)) ? { relative: false, path: segs, source } : void 0;
}
function parseTemplate(text) {
  const errors = [];
  const root = [];
  const stack = [];
  const out = () => stack[stack.length - 1]?.node.children ?? root;
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("{{", i);
    if (open < 0) {
      out().push({ type: "text", text: text.slice(i) });
      break;
    }
    if (open > i) out().push({ type: "text", text: text.slice(i, open) });
    const close = text.indexOf("}}", open + 2);
    if (close < 0) {
      errors.push({ message: "Unclosed {{ tag: add }}.", offset: open });
      break;
    }
    const inner = text.slice(open + 2, close);
    i = close + 2;
    const sigil = inner.trimStart()[0];
    if (sigil === "!") continue;
    if (sigil === "#" || sigil === "^" || sigil === "/") {
      const body = inner.trimStart().slice(1);
      const ref2 = parseRef(body);
      if (!ref2) {
        errors.push({ message: `"${body.trim()}" is not a variable name.`, offset: open });
        continue;
      }
      if (sigil === "/") {
        const top = stack.pop();
        if (!top) {
          errors.push({
            message: `{{/${ref2.source}}} closes a section that was never opened.`,
            offset: open
          });
        } else if (top.node.ref.source !== ref2.source) {
          errors.push({
            message: `{{/${ref2.source}}} closes {{#${top.node.ref.source}}}; close sections in the order they were opened.`,
            offset: open
          });
        }
        continue;
      }
      const node2 = {
        type: "section",
        ref: ref2,
        inverted: sigil === "^",
        children: [],
        offset: open
      };
      out().push(node2);
      stack.push({ node: node2, offset: open });
      continue;
    }
    if (sigil === "{" || sigil === "&" || sigil === ">" || sigil === "=") {
      errors.push({
        message: `{{${sigil} tags are not supported: values are inserted as they are, and partials or delimiters cannot be changed.`,
        offset: open
      });
      continue;
    }
    const ref = parseRef(inner);
    if (!ref) {
      errors.push({
        message: `"${inner.trim()}" is not a variable reference. Use {{ name }}, {{ name.field }} or, in a section, {{ . }}.`,
        offset: open
      });
      continue;
    }
    out().push({ type: "var", ref, offset: open });
  }
  for (const open of stack) {
    errors.push({
      message: `Section {{#${open.node.ref.source}}} is never closed: add {{/${open.node.ref.source}}}.`,
      offset: open.offset
    });
  }
  return { nodes: root, errors };
}
function usedVariables(nodes) {
  const used = [];
  const walk = (list, inSection) => {
    for (const n of list) {
      if (n.type === "text") continue;
      if (!n.ref.relative) used.push({ name: n.ref.path[0], offset: n.offset });
      if (n.type === "section") walk(n.children, true);
    }
    void inSection;
  };
  walk(nodes, false);
  return used;
}
function strayRelativeRefs(nodes) {
  return nodes.flatMap(
    (n) => n.type !== "text" && n.ref.relative ? [{ source: n.ref.source, offset: n.offset }] : []
  );
}

// core/lint/analysis/prompt-templates.ts
var memo2 = /* @__PURE__ */ new WeakMap();
function promptTemplates(prompt) {
  let parsed = memo2.get(prompt);
  if (!parsed) {
    parsed = prompt.messages.map((m) => parseTemplate(m.content));
    memo2.set(prompt, parsed);
  }
  return parsed;
}

// core/lint/rules/template.ts
var template = {
  id: "template",
  description: "Prompt messages must be valid templates ({{ name }}, {{#name}}…{{/name}}, {{ . }} inside sections).",
  severity: "error",
  check(ctx) {
    for (const tenant of ctx.repo.tenants.values()) {
      for (const prompt of tenant.all.prompts) {
        promptTemplates(prompt.data).forEach((parsed, i) => {
          const content2 = prompt.data.messages[i].content;
          const path = ["messages", i, "content"];
          for (const e2 of parsed.errors) {
            ctx.report(
              prompt.file.locateInString(path, e2.offset, content2.slice(e2.offset, e2.offset + 20)),
              e2.message
            );
          }
          for (const r of strayRelativeRefs(parsed.nodes)) {
            ctx.report(
              prompt.file.locateInString(path, r.offset, content2.slice(r.offset, r.offset + 20)),
              `{{ ${r.source} }} refers to the current section element, but it is outside any section.`
            );
          }
        });
      }
    }
  }
};
var templateVars = {
  id: "template-vars",
  description: "Prompts use only declared variables; callers (llm nodes, eval cases) provide every required variable and nothing undeclared.",
  severity: "error",
  check(ctx) {
    for (const tenant of ctx.repo.tenants.values()) {
      for (const prompt of tenant.all.prompts) {
        const declared = Object.keys(prompt.data.variables);
        const used = /* @__PURE__ */ new Set();
        promptTemplates(prompt.data).forEach((parsed, i) => {
          const content2 = prompt.data.messages[i].content;
          for (const v of usedVariables(parsed.nodes)) {
            used.add(v.name);
            if (Object.hasOwn(prompt.data.variables, v.name)) continue;
            ctx.report(
              prompt.file.locateInString(
                ["messages", i, "content"],
                v.offset,
                content2.slice(v.offset, v.offset + 20)
              ),
              `Variable "${v.name}" is used but not declared. Declare it under variables.${suggestion(v.name, declared)}`
            );
          }
        });
        for (const name2 of declared) {
          if (!used.has(name2)) {
            ctx.report(
              prompt.at(["variables", name2], true),
              `Variable "${name2}" is declared but no message uses it. Use it or remove it.`,
              "warning"
            );
          }
        }
      }
      const checkCall = (promptRef, provided, locate, caller) => {
        const name2 = ownName(promptRef, tenant.name);
        const prompt = name2 === void 0 ? void 0 : tenant.prompts.get(name2);
        if (!prompt) return;
        const vars = prompt.data.variables;
        for (const key of Object.keys(provided)) {
          if (!Object.hasOwn(vars, key)) {
            ctx.report(
              locate(key),
              `${caller} provides "${key}", which prompt "${prompt.data.name}" does not declare.${suggestion(key, Object.keys(vars))}`
            );
          }
        }
        const missing = Object.entries(vars).filter(([k, v]) => v.required && !Object.hasOwn(provided, k)).map(([k]) => k);
        if (missing.length > 0) {
          ctx.report(
            locate(),
            `${caller} does not provide required variable${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} of prompt "${prompt.data.name}".`
          );
        }
      };
      for (const wf of tenant.all.workflows) {
        for (const [id, node2] of Object.entries(wf.data.nodes)) {
          if (node2.type !== "llm") continue;
          checkCall(
            node2.prompt,
            node2.with,
            (key) => key === void 0 ? wf.at(["nodes", id, Object.keys(node2.with).length ? "with" : "prompt"], true) : wf.at(["nodes", id, "with", key], true),
            `Node "${id}"`
          );
        }
      }
      for (const suite of tenant.all.evals) {
        if (!("prompt" in suite.data.target)) continue;
        const promptRef = suite.data.target.prompt;
        suite.data.cases.forEach((c, i) => {
          checkCall(
            promptRef,
            c.vars,
            (key) => key === void 0 ? suite.at(["cases", i, "id"]) : suite.at(["cases", i, "vars", key], true),
            `Case "${c.id}"`
          );
        });
      }
    }
  }
};

// core/expressions/evaluate.ts
import { data, Evaluator } from "@actions/expressions";
import { truthy } from "@actions/expressions/result";
var MAX_DEPTH = 64;
var ExpressionEvalError = class extends Error {
  name = "ExpressionEvalError";
};
function toData(value2, depth = 0) {
  if (depth > MAX_DEPTH) throw new ExpressionEvalError("Value is nested too deeply to use in an expression.");
  if (value2 === null || value2 === void 0) return new data.Null();
  if (typeof value2 === "string") return new data.StringData(value2);
  if (typeof value2 === "number") return new data.NumberData(value2);
  if (typeof value2 === "boolean") return new data.BooleanData(value2);
  if (Array.isArray(value2)) return new data.Array(...value2.map((v) => toData(v, depth + 1)));
  if (typeof value2 === "object") {
    const dict = new data.Dictionary();
    for (const key of Object.keys(value2))
      dict.add(key, toData(value2[key], depth + 1));
    return dict;
  }
  return new data.Null();
}
function fromData(d) {
  switch (d.kind) {
    case data.Kind.Null:
      return null;
    case data.Kind.String:
    case data.Kind.Number:
    case data.Kind.Boolean:
      return d.value;
    case data.Kind.Array:
      return d.values().map(fromData);
    default: {
      const out = {};
      for (const { key, value: value2 } of d.pairs()) out[key] = fromData(value2);
      return out;
    }
  }
}
function evaluateAst(ast, context) {
  return fromData(new Evaluator(ast, toData(context)).evaluate());
}
function isTruthy(value2) {
  return truthy(toData(value2));
}

// core/lint/rules/unreachable-node.ts
var unreachableNode = {
  id: "unreachable-node",
  description: "Nodes whose `if` is always false or whose `for_each` is always empty can never run.",
  severity: "error",
  check(ctx) {
    for (const { wf, id, node: node2 } of workflowNodes(ctx.repo)) {
      if (node2.if === false) {
        ctx.report(
          wf.at(["nodes", id, "if"]),
          `Node "${id}" can never run: its if is false. Remove the node or the condition.`
        );
      }
    }
    for (const site of ctx.analysis.sites) {
      if (!site.workflow || !site.node || !site.parsed.ast || site.references.length > 0) continue;
      if (site.field !== "if" && site.field !== "for_each") continue;
      if (!site.sole && !site.implicit) continue;
      let value2;
      try {
        value2 = evaluateAst(site.parsed.ast, {});
      } catch {
        continue;
      }
      const at = site.workflow.at(["nodes", site.node, site.field]);
      if (site.field === "if" && !isTruthy(value2)) {
        ctx.report(
          at,
          `Node "${site.node}" can never run: its if is always false (${site.source.trim()}). Fix the condition or remove the node.`
        );
      } else if (site.field === "for_each") {
        if (Array.isArray(value2) && value2.length === 0) {
          ctx.report(at, `Node "${site.node}" can never run: its for_each is always an empty list.`);
        } else if (!Array.isArray(value2)) {
          ctx.report(
            at,
            `for_each of node "${site.node}" must be a list; ${site.source.trim()} is ${JSON.stringify(value2)}.`
          );
        }
      }
    }
  }
};

// core/text/semver.ts
function compareSemver(a, b) {
  const parse = (v) => {
    const [core, pre] = v.split("+")[0].split(/-(.*)/s);
    return { nums: core.split(".").map(Number), pre: pre ? pre.split(".") : [] };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre.length === 0 || y.pre.length === 0)
    return x.pre.length === y.pre.length ? 0 : x.pre.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === void 0) return -1;
    if (q === void 0) return 1;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) {
      const d = Number(p) - Number(q);
      if (d !== 0) return Math.sign(d);
    } else if (pn !== qn) {
      return pn ? -1 : 1;
    } else if (p !== q) {
      return p < q ? -1 : 1;
    }
  }
  return 0;
}

// core/lint/rules/unresolved-ref.ts
var unresolvedRef = {
  id: "unresolved-ref",
  description: "References to nodes, prompts, routes, tools, knowledge, sub-workflows, models, providers and keys must resolve.",
  severity: "error",
  check(ctx) {
    const { repo } = ctx;
    const tool2 = (ref, at) => checkTool(ctx, ref, at);
    for (const { tenant, wf, id, node: node2 } of workflowNodes(repo)) {
      const nodeIds = [...Object.keys(wf.data.nodes), ...wf.dropped.get("nodes") ?? []];
      node2.needs.forEach((need, i) => {
        if (wf.wasDropped("nodes", need)) return;
        if (!Object.hasOwn(wf.data.nodes, need)) {
          ctx.report(
            wf.at(["nodes", id, "needs", i]),
            `Node "${id}" needs "${need}", which is not a node of workflow "${wf.data.name}".${suggestion(need, nodeIds)}`
          );
        } else if (need === id) {
          ctx.report(
            wf.at(["nodes", id, "needs", i]),
            `Node "${id}" cannot need itself. Remove "${id}" from its needs.`
          );
        }
      });
      const fb = node2.on_error?.fallback;
      if (fb !== void 0 && !wf.wasDropped("nodes", fb)) {
        if (!Object.hasOwn(wf.data.nodes, fb)) {
          ctx.report(
            wf.at(["nodes", id, "on_error", "fallback"]),
            `Fallback "${fb}" of node "${id}" is not a node of workflow "${wf.data.name}".${suggestion(fb, nodeIds)}`
          );
        } else if (fb === id) {
          ctx.report(
            wf.at(["nodes", id, "on_error", "fallback"]),
            `Node "${id}" cannot be its own fallback.`
          );
        }
      }
      switch (node2.type) {
        case "llm": {
          const prompt = ownName(node2.prompt, tenant.name);
          if (prompt !== void 0 && !tenant.prompts.has(prompt) && !tenant.invalid.has(invalidKey("Prompt", prompt))) {
            ctx.report(
              wf.at(["nodes", id, "prompt"]),
              `Prompt "${prompt}" does not exist in tenant "${tenant.name}". Add tenants/${tenant.name}/prompts/${prompt}.yml or fix the name.${suggestion(prompt, tenant.prompts.keys())}`
            );
          }
          checkRoute(ctx, tenant, node2.route, () => wf.at(["nodes", id, "route"]));
          node2.tools?.allow.forEach((t, i) => {
            tool2(t, () => wf.at(["nodes", id, "tools", "allow", i]));
          });
          break;
        }
        case "tool":
          tool2(node2.tool, () => wf.at(["nodes", id, "tool"]));
          break;
        case "retrieve": {
          const collection = ownName(node2.knowledge, tenant.name);
          if (collection !== void 0 && !tenant.knowledge.has(collection)) {
            ctx.report(
              wf.at(["nodes", id, "knowledge"]),
              `Knowledge collection "${collection}" does not exist: add documents under tenants/${tenant.name}/knowledge/${collection}/.${suggestion(collection, tenant.knowledge.keys())}`
            );
          }
          break;
        }
        case "workflow": {
          const name2 = ownName(node2.workflow, tenant.name);
          if (name2 === void 0) break;
          const sub = tenant.workflows.get(name2);
          if (!sub) {
            if (!tenant.invalid.has(invalidKey("Workflow", name2))) {
              ctx.report(
                wf.at(["nodes", id, "workflow"]),
                `Workflow "${name2}" does not exist in tenant "${tenant.name}".${suggestion(name2, tenant.workflows.keys())}`
              );
            }
          } else if (compareSemver(node2.version, sub.data.version) > 0) {
            ctx.report(
              wf.at(["nodes", id, "version"]),
              `Workflow "${name2}" is at version ${sub.data.version} in this repository; version ${node2.version} does not exist yet. Pin ${sub.data.version} or an earlier published version.`
            );
          }
          break;
        }
        default:
          break;
      }
    }
    const models = repo.models?.data;
    for (const tenant of repo.tenants.values()) {
      const routes = tenant.routes;
      if (routes) {
        for (const [name2, route2] of Object.entries(routes.data.routes)) {
          const ids = route2.targets.map((t) => t.id ?? t.model);
          route2.targets.forEach((t, i) => {
            if (models && !Object.hasOwn(models.models, t.model) && !repo.models.wasDropped("models", t.model)) {
              ctx.report(
                routes.at(["routes", name2, "targets", i, "model"]),
                `Model "${t.model}" is not declared in models.yml.${suggestion(t.model, Object.keys(models.models))}`
              );
            }
          });
          route2.conditions.forEach((c, i) => {
            if (!ids.includes(c.target)) {
              ctx.report(
                routes.at(["routes", name2, "conditions", i, "target"]),
                `Condition target "${c.target}" is not a target of route "${name2}" (targets: ${ids.join(", ")}).${suggestion(c.target, ids)}`
              );
            }
          });
        }
      }
      const config = tenant.config;
      if (config && models) {
        config.data.allow.providers.forEach((p, i) => {
          if (!Object.hasOwn(models.providers, p) && !repo.models.wasDropped("providers", p)) {
            ctx.report(
              config.at(["allow", "providers", i]),
              `Provider "${p}" is not declared in models.yml.${suggestion(p, Object.keys(models.providers))}`
            );
          }
        });
      }
      for (const suite of tenant.all.evals) {
        const target2 = suite.data.target;
        if ("prompt" in target2) {
          const name2 = ownName(target2.prompt, tenant.name);
          if (name2 !== void 0 && !tenant.prompts.has(name2) && !tenant.invalid.has(invalidKey("Prompt", name2))) {
            ctx.report(
              suite.at(["target", "prompt"]),
              `Eval suite "${suite.data.name}" targets prompt "${name2}", which does not exist in tenant "${tenant.name}".${suggestion(name2, tenant.prompts.keys())}`
            );
          }
        } else {
          const name2 = ownName(target2.workflow, tenant.name);
          const wf = name2 === void 0 ? void 0 : tenant.workflows.get(name2);
          if (name2 !== void 0 && !wf && !tenant.invalid.has(invalidKey("Workflow", name2))) {
            ctx.report(
              suite.at(["target", "workflow"]),
              `Eval suite "${suite.data.name}" targets workflow "${name2}", which does not exist in tenant "${tenant.name}".${suggestion(name2, tenant.workflows.keys())}`
            );
          }
          if (wf) {
            suite.data.cases.forEach((c, i) => {
              for (const nodeId2 of Object.keys(c.mocks?.approvals ?? {})) {
                const n = wf.data.nodes[nodeId2];
                if (wf.wasDropped("nodes", nodeId2)) continue;
                if (!Object.hasOwn(wf.data.nodes, nodeId2) || n?.type !== "approval") {
                  ctx.report(
                    suite.at(["cases", i, "mocks", "approvals", nodeId2], true),
                    `"${nodeId2}" is not an approval node of workflow "${wf.data.name}".`
                  );
                }
              }
            });
          }
        }
        suite.data.routes.forEach((r, i) => {
          checkRoute(ctx, tenant, r, () => suite.at(["routes", i]));
        });
        if (suite.data.grader) {
          checkRoute(ctx, tenant, suite.data.grader.route, suite.at(["grader", "route"]));
          if (suite.data.grader.embedding_route !== void 0) {
            checkRoute(
              ctx,
              tenant,
              suite.data.grader.embedding_route,
              suite.at(["grader", "embedding_route"])
            );
          }
        }
        suite.data.cases.forEach((c, i) => {
          for (const t of Object.keys(c.mocks?.tools ?? {}))
            tool2(t, suite.at(["cases", i, "mocks", "tools", t], true));
        });
      }
    }
    if (models) {
      for (const [id, model2] of Object.entries(models.models)) {
        if (!Object.hasOwn(models.providers, model2.provider) && !repo.models.wasDropped("providers", model2.provider)) {
          ctx.report(
            repo.models.at(["models", id, "provider"]),
            `Provider "${model2.provider}" of model "${id}" is not declared under providers.${suggestion(model2.provider, Object.keys(models.providers))}`
          );
        }
      }
    }
    const charter = repo.charter;
    charter?.data.signing.trusted_keys.forEach((k, i) => {
      const path = k.public_key_file.replace(/^\.\//, "");
      if (!repo.allPaths.has(path)) {
        ctx.report(
          charter.at(["signing", "trusted_keys", i, "public_key_file"]),
          `Public key file "${k.public_key_file}" does not exist in the repository. Commit it or fix the path.`
        );
      }
    });
  }
};
function checkRoute(ctx, tenant, ref, at) {
  const name2 = ownName(ref, tenant.name);
  if (name2 === void 0) return;
  if (!tenant.routes) {
    if (!tenant.invalid.has(invalidKey("Routes", ""))) {
      ctx.report(
        at,
        `Route "${name2}" cannot resolve: tenant "${tenant.name}" has no routes.yml. Add tenants/${tenant.name}/routes.yml.`
      );
    }
    return;
  }
  if (!Object.hasOwn(tenant.routes.data.routes, name2) && !tenant.routes.wasDropped("routes", name2)) {
    const known = Object.keys(tenant.routes.data.routes);
    ctx.report(
      at,
      `Route "${name2}" is not defined in tenants/${tenant.name}/routes.yml.${suggestion(name2, known)}`
    );
  }
}
function checkTool(ctx, ref, at) {
  const parsed = parseToolRef(ref);
  if (!parsed) {
    ctx.report(at, `"${ref}" is not a tool reference: write NAMESPACE.TOOL, e.g. crm.lookup_customer.`);
    return;
  }
  const catalog = ctx.repo.tools.get(parsed.namespace);
  if (!catalog) {
    if (!ctx.repo.invalid.has(invalidKey("ToolCatalog", parsed.namespace))) {
      ctx.report(
        at,
        `Tool namespace "${parsed.namespace}" does not exist: add tools/${parsed.namespace}.yml.${suggestion(parsed.namespace, ctx.repo.tools.keys())}`
      );
    }
    return;
  }
  if (!Object.hasOwn(catalog.data.tools, parsed.tool) && !catalog.wasDropped("tools", parsed.tool)) {
    ctx.report(
      at,
      `Tool "${parsed.tool}" is not in catalog "${parsed.namespace}" (tools/${catalog.path.split("/").pop()}).${suggestion(parsed.tool, Object.keys(catalog.data.tools))}`
    );
  }
}

// core/lint/rules/unused-node.ts
var unusedNode = {
  id: "unused-node",
  description: "Nodes without side effects (llm without tools, transform, retrieve) whose result is never used.",
  severity: "warning",
  check(ctx) {
    const read = /* @__PURE__ */ new Map();
    for (const site of ctx.analysis.sites) {
      if (!site.workflow) continue;
      let set = read.get(site.workflow);
      if (!set) {
        set = /* @__PURE__ */ new Set();
        read.set(site.workflow, set);
      }
      for (const ref of site.references) {
        if (ref.path[0] === "nodes" && typeof ref.path[1] === "string") set.add(ref.path[1]);
      }
    }
    for (const tenant of ctx.repo.tenants.values()) {
      for (const wf of tenant.all.workflows) {
        const used = new Set(read.get(wf) ?? []);
        for (const node2 of Object.values(wf.data.nodes)) {
          for (const n of node2.needs) used.add(n);
          if (node2.on_error?.fallback !== void 0) used.add(node2.on_error.fallback);
        }
        for (const [id, node2] of Object.entries(wf.data.nodes)) {
          const pure = node2.type === "transform" || node2.type === "retrieve" || node2.type === "llm" && !node2.tools;
          if (!pure || used.has(id)) continue;
          ctx.report(
            wf.at(["nodes", id], true),
            `The result of node "${id}" is never used: no node needs or reads it and no output refers to it. Use it in outputs or remove the node.`
          );
        }
      }
    }
  }
};

// core/lint/rules/version-not-bumped.ts
var withoutVersion = (data2) => canonicalJson({ ...data2, version: void 0 });
function resolvedContent(repo, tenant, wf) {
  const out = /* @__PURE__ */ new Map();
  for (const node2 of Object.values(wf.nodes)) {
    if (node2.type === "llm") {
      const p = ownName(node2.prompt, tenant.name);
      const prompt = p === void 0 ? void 0 : tenant.prompts.get(p);
      if (prompt) out.set(`prompt "${prompt.data.name}"`, canonicalJson(prompt.data));
      const r = ownName(node2.route, tenant.name);
      const route2 = r === void 0 ? void 0 : tenant.routes?.data.routes[r];
      if (route2 && Object.hasOwn(tenant.routes.data.routes, r))
        out.set(`route "${r}"`, canonicalJson(route2));
    }
    const tools = node2.type === "tool" ? [node2.tool] : node2.type === "llm" ? node2.tools?.allow ?? [] : [];
    for (const t of tools) {
      const ref = parseToolRef(t);
      const catalog = ref && repo.tools.get(ref.namespace);
      if (ref && catalog && Object.hasOwn(catalog.data.tools, ref.tool)) {
        out.set(
          `tool "${t}"`,
          canonicalJson({ connector: catalog.data.connector, tool: catalog.data.tools[ref.tool] })
        );
      }
    }
  }
  return out;
}
var versionNotBumped = {
  id: "version-not-bumped",
  description: "Compared with the base ref: a changed workflow or prompt (or a changed prompt, route or tool a workflow uses) must raise its version.",
  severity: "error",
  needsBase: true,
  check(ctx) {
    const base = ctx.base;
    if (!base) return;
    for (const tenant of ctx.repo.tenants.values()) {
      const before = base.tenants.get(tenant.name);
      if (!before) continue;
      const compare = (head, old, kind, changed) => {
        if (!old) return;
        const order = compareSemver(head.data.version, old.data.version);
        if (order < 0) {
          ctx.report(
            head.at(["version"]),
            `Version of ${kind} "${head.data.name}" went down from ${old.data.version} to ${head.data.version}. Versions only increase: use a version above ${old.data.version}.`
          );
          return;
        }
        if (order > 0) return;
        const reason = changed();
        if (reason) {
          ctx.report(
            head.at(["version"]),
            `${kind[0].toUpperCase()}${kind.slice(1)} "${head.data.name}" changed (${reason}) but its version is still ${head.data.version}. Published versions are immutable: raise the version.`
          );
        }
      };
      for (const prompt of tenant.prompts.values()) {
        const old = before.prompts.get(prompt.data.name);
        compare(
          prompt,
          old,
          "prompt",
          () => old && withoutVersion(old.data) !== withoutVersion(prompt.data) ? "its content" : void 0
        );
      }
      for (const wf of tenant.workflows.values()) {
        const old = before.workflows.get(wf.data.name);
        compare(wf, old, "workflow", () => {
          if (!old) return void 0;
          if (withoutVersion(old.data) !== withoutVersion(wf.data)) return "its definition";
          const now = resolvedContent(ctx.repo, tenant, wf.data);
          const then = resolvedContent(base, before, old.data);
          const changed = [...now].filter(([k, v]) => then.has(k) && then.get(k) !== v).map(([k]) => k);
          return changed.length > 0 ? `it uses ${changed.join(", ")}, which changed` : void 0;
        });
      }
    }
  }
};

// core/lint/registry.ts
var LOADER_RULES = [
  {
    id: "yaml",
    description: "Files are UTF-8 YAML with one document, no custom tags, no duplicate keys, bounded size, depth and aliases.",
    severity: "error"
  },
  {
    id: "schema",
    description: "Every file matches the schema of its kind (unknown keys are errors, with a suggestion).",
    severity: "error"
  },
  {
    id: "file",
    description: "Files are where their kind belongs; charter.yml, models.yml and each tenant.yml exist; no symlinks.",
    severity: "error"
  }
];
var LINT_RULES = [
  unresolvedRef,
  crossTenant,
  cycle,
  unreachableNode,
  unusedNode,
  expression2,
  template,
  templateVars,
  inputs,
  toolNotAllowed,
  modelNotAllowed,
  knowledgeNotAllowed,
  budget,
  secret,
  versionNotBumped,
  duplicateName,
  evalSuite,
  routeStrategy
];
var ALL_RULE_IDS = [...LOADER_RULES, ...LINT_RULES].map((r) => r.id);

// core/format/github.ts
function escapeData(s) {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s) {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
var COMMAND = { error: "error", warning: "warning", info: "notice" };
function formatGithub(diagnostics) {
  return diagnostics.map((d) => {
    const props = [
      `file=${escapeProperty(d.file)}`,
      `line=${d.line}`,
      `col=${d.column}`,
      ...d.endLine !== void 0 ? [`endLine=${d.endLine}`] : [],
      ...d.endColumn !== void 0 && d.endLine === d.line ? [`endColumn=${d.endColumn}`] : [],
      `title=${escapeProperty(`charter ${d.rule}`)}`
    ];
    return `::${COMMAND[d.severity]} ${props.join(",")}::${escapeData(d.message)}
`;
  }).join("");
}

// core/format/json.ts
function formatJson(diagnostics, summary) {
  const rows = diagnostics.map(({ rule, severity, file, line, column, message: message2 }) => ({
    rule,
    severity,
    file,
    line,
    column,
    message: message2
  }));
  return `${JSON.stringify({ diagnostics: rows, summary }, null, 2)}
`;
}

// core/format/pretty.ts
var CODES = { red: 31, yellow: 33, cyan: 36, dim: 2, bold: 1, green: 32, underline: 4 };
function formatPretty(diagnostics, summary, options) {
  const paint = (code2, s) => options.color ? `\x1B[${CODES[code2]}m${s}\x1B[0m` : s;
  const label2 = {
    error: paint("red", "error"),
    warning: paint("yellow", "warning"),
    info: paint("cyan", "info")
  };
  const lines = [];
  let current;
  for (const d of diagnostics) {
    if (d.file !== current) {
      if (current !== void 0) lines.push("");
      lines.push(paint("underline", d.file));
      current = d.file;
    }
    const where = paint("dim", `${d.line}:${d.column}`.padEnd(8));
    lines.push(
      `  ${where} ${label2[d.severity].padEnd(options.color ? 16 : 7)} ${d.message}  ${paint("dim", d.rule)}`
    );
  }
  if (lines.length) lines.push("");
  lines.push(summaryLine(summary, paint));
  return `${lines.join("\n")}
`;
}
function summaryLine(s, paint) {
  const plural = (n, w) => `${n} ${w}${n === 1 ? "" : "s"}`;
  const files = plural(s.files, "file");
  if (s.errors === 0 && s.warnings === 0) return paint("green", `✔ ${files} checked, no problems`);
  const parts = [plural(s.errors, "error"), plural(s.warnings, "warning")];
  const text = `${s.errors > 0 ? "✖" : "⚠"} ${parts.join(", ")} in ${files}`;
  return s.errors > 0 ? paint("red", paint("bold", text)) : paint("yellow", text);
}

// core/format/sarif.ts
var LEVEL = { error: "error", warning: "warning", info: "note" };
function formatSarif(diagnostics, rules, version) {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "charter",
            informationUri: "https://github.com/charter-dev/charter",
            semanticVersion: version,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase()),
              shortDescription: { text: r.description },
              defaultConfiguration: { level: LEVEL[r.severity] }
            }))
          }
        },
        results: diagnostics.map((d) => ({
          ruleId: d.rule,
          ...index.has(d.rule) ? { ruleIndex: index.get(d.rule) } : {},
          level: LEVEL[d.severity],
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(d.file), uriBaseId: "%SRCROOT%" },
                region: {
                  startLine: d.line,
                  startColumn: d.column,
                  ...d.endLine !== void 0 ? { endLine: d.endLine } : {},
                  ...d.endColumn !== void 0 ? { endColumn: d.endColumn } : {}
                }
              }
            }
          ]
        }))
      }
    ]
  };
  return `${JSON.stringify(log, null, 2)}
`;
}

// core/format/render.ts
var FORMATS = ["pretty", "json", "sarif", "github"];
function renderDiagnostics(format, diagnostics, summary, options = {}) {
  switch (format) {
    case "json":
      return formatJson(diagnostics, summary);
    case "sarif":
      return formatSarif(diagnostics, [...LOADER_RULES, ...LINT_RULES], options.version ?? "0.0.0");
    case "github":
      return formatGithub(diagnostics);
    default:
      return formatPretty(diagnostics, summary, { color: options.color ?? false });
  }
}

// core/diagnostics/diagnostic.ts
var SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };
function compareDiagnostics(a, b) {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}
function summarize2(diagnostics, filesChecked) {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const d of diagnostics) {
    if (d.severity === "error") errors++;
    else if (d.severity === "warning") warnings++;
    else infos++;
  }
  return { errors, warnings, infos, files: filesChecked };
}
function dedupe(diagnostics) {
  const seen = /* @__PURE__ */ new Set();
  const out = [];
  for (const d of diagnostics) {
    const key = `${d.file}\0${d.line}\0${d.column}\0${d.rule}\0${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

// core/lint/analysis/analysis.ts
var Analysis = class {
  repo;
  expressions;
  constructor(repo) {
    this.repo = repo;
  }
  collect() {
    this.expressions ??= collectExpressionSites(this.repo);
    return this.expressions;
  }
  get sites() {
    return this.collect().sites;
  }
  get unclosed() {
    return this.collect().unclosed;
  }
};

// core/lint/lint.ts
async function lintRepo(repo, loadDiagnostics, options = {}) {
  const analysis = new Analysis(repo);
  const diagnostics = [...loadDiagnostics];
  const skipped = [];
  for (const rule of options.rules ?? LINT_RULES) {
    if (rule.needsBase && !options.base) {
      skipped.push(rule.id);
      continue;
    }
    const ctx = {
      repo,
      base: options.base,
      analysis,
      report: (where, message2, severity) => {
        const at = typeof where === "function" ? where() : where;
        diagnostics.push({
          ...at,
          file: at.file,
          rule: rule.id,
          severity: severity ?? rule.severity,
          message: message2
        });
      }
    };
    try {
      await rule.check(ctx);
    } catch (error) {
      diagnostics.push({
        rule: rule.id,
        severity: "error",
        file: ".",
        line: 1,
        column: 1,
        message: `Internal error in rule ${rule.id}: ${error.message}. This is a Charter bug; please report it.`
      });
    }
  }
  const sorted = dedupe(diagnostics).sort(compareDiagnostics);
  return { diagnostics: sorted, summary: summarize2(sorted, repo.paths.length), skipped };
}
async function lintSource(head, base, options = {}) {
  const [loaded, baseLoaded] = await Promise.all([loadRepo(head), base ? loadRepo(base) : void 0]);
  const result = await lintRepo(loaded.repo, loaded.diagnostics, { ...options, base: baseLoaded?.repo });
  return { ...result, repo: loaded.repo };
}
async function lintProject(options) {
  const head = options.ref ? new GitSource(options.dir, options.ref) : new DirectorySource(options.dir);
  const base = options.base ? new GitSource(options.dir, options.base) : void 0;
  return lintSource(head, base);
}

// cli/commands/lint.ts
function parseFormat(value2) {
  if (!FORMATS.includes(value2)) {
    throw new UserError(`Unknown format "${value2}". Use one of: ${FORMATS.join(", ")}.`);
  }
  return value2;
}
async function lintCommand(dir, options, io) {
  if (options.listRules) {
    const rows = [...LOADER_RULES, ...LINT_RULES].map(
      (r) => `${r.id.padEnd(22)} ${r.severity.padEnd(8)} ${r.description}`
    );
    io.stdout(`${rows.join("\n")}
`);
    return 0;
  }
  const format = parseFormat(options.format);
  const root = resolve3(io.cwd, dir ?? ".");
  const result = await lintProject({ dir: root, ref: options.ref, base: options.base });
  if (result.repo.paths.length === 0) {
    throw new UserError(
      `${dir ?? "."} is not a governed repository${options.ref ? ` at ${options.ref}` : ""}: no charter.yml, models.yml, tools/ or tenants/ found.`
    );
  }
  const shown = withPathPrefix(result.diagnostics, relative2(io.cwd, root));
  const text = renderDiagnostics(format, shown, result.summary, {
    color: !options.output && useColor(io),
    version: CHARTER_VERSION
  });
  if (options.output) {
    await writeFile(resolve3(io.cwd, options.output), text);
    if (format !== "pretty") {
      io.stdout(renderDiagnostics("pretty", shown, result.summary, { color: useColor(io) }));
    }
  } else {
    io.stdout(text);
  }
  if (result.skipped.length > 0 && format === "pretty" && !options.quiet) {
    io.stderr(`note: skipped ${result.skipped.join(", ")} (compares with a base: pass --base REF).
`);
  }
  return result.summary.errors > 0 ? 1 : 0;
}

// cli/commands/demo.ts
async function demoCommand(dir, io) {
  const root = dir ?? exampleRepository();
  const heading = (s) => io.stdout(`
${useColor(io) ? `\x1B[1m${s}\x1B[0m` : s}

`);
  heading("charter demo — step 1: lint the governed repository");
  const lint = await lintCommand(root, { format: "pretty", quiet: true }, io);
  if (lint !== 0) return lint;
  heading("step 2: diff a sample pull request (examples/acme-pr) against it");
  const pr = await samplePullRequest();
  try {
    const { changeSet } = await diffProject({ dir: pr.dir, base: pr.base, head: pr.head });
    io.stdout(diffText(changeSet, { color: useColor(io) }));
    const out = join4(io.cwd, ".charter", "demo");
    await mkdir(out, { recursive: true });
    await writeFile2(join4(out, "diff.html"), diffHtml(changeSet, { title: "sample pull request" }));
    io.stdout(
      `
The reviewer's picture: ${relative3(io.cwd, join4(out, "diff.html"))} (open it in a browser).
`
    );
  } finally {
    await rm(pr.dir, { recursive: true, force: true });
  }
  return 0;
}

// cli/commands/diff.ts
import { writeFile as writeFile3 } from "node:fs/promises";
import { resolve as resolve4 } from "node:path";
var DIFF_FORMATS = ["pretty", "markdown", "json", "mermaid"];
function changeSetJson(set) {
  const workflows = set.workflows.map(({ base: _b, head: _h, ...rest }) => rest);
  return `${JSON.stringify({ base: set.base, head: set.head, summaries: set.summaries, changes: set.changes, workflows }, null, 2)}
`;
}
function mermaidBlocks(set) {
  return set.workflows.map((wd) => `%% ${wd.tenant}/${wd.name} (${wd.status})
${diffFlowchart(wd).mermaid}`).join("\n");
}
async function diffCommand(dir, options, io) {
  if (!options.base)
    throw new UserError("charter diff needs --base REF (the git ref to compare with, e.g. origin/main).");
  const root = resolve4(io.cwd, dir);
  const { changeSet, headDiagnostics } = await diffProject({
    dir: root,
    base: options.base,
    head: options.head
  });
  const errors = headDiagnostics.filter((d) => d.severity === "error").length;
  if (errors > 0) {
    io.stderr(
      `warning: the head has ${errors} lint error${errors === 1 ? "" : "s"}; files that do not validate are left out of the diff. Run charter lint.
`
    );
  }
  let text;
  switch (options.format) {
    case "json":
      text = changeSetJson(changeSet);
      break;
    case "markdown":
      text = diffMarkdown(changeSet, { title: dir }).body;
      break;
    case "mermaid":
      text = mermaidBlocks(changeSet);
      break;
    default:
      text = diffText(changeSet, { color: !options.output && useColor(io) });
  }
  if (options.output) await writeFile3(resolve4(io.cwd, options.output), text);
  else io.stdout(text);
  if (options.html) {
    const out = resolve4(io.cwd, options.html);
    await writeFile3(out, diffHtml(changeSet, { title: dir }));
    io.stderr(`wrote ${options.html}
`);
  }
  return 0;
}

// cli/help.ts
var FORMAT_HELP = "output format: pretty (terminal), json, sarif (code scanning) or github (annotations)";

// cli/program.ts
function buildProgram(io, setExitCode) {
  const program = new Command("charter").description("Governed AI workflows as code: lint, diff, evaluate, approve, sign, publish and run.").version(CHARTER_VERSION, "-V, --version").showHelpAfterError("(run with --help for usage)").exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program.command("lint").description(
    "Check a governed repository: schema, references, expressions, templates, policy and secrets."
  ).argument("[dir]", "governed repository root (where charter.yml is)", ".").option("--base <ref>", "git ref to compare with (enables version-not-bumped)").option("--ref <ref>", "lint this git ref instead of the working tree (no checkout)").addOption(
    new Option("--format <format>", FORMAT_HELP).choices(["pretty", "json", "sarif", "github"]).default("pretty")
  ).option("-o, --output <file>", "write the report to a file (a pretty summary still goes to stdout)").option("--list-rules", "list every rule with its severity and exit").addHelpText(
    "after",
    "\nExit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error.\n\nExamples:\n  charter lint examples/acme\n  charter lint . --base origin/main --format sarif -o charter.sarif\n"
  ).action(async (dir, options) => setExitCode(await lintCommand(dir, options, io)));
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
  ).action(async (dir, options) => setExitCode(await diffCommand(dir, options, io)));
  program.command("demo").description("Run the main job end to end on the example repository with the embedded defaults.").argument("[dir]", "governed repository to use instead of examples/acme").action(async (dir) => setExitCode(await demoCommand(dir, io)));
  return program;
}

// cli/main.ts
async function runCli(argv, io = processIO()) {
  let exitCode = 0;
  const program = buildProgram(io, (code2) => {
    exitCode = code2;
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
  process.exitCode = await runCli(process.argv.slice(2));
}
export {
  main,
  runCli
};
