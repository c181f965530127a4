/**
 * The HTTP connector: one JSON API call per tool call, over the global `fetch`.
 *
 * - URL: `base_url` + the tool's path, `{arg}` segments filled from the arguments (URL-encoded, and
 *   never `.`/`..`, so an argument cannot climb out of the path); the remaining arguments go in the
 *   query (GET, DELETE) or a JSON body (POST, PUT, PATCH).
 * - Requests never leave the allowed hosts (`allowed_hosts`, else the host of `base_url`): redirects are
 *   followed by hand, at most 3, and only to allowed hosts (and never from https to http).
 * - Secrets come from the environment only; a missing variable is named in the error, its value never.
 * - Non-idempotent write tools send an `Idempotency-Key` header.
 * - The connector's timeout and the caller's signal both cancel the request (the socket is closed).
 * - Responses over the size cap are refused; JSON is parsed, anything else is returned as text.
 */
import { parseDuration } from "../../core/text/duration.ts";
import type { ToolCatalogFile, ToolConfig } from "../../workflows-schema/tools.ts";
import { abortFailure, ToolError } from "./errors.ts";

export type HttpConnector = Extract<ToolCatalogFile["connector"], { type: "http" }>;

export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 3;

export interface HttpToolCall {
  /** NAMESPACE.TOOL, for messages. */
  ref: string;
  /** The tool's name within its namespace (the default path is `/<name>`). */
  name: string;
  connector: HttpConnector;
  tool: ToolConfig;
  args: unknown;
  idempotencyKey: string;
  signal: AbortSignal;
  /** Where secrets come from. */
  env: Readonly<Record<string, string | undefined>>;
  /** Responses larger than this are refused (default 1 MiB). */
  maxResponseBytes?: number;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
}

type Scalar = string | number | boolean;

function isScalar(value: unknown): value is Scalar {
  return (
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value))
  );
}

/** The request URL and what is left of the arguments after the path took its segments. */
export function buildRequestUrl(
  ref: string,
  baseUrl: string,
  pathTemplate: string,
  args: unknown,
): { url: URL; rest: Record<string, unknown> } {
  if (args !== undefined && args !== null && (typeof args !== "object" || Array.isArray(args))) {
    throw new ToolError(ref, "invalid-arguments", `arguments of ${ref} must be an object for an HTTP tool`, {
      final: true,
    });
  }
  const rest: Record<string, unknown> = { ...((args ?? {}) as Record<string, unknown>) };
  const used = new Set<string>();
  const path = pathTemplate.replace(/\{([^{}]*)\}/g, (_, key: string) => {
    const value = Object.hasOwn(rest, key) ? rest[key] : undefined;
    if (!isScalar(value)) {
      throw new ToolError(
        ref,
        "invalid-arguments",
        `tool ${ref} needs argument "${key}" (a string or number) for its path ${pathTemplate}${value === undefined ? "; it is missing" : ""}`,
        { final: true },
      );
    }
    const text = String(value);
    if (text === "" || text === "." || text === "..") {
      throw new ToolError(
        ref,
        "invalid-arguments",
        `argument "${key}" of ${ref} may not be ${JSON.stringify(text)}: it fills a segment of the path ${pathTemplate}`,
        { final: true },
      );
    }
    used.add(key);
    return encodeURIComponent(text);
  });
  for (const key of used) delete rest[key];
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, "");
  const url = new URL(`${base.origin}${basePath}${path}`);
  // Defence in depth: the path must still be under base_url's path after URL normalisation.
  if (url.pathname !== `${basePath}${path}`) {
    throw new ToolError(ref, "invalid-arguments", `the path of ${ref} would leave ${baseUrl}`, {
      final: true,
    });
  }
  return { url, rest };
}

function appendQuery(url: URL, rest: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value)
        url.searchParams.append(key, isScalar(item) ? String(item) : JSON.stringify(item));
    } else {
      url.searchParams.append(key, isScalar(value) ? String(value) : JSON.stringify(value));
    }
  }
}

/** Whether `url` may be called: its host is allowed (a host with a port must match exactly). */
export function hostAllowed(url: URL, connector: HttpConnector): boolean {
  const base = new URL(connector.base_url);
  if (url.protocol !== "https:" && url.protocol !== "http:") return false;
  // Never downgrade: an https connector only talks https.
  if (base.protocol === "https:" && url.protocol !== "https:") return false;
  const allowed = connector.allowed_hosts ?? [base.host];
  return allowed.some((entry) => {
    const host = entry.toLowerCase();
    // `url.hostname` has no port, so an entry with a port can only match `url.host`.
    return host === url.host || host === url.hostname;
  });
}

function authHeaders(
  ref: string,
  connector: HttpConnector,
  env: HttpToolCall["env"],
): Record<string, string> {
  const auth = connector.auth;
  if (!auth) return {};
  const variable = auth.type === "bearer" ? auth.token_env : auth.value_env;
  const value = Object.hasOwn(env, variable) ? env[variable] : undefined;
  if (value === undefined || value === "") {
    throw new ToolError(
      ref,
      "tool-config",
      `tool ${ref} authenticates with the environment variable ${variable}, which is not set in the runner's environment`,
      { final: true },
    );
  }
  // fetch would reject such a value with an error quoting it; refuse first, naming only the variable.
  if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) {
    throw new ToolError(
      ref,
      "tool-config",
      `the environment variable ${variable} (used by ${ref}) holds characters a header value cannot contain`,
      { final: true },
    );
  }
  return auth.type === "bearer" ? { authorization: `Bearer ${value}` } : { [auth.header]: value };
}

async function readCapped(ref: string, response: Response, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () =>
    new ToolError(
      ref,
      "response-too-large",
      `the response of ${ref} is larger than ${maxBytes} bytes, the connector's limit`,
      { final: true },
    );
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function parseBody(bytes: Uint8Array, contentType: string | null): unknown {
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === "") return null;
  const type = (contentType ?? "").toLowerCase();
  if (type === "" || type.includes("json")) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function excerpt(bytes: Uint8Array): string {
  const text = new TextDecoder().decode(bytes.subarray(0, 400)).replace(/\s+/g, " ").trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function statusFailure(ref: string, status: number, body: Uint8Array): ToolError {
  const retryable = status === 408 || status === 425 || status === 429 || status >= 500;
  const detail = excerpt(body);
  return new ToolError(
    ref,
    "tool-http",
    `tool ${ref} answered HTTP ${status}${detail ? `: ${detail}` : ""}${retryable ? " (retryable)" : ""}`,
    { final: !retryable, status },
  );
}

export async function callHttpTool(call: HttpToolCall): Promise<unknown> {
  const { ref, connector, tool } = call;
  const method = tool.http?.method ?? "POST";
  const { url, rest } = buildRequestUrl(
    ref,
    connector.base_url,
    tool.http?.path ?? `/${call.name}`,
    call.args,
  );
  if (!hostAllowed(url, connector)) {
    throw new ToolError(
      ref,
      "policy",
      `tool ${ref} would call ${url.host}, which is not an allowed host of its connector: add it to connector.allowed_hosts`,
      { final: true },
    );
  }
  const headers: Record<string, string> = {
    accept: "application/json",
    ...authHeaders(ref, connector, call.env),
  };
  if (tool.effect !== "read" && !tool.idempotent) headers["idempotency-key"] = call.idempotencyKey;
  let body: string | undefined;
  if (method === "GET" || method === "DELETE") appendQuery(url, rest);
  else {
    body = JSON.stringify(rest);
    headers["content-type"] = "application/json";
  }

  const timeoutMs = parseDuration(connector.timeout ?? "10s");
  const timeout = AbortSignal.timeout(timeoutMs);
  // Aborted once the call settles, so no request or unread body outlives it.
  const settled = new AbortController();
  const signal = AbortSignal.any([call.signal, timeout, settled.signal]);
  const doFetch = call.fetch ?? fetch;
  const maxBytes = call.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  try {
    let target = url;
    let currentMethod: string = method;
    let currentBody = body;
    for (let redirects = 0; ; redirects++) {
      const response = await doFetch(target, {
        method: currentMethod,
        headers,
        body: currentBody,
        redirect: "manual",
        signal,
      });
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        await response.body?.cancel().catch(() => {});
        const location = response.headers.get("location");
        if (!location) {
          throw new ToolError(
            ref,
            "tool-http",
            `tool ${ref} answered HTTP ${response.status} without a Location`,
            {
              final: true,
              status: response.status,
            },
          );
        }
        const next = new URL(location, target);
        if (!hostAllowed(next, connector)) {
          throw new ToolError(
            ref,
            "policy",
            `tool ${ref} was redirected to ${next.protocol}//${next.host}, which is not an allowed host of its connector; the redirect was not followed`,
            { final: true, status: response.status },
          );
        }
        if (redirects >= MAX_REDIRECTS) {
          throw new ToolError(
            ref,
            "tool-http",
            `tool ${ref} was redirected more than ${MAX_REDIRECTS} times`,
            {
              final: true,
              status: response.status,
            },
          );
        }
        // As fetch does: 303 (and 301/302 after a POST) continue as a GET without a body.
        if (
          response.status === 303 ||
          ((response.status === 301 || response.status === 302) && currentMethod === "POST")
        ) {
          if (currentMethod !== "HEAD") currentMethod = "GET";
          currentBody = undefined;
          delete headers["content-type"];
        }
        target = next;
        continue;
      }
      const bytes = await readCapped(ref, response, maxBytes);
      if (!response.ok) throw statusFailure(ref, response.status, bytes);
      return parseBody(bytes, response.headers.get("content-type"));
    }
  } catch (error) {
    if (error instanceof ToolError) throw error;
    const stopped = abortFailure(ref, call.signal, timeout, timeoutMs, error);
    if (stopped !== undefined) throw stopped;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new ToolError(
      ref,
      "tool-unavailable",
      `tool ${ref} could not be reached at ${url.host}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
      { cause: error },
    );
  } finally {
    settled.abort();
  }
}
