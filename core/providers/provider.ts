/**
 * One interface over every model provider: the official OpenAI and Anthropic SDKs, any
 * OpenAI-compatible server, and replayed cassettes. Providers make exactly one request per call:
 * retries, fallbacks, timeouts, budgets and the circuit breaker belong to the router.
 */

export type ChatRole = "system" | "user" | "assistant" | "tool";

export interface ToolCall {
  id: string;
  name: string;
  /** Parsed arguments (the model's JSON). */
  arguments: unknown;
}

export interface ChatMessage {
  role: ChatRole;
  content: string;
  /** For `tool` messages: the call this message answers. */
  toolCallId?: string;
  /** For `assistant` messages that called tools. */
  toolCalls?: ToolCall[];
}

export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
}

export interface ModelParams {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  seed?: number;
  stop?: string[];
}

export interface ChatRequest {
  /** The provider's own model name (`model` in models.yml). */
  model: string;
  messages: ChatMessage[];
  params: ModelParams;
  /** Ask for JSON output, matching `schema` when given (structured output). */
  output?: { name: string; schema?: Record<string, unknown> };
  tools?: ToolSpec[];
  /** Aborts the request; a TimeoutError reason means the router's timeout fired. */
  signal?: AbortSignal;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
}

export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter" | "other";

export interface ChatResponse {
  /** The assistant's text (for structured output: the JSON text). */
  text: string;
  /** The parsed JSON when `output` was requested and the answer parsed. */
  json?: unknown;
  toolCalls: ToolCall[];
  usage: Usage;
  finishReason: FinishReason;
  /** The model that answered, as the provider reports it. */
  model: string;
  id?: string;
}

export interface EmbedRequest {
  model: string;
  input: string[];
  signal?: AbortSignal;
}

export interface EmbedResponse {
  vectors: number[][];
  usage: { inputTokens: number };
}

export interface Provider {
  /** Provider type from models.yml: openai, anthropic, openai-compatible, replay. */
  readonly type: string;
  chat(request: ChatRequest): Promise<ChatResponse>;
  embed?(request: EmbedRequest): Promise<EmbedResponse>;
}

export type ProviderErrorKind =
  | "rate_limit" // 429
  | "server" // 5xx, 529 overloaded
  | "timeout" // our timeout fired, or 408
  | "network" // connection refused, reset, DNS
  | "auth" // 401, 403
  | "bad_request" // 400, 413, 422
  | "not_found" // 404 (unknown model)
  | "malformed" // a body that is not what the API promises
  | "missing_key" // the API key's environment variable is not set
  | "aborted" // the caller cancelled
  | "replay_miss"; // replay mode and no cassette for this request

const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set([
  "rate_limit",
  "server",
  "timeout",
  "network",
  "malformed",
]);

/** A failed provider call as a value the router can act on. Messages never contain secrets. */
export class ProviderError extends Error {
  override name = "ProviderError";
  readonly kind: ProviderErrorKind;
  readonly status?: number;
  /** From `retry-after` / `retry-after-ms`, when the provider sent one. */
  readonly retryAfterMs?: number;
  readonly provider: string;

  constructor(
    provider: string,
    kind: ProviderErrorKind,
    message: string,
    options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.provider = provider;
    this.kind = kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

/** `retry-after-ms`, or `retry-after` in seconds or as an HTTP date, in milliseconds. */
export function parseRetryAfter(
  headers: { get(name: string): string | null } | undefined,
  now = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
