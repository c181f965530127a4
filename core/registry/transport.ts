/**
 * HTTP for the distribution client, over global `fetch`: authentication, per-request deadlines, capped
 * body reads and the mapping of every failure to a RegistryError.
 *
 * Authentication follows the registry's `WWW-Authenticate` challenge. Requests go out anonymously first;
 * on a 401 the challenge decides: `Basic` → the username/password (a lone token is sent as the password,
 * which is what GHCR and most cloud registries expect), sent pre-emptively from then on; `Bearer
 * realm,service,scope` → a token from the realm (with basic credentials if given, else anonymous;
 * `token` or `access_token` in the answer), cached per scope — unless `token` was given, which is then
 * used directly as the bearer token. One retry per request; a second 401 means the credentials were
 * rejected. Authorization is only ever sent to the registry's own origin (and to the realm).
 *
 * Plain http is refused for anything but loopback hosts unless `insecure` is set — for the registry, an
 * upload location, a pagination link, a redirect target and the token realm alike. Every request, body read included, has
 * a deadline (`timeoutMs`); network failures, timeouts, 5xx and 429 are "network" errors naming the URL
 * without its query (which can carry upload state) and never the credentials.
 */
import { deadline } from "../async/deadline.ts";
import { CREDENTIAL_HINT, RegistryError } from "./types.ts";

export interface Credentials {
  username?: string;
  password?: string;
  token?: string;
}

export interface TransportOptions extends Credentials {
  /** Allow plain http to non-loopback hosts. */
  insecure?: boolean;
  /** Per request, body included. Default 30 s. */
  timeoutMs?: number;
}

export interface Call {
  method: "GET" | "HEAD" | "POST" | "PUT" | "PATCH";
  url: URL;
  /** Token scope, e.g. `repository:acme/x:pull`. */
  scope: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
  signal?: AbortSignal;
}

export function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** origin + path, no query or credentials: safe for messages. */
export function shown(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

export class Transport {
  private readonly origin: string;
  private readonly timeoutMs: number;
  private basic: string | undefined;
  private readonly tokens = new Map<string, string>();

  constructor(
    base: URL,
    private readonly options: TransportOptions,
  ) {
    this.origin = base.origin;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.checkTransport(base);
  }

  /** Refuses non-http(s) URLs and plain http to non-loopback hosts unless insecure. */
  checkTransport(url: URL): void {
    if (url.protocol !== "https:" && url.protocol !== "http:")
      throw new RegistryError("unsupported", `unsupported URL scheme ${url.protocol} in ${shown(url)}`);
    if (url.protocol === "http:" && !isLoopback(url.hostname) && !this.options.insecure)
      throw new RegistryError(
        "unsupported",
        `refusing plain http to ${url.host}: use https, or allow insecure registries (insecure: true) only for a network you trust`,
      );
  }

  /** Sends a request (authenticating as challenged) and hands the response to `handle`, all under one deadline. */
  async call<T>(call: Call, handle: (res: Response) => Promise<T>): Promise<T> {
    const dl = deadline(call.signal, this.timeoutMs);
    try {
      let authenticated = false;
      for (;;) {
        const headers: Record<string, string> = { ...call.headers };
        const auth = this.authorization(call.url, call.scope);
        if (auth) headers.authorization = auth;
        const res = await fetch(call.url, {
          method: call.method,
          headers,
          // Our bytes never live in a SharedArrayBuffer.
          body: call.body as Uint8Array<ArrayBuffer> | undefined,
          signal: dl.signal,
          redirect: "follow",
        });
        if (res.redirected) {
          // fetch drops Authorization across origins; a redirect to plain http is refused like any URL.
          try {
            this.checkTransport(new URL(res.url));
          } catch (error) {
            await discard(res);
            throw error;
          }
        }
        if (res.status === 401) {
          const challenge = res.headers.get("www-authenticate");
          await discard(res);
          if (authenticated || call.url.origin !== this.origin)
            throw new RegistryError(
              "unauthorized",
              `${this.origin} rejected the credentials for ${call.scope}: check CHARTER_REGISTRY_USERNAME / CHARTER_REGISTRY_PASSWORD or CHARTER_REGISTRY_TOKEN`,
            );
          await this.authenticate(challenge, call.scope, dl.signal);
          authenticated = true;
          continue;
        }
        if (res.status === 403) {
          await discard(res);
          throw new RegistryError(
            "denied",
            `${this.origin} denied ${call.method} ${shown(call.url)}: the credentials lack access to ${call.scope}`,
          );
        }
        if (res.status >= 500 || res.status === 429) {
          await discard(res);
          throw new RegistryError(
            "network",
            `${call.method} ${shown(call.url)} failed with HTTP ${res.status}: the registry is unavailable, retry later`,
          );
        }
        return await handle(res);
      }
    } catch (error) {
      throw this.failure(error, call, dl.signal);
    } finally {
      dl.dispose();
    }
  }

  /** Reads a body, refusing more than `max` bytes (stops reading as soon as it is exceeded). */
  async readCapped(res: Response, max: number, what: string): Promise<Uint8Array> {
    const length = Number(res.headers.get("content-length") ?? Number.NaN);
    if (Number.isFinite(length) && length > max && !res.headers.get("content-encoding")) {
      await discard(res);
      throw tooLarge(what, max);
    }
    if (!res.body) return new Uint8Array(0);
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > max) {
        await reader.cancel().catch(() => {});
        throw tooLarge(what, max);
      }
      chunks.push(value);
    }
    const out = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      out.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return out;
  }

  /** An error for a status the caller did not expect, with the registry's own error code if it sent one. */
  async unexpected(res: Response, call: Pick<Call, "method" | "url">): Promise<RegistryError> {
    let detail = "";
    try {
      const text = new TextDecoder().decode(await this.readCapped(res, 16 * 1024, "error body"));
      const first = (JSON.parse(text) as { errors?: { code?: unknown; message?: unknown }[] }).errors?.[0];
      if (first) detail = `: ${String(first.code ?? "")} ${String(first.message ?? "")}`.slice(0, 300);
    } catch {
      // no usable error body
    }
    const code = res.status === 413 ? "too-large" : "protocol";
    return new RegistryError(code, `${call.method} ${shown(call.url)} answered HTTP ${res.status}${detail}`);
  }

  private authorization(url: URL, scope: string): string | undefined {
    if (url.origin !== this.origin) return undefined;
    return this.tokens.get(scope) ?? this.basic;
  }

  private basicCredentials(): string | undefined {
    const { username, password, token } = this.options;
    const secret = password ?? token;
    if (!secret) return undefined;
    return `Basic ${Buffer.from(`${username ?? "token"}:${secret}`).toString("base64")}`;
  }

  private async authenticate(header: string | null, scope: string, signal: AbortSignal): Promise<void> {
    const challenge = header ? parseChallenge(header) : undefined;
    const missing = () =>
      new RegistryError(
        "unauthorized",
        `${this.origin} requires authentication for ${scope}: ${CREDENTIAL_HINT}`,
      );
    if (challenge?.scheme === "basic") {
      this.basic = this.basicCredentials();
      if (!this.basic) throw missing();
      return;
    }
    if (challenge?.scheme !== "bearer" || !challenge.params.realm)
      throw new RegistryError(
        "unauthorized",
        `${this.origin} answered 401 without a usable WWW-Authenticate challenge: ${CREDENTIAL_HINT}`,
      );
    this.tokens.delete(scope);
    if (this.options.token && !this.options.password) {
      this.tokens.set(scope, `Bearer ${this.options.token}`);
      return;
    }
    this.tokens.set(scope, `Bearer ${await this.fetchToken(challenge.params, scope, signal, missing)}`);
  }

  private async fetchToken(
    params: Record<string, string>,
    scope: string,
    signal: AbortSignal,
    missing: () => RegistryError,
  ): Promise<string> {
    let realm: URL;
    try {
      realm = new URL(params.realm!);
    } catch {
      throw new RegistryError("protocol", `${this.origin} named an invalid token realm`);
    }
    this.checkTransport(realm);
    if (params.service) realm.searchParams.set("service", params.service);
    realm.searchParams.set("scope", params.scope ?? scope);
    const basic = this.basicCredentials();
    const res = await fetch(realm, {
      headers: basic ? { authorization: basic } : {},
      signal,
      redirect: "follow",
    });
    if (res.status === 401 || res.status === 403) {
      await discard(res);
      if (!basic) throw missing();
      throw new RegistryError(
        "unauthorized",
        `the token service ${shown(realm)} rejected the credentials: check CHARTER_REGISTRY_USERNAME / CHARTER_REGISTRY_PASSWORD or CHARTER_REGISTRY_TOKEN`,
      );
    }
    if (res.status >= 500) {
      await discard(res);
      throw new RegistryError("network", `token service ${shown(realm)} failed with HTTP ${res.status}`);
    }
    if (res.status !== 200) throw await this.unexpected(res, { method: "GET", url: realm });
    const body = await this.readCapped(res, 1024 * 1024, "token response");
    let token: unknown;
    try {
      const json = JSON.parse(new TextDecoder().decode(body)) as { token?: unknown; access_token?: unknown };
      token = json.token ?? json.access_token;
    } catch {
      // handled below
    }
    if (typeof token !== "string" || token === "")
      throw new RegistryError("protocol", `token service ${shown(realm)} answered without a token`);
    return token;
  }

  private failure(error: unknown, call: Call, signal: AbortSignal): unknown {
    if (error instanceof RegistryError) return error;
    if (call.signal?.aborted) return call.signal.reason;
    if (signal.aborted)
      return new RegistryError(
        "network",
        `${call.method} ${shown(call.url)}: no answer within ${this.timeoutMs} ms — is the registry reachable?`,
        { cause: error },
      );
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const why = String(cause?.code ?? cause?.message ?? (error as Error).message ?? error);
    return new RegistryError("network", `${call.method} ${shown(call.url)} failed: ${why}`, { cause: error });
  }
}

function tooLarge(what: string, max: number): RegistryError {
  return new RegistryError(
    "too-large",
    `${what} is larger than the ${max}-byte limit; refusing to read more`,
  );
}

export async function discard(res: Response): Promise<void> {
  await res.body?.cancel().catch(() => {});
}

/** `Bearer realm="…",service="…",scope="…"` → scheme and parameters (scope may contain commas). */
export function parseChallenge(
  header: string,
): { scheme: string; params: Record<string, string> } | undefined {
  const match = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(header);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  const re = /([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (const m of match[2]!.matchAll(re))
    params[m[1]!.toLowerCase()] = (m[2] ?? m[3] ?? "").replace(/\\(.)/g, "$1");
  return { scheme: match[1]!.toLowerCase(), params };
}
