/**
 * The two run-state stores the runner suites run against: SQLite (`RunStore`, a temporary file) and
 * PostgreSQL (`PgRunStore`, a fresh schema, see `pg.ts`). An opener answers undefined when its store
 * is not available here (PostgreSQL outside CI): the test then skips.
 */
import { join } from "node:path";
import type { TestContext } from "vitest";
import type { RunState } from "../../runner/state.ts";
import { RunStore } from "../../runner/store.ts";
import { openTestPgStore } from "./pg.ts";
import { writeTree } from "./tree.ts";

export interface OpenedState<S extends RunState = RunState> {
  state: S;
  /** Closes the store and removes what it was stored in (temporary file, test schema). */
  close(): Promise<void>;
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

/** Opens a store for the current test, or skips the test when the store is not available here. */
export async function openOrSkip(open: StateOpener, ctx: TestContext): Promise<OpenedState> {
  const opened = await open();
  if (!opened) return ctx.skip("PostgreSQL is not reachable (set CI=true to make this a failure)");
  return opened;
}
