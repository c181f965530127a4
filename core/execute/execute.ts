/**
 * The DAG scheduler. Semantics (documented in the README):
 *  - a node starts when every node it needs has finished: succeeded, skipped, or failed with the
 *    failure handled by `on_error`; a skipped need does not skip its dependents;
 *  - `if` is evaluated once, before any fan-out; false skips the node;
 *  - `for_each` runs the node per element (`item`, `index`) with `max_concurrency`; the output is the
 *    list of results; any element failing fails the node;
 *  - each attempt has a timeout (node, else workflow default); failed attempts retry with backoff;
 *    checks with `on_fail: fail` fail the attempt;
 *  - a failure is handled by `on_error.default` (that value becomes the output) or `on_error.fallback`
 *    (that node runs and its output becomes this node's); an unhandled failure fails the run and
 *    cancels what is still running;
 *  - nodes named as fallbacks run only as fallbacks.
 */
import { setMaxListeners } from "node:events";
import type { WorkflowFile, WorkflowNode } from "../../workflows-schema/index.ts";
import { deadline } from "../async/deadline.ts";
import { evaluateSource, isTruthy, resolveTemplated } from "../expressions/evaluate.ts";
import { splitTemplate } from "../expressions/template.ts";
import { workflowGraph } from "../graph/workflow-graph.ts";
import { validateJsonSchema } from "../jsonschema/validate.ts";
import { SpendLedger } from "../routing/budget.ts";
import { RouteError } from "../routing/router.ts";
import { parseDuration } from "../text/duration.ts";
import { runChecks } from "./checks.ts";
import { executeNode, NodeFailure, type NodeResult, type NodeRun } from "./nodes.ts";
import type { NodeRecord, RunRecord } from "./records.ts";
import { ApprovalPending, type ExecutionServices } from "./services.ts";

export interface ExecuteOptions {
  tenant: string;
  workflow: WorkflowFile;
  inputs: Record<string, unknown>;
  services: ExecutionServices;
  runId: string;
  signal?: AbortSignal;
  /** Spend of this run; created from the workflow budget when absent. */
  ledger?: SpendLedger;
  /** Repeat index of an eval case (keys model calls so repeats are cached separately). */
  repeat?: number;
  /**
   * Called when a node settles (for traces and checkpoints). When it returns a promise, the node's
   * dependents start only after it resolves: a checkpoint is durable before anything builds on it.
   */
  onNode?: (record: NodeRecord) => void | Promise<void>;
  /**
   * Nodes already settled by an earlier execution of this run (its checkpoints): they are not run
   * again, their outputs feed their dependents. Waiting and cancelled nodes are not carried over.
   */
  completed?: Readonly<Record<string, NodeRecord>>;
  /**
   * A step of a distributed run: run only this node — its condition, attempts and error handling,
   * including its fallback — on top of `completed`, and stop. Other nodes are neither run nor recorded.
   */
  only?: string;
  /**
   * Runs a node elsewhere (a queue worker executing the step with `only`) instead of here, and
   * returns what it settled: the node's record, and its fallback's when one ran. Or `DEFERRED`: the
   * node was handed off and settles later, in another execution (an orchestrator activation that
   * enqueues the ready steps and ends); the execution then stops once nothing else can start and
   * returns `waiting`, leaving the deferred nodes unrecorded.
   */
  dispatch?: (id: string) => Promise<NodeRecord[] | typeof DEFERRED>;
  /** When the run as a whole must end (epoch ms), for runs executed in several activations. */
  deadline?: number;
  depth?: number;
}

/** What `dispatch` answers for a node handed off to settle in a later execution. */
export const DEFERRED: unique symbol = Symbol("deferred");

function expressionOf(source: string): string {
  return source.includes("${{")
    ? (splitTemplate(source).parts.find((p) => p.kind === "expr")?.source ?? "")
    : source;
}

/** Validates inputs against their schemas and applies defaults; returns problems in words. */
export function prepareInputs(
  wf: WorkflowFile,
  given: Record<string, unknown>,
): { inputs: Record<string, unknown>; problems: string[] } {
  const inputs: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, schema] of Object.entries(wf.inputs)) {
    const value = Object.hasOwn(given, name) ? given[name] : schema.default;
    if (value === undefined) {
      problems.push(`input "${name}" is required`);
      continue;
    }
    const check = validateJsonSchema(schema, value);
    if (!check.valid) problems.push(`input "${name}": ${check.errors.join("; ")}`);
    inputs[name] = value;
  }
  for (const name of Object.keys(given))
    if (!Object.hasOwn(wf.inputs, name)) problems.push(`input "${name}" is not declared`);
  return { inputs, problems };
}

export async function executeWorkflow(options: ExecuteOptions): Promise<RunRecord> {
  const { workflow: wf, services, tenant, runId } = options;
  const clock = services.clock;
  const startedAt = clock.now();
  const ledger =
    options.ledger ??
    new SpendLedger([{ name: `workflow ${wf.name} run budget`, limitUsd: wf.budget.max_usd }]);
  const spentBefore = ledger.spentUsd;
  const record: RunRecord = {
    runId,
    tenant,
    workflow: wf.name,
    version: wf.version,
    status: "succeeded",
    nodes: {},
    costUsd: 0,
    startedAt,
    endedAt: startedAt,
  };
  const finish = (status: RunRecord["status"], error?: RunRecord["error"]) => {
    record.status = status;
    if (error) record.error = error;
    record.costUsd = ledger.spentUsd - spentBefore;
    record.endedAt = clock.now();
    return record;
  };

  const prepared = prepareInputs(wf, options.inputs);
  if (prepared.problems.length > 0)
    return finish("failed", { kind: "invalid-inputs", message: prepared.problems.join("; ") });

  // The run's own signal: its timeout, the caller's signal, and fail-fast cancellation.
  const cancel = new AbortController();
  const budgetMs =
    options.deadline === undefined ? parseDuration(wf.budget.timeout) : options.deadline - Date.now();
  const signals = [
    cancel.signal,
    // A deadline already passed is out of time now, not a timer tick later.
    budgetMs > 0
      ? AbortSignal.timeout(budgetMs)
      : AbortSignal.abort(new DOMException("the run's time budget is spent", "TimeoutError")),
  ];
  if (options.signal) signals.push(options.signal);
  const runSignal = AbortSignal.any(signals);
  // Every attempt in flight listens to it (up to max_concurrency nodes × their for_each concurrency).
  setMaxListeners(0, runSignal);

  // The same few durations are read for every attempt: parse each once per run.
  const durations = new Map<string, number>();
  const durationMs = (text: string) => {
    let ms = durations.get(text);
    if (ms === undefined) {
      ms = parseDuration(text);
      durations.set(text, ms);
    }
    return ms;
  };
  const { fallbackFor } = workflowGraph(wf);
  const ids = Object.keys(wf.nodes);
  const nodesContext: Record<string, { output: unknown; status: string; error: unknown }> = {};
  const run = {
    id: runId,
    workflow: wf.name,
    version: wf.version,
    tenant,
    started_at: new Date(startedAt).toISOString(),
  };
  const baseContext = () => ({ inputs: prepared.inputs, nodes: nodesContext, run });
  const settle = (rec: NodeRecord): void | Promise<void> => {
    record.nodes[rec.id] = rec;
    nodesContext[rec.id] = { output: rec.output ?? null, status: rec.status, error: rec.error ?? null };
    touched(rec.id);
    return options.onNode?.(rec);
  };

  let failure: RunRecord["error"];
  const pending = new Set(ids.filter((id) => !fallbackFor.has(id)));
  if (options.only !== undefined) {
    if (!Object.hasOwn(wf.nodes, options.only))
      throw new Error(`workflow ${wf.name} has no node ${options.only}`);
    for (const id of [...pending]) if (id !== options.only) pending.delete(id);
    pending.add(options.only);
  }
  for (const rec of Object.values(options.completed ?? {})) {
    if (!Object.hasOwn(wf.nodes, rec.id) || rec.status === "waiting" || rec.status === "cancelled") continue;
    record.nodes[rec.id] = rec;
    nodesContext[rec.id] = { output: rec.output ?? null, status: rec.status, error: rec.error ?? null };
    pending.delete(rec.id);
    // A node that failed for good in an earlier execution fails the run (as it did when it settled).
    if (rec.status === "failed" && rec.recoveredBy === undefined && !failure && options.only === undefined)
      failure = {
        kind: rec.error?.kind ?? "failed",
        message: `node ${rec.id} failed: ${rec.error?.message ?? "unknown error"}`,
        node: rec.id,
      };
  }
  const waiting = new Set<string>();
  const deferred = new Set<string>();
  const running = new Map<string, Promise<void>>();
  const maxConcurrency = wf.max_concurrency;
  const isSettled = (id: string) => {
    const r = record.nodes[id];
    return (
      r !== undefined &&
      (r.status !== "failed" || r.recoveredBy !== undefined) &&
      r.status !== "cancelled" &&
      r.status !== "waiting"
    );
  };
  // Fallback-only nodes that nobody needed count as skipped for readiness.
  const ready = (id: string) =>
    wf.nodes[id]!.needs.every(
      (n) => isSettled(n) || (fallbackFor.has(n) && !record.nodes[n] && !anyRunning(fallbackFor.get(n)!)),
    );
  const anyRunning = (owners: string[]) => owners.some((o) => pending.has(o) || running.has(o));

  // Readiness only changes when a need settles, or when the last owner of a fallback-only need
  // finishes; only the dependents of those nodes are looked at again (not every pending node on
  // every wake-up, which is quadratic in the size of the workflow).
  const order = new Map(ids.map((id, i) => [id, i]));
  const dependents = new Map<string, string[]>();
  for (const id of pending)
    for (const need of wf.nodes[id]!.needs) {
      const list = dependents.get(need);
      if (list) list.push(id);
      else dependents.set(need, [id]);
    }
  const recheck = new Set(pending);
  const touched = (id: string) => {
    for (const d of dependents.get(id) ?? []) if (pending.has(d)) recheck.add(d);
  };
  /** Ready nodes not started yet (max_concurrency), in the workflow's order. */
  const queue: string[] = [];
  const queued = new Set<string>();
  let wake = () => {};
  let crashed: { error: unknown } | undefined;

  while (!failure && (pending.size > 0 || running.size > 0)) {
    if (recheck.size > 0) {
      const before = queue.length;
      for (const id of recheck)
        if (!queued.has(id) && pending.has(id) && ready(id)) {
          queue.push(id);
          queued.add(id);
        }
      recheck.clear();
      if (queue.length > before) queue.sort((a, b) => order.get(a)! - order.get(b)!);
    }
    let next = 0;
    // Out of time: nothing more is handed off (a node started here would fail on the signal itself).
    while (next < queue.length && running.size < maxConcurrency && !(options.dispatch && runSignal.aborted)) {
      const id = queue[next++]!;
      queued.delete(id);
      // Checked again: a need can settle again (a fallback shared by several nodes); if it is no
      // longer ready, the node is looked at again when that need next settles.
      if (!pending.has(id) || !ready(id)) continue;
      pending.delete(id);
      const started = options.dispatch
        ? options.dispatch(id).then(async (recs) => {
            if (recs === DEFERRED) return DEFERRED;
            // The step also settled the node's fallback when it ran one: record it here too.
            for (const extra of recs) if (extra.id !== id) await settle(extra);
            const own = recs.find((r) => r.id === id);
            if (!own) throw new Error(`the step for node ${id} returned no record of it`);
            return own;
          })
        : runNode(id);
      const task = started.then(async (rec) => {
        if (rec === DEFERRED) {
          deferred.add(id);
          running.delete(id);
          wake();
          return;
        }
        await settle(rec);
        if (rec.status === "waiting") waiting.add(id);
        if (rec.status === "failed" && rec.recoveredBy === undefined && !failure) {
          failure = {
            kind: rec.error?.kind ?? "failed",
            message: `node ${id} failed: ${rec.error?.message ?? "unknown error"}`,
            node: id,
          };
          cancel.abort(new Error("the run failed"));
        }
        running.delete(id);
        const fb = wf.nodes[id]!.on_error?.fallback;
        if (fb !== undefined && fallbackFor.has(fb)) touched(fb);
        wake();
      });
      task.catch((error: unknown) => {
        crashed ??= { error };
        wake();
      });
      running.set(id, task);
    }
    queue.splice(0, next);
    if (running.size === 0) {
      // Parked on approvals (or handed off): what is left waits for them.
      if (waiting.size > 0 || deferred.size > 0) break;
      // Nothing can start: the rest waits on nodes that will never settle (a cycle the linter reports).
      for (const id of pending) await settle(cancelled(id, "waits on a cycle or a failed node"));
      pending.clear();
      break;
    }
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    // An error escaping a node (its onNode callback threw, say) fails the execution, as before.
    if (crashed) throw crashed.error;
  }
  await Promise.all(running.values());
  if (runSignal.aborted && !failure) {
    const timedOut = !options.signal?.aborted;
    failure = {
      kind: timedOut ? "timeout" : "cancelled",
      message: timedOut ? `the run exceeded its ${wf.budget.timeout} budget` : "the run was cancelled",
    };
  }
  if (options.only !== undefined) {
    // A step: the node's own outcome is the result; the run is finished by its orchestrator.
    const own = record.nodes[options.only];
    return finish(
      own?.status === "waiting"
        ? "waiting"
        : own?.status === "failed" && !own.recoveredBy
          ? "failed"
          : "succeeded",
    );
  }
  if ((waiting.size > 0 || deferred.size > 0) && !failure && !runSignal.aborted) return finish("waiting");
  for (const id of ids)
    if (!record.nodes[id])
      await settle(
        fallbackFor.has(id) && !failure
          ? skipped(id, "only runs as a fallback")
          : cancelled(id, "the run stopped before it started"),
      );
  if (failure) return finish(options.signal?.aborted ? "cancelled" : "failed", failure);

  try {
    record.outputs = resolveTemplated(wf.outputs, baseContext()) as Record<string, unknown>;
  } catch (error) {
    return finish("failed", {
      kind: "outputs",
      message: `outputs could not be computed: ${(error as Error).message}`,
    });
  }
  return finish("succeeded");

  function skipped(id: string, why: string): NodeRecord {
    const t = clock.now();
    return {
      id,
      type: wf.nodes[id]!.type,
      status: "skipped",
      output: null,
      attempts: 0,
      startedAt: t,
      endedAt: t,
      checks: [],
      error: { kind: "skipped", message: why },
    };
  }
  function cancelled(id: string, why: string): NodeRecord {
    const t = clock.now();
    return {
      id,
      type: wf.nodes[id]!.type,
      status: "cancelled",
      attempts: 0,
      startedAt: t,
      endedAt: t,
      checks: [],
      error: { kind: "cancelled", message: why },
    };
  }

  async function runNode(id: string): Promise<NodeRecord> {
    const node = wf.nodes[id]!;
    const started = clock.now();
    const context = baseContext();
    if (node.if !== undefined) {
      let go: boolean;
      try {
        go =
          typeof node.if === "boolean" ? node.if : isTruthy(evaluateSource(expressionOf(node.if), context));
      } catch (error) {
        return {
          id,
          type: node.type,
          status: "failed",
          attempts: 0,
          startedAt: started,
          endedAt: clock.now(),
          checks: [],
          error: { kind: "expression", message: `if: ${(error as Error).message}` },
        };
      }
      if (!go) return skipped(id, "its if was false");
    }
    const outcome = await attemptNode(id, node, context);
    if (outcome.status === "succeeded" || outcome.status === "waiting" || runSignal.aborted) return outcome;
    // Handle the failure: a default value, or the fallback node.
    if (node.on_error?.default !== undefined) {
      return {
        ...outcome,
        output: resolveTemplated(node.on_error.default, baseContext()),
        recoveredBy: "default",
      };
    }
    const fb = node.on_error?.fallback;
    if (fb !== undefined && Object.hasOwn(wf.nodes, fb)) {
      await settle(outcome); // the fallback may read nodes.<id>.error
      const fallback = await attemptNode(fb, wf.nodes[fb]!, baseContext());
      await settle(fallback);
      if (fallback.status === "succeeded")
        return { ...outcome, output: fallback.output, recoveredBy: "fallback", fallbackNode: fb };
    }
    return outcome;
  }

  /** A node's attempts (and fan-out), without failure handling. */
  async function attemptNode(
    id: string,
    node: WorkflowNode,
    context: Record<string, unknown>,
  ): Promise<NodeRecord> {
    const started = clock.now();
    const base: NodeRecord = {
      id,
      type: node.type,
      status: "succeeded",
      attempts: 0,
      startedAt: started,
      endedAt: started,
      checks: [],
    };
    let items: unknown[] | undefined;
    if (node.for_each !== undefined) {
      try {
        const value = evaluateSource(expressionOf(node.for_each), context);
        if (!Array.isArray(value))
          throw new Error(`for_each is ${JSON.stringify(value)?.slice(0, 60)}, not a list`);
        items = value;
      } catch (error) {
        return {
          ...base,
          status: "failed",
          endedAt: clock.now(),
          error: { kind: "expression", message: (error as Error).message },
        };
      }
    }
    if (!items) {
      const r = await withRetries(id, node, context, "");
      return { ...base, ...r, endedAt: clock.now() };
    }
    // Fan-out with bounded concurrency; results keep the order of the items.
    const results: Awaited<ReturnType<typeof withRetries>>[] = new Array(items.length);
    let next = 0;
    const workers = Array.from({ length: Math.min(node.max_concurrency, items.length) }, async () => {
      while (next < items.length && !runSignal.aborted) {
        const i = next++;
        results[i] = await withRetries(id, node, { ...context, item: items[i], index: i }, `[${i}]`);
        if (results[i]!.status === "failed") return;
      }
    });
    await Promise.all(workers);
    const failed = results.find((r) => r?.status === "failed");
    const done = results.filter(Boolean);
    const merged: NodeRecord = {
      ...base,
      items: items.length,
      attempts: done.reduce((s, r) => s + r.attempts, 0),
      checks: done.flatMap((r) => r.checks),
      endedAt: clock.now(),
      ...(failed ? { status: "failed", error: failed.error } : { output: results.map((r) => r.output) }),
    };
    const llms = done.map((r) => r.llm).filter((x) => x !== undefined);
    if (llms.length > 0) {
      merged.llm = {
        ...llms[0]!,
        inputTokens: llms.reduce((s, l) => s + l.inputTokens, 0),
        outputTokens: llms.reduce((s, l) => s + l.outputTokens, 0),
        costUsd: llms.reduce((s, l) => s + l.costUsd, 0),
        cached: llms.every((l) => l.cached),
        calls: llms.flatMap((l) => l.calls),
      };
    }
    return merged;
  }

  async function withRetries(
    id: string,
    node: WorkflowNode,
    context: Record<string, unknown>,
    itemKey: string,
  ): Promise<Omit<NodeRecord, "id" | "type" | "startedAt" | "endedAt">> {
    const policy = node.retry ?? wf.defaults?.retry;
    const maxAttempts = policy?.max_attempts ?? 1;
    const timeoutMs = durationMs(node.timeout ?? wf.defaults?.timeout ?? wf.budget.timeout);
    let last: Omit<NodeRecord, "id" | "type" | "startedAt" | "endedAt"> = {
      status: "failed",
      attempts: 0,
      checks: [],
    };
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (runSignal.aborted)
        return { ...last, status: "failed", error: { kind: "cancelled", message: "the run stopped" } };
      // The attempt's own deadline (approvals wait on the run alone); disposed when the attempt ends.
      const attemptDeadline = node.type === "approval" ? undefined : deadline(runSignal, timeoutMs);
      const signal = attemptDeadline?.signal ?? runSignal;
      const nodeRun: NodeRun = {
        tenant,
        runId,
        workflow: wf,
        id,
        node,
        context,
        services,
        signal,
        ledger,
        repeat: options.repeat,
        itemKey,
        depth: options.depth ?? 0,
        runSubWorkflow,
      };
      let result: NodeResult | undefined;
      let failureInfo:
        | { kind: string; message: string; final: boolean; trace?: Partial<NodeRecord> }
        | undefined;
      try {
        result = await executeNode(nodeRun);
      } catch (error) {
        if (error instanceof ApprovalPending)
          return {
            status: "waiting",
            attempts: attempt,
            checks: [],
            error: { kind: "waiting", message: error.message },
          };
        failureInfo = describeFailure(error, signal, timeoutMs);
      } finally {
        attemptDeadline?.dispose();
      }
      if (result) {
        const checks = runChecks(node, result.output, context, result.outputSchema);
        const failedCheck = checks.find((c) => !c.pass && c.onFail === "fail");
        last = { status: "succeeded", attempts: attempt, output: result.output, checks, ...result.trace };
        if (!failedCheck) return last;
        failureInfo = {
          kind: "check",
          message: `check ${failedCheck.name} failed: ${failedCheck.message}`,
          final: false,
        };
        last = { ...last, status: "failed", output: undefined };
      } else {
        last = { status: "failed", attempts: attempt, checks: [], ...(failureInfo?.trace ?? {}) };
      }
      last.error = { kind: failureInfo!.kind, message: failureInfo!.message };
      if (failureInfo!.final || attempt === maxAttempts) break;
      const initial = durationMs(policy?.initial_interval ?? "500ms");
      const cap = durationMs(policy?.max_interval ?? "30s");
      let wait = Math.min(cap, initial * (policy?.backoff_factor ?? 2) ** (attempt - 1));
      if (policy?.jitter) wait *= 0.5 + (services.random ?? Math.random)();
      try {
        await clock.sleep(wait, runSignal);
      } catch {
        break;
      }
    }
    return last;
  }

  async function runSubWorkflow(sub: WorkflowFile, inputs: Record<string, unknown>) {
    const result = await executeWorkflow({
      ...options,
      workflow: sub,
      inputs,
      ledger,
      signal: runSignal,
      depth: (options.depth ?? 0) + 1,
      runId: `${runId}/${sub.name}`,
      onNode: undefined,
      completed: undefined,
      only: undefined,
      dispatch: undefined,
    });
    // An approval inside the sub-workflow parks the parent node; on resume the sub-workflow runs again
    // (its tool effects are deduplicated by idempotency key).
    if (result.status === "waiting") throw new ApprovalPending(`sub-workflow ${sub.name} waits for approval`);
    return {
      ok: result.status === "succeeded",
      outputs: result.outputs,
      error: result.error?.message,
      costUsd: result.costUsd,
    };
  }
}

function describeFailure(
  error: unknown,
  signal: AbortSignal,
  timeoutMs: number,
): { kind: string; message: string; final: boolean; trace?: Partial<NodeRecord> } {
  const trace = (error as { trace?: Partial<NodeRecord> }).trace;
  if (error instanceof NodeFailure)
    return { kind: error.kind, message: error.message, final: error.final, ...(trace ? { trace } : {}) };
  if (error instanceof RouteError) {
    const final = error.kind === "budget" || error.kind === "unknown-route";
    return {
      kind: error.kind === "budget" ? "budget" : `route-${error.kind}`,
      message: error.message,
      final,
      ...(trace ? { trace } : {}),
    };
  }
  if (signal.aborted && signal.reason instanceof Error && signal.reason.name === "TimeoutError") {
    return { kind: "timeout", message: `attempt timed out after ${timeoutMs} ms`, final: false };
  }
  return { kind: "error", message: error instanceof Error ? error.message : String(error), final: false };
}
