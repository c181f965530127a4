// app/server.ts
import { createServer } from "node:http";
import { createNodeMiddleware, createProbot } from "probot";

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

// app/charter-app.ts
import { timingSafeEqual } from "node:crypto";

// core/approvals/ai-drafted.ts
var AI_DRAFTED_LABEL = "ai-drafted";
var DRAFTED_BY_TRAILER = "Charter-Drafted-By";
var TRAILER = new RegExp(`^${DRAFTED_BY_TRAILER}:[ \\t]*(\\S.*)$`, "im");
function aiDraftedBecause(facts) {
  const because = [];
  if (facts.labels === void 0)
    because.push("its labels could not be read, so it is treated as AI-drafted");
  else if (facts.labels.some((l) => l.toLowerCase() === AI_DRAFTED_LABEL))
    because.push(`it is labelled ${AI_DRAFTED_LABEL}`);
  for (const c of facts.commits) {
    const short2 = c.sha.slice(0, 7);
    if (c.message === void 0) {
      because.push(`commit ${short2}'s message could not be read, so it is treated as AI-drafted`);
      continue;
    }
    const m = TRAILER.exec(c.message);
    if (m) because.push(`commit ${short2} carries ${DRAFTED_BY_TRAILER}: ${m[1].trim()}`);
  }
  if (facts.totalCommits > facts.commits.length)
    because.push(
      `${facts.totalCommits - facts.commits.length} of its commits could not be read, so it is treated as AI-drafted`
    );
  return because;
}

// core/async/memo-lru.ts
var MemoLru = class {
  entries = /* @__PURE__ */ new Map();
  capacity;
  constructor(capacity) {
    this.capacity = capacity;
  }
  get(key, compute) {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const promise = compute();
    this.entries.set(key, promise);
    promise.catch(() => {
      if (this.entries.get(key) === promise) this.entries.delete(key);
    });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value);
    return promise;
  }
  /** Stores a known value (e.g. one learned from a webhook). */
  set(key, value) {
    this.entries.delete(key);
    this.entries.set(key, Promise.resolve(value));
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value);
  }
  /** The value if present and settled successfully, without computing. */
  peek(key) {
    return this.entries.get(key);
  }
  get size() {
    return this.entries.size;
  }
};

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
  const where2 = describePath(path);
  const push = (message2, at = path, key = false) => {
    const pos = file.locate(at, key);
    out.push({ rule: "schema", severity: "error", ...pos, message: message2 });
  };
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeys(schemaAt(root, path, rootValue));
      for (const k of issue.keys) {
        const hint2 = allowed.length ? suggestion(k, allowed) : "";
        const list = allowed.length ? ` Allowed keys: ${allowed.join(", ")}.` : "";
        push(`Unknown key "${k}"${where2 ? ` in ${where2}` : ""}.${hint2 || list}`, [...path, k], true);
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
        push(`${where2 || "The file"} must be ${expectedText(issue)}, not ${typeName(actual)}.`);
      }
      return;
    }
    case "invalid_union": {
      if ("discriminator" in issue && issue.discriminator && issue.note === "No matching discriminator") {
        const options = (issue.options ?? []).map(String);
        const actual = valueAt(rootValue, path);
        const what = where2.replace(/\.[^.]+$/, "") || "value";
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
        `${where2 || "Value"} is not valid${choices.length ? `: expected ${formatList(choices, false)}` : ""}.`
      );
      return;
    }
    case "invalid_value": {
      const options = issue.values.map(String);
      const actual = valueAt(rootValue, path);
      const hint2 = typeof actual === "string" ? suggestion(actual, options) : "";
      push(
        options.length === 1 ? `${where2} must be "${options[0]}"${actual === void 0 ? "" : `, not ${JSON.stringify(actual)}`}.` : `${where2} has invalid value ${JSON.stringify(actual)}.${hint2 || ` Use one of ${formatList(options)}.`}`
      );
      return;
    }
    case "invalid_format": {
      const actual = valueAt(rootValue, path);
      const custom = issue.message && !issue.message.startsWith("Invalid") ? issue.message : `must be a valid ${issue.format}`;
      push(`${where2} ${custom} (got ${JSON.stringify(actual)}).`);
      return;
    }
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const word = issue.code === "too_small" ? "at least" : "at most";
      const unit = issue.origin === "array" ? ` item${Number(bound) === 1 ? "" : "s"}` : issue.origin === "string" ? ` character${Number(bound) === 1 ? "" : "s"}` : "";
      const exclusive = "inclusive" in issue && issue.inclusive === false;
      push(
        `${where2} must have ${exclusive ? issue.code === "too_small" ? "more than" : "less than" : word} ${String(bound)}${unit}.`
      );
      return;
    }
    default:
      push(`${where2 ? `${where2}: ` : ""}${issue.message}.`);
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

// core/diff/pairing.ts
function content(e) {
  return canonicalJson({ ...e.data, name: void 0, version: void 0 });
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
function weakerAssertions(before, after, where2) {
  const reasons = [];
  const remaining2 = [...after.map((a) => canonicalJson(a))];
  const dropped = before.filter((a) => {
    const i = remaining2.indexOf(canonicalJson(a));
    if (i >= 0) {
      remaining2.splice(i, 1);
      return false;
    }
    return true;
  });
  for (const a of dropped) {
    const match = after.find(
      (x) => assertionKey(x) === assertionKey(a) && !before.some((y) => canonicalJson(y) === canonicalJson(x))
    );
    if (!match) {
      reasons.push(`${where2}: assertion ${a.type}${a.transform ? ` on ${a.transform}` : ""} removed`);
    } else if (a.threshold !== void 0 && match.threshold !== a.threshold) {
      const looser = SCORE.has(a.type) ? (match.threshold ?? 0) < a.threshold : LIMIT.has(a.type) ? match.threshold === void 0 || match.threshold > a.threshold : false;
      if (looser) reasons.push(`${where2}: ${a.type} threshold ${a.threshold} → ${String(match.threshold)}`);
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
    const fields = diffFields(b.data, h.data, { depth: 2 });
    if (fields.length === 0) continue;
    const reasons = weakened(b.data, h.data);
    ctx.add({
      kind: reasons.length > 0 ? "eval-weakened" : "eval-changed",
      tenant,
      subject: subject(h.data.name),
      summary: reasons.length > 0 ? `Eval suite ${h.data.name} weakened: ${reasons.join("; ")}.` : `Eval suite ${h.data.name} changed: ${fields.map((f) => f.path).join(", ")}.`,
      file: h.path,
      fields
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
    const fields = diffFields(before, after, { depth: 2 });
    if (fields.length === 0) continue;
    const what = !before ? "added" : !after ? "removed" : `changed (${fields.map((f) => f.path).join(", ")})`;
    ctx.add({
      kind: "model-changed",
      subject: { type: "provider", name: key },
      summary: `Provider ${key} ${what}.`,
      file,
      fields
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
    const fields = diffFields(before, after, { depth: 2 });
    if (fields.length === 0) continue;
    ctx.add({
      kind: "model-changed",
      subject: { type: "model", name: key },
      summary: after ? `Model ${key} changed: ${fields.map((f) => f.path).join(", ")}.` : `Model ${key} removed.`,
      file,
      fields
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
      const fields = diffFields(before, after, { depth: 2 });
      if (fields.length === 0) continue;
      if (before?.effect === "read" && after?.effect === "write") {
        ctx.add({
          kind: "tool-write",
          subject: { type: "tool", name: name2 },
          summary: `Tool ${name2} changed from read to write.`,
          file,
          fields
        });
      }
      ctx.add({
        kind: "tool-changed",
        subject: { type: "tool", name: name2 },
        summary: `Tool ${name2} changed: ${fields.map((f) => f.path).join(", ")}.`,
        file,
        fields
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
  const fields = diffFields(b, a, { depth: 3 });
  const raised = fields.filter(
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
  const policy = fields.filter((f) => !raised.includes(f));
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
  const fields = diffFields(base.charter?.data, head.charter?.data, { depth: 3 });
  if (fields.length === 0) return;
  ctx.add({
    kind: "policy-changed",
    subject: { type: "charter", name: "charter.yml" },
    summary: `charter.yml changed: ${fields.map((f) => f.path || "(whole file)").join(", ")}.`,
    file: head.charter?.path ?? "charter.yml",
    fields
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
    const fields = diffFields(
      { ...b.data, messages: void 0, version: void 0 },
      { ...h.data, messages: void 0, version: void 0 },
      { depth: 3 }
    );
    const text = unifiedDiff(promptText(b.data), promptText(h.data));
    if (fields.length === 0 && text === "") continue;
    const what = [...text ? ["messages"] : [], ...fields.map((f) => f.path)];
    ctx.add({
      kind: "prompt-changed",
      tenant,
      subject: { type: "prompt", name: h.data.name },
      summary: `Prompt ${h.data.name} ${b.data.version} → ${h.data.version}: ${what.join(", ")} changed.`,
      file: h.path,
      fields,
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
    const fields = diffFields(b, a, { depth: 3 });
    if (fields.length === 0) continue;
    const capBefore = b?.budget?.max_usd_per_call;
    const capAfter = a?.budget?.max_usd_per_call;
    const raised = capBefore !== void 0 && capAfter === void 0 || capBefore !== void 0 && capAfter !== void 0 && capAfter > capBefore;
    const other = fields.filter((f) => f.path !== "budget.max_usd_per_call" && f.path !== "budget");
    if (raised) {
      ctx.add({
        kind: "budget-increased",
        tenant,
        subject,
        summary: `Route ${name2}: per-call cap ${String(capBefore)} → ${capAfter === void 0 ? "none" : String(capAfter)}.`,
        file,
        fields: fields.filter((f) => f.path.startsWith("budget"))
      });
    }
    if (other.length > 0 || !raised) {
      const targets = fields.some((f) => f.path === "targets") ? ` targets ${b.targets.map((t) => t.model).join(", ")} → ${a.targets.map((t) => t.model).join(", ")}` : "";
      ctx.add({
        kind: "route-changed",
        tenant,
        subject,
        summary: `Route ${name2} changed:${targets || ` ${other.map((f) => f.path).join(", ")}`}.`,
        file,
        fields: raised ? other : fields
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

// core/lint/walk.ts
var TOOL_REF = /^([a-z][a-z0-9-]*)\.([a-z][a-z0-9_]*)$/;
function parseToolRef(ref) {
  const m = TOOL_REF.exec(ref);
  return m ? { namespace: m[1], tool: m[2] } : void 0;
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
  return workflowGraph(wf).graph.descendants(id);
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
  return [...edgesOf(wf).values()].map((e) => ({ ...e, status }));
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
  const budget = settings.filter((f) => f.path.startsWith("budget."));
  const raised = budget.filter(
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
      const fields = nodeFields(before, after);
      nodes.push({ id, status: fields.length > 0 ? "changed" : "unchanged", type: after.type, fields });
      if (fields.length > 0) {
        ctx.add({
          kind: "node-changed",
          tenant,
          subject: subject("node", id),
          summary: `${name2}: node ${id} changed (${fields.map((f) => f.path).join(", ")}).`,
          file: h.path,
          fields
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
  for (const [key, e] of he) {
    const was = be.get(key);
    edges.push({ ...e, status: was ? "unchanged" : "added" });
    if (!was)
      ctx.add({
        kind: "edge-changed",
        tenant,
        subject: subject("edge", `${e.from} → ${e.to}`),
        summary: `${name2}: ${edgeWords(e)} added.`,
        file: h.path
      });
  }
  for (const [key, e] of be) {
    if (he.has(key)) continue;
    edges.push({ ...e, status: "removed" });
    ctx.add({
      kind: "edge-changed",
      tenant,
      subject: subject("edge", `${e.from} → ${e.to}`),
      summary: `${name2}: ${edgeWords(e)} removed.`,
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
  const changed = nodes.some((n) => n.status !== "unchanged") || edges.some((e) => e.status !== "unchanged") || settings.length > 0;
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
function edgeWords(e) {
  return e.kind === "fallback" ? `fallback ${e.from} → ${e.to}` : `dependency ${e.from} → ${e.to}`;
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

// core/github/snapshot-error.ts
var GitHubSnapshotError = class extends Error {
  name = "GitHubSnapshotError";
  /** HTTP status of the failed request, if the failure was an HTTP error response. */
  status;
  constructor(message2, options = {}) {
    super(message2, { cause: options.cause });
    if (options.status !== void 0) this.status = options.status;
  }
};
function hint(status, message2, repo) {
  if (status === 429 || /rate limit/i.test(message2)) return "GitHub's rate limit was reached; retry later.";
  if (status === 401) return "GitHub rejected the token; check the GitHub App's credentials.";
  if (status === 403 || status === 404 || /NOT_FOUND|FORBIDDEN/.test(message2)) {
    return `Check that the commit exists and that the GitHub App is installed on ${repo} with the Contents: read permission.`;
  }
  if (status !== void 0 && status >= 500) return "GitHub had a server error; retry later.";
  return "";
}
function withHint(text, tail) {
  return tail ? `${text.replace(/\.$/, "")}. ${tail}` : text;
}
function snapshotError(error, what, repo) {
  if (error instanceof GitHubSnapshotError) return error;
  const e = typeof error === "object" && error !== null ? error : {};
  const raw = typeof e.message === "string" ? e.message : String(error);
  if (Array.isArray(e.errors)) {
    const messages = e.errors.map(
      (x) => [typeof x?.type === "string" ? x.type : "", typeof x?.message === "string" ? x.message : ""].filter(Boolean).join(": ")
    ).filter(Boolean);
    const text = messages.length > 0 ? messages.join("; ") : raw;
    return new GitHubSnapshotError(
      withHint(`GitHub GraphQL error while ${what}: ${text}`, hint(void 0, text, repo)),
      { cause: error }
    );
  }
  if (typeof e.status === "number" && e.response !== void 0) {
    return new GitHubSnapshotError(
      withHint(`GitHub API error ${e.status} while ${what}: ${raw}`, hint(e.status, raw, repo)),
      { status: e.status, cause: error }
    );
  }
  return new GitHubSnapshotError(
    withHint(
      `Could not reach GitHub while ${what}: ${raw}`,
      "Check the network (and HTTPS_PROXY, if a proxy is needed) and retry."
    ),
    { cause: error }
  );
}

// core/github/pull-request-query.ts
var ACTOR = "__typename login ... on User { databaseId } ... on Bot { databaseId } ... on Mannequin { databaseId }";
var PERSON = "name email user { login databaseId }";
var REVIEWS = `totalCount nodes { databaseId state submittedAt commit { oid } author { ${ACTOR} } } pageInfo { hasNextPage endCursor }`;
var COMMITS = `totalCount nodes { commit { oid message author { ${PERSON} } committer { ${PERSON} } } } pageInfo { hasNextPage endCursor }`;
var MEMBERS = "totalCount nodes { databaseId } pageInfo { hasNextPage endCursor }";
var GitHubQueryError = class extends GitHubSnapshotError {
  name = "GitHubQueryError";
};
function actor(raw) {
  if (!raw || typeof raw.databaseId !== "number") return null;
  return { id: raw.databaseId, login: raw.login, type: raw.__typename };
}
function person(raw) {
  const user = raw?.user && typeof raw.user.databaseId === "number" ? { id: raw.user.databaseId, login: raw.user.login, type: "User" } : null;
  return { name: raw?.name ?? null, email: raw?.email ?? null, user };
}
function identityFields(ids) {
  const defs = [];
  const fields = [];
  const vars = {};
  ids.users.forEach((login2, i) => {
    defs.push(`$u${i}: String!`);
    vars[`u${i}`] = login2;
    fields.push(`u${i}: user(login: $u${i}) { databaseId }`);
  });
  ids.teams.forEach((t, i) => {
    defs.push(`$to${i}: String!`, `$ts${i}: String!`);
    vars[`to${i}`] = t.org;
    vars[`ts${i}`] = t.slug;
    fields.push(
      `t${i}: organization(login: $to${i}) { team(slug: $ts${i}) { members(first: 100) { ${MEMBERS} } } }`
    );
  });
  return { defs, fields, vars };
}
var IDENTITY_ALIAS = /^[ut]\d+$/;
async function query(api, text, vars, what) {
  try {
    return { data: await api.graphql(text, vars), identityErrors: {} };
  } catch (error) {
    const e = error;
    const identityErrors = {};
    const local = e.errors?.every((x) => {
      const alias = String(x.path?.[0] ?? "");
      if (!IDENTITY_ALIAS.test(alias)) return false;
      identityErrors[alias] = x.message;
      return true;
    });
    if (e.data && local) return { data: e.data, identityErrors };
    const detail = e.errors?.map((x) => x.message).join("; ") ?? error.message;
    throw new GitHubQueryError(`GitHub API error while reading ${what}: ${detail}`, {
      ...e.status === void 0 ? {} : { status: e.status },
      cause: error
    });
  }
}
async function readDirectory(api, ids, answer, dir) {
  const raw = answer.data;
  ids.users.forEach((login2, i) => {
    const u = raw[`u${i}`];
    dir.users[login2] = u && typeof u.databaseId === "number" ? u.databaseId : null;
  });
  for (const [i, t] of ids.teams.entries()) {
    const org = raw[`t${i}`];
    if (!org?.team) {
      const why = answer.identityErrors[`t${i}`];
      dir.teams[t.key] = {
        error: why ?? `team ${t.org}/${t.slug} does not exist or the app cannot see it`
      };
      continue;
    }
    const members = org.team.members.nodes.map((n) => n.databaseId);
    let page = org.team.members.pageInfo;
    while (page.hasNextPage) {
      const { data: more } = await query(
        api,
        `query CharterTeamMembers($org: String!, $slug: String!, $after: String) { organization(login: $org) { team(slug: $slug) { members(first: 100, after: $after) { ${MEMBERS} } } } }`,
        { org: t.org, slug: t.slug, after: page.endCursor },
        `members of ${t.org}/${t.slug}`
      );
      members.push(...more.organization.team.members.nodes.map((n) => n.databaseId));
      page = more.organization.team.members.pageInfo;
    }
    dir.teams[t.key] = { members };
  }
}
async function fetchDirectory(api, ids) {
  const dir = { users: {}, teams: {} };
  if (ids.users.length === 0 && ids.teams.length === 0) return dir;
  const { defs, fields, vars } = identityFields(ids);
  const answer = await query(
    api,
    `query CharterDirectory(${defs.join(", ")}) { ${fields.join(" ")} }`,
    vars,
    "approvers and teams"
  );
  await readDirectory(api, ids, answer, dir);
  return dir;
}
async function remaining(api, target2, field, selection, first) {
  const nodes = [...first.nodes];
  let page = first.pageInfo;
  while (page.hasNextPage) {
    const { data: more } = await query(
      api,
      `query CharterPullRequestPage($owner: String!, $repo: String!, $number: Int!, $after: String) { repository(owner: $owner, name: $repo) { pullRequest(number: $number) { ${field}(first: 100, after: $after) { ${selection} } } } }`,
      { ...target2, after: page.endCursor },
      `${field} of ${target2.owner}/${target2.repo}#${target2.number}`
    );
    const next = more.repository.pullRequest[field];
    nodes.push(...next.nodes);
    page = next.pageInfo;
  }
  return nodes;
}
async function fetchPullRequest(api, target2, ids) {
  const extra = ids ? identityFields(ids) : { defs: [], fields: [], vars: {} };
  const text = `query CharterPullRequest($owner: String!, $repo: String!, $number: Int!${extra.defs.map((d) => `, ${d}`).join("")}) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      number state isDraft isCrossRepository baseRefName baseRefOid headRefOid changedFiles
      author { ${ACTOR} }
      reviews(first: 100) { ${REVIEWS} }
      commits(first: 100) { ${COMMITS} }
      labels(first: 100) { totalCount nodes { name } }
      reviewRequests(first: 100) { nodes { requestedReviewer { __typename ... on User { login } ... on Team { slug } } } }
    }
  }
  ${extra.fields.join("\n  ")}
}`;
  const where2 = `${target2.owner}/${target2.repo}#${target2.number}`;
  const answer = await query(api, text, { ...target2, ...extra.vars }, `pull request ${where2}`);
  const p = answer.data.repository?.pullRequest;
  if (!p)
    throw new GitHubQueryError(`Pull request ${where2} was not found, or the app cannot read it.`, {
      status: 404
    });
  const [reviews, commits] = await Promise.all([
    remaining(api, target2, "reviews", REVIEWS, p.reviews),
    remaining(api, target2, "commits", COMMITS, p.commits)
  ]);
  const requested = p.reviewRequests.nodes.map((n) => n.requestedReviewer).filter((r) => r !== null);
  const pr = {
    number: p.number,
    state: p.state,
    draft: p.isDraft,
    author: actor(p.author),
    baseRef: p.baseRefName,
    baseSha: p.baseRefOid,
    headSha: p.headRefOid,
    fromFork: p.isCrossRepository,
    changedFiles: p.changedFiles,
    totalCommits: p.commits.totalCount,
    commits: commits.map((c) => ({
      sha: c.commit.oid,
      author: person(c.commit.author),
      committer: person(c.commit.committer),
      ...typeof c.commit.message === "string" ? { message: c.commit.message } : {}
    })),
    reviews: reviews.map((r) => ({
      id: r.databaseId,
      author: actor(r.author),
      state: r.state,
      commitId: r.commit?.oid ?? null,
      submittedAt: r.submittedAt
    })),
    requestedReviewers: {
      users: requested.filter((r) => r.login).map((r) => r.login),
      teams: requested.filter((r) => r.slug).map((r) => r.slug)
    },
    // More labels than one page is implausible; if it happens, "unknown" fails closed.
    ...p.labels && p.labels.totalCount <= p.labels.nodes.length ? { labels: p.labels.nodes.map((l) => l.name) } : {}
  };
  if (!ids) return { pr };
  const directory = { users: {}, teams: {} };
  await readDirectory(api, ids, answer, directory);
  return { pr, directory };
}

// core/approvals/contributors.ts
var NOREPLY = /^(\d+)\+([^@]+)@users\.noreply\.github\.com$/i;
var MAX_LISTED_COMMITS = 250;
var MAX_LISTED_FILES = 3e3;
function accountOf(person2) {
  if (person2.user) return person2.user;
  const m = person2.email ? NOREPLY.exec(person2.email) : null;
  if (!m) return void 0;
  const login2 = m[2];
  return { id: Number(m[1]), login: login2, type: login2.endsWith("[bot]") ? "Bot" : "User" };
}
function contributors(facts) {
  const excluded = /* @__PURE__ */ new Map();
  const problems = [];
  const exclude = (actor2, why) => {
    if (!excluded.has(actor2.id)) excluded.set(actor2.id, why);
  };
  if (facts.author) exclude(facts.author, "opened the pull request");
  else
    problems.push(
      "The pull request's author account no longer exists, so Charter cannot tell who must not approve. Open a new pull request."
    );
  for (const commit of facts.commits) {
    const short2 = commit.sha.slice(0, 7);
    for (const [role, person2] of [
      ["author", commit.author],
      ["committer", commit.committer]
    ]) {
      const account = accountOf(person2);
      if (account) {
        exclude(account, role === "author" ? `authored commit ${short2}` : `committed ${short2}`);
        continue;
      }
      problems.push(
        `Commit ${short2}'s ${role} ${person2.email ? `<${person2.email}>` : "(no email)"} is not linked to a GitHub account, so Charter cannot tell who wrote it and no approval can be trusted. Re-create the commit with an email verified on the ${role}'s GitHub account.`
      );
    }
  }
  for (const pusher of facts.pushers) exclude(pusher, "pushed to the pull request");
  if (facts.totalCommits > facts.commits.length)
    problems.push(
      `The pull request has ${facts.totalCommits} commits but GitHub lists only ${facts.commits.length}${facts.totalCommits > MAX_LISTED_COMMITS ? ` (its limit is ${MAX_LISTED_COMMITS})` : ""}, so their authors cannot all be checked. Squash or split the pull request.`
    );
  if (facts.changedFiles > MAX_LISTED_FILES)
    problems.push(
      `The pull request changes ${facts.changedFiles} files; GitHub lists at most ${MAX_LISTED_FILES}, so reviewers cannot see the whole change. Split it into smaller pull requests.`
    );
  return { excluded, problems };
}

// core/approvals/facts.ts
var REVIEW_STATES = ["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING"];

// core/approvals/principals.ts
function normalizePrincipal(p) {
  if (typeof p === "string") {
    if (p.startsWith("user:")) return { type: "user", login: p.slice(5), label: p };
    const [org2, slug2] = p.slice(5).split("/");
    return { type: "team", org: org2, slug: slug2, key: `${org2}/${slug2}`.toLowerCase(), label: p };
  }
  if ("user" in p)
    return {
      type: "user",
      login: p.user,
      ...p.id === void 0 ? {} : { id: p.id },
      label: `user:${p.user}`
    };
  const [org, slug] = p.team.split("/");
  return { type: "team", org, slug, key: p.team.toLowerCase(), label: `team:${p.team}` };
}
function membership(id, principals, dir) {
  const unknown2 = [];
  for (const p of principals) {
    if (p.type === "user") {
      const pid = p.id ?? dir.users[p.login.toLowerCase()];
      if (pid === id) return { member: true, via: p.label };
      if (pid === void 0) unknown2.push(`${p.label} was not resolved`);
    } else {
      const team = dir.teams[p.key];
      if (!team) unknown2.push(`members of ${p.label} were not read`);
      else if ("error" in team) unknown2.push(`members of ${p.label} could not be read (${team.error})`);
      else if (team.members.includes(id)) return { member: true, via: p.label };
    }
  }
  return unknown2.length ? { member: false, unknown: unknown2.join("; ") } : { member: false };
}
function identitiesToResolve(principals) {
  const users = /* @__PURE__ */ new Set();
  const teams = /* @__PURE__ */ new Map();
  for (const p of principals) {
    if (p.type === "user" && p.id === void 0) users.add(p.login.toLowerCase());
    if (p.type === "team") teams.set(p.key, { org: p.org, slug: p.slug, key: p.key });
  }
  return { users: [...users].sort(), teams: [...teams.values()].sort((a, b) => a.key < b.key ? -1 : 1) };
}

// core/approvals/policy.ts
function escalationRule(e) {
  return {
    kinds: e.kinds ?? [],
    ...e.min_level ? { minLevel: e.min_level } : {},
    approvers: e.approvers.map(normalizePrincipal),
    required: e.required
  };
}
function firstError(diagnostics, file) {
  return diagnostics.find((d) => d.severity === "error" && d.file === file);
}
var where = (d) => `${d.file}:${d.line}:${d.column}: ${d.message}`;
function approvalPolicy(base, sha, root) {
  const { repo, diagnostics } = base;
  const at = `on the base commit ${sha.slice(0, 12)}`;
  const charter = repo.charter;
  if (!charter) {
    const exists = repo.paths.some((p) => /^charter\.ya?ml$/.test(p));
    const bad = exists ? diagnostics.find((d) => d.severity === "error" && /^charter\.ya?ml$/.test(d.file)) : void 0;
    return {
      ok: false,
      problem: bad ? `charter.yml ${at} is invalid (${where(bad)}). Fix it on the base branch first; until then no pull request can be approved.` : `There is no valid charter.yml ${at}. Add one on the base branch first.`
    };
  }
  const charterError = firstError(diagnostics, charter.path);
  if (charterError)
    return {
      ok: false,
      problem: `charter.yml ${at} has an error (${where(charterError)}). Fix it on the base branch first; until then no pull request can be approved.`
    };
  const c = charter.data;
  const tenants = /* @__PURE__ */ new Map();
  const invalidTenants = /* @__PURE__ */ new Map();
  for (const [name2, tenant] of repo.tenants) {
    const config = tenant.config;
    const file = config?.path ?? `${tenant.dir}/tenant.yml`;
    const error = firstError(diagnostics, file);
    if (!config || error) {
      if (error || tenant.invalid.has(`Tenant:${name2}`))
        invalidTenants.set(name2, error ? where(error) : `${file}: the file is invalid`);
      continue;
    }
    const a = config.data.approvals;
    tenants.set(name2, {
      name: name2,
      file,
      required: a.required,
      approvers: a.approvers.map(normalizePrincipal),
      escalations: a.escalations.map(escalationRule),
      allowBots: a.allow_bots.map((b) => b.toLowerCase())
    });
  }
  return {
    ok: true,
    policy: {
      sha,
      root,
      governance: {
        owners: c.governance.owners.map(normalizePrincipal),
        required: c.governance.required,
        requestReviews: c.governance.request_reviews
      },
      escalations: c.risk.escalations.map(escalationRule),
      riskLevels: c.risk.levels,
      drafts: { extraApprovals: c.drafts.extra_approvals },
      tenants,
      invalidTenants
    }
  };
}
function policyRisk(policy, kind) {
  return policy.riskLevels[kind] ?? CHANGE_KIND_INFO[kind].risk;
}

// core/approvals/requirements.ts
var PLATFORM_FILE = /^(?:charter|models)\.ya?ml$/;
var TENANT_FILE = /^tenants\/([^/]+)\/tenant\.ya?ml$/;
function area(rel) {
  if (PLATFORM_FILE.test(rel)) return { platform: rel };
  if (rel.startsWith("tools/")) return { platform: "tools/" };
  const parts = rel.split("/");
  if (parts[0] === "tenants" && parts.length >= 3) {
    if (TENANT_FILE.test(rel)) return { tenant: parts[1], platform: rel };
    return { tenant: parts[1] };
  }
  if (parts[0] === "cassettes" && parts.length >= 3) return { tenant: parts[1] };
  return { platform: rel };
}
function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
function matches(e, change, policy) {
  if (e.kinds.includes(change.kind)) return true;
  return e.minLevel !== void 0 && riskRank(policyRisk(policy, change.kind)) >= riskRank(e.minLevel);
}
function escalationTitle(e, scope) {
  const what = [
    ...e.kinds.length ? [e.kinds.join(", ")] : [],
    ...e.minLevel ? [`risk ≥ ${e.minLevel}`] : []
  ].join(" or ");
  return `${scope} escalation (${what})`;
}
function requirementsFor(policy, paths, changes, aiDrafted = []) {
  const prefix = policy.root ? `${policy.root}/` : "";
  const tenantFiles = /* @__PURE__ */ new Map();
  const platform = /* @__PURE__ */ new Set();
  let outside = 0;
  for (const path of paths) {
    if (!path.startsWith(prefix)) {
      outside++;
      continue;
    }
    const a = area(path.slice(prefix.length));
    if (a.tenant) tenantFiles.set(a.tenant, (tenantFiles.get(a.tenant) ?? 0) + 1);
    if (a.platform) platform.add(a.platform);
  }
  for (const c of changes) if (c.tenant && !tenantFiles.has(c.tenant)) tenantFiles.set(c.tenant, 0);
  const requirements = [];
  const governanceBecause = [];
  for (const file of [...platform].sort()) {
    const tenantFile2 = TENANT_FILE.exec(file);
    governanceBecause.push(
      tenantFile2 ? `${prefix}${file} (tenant ${tenantFile2[1]}'s policy) changed` : file === "tools/" ? `the tool catalog (${prefix}tools/) changed` : PLATFORM_FILE.test(file) ? `${prefix}${file} changed` : `${prefix}${file} belongs to no tenant`
    );
  }
  for (const [tenant, files] of [...tenantFiles].sort(([a], [b]) => a < b ? -1 : 1)) {
    const because = files > 0 ? [`${plural(files, "file")} of tenant ${tenant} changed`] : [];
    const changed = changes.filter((c) => c.tenant === tenant);
    if (files === 0 && changed.length)
      because.push(`${plural(changed.length, "change")} in tenant ${tenant}`);
    const t = policy.tenants.get(tenant);
    const invalid = policy.invalidTenants.get(tenant);
    if (t) {
      requirements.push({
        id: `tenant:${tenant}`,
        tenant,
        title: tenant,
        required: t.required,
        approvers: t.approvers,
        allowBots: t.allowBots,
        because
      });
      t.escalations.forEach((e, i) => {
        const hits = changed.filter((c) => matches(e, c, policy));
        if (hits.length === 0) return;
        requirements.push({
          id: `escalation:${tenant}:${i}`,
          tenant,
          title: escalationTitle(e, tenant),
          required: e.required,
          approvers: e.approvers,
          allowBots: [],
          because: hits.map((c) => `${c.kind}: ${c.summary}`),
          covers: hits.map((c) => ({
            kind: c.kind,
            ...c.tenant ? { tenant: c.tenant } : {},
            summary: c.summary
          }))
        });
      });
    } else if (invalid) {
      requirements.push({
        id: `tenant:${tenant}`,
        tenant,
        title: tenant,
        required: 1,
        approvers: [],
        allowBots: [],
        because,
        problem: `Tenant ${tenant}'s tenant.yml is invalid on the base commit (${invalid}). Fix it on the base branch first.`
      });
    } else {
      governanceBecause.push(`tenant ${tenant} has no tenant.yml on the base branch (a new tenant)`);
    }
  }
  policy.escalations.forEach((e, i) => {
    const hits = changes.filter((c) => matches(e, c, policy));
    if (hits.length === 0) return;
    requirements.push({
      id: `escalation:*:${i}`,
      title: escalationTitle(e, "platform"),
      required: e.required,
      approvers: e.approvers,
      allowBots: [],
      because: hits.map((c) => `${c.kind}${c.tenant ? ` in ${c.tenant}` : ""}: ${c.summary}`),
      covers: hits.map((c) => ({
        kind: c.kind,
        ...c.tenant ? { tenant: c.tenant } : {},
        summary: c.summary
      }))
    });
  });
  if (governanceBecause.length > 0)
    requirements.unshift({
      id: "governance",
      title: "governance",
      required: policy.governance.required,
      approvers: policy.governance.owners,
      allowBots: [],
      because: governanceBecause
    });
  return {
    requirements: withDraftApprovals(requirements, policy, aiDrafted),
    outside,
    governed: paths.length - outside
  };
}
function withDraftApprovals(requirements, policy, aiDrafted) {
  const extra = policy.drafts.extraApprovals;
  if (extra === 0 || aiDrafted.length === 0) return requirements;
  const out = [];
  for (const r of requirements) {
    out.push(r);
    if (r.problem || r.id !== "governance" && !r.id.startsWith("tenant:")) continue;
    out.push({
      id: `ai-drafted:${r.tenant ?? "governance"}`,
      ...r.tenant === void 0 ? {} : { tenant: r.tenant },
      title: `${r.title} (AI-drafted)`,
      required: r.required + extra,
      approvers: r.approvers,
      // Bots never count towards the approvals an AI-drafted change needs.
      allowBots: [],
      because: [
        ...aiDrafted,
        `charter.yml drafts.extra_approvals asks ${plural(extra, "more human approval")} than ${r.title}'s ${r.required}`
      ]
    });
  }
  return out;
}

// core/approvals/evaluate.ts
var short = (sha) => (sha ?? "unknown").slice(0, 7);
function latestOpinions(reviews) {
  const ordered = [...reviews].sort(
    (a, b) => Date.parse(a.submittedAt ?? "") - Date.parse(b.submittedAt ?? "") || a.id - b.id
  );
  const latest = /* @__PURE__ */ new Map();
  for (const r of ordered) {
    if (!r.author) continue;
    if (r.state === "APPROVED" || r.state === "CHANGES_REQUESTED" || r.state === "DISMISSED")
      latest.set(r.author.id, r);
  }
  return latest;
}
function judge(req, facts, latest, people, dir) {
  const approvedBy = [];
  const blockedBy = [];
  const verdicts = [];
  for (const review of latest.values()) {
    const user = review.author;
    const bot = user.type !== "User";
    const allowedBot = bot && req.allowBots.includes(user.login.toLowerCase());
    const m = bot ? { member: allowedBot, via: "allow_bots" } : membership(user.id, req.approvers, dir);
    const verdict2 = (counted, note) => verdicts.push({ user, state: review.state, counted, note });
    if (review.state === "CHANGES_REQUESTED") {
      if (m.member) {
        blockedBy.push(user);
        verdict2(false, "requested changes: blocks until they approve or the review is dismissed");
      }
      continue;
    }
    if (review.state === "DISMISSED") {
      if (m.member) verdict2(false, "review dismissed");
      continue;
    }
    if (bot && !allowedBot) {
      verdict2(false, `a ${user.type.toLowerCase()} account; bots count only when listed in allow_bots`);
      continue;
    }
    const excluded = people.excluded.get(user.id);
    if (excluded) {
      verdict2(false, `${excluded}; contributors cannot approve their own change`);
      continue;
    }
    if (review.commitId !== facts.headSha) {
      verdict2(
        false,
        `approved ${short(review.commitId)}; the head is now ${short(facts.headSha)} (a push invalidates approvals)`
      );
      continue;
    }
    if (facts.headPushedAt && review.submittedAt && Date.parse(review.submittedAt) < Date.parse(facts.headPushedAt)) {
      verdict2(false, `approved before the latest push (${facts.headPushedAt})`);
      continue;
    }
    if (!m.member) {
      const unknown2 = "unknown" in m && m.unknown ? ` (${m.unknown})` : "";
      verdict2(false, `not an approver for ${req.title}${unknown2}`);
      continue;
    }
    approvedBy.push(user);
    verdict2(true, `approved ${short(facts.headSha)} as ${m.via}`);
  }
  const missing = Math.max(0, req.required - approvedBy.length);
  const status = req.problem ? "error" : blockedBy.length > 0 ? "blocked" : missing === 0 ? "approved" : "pending";
  return { ...req, status, approvedBy, blockedBy, missing, verdicts };
}
function reviewRequests(results, facts, people, latest, dir) {
  const users = /* @__PURE__ */ new Set();
  const teams = /* @__PURE__ */ new Set();
  const requested = new Set(facts.requestedReviewers.users.map((u) => u.toLowerCase()));
  const requestedTeams = new Set(facts.requestedReviewers.teams.map((t) => t.toLowerCase()));
  const [owner] = facts.repository.split("/");
  for (const r of results) {
    if (r.status !== "pending") continue;
    for (const p of r.approvers) {
      if (p.type === "team") {
        if (p.org.toLowerCase() === owner?.toLowerCase() && !requestedTeams.has(p.slug.toLowerCase()))
          teams.add(p.slug);
        continue;
      }
      const id = p.id ?? dir.users[p.login.toLowerCase()];
      if (id === void 0 || id === null || people.excluded.has(id)) continue;
      if (latest.get(id)?.state === "APPROVED" && latest.get(id)?.commitId === facts.headSha) continue;
      if (!requested.has(p.login.toLowerCase())) users.add(p.login);
    }
  }
  return { users: [...users].sort().slice(0, 15), teams: [...teams].sort().slice(0, 15) };
}
function titleOf(conclusion, results, problems) {
  const counts = (rs) => rs.map((r) => `${r.title} ${r.approvedBy.length}/${r.required}`).join(", ");
  switch (conclusion) {
    case "error": {
      const first = problems[0] ?? results.find((r) => r.problem)?.problem ?? "unknown problem";
      return `Cannot be approved: ${first.split(". ")[0].replace(/\.$/, "")}`;
    }
    case "blocked": {
      const blocked = results.filter((r) => r.status === "blocked");
      const who2 = [...new Set(blocked.flatMap((r) => r.blockedBy.map((u) => u.login)))].join(", ");
      return `Changes requested by ${who2} (${blocked.map((r) => r.title).join(", ")})`;
    }
    case "pending":
      return `Waiting for approval: ${counts(results.filter((r) => r.status === "pending"))}`;
    default:
      return results.length ? `Approved: ${counts(results)}` : "No governed files changed";
  }
}
function evaluateApprovals(policyResult, facts, dir) {
  const base = {
    outside: 0,
    governed: 0,
    baseRef: facts.baseRef,
    headSha: facts.headSha,
    reviewRequests: { users: [], teams: [] }
  };
  if (!policyResult.ok) {
    const problems2 = [policyResult.problem];
    return {
      ...base,
      conclusion: "error",
      title: titleOf("error", [], problems2),
      problems: problems2,
      requirements: []
    };
  }
  const policy = policyResult.policy;
  const people = contributors(facts);
  const problems = [...people.problems];
  for (const r of facts.reviews)
    if (!REVIEW_STATES.includes(r.state))
      problems.push(
        `Review ${r.id} by ${r.author?.login ?? "a deleted account"} is in state "${r.state}", which this version of Charter does not know; it fails closed. Upgrade Charter.`
      );
  const drafted = policy.drafts.extraApprovals > 0 ? aiDraftedBecause(facts) : [];
  const touched = requirementsFor(policy, facts.paths, facts.changes, drafted);
  const latest = latestOpinions(facts.reviews);
  const requirements = touched.requirements.map((req) => judge(req, facts, latest, people, dir));
  const conclusion = problems.length > 0 || requirements.some((r) => r.status === "error") ? "error" : requirements.some((r) => r.status === "blocked") ? "blocked" : requirements.every((r) => r.status === "approved") ? "approved" : "pending";
  return {
    ...base,
    outside: touched.outside,
    governed: touched.governed,
    policySha: policy.sha,
    conclusion,
    title: titleOf(conclusion, requirements, problems),
    problems,
    requirements,
    reviewRequests: conclusion === "pending" ? reviewRequests(requirements, facts, people, latest, dir) : base.reviewRequests
  };
}

// core/approvals/github-evaluation.ts
var ApprovalsCache = class {
  snapshots;
  /** Base commit → its loaded policy files (null: not governed). */
  bases = new MemoLru(128);
  /** base..head → merge base, changed paths and semantic changes. */
  pairs = new MemoLru(512);
  /** PR → identities its last evaluation needed, fetched with the next PR query. */
  identities = new MemoLru(4096);
  constructor(snapshots) {
    this.snapshots = snapshots;
  }
};
async function baseState(api, cache, owner, repo, sha) {
  return cache.bases.get(`${owner}/${repo}@${sha}`, async () => {
    const { root, source } = await cache.snapshots.source(api, { owner, repo, sha });
    if (root === void 0 || !source) return null;
    return { root, load: await loadRepo(source) };
  });
}
async function mergeBaseOf(api, owner, repo, base, head) {
  try {
    const res = await api.request("GET /repos/{owner}/{repo}/compare/{basehead}", {
      owner,
      repo,
      basehead: `${base}...${head}`,
      per_page: 1
    });
    return res.data.merge_base_commit.sha;
  } catch (error) {
    const status = error.status;
    throw new GitHubQueryError(
      `GitHub API error${status ? ` ${status}` : ""} while comparing ${base.slice(0, 7)}...${head.slice(0, 7)} in ${owner}/${repo}: ${error.message}`,
      { ...status === void 0 ? {} : { status }, cause: error }
    );
  }
}
async function pairState(api, cache, owner, repo, pr, root) {
  return cache.pairs.get(`${owner}/${repo}@${pr.baseSha}..${pr.headSha}`, async () => {
    const mergeBase = await mergeBaseOf(api, owner, repo, pr.baseSha, pr.headSha);
    const [before, after] = await Promise.all([
      cache.snapshots.paths(api, { owner, repo, sha: mergeBase }),
      cache.snapshots.paths(api, { owner, repo, sha: pr.headSha })
    ]);
    const paths = [];
    for (const [path, blob] of after) if (before.get(path) !== blob) paths.push(path);
    for (const path of before.keys()) if (!after.has(path)) paths.push(path);
    paths.sort();
    const prefix = root ? `${root}/` : "";
    let changes = [];
    if (paths.some((p) => p.startsWith(prefix))) {
      const [b, h] = await Promise.all([
        cache.snapshots.source(api, { owner, repo, sha: mergeBase, root }),
        cache.snapshots.source(api, { owner, repo, sha: pr.headSha, root })
      ]);
      const [baseLoad, headLoad] = await Promise.all([loadRepo(b.source), loadRepo(h.source)]);
      const set = await diffRepos(baseLoad.repo, headLoad.repo);
      changes = set.changes.map((c) => ({
        kind: c.kind,
        ...c.tenant === void 0 ? {} : { tenant: c.tenant },
        summary: c.summary,
        file: `${prefix}${c.file}`
      }));
    }
    return { mergeBase, paths, changes };
  });
}
async function evaluatePullRequest(api, target2, cache, push = () => ({ pushers: [] })) {
  const key = `${target2.owner}/${target2.repo}#${target2.number}`;
  const hint2 = await cache.identities.peek(key);
  const first = await fetchPullRequest(api, target2, hint2);
  const pr = first.pr;
  const base = await baseState(api, cache, target2.owner, target2.repo, pr.baseSha);
  if (!base) return { governed: false, pr };
  const policy = approvalPolicy(base.load, pr.baseSha, base.root);
  const pair = await pairState(api, cache, target2.owner, target2.repo, pr, base.root);
  const record8 = await push(pr);
  const facts = {
    repository: `${target2.owner}/${target2.repo}`,
    number: pr.number,
    state: pr.state,
    draft: pr.draft,
    author: pr.author,
    baseRef: pr.baseRef,
    baseSha: pr.baseSha,
    headSha: pr.headSha,
    mergeBaseSha: pair.mergeBase,
    fromFork: pr.fromFork,
    changedFiles: pr.changedFiles,
    paths: pair.paths,
    commits: pr.commits,
    totalCommits: pr.totalCommits,
    reviews: pr.reviews,
    pushers: record8.pushers,
    ...record8.pushedAt ? { headPushedAt: record8.pushedAt } : {},
    changes: pair.changes,
    requestedReviewers: pr.requestedReviewers,
    ...pr.labels ? { labels: pr.labels } : {}
  };
  let directory = { users: {}, teams: {} };
  if (policy.ok) {
    const principals = requirementsFor(policy.policy, facts.paths, facts.changes).requirements.flatMap(
      (r) => r.approvers
    );
    const needed = identitiesToResolve(principals);
    cache.identities.set(key, needed);
    const covered = first.directory && needed.users.every((u) => u in first.directory.users) && needed.teams.every((t) => t.key in first.directory.teams);
    directory = covered ? first.directory : await fetchDirectory(api, needed);
  }
  const decision = evaluateApprovals(policy, facts, directory);
  return { governed: true, pr, policy, facts, directory, decision };
}

// core/report/markdown-escape.ts
function escapeHtml(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function cell(s) {
  return escapeHtml(s).replace(/\|/g, "&#124;").replace(/\r?\n/g, " ");
}

// core/approvals/render.ts
var ICON = { approved: "✅", pending: "⏳", blocked: "⛔", error: "❌" };
var HEADLINE = {
  approved: "✅ Approved",
  pending: "⏳ Waiting for approval",
  blocked: "⛔ Changes requested",
  error: "❌ Cannot be approved"
};
function missingFrom(r) {
  if (r.status === "error") return r.problem ?? "invalid policy";
  if (r.missing === 0) return "—";
  return `${r.missing} more from ${r.approvers.map((p) => p.label).join(", ") || r.allowBots.join(", ") || "nobody"}`;
}
var who = (logins) => logins.length ? logins.map((l) => `@${cell(l)}`).join(", ") : "—";
function decisionMarkdown(d, options = {}) {
  const max = options.maxChars ?? 6e4;
  const out = [];
  const policy = d.policySha ? ` · policy from \`${cell(d.baseRef)}\` at \`${d.policySha.slice(0, 12)}\`` : "";
  out.push(`**${HEADLINE[d.conclusion]}**${policy} · head \`${d.headSha.slice(0, 12)}\``, "");
  if (d.problems.length) {
    out.push("### What must be fixed first", "");
    for (const p of d.problems) out.push(`- ${cell(p)}`);
    out.push("");
  }
  if (d.requirements.length) {
    out.push("| | Requirement | Required | Approved by | Missing |", "|---|---|---|---|---|");
    for (const r of d.requirements)
      out.push(
        `| ${ICON[r.status]} | ${cell(r.title)} | ${r.required} | ${who(r.approvedBy.map((u) => u.login))} | ${cell(missingFrom(r))} |`
      );
    out.push("");
  } else if (!d.problems.length) {
    out.push("No governed files changed: nothing for Charter to approve.", "");
  }
  for (const r of d.requirements) {
    out.push(`### ${ICON[r.status]} ${cell(r.title)}`, "");
    out.push(`Required because: ${r.because.map(cell).join("; ") || "it is touched"}.`, "");
    if (r.verdicts.length) {
      out.push("| Reviewer | Review | Counted | Why |", "|---|---|---|---|");
      for (const v of r.verdicts)
        out.push(
          `| @${cell(v.user.login)} | ${v.state.toLowerCase().replace("_", " ")} | ${v.counted ? "yes" : "no"} | ${cell(v.note)} |`
        );
      out.push("");
    }
  }
  if (d.outside)
    out.push(
      `${d.outside} changed file${d.outside === 1 ? "" : "s"} outside the governed directory ${d.outside === 1 ? "is" : "are"} not Charter's to approve.`,
      ""
    );
  out.push(
    "<sub>Only approving reviews on the current head commit count, one per person, from approvers listed in the base branch's policy who did not author, commit or push to this pull request.</sub>"
  );
  const text = out.join("\n");
  if (text.length <= max) return text;
  const note = "\n\n… (truncated: see `charter approvals --pr N` for the whole decision)";
  return text.slice(0, max - note.length) + note;
}

// core/github/check-runs.ts
var checkName = (baseRef) => `Charter approvals (${baseRef})`;
var RECORD_PREFIX = "charter1;";
function encodeRecord(record8) {
  const pushers = record8.pushers.map((p) => `${p.id}:${p.login}`).join(",");
  return `${RECORD_PREFIX}${record8.pr ? `n=${record8.pr};` : ""}p=${pushers}${record8.pushedAt ? `;t=${record8.pushedAt}` : ""}`;
}
function decodeRecord(externalId) {
  if (!externalId?.startsWith(RECORD_PREFIX)) return { pushers: [] };
  const fields = new Map(
    externalId.slice(RECORD_PREFIX.length).split(";").map((f) => [f.slice(0, f.indexOf("=")), f.slice(f.indexOf("=") + 1)])
  );
  const pushers = [];
  for (const entry of (fields.get("p") ?? "").split(",")) {
    const colon = entry.indexOf(":");
    const id = Number(entry.slice(0, colon));
    if (colon > 0 && Number.isInteger(id) && id > 0)
      pushers.push({ id, login: entry.slice(colon + 1), type: "User" });
  }
  const t = fields.get("t");
  const n = Number(fields.get("n"));
  return {
    pushers,
    ...t && !Number.isNaN(Date.parse(t)) ? { pushedAt: t } : {},
    ...Number.isInteger(n) && n > 0 ? { pr: n } : {}
  };
}
function mergeRecords(a, b) {
  const byId = /* @__PURE__ */ new Map();
  for (const p of [...a.pushers, ...b.pushers]) if (!byId.has(p.id)) byId.set(p.id, p);
  const times = [a.pushedAt, b.pushedAt].filter((t) => Boolean(t)).sort();
  const pr = a.pr ?? b.pr;
  return {
    pushers: [...byId.values()],
    ...times.length ? { pushedAt: times.at(-1) } : {},
    ...pr ? { pr } : {}
  };
}
async function findCheckRun(api, target2) {
  const res = await api.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
    owner: target2.owner,
    repo: target2.repo,
    ref: target2.sha,
    check_name: target2.name,
    filter: "latest",
    ...target2.appId ? { app_id: target2.appId } : {},
    per_page: 10
  });
  const runs = res.data.check_runs;
  const ours = runs.filter((r) => !target2.appId || r.app?.id === target2.appId);
  const latest = ours.sort((a, b) => b.id - a.id)[0];
  return latest ? { id: latest.id, record: decodeRecord(latest.external_id) } : void 0;
}
function statusFields(c) {
  switch (c) {
    case "approved":
      return { status: "completed", conclusion: "success" };
    case "pending":
      return { status: "completed", conclusion: "action_required" };
    case "superseded":
      return { status: "completed", conclusion: "cancelled" };
    default:
      return { status: "completed", conclusion: "failure" };
  }
}
async function writeCheckRun(api, target2, output, id) {
  const body = {
    ...statusFields(output.conclusion),
    external_id: encodeRecord(output.record),
    output: { title: output.title.slice(0, 250), summary: output.summary },
    ...output.detailsUrl ? { details_url: output.detailsUrl } : {}
  };
  if (id !== void 0) {
    await api.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
      owner: target2.owner,
      repo: target2.repo,
      check_run_id: id,
      ...body
    });
    return id;
  }
  const res = await api.request("POST /repos/{owner}/{repo}/check-runs", {
    owner: target2.owner,
    repo: target2.repo,
    name: target2.name,
    head_sha: target2.sha,
    ...body
  });
  return res.data.id;
}

// core/github/conditional-get.ts
var ETagCache = class {
  entries = /* @__PURE__ */ new Map();
  capacity;
  /** Requests answered 304. */
  notModified = 0;
  constructor(capacity = 2048) {
    this.capacity = capacity;
  }
  get(url4) {
    return this.entries.get(url4);
  }
  set(url4, value) {
    this.entries.delete(url4);
    this.entries.set(url4, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value);
  }
};
function nextLink(link) {
  return link ? /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] : void 0;
}
async function listAll(api, cache, url4, key) {
  const items = [];
  let page = url4;
  for (let guard = 0; page && guard < 1e3; guard++) {
    const known = cache.get(page);
    let entry;
    try {
      const res = await api.request(`GET ${page}`, known ? { headers: { "if-none-match": known.etag } } : {});
      const etag = res.headers.etag;
      const next = nextLink(res.headers.link);
      entry = { etag: etag ?? "", data: res.data, ...next ? { next } : {} };
      if (etag) cache.set(page, entry);
    } catch (error) {
      if (error.status !== 304 || !known) throw error;
      cache.notModified++;
      entry = known;
    }
    const data = key ? entry.data[key] : entry.data;
    items.push(...data ?? []);
    page = entry.next;
  }
  return items;
}

// core/github/blob-cache.ts
var BlobCache = class {
  maxBytes;
  /** Insertion order is recency order: the first key is the least recently used. */
  blobs = /* @__PURE__ */ new Map();
  inflight = /* @__PURE__ */ new Map();
  total = 0;
  constructor(options = {}) {
    const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    if (!Number.isFinite(maxBytes) || maxBytes < 0) {
      throw new RangeError(`BlobCache maxBytes must be a non-negative number of bytes, not ${maxBytes}.`);
    }
    this.maxBytes = maxBytes;
  }
  /** Bytes currently kept. */
  get bytes() {
    return this.total;
  }
  /** Blobs currently kept. */
  get size() {
    return this.blobs.size;
  }
  has(sha) {
    return this.blobs.has(sha.toLowerCase());
  }
  /** The blob, marked as most recently used. */
  get(sha) {
    const key = sha.toLowerCase();
    const bytes = this.blobs.get(key);
    if (bytes) {
      this.blobs.delete(key);
      this.blobs.set(key, bytes);
    }
    return bytes;
  }
  set(sha, bytes) {
    const key = sha.toLowerCase();
    const old = this.blobs.get(key);
    if (old) {
      this.blobs.delete(key);
      this.total -= old.length;
    }
    if (bytes.length > this.maxBytes) return;
    this.blobs.set(key, bytes);
    this.total += bytes.length;
    for (const [k, b] of this.blobs) {
      if (this.total <= this.maxBytes) break;
      this.blobs.delete(k);
      this.total -= b.length;
    }
  }
  /**
   * Returns every requested blob: from the cache, from a fetch already in flight, or by calling
   * `fetchMissing` once with all the others (each requested once, however often it is listed).
   */
  async load(shas, fetchMissing) {
    const out = /* @__PURE__ */ new Map();
    const waits = [];
    const missing = [];
    for (const sha of new Set(shas.map((s) => s.toLowerCase()))) {
      const hit = this.get(sha);
      if (hit) {
        out.set(sha, hit);
        continue;
      }
      const pending = this.inflight.get(sha);
      if (pending) waits.push(pending.then((bytes) => void out.set(sha, bytes)));
      else missing.push(sha);
    }
    if (missing.length > 0) {
      const batch = fetchMissing(missing);
      for (const sha of missing) {
        const one = batch.then((fetched) => {
          const bytes = fetched.get(sha);
          if (!bytes) throw new Error(`BlobCache: the fetcher did not return blob ${sha}.`);
          this.set(sha, bytes);
          return bytes;
        });
        this.inflight.set(sha, one);
        one.then(
          () => this.inflight.delete(sha),
          () => this.inflight.delete(sha)
        );
        waits.push(one.then((bytes) => void out.set(sha, bytes)));
      }
    }
    await Promise.all(waits);
    return out;
  }
};

// core/github/git-tree.ts
var OBJECT_ID = /^[0-9a-f]{40}$/i;
function isObjectId(value) {
  return OBJECT_ID.test(value);
}
function commitLabel(owner, repo, sha) {
  return `${owner}/${repo}@${sha.slice(0, 7)}`;
}
var SKIPPED_DIRS = /* @__PURE__ */ new Set([".git", "node_modules", ".charter"]);
function isSkippedPath(path) {
  return path.split("/").some((segment) => SKIPPED_DIRS.has(segment));
}
var TYPES = /* @__PURE__ */ new Set(["blob", "tree", "commit"]);
async function fetchTree(api, { owner, repo, sha }) {
  const where2 = commitLabel(owner, repo, sha);
  if (!isObjectId(sha)) {
    throw new GitHubSnapshotError(
      `"${sha}" is not a commit SHA. Pass the full 40-character SHA of the commit to read: a branch or tag can move between requests.`
    );
  }
  let data;
  try {
    ({ data } = await api.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", {
      owner,
      repo,
      tree_sha: sha,
      recursive: "1"
    }));
  } catch (error) {
    throw snapshotError(error, `reading the file tree of ${where2}`, `${owner}/${repo}`);
  }
  if (data.truncated) {
    throw new GitHubSnapshotError(
      `The file tree of ${where2} has too many entries for GitHub's tree API (at most 100,000 entries or 7 MB), so GitHub returned only part of it. Charter refuses to evaluate a partial tree and fails closed: move large unrelated content (vendored code, data sets) out of the repository.`
    );
  }
  const entries = [];
  for (const item of data.tree) {
    const { path, mode, type, sha: oid } = item;
    if (!path || !mode || !type || !oid || !TYPES.has(type)) {
      throw new GitHubSnapshotError(
        `GitHub returned an unexpected entry in the file tree of ${where2}: ${JSON.stringify(item)}. Retry later; if it persists, report it to Charter.`
      );
    }
    entries.push({
      path,
      sha: oid,
      size: type === "blob" ? item.size ?? 0 : 0,
      type,
      mode
    });
  }
  return { sha: data.sha, entries };
}
var CHARTER_FILES = /* @__PURE__ */ new Set(["charter.yml", "charter.yaml"]);
function findGovernedRoot(entries, where2 = "the repository") {
  const dirs = /* @__PURE__ */ new Set();
  const files = [];
  for (const entry of entries) {
    if (entry.type !== "blob" || isSkippedPath(entry.path)) continue;
    const slash = entry.path.lastIndexOf("/");
    if (!CHARTER_FILES.has(entry.path.slice(slash + 1))) continue;
    if (slash === -1) return "";
    dirs.add(entry.path.slice(0, slash));
    files.push(entry.path);
  }
  if (dirs.size <= 1) return [...dirs][0];
  throw new GitHubSnapshotError(
    `Found charter.yml in ${dirs.size} directories of ${where2} and none at the root: ${files.sort().join(", ")}. Keep one charter.yml per repository (or put one at the root), so Charter knows which directory is governed.`
  );
}

// core/github/github-tree-source.ts
import { createHash as createHash2 } from "node:crypto";
var GRAPHQL_TEXT_LIMIT = 512e3;
var QUERY_BYTES = 8 * 1024 * 1024;
function gitBlobSha(bytes) {
  return createHash2("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}
var GitHubTreeSource = class {
  label;
  commit;
  root;
  api;
  owner;
  repo;
  where;
  blobs;
  blobsPerQuery;
  entries = [];
  /** Regular files: relative path -> blob id. */
  files = /* @__PURE__ */ new Map();
  /** Blob id -> size and one path holding it (for messages). */
  blobInfo = /* @__PURE__ */ new Map();
  constructor(api, options) {
    this.api = api;
    this.owner = options.owner;
    this.repo = options.repo;
    this.commit = options.commit;
    this.root = options.root.replace(/^\/+|\/+$/g, "");
    this.blobs = options.blobs;
    this.blobsPerQuery = Math.max(1, Math.floor(options.blobsPerQuery ?? 100));
    this.where = commitLabel(this.owner, this.repo, this.commit);
    this.label = this.root ? `${this.where}:${this.root}` : this.where;
    const prefix = this.root ? `${this.root}/` : "";
    for (const entry of options.entries) {
      if (entry.type === "tree" || !entry.path.startsWith(prefix)) continue;
      const path = entry.path.slice(prefix.length);
      if (isSkippedPath(path)) continue;
      if (entry.type === "commit") {
        this.entries.push({ path, size: 0, kind: "submodule" });
      } else if (entry.mode === "120000") {
        this.entries.push({ path, size: 0, kind: "symlink" });
      } else {
        const sha = entry.sha.toLowerCase();
        this.entries.push({ path, size: entry.size, kind: "file" });
        this.files.set(path, sha);
        if (!this.blobInfo.has(sha)) this.blobInfo.set(sha, { size: entry.size, path: entry.path });
      }
    }
    this.entries.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  }
  async list() {
    return this.entries.map((e) => ({ ...e }));
  }
  async readMany(paths) {
    const wanted = /* @__PURE__ */ new Map();
    for (const path of paths) {
      const sha = this.files.get(path);
      if (sha) wanted.set(path, sha);
    }
    const result = /* @__PURE__ */ new Map();
    if (wanted.size === 0) return result;
    const bySha = await this.blobs.load([...wanted.values()], (missing) => this.fetchBlobs(missing));
    for (const [path, sha] of wanted) result.set(path, bySha.get(sha));
    return result;
  }
  info(sha) {
    return this.blobInfo.get(sha) ?? { size: 0, path: sha };
  }
  /** Text blobs through GraphQL in batches; whatever GraphQL cannot give exactly, through REST. */
  async fetchBlobs(shas) {
    for (const sha of shas) {
      if (!isObjectId(sha)) {
        throw new GitHubSnapshotError(
          `GitHub's tree for ${this.where} lists "${sha}" as the blob of ${this.info(sha).path}, which is not a 40-character hex SHA; Charter will not use it in a query. Retry later; if it persists, report it to Charter.`
        );
      }
    }
    const out = /* @__PURE__ */ new Map();
    const viaRest = [];
    const viaGraphql = [];
    for (const sha of shas) (this.info(sha).size > GRAPHQL_TEXT_LIMIT ? viaRest : viaGraphql).push(sha);
    for (const batch of this.batches(viaGraphql)) {
      const texts = await this.queryTexts(batch);
      for (const sha of batch) {
        const bytes = texts.get(sha);
        if (bytes) out.set(sha, bytes);
        else viaRest.push(sha);
      }
    }
    for (const sha of viaRest) out.set(sha, await this.fetchRestBlob(sha));
    return out;
  }
  batches(shas) {
    const batches = [];
    let current = [];
    let bytes = 0;
    for (const sha of shas) {
      const size = this.info(sha).size;
      if (current.length > 0 && (current.length >= this.blobsPerQuery || bytes + size > QUERY_BYTES)) {
        batches.push(current);
        current = [];
        bytes = 0;
      }
      current.push(sha);
      bytes += size;
    }
    if (current.length > 0) batches.push(current);
    return batches;
  }
  /** One GraphQL query for a batch; returns the blobs whose text is complete and matches the id. */
  async queryTexts(batch) {
    const fields = batch.map(
      (sha, i) => `    b${i}: object(oid: "${sha}") { ... on Blob { text isBinary isTruncated byteSize } }`
    ).join("\n");
    const query2 = `query CharterBlobs($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
${fields}
  }
}`;
    let data;
    try {
      data = await this.api.graphql(query2, { owner: this.owner, name: this.repo });
    } catch (error) {
      throw snapshotError(error, `reading blobs of ${this.where}`, `${this.owner}/${this.repo}`);
    }
    if (!data?.repository) {
      throw new GitHubSnapshotError(
        `GitHub's GraphQL API did not find ${this.owner}/${this.repo} while reading blobs of ${this.where}. Check that the GitHub App is installed on it with the Contents: read permission.`
      );
    }
    const out = /* @__PURE__ */ new Map();
    batch.forEach((sha, i) => {
      const node2 = data.repository?.[`b${i}`];
      if (!node2 || typeof node2.text !== "string" || node2.isBinary || node2.isTruncated) return;
      const bytes = Buffer.from(node2.text, "utf8");
      if (bytes.length === this.info(sha).size && gitBlobSha(bytes) === sha) out.set(sha, bytes);
    });
    return out;
  }
  async fetchRestBlob(sha) {
    const { size, path } = this.info(sha);
    let data;
    try {
      ({ data } = await this.api.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", {
        owner: this.owner,
        repo: this.repo,
        file_sha: sha
      }));
    } catch (error) {
      throw snapshotError(error, `reading ${path} of ${this.where}`, `${this.owner}/${this.repo}`);
    }
    let bytes;
    if (data.encoding === "base64") bytes = Buffer.from(data.content, "base64");
    else if (data.encoding === "utf-8" || data.encoding === "utf8") bytes = Buffer.from(data.content, "utf8");
    else {
      throw new GitHubSnapshotError(
        `GitHub returned ${path} of ${this.where} in an unexpected encoding "${data.encoding}". Retry later; if it persists, report it to Charter.`
      );
    }
    if (bytes.length !== size) {
      throw new GitHubSnapshotError(
        `GitHub returned ${bytes.length} bytes for ${path} of ${this.where}, but its tree says ${size}. Charter refuses to evaluate a partial file; retry later.`
      );
    }
    if (gitBlobSha(bytes) !== sha) {
      throw new GitHubSnapshotError(
        `GitHub returned content for ${path} of ${this.where} that does not match its blob id ${sha}. Charter refuses to evaluate it; retry later.`
      );
    }
    return bytes;
  }
};

// core/github/repo-snapshot.ts
var RepoSnapshots = class {
  blobs;
  blobsPerQuery;
  /** Trees by `owner/repo@sha`; a failed fetch is forgotten, so the next request retries it. */
  trees;
  constructor(options = {}) {
    this.trees = new MemoLru(Math.max(1, Math.floor(options.maxTrees ?? 256)));
    this.blobs = new BlobCache({ maxBytes: options.maxBlobBytes });
    this.blobsPerQuery = options.blobsPerQuery;
  }
  /** The commit's tree, fetched once while it stays among the `maxTrees` most recently used. */
  tree(api, ref) {
    const key = `${ref.owner}/${ref.repo}@${ref.sha}`.toLowerCase();
    return this.trees.get(key, () => fetchTree(api, ref));
  }
  /** A FileSource for the governed root at the commit; `source` is undefined when there is none. */
  async source(api, request) {
    const { owner, repo, sha } = request;
    const tree = await this.tree(api, { owner, repo, sha });
    const root = request.root === void 0 ? findGovernedRoot(tree.entries, commitLabel(owner, repo, sha)) : request.root.replace(/^\/+|\/+$/g, "").replace(/^\.$/, "");
    if (root === void 0) return { root, source: void 0 };
    const source = new GitHubTreeSource(api, {
      owner,
      repo,
      commit: sha,
      root,
      entries: tree.entries,
      blobs: this.blobs,
      blobsPerQuery: this.blobsPerQuery
    });
    return { root, source };
  }
  /**
   * Every non-directory path of the commit (from the repository root) with its object id: the blob
   * for files and symlinks, the commit for submodules. Two commits differ exactly at the paths
   * whose ids differ, with no file content read.
   */
  async paths(api, ref) {
    const tree = await this.tree(api, ref);
    return new Map(tree.entries.filter((e) => e.type !== "tree").map((e) => [e.path, e.sha]));
  }
};

// app/queue.ts
var PullRequestQueue = class {
  options;
  deliveries = /* @__PURE__ */ new Set();
  waiting = /* @__PURE__ */ new Map();
  order = [];
  running = /* @__PURE__ */ new Set();
  idleWaiters = [];
  /** Evaluations started, deliveries dropped as duplicates, events folded into a waiting job. */
  stats = { runs: 0, duplicates: 0, coalesced: 0 };
  constructor(options) {
    this.options = options;
  }
  /** Whether this delivery id was seen before; records it. */
  isDuplicate(deliveryId) {
    if (!deliveryId) return false;
    if (this.deliveries.has(deliveryId)) {
      this.stats.duplicates++;
      return true;
    }
    this.deliveries.add(deliveryId);
    const max = this.options.deliveryMemory ?? 1e4;
    if (this.deliveries.size > max) this.deliveries.delete(this.deliveries.values().next().value);
    return false;
  }
  push(job) {
    const existing = this.waiting.get(job.key);
    if (existing !== void 0) {
      this.waiting.set(job.key, this.options.merge(existing, job.data));
      this.stats.coalesced++;
      return;
    }
    this.waiting.set(job.key, job.data);
    this.order.push(job.key);
    this.pump();
  }
  /** Resolves when nothing is running or waiting. */
  idle() {
    if (this.running.size === 0 && this.waiting.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
  get backlog() {
    return this.waiting.size;
  }
  pump() {
    for (let i = 0; i < this.order.length && this.running.size < this.options.concurrency; ) {
      const key = this.order[i];
      if (this.running.has(key)) {
        i++;
        continue;
      }
      this.order.splice(i, 1);
      const data = this.waiting.get(key);
      this.waiting.delete(key);
      this.running.add(key);
      this.stats.runs++;
      void this.options.run(data).catch((error) => this.options.onError(error, data)).finally(() => {
        this.running.delete(key);
        this.pump();
        if (this.running.size === 0 && this.waiting.size === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const w of waiters) w();
        }
      });
    }
  }
};

// app/charter-app.ts
function sameSecret(given, expected) {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
function actorOf(user) {
  return user ? { id: user.id, login: user.login, type: user.type ?? "User" } : void 0;
}
function createCharterApp(options = {}) {
  const cache = new ApprovalsCache(new RepoSnapshots());
  const pushes = new MemoLru(8192);
  const checks = new MemoLru(8192);
  const etags = new ETagCache();
  let probot;
  const checkOf = (api, owner, repo, sha, name2) => checks.get(
    `${owner}/${repo}@${sha}#${name2}`,
    async () => await findCheckRun(api, {
      owner,
      repo,
      sha,
      name: name2,
      ...options.appId ? { appId: options.appId } : {}
    }) ?? null
  );
  async function recordOf(api, job, sha, baseRef) {
    const seen = await pushes.peek(`${job.owner}/${job.repo}@${sha}`) ?? { pushers: [] };
    const stored = (await checkOf(api, job.owner, job.repo, sha, checkName(baseRef)))?.record ?? {
      pushers: []
    };
    return mergeRecords(seen, stored);
  }
  async function run(job) {
    if (!probot) throw new Error("the app is not loaded");
    const api = job.api ?? await probot.auth(job.installationId);
    const { owner, repo } = job;
    for (const push of job.pushes) {
      const before = await recordOf(api, job, push.before, job.baseRef);
      pushes.set(
        `${owner}/${repo}@${push.after}`,
        mergeRecords(before, { pushers: [push.sender], ...push.at ? { pushedAt: push.at } : {} })
      );
    }
    let evaluation;
    try {
      evaluation = await evaluatePullRequest(
        api,
        job,
        cache,
        (pr2) => recordOf(api, job, pr2.headSha, pr2.baseRef)
      );
    } catch (error) {
      await reportFailure(api, job, error);
      throw error;
    }
    const { pr, decision } = evaluation;
    if (!evaluation.governed || !decision) {
      options.onEvaluated?.(evaluation);
      return;
    }
    const name2 = checkName(pr.baseRef);
    const existing = await checkOf(api, owner, repo, pr.headSha, name2);
    const record8 = { ...await recordOf(api, job, pr.headSha, pr.baseRef), pr: pr.number };
    const target2 = { owner, repo, sha: pr.headSha, name: name2 };
    const id = await writeCheckRun(
      api,
      target2,
      { conclusion: decision.conclusion, title: decision.title, summary: decisionMarkdown(decision), record: record8 },
      existing?.id
    );
    checks.set(`${owner}/${repo}@${pr.headSha}#${name2}`, { id, record: record8 });
    for (const from of new Set(job.retargetedFrom)) {
      if (from === pr.baseRef) continue;
      const old = await checkOf(api, owner, repo, pr.headSha, checkName(from));
      if (!old) continue;
      await writeCheckRun(
        api,
        { ...target2, name: checkName(from) },
        {
          conclusion: "superseded",
          title: `Superseded: this pull request now targets ${pr.baseRef}`,
          summary: `This pull request was re-targeted from \`${from}\` to \`${pr.baseRef}\`; see **${name2}**.`,
          record: old.record
        },
        old.id
      );
    }
    const policy = evaluation.policy?.ok ? evaluation.policy.policy : void 0;
    const ask = decision.reviewRequests;
    if (policy?.governance.requestReviews && pr.state === "OPEN" && (ask.users.length || ask.teams.length)) {
      await api.request("POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", {
        owner,
        repo,
        pull_number: pr.number,
        reviewers: ask.users,
        team_reviewers: ask.teams
      }).catch(
        (error) => probot?.log.warn({ err: error }, `could not request reviews on ${owner}/${repo}#${pr.number}`)
      );
    }
    options.onEvaluated?.(evaluation);
  }
  async function reportFailure(api, job, error) {
    const status = error.status;
    const message2 = error.message ?? String(error);
    const name2 = checkName(job.baseRef);
    try {
      const existing = await checkOf(api, job.owner, job.repo, job.headSha, name2);
      const id = await writeCheckRun(
        api,
        { owner: job.owner, repo: job.repo, sha: job.headSha, name: name2 },
        {
          conclusion: "error",
          title: `Could not evaluate approvals${status ? ` (GitHub API ${status})` : ""}`,
          summary: `**❌ Charter could not evaluate this pull request**, so it is not approved.

${message2}

Charter evaluates again on the next review or push, on its periodic reconciliation, or when you re-run this check.`,
          record: { ...existing?.record ?? { pushers: [] }, pr: job.number }
        },
        existing?.id
      );
      checks.set(`${job.owner}/${job.repo}@${job.headSha}#${name2}`, {
        id,
        record: existing?.record ?? { pushers: [] }
      });
    } catch (writeError) {
      probot?.log.error(
        { err: writeError },
        `could not report the failure on ${job.owner}/${job.repo}#${job.number}`
      );
    }
  }
  const queue = new PullRequestQueue({
    concurrency: options.concurrency ?? 8,
    merge: (a, b) => ({
      ...b,
      pushes: [...a.pushes, ...b.pushes],
      retargetedFrom: [...a.retargetedFrom, ...b.retargetedFrom]
    }),
    run,
    onError: (error, job) => {
      probot?.log.error({ err: error }, `evaluating ${job.owner}/${job.repo}#${job.number} failed`);
      options.onEvaluated?.(void 0, error);
    }
  });
  function enqueue(job) {
    queue.push({ key: `${job.installationId}/${job.owner}/${job.repo}#${job.number}`, data: job });
  }
  async function reconcile() {
    if (!probot) throw new Error("the app is not loaded");
    const appApi = await probot.auth();
    const installations = await listAll(appApi, etags, "/app/installations?per_page=100");
    let queued = 0;
    for (const installation of installations) {
      const api = await probot.auth(installation.id);
      const repos = await listAll(
        api,
        etags,
        "/installation/repositories?per_page=100",
        "repositories"
      );
      for (const r of repos) {
        if (r.archived) continue;
        const pulls = await listAll(
          api,
          etags,
          `/repos/${r.owner.login}/${r.name}/pulls?state=open&per_page=100`
        );
        for (const p of pulls) {
          enqueue({
            installationId: installation.id,
            owner: r.owner.login,
            repo: r.name,
            number: p.number,
            headSha: p.head.sha,
            baseRef: p.base.ref,
            pushes: [],
            retargetedFrom: [],
            api
          });
          queued++;
        }
      }
    }
    return queued;
  }
  const appFn = (app, { addHandler }) => {
    probot = app;
    const fromPayload = (id, payload, octokit) => {
      if (queue.isDuplicate(id) || !payload.installation) return void 0;
      return {
        installationId: payload.installation.id,
        owner: payload.repository.owner.login,
        repo: payload.repository.name,
        number: payload.pull_request.number,
        headSha: payload.pull_request.head.sha,
        baseRef: payload.pull_request.base.ref,
        pushes: [],
        retargetedFrom: [],
        api: octokit
      };
    };
    app.on(
      [
        "pull_request.opened",
        "pull_request.reopened",
        "pull_request.ready_for_review",
        "pull_request.synchronize",
        // The ai-drafted label can raise what a pull request needs (charter.yml drafts.extra_approvals).
        "pull_request.labeled",
        "pull_request.unlabeled"
      ],
      async (context) => {
        const payload = context.payload;
        if ((payload.action === "labeled" || payload.action === "unlabeled") && payload.label?.name?.toLowerCase() !== AI_DRAFTED_LABEL)
          return;
        const job = fromPayload(context.id, payload, context.octokit);
        if (!job) return;
        const sender = actorOf(payload.sender);
        if (payload.action === "synchronize" && payload.before && payload.after && sender)
          job.pushes.push({
            before: payload.before,
            after: payload.after,
            sender,
            ...payload.pull_request.updated_at ? { at: payload.pull_request.updated_at } : {}
          });
        else if (payload.action === "opened" && sender) {
          const key = `${job.owner}/${job.repo}@${job.headSha}`;
          pushes.set(key, mergeRecords(await pushes.peek(key) ?? { pushers: [] }, { pushers: [sender] }));
        }
        enqueue(job);
      }
    );
    app.on("pull_request.edited", async (context) => {
      const payload = context.payload;
      const from = payload.changes?.base?.ref?.from;
      if (!from) return;
      const job = fromPayload(context.id, payload, context.octokit);
      if (!job) return;
      job.retargetedFrom.push(from);
      enqueue(job);
    });
    app.on(
      ["pull_request_review.submitted", "pull_request_review.edited", "pull_request_review.dismissed"],
      async (context) => {
        const job = fromPayload(context.id, context.payload, context.octokit);
        if (job) enqueue(job);
      }
    );
    app.on("check_run.rerequested", async (context) => {
      const payload = context.payload;
      const run2 = payload.check_run;
      if (!run2.name.startsWith("Charter approvals (")) return;
      if (options.appId && run2.app?.id !== options.appId) return;
      if (queue.isDuplicate(context.id) || !payload.installation) return;
      const baseRef = run2.name.slice("Charter approvals (".length, -1);
      const numbers = new Set(run2.pull_requests.map((p) => p.number));
      const recorded = decodeRecord(run2.external_id).pr;
      if (recorded) numbers.add(recorded);
      for (const number6 of numbers)
        enqueue({
          installationId: payload.installation.id,
          owner: payload.repository.owner.login,
          repo: payload.repository.name,
          number: number6,
          headSha: run2.head_sha,
          baseRef,
          pushes: [],
          retargetedFrom: [],
          api: context.octokit
        });
    });
    addHandler(async (req, res) => {
      if (!req.url?.startsWith("/charter/reconcile")) return false;
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      if (req.method !== "POST" || !options.adminToken || !token || !sameSecret(token, options.adminToken)) {
        res.writeHead(options.adminToken ? 401 : 404, { "content-type": "application/json" });
        res.end(
          JSON.stringify({ error: options.adminToken ? "unauthorized" : "reconciliation endpoint disabled" })
        );
        return true;
      }
      try {
        const queued = await reconcile();
        res.writeHead(202, { "content-type": "application/json" });
        res.end(JSON.stringify({ queued }));
      } catch (error) {
        app.log.error({ err: error }, "reconciliation failed");
        res.writeHead(502, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: error.message }));
      }
      return true;
    });
    if (options.reconcileIntervalMs && options.reconcileIntervalMs > 0) {
      const timer = setInterval(() => {
        reconcile().catch((error) => app.log.error({ err: error }, "scheduled reconciliation failed"));
      }, options.reconcileIntervalMs);
      timer.unref();
    }
  };
  return { appFn, idle: () => queue.idle(), reconcile, stats: queue.stats };
}

// app/server.ts
function readSettings(env) {
  const problems = [];
  if (!env.APP_ID || !/^\d+$/.test(env.APP_ID)) problems.push("APP_ID must be the GitHub App's numeric id.");
  if (!env.PRIVATE_KEY && !env.PRIVATE_KEY_PATH)
    problems.push("PRIVATE_KEY (the PEM text) or PRIVATE_KEY_PATH (its file) must be set.");
  if (!env.WEBHOOK_SECRET) problems.push("WEBHOOK_SECRET must be set: unsigned webhooks are refused.");
  const port = Number(env.PORT ?? 3e3);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`PORT must be a port number; got "${env.PORT}".`);
  const concurrency = Number(env.CHARTER_CONCURRENCY ?? 8);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    problems.push(`CHARTER_CONCURRENCY must be a whole number ≥ 1; got "${env.CHARTER_CONCURRENCY}".`);
  let reconcileIntervalMs = 36e5;
  if (env.CHARTER_RECONCILE_INTERVAL !== void 0) {
    try {
      reconcileIntervalMs = env.CHARTER_RECONCILE_INTERVAL === "0" ? 0 : parseDuration(env.CHARTER_RECONCILE_INTERVAL);
    } catch {
      problems.push(
        `CHARTER_RECONCILE_INTERVAL must be a duration such as 30m or 1h (or 0 to disable); got "${env.CHARTER_RECONCILE_INTERVAL}".`
      );
    }
  }
  if (problems.length) throw new Error(`The approvals app cannot start:
  - ${problems.join("\n  - ")}`);
  return {
    port,
    host: env.HOST ?? "0.0.0.0",
    concurrency,
    reconcileIntervalMs,
    ...env.CHARTER_ADMIN_TOKEN ? { adminToken: env.CHARTER_ADMIN_TOKEN } : {}
  };
}
async function startServer(env = process.env) {
  const settings = readSettings(env);
  const probot = createProbot({ env });
  const charter = createCharterApp({
    appId: Number(env.APP_ID),
    concurrency: settings.concurrency,
    reconcileIntervalMs: settings.reconcileIntervalMs,
    ...settings.adminToken ? { adminToken: settings.adminToken } : {}
  });
  const middleware = await createNodeMiddleware(charter.appFn, { probot });
  const server = createServer((req, res) => {
    if (req.url === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    void middleware(req, res, () => res.writeHead(404).end());
  });
  await new Promise((resolve) => server.listen(settings.port, settings.host, resolve));
  probot.log.info(`Charter approvals app listening on http://${settings.host}:${settings.port}`);
  return server;
}

// app/main.ts
startServer().catch((error) => {
  console.error(error.message);
  process.exitCode = 1;
});
