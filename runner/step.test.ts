/**
 * A step of a distributed run (`Runner.executeStep`): one node alone on the checkpoints so far,
 * checkpointed; delivered twice, it returns the stored record; its AbortSignal (the queue's step
 * timeout) really cancels the node's tool.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { publishProject } from "../core/publish/project.ts";
import { openRegistry } from "../core/registry/open.ts";
import { loadTrustedKeys, writeKeyPair } from "../core/signing/keys.ts";
import { gitRepo, writeTree } from "../test/helpers/tree.ts";
import { bundleTools } from "./default-tools.ts";
import { Runner } from "./runner.ts";
import { RunStore } from "./store.ts";
import type { BuiltinFunction } from "./tools/builtin.ts";

const TREE = {
  "charter.yml": "apiVersion: charter/v1\nkind: Charter\nname: s\ngovernance:\n  owners: [user:owner]\n",
  "models.yml":
    "apiVersion: charter/v1\nkind: Models\nproviders:\n  replay: { type: replay }\nmodels:\n  m: { provider: replay, model: m, input_cost_per_token: 0, output_cost_per_token: 0 }\n",
  "tools/t.yml":
    "apiVersion: charter/v1\nkind: ToolCatalog\nnamespace: t\nconnector: { type: builtin }\ntools:\n  slow:\n    description: Waits.\n    effect: read\n    idempotent: true\n    input: { type: object }\n",
  "tenants/ops/tenant.yml":
    "apiVersion: charter/v1\nkind: Tenant\nname: ops\napprovals: { approvers: [user:owner] }\nbudget: { max_usd_per_run: 1 }\nallow: { providers: [replay], models: [m], tools: [t.*] }\n",
  "tenants/ops/workflows/w.yml":
    "apiVersion: charter/v1\nkind: Workflow\nname: w\nversion: 1.0.0\nbudget: { max_usd: 0.1, timeout: 60s }\nnodes:\n  a:\n    type: transform\n    value: one\n  b:\n    type: tool\n    needs: [a]\n    tool: t.slow\n    with: {}\noutputs:\n  b: ${{ nodes.b.output }}\n",
};

async function published() {
  const { dir, shas } = gitRepo([TREE]);
  const key = await writeKeyPair(writeTree({}), "k");
  const registry = join(writeTree({}), "registry");
  await publishProject({
    dir,
    ref: shas[0]!,
    registry,
    env: { CHARTER_SIGNING_KEY_FILE: key.privateKeyPath },
  });
  return { registry, publicKey: key.publicKeyPath };
}

describe("Runner.activate (a run executed in activations, as BullMQ flows do)", () => {
  it("hands off each wave, settles the run when nothing is left, and fails it on a failed step or its deadline", async () => {
    const { registry, publicKey } = await published();
    const store = new RunStore(join(writeTree({}), "runner.db"));
    let fail = false;
    const slow: BuiltinFunction = async () => {
      if (fail) throw new Error("the service is down");
      return { done: true };
    };
    const runner = new Runner({
      store,
      registry: openRegistry(registry),
      trust: { trustedKeys: loadTrustedKeys([publicKey]) },
      env: {},
      mode: "replay",
      tools: bundleTools({}, undefined, new Map([["slow", slow]])),
    });
    const create = () =>
      runner.create({ tenant: "ops", workflow: "w", ref: "1.0.0", inputs: {}, allowUnapproved: true });
    try {
      const run = await create();
      const since = Date.now();
      expect(await runner.activate(run.id, since)).toEqual({ dispatch: [{ node: "a", decided: false }] });
      expect(await store.nodes(run.id)).toEqual({}); // handed off, not run, not recorded
      await runner.executeStep(run.id, "a");
      expect(await runner.activate(run.id, since)).toEqual({ dispatch: [{ node: "b", decided: false }] });
      await runner.executeStep(run.id, "b");
      const done = await runner.activate(run.id, since);
      expect("run" in done && done.run).toMatchObject({
        status: "succeeded",
        outputs: { b: { done: true } },
      });
      expect(await runner.activate(run.id, since)).toEqual({ run: (await store.getRun(run.id))! }); // settled stays settled

      // A step that failed for good fails the run at the next activation (not "nothing left to do").
      fail = true;
      const failing = await create();
      await runner.executeStep(failing.id, "a");
      await runner.executeStep(failing.id, "b");
      const failed = await runner.activate(failing.id, Date.now());
      expect("run" in failed && failed.run.status).toBe("failed");
      expect("run" in failed && failed.run.error?.message).toMatch(/node b failed: .*service is down/);

      // The run's timeout counts from the execution's start, across activations.
      fail = false;
      const late = await create();
      await runner.executeStep(late.id, "a");
      const timedOut = await runner.activate(late.id, Date.now() - 61_000);
      expect("run" in timedOut && timedOut.run).toMatchObject({
        status: "failed",
        error: { kind: "timeout" },
      });
      expect((await store.nodes(late.id)).b?.status).toBe("cancelled");
    } finally {
      store.close();
    }
  });
});

describe("Runner.executeStep", () => {
  it("runs one node on the checkpoints, reuses a settled step, and cancels a step through its signal", async () => {
    const { registry, publicKey } = await published();
    const store = new RunStore(join(writeTree({}), "runner.db"));
    let calls = 0;
    let aborted = "";
    const slow: BuiltinFunction = (_args, ctx) =>
      new Promise((resolve, reject) => {
        calls++;
        const timer = setTimeout(() => resolve({ done: true }), 200);
        ctx.signal.addEventListener("abort", () => {
          clearTimeout(timer);
          aborted = String((ctx.signal.reason as Error).message);
          reject(ctx.signal.reason);
        });
      });
    const runner = new Runner({
      store,
      registry: openRegistry(registry),
      trust: { trustedKeys: loadTrustedKeys([publicKey]) },
      env: {},
      mode: "replay",
      tools: bundleTools({}, undefined, new Map([["slow", slow]])),
    });
    try {
      const run = await runner.create({
        tenant: "ops",
        workflow: "w",
        ref: "1.0.0",
        inputs: {},
        allowUnapproved: true,
      });
      const [a] = await runner.executeStep(run.id, "a");
      expect(a).toMatchObject({ id: "a", status: "succeeded", output: "one" });
      expect((await store.nodes(run.id)).a?.status).toBe("succeeded");
      expect(await runner.executeStep(run.id, "a")).toEqual([a]); // a second delivery reuses the checkpoint

      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error("step b exceeded its time")), 30);
      const [b] = await runner.executeStep(run.id, "b", controller.signal);
      expect(b!.status).not.toBe("succeeded");
      expect(aborted).toBe("step b exceeded its time");
      expect(calls).toBe(1);
      // Its outcome is checkpointed like any other: a re-delivery returns it rather than run it again.
      expect(await runner.executeStep(run.id, "b")).toEqual([b]);
      expect(calls).toBe(1);
    } finally {
      store.close();
    }
  });
});
