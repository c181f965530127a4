import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { answerOnce, providerFailure } from "../../test/helpers/provider-http.ts";
import { createAnthropicProvider } from "./anthropic.ts";
import { createProvider } from "./factory.ts";
import type { ChatRequest } from "./provider.ts";

const API = "https://api.anthropic.com";
const PATH = "/v1/messages";
const KEY = "sk-ant-test-0123456789";

function provider(extra: Partial<Parameters<typeof createAnthropicProvider>[0]> = {}) {
  return createAnthropicProvider({ id: "anthropic", apiKey: KEY, ...extra });
}

function message(
  content: unknown[],
  stop_reason: string | null = "end_turn",
  usage?: Record<string, unknown>,
) {
  return {
    id: "msg_01",
    type: "message",
    role: "assistant",
    model: "claude-sonnet-5-5-20261001",
    content,
    stop_reason,
    stop_sequence: null,
    usage: usage ?? { input_tokens: 20, output_tokens: 5, cache_read_input_tokens: null },
  };
}

const ask: ChatRequest = {
  model: "claude-sonnet-5-5",
  messages: [{ role: "user", content: "Hi" }],
  params: {},
};

const chatOnce = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  answerOnce(API, PATH, status, body, headers);
const failure = providerFailure;

describe("Anthropic provider (nock, the real SDK)", () => {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("sends model, system, messages and params, and maps text, usage and stop reason", async () => {
    const bodies: unknown[] = [];
    const scope = nock(API, { reqheaders: { authorization: `Bearer ${KEY}` } })
      .post(PATH, (b) => {
        bodies.push(b);
        return true;
      })
      .reply(
        200,
        message(
          [
            { type: "text", text: "Hello", citations: null },
            { type: "text", text: " there", citations: null },
          ],
          "end_turn",
          {
            input_tokens: 20,
            output_tokens: 5,
            cache_read_input_tokens: 100,
            cache_creation_input_tokens: 30,
          },
        ),
      );
    const response = await provider().chat({
      model: "claude-sonnet-5-5",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "system", content: "Answer in English." },
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello! What do you need?" },
        { role: "user", content: "A greeting." },
      ],
      params: { temperature: 0.2, top_p: 0.9, max_tokens: 50, seed: 7, stop: ["END"] },
    });
    // temperature, top_p and seed are deliberately absent: API version 2026-10-21 rejects them.
    expect(bodies).toEqual([
      {
        model: "claude-sonnet-5-5",
        max_tokens: 50,
        system: "Be brief.\n\nAnswer in English.",
        messages: [
          { role: "user", content: "Hi" },
          { role: "assistant", content: "Hello! What do you need?" },
          { role: "user", content: "A greeting." },
        ],
        stop_sequences: ["END"],
      },
    ]);
    expect(response).toEqual({
      text: "Hello there",
      toolCalls: [],
      usage: { inputTokens: 150, outputTokens: 5, cachedInputTokens: 100 },
      finishReason: "stop",
      model: "claude-sonnet-5-5-20261001",
      id: "msg_01",
    });
    scope.done();
  });

  it("defaults max_tokens to 1024 and sends no system or stop sequences when there are none", async () => {
    const { scope, bodies } = chatOnce(200, message([{ type: "text", text: "ok", citations: null }]));
    const response = await provider().chat(ask);
    expect(bodies).toEqual([
      { model: "claude-sonnet-5-5", max_tokens: 1024, messages: [{ role: "user", content: "Hi" }] },
    ]);
    expect(response.usage).toEqual({ inputTokens: 20, outputTokens: 5, cachedInputTokens: 0 });
    scope.done();
  });

  it.each([
    ["stop_sequence", "stop"],
    ["max_tokens", "length"],
    ["refusal", "content_filter"],
    ["pause_turn", "other"],
    ["model_context_window_exceeded", "other"],
  ] as const)("maps stop_reason %s to %s", async (reason, expected) => {
    const { scope } = chatOnce(200, message([{ type: "text", text: "x", citations: null }], reason));
    expect((await provider().chat(ask)).finishReason).toBe(expected);
    scope.done();
  });

  it("forces an output tool for structured output and returns its input as json", async () => {
    const schema = {
      type: "object",
      properties: { label: { type: "string", enum: ["bug", "feature"] } },
      required: ["label"],
    };
    const { scope, bodies } = chatOnce(
      200,
      message(
        [{ type: "tool_use", id: "toolu_1", name: "triage_result_v1", input: { label: "bug" } }],
        "tool_use",
      ),
    );
    const response = await provider().chat({ ...ask, output: { name: "triage result/v1", schema } });
    expect(bodies).toEqual([
      {
        model: "claude-sonnet-5-5",
        max_tokens: 1024,
        messages: [{ role: "user", content: "Hi" }],
        tools: [{ name: "triage_result_v1", description: "Return the answer.", input_schema: schema }],
        tool_choice: { type: "tool", name: "triage_result_v1" },
      },
    ]);
    expect(response.json).toEqual({ label: "bug" });
    expect(response.text).toBe('{"label":"bug"}');
    expect(response.toolCalls).toEqual([]);
    expect(response.finishReason).toBe("stop");
    scope.done();
  });

  it("uses an object schema for structured output without a schema, next to the request's tools", async () => {
    const parameters = { type: "object", properties: { q: { type: "string" } } };
    const { scope, bodies } = chatOnce(
      200,
      message([{ type: "tool_use", id: "toolu_1", name: "answer", input: { anything: [1, 2] } }], "tool_use"),
    );
    const response = await provider().chat({
      ...ask,
      tools: [{ name: "search", description: "Search.", parameters }],
      output: { name: "answer" },
    });
    const body = bodies[0] as { tools: unknown; tool_choice: unknown };
    expect(body.tools).toEqual([
      { name: "search", description: "Search.", input_schema: parameters },
      { name: "answer", description: "Return the answer.", input_schema: { type: "object" } },
    ]);
    expect(body.tool_choice).toEqual({ type: "tool", name: "answer" });
    expect(response.json).toEqual({ anything: [1, 2] });
    expect(response.text).toBe('{"anything":[1,2]}');
    scope.done();
  });

  it("sends tools and reports the tool_use blocks as tool calls", async () => {
    const parameters = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
    const { scope, bodies } = chatOnce(
      200,
      message(
        [
          { type: "text", text: "Let me check.", citations: null },
          { type: "tool_use", id: "toolu_1", name: "weather", input: { city: "Paris" } },
          { type: "tool_use", id: "toolu_2", name: "time", input: {} },
        ],
        "tool_use",
      ),
    );
    const response = await provider().chat({
      ...ask,
      tools: [
        { name: "weather", description: "Weather for a city.", parameters },
        { name: "time", description: "The time.", parameters: { type: "object", properties: {} } },
      ],
    });
    const body = bodies[0] as Record<string, unknown>;
    expect(body.tools).toEqual([
      { name: "weather", description: "Weather for a city.", input_schema: parameters },
      { name: "time", description: "The time.", input_schema: { type: "object", properties: {} } },
    ]);
    expect(body.tool_choice).toBeUndefined();
    expect(response.text).toBe("Let me check.");
    expect(response.finishReason).toBe("tool_calls");
    expect(response.json).toBeUndefined();
    expect(response.toolCalls).toEqual([
      { id: "toolu_1", name: "weather", arguments: { city: "Paris" } },
      { id: "toolu_2", name: "time", arguments: {} },
    ]);
    scope.done();
  });

  it("serializes assistant tool calls and merges consecutive tool results into one user message", async () => {
    const { scope, bodies } = chatOnce(
      200,
      message([{ type: "text", text: "Sunny, 14:00.", citations: null }]),
    );
    await provider().chat({
      ...ask,
      messages: [
        { role: "user", content: "Weather and time in Paris?" },
        {
          role: "assistant",
          content: "Let me check.",
          toolCalls: [
            { id: "toolu_1", name: "weather", arguments: { city: "Paris" } },
            { id: "toolu_2", name: "time", arguments: {} },
          ],
        },
        { role: "tool", toolCallId: "toolu_1", content: "sunny" },
        { role: "tool", toolCallId: "toolu_2", content: "14:00" },
        {
          role: "assistant",
          content: "",
          toolCalls: [{ id: "toolu_3", name: "time", arguments: { tz: "UTC" } }],
        },
        { role: "tool", toolCallId: "toolu_3", content: "12:00" },
        { role: "user", content: "Thanks." },
      ],
    });
    expect((bodies[0] as { messages: unknown }).messages).toEqual([
      { role: "user", content: "Weather and time in Paris?" },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Let me check." },
          { type: "tool_use", id: "toolu_1", name: "weather", input: { city: "Paris" } },
          { type: "tool_use", id: "toolu_2", name: "time", input: {} },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "toolu_1", content: "sunny" },
          { type: "tool_result", tool_use_id: "toolu_2", content: "14:00" },
        ],
      },
      {
        role: "assistant",
        content: [{ type: "tool_use", id: "toolu_3", name: "time", input: { tz: "UTC" } }],
      },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_3", content: "12:00" }] },
      { role: "user", content: "Thanks." },
    ]);
    scope.done();
  });

  it.each([
    [{ "retry-after": "3" }, 3000],
    [{ "retry-after-ms": "1500", "retry-after": "3" }, 1500],
  ])("maps 429 with %j to a retryable rate_limit error", async (headers, retryAfterMs) => {
    const { scope } = chatOnce(
      429,
      {
        type: "error",
        error: { type: "rate_limit_error", message: "Number of requests has exceeded your rate limit." },
      },
      headers,
    );
    const error = await failure(provider().chat(ask));
    expect(error.kind).toBe("rate_limit");
    expect(error.status).toBe(429);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(retryAfterMs);
    expect(error.provider).toBe("anthropic");
    expect(error.message).toBe(
      "anthropic: HTTP 429 rate limited: Number of requests has exceeded your rate limit.",
    );
    scope.done();
  });

  it("maps 500 to a retryable server error", async () => {
    const { scope } = chatOnce(500, {
      type: "error",
      error: { type: "api_error", message: "Internal server error" },
    });
    const error = await failure(provider().chat(ask));
    expect(error.kind).toBe("server");
    expect(error.status).toBe(500);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe("anthropic: HTTP 500 server error: Internal server error");
    scope.done();
  });

  it("maps 529 overloaded to a retryable server error", async () => {
    const { scope } = chatOnce(529, {
      type: "error",
      error: { type: "overloaded_error", message: "Overloaded" },
    });
    const error = await failure(provider().chat(ask));
    expect([error.kind, error.status, error.retryable]).toEqual(["server", 529, true]);
    scope.done();
  });

  it("maps 401 to a non-retryable auth error without the key", async () => {
    const { scope } = chatOnce(401, {
      type: "error",
      error: { type: "authentication_error", message: "invalid x-api-key" },
    });
    const error = await failure(provider().chat(ask));
    expect(error.kind).toBe("auth");
    expect(error.retryable).toBe(false);
    expect(error.message).toBe("anthropic: HTTP 401 authentication failed: invalid x-api-key");
    expect(error.message).not.toContain(KEY);
    scope.done();
  });

  it.each([
    [400, "bad_request"],
    [404, "not_found"],
    [413, "bad_request"],
  ] as const)("maps HTTP %i to %s", async (status, kind) => {
    const { scope } = chatOnce(status, { type: "error", error: { type: "x", message: "no" } });
    const error = await failure(provider().chat(ask));
    expect([error.kind, error.status, error.retryable]).toEqual([kind, status, false]);
    scope.done();
  });

  it("reports the router's timeout (a TimeoutError abort) as timeout", async () => {
    const scope = nock(API).post(PATH).delay(500).reply(200, message([]));
    const error = await failure(provider().chat({ ...ask, signal: AbortSignal.timeout(50) }));
    expect(error.kind).toBe("timeout");
    expect(error.retryable).toBe(true);
    expect(error.message).toBe("anthropic: request timed out");
    scope.done();
  });

  it("reports a timeout while the body is still arriving as timeout", async () => {
    const scope = nock(API).post(PATH).delayBody(500).reply(200, message([]));
    const error = await failure(provider().chat({ ...ask, signal: AbortSignal.timeout(50) }));
    expect(error.kind).toBe("timeout");
    scope.done();
  });

  it("reports the SDK's own backstop timeout as timeout", async () => {
    const scope = nock(API).post(PATH).delay(500).reply(200, message([]));
    const error = await failure(provider({ timeoutMs: 50 }).chat(ask));
    expect(error.kind).toBe("timeout");
    scope.done();
  });

  it("reports a caller's abort as aborted", async () => {
    const scope = nock(API).post(PATH).delay(500).reply(200, message([]));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await failure(provider().chat({ ...ask, signal: controller.signal }));
    expect(error.kind).toBe("aborted");
    expect(error.retryable).toBe(false);
    expect(error.message).toBe("anthropic: request aborted");
    scope.done();
  });

  it("reports a connection failure as network", async () => {
    const scope = nock(API).post(PATH).replyWithError({ code: "ECONNRESET", message: "socket hang up" });
    const error = await failure(provider().chat(ask));
    expect([error.kind, error.retryable]).toEqual(["network", true]);
    scope.done();
  });

  it.each([
    ["invalid JSON", "{not json", { "content-type": "application/json" }],
    ["a text body", "<html>gateway</html>", { "content-type": "text/html" }],
    [
      "an object without content",
      JSON.stringify({ id: "msg_01", type: "message" }),
      { "content-type": "application/json" },
    ],
  ])("reports a 200 with %s as malformed", async (_label, body, headers) => {
    const { scope } = chatOnce(200, body, headers);
    const error = await failure(provider().chat(ask));
    expect(error.kind).toBe("malformed");
    expect(error.retryable).toBe(true);
    scope.done();
  });

  it("fails with missing_key naming the variable, before any request", async () => {
    const keyless = createAnthropicProvider({
      id: "claude",
      apiKey: undefined,
      apiKeyEnv: "ACME_CLAUDE_KEY",
    });
    const error = await failure(keyless.chat(ask));
    expect(error.kind).toBe("missing_key");
    expect(error.retryable).toBe(false);
    expect(error.message).toBe("claude: no API key: set ACME_CLAUDE_KEY in the environment");
    const fallback = createAnthropicProvider({ id: "anthropic", apiKey: "" });
    expect((await failure(fallback.chat(ask))).message).toBe(
      "anthropic: no API key: set ANTHROPIC_API_KEY in the environment",
    );
  });

  it("is built from a models.yml entry with the key from its environment variable", async () => {
    const scope = nock(API, { reqheaders: { authorization: "Bearer sk-ant-from-env" } })
      .post(PATH)
      .reply(200, message([{ type: "text", text: "ok", citations: null }]));
    const p = createProvider(
      "claude",
      { type: "anthropic", api_key_env: "ACME_CLAUDE_KEY", timeout: "60s" },
      { ACME_CLAUDE_KEY: "sk-ant-from-env", ANTHROPIC_API_KEY: "sk-ant-other" },
    );
    expect(p.type).toBe("anthropic");
    expect((await p.chat(ask)).text).toBe("ok");
    scope.done();
  });

  it("has no embeddings", () => {
    expect(provider().embed).toBeUndefined();
    expect(provider().type).toBe("anthropic");
  });
});
