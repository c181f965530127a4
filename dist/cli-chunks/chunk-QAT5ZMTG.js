import {
  CHARTER_VERSION
} from "./chunk-4MR4XYKT.js";

// runner/telemetry.ts
import { createHash } from "node:crypto";
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace
} from "@opentelemetry/api";
import { ExportResultCode, parseKeyPairsIntoRecord } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  RandomIdGenerator
} from "@opentelemetry/sdk-trace-base";
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION
} from "@opentelemetry/semantic-conventions";
var GEN_AI = {
  operation: "gen_ai.operation.name",
  provider: "gen_ai.provider.name",
  requestModel: "gen_ai.request.model",
  responseModel: "gen_ai.response.model",
  inputTokens: "gen_ai.usage.input_tokens",
  outputTokens: "gen_ai.usage.output_tokens",
  conversationId: "gen_ai.conversation.id",
  workflowName: "gen_ai.workflow.name",
  promptName: "gen_ai.prompt.name",
  toolName: "gen_ai.tool.name",
  toolCallId: "gen_ai.tool.call.id",
  toolCallArguments: "gen_ai.tool.call.arguments",
  dataSourceId: "gen_ai.data_source.id"
};
var OPERATION = {
  workflow: "invoke_workflow",
  chat: "chat",
  tool: "execute_tool",
  retrieval: "retrieval"
};
var MAX_ATTRIBUTE_CHARS = 1024;
function runTraceIds(runId) {
  const hex = createHash("sha256").update(`charter.run\0${runId}`).digest("hex");
  return { traceId: hex.slice(0, 32), spanId: hex.slice(32, 48) };
}
var forcedIds;
var RunIdGenerator = class {
  #random = new RandomIdGenerator();
  generateTraceId() {
    return forcedIds?.traceId ?? this.#random.generateTraceId();
  }
  generateSpanId() {
    return forcedIds?.spanId ?? this.#random.generateSpanId();
  }
};
function runSpans(tracer, run, nodes) {
  const ids = runTraceIds(run.id);
  const records = Object.values(nodes).sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
  const lastEnd = Math.max(run.startedAt, ...records.map((n) => n.endedAt));
  const name = `${OPERATION.workflow} ${run.workflow}`;
  const attributes = runAttributes(run);
  if (run.status === "waiting" || run.status === "running") {
    const parent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: ids.traceId,
      spanId: ids.spanId,
      traceFlags: TraceFlags.SAMPLED
    });
    const waiting = records.filter((n) => n.status === "waiting").map((n) => n.id);
    const park = tracer.startSpan(
      name,
      {
        kind: SpanKind.INTERNAL,
        startTime: new Date(run.startedAt),
        attributes: {
          ...attributes,
          ...defined({ "charter.nodes.waiting": waiting.length ? waiting : void 0 })
        }
      },
      parent
    );
    park.end(new Date(lastEnd));
    return;
  }
  let root;
  forcedIds = ids;
  try {
    root = tracer.startSpan(name, {
      root: true,
      kind: SpanKind.INTERNAL,
      startTime: new Date(run.startedAt),
      attributes
    });
  } finally {
    forcedIds = void 0;
  }
  if (run.status === "failed") {
    root.setStatus({ code: SpanStatusCode.ERROR, message: cap(run.error?.message ?? "run failed") });
  }
  const context = trace.setSpan(ROOT_CONTEXT, root);
  const fallbackFrom = /* @__PURE__ */ new Map();
  for (const n of records) {
    if (n.recoveredBy === "fallback" && n.fallbackNode) fallbackFrom.set(n.fallbackNode, n.id);
  }
  for (const node of records) nodeSpans(tracer, context, run, node, fallbackFrom.get(node.id));
  root.end(new Date(Math.max(run.endedAt ?? lastEnd, run.startedAt)));
}
function runAttributes(run) {
  return defined({
    [GEN_AI.operation]: OPERATION.workflow,
    [GEN_AI.workflowName]: run.workflow,
    [GEN_AI.conversationId]: run.id,
    "charter.run.id": run.id,
    "charter.run.status": run.status,
    "charter.tenant": run.tenant,
    "charter.workflow": run.workflow,
    "charter.version": run.version,
    "charter.repository": run.repository,
    "charter.release.digest": run.manifestDigest,
    "charter.bundle.digest": run.bundleDigest,
    "charter.inputs.hash": run.inputsHash,
    "charter.cost_usd": run.costUsd,
    [ATTR_ERROR_TYPE]: run.error?.kind,
    "charter.error.node": run.error?.node
  });
}
function nodeSpans(tracer, parent, run, node, fallbackFrom) {
  const failedChecks = node.checks.filter((c) => !c.pass).map((c) => c.name);
  const attributes = defined({
    "charter.run.id": run.id,
    "charter.node.id": node.id,
    "charter.node.type": node.type,
    "charter.node.status": node.status,
    "charter.attempts": node.attempts,
    "charter.node.items": node.items,
    "charter.node.recovered_by": node.recoveredBy,
    "charter.fallback.to": node.fallbackNode,
    "charter.fallback.from": fallbackFrom,
    "charter.checks.failed": failedChecks.length ? failedChecks : void 0,
    [ATTR_ERROR_TYPE]: node.error?.kind
  });
  let name = `${node.type} ${node.id}`;
  const { llm, tool, retrieval, approval } = node;
  if (llm) {
    Object.assign(
      attributes,
      defined({
        [GEN_AI.promptName]: llm.prompt,
        "charter.llm.prompt_version": llm.promptVersion,
        "charter.llm.route": llm.route,
        "charter.llm.target": llm.target,
        "charter.llm.model": llm.model,
        "charter.llm.cached": llm.cached,
        // Node totals under charter.*: the gen_ai.usage.* figures are on the chat spans, once.
        "charter.usage.input_tokens": llm.inputTokens,
        "charter.usage.output_tokens": llm.outputTokens,
        "charter.cost_usd": llm.costUsd,
        "charter.llm.tool_calls": llm.toolCalls?.length
      })
    );
  }
  if (tool) {
    name = `${OPERATION.tool} ${tool.tool}`;
    Object.assign(
      attributes,
      defined({
        [GEN_AI.operation]: OPERATION.tool,
        [GEN_AI.toolName]: tool.tool,
        [GEN_AI.toolCallId]: tool.idempotencyKey,
        [GEN_AI.toolCallArguments]: argumentsJson(tool.args)
      })
    );
  }
  if (retrieval) {
    name = `${OPERATION.retrieval} ${retrieval.collection}`;
    Object.assign(attributes, {
      [GEN_AI.operation]: OPERATION.retrieval,
      [GEN_AI.dataSourceId]: retrieval.collection,
      "charter.retrieval.collection": retrieval.collection,
      "charter.retrieval.passages": retrieval.passages.length
    });
  }
  if (approval) {
    Object.assign(attributes, {
      "charter.approval.decision": approval.decision,
      "charter.approval.approvers": approval.approvers
    });
  }
  const start = node.startedAt;
  const end = Math.max(node.endedAt, start);
  const span = tracer.startSpan(
    name,
    { kind: SpanKind.INTERNAL, startTime: new Date(start), attributes },
    parent
  );
  if (node.status === "failed") {
    span.setStatus({ code: SpanStatusCode.ERROR, message: cap(node.error?.message ?? "node failed") });
  }
  if (llm?.calls.length) {
    const context = trace.setSpan(parent, span);
    let at = start;
    llm.calls.forEach((attempt, i) => {
      const next = llm.calls[i + 1];
      const fallbackTo = next?.fallbackFrom === attempt.target ? next.target : void 0;
      at = chatSpan(tracer, context, run, llm.prompt, attempt, fallbackTo, Math.min(at, end), end);
    });
  }
  span.end(new Date(end));
}
function chatSpan(tracer, parent, run, prompt, attempt, fallbackTo, start, limit) {
  const end = Math.min(start + Math.max(attempt.latencyMs, 0), limit);
  const ok = attempt.outcome === "ok";
  const span = tracer.startSpan(
    `${OPERATION.chat} ${attempt.model}`,
    {
      kind: SpanKind.CLIENT,
      startTime: new Date(start),
      attributes: defined({
        [GEN_AI.operation]: OPERATION.chat,
        [GEN_AI.provider]: attempt.provider,
        [GEN_AI.requestModel]: attempt.model,
        [GEN_AI.responseModel]: ok ? attempt.model : void 0,
        [GEN_AI.inputTokens]: ok ? attempt.inputTokens : void 0,
        [GEN_AI.outputTokens]: ok ? attempt.outputTokens : void 0,
        [GEN_AI.conversationId]: run.id,
        [GEN_AI.promptName]: prompt,
        "charter.run.id": run.id,
        "charter.llm.target": attempt.target,
        "charter.attempt": attempt.attempt,
        "charter.attempt.outcome": attempt.outcome,
        "charter.attempt.reason": attempt.reason,
        "charter.cached": attempt.cached,
        "charter.cost_usd": attempt.costUsd,
        "charter.retry_after_ms": attempt.retryAfterMs,
        "charter.fallback.from": attempt.fallbackFrom,
        "charter.fallback.to": fallbackTo,
        [ATTR_ERROR_TYPE]: attempt.outcome === "error" ? attempt.reason ?? "_OTHER" : void 0,
        [ATTR_HTTP_RESPONSE_STATUS_CODE]: attempt.status
      })
    },
    parent
  );
  if (attempt.outcome === "error") {
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: cap(attempt.message ?? attempt.reason ?? "provider call failed")
    });
  }
  span.end(new Date(end));
  return end;
}
function defined(entries) {
  const out = {};
  for (const [key, value] of Object.entries(entries)) if (value !== void 0) out[key] = value;
  return out;
}
function cap(text, max = MAX_ATTRIBUTE_CHARS) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
var SECRET_KEY = /token|secret|passw|authori[sz]ation|cookie|credential|api[_-]?key|private[_-]?key|session/i;
var SECRET_VALUE = /^\s*(bearer|basic)\s|\bsk-[A-Za-z0-9_-]{8,}|\bgh[pousr]_[A-Za-z0-9]{16,}|\bgithub_pat_|\bxox[abprs]-|-----BEGIN [A-Z ]*PRIVATE KEY/i;
function scrub(value, depth = 0) {
  if (typeof value === "string") return SECRET_VALUE.test(value) ? "[redacted]" : value;
  if (value === null || typeof value !== "object") return value;
  if (depth > 16) return "[too deep]";
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  const out = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? "[redacted]" : scrub(item, depth + 1);
  }
  return out;
}
function argumentsJson(args) {
  if (args === void 0) return void 0;
  try {
    const json = JSON.stringify(scrub(args));
    return json === void 0 ? void 0 : cap(json);
  } catch {
    return void 0;
  }
}
function otlpTelemetry(env) {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return void 0;
  const url = tracesUrl(env);
  if (url === void 0) return void 0;
  let where;
  try {
    const parsed = new URL(url);
    where = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    warn(`OTLP traces endpoint ${JSON.stringify(url)} is not a URL; not exporting traces`);
    return void 0;
  }
  const timeout = positiveInt(env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT ?? env.OTEL_EXPORTER_OTLP_TIMEOUT);
  const exporter = new OTLPTraceExporter({
    url,
    headers: {
      ...parseKeyPairsIntoRecord(env.OTEL_EXPORTER_OTLP_HEADERS),
      ...parseKeyPairsIntoRecord(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS)
    },
    ...timeout !== void 0 ? { timeoutMillis: timeout } : {}
  });
  const warning = new WarnOnFailure(exporter, where);
  const resourceAttributes = parseKeyPairsIntoRecord(env.OTEL_RESOURCE_ATTRIBUTES);
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || resourceAttributes[ATTR_SERVICE_NAME] || "charter-runner";
  const provider = new BasicTracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_VERSION]: CHARTER_VERSION,
        ...resourceAttributes,
        [ATTR_SERVICE_NAME]: serviceName
      })
    ),
    idGenerator: new RunIdGenerator(),
    spanLimits: { attributeValueLengthLimit: 4 * MAX_ATTRIBUTE_CHARS },
    spanProcessors: [new BatchSpanProcessor(warning)]
  });
  const tracer = provider.getTracer("charter-runner", CHARTER_VERSION);
  return {
    onRunSettled(run, nodes) {
      try {
        runSpans(tracer, run, nodes);
      } catch (error) {
        warn(`could not record the spans of run ${run.id}: ${messageOf(error)}`);
      }
    },
    async shutdown() {
      try {
        await provider.shutdown();
      } catch (error) {
        if (!warning.failing) warn(`could not flush spans to ${where}: ${messageOf(error)}`);
      }
    }
  };
}
function tracesUrl(env) {
  const specific = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (specific) return specific;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (base) return `${base.endsWith("/") ? base : `${base}/`}v1/traces`;
  return void 0;
}
function positiveInt(text) {
  const n = text === void 0 ? Number.NaN : Number(text.trim());
  return Number.isInteger(n) && n > 0 ? n : void 0;
}
var WarnOnFailure = class {
  constructor(inner, where) {
    this.inner = inner;
    this.where = where;
  }
  inner;
  where;
  #failing = false;
  get failing() {
    return this.#failing;
  }
  export(spans, done) {
    this.inner.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) this.#failing = false;
      else if (!this.#failing) {
        this.#failing = true;
        warn(
          `could not export ${spans.length} span(s) to ${this.where}: ${messageOf(result.error ?? "export failed")}`
        );
      }
      done(result);
    });
  }
  shutdown() {
    return this.inner.shutdown();
  }
  forceFlush() {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
};
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
function warn(message) {
  process.stderr.write(`charter: telemetry: ${message.replace(/\s+/g, " ").trim()}
`);
}

export {
  otlpTelemetry
};
