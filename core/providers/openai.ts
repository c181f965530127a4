/** OpenAI and OpenAI-compatible servers (Ollama, vLLM, LiteLLM) through the official `openai` SDK. */
import OpenAI from "openai";
import { malformed, malformedOnThrow, missingKey, toProviderError } from "./errors.ts";
import {
  type ChatMessage,
  type ChatRequest,
  type ChatResponse,
  type EmbedRequest,
  type EmbedResponse,
  type FinishReason,
  type ModelParams,
  type Provider,
  ProviderError,
  type ToolCall,
} from "./provider.ts";

export interface OpenAIProviderOptions {
  id: string;
  apiKey: string | undefined;
  apiKeyEnv?: string;
  baseURL?: string;
  organization?: string;
  type?: "openai" | "openai-compatible";
  timeoutMs?: number;
}

/**
 * The SDK's own timer, in the whole positive milliseconds it insists on. The router owns timeouts through
 * the request signal; this is only a backstop (models.yml `timeout`, else ten minutes).
 */
export function sdkTimeout(ms: number | undefined): number {
  return ms === undefined ? 10 * 60_000 : Math.max(1, Math.ceil(ms));
}

type Completion = OpenAI.ChatCompletion;

export function createOpenAIProvider(options: OpenAIProviderOptions): Provider {
  const id = options.id;
  const type = options.type ?? "openai";
  let client: OpenAI | undefined;

  // Built on first use so a missing key fails the call (a per-call error the router can report)
  // rather than the whole models.yml when the provider is created.
  function sdk(): OpenAI {
    if (client) return client;
    // Local servers usually ignore the key, but the SDK insists on one.
    const apiKey = options.apiKey || (type === "openai-compatible" ? "unused" : undefined);
    if (!apiKey) throw missingKey(id, options.apiKeyEnv ?? "OPENAI_API_KEY");
    // Explicit values everywhere: governed config, not ambient OPENAI_BASE_URL / OPENAI_ORG_ID, decides.
    client = new OpenAI({
      apiKey,
      baseURL: options.baseURL ?? "https://api.openai.com/v1",
      organization: options.organization ?? null,
      project: null,
      webhookSecret: null,
      maxRetries: 0,
      timeout: sdkTimeout(options.timeoutMs),
    });
    return client;
  }

  return {
    type,
    async chat(request: ChatRequest): Promise<ChatResponse> {
      const body: OpenAI.ChatCompletionCreateParamsNonStreaming = {
        model: request.model,
        messages: request.messages.map((m) => toMessage(id, m)),
        ...sampling(request.params),
      };
      if (request.output) body.response_format = responseFormat(request.output);
      if (request.tools?.length) {
        body.tools = request.tools.map((t) => ({
          type: "function",
          function: { name: t.name, description: t.description, parameters: t.parameters },
        }));
      }
      let completion: unknown;
      try {
        completion = await sdk().chat.completions.create(body, { signal: request.signal });
      } catch (error) {
        throw toProviderError(id, error, request.signal);
      }
      return malformedOnThrow(id, () => fromCompletion(id, completion, request));
    },

    async embed(request: EmbedRequest): Promise<EmbedResponse> {
      let response: unknown;
      try {
        // Floats, not the SDK's base64 default: compatible servers do not all speak base64.
        response = await sdk().embeddings.create(
          { model: request.model, input: request.input, encoding_format: "float" },
          { signal: request.signal },
        );
      } catch (error) {
        throw toProviderError(id, error, request.signal);
      }
      return malformedOnThrow(id, () => fromEmbeddings(id, response, request.input.length));
    },
  };
}

/** Structured-output and tool names must match `[a-zA-Z0-9_-]{1,64}` on both APIs. */
export function apiName(name: string): string {
  const clean = name.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64);
  return clean === "" ? "output" : clean;
}

function sampling(params: ModelParams): Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> {
  const out: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {};
  if (params.temperature !== undefined) out.temperature = params.temperature;
  if (params.top_p !== undefined) out.top_p = params.top_p;
  if (params.max_tokens !== undefined) out.max_tokens = params.max_tokens;
  if (params.seed !== undefined) out.seed = params.seed;
  if (params.stop?.length) out.stop = params.stop;
  return out;
}

function responseFormat(output: NonNullable<ChatRequest["output"]>) {
  if (!output.schema) return { type: "json_object" } as const;
  return {
    type: "json_schema",
    // strict: false because governed schemas need not meet OpenAI's strict-mode subset.
    json_schema: { name: apiName(output.name), schema: output.schema, strict: false },
  } as const;
}

function toMessage(provider: string, m: ChatMessage): OpenAI.ChatCompletionMessageParam {
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
          function: { name: call.name, arguments: JSON.stringify(call.arguments ?? {}) },
        })),
      };
    }
    case "tool":
      if (m.toolCallId === undefined) {
        throw new ProviderError(provider, "bad_request", `${provider}: tool message without toolCallId`);
      }
      return { role: "tool", tool_call_id: m.toolCallId, content: m.content };
  }
}

function fromCompletion(provider: string, body: unknown, request: ChatRequest): ChatResponse {
  const completion = body as Partial<Completion> | null;
  const choice = Array.isArray(completion?.choices) ? completion.choices[0] : undefined;
  const message = choice?.message;
  if (!message || typeof message !== "object") throw malformed(provider, "no choices[0].message");
  const text = typeof message.content === "string" ? message.content : "";
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  const toolCalls = calls.flatMap((call) => (call.type === "function" ? [toToolCall(provider, call)] : []));
  const usage = completion?.usage;
  const response: ChatResponse = {
    text,
    toolCalls,
    usage: {
      inputTokens: usage?.prompt_tokens ?? 0,
      outputTokens: usage?.completion_tokens ?? 0,
      cachedInputTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
    },
    finishReason: finishReason(choice?.finish_reason),
    model: typeof completion?.model === "string" ? completion.model : request.model,
  };
  if (typeof completion?.id === "string") response.id = completion.id;
  if (request.output) {
    // An unparsable answer is the caller's to judge (schema checks, repair prompts), not a transport error.
    const json = parseJson(text);
    if (json.ok) response.json = json.value;
  }
  return response;
}

function toToolCall(provider: string, call: OpenAI.ChatCompletionMessageFunctionToolCall): ToolCall {
  const raw = call.function?.arguments;
  // Some compatible servers send "" for a call without arguments.
  const parsed = raw === "" ? { ok: true as const, value: {} } : parseJson(raw);
  if (!parsed.ok) {
    throw malformed(
      provider,
      `tool call ${JSON.stringify(call.function?.name)} has arguments that are not JSON`,
    );
  }
  return { id: call.id, name: call.function.name, arguments: parsed.value };
}

function finishReason(reason: unknown): FinishReason {
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

function fromEmbeddings(provider: string, body: unknown, count: number): EmbedResponse {
  const response = body as Partial<OpenAI.CreateEmbeddingResponse> | null;
  const data = response?.data;
  if (!Array.isArray(data) || data.length !== count) {
    throw malformed(provider, `expected ${count} embeddings`);
  }
  const valid = data.every(
    (d) =>
      typeof d?.index === "number" &&
      Array.isArray(d.embedding) &&
      d.embedding.every((x) => typeof x === "number"),
  );
  if (!valid) throw malformed(provider, "an embedding is not an indexed array of numbers");
  const vectors = [...data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
  return { vectors, usage: { inputTokens: response?.usage?.prompt_tokens ?? 0 } };
}

function parseJson(text: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof text !== "string") return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
