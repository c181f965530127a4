/**
 * The runner service: an HTTP API over one runner and its store, authorised on every request by a
 * tenant-scoped token. A token of tenant A can never read, start or approve anything of tenant B:
 * listings are filtered by the token's tenant in the store query, and a run of another tenant is
 * answered exactly like a run that does not exist (404). Errors are JSON `{ error: { code, message } }`
 * and never carry internals.
 *
 *   GET  /healthz                          liveness (no token)
 *   GET  /readyz                           readiness: 503 while shutting down (no token)
 *   GET  /metrics                          Prometheus text (CHARTER_METRICS_TOKEN, when set, as bearer)
 *   GET  /v1/runs?status=&limit=           runs:read
 *   POST /v1/runs {release, inputs}        runs:write — admitted synchronously (422 when refused), run in the background
 *   GET  /v1/runs/:id                      runs:read — run, plan, nodes, approvals
 *   GET  /v1/runs/:id/diagram              runs:read — Mermaid flowchart coloured by node status
 *   GET  /v1/approvals                     runs:read — pending approvals
 *   POST /v1/runs/:id/approvals/:node      approvals:write, token issued to a person — {decision, comment}
 *   GET  /ui                               the run viewer (static page; it calls the API with a token)
 *
 * Shutdown stops accepting, reports not-ready, and waits (bounded) for in-flight runs to reach their
 * next checkpoint or finish; whatever is still running is resumed from its checkpoints on next start.
 */
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { openBundle } from "../../core/bundle/open.ts";
import { packageRoot } from "../../core/package-root.ts";
import { parseReleaseRef } from "../../core/publish/release-ref.ts";
import { parseGovernancePredicate } from "../../core/signing/statement.ts";
import { RunRefused } from "../admit.ts";
import { runFlowchart } from "../explain.ts";
import { ApprovalRefused, type Runner } from "../runner.ts";
import { repoFromBundle } from "../runtime.ts";
import type { RunState } from "../state.ts";
import type { RunRow, RunStatus } from "../store.ts";
import type { Logger } from "./log.ts";
import type { RunnerMetrics } from "./metrics.ts";
import type { Principal, Scope, TokenStore } from "./tokens.ts";

export interface ServiceOptions {
  runner: Runner;
  store: RunState;
  tokens: TokenStore;
  metrics: RunnerMetrics;
  log: Logger;
  /** When set, /metrics requires it as a bearer token. */
  metricsToken?: string;
  /** Scale-out: hand new runs to a queue instead of executing them in this process. */
  enqueue?: (tenant: string, runId: string) => Promise<void>;
  /** The viewer page served at /ui. */
  viewer?: () => string;
  maxBodyBytes?: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const STATUSES: RunStatus[] = ["running", "waiting", "succeeded", "failed", "cancelled"];

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "content-type":
      typeof body === "string" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    ...headers,
  });
  res.end(text);
}

async function readJson(req: IncomingMessage, max: number): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Past the limit the rest is read and dropped, so the client gets the 413 instead of a reset.
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= max) chunks.push(chunk as Buffer);
    else if (size > 16 * max) {
      req.destroy(); // not worth reading any further
      break;
    }
  }
  if (size > max) throw new HttpError(413, "too-large", `The request body is larger than ${max} bytes.`);
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("not an object");
    return value as Record<string, unknown>;
  } catch {
    throw new HttpError(400, "bad-request", "The request body must be a JSON object.");
  }
}

export class RunnerService {
  readonly server: Server;
  private readonly o: ServiceOptions;
  private readonly inFlight = new Set<Promise<unknown>>();
  private ready = true;

  constructor(options: ServiceOptions) {
    this.o = options;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (error instanceof HttpError) {
          send(
            res,
            error.status,
            { error: { code: error.code, message: error.message } },
            error.status === 401 ? { "www-authenticate": "Bearer" } : {},
          );
          return;
        }
        this.o.log("error", "request failed", { error: (error as Error).message, path: req.url });
        if (!res.headersSent) send(res, 500, { error: { code: "internal", message: "Internal error." } });
      });
    });
  }

  async listen(port: number, host = "127.0.0.1"): Promise<AddressInfo> {
    await new Promise<void>((resolve) => this.server.listen(port, host, resolve));
    return this.server.address() as AddressInfo;
  }

  /** Stops accepting, then waits up to `graceMs` for in-flight runs; the rest resume on next start. */
  async shutdown(graceMs = 10_000): Promise<void> {
    this.ready = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections?.();
    const settled = Promise.allSettled([...this.inFlight]);
    await Promise.race([settled, new Promise((r) => setTimeout(r, graceMs).unref())]);
    this.server.closeAllConnections?.();
    await closed;
    this.o.log("info", "runner service stopped", { unfinished: this.inFlight.size });
  }

  /** Tracks background work (a run executing) so shutdown can wait for it. */
  private track(p: Promise<RunRow>): void {
    const tracked = p.then(
      (run) => run,
      (error: unknown) => {
        this.o.log("error", "run execution failed", { error: (error as Error).message });
      },
    );
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  private authenticate(req: IncomingMessage, scope: Scope): Principal {
    const header = req.headers.authorization ?? "";
    const principal = this.o.tokens.authenticate(/^Bearer (.+)$/.exec(header)?.[1]);
    if (!principal) throw new HttpError(401, "unauthorized", "Invalid or expired token.");
    if (!principal.scopes.includes(scope))
      throw new HttpError(403, "forbidden", `This token does not have the ${scope} scope.`);
    return principal;
  }

  /** A run of the principal's tenant, or 404 — the same answer whether it is missing or someone else's. */
  private async ownRun(principal: Principal, id: string): Promise<RunRow> {
    const run = await this.o.store.getRun(id);
    if (!run || run.tenant !== principal.tenant) throw new HttpError(404, "not-found", "No such run.");
    return run;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
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
      // The viewer draws diagrams with the mermaid package this service ships with (no CDN).
      const body = await readFile(join(packageRoot(), "node_modules", "mermaid", "dist", "mermaid.min.js"));
      res.writeHead(200, {
        "content-type": "text/javascript; charset=utf-8",
        "cache-control": "public, max-age=3600",
        "x-content-type-options": "nosniff",
      });
      res.end(body);
      return;
    }
    if (method === "GET" && (path === "/" || path === "/ui")) {
      if (!this.o.viewer) throw new HttpError(404, "not-found", "No viewer.");
      res.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "content-security-policy":
          "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'",
        "x-content-type-options": "nosniff",
      });
      res.end(this.o.viewer());
      return;
    }
    if (!this.ready) throw new HttpError(503, "unavailable", "The runner is shutting down.");

    if (path === "/v1/runs" && method === "GET") {
      const p = this.authenticate(req, "runs:read");
      const status = url.searchParams.get("status");
      if (status && !STATUSES.includes(status as RunStatus))
        throw new HttpError(400, "bad-request", `status must be one of ${STATUSES.join(", ")}.`);
      const limit = Math.min(500, Math.max(1, Number(url.searchParams.get("limit") ?? 100) || 100));
      const runs = await this.o.store.listRuns({
        tenant: p.tenant,
        ...(status ? { status: status as RunStatus } : {}),
        limit,
      });
      return send(res, 200, { runs });
    }
    if (path === "/v1/runs" && method === "POST") {
      const p = this.authenticate(req, "runs:write");
      const body = await readJson(req, this.o.maxBodyBytes ?? 1024 * 1024);
      if (typeof body.release !== "string")
        throw new HttpError(400, "bad-request", "release (TENANT/WORKFLOW@REF) is required.");
      let ref: ReturnType<typeof parseReleaseRef>;
      try {
        ref = parseReleaseRef(body.release);
      } catch (e) {
        throw new HttpError(400, "bad-request", (e as Error).message);
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
          inputs: inputs as Record<string, unknown>,
        };
        let run: RunRow;
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
          release: body.release,
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
      const run = await this.ownRun(p, runMatch[1]!);
      const nodes = await this.o.store.nodes(run.id);
      if (runMatch[2]) {
        const bytes = await this.o.store.bundle(run.bundleDigest);
        if (!bytes) throw new HttpError(404, "not-found", "The run's bundle is not in the store.");
        const governance = parseGovernancePredicate((run.provenance as { governance: unknown }).governance);
        const repo = await repoFromBundle(openBundle(bytes), governance);
        const wf = repo.tenants.get(run.tenant)!.workflows.get(run.workflow)!.data;
        // The viewer shows statuses as badges; the diagram carries no legend box to crowd the graph.
        return send(res, 200, runFlowchart(wf, nodes, { legend: false }));
      }
      const approvals: Record<string, unknown> = {};
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
      const run = await this.ownRun(p, approveMatch[1]!);
      if (!p.user)
        throw new HttpError(403, "forbidden", "This token is not issued to a person; approvals need one.");
      const body = await readJson(req, 64 * 1024);
      if (body.decision !== "approve" && body.decision !== "deny")
        throw new HttpError(400, "bad-request", 'decision must be "approve" or "deny".');
      if (body.comment !== undefined && typeof body.comment !== "string")
        throw new HttpError(400, "bad-request", "comment must be a string.");
      const node = approveMatch[2]!;
      const approval = await this.o.store.approval(run.id, node);
      if (!approval) throw new HttpError(404, "not-found", "No such approval step.");
      try {
        const { decided } = await this.o.runner.decide(
          run.id,
          node,
          p.user,
          body.decision === "approve" ? "approved" : "denied",
          body.comment as string | undefined,
        );
        // Decided: the run continues — on a worker when runs are queued, else in the background here.
        if (decided) {
          if (this.o.enqueue) await this.o.enqueue(run.tenant, run.id);
          else this.track(this.o.runner.execute(run.id));
        }
        this.o.log("info", "approval decided", {
          tenant: run.tenant,
          run_id: run.id,
          node,
          user: p.user,
          decision: body.decision,
        });
        return send(res, 202, { approval: await this.o.store.approval(run.id, node) });
      } catch (e) {
        if (e instanceof ApprovalRefused) throw new HttpError(403, "forbidden", e.message);
        throw e;
      }
    }
    throw new HttpError(404, "not-found", "No such endpoint.");
  }
}
