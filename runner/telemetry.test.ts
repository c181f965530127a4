import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SpanStatusCode } from "@opentelemetry/api";
import { hrTimeToMilliseconds } from "@opentelemetry/core";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import * as semconv from "@opentelemetry/semantic-conventions/incubating";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { NodeRecord } from "../core/execute/records.ts";
import type { RunRow } from "./store.ts";
import { otlpTelemetry, RunIdGenerator, runSpans, runTraceIds } from "./telemetry.ts";

const T0 = Date.UTC(2026, 2, 1, 9, 0, 0);
const SECRETS = ["tok-SECRET-1", "hunter2", "abc123xyz", "sk-live_ABCDEFGH12345678"];

function runRow(over: Partial<RunRow> = {}): RunRow {
  return {
    id: "run_20260301_abc",
    tenant: "acme",
    workflow: "triage",
    version: "1.2.0",
    repository: "acme/workflows",
    registry: "ghcr.io/acme",
    manifestDigest: "sha256:manifest",
    bundleDigest: "sha256:bundle",
    inputs: { ticket: 42 },
    inputsHash: "sha256:inputs",
    status: "succeeded",
    costUsd: 0.0123,
    startedAt: T0,
    endedAt: T0 + 10_000,
    provenance: {},
    ...over,
  };
}

function node(over: Partial<NodeRecord> & Pick<NodeRecord, "id" | "type">): NodeRecord {
  return { status: "succeeded", attempts: 1, startedAt: T0, endedAt: T0, checks: [], ...over };
}

/** A run with an llm node that fell back (429 on A, ok on B), retrieve, tool, approval, and a failed node recovered by a fallback. */
function fullRun(): Record<string, NodeRecord> {
  return {
    classify: node({
      id: "classify",
      type: "llm",
      startedAt: T0 + 100,
      endedAt: T0 + 2_100,
      llm: {
        prompt: "classify",
        promptVersion: "1.0.0",
        route: "fast",
        target: "backup",
        model: "claude-haiku",
        inputTokens: 120,
        outputTokens: 30,
        costUsd: 0.002,
        cached: false,
        calls: [
          {
            target: "primary",
            model: "gpt-4o-mini",
            provider: "openai",
            attempt: 1,
            outcome: "error",
            reason: "rate_limit",
            message: "openai: 429 Too Many Requests",
            status: 429,
            latencyMs: 300,
            inputTokens: 0,
            outputTokens: 0,
            costUsd: 0,
            cached: false,
          },
          {
            target: "backup",
            model: "claude-haiku",
            provider: "anthropic",
            attempt: 1,
            outcome: "ok",
            latencyMs: 1_200,
            inputTokens: 120,
            outputTokens: 30,
            costUsd: 0.002,
            cached: false,
            fallbackFrom: "primary",
          },
        ],
      },
    }),
    search: node({
      id: "search",
      type: "retrieve",
      startedAt: T0 + 2_200,
      endedAt: T0 + 2_500,
      retrieval: {
        collection: "kb",
        query: "printer on fire",
        passages: [
          { path: "a.md", title: "A", score: 0.9 },
          { path: "b.md", title: "B", score: 0.8 },
          { path: "c.md", title: "C", score: 0.7 },
        ],
      },
    }),
    notify: node({
      id: "notify",
      type: "tool",
      startedAt: T0 + 2_600,
      endedAt: T0 + 3_000,
      tool: {
        tool: "slack.post_message",
        idempotencyKey: "idem-notify-1",
        args: {
          channel: "#ops",
          text: "ticket 42 triaged",
          api_key: "[redacted]",
          auth: { token: "tok-SECRET-1", password: "hunter2" },
          headers: { "X-Forwarded": "Bearer abc123xyz" },
          note: "key sk-live_ABCDEFGH12345678",
        },
      },
    }),
    sign_off: node({
      id: "sign_off",
      type: "approval",
      startedAt: T0 + 3_100,
      endedAt: T0 + 6_000,
      approval: { decision: "approved", approvers: ["alice", "bob"], comment: "ok" },
    }),
    enrich: node({
      id: "enrich",
      type: "tool",
      status: "failed",
      attempts: 3,
      startedAt: T0 + 6_100,
      endedAt: T0 + 6_500,
      error: { kind: "tool-error", message: "crm.lookup: HTTP 500" },
      recoveredBy: "fallback",
      fallbackNode: "enrich_default",
      tool: { tool: "crm.lookup", idempotencyKey: "idem-enrich-1", args: { id: 42 } },
    }),
    enrich_default: node({
      id: "enrich_default",
      type: "transform",
      startedAt: T0 + 6_500,
      endedAt: T0 + 6_600,
      checks: [{ name: "shape", type: "json-schema", pass: false, message: "missing", onFail: "record" }],
    }),
  };
}

function memoryTracer() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    idGenerator: new RunIdGenerator(),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  return { tracer: provider.getTracer("test"), exporter };
}

const ms = (span: ReadableSpan) => [hrTimeToMilliseconds(span.startTime), hrTimeToMilliseconds(span.endTime)];
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

function byName(spans: ReadableSpan[], name: string): ReadableSpan {
  const found = spans.filter((s) => s.name === name);
  expect(found, name).toHaveLength(1);
  return found[0]!;
}

describe("runSpans", () => {
  it("uses the GenAI attribute names of the installed semantic conventions", () => {
    expect([
      semconv.ATTR_GEN_AI_OPERATION_NAME,
      semconv.ATTR_GEN_AI_PROVIDER_NAME,
      semconv.ATTR_GEN_AI_REQUEST_MODEL,
      semconv.ATTR_GEN_AI_RESPONSE_MODEL,
      semconv.ATTR_GEN_AI_USAGE_INPUT_TOKENS,
      semconv.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
      semconv.ATTR_GEN_AI_CONVERSATION_ID,
      semconv.ATTR_GEN_AI_WORKFLOW_NAME,
      semconv.ATTR_GEN_AI_PROMPT_NAME,
      semconv.ATTR_GEN_AI_TOOL_NAME,
      semconv.ATTR_GEN_AI_TOOL_CALL_ID,
      semconv.ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
      semconv.ATTR_GEN_AI_DATA_SOURCE_ID,
      semconv.GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW,
      semconv.GEN_AI_OPERATION_NAME_VALUE_CHAT,
      semconv.GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
      semconv.GEN_AI_OPERATION_NAME_VALUE_RETRIEVAL,
    ]).toEqual([
      "gen_ai.operation.name",
      "gen_ai.provider.name",
      "gen_ai.request.model",
      "gen_ai.response.model",
      "gen_ai.usage.input_tokens",
      "gen_ai.usage.output_tokens",
      "gen_ai.conversation.id",
      "gen_ai.workflow.name",
      "gen_ai.prompt.name",
      "gen_ai.tool.name",
      "gen_ai.tool.call.id",
      "gen_ai.tool.call.arguments",
      "gen_ai.data_source.id",
      "invoke_workflow",
      "chat",
      "execute_tool",
      "retrieval",
    ]);
  });

  it("emits the span tree of a succeeded run from its records", () => {
    const { tracer, exporter } = memoryTracer();
    const run = runRow();
    runSpans(tracer, run, fullRun());
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name).sort()).toEqual(
      [
        "invoke_workflow triage",
        "llm classify",
        "chat gpt-4o-mini",
        "chat claude-haiku",
        "retrieval kb",
        "execute_tool slack.post_message",
        "approval sign_off",
        "execute_tool crm.lookup",
        "transform enrich_default",
      ].sort(),
    );
    const ids = runTraceIds(run.id);
    expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set([ids.traceId]));

    const root = byName(spans, "invoke_workflow triage");
    expect(root.spanContext().spanId).toBe(ids.spanId);
    expect(parentOf(root)).toBeUndefined();
    expect(ms(root)).toEqual([T0, T0 + 10_000]);
    expect(root.status.code).toBe(SpanStatusCode.UNSET);
    expect(root.attributes).toMatchObject({
      "gen_ai.operation.name": "invoke_workflow",
      "gen_ai.workflow.name": "triage",
      "gen_ai.conversation.id": run.id,
      "charter.run.id": run.id,
      "charter.run.status": "succeeded",
      "charter.tenant": "acme",
      "charter.workflow": "triage",
      "charter.version": "1.2.0",
      "charter.release.digest": "sha256:manifest",
      "charter.bundle.digest": "sha256:bundle",
      "charter.cost_usd": 0.0123,
    });
    const rootId = root.spanContext().spanId;

    const llm = byName(spans, "llm classify");
    expect(parentOf(llm)).toBe(rootId);
    expect(ms(llm)).toEqual([T0 + 100, T0 + 2_100]);
    expect(llm.attributes).toMatchObject({
      "charter.node.id": "classify",
      "charter.node.type": "llm",
      "charter.node.status": "succeeded",
      "charter.attempts": 1,
      "charter.llm.route": "fast",
      "charter.usage.input_tokens": 120,
      "gen_ai.prompt.name": "classify",
    });
    // Node totals are not repeated as gen_ai.usage.* (they are on the chat spans).
    expect(llm.attributes["gen_ai.usage.input_tokens"]).toBeUndefined();

    const failed = byName(spans, "chat gpt-4o-mini");
    expect(parentOf(failed)).toBe(llm.spanContext().spanId);
    expect(ms(failed)).toEqual([T0 + 100, T0 + 400]);
    expect(failed.status).toEqual({ code: SpanStatusCode.ERROR, message: "openai: 429 Too Many Requests" });
    expect(failed.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4o-mini",
      "error.type": "rate_limit",
      "http.response.status_code": 429,
      "charter.llm.target": "primary",
      "charter.fallback.to": "backup",
    });
    expect(failed.attributes["gen_ai.response.model"]).toBeUndefined();

    const ok = byName(spans, "chat claude-haiku");
    expect(parentOf(ok)).toBe(llm.spanContext().spanId);
    expect(ms(ok)).toEqual([T0 + 400, T0 + 1_600]);
    expect(ok.status.code).toBe(SpanStatusCode.UNSET);
    expect(ok.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "anthropic",
      "gen_ai.request.model": "claude-haiku",
      "gen_ai.response.model": "claude-haiku",
      "gen_ai.usage.input_tokens": 120,
      "gen_ai.usage.output_tokens": 30,
      "gen_ai.conversation.id": run.id,
      "charter.fallback.from": "primary",
      "charter.cost_usd": 0.002,
    });
    expect(ok.attributes["error.type"]).toBeUndefined();

    const retrieval = byName(spans, "retrieval kb");
    expect(parentOf(retrieval)).toBe(rootId);
    expect(ms(retrieval)).toEqual([T0 + 2_200, T0 + 2_500]);
    expect(retrieval.attributes).toMatchObject({
      "gen_ai.operation.name": "retrieval",
      "gen_ai.data_source.id": "kb",
      "charter.retrieval.collection": "kb",
      "charter.retrieval.passages": 3,
      "charter.node.type": "retrieve",
    });

    const tool = byName(spans, "execute_tool slack.post_message");
    expect(parentOf(tool)).toBe(rootId);
    expect(ms(tool)).toEqual([T0 + 2_600, T0 + 3_000]);
    expect(tool.attributes).toMatchObject({
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": "slack.post_message",
      "gen_ai.tool.call.id": "idem-notify-1",
      "charter.node.id": "notify",
    });
    const args = JSON.parse(tool.attributes["gen_ai.tool.call.arguments"] as string);
    expect(args).toEqual({
      channel: "#ops",
      text: "ticket 42 triaged",
      api_key: "[redacted]",
      auth: { token: "[redacted]", password: "[redacted]" },
      headers: { "X-Forwarded": "[redacted]" },
      note: "[redacted]",
    });

    const approval = byName(spans, "approval sign_off");
    expect(parentOf(approval)).toBe(rootId);
    expect(ms(approval)).toEqual([T0 + 3_100, T0 + 6_000]);
    expect(approval.attributes).toMatchObject({
      "charter.approval.decision": "approved",
      "charter.approval.approvers": ["alice", "bob"],
    });
    expect(JSON.stringify(approval.attributes)).not.toContain("comment");

    const enrich = byName(spans, "execute_tool crm.lookup");
    expect(ms(enrich)).toEqual([T0 + 6_100, T0 + 6_500]);
    expect(enrich.status).toEqual({ code: SpanStatusCode.ERROR, message: "crm.lookup: HTTP 500" });
    expect(enrich.attributes).toMatchObject({
      "charter.node.status": "failed",
      "charter.attempts": 3,
      "charter.node.recovered_by": "fallback",
      "charter.fallback.to": "enrich_default",
      "error.type": "tool-error",
    });
    const fallback = byName(spans, "transform enrich_default");
    expect(parentOf(fallback)).toBe(rootId);
    expect(fallback.status.code).toBe(SpanStatusCode.UNSET);
    expect(fallback.attributes).toMatchObject({
      "charter.fallback.from": "enrich",
      "charter.checks.failed": ["shape"],
    });

    const everything = JSON.stringify(spans.map((s) => [s.name, s.attributes, s.status]));
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
    expect(everything).not.toContain("printer on fire"); // the retrieval query stays out
  });

  it("marks a failed run ERROR with its message", () => {
    const { tracer, exporter } = memoryTracer();
    runSpans(
      tracer,
      runRow({
        status: "failed",
        error: { kind: "node_failed", message: "classify failed: provider down", node: "classify" },
      }),
      {
        classify: node({
          id: "classify",
          type: "llm",
          status: "failed",
          startedAt: T0 + 10,
          endedAt: T0 + 20,
          error: { kind: "provider", message: "provider down" },
        }),
      },
    );
    const spans = exporter.getFinishedSpans();
    const root = byName(spans, "invoke_workflow triage");
    expect(root.status).toEqual({ code: SpanStatusCode.ERROR, message: "classify failed: provider down" });
    expect(root.attributes).toMatchObject({
      "charter.run.status": "failed",
      "error.type": "node_failed",
      "charter.error.node": "classify",
    });
    expect(byName(spans, "llm classify").status).toEqual({
      code: SpanStatusCode.ERROR,
      message: "provider down",
    });
  });

  it("emits a park span for a waiting run, then the tree on completion — one trace, no node twice", () => {
    const { tracer, exporter } = memoryTracer();
    const all = fullRun();
    const parked: Record<string, NodeRecord> = {
      classify: all.classify!,
      search: all.search!,
      sign_off: node({
        id: "sign_off",
        type: "approval",
        status: "waiting",
        startedAt: T0 + 3_100,
        endedAt: T0 + 3_200,
      }),
    };
    const { endedAt: _, ...waitingRun } = runRow({ status: "waiting" });
    runSpans(tracer, waitingRun, parked);
    const first = exporter.getFinishedSpans();
    expect(first).toHaveLength(1);
    const park = first[0]!;
    const ids = runTraceIds(waitingRun.id);
    expect(park.name).toBe("invoke_workflow triage");
    expect(park.spanContext().traceId).toBe(ids.traceId);
    expect(parentOf(park)).toBe(ids.spanId);
    expect(park.spanContext().spanId).not.toBe(ids.spanId);
    expect(ms(park)).toEqual([T0, T0 + 3_200]);
    expect(park.attributes).toMatchObject({
      "charter.run.status": "waiting",
      "charter.nodes.waiting": ["sign_off"],
    });

    exporter.reset();
    runSpans(tracer, runRow(), all); // resumed, approved, finished
    const second = exporter.getFinishedSpans();
    expect(new Set(second.map((s) => s.spanContext().traceId))).toEqual(new Set([ids.traceId]));
    const root = byName(second, "invoke_workflow triage");
    expect(root.spanContext().spanId).toBe(ids.spanId); // the park span's parent
    const nodeIds = [...first, ...second]
      .map((s) => s.attributes["charter.node.id"])
      .filter((id) => id !== undefined);
    expect(nodeIds.sort()).toEqual(Object.keys(all).sort());
    expect(byName(second, "approval sign_off").attributes["charter.node.status"]).toBe("succeeded");
  });

  it("gives other runs other trace ids and leaves non-run spans random", () => {
    const { tracer, exporter } = memoryTracer();
    runSpans(tracer, runRow({ id: "run_a" }), {});
    runSpans(tracer, runRow({ id: "run_b" }), {});
    const plain = tracer.startSpan("unrelated");
    plain.end();
    const traces = exporter.getFinishedSpans().map((s) => s.spanContext().traceId);
    expect(traces[0]).toBe(runTraceIds("run_a").traceId);
    expect(traces[1]).toBe(runTraceIds("run_b").traceId);
    expect(new Set(traces).size).toBe(3);
    expect(traces[0]).toMatch(/^[0-9a-f]{32}$/);
  });
});

interface Received {
  path: string | undefined;
  headers: IncomingHttpHeaders;
  body: OtlpBody;
}
interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: number | string; doubleValue?: number };
}
interface OtlpBody {
  resourceSpans: {
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: {
      spans: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        attributes: OtlpAttribute[];
        status?: { code?: number; message?: string };
      }[];
    }[];
  }[];
}

function attr(attributes: OtlpAttribute[], key: string): unknown {
  const v = attributes.find((a) => a.key === key)?.value;
  return v?.stringValue ?? (v?.intValue !== undefined ? Number(v.intValue) : v?.doubleValue);
}

describe("otlpTelemetry", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  async function collector(): Promise<{ url: string; received: Received[] }> {
    const received: Received[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({
          path: req.url,
          headers: req.headers,
          body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as OtlpBody,
        });
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
  }

  it("is off without an endpoint, or when the SDK is disabled", () => {
    expect(otlpTelemetry({})).toBeUndefined();
    expect(otlpTelemetry({ OTEL_SERVICE_NAME: "x", OTEL_EXPORTER_OTLP_HEADERS: "a=b" })).toBeUndefined();
    expect(
      otlpTelemetry({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_SDK_DISABLED: "TRUE" }),
    ).toBeUndefined();
    const on = otlpTelemetry({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://127.0.0.1:4318/v1/traces" });
    expect(on).toBeDefined();
    return on?.shutdown();
  });

  it("exports the run's spans as OTLP/HTTP JSON to the configured endpoint", async () => {
    const { url, received } = await collector();
    const telemetry = otlpTelemetry({
      OTEL_EXPORTER_OTLP_ENDPOINT: url,
      OTEL_EXPORTER_OTLP_HEADERS: "x-collector-key=k%201",
      OTEL_SERVICE_NAME: "charter-test",
      OTEL_RESOURCE_ATTRIBUTES: "deployment.environment.name=ci",
    })!;
    const run = runRow();
    telemetry.onRunSettled(run, fullRun());
    await telemetry.shutdown();

    expect(received.length).toBeGreaterThan(0);
    expect(received.every((r) => r.path === "/v1/traces")).toBe(true);
    expect(received[0]!.headers["x-collector-key"]).toBe("k 1");
    expect(received[0]!.headers["content-type"]).toContain("application/json");
    const resourceSpans = received.flatMap((r) => r.body.resourceSpans);
    const resource = resourceSpans[0]!.resource.attributes;
    expect(attr(resource, "service.name")).toBe("charter-test");
    expect(attr(resource, "deployment.environment.name")).toBe("ci");
    const spans = resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    expect(spans).toHaveLength(9);
    const ids = runTraceIds(run.id);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([ids.traceId]));
    const root = spans.find((s) => s.name === "invoke_workflow triage")!;
    expect(root.spanId).toBe(ids.spanId);
    expect(attr(root.attributes, "gen_ai.operation.name")).toBe("invoke_workflow");
    expect(attr(root.attributes, "charter.tenant")).toBe("acme");
    const chat = spans.find((s) => s.name === "chat gpt-4o-mini")!;
    expect(attr(chat.attributes, "gen_ai.provider.name")).toBe("openai");
    expect(attr(chat.attributes, "error.type")).toBe("rate_limit");
    expect(chat.status?.code).toBe(2); // STATUS_CODE_ERROR
    const ok = spans.find((s) => s.name === "chat claude-haiku")!;
    expect(attr(ok.attributes, "gen_ai.usage.output_tokens")).toBe(30);
    const tool = spans.find((s) => s.name === "execute_tool slack.post_message")!;
    expect(attr(tool.attributes, "gen_ai.tool.name")).toBe("slack.post_message");
    const wire = JSON.stringify(received.map((r) => r.body));
    for (const secret of SECRETS) expect(wire).not.toContain(secret);
  });

  it("never throws into the runner: a refused endpoint or bad records are one warning line each", async () => {
    const closed = await collector();
    await new Promise((resolve) => servers.pop()!.close(resolve)); // nothing listens there now
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const telemetry = otlpTelemetry({
      OTEL_EXPORTER_OTLP_ENDPOINT: closed.url,
      OTEL_EXPORTER_OTLP_TIMEOUT: "300",
    })!;
    expect(() => telemetry.onRunSettled(runRow(), fullRun())).not.toThrow();
    await expect(telemetry.shutdown()).resolves.toBeUndefined();
    const refused = stderr.mock.calls.map((c) => String(c[0]));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(
      /^charter: telemetry: could not export 9 span\(s\) to http:\/\/127\.0\.0\.1:\d+\/v1\/traces: .+\n$/,
    );

    stderr.mockClear();
    const broken = { x: { id: "x", type: "llm" } } as unknown as Record<string, NodeRecord>;
    const { url } = await collector();
    const other = otlpTelemetry({ OTEL_EXPORTER_OTLP_ENDPOINT: url })!;
    expect(() => other.onRunSettled(runRow(), broken)).not.toThrow();
    await other.shutdown();
    const lines = stderr.mock.calls.map((c) => String(c[0]));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^charter: telemetry: could not record the spans of run run_20260301_abc: .+\n$/,
    );
  });
});
