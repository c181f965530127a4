import {
  parseDuration
} from "./chunk-DUGSIOLX.js";
import {
  deadline
} from "./chunk-SB4OEXEQ.js";
import {
  evaluateSource,
  isTruthy,
  parseTemplate,
  resolveTemplated,
  splitTemplate
} from "./chunk-4NAQYO46.js";
import {
  canonicalJson,
  ownName,
  parseToolRef,
  toolAllowed,
  workflowGraph
} from "./chunk-VGNTAH4S.js";

// core/providers/provider.ts
var RETRYABLE = /* @__PURE__ */ new Set([
  "rate_limit",
  "server",
  "timeout",
  "network",
  "malformed"
]);
var ProviderError = class extends Error {
  name = "ProviderError";
  kind;
  status;
  /** From `retry-after` / `retry-after-ms`, when the provider sent one. */
  retryAfterMs;
  provider;
  constructor(provider, kind, message, options = {}) {
    super(message, { cause: options.cause });
    this.provider = provider;
    this.kind = kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
  get retryable() {
    return RETRYABLE.has(this.kind);
  }
};
function parseRetryAfter(headers, now = Date.now()) {
  if (!headers) return void 0;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return void 0;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.max(0, Number(value) * 1e3);
  const date = Date.parse(value);
  return Number.isNaN(date) ? void 0 : Math.max(0, date - now);
}

// core/routing/breaker.ts
var CircuitBreaker = class {
  states = /* @__PURE__ */ new Map();
  state(key) {
    let s = this.states.get(key);
    if (!s) {
      s = { failures: 0, openUntil: 0, trial: false };
      this.states.set(key, s);
    }
    return s;
  }
  /** Whether a call may go to the target now; in half-open state only one trial at a time. */
  allow(key, now) {
    const s = this.state(key);
    if (s.openUntil === 0) return { allowed: true };
    if (now < s.openUntil) return { allowed: false, retryInMs: s.openUntil - now };
    if (s.trial) return { allowed: false, retryInMs: 0 };
    s.trial = true;
    return { allowed: true };
  }
  success(key) {
    const s = this.state(key);
    s.failures = 0;
    s.openUntil = 0;
    s.trial = false;
  }
  failure(key, now, policy) {
    const s = this.state(key);
    s.failures++;
    if (s.trial || s.failures >= policy.failureThreshold) {
      s.openUntil = now + policy.cooldownMs;
      s.trial = false;
    }
  }
  isOpen(key, now) {
    const s = this.states.get(key);
    return s !== void 0 && s.openUntil > now;
  }
};

// core/routing/budget.ts
var BudgetExceededError = class extends Error {
  name = "BudgetExceededError";
  budget;
  limitUsd;
  spentUsd;
  estimateUsd;
  constructor(budget, estimateUsd) {
    super(
      `${budget.name} would be exceeded: $${budget.spentUsd.toFixed(6)} spent + $${estimateUsd.toFixed(6)} estimated for this call > $${budget.limitUsd} limit`
    );
    this.budget = budget.name;
    this.limitUsd = budget.limitUsd;
    this.spentUsd = budget.spentUsd;
    this.estimateUsd = estimateUsd;
  }
};
var SpendLedger = class {
  budgets;
  total = 0;
  constructor(budgets = []) {
    this.budgets = budgets.map((b) => ({ name: b.name, limitUsd: b.limitUsd, spentUsd: b.spentUsd ?? 0 }));
  }
  /** The first budget this estimate would exceed, if any. */
  wouldExceed(estimateUsd) {
    return this.budgets.find((b) => b.spentUsd + estimateUsd > b.limitUsd);
  }
  record(costUsd) {
    this.total += costUsd;
    for (const b of this.budgets) b.spentUsd += costUsd;
  }
  /** Everything recorded in this ledger. */
  get spentUsd() {
    return this.total;
  }
};

// core/routing/clock.ts
var systemClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  })
};

// core/routing/pricing.ts
function costOf(model, usage) {
  const cached = usage.cachedInputTokens ?? 0;
  const cachedPrice = model.cache_read_input_token_cost ?? model.input_cost_per_token;
  const fresh = Math.max(0, usage.inputTokens - cached);
  return fresh * model.input_cost_per_token + cached * cachedPrice + usage.outputTokens * model.output_cost_per_token;
}
function outputTokenAllowance(model, params) {
  return params.max_tokens ?? model.max_output_tokens ?? 1024;
}
function estimateCost(model, inputTokens, params) {
  return inputTokens * model.input_cost_per_token + outputTokenAllowance(model, params) * model.output_cost_per_token;
}

// core/routing/strategy.ts
function targetsOf(route) {
  return route.targets.map((t) => ({ ...t, id: t.id ?? t.model }));
}
function conditionHolds(condition, request) {
  const split = splitTemplate(condition);
  const expr = condition.includes("${{") ? split.parts.find((p) => p.kind === "expr")?.source : condition;
  if (expr === void 0) return false;
  return isTruthy(evaluateSource(expr, { request }));
}
function orderTargets(route, request, random) {
  const targets = targetsOf(route);
  if (route.strategy === "weighted") {
    const total = targets.reduce((s, t) => s + t.weight, 0);
    let draw = random() * total;
    let chosen = targets[targets.length - 1];
    for (const t of targets) {
      draw -= t.weight;
      if (draw < 0) {
        chosen = t;
        break;
      }
    }
    const rest = targets.filter((t) => t !== chosen).sort((a, b) => b.weight - a.weight);
    return [chosen, ...rest];
  }
  if (route.strategy === "conditional") {
    const match = route.conditions.find((c) => conditionHolds(c.if, request));
    const chosen = (match && targets.find((t) => t.id === match.target)) ?? targets[0];
    return [chosen, ...targets.filter((t) => t !== chosen)];
  }
  return targets;
}

// core/routing/tokens.ts
function estimateInputTokens(messages) {
  let chars = 0;
  for (const m of messages) {
    chars += m.content.length;
    for (const call of m.toolCalls ?? [])
      chars += JSON.stringify(call.arguments ?? null).length + call.name.length;
  }
  return Math.ceil(chars / 4) + 4 * messages.length;
}

// core/routing/router.ts
var RouteError = class extends Error {
  name = "RouteError";
  kind;
  attempts;
  budget;
  constructor(kind, message, attempts, options = {}) {
    super(message, { cause: options.cause });
    this.kind = kind;
    this.attempts = attempts;
    this.budget = options.budget;
  }
};
var NOT_RETRIED = /* @__PURE__ */ new Set(["bad_request", "auth", "not_found", "missing_key", "replay_miss", "aborted"]);
function isTimeoutReason(reason) {
  return reason instanceof Error && reason.name === "TimeoutError";
}
var Router = class {
  repo;
  caller;
  breaker;
  clock;
  random;
  constructor(options) {
    this.repo = options.repo;
    this.caller = options.caller;
    this.breaker = options.breaker ?? new CircuitBreaker();
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
  }
  async chat(call) {
    const routes = this.repo.tenants.get(call.tenant)?.routes?.data.routes;
    if (!routes || !Object.hasOwn(routes, call.route)) {
      throw new RouteError(
        "unknown-route",
        `route "${call.route}" is not defined for tenant "${call.tenant}"`,
        []
      );
    }
    const route = routes[call.route];
    const started = this.clock.now();
    const inputTokens = estimateInputTokens(call.messages);
    const facts = {
      input_tokens: inputTokens,
      max_tokens: call.params?.max_tokens,
      tenant: call.tenant,
      ...call.meta,
      metadata: call.meta?.metadata ?? {}
    };
    const total = deadline(call.signal, parseDuration(route.timeout));
    try {
      return await this.route(call, route, facts, inputTokens, started, total.signal);
    } finally {
      total.dispose();
    }
  }
  async route(call, route, facts, inputTokens, started, signal) {
    const attempts = [];
    const budgetTrips = [];
    let previous;
    for (const target of orderTargets(route, facts, this.random)) {
      const model = this.caller.model(target.model);
      const breakerKey = `${model.provider}/${target.model}`;
      const base = {
        target: target.id,
        model: target.model,
        provider: model.provider,
        latencyMs: 0,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        cached: false
      };
      const fallbackFrom = previous;
      previous = target.id;
      const params = { ...target.params, ...call.params };
      const gate = this.breaker.allow(breakerKey, this.clock.now());
      if (!gate.allowed) {
        attempts.push({
          ...base,
          attempt: 0,
          outcome: "skipped",
          reason: "circuit-open",
          message: `circuit open for ${Math.ceil((gate.retryInMs ?? 0) / 1e3)}s more`,
          ...fallbackFrom ? { fallbackFrom } : {}
        });
        continue;
      }
      const estimate = estimateCost(model, inputTokens, params);
      const perCall = route.budget?.max_usd_per_call;
      const tripped = perCall !== void 0 && estimate > perCall ? { name: `route "${call.route}" max_usd_per_call`, limitUsd: perCall, spentUsd: 0 } : call.ledger?.wouldExceed(estimate);
      if (tripped) {
        const error = new BudgetExceededError(tripped, estimate);
        budgetTrips.push(error);
        attempts.push({
          ...base,
          attempt: 0,
          outcome: "skipped",
          reason: "budget",
          message: error.message,
          ...fallbackFrom ? { fallbackFrom } : {}
        });
        continue;
      }
      for (let n = 1; n <= route.retry.max_attempts; n++) {
        if (signal.aborted) return this.fail(signal, attempts, started);
        const attempt = deadline(signal, parseDuration(target.timeout ?? route.timeout));
        const attemptSignal = attempt.signal;
        const t0 = this.clock.now();
        try {
          const result = await this.caller.chat(
            target.model,
            {
              model: model.model,
              messages: call.messages,
              params,
              output: call.output,
              tools: call.tools,
              signal: attemptSignal
            },
            { tenant: call.tenant, repeat: call.repeat }
          );
          attempt.dispose();
          const costUsd = costOf(model, result.response.usage);
          call.ledger?.record(costUsd);
          this.breaker.success(breakerKey);
          const cached = result.source !== "provider";
          attempts.push({
            ...base,
            attempt: n,
            outcome: "ok",
            latencyMs: cached ? result.latencyMs : this.clock.now() - t0,
            inputTokens: result.response.usage.inputTokens,
            outputTokens: result.response.usage.outputTokens,
            costUsd,
            cached,
            ...fallbackFrom && n === 1 ? { fallbackFrom } : {}
          });
          return {
            response: result.response,
            target: target.id,
            model: target.model,
            costUsd: attempts.reduce((s, a) => s + a.costUsd, 0),
            latencyMs: this.clock.now() - started,
            callLatencyMs: cached ? result.latencyMs : this.clock.now() - t0,
            cached,
            attempts
          };
        } catch (error) {
          attempt.dispose();
          const pe = this.asProviderError(error, model.provider, attemptSignal, signal);
          attempts.push({
            ...base,
            attempt: n,
            outcome: "error",
            reason: pe.kind,
            message: pe.message,
            latencyMs: this.clock.now() - t0,
            ...pe.status !== void 0 ? { status: pe.status } : {},
            ...pe.retryAfterMs !== void 0 ? { retryAfterMs: pe.retryAfterMs } : {},
            ...fallbackFrom && n === 1 ? { fallbackFrom } : {}
          });
          if (signal.aborted) return this.fail(signal, attempts, started);
          if (pe.kind !== "replay_miss" && pe.kind !== "bad_request")
            this.breaker.failure(breakerKey, this.clock.now(), {
              failureThreshold: route.circuit_breaker.failure_threshold,
              cooldownMs: parseDuration(route.circuit_breaker.cooldown)
            });
          const retriable = !NOT_RETRIED.has(pe.kind) && (pe.status === void 0 || route.retry.on_status.includes(pe.status));
          if (!retriable || n === route.retry.max_attempts || this.breaker.isOpen(breakerKey, this.clock.now()))
            break;
          const backoff = Math.min(
            parseDuration(route.retry.max_interval),
            parseDuration(route.retry.initial_interval) * route.retry.backoff_factor ** (n - 1)
          );
          if (pe.retryAfterMs !== void 0 && pe.retryAfterMs > parseDuration(route.retry.max_interval)) {
            break;
          }
          const wait = Math.max(backoff, pe.retryAfterMs ?? 0);
          try {
            await this.clock.sleep(wait, signal);
          } catch {
            return this.fail(signal, attempts, started);
          }
        }
      }
    }
    if (budgetTrips.length > 0 && attempts.every((a) => a.outcome === "skipped")) {
      const last2 = budgetTrips[budgetTrips.length - 1];
      throw new RouteError(
        "budget",
        `route "${call.route}": ${budgetTrips.map((e) => e.message).join("; ")}`,
        attempts,
        { budget: last2.budget, cause: last2 }
      );
    }
    const last = [...attempts].reverse().find((a) => a.outcome === "error") ?? attempts[attempts.length - 1];
    throw new RouteError(
      "exhausted",
      `route "${call.route}" failed on every target (${attempts.map((a) => `${a.target}#${a.attempt}: ${a.reason}`).join(", ")})${last?.message ? `: ${last.message}` : ""}`,
      attempts
    );
  }
  fail(signal, attempts, started) {
    const timedOut = isTimeoutReason(signal.reason);
    throw new RouteError(
      timedOut ? "timeout" : "aborted",
      timedOut ? `route timed out after ${this.clock.now() - started} ms` : "the call was cancelled",
      attempts,
      { cause: signal.reason }
    );
  }
  asProviderError(error, provider, attemptSignal, total) {
    if (error instanceof ProviderError) return error;
    if (attemptSignal.aborted) {
      return new ProviderError(
        provider,
        isTimeoutReason(attemptSignal.reason) && !total.aborted ? "timeout" : "aborted",
        "request aborted",
        { cause: error }
      );
    }
    return new ProviderError(provider, "network", error instanceof Error ? error.message : String(error), {
      cause: error
    });
  }
};

// core/execute/services.ts
var ApprovalPending = class extends Error {
  name = "ApprovalPending";
};

// core/execute/execute.ts
import { setMaxListeners } from "node:events";

// core/jsonschema/validate.ts
import { Ajv } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
var ajv2020;
var ajv07;
var compiled = /* @__PURE__ */ new Map();
function compile(schema) {
  const key = canonicalJson(schema);
  const hit = compiled.get(key);
  if (hit) return hit;
  const $schema = schema.$schema;
  let validator;
  if (typeof $schema === "string" && $schema.includes("draft-07")) {
    if (!ajv07) {
      ajv07 = new Ajv({ strict: false, allErrors: true });
      addFormats.default(ajv07);
    }
    validator = ajv07.compile(schema);
  } else {
    if (!ajv2020) {
      ajv2020 = new Ajv2020({ strict: false, allErrors: true });
      addFormats.default(ajv2020);
    }
    validator = ajv2020.compile(schema);
  }
  if (compiled.size > 1e3) compiled.clear();
  compiled.set(key, validator);
  return validator;
}
function validateJsonSchema(schema, value, maxErrors = 5) {
  let validate;
  try {
    validate = compile(schema);
  } catch (error) {
    const message = `the schema is invalid: ${error.message}`;
    return { valid: false, errors: [message], errorCount: 1, invalidSchema: error.message };
  }
  if (validate(value)) return { valid: true, errors: [], errorCount: 0 };
  const all = validate.errors ?? [];
  return {
    valid: false,
    errors: all.slice(0, maxErrors).map((e) => `${e.instancePath || "(root)"} ${e.message ?? e.keyword}`),
    errorCount: all.length
  };
}

// core/execute/checks.ts
function asText(output) {
  return typeof output === "string" ? output : JSON.stringify(output) ?? "";
}
function isEmpty(v) {
  if (v === null || v === void 0 || v === "") return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === "object" && Object.keys(v).length === 0;
}
function runChecks(node, output, context, outputSchema) {
  return node.checks.map((check, i) => {
    const name = check.name ?? `${check.type}${node.checks.length > 1 ? ` #${i + 1}` : ""}`;
    const result = (pass, message) => ({
      name,
      type: check.type,
      pass,
      message,
      onFail: check.on_fail
    });
    try {
      switch (check.type) {
        case "json-schema": {
          const schema = check.value ?? outputSchema;
          if (!schema)
            return result(
              false,
              "no schema to check against (give one as value, or use a prompt with an output schema)"
            );
          const r = validateJsonSchema(schema, output);
          return result(r.valid, r.valid ? "matches the schema" : r.errors.join("; "));
        }
        case "regex": {
          const ok = new RegExp(String(check.value)).test(asText(output));
          return result(
            ok,
            ok ? `matches /${String(check.value)}/` : `does not match /${String(check.value)}/`
          );
        }
        case "contains": {
          const ok = asText(output).includes(String(check.value));
          return result(
            ok,
            ok ? `contains "${String(check.value)}"` : `does not contain "${String(check.value)}"`
          );
        }
        case "not-empty":
          return result(!isEmpty(output), isEmpty(output) ? "output is empty" : "output is not empty");
        case "max-length": {
          const length = asText(output).length;
          const ok = length <= Number(check.value);
          return result(ok, `${length} characters (limit ${String(check.value)})`);
        }
        case "expression": {
          const source = String(check.value ?? "");
          const expr = source.includes("${{") ? splitTemplate(source).parts.find((p) => p.kind === "expr")?.source ?? "" : source;
          const ok = isTruthy(evaluateSource(expr, { ...context, output }));
          return result(ok, ok ? `${source} holds` : `${source} does not hold`);
        }
      }
      return result(false, `unknown check type "${String(check.type)}" (fail closed)`);
    } catch (error) {
      return result(false, `check could not run: ${error.message}`);
    }
  });
}

// core/template/render.ts
var RENDER_LIMITS = { maxOutputChars: 1e6, maxDepth: 32 };
var TemplateRenderError = class extends Error {
  name = "TemplateRenderError";
};
function lookup(value, path) {
  let v = value;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return void 0;
    if (!Object.hasOwn(v, seg)) return void 0;
    v = v[seg];
  }
  return typeof v === "function" ? void 0 : v;
}
function toText(v) {
  if (v === void 0 || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}
function truthy(v) {
  if (Array.isArray(v)) return v.length > 0;
  return v !== void 0 && v !== null && v !== false && v !== "" && v !== 0;
}
function renderTemplate(nodes, variables) {
  let out = "";
  const resolve = (ref, scope) => ref.relative ? lookup(scope[scope.length - 1], ref.path) : lookup(variables, ref.path);
  const append = (s) => {
    out += s;
    if (out.length > RENDER_LIMITS.maxOutputChars) {
      throw new TemplateRenderError(`Rendered prompt exceeds ${RENDER_LIMITS.maxOutputChars} characters.`);
    }
  };
  const walk = (list, scope) => {
    if (scope.length > RENDER_LIMITS.maxDepth)
      throw new TemplateRenderError("Sections are nested too deeply.");
    for (const n of list) {
      if (n.type === "text") append(n.text);
      else if (n.type === "var") append(toText(resolve(n.ref, scope)));
      else {
        const v = resolve(n.ref, scope);
        if (n.inverted) {
          if (!truthy(v)) walk(n.children, scope);
        } else if (Array.isArray(v)) {
          for (const item of v) walk(n.children, [...scope, item]);
        } else if (truthy(v)) {
          walk(n.children, [...scope, v]);
        }
      }
    }
  };
  walk(nodes, []);
  return out;
}

// core/execute/nodes.ts
var NodeFailure = class extends Error {
  name = "NodeFailure";
  kind;
  /** Retrying would fail the same way (invalid arguments, denied approval, policy). */
  final;
  constructor(kind, message, options = {}) {
    super(message, { cause: options.cause });
    this.kind = kind;
    this.final = options.final ?? false;
  }
};
var templates = /* @__PURE__ */ new WeakMap();
function renderPrompt(prompt, vars) {
  let parsed = templates.get(prompt);
  if (!parsed) {
    parsed = prompt.messages.map((m) => parseTemplate(m.content));
    templates.set(prompt, parsed);
  }
  return prompt.messages.map((m, i) => ({ role: m.role, content: renderTemplate(parsed[i].nodes, vars) }));
}
function toolFunctionName(ref) {
  return ref.replace(".", "__");
}
function toolSpec(run, ref) {
  const parsed = parseToolRef(ref);
  const tool = parsed ? run.services.repo.tools.get(parsed.namespace)?.data.tools[parsed.tool] : void 0;
  if (!parsed || !tool)
    throw new NodeFailure("policy", `tool ${ref} does not exist in the catalog`, { final: true });
  return { name: toolFunctionName(ref), description: tool.description, parameters: tool.input };
}
async function invokeTool(run, ref, rawArgs, idempotencyKey) {
  const allowed = run.services.repo.tenants.get(run.tenant)?.config?.data.allow.tools ?? [];
  if (!toolAllowed(ref, allowed)) {
    throw new NodeFailure("policy", `tool ${ref} is not allowed for tenant ${run.tenant}`, { final: true });
  }
  const parsed = parseToolRef(ref);
  const catalog = run.services.repo.tools.get(parsed.namespace);
  const tool = catalog && Object.hasOwn(catalog.data.tools, parsed.tool) ? catalog.data.tools[parsed.tool] : void 0;
  if (!tool) throw new NodeFailure("policy", `tool ${ref} does not exist in the catalog`, { final: true });
  const check = validateJsonSchema(tool.input, rawArgs);
  if (!check.valid) {
    throw new NodeFailure(
      "invalid-arguments",
      `arguments of ${ref} do not match its input schema: ${check.errors.join("; ")}`,
      { final: true }
    );
  }
  return run.services.tools.invoke({
    tenant: run.tenant,
    tool: ref,
    args: rawArgs,
    idempotencyKey,
    signal: run.signal
  });
}
async function llm(run) {
  const tenant = run.services.repo.tenants.get(run.tenant);
  const name = ownName(run.node.prompt, run.tenant);
  const prompt = name === void 0 ? void 0 : tenant?.prompts.get(name);
  if (!prompt)
    throw new NodeFailure("policy", `prompt ${run.node.prompt} is not available to tenant ${run.tenant}`, {
      final: true
    });
  const route = ownName(run.node.route, run.tenant);
  if (route === void 0)
    throw new NodeFailure("policy", `route ${run.node.route} belongs to another tenant`, { final: true });
  const vars = resolveTemplated(run.node.with, run.context);
  const messages = renderPrompt(prompt.data, vars);
  const wantsJson = prompt.data.output.format === "json";
  const schema = prompt.data.output.schema;
  const allowed = run.node.tools?.allow ?? [];
  const tools = allowed.map((ref) => toolSpec(run, ref));
  const byFunction = new Map(allowed.map((ref) => [toolFunctionName(ref), ref]));
  const toolCalls = [];
  const trace = {
    prompt: prompt.data.name,
    promptVersion: prompt.data.version,
    route,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    cached: true,
    calls: []
  };
  const maxSteps = run.node.tools?.max_steps ?? 0;
  for (let step = 0; ; step++) {
    const offerTools = tools.length > 0 && step < maxSteps;
    const result = await run.services.router.chat({
      tenant: run.tenant,
      route,
      messages,
      params: prompt.data.params ?? {},
      ...wantsJson && !offerTools ? { output: { name: prompt.data.name, ...schema ? { schema } : {} } } : {},
      ...offerTools ? { tools } : {},
      meta: { prompt: prompt.data.name, workflow: run.workflow.name, node: run.id },
      repeat: run.repeat,
      ledger: run.ledger,
      signal: run.signal
    }).catch((error) => {
      const attempts = error.attempts ?? [];
      throw Object.assign(error, {
        trace: { llm: { ...trace, calls: [...trace.calls, ...attempts] } }
      });
    });
    trace.target = result.target;
    trace.model = result.model;
    trace.inputTokens += result.response.usage.inputTokens;
    trace.outputTokens += result.response.usage.outputTokens;
    trace.costUsd += result.costUsd;
    trace.cached &&= result.cached;
    trace.calls.push(...result.attempts);
    if (offerTools && result.response.toolCalls.length > 0) {
      messages.push({
        role: "assistant",
        content: result.response.text,
        toolCalls: result.response.toolCalls
      });
      for (const call of result.response.toolCalls) {
        const ref = byFunction.get(call.name);
        let content;
        if (!ref) {
          content = JSON.stringify({ error: `tool ${call.name} is not available` });
        } else {
          try {
            const out = await invokeTool(
              run,
              ref,
              call.arguments,
              `${run.runId}:${run.id}${run.itemKey}:${call.id}`
            );
            toolCalls.push({ tool: ref, args: call.arguments });
            content = JSON.stringify(out ?? null);
          } catch (error) {
            toolCalls.push({ tool: ref, args: call.arguments });
            content = JSON.stringify({ error: error.message });
          }
        }
        messages.push({ role: "tool", content, toolCallId: call.id });
      }
      continue;
    }
    if (toolCalls.length > 0) trace.toolCalls = toolCalls;
    if (!wantsJson) return { output: result.response.text, trace: { llm: trace }, outputSchema: schema };
    let json = result.response.json;
    if (json === void 0) {
      try {
        json = JSON.parse(result.response.text);
      } catch {
        throw new NodeFailure(
          "invalid-output",
          `the model's answer is not JSON: ${result.response.text.slice(0, 120)}`
        );
      }
    }
    return { output: json, trace: { llm: trace }, outputSchema: schema };
  }
}
async function executeNode(run) {
  const { node, context } = run;
  switch (node.type) {
    case "llm":
      return llm(run);
    case "tool": {
      const args = resolveTemplated(node.with, context);
      const key = node.idempotency_key !== void 0 ? String(resolveTemplated(node.idempotency_key, context)) : `${run.runId}:${run.id}${run.itemKey}`;
      const output = await invokeTool(run, node.tool, args, key);
      return { output, trace: { tool: { tool: node.tool, args, idempotencyKey: key } } };
    }
    case "retrieve": {
      const collection = ownName(node.knowledge, run.tenant);
      const allowed = run.services.repo.tenants.get(run.tenant)?.config?.data.allow.knowledge ?? [];
      if (collection === void 0 || !(allowed.includes("*") || allowed.includes(collection))) {
        throw new NodeFailure(
          "policy",
          `knowledge ${node.knowledge} is not allowed for tenant ${run.tenant}`,
          { final: true }
        );
      }
      const query = String(resolveTemplated(node.query, context) ?? "");
      const retriever = await run.services.retriever(run.tenant, collection);
      const passages = retriever.search(query, node.top_k);
      return {
        output: passages.map((p) => ({ title: p.title, text: p.text, path: p.path, score: p.score })),
        trace: {
          retrieval: {
            collection,
            query,
            passages: passages.map((p) => ({ path: p.path, title: p.title, score: p.score }))
          }
        }
      };
    }
    case "approval": {
      const decision = await run.services.approvals.request({
        tenant: run.tenant,
        runId: run.runId,
        workflow: run.workflow.name,
        node: run.id,
        approvers: node.approvers.map(
          (p) => typeof p === "string" ? p : "user" in p ? `user:${p.user}` : `team:${p.team}`
        ),
        minApprovals: node.min_approvals,
        message: node.message === void 0 ? void 0 : String(resolveTemplated(node.message, context)),
        timeoutMs: parseDuration(node.timeout),
        signal: run.signal
      });
      const trace = { approval: decision };
      if (decision.decision === "approved") return { output: decision, trace };
      if (decision.decision === "timeout" && node.on_timeout === "fail") {
        throw Object.assign(
          new NodeFailure("approval-timeout", `approval ${run.id} timed out`, { final: true }),
          { trace }
        );
      }
      throw Object.assign(
        new NodeFailure(
          "denied",
          `approval ${run.id} was ${decision.decision === "timeout" ? "not given in time (treated as denied)" : "denied"}`,
          { final: true }
        ),
        { trace }
      );
    }
    case "transform":
      return { output: resolveTemplated(node.value, context), trace: {} };
    case "workflow": {
      const name = ownName(node.workflow, run.tenant);
      const sub = name === void 0 ? void 0 : run.services.workflow(run.tenant, name, node.version);
      if (!sub)
        throw new NodeFailure("policy", `workflow ${node.workflow}@${node.version} is not available`, {
          final: true
        });
      if (run.depth >= 8)
        throw new NodeFailure("policy", "sub-workflows are nested more than 8 deep", { final: true });
      const inputs = resolveTemplated(node.with, context);
      const result = await run.runSubWorkflow(sub, inputs);
      if (!result.ok) throw new NodeFailure("sub-workflow", `workflow ${sub.name} failed: ${result.error}`);
      return { output: result.outputs, trace: {} };
    }
  }
}

// core/execute/execute.ts
var DEFERRED = /* @__PURE__ */ Symbol("deferred");
function expressionOf(source) {
  return source.includes("${{") ? splitTemplate(source).parts.find((p) => p.kind === "expr")?.source ?? "" : source;
}
function prepareInputs(wf, given) {
  const inputs = {};
  const problems = [];
  for (const [name, schema] of Object.entries(wf.inputs)) {
    const value = Object.hasOwn(given, name) ? given[name] : schema.default;
    if (value === void 0) {
      problems.push(`input "${name}" is required`);
      continue;
    }
    const check = validateJsonSchema(schema, value);
    if (!check.valid) problems.push(`input "${name}": ${check.errors.join("; ")}`);
    inputs[name] = value;
  }
  for (const name of Object.keys(given))
    if (!Object.hasOwn(wf.inputs, name)) problems.push(`input "${name}" is not declared`);
  return { inputs, problems };
}
async function executeWorkflow(options) {
  const { workflow: wf, services, tenant, runId } = options;
  const clock = services.clock;
  const startedAt = clock.now();
  const ledger = options.ledger ?? new SpendLedger([{ name: `workflow ${wf.name} run budget`, limitUsd: wf.budget.max_usd }]);
  const spentBefore = ledger.spentUsd;
  const record = {
    runId,
    tenant,
    workflow: wf.name,
    version: wf.version,
    status: "succeeded",
    nodes: {},
    costUsd: 0,
    startedAt,
    endedAt: startedAt
  };
  const finish = (status, error) => {
    record.status = status;
    if (error) record.error = error;
    record.costUsd = ledger.spentUsd - spentBefore;
    record.endedAt = clock.now();
    return record;
  };
  const prepared = prepareInputs(wf, options.inputs);
  if (prepared.problems.length > 0)
    return finish("failed", { kind: "invalid-inputs", message: prepared.problems.join("; ") });
  const cancel = new AbortController();
  const budgetMs = options.deadline === void 0 ? parseDuration(wf.budget.timeout) : options.deadline - Date.now();
  const signals = [
    cancel.signal,
    // A deadline already passed is out of time now, not a timer tick later.
    budgetMs > 0 ? AbortSignal.timeout(budgetMs) : AbortSignal.abort(new DOMException("the run's time budget is spent", "TimeoutError"))
  ];
  if (options.signal) signals.push(options.signal);
  const runSignal = AbortSignal.any(signals);
  setMaxListeners(0, runSignal);
  const durations = /* @__PURE__ */ new Map();
  const durationMs = (text) => {
    let ms = durations.get(text);
    if (ms === void 0) {
      ms = parseDuration(text);
      durations.set(text, ms);
    }
    return ms;
  };
  const { fallbackFor } = workflowGraph(wf);
  const ids = Object.keys(wf.nodes);
  const nodesContext = {};
  const run = {
    id: runId,
    workflow: wf.name,
    version: wf.version,
    tenant,
    started_at: new Date(startedAt).toISOString()
  };
  const baseContext = () => ({ inputs: prepared.inputs, nodes: nodesContext, run });
  const settle = (rec) => {
    record.nodes[rec.id] = rec;
    nodesContext[rec.id] = { output: rec.output ?? null, status: rec.status, error: rec.error ?? null };
    touched(rec.id);
    return options.onNode?.(rec);
  };
  let failure;
  const pending = new Set(ids.filter((id) => !fallbackFor.has(id)));
  if (options.only !== void 0) {
    if (!Object.hasOwn(wf.nodes, options.only))
      throw new Error(`workflow ${wf.name} has no node ${options.only}`);
    for (const id of [...pending]) if (id !== options.only) pending.delete(id);
    pending.add(options.only);
  }
  for (const rec of Object.values(options.completed ?? {})) {
    if (!Object.hasOwn(wf.nodes, rec.id) || rec.status === "waiting" || rec.status === "cancelled") continue;
    record.nodes[rec.id] = rec;
    nodesContext[rec.id] = { output: rec.output ?? null, status: rec.status, error: rec.error ?? null };
    pending.delete(rec.id);
    if (rec.status === "failed" && rec.recoveredBy === void 0 && !failure && options.only === void 0)
      failure = {
        kind: rec.error?.kind ?? "failed",
        message: `node ${rec.id} failed: ${rec.error?.message ?? "unknown error"}`,
        node: rec.id
      };
  }
  const waiting = /* @__PURE__ */ new Set();
  const deferred = /* @__PURE__ */ new Set();
  const running = /* @__PURE__ */ new Map();
  const maxConcurrency = wf.max_concurrency;
  const isSettled = (id) => {
    const r = record.nodes[id];
    return r !== void 0 && (r.status !== "failed" || r.recoveredBy !== void 0) && r.status !== "cancelled" && r.status !== "waiting";
  };
  const ready = (id) => wf.nodes[id].needs.every(
    (n) => isSettled(n) || fallbackFor.has(n) && !record.nodes[n] && !anyRunning(fallbackFor.get(n))
  );
  const anyRunning = (owners) => owners.some((o) => pending.has(o) || running.has(o));
  const order = new Map(ids.map((id, i) => [id, i]));
  const dependents = /* @__PURE__ */ new Map();
  for (const id of pending)
    for (const need of wf.nodes[id].needs) {
      const list = dependents.get(need);
      if (list) list.push(id);
      else dependents.set(need, [id]);
    }
  const recheck = new Set(pending);
  const touched = (id) => {
    for (const d of dependents.get(id) ?? []) if (pending.has(d)) recheck.add(d);
  };
  const queue = [];
  const queued = /* @__PURE__ */ new Set();
  let wake = () => {
  };
  let crashed;
  while (!failure && (pending.size > 0 || running.size > 0)) {
    if (recheck.size > 0) {
      const before = queue.length;
      for (const id of recheck)
        if (!queued.has(id) && pending.has(id) && ready(id)) {
          queue.push(id);
          queued.add(id);
        }
      recheck.clear();
      if (queue.length > before) queue.sort((a, b) => order.get(a) - order.get(b));
    }
    let next = 0;
    while (next < queue.length && running.size < maxConcurrency && !(options.dispatch && runSignal.aborted)) {
      const id = queue[next++];
      queued.delete(id);
      if (!pending.has(id) || !ready(id)) continue;
      pending.delete(id);
      const started = options.dispatch ? options.dispatch(id).then(async (recs) => {
        if (recs === DEFERRED) return DEFERRED;
        for (const extra of recs) if (extra.id !== id) await settle(extra);
        const own = recs.find((r) => r.id === id);
        if (!own) throw new Error(`the step for node ${id} returned no record of it`);
        return own;
      }) : runNode(id);
      const task = started.then(async (rec) => {
        if (rec === DEFERRED) {
          deferred.add(id);
          running.delete(id);
          wake();
          return;
        }
        await settle(rec);
        if (rec.status === "waiting") waiting.add(id);
        if (rec.status === "failed" && rec.recoveredBy === void 0 && !failure) {
          failure = {
            kind: rec.error?.kind ?? "failed",
            message: `node ${id} failed: ${rec.error?.message ?? "unknown error"}`,
            node: id
          };
          cancel.abort(new Error("the run failed"));
        }
        running.delete(id);
        const fb = wf.nodes[id].on_error?.fallback;
        if (fb !== void 0 && fallbackFor.has(fb)) touched(fb);
        wake();
      });
      task.catch((error) => {
        crashed ??= { error };
        wake();
      });
      running.set(id, task);
    }
    queue.splice(0, next);
    if (running.size === 0) {
      if (waiting.size > 0 || deferred.size > 0) break;
      for (const id of pending) await settle(cancelled(id, "waits on a cycle or a failed node"));
      pending.clear();
      break;
    }
    await new Promise((resolve) => {
      wake = resolve;
    });
    if (crashed) throw crashed.error;
  }
  await Promise.all(running.values());
  if (runSignal.aborted && !failure) {
    const timedOut = !options.signal?.aborted;
    failure = {
      kind: timedOut ? "timeout" : "cancelled",
      message: timedOut ? `the run exceeded its ${wf.budget.timeout} budget` : "the run was cancelled"
    };
  }
  if (options.only !== void 0) {
    const own = record.nodes[options.only];
    return finish(
      own?.status === "waiting" ? "waiting" : own?.status === "failed" && !own.recoveredBy ? "failed" : "succeeded"
    );
  }
  if ((waiting.size > 0 || deferred.size > 0) && !failure && !runSignal.aborted) return finish("waiting");
  for (const id of ids)
    if (!record.nodes[id])
      await settle(
        fallbackFor.has(id) && !failure ? skipped(id, "only runs as a fallback") : cancelled(id, "the run stopped before it started")
      );
  if (failure) return finish(options.signal?.aborted ? "cancelled" : "failed", failure);
  try {
    record.outputs = resolveTemplated(wf.outputs, baseContext());
  } catch (error) {
    return finish("failed", {
      kind: "outputs",
      message: `outputs could not be computed: ${error.message}`
    });
  }
  return finish("succeeded");
  function skipped(id, why) {
    const t = clock.now();
    return {
      id,
      type: wf.nodes[id].type,
      status: "skipped",
      output: null,
      attempts: 0,
      startedAt: t,
      endedAt: t,
      checks: [],
      error: { kind: "skipped", message: why }
    };
  }
  function cancelled(id, why) {
    const t = clock.now();
    return {
      id,
      type: wf.nodes[id].type,
      status: "cancelled",
      attempts: 0,
      startedAt: t,
      endedAt: t,
      checks: [],
      error: { kind: "cancelled", message: why }
    };
  }
  async function runNode(id) {
    const node = wf.nodes[id];
    const started = clock.now();
    const context = baseContext();
    if (node.if !== void 0) {
      let go;
      try {
        go = typeof node.if === "boolean" ? node.if : isTruthy(evaluateSource(expressionOf(node.if), context));
      } catch (error) {
        return {
          id,
          type: node.type,
          status: "failed",
          attempts: 0,
          startedAt: started,
          endedAt: clock.now(),
          checks: [],
          error: { kind: "expression", message: `if: ${error.message}` }
        };
      }
      if (!go) return skipped(id, "its if was false");
    }
    const outcome = await attemptNode(id, node, context);
    if (outcome.status === "succeeded" || outcome.status === "waiting" || runSignal.aborted) return outcome;
    if (node.on_error?.default !== void 0) {
      return {
        ...outcome,
        output: resolveTemplated(node.on_error.default, baseContext()),
        recoveredBy: "default"
      };
    }
    const fb = node.on_error?.fallback;
    if (fb !== void 0 && Object.hasOwn(wf.nodes, fb)) {
      await settle(outcome);
      const fallback = await attemptNode(fb, wf.nodes[fb], baseContext());
      await settle(fallback);
      if (fallback.status === "succeeded")
        return { ...outcome, output: fallback.output, recoveredBy: "fallback", fallbackNode: fb };
    }
    return outcome;
  }
  async function attemptNode(id, node, context) {
    const started = clock.now();
    const base = {
      id,
      type: node.type,
      status: "succeeded",
      attempts: 0,
      startedAt: started,
      endedAt: started,
      checks: []
    };
    let items;
    if (node.for_each !== void 0) {
      try {
        const value = evaluateSource(expressionOf(node.for_each), context);
        if (!Array.isArray(value))
          throw new Error(`for_each is ${JSON.stringify(value)?.slice(0, 60)}, not a list`);
        items = value;
      } catch (error) {
        return {
          ...base,
          status: "failed",
          endedAt: clock.now(),
          error: { kind: "expression", message: error.message }
        };
      }
    }
    if (!items) {
      const r = await withRetries(id, node, context, "");
      return { ...base, ...r, endedAt: clock.now() };
    }
    const results = new Array(items.length);
    let next = 0;
    const workers = Array.from({ length: Math.min(node.max_concurrency, items.length) }, async () => {
      while (next < items.length && !runSignal.aborted) {
        const i = next++;
        results[i] = await withRetries(id, node, { ...context, item: items[i], index: i }, `[${i}]`);
        if (results[i].status === "failed") return;
      }
    });
    await Promise.all(workers);
    const failed = results.find((r) => r?.status === "failed");
    const done = results.filter(Boolean);
    const merged = {
      ...base,
      items: items.length,
      attempts: done.reduce((s, r) => s + r.attempts, 0),
      checks: done.flatMap((r) => r.checks),
      endedAt: clock.now(),
      ...failed ? { status: "failed", error: failed.error } : { output: results.map((r) => r.output) }
    };
    const llms = done.map((r) => r.llm).filter((x) => x !== void 0);
    if (llms.length > 0) {
      merged.llm = {
        ...llms[0],
        inputTokens: llms.reduce((s, l) => s + l.inputTokens, 0),
        outputTokens: llms.reduce((s, l) => s + l.outputTokens, 0),
        costUsd: llms.reduce((s, l) => s + l.costUsd, 0),
        cached: llms.every((l) => l.cached),
        calls: llms.flatMap((l) => l.calls)
      };
    }
    return merged;
  }
  async function withRetries(id, node, context, itemKey) {
    const policy = node.retry ?? wf.defaults?.retry;
    const maxAttempts = policy?.max_attempts ?? 1;
    const timeoutMs = durationMs(node.timeout ?? wf.defaults?.timeout ?? wf.budget.timeout);
    let last = {
      status: "failed",
      attempts: 0,
      checks: []
    };
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (runSignal.aborted)
        return { ...last, status: "failed", error: { kind: "cancelled", message: "the run stopped" } };
      const attemptDeadline = node.type === "approval" ? void 0 : deadline(runSignal, timeoutMs);
      const signal = attemptDeadline?.signal ?? runSignal;
      const nodeRun = {
        tenant,
        runId,
        workflow: wf,
        id,
        node,
        context,
        services,
        signal,
        ledger,
        repeat: options.repeat,
        itemKey,
        depth: options.depth ?? 0,
        runSubWorkflow
      };
      let result;
      let failureInfo;
      try {
        result = await executeNode(nodeRun);
      } catch (error) {
        if (error instanceof ApprovalPending)
          return {
            status: "waiting",
            attempts: attempt,
            checks: [],
            error: { kind: "waiting", message: error.message }
          };
        failureInfo = describeFailure(error, signal, timeoutMs);
      } finally {
        attemptDeadline?.dispose();
      }
      if (result) {
        const checks = runChecks(node, result.output, context, result.outputSchema);
        const failedCheck = checks.find((c) => !c.pass && c.onFail === "fail");
        last = { status: "succeeded", attempts: attempt, output: result.output, checks, ...result.trace };
        if (!failedCheck) return last;
        failureInfo = {
          kind: "check",
          message: `check ${failedCheck.name} failed: ${failedCheck.message}`,
          final: false
        };
        last = { ...last, status: "failed", output: void 0 };
      } else {
        last = { status: "failed", attempts: attempt, checks: [], ...failureInfo?.trace ?? {} };
      }
      last.error = { kind: failureInfo.kind, message: failureInfo.message };
      if (failureInfo.final || attempt === maxAttempts) break;
      const initial = durationMs(policy?.initial_interval ?? "500ms");
      const cap = durationMs(policy?.max_interval ?? "30s");
      let wait = Math.min(cap, initial * (policy?.backoff_factor ?? 2) ** (attempt - 1));
      if (policy?.jitter) wait *= 0.5 + (services.random ?? Math.random)();
      try {
        await clock.sleep(wait, runSignal);
      } catch {
        break;
      }
    }
    return last;
  }
  async function runSubWorkflow(sub, inputs) {
    const result = await executeWorkflow({
      ...options,
      workflow: sub,
      inputs,
      ledger,
      signal: runSignal,
      depth: (options.depth ?? 0) + 1,
      runId: `${runId}/${sub.name}`,
      onNode: void 0,
      completed: void 0,
      only: void 0,
      dispatch: void 0
    });
    if (result.status === "waiting") throw new ApprovalPending(`sub-workflow ${sub.name} waits for approval`);
    return {
      ok: result.status === "succeeded",
      outputs: result.outputs,
      error: result.error?.message,
      costUsd: result.costUsd
    };
  }
}
function describeFailure(error, signal, timeoutMs) {
  const trace = error.trace;
  if (error instanceof NodeFailure)
    return { kind: error.kind, message: error.message, final: error.final, ...trace ? { trace } : {} };
  if (error instanceof RouteError) {
    const final = error.kind === "budget" || error.kind === "unknown-route";
    return {
      kind: error.kind === "budget" ? "budget" : `route-${error.kind}`,
      message: error.message,
      final,
      ...trace ? { trace } : {}
    };
  }
  if (signal.aborted && signal.reason instanceof Error && signal.reason.name === "TimeoutError") {
    return { kind: "timeout", message: `attempt timed out after ${timeoutMs} ms`, final: false };
  }
  return { kind: "error", message: error instanceof Error ? error.message : String(error), final: false };
}

// core/calls/cassettes.ts
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname, join, posix } from "node:path";

// core/calls/stored-call.ts
function serializeStoredCall(entry) {
  const { signal: _signal, ...request } = entry.request;
  return `${JSON.stringify({ ...entry, request }, null, 2)}
`;
}
function parseStoredCall(text) {
  try {
    const value = JSON.parse(text);
    if (typeof value?.key !== "string" || typeof value.response?.text !== "string") return void 0;
    return value;
  } catch {
    return void 0;
  }
}

// core/calls/cassettes.ts
var CassetteStore = class {
  sources;
  prefix;
  writeRoot;
  loaded = /* @__PURE__ */ new Map();
  /**
   * @param sources where to read cassettes, in priority order
   * @param prefix the cassettes directory relative to the repository root (models.yml `cassettes`)
   * @param writeRoot the repository root on disk, to record into (absent: read-only)
   */
  constructor(sources, prefix, writeRoot) {
    this.sources = sources;
    this.prefix = posix.normalize(prefix).replace(/^\.\/?/, "").replace(/\/$/, "");
    this.writeRoot = writeRoot;
  }
  /** All cassettes of a tenant, read once in one batch per source. */
  tenantCassettes(tenant) {
    let p = this.loaded.get(tenant);
    if (!p) {
      p = (async () => {
        const out = /* @__PURE__ */ new Map();
        const dir = `${this.prefix}/${tenant}/`;
        for (const source of [...this.sources].reverse()) {
          const paths = (await source.list()).filter((e) => e.kind === "file" && e.path.startsWith(dir) && e.path.endsWith(".json")).map((e) => e.path);
          for (const [, bytes] of await source.readMany(paths)) {
            const entry = parseStoredCall(bytes.toString("utf8"));
            if (entry) out.set(entry.key, entry);
          }
        }
        return out;
      })();
      this.loaded.set(tenant, p);
    }
    return p;
  }
  async get(key, tenant) {
    return (await this.tenantCassettes(tenant)).get(key);
  }
  async put(entry, tenant) {
    if (!this.writeRoot) throw new Error("this cassette store is read-only");
    const path = join(this.writeRoot, this.prefix, tenant, `${entry.key}.json`);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, serializeStoredCall(entry));
    await rename(tmp, path);
    (await this.tenantCassettes(tenant)).set(entry.key, entry);
  }
};

// core/calls/call-key.ts
import { createHash } from "node:crypto";
function callKey(modelId, providerModel, request, repeat = 0) {
  const material = canonicalJson({
    v: 1,
    model: modelId,
    providerModel,
    messages: request.messages,
    params: request.params,
    output: request.output,
    tools: request.tools,
    repeat
  });
  return createHash("sha256").update(material).digest("hex");
}

// core/calls/model-caller.ts
var ModelCaller = class {
  options;
  providers = /* @__PURE__ */ new Map();
  /** Number of calls that reached a provider (the benchmark's "zero calls on an unchanged rerun"). */
  providerCalls = 0;
  constructor(options) {
    this.options = options;
  }
  model(modelId) {
    const models = this.options.models.models;
    if (!Object.hasOwn(models, modelId))
      throw new ProviderError(modelId, "not_found", `model "${modelId}" is not declared in models.yml`);
    return models[modelId];
  }
  providerConfig(model) {
    const providers = this.options.models.providers;
    if (!Object.hasOwn(providers, model.provider)) {
      throw new ProviderError(
        model.provider,
        "not_found",
        `provider "${model.provider}" is not declared in models.yml`
      );
    }
    return providers[model.provider];
  }
  provider(id, config) {
    let p = this.providers.get(id);
    if (!p) {
      p = this.options.createProvider(id, config, this.options.env);
      this.providers.set(id, p);
    }
    return p;
  }
  /** The effective mode for a model. */
  modeFor(modelId) {
    const config = this.providerConfig(this.model(modelId));
    if (config.type === "replay") return "replay";
    if (this.options.mode !== "auto") return this.options.mode;
    const keyEnv = "api_key_env" in config ? config.api_key_env : void 0;
    const hasKey = keyEnv === void 0 || Boolean(this.options.env[keyEnv]);
    return hasKey ? "live" : "replay";
  }
  async chat(modelId, request, call) {
    const model = this.model(modelId);
    const config = this.providerConfig(model);
    const req = { ...request, model: model.model };
    const key = callKey(modelId, model.model, req, call.repeat ?? 0);
    const mode = this.modeFor(modelId);
    const now = this.options.now ?? Date.now;
    if (mode === "replay") {
      const hit = await this.options.cassettes?.get(key, call.tenant);
      if (!hit) {
        throw new ProviderError(
          model.provider,
          "replay_miss",
          `no recorded response for this ${modelId} request (key ${key.slice(0, 12)}) in tenant ${call.tenant}'s cassettes. Record it with \`charter eval --record\` and real API keys, and commit the cassettes.`
        );
      }
      return { response: hit.response, source: "cassette", latencyMs: hit.latencyMs, key };
    }
    if (mode === "live" && this.options.cache) {
      const hit = await this.options.cache.get(key, call.tenant);
      if (hit) return { response: hit.response, source: "cache", latencyMs: hit.latencyMs, key };
    }
    const started = now();
    this.providerCalls++;
    const response = await this.provider(model.provider, config).chat(req);
    const latencyMs = now() - started;
    const { signal: _signal, ...stored } = req;
    const entry = {
      key,
      model: modelId,
      request: stored,
      response,
      latencyMs,
      recordedAt: new Date(now()).toISOString()
    };
    await this.options.cache?.put(entry, call.tenant);
    if (mode === "record") {
      if (!this.options.cassettes) throw new Error("record mode needs a cassette store");
      await this.options.cassettes.put(entry, call.tenant);
    }
    return { response, source: "provider", latencyMs, key };
  }
  /** Waits until cached and recorded responses are on disk. */
  async flush() {
    await Promise.all([this.options.cache?.flush?.(), this.options.cassettes?.flush?.()]);
  }
  async embed(modelId, input, call) {
    const model = this.model(modelId);
    const config = this.providerConfig(model);
    const pseudo = {
      model: model.model,
      messages: input.map((content) => ({ role: "user", content })),
      params: {},
      output: { name: "embedding" }
    };
    const key = callKey(modelId, model.model, pseudo, 0);
    const mode = this.modeFor(modelId);
    const cached = mode === "replay" ? await this.options.cassettes?.get(key, call.tenant) : await this.options.cache?.get(key, call.tenant);
    if (cached) return cached.response.json;
    if (mode === "replay") {
      throw new ProviderError(
        model.provider,
        "replay_miss",
        `no recorded embedding for this ${modelId} request in tenant ${call.tenant}'s cassettes.`
      );
    }
    const provider = this.provider(model.provider, config);
    if (!provider.embed)
      throw new ProviderError(model.provider, "bad_request", `provider ${model.provider} cannot embed text`);
    this.providerCalls++;
    const started = (this.options.now ?? Date.now)();
    const result = await provider.embed({ model: model.model, input, signal: call.signal });
    const entry = {
      key,
      model: modelId,
      request: pseudo,
      response: {
        text: "",
        json: result,
        toolCalls: [],
        usage: { inputTokens: result.usage.inputTokens, outputTokens: 0 },
        finishReason: "stop",
        model: model.model
      },
      latencyMs: (this.options.now ?? Date.now)() - started,
      recordedAt: (/* @__PURE__ */ new Date()).toISOString()
    };
    await this.options.cache?.put(entry, call.tenant);
    if (mode === "record") await this.options.cassettes?.put(entry, call.tenant);
    return result;
  }
};

// core/knowledge/chunk.ts
var FRONT_MATTER = /^---\n[\s\S]*?\n---(?:\n|$)/;
var HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
var FENCE = /^ {0,3}(```|~~~)/;
var SENTENCE_END = /(?<=[.!?])\s+|(?<=[。！？])\s*/u;
function fileTitle(path) {
  const name = path.split("/").pop() ?? path;
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(0, dot) : name;
}
function extension(path) {
  const name = path.split("/").pop() ?? path;
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}
var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
function htmlToText(html) {
  return html.replace(/<!--[\s\S]*?-->/g, "").replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, "").replace(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>/gi, (_, level, inner) => {
    const heading = inner.replace(/<[^>]*>/g, "").replace(/\s+/g, " ").trim();
    return `

${"#".repeat(Number(level))} ${heading}

`;
  }).replace(/<\/?(p|div|section|article|li|ul|ol|table|tr|br|hr|blockquote|pre)\b[^>]*>/gi, "\n\n").replace(/<[^>]*>/g, "").replace(/&(amp|lt|gt|quot|apos|nbsp);/g, (_, name) => ENTITIES[name] ?? "");
}
function sections(text, fallbackTitle, headings) {
  const out = [{ title: fallbackTitle, paragraphs: [] }];
  let lines = [];
  let fenced = false;
  const flush = () => {
    const paragraph = lines.join("\n").trim();
    if (paragraph) out.at(-1).paragraphs.push(paragraph);
    lines = [];
  };
  for (const line of text.split("\n")) {
    if (headings && FENCE.test(line)) fenced = !fenced;
    const heading = headings && !fenced ? HEADING.exec(line) : null;
    if (heading) {
      flush();
      out.push({ title: heading[2].trim() || fallbackTitle, paragraphs: [] });
    } else if (!fenced && line.trim() === "") flush();
    else lines.push(line);
  }
  flush();
  return out;
}
function hardSplit(text, maxChars) {
  const out = [];
  let rest = text;
  while (rest.length > maxChars) {
    let cut = maxChars;
    const space = rest.lastIndexOf(" ", maxChars);
    if (space >= maxChars / 2) cut = space;
    else if (/[\uDC00-\uDFFF]/.test(rest.charAt(cut)) && cut > 1) cut -= 1;
    out.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) out.push(rest);
  return out;
}
function pack(pieces, maxChars, separator) {
  const out = [];
  let current = "";
  for (const piece of pieces) {
    if (current && current.length + separator.length + piece.length <= maxChars) {
      current += separator + piece;
    } else {
      if (current) out.push(current);
      current = piece;
    }
  }
  if (current) out.push(current);
  return out;
}
function splitLong(paragraph, maxChars) {
  const sentences = paragraph.split(SENTENCE_END).filter((s) => s.trim()).flatMap((s) => s.length > maxChars ? hardSplit(s, maxChars) : [s]);
  return pack(sentences, maxChars, " ");
}
function chunkDocument(path, text, maxChars = 800) {
  if (!Number.isFinite(maxChars) || maxChars < 1)
    throw new RangeError(`maxChars must be ≥ 1, got ${maxChars}`);
  const ext = extension(path);
  let body = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  body = body.replace(FRONT_MATTER, "");
  if (ext === "html" || ext === "htm") body = htmlToText(body);
  const headings = ext !== "json" && ext !== "csv";
  const out = [];
  for (const section of sections(body, fileTitle(path), headings)) {
    let pending = [];
    const emit = (texts) => {
      for (const t of texts) out.push({ path, title: section.title, text: t });
    };
    for (const paragraph of section.paragraphs) {
      if (paragraph.length <= maxChars) {
        pending.push(paragraph);
        continue;
      }
      emit(pack(pending, maxChars, "\n\n"));
      pending = [];
      emit(splitLong(paragraph, maxChars));
    }
    emit(pack(pending, maxChars, "\n\n"));
  }
  return out;
}

// core/knowledge/tokenize.ts
var STOP_WORDS = /* @__PURE__ */ new Set([
  "the",
  "a",
  "an",
  "and",
  "or",
  "of",
  "to",
  "in",
  "on",
  "for",
  "is",
  "are",
  "was",
  "be",
  "it",
  "this",
  "that",
  "with",
  "as",
  "at",
  "by",
  "from",
  "we",
  "you",
  "your",
  "our",
  "can",
  "will",
  "not",
  "no"
]);
var WORD = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)|[\p{L}\p{N}\p{M}]+/gu;
var DIGITS = new RegExp("^\\p{N}+$", "u");
var MIN_STEM = 3;
function stem(word) {
  let w = word;
  const can = (suffix) => w.endsWith(suffix) && w.length - suffix.length >= MIN_STEM;
  if (can("ies")) w = `${w.slice(0, -3)}y`;
  else if (/(?:s|x|z|ch|sh)es$/.test(w) && can("es")) w = w.slice(0, -2);
  else if (can("s") && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  else if (can("ing")) w = undouble(w.slice(0, -3));
  else if (can("ed")) w = undouble(w.slice(0, -2));
  if (w.endsWith("e") && w.length - 1 >= MIN_STEM) w = w.slice(0, -1);
  return w;
}
function undouble(w) {
  const last = w.at(-1);
  if (w.length > MIN_STEM && last === w.at(-2) && last && /[bcdfghjkmnpqrtvwxy]/.test(last))
    return w.slice(0, -1);
  return w;
}
function* bigrams(run) {
  const chars = [...run];
  if (chars.length === 1) {
    yield run;
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) yield chars[i] + chars[i + 1];
}
var TERMS = /* @__PURE__ */ new Map();
var MAX_CACHED = 1e5;
function term(word) {
  let t = TERMS.get(word);
  if (t === void 0) {
    if (DIGITS.test(word)) t = word;
    else if (STOP_WORDS.has(word) || [...word].length < 2) t = null;
    else t = stem(word);
    if (TERMS.size >= MAX_CACHED) TERMS.clear();
    TERMS.set(word, t);
  }
  return t;
}
function tokenize(text) {
  const out = [];
  for (const [match, cjk] of text.normalize("NFKC").toLowerCase().matchAll(WORD)) {
    if (cjk) {
      for (const gram of bigrams(cjk)) out.push(gram);
      continue;
    }
    const t = term(match);
    if (t !== null) out.push(t);
  }
  return out;
}

// core/knowledge/bm25.ts
var Bm25Index = class _Bm25Index {
  passages;
  postings;
  /** The query-independent part of BM25's denominator, k1·(1 − b + b·len/avgLen), per passage. */
  norms;
  k1;
  constructor(passages, lengths, postings, k1, b) {
    this.passages = passages;
    this.postings = postings;
    this.k1 = k1;
    let total = 0;
    for (const length of lengths) total += length;
    const avg = total > 0 ? total / lengths.length : 1;
    this.norms = lengths.map((length) => k1 * (1 - b + b * length / avg));
  }
  static build(documents, options = {}) {
    const k1 = options.k1 ?? 1.2;
    const b = options.b ?? 0.75;
    if (!(k1 >= 0) || !Number.isFinite(k1)) throw new RangeError(`k1 must be a finite number ≥ 0, got ${k1}`);
    if (!(b >= 0 && b <= 1)) throw new RangeError(`b must be between 0 and 1, got ${b}`);
    const passages = documents.flatMap((d) => chunkDocument(d.path, d.text, options.maxChars));
    const lengths = new Float64Array(passages.length);
    const postings = /* @__PURE__ */ new Map();
    passages.forEach((passage, id) => {
      const terms = tokenize(`${passage.title}
${passage.text}`);
      lengths[id] = terms.length;
      for (const term2 of terms) {
        const list = postings.get(term2);
        if (!list) postings.set(term2, { ids: [id], tfs: [1] });
        else if (list.ids[list.ids.length - 1] === id) list.tfs[list.tfs.length - 1]++;
        else {
          list.ids.push(id);
          list.tfs.push(1);
        }
      }
    });
    return new _Bm25Index(passages, lengths, postings, k1, b);
  }
  /** Number of passages indexed. */
  get size() {
    return this.passages.length;
  }
  search(query, topK) {
    const n = this.passages.length;
    if (!(topK >= 1) || n === 0) return [];
    const scores = new Float64Array(n);
    const touched = [];
    for (const term2 of new Set(tokenize(query))) {
      const list = this.postings.get(term2);
      if (!list) continue;
      const df = list.ids.length;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (let i = 0; i < df; i++) {
        const id = list.ids[i];
        const tf = list.tfs[i];
        if (scores[id] === 0) touched.push(id);
        scores[id] += idf * tf * (this.k1 + 1) / (tf + this.norms[id]);
      }
    }
    const ranked = touched.filter((id) => scores[id] > 0);
    ranked.sort((a, b) => {
      const byScore = scores[b] - scores[a];
      if (byScore !== 0) return byScore;
      const pa = this.passages[a].path;
      const pb = this.passages[b].path;
      return pa < pb ? -1 : pa > pb ? 1 : a - b;
    });
    return ranked.slice(0, Math.floor(topK)).map((id) => {
      const p = this.passages[id];
      return { path: p.path, title: p.title, text: p.text, score: scores[id] };
    });
  }
};

// core/knowledge/tenant-knowledge.ts
function knowledgeRetrievers(repo) {
  const built = /* @__PURE__ */ new Map();
  return (tenant, collection) => {
    const key = `${tenant}\0${collection}`;
    let index = built.get(key);
    if (!index) {
      index = (async () => {
        const docs = repo.tenants.get(tenant)?.knowledge.get(collection) ?? [];
        const texts = await repo.source.readMany(docs.map((d) => d.path));
        return Bm25Index.build(
          docs.map((d) => ({ path: d.path, text: texts.get(d.path)?.toString("utf8") ?? "" }))
        );
      })();
      built.set(key, index);
    }
    return index;
  };
}

// core/providers/anthropic.ts
import Anthropic2 from "@anthropic-ai/sdk";

// core/providers/errors.ts
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
var STATUS_LABEL = {
  rate_limit: "rate limited",
  server: "server error",
  timeout: "request timeout",
  network: "network error",
  auth: "authentication failed",
  bad_request: "bad request",
  not_found: "not found",
  malformed: "malformed response",
  missing_key: "missing key",
  aborted: "aborted",
  replay_miss: "replay miss"
};
function toProviderError(provider, error, signal) {
  if (error instanceof ProviderError) return error;
  const status = statusOf(error);
  if (status !== void 0) {
    const kind = kindForStatus(status);
    const detail = apiMessage(error);
    const message = `${provider}: HTTP ${status} ${STATUS_LABEL[kind]}${detail ? `: ${detail}` : ""}`;
    const retryAfterMs = parseRetryAfter(headersOf(error));
    return new ProviderError(provider, kind, message, { status, retryAfterMs, cause: error });
  }
  if (signal?.aborted || isInstance(error, "APIUserAbortError") || nameOf(error) === "AbortError") {
    const reason = signal?.reason;
    if (nameOf(reason) === "TimeoutError") {
      return new ProviderError(provider, "timeout", `${provider}: request timed out`, { cause: error });
    }
    return new ProviderError(provider, "aborted", `${provider}: request aborted`, { cause: error });
  }
  if (isInstance(error, "APIConnectionTimeoutError")) {
    return new ProviderError(provider, "timeout", `${provider}: request timed out`, { cause: error });
  }
  if (isInstance(error, "APIConnectionError")) {
    return new ProviderError(provider, "network", `${provider}: network error`, { cause: error });
  }
  if (error instanceof SyntaxError) {
    return new ProviderError(provider, "malformed", `${provider}: response body is not valid JSON`, {
      cause: error
    });
  }
  return new ProviderError(provider, "network", `${provider}: ${redact(messageOf(error))}`, { cause: error });
}
function kindForStatus(status) {
  if (status === 429) return "rate_limit";
  if (status === 408) return "timeout";
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "not_found";
  if (status >= 400 && status < 500) return "bad_request";
  return "server";
}
function isInstance(error, name) {
  return error instanceof OpenAI[name] || error instanceof Anthropic[name];
}
function statusOf(error) {
  if (!isInstance(error, "APIError")) return void 0;
  const status = error.status;
  return typeof status === "number" ? status : void 0;
}
function headersOf(error) {
  const headers = error.headers;
  if (!headers || typeof headers !== "object") return void 0;
  if (typeof headers.get === "function") return headers;
  const record = headers;
  return {
    get(name) {
      const key = Object.keys(record).find((k) => k.toLowerCase() === name);
      const value = key === void 0 ? void 0 : record[key];
      return typeof value === "string" ? value : null;
    }
  };
}
function apiMessage(error) {
  const body = error.error;
  const message = stringAt(body, "message") ?? stringAt(body?.error, "message");
  if (message === void 0) return void 0;
  const short = message.length > 300 ? `${message.slice(0, 300)}…` : message;
  return redact(short);
}
function stringAt(value, key) {
  if (!value || typeof value !== "object") return void 0;
  const field = value[key];
  return typeof field === "string" && field.trim() !== "" ? field : void 0;
}
function redact(text) {
  return text.replace(/\bsk-[A-Za-z0-9_*-]+/g, "sk-[redacted]");
}
function nameOf(value) {
  if (!value || typeof value !== "object") return void 0;
  const name = value.name;
  return typeof name === "string" ? name : void 0;
}
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
function missingKey(provider, envVar) {
  return new ProviderError(
    provider,
    "missing_key",
    `${provider}: no API key: set ${envVar} in the environment`
  );
}
function malformed(provider, detail) {
  return new ProviderError(provider, "malformed", `${provider}: malformed response: ${detail}`);
}
function malformedOnThrow(provider, read) {
  try {
    return read();
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    throw new ProviderError(provider, "malformed", `${provider}: malformed response: ${messageOf(error)}`, {
      cause: error
    });
  }
}

// core/providers/openai.ts
import OpenAI2 from "openai";
function sdkTimeout(ms) {
  return ms === void 0 ? 10 * 6e4 : Math.max(1, Math.ceil(ms));
}
function createOpenAIProvider(options) {
  const id = options.id;
  const type = options.type ?? "openai";
  let client;
  function sdk() {
    if (client) return client;
    const apiKey = options.apiKey || (type === "openai-compatible" ? "unused" : void 0);
    if (!apiKey) throw missingKey(id, options.apiKeyEnv ?? "OPENAI_API_KEY");
    client = new OpenAI2({
      apiKey,
      baseURL: options.baseURL ?? "https://api.openai.com/v1",
      organization: options.organization ?? null,
      project: null,
      webhookSecret: null,
      maxRetries: 0,
      timeout: sdkTimeout(options.timeoutMs)
    });
    return client;
  }
  return {
    type,
    async chat(request) {
      const body = {
        model: request.model,
        messages: request.messages.map((m) => toMessage(id, m)),
        ...sampling(request.params)
      };
      if (request.output) body.response_format = responseFormat(request.output);
      if (request.tools?.length) {
        body.tools = request.tools.map((t) => ({
          type: "function",
          function: { name: t.name, description: t.description, parameters: t.parameters }
        }));
      }
      let completion;
      try {
        completion = await sdk().chat.completions.create(body, { signal: request.signal });
      } catch (error) {
        throw toProviderError(id, error, request.signal);
      }
      return malformedOnThrow(id, () => fromCompletion(id, completion, request));
    },
    async embed(request) {
      let response;
      try {
        response = await sdk().embeddings.create(
          { model: request.model, input: request.input, encoding_format: "float" },
          { signal: request.signal }
        );
      } catch (error) {
        throw toProviderError(id, error, request.signal);
      }
      return malformedOnThrow(id, () => fromEmbeddings(id, response, request.input.length));
    }
  };
}
function apiName(name) {
  const clean = name.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64);
  return clean === "" ? "output" : clean;
}
function sampling(params) {
  const out = {};
  if (params.temperature !== void 0) out.temperature = params.temperature;
  if (params.top_p !== void 0) out.top_p = params.top_p;
  if (params.max_tokens !== void 0) out.max_tokens = params.max_tokens;
  if (params.seed !== void 0) out.seed = params.seed;
  if (params.stop?.length) out.stop = params.stop;
  return out;
}
function responseFormat(output) {
  if (!output.schema) return { type: "json_object" };
  return {
    type: "json_schema",
    // strict: false because governed schemas need not meet OpenAI's strict-mode subset.
    json_schema: { name: apiName(output.name), schema: output.schema, strict: false }
  };
}
function toMessage(provider, m) {
  switch (m.role) {
    case "system":
      return { role: "system", content: m.content };
    case "user":
      return { role: "user", content: m.content };
    case "assistant": {
      if (!m.toolCalls?.length) return { role: "assistant", content: m.content };
      return {
        role: "assistant",
        content: m.content === "" ? null : m.content,
        tool_calls: m.toolCalls.map((call) => ({
          id: call.id,
          type: "function",
          function: { name: call.name, arguments: JSON.stringify(call.arguments ?? {}) }
        }))
      };
    }
    case "tool":
      if (m.toolCallId === void 0) {
        throw new ProviderError(provider, "bad_request", `${provider}: tool message without toolCallId`);
      }
      return { role: "tool", tool_call_id: m.toolCallId, content: m.content };
  }
}
function fromCompletion(provider, body, request) {
  const completion = body;
  const choice = Array.isArray(completion?.choices) ? completion.choices[0] : void 0;
  const message = choice?.message;
  if (!message || typeof message !== "object") throw malformed(provider, "no choices[0].message");
  const text = typeof message.content === "string" ? message.content : "";
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  const toolCalls = calls.flatMap((call) => call.type === "function" ? [toToolCall(provider, call)] : []);
  const usage = completion?.usage;
  const response = {
    text,
    toolCalls,
    usage: {
      inputTokens: usage?.prompt_tokens ?? 0,
      outputTokens: usage?.completion_tokens ?? 0,
      cachedInputTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0
    },
    finishReason: finishReason(choice?.finish_reason),
    model: typeof completion?.model === "string" ? completion.model : request.model
  };
  if (typeof completion?.id === "string") response.id = completion.id;
  if (request.output) {
    const json = parseJson(text);
    if (json.ok) response.json = json.value;
  }
  return response;
}
function toToolCall(provider, call) {
  const raw = call.function?.arguments;
  const parsed = raw === "" ? { ok: true, value: {} } : parseJson(raw);
  if (!parsed.ok) {
    throw malformed(
      provider,
      `tool call ${JSON.stringify(call.function?.name)} has arguments that are not JSON`
    );
  }
  return { id: call.id, name: call.function.name, arguments: parsed.value };
}
function finishReason(reason) {
  switch (reason) {
    case "stop":
    case "length":
    case "tool_calls":
    case "content_filter":
      return reason;
    default:
      return "other";
  }
}
function fromEmbeddings(provider, body, count) {
  const response = body;
  const data = response?.data;
  if (!Array.isArray(data) || data.length !== count) {
    throw malformed(provider, `expected ${count} embeddings`);
  }
  const valid = data.every(
    (d) => typeof d?.index === "number" && Array.isArray(d.embedding) && d.embedding.every((x) => typeof x === "number")
  );
  if (!valid) throw malformed(provider, "an embedding is not an indexed array of numbers");
  const vectors = [...data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
  return { vectors, usage: { inputTokens: response?.usage?.prompt_tokens ?? 0 } };
}
function parseJson(text) {
  if (typeof text !== "string") return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

// core/providers/anthropic.ts
var DEFAULT_MAX_TOKENS = 1024;
function createAnthropicProvider(options) {
  const id = options.id;
  let client;
  function sdk() {
    if (client) return client;
    if (!options.apiKey) throw missingKey(id, options.apiKeyEnv ?? "ANTHROPIC_API_KEY");
    client = new Anthropic2({
      apiKey: options.apiKey,
      baseURL: options.baseURL ?? "https://api.anthropic.com",
      maxRetries: 0,
      timeout: sdkTimeout(options.timeoutMs)
    });
    return client;
  }
  return {
    type: "anthropic",
    async chat(request) {
      const outputTool = request.output ? apiName(request.output.name) : void 0;
      const system = request.messages.filter((m) => m.role === "system").map((m) => m.content).join("\n\n");
      const body = {
        model: request.model,
        max_tokens: request.params.max_tokens ?? DEFAULT_MAX_TOKENS,
        messages: toMessages(id, request.messages)
      };
      if (system !== "") body.system = system;
      if (request.params.stop?.length) body.stop_sequences = request.params.stop;
      const tools = (request.tools ?? []).map((t) => ({
        name: t.name,
        description: t.description,
        input_schema: { type: "object", ...t.parameters }
      }));
      if (request.output && outputTool) {
        tools.push({
          name: outputTool,
          description: "Return the answer.",
          input_schema: { type: "object", ...request.output.schema }
        });
        body.tool_choice = { type: "tool", name: outputTool };
      }
      if (tools.length) body.tools = tools;
      let message;
      try {
        message = await sdk().messages.create(body, { signal: request.signal });
      } catch (error) {
        throw toProviderError(id, error, request.signal);
      }
      return malformedOnThrow(id, () => fromMessage(id, message, request, outputTool));
    }
  };
}
function toMessages(provider, messages) {
  const out = [];
  let results;
  for (const m of messages) {
    if (m.role === "system") continue;
    if (m.role === "tool") {
      if (m.toolCallId === void 0) {
        throw new ProviderError(provider, "bad_request", `${provider}: tool message without toolCallId`);
      }
      const block = {
        type: "tool_result",
        tool_use_id: m.toolCallId,
        content: m.content
      };
      if (results) {
        results.push(block);
      } else {
        results = [block];
        out.push({ role: "user", content: results });
      }
      continue;
    }
    results = void 0;
    if (m.role === "user" || !m.toolCalls?.length) {
      out.push({ role: m.role, content: m.content });
      continue;
    }
    const blocks = [];
    if (m.content !== "") blocks.push({ type: "text", text: m.content });
    for (const call of m.toolCalls) {
      blocks.push({ type: "tool_use", id: call.id, name: call.name, input: call.arguments ?? {} });
    }
    out.push({ role: "assistant", content: blocks });
  }
  return out;
}
function fromMessage(provider, body, request, outputTool) {
  const message = body;
  if (!message || typeof message !== "object" || !Array.isArray(message.content)) {
    throw malformed(provider, "no content array");
  }
  let text = "";
  let answer;
  const toolCalls = [];
  for (const block of message.content) {
    if (block?.type === "text" && typeof block.text === "string") text += block.text;
    if (block?.type !== "tool_use") continue;
    if (outputTool !== void 0 && block.name === outputTool && !answer) {
      answer = { input: block.input };
    } else {
      toolCalls.push({ id: block.id, name: block.name, arguments: block.input });
    }
  }
  const usage = message.usage;
  const cacheRead = usage?.cache_read_input_tokens ?? 0;
  const response = {
    text: answer ? JSON.stringify(answer.input) ?? "" : text,
    toolCalls,
    usage: {
      // Anthropic counts cache reads and writes apart from input_tokens; the router's pricing expects
      // inputTokens to include the cached part (as OpenAI's prompt_tokens does).
      inputTokens: (usage?.input_tokens ?? 0) + cacheRead + (usage?.cache_creation_input_tokens ?? 0),
      outputTokens: usage?.output_tokens ?? 0,
      cachedInputTokens: cacheRead
    },
    finishReason: finishReason2(message.stop_reason, answer !== void 0),
    model: typeof message.model === "string" ? message.model : request.model
  };
  if (typeof message.id === "string") response.id = message.id;
  if (answer) response.json = answer.input;
  return response;
}
function finishReason2(reason, forcedAnswer) {
  switch (reason) {
    case "end_turn":
    case "stop_sequence":
      return "stop";
    case "max_tokens":
      return "length";
    case "tool_use":
      return forcedAnswer ? "stop" : "tool_calls";
    case "refusal":
      return "content_filter";
    default:
      return "other";
  }
}

// core/providers/factory.ts
function createProvider(id, config, env) {
  switch (config.type) {
    case "openai":
    case "openai-compatible":
      return createOpenAIProvider({
        id,
        type: config.type,
        apiKey: config.api_key_env === void 0 ? void 0 : env[config.api_key_env],
        apiKeyEnv: config.api_key_env,
        baseURL: config.base_url,
        organization: config.type === "openai" ? config.organization : void 0,
        timeoutMs: parseDuration(config.timeout)
      });
    case "anthropic":
      return createAnthropicProvider({
        id,
        apiKey: env[config.api_key_env],
        apiKeyEnv: config.api_key_env,
        baseURL: config.base_url,
        timeoutMs: parseDuration(config.timeout)
      });
    case "replay":
      throw new Error("replay providers are created by the call layer");
  }
}

export {
  validateJsonSchema,
  SpendLedger,
  CircuitBreaker,
  systemClock,
  RouteError,
  Router,
  NodeFailure,
  renderPrompt,
  ApprovalPending,
  DEFERRED,
  executeWorkflow,
  CassetteStore,
  ModelCaller,
  knowledgeRetrievers,
  createProvider
};
