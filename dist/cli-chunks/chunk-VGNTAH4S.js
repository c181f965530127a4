import {
  UserError
} from "./chunk-XC2IMODC.js";

// workflows-schema/charter.ts
import * as z4 from "zod";

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

// workflows-schema/confidence.ts
import * as z3 from "zod";
var VERDICTS = ["ready", "needs-attention", "blocked"];
var verdict = z3.enum(VERDICTS);
var points = (what, fallback) => z3.number().min(0).max(1e3).default(fallback).describe(what);
var riskWeights = z3.strictObject({
  low: points("Points for each low-risk change.", 0),
  medium: points("Points for each medium-risk change.", 1),
  high: points("Points for each high-risk change.", 3),
  critical: points("Points for each critical change.", 6)
}).describe("Points each change adds to the risk score, by its risk level (after `risk.levels`).");
var RISK_WEIGHT_DEFAULTS = { low: 0, medium: 1, high: 3, critical: 6 };
var confidence = z3.strictObject({
  weights: z3.strictObject({
    risk: riskWeights.default(RISK_WEIGHT_DEFAULTS),
    uncovered: points(
      "Points for each changed node, prompt or workflow setting that no evaluation case exercised in its trace.",
      2
    )
  }).default({ risk: RISK_WEIGHT_DEFAULTS, uncovered: 2 }).describe("How much each finding adds to the pull request's risk score."),
  thresholds: z3.strictObject({
    needs_attention: points(
      "A risk score at or above this makes the verdict at least `needs-attention`.",
      8
    ),
    blocked: points("A risk score at or above this makes the verdict `blocked`.", 20)
  }).default({ needs_attention: 8, blocked: 20 }).describe("Risk-score thresholds."),
  rules: z3.strictObject({
    uncovered: verdict.default("needs-attention").describe(
      "Verdict a changed node, prompt or workflow setting that no evaluation case exercised leads to."
    ),
    approvals_pending: verdict.default("needs-attention").describe("Verdict missing (or not yet known) approvals lead to."),
    advisory_suites: verdict.default("needs-attention").describe("Verdict a regression or failure in an `advisory_suites` suite leads to."),
    lint_warnings: verdict.default("ready").describe("Verdict lint warnings lead to.")
  }).default({
    uncovered: "needs-attention",
    approvals_pending: "needs-attention",
    advisory_suites: "needs-attention",
    lint_warnings: "ready"
  }).describe(
    "What each kind of finding makes the verdict. Lint errors, regressions or failures in gating suites, changes requested, an approval policy that cannot be evaluated and unapproved security changes always block."
  ),
  advisory_suites: z3.array(
    z3.string().regex(/^[a-z][a-z0-9-]{0,62}\/[a-z][a-z0-9-]{0,62}$/, { message: "must be TENANT/SUITE" })
  ).default([]).describe(
    "Evaluation suites (TENANT/SUITE) that inform but do not gate: their regressions and failures follow `rules.advisory_suites` instead of blocking."
  ),
  security_kinds: z3.array(changeKind).default(["approval-removed", "tool-write"]).describe(
    "Change kinds that are blocked until an escalation approval covering them (tenant.yml or charter.yml `escalations`) is given."
  )
}).describe("How the release-confidence verdict on each pull request is computed.");
var CONFIDENCE_DEFAULTS = confidence.parse({});

// workflows-schema/charter.ts
var escalation = z4.strictObject({
  kinds: z4.array(changeKind).min(1).optional().describe("Change kinds that trigger this rule."),
  min_level: riskLevel.optional().describe("Trigger for any change at or above this risk level."),
  approvers: z4.array(principal).min(1).describe("Who may give the extra approvals."),
  required: z4.int().min(1).max(10).default(1).describe("How many of `approvers` must approve.")
}).describe(
  "Extra approvals required when a pull request contains risky change kinds. Give `kinds`, `min_level`, or both."
);
var registry = z4.discriminatedUnion("type", [
  z4.strictObject({
    type: z4.literal("oci-layout").describe("An OCI image layout on disk (the embedded default)."),
    path: z4.string().min(1).default(".charter/registry").describe("Directory of the layout, relative to the repository root.")
  }).describe("Publish to an OCI image layout directory."),
  z4.strictObject({
    type: z4.literal("oci").describe("An OCI distribution registry (GHCR, Harbor, docker-registry…)."),
    url: z4.url({ protocol: /^https?$/ }).describe("Registry base URL, e.g. https://ghcr.io."),
    repository: z4.string().regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/, {
      message: "must be an OCI repository path such as acme/ai-workflows"
    }).describe("Repository prefix; each workflow is pushed to PREFIX/TENANT/WORKFLOW."),
    username_env: z4.string().optional().describe("Environment variable holding the registry user name."),
    password_env: z4.string().optional().describe("Environment variable holding the registry password or token.")
  }).describe("Publish to an OCI distribution registry.")
]).describe("Where signed releases are published.");
var trustedKey = z4.strictObject({
  id: name.describe("Key name, shown in verification results."),
  public_key_file: z4.string().min(1).describe("PEM public key (ECDSA P-256), relative to the repository root.")
}).describe("A public key whose signatures are trusted.");
var keylessIdentity = z4.strictObject({
  issuer: z4.url().describe("OIDC issuer, e.g. https://token.actions.githubusercontent.com."),
  subject: z4.string().min(1).describe("Exact certificate identity (the publishing workflow's URI).")
}).describe("A Sigstore keyless identity whose signatures are trusted.");
var drafts = z4.strictObject({
  route: name.optional().describe(
    "Route (in the target tenant's routes.yml) that `charter draft` asks for a workflow draft; `--route` overrides it."
  ),
  max_repairs: z4.int().min(0).max(10).default(2).describe(
    "How many times `charter draft` feeds lint diagnostics back to the model before it gives up and writes nothing."
  ),
  extra_approvals: z4.int().min(0).max(10).default(0).describe(
    "Extra human approvals an AI-drafted pull request needs (labelled `ai-drafted`, or with a commit carrying a `Charter-Drafted-By:` trailer), on top of each touched tenant's (or the governance owners') own count. Bots never count towards them."
  )
}).describe(
  "AI-drafted workflows (`charter draft`): which route drafts them, and what governance they need."
);
var charterFile = z4.strictObject({
  apiVersion,
  kind: z4.literal("Charter").describe("File kind: `Charter`."),
  name: name.describe("Name of this governed repository."),
  description: description.optional(),
  governance: z4.strictObject({
    owners: z4.array(principal).min(1).describe("Who must approve changes to charter.yml, models.yml, tools/ and any tenant.yml."),
    required: z4.int().min(1).max(10).default(1).describe("How many governance owners must approve such changes."),
    request_reviews: z4.boolean().default(false).describe("Let the approvals app request reviews from the approvers a pull request still needs.")
  }).describe("Owners of the platform-level policy files."),
  registry: registry.default({ type: "oci-layout", path: ".charter/registry" }),
  signing: z4.strictObject({
    trusted_keys: z4.array(trustedKey).default([]).describe("Public keys trusted to sign releases."),
    keyless: z4.array(keylessIdentity).default([]).describe("Keyless identities trusted to sign releases."),
    trusted_root_file: z4.string().min(1).optional().describe(
      "A pinned Sigstore trusted_root.json, relative to the repository root: needed to verify keyless releases offline."
    )
  }).default({ trusted_keys: [], keyless: [] }).describe("Which signatures a release may carry."),
  publish: z4.strictObject({
    channels: z4.array(z4.string().regex(/^[a-z][a-z0-9-]{0,62}$/, { message: "must be a lower-case channel name" })).default(["staging"]).describe(
      "Channels moved to every new release as it is published. Others (e.g. `production`) move with `charter promote`."
    ),
    expires_after_days: z4.int().min(1).max(3650).default(365).describe("Days a release's governance attestation stays valid; runners refuse expired releases."),
    tag_prefix: z4.string().regex(/^[A-Za-z0-9._-]+$/).default("charter").describe("Git tags are created as PREFIX/TENANT/WORKFLOW/vVERSION on the released commit.")
  }).default({ channels: ["staging"], expires_after_days: 365, tag_prefix: "charter" }).describe("How merges are published as releases."),
  risk: z4.strictObject({
    levels: z4.partialRecord(changeKind, riskLevel).default({}).describe("Overrides of the built-in risk level of each change kind."),
    escalations: z4.array(escalation).default([]).describe("Extra approvals for risky changes, in every tenant.")
  }).default({ levels: {}, escalations: [] }).describe("How risky each change kind is, and what risky changes need."),
  drafts: drafts.default({ max_repairs: 2, extra_approvals: 0 }),
  confidence: confidence.default(confidence.parse({}))
}).describe("charter.yml: the root of a governed repository.");

// workflows-schema/eval.ts
import * as z5 from "zod";
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
var assertion = z5.strictObject({
  type: z5.enum(ASSERTION_TYPES).describe("Assertion type; prefix with `not-` to negate."),
  value: templatedValue.optional().describe("Expected value, pattern, schema or rubric, depending on the type."),
  threshold: z5.number().nonnegative().optional().describe(
    "Score needed to pass (`llm-rubric`, `similar`), or the limit (`cost` in USD, `latency` in ms)."
  ),
  weight: z5.number().nonnegative().default(1).describe("Weight in the case score; 0 records without scoring."),
  transform: expression.optional().describe("Expression over `output` selecting what to assert on."),
  metric: z5.string().max(100).optional().describe("Name under which the score is reported.")
}).describe("One assertion on a case's output.");
var testCase = z5.strictObject({
  id: z5.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, { message: "must be letters, digits, '_', '.' or '-'" }).describe("Stable id; base and head results are paired by it."),
  description: description.optional(),
  vars: z5.record(z5.string(), templatedValue).default({}).describe("Prompt variables (for a prompt target)."),
  inputs: z5.record(z5.string(), templatedValue).default({}).describe("Workflow inputs (for a workflow target)."),
  mocks: z5.strictObject({
    tools: z5.record(z5.string(), templatedValue).default({}).describe("Results of tool calls by NAMESPACE.TOOL; tools are never called during evaluation."),
    approvals: z5.record(z5.string(), z5.enum(["approve", "deny"])).default({}).describe("Decisions of approval nodes by node id.")
  }).optional().describe("Stand-ins for side effects when a whole workflow is evaluated."),
  assert: z5.array(assertion).default([]).describe("Assertions on the output, in addition to `defaults.assert`."),
  threshold: z5.number().min(0).max(1).optional().describe("Pass when the weighted score reaches this, instead of requiring every assertion.")
}).describe("One evaluation case.");
var evalSuiteFile = z5.strictObject({
  apiVersion,
  kind: z5.literal("EvalSuite").describe("File kind: `EvalSuite`."),
  name: name.describe("Suite name, unique in its tenant."),
  description: description.optional(),
  target: z5.union([
    z5.strictObject({ prompt: reference.describe("Prompt name in this tenant.") }).describe("Evaluate a prompt."),
    z5.strictObject({ workflow: reference.describe("Workflow name in this tenant.") }).describe("Evaluate a workflow.")
  ]).describe("What the suite evaluates."),
  routes: z5.array(reference).default([]).describe("Routes to evaluate (side by side when several). Required for a prompt target."),
  grader: z5.strictObject({
    route: reference.describe("Route used by `llm-rubric`."),
    embedding_route: reference.optional().describe("Route of an embedding model, used by `similar`.")
  }).optional().describe("Models that grade outputs."),
  threshold: z5.number().min(0).max(1).default(1).describe("Pass rate the suite needs for the check to pass."),
  repeat: z5.int().min(1).max(20).default(1).describe("Times each case runs."),
  min_pass: z5.int().min(1).max(20).optional().describe("Runs out of `repeat` that must pass (k-of-n). Defaults to all."),
  concurrency: z5.int().min(1).max(64).default(4).describe("Cases evaluated at once."),
  timeout: duration.default("120s").describe("Timeout of one case."),
  defaults: z5.strictObject({
    assert: z5.array(assertion).default([]).describe("Assertions applied to every case.")
  }).optional().describe("Applied to every case."),
  cases: z5.array(testCase).min(1).describe("The cases.")
}).describe("An evaluation suite.");

// workflows-schema/models.ts
import * as z6 from "zod";
var envVar = z6.string().regex(/^[A-Z_][A-Z0-9_]*$/, { message: "must be an environment variable name such as OPENAI_API_KEY" });
var common = {
  description: description.optional(),
  timeout: duration.default("60s").describe("Default timeout of one request to this provider.")
};
var provider = z6.discriminatedUnion("type", [
  z6.strictObject({
    type: z6.literal("openai").describe("OpenAI through the official `openai` SDK."),
    api_key_env: envVar.default("OPENAI_API_KEY").describe("Environment variable holding the API key."),
    base_url: z6.url().optional().describe("Override of the API base URL."),
    organization: z6.string().optional().describe("OpenAI organization id."),
    ...common
  }).describe("OpenAI."),
  z6.strictObject({
    type: z6.literal("anthropic").describe("Anthropic through the official `@anthropic-ai/sdk`."),
    api_key_env: envVar.default("ANTHROPIC_API_KEY").describe("Environment variable holding the API key."),
    base_url: z6.url().optional().describe("Override of the API base URL."),
    ...common
  }).describe("Anthropic."),
  z6.strictObject({
    type: z6.literal("openai-compatible").describe("Any server speaking the OpenAI API (Ollama, vLLM, LiteLLM proxy)."),
    base_url: z6.url().describe("Base URL of the server, e.g. http://127.0.0.1:11434/v1."),
    api_key_env: envVar.optional().describe("Environment variable holding the API key, if the server needs one."),
    ...common
  }).describe("An OpenAI-compatible server."),
  z6.strictObject({
    type: z6.literal("replay").describe("Recorded responses from cassette files; no key, no network."),
    cassettes: z6.string().min(1).default("cassettes").describe("Directory of cassette files, relative to the repository root."),
    ...common
  }).describe("Replay of recorded responses.")
]).describe("A model provider.");
var model = z6.strictObject({
  provider: name.describe("Provider id from `providers`."),
  model: z6.string().min(1).describe("The provider's own model name, e.g. gpt-4o-mini."),
  description: description.optional(),
  mode: z6.enum(["chat", "embedding"]).default("chat").describe("What the model does."),
  input_cost_per_token: z6.number().nonnegative().default(0).describe("USD per input token."),
  output_cost_per_token: z6.number().nonnegative().default(0).describe("USD per output token."),
  cache_read_input_token_cost: z6.number().nonnegative().optional().describe("USD per cached input token."),
  max_input_tokens: z6.int().positive().optional().describe("Context window, in tokens."),
  max_output_tokens: z6.int().positive().optional().describe("Largest completion, in tokens."),
  supports_function_calling: z6.boolean().default(false).describe("Whether the model can call tools."),
  supports_response_schema: z6.boolean().default(false).describe("Whether the model supports structured output.")
}).describe("A model and its prices.");
var modelId = z6.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, { message: "must be lower-case letters, digits, '.', '_' or '-'" }).describe("Model id used by routes.");
var modelsFile = z6.strictObject({
  apiVersion,
  kind: z6.literal("Models").describe("File kind: `Models`."),
  description: description.optional(),
  providers: z6.record(name, provider).describe("Providers by id."),
  models: z6.record(modelId, model).describe("Models by id, with their prices.")
}).describe("models.yml: model providers and prices.");

// workflows-schema/prompt.ts
import * as z8 from "zod";

// workflows-schema/routes.ts
import * as z7 from "zod";
var modelParams = z7.strictObject({
  temperature: z7.number().min(0).max(2).optional().describe("Sampling temperature."),
  top_p: z7.number().min(0).max(1).optional().describe("Nucleus sampling."),
  max_tokens: z7.int().positive().optional().describe("Largest completion, in tokens."),
  seed: z7.int().optional().describe("Sampling seed, where the provider supports it."),
  stop: z7.array(z7.string()).max(4).optional().describe("Stop sequences.")
}).describe("Model request parameters.");
var target = z7.strictObject({
  id: name.optional().describe("Target id, used by conditions and traces. Defaults to the model id."),
  model: modelId.describe("Model id from models.yml."),
  weight: z7.number().positive().default(1).describe("Relative share of traffic under the `weighted` strategy."),
  params: modelParams.optional(),
  timeout: duration.optional().describe("Timeout of one attempt on this target.")
}).describe("A model a route can send requests to.");
var route = z7.strictObject({
  description: description.optional(),
  strategy: z7.enum(["fallback", "weighted", "conditional"]).default("fallback").describe(
    "`fallback`: targets in order; `weighted`: by weight; `conditional`: first matching condition."
  ),
  targets: z7.array(target).min(1).describe("Models this route can use."),
  conditions: z7.array(
    z7.strictObject({
      if: expression.describe("Condition over `request` (e.g. `${{ request.input_tokens > 8000 }}`)."),
      target: name.describe("Target id to use when the condition holds.")
    }).describe("A condition and the target it selects.")
  ).default([]).describe("For `conditional`: evaluated in order; when none holds, the first target is used."),
  retry: z7.strictObject({
    ...backoffFields({ maxAttempts: 2, initialInterval: "1s", maxInterval: "20s" }),
    on_status: z7.array(z7.int().min(400).max(599)).default([408, 409, 429, 500, 502, 503, 504]).describe("HTTP statuses that are retried; others move straight to the next target.")
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
  circuit_breaker: z7.strictObject({
    failure_threshold: z7.int().min(1).default(3).describe("Consecutive failures that open the breaker for a target."),
    cooldown: duration.default("30s").describe("How long an open target is skipped.")
  }).default({ failure_threshold: 3, cooldown: "30s" }).describe("Skips a failing target for a cool-down. Always on."),
  budget: z7.strictObject({
    max_usd_per_call: usd.optional().describe("Refuse a call whose estimated cost exceeds this.")
  }).optional().describe("Per-call cost cap.")
}).describe("A named model route.");
var routesFile = z7.strictObject({
  apiVersion,
  kind: z7.literal("Routes").describe("File kind: `Routes`."),
  description: description.optional(),
  routes: z7.record(name, route).describe("Routes by name.")
}).describe("routes.yml: the tenant's model routes.");

// workflows-schema/prompt.ts
var VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
var variable = z8.strictObject({
  type: z8.enum(["string", "number", "boolean", "object", "array", "any"]).default("string").describe("Type of the value."),
  description: description.optional(),
  required: z8.boolean().default(true).describe("Whether every caller must provide it.")
}).describe("A declared template variable.");
var message = z8.strictObject({
  role: z8.enum(["system", "user", "assistant"]).describe("Who speaks."),
  content: z8.string().describe(
    "Text. `{{ name }}` inserts a declared variable; `{{#name}}…{{/name}}` repeats or shows a section."
  )
}).describe("One chat message.");
var promptFile = z8.strictObject({
  apiVersion,
  kind: z8.literal("Prompt").describe("File kind: `Prompt`."),
  name: name.describe("Prompt name, unique in its tenant."),
  version: semver,
  description: description.optional(),
  variables: z8.record(z8.string().regex(VARIABLE_NAME, { message: "must be an identifier" }), variable).default({}).describe("Variables the messages may use. Using an undeclared variable is an error."),
  params: modelParams.optional(),
  messages: z8.array(message).min(1).describe("The chat messages."),
  output: z8.strictObject({
    format: z8.enum(["text", "json"]).default("text").describe("`json` asks the model for structured output."),
    schema: jsonSchema.optional().describe("JSON Schema the output must match (with `format: json`).")
  }).default({ format: "text" }).describe("Expected output.")
}).describe("A versioned prompt.");

// workflows-schema/tenant.ts
import * as z9 from "zod";
var toolPattern = z9.string().regex(/^(?:\*|[a-z][a-z0-9-]*\.(?:\*|[a-z][a-z0-9_]*))$/, {
  message: "must be NAMESPACE.TOOL, NAMESPACE.* or *"
}).describe("A tool (`crm.lookup_customer`), a namespace (`crm.*`) or every tool (`*`).");
var modelPattern = z9.string().regex(/^(?:\*|[a-z0-9][a-z0-9._-]*\*?)$/, { message: "must be a model id, a prefix ending in * or *" }).describe("A model id from models.yml, a prefix ending in `*`, or `*`.");
var tenantFile = z9.strictObject({
  apiVersion,
  kind: z9.literal("Tenant").describe("File kind: `Tenant`."),
  name: name.describe("Tenant name; must equal the name of its directory."),
  description: description.optional(),
  approvals: z9.strictObject({
    required: z9.int().min(1).max(10).default(1).describe("Approvals needed for any change in this tenant."),
    approvers: z9.array(principal).min(1).describe("Who may approve this tenant's changes."),
    escalations: z9.array(escalation).default([]).describe("Extra approvals for risky change kinds in this tenant (e.g. the tenant's leads)."),
    allow_bots: z9.array(
      z9.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\[bot\]$/, {
        message: "must be a bot login such as renovate[bot]"
      })
    ).default([]).describe(
      "Bot accounts (`name[bot]`) whose approving reviews count for this tenant. Bots never count otherwise."
    )
  }).describe("Pull request approvals for this tenant's directory."),
  budget: z9.strictObject({
    max_usd_per_run: usd.describe(
      "Cap on any one workflow run; a workflow's own budget must not exceed it."
    ),
    max_usd_per_day: usd.optional().describe("Cap on this tenant's total spend per UTC day.")
  }).describe("Spending caps enforced by the linter and the runner."),
  allow: z9.strictObject({
    providers: z9.array(name).min(1).describe("Provider ids (from models.yml) this tenant may use."),
    models: z9.array(modelPattern).min(1).describe("Models this tenant's routes may target."),
    tools: z9.array(toolPattern).default([]).describe("Catalog tools this tenant's workflows may call."),
    knowledge: z9.array(z9.union([name, z9.literal("*")])).default(["*"]).describe("Knowledge collections (directories under knowledge/) workflows may retrieve from.")
  }).describe("What this tenant's workflows may use. Anything not listed is refused.")
}).describe("tenant.yml: approvers, budgets and allowances of one tenant.");

// workflows-schema/tools.ts
import * as z10 from "zod";
var envVar2 = z10.string().regex(/^[A-Z_][A-Z0-9_]*$/, { message: "must be an environment variable name" });
var toolName = z10.string().regex(/^[a-z][a-z0-9_]{0,63}$/, {
  message: "must be lower-case letters, digits and '_', starting with a letter"
}).describe("Tool name within its namespace (snake_case, as model function-calling APIs expect).");
var connector = z10.discriminatedUnion("type", [
  z10.strictObject({
    type: z10.literal("http").describe("HTTP JSON API."),
    base_url: z10.url({ protocol: /^https?$/ }).describe("Base URL; requests never leave its host."),
    allowed_hosts: z10.array(z10.string().min(1)).optional().describe("Hosts the connector may call. Defaults to the host of `base_url`."),
    auth: z10.discriminatedUnion("type", [
      z10.strictObject({
        type: z10.literal("bearer").describe("`Authorization: Bearer <token>`."),
        token_env: envVar2.describe("Environment variable holding the token.")
      }),
      z10.strictObject({
        type: z10.literal("header").describe("A custom header."),
        header: z10.string().min(1).describe("Header name."),
        value_env: envVar2.describe("Environment variable holding the header value.")
      })
    ]).optional().describe("How requests authenticate. Secrets come from the environment only."),
    timeout: duration.default("10s").describe("Timeout of one request.")
  }).describe("Tools served over HTTP."),
  z10.strictObject({
    type: z10.literal("mcp").describe("A Model Context Protocol server over stdio."),
    command: z10.string().min(1).describe("Executable to start (no shell)."),
    args: z10.array(z10.string()).default([]).describe("Arguments, passed as an array (never through a shell)."),
    env: z10.array(envVar2).default([]).describe("Environment variables passed through to the server."),
    timeout: duration.default("30s").describe("Timeout of one call.")
  }).describe("Tools served by an MCP server."),
  z10.strictObject({
    type: z10.literal("builtin").describe("Functions built into the runner.")
  }).describe("Built-in tools.")
]).describe("How the tools of this namespace are reached.");
var tool = z10.strictObject({
  description: description.describe("What the tool does; shown to models that may call it."),
  effect: z10.enum(["read", "write"]).describe("`write` if calling the tool changes anything outside the run."),
  input: jsonSchema.describe(
    "JSON Schema of the arguments. Arguments are validated against it before every call."
  ),
  output: jsonSchema.optional().describe("JSON Schema of the result."),
  http: z10.strictObject({
    method: z10.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("POST").describe("HTTP method."),
    path: z10.string().regex(/^\/[A-Za-z0-9_.~{}/-]*$/, { message: "must be a path such as /customers/{id}" }).describe("Path under `base_url`; `{arg}` segments are filled from the arguments (URL-encoded).")
  }).optional().describe("HTTP binding. Remaining arguments go in the query (GET, DELETE) or a JSON body."),
  mcp_tool: z10.string().min(1).optional().describe("Name of the tool on the MCP server. Defaults to the tool name."),
  function: z10.string().min(1).optional().describe("Name of the built-in function. Defaults to the tool name."),
  idempotent: z10.boolean().default(false).describe(
    "Whether repeating a call is harmless. Non-idempotent write tools receive an idempotency key."
  )
}).describe("A tool: its effect, argument schema and binding.");
var toolCatalogFile = z10.strictObject({
  apiVersion,
  kind: z10.literal("ToolCatalog").describe("File kind: `ToolCatalog`."),
  namespace: name.describe("Namespace of these tools; workflows call them as NAMESPACE.TOOL."),
  description: description.optional(),
  connector,
  tools: z10.record(toolName, tool).describe("Tools by name.")
}).describe("tools/*.yml: a namespace of platform tools.");

// workflows-schema/workflow.ts
import * as z11 from "zod";
var check = z11.strictObject({
  type: z11.enum(["json-schema", "regex", "contains", "not-empty", "max-length", "expression"]).describe(
    "`json-schema`: the output matches the prompt's (or the given) schema; `regex`/`contains`: text checks; `max-length`: characters; `expression`: a `${{ }}` condition over `output`."
  ),
  value: templatedValue.optional().describe("The pattern, text, length, schema or expression the check needs."),
  name: z11.string().max(100).optional().describe("Name shown in the trace."),
  on_fail: z11.enum(["record", "fail"]).default("record").describe(
    "`record`: note the failed check in the trace; `fail`: fail the node (then `on_error` applies)."
  )
}).describe("A quality check on the node's output, recorded in the trace.");
var common2 = {
  description: description.optional(),
  needs: z11.array(nodeId).default([]).describe("Nodes that must finish before this one starts."),
  if: z11.union([expression, z11.boolean()]).optional().describe(
    "Run only when this is true; otherwise the node is skipped. `${{ }}` may be omitted, as in GitHub Actions."
  ),
  for_each: expression.optional().describe(
    "Run once per element of this array; `item` and `index` are available. Output is the array of results."
  ),
  max_concurrency: z11.int().min(1).max(100).default(4).describe("With `for_each`: how many elements run at once."),
  retry: retryPolicy.optional(),
  timeout: duration.optional().describe("Timeout of one attempt of this node."),
  on_error: z11.strictObject({
    fallback: nodeId.optional().describe("Node to run instead when this one fails; its output replaces this one's."),
    default: templatedValue.optional().describe("Value to use as this node's output when it fails.")
  }).optional().describe("What happens when the node fails after its retries. Give `fallback` or `default`."),
  checks: z11.array(check).default([]).describe("Quality checks on the output.")
};
var llmNode = z11.strictObject({
  type: z11.literal("llm").describe("A prompt sent through a model route."),
  prompt: reference.describe("Prompt name in this tenant."),
  route: reference.describe("Route name from the tenant's routes.yml."),
  with: z11.record(z11.string(), templatedValue).default({}).describe("Values of the prompt's variables."),
  tools: z11.strictObject({
    allow: z11.array(z11.string()).min(1).describe("Catalog tools (NAMESPACE.TOOL) the model may call."),
    max_steps: z11.int().min(1).max(20).default(4).describe("Most tool-calling rounds before the answer is forced.")
  }).optional().describe("Bounded tool use by the model; each call is policy-checked like a `tool` node."),
  ...common2
}).describe("Ask a model.");
var toolNode = z11.strictObject({
  type: z11.literal("tool").describe("A catalog tool called with typed arguments."),
  tool: z11.string().min(1).describe("Tool as NAMESPACE.TOOL from tools/."),
  with: z11.record(z11.string(), templatedValue).default({}).describe("Arguments, validated against the tool's input schema. Never spliced into commands."),
  idempotency_key: expression.optional().describe("Key that makes a repeated write harmless. Defaults to run id + node id."),
  ...common2
}).describe("Call a tool.");
var retrieveNode = z11.strictObject({
  type: z11.literal("retrieve").describe("Search this tenant's knowledge."),
  knowledge: reference.describe("Knowledge collection: a directory under the tenant's knowledge/."),
  query: templatedValue.describe("The search text."),
  top_k: z11.int().min(1).max(50).default(5).describe("How many passages to return."),
  ...common2
}).describe("Retrieve documents.");
var approvalNode = z11.strictObject({
  type: z11.literal("approval").describe("A human gate: the run parks until enough approvers decide."),
  approvers: z11.array(principal).min(1).describe("Who may approve. Must be approvers of the tenant."),
  min_approvals: z11.int().min(1).max(10).default(1).describe("Approvals needed to continue."),
  message: templatedValue.optional().describe("What the approvers are asked."),
  on_timeout: z11.enum(["deny", "fail"]).default("deny").describe("What a timeout means."),
  ...common2,
  timeout: duration.default("24h").describe("How long the run waits for a decision.")
}).describe("Wait for human approval.");
var transformNode = z11.strictObject({
  type: z11.literal("transform").describe("Compute a value from expressions; no model, no tool."),
  value: templatedValue.describe("The output value; strings may contain expressions."),
  ...common2
}).describe("Compute a value.");
var workflowNode = z11.strictObject({
  type: z11.literal("workflow").describe("Run another workflow of this tenant at a pinned version."),
  workflow: reference.describe("Workflow name in this tenant."),
  version: semver.describe("Exact version of the sub-workflow."),
  with: z11.record(z11.string(), templatedValue).default({}).describe("Inputs of the sub-workflow."),
  ...common2
}).describe("Run a sub-workflow.");
var node = z11.discriminatedUnion("type", [llmNode, toolNode, retrieveNode, approvalNode, transformNode, workflowNode]).describe("A node of the workflow DAG.");
var workflowFile = z11.strictObject({
  apiVersion,
  kind: z11.literal("Workflow").describe("File kind: `Workflow`."),
  name: name.describe("Workflow name, unique in its tenant."),
  version: semver,
  description: description.optional(),
  inputs: z11.record(z11.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, { message: "must be an identifier" }), jsonSchema).default({}).describe(
    "Inputs by name, each a JSON Schema. An input is required unless its schema has a `default`."
  ),
  outputs: z11.record(z11.string(), templatedValue).default({}).describe("Outputs by name, usually expressions over `nodes`."),
  budget: z11.strictObject({
    max_usd: usd.describe("Most a run may spend on models."),
    timeout: duration.describe("Most a run may take, excluding time parked at approvals.")
  }).describe("Limits of one run."),
  defaults: z11.strictObject({
    retry: retryPolicy.optional(),
    timeout: duration.optional().describe("Default timeout of one node attempt.")
  }).optional().describe("Defaults applied to every node."),
  max_concurrency: z11.int().min(1).max(100).default(8).describe("How many nodes run at once."),
  nodes: z11.record(nodeId, node).describe("The nodes, by id.")
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
      const value = node2.value;
      const lineIdx = countNewlines(value, valueOffset);
      const lineStart = value.lastIndexOf("\n", valueOffset - 1) + 1;
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
    const value = doc.toJS({ maxAliasCount: LIMITS.maxAliasCount });
    return { file, value, diagnostics };
  } catch (error) {
    const message2 = error.message;
    const text2 = /alias/i.test(message2) && /excessive|exhaust/i.test(message2) ? `Too many alias expansions (more than ${LIMITS.maxAliasCount}); this looks like a YAML alias bomb. Remove the aliases.` : `YAML could not be converted: ${message2}`;
    return { file, diagnostics: [yamlDiagnostic(path, text2)] };
  }
}
function describeYamlError(code, message2) {
  const first = message2.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? message2;
  switch (code) {
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
  constructor(data, file, dropped = /* @__PURE__ */ new Map()) {
    this.data = data;
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
function validateAgainst(schema, value, file) {
  const result = schema.safeParse(value);
  if (result.success) return { data: result.data, diagnostics: [] };
  const diagnostics = [];
  for (const issue of result.error.issues) {
    explain(issue, [], schema, value, file, diagnostics);
  }
  return { diagnostics };
}
function validateSalvaging(schema, value, file, collections) {
  const first = validateAgainst(schema, value, file);
  const dropped = /* @__PURE__ */ new Map();
  if (first.data !== void 0 || collections.length === 0 || value === null || typeof value !== "object") {
    return { ...first, dropped };
  }
  const result = schema.safeParse(value);
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
  const pruned = { ...value };
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
function valueAt(value, path) {
  let v = value;
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
  let value = rootValue;
  for (let i = 0; i <= path.length; i++) {
    if (!schema) return void 0;
    schema = unwrap(schema);
    if (i === path.length && !resolveFinalUnion) return schema;
    let d = def(schema);
    if (d.type === "union" && d.options) {
      schema = pickOption(d, value);
      if (!schema) return void 0;
      schema = unwrap(schema);
      d = def(schema);
    }
    if (i === path.length) return schema;
    const seg = path[i];
    value = value !== null && typeof value === "object" ? value[seg] : void 0;
    if (d.type === "object") schema = d.shape?.[String(seg)];
    else if (d.type === "array") schema = d.element;
    else if (d.type === "record") schema = d.valueType;
    else return void 0;
  }
  return schema;
}
function pickOption(d, value) {
  const options = d.options ?? [];
  if (d.discriminator && value && typeof value === "object") {
    const tag = value[d.discriminator];
    for (const o of options) {
      const shape = def(unwrap(o)).shape;
      const lit = shape?.[d.discriminator];
      if (lit && def(lit).values?.includes(tag)) return o;
    }
    return void 0;
  }
  if (value && typeof value === "object" && !Array.isArray(value)) {
    let best;
    let bestScore = -1;
    for (const o of options) {
      const shape = def(unwrap(o)).shape;
      if (!shape) continue;
      const score = Object.keys(value).filter((k) => k in shape).length;
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
    allPaths: new Set(entries.map((e) => e.path)),
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
function misplacedKind(expected, value) {
  if (value === null || typeof value !== "object") return void 0;
  const actual = value.kind;
  if (typeof actual !== "string" || actual === expected || !Object.hasOwn(FILE_KINDS, actual))
    return void 0;
  const belongs = FILE_KINDS[actual].where;
  return `This is a ${actual} file in the place of ${expected} files (${FILE_KINDS[expected].where}). Move it to ${belongs}, or fix its kind.`;
}
function declaredName(kind, value) {
  if (kind === "Charter" || kind === "Models" || kind === "Routes") return "";
  if (value === null || typeof value !== "object") return "";
  const v = value;
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
  const add = (map, list, e) => {
    list.push(e);
    if (!map.has(e.data.name)) map.set(e.data.name, e);
  };
  switch (kind) {
    case "Charter":
      repo.charter ??= entity;
      return;
    case "Models":
      repo.models ??= entity;
      return;
    case "ToolCatalog": {
      const e = entity;
      repo.allTools.push(e);
      if (!repo.tools.has(e.data.namespace)) repo.tools.set(e.data.namespace, e);
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

// core/text/canonical-json.ts
function canonicalJson(value) {
  return JSON.stringify(sortKeys(value));
}
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value).sort()) {
      const v = value[key];
      if (v !== void 0) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
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
  /** Every node that transitively depends on `n`. Works on cyclic graphs too. */
  descendants(n) {
    const out = /* @__PURE__ */ new Set();
    const queue = [...this.successors(n)];
    for (let i = 0; i < queue.length; i++) {
      const m = queue[i];
      if (out.has(m)) continue;
      out.add(m);
      queue.push(...this.successors(m));
    }
    return out;
  }
  /** Every node `n` transitively depends on. Works on cyclic graphs too. */
  ancestors(n) {
    if (!this.ancestorMemo) this.ancestorMemo = this.computeAncestors();
    return this.ancestorMemo.get(n) ?? /* @__PURE__ */ new Set();
  }
  computeAncestors() {
    const memo2 = /* @__PURE__ */ new Map();
    const order = this.topologicalOrder();
    if (order) {
      for (const n of order) {
        const set = /* @__PURE__ */ new Set();
        for (const p of this.predecessors(n)) {
          set.add(p);
          for (const a of memo2.get(p)) set.add(a);
        }
        memo2.set(n, set);
      }
      return memo2;
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
      memo2.set(n, set);
    }
    return memo2;
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

export {
  workflowNodes,
  splitReference,
  ownName,
  parseToolRef,
  toolAllowed,
  modelAllowed,
  knowledgeAllowed,
  Digraph,
  workflowGraph,
  suggestion,
  formatList,
  invalidKey,
  canonicalJson,
  CHANGE_KINDS,
  RISK_LEVELS,
  CONFIDENCE_DEFAULTS,
  promptFile,
  workflowFile,
  classifyPath,
  loadRepo,
  DirectorySource
};
