import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { serveCommand } from "../cli/commands/serve.ts";
import type { CliIO } from "../cli/io.ts";
import { cli } from "./helpers/cli.ts";
import { runnerScenario } from "./helpers/runner-scenario.ts";
import { writeTree } from "./helpers/tree.ts";

describe("charter tokens and charter serve", () => {
  it("issues, lists and revokes tokens; the secret is shown once and never listed", async () => {
    const cwd = writeTree({});
    const created = await cli(
      ["tokens", "create", "--tenant", "support", "--name", "ops", "--user", "alice", "--expires", "1d"],
      { cwd },
    );
    expect(created.code).toBe(0);
    const token = created.stdout.split("\n")[0]!;
    expect(token).toMatch(/^chr_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const id = token.slice(4, 20);
    const listed = await cli(["tokens", "list"], { cwd });
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).not.toContain(token.slice(21));
    expect((await cli(["tokens", "revoke", id], { cwd })).stdout).toBe(`Revoked ${id}.\n`);
    expect((await cli(["tokens", "list"], { cwd })).stdout).toContain("revoked");
    expect((await cli(["tokens", "revoke", id], { cwd })).code).toBe(1);
    expect(
      (await cli(["tokens", "create", "--tenant", "support", "--scope", "root"], { cwd })).stderr,
    ).toMatch(/Unknown scope "root"/);
  });

  it("serves the API, the viewer and metrics, and stops on signal", async () => {
    const r = await runnerScenario();
    r.store.close();
    const cwd = writeTree({});
    const state = join(cwd, "state");
    const token = (
      await cli(["tokens", "create", "--tenant", "support", "--state", state], { cwd })
    ).stdout.split("\n")[0]!;
    let stderr = "";
    const io: CliIO = {
      stdout: () => {},
      stderr: (t) => {
        stderr += t;
      },
      cwd,
      env: {},
      isTTY: false,
    };
    const stop = new AbortController();
    const serving = serveCommand(
      { state, port: "0", registry: r.s.registryDir, key: [r.s.publicKeyFile] },
      io,
      stop.signal,
    );
    let url = "";
    for (let i = 0; i < 100 && !url; i++) {
      url = /"url":"(http:\/\/[^"]+)"/.exec(stderr)?.[1] ?? "";
      await new Promise((res) => setTimeout(res, 20));
    }
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const runs = await fetch(`${url}/v1/runs`, { headers: { authorization: `Bearer ${token}` } });
    expect(await runs.json()).toEqual({ runs: [] });
    expect((await fetch(`${url}/ui`)).headers.get("content-type")).toMatch(/text\/html/);
    expect((await fetch(`${url}/ui/mermaid.min.js`)).status).toBe(200);
    expect(await (await fetch(`${url}/metrics`)).text()).toContain(
      "# TYPE charter_runs_started_total counter",
    );
    stop.abort();
    expect(await serving).toBe(0);
    expect(stderr).toContain('"msg":"runner service stopped"');
    for (const line of stderr.trim().split("\n")) expect(() => JSON.parse(line)).not.toThrow();
  });
});

describe("charter serve --redis with charter worker (scale-out)", () => {
  it("charter worker says what it needs", async () => {
    const noDb = await cli(["worker", "--redis", "redis://127.0.0.1:1", "--tenant", "support"]);
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toMatch(/Workers share run state in PostgreSQL: pass --database/);
    const badRedis = await cli([
      "worker",
      "--database",
      "postgres://x@127.0.0.1/test",
      "--redis",
      "http://x",
      "--tenant",
      "a",
    ]);
    expect(badRedis.stderr).toMatch(/--redis must be a redis:\/\/ URL/);
    const noTenant = await cli([
      "worker",
      "--database",
      "postgres://x@127.0.0.1/test",
      "--redis",
      "redis://127.0.0.1:1",
    ]);
    expect(noTenant.stderr).toMatch(/Which tenants' queues\?/);
    const runNoDb = await cli(["run", "support/triage@1.0.0", "--redis", "redis://127.0.0.1:1"], {
      env: { CHARTER_DATABASE_URL: "" },
    });
    expect(runNoDb.code).toBe(2);
    expect(runNoDb.stderr).toMatch(/share their state in PostgreSQL: pass --database/);
    const runBadUrl = await cli([
      "run",
      "support/triage@1.0.0",
      "--redis",
      "not a url",
      "--database",
      "postgres://x@127.0.0.1/test",
    ]);
    expect(runBadUrl.stderr).toMatch(/--redis must be a URL like redis:\/\//);
    expect(runBadUrl.stderr).not.toMatch(/TypeError| {4}at /);
  });

  it("charter run --redis hands the run to a worker and waits for it", async () => {
    const { startRedis, freePort } = await import("./helpers/redis.ts");
    const pgmod = await import("pg");
    const { workerCommand } = await import("../cli/commands/worker.ts");
    const { runCommand } = await import("../cli/commands/run.ts");
    const port = await freePort();
    const redis = await startRedis(port);
    const schema = `charter_run_${Math.random().toString(36).slice(2, 10)}`;
    const database = `postgres://postgres@127.0.0.1:5432/test?schema=${schema}`;
    const r = await runnerScenario();
    r.store.close();
    const cwd = writeTree({ "input.json": JSON.stringify({ text: "I was charged twice", email: "a@b.c" }) });
    let stderr = "";
    let stdout = "";
    const io = (): CliIO => ({
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      cwd,
      env: { CHARTER_DATABASE_URL: database, CHARTER_TENANTS: "support", CHARTER_METRICS_TOKEN: "m-secret" },
      isTTY: false,
    });
    const stop = new AbortController();
    try {
      const working = workerCommand(
        { redis: `redis://127.0.0.1:${port}`, metricsPort: "0" },
        io(),
        stop.signal,
      );
      let metricsUrl = "";
      for (let i = 0; i < 200 && !metricsUrl; i++) {
        metricsUrl = /"metrics":"(http:\/\/[^"]+)"/.exec(stderr)?.[1] ?? "";
        await new Promise((res) => setTimeout(res, 20));
      }
      expect(metricsUrl, stderr).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const code = await runCommand(
        "support/triage@1.1.0",
        {
          registry: r.s.registryDir,
          key: [r.s.publicKeyFile],
          input: "input.json",
          redis: `redis://127.0.0.1:${port}`,
          format: "pretty",
        },
        io(),
      );
      // The worker has no model keys and no cassettes: it executed the first step and failed it.
      expect(code, stderr).toBe(1);
      expect(stdout).toMatch(/failed/);
      expect(stdout).toMatch(/classify/);
      expect(stderr).toMatch(/"msg":"run failed","tenant":"support"/);
      // The worker's own metrics: what it executed, behind the metrics token.
      expect((await fetch(metricsUrl)).status).toBe(401);
      expect((await fetch(metricsUrl, { headers: { authorization: "Bearer wrong-secret" } })).status).toBe(
        401,
      );
      const scraped = await fetch(metricsUrl, { headers: { authorization: "Bearer m-secret" } });
      expect(scraped.status).toBe(200);
      const text = await scraped.text();
      expect(text).toContain('charter_runs_finished_total{status="failed",tenant="support"} 1');
      expect(text, text).toMatch(/charter_node_duration_seconds_count\{tenant="support",type="llm"\} [1-9]/);
      expect((await fetch(metricsUrl.replace("/metrics", "/healthz"))).status).toBe(200);
      stop.abort();
      expect(await working).toBe(0);
      await expect(fetch(metricsUrl)).rejects.toThrow(); // the endpoint stops with the worker
    } finally {
      stop.abort();
      redis.kill("SIGKILL");
      const pool = new pgmod.default.Pool({ connectionString: "postgres://postgres@127.0.0.1:5432/test" });
      await pool.query(`drop schema if exists "${schema}" cascade`).catch(() => {});
      await pool.end();
    }
  }, 60_000);

  it("queues a run from the API and a worker process executes it from the shared state", async () => {
    const { startRedis, freePort } = await import("./helpers/redis.ts");
    const pgmod = await import("pg");
    const { workerCommand } = await import("../cli/commands/worker.ts");
    const port = await freePort();
    const redis = await startRedis(port);
    const schema = `charter_serve_${Math.random().toString(36).slice(2, 10)}`;
    const database = `postgres://postgres@127.0.0.1:5432/test?schema=${schema}`;
    const r = await runnerScenario();
    r.store.close();
    const cwd = writeTree({});
    const state = join(cwd, "state");
    const token = (
      await cli(["tokens", "create", "--tenant", "support", "--user", "alice", "--state", state], { cwd })
    ).stdout.split("\n")[0]!;
    let stderr = "";
    const io = (): CliIO => ({
      stdout: () => {},
      stderr: (t) => {
        stderr += t;
      },
      cwd,
      env: {
        CHARTER_DATABASE_URL: database,
        CHARTER_REDIS_URL: `redis://127.0.0.1:${port}`,
        CHARTER_TENANTS: "support",
      },
      isTTY: false,
    });
    const stop = new AbortController();
    try {
      const serving = serveCommand(
        { state, port: "0", registry: r.s.registryDir, key: [r.s.publicKeyFile] },
        io(),
        stop.signal,
      );
      let url = "";
      for (let i = 0; i < 200 && !url; i++) {
        url = /"url":"(http:\/\/[^"]+)"/.exec(stderr)?.[1] ?? "";
        await new Promise((res) => setTimeout(res, 20));
      }
      // The worker's tools: the scenario's triage calls crm tools over HTTP; this test stops at the gate.
      const working = workerCommand({}, io(), stop.signal);
      const call = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`${url}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        return { status: res.status, json: (await res.json()) as { run: { id: string; status: string } } };
      };
      const started = await call("POST", "/v1/runs", {
        release: "support/triage@1.1.0",
        inputs: { text: "I was charged twice", email: "ann@example.com" },
      });
      expect(started.status, JSON.stringify(started.json)).toBe(202);
      expect(stderr).toContain('"msg":"run queued"');
      let status = "";
      for (let i = 0; i < 300 && status !== "succeeded" && status !== "failed"; i++) {
        status = (await call("GET", `/v1/runs/${started.json.run.id}`)).json.run.status;
        await new Promise((res) => setTimeout(res, 50));
      }
      // The worker has no model keys and no cassettes: it ran the first step and failed it, cleanly.
      expect(status).toBe("failed");
      const run = (await call("GET", `/v1/runs/${started.json.run.id}`)).json as unknown as {
        run: { error: { message: string } };
        nodes: Record<string, { status: string }>;
      };
      expect(run.nodes.classify?.status).toBe("failed");
      expect(run.run.error.message).toMatch(/node \w+ failed/);
      expect(stderr).toContain('"msg":"worker started"');
      expect(stderr).toMatch(/"msg":"run failed","tenant":"support"/);
      stop.abort();
      expect(await serving).toBe(0);
      expect(await working).toBe(0);
    } finally {
      stop.abort();
      redis.kill("SIGKILL");
      const pool = new pgmod.default.Pool({ connectionString: "postgres://postgres@127.0.0.1:5432/test" });
      await pool.query(`drop schema if exists "${schema}" cascade`).catch(() => {});
      await pool.end();
    }
  }, 60_000);
});
