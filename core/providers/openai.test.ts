import nock from "nock";
import OpenAI from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { answerOnce, providerFailure } from "../../test/helpers/provider-http.ts";
import type { ProviderConfig } from "../../workflows-schema/index.ts";
import { toProviderError } from "./errors.ts";
import { createProvider } from "./factory.ts";
import { createOpenAIProvider } from "./openai.ts";
import { type ChatRequest, ProviderError } from "./provider.ts";

const API = "https://api.openai.com";
const PATH = "/v1/chat/completions";
const KEY = "sk-test-0123456789";

function provider(extra: Partial<Parameters<typeof createOpenAIProvider>[0]> = {}) {
  return createOpenAIProvider({ id: "openai", apiKey: KEY, ...extra });
}

function completion(
  message: Record<string, unknown>,
  finish_reason: string | null = "stop",
  usage?: unknown,
) {
  return {
    id: "chatcmpl-123",
    object: "chat.completion",
    created: 1_700_000_000,
    model: "gpt-4o-mini-2024-07-18",
    choices: [{ index: 0, message: { role: "assistant", refusal: null, ...message }, finish_reason }],
    usage: usage ?? { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
  };
}

const ask: ChatRequest = {
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: "Hi" }],
  params: {},
};

const chatOnce = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  answerOnce(API, PATH, status, body, headers);
const failure = providerFailure;

describe("OpenAI provider (nock, the real SDK)", () => {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("sends the model, messages and params, and maps text, usage and finish reason", async () => {
    const bodies: unknown[] = [];
    const scope = nock(API, { reqheaders: { authorization: `Bearer ${KEY}` } })
      .post(PATH, (b) => {
        bodies.push(b);
        return true;
      })
      .reply(
        200,
        completion({ content: "Hello there" }, "stop", {
          prompt_tokens: 12,
          completion_tokens: 3,
          total_tokens: 15,
          prompt_tokens_details: { cached_tokens: 4 },
        }),
      );
    const response = await provider().chat({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi" },
      ],
      params: { temperature: 0.2, top_p: 0.9, max_tokens: 50, seed: 7, stop: ["END"] },
    });
    expect(bodies).toEqual([
      {
        model: "gpt-4o-mini",
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Hi" },
        ],
        temperature: 0.2,
        top_p: 0.9,
        max_tokens: 50,
        seed: 7,
        stop: ["END"],
      },
    ]);
    expect(response).toEqual({
      text: "Hello there",
      toolCalls: [],
      usage: { inputTokens: 12, outputTokens: 3, cachedInputTokens: 4 },
      finishReason: "stop",
      model: "gpt-4o-mini-2024-07-18",
      id: "chatcmpl-123",
    });
    scope.done();
  });

  it.each([
    ["length", "length"],
    ["content_filter", "content_filter"],
    ["function_call", "other"],
    [null, "other"],
  ] as const)("maps finish_reason %s to %s", async (reason, expected) => {
    const { scope } = chatOnce(200, completion({ content: "x" }, reason));
    const response = await provider().chat(ask);
    expect(response.finishReason).toBe(expected);
    expect(response.usage).toEqual({ inputTokens: 12, outputTokens: 3, cachedInputTokens: 0 });
    scope.done();
  });

  it("asks for json_schema structured output and parses the answer into json", async () => {
    const schema = {
      type: "object",
      properties: { label: { type: "string", enum: ["bug", "feature"] } },
      required: ["label"],
    };
    const { scope, bodies } = chatOnce(200, completion({ content: '{"label":"bug"}' }));
    const response = await provider().chat({ ...ask, output: { name: "triage result/v1", schema } });
    expect(bodies).toEqual([
      {
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "Hi" }],
        response_format: {
          type: "json_schema",
          json_schema: { name: "triage_result_v1", schema, strict: false },
        },
      },
    ]);
    expect(response.text).toBe('{"label":"bug"}');
    expect(response.json).toEqual({ label: "bug" });
    scope.done();
  });

  it("asks for json_object without a schema and leaves json undefined when the answer is not JSON", async () => {
    const { scope, bodies } = chatOnce(200, completion({ content: "Sure! {label: bug}" }));
    const response = await provider().chat({ ...ask, output: { name: "answer" } });
    expect((bodies[0] as { response_format: unknown }).response_format).toEqual({ type: "json_object" });
    expect(response.text).toBe("Sure! {label: bug}");
    expect(response.json).toBeUndefined();
    expect("json" in response).toBe(false);
    scope.done();
  });

  it("sends tools and parses the tool calls the model makes", async () => {
    const parameters = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
    const { scope, bodies } = chatOnce(
      200,
      completion(
        {
          content: null,
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } },
            { id: "call_2", type: "function", function: { name: "time", arguments: "" } },
          ],
        },
        "tool_calls",
      ),
    );
    const response = await provider().chat({
      ...ask,
      tools: [
        { name: "weather", description: "Weather for a city.", parameters },
        { name: "time", description: "The time.", parameters: { type: "object", properties: {} } },
      ],
    });
    expect((bodies[0] as { tools: unknown }).tools).toEqual([
      { type: "function", function: { name: "weather", description: "Weather for a city.", parameters } },
      {
        type: "function",
        function: { name: "time", description: "The time.", parameters: { type: "object", properties: {} } },
      },
    ]);
    expect(response.text).toBe("");
    expect(response.finishReason).toBe("tool_calls");
    expect(response.toolCalls).toEqual([
      { id: "call_1", name: "weather", arguments: { city: "Paris" } },
      { id: "call_2", name: "time", arguments: {} },
    ]);
    scope.done();
  });

  it("serializes assistant tool calls and tool results in a follow-up request", async () => {
    const { scope, bodies } = chatOnce(200, completion({ content: "Sunny in Paris, 14:00." }));
    const response = await provider().chat({
      ...ask,
      messages: [
        { role: "user", content: "Weather and time in Paris?" },
        {
          role: "assistant",
          content: "",
          toolCalls: [
            { id: "call_1", name: "weather", arguments: { city: "Paris" } },
            { id: "call_2", name: "time", arguments: {} },
          ],
        },
        { role: "tool", toolCallId: "call_1", content: "sunny" },
        { role: "tool", toolCallId: "call_2", content: "14:00" },
        { role: "assistant", content: "Anything else?" },
      ],
    });
    expect((bodies[0] as { messages: unknown }).messages).toEqual([
      { role: "user", content: "Weather and time in Paris?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } },
          { id: "call_2", type: "function", function: { name: "time", arguments: "{}" } },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: "sunny" },
      { role: "tool", tool_call_id: "call_2", content: "14:00" },
      { role: "assistant", content: "Anything else?" },
    ]);
    expect(response.text).toBe("Sunny in Paris, 14:00.");
    scope.done();
  });

  it("rejects tool call arguments that are not JSON as malformed", async () => {
    const { scope } = chatOnce(
      200,
      completion(
        {
          content: null,
          tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{city:" } }],
        },
        "tool_calls",
      ),
    );
    const error = await failure(provider().chat(ask));
    expect(error.kind).toBe("malformed");
    expect(error.message).toBe('openai: malformed response: tool call "f" has arguments that are not JSON');
    scope.done();
  });

  it.each([
    [{ "retry-after": "3" }, 3000],
    [{ "retry-after-ms": "1500", "retry-after": "3" }, 1500],
  ])("maps 429 with %j to a retryable rate_limit error", async (headers, retryAfterMs) => {
    const { scope } = chatOnce(
      429,
      {
        error: {
          message: "Rate limit reached for gpt-4o-mini.",
          type: "requests",
          code: "rate_limit_exceeded",
        },
      },
      headers,
    );
    const error = await failure(provider().chat(ask));
    expect(error.kind).toBe("rate_limit");
    expect(error.status).toBe(429);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(retryAfterMs);
    expect(error.provider).toBe("openai");
    expect(error.message).toBe("openai: HTTP 429 rate limited: Rate limit reached for gpt-4o-mini.");
    expect(error.cause).toBeInstanceOf(Error);
    scope.done();
  });

  it("maps 500 to a retryable server error", async () => {
    const { scope } = chatOnce(500, { error: { message: "The server had an error.", type: "server_error" } });
    const error = await failure(provider().chat(ask));
    expect(error.kind).toBe("server");
    expect(error.status).toBe(500);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBeUndefined();
    expect(error.message).toBe("openai: HTTP 500 server error: The server had an error.");
    scope.done();
  });

  it("maps 401 to a non-retryable auth error without echoing the key", async () => {
    const { scope } = chatOnce(401, {
      error: {
        message: "Incorrect API key provided: sk-test-***6789. You can find your API key at the dashboard.",
        type: "invalid_request_error",
        code: "invalid_api_key",
      },
    });
    const error = await failure(provider().chat(ask));
    expect(error.kind).toBe("auth");
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      "openai: HTTP 401 authentication failed: Incorrect API key provided: sk-[redacted]. You can find your API key at the dashboard.",
    );
    expect(error.message).not.toContain("6789");
    scope.done();
  });

  it.each([
    [400, "bad_request", false],
    [403, "auth", false],
    [404, "not_found", false],
    [408, "timeout", true],
    [413, "bad_request", false],
    [422, "bad_request", false],
    [409, "bad_request", false],
    [503, "server", true],
  ] as const)("maps HTTP %i to %s", async (status, kind, retryable) => {
    const { scope } = chatOnce(status, "");
    const error = await failure(provider().chat(ask));
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.retryable).toBe(retryable);
    scope.done();
  });

  it("reports the router's timeout (a TimeoutError abort) as timeout", async () => {
    const scope = nock(API)
      .post(PATH)
      .delay(500)
      .reply(200, completion({ content: "late" }));
    const error = await failure(provider().chat({ ...ask, signal: AbortSignal.timeout(50) }));
    expect(error.kind).toBe("timeout");
    expect(error.retryable).toBe(true);
    expect(error.message).toBe("openai: request timed out");
    scope.done();
  });

  it("reports a timeout that fires while the body is still arriving as timeout", async () => {
    // After the headers the SDK no longer wraps aborts: fetch's own AbortError surfaces instead.
    const scope = nock(API)
      .post(PATH)
      .delayBody(500)
      .reply(200, completion({ content: "late" }));
    const error = await failure(provider().chat({ ...ask, signal: AbortSignal.timeout(50) }));
    expect(error.kind).toBe("timeout");
    scope.done();
  });

  it("reports the SDK's own backstop timeout as timeout", async () => {
    const scope = nock(API)
      .post(PATH)
      .delay(500)
      .reply(200, completion({ content: "late" }));
    const error = await failure(provider({ timeoutMs: 50 }).chat(ask));
    expect(error.kind).toBe("timeout");
    scope.done();
  });

  it("reports a caller's abort as aborted", async () => {
    const scope = nock(API)
      .post(PATH)
      .delay(500)
      .reply(200, completion({ content: "late" }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await failure(provider().chat({ ...ask, signal: controller.signal }));
    expect(error.kind).toBe("aborted");
    expect(error.retryable).toBe(false);
    expect(error.message).toBe("openai: request aborted");
    scope.done();
  });

  it("reports a connection failure as network", async () => {
    const scope = nock(API).post(PATH).replyWithError({ code: "ECONNRESET", message: "socket hang up" });
    const error = await failure(provider().chat(ask));
    expect(error.kind).toBe("network");
    expect(error.retryable).toBe(true);
    scope.done();
  });

  it.each([
    ["invalid JSON", "{not json", { "content-type": "application/json" }],
    ["a text body", "<html>gateway</html>", { "content-type": "text/html" }],
    [
      "an object without choices",
      JSON.stringify({ id: "x", object: "chat.completion" }),
      { "content-type": "application/json" },
    ],
    [
      "choices without a message",
      JSON.stringify({ choices: [{ index: 0 }] }),
      { "content-type": "application/json" },
    ],
    [
      "tool calls that are not objects",
      JSON.stringify(completion({ content: null, tool_calls: [null] })),
      { "content-type": "application/json" },
    ],
  ])("reports a 200 with %s as malformed", async (_label, body, headers) => {
    const { scope } = chatOnce(200, body, headers);
    const error = await failure(provider().chat(ask));
    expect(error.kind).toBe("malformed");
    expect(error.retryable).toBe(true);
    expect(error.status).toBeUndefined();
    scope.done();
  });

  it("fails with missing_key naming the variable, before any request", async () => {
    const keyless = createOpenAIProvider({ id: "openai", apiKey: undefined, apiKeyEnv: "ACME_OPENAI_KEY" });
    const error = await failure(keyless.chat(ask));
    expect(error.kind).toBe("missing_key");
    expect(error.retryable).toBe(false);
    expect(error.message).toBe("openai: no API key: set ACME_OPENAI_KEY in the environment");
    const empty = createOpenAIProvider({ id: "openai", apiKey: "" });
    expect((await failure(empty.chat(ask))).message).toBe(
      "openai: no API key: set OPENAI_API_KEY in the environment",
    );
  });

  it("talks to an OpenAI-compatible server at its base URL without a key", async () => {
    const bodies: unknown[] = [];
    const scope = nock("http://127.0.0.1:11434", { reqheaders: { authorization: "Bearer unused" } })
      .post("/v1/chat/completions", (b) => {
        bodies.push(b);
        return true;
      })
      .reply(200, { ...completion({ content: "hi from llama" }), model: "llama3.2" });
    const local = createOpenAIProvider({
      id: "ollama",
      type: "openai-compatible",
      apiKey: undefined,
      baseURL: "http://127.0.0.1:11434/v1",
    });
    expect(local.type).toBe("openai-compatible");
    const response = await local.chat({ ...ask, model: "llama3.2", params: { temperature: 0 } });
    expect(bodies).toEqual([
      { model: "llama3.2", messages: [{ role: "user", content: "Hi" }], temperature: 0 },
    ]);
    expect(response.text).toBe("hi from llama");
    expect(response.model).toBe("llama3.2");
    scope.done();
  });

  it("embeds inputs and returns vectors in input order", async () => {
    const bodies: unknown[] = [];
    const scope = nock(API)
      .post("/v1/embeddings", (b) => {
        bodies.push(b);
        return true;
      })
      .reply(200, {
        object: "list",
        data: [
          { object: "embedding", index: 1, embedding: [0.5, -0.25] },
          { object: "embedding", index: 0, embedding: [0.125, 1] },
        ],
        model: "text-embedding-3-small",
        usage: { prompt_tokens: 6, total_tokens: 6 },
      });
    const response = await provider().embed!({ model: "text-embedding-3-small", input: ["first", "second"] });
    expect(bodies).toEqual([
      { model: "text-embedding-3-small", input: ["first", "second"], encoding_format: "float" },
    ]);
    expect(response).toEqual({
      vectors: [
        [0.125, 1],
        [0.5, -0.25],
      ],
      usage: { inputTokens: 6 },
    });
    scope.done();
  });

  it("maps embedding errors and short answers", async () => {
    const scope = nock(API)
      .post("/v1/embeddings")
      .reply(429, { error: { message: "slow down" } }, { "retry-after": "2" })
      .post("/v1/embeddings")
      .reply(200, { object: "list", data: [{ object: "embedding", index: 0, embedding: [1] }] });
    const limited = await failure(provider().embed!({ model: "m", input: ["a"] }));
    expect([limited.kind, limited.retryAfterMs]).toEqual(["rate_limit", 2000]);
    const short = await failure(provider().embed!({ model: "m", input: ["a", "b"] }));
    expect(short.kind).toBe("malformed");
    scope.done();
  });
});

describe("toProviderError", () => {
  it("reads retry-after from a plain header record as well as a Headers object", () => {
    // Errors built outside the SDK (proxies, wrappers) may carry a plain record instead of Headers.
    const plain = new OpenAI.APIError(429, { message: "slow" }, undefined, new Headers());
    Object.defineProperty(plain, "headers", { value: { "Retry-After": "2" } });
    const viaRecord = toProviderError("p", plain);
    expect([viaRecord.kind, viaRecord.retryAfterMs, viaRecord.message]).toEqual([
      "rate_limit",
      2000,
      "p: HTTP 429 rate limited: slow",
    ]);
    const real = new OpenAI.APIError(503, undefined, undefined, new Headers({ "retry-after-ms": "250" }));
    const viaHeaders = toProviderError("p", real);
    expect([viaHeaders.kind, viaHeaders.retryAfterMs, viaHeaders.message]).toEqual([
      "server",
      250,
      "p: HTTP 503 server error",
    ]);
  });

  it("passes ProviderErrors through and keeps the cause", () => {
    const original = new ProviderError("p", "replay_miss", "p: no cassette");
    expect(toProviderError("p", original)).toBe(original);
    const cause = new SyntaxError("Unexpected token");
    const error = toProviderError("p", cause);
    expect([error.kind, error.cause]).toEqual(["malformed", cause]);
  });
});

describe("createProvider (models.yml entries)", () => {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const openai: ProviderConfig = { type: "openai", api_key_env: "ACME_OPENAI_KEY", timeout: "60s" };

  it("reads the key from the configured environment variable", async () => {
    const scope = nock(API, { reqheaders: { authorization: "Bearer sk-from-env" } })
      .post(PATH)
      .reply(200, completion({ content: "ok" }));
    const p = createProvider("openai", openai, {
      ACME_OPENAI_KEY: "sk-from-env",
      OPENAI_API_KEY: "sk-other",
    });
    expect(p.type).toBe("openai");
    expect((await p.chat(ask)).text).toBe("ok");
    scope.done();
  });

  it("fails with missing_key when the variable is unset", async () => {
    const p = createProvider("openai", openai, { OPENAI_API_KEY: "sk-other" });
    const error = await failure(p.chat(ask));
    expect([error.kind, error.message]).toEqual([
      "missing_key",
      "openai: no API key: set ACME_OPENAI_KEY in the environment",
    ]);
  });

  it("applies the configured timeout to the SDK", async () => {
    const scope = nock(API)
      .post(PATH)
      .delay(500)
      .reply(200, completion({ content: "late" }));
    const p = createProvider("openai", { ...openai, timeout: "50ms" }, { ACME_OPENAI_KEY: "k" });
    expect((await failure(p.chat(ask))).kind).toBe("timeout");
    scope.done();
  });

  it("builds an openai-compatible provider at its base URL, keyless", async () => {
    const scope = nock("http://127.0.0.1:11434", { reqheaders: { authorization: "Bearer unused" } })
      .post("/v1/chat/completions")
      .reply(200, completion({ content: "local" }));
    const p = createProvider(
      "ollama",
      { type: "openai-compatible", base_url: "http://127.0.0.1:11434/v1", timeout: "60s" },
      {},
    );
    expect(p.type).toBe("openai-compatible");
    expect((await p.chat(ask)).text).toBe("local");
    scope.done();
  });

  it("leaves replay providers to the call layer", () => {
    expect(() =>
      createProvider("rec", { type: "replay", cassettes: "cassettes", timeout: "60s" }, {}),
    ).toThrow("replay providers are created by the call layer");
  });
});
