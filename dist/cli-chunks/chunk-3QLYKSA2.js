import {
  CHARTER_VERSION
} from "./chunk-UETU37OM.js";
import {
  MemoLru,
  MemorySource
} from "./chunk-CX7LOAB4.js";
import {
  ApprovalPending,
  CassetteStore,
  CircuitBreaker,
  DEFERRED,
  ModelCaller,
  NodeFailure,
  Router,
  SpendLedger,
  createProvider,
  executeWorkflow,
  knowledgeRetrievers,
  systemClock,
  validateJsonSchema
} from "./chunk-XJTLGLMY.js";
import {
  parseDuration
} from "./chunk-DUGSIOLX.js";
import {
  openBundle,
  parseGovernancePredicate,
  verifyRelease
} from "./chunk-QI2N7CZP.js";
import {
  DirectorySource,
  canonicalJson,
  loadRepo,
  modelAllowed,
  parseToolRef,
  toolAllowed,
  workflowGraph
} from "./chunk-VGNTAH4S.js";

// runner/admit.ts
function countedApprovals(g) {
  const pr = g.pullRequest;
  const seen = /* @__PURE__ */ new Set();
  return g.approvals.filter((a) => {
    if (!pr || !a.counted || a.reviewer.id === pr.author.id || a.commit !== pr.approvedHead) return false;
    if (seen.has(a.reviewer.id)) return false;
    seen.add(a.reviewer.id);
    return true;
  });
}
var RunRefused = class extends Error {
  name = "RunRefused";
  reason;
  constructor(reason, message) {
    super(message);
    this.reason = reason;
  }
};
async function admitRelease(o) {
  const verified = await verifyRelease(o.registry, o.repository, o.ref, o.trust);
  if (!verified.ok)
    throw new RunRefused(
      "verification",
      `${o.tenant}/${o.workflow}@${o.ref} does not verify: ${verified.reasons.join("; ")}`
    );
  const g = verified.governance;
  const name = `${o.tenant}/${o.workflow}`;
  if (g.name !== name || verified.bundle.index.tenant !== o.tenant || verified.bundle.index.workflow !== o.workflow)
    throw new RunRefused(
      "wrong-release",
      `${o.repository}@${o.ref} is a release of ${g.name}, not of ${name}.`
    );
  if (Date.parse(g.expires) <= o.now.getTime())
    throw new RunRefused(
      "expired",
      `${name} ${g.version} expired at ${g.expires}; publish it again to renew it.`
    );
  const approvedBy = countedApprovals(g).map((a) => a.reviewer.login);
  if (!o.allowUnapproved) {
    if (!g.pullRequest)
      throw new RunRefused(
        "unapproved",
        `${name} ${g.version} was released from ${g.source.commit.slice(0, 12)} without a pull request: no approvals are recorded.`
      );
    const required = Math.max(1, g.policy.required ?? 1);
    if (approvedBy.length < required)
      throw new RunRefused(
        "missing-approvals",
        `${name} ${g.version} records ${approvedBy.length} of the ${required} approval(s) its tenant requires${approvedBy.length ? ` (${approvedBy.join(", ")})` : ""}.`
      );
  }
  for (const path of verified.bundle.files.keys())
    if (!path.startsWith(`tenants/${o.tenant}/`) && path !== "charter-bundle.json" && path !== "resolved.json")
      throw new RunRefused(
        "cross-tenant",
        `The bundle of ${name} contains ${path}, outside tenant ${o.tenant}.`
      );
  const trusted = await o.store.trust(name);
  if (trusted && g.sequence < trusted.sequence && !o.allowRollback)
    throw new RunRefused(
      "rollback",
      `${name} ${g.version} (sequence ${g.sequence}) is older than ${trusted.version} (sequence ${trusted.sequence}), which this runner already ran. Pass --allow-rollback to run it anyway.`
    );
  if (trusted && g.sequence === trusted.sequence && g.bundle.digest !== trusted.bundleDigest)
    throw new RunRefused(
      "sequence-conflict",
      `${name} sequence ${g.sequence} was ${trusted.bundleDigest} and is now ${g.bundle.digest}: two different releases claim the same place in history.`
    );
  return { verified, approvedBy };
}

// runner/tools/errors.ts
var ToolError = class extends NodeFailure {
  name = "ToolError";
  /** NAMESPACE.TOOL */
  tool;
  /** HTTP status, for HTTP connectors. */
  status;
  constructor(tool, kind, message, options = {}) {
    super(kind, message, { final: options.final ?? false, cause: options.cause });
    this.tool = tool;
    if (options.status !== void 0) this.status = options.status;
  }
};
function abortFailure(tool, caller, connectorTimeout, timeoutMs, cause) {
  if (caller.aborted) return caller.reason ?? cause;
  if (connectorTimeout.aborted) {
    return new ToolError(
      tool,
      "timeout",
      `tool ${tool} did not answer within ${timeoutMs} ms (the connector's timeout); raise connector.timeout in its catalog if it needs longer`,
      { cause }
    );
  }
  return void 0;
}

// runner/tools/builtin.ts
function invalid(ctx, message) {
  return new ToolError(ctx.tool, "invalid-arguments", `arguments of ${ctx.tool}: ${message}`, {
    final: true
  });
}
function record(args, ctx) {
  if (args === void 0 || args === null) return {};
  if (typeof args !== "object" || Array.isArray(args)) throw invalid(ctx, "must be an object");
  return args;
}
function text(args, key, ctx) {
  const value = args[key];
  if (typeof value !== "string") throw invalid(ctx, `"${key}" must be a string`);
  return value;
}
function optionalNumber(args, key, ctx, { integer = false, min = -Infinity } = {}) {
  const value = args[key];
  if (value === void 0) return void 0;
  if (typeof value !== "number" || !Number.isFinite(value) || integer && !Number.isInteger(value) || value < min)
    throw invalid(
      ctx,
      `"${key}" must be ${integer ? "an integer" : "a number"}${min > -Infinity ? ` ≥ ${min}` : ""}`
    );
  return value;
}
function date(args, key, ctx) {
  const value = text(args, key, ctx);
  const parsed = /^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(parsed.getTime()))
    throw invalid(ctx, `"${key}" must be an ISO 8601 date or date-time, such as 2025-01-31T12:00:00Z`);
  return parsed;
}
function words(value) {
  const trimmed = value.trim();
  return trimmed === "" ? 0 : trimmed.split(/\s+/u).length;
}
var UNIT_MS = { milliseconds: 1, seconds: 1e3, minutes: 6e4, hours: 36e5, days: 864e5 };
var defaults = [
  /** `{ text }` → `{ words }`: whitespace-separated words. */
  ["word_count", async (args, ctx) => ({ words: words(text(record(args, ctx), "text", ctx)) })],
  /** `{ text }` → `{ characters, words, lines }` (characters are Unicode code points). */
  [
    "text_stats",
    async (args, ctx) => {
      const value = text(record(args, ctx), "text", ctx);
      return {
        characters: [...value].length,
        words: words(value),
        lines: value === "" ? 0 : value.split(/\r\n|\r|\n/).length
      };
    }
  ],
  /** `{ text, max_chars, suffix? = "…" }` → `{ text, truncated }`, cut at a code point boundary. */
  [
    "truncate",
    async (args, ctx) => {
      const a = record(args, ctx);
      const value = text(a, "text", ctx);
      const max = optionalNumber(a, "max_chars", ctx, { integer: true, min: 0 });
      if (max === void 0) throw invalid(ctx, `"max_chars" is required`);
      const suffix = a.suffix === void 0 ? "…" : text(a, "suffix", ctx);
      const chars = [...value];
      if (chars.length <= max) return { text: value, truncated: false };
      const keep = Math.max(0, max - [...suffix].length);
      return { text: chars.slice(0, keep).join("") + [...suffix].slice(0, max).join(""), truncated: true };
    }
  ],
  /** `{ text, max_length? = 80 }` → `{ slug }`: lower-case ASCII letters, digits and single dashes. */
  [
    "slugify",
    async (args, ctx) => {
      const a = record(args, ctx);
      const max = optionalNumber(a, "max_length", ctx, { integer: true, min: 1 }) ?? 80;
      const slug = text(a, "text", ctx).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, max).replace(/-+$/, "");
      return { slug };
    }
  ],
  /** `{}` → `{ iso, unix_ms }`: the runner clock's current time (UTC). */
  [
    "now",
    async (_args, ctx) => {
      const now = ctx.now();
      return { iso: now.toISOString(), unix_ms: now.getTime() };
    }
  ],
  /** `{ date, days?, hours?, minutes?, seconds? }` → `{ iso }` (negative amounts go back in time). */
  [
    "date_add",
    async (args, ctx) => {
      const a = record(args, ctx);
      const start = date(a, "date", ctx);
      let ms = 0;
      for (const unit of ["days", "hours", "minutes", "seconds"])
        ms += (optionalNumber(a, unit, ctx) ?? 0) * UNIT_MS[unit];
      const result = new Date(start.getTime() + ms);
      if (Number.isNaN(result.getTime())) throw invalid(ctx, "the resulting date is out of range");
      return { iso: result.toISOString() };
    }
  ],
  /** `{ from, to, unit? = "days" }` → `{ value }`: (to − from) in the unit, fractional. */
  [
    "date_diff",
    async (args, ctx) => {
      const a = record(args, ctx);
      const unit = a.unit === void 0 ? "days" : text(a, "unit", ctx);
      if (!Object.hasOwn(UNIT_MS, unit))
        throw invalid(ctx, `"unit" must be one of ${Object.keys(UNIT_MS).join(", ")}`);
      const ms = date(a, "to", ctx).getTime() - date(a, "from", ctx).getTime();
      return { value: ms / UNIT_MS[unit] };
    }
  ]
];
var builtins = new Map(defaults);
async function callBuiltin(registry, functionName, args, ctx) {
  const fn = registry.get(functionName);
  if (!fn) {
    throw new ToolError(
      ctx.tool,
      "tool-config",
      `tool ${ctx.tool} is bound to the built-in function "${functionName}", which this runner does not have (it has: ${[...registry.keys()].sort().join(", ")})`,
      { final: true }
    );
  }
  ctx.signal.throwIfAborted();
  return fn(args, ctx);
}

// runner/tools/http.ts
var DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
var MAX_REDIRECTS = 3;
function isScalar(value) {
  return typeof value === "string" || typeof value === "boolean" || typeof value === "number" && Number.isFinite(value);
}
function buildRequestUrl(ref, baseUrl, pathTemplate, args) {
  if (args !== void 0 && args !== null && (typeof args !== "object" || Array.isArray(args))) {
    throw new ToolError(ref, "invalid-arguments", `arguments of ${ref} must be an object for an HTTP tool`, {
      final: true
    });
  }
  const rest = { ...args ?? {} };
  const used = /* @__PURE__ */ new Set();
  const path = pathTemplate.replace(/\{([^{}]*)\}/g, (_, key) => {
    const value = Object.hasOwn(rest, key) ? rest[key] : void 0;
    if (!isScalar(value)) {
      throw new ToolError(
        ref,
        "invalid-arguments",
        `tool ${ref} needs argument "${key}" (a string or number) for its path ${pathTemplate}${value === void 0 ? "; it is missing" : ""}`,
        { final: true }
      );
    }
    const text3 = String(value);
    if (text3 === "" || text3 === "." || text3 === "..") {
      throw new ToolError(
        ref,
        "invalid-arguments",
        `argument "${key}" of ${ref} may not be ${JSON.stringify(text3)}: it fills a segment of the path ${pathTemplate}`,
        { final: true }
      );
    }
    used.add(key);
    return encodeURIComponent(text3);
  });
  for (const key of used) delete rest[key];
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, "");
  const url = new URL(`${base.origin}${basePath}${path}`);
  if (url.pathname !== `${basePath}${path}`) {
    throw new ToolError(ref, "invalid-arguments", `the path of ${ref} would leave ${baseUrl}`, {
      final: true
    });
  }
  return { url, rest };
}
function appendQuery(url, rest) {
  for (const [key, value] of Object.entries(rest)) {
    if (value === void 0 || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value)
        url.searchParams.append(key, isScalar(item) ? String(item) : JSON.stringify(item));
    } else {
      url.searchParams.append(key, isScalar(value) ? String(value) : JSON.stringify(value));
    }
  }
}
function hostAllowed(url, connector) {
  const base = new URL(connector.base_url);
  if (url.protocol !== "https:" && url.protocol !== "http:") return false;
  if (base.protocol === "https:" && url.protocol !== "https:") return false;
  const allowed = connector.allowed_hosts ?? [base.host];
  return allowed.some((entry) => {
    const host = entry.toLowerCase();
    return host === url.host || host === url.hostname;
  });
}
function authHeaders(ref, connector, env) {
  const auth = connector.auth;
  if (!auth) return {};
  const variable = auth.type === "bearer" ? auth.token_env : auth.value_env;
  const value = Object.hasOwn(env, variable) ? env[variable] : void 0;
  if (value === void 0 || value === "") {
    throw new ToolError(
      ref,
      "tool-config",
      `tool ${ref} authenticates with the environment variable ${variable}, which is not set in the runner's environment`,
      { final: true }
    );
  }
  if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) {
    throw new ToolError(
      ref,
      "tool-config",
      `the environment variable ${variable} (used by ${ref}) holds characters a header value cannot contain`,
      { final: true }
    );
  }
  return auth.type === "bearer" ? { authorization: `Bearer ${value}` } : { [auth.header]: value };
}
async function readCapped(ref, response, maxBytes) {
  const tooLarge = () => new ToolError(
    ref,
    "response-too-large",
    `the response of ${ref} is larger than ${maxBytes} bytes, the connector's limit`,
    { final: true }
  );
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {
    });
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks = [];
  let size = 0;
  for (; ; ) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {
      });
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
function parseBody(bytes, contentType) {
  const text3 = new TextDecoder().decode(bytes);
  if (text3.trim() === "") return null;
  const type = (contentType ?? "").toLowerCase();
  if (type === "" || type.includes("json")) {
    try {
      return JSON.parse(text3);
    } catch {
      return text3;
    }
  }
  return text3;
}
function excerpt(bytes) {
  const text3 = new TextDecoder().decode(bytes.subarray(0, 400)).replace(/\s+/g, " ").trim();
  return text3.length > 200 ? `${text3.slice(0, 200)}…` : text3;
}
function statusFailure(ref, status, body) {
  const retryable = status === 408 || status === 425 || status === 429 || status >= 500;
  const detail = excerpt(body);
  return new ToolError(
    ref,
    "tool-http",
    `tool ${ref} answered HTTP ${status}${detail ? `: ${detail}` : ""}${retryable ? " (retryable)" : ""}`,
    { final: !retryable, status }
  );
}
async function callHttpTool(call) {
  const { ref, connector, tool } = call;
  const method = tool.http?.method ?? "POST";
  const { url, rest } = buildRequestUrl(
    ref,
    connector.base_url,
    tool.http?.path ?? `/${call.name}`,
    call.args
  );
  if (!hostAllowed(url, connector)) {
    throw new ToolError(
      ref,
      "policy",
      `tool ${ref} would call ${url.host}, which is not an allowed host of its connector: add it to connector.allowed_hosts`,
      { final: true }
    );
  }
  const headers = {
    accept: "application/json",
    ...authHeaders(ref, connector, call.env)
  };
  if (tool.effect !== "read" && !tool.idempotent) headers["idempotency-key"] = call.idempotencyKey;
  let body;
  if (method === "GET" || method === "DELETE") appendQuery(url, rest);
  else {
    body = JSON.stringify(rest);
    headers["content-type"] = "application/json";
  }
  const timeoutMs = parseDuration(connector.timeout ?? "10s");
  const timeout = AbortSignal.timeout(timeoutMs);
  const settled = new AbortController();
  const signal = AbortSignal.any([call.signal, timeout, settled.signal]);
  const doFetch = call.fetch ?? fetch;
  const maxBytes = call.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  try {
    let target = url;
    let currentMethod = method;
    let currentBody = body;
    for (let redirects = 0; ; redirects++) {
      const response = await doFetch(target, {
        method: currentMethod,
        headers,
        body: currentBody,
        redirect: "manual",
        signal
      });
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        await response.body?.cancel().catch(() => {
        });
        const location = response.headers.get("location");
        if (!location) {
          throw new ToolError(
            ref,
            "tool-http",
            `tool ${ref} answered HTTP ${response.status} without a Location`,
            {
              final: true,
              status: response.status
            }
          );
        }
        const next = new URL(location, target);
        if (!hostAllowed(next, connector)) {
          throw new ToolError(
            ref,
            "policy",
            `tool ${ref} was redirected to ${next.protocol}//${next.host}, which is not an allowed host of its connector; the redirect was not followed`,
            { final: true, status: response.status }
          );
        }
        if (redirects >= MAX_REDIRECTS) {
          throw new ToolError(
            ref,
            "tool-http",
            `tool ${ref} was redirected more than ${MAX_REDIRECTS} times`,
            {
              final: true,
              status: response.status
            }
          );
        }
        if (response.status === 303 || (response.status === 301 || response.status === 302) && currentMethod === "POST") {
          if (currentMethod !== "HEAD") currentMethod = "GET";
          currentBody = void 0;
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
    if (stopped !== void 0) throw stopped;
    const cause = error.cause;
    throw new ToolError(
      ref,
      "tool-unavailable",
      `tool ${ref} could not be reached at ${url.host}: ${cause?.code ?? cause?.message ?? error.message}`,
      { cause: error }
    );
  } finally {
    settled.abort();
  }
}

// runner/tools/mcp.ts
import { spawn } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ReadBuffer, serializeMessage } from "@modelcontextprotocol/sdk/shared/stdio.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
var STDERR_TAIL = 2e3;
function mcpServerEnv(connector, env) {
  const out = {};
  const path = env.PATH ?? process.env.PATH;
  if (path !== void 0) out.PATH = path;
  for (const name of connector.env ?? []) {
    const value = Object.hasOwn(env, name) ? env[name] : void 0;
    if (value !== void 0) out[name] = value;
  }
  return out;
}
var ChildProcessTransport = class {
  constructor(params) {
    this.params = params;
  }
  params;
  onclose;
  onerror;
  onmessage;
  child;
  buffer = new ReadBuffer();
  stderr = "";
  /** How the process ended, once it has. */
  exit;
  get pid() {
    return this.child?.pid;
  }
  /** The last part of what the server wrote on stderr. */
  get stderrTail() {
    return this.stderr.trim();
  }
  start() {
    if (this.child) throw new Error("the MCP server process was already started");
    return new Promise((resolve, reject) => {
      const child = spawn(this.params.command, [...this.params.args], {
        env: this.params.env,
        stdio: ["pipe", "pipe", "pipe"],
        shell: false,
        windowsHide: true
      });
      this.child = child;
      child.once("error", (error) => {
        reject(error);
        this.onerror?.(error);
      });
      child.once("spawn", () => resolve());
      child.once("close", (code, signal) => {
        this.exit = { code, signal };
        this.child = void 0;
        this.onclose?.();
      });
      child.stdin?.on("error", (error) => this.onerror?.(error));
      child.stdout?.on("data", (chunk) => {
        this.buffer.append(chunk);
        for (; ; ) {
          let message;
          try {
            message = this.buffer.readMessage();
          } catch (error) {
            this.onerror?.(error);
            continue;
          }
          if (message === null) break;
          this.onmessage?.(message);
        }
      });
      child.stderr?.on("data", (chunk) => {
        this.stderr = (this.stderr + chunk.toString("utf8")).slice(-STDERR_TAIL);
      });
    });
  }
  send(message) {
    return new Promise((resolve, reject) => {
      const stdin = this.child?.stdin;
      if (!stdin || stdin.destroyed) {
        reject(new Error("the MCP server is not running"));
        return;
      }
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once("drain", resolve);
    });
  }
  async close() {
    const child = this.child;
    if (!child) return;
    const closed = new Promise((resolve) => child.once("close", () => resolve()));
    const wait = (ms) => Promise.race([closed, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
    child.stdin?.end();
    await wait(1e3);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await wait(1e3);
    }
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
};
function resultValue(result) {
  if (result.structuredContent !== void 0) return result.structuredContent;
  const content = result.content ?? [];
  if (content.length === 0) return null;
  if (!content.every((c) => c.type === "text" && typeof c.text === "string")) return content;
  const text3 = content.map((c) => c.text).join("\n");
  try {
    return JSON.parse(text3);
  } catch {
    return text3;
  }
}
function errorText(result) {
  const text3 = (result.content ?? []).filter((c) => c.type === "text" && typeof c.text === "string").map((c) => c.text).join(" ").trim();
  return text3.length > 500 ? `${text3.slice(0, 500)}…` : text3;
}
var McpPool = class {
  constructor(env) {
    this.env = env;
  }
  env;
  sessions = /* @__PURE__ */ new Map();
  closed = false;
  describeExit(call, transport) {
    const exit = transport.exit;
    const how = exit ? exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}` : "closed the connection";
    const stderr = transport.stderrTail;
    return `the MCP server of namespace ${call.namespace} (${call.connector.command}) ${how} during ${call.ref}${stderr ? `; its stderr ended with: ${stderr.slice(-500)}` : ""}; the next call starts it again`;
  }
  session(call) {
    const existing = this.sessions.get(call.namespace);
    if (existing) return existing;
    const { connector } = call;
    const transport = new ChildProcessTransport({
      command: connector.command,
      args: connector.args ?? [],
      env: mcpServerEnv(connector, this.env)
    });
    const client = new Client({ name: "charter-runner", version: CHARTER_VERSION }, { capabilities: {} });
    const started = (async () => {
      try {
        await client.connect(transport, { timeout: parseDuration(connector.timeout ?? "30s") });
      } catch (error) {
        await transport.close().catch(() => {
        });
        const code = error.code;
        const reason = code === "ENOENT" ? `the command ${connector.command} was not found` : transport.exit ? this.describeExit(call, transport) : error.message;
        throw new ToolError(
          call.ref,
          "tool-unavailable",
          `the MCP server of namespace ${call.namespace} could not be started: ${reason}`,
          { final: code === "ENOENT", cause: error }
        );
      }
      return { client, transport };
    })();
    this.sessions.set(call.namespace, started);
    const forget = () => {
      if (this.sessions.get(call.namespace) === started) this.sessions.delete(call.namespace);
    };
    client.onclose = forget;
    started.catch(forget);
    return started;
  }
  async call(call) {
    if (this.closed) throw new ToolError(call.ref, "tool-unavailable", "the tool invoker is closed");
    const timeoutMs = parseDuration(call.connector.timeout ?? "30s");
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([call.signal, timeout]);
    signal.throwIfAborted();
    let session;
    try {
      const starting = this.session(call);
      session = await new Promise((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
        starting.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
      });
      const result = await session.client.callTool(
        {
          name: call.serverTool,
          arguments: call.args ?? {},
          _meta: { idempotencyKey: call.idempotencyKey }
        },
        void 0,
        { signal, timeout: timeoutMs }
      );
      if (result.isError) {
        const detail = errorText(result);
        throw new ToolError(
          call.ref,
          "tool-error",
          `tool ${call.ref} reported an error${detail ? `: ${detail}` : ""}`
        );
      }
      return resultValue(result);
    } catch (error) {
      if (error instanceof ToolError) throw error;
      const stopped = abortFailure(call.ref, call.signal, timeout, timeoutMs, error);
      if (stopped !== void 0) throw stopped;
      if (error instanceof McpError) {
        if (error.code === ErrorCode.RequestTimeout) {
          throw new ToolError(
            call.ref,
            "timeout",
            `tool ${call.ref} did not answer within ${timeoutMs} ms (the connector's timeout); raise connector.timeout in its catalog if it needs longer`,
            { cause: error }
          );
        }
        if (error.code === ErrorCode.ConnectionClosed && session) {
          throw new ToolError(call.ref, "tool-unavailable", this.describeExit(call, session.transport), {
            cause: error
          });
        }
        const final = error.code === ErrorCode.InvalidParams || error.code === ErrorCode.MethodNotFound;
        throw new ToolError(call.ref, "tool-error", `tool ${call.ref} failed: ${error.message}`, {
          final,
          cause: error
        });
      }
      throw new ToolError(call.ref, "tool-error", `tool ${call.ref} failed: ${error.message}`, {
        cause: error
      });
    }
  }
  /** Stops every server. Calls after this are refused. */
  async close() {
    this.closed = true;
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(
      sessions.map(async (started) => {
        const session = await started.catch(() => void 0);
        await session?.client.close().catch(() => {
        });
        await session?.transport.close().catch(() => {
        });
      })
    );
  }
};

// runner/tools/policy.ts
var ToolRefused = class extends NodeFailure {
  name = "ToolRefused";
  reason;
  /** NAMESPACE.TOOL as called. */
  tool;
  constructor(reason, tool, message) {
    const kind = reason === "invalid-arguments" || reason === "invalid-output" ? reason : "policy";
    super(kind, message, { final: true });
    this.reason = reason;
    this.tool = tool;
  }
};
function resolveTool(catalog, ref) {
  const parsed = parseToolRef(ref);
  if (!parsed) return void 0;
  const file = catalog.get(parsed.namespace);
  if (!file || !Object.hasOwn(file.tools, parsed.tool)) return void 0;
  const config = file.tools[parsed.tool];
  if (!config) return void 0;
  return { ref, namespace: parsed.namespace, name: parsed.tool, catalog: file, config };
}
function toolPolicy(options) {
  const { tenant, allowPatterns, catalog } = options;
  const approved = new Set(options.approvedTools);
  const check = ((call) => {
    const ref = String(call.tool);
    if (call.tenant !== tenant) {
      throw new ToolRefused(
        "other-tenant",
        ref,
        `call of tool ${ref} for tenant "${call.tenant}" refused: this tool invoker serves tenant "${tenant}" only (run tenant "${call.tenant}"'s workflows with its own invoker)`
      );
    }
    const resolved = resolveTool(catalog, ref);
    if (!resolved) {
      const parsed = parseToolRef(ref);
      const hint = !parsed ? "tools are referenced as NAMESPACE.TOOL" : catalog.has(parsed.namespace) ? `add ${parsed.tool} to the tools of catalog "${parsed.namespace}" or fix the reference` : `no catalog declares namespace "${parsed.namespace}"; add tools/${parsed.namespace}.yml or fix the reference`;
      throw new ToolRefused("unknown-tool", ref, `tool ${ref} does not exist in the tool catalog: ${hint}`);
    }
    if (!toolAllowed(ref, allowPatterns)) {
      throw new ToolRefused(
        "not-allowed",
        ref,
        `tool ${ref} is not allowed for tenant ${tenant}: add "${ref}" or "${resolved.namespace}.*" to allow.tools in the tenant's tenant.yml`
      );
    }
    if (resolved.config.effect !== "read" && !approved.has(ref)) {
      throw new ToolRefused(
        "write-not-approved",
        ref,
        `tool ${ref} changes data (effect: write) and was not approved for this workflow: call it from a workflow version that declares it and was approved and published`
      );
    }
    const result = validateJsonSchema(resolved.config.input, call.args);
    if (!result.valid) {
      throw new ToolRefused(
        "invalid-arguments",
        ref,
        `arguments of ${ref} do not match its input schema (${result.errors.join("; ")}): fix the arguments the workflow passes, or the tool's input schema`
      );
    }
    return resolved;
  });
  check.output = (ref, output) => {
    const resolved = resolveTool(catalog, ref);
    if (!resolved)
      throw new ToolRefused("unknown-tool", ref, `tool ${ref} does not exist in the tool catalog`);
    const schema = resolved.config.output;
    if (schema === void 0) return;
    const result = validateJsonSchema(schema, output);
    if (!result.valid) {
      throw new ToolRefused(
        "invalid-output",
        ref,
        `the result of ${ref} does not match its output schema (${result.errors.join("; ")}): fix the tool's server, or its output schema in catalog "${resolved.namespace}"`
      );
    }
  };
  return check;
}

// runner/tools/invoker.ts
var SECRET_KEY = /token|secret|password|authorization|api[_-]?key/i;
function redactSecrets(value, depth = 0) {
  if (value === null || typeof value !== "object") return value;
  if (depth > 32) return "[too deep]";
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  const out = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? "[redacted]" : redactSecrets(item, depth + 1);
  }
  return out;
}
function createToolInvoker(options) {
  const check = toolPolicy({
    tenant: options.tenant,
    allowPatterns: options.allowPatterns,
    catalog: options.catalogs,
    approvedTools: options.approvedTools
  });
  const registry = options.builtins ?? builtins;
  const mcp = new McpPool(options.env);
  const now = options.now ?? (() => /* @__PURE__ */ new Date());
  let closed = false;
  async function dispatch(call) {
    if (closed) throw new ToolError(call.tool, "tool-unavailable", "the tool invoker is closed");
    const tool = check(call);
    const { connector } = tool.catalog;
    let result;
    switch (connector.type) {
      case "http":
        result = await callHttpTool({
          ref: tool.ref,
          name: tool.name,
          connector,
          tool: tool.config,
          args: call.args,
          idempotencyKey: call.idempotencyKey,
          signal: call.signal,
          env: options.env,
          maxResponseBytes: options.maxResponseBytes,
          fetch: options.fetch
        });
        break;
      case "mcp":
        result = await mcp.call({
          ref: tool.ref,
          namespace: tool.namespace,
          connector,
          serverTool: tool.config.mcp_tool ?? tool.name,
          args: call.args,
          idempotencyKey: call.idempotencyKey,
          signal: call.signal
        });
        break;
      case "builtin":
        result = await callBuiltin(registry, tool.config.function ?? tool.name, call.args, {
          tool: tool.ref,
          idempotencyKey: call.idempotencyKey,
          signal: call.signal,
          now
        });
        break;
      default:
        throw new ToolError(
          call.tool,
          "tool-config",
          `tool ${call.tool} has a connector this runner does not know: ${connector.type}`,
          { final: true }
        );
    }
    check.output(tool.ref, result);
    return result;
  }
  return {
    async invoke(call) {
      const started = performance.now();
      const report = (ok, error) => {
        if (!options.onCall) return;
        try {
          options.onCall({
            tool: call.tool,
            args: redactSecrets(call.args),
            idempotencyKey: call.idempotencyKey,
            ms: Math.round(performance.now() - started),
            ok,
            ...ok ? {} : { error: error instanceof Error ? error.message : String(error) }
          });
        } catch {
        }
      };
      try {
        const result = await dispatch(call);
        report(true);
        return result;
      } catch (error) {
        report(false, error);
        throw error;
      }
    },
    async close() {
      closed = true;
      await mcp.close();
    }
  };
}

// runner/default-tools.ts
function bundleTools(env, onCall, builtins2) {
  return ({ runId, tenant, repo, approvedTools }) => createToolInvoker({
    tenant,
    catalogs: new Map([...repo.tools].map(([ns, entity]) => [ns, entity.data])),
    allowPatterns: repo.tenants.get(tenant)?.config?.data.allow.tools ?? [],
    approvedTools,
    env,
    ...builtins2 ? { builtins: builtins2 } : {},
    ...onCall ? { onCall: (call) => onCall(runId, call) } : {}
  });
}
function redactRecord(rec) {
  if (!rec.tool && !rec.llm?.toolCalls) return rec;
  return {
    ...rec,
    ...rec.tool ? { tool: { ...rec.tool, args: redactSecrets(rec.tool.args) } } : {},
    ...rec.llm?.toolCalls ? {
      llm: {
        ...rec.llm,
        toolCalls: rec.llm.toolCalls.map((c) => ({ ...c, args: redactSecrets(c.args) }))
      }
    } : {}
  };
}

// runner/store.ts
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
var SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY, tenant TEXT NOT NULL, workflow TEXT NOT NULL, version TEXT NOT NULL,
  repository TEXT NOT NULL, registry TEXT NOT NULL, manifest_digest TEXT NOT NULL, bundle_digest TEXT NOT NULL,
  inputs TEXT NOT NULL, inputs_hash TEXT NOT NULL, status TEXT NOT NULL, outputs TEXT, error TEXT,
  cost_usd REAL NOT NULL DEFAULT 0, started_at INTEGER NOT NULL, ended_at INTEGER, provenance TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS runs_by_tenant ON runs (tenant, started_at);
CREATE INDEX IF NOT EXISTS runs_by_status ON runs (status);
CREATE TABLE IF NOT EXISTS nodes (
  run_id TEXT NOT NULL, node TEXT NOT NULL, status TEXT NOT NULL, record TEXT NOT NULL, at INTEGER NOT NULL,
  PRIMARY KEY (run_id, node)
);
CREATE TABLE IF NOT EXISTS approvals (
  run_id TEXT NOT NULL, node TEXT NOT NULL, tenant TEXT NOT NULL, status TEXT NOT NULL, approvers TEXT NOT NULL,
  min_approvals INTEGER NOT NULL, message TEXT, requested_at INTEGER NOT NULL, decided_at INTEGER,
  decided_by TEXT NOT NULL DEFAULT '[]', comment TEXT, PRIMARY KEY (run_id, node)
);
CREATE TABLE IF NOT EXISTS tool_effects (
  idempotency_key TEXT PRIMARY KEY, run_id TEXT NOT NULL, tool TEXT NOT NULL, result TEXT NOT NULL, at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS plans (run_id TEXT PRIMARY KEY, plan TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS bundles (digest TEXT PRIMARY KEY, bytes BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS trust (
  workflow TEXT PRIMARY KEY, sequence INTEGER NOT NULL, bundle_digest TEXT NOT NULL, version TEXT NOT NULL, at INTEGER NOT NULL
);
`;
var json = (v) => JSON.stringify(v ?? null);
var parse = (text3) => text3 === null || text3 === void 0 ? void 0 : JSON.parse(text3) ?? void 0;
function toRun(r) {
  return {
    id: r.id,
    tenant: r.tenant,
    workflow: r.workflow,
    version: r.version,
    repository: r.repository,
    registry: r.registry,
    manifestDigest: r.manifest_digest,
    bundleDigest: r.bundle_digest,
    inputs: JSON.parse(r.inputs),
    inputsHash: r.inputs_hash,
    status: r.status,
    ...r.outputs ? { outputs: parse(r.outputs) } : {},
    ...r.error ? { error: parse(r.error) } : {},
    costUsd: r.cost_usd,
    startedAt: r.started_at,
    ...r.ended_at !== null ? { endedAt: r.ended_at } : {},
    provenance: JSON.parse(r.provenance)
  };
}
var RunStore = class {
  path;
  get location() {
    return this.path;
  }
  db;
  statements = /* @__PURE__ */ new Map();
  /** Prepared once per store: checkpoints are written after every node. */
  sql(text3) {
    let st = this.statements.get(text3);
    if (!st) {
      st = this.db.prepare(text3);
      this.statements.set(text3, st);
    }
    return st;
  }
  constructor(path) {
    this.path = path;
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(SCHEMA);
  }
  close() {
    this.db.close();
  }
  createRun(run) {
    this.sql(
      `INSERT INTO runs (id, tenant, workflow, version, repository, registry, manifest_digest, bundle_digest,
         inputs, inputs_hash, status, cost_usd, started_at, provenance)
         VALUES (@id, @tenant, @workflow, @version, @repository, @registry, @manifestDigest, @bundleDigest,
         @inputs, @inputsHash, @status, @costUsd, @startedAt, @provenance)`
    ).run({ ...run, inputs: json(run.inputs), provenance: json(run.provenance) });
  }
  getRun(id) {
    const r = this.sql("SELECT * FROM runs WHERE id = ?").get(id);
    return r && toRun(r);
  }
  /** Runs, newest first; a tenant filter is always applied when given (tenant-scoped readers). */
  listRuns(filter = {}) {
    const where = [];
    const args = [];
    if (filter.tenant) {
      where.push("tenant = ?");
      args.push(filter.tenant);
    }
    if (filter.status) {
      where.push("status = ?");
      args.push(filter.status);
    }
    const sql = `SELECT * FROM runs ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY started_at DESC, id DESC LIMIT ?`;
    return this.sql(sql).all(...args, filter.limit ?? 100).map(toRun);
  }
  finishRun(id, r) {
    this.sql(
      "UPDATE runs SET status = ?, outputs = ?, error = ?, cost_usd = ?, ended_at = ? WHERE id = ?"
    ).run(
      r.status === "waiting" ? "waiting" : r.status,
      r.outputs ? json(r.outputs) : null,
      r.error ? json(r.error) : null,
      r.costUsd,
      r.status === "waiting" ? null : r.endedAt ?? Date.now(),
      id
    );
  }
  /** What a tenant's runs started since `sinceMs` have spent (its daily budget). */
  spentSince(tenant, sinceMs, excludeRun) {
    const r = this.sql(
      "SELECT COALESCE(SUM(cost_usd), 0) AS s FROM runs WHERE tenant = ? AND started_at >= ? AND id != ?"
    ).get(tenant, sinceMs, excludeRun ?? "");
    return r.s;
  }
  setStatus(id, status) {
    this.sql("UPDATE runs SET status = ? WHERE id = ?").run(status, id);
  }
  /** The checkpoint of one settled node (replaces an earlier one for the same node). */
  saveNode(runId, record2) {
    this.sql("INSERT OR REPLACE INTO nodes (run_id, node, status, record, at) VALUES (?, ?, ?, ?, ?)").run(
      runId,
      record2.id,
      record2.status,
      json(record2),
      Date.now()
    );
  }
  nodes(runId) {
    const rows = this.sql("SELECT record FROM nodes WHERE run_id = ?").all(runId);
    return Object.fromEntries(rows.map((r) => JSON.parse(r.record)).map((n) => [n.id, n]));
  }
  /** Registers a parked approval (once; a re-request keeps the original request and any decision). */
  requestApproval(a) {
    this.sql(
      `INSERT OR IGNORE INTO approvals (run_id, node, tenant, status, approvers, min_approvals, message, requested_at)
         VALUES (?, ?, ?, 'pending', ?, ?, ?, ?)`
    ).run(a.runId, a.node, a.tenant, json(a.approvers), a.minApprovals, a.message ?? null, a.requestedAt);
    return this.approval(a.runId, a.node);
  }
  approval(runId, node) {
    const r = this.sql("SELECT * FROM approvals WHERE run_id = ? AND node = ?").get(runId, node);
    if (!r) return void 0;
    return {
      runId: r.run_id,
      node: r.node,
      tenant: r.tenant,
      status: r.status,
      approvers: JSON.parse(r.approvers),
      minApprovals: r.min_approvals,
      ...r.message ? { message: r.message } : {},
      requestedAt: r.requested_at,
      ...r.decided_at ? { decidedAt: r.decided_at } : {},
      decidedBy: JSON.parse(r.decided_by),
      ...r.comment ? { comment: r.comment } : {}
    };
  }
  pendingApprovals(filter = {}) {
    const rows = filter.tenant ? this.db.prepare("SELECT run_id, node FROM approvals WHERE status = 'pending' AND tenant = ?").all(filter.tenant) : this.sql("SELECT run_id, node FROM approvals WHERE status = 'pending'").all();
    return rows.map((r) => this.approval(r.run_id, r.node));
  }
  /**
   * Records one approver's decision atomically: a denial decides at once; approvals decide when
   * `minApprovals` distinct approvers have approved. Returns the row after the update.
   */
  decideApproval(runId, node, who, decision, comment) {
    return this.db.transaction(() => {
      const current = this.approval(runId, node);
      if (!current) throw new Error(`run ${runId} has no approval ${node}`);
      if (current.status !== "pending") return current;
      const by = [.../* @__PURE__ */ new Set([...current.decidedBy, who])];
      const status = decision === "denied" ? "denied" : by.length >= current.minApprovals ? "approved" : "pending";
      this.db.prepare(
        "UPDATE approvals SET status = ?, decided_by = ?, decided_at = ?, comment = ? WHERE run_id = ? AND node = ?"
      ).run(
        status,
        json(by),
        status === "pending" ? null : Date.now(),
        comment ?? current.comment ?? null,
        runId,
        node
      );
      return this.approval(runId, node);
    })();
  }
  /** The stored result of a side-effecting call, if it was applied before. */
  toolEffect(key) {
    const r = this.sql("SELECT result FROM tool_effects WHERE idempotency_key = ?").get(key);
    return r ? { result: JSON.parse(r.result) } : void 0;
  }
  saveToolEffect(key, runId, tool, result) {
    this.sql(
      "INSERT OR IGNORE INTO tool_effects (idempotency_key, run_id, tool, result, at) VALUES (?, ?, ?, ?, ?)"
    ).run(key, runId, tool, json(result), Date.now());
  }
  savePlan(runId, plan) {
    this.sql("INSERT OR REPLACE INTO plans (run_id, plan) VALUES (?, ?)").run(runId, json(plan));
  }
  plan(runId) {
    const r = this.sql("SELECT plan FROM plans WHERE run_id = ?").get(runId);
    return r ? JSON.parse(r.plan) : void 0;
  }
  saveBundle(digest, bytes) {
    this.sql("INSERT OR IGNORE INTO bundles (digest, bytes) VALUES (?, ?)").run(digest, Buffer.from(bytes));
  }
  bundle(digest) {
    const r = this.sql("SELECT bytes FROM bundles WHERE digest = ?").get(digest);
    return r ? new Uint8Array(r.bytes) : void 0;
  }
  trust(workflow) {
    const r = this.sql("SELECT * FROM trust WHERE workflow = ?").get(workflow);
    return r && { workflow: r.workflow, sequence: r.sequence, bundleDigest: r.bundle_digest, version: r.version };
  }
  /** Raises the trusted sequence of a workflow (never lowers it). */
  raiseTrust(row) {
    this.sql(
      `INSERT INTO trust (workflow, sequence, bundle_digest, version, at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (workflow) DO UPDATE SET sequence = excluded.sequence, bundle_digest = excluded.bundle_digest,
         version = excluded.version, at = excluded.at WHERE excluded.sequence > trust.sequence`
    ).run(row.workflow, row.sequence, row.bundleDigest, row.version, Date.now());
  }
};

// runner/runtime.ts
import { basename, dirname as dirname2 } from "node:path";
var API = "charter/v1";
var text2 = (v) => `${JSON.stringify(v, null, 1)}
`;
async function repoFromBundle(bundle, governance) {
  const { index, resolved } = bundle;
  const tenant = index.tenant;
  const files = {};
  for (const [path, bytes] of bundle.files) if (path.startsWith(`tenants/${tenant}/`)) files[path] = bytes;
  files["charter.yml"] = text2({
    apiVersion: API,
    kind: "Charter",
    name: "bundle",
    governance: { owners: ["user:charter-runner"] }
  });
  files["models.yml"] = text2({
    apiVersion: API,
    kind: "Models",
    providers: resolved.providers,
    models: resolved.models
  });
  files[`tenants/${tenant}/routes.yml`] = text2({ apiVersion: API, kind: "Routes", routes: resolved.routes });
  const namespaces = /* @__PURE__ */ new Map();
  for (const [ref, def] of Object.entries(resolved.tools)) {
    const [ns, name] = ref.split(".");
    const { connector, tool } = def;
    const entry = namespaces.get(ns) ?? { connector, tools: {} };
    entry.tools[name] = tool;
    namespaces.set(ns, entry);
  }
  for (const [ns, entry] of namespaces)
    files[`tools/${ns}.yml`] = text2({ apiVersion: API, kind: "ToolCatalog", namespace: ns, ...entry });
  if (!resolved.tenant) throw new RunRefused("verification", "The bundle carries no tenant policy.");
  files[`tenants/${tenant}/tenant.yml`] = text2({
    apiVersion: API,
    kind: "Tenant",
    name: tenant,
    approvals: {
      required: Math.max(1, governance.policy.required ?? 1),
      approvers: governance.policy.approvers?.length ? governance.policy.approvers : ["user:charter-runner"]
    },
    budget: resolved.tenant.budget,
    allow: resolved.tenant.allow
  });
  const { repo, diagnostics } = await loadRepo(
    new MemorySource(files, `bundle ${index.tenant}/${index.workflow}@${index.version}`)
  );
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0)
    throw new RunRefused(
      "verification",
      `The bundle does not load: ${errors.slice(0, 3).map((d) => `${d.file}:${d.line}: ${d.message}`).join("; ")}`
    );
  return repo;
}
function checkModelAllowlist(repo, tenant) {
  const t = repo.tenants.get(tenant);
  const allow = t.config.data.allow;
  for (const [route, def] of Object.entries(t.routes?.data.routes ?? {}))
    for (const target of def.targets) {
      const model = repo.models?.data.models[target.model];
      if (!modelAllowed(target.model, allow.models) || !model || !allow.providers.includes(model.provider))
        throw new RunRefused(
          "verification",
          `Route ${route} targets ${target.model}${model ? ` (provider ${model.provider})` : ""}, which tenant ${tenant} does not allow.`
        );
    }
}
function runServices(o) {
  const { repo, tenant, store } = o;
  const caller = new ModelCaller({
    models: repo.models.data,
    env: o.env,
    mode: o.mode,
    createProvider: o.createProvider ?? createProvider,
    cassettes: o.cassettes ? new CassetteStore([new DirectorySource(dirname2(o.cassettes))], basename(o.cassettes)) : new CassetteStore([], "cassettes")
  });
  const router = new Router({ repo, caller, clock: systemClock, breaker: new CircuitBreaker() });
  const retrievers = o.retrievers ?? knowledgeRetrievers(repo);
  const tools = {
    async invoke(call) {
      if (call.tenant !== tenant)
        throw new Error(`tool call for tenant ${call.tenant} in a run of ${tenant}`);
      if (!o.onceOnly.has(call.tool)) return o.tools.invoke(call);
      const done = await store.toolEffect(call.idempotencyKey);
      if (done) return done.result;
      const result = await o.tools.invoke(call);
      await store.saveToolEffect(call.idempotencyKey, o.runId, call.tool, result);
      return result;
    }
  };
  return {
    repo,
    router,
    tools,
    clock: systemClock,
    approvals: {
      async request(req) {
        if (req.tenant !== tenant) throw new Error(`approval for tenant ${req.tenant} in a run of ${tenant}`);
        const row = await store.requestApproval({
          runId: req.runId,
          node: req.node,
          tenant,
          approvers: req.approvers,
          minApprovals: req.minApprovals,
          ...req.message ? { message: req.message } : {},
          requestedAt: Date.now()
        });
        if (row.status === "pending")
          throw new ApprovalPending(
            `waiting for ${row.minApprovals} approval(s) from ${row.approvers.join(", ")}`
          );
        return {
          decision: row.status,
          approvers: row.decidedBy,
          ...row.comment ? { comment: row.comment } : {}
        };
      }
    },
    retriever(t, collection) {
      if (t !== tenant) throw new Error(`knowledge of tenant ${t} is not reachable from a run of ${tenant}`);
      return retrievers(t, collection);
    },
    workflow(t, name, version) {
      if (t !== tenant) return void 0;
      const wf = repo.tenants.get(t)?.workflows.get(name);
      return wf && wf.data.version === version ? wf.data : void 0;
    }
  };
}
function runLedger(repo, tenant, workflow, spentThisRun, spentToday) {
  const budget = repo.tenants.get(tenant).config.data.budget;
  const budgets = [
    {
      name: `workflow ${workflow.name} run budget`,
      limitUsd: workflow.budget.max_usd,
      spentUsd: spentThisRun
    },
    { name: `tenant ${tenant} per-run cap`, limitUsd: budget.max_usd_per_run, spentUsd: spentThisRun }
  ];
  if (budget.max_usd_per_day !== void 0)
    budgets.push({
      name: `tenant ${tenant} daily budget`,
      limitUsd: budget.max_usd_per_day,
      // Other runs today plus what this run spent before (a resumed run, a step on a worker).
      spentUsd: spentToday + spentThisRun
    });
  return new SpendLedger(budgets);
}
function spentIn(nodes) {
  return Object.values(nodes).reduce((s, n) => s + (n.llm?.costUsd ?? 0), 0);
}

// runner/runner.ts
import { createHash, randomBytes } from "node:crypto";

// runner/plan.ts
var PLAN_SCHEMA = "https://charter.dev/run-plan/v1";
function planRun(repo, tenant, wf) {
  const { graph, fallbackFor } = workflowGraph(wf);
  const order = graph.topologicalOrder() ?? Object.keys(wf.nodes);
  const wave = /* @__PURE__ */ new Map();
  for (const id of order) {
    const preds = graph.predecessors(id);
    wave.set(id, preds.length === 0 ? 0 : Math.max(...preds.map((p) => (wave.get(p) ?? 0) + 1)));
  }
  const nodes = order.map((id) => {
    const node = wf.nodes[id];
    const retry = node.retry ?? wf.defaults?.retry;
    const planned = {
      id,
      type: node.type,
      needs: [...node.needs],
      wave: wave.get(id) ?? 0,
      fallbackOnly: fallbackFor.has(id),
      timeout: node.timeout ?? wf.defaults?.timeout ?? wf.budget.timeout
    };
    if (node.if !== void 0) planned.if = node.if;
    if (node.for_each !== void 0)
      planned.forEach = { items: node.for_each, maxConcurrency: node.max_concurrency };
    if (retry)
      planned.retry = {
        maxAttempts: retry.max_attempts,
        initialInterval: retry.initial_interval,
        backoffFactor: retry.backoff_factor,
        maxInterval: retry.max_interval
      };
    if (node.on_error)
      planned.onError = {
        ...node.on_error.fallback !== void 0 ? { fallback: node.on_error.fallback } : {},
        ...node.on_error.default !== void 0 ? { default: node.on_error.default } : {}
      };
    if (node.type === "tool") {
      const [ns, name] = node.tool.split(".");
      const effect = repo.tools.get(ns)?.data.tools[name]?.effect ?? "unknown";
      planned.tool = { ref: node.tool, effect };
    }
    if (node.type === "llm") planned.llm = { prompt: node.prompt, route: node.route };
    if (node.type === "approval")
      planned.approval = {
        approvers: node.approvers.map(
          (p) => typeof p === "string" ? p : "user" in p ? `user:${p.user}` : `team:${p.team}`
        ),
        minApprovals: node.min_approvals
      };
    if (node.type === "workflow") planned.workflow = { name: node.workflow, version: node.version };
    return planned;
  });
  const waves = [];
  for (const n of nodes) {
    waves[n.wave] ??= [];
    waves[n.wave].push(n.id);
  }
  return {
    schema: PLAN_SCHEMA,
    tenant,
    workflow: wf.name,
    version: wf.version,
    maxConcurrency: wf.max_concurrency,
    timeout: wf.budget.timeout,
    maxUsd: wf.budget.max_usd,
    nodes,
    waves: waves.map((w) => w ?? [])
  };
}

// runner/runner.ts
var ApprovalRefused = class extends Error {
  name = "ApprovalRefused";
};
function newRunId(now) {
  return `run_${now.getTime().toString(36)}${randomBytes(5).toString("hex")}`;
}
var dayStart = (now) => Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
var Runner = class {
  o;
  bundles = new MemoLru(64);
  /**
   * Provider clients by provider id and configuration, shared by every run and step of this runner:
   * connections are reused instead of opened per step. (Cassette and cache layers stay per run.)
   */
  providers = /* @__PURE__ */ new Map();
  pooledProvider = (id, config, env) => {
    const key = `${id}
${canonicalJson(config)}`;
    let provider = this.providers.get(key);
    if (!provider) {
      provider = (this.o.createProvider ?? createProvider)(id, config, env);
      this.providers.set(key, provider);
    }
    return provider;
  };
  constructor(options) {
    this.o = options;
  }
  now() {
    return (this.o.now ?? (() => /* @__PURE__ */ new Date()))();
  }
  /**
   * Admits a release without running it: every check of `start`, and the plan of the run. Nothing is
   * written (the trust state moves only when a run starts). Throws `RunRefused` when not admitted.
   */
  async admit(s) {
    if (!this.o.registry) throw new Error("the runner has no registry to admit releases from");
    const now = this.now();
    const repository = this.o.prefix ? `${this.o.prefix}/${s.tenant}/${s.workflow}` : `${s.tenant}/${s.workflow}`;
    const admitted = await admitRelease({
      registry: this.o.registry,
      repository,
      tenant: s.tenant,
      workflow: s.workflow,
      ref: s.ref,
      trust: this.o.trust,
      store: this.o.store,
      now,
      ...s.allowRollback ? { allowRollback: true } : {},
      ...s.allowUnapproved ? { allowUnapproved: true } : {}
    });
    const repo = await repoFromBundle(admitted.verified.bundle, admitted.verified.governance);
    checkModelAllowlist(repo, s.tenant);
    const wf = repo.tenants.get(s.tenant).workflows.get(s.workflow).data;
    return { ...admitted, repository, now, repo, plan: planRun(repo, s.tenant, wf) };
  }
  /** Admits the release and runs it to completion (or to a parked approval); throws `RunRefused` (nothing executed) when not admitted. */
  async start(s) {
    return (await this.begin(s)).done;
  }
  /**
   * Admits the release and creates the run, then executes it in the background: `run` is the stored
   * row (status running), `done` settles when the run finishes or parks.
   */
  async begin(s) {
    const run = await this.create(s);
    return { run, done: this.execute(run.id) };
  }
  /** Admits the release and stores the run (status running) without executing it: a queue runs it. */
  async create(s) {
    const { store } = this.o;
    const { verified, approvedBy, repository, now, plan } = await this.admit(s);
    const g = verified.governance;
    await store.saveBundle(verified.release.bundleDigest, verified.bundleBytes);
    await store.raiseTrust({
      workflow: g.name,
      sequence: g.sequence,
      bundleDigest: g.bundle.digest,
      version: g.version
    });
    const run = {
      id: newRunId(now),
      tenant: s.tenant,
      workflow: s.workflow,
      version: g.version,
      repository,
      registry: this.o.registry.location,
      manifestDigest: verified.release.manifestDigest,
      bundleDigest: verified.release.bundleDigest,
      inputs: s.inputs,
      inputsHash: `sha256:${createHash("sha256").update(canonicalJson(s.inputs)).digest("hex")}`,
      status: "running",
      costUsd: 0,
      startedAt: now.getTime(),
      provenance: {
        ref: s.ref,
        signers: verified.signers,
        approvedBy,
        governance: g
      }
    };
    await store.createRun(run);
    await store.savePlan(run.id, plan);
    return run;
  }
  /** Executes (or resumes) a run from its checkpoints and its stored, verified bundle. */
  async execute(runId, options = {}) {
    const { store } = this.o;
    const row = await store.getRun(runId);
    if (!row) throw new Error(`no run ${runId}`);
    if (row.status !== "running" && row.status !== "waiting") return row;
    await store.setStatus(runId, "running");
    await this.withRun(row, await store.nodes(runId), async (x) => {
      const record2 = await executeWorkflow({
        ...x.execute,
        ...options.dispatch ? { dispatch: options.dispatch } : {}
      });
      const costUsd = options.dispatch ? spentIn(record2.nodes) : x.spent + record2.costUsd;
      await store.finishRun(runId, { ...record2, costUsd });
    });
    const settled = await store.getRun(runId);
    await this.o.onRunSettled?.(settled, await store.nodes(runId));
    return settled;
  }
  /**
   * One activation of a run executed as step jobs that re-activate it when they finish (BullMQ
   * flows): the scheduler runs over the checkpoints, and every node that is ready is handed off
   * instead of run — `dispatch` lists them, and the caller enqueues them and waits for them. A node
   * parked on a still-pending approval stays parked (one whose approval was decided is handed off
   * again). With nothing to hand off, the run is settled here — finished, failed or parked — and
   * returned. `since` is when this execution of the run began (its timeout counts from there, as an
   * execution in one piece does).
   */
  async activate(runId, since) {
    const { store } = this.o;
    const row = await store.getRun(runId);
    if (!row) throw new Error(`no run ${runId}`);
    if (row.status !== "running" && row.status !== "waiting") return { run: row };
    const ready = [];
    await this.withRun(row, await store.nodes(runId), async (x) => {
      const checkpoints = x.execute.completed ?? {};
      const record2 = await executeWorkflow({
        ...x.execute,
        deadline: since + parseDuration(x.execute.workflow.budget.timeout),
        onNode: async (rec) => {
          if (checkpoints[rec.id] !== rec) await x.execute.onNode(rec);
        },
        dispatch: async (id) => {
          const parked = checkpoints[id];
          if (parked?.status === "waiting") {
            if ((await store.approval(runId, id))?.status === "pending") return [parked];
            ready.push({ node: id, decided: true });
          } else ready.push({ node: id, decided: false });
          return DEFERRED;
        }
      });
      if (ready.length > 0) {
        if (row.status === "waiting") await store.setStatus(runId, "running");
        return;
      }
      await store.finishRun(runId, { ...record2, costUsd: spentIn(record2.nodes) });
    });
    if (ready.length > 0) return { dispatch: ready };
    const settled = await store.getRun(runId);
    await this.o.onRunSettled?.(settled, await store.nodes(runId));
    return { run: settled };
  }
  /**
   * One step of a distributed run: node `nodeId` alone (its condition, attempts, error handling and
   * fallback) on the run's checkpoints so far, each settled record checkpointed; returns them.
   */
  async executeStep(runId, nodeId, signal) {
    const row = await this.o.store.getRun(runId);
    if (!row) throw new Error(`no run ${runId}`);
    const completed = await this.o.store.nodes(runId);
    const done = completed[nodeId];
    if (done && done.status !== "waiting" && done.status !== "cancelled") return [done];
    const settled = [];
    await this.withRun(row, completed, async (x) => {
      await executeWorkflow({
        ...x.execute,
        only: nodeId,
        ...signal ? { signal } : {},
        onNode: async (rec) => {
          await x.execute.onNode(rec);
          settled.push(rec);
        }
      });
    });
    return settled;
  }
  /**
   * A run's verified bundle, opened and loaded as a repository (with the tenant policy its governance
   * records), checked against the tenant's model allowlist. Memoised by bundle digest and policy:
   * a worker executing step after step of the same release loads it once, not once per step. The
   * digest names the exact bytes, which were verified at admission; nothing here mutates the result.
   */
  async loaded(row) {
    const governance = parseGovernancePredicate(row.provenance.governance);
    const key = `${row.bundleDigest}
${row.tenant}
${canonicalJson(governance.policy)}`;
    return this.bundles.get(key, async () => {
      const bytes = await this.o.store.bundle(row.bundleDigest);
      if (!bytes)
        throw new Error(`run ${row.id}: its verified bundle ${row.bundleDigest} is missing from the store`);
      const bundle = openBundle(bytes);
      const repo = await repoFromBundle(bundle, governance);
      checkModelAllowlist(repo, row.tenant);
      return { bundle, repo, retrievers: knowledgeRetrievers(repo) };
    });
  }
  /** Loads a run's verified bundle and builds its services over its checkpoints, then runs `body` with them. */
  async withRun(row, completed, body) {
    const { store } = this.o;
    const runId = row.id;
    const { bundle, repo, retrievers } = await this.loaded(row);
    const wf = repo.tenants.get(row.tenant)?.workflows.get(row.workflow);
    if (!wf) throw new Error(`run ${runId}: workflow ${row.workflow} is not in its bundle`);
    const approvedTools = new Set(Object.keys(bundle.resolved.tools));
    const catalogs = repo.tools;
    const onceOnly = new Set(
      [...approvedTools].filter((ref) => {
        const [ns, name] = ref.split(".");
        const tool = catalogs.get(ns)?.data.tools[name];
        return tool?.effect === "write" && !tool.idempotent;
      })
    );
    const tools = this.o.tools({ runId, tenant: row.tenant, repo, approvedTools });
    try {
      const services = runServices({
        runId,
        tenant: row.tenant,
        repo,
        store,
        env: this.o.env,
        mode: this.o.mode ?? "auto",
        ...this.o.cassettes ? { cassettes: this.o.cassettes } : {},
        tools,
        onceOnly,
        createProvider: this.pooledProvider,
        retrievers
      });
      const spent = spentIn(completed);
      const ledger = runLedger(
        repo,
        row.tenant,
        wf.data,
        spent,
        await store.spentSince(row.tenant, dayStart(this.now()), runId)
      );
      await body({
        spent,
        execute: {
          tenant: row.tenant,
          workflow: wf.data,
          inputs: row.inputs,
          services,
          runId,
          ledger,
          completed,
          onNode: async (rec) => {
            await store.saveNode(runId, redactRecord(rec));
            this.o.onCheckpoint?.(runId, rec, row.tenant);
          }
        }
      });
    } finally {
      await tools.close?.();
    }
  }
  /**
   * Records `user`'s decision on a parked approval — only from one of the node's approvers — and
   * continues the run here once the approval is decided.
   */
  async approve(runId, node, user, decision, comment) {
    const { row, decided } = await this.decide(runId, node, user, decision, comment);
    return decided ? this.execute(runId) : row;
  }
  /**
   * The checks and the record of an approval decision, without continuing the run: throws
   * `ApprovalRefused` (nothing recorded) for an unknown run or step, a step already decided, or
   * someone who is not one of its approvers. `decided` says whether the step is now decided.
   */
  async decide(runId, node, user, decision, comment) {
    const { store } = this.o;
    const row = await store.getRun(runId);
    if (!row) throw new ApprovalRefused(`No run ${runId}.`);
    const approval = await store.approval(runId, node);
    if (!approval) throw new ApprovalRefused(`Run ${runId} has no approval step ${node} waiting.`);
    if (approval.status !== "pending")
      throw new ApprovalRefused(`${node} of run ${runId} was already ${approval.status}.`);
    const login = user.replace(/^user:/, "");
    const entitled = approval.approvers.some(
      (p) => p.startsWith("user:") ? p.slice(5).toLowerCase() === login.toLowerCase() : (this.o.teams?.[p.slice(5).toLowerCase()] ?? []).some(
        (m) => m.toLowerCase() === login.toLowerCase()
      )
    );
    if (!entitled)
      throw new ApprovalRefused(
        `${login} is not an approver of ${node} (approvers: ${approval.approvers.join(", ")}${approval.approvers.some((p) => p.startsWith("team:")) ? "; team members come from the runner's teams configuration" : ""}).`
      );
    const after = await store.decideApproval(runId, node, `user:${login}`, decision, comment);
    return { row, decided: after.status !== "pending" };
  }
  /** Resumes every run a crash left running, and every parked run whose approvals were decided. */
  async resumeAll() {
    const { store } = this.o;
    const out = [];
    for (const row of await store.listRuns({ status: "running", limit: 1e4 }))
      out.push(await this.execute(row.id));
    for (const row of await store.listRuns({ status: "waiting", limit: 1e4 })) {
      const nodes = await store.nodes(row.id);
      let decided = false;
      for (const n of Object.values(nodes))
        if (n.status === "waiting" && (await store.approval(row.id, n.id))?.status !== "pending")
          decided = true;
      if (decided) out.push(await this.execute(row.id));
    }
    return out;
  }
};

export {
  countedApprovals,
  RunRefused,
  bundleTools,
  RunStore,
  repoFromBundle,
  ApprovalRefused,
  Runner
};
