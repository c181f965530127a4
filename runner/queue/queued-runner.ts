/**
 * A runner whose runs execute on the scale-out workers: admission, run creation and approval
 * decisions happen here (with this process's trust configuration), and every execution — a new run,
 * a decided approval, a resume — is an orchestrator job on the tenant's queue, awaited until the run
 * finishes or parks. Same API and same results as the in-process `Runner`; the runner's suites run
 * through both.
 */
import type { NodeRecord } from "../../core/execute/records.ts";
import { Runner, type RunnerOptions } from "../runner.ts";
import type { RunRow } from "../store.ts";
import type { RunQueues } from "./scale-out.ts";

export class QueuedRunner extends Runner {
  /** `queues` must be created with `runEvents: true`; the caller closes it. */
  constructor(
    options: RunnerOptions,
    private readonly queues: RunQueues,
  ) {
    super(options);
  }

  override async execute(
    runId: string,
    options: { dispatch?: (id: string) => Promise<NodeRecord[]> } = {},
  ): Promise<RunRow> {
    if (options.dispatch) throw new Error("a queued runner dispatches through its workers");
    const row = await this.o.store.getRun(runId);
    if (!row) throw new Error(`no run ${runId}`);
    if (row.status !== "running" && row.status !== "waiting") return row;
    await this.queues.runAndWait(row.tenant, runId);
    const settled = (await this.o.store.getRun(runId))!;
    // No job of the run is left, yet it is not settled: its orchestrator job failed and was removed.
    if (settled.status === "running")
      throw new Error(
        `run ${runId} left the queue unfinished (its orchestrator job failed; see the workers' logs)`,
      );
    return settled;
  }
}
