import {
  RunQueues,
  RunWorkers,
  openRunState,
  otlpTelemetry,
  redisConnection
} from "./chunk-5EJJ3UXY.js";
import {
  Runner,
  bundleTools
} from "./chunk-3QLYKSA2.js";
import {
  withConfigFile
} from "./chunk-3BAUQLIZ.js";
import {
  UserError
} from "./chunk-XC2IMODC.js";

// runner/service/log.ts
function jsonLogger(write, now = () => /* @__PURE__ */ new Date()) {
  return (level, msg, fields = {}) => write(`${JSON.stringify({ time: now().toISOString(), level, msg, ...fields })}
`);
}

// runner/service/metrics.ts
var BUCKETS = [5e-3, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300];
var key = (l) => Object.entries(l).sort(([a], [b]) => a < b ? -1 : 1).map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`).join(",");
var Counter = class {
  constructor(name, help) {
    this.name = name;
    this.help = help;
  }
  name;
  help;
  values = /* @__PURE__ */ new Map();
  inc(labels, by = 1) {
    const k = key(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  render() {
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} counter`,
      ...[...this.values].map(([k, v]) => `${this.name}{${k}} ${v}`)
    ];
  }
};
var Histogram = class {
  constructor(name, help) {
    this.name = name;
    this.help = help;
  }
  name;
  help;
  series = /* @__PURE__ */ new Map();
  observe(labels, value) {
    const k = key(labels);
    const s = this.series.get(k) ?? { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
    BUCKETS.forEach((b, i) => {
      if (value <= b) s.counts[i] += 1;
    });
    s.sum += value;
    s.count += 1;
    this.series.set(k, s);
  }
  render() {
    const out = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [k, s] of this.series) {
      BUCKETS.forEach((b, i) => {
        out.push(`${this.name}_bucket{${k},le="${b}"} ${s.counts[i]}`);
      });
      out.push(
        `${this.name}_bucket{${k},le="+Inf"} ${s.count}`,
        `${this.name}_sum{${k}} ${s.sum}`,
        `${this.name}_count{${k}} ${s.count}`
      );
    }
    return out;
  }
};
var RunnerMetrics = class {
  started = new Counter("charter_runs_started_total", "Runs started, per tenant.");
  finished = new Counter(
    "charter_runs_finished_total",
    "Runs that finished or parked, per tenant and status."
  );
  refused = new Counter(
    "charter_runs_refused_total",
    "Releases refused at admission, per tenant and reason."
  );
  nodeSeconds = new Histogram(
    "charter_node_duration_seconds",
    "Node duration, per tenant and node type."
  );
  providerErrors = new Counter(
    "charter_provider_errors_total",
    "Failed model attempts, per tenant, provider and reason."
  );
  cost = new Counter("charter_cost_usd_total", "Model spend in USD, per tenant.");
  runStarted(tenant) {
    this.started.inc({ tenant });
  }
  runRefused(tenant, reason) {
    this.refused.inc({ tenant, reason });
  }
  nodeSettled(tenant, rec) {
    this.nodeSeconds.observe({ tenant, type: rec.type }, Math.max(0, rec.endedAt - rec.startedAt) / 1e3);
    for (const a of rec.llm?.calls ?? [])
      if (a.outcome === "error")
        this.providerErrors.inc({ tenant, provider: a.provider, reason: a.reason ?? "error" });
    if (rec.llm) this.cost.inc({ tenant }, rec.llm.costUsd);
  }
  runSettled(run) {
    this.finished.inc({ tenant: run.tenant, status: run.status });
  }
  render() {
    return `${[this.started, this.finished, this.refused, this.nodeSeconds, this.providerErrors, this.cost].flatMap((m) => m.render()).join("\n")}
`;
  }
};

// runner/service/metrics-server.ts
import { timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
function bearerMatches(header, token) {
  const given = Buffer.from(header ?? "");
  const wanted = Buffer.from(`Bearer ${token}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
async function serveMetrics(metrics, options) {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const send = (status, body, type = "text/plain; charset=utf-8") => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    };
    if (req.method !== "GET") return send(405, "method not allowed\n");
    if (path === "/healthz")
      return options.healthy?.() ?? true ? send(200, "ok\n") : send(503, "stopping\n");
    if (path !== "/metrics") return send(404, "not found\n");
    if (options.token && !bearerMatches(req.headers.authorization, options.token))
      return send(401, "unauthorized\n");
    return send(200, metrics.render(), "text/plain; version=0.0.4");
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address();
  return {
    url: `http://${address.includes(":") ? `[${address}]` : address}:${port}`,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    })
  };
}

// cli/commands/worker.ts
function tenantsOf(options, env) {
  const tenants = options.tenant?.length ? options.tenant : (env.CHARTER_TENANTS ?? "").split(",").filter(Boolean);
  if (tenants.length === 0)
    throw new UserError("Which tenants' queues? Pass --tenant NAME (repeatable) or set CHARTER_TENANTS.");
  for (const t of tenants)
    if (!/^[a-z][a-z0-9-]{0,62}$/.test(t)) throw new UserError(`"${t}" is not a tenant name.`);
  return tenants;
}
async function workerCommand(given, io, signal) {
  const options = await withConfigFile(given, io);
  const database = options.database ?? io.env.CHARTER_DATABASE_URL;
  if (!database)
    throw new UserError(
      "Workers share run state in PostgreSQL: pass --database postgres://… (or set CHARTER_DATABASE_URL)."
    );
  const connection = redisConnection(options.redis ?? io.env.CHARTER_REDIS_URL);
  const tenants = tenantsOf(options, io.env);
  const log = jsonLogger((line) => io.stderr(line));
  const store = await openRunState({ database, stateDir: ".", env: io.env });
  const telemetry = otlpTelemetry(io.env);
  const metrics = new RunnerMetrics();
  let stopping = false;
  const metricsPort = options.metricsPort ?? io.env.CHARTER_METRICS_PORT;
  if (metricsPort !== void 0 && !/^\d{1,5}$/.test(metricsPort))
    throw new UserError(`--metrics-port must be a port number; got "${metricsPort}".`);
  const runner = new Runner({
    store,
    trust: { trustedKeys: [] },
    // admission happened when the run was created; workers run stored, verified bundles
    env: io.env,
    mode: options.mode ?? "auto",
    ...options.cassettes ? { cassettes: options.cassettes } : {},
    tools: bundleTools(io.env),
    onCheckpoint: (_runId, rec, tenant) => metrics.nodeSettled(tenant, rec),
    onRunSettled: (run, nodes) => {
      metrics.runSettled(run);
      log(run.status === "failed" ? "warn" : "info", `run ${run.status}`, {
        tenant: run.tenant,
        run_id: run.id
      });
      telemetry?.onRunSettled(run, nodes);
    }
  });
  const concurrency = Number(options.concurrency ?? 8);
  const orchestration = options.orchestration ?? "flow";
  if (orchestration !== "flow" && orchestration !== "await")
    throw new UserError(`--orchestration must be flow or await; got "${options.orchestration}".`);
  const workers = new RunWorkers(runner, {
    connection,
    tenants,
    store,
    stepConcurrency: concurrency,
    orchestration,
    onError: (what, error) => log("warn", what, { error: error.message })
  });
  workers.start();
  const endpoint = metricsPort === void 0 ? void 0 : await serveMetrics(metrics, {
    port: Number(metricsPort),
    ...options.host ? { host: options.host } : {},
    ...io.env.CHARTER_METRICS_TOKEN ? { token: io.env.CHARTER_METRICS_TOKEN } : {},
    healthy: () => !stopping
  }).catch(async (e) => {
    await workers.close();
    await store.close();
    throw new UserError(`Cannot serve metrics on port ${metricsPort}: ${e.code ?? e.message}.`);
  });
  const queues = new RunQueues({ connection, tenants });
  const requeued = await queues.reconcile(store).catch((e) => {
    log("error", "reconcile failed", { error: e.message });
    return 0;
  });
  await queues.close();
  log("info", "worker started", {
    tenants,
    concurrency,
    requeued,
    ...endpoint ? { metrics: `${endpoint.url}/metrics` } : {}
  });
  await new Promise((done) => {
    signal?.addEventListener("abort", () => done(), { once: true });
    process.once("SIGTERM", () => done());
    process.once("SIGINT", () => done());
  });
  stopping = true;
  await workers.close();
  await endpoint?.close();
  await telemetry?.shutdown();
  await store.close();
  log("info", "worker stopped", {});
  return 0;
}

export {
  jsonLogger,
  RunnerMetrics,
  tenantsOf,
  workerCommand
};
