/**
 * Where the runner suites run: over SQLite (`RunStore`, a temporary file) and PostgreSQL (`PgRunStore`,
 * a fresh schema, see `pg.ts`) in-process (`STORES`), and — `MODES` — also queued: the same suites
 * through `QueuedRunner`, every run executed by BullMQ workers (orchestrator and step jobs) on a Redis
 * server of the test's own, over PostgreSQL. An opener answers undefined when what it needs is not
 * available here (PostgreSQL or redis-server outside CI): the test then skips; under CI=true it fails.
 */
import { type ChildProcess, spawnSync } from "node:child_process";
import { join } from "node:path";
import type { TestContext } from "vitest";
import { QueuedRunner } from "../../runner/queue/queued-runner.ts";
import { type Orchestration, RunQueues, RunWorkers } from "../../runner/queue/scale-out.ts";
import { Runner, type RunnerOptions } from "../../runner/runner.ts";
import type { RunState } from "../../runner/state.ts";
import { RunStore } from "../../runner/store.ts";
import { openTestPgStore } from "./pg.ts";
import { freePort, startRedis } from "./redis.ts";
import { writeTree } from "./tree.ts";

export interface OpenedState<S extends RunState = RunState> {
  state: S;
  /** Closes the store and removes what it was stored in (temporary file, test schema). */
  close(): Promise<void>;
  /**
   * A runner over this state for `tenants` (default: in-process `new Runner(options)`). Queued modes
   * answer a `QueuedRunner` with workers of their own, stopped by `close()`.
   */
  runner?(options: RunnerOptions, tenants: readonly string[]): Runner;
}

export type StateOpener = () => Promise<OpenedState | undefined>;

export async function openSqliteState(): Promise<OpenedState<RunStore>> {
  const store = new RunStore(join(writeTree({}), "runner.db"));
  let closed = false;
  return {
    state: store,
    async close() {
      if (closed) return;
      closed = true;
      store.close();
    },
  };
}

export async function openPgState(): Promise<OpenedState | undefined> {
  const opened = await openTestPgStore();
  return opened && { state: opened.store, close: opened.close };
}

/** For `describe.each(STORES)`: every store the runner's state may live in. */
export const STORES: [name: string, open: StateOpener][] = [
  ["sqlite", openSqliteState],
  ["postgres", openPgState],
];

function redisServerInstalled(): boolean {
  if (!spawnSync("redis-server", ["--version"]).error) return true;
  if (process.env.CI === "true")
    throw new Error(
      "redis-server is not installed; under CI=true the queued runner suites must run (.ci/run installs it).",
    );
  return false;
}

/**
 * PostgreSQL state and a Redis server of its own; each `runner()` gets its own queue namespace and
 * in-process BullMQ workers (a plain `Runner` with the same options executes the jobs).
 */
export async function openQueuedState(
  orchestration: Orchestration = "flow",
): Promise<OpenedState | undefined> {
  if (!redisServerInstalled()) return undefined;
  const pg = await openPgState();
  if (!pg) return undefined;
  const port = await freePort();
  let redis: ChildProcess;
  try {
    redis = await startRedis(port);
  } catch (error) {
    await pg.close();
    throw error;
  }
  const connection = { host: "127.0.0.1", port, maxRetriesPerRequest: null };
  const opened: { queues: RunQueues; workers: RunWorkers }[] = [];
  let closed = false;
  return {
    state: pg.state,
    runner(options, tenants) {
      const namespace = `t${opened.length}`;
      const queues = new RunQueues({ connection, tenants, namespace, runEvents: true });
      const workers = new RunWorkers(new Runner(options), {
        connection,
        tenants,
        namespace,
        store: options.store,
        lockDurationMs: 5_000,
        orchestration,
      });
      workers.start();
      opened.push({ queues, workers });
      return new QueuedRunner(options, queues);
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const o of opened) {
        await o.workers.close();
        await o.queues.close();
      }
      redis.kill("SIGKILL");
      await pg.close();
    },
  };
}

/** For `describe.each(MODES)`: every store in-process, and PostgreSQL with the runs queued on workers. */
export const MODES: [name: string, open: StateOpener][] = [
  ...STORES,
  ["postgres, queued on BullMQ workers (flow)", () => openQueuedState("flow")],
  ["postgres, queued on BullMQ workers (await)", () => openQueuedState("await")],
];

/** A runner over `opened` (in-process unless its mode queues runs). */
export function runnerOver(opened: OpenedState, options: RunnerOptions, tenants: readonly string[]): Runner {
  return opened.runner ? opened.runner(options, tenants) : new Runner(options);
}

/** Opens a store for the current test, or skips the test when the store is not available here. */
export async function openOrSkip(open: StateOpener, ctx: TestContext): Promise<OpenedState> {
  const opened = await open();
  if (!opened)
    return ctx.skip("PostgreSQL or redis-server is not available (set CI=true to make this a failure)");
  return opened;
}
