/**
 * Evaluation throughput against the physical limit. A local OpenAI-compatible server on 127.0.0.1
 * answers every chat completion after exactly 100 ms; 400 cases run at concurrency 16. The limit is
 * cases × latency ÷ concurrency (2.5 s); target ≤ 1.15× the limit. A second run with nothing changed
 * must make zero provider calls (the content-keyed cache). When promptfoo 0.121.x (its last Node 20
 * line) is installed (PROMPTFOO_BIN), it runs the same cases against the same server for comparison.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evalProject } from "../core/eval/project.ts";
import { ms } from "./stats.ts";

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);

/** The stand-in provider runs in its own process: its CPU time is the provider's, not ours. */
function startServer(): Promise<{ url: string; requests: () => Promise<number>; close: () => void }> {
  const child = spawn(
    process.execPath,
    [join(import.meta.dirname, "stub-openai-server.mjs"), String(LATENCY_MS)],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const lines: ((line: string) => void)[] = [];
  let buffer = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    buffer += chunk;
    let nl = buffer.indexOf("\n");
    while (nl >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lines.shift()?.(line);
      nl = buffer.indexOf("\n");
    }
  });
  const nextLine = () => new Promise<string>((resolve) => lines.push(resolve));
  return nextLine().then((url) => ({
    url,
    requests: async () => {
      const answer = nextLine();
      child.stdin.write("count\n");
      return Number(await answer);
    },
    close: () => child.stdin.end(),
  }));
}

function repository(dir: string, url: string, cases: number, concurrency: number): void {
  const write = (path: string, text: string) => writeFileSync(join(dir, path), text);
  mkdirSync(join(dir, "tenants/bench/prompts"), { recursive: true });
  mkdirSync(join(dir, "tenants/bench/evals"), { recursive: true });
  write(
    "charter.yml",
    "apiVersion: charter/v1\nkind: Charter\nname: bench\ngovernance: { owners: [team:a/b] }\n",
  );
  write(
    "models.yml",
    `apiVersion: charter/v1\nkind: Models\nproviders:\n  local: { type: openai-compatible, base_url: "${url}" }\nmodels:\n  local-model: { provider: local, model: local-model, input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 }\n`,
  );
  write(
    "tenants/bench/tenant.yml",
    "apiVersion: charter/v1\nkind: Tenant\nname: bench\napprovals: { approvers: [team:a/b] }\nbudget: { max_usd_per_run: 1 }\nallow: { providers: [local], models: [local-model] }\n",
  );
  write(
    "tenants/bench/routes.yml",
    "apiVersion: charter/v1\nkind: Routes\nroutes:\n  r: { targets: [{ model: local-model }], timeout: 30s }\n",
  );
  write(
    "tenants/bench/prompts/echo.yml",
    "apiVersion: charter/v1\nkind: Prompt\nname: echo\nversion: 1.0.0\nvariables: { q: {} }\nmessages: [{ role: user, content: 'question {{ q }}' }]\n",
  );
  const lines = [
    "apiVersion: charter/v1",
    "kind: EvalSuite",
    "name: load",
    "target: { prompt: echo }",
    "routes: [r]",
    `concurrency: ${concurrency}`,
    "cases:",
  ];
  for (let i = 0; i < cases; i++)
    lines.push(
      `  - id: c${i}`,
      `    vars: { q: "${i}" }`,
      `    assert: [{ type: contains, value: "question ${i}" }]`,
    );
  write("tenants/bench/evals/load.yml", `${lines.join("\n")}\n`);
}

function promptfooConfig(dir: string, url: string, cases: number, concurrency: number): string {
  const tests = Array.from(
    { length: cases },
    (_, i) => `  - vars: { q: "${i}" }\n    assert: [{ type: contains, value: "question ${i}" }]`,
  ).join("\n");
  const path = join(dir, "promptfooconfig.yaml");
  writeFileSync(
    path,
    `prompts: ["question {{ q }}"]\nproviders:\n  - id: openai:chat:local-model\n    config: { apiBaseUrl: "${url}", apiKey: unused }\nevaluateOptions: { maxConcurrency: ${concurrency}, cache: false }\ntests:\n${tests}\n`,
  );
  return path;
}

function runPromptfoo(bin: string, config: string, cwd: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      ["eval", "-c", config, "--no-cache", "--no-progress-bar", "--no-table", "-j", "16"],
      {
        cwd,
        env: { ...process.env, PROMPTFOO_DISABLE_TELEMETRY: "1", PROMPTFOO_DISABLE_UPDATE: "1" },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error) => {
        // promptfoo exits 100 when tests fail; only a crash is an error here.
        if (error && (error as { code?: number }).code !== 100) reject(error);
        else resolve(performance.now() - started);
      },
    );
  });
}

export async function run(args: string[]): Promise<void> {
  const cases = Number(args[0] ?? 400);
  const concurrency = Number(args[1] ?? 16);
  const server = await startServer();
  const dir = mkdtempSync(join(tmpdir(), "charter-bench-eval-"));
  try {
    repository(dir, server.url, cases, concurrency);
    const cacheDir = join(dir, ".cache");
    const limit = (cases * LATENCY_MS) / concurrency;
    const t0 = performance.now();
    const first = await evalProject({ dir, mode: "live", env: {}, cacheDir, concurrency });
    const wall = performance.now() - t0;
    // The evaluation run proper, as the engine measures it: from the first case to the last, after loading.
    const runMs = first.report!.summary.durationMs;
    const requestsAfterFirst = await server.requests();
    const t1 = performance.now();
    const second = await evalProject({ dir, mode: "live", env: {}, cacheDir, concurrency });
    const rerun = performance.now() - t1;
    const suite = first.report!.suites[0]!;
    console.log(`${cases} cases at concurrency ${concurrency}; server latency ${LATENCY_MS} ms`);
    console.log(`physical limit (cases × latency ÷ concurrency): ${ms(limit)}`);
    console.log(
      `charter eval, evaluation run: ${ms(runMs)}  (${(runMs / limit).toFixed(2)}× the limit; target ≤ 1.15×: ${runMs / limit <= 1.15 ? "met" : "NOT met"}); ${suite.cases.filter((c) => c.pass).length}/${cases} passed; ${requestsAfterFirst} provider calls`,
    );
    console.log(
      `charter eval, end to end (loading the repository included, cold): ${ms(wall)}  (${(wall / limit).toFixed(2)}× the limit)`,
    );
    console.log(
      `rerun with nothing changed: ${ms(rerun)}, ${(await server.requests()) - requestsAfterFirst} provider calls (reported: ${second.report!.summary.providerCalls})`,
    );
    const bin = process.env.PROMPTFOO_BIN;
    if (bin && existsSync(bin)) {
      const before = await server.requests();
      const t = await runPromptfoo(bin, promptfooConfig(dir, server.url, cases, concurrency), dir);
      const startup = await new Promise<number>((resolve) => {
        const s0 = performance.now();
        execFile(
          bin,
          ["--version"],
          { env: { ...process.env, PROMPTFOO_DISABLE_TELEMETRY: "1", PROMPTFOO_DISABLE_UPDATE: "1" } },
          () => resolve(performance.now() - s0),
        );
      });
      console.log(
        `promptfoo (${bin}): ${ms(t)} wall (${(t / limit).toFixed(2)}× the limit), of which ~${ms(startup)} is its start-up (\`promptfoo --version\`); ${(await server.requests()) - before} provider calls`,
      );
    } else {
      console.log("promptfoo: not run (set PROMPTFOO_BIN to a promptfoo 0.121.x binary to compare)");
    }
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
