/**
 * Runs spread over any number of worker processes, on BullMQ and Redis, with run state in a shared
 * store (PostgreSQL): the "process step jobs" pattern.
 *
 * - One **orchestrator job** per run (queue `runs`, job id = run id) runs the run's scheduler from
 *   the checkpoints in the store and hands every node that is ready to a **step job** (queue `steps`,
 *   deterministic job id `RUN__NODE`); independent steps run at once, on whichever workers are free.
 *   By default (`flow`) the steps are child jobs of the run's job, which waits for them with
 *   `moveToWaitingChildren` — giving its slot back — and is re-activated when they finish, to
 *   schedule the next wave. `await` keeps the orchestrator running and awaits each step as it goes.
 * - A step job runs one node alone — condition, attempts, error handling, fallback — on the
 *   checkpoints so far, checkpoints what it settled and returns it.
 * - Each tenant has its own queues (BullMQ prefix `charter:TENANT`).
 *
 * Crash safety comes from the store, not from Redis: a checkpointed node is never run again (a step
 * delivered twice returns the stored record), side-effecting tools are applied once per idempotency
 * key, and an orchestrator that dies is re-delivered by BullMQ's stalled-job check and resumes from
 * the checkpoints. Redis may lose everything (it keeps nothing on disk here): `reconcile()` re-enqueues
 * every run the store still has as running, with the same job ids, so nothing is lost or doubled.
 */
import { type ConnectionOptions, type Job, Queue, QueueEvents, WaitingChildrenError, Worker } from "bullmq";
import type { NodeRecord } from "../../core/execute/records.ts";
import type { Runner } from "../runner.ts";
import type { RunState } from "../state.ts";

export interface ScaleOutOptions {
  connection: ConnectionOptions;
  tenants: readonly string[];
  /** Step and orchestrator job lock: how soon a dead worker's job is re-delivered. */
  lockDurationMs?: number;
  /** Root of the queue names in Redis (default `charter`; a tenant's queues live under `ROOT:TENANT`). */
  namespace?: string;
}

/**
 * How an orchestrator job waits for its steps:
 * - `flow` (default): the ready steps are added as child jobs of the run's job (BullMQ flows), which
 *   then waits with `moveToWaitingChildren` and gives its slot back; the children's completion
 *   re-activates it to schedule the next wave from the checkpoints.
 * - `await`: the orchestrator keeps its slot and awaits each step job as it goes
 *   (`waitUntilFinished`), starting dependents as soon as their own needs finish.
 */
export type Orchestration = "flow" | "await";

const prefix = (o: ScaleOutOptions, tenant: string) => `${o.namespace ?? "charter"}:${tenant}`;

interface TenantQueues {
  runs: Queue;
  steps: Queue;
  /** Only where steps are awaited (workers): a blocking Redis reader producers do not need. */
  stepEvents?: QueueEvents;
  /** Only where runs are awaited (`QueuedRunner`). */
  runEvents?: QueueEvents;
}

/** Producer side: enqueue runs (and resumes); used by the service and by `reconcile`. */
export class RunQueues {
  private readonly queues = new Map<string, TenantQueues>();
  constructor(private readonly o: ScaleOutOptions & { stepEvents?: boolean; runEvents?: boolean }) {}

  tenant(tenant: string): TenantQueues {
    let q = this.queues.get(tenant);
    if (!q) {
      if (!this.o.tenants.includes(tenant)) throw new Error(`tenant ${tenant} has no queues on this runner`);
      const options = { connection: this.o.connection, prefix: prefix(this.o, tenant) };
      q = {
        runs: new Queue("runs", options),
        steps: new Queue("steps", options),
        ...(this.o.stepEvents ? { stepEvents: new QueueEvents("steps", options) } : {}),
        ...(this.o.runEvents ? { runEvents: new QueueEvents("runs", options) } : {}),
      };
      this.queues.set(tenant, q);
    }
    return q;
  }

  /** Enqueues (or re-enqueues) the orchestrator job of a run: one per run at a time. */
  async enqueueRun(tenant: string, runId: string): Promise<void> {
    await this.tenant(tenant).runs.add(
      "run",
      // `since`: this execution's start, from which the run's timeout counts across activations.
      { runId, since: Date.now() },
      { jobId: runId, removeOnComplete: true, removeOnFail: true },
    );
  }

  /**
   * Enqueues a run's orchestrator job and waits until no job of that run is left: it finished, parked
   * or failed (rejects with the job's failure). The store says how the run settled. Completion events
   * wake the wait early; the job's state is polled too, so an event missed (or a job that finished
   * before the listener could see it) cannot hang the caller.
   */
  async runAndWait(tenant: string, runId: string, pollMs = 250): Promise<void> {
    const q = this.tenant(tenant);
    const events = q.runEvents;
    if (!events) throw new Error("RunQueues was created without runEvents");
    await events.waitUntilReady();
    let failed: string | undefined;
    let wake = () => {};
    const onCompleted = ({ jobId }: { jobId: string }) => {
      if (jobId === runId) wake();
    };
    const onFailed = ({ jobId, failedReason }: { jobId: string; failedReason: string }) => {
      if (jobId !== runId) return;
      failed = failedReason;
      wake();
    };
    events.on("completed", onCompleted);
    events.on("failed", onFailed);
    try {
      await this.enqueueRun(tenant, runId);
      for (;;) {
        if (failed !== undefined) throw new Error(`run ${runId} failed on its worker: ${failed}`);
        const state = await q.runs.getJobState(runId);
        if (state === "unknown" || state === "completed") return;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      events.off("completed", onCompleted);
      events.off("failed", onFailed);
    }
  }

  /** Every run the store has as running, enqueued again (after Redis lost its data, say). */
  async reconcile(store: RunState): Promise<number> {
    let n = 0;
    for (const tenant of this.o.tenants)
      for (const run of await store.listRuns({ tenant, status: "running", limit: 100_000 })) {
        await this.enqueueRun(tenant, run.id);
        n++;
      }
    return n;
  }

  async close(): Promise<void> {
    for (const q of this.queues.values())
      await Promise.all([q.runs.close(), q.steps.close(), q.stepEvents?.close(), q.runEvents?.close()]);
  }
}

/** Worker side: orchestrator and step processors for every configured tenant. */
export class RunWorkers {
  private readonly workers: Worker[] = [];
  private readonly queues: RunQueues;

  constructor(
    private readonly runner: Runner,
    private readonly o: ScaleOutOptions & {
      store: RunState;
      runConcurrency?: number;
      stepConcurrency?: number;
      /** A step job's time limit (its node's own timeouts apply inside it). Default 10 minutes. */
      stepTimeoutMs?: number;
      /** Failures of jobs and workers (a failed job is retried or re-delivered). */
      onError?: (what: string, error: unknown) => void;
      orchestration?: Orchestration;
    },
  ) {
    this.queues = new RunQueues({ ...o, stepEvents: (o.orchestration ?? "flow") === "await" });
  }

  start(): void {
    const report = (what: string) => (error: unknown) => this.o.onError?.(what, error);
    for (const tenant of this.o.tenants) {
      const options = {
        connection: this.o.connection,
        prefix: prefix(this.o, tenant),
        lockDuration: this.o.lockDurationMs ?? 30_000,
        stalledInterval: Math.max(500, Math.floor((this.o.lockDurationMs ?? 30_000) / 2)),
      };
      const queues = this.queues.tenant(tenant);
      this.workers.push(
        new Worker(
          "runs",
          async (job: Job<{ runId: string; since?: number }>, token?: string) => {
            if ((this.o.orchestration ?? "flow") === "flow") return this.activate(queues, job, token);
            const run = await this.runner.execute(job.data.runId, {
              dispatch: (nodeId) => this.step(queues, job.data.runId, nodeId),
            });
            return { status: run.status };
          },
          { ...options, concurrency: this.o.runConcurrency ?? 50 },
        ),
        new Worker(
          "steps",
          async (job: Job<{ runId: string; nodeId: string }>) =>
            this.stepWithTimeout(job.data.runId, job.data.nodeId),
          { ...options, concurrency: this.o.stepConcurrency ?? 8 },
        ),
      );
      for (const w of this.workers.slice(-2)) {
        w.on("error", report(`worker ${w.name}`));
        w.on("failed", (job, error) => report(`job ${w.name} ${job?.id}`)(error));
      }
    }
  }

  /**
   * BullMQ has no job timeout: a step gets an AbortController that fires after `stepTimeoutMs`, and
   * the signal reaches the providers and tools of the node (real cancellation, not an abandoned job).
   */
  private async stepWithTimeout(runId: string, nodeId: string): Promise<NodeRecord[]> {
    const controller = new AbortController();
    const timer = setTimeout(
      () =>
        controller.abort(
          new Error(`step ${nodeId} of ${runId} exceeded ${this.o.stepTimeoutMs ?? 600_000} ms`),
        ),
      this.o.stepTimeoutMs ?? 600_000,
    );
    try {
      return await this.runner.executeStep(runId, nodeId, controller.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The `flow` orchestrator: activates the run; adds its ready nodes as child step jobs (deterministic
   * ids, so a re-activation after a crash adds nothing twice) and waits for them without holding a
   * slot. `moveToWaitingChildren` answers false when the children already finished — then the next
   * wave is scheduled here at once (returning instead would end the run with steps never scheduled).
   */
  private async activate(
    queues: TenantQueues,
    job: Job<{ runId: string; since?: number }>,
    token: string | undefined,
  ): Promise<{ status: string }> {
    const { runId } = job.data;
    for (;;) {
      const next = await this.runner.activate(runId, job.data.since ?? job.timestamp);
      if ("run" in next) return { status: next.run.status };
      await queues.steps.addBulk(
        next.dispatch.map(({ node, decided }) => ({
          name: "step",
          data: { runId, nodeId: node },
          opts: {
            // A node parked on an approval is dispatched once more after the decision: a job of its own.
            jobId: `${runId}__${node}${decided ? "__decided" : ""}`,
            parent: { id: job.id!, queue: job.queueQualifiedName },
            // A step that keeps failing (not a failed node: an error escaping it) fails the run's job.
            failParentOnFailure: true,
            removeOnComplete: true,
            removeOnFail: true,
            attempts: 3,
            backoff: { type: "exponential", delay: 200 },
          },
        })),
      );
      if (await job.moveToWaitingChildren(token!)) throw new WaitingChildrenError();
    }
  }

  /** Dispatches one node as a step job (deduplicated by its id) and waits for what it settled. */
  private async step(queues: TenantQueues, runId: string, nodeId: string): Promise<NodeRecord[]> {
    // A node parked on an approval is dispatched once more after the decision: a job of its own.
    const parked = (await this.o.store.nodes(runId))[nodeId]?.status === "waiting";
    const job = await queues.steps.add(
      "step",
      { runId, nodeId },
      {
        jobId: `${runId}__${nodeId}${parked ? "__decided" : ""}`,
        removeOnComplete: { age: 3600 },
        removeOnFail: true,
        attempts: 3,
        backoff: { type: "exponential", delay: 200 },
      },
    );
    return (await job.waitUntilFinished(queues.stepEvents!)) as NodeRecord[];
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await this.queues.close();
  }
}
