import { describe, expect, it } from "vitest";
import { testServices } from "../../test/helpers/execution.ts";
import { FakeProvider, reply } from "../../test/helpers/fake-provider.ts";
import {
  CHARTER,
  HELPER,
  MODELS,
  PROMPT,
  ROUTES,
  TENANT,
  TOOLS,
  WORKFLOW,
} from "../../test/helpers/governed-repo.ts";
import { ProviderError } from "../providers/provider.ts";
import { executeWorkflow } from "./execute.ts";
import type { NodeRecord } from "./records.ts";

function repoWith(workflow: string, extra: Record<string, string> = {}) {
  return {
    "charter.yml": CHARTER,
    "models.yml": MODELS,
    "tools/crm.yml": TOOLS,
    "tenants/support/tenant.yml": TENANT,
    "tenants/support/routes.yml": ROUTES,
    "tenants/support/prompts/classify.yml": PROMPT,
    "tenants/support/workflows/w.yml": workflow,
    "tenants/support/workflows/helper.yml": HELPER,
    "tenants/support/knowledge/kb/a.md": "# A\ntext\n",
    ...extra,
  };
}

function wf(nodes: string, extra = "") {
  return `apiVersion: charter/v1\nkind: Workflow\nname: w\nversion: 1.0.0\ninputs:\n  text: { type: string }\nbudget: { max_usd: 0.5, timeout: 60s }\n${extra}nodes:\n${nodes}outputs:\n  out: \${{ nodes.last.output }}\n`;
}

async function run(
  workflow: string,
  provider = new FakeProvider(
    {},
    reply('{"category":"billing"}', undefined, { json: { category: "billing" } }),
  ),
  options: Parameters<typeof testServices>[2] = {},
  inputs: Record<string, unknown> = { text: "hi" },
) {
  const services = await testServices(repoWith(workflow), provider, options);
  const w = services.repo.tenants.get("support")!.workflows.get("w")!.data;
  const record = await executeWorkflow({ tenant: "support", workflow: w, inputs, services, runId: "run-1" });
  return { record, services, provider };
}

describe("executor", () => {
  it("runs the fixture's triage workflow end to end: every node type, conditions, fallbacks, outputs", async () => {
    const services = await testServices(
      repoWith(WORKFLOW.replace("name: triage", "name: w")),
      new FakeProvider({}, reply('{"category":"billing"}', undefined, { json: { category: "billing" } })),
    );
    const w = services.repo.tenants.get("support")!.workflows.get("w")!.data;
    const record = await executeWorkflow({
      tenant: "support",
      workflow: w,
      inputs: { text: "charged twice", email: "a@b.c" },
      services,
      runId: "r",
    });
    expect(record.status).toBe("succeeded");
    expect(record.outputs).toEqual({ category: "billing", sub: { echo: "charged twice" } });
    expect(Object.fromEntries(Object.entries(record.nodes).map(([id, n]) => [id, n.status]))).toEqual({
      classify: "succeeded",
      customer: "succeeded",
      docs: "succeeded",
      gate: "succeeded",
      note: "succeeded",
      sub: "succeeded",
      "fallback-note": "skipped",
    });
    expect(services.approvalsAsked).toEqual(["gate"]);
    expect(services.toolCalls.map((c) => [c.tool, c.args, c.idempotencyKey])).toEqual([
      ["crm.lookup", { email: "a@b.c" }, "r:customer"],
      ["crm.write_note", { note: "billing" }, "r:note"],
    ]);
    expect(record.nodes.classify!.llm).toMatchObject({
      prompt: "classify",
      promptVersion: "1.0.0",
      route: "fast",
      target: "small",
      model: "small",
      inputTokens: 100,
      outputTokens: 20,
    });
    expect(record.nodes.docs!.retrieval).toEqual({
      collection: "kb",
      query: "billing",
      passages: [{ path: "kb/a.md", title: "A", score: 1 }],
    });
  });

  it("runs the same workflow as dispatched steps (each node alone, on the checkpoints so far) with the same result", async () => {
    const provider = () =>
      new FakeProvider({}, reply('{"category":"billing"}', undefined, { json: { category: "billing" } }));
    const local = await run(
      WORKFLOW.replace("name: triage", "name: w"),
      provider(),
      {},
      { text: "x", email: "a@b.c" },
    );
    const services = await testServices(repoWith(WORKFLOW.replace("name: triage", "name: w")), provider());
    const w = services.repo.tenants.get("support")!.workflows.get("w")!.data;
    const checkpoints: Record<string, NodeRecord> = {};
    const steps: string[] = [];
    const record = await executeWorkflow({
      tenant: "support",
      workflow: w,
      inputs: { text: "x", email: "a@b.c" },
      services,
      runId: "run-1",
      onNode: (rec) => {
        checkpoints[rec.id] = rec;
      },
      // A "worker": the step runs alone on a snapshot of the checkpoints, like a queue job would.
      dispatch: async (id) => {
        steps.push(id);
        const settled: NodeRecord[] = [];
        const step = await executeWorkflow({
          tenant: "support",
          workflow: w,
          inputs: { text: "x", email: "a@b.c" },
          services,
          runId: "run-1",
          only: id,
          completed: structuredClone(checkpoints),
          onNode: (rec) => {
            settled.push(rec);
          },
        });
        expect(Object.keys(step.nodes).filter((n) => !checkpoints[n])).toEqual(settled.map((r) => r.id));
        return settled;
      },
    });
    expect(record.error).toBeUndefined();
    expect(record.status).toBe("succeeded");
    expect(record.outputs).toEqual(local.record.outputs);
    const statuses = (r: typeof record) =>
      Object.fromEntries(Object.entries(r.nodes).map(([id, n]) => [id, n.status]));
    expect(statuses(record)).toEqual(statuses(local.record));
    expect(steps.sort()).toEqual(["classify", "customer", "docs", "gate", "note", "sub"]); // fallback-only node not dispatched
    expect(services.toolCalls.map((c) => c.idempotencyKey)).toEqual(["run-1:customer", "run-1:note"]);
  });

  it("skips a node whose if is false without skipping its dependents", async () => {
    const { record } = await run(
      wf(
        `  a:\n    type: transform\n    if: \${{ inputs.text == 'other' }}\n    value: 1\n  last:\n    type: transform\n    needs: [a]\n    value: \${{ nodes.a.status }}\n`,
      ),
    );
    expect(record.nodes.a!.status).toBe("skipped");
    expect(record.outputs).toEqual({ out: "skipped" });
  });

  it("fans out with for_each, keeps item order and bounds concurrency", async () => {
    let inFlight = 0;
    let peak = 0;
    const tools = async (call: { args: unknown }) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return (call.args as { note: string }).note.toUpperCase();
    };
    const { record } = await run(
      wf(
        `  last:\n    type: tool\n    for_each: \${{ fromJSON('["a","b","c","d","e"]') }}\n    max_concurrency: 2\n    tool: crm.write_note\n    with: { note: "\${{ item }}" }\n`,
      ),
      undefined,
      { tools },
    );
    expect(record.outputs).toEqual({ out: ["A", "B", "C", "D", "E"] });
    expect(record.nodes.last!.items).toBe(5);
    expect(peak).toBe(2);
  });

  it("retries a failed attempt with backoff and succeeds", async () => {
    const provider = new FakeProvider({
      "gpt-4o-mini": [
        new ProviderError("openai", "bad_request", "400", { status: 400 }),
        reply("{}", undefined, { json: { category: "x" } }),
      ],
    });
    const { record, services } = await run(
      wf(
        `  last:\n    type: llm\n    prompt: classify\n    route: fast\n    with: { text: x }\n    retry: { max_attempts: 3, initial_interval: 2s, jitter: false }\n`,
      ),
      provider,
    );
    expect(record.status).toBe("succeeded");
    expect(record.nodes.last!.attempts).toBe(2);
    expect((services.clock as unknown as { sleeps: number[] }).sleeps).toEqual([2000]);
  });

  it("times out a slow attempt, cancels it through its AbortSignal, and retries it", async () => {
    const aborted: string[] = [];
    const started = Date.now();
    const { record } = await run(
      wf(
        `  last:\n    type: tool\n    tool: crm.lookup\n    with: { email: a@example.com }\n    timeout: 50ms\n    retry: { max_attempts: 2, initial_interval: 1s, jitter: false }\n`,
      ),
      undefined,
      {
        tools: (call) =>
          new Promise((_, reject) =>
            call.signal.addEventListener("abort", () => {
              aborted.push((call.signal.reason as Error).name);
              reject(call.signal.reason);
            }),
          ),
      },
    );
    expect(record.status).toBe("failed");
    expect(record.nodes.last).toMatchObject({ status: "failed", attempts: 2, error: { kind: "timeout" } });
    expect(aborted).toEqual(["TimeoutError", "TimeoutError"]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("fails an attempt on a failing check and retries it", async () => {
    const provider = new FakeProvider({
      "gpt-4o-mini": [
        reply('"nope"', undefined, { json: "nope" }),
        reply("{}", undefined, { json: { category: "ok" } }),
      ],
    });
    const { record } = await run(
      wf(
        `  last:\n    type: llm\n    prompt: classify\n    route: fast\n    with: { text: x }\n    retry: { max_attempts: 2, initial_interval: 1s }\n    checks: [{ type: json-schema, on_fail: fail }]\n`,
      ),
      provider,
    );
    expect(record.status).toBe("succeeded");
    expect(record.nodes.last!.attempts).toBe(2);
    expect(record.nodes.last!.checks).toEqual([
      { name: "json-schema", type: "json-schema", pass: true, message: "matches the schema", onFail: "fail" },
    ]);
  });

  it("handles failures with a default or a fallback node, and fails the run otherwise", async () => {
    const failing = async () => {
      throw new Error("CRM is down");
    };
    const withDefault = await run(
      wf(
        `  last:\n    type: tool\n    tool: crm.lookup\n    with: { email: x }\n    on_error: { default: unknown }\n`,
      ),
      undefined,
      { tools: failing },
    );
    expect(withDefault.record.status).toBe("succeeded");
    expect(withDefault.record.nodes.last).toMatchObject({
      status: "failed",
      recoveredBy: "default",
      output: "unknown",
      error: { message: "CRM is down" },
    });
    const withFallback = await run(
      wf(
        `  last:\n    type: tool\n    tool: crm.lookup\n    with: { email: x }\n    on_error: { fallback: backup }\n  backup:\n    type: transform\n    value: "fallback after \${{ nodes.last.error.message }}"\n`,
      ),
      undefined,
      { tools: failing },
    );
    expect(withFallback.record.outputs).toEqual({ out: "fallback after CRM is down" });
    expect(withFallback.record.nodes.backup!.status).toBe("succeeded");
    const unhandled = await run(
      wf(
        `  last:\n    type: tool\n    tool: crm.lookup\n    with: { email: x }\n  other:\n    type: transform\n    needs: [last]\n    value: 1\n`,
      ),
      undefined,
      { tools: failing },
    );
    expect(unhandled.record.status).toBe("failed");
    expect(unhandled.record.error).toMatchObject({ node: "last", message: "node last failed: CRM is down" });
    expect(unhandled.record.nodes.other!.status).toBe("cancelled");
  });

  it("fails closed when an approval is denied, unless the workflow handles the denial", async () => {
    const gate = `  gate:\n    type: approval\n    approvers: [team:acme/support]\n`;
    const denied = await run(
      wf(
        `${gate}  last:\n    type: tool\n    needs: [gate]\n    tool: crm.write_note\n    with: { note: x }\n`,
      ),
      undefined,
      { approvals: { gate: "denied" } },
    );
    expect(denied.record.status).toBe("failed");
    expect(denied.services.toolCalls).toEqual([]);
    expect(denied.record.nodes.gate!.approval).toEqual({ decision: "denied", approvers: ["user:lead"] });
    const handled = await run(
      wf(
        `${gate}    on_error: { default: { decision: denied } }\n  last:\n    type: transform\n    needs: [gate]\n    value: \${{ nodes.gate.output.decision }}\n`,
      ),
      undefined,
      { approvals: { gate: "denied" } },
    );
    expect(handled.record.outputs).toEqual({ out: "denied" });
  });

  it("enforces tool policy and argument schemas at run time", async () => {
    const notAllowed = repoWith(
      wf(`  last:\n    type: tool\n    tool: crm.lookup\n    with: { email: x }\n`),
    );
    notAllowed["tenants/support/tenant.yml"] = TENANT.replace("tools: [crm.*]", "tools: [crm.write_note]");
    const services = await testServices(notAllowed, new FakeProvider({}));
    const w = services.repo.tenants.get("support")!.workflows.get("w")!.data;
    const r1 = await executeWorkflow({
      tenant: "support",
      workflow: w,
      inputs: { text: "x" },
      services,
      runId: "r",
    });
    expect(r1.error).toMatchObject({
      kind: "policy",
      message: "node last failed: tool crm.lookup is not allowed for tenant support",
    });
    expect(services.toolCalls).toEqual([]);
    const badArgs = await run(
      wf(
        `  last:\n    type: tool\n    tool: crm.lookup\n    with: { email: 42 }\n    retry: { max_attempts: 3 }\n`,
      ),
    );
    expect(badArgs.record.error?.kind).toBe("invalid-arguments");
    expect(badArgs.record.nodes.last!.attempts).toBe(1);
    expect(badArgs.services.toolCalls).toEqual([]);
  });

  it("refuses invalid inputs before running anything", async () => {
    const { record, provider } = await run(
      wf(`  last:\n    type: transform\n    value: 1\n`),
      undefined,
      {},
      { text: 3, extra: 1 },
    );
    expect(record).toMatchObject({ status: "failed", error: { kind: "invalid-inputs" } });
    expect(record.error!.message).toBe('input "text": (root) must be string; input "extra" is not declared');
    expect(provider.calls).toEqual([]);
  });

  it("stops at the run budget, naming it", async () => {
    const provider = new FakeProvider(
      {},
      reply("{}", { inputTokens: 1_000_000, outputTokens: 0 }, { json: {} }),
    );
    const { record } = await run(
      wf(
        `  a:\n    type: llm\n    prompt: classify\n    route: careful\n    with: { text: x }\n  last:\n    type: llm\n    needs: [a]\n    prompt: classify\n    route: careful\n    with: { text: x }\n`,
      ),
      provider,
    );
    expect(record.status).toBe("failed");
    expect(record.error?.kind).toBe("budget");
    expect(record.error?.message).toMatch(/workflow w run budget would be exceeded/);
    expect(record.costUsd).toBeCloseTo(2, 6);
  });
});
