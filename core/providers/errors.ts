/** Turns whatever an SDK call threw into a ProviderError the router can act on. */
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { ProviderError, type ProviderErrorKind, parseRetryAfter } from "./provider.ts";

type HeaderLike = { get(name: string): string | null };

const STATUS_LABEL: Record<ProviderErrorKind, string> = {
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
  replay_miss: "replay miss",
};

export function toProviderError(provider: string, error: unknown, signal?: AbortSignal): ProviderError {
  if (error instanceof ProviderError) return error;
  const status = statusOf(error);
  if (status !== undefined) {
    const kind = kindForStatus(status);
    const detail = apiMessage(error);
    const message = `${provider}: HTTP ${status} ${STATUS_LABEL[kind]}${detail ? `: ${detail}` : ""}`;
    const retryAfterMs = parseRetryAfter(headersOf(error));
    return new ProviderError(provider, kind, message, { status, retryAfterMs, cause: error });
  }
  // The caller's signal decides between "our timeout fired" and "cancelled", whatever shape the SDK
  // gave the abort (APIUserAbortError before the headers, a bare AbortError while reading the body).
  if (signal?.aborted || isInstance(error, "APIUserAbortError") || nameOf(error) === "AbortError") {
    const reason: unknown = signal?.reason;
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
  // The SDKs hand a 200 body to JSON.parse without wrapping the failure.
  if (error instanceof SyntaxError) {
    return new ProviderError(provider, "malformed", `${provider}: response body is not valid JSON`, {
      cause: error,
    });
  }
  // Anything else surfaced while talking to the server (e.g. a connection reset mid-body).
  return new ProviderError(provider, "network", `${provider}: ${redact(messageOf(error))}`, { cause: error });
}

export function kindForStatus(status: number): ProviderErrorKind {
  if (status === 429) return "rate_limit";
  if (status === 408) return "timeout";
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "not_found";
  if (status >= 400 && status < 500) return "bad_request";
  return "server";
}

type ErrorClassName = "APIError" | "APIUserAbortError" | "APIConnectionError" | "APIConnectionTimeoutError";

function isInstance(error: unknown, name: ErrorClassName): boolean {
  return error instanceof OpenAI[name] || error instanceof Anthropic[name];
}

function statusOf(error: unknown): number | undefined {
  if (!isInstance(error, "APIError")) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === "number" ? status : undefined;
}

function headersOf(error: unknown): HeaderLike | undefined {
  const headers = (error as { headers?: unknown }).headers;
  if (!headers || typeof headers !== "object") return undefined;
  if (typeof (headers as { get?: unknown }).get === "function") return headers as HeaderLike;
  const record = headers as Record<string, unknown>;
  return {
    get(name: string): string | null {
      const key = Object.keys(record).find((k) => k.toLowerCase() === name);
      const value = key === undefined ? undefined : record[key];
      return typeof value === "string" ? value : null;
    },
  };
}

/** The API's own explanation: OpenAI's `{ error: { message } }` body arrives unwrapped, Anthropic's wrapped. */
function apiMessage(error: unknown): string | undefined {
  const body = (error as { error?: unknown }).error;
  const message =
    stringAt(body, "message") ?? stringAt((body as { error?: unknown } | undefined)?.error, "message");
  if (message === undefined) return undefined;
  const short = message.length > 300 ? `${message.slice(0, 300)}…` : message;
  return redact(short);
}

function stringAt(value: unknown, key: string): string | undefined {
  if (!value || typeof value !== "object") return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "string" && field.trim() !== "" ? field : undefined;
}

/** OpenAI's 401 message echoes a masked key ("sk-proj-***abcd"); keep even that out of logs. */
function redact(text: string): string {
  return text.replace(/\bsk-[A-Za-z0-9_*-]+/g, "sk-[redacted]");
}

function nameOf(value: unknown): string | undefined {
  if (!value || typeof value !== "object") return undefined;
  const name = (value as { name?: unknown }).name;
  return typeof name === "string" ? name : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function missingKey(provider: string, envVar: string): ProviderError {
  return new ProviderError(
    provider,
    "missing_key",
    `${provider}: no API key: set ${envVar} in the environment`,
  );
}

/** A 200 whose body is not what the API promises. */
export function malformed(provider: string, detail: string): ProviderError {
  return new ProviderError(provider, "malformed", `${provider}: malformed response: ${detail}`);
}

/** Runs a body reader; a body odd enough to make it throw is malformed, not a crash. */
export function malformedOnThrow<T>(provider: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    throw new ProviderError(provider, "malformed", `${provider}: malformed response: ${messageOf(error)}`, {
      cause: error,
    });
  }
}
