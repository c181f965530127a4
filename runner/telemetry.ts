/**
 * OpenTelemetry traces for runs, built from what a run leaves behind (its `RunRow` and node
 * records) rather than from live instrumentation: the runner calls `onRunSettled` when a run
 * finishes or parks, and `runSpans` turns the records into one span tree with the records' real
 * start and end times.
 *
 * Span names and `gen_ai.*` attributes follow the OpenTelemetry GenAI semantic conventions as
 * shipped in `@opentelemetry/semantic-conventions` 1.45 (incubating; semconv v1.41 of the GenAI
 * documents): `invoke_workflow {workflow}` for the run, `chat {model}` for each provider attempt,
 * `execute_tool {tool}` for tool nodes and `retrieval {collection}` for retrieve nodes. Charter's
 * own facts (tenant, release, node status, fallbacks, approvals, cost) go in `charter.*`.
 *
 * The tree:
 *
 *     invoke_workflow {workflow}            the run (root)
 *     ├── llm {node}                        one span per node, in start order
 *     │   ├── chat {model}                  one per provider attempt (llm.calls)
 *     │   └── chat {model}
 *     ├── execute_tool {tool}               tool nodes
 *     ├── retrieval {collection}            retrieve nodes
 *     └── approval {node} / transform {node} / workflow {node}
 *
 * Runs that park on an approval settle more than once. Every span of a run shares one trace id
 * derived from the run id (SHA-256), and the root span's id is derived too, so all settles land in
 * the same trace. Node spans are emitted only when the run reaches its final status (succeeded,
 * failed, cancelled), from the stored records of every node — so nothing is emitted twice, with no
 * state to keep between settles (a run parked by one process is often resumed by another). A park
 * emits a single span, `invoke_workflow {workflow}` with `charter.run.status=waiting`, from the
 * run's start to the park, as a child of the (future) root span.
 *
 * The deterministic ids need the tracer's provider to use `RunIdGenerator` (`otlpTelemetry` does);
 * with another generator the final tree is still complete but gets a random trace id.
 */
import { createHash } from "node:crypto";
import {
  type Attributes,
  type AttributeValue,
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { type ExportResult, ExportResultCode, parseKeyPairsIntoRecord } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type IdGenerator,
  RandomIdGenerator,
  type ReadableSpan,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
} from "@opentelemetry/semantic-conventions";
import type { NodeRecord } from "../core/execute/records.ts";
import type { Attempt } from "../core/routing/attempt.ts";
import { CHARTER_VERSION } from "../core/version.ts";
import type { RunRow } from "./store.ts";

/**
 * GenAI attribute names. The incubating constants of `@opentelemetry/semantic-conventions` are
 * deprecated there (the GenAI conventions moved to their own repository), and OpenTelemetry advises
 * copying incubating names rather than importing them; the tests check these against the package.
 */
const GEN_AI = {
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
  dataSourceId: "gen_ai.data_source.id",
} as const;

const OPERATION = {
  workflow: "invoke_workflow",
  chat: "chat",
  tool: "execute_tool",
  retrieval: "retrieval",
} as const;

/** Longest string attribute value written (error messages, tool arguments). */
const MAX_ATTRIBUTE_CHARS = 1024;

// ---------------------------------------------------------------------------------------------
// Trace ids

/** The trace id and root span id of a run: the first 24 bytes of SHA-256 over its id, in hex. */
export function runTraceIds(runId: string): { traceId: string; spanId: string } {
  const hex = createHash("sha256").update(`charter.run\0${runId}`).digest("hex");
  return { traceId: hex.slice(0, 32), spanId: hex.slice(32, 48) };
}

/** Set by `runSpans` for the duration of one synchronous `startSpan` (the run's root span). */
let forcedIds: { traceId: string; spanId: string } | undefined;

/**
 * Random ids, except for the root span of a run emitted by `runSpans`, which gets the ids of
 * `runTraceIds(run.id)`. Give it to the tracer provider whose tracer `runSpans` uses.
 */
export class RunIdGenerator implements IdGenerator {
  readonly #random = new RandomIdGenerator();
  generateTraceId(): string {
    return forcedIds?.traceId ?? this.#random.generateTraceId();
  }
  generateSpanId(): string {
    return forcedIds?.spanId ?? this.#random.generateSpanId();
  }
}

// ---------------------------------------------------------------------------------------------
// Spans from records

/**
 * Emits the spans of a settled run. On `waiting` (or `running`): one park span. On a final status:
 * the root span and every node's spans. Synchronous; spans go to the tracer's processors.
 */
export function runSpans(tracer: Tracer, run: RunRow, nodes: Record<string, NodeRecord>): void {
  const ids = runTraceIds(run.id);
  const records = Object.values(nodes).sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
  const lastEnd = Math.max(run.startedAt, ...records.map((n) => n.endedAt));
  const name = `${OPERATION.workflow} ${run.workflow}`;
  const attributes = runAttributes(run);

  if (run.status === "waiting" || run.status === "running") {
    const parent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: ids.traceId,
      spanId: ids.spanId,
      traceFlags: TraceFlags.SAMPLED,
    });
    const waiting = records.filter((n) => n.status === "waiting").map((n) => n.id);
    const park = tracer.startSpan(
      name,
      {
        kind: SpanKind.INTERNAL,
        startTime: new Date(run.startedAt),
        attributes: {
          ...attributes,
          ...defined({ "charter.nodes.waiting": waiting.length ? waiting : undefined }),
        },
      },
      parent,
    );
    park.end(new Date(lastEnd));
    return;
  }

  let root: Span;
  forcedIds = ids;
  try {
    root = tracer.startSpan(name, {
      root: true,
      kind: SpanKind.INTERNAL,
      startTime: new Date(run.startedAt),
      attributes,
    });
  } finally {
    forcedIds = undefined;
  }
  if (run.status === "failed") {
    root.setStatus({ code: SpanStatusCode.ERROR, message: cap(run.error?.message ?? "run failed") });
  }
  const context = trace.setSpan(ROOT_CONTEXT, root);
  const fallbackFrom = new Map<string, string>();
  for (const n of records) {
    if (n.recoveredBy === "fallback" && n.fallbackNode) fallbackFrom.set(n.fallbackNode, n.id);
  }
  for (const node of records) nodeSpans(tracer, context, run, node, fallbackFrom.get(node.id));
  root.end(new Date(Math.max(run.endedAt ?? lastEnd, run.startedAt)));
}

function runAttributes(run: RunRow): Attributes {
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
    "charter.error.node": run.error?.node,
  });
}

function nodeSpans(
  tracer: Tracer,
  parent: Context,
  run: RunRow,
  node: NodeRecord,
  fallbackFrom: string | undefined,
): void {
  const failedChecks = node.checks.filter((c) => !c.pass).map((c) => c.name);
  const attributes: Attributes = defined({
    "charter.run.id": run.id,
    "charter.node.id": node.id,
    "charter.node.type": node.type,
    "charter.node.status": node.status,
    "charter.attempts": node.attempts,
    "charter.node.items": node.items,
    "charter.node.recovered_by": node.recoveredBy,
    "charter.fallback.to": node.fallbackNode,
    "charter.fallback.from": fallbackFrom,
    "charter.checks.failed": failedChecks.length ? failedChecks : undefined,
    [ATTR_ERROR_TYPE]: node.error?.kind,
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
        "charter.llm.tool_calls": llm.toolCalls?.length,
      }),
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
        [GEN_AI.toolCallArguments]: argumentsJson(tool.args),
      }),
    );
  }
  if (retrieval) {
    name = `${OPERATION.retrieval} ${retrieval.collection}`;
    Object.assign(attributes, {
      [GEN_AI.operation]: OPERATION.retrieval,
      [GEN_AI.dataSourceId]: retrieval.collection,
      "charter.retrieval.collection": retrieval.collection,
      "charter.retrieval.passages": retrieval.passages.length,
    });
  }
  if (approval) {
    Object.assign(attributes, {
      "charter.approval.decision": approval.decision,
      "charter.approval.approvers": approval.approvers,
    });
  }
  const start = node.startedAt;
  const end = Math.max(node.endedAt, start);
  const span = tracer.startSpan(
    name,
    { kind: SpanKind.INTERNAL, startTime: new Date(start), attributes },
    parent,
  );
  if (node.status === "failed") {
    span.setStatus({ code: SpanStatusCode.ERROR, message: cap(node.error?.message ?? "node failed") });
  }
  if (llm?.calls.length) {
    const context = trace.setSpan(parent, span);
    let at = start;
    llm.calls.forEach((attempt, i) => {
      const next = llm.calls[i + 1];
      const fallbackTo = next?.fallbackFrom === attempt.target ? next.target : undefined;
      at = chatSpan(tracer, context, run, llm.prompt, attempt, fallbackTo, Math.min(at, end), end);
    });
  }
  span.end(new Date(end));
}

/**
 * One provider attempt. Attempts carry a latency but no start time: they are laid out one after
 * the other from the node's start (waits between retries are not recorded, so later attempts may
 * be drawn earlier than they happened), clamped to the node's end. Returns where the next starts.
 */
function chatSpan(
  tracer: Tracer,
  parent: Context,
  run: RunRow,
  prompt: string,
  attempt: Attempt,
  fallbackTo: string | undefined,
  start: number,
  limit: number,
): number {
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
        [GEN_AI.responseModel]: ok ? attempt.model : undefined,
        [GEN_AI.inputTokens]: ok ? attempt.inputTokens : undefined,
        [GEN_AI.outputTokens]: ok ? attempt.outputTokens : undefined,
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
        [ATTR_ERROR_TYPE]: attempt.outcome === "error" ? (attempt.reason ?? "_OTHER") : undefined,
        [ATTR_HTTP_RESPONSE_STATUS_CODE]: attempt.status,
      }),
    },
    parent,
  );
  if (attempt.outcome === "error") {
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: cap(attempt.message ?? attempt.reason ?? "provider call failed"),
    });
  }
  span.end(new Date(end));
  return end;
}

/** Attributes without the undefined entries. */
function defined(entries: Record<string, AttributeValue | undefined>): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) out[key] = value;
  return out;
}

function cap(text: string, max = MAX_ATTRIBUTE_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Keys whose values never leave the process. Stored arguments are already redacted by the runner
 * (`redactSecrets`); this is a second, wider net for what is sent to a collector.
 */
const SECRET_KEY =
  /token|secret|passw|authori[sz]ation|cookie|credential|api[_-]?key|private[_-]?key|session/i;
const SECRET_VALUE =
  /^\s*(bearer|basic)\s|\bsk-[A-Za-z0-9_-]{8,}|\bgh[pousr]_[A-Za-z0-9]{16,}|\bgithub_pat_|\bxox[abprs]-|-----BEGIN [A-Z ]*PRIVATE KEY/i;

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return SECRET_VALUE.test(value) ? "[redacted]" : value;
  if (value === null || typeof value !== "object") return value;
  if (depth > 16) return "[too deep]";
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? "[redacted]" : scrub(item, depth + 1);
  }
  return out;
}

/** Tool arguments as capped JSON, secret-looking keys and values redacted; undefined if unserialisable. */
function argumentsJson(args: unknown): string | undefined {
  if (args === undefined) return undefined;
  try {
    const json = JSON.stringify(scrub(args));
    return json === undefined ? undefined : cap(json);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// OTLP export

export interface RunTelemetry {
  /** For `RunnerOptions.onRunSettled`: emits the run's spans; never throws (warns on stderr). */
  onRunSettled(run: RunRow, nodes: Record<string, NodeRecord>): void;
  /** Flushes pending spans and stops the exporter; never rejects. Call before the process exits. */
  shutdown(): Promise<void>;
}

/**
 * OTLP/HTTP (JSON) trace export, configured from the standard variables in `env`, or undefined
 * when no endpoint is set (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, used as is, or
 * `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`) or `OTEL_SDK_DISABLED=true`. Also read from `env`:
 * `OTEL_EXPORTER_OTLP_[TRACES_]HEADERS`, `OTEL_EXPORTER_OTLP_[TRACES_]TIMEOUT`, `OTEL_SERVICE_NAME`
 * (default `charter-runner`), `OTEL_RESOURCE_ATTRIBUTES`. The exporter and SDK themselves read the
 * rest (compression, certificates, `OTEL_BSP_*`, span limits, sampler) from `process.env`.
 *
 * Spans are batched (`BatchSpanProcessor`); nothing is registered globally.
 */
export function otlpTelemetry(env: Record<string, string | undefined>): RunTelemetry | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return undefined;
  const url = tracesUrl(env);
  if (url === undefined) return undefined;
  let where: string;
  try {
    const parsed = new URL(url);
    where = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    warn(`OTLP traces endpoint ${JSON.stringify(url)} is not a URL; not exporting traces`);
    return undefined;
  }
  const timeout = positiveInt(env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT ?? env.OTEL_EXPORTER_OTLP_TIMEOUT);
  const exporter = new OTLPTraceExporter({
    url,
    headers: {
      ...parseKeyPairsIntoRecord(env.OTEL_EXPORTER_OTLP_HEADERS),
      ...parseKeyPairsIntoRecord(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS),
    },
    ...(timeout !== undefined ? { timeoutMillis: timeout } : {}),
  });
  const warning = new WarnOnFailure(exporter, where);
  const resourceAttributes = parseKeyPairsIntoRecord(env.OTEL_RESOURCE_ATTRIBUTES);
  const serviceName =
    env.OTEL_SERVICE_NAME?.trim() || resourceAttributes[ATTR_SERVICE_NAME] || "charter-runner";
  const provider = new BasicTracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_VERSION]: CHARTER_VERSION,
        ...resourceAttributes,
        [ATTR_SERVICE_NAME]: serviceName,
      }),
    ),
    idGenerator: new RunIdGenerator(),
    spanLimits: { attributeValueLengthLimit: 4 * MAX_ATTRIBUTE_CHARS },
    spanProcessors: [new BatchSpanProcessor(warning)],
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
        // A failed export has already said so.
        if (!warning.failing) warn(`could not flush spans to ${where}: ${messageOf(error)}`);
      }
    },
  };
}

function tracesUrl(env: Record<string, string | undefined>): string | undefined {
  const specific = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (specific) return specific;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (base) return `${base.endsWith("/") ? base : `${base}/`}v1/traces`;
  return undefined;
}

function positiveInt(text: string | undefined): number | undefined {
  const n = text === undefined ? Number.NaN : Number(text.trim());
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Warns once when exports start failing (again after a success), so a down collector is one line. */
class WarnOnFailure implements SpanExporter {
  #failing = false;
  get failing(): boolean {
    return this.#failing;
  }
  constructor(
    private readonly inner: SpanExporter,
    private readonly where: string,
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) this.#failing = false;
      else if (!this.#failing) {
        this.#failing = true;
        warn(
          `could not export ${spans.length} span(s) to ${this.where}: ${messageOf(result.error ?? "export failed")}`,
        );
      }
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function warn(message: string): void {
  process.stderr.write(`charter: telemetry: ${message.replace(/\s+/g, " ").trim()}\n`);
}
