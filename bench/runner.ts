/**
 * Scheduler overhead per node against the physical limit and a peer. One "wide and deep" DAG of
 * 1,000 no-op nodes — a root, then 20 layers of 50 (the last one 49) where each node needs 1–3
 * random nodes of the layer before (seeded) — is run, median of at least 7 runs (and ~250 ms of runs)
 * after 5 warm-ups, as:
 *  - baseline: a hand-written `Promise.all` schedule of the same calls (the limit of JS promises);
 *  - charter: `executeWorkflow` over `transform` nodes with literal values (real scheduling, no I/O),
 *    without checkpoints, then with a durable SQLite checkpoint per node (the runner's `RunStore`);
 *  - @langchain/langgraph: the same DAG as a `StateGraph` (waiting edges for fan-in), without a
 *    checkpointer and with `MemorySaver`.
 * Every variant must run each node exactly once. Target: charter ≤ 50 µs per node without
 * checkpoints, and faster than LangGraph. `npm run bench -- runner [NODES] [LAYERS] [RUNS]`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Annotation, END, MemorySaver, START, StateGraph } from "@langchain/langgraph";
import { executeWorkflow } from "../core/execute/execute.ts";
import type { ExecutionServices } from "../core/execute/services.ts";
import { systemClock } from "../core/routing/clock.ts";
import { RunStore } from "../runner/store.ts";
import { rng } from "../test/helpers/random.ts";
import { type WorkflowFile, workflowFile } from "../workflows-schema/index.ts";
import { row, timeMedian } from "./stats.ts";

interface Dag {
  /** Node ids in topological order (the root first). */
  ids: string[];
  needs: Map<string, string[]>;
  /** The literal each node outputs. */
  values: Map<string, number>;
}

function buildDag(total: number, layers: number, seed: number): Dag {
  const random = rng(seed);
  const width = Math.ceil((total - 1) / layers);
  const ids = ["root"];
  const needs = new Map<string, string[]>([["root", []]]);
  const values = new Map<string, number>([["root", 0]]);
  let previous = ["root"];
  for (let layer = 0, made = 1; layer < layers && made < total; layer++) {
    const current: string[] = [];
    for (let i = 0; i < width && made < total; i++, made++) {
      const id = `n${String(layer).padStart(2, "0")}_${String(i).padStart(2, "0")}`;
      const want = Math.min(previous.length, 1 + random.int(3));
      const chosen = new Set<string>();
      while (chosen.size < want) chosen.add(random.pick(previous));
      ids.push(id);
      needs.set(id, [...chosen]);
      values.set(id, made);
      current.push(id);
    }
    previous = current;
  }
  return { ids, needs, values };
}

function charterWorkflow(dag: Dag): WorkflowFile {
  const nodes: Record<string, unknown> = {};
  for (const id of dag.ids)
    nodes[id] = { type: "transform", value: dag.values.get(id), needs: dag.needs.get(id) };
  return workflowFile.parse({
    apiVersion: "charter/v1",
    kind: "Workflow",
    name: "bench-dag",
    version: "1.0.0",
    budget: { max_usd: 0, timeout: "10m" },
    // The schema's ceiling; no layer is wider than 50, so concurrency is never the limit.
    max_concurrency: 100,
    nodes,
  });
}

function unavailable(what: string): never {
  throw new Error(`the benchmark's no-op nodes do not use ${what}`);
}

const services: ExecutionServices = {
  repo: new Proxy({} as ExecutionServices["repo"], { get: () => unavailable("the repository") }),
  router: { chat: () => unavailable("the router") } as unknown as ExecutionServices["router"],
  tools: { invoke: async () => unavailable("tools") },
  approvals: { request: async () => unavailable("approvals") },
  retriever: async () => unavailable("retrieval"),
  workflow: () => unavailable("sub-workflows"),
  clock: systemClock,
};

/** The physical limit: each node an async function awaited after its needs' promises. */
async function promiseAllSchedule(dag: Dag): Promise<number> {
  let count = 0;
  const promises = new Map<string, Promise<number>>();
  for (const id of dag.ids) {
    const value = dag.values.get(id)!;
    const fn = async () => {
      count++;
      return value;
    };
    const needs = dag.needs.get(id)!;
    promises.set(id, needs.length === 0 ? fn() : Promise.all(needs.map((n) => promises.get(n)!)).then(fn));
  }
  await Promise.all(promises.values());
  return count;
}

let runs = 0;
async function charter(wf: WorkflowFile, store?: RunStore): Promise<number> {
  const runId = `bench-${++runs}`;
  let settled = 0;
  const record = await executeWorkflow({
    tenant: "bench",
    workflow: wf,
    inputs: {},
    services,
    runId,
    onNode: store
      ? (rec) => {
          settled++;
          store.saveNode(runId, rec);
        }
      : () => {
          settled++;
        },
  });
  const succeeded = Object.values(record.nodes).filter((n) => n.status === "succeeded" && n.attempts === 1);
  if (record.status !== "succeeded" || succeeded.length !== settled)
    throw new Error(`charter run ${runId} ended ${record.status}: ${record.error?.message ?? "?"}`);
  if (store && Object.keys(store.nodes(runId)).length !== settled)
    throw new Error(`run ${runId}: not every node was checkpointed`);
  return settled;
}

function langGraph(dag: Dag, checkpointer?: MemorySaver) {
  let count = 0;
  const State = Annotation.Root({
    ran: Annotation<number>({ reducer: (a, b) => a + b, default: () => 0 }),
  });
  // Node names are only known at run time, so the builder is typed loosely.
  const graph = new StateGraph(State) as unknown as {
    addNode(name: string, fn: (state: typeof State.State) => Partial<typeof State.State>): void;
    addEdge(from: string | string[], to: string): void;
    compile(options?: { checkpointer?: MemorySaver }): {
      invoke(
        input: Partial<typeof State.State>,
        config: { recursionLimit: number; configurable?: { thread_id: string } },
      ): Promise<typeof State.State>;
    };
  };
  const hasDependents = new Set<string>();
  for (const id of dag.ids) {
    graph.addNode(id, () => {
      count++;
      return { ran: 1 };
    });
    for (const n of dag.needs.get(id)!) hasDependents.add(n);
  }
  for (const id of dag.ids) {
    const needs = dag.needs.get(id)!;
    if (needs.length === 0) graph.addEdge(START, id);
    else if (needs.length === 1) graph.addEdge(needs[0]!, id);
    // A waiting edge: the node runs once, after all of its needs.
    else graph.addEdge(needs, id);
    if (!hasDependents.has(id)) graph.addEdge(id, END);
  }
  const app = graph.compile(checkpointer ? { checkpointer } : {});
  let thread = 0;
  return async () => {
    count = 0;
    const state = await app.invoke(
      { ran: 0 },
      { recursionLimit: dag.ids.length, configurable: { thread_id: `t${++thread}` } },
    );
    if (state.ran !== count) throw new Error(`langgraph: state counted ${state.ran}, nodes ran ${count}`);
    return count;
  };
}

export async function run(args: string[]): Promise<void> {
  const total = Number(args[0] ?? 1000);
  const layers = Number(args[1] ?? 20);
  const repeats = Number(args[2] ?? 7);
  const warmups = 5;
  const dag = buildDag(total, layers, 42);
  const edges = [...dag.needs.values()].reduce((s, n) => s + n.length, 0);
  const wf = charterWorkflow(dag);
  const dir = mkdtempSync(join(tmpdir(), "charter-bench-runner-"));
  const store = new RunStore(join(dir, "runs.db"));
  // LangGraph adds an abort listener per task to each superstep's signal, so Node warns once per
  // superstep (MaxListenersExceededWarning); those are counted, not printed. Other warnings print.
  const printWarning = process.listeners("warning");
  let inLangGraph = false;
  let langGraphWarnings = 0;
  const onWarning = (warning: Error) => {
    if (inLangGraph && warning.name === "MaxListenersExceededWarning") langGraphWarnings++;
    else for (const print of printWarning) print(warning);
  };
  process.removeAllListeners("warning");
  process.on("warning", onWarning);
  try {
    const variants: { name: string; fn: () => Promise<number> }[] = [
      { name: "Promise.all schedule (limit)", fn: () => promiseAllSchedule(dag) },
      { name: "charter, no checkpoints", fn: () => charter(wf) },
      { name: "charter, SQLite checkpoints", fn: () => charter(wf, store) },
      { name: "langgraph, no checkpointer", fn: langGraph(dag) },
      { name: "langgraph, MemorySaver", fn: langGraph(dag, new MemorySaver()) },
    ];
    console.log(
      `DAG: ${dag.ids.length} nodes (a root, then ${layers} layers of up to ${Math.ceil((total - 1) / layers)}), ${edges} edges (1–3 needs each, seed 42); median of at least ${repeats} runs (and ~250 ms of runs) after ${warmups} warm-ups`,
    );
    const results: { name: string; median: number; count: number; all: number[] }[] = [];
    for (const v of variants) {
      inLangGraph = v.name.startsWith("langgraph");
      // Warm-ups (the JIT settles over the first runs of a 1,000-node workflow), and the count check.
      let count = 0;
      let warm = 0;
      for (let i = 0; i < warmups; i++) {
        const started = performance.now();
        count = await v.fn();
        warm = performance.now() - started;
      }
      if (count !== dag.ids.length) throw new Error(`${v.name} ran ${count} of ${dag.ids.length} nodes`);
      // At least `repeats` runs and about 250 ms of them, so a GC pause cannot move a fast variant's median.
      const runs = Math.max(repeats, Math.min(200, Math.ceil(250 / Math.max(warm, 0.01))));
      const t = await timeMedian(runs, async () => {
        const n = await v.fn();
        if (n !== dag.ids.length) throw new Error(`${v.name} ran ${n} of ${dag.ids.length} nodes`);
      });
      results.push({ name: v.name, median: t.median, count, all: t.all });
      // Warnings are emitted on the next tick, which runs made only of promises never reach: let
      // them out before the next variant, so each is counted against the variant that caused it.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const perNode = (r: { median: number }) => (r.median * 1000) / dag.ids.length;
    const baseline = results[0]!;
    const peer = results[3]!;
    const widths = [30, 12, 12, 12, 14, 14];
    console.log(row(["variant", "nodes run", "median", "µs / node", "× Promise.all", "× langgraph"], widths));
    for (const r of results)
      console.log(
        row(
          [
            r.name,
            `${r.count}/${dag.ids.length}`,
            `${r.median.toFixed(2)} ms`,
            perNode(r).toFixed(2),
            (r.median / baseline.median).toFixed(1),
            (r.median / peer.median).toFixed(2),
          ],
          widths,
        ),
      );
    const plain = results[1]!;
    console.log(
      `charter without checkpoints: ${perNode(plain).toFixed(1)} µs per node (target ≤ 50: ${perNode(plain) <= 50 ? "met" : "NOT met"}); ${plain.median < peer.median ? "faster" : "NOT faster"} than langgraph (${(peer.median / plain.median).toFixed(1)}×)`,
    );
    console.log(
      `runs (ms): ${results.map((r) => `${r.name}: ${r.all.length > 12 ? `${r.all.length} runs, ${Math.min(...r.all).toFixed(1)}–${Math.max(...r.all).toFixed(1)}` : r.all.map((x) => x.toFixed(1)).join(", ")}`).join("; ")}`,
    );
    if (langGraphWarnings > 0)
      console.log(`langgraph: ${langGraphWarnings} MaxListenersExceededWarning (its own; not printed)`);
  } finally {
    process.off("warning", onWarning);
    for (const print of printWarning) process.on("warning", print);
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
