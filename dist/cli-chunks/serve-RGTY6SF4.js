import {
  RunnerMetrics,
  jsonLogger,
  tenantsOf
} from "./chunk-X7N6ERBC.js";
import {
  RunQueues,
  openRunState,
  otlpTelemetry,
  redisConnection
} from "./chunk-5EJJ3UXY.js";
import {
  packageRoot
} from "./chunk-5KKRGDX7.js";
import {
  runFlowchart
} from "./chunk-QSBCBZXR.js";
import "./chunk-L7GJZ6WM.js";
import {
  parseReleaseRef,
  releaseContext
} from "./chunk-5UPYYDAK.js";
import {
  ApprovalRefused,
  RunRefused,
  Runner,
  bundleTools,
  repoFromBundle
} from "./chunk-3QLYKSA2.js";
import {
  withConfigFile
} from "./chunk-3BAUQLIZ.js";
import "./chunk-UETU37OM.js";
import "./chunk-IB7ADM4Y.js";
import "./chunk-CX7LOAB4.js";
import "./chunk-XJTLGLMY.js";
import {
  parseDuration
} from "./chunk-DUGSIOLX.js";
import "./chunk-IV6L4BFD.js";
import {
  openBundle,
  parseGovernancePredicate
} from "./chunk-QI2N7CZP.js";
import "./chunk-XUHWOOZD.js";
import "./chunk-433K37J5.js";
import "./chunk-YDXCRINK.js";
import "./chunk-4YJBRKOS.js";
import "./chunk-FQ3VYVXV.js";
import "./chunk-SB4OEXEQ.js";
import "./chunk-4NAQYO46.js";
import "./chunk-COKXHIQ7.js";
import "./chunk-4FYGECKA.js";
import "./chunk-6TJ5RCH4.js";
import "./chunk-VGNTAH4S.js";
import {
  UserError
} from "./chunk-XC2IMODC.js";

// cli/commands/serve.ts
import { join as join2, resolve } from "node:path";

// runner/service/server.ts
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { join } from "node:path";
var HttpError = class extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
  status;
  code;
};
var STATUSES = ["running", "waiting", "succeeded", "failed", "cancelled"];
function send(res, status, body, headers = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    ...headers
  });
  res.end(text);
}
async function readJson(req, max) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size <= max) chunks.push(chunk);
    else if (size > 16 * max) {
      req.destroy();
      break;
    }
  }
  if (size > max) throw new HttpError(413, "too-large", `The request body is larger than ${max} bytes.`);
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("not an object");
    return value;
  } catch {
    throw new HttpError(400, "bad-request", "The request body must be a JSON object.");
  }
}
var RunnerService = class {
  server;
  o;
  inFlight = /* @__PURE__ */ new Set();
  ready = true;
  constructor(options) {
    this.o = options;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error) => {
        if (error instanceof HttpError) {
          send(
            res,
            error.status,
            { error: { code: error.code, message: error.message } },
            error.status === 401 ? { "www-authenticate": "Bearer" } : {}
          );
          return;
        }
        this.o.log("error", "request failed", { error: error.message, path: req.url });
        if (!res.headersSent) send(res, 500, { error: { code: "internal", message: "Internal error." } });
      });
    });
  }
  async listen(port, host = "127.0.0.1") {
    await new Promise((resolve2) => this.server.listen(port, host, resolve2));
    return this.server.address();
  }
  /** Stops accepting, then waits up to `graceMs` for in-flight runs; the rest resume on next start. */
  async shutdown(graceMs = 1e4) {
    this.ready = false;
    const closed = new Promise((resolve2) => this.server.close(() => resolve2()));
    this.server.closeIdleConnections?.();
    const settled = Promise.allSettled([...this.inFlight]);
    await Promise.race([settled, new Promise((r) => setTimeout(r, graceMs).unref())]);
    this.server.closeAllConnections?.();
    await closed;
    this.o.log("info", "runner service stopped", { unfinished: this.inFlight.size });
  }
  /** Tracks background work (a run executing) so shutdown can wait for it. */
  track(p) {
    const tracked = p.then(
      (run) => run,
      (error) => {
        this.o.log("error", "run execution failed", { error: error.message });
      }
    );
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }
  authenticate(req, scope) {
    const header = req.headers.authorization ?? "";
    const principal = this.o.tokens.authenticate(/^Bearer (.+)$/.exec(header)?.[1]);
    if (!principal) throw new HttpError(401, "unauthorized", "Invalid or expired token.");
    if (!principal.scopes.includes(scope))
      throw new HttpError(403, "forbidden", `This token does not have the ${scope} scope.`);
    return principal;
  }
  /** A run of the principal's tenant, or 404 — the same answer whether it is missing or someone else's. */
  async ownRun(principal, id) {
    const run = await this.o.store.getRun(id);
    if (!run || run.tenant !== principal.tenant) throw new HttpError(404, "not-found", "No such run.");
    return run;
  }
  async handle(req, res) {
    const url = new URL(req.url ?? "/", "http://runner");
    const path = url.pathname;
    const method = req.method ?? "GET";
    if (method === "GET" && path === "/healthz") return send(res, 200, { status: "ok" });
    if (method === "GET" && path === "/readyz")
      return send(res, this.ready ? 200 : 503, { ready: this.ready });
    if (method === "GET" && path === "/metrics") {
      if (this.o.metricsToken && req.headers.authorization !== `Bearer ${this.o.metricsToken}`)
        throw new HttpError(401, "unauthorized", "Invalid or expired token.");
      return send(res, 200, this.o.metrics.render(), { "content-type": "text/plain; version=0.0.4" });
    }
    if (method === "GET" && path === "/ui/mermaid.min.js") {
      const body = await readFile(join(packageRoot(), "node_modules", "mermaid", "dist", "mermaid.min.js"));
      res.writeHead(200, {
        "content-type": "text/javascript; charset=utf-8",
        "cache-control": "public, max-age=3600",
        "x-content-type-options": "nosniff"
      });
      res.end(body);
      return;
    }
    if (method === "GET" && (path === "/" || path === "/ui")) {
      if (!this.o.viewer) throw new HttpError(404, "not-found", "No viewer.");
      res.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "content-security-policy": "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'",
        "x-content-type-options": "nosniff"
      });
      res.end(this.o.viewer());
      return;
    }
    if (!this.ready) throw new HttpError(503, "unavailable", "The runner is shutting down.");
    if (path === "/v1/runs" && method === "GET") {
      const p = this.authenticate(req, "runs:read");
      const status = url.searchParams.get("status");
      if (status && !STATUSES.includes(status))
        throw new HttpError(400, "bad-request", `status must be one of ${STATUSES.join(", ")}.`);
      const limit = Math.min(500, Math.max(1, Number(url.searchParams.get("limit") ?? 100) || 100));
      const runs = await this.o.store.listRuns({
        tenant: p.tenant,
        ...status ? { status } : {},
        limit
      });
      return send(res, 200, { runs });
    }
    if (path === "/v1/runs" && method === "POST") {
      const p = this.authenticate(req, "runs:write");
      const body = await readJson(req, this.o.maxBodyBytes ?? 1024 * 1024);
      if (typeof body.release !== "string")
        throw new HttpError(400, "bad-request", "release (TENANT/WORKFLOW@REF) is required.");
      let ref;
      try {
        ref = parseReleaseRef(body.release);
      } catch (e) {
        throw new HttpError(400, "bad-request", e.message);
      }
      if (ref.tenant !== p.tenant)
        throw new HttpError(403, "forbidden", "This token cannot start runs of another tenant.");
      const inputs = body.inputs ?? {};
      if (inputs === null || typeof inputs !== "object" || Array.isArray(inputs))
        throw new HttpError(400, "bad-request", "inputs must be an object.");
      try {
        const start = {
          tenant: ref.tenant,
          workflow: ref.workflow,
          ref: ref.ref,
          inputs
        };
        let run;
        if (this.o.enqueue) {
          run = await this.o.runner.create(start);
          await this.o.enqueue(run.tenant, run.id);
        } else {
          const begun = await this.o.runner.begin(start);
          run = begun.run;
          this.track(begun.done);
        }
        this.o.metrics.runStarted(run.tenant);
        this.o.log("info", this.o.enqueue ? "run queued" : "run started", {
          tenant: run.tenant,
          run_id: run.id,
          release: body.release
        });
        return send(res, 202, { run });
      } catch (e) {
        if (e instanceof RunRefused) {
          this.o.metrics.runRefused(ref.tenant, e.reason);
          this.o.log("warn", "release refused", { tenant: ref.tenant, reason: e.reason });
          throw new HttpError(422, `refused:${e.reason}`, e.message);
        }
        throw e;
      }
    }
    const runMatch = /^\/v1\/runs\/(run_[0-9a-z]+)(\/diagram)?$/.exec(path);
    if (runMatch && method === "GET") {
      const p = this.authenticate(req, "runs:read");
      const run = await this.ownRun(p, runMatch[1]);
      const nodes = await this.o.store.nodes(run.id);
      if (runMatch[2]) {
        const bytes = await this.o.store.bundle(run.bundleDigest);
        if (!bytes) throw new HttpError(404, "not-found", "The run's bundle is not in the store.");
        const governance = parseGovernancePredicate(run.provenance.governance);
        const repo = await repoFromBundle(openBundle(bytes), governance);
        const wf = repo.tenants.get(run.tenant).workflows.get(run.workflow).data;
        return send(res, 200, runFlowchart(wf, nodes, { legend: false }));
      }
      const approvals = {};
      for (const id of Object.keys(nodes)) approvals[id] = await this.o.store.approval(run.id, id);
      return send(res, 200, { run, plan: await this.o.store.plan(run.id), nodes, approvals });
    }
    if (path === "/v1/approvals" && method === "GET") {
      const p = this.authenticate(req, "runs:read");
      return send(res, 200, { approvals: await this.o.store.pendingApprovals({ tenant: p.tenant }) });
    }
    const approveMatch = /^\/v1\/runs\/(run_[0-9a-z]+)\/approvals\/([A-Za-z0-9_-]+)$/.exec(path);
    if (approveMatch && method === "POST") {
      const p = this.authenticate(req, "approvals:write");
      const run = await this.ownRun(p, approveMatch[1]);
      if (!p.user)
        throw new HttpError(403, "forbidden", "This token is not issued to a person; approvals need one.");
      const body = await readJson(req, 64 * 1024);
      if (body.decision !== "approve" && body.decision !== "deny")
        throw new HttpError(400, "bad-request", 'decision must be "approve" or "deny".');
      if (body.comment !== void 0 && typeof body.comment !== "string")
        throw new HttpError(400, "bad-request", "comment must be a string.");
      const node = approveMatch[2];
      const approval = await this.o.store.approval(run.id, node);
      if (!approval) throw new HttpError(404, "not-found", "No such approval step.");
      try {
        const { decided } = await this.o.runner.decide(
          run.id,
          node,
          p.user,
          body.decision === "approve" ? "approved" : "denied",
          body.comment
        );
        if (decided) {
          if (this.o.enqueue) await this.o.enqueue(run.tenant, run.id);
          else this.track(this.o.runner.execute(run.id));
        }
        this.o.log("info", "approval decided", {
          tenant: run.tenant,
          run_id: run.id,
          node,
          user: p.user,
          decision: body.decision
        });
        return send(res, 202, { approval: await this.o.store.approval(run.id, node) });
      } catch (e) {
        if (e instanceof ApprovalRefused) throw new HttpError(403, "forbidden", e.message);
        throw e;
      }
    }
    throw new HttpError(404, "not-found", "No such endpoint.");
  }
};

// runner/service/tokens.ts
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
var SCOPES = ["runs:read", "runs:write", "approvals:write"];
var hash = (secret) => createHash("sha256").update(secret).digest();
var TOKEN = /^chr_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
var TokenStore = class {
  db;
  constructor(path) {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(`CREATE TABLE IF NOT EXISTS tokens (
      id TEXT PRIMARY KEY, tenant TEXT NOT NULL, name TEXT NOT NULL, user TEXT, scopes TEXT NOT NULL,
      secret_sha256 BLOB NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER, revoked_at INTEGER)`);
  }
  close() {
    this.db.close();
  }
  /** Creates a token and returns it once, in clear; it cannot be read back. */
  create(o) {
    const id = randomBytes(8).toString("hex");
    const secret = randomBytes(32).toString("base64url");
    const scopes = o.scopes ?? [...SCOPES];
    const createdAt = o.now ?? Date.now();
    this.db.prepare(
      "INSERT INTO tokens (id, tenant, name, user, scopes, secret_sha256, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    ).run(
      id,
      o.tenant,
      o.name,
      o.user ?? null,
      scopes.join(","),
      hash(secret),
      createdAt,
      o.expiresAt ?? null
    );
    return { token: `chr_${id}_${secret}`, info: this.info(id) };
  }
  revoke(id, now = Date.now()) {
    return this.db.prepare("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(now, id).changes > 0;
  }
  list(tenant) {
    const rows = tenant ? this.db.prepare("SELECT id FROM tokens WHERE tenant = ? ORDER BY created_at").all(tenant) : this.db.prepare("SELECT id FROM tokens ORDER BY created_at").all();
    return rows.map((r) => this.info(r.id));
  }
  info(id) {
    const r = this.db.prepare("SELECT * FROM tokens WHERE id = ?").get(id);
    if (!r) return void 0;
    return {
      tokenId: r.id,
      tenant: r.tenant,
      name: r.name,
      ...r.user ? { user: r.user } : {},
      scopes: r.scopes.split(",").filter(Boolean),
      createdAt: r.created_at,
      ...r.expires_at ? { expiresAt: r.expires_at } : {},
      ...r.revoked_at ? { revokedAt: r.revoked_at } : {}
    };
  }
  /** The principal a presented token stands for, or undefined (unknown, wrong secret, revoked, expired). */
  authenticate(presented, now = Date.now()) {
    const m = presented ? TOKEN.exec(presented) : null;
    if (!m) return void 0;
    const row = this.db.prepare("SELECT secret_sha256 FROM tokens WHERE id = ?").get(m[1]);
    const expected = row?.secret_sha256 ?? Buffer.alloc(32);
    const ok = timingSafeEqual(expected, hash(m[2])) && row !== void 0;
    if (!ok) return void 0;
    const info = this.info(m[1]);
    if (info.revokedAt !== void 0 || info.expiresAt !== void 0 && info.expiresAt <= now)
      return void 0;
    return {
      tokenId: info.tokenId,
      tenant: info.tenant,
      ...info.user ? { user: info.user } : {},
      scopes: info.scopes
    };
  }
};

// runner/service/viewer.ts
var STYLE = `
:root {
  color-scheme: light;
  --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --bg: #ffffff; --panel: #f6f8fa;
  --accent: #0969da; --danger: #cf222e; --ok: #1a7f37;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 14px;
}
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg); line-height: 1.45; }
header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; justify-content: space-between;
  padding: .75rem 1.25rem; border-bottom: 1px solid var(--border); background: var(--panel); }
header h1 { font-size: 1.15rem; margin: 0; }
main { padding: 1rem 1.25rem 3rem; max-width: 1400px; }
h2 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: .95rem; margin: 1.25rem 0 .4rem; }
form.signin { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
input, select, textarea, button { font: inherit; }
input[type="password"], input[type="text"], select, textarea {
  border: 1px solid var(--border); border-radius: 6px; padding: .3rem .5rem; background: #fff; }
#token { width: 24rem; max-width: 60vw; }
button { border: 1px solid var(--border); border-radius: 6px; padding: .3rem .75rem; background: #fff;
  cursor: pointer; }
button:hover { background: #eef1f4; }
button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible {
  outline: 2px solid var(--accent); outline-offset: 1px; }
button.primary { background: var(--ok); border-color: var(--ok); color: #fff; }
button.primary:hover { background: #116329; }
button.danger { color: var(--danger); }
button.link { border: 0; padding: 0; background: none; color: var(--accent); text-decoration: underline;
  font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85rem; }
.who { color: var(--muted); }
#message { margin: 1rem 0 0; padding: .6rem .8rem; border-radius: 6px; border: 1px solid; }
#message.error { background: #ffebe9; border-color: #ff8182; color: #82071e; }
#message.info { background: #dafbe1; border-color: #4ac26b; color: #116329; }
.toolbar { display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; }
.toolbar .note { color: var(--muted); font-size: .85rem; }
table { border-collapse: collapse; width: 100%; margin: .25rem 0; }
th, td { text-align: left; vertical-align: top; padding: .35rem .6rem; border-bottom: 1px solid var(--border); }
th { background: var(--panel); font-weight: 600; white-space: nowrap; }
tbody tr.run:hover { background: #f6f8fa; cursor: pointer; }
tbody tr.selected { background: #ddf4ff; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.empty { color: var(--muted); font-style: italic; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85rem;
  overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 0 .5rem; border-radius: 1rem; border: 1px solid;
  font-size: .8rem; font-weight: 600; white-space: nowrap; }
.badge.succeeded { background: #dafbe1; border-color: #1a7f37; color: #116329; }
.badge.failed { background: #ffebe9; border-color: #cf222e; color: #a40e26; }
.badge.waiting { background: #fff8c5; border-color: #9a6700; color: #7d4e00; }
.badge.running { background: #ddf4ff; border-color: #0969da; color: #0550ae; }
.badge.recovered { background: #ddf4ff; border-color: #0969da; color: #0550ae; }
.badge.cancelled, .badge.skipped, .badge.pending { background: #f6f8fa; border-color: #8c959f; color: #59636e; }
.badge.approved { background: #dafbe1; border-color: #1a7f37; color: #116329; }
.badge.denied { background: #ffebe9; border-color: #cf222e; color: #a40e26; }
section.panel { border: 1px solid var(--border); border-radius: 8px; padding: .25rem 1rem 1rem; margin-top: 1rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: .5rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
ul.details { margin: 0; padding-left: 1rem; }
ul.details li { margin: .1rem 0; }
.label { color: var(--muted); }
.pass { color: var(--ok); }
.fail { color: var(--danger); }
#diagram { border: 1px solid var(--border); border-radius: 8px; padding: .5rem; overflow-x: auto; background: #fff; }
#diagram svg { max-width: 100%; height: auto; }
#diagram pre { white-space: pre-wrap; }
.approval { border-top: 1px solid var(--border); padding: .6rem 0; display: grid; gap: .35rem; }
.approval:first-of-type { border-top: 0; }
.approval .actions { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
.approval textarea { width: 28rem; max-width: 100%; height: 2.2rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
var SCRIPT = String.raw`
"use strict";
(function () {
  var TOKEN_KEY = "charter.viewer.token";
  var REFRESH_MS = 3000;
  var ACTIVE = { running: true, waiting: true };
  var state = { runs: [], selected: null, detail: null, diagram: null, approvalsKey: null, timer: null,
    busy: false, again: false, renders: 0 };
  var $ = function (id) { return document.getElementById(id); };

  // ---- DOM helpers: text is always set with textContent ------------------------------------------
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (!Object.prototype.hasOwnProperty.call(attrs, k) || attrs[k] === undefined || attrs[k] === null) continue;
      if (k === "text") node.textContent = String(attrs[k]);
      else if (k === "className") node.className = attrs[k];
      else if (k === "onclick") node.addEventListener("click", attrs[k]);
      else node.setAttribute(k, String(attrs[k]));
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === undefined || child === null || child === false) continue;
      node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function badge(status) { return el("span", { className: "badge " + cssWord(status), text: status }); }
  function cssWord(s) { return String(s).toLowerCase().replace(/[^a-z]/g, ""); }
  function str(v) {
    if (typeof v === "string") return v;
    try { var t = JSON.stringify(v); return t === undefined ? String(v) : t; } catch (e) { return String(v); }
  }
  function short(v, max) { var t = str(v); max = max || 160; return t.length > max ? t.slice(0, max - 1) + "\u2026" : t; }
  function usd(n, digits) { return typeof n === "number" ? "$" + n.toFixed(digits || 6) : "\u2014"; }
  function duration(ms) {
    if (typeof ms !== "number" || ms < 0) return "\u2014";
    if (ms < 1000) return ms + " ms";
    var s = ms / 1000;
    if (s < 60) return s.toFixed(1) + " s";
    var m = Math.floor(s / 60);
    if (m < 60) return m + " min " + Math.round(s - m * 60) + " s";
    return Math.floor(m / 60) + " h " + (m % 60) + " min";
  }
  function when(ms) { return typeof ms === "number" ? new Date(ms).toLocaleString() : "\u2014"; }
  function runDuration(run) { return (run.endedAt || Date.now()) - run.startedAt; }

  // ---- messages ----------------------------------------------------------------------------------
  function showMessage(kind, text) {
    var box = $("message");
    box.className = kind;
    box.setAttribute("role", kind === "error" ? "alert" : "status");
    box.textContent = text;
    box.hidden = false;
  }
  function clearMessage() { var box = $("message"); box.hidden = true; box.textContent = ""; }

  // ---- the API -----------------------------------------------------------------------------------
  function token() { try { return sessionStorage.getItem(TOKEN_KEY); } catch (e) { return null; } }
  function ApiError(status, code, message) { this.status = status; this.code = code; this.message = message; }
  async function api(path, options) {
    var t = token();
    if (!t) throw new ApiError(401, "unauthorized", "Sign in with an access token first.");
    options = options || {};
    var headers = { authorization: "Bearer " + t, accept: "application/json, text/plain" };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    var res;
    try {
      res = await fetch(path, { method: options.method || "GET", headers: headers, cache: "no-store",
        credentials: "omit", body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    } catch (e) {
      throw new ApiError(0, "network", "The runner service cannot be reached (" + (e && e.message || e) + ").");
    }
    var type = res.headers.get("content-type") || "";
    var body = type.indexOf("application/json") >= 0 ? await res.json().catch(function () { return null; }) : await res.text();
    if (!res.ok) {
      var err = body && typeof body === "object" && body.error ? body.error : {};
      throw new ApiError(res.status, String(err.code || "http-" + res.status),
        String(err.message || res.statusText || "Request failed."));
    }
    return body;
  }
  function failed(error, what) {
    if (!(error instanceof ApiError)) { showMessage("error", what + ": " + (error && error.message || error)); return; }
    if (error.status === 401) { signOut(true); }
    showMessage("error", what + " failed (" + (error.status || "network") + " " + error.code + "): " + error.message);
  }

  // ---- sign in / out -----------------------------------------------------------------------------
  function setSignedIn(on) {
    $("signed-in").hidden = !on;
    $("content").hidden = !on;
    $("sign-out").hidden = !on;
  }
  function signIn(event) {
    event.preventDefault();
    var value = $("token").value.trim();
    if (!value) { showMessage("error", "Enter an access token."); return; }
    try { sessionStorage.setItem(TOKEN_KEY, value); } catch (e) { showMessage("error", "sessionStorage is unavailable."); return; }
    $("token").value = "";
    state.selected = null; state.detail = null; state.diagram = null; state.approvalsKey = null;
    clear($("runs-body")); clear($("approvals-list"));
    $("detail").hidden = true;
    clearMessage();
    setSignedIn(true);
    refresh();
  }
  function signOut(keepMessage) {
    try { sessionStorage.removeItem(TOKEN_KEY); } catch (e) { /* nothing stored */ }
    if (state.timer) clearTimeout(state.timer);
    state.timer = null; state.runs = []; state.selected = null; state.detail = null; state.diagram = null;
    state.approvalsKey = null;
    clear($("runs-body")); clear($("approvals-list")); clear($("diagram")); clear($("nodes-body"));
    $("detail").hidden = true;
    setSignedIn(false);
    if (!keepMessage) clearMessage();
  }

  // ---- refreshing --------------------------------------------------------------------------------
  async function refresh() {
    if (!token()) return;
    if (state.busy) { state.again = true; return; }
    state.busy = true;
    if (state.timer) { clearTimeout(state.timer); state.timer = null; }
    try {
      var ok = await loadRuns();
      if (ok) await Promise.all([loadApprovals(), state.selected ? loadDetail(state.selected) : null]);
      if (ok) $("who").textContent = "Signed in \u00b7 " + state.runs.length + " run(s) visible";
    } finally {
      state.busy = false;
    }
    if (state.again) { state.again = false; return refresh(); }
    schedule();
  }
  function schedule() {
    if (!token()) return;
    var active = state.runs.some(function (r) { return ACTIVE[r.status]; }) ||
      (state.detail && ACTIVE[state.detail.run.status]);
    $("auto").textContent = active ? "Auto-refreshing every " + REFRESH_MS / 1000 + " s while runs are active." : "";
    if (active) state.timer = setTimeout(function () { state.timer = null; refresh(); }, REFRESH_MS);
  }

  // ---- runs --------------------------------------------------------------------------------------
  async function loadRuns() {
    var status = $("status-filter").value;
    try {
      var body = await api("/v1/runs?limit=100" + (status ? "&status=" + encodeURIComponent(status) : ""));
      state.runs = Array.isArray(body.runs) ? body.runs : [];
      renderRuns();
      return true;
    } catch (e) { failed(e, "Loading runs"); return false; }
  }
  function renderRuns() {
    var tbody = clear($("runs-body"));
    if (state.runs.length === 0) {
      tbody.appendChild(el("tr", null, el("td", { colspan: 6, className: "empty", text: "No runs." })));
      return;
    }
    state.runs.forEach(function (run) {
      var open = function () { select(run.id); };
      var tr = el("tr", { className: "run" + (run.id === state.selected ? " selected" : ""), "data-run": run.id },
        el("td", null, el("button", { type: "button", className: "link", text: run.id, title: "Show run " + run.id,
          onclick: function (e) { e.stopPropagation(); open(); } })),
        el("td", null, run.workflow + "@" + run.version),
        el("td", null, badge(run.status)),
        el("td", { className: "num", text: usd(run.costUsd) }),
        el("td", { className: "num", text: duration(runDuration(run)) }),
        el("td", { text: when(run.startedAt) }));
      tr.addEventListener("click", open);
      tbody.appendChild(tr);
    });
  }
  function select(id) {
    state.selected = id; state.detail = null; state.diagram = null;
    clear($("diagram")); clear($("nodes-body")); clear($("facts")); clear($("run-approvals"));
    $("detail").hidden = false;
    $("detail-title").textContent = "Run " + id;
    renderRuns();
    loadDetail(id).then(function () { schedule(); $("detail").scrollIntoView({ block: "start" }); });
  }

  // ---- one run -----------------------------------------------------------------------------------
  async function loadDetail(id) {
    try {
      var both = await Promise.all([api("/v1/runs/" + encodeURIComponent(id)),
        api("/v1/runs/" + encodeURIComponent(id) + "/diagram")]);
      if (state.selected !== id) return;
      state.detail = both[0];
      renderDetail(both[0]);
      if (both[1] !== state.diagram) { state.diagram = both[1]; await renderDiagram(both[1]); }
    } catch (e) { failed(e, "Loading run " + id); }
  }
  function fact(dl, name, value) {
    dl.appendChild(el("dt", { text: name }));
    dl.appendChild(el("dd", null, value));
  }
  function renderDetail(d) {
    var run = d.run, p = run.provenance || {}, g = p.governance || {};
    $("detail-title").textContent = "Run " + run.id;
    var dl = clear($("facts"));
    fact(dl, "Workflow", el("span", null, run.tenant + "/" + run.workflow + "@" + run.version));
    fact(dl, "Status", badge(run.status));
    fact(dl, "Cost", usd(run.costUsd));
    fact(dl, "Started", when(run.startedAt));
    fact(dl, "Duration", duration(runDuration(run)) + (run.endedAt ? "" : " so far"));
    fact(dl, "Release", el("code", { text: (run.repository ? run.repository + "@" : "") + run.manifestDigest }));
    fact(dl, "Bundle", el("code", { text: run.bundleDigest }));
    fact(dl, "Signed by", Array.isArray(p.signers) && p.signers.length ? p.signers.join(", ") : "\u2014");
    fact(dl, "Release approved by", Array.isArray(p.approvedBy) && p.approvedBy.length ? p.approvedBy.join(", ") : "\u2014");
    var gov = [];
    if (g.sequence !== undefined) gov.push("sequence " + g.sequence);
    if (g.pullRequest && g.pullRequest.number !== undefined) gov.push("PR #" + g.pullRequest.number);
    if (g.source && typeof g.source.commit === "string") gov.push("commit " + g.source.commit.slice(0, 12));
    if (gov.length) fact(dl, "Governance", gov.join(" \u00b7 "));
    if (p.ref) fact(dl, "Requested", String(p.ref));
    if (run.error) fact(dl, "Error", el("span", { className: "fail", text: short(run.error.message || run.error, 400) }));
    if (run.outputs) fact(dl, "Outputs", el("code", { text: short(run.outputs, 400) }));

    var list = clear($("run-approvals"));
    var steps = Object.keys(d.approvals || {}).filter(function (k) { return d.approvals[k]; });
    if (steps.length === 0) list.appendChild(el("li", { text: "No approval steps recorded." }));
    steps.forEach(function (k) {
      var a = d.approvals[k];
      var li = el("li", null, el("strong", { text: a.node }), " ", badge(a.status), " ");
      if (a.status === "pending")
        li.appendChild(document.createTextNode("needs " + a.minApprovals + " of " + (a.approvers || []).join(", ") +
          (a.message ? " \u2014 " + a.message : "")));
      else
        li.appendChild(document.createTextNode("by " + ((a.decidedBy || []).join(", ") || "nobody") +
          (a.decidedAt ? " at " + when(a.decidedAt) : "") + (a.comment ? " \u2014 \u201c" + a.comment + "\u201d" : "")));
      list.appendChild(li);
    });
    renderNodes(d);
  }
  function nodeStatus(rec) {
    if (!rec) return "pending";
    return rec.status === "failed" && rec.recoveredBy ? "recovered" : rec.status;
  }
  function renderNodes(d) {
    var planned = d.plan && Array.isArray(d.plan.nodes) ? d.plan.nodes : [];
    var order = [], seen = {};
    var waves = d.plan && Array.isArray(d.plan.waves) ? d.plan.waves : [];
    waves.forEach(function (w) { w.forEach(function (id) { if (!seen[id]) { seen[id] = true; order.push(id); } }); });
    planned.forEach(function (n) { if (!seen[n.id]) { seen[n.id] = true; order.push(n.id); } });
    Object.keys(d.nodes || {}).forEach(function (id) { if (!seen[id]) { seen[id] = true; order.push(id); } });
    var types = {};
    planned.forEach(function (n) { types[n.id] = n.type; });
    var tbody = clear($("nodes-body"));
    order.forEach(function (id) {
      var rec = d.nodes[id], llm = rec && rec.llm;
      var tr = el("tr", { "data-node": id },
        el("td", null, el("strong", { text: id }), el("div", { className: "label", text: (rec && rec.type) || types[id] || "" })),
        el("td", null, badge(nodeStatus(rec))),
        el("td", { className: "num", text: rec ? rec.attempts : "" }),
        el("td", { className: "model", text: llm ? (llm.model || llm.target || "?") + (llm.route ? " (route " + llm.route + ")" : "") : "" }),
        el("td", { className: "prompt", text: llm ? llm.prompt + "@" + llm.promptVersion : "" }),
        el("td", { className: "num tokens", text: llm ? llm.inputTokens + " in / " + llm.outputTokens + " out" + (llm.cached ? " (cached)" : "") : "" }),
        el("td", { className: "num", text: llm ? usd(llm.costUsd) : "" }),
        el("td", { className: "duration num", text: rec ? duration(rec.endedAt - rec.startedAt) : "" }),
        el("td", null, nodeDetails(rec, d.approvals ? d.approvals[id] : undefined)));
      tbody.appendChild(tr);
    });
  }
  function item(list, label, text, cls) {
    list.appendChild(el("li", cls ? { className: cls } : null, el("span", { className: "label", text: label + " " }), text));
  }
  function nodeDetails(rec, approval) {
    var ul = el("ul", { className: "details" });
    if (!rec) { item(ul, "", "not reached"); return ul; }
    var llm = rec.llm;
    if (llm) {
      (llm.calls || []).forEach(function (c) {
        if (c.outcome !== "ok")
          item(ul, "attempt:", (c.target || "?") + " " + c.outcome + (c.reason ? " (" + c.reason + (c.status ? " " + c.status : "") + ")" : "") +
            (c.message ? ": " + short(c.message, 120) : ""), "fail");
        if (c.fallbackFrom) item(ul, "fell back:", "from " + c.fallbackFrom + " to " + c.target);
      });
      (llm.toolCalls || []).forEach(function (c) { item(ul, "model called:", c.tool + " " + short(c.args)); });
    }
    if (rec.tool) item(ul, "tool:", rec.tool.tool + " " + short(rec.tool.args));
    if (rec.retrieval) {
      var r = rec.retrieval;
      var docs = (r.passages || []).map(function (p) {
        return (p.title ? p.title + " \u2014 " : "") + p.path + " (" + (typeof p.score === "number" ? p.score.toFixed(2) : "?") + ")";
      });
      item(ul, "retrieved:", r.collection + " for \u201c" + short(r.query, 80) + "\u201d: " + (docs.join(", ") || "nothing"));
    }
    if (rec.approval) {
      var a = rec.approval;
      item(ul, "approval:", a.decision + " by " + ((a.approvers || []).join(", ") || "nobody") +
        (a.comment ? " \u2014 \u201c" + a.comment + "\u201d" : ""), a.decision === "approved" ? "pass" : "fail");
    } else if (rec.status === "waiting" && approval) {
      item(ul, "waiting:", "for " + approval.minApprovals + " approval(s) from " + (approval.approvers || []).join(", ") +
        (approval.message ? " \u2014 " + approval.message : ""));
    }
    if (rec.recoveredBy)
      item(ul, "fallback:", "failed (" + (rec.error ? rec.error.message : "?") + "), recovered by " +
        (rec.recoveredBy === "fallback" ? "fallback node " + rec.fallbackNode : "its default value"));
    else if (rec.error && rec.status === "skipped") item(ul, "skipped:", rec.error.message);
    else if (rec.error && rec.status !== "succeeded" && rec.status !== "waiting") item(ul, "error:", rec.error.kind + ": " + rec.error.message, "fail");
    (rec.checks || []).forEach(function (c) {
      item(ul, "check:", c.name + " " + (c.pass ? "passed" : "failed" + (c.message ? " (" + c.message + ")" : "")), c.pass ? "pass" : "fail");
    });
    if (typeof rec.items === "number") item(ul, "items:", String(rec.items));
    return ul;
  }

  // ---- the diagram -------------------------------------------------------------------------------
  var mermaidReady = false;
  function mermaidInit() {
    if (mermaidReady) return true;
    if (typeof window.mermaid === "undefined") return false;
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "default",
      flowchart: { useMaxWidth: true } });
    mermaidReady = true;
    return true;
  }
  // Mermaid's SVG (already sanitised in strict mode) is parsed in an inert document, and anything
  // active is removed before it is adopted into the page.
  function safeSvg(markup) {
    var doc = new DOMParser().parseFromString(markup, "text/html");
    var svg = doc.querySelector("svg");
    if (!svg) throw new Error("Mermaid produced no SVG.");
    svg.querySelectorAll("script, iframe, object, embed, foreignObject script").forEach(function (n) { n.remove(); });
    [svg].concat(Array.prototype.slice.call(svg.querySelectorAll("*"))).forEach(function (n) {
      Array.prototype.slice.call(n.attributes).forEach(function (a) {
        var name = a.name.toLowerCase(), value = a.value.replace(/\s+/g, "").toLowerCase();
        if (name.indexOf("on") === 0) n.removeAttribute(a.name);
        else if ((name === "href" || name === "xlink:href" || name === "src") && value.indexOf("javascript:") === 0)
          n.removeAttribute(a.name);
      });
    });
    return document.adoptNode(svg);
  }
  async function renderDiagram(text) {
    var box = clear($("diagram"));
    box.setAttribute("aria-busy", "true");
    try {
      if (!mermaidInit()) throw new Error("the diagram library did not load");
      state.renders++;
      var out = await window.mermaid.render("run-dag-" + state.renders, text);
      clear(box).appendChild(safeSvg(out.svg));
      box.setAttribute("data-rendered", String(state.renders));
    } catch (e) {
      clear(box).appendChild(el("p", { className: "fail", text: "The diagram could not be drawn: " + (e && e.message || e) }));
      box.appendChild(el("pre", { className: "mono", text: text }));
    } finally {
      box.removeAttribute("aria-busy");
    }
  }

  // ---- pending approvals -------------------------------------------------------------------------
  async function loadApprovals() {
    try {
      var body = await api("/v1/approvals");
      var list = Array.isArray(body.approvals) ? body.approvals : [];
      var key = JSON.stringify(list.map(function (a) { return [a.runId, a.node, a.status, a.decidedBy]; }));
      if (key === state.approvalsKey) return; // unchanged: keep what is being typed in the comment boxes
      state.approvalsKey = key;
      renderApprovals(list);
    } catch (e) { failed(e, "Loading approvals"); }
  }
  function renderApprovals(list) {
    var box = clear($("approvals-list"));
    $("approvals-count").textContent = list.length ? "(" + list.length + ")" : "";
    if (list.length === 0) { box.appendChild(el("p", { className: "label", text: "No pending approvals." })); return; }
    list.forEach(function (a, i) {
      var commentId = "approval-comment-" + i;
      var comment = el("textarea", { id: commentId, rows: 1, placeholder: "optional" });
      var decide = function (decision) { return function () { submitDecision(a, decision, comment, row); }; };
      var row = el("div", { className: "approval", "data-run": a.runId, "data-node": a.node },
        el("div", null,
          el("button", { type: "button", className: "link", text: a.runId, title: "Show run " + a.runId,
            onclick: function () { select(a.runId); } }),
          " \u00b7 step ", el("strong", { text: a.node }), " ", badge(a.status)),
        el("div", { className: "label", text: "needs " + a.minApprovals + " approval(s) from " + (a.approvers || []).join(", ") +
          (a.decidedBy && a.decidedBy.length ? "; so far " + a.decidedBy.join(", ") : "") }),
        a.message ? el("div", { text: a.message }) : null,
        el("div", { className: "actions" },
          el("label", { for: commentId, text: "Comment" }), comment,
          el("button", { type: "button", className: "primary", text: "Approve", "aria-label": "Approve " + a.node + " of " + a.runId,
            onclick: decide("approve") }),
          el("button", { type: "button", className: "danger", text: "Deny", "aria-label": "Deny " + a.node + " of " + a.runId,
            onclick: decide("deny") })));
      box.appendChild(row);
    });
  }
  async function submitDecision(a, decision, comment, row) {
    var buttons = row.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    var body = { decision: decision };
    if (comment.value.trim()) body.comment = comment.value.trim();
    try {
      await api("/v1/runs/" + encodeURIComponent(a.runId) + "/approvals/" + encodeURIComponent(a.node),
        { method: "POST", body: body });
      showMessage("info", (decision === "approve" ? "Approved " : "Denied ") + a.node + " of " + a.runId + ".");
      state.approvalsKey = null;
      await refresh();
    } catch (e) {
      failed(e, (decision === "approve" ? "Approving " : "Denying ") + a.node + " of " + a.runId);
    } finally {
      buttons.forEach(function (b) { b.disabled = false; });
    }
  }

  // ---- start -------------------------------------------------------------------------------------
  document.addEventListener("DOMContentLoaded", function () {
    $("signin-form").addEventListener("submit", signIn);
    $("sign-out").addEventListener("click", function () { signOut(false); });
    $("refresh").addEventListener("click", function () { clearMessage(); refresh(); });
    $("status-filter").addEventListener("change", function () { refresh(); });
    $("close-detail").addEventListener("click", function () {
      state.selected = null; state.detail = null; state.diagram = null; $("detail").hidden = true; renderRuns();
    });
    if (token()) { setSignedIn(true); refresh(); } else setSignedIn(false);
  });
})();
`;
function viewerPage() {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>Charter runs</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>Charter runs</h1>
  <form id="signin-form" class="signin" autocomplete="off">
    <label for="token">Access token</label>
    <input id="token" type="password" autocomplete="off" spellcheck="false" placeholder="chr_…">
    <button id="sign-in" type="submit">Sign in</button>
    <button id="sign-out" type="button" hidden>Sign out</button>
    <span id="signed-in" class="who" hidden><span id="who">Signed in</span></span>
  </form>
</header>
<main>
  <div id="message" role="status" aria-live="polite" hidden></div>
  <div id="content" hidden>
    <section class="panel" aria-labelledby="approvals-title">
      <h2 id="approvals-title">Pending approvals <span id="approvals-count"></span></h2>
      <div id="approvals-list"></div>
    </section>

    <section aria-labelledby="runs-title">
      <h2 id="runs-title">Runs</h2>
      <div class="toolbar">
        <label for="status-filter">Status</label>
        <select id="status-filter">
          <option value="">all</option>
          <option value="running">running</option>
          <option value="waiting">waiting</option>
          <option value="succeeded">succeeded</option>
          <option value="failed">failed</option>
          <option value="cancelled">cancelled</option>
        </select>
        <button id="refresh" type="button">Refresh</button>
        <span id="auto" class="note" aria-live="off"></span>
      </div>
      <table id="runs">
        <caption class="visually-hidden">Runs of this token's tenant, newest first</caption>
        <thead><tr>
          <th scope="col">Run</th><th scope="col">Workflow</th><th scope="col">Status</th>
          <th scope="col">Cost</th><th scope="col">Duration</th><th scope="col">Started</th>
        </tr></thead>
        <tbody id="runs-body"></tbody>
      </table>
    </section>

    <section id="detail" class="panel" aria-labelledby="detail-title" hidden>
      <div class="toolbar">
        <h2 id="detail-title">Run</h2>
        <button id="close-detail" type="button">Close</button>
      </div>
      <dl id="facts" class="facts"></dl>
      <h3>Approval steps</h3>
      <ul id="run-approvals" class="details"></ul>
      <h3>Graph</h3>
      <div id="diagram" role="img" aria-label="The workflow graph, nodes coloured by status"></div>
      <h3>Nodes</h3>
      <table id="nodes">
        <caption class="visually-hidden">Each node of the run</caption>
        <thead><tr>
          <th scope="col">Node</th><th scope="col">Status</th><th scope="col">Attempts</th>
          <th scope="col">Model</th><th scope="col">Prompt</th><th scope="col">Tokens</th>
          <th scope="col">Cost</th><th scope="col">Time</th><th scope="col">Details</th>
        </tr></thead>
        <tbody id="nodes-body"></tbody>
      </table>
    </section>
  </div>
</main>
<script src="/ui/mermaid.min.js"></script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

// cli/commands/serve.ts
var stateDir = (state, io) => resolve(io.cwd, state ?? io.env.CHARTER_RUNNER_STATE ?? join2(".charter", "runner"));
async function serveCommand(given, io, signal) {
  const options = await withConfigFile(given, io);
  const port = Number(options.port ?? io.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UserError(`--port must be a port number; got "${options.port}".`);
  const { target, trust } = await releaseContext(options, io);
  const dir = stateDir(options.state, io);
  const store = await openRunState({
    ...options.database ? { database: options.database } : {},
    stateDir: dir,
    env: io.env
  });
  const tokens = new TokenStore(join2(dir, "tokens.db"));
  const log = jsonLogger((line) => io.stderr(line));
  const redisUrl = options.redis ?? io.env.CHARTER_REDIS_URL;
  const queues = redisUrl ? new RunQueues({ connection: redisConnection(redisUrl), tenants: tenantsOf(options, io.env) }) : void 0;
  const metrics = new RunnerMetrics();
  const telemetry = otlpTelemetry(io.env);
  const runner = new Runner({
    store,
    registry: target.registry,
    ...target.prefix ? { prefix: target.prefix } : {},
    trust,
    env: io.env,
    mode: options.mode ?? "auto",
    ...options.cassettes ? { cassettes: resolve(io.cwd, options.cassettes) } : {},
    tools: bundleTools(
      io.env,
      (runId, call) => log(call.ok ? "info" : "warn", "tool called", {
        run_id: runId,
        tool: call.tool,
        ms: call.ms,
        ok: call.ok,
        ...call.error ? { error: call.error } : {}
      })
    ),
    onCheckpoint: (_runId, rec, tenant) => metrics.nodeSettled(tenant, rec),
    onRunSettled: (run, nodes) => {
      metrics.runSettled(run);
      log(run.status === "failed" ? "warn" : "info", `run ${run.status}`, {
        tenant: run.tenant,
        run_id: run.id,
        cost_usd: run.costUsd
      });
      telemetry?.onRunSettled(run, nodes);
    }
  });
  const service = new RunnerService({
    runner,
    store,
    tokens,
    metrics,
    log,
    viewer: viewerPage,
    ...queues ? { enqueue: (tenant, runId) => queues.enqueueRun(tenant, runId) } : {},
    ...io.env.CHARTER_METRICS_TOKEN ? { metricsToken: io.env.CHARTER_METRICS_TOKEN } : {}
  });
  const address = await service.listen(port, options.host ?? "127.0.0.1");
  log("info", "runner service listening", { url: `http://${address.address}:${address.port}`, state: dir });
  void (queues ? queues.reconcile(store) : runner.resumeAll().then((runs) => runs.length)).then(
    (count) => count && log("info", "resumed unfinished runs", { count }),
    (e) => log("error", "resume failed", { error: e.message })
  );
  await new Promise((done) => {
    const stop = () => done();
    signal?.addEventListener("abort", stop, { once: true });
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
  await service.shutdown(Number(io.env.CHARTER_SHUTDOWN_GRACE_MS ?? 1e4));
  await telemetry?.shutdown();
  await queues?.close();
  await store.close();
  tokens.close();
  return 0;
}
async function tokensCreateCommand(options, io) {
  if (!options.tenant || !/^[a-z][a-z0-9-]{0,62}$/.test(options.tenant))
    throw new UserError("--tenant TENANT is required.");
  const scopes = options.scope ?? [...SCOPES];
  for (const s of scopes)
    if (!SCOPES.includes(s))
      throw new UserError(`Unknown scope "${s}"; use ${SCOPES.join(", ")}.`);
  const expiresAt = options.expires ? Date.now() + parseDuration(options.expires) : void 0;
  const tokens = new TokenStore(join2(stateDir(options.state, io), "tokens.db"));
  try {
    const { token, info } = tokens.create({
      tenant: options.tenant,
      name: options.name ?? "token",
      ...options.user ? { user: options.user } : {},
      scopes,
      ...expiresAt ? { expiresAt } : {}
    });
    io.stdout(
      `${token}

Token ${info.tokenId} for tenant ${info.tenant} (${info.scopes.join(", ")}${info.user ? `; approves as ${info.user}` : ""}${expiresAt ? `; expires ${new Date(expiresAt).toISOString()}` : ""}). It is shown once; only its hash is stored.
`
    );
    return 0;
  } finally {
    tokens.close();
  }
}
async function tokensListCommand(options, io) {
  const tokens = new TokenStore(join2(stateDir(options.state, io), "tokens.db"));
  try {
    const list = tokens.list(options.tenant);
    if (list.length === 0) io.stdout("No tokens.\n");
    for (const t of list)
      io.stdout(
        `${t.tokenId}  ${t.tenant.padEnd(12)} ${t.name.padEnd(16)} ${t.scopes.join(",")}${t.user ? `  user ${t.user}` : ""}${t.revokedAt ? "  revoked" : t.expiresAt && t.expiresAt <= Date.now() ? "  expired" : ""}
`
      );
    return 0;
  } finally {
    tokens.close();
  }
}
async function tokensRevokeCommand(id, options, io) {
  const tokens = new TokenStore(join2(stateDir(options.state, io), "tokens.db"));
  try {
    if (!tokens.revoke(id)) throw new UserError(`No active token ${id}.`, { exitCode: 1 });
    io.stdout(`Revoked ${id}.
`);
    return 0;
  } finally {
    tokens.close();
  }
}
export {
  serveCommand,
  tokensCreateCommand,
  tokensListCommand,
  tokensRevokeCommand
};
