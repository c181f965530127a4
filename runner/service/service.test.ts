import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { INPUTS, type RunnerScenario, runnerScenario } from "../../test/helpers/runner-scenario.ts";
import { writeTree } from "../../test/helpers/tree.ts";
import { jsonLogger } from "./log.ts";
import { RunnerMetrics } from "./metrics.ts";
import { RunnerService } from "./server.ts";
import { TokenStore } from "./tokens.ts";

describe("runner service", () => {
  let r: RunnerScenario;
  let tokens: TokenStore;
  let service: RunnerService;
  let base: string;
  let logs: string[];
  const t: Record<string, string> = {};

  beforeEach(async () => {
    r = await runnerScenario();
    tokens = new TokenStore(join(writeTree({}), "tokens.db"));
    const now = Date.now();
    t.support = tokens.create({ tenant: "support", name: "ops", user: "alice" }).token;
    t.supportRead = tokens.create({ tenant: "support", name: "dashboard", scopes: ["runs:read"] }).token;
    t.supportBot = tokens.create({
      tenant: "support",
      name: "ci",
      scopes: ["runs:read", "runs:write", "approvals:write"],
    }).token;
    t.finance = tokens.create({ tenant: "finance", name: "fin", user: "alice" }).token;
    t.expired = tokens.create({ tenant: "support", name: "old", user: "alice", expiresAt: now - 1000 }).token;
    const revoked = tokens.create({ tenant: "support", name: "gone", user: "alice" });
    tokens.revoke(revoked.info.tokenId);
    t.revoked = revoked.token;
    logs = [];
    const metrics = new RunnerMetrics();
    service = new RunnerService({
      runner: r.runner({
        onCheckpoint: (runId, rec) => metrics.nodeSettled(r.store.getRun(runId)!.tenant, rec),
        onRunSettled: (run) => metrics.runSettled(run),
      }),
      store: r.store,
      tokens,
      metrics,
      log: jsonLogger((line) => logs.push(line)),
      viewer: () => "<!doctype html><title>runs</title>",
    });
    const address = await service.listen(0);
    base = `http://127.0.0.1:${address.port}`;
  });
  afterEach(async () => {
    await service.shutdown(1000);
    tokens.close();
    r.store.close();
  });

  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: the tests read arbitrary JSON answers
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, json, headers: res.headers };
  };

  // biome-ignore lint/suspicious/noExplicitAny: the tests read arbitrary JSON answers
  async function settle(runId: string, token = t.support!): Promise<any> {
    for (let i = 0; i < 200; i++) {
      const { json } = await call("GET", `/v1/runs/${runId}`, token);
      if (json.run.status !== "running") return json;
      await new Promise((res) => setTimeout(res, 20));
    }
    throw new Error(`run ${runId} did not settle`);
  }

  it("runs, parks, lists approvals, approves through a person's token, and completes", async () => {
    expect((await call("GET", "/healthz")).status).toBe(200);
    expect((await call("GET", "/readyz")).json).toEqual({ ready: true });
    const started = await call("POST", "/v1/runs", t.support, {
      release: "support/triage@1.1.0",
      inputs: INPUTS,
    });
    expect(started.status).toBe(202);
    const id = started.json.run.id as string;
    const parked = await settle(id);
    expect(parked.run.status).toBe("waiting");
    expect(parked.plan.waves.flat()).toContain("gate");
    expect(
      (await call("GET", "/v1/approvals", t.support)).json.approvals.map((a: { node: string }) => a.node),
    ).toEqual(["gate"]);
    const diagram = await call("GET", `/v1/runs/${id}/diagram`, t.supportRead);
    expect(diagram.json).toMatch(/^flowchart TD/);
    expect(diagram.json).toContain(":::waiting");

    expect(
      (await call("POST", `/v1/runs/${id}/approvals/gate`, t.supportRead, { decision: "approve" })).status,
    ).toBe(403);
    const bot = await call("POST", `/v1/runs/${id}/approvals/gate`, t.supportBot, { decision: "approve" });
    expect(bot.status).toBe(403);
    expect(bot.json.error.message).toMatch(/not issued to a person/);
    const approved = await call("POST", `/v1/runs/${id}/approvals/gate`, t.support, {
      decision: "approve",
      comment: "fine",
    });
    expect(approved.status).toBe(202);
    const done = await settle(id);
    expect(done.run.status).toBe("succeeded");
    expect(done.nodes.gate.approval).toMatchObject({ decision: "approved", approvers: ["user:alice"] });
    const listed = await call("GET", "/v1/runs?status=succeeded", t.supportRead);
    expect(listed.json.runs.map((x: { id: string }) => x.id)).toEqual([id]);

    const metrics = await call("GET", "/metrics");
    expect(metrics.json).toContain('charter_runs_started_total{tenant="support"} 1');
    expect(metrics.json).toContain('charter_runs_finished_total{status="succeeded",tenant="support"} 1');
    expect(metrics.json).toMatch(/charter_node_duration_seconds_count\{tenant="support",type="llm"\} 1/);
    const lines = logs.map((l) => JSON.parse(l));
    expect(lines.find((l) => l.msg === "run started")).toMatchObject({
      tenant: "support",
      run_id: id,
      level: "info",
    });
  });

  it("refuses every endpoint without a valid token, with the same answer whatever was wrong", async () => {
    const endpoints: [string, string][] = [
      ["GET", "/v1/runs"],
      ["POST", "/v1/runs"],
      ["GET", "/v1/runs/run_abc"],
      ["GET", "/v1/runs/run_abc/diagram"],
      ["GET", "/v1/approvals"],
      ["POST", "/v1/runs/run_abc/approvals/gate"],
    ];
    const bodies = new Set<string>();
    for (const [method, path] of endpoints)
      for (const token of [
        undefined,
        "nonsense",
        `chr_${"0".repeat(16)}_${"A".repeat(43)}`,
        t.expired,
        t.revoked,
      ]) {
        const res = await call(method, path, token, method === "POST" ? {} : undefined);
        expect(res.status, `${method} ${path} with ${token?.slice(0, 8)}`).toBe(401);
        expect(res.headers.get("www-authenticate")).toBe("Bearer");
        bodies.add(JSON.stringify(res.json));
      }
    expect([...bodies]).toEqual([
      JSON.stringify({ error: { code: "unauthorized", message: "Invalid or expired token." } }),
    ]);
    expect(r.provider.calls).toHaveLength(0);
  });

  it("never lets one tenant's token read, start or approve another tenant's runs", async () => {
    const started = await call("POST", "/v1/runs", t.support, {
      release: "support/triage@1.1.0",
      inputs: INPUTS,
    });
    const id = started.json.run.id as string;
    await settle(id);
    const missing = await call("GET", "/v1/runs/run_doesnotexist", t.finance);
    const foreign = await call("GET", `/v1/runs/${id}`, t.finance);
    expect(foreign.status).toBe(404);
    expect(foreign.json).toEqual(missing.json); // indistinguishable from a run that does not exist
    expect((await call("GET", `/v1/runs/${id}/diagram`, t.finance)).status).toBe(404);
    expect((await call("GET", "/v1/runs", t.finance)).json).toEqual({ runs: [] });
    expect((await call("GET", "/v1/approvals", t.finance)).json).toEqual({ approvals: [] });
    const approve = await call("POST", `/v1/runs/${id}/approvals/gate`, t.finance, { decision: "approve" });
    expect(approve.status).toBe(404);
    const start = await call("POST", "/v1/runs", t.finance, {
      release: "support/triage@1.1.0",
      inputs: INPUTS,
    });
    expect(start.status).toBe(403);
    expect(JSON.stringify(start.json)).not.toContain(id);
    expect((await call("GET", `/v1/runs/${id}`, t.support)).json.run.status).toBe("waiting"); // untouched
  });

  it("reports refusals and bad requests as JSON errors", async () => {
    const refused = await call("POST", "/v1/runs", t.support, {
      release: "support/triage@1.0.0",
      inputs: INPUTS,
    });
    expect(refused.status).toBe(422);
    expect(refused.json.error.code).toBe("refused:unapproved");
    expect((await call("POST", "/v1/runs", t.support, "{not json")).status).toBe(400);
    expect((await call("POST", "/v1/runs", t.support, { release: "../x" })).status).toBe(400);
    expect(
      (await call("POST", "/v1/runs", t.support, { release: "support/triage@1.1.0", inputs: [1] })).status,
    ).toBe(400);
    const huge = await call("POST", "/v1/runs", t.support, {
      release: "support/triage@1.1.0",
      inputs: { x: "a".repeat(2_000_000) },
    });
    expect(huge.status).toBe(413);
    expect((await call("GET", "/v1/runs?status=weird", t.support)).status).toBe(400);
    expect((await call("GET", "/nope", t.support)).status).toBe(404);
    expect((await call("GET", "/metrics")).json).toContain(
      'charter_runs_refused_total{reason="unapproved",tenant="support"} 1',
    );
  });

  it("shuts down gracefully: not ready, no new work, in-flight runs reach a checkpoint", async () => {
    const started = await call("POST", "/v1/runs", t.support, {
      release: "support/triage@1.1.0",
      inputs: INPUTS,
    });
    const id = started.json.run.id as string;
    await service.shutdown(5000);
    const run = r.store.getRun(id)!;
    expect(["waiting", "succeeded"]).toContain(run.status);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
