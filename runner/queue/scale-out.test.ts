/**
 * Scale-out against real services on 127.0.0.1: a Redis server started by the test (so it can be
 * killed and restarted) and PostgreSQL (a fresh schema). Several worker processes complete a set of
 * runs — every step exactly once, none lost; a worker SIGKILLed mid-run and a Redis restart mid-run
 * both end with every run complete and each side effect applied once.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { publishProject } from "../../core/publish/project.ts";
import { openRegistry } from "../../core/registry/open.ts";
import { loadTrustedKeys, writeKeyPair } from "../../core/signing/keys.ts";
import { freePort, startRedis } from "../../test/helpers/redis.ts";
import { gitRepo, type Tree, writeTree } from "../../test/helpers/tree.ts";
import { PgRunStore } from "../pg-store.ts";
import { Runner } from "../runner.ts";
import { type Orchestration, RunQueues } from "./scale-out.ts";

const DATABASE = process.env.CHARTER_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const WORKER = join(import.meta.dirname, "..", "fixtures", "queue-worker.ts");
const STEPS = 5;

function tree(): Tree {
  const nodes: string[] = [];
  // A diamond-ish DAG: n1 → (n2, n3) → n4 (the write) → n5.
  const needs: Record<number, string> = { 2: "[n1]", 3: "[n1]", 4: "[n2, n3]", 5: "[n4]" };
  for (let i = 1; i <= STEPS; i++)
    nodes.push(
      `  n${i}:\n    type: tool\n${needs[i] ? `    needs: ${needs[i]}\n` : ""}    tool: ${i === 4 ? "ledger.append" : "trace.mark"}\n    with: { ${i === 4 ? "value: 4" : `node: n${i}`} }\n`,
    );
  return {
    "charter.yml":
      "apiVersion: charter/v1\nkind: Charter\nname: scale\ngovernance:\n  owners: [user:owner]\n",
    "models.yml":
      "apiVersion: charter/v1\nkind: Models\nproviders:\n  replay: { type: replay }\nmodels:\n  m: { provider: replay, model: m, input_cost_per_token: 0, output_cost_per_token: 0 }\n",
    "tools/trace.yml":
      "apiVersion: charter/v1\nkind: ToolCatalog\nnamespace: trace\nconnector: { type: builtin }\ntools:\n  mark:\n    description: Log an execution.\n    effect: read\n    idempotent: true\n    input: { type: object, properties: { node: { type: string } } }\n",
    "tools/ledger.yml":
      "apiVersion: charter/v1\nkind: ToolCatalog\nnamespace: ledger\nconnector: { type: builtin }\ntools:\n  append:\n    description: Append to the ledger.\n    effect: write\n    input: { type: object, properties: { value: { type: integer } } }\n",
    "tenants/ops/tenant.yml":
      "apiVersion: charter/v1\nkind: Tenant\nname: ops\napprovals: { approvers: [user:owner] }\nbudget: { max_usd_per_run: 1 }\nallow: { providers: [replay], models: [m], tools: [trace.*, ledger.*] }\n",
    "tenants/ops/workflows/chain.yml": `apiVersion: charter/v1\nkind: Workflow\nname: chain\nversion: 1.0.0\nbudget: { max_usd: 0.1, timeout: 60s }\nnodes:\n${nodes.join("")}outputs:\n  last: \${{ nodes.n5.output }}\n`,
  };
}

function startWorker(
  port: number,
  schema: string,
  work: string,
  orchestration: Orchestration,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ["--import", "tsx", WORKER, String(port), DATABASE, schema, work, orchestration],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let err = "";
    p.stderr.on("data", (b) => {
      err += b;
      if (process.env.CHARTER_DEBUG_WORKERS) process.stderr.write(b);
    });
    p.stdout.on("data", (b) => {
      if (String(b).includes("ready")) resolve(p);
    });
    p.on("exit", (code) => reject(new Error(`worker exited ${code}: ${err}`)));
  });
}

const lines = (path: string) =>
  existsSync(path) ? readFileSync(path, "utf8").split("\n").filter(Boolean) : [];

describe.each<Orchestration>(["flow", "await"])(
  "scale-out on BullMQ workers, %s orchestration (real Redis and PostgreSQL)",
  (orchestration) => {
    let schema: string;
    let redis: ChildProcess;
    let port: number;
    let store: PgRunStore;
    let queues: RunQueues;
    let runner: Runner;
    let work: string;
    const workers: ChildProcess[] = [];

    beforeEach(async () => {
      const admin = new pg.Pool({ connectionString: DATABASE });
      try {
        await admin.query("select 1");
      } catch (e) {
        throw new Error(
          `PostgreSQL is needed on 127.0.0.1:5432 for the scale-out tests: ${(e as Error).message}`,
        );
      } finally {
        await admin.end();
      }
      schema = `charter_scale_${Math.random().toString(36).slice(2, 10)}`;
      port = await freePort();
      redis = await startRedis(port);
      store = await PgRunStore.open({ connectionString: DATABASE, schema });
      const { dir, shas } = gitRepo([tree()]);
      const key = await writeKeyPair(writeTree({}), "k");
      const registry = join(writeTree({}), "registry");
      await publishProject({
        dir,
        ref: shas[0]!,
        registry,
        env: { CHARTER_SIGNING_KEY_FILE: key.privateKeyPath },
      });
      runner = new Runner({
        store,
        registry: openRegistry(registry),
        trust: { trustedKeys: loadTrustedKeys([key.publicKeyPath]) },
        env: {},
        mode: "replay",
        tools: () => ({
          invoke: async () => {
            throw new Error("the test process never runs steps");
          },
        }),
      });
      queues = new RunQueues({
        connection: { host: "127.0.0.1", port, maxRetriesPerRequest: null },
        tenants: ["ops"],
      });
      work = writeTree({});
    });

    afterEach(async () => {
      for (const w of workers.splice(0)) w.kill("SIGKILL");
      await queues.close().catch(() => {});
      redis.kill("SIGKILL");
      const admin = new pg.Pool({ connectionString: DATABASE });
      await admin.query(`drop schema if exists "${schema}" cascade`).catch(() => {});
      await admin.end();
      await store.close();
    });

    async function startRuns(n: number): Promise<string[]> {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const run = await runner.create({
          tenant: "ops",
          workflow: "chain",
          ref: "1.0.0",
          inputs: {},
          allowUnapproved: true,
        });
        await queues.enqueueRun("ops", run.id);
        ids.push(run.id);
      }
      return ids;
    }

    async function allDone(ids: string[], timeoutMs = 60_000, during?: () => Promise<void>): Promise<void> {
      const until = Date.now() + timeoutMs;
      let hooked = false;
      while (Date.now() < until) {
        const statuses = await Promise.all(ids.map(async (id) => (await store.getRun(id))!.status));
        if (statuses.every((s) => s === "succeeded")) return;
        if (during && !hooked && lines(join(work, "executions.log")).length >= ids.length * 2) {
          hooked = true;
          await during();
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      const left = await Promise.all(ids.map(async (id) => `${id}:${(await store.getRun(id))!.status}`));
      throw new Error(`runs did not all finish: ${left.join(", ")}`);
    }

    function expectEachStepOnce(ids: string[], atMostTwiceAfterCrash = false) {
      const executed = lines(join(work, "executions.log"));
      for (const id of ids)
        for (let i = 1; i <= STEPS; i++) {
          const count = executed.filter((l) => l === `${id}:n${i}`).length;
          if (atMostTwiceAfterCrash) expect(count, `${id}:n${i}`).toBeGreaterThanOrEqual(1);
          else expect(count, `${id}:n${i}`).toBe(1);
        }
      // The side effect: exactly once per run, whatever happened.
      expect(lines(join(work, "effects.log")).sort()).toEqual(ids.map((id) => `${id}:n4`).sort());
    }

    it("completes runs across three worker processes, each step exactly once", async () => {
      for (let i = 0; i < 3; i++) workers.push(await startWorker(port, schema, work, orchestration));
      const ids = await startRuns(12);
      await allDone(ids);
      expectEachStepOnce(ids);
      const nodes = await store.nodes(ids[0]!);
      expect(Object.values(nodes).map((n) => n.status)).toEqual(Array(STEPS).fill("succeeded"));
    }, 90_000);

    it("survives a worker SIGKILLed mid-run: every run completes, completed steps are not redone, effects once", async () => {
      workers.push(await startWorker(port, schema, work, orchestration));
      workers.push(await startWorker(port, schema, work, orchestration));
      const ids = await startRuns(10);
      await allDone(ids, 90_000, async () => {
        workers[0]!.kill("SIGKILL");
        workers.push(await startWorker(port, schema, work, orchestration));
      });
      expectEachStepOnce(ids, true);
      // Nothing that was checkpointed ran again: at most the steps in flight at the kill repeat.
      const executed = lines(join(work, "executions.log"));
      expect(executed.length).toBeLessThanOrEqual(ids.length * STEPS + 8);
    }, 120_000);

    it("survives a Redis restart mid-run: reconciliation re-enqueues what the store has as running", async () => {
      workers.push(await startWorker(port, schema, work, orchestration));
      workers.push(await startWorker(port, schema, work, orchestration));
      const ids = await startRuns(10);
      await allDone(ids, 90_000, async () => {
        redis.kill("SIGKILL");
        await new Promise((r) => setTimeout(r, 300));
        redis = await startRedis(port); // empty: Redis kept nothing
        await queues.reconcile(store);
      });
      expectEachStepOnce(ids, true);
    }, 120_000);
  },
);
