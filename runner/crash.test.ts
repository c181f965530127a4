/**
 * Crash and resume: a 10-node workflow with a side-effecting tool, run in a child process that is
 * SIGKILLed after each node checkpoint in turn (and once right after the tool applied its effect
 * but before the runner recorded it). Starting again resumes the run: completed nodes do not run
 * again, and the effect is applied exactly once.
 */
import { spawn } from "node:child_process";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mapPool } from "../core/async/pool.ts";
import { publishProject } from "../core/publish/project.ts";
import { loadTrustedKeys, writeKeyPair } from "../core/signing/keys.ts";
import { gitRepo, type Tree, writeTree } from "../test/helpers/tree.ts";
import { bundleTools } from "./default-tools.ts";
import { Runner } from "./runner.ts";
import { RunStore } from "./store.ts";
import type { BuiltinFunction } from "./tools/builtin.ts";

const NODES = 10;
const EFFECT_NODE = 6;
const CHILD = join(import.meta.dirname, "fixtures", "crash-child.ts");

function chainRepo(): Tree {
  const nodes: string[] = [];
  for (let i = 1; i <= NODES; i++) {
    const needs = i > 1 ? `    needs: [n${i - 1}]\n` : "";
    nodes.push(
      i === EFFECT_NODE
        ? `  n${i}:\n    type: tool\n${needs}    tool: ledger.append\n    with: { value: ${i} }\n`
        : `  n${i}:\n    type: tool\n${needs}    tool: trace.mark\n    with: { node: n${i} }\n`,
    );
  }
  return {
    "charter.yml":
      "apiVersion: charter/v1\nkind: Charter\nname: crash\ngovernance:\n  owners: [user:owner]\n",
    "models.yml":
      "apiVersion: charter/v1\nkind: Models\nproviders:\n  replay: { type: replay }\nmodels:\n  m: { provider: replay, model: m, input_cost_per_token: 0, output_cost_per_token: 0 }\n",
    "tools/trace.yml":
      "apiVersion: charter/v1\nkind: ToolCatalog\nnamespace: trace\nconnector: { type: builtin }\ntools:\n  mark:\n    description: Log an execution.\n    effect: read\n    idempotent: true\n    input: { type: object, properties: { node: { type: string } } }\n",
    "tools/ledger.yml":
      "apiVersion: charter/v1\nkind: ToolCatalog\nnamespace: ledger\nconnector: { type: builtin }\ntools:\n  append:\n    description: Append an entry to the ledger.\n    effect: write\n    input: { type: object, properties: { value: { type: integer } } }\n",
    "tenants/ops/tenant.yml":
      "apiVersion: charter/v1\nkind: Tenant\nname: ops\napprovals: { approvers: [user:owner] }\nbudget: { max_usd_per_run: 1 }\nallow: { providers: [replay], models: [m], tools: [trace.*, ledger.*] }\n",
    "tenants/ops/workflows/chain.yml": `apiVersion: charter/v1\nkind: Workflow\nname: chain\nversion: 1.0.0\nbudget: { max_usd: 0.1, timeout: 60s }\nnodes:\n${nodes.join("")}outputs:\n  last: \${{ nodes.n${NODES}.output }}\n`,
  };
}

function child(
  args: string[],
): Promise<{ signal: NodeJS.Signals | null; code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["--import", "tsx", CHILD, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (b) => {
      stdout += b;
    });
    p.stderr.on("data", (b) => {
      stderr += b;
    });
    p.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const lines = (path: string) =>
  existsSync(path) ? readFileSync(path, "utf8").split("\n").filter(Boolean) : [];

describe("crash and resume (kill -9 at every node boundary)", () => {
  it("resumes every interrupted run without re-running completed nodes, applying the effect exactly once", async () => {
    const { dir, shas } = gitRepo([chainRepo()]);
    const keys = writeTree({});
    const key = await writeKeyPair(keys, "k");
    const registry = join(writeTree({}), "registry");
    await publishProject({
      dir,
      ref: shas[0]!,
      registry,
      env: { CHARTER_SIGNING_KEY_FILE: key.privateKeyPath },
    });

    const points = [...Array.from({ length: NODES }, (_, i) => String(i + 1)), "effect"];
    await mapPool(points, 3, async (killAt) => {
      const work = writeTree({});
      const db = join(work, "runner.db");
      const killed = await child([db, registry, key.publicKeyPath, work, "start", killAt]);
      expect(killed.signal, `kill at ${killAt}: ${killed.stderr}`).toBe("SIGKILL");

      // Starting again: in a new process for two of the points, in this one for the rest.
      let status: string | undefined;
      if (killAt === "5" || killAt === "effect") {
        const resumed = await child([db, registry, key.publicKeyPath, work, "resume", "never"]);
        expect(resumed.code, resumed.stderr).toBe(0);
        status = JSON.parse(resumed.stdout).status;
      } else {
        const store = new RunStore(db);
        try {
          const builtins = new Map<string, BuiltinFunction>([
            [
              "mark",
              async (args) => {
                appendFileSync(join(work, "executions.log"), `${(args as { node: string }).node}\n`);
                return { ok: true };
              },
            ],
            [
              "append",
              async (_args, ctx) => {
                appendFileSync(join(work, "executions.log"), "effect\n");
                if (!lines(join(work, "effects.log")).includes(ctx.idempotencyKey))
                  appendFileSync(join(work, "effects.log"), `${ctx.idempotencyKey}\n`);
                return { entry: EFFECT_NODE };
              },
            ],
          ]);
          const runner = new Runner({
            store,
            trust: { trustedKeys: loadTrustedKeys([key.publicKeyPath]) },
            env: {},
            mode: "replay",
            tools: bundleTools({}, undefined, builtins),
          });
          const [run] = await runner.resumeAll();
          status = run?.status;
          expect(Object.keys(store.nodes(run!.id)).sort()).toHaveLength(NODES);
        } finally {
          store.close();
        }
      }
      expect(status, `kill at ${killAt}`).toBe("succeeded");
      const executed = lines(join(work, "executions.log"));
      for (let i = 1; i <= NODES; i++)
        if (i !== EFFECT_NODE)
          expect(
            executed.filter((n) => n === `n${i}`),
            `n${i} after kill at ${killAt}`,
          ).toHaveLength(1);
      // The effect: applied exactly once. Its tool is invoked again only when the crash fell between
      // applying it and recording it — and the idempotency key makes that second call harmless.
      expect(lines(join(work, "effects.log")), `effects after kill at ${killAt}`).toHaveLength(1);
      expect(executed.filter((n) => n === "effect")).toHaveLength(killAt === "effect" ? 2 : 1);
    });
  }, 120_000);
});
