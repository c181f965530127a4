/**
 * Scale-out throughput: 1,000 runs of a 5-step workflow (n1 → n2, n3 → n4 → n5, every step a model
 * call to a stub OpenAI-compatible server answering after 20 ms, in its own process) through
 * `charter worker` processes on BullMQ + Redis with run state in PostgreSQL — 1, 2 and 4 workers,
 * with each orchestration (`flow`: step jobs as children of the run's job; `await`: the run's job
 * awaits each step) — beside the in-process runner on the same PostgreSQL state in the same run.
 * Prints runs/s, p50/p95 run latency (created → finished), Redis commands per step, and round trips
 * per step (requests to Redis, counted from MONITOR on a smaller pass).
 *
 * `npm run bench -- scale [RUNS]`   (needs PostgreSQL on 127.0.0.1:5432 and redis-server)
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { mapPool } from "../core/async/pool.ts";
import { publishProject } from "../core/publish/project.ts";
import { openRegistry } from "../core/registry/open.ts";
import { loadTrustedKeys, writeKeyPair } from "../core/signing/keys.ts";
import { bundleTools } from "../runner/default-tools.ts";
import { PgRunStore } from "../runner/pg-store.ts";
import { RunQueues } from "../runner/queue/scale-out.ts";
import { Runner } from "../runner/runner.ts";
import { freePort, startRedis } from "../test/helpers/redis.ts";

const DATABASE = process.env.CHARTER_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const ROOT = join(import.meta.dirname, "..");

function startStub(latencyMs: number): Promise<{ url: string; proc: ChildProcess }> {
  return new Promise((resolve) => {
    const proc = spawn(
      process.execPath,
      [join(import.meta.dirname, "stub-openai-server.mjs"), String(latencyMs)],
      {
        stdio: ["pipe", "pipe", "inherit"],
      },
    );
    proc.stdout!.once("data", (b) => resolve({ url: String(b).trim().split("\n")[0]!, proc }));
  });
}

function repoFiles(url: string): Record<string, string> {
  const needs: Record<number, string> = { 2: "[n1]", 3: "[n1]", 4: "[n2, n3]", 5: "[n4]" };
  const nodes = [1, 2, 3, 4, 5]
    .map(
      (i) =>
        `  n${i}:\n    type: llm\n${needs[i] ? `    needs: ${needs[i]}\n` : ""}    prompt: p\n    route: fast\n`,
    )
    .join("");
  return {
    "charter.yml":
      "apiVersion: charter/v1\nkind: Charter\nname: scale\ngovernance:\n  owners: [user:owner]\n",
    "models.yml": `apiVersion: charter/v1\nkind: Models\nproviders:\n  local: { type: openai-compatible, base_url: "${url}" }\nmodels:\n  local-model: { provider: local, model: local-model, input_cost_per_token: 0, output_cost_per_token: 0 }\n`,
    "tenants/bench/tenant.yml":
      "apiVersion: charter/v1\nkind: Tenant\nname: bench\napprovals: { approvers: [user:owner] }\nbudget: { max_usd_per_run: 1 }\nallow: { providers: [local], models: [local-model] }\n",
    "tenants/bench/routes.yml":
      "apiVersion: charter/v1\nkind: Routes\nroutes:\n  fast:\n    targets:\n      - model: local-model\n",
    "tenants/bench/prompts/p.yml":
      "apiVersion: charter/v1\nkind: Prompt\nname: p\nversion: 1.0.0\nmessages:\n  - role: user\n    content: Say hello.\n",
    "tenants/bench/workflows/w.yml": `apiVersion: charter/v1\nkind: Workflow\nname: w\nversion: 1.0.0\nbudget: { max_usd: 1, timeout: 120s }\nmax_concurrency: 5\nnodes:\n${nodes}outputs:\n  last: \${{ nodes.n5.output }}\n`,
  };
}

function redisCommands(port: number): number {
  const text = execFileSync("redis-cli", ["-p", String(port), "INFO", "commandstats"], { encoding: "utf8" });
  return [...text.matchAll(/calls=(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
}

/**
 * Counts the requests clients send to Redis (round trips), from MONITOR: commands a Lua script runs
 * inside Redis are listed as `[0 lua]` and are not round trips. MONITOR costs Redis some time, so the
 * throughput figures come from passes without it.
 */
function monitorRoundTrips(port: number): { stop(): Promise<number> } {
  const p = spawn("redis-cli", ["-p", String(port), "monitor"], { stdio: ["ignore", "pipe", "ignore"] });
  let trips = 0;
  let rest = "";
  p.stdout.setEncoding("utf8");
  p.stdout.on("data", (chunk: string) => {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) if (line.includes('] "') && !line.includes(" lua]")) trips++;
  });
  return {
    async stop() {
      await new Promise((r) => setTimeout(r, 200));
      p.kill("SIGTERM");
      return trips;
    },
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

export async function run(args: string[]): Promise<void> {
  const runs = Number(args[0] ?? 1000);
  const stub = await startStub(20);
  const dir = mkdtempSync(join(tmpdir(), "charter-bench-scale-"));
  const files = repoFiles(stub.url);
  for (const [path, text] of Object.entries(files)) {
    execFileSync("mkdir", ["-p", join(dir, path, "..")]);
    execFileSync("tee", [join(dir, path)], { input: text, stdio: ["pipe", "ignore", "inherit"] });
  }
  const git = (...a: string[]) =>
    execFileSync("git", a, {
      cwd: dir,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "b",
        GIT_AUTHOR_EMAIL: "b@x",
        GIT_COMMITTER_NAME: "b",
        GIT_COMMITTER_EMAIL: "b@x",
      },
    });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-qm", "bench");
  const key = await writeKeyPair(dir, "k");
  const registry = join(dir, "registry");
  await publishProject({ dir, registry, env: { CHARTER_SIGNING_KEY_FILE: key.privateKeyPath } });
  const port = await freePort();
  let redis = await startRedis(port);
  const admin = new pg.Pool({ connectionString: DATABASE });
  const results: string[] = [];
  console.log(
    `scale: ${runs} runs × 5 model steps (stub provider, 20 ms) — PostgreSQL state, Redis on 127.0.0.1:${port}\n`,
  );
  try {
    // Both orchestrations, then 1 worker again on fewer runs under MONITOR, to count round trips.
    type Pass = { workers: number; runs: number; orchestration?: "flow" | "await"; monitor?: boolean };
    const passes: Pass[] = [{ workers: 0, runs }];
    for (const orchestration of ["flow", "await"] as const)
      for (const workers of [1, 2, 4]) passes.push({ workers, runs, orchestration });
    for (const orchestration of ["flow", "await"] as const)
      passes.push({ workers: 1, runs: Math.min(runs, 200), orchestration, monitor: true });
    for (const pass of passes) {
      const { workers } = pass;
      const runs = pass.runs;
      const schema = `charter_bench_${workers}_${Date.now().toString(36)}`;
      const store = await PgRunStore.open({ connectionString: DATABASE, schema });
      const runner = new Runner({
        store,
        registry: openRegistry(registry),
        trust: { trustedKeys: loadTrustedKeys([key.publicKeyPath]) },
        env: {},
        mode: "live",
        tools: bundleTools({}),
      });
      const start = { tenant: "bench", workflow: "w", ref: "1.0.0", inputs: {}, allowUnapproved: true };
      // Admission (verification) is the same in both modes and not what is measured: create first.
      const ids = await mapPool(Array.from({ length: runs }), 8, async () => (await runner.create(start)).id);
      const procs: ChildProcess[] = [];
      const commandsBefore = redisCommands(port);
      const monitor = pass.monitor ? monitorRoundTrips(port) : undefined;
      const t0 = Date.now();
      if (workers === 0) {
        await mapPool(ids, 50, (id) => runner.execute(id));
      } else {
        const url = `${DATABASE}${DATABASE.includes("?") ? "&" : "?"}schema=${schema}`;
        for (let i = 0; i < workers; i++)
          procs.push(
            spawn(
              process.execPath,
              [
                join(ROOT, "bin", "charter.js"),
                "worker",
                "--database",
                url,
                "--redis",
                `redis://127.0.0.1:${port}`,
                "--tenant",
                "bench",
                "--mode",
                "live",
                "--concurrency",
                "50",
                "--orchestration",
                pass.orchestration ?? "flow",
              ],
              { stdio: "ignore" },
            ),
          );
        const queues = new RunQueues({
          connection: { host: "127.0.0.1", port, maxRetriesPerRequest: null },
          tenants: ["bench"],
        });
        await mapPool(ids, 32, (id) => queues.enqueueRun("bench", id));
        await queues.close();
        for (;;) {
          const { rows } = await admin.query(
            `select count(*)::int as n from "${schema}".runs where status in ('running')`,
          );
          if (rows[0].n === 0) break;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      const wall = Date.now() - t0;
      const trips = await monitor?.stop();
      const commands = redisCommands(port) - commandsBefore;
      for (const p of procs) p.kill("SIGTERM");
      const { rows } = await admin.query(`select status, started_at, ended_at from "${schema}".runs`);
      const ok = rows.filter((r) => r.status === "succeeded").length;
      // Latency from when processing began (runs were created up front) to each run's end.
      const latencies = rows.map((r) => Number(r.ended_at) - t0);
      const line = `${(workers === 0 ? "in-process runner" : `${pass.orchestration}: ${workers} worker process${workers > 1 ? "es" : ""}`).padEnd(28)} ${String(((runs / wall) * 1000).toFixed(1)).padStart(7)} runs/s   p50 ${String(pct(latencies, 50)).padStart(6)} ms   p95 ${String(pct(latencies, 95)).padStart(6)} ms   ${ok}/${runs} succeeded${workers ? `   ${(commands / (runs * 5)).toFixed(1)} Redis commands per step` : ""}`;
      if (trips !== undefined) {
        const tripLine = `${pass.orchestration}: round trips (MONITOR, 1 worker, ${runs} runs): ${(trips / (runs * 5)).toFixed(1)} requests to Redis per step (${(commands / (runs * 5)).toFixed(1)} commands counting those scripts run inside Redis)`;
        console.log(tripLine);
        results.push(tripLine);
      } else {
        console.log(line);
        results.push(line);
      }
      await store.close();
      await admin.query(`drop schema if exists "${schema}" cascade`);
      redis.kill("SIGKILL");
      redis = await startRedis(port);
    }
  } finally {
    redis.kill("SIGKILL");
    stub.proc.kill();
    await admin.end();
  }
  console.log("\nLatency is from the start of processing to each run's end (all runs were queued at once).");
}
