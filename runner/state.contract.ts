/**
 * The contract every `RunState` keeps, as one suite run against each store (`state.test.ts`): what
 * the runner relies on for durability, approvals, idempotent effects, rollback protection and tenant
 * isolation. Every call is awaited, so synchronous and asynchronous stores are held to the same
 * semantics; concurrent calls go through `Promise.all` (truly concurrent on PostgreSQL).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { NodeRecord } from "../core/execute/records.ts";
import type { RunState } from "./state.ts";
import type { RunRow, TrustRow } from "./store.ts";

export interface ContractState {
  state: RunState;
  /** Closes the store and removes what it was stored in. */
  close(): Promise<void>;
}

const T0 = Date.UTC(2030, 0, 15, 12, 0, 0);

function runRow(id: string, over: Partial<RunRow> = {}): RunRow {
  return {
    id,
    tenant: "support",
    workflow: "triage",
    version: "1.1.0",
    repository: "support/triage",
    registry: "/tmp/registry",
    manifestDigest: `sha256:${"a".repeat(64)}`,
    bundleDigest: `sha256:${"b".repeat(64)}`,
    inputs: { text: "I was charged twice", nested: { list: [1, "two", { three: 3 }], none: null } },
    inputsHash: `sha256:${"c".repeat(64)}`,
    status: "running",
    costUsd: 0,
    startedAt: T0,
    provenance: { ref: "1.1.0", signers: ["key:abc"], approvedBy: ["alice"], governance: { sequence: 2 } },
    ...over,
  };
}

function nodeRecord(id: string, over: Partial<NodeRecord> = {}): NodeRecord {
  return {
    id,
    type: "llm",
    status: "succeeded",
    output: { category: "billing", scores: [0.25, 0.75], deep: { a: { b: { c: ["d", { e: true }] } } } },
    attempts: 1,
    startedAt: T0,
    endedAt: T0 + 1234,
    llm: {
      prompt: "classify",
      promptVersion: "1.0.0",
      route: "main",
      target: "a",
      inputTokens: 12,
      outputTokens: 3,
      costUsd: 0.000123,
      cached: false,
      calls: [],
    },
    checks: [{ name: "schema", type: "json_schema", pass: true, message: "ok", onFail: "fail" }],
    ...over,
  };
}

const approvalRequest = (
  node: string,
  over: { minApprovals?: number; tenant?: string; runId?: string } = {},
) => ({
  runId: over.runId ?? "run_1",
  node,
  tenant: over.tenant ?? "support",
  approvers: ["user:alice", "user:bob", "team:acme/support"],
  minApprovals: over.minApprovals ?? 2,
  message: "Refund above the limit",
  requestedAt: T0,
});

/**
 * `open` gives a fresh, empty store for each test (and a way to close and remove it), or undefined
 * when the store is not available here — the tests then skip.
 */
export function stateContract(name: string, open: () => Promise<ContractState | undefined>): void {
  describe(`RunState contract: ${name}`, () => {
    let opened: ContractState | undefined;
    let state: RunState;
    beforeEach(async (ctx) => {
      opened = undefined;
      const o = await open();
      if (!o) return ctx.skip(`${name} is not available here`);
      opened = o;
      state = o.state;
    });
    afterEach(async () => {
      await opened?.close();
      opened = undefined;
    });

    describe("runs", () => {
      it("round-trips a run with nested JSON; unknown ids are undefined", async () => {
        const row = runRow("run_1");
        await state.createRun(row);
        expect(await state.getRun("run_1")).toStrictEqual(row);
        expect(await state.getRun("run_2")).toBeUndefined();
        await expect(Promise.resolve().then(() => state.createRun(row))).rejects.toThrow();
      });

      it("sets the status", async () => {
        await state.createRun(runRow("run_1"));
        await state.setStatus("run_1", "waiting");
        expect((await state.getRun("run_1"))?.status).toBe("waiting");
      });

      it("finishes a run: waiting keeps ended_at empty, succeeded and failed record it", async () => {
        await state.createRun(runRow("run_1"));
        await state.finishRun("run_1", { status: "waiting", costUsd: 0.001, endedAt: T0 + 5 });
        const waiting = await state.getRun("run_1");
        expect(waiting).toMatchObject({ status: "waiting", costUsd: 0.001 });
        expect(waiting?.endedAt).toBeUndefined();
        expect(waiting?.outputs).toBeUndefined();
        expect(waiting?.error).toBeUndefined();

        const outputs = { category: "billing", detail: { items: [1, { two: 2 }], flag: false } };
        await state.finishRun("run_1", { status: "succeeded", outputs, costUsd: 0.0025, endedAt: T0 + 9000 });
        expect(await state.getRun("run_1")).toStrictEqual({
          ...runRow("run_1"),
          status: "succeeded",
          outputs,
          costUsd: 0.0025,
          endedAt: T0 + 9000,
        });

        await state.createRun(runRow("run_2"));
        const before = Date.now();
        const error = { kind: "node", message: "node ask2 failed: budget", node: "ask2" };
        await state.finishRun("run_2", { status: "failed", error, costUsd: 0.5 });
        const failed = (await state.getRun("run_2"))!;
        expect(failed).toMatchObject({ status: "failed", error, costUsd: 0.5 });
        expect(failed.outputs).toBeUndefined();
        expect(failed.endedAt).toBeGreaterThanOrEqual(before);
        expect(failed.endedAt).toBeLessThanOrEqual(Date.now());
      });

      it("lists runs newest first (ties by id, descending), filtered by tenant and status, limited", async () => {
        await state.createRun(runRow("run_a", { startedAt: T0 + 1 }));
        await state.createRun(runRow("run_c", { startedAt: T0 + 3, status: "waiting" }));
        await state.createRun(runRow("run_b", { startedAt: T0 + 3 }));
        await state.createRun(runRow("run_x", { tenant: "finance", startedAt: T0 + 2 }));
        await state.createRun(runRow("run_y", { tenant: "finance", startedAt: T0 + 10, status: "waiting" }));
        const ids = (rows: RunRow[]) => rows.map((r) => r.id);
        expect(ids(await state.listRuns())).toEqual(["run_y", "run_c", "run_b", "run_x", "run_a"]);
        const support = await state.listRuns({ tenant: "support" });
        expect(ids(support)).toEqual(["run_c", "run_b", "run_a"]);
        expect(support.every((r) => r.tenant === "support")).toBe(true);
        const finance = await state.listRuns({ tenant: "finance" });
        expect(ids(finance)).toEqual(["run_y", "run_x"]);
        expect(finance.every((r) => r.tenant === "finance")).toBe(true);
        expect(await state.listRuns({ tenant: "nobody" })).toEqual([]);
        expect(ids(await state.listRuns({ status: "waiting" }))).toEqual(["run_y", "run_c"]);
        expect(ids(await state.listRuns({ tenant: "support", status: "waiting" }))).toEqual(["run_c"]);
        expect(ids(await state.listRuns({ tenant: "finance", status: "running" }))).toEqual(["run_x"]);
        expect(ids(await state.listRuns({ limit: 2 }))).toEqual(["run_y", "run_c"]);
        expect(ids(await state.listRuns({ tenant: "support", limit: 1 }))).toEqual(["run_c"]);
        expect(await state.listRuns({ tenant: "support" })).toContainEqual(
          runRow("run_a", { startedAt: T0 + 1 }),
        );
      });

      it("lists at most 100 runs unless told otherwise", async () => {
        for (let i = 0; i < 101; i++)
          await state.createRun(runRow(`run_${String(i).padStart(3, "0")}`, { startedAt: T0 + i }));
        const rows = await state.listRuns();
        expect(rows).toHaveLength(100);
        expect(rows[0]!.id).toBe("run_100");
        expect(rows[99]!.id).toBe("run_001");
        expect(await state.listRuns({ limit: 1000 })).toHaveLength(101);
      });

      it("sums what a tenant's runs started since a time have spent, excluding one run", async () => {
        expect(await state.spentSince("support", T0)).toBe(0);
        await state.createRun(runRow("run_old", { startedAt: T0 - 1 }));
        await state.createRun(runRow("run_1", { startedAt: T0 }));
        await state.createRun(runRow("run_2", { startedAt: T0 + 60_000 }));
        await state.createRun(runRow("run_f", { tenant: "finance", startedAt: T0 + 1 }));
        await state.finishRun("run_old", { status: "succeeded", costUsd: 100, endedAt: T0 });
        await state.finishRun("run_1", { status: "succeeded", costUsd: 0.25, endedAt: T0 + 1 });
        await state.finishRun("run_2", { status: "waiting", costUsd: 0.5 });
        await state.finishRun("run_f", { status: "succeeded", costUsd: 7, endedAt: T0 + 2 });
        expect(await state.spentSince("support", T0)).toBeCloseTo(0.75, 12);
        expect(await state.spentSince("support", T0, "run_2")).toBeCloseTo(0.25, 12);
        expect(await state.spentSince("support", T0 + 1)).toBeCloseTo(0.5, 12);
        expect(await state.spentSince("support", T0 - 1)).toBeCloseTo(100.75, 12);
        expect(await state.spentSince("finance", T0)).toBe(7);
        expect(await state.spentSince("nobody", 0)).toBe(0);
      });
    });

    describe("checkpoints and plans", () => {
      it("round-trips node records with nested JSON, replaces a node's checkpoint, keeps runs apart", async () => {
        const ask = nodeRecord("ask");
        const gate = nodeRecord("gate", {
          type: "approval",
          status: "waiting",
          output: undefined,
          llm: undefined,
        });
        delete gate.output;
        delete gate.llm;
        await state.saveNode("run_1", ask);
        await state.saveNode("run_1", gate);
        await state.saveNode("run_2", nodeRecord("ask", { output: "other run" }));
        expect(await state.nodes("run_1")).toStrictEqual({ ask, gate });

        const decided = {
          ...gate,
          status: "succeeded" as const,
          approval: { decision: "approved" as const, approvers: ["user:alice", "user:bob"], comment: "ok" },
        };
        await state.saveNode("run_1", decided);
        expect(await state.nodes("run_1")).toStrictEqual({ ask, gate: decided });
        expect((await state.nodes("run_2")).ask?.output).toBe("other run");
        expect(await state.nodes("run_3")).toEqual({});
      });

      it("keeps outputs exactly: NUL characters, unpaired surrogates, emoji and key order survive", async () => {
        const output = {
          z: "last key first",
          a: "nul\u0000inside",
          lone: "\ud800 alone",
          emoji: "🧭",
          nested: { b: 1, a: 2 },
        };
        await state.saveNode("run_x", nodeRecord("ask", { output }));
        const back = (await state.nodes("run_x")).ask!.output;
        expect(back).toStrictEqual(output);
        expect(Object.keys(back as object)).toEqual(["z", "a", "lone", "emoji", "nested"]);
        await state.saveToolEffect("key-nul", "run_x", "t.x", { v: "\u0000" });
        expect(await state.toolEffect("key-nul")).toEqual({ result: { v: "\u0000" } });
      });

      it("stores a run's plan, replacing an earlier one", async () => {
        expect(await state.plan("run_1")).toBeUndefined();
        const plan = {
          nodes: [
            { id: "ask", needs: [] },
            { id: "gate", needs: ["ask"] },
          ],
          tools: ["crm.lookup"],
        };
        await state.savePlan("run_1", plan);
        expect(await state.plan("run_1")).toStrictEqual(plan);
        await state.savePlan("run_1", { nodes: [] });
        expect(await state.plan("run_1")).toStrictEqual({ nodes: [] });
        expect(await state.plan("run_2")).toBeUndefined();
      });
    });

    describe("approvals", () => {
      it("registers an approval once: a re-request keeps the original request", async () => {
        const requested = await state.requestApproval(approvalRequest("gate"));
        expect(requested).toStrictEqual({
          ...approvalRequest("gate"),
          status: "pending",
          decidedBy: [],
        });
        const again = await state.requestApproval({
          ...approvalRequest("gate", { minApprovals: 1 }),
          approvers: ["user:mallory"],
          requestedAt: T0 + 1000,
        });
        expect(again).toStrictEqual(requested);
        expect(await state.approval("run_1", "gate")).toStrictEqual(requested);
        expect(await state.approval("run_1", "other")).toBeUndefined();
        expect(await state.approval("run_2", "gate")).toBeUndefined();
      });

      it("counts distinct approvers: minApprovals 2 needs two people, a re-request keeps the decision", async () => {
        await state.requestApproval(approvalRequest("gate"));
        const first = await state.decideApproval("run_1", "gate", "user:alice", "approved");
        expect(first).toMatchObject({ status: "pending", decidedBy: ["user:alice"] });
        expect(first.decidedAt).toBeUndefined();
        const twice = await state.decideApproval("run_1", "gate", "user:alice", "approved");
        expect(twice).toMatchObject({ status: "pending", decidedBy: ["user:alice"] });
        const before = Date.now();
        const second = await state.decideApproval("run_1", "gate", "user:bob", "approved", "looks right");
        expect(second).toMatchObject({
          status: "approved",
          decidedBy: ["user:alice", "user:bob"],
          comment: "looks right",
        });
        expect(second.decidedAt).toBeGreaterThanOrEqual(before);
        expect(second.decidedAt).toBeLessThanOrEqual(Date.now());
        // Decided: later decisions change nothing, and a re-request (a resumed run) sees the decision.
        expect(await state.decideApproval("run_1", "gate", "user:carol", "denied", "no")).toStrictEqual(
          second,
        );
        expect(await state.requestApproval(approvalRequest("gate"))).toStrictEqual(second);
        expect(await state.approval("run_1", "gate")).toStrictEqual(second);
        expect(await state.pendingApprovals()).toEqual([]);
      });

      it("decides at once on a denial, even after approvals", async () => {
        await state.requestApproval(approvalRequest("gate", { minApprovals: 3 }));
        await state.decideApproval("run_1", "gate", "user:alice", "approved", "fine by me");
        const denied = await state.decideApproval("run_1", "gate", "user:bob", "denied", "duplicate charge");
        expect(denied).toMatchObject({
          status: "denied",
          decidedBy: ["user:alice", "user:bob"],
          comment: "duplicate charge",
        });
        expect(denied.decidedAt).toBeTypeOf("number");
        expect(await state.decideApproval("run_1", "gate", "user:carol", "approved")).toStrictEqual(denied);
        expect(await state.requestApproval(approvalRequest("gate"))).toStrictEqual(denied);
      });

      it("keeps the earlier comment when a later decision has none", async () => {
        await state.requestApproval(approvalRequest("gate"));
        await state.decideApproval("run_1", "gate", "user:alice", "approved", "first look");
        const approved = await state.decideApproval("run_1", "gate", "user:bob", "approved");
        expect(approved).toMatchObject({ status: "approved", comment: "first look" });
      });

      it("refuses a decision on an approval that was never requested", async () => {
        await expect(
          Promise.resolve().then(() => state.decideApproval("run_1", "nope", "user:alice", "approved")),
        ).rejects.toThrow(/no approval nope/);
      });

      it("lists pending approvals, filtered by tenant", async () => {
        await state.requestApproval(approvalRequest("gate"));
        await state.requestApproval(approvalRequest("gate", { runId: "run_2", tenant: "finance" }));
        await state.requestApproval(approvalRequest("done", { minApprovals: 1 }));
        await state.decideApproval("run_1", "done", "user:alice", "approved");
        const key = (a: { runId: string; node: string; tenant: string }) =>
          `${a.tenant}/${a.runId}/${a.node}`;
        expect((await state.pendingApprovals()).map(key).sort()).toEqual([
          "finance/run_2/gate",
          "support/run_1/gate",
        ]);
        const support = await state.pendingApprovals({ tenant: "support" });
        expect(support).toStrictEqual([{ ...approvalRequest("gate"), status: "pending", decidedBy: [] }]);
        expect((await state.pendingApprovals({ tenant: "finance" })).map(key)).toEqual([
          "finance/run_2/gate",
        ]);
        expect(await state.pendingApprovals({ tenant: "nobody" })).toEqual([]);
      });

      it("decides exactly once when two approvers decide at the same time", async () => {
        for (let i = 0; i < 8; i++) {
          const node = `gate${i}`;
          await state.requestApproval(approvalRequest(node));
          const results = await Promise.all([
            state.decideApproval("run_1", node, "user:alice", "approved"),
            state.decideApproval("run_1", node, "user:bob", "approved"),
          ]);
          // One decision saw the other: one answer is still pending, the other is the approval.
          expect(results.map((r) => r.status).sort()).toEqual(["approved", "pending"]);
          const final = (await state.approval("run_1", node))!;
          expect(final.status).toBe("approved");
          expect([...final.decidedBy].sort()).toEqual(["user:alice", "user:bob"]);
          expect(results.find((r) => r.status === "approved")).toStrictEqual(final);
        }
      });

      it("counts one approver deciding twice at the same time once", async () => {
        await state.requestApproval(approvalRequest("gate"));
        const results = await Promise.all([
          state.decideApproval("run_1", "gate", "user:alice", "approved"),
          state.decideApproval("run_1", "gate", "user:alice", "approved"),
          state.decideApproval("run_1", "gate", "user:alice", "approved"),
        ]);
        expect(results.every((r) => r.status === "pending")).toBe(true);
        expect(await state.approval("run_1", "gate")).toMatchObject({
          status: "pending",
          decidedBy: ["user:alice"],
        });
      });

      it("lets a denial win over a concurrent approval", async () => {
        await state.requestApproval(approvalRequest("gate"));
        await Promise.all([
          state.decideApproval("run_1", "gate", "user:alice", "approved"),
          state.decideApproval("run_1", "gate", "user:bob", "denied", "no"),
        ]);
        expect(await state.approval("run_1", "gate")).toMatchObject({ status: "denied", comment: "no" });
      });

      it("registers concurrent requests of one approval once", async () => {
        const rows = await Promise.all(
          [1, 2, 3, 4].map((n) =>
            state.requestApproval({ ...approvalRequest("gate", { minApprovals: n }), requestedAt: T0 + n }),
          ),
        );
        expect(new Set(rows.map((r) => JSON.stringify(r))).size).toBe(1);
        expect(await state.approval("run_1", "gate")).toStrictEqual(rows[0]);
      });
    });

    describe("tool effects", () => {
      it("keeps the first result of a side-effecting call", async () => {
        expect(await state.toolEffect("run_1/note/0")).toBeUndefined();
        const result = { id: "note_1", saved: true, fields: { a: [1, 2, { b: null }] } };
        await state.saveToolEffect("run_1/note/0", "run_1", "crm.write_note", result);
        await state.saveToolEffect("run_1/note/0", "run_1", "crm.write_note", { id: "note_2" });
        expect(await state.toolEffect("run_1/note/0")).toStrictEqual({ result });
        expect(await state.toolEffect("run_1/note/1")).toBeUndefined();
      });

      it("stores scalar and empty results", async () => {
        await state.saveToolEffect("k1", "run_1", "t", "text");
        await state.saveToolEffect("k2", "run_1", "t", 0);
        await state.saveToolEffect("k3", "run_1", "t", false);
        await state.saveToolEffect("k4", "run_1", "t", undefined);
        await state.saveToolEffect("k5", "run_1", "t", []);
        expect(await state.toolEffect("k1")).toStrictEqual({ result: "text" });
        expect(await state.toolEffect("k2")).toStrictEqual({ result: 0 });
        expect(await state.toolEffect("k3")).toStrictEqual({ result: false });
        expect(await state.toolEffect("k4")).toStrictEqual({ result: null });
        expect(await state.toolEffect("k5")).toStrictEqual({ result: [] });
      });

      it("applies concurrent first writes once", async () => {
        await Promise.all(
          [1, 2, 3, 4, 5].map((n) => state.saveToolEffect("k", "run_1", "crm.write_note", { n })),
        );
        const stored = (await state.toolEffect("k")) as { result: { n: number } };
        expect([1, 2, 3, 4, 5]).toContain(stored.result.n);
      });
    });

    describe("bundles", () => {
      it("round-trips bundle bytes byte for byte, keeps the first copy", async () => {
        const bytes = new Uint8Array(256 * 64 + 3);
        for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 8)) & 0xff;
        expect(await state.bundle("sha256:x")).toBeUndefined();
        await state.saveBundle("sha256:x", bytes);
        const back = await state.bundle("sha256:x");
        expect(back).toBeInstanceOf(Uint8Array);
        expect(Buffer.from(back!).equals(Buffer.from(bytes))).toBe(true);
        await state.saveBundle("sha256:x", new Uint8Array([1, 2, 3]));
        expect(Buffer.from((await state.bundle("sha256:x"))!).equals(Buffer.from(bytes))).toBe(true);
      });

      it("stores exactly the bytes of a view into a larger buffer, and empty bundles", async () => {
        const backing = new Uint8Array([9, 9, 0, 1, 0xff, 0, 0x80, 9, 9]);
        await state.saveBundle("sha256:view", backing.subarray(2, 7));
        expect([...(await state.bundle("sha256:view"))!]).toEqual([0, 1, 0xff, 0, 0x80]);
        await state.saveBundle("sha256:empty", new Uint8Array(0));
        expect((await state.bundle("sha256:empty"))?.length).toBe(0);
      });
    });

    describe("trust", () => {
      const row = (sequence: number): TrustRow => ({
        workflow: "support/triage",
        sequence,
        bundleDigest: `sha256:${String(sequence).repeat(64).slice(0, 64)}`,
        version: `1.${sequence}.0`,
      });

      it("only ever raises a workflow's trusted sequence", async () => {
        expect(await state.trust("support/triage")).toBeUndefined();
        await state.raiseTrust(row(3));
        expect(await state.trust("support/triage")).toStrictEqual(row(3));
        await state.raiseTrust(row(2));
        expect(await state.trust("support/triage")).toStrictEqual(row(3));
        await state.raiseTrust({ ...row(3), bundleDigest: "sha256:other", version: "9.9.9" });
        expect(await state.trust("support/triage")).toStrictEqual(row(3));
        await state.raiseTrust(row(5));
        expect(await state.trust("support/triage")).toStrictEqual(row(5));
        expect(await state.trust("support/helper")).toBeUndefined();
      });

      it("ends at the highest of concurrent raises", async () => {
        await Promise.all([4, 9, 1, 7, 2, 8, 3].map((n) => state.raiseTrust(row(n))));
        expect(await state.trust("support/triage")).toStrictEqual(row(9));
      });
    });
  });
}
