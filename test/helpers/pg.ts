/**
 * PostgreSQL for tests: a fresh schema `charter_test_<random>` per store in the `test` database of the
 * local server (`postgres://postgres@127.0.0.1:5432/test`, trust auth; `CHARTER_TEST_DATABASE_URL`
 * overrides it), dropped with everything in it by `close()`, which also ends the pool.
 *
 * Under CI=true an unreachable server is a failure, not a skip: the PostgreSQL half of the store suites
 * must run there. Elsewhere `openTestPgStore()` answers undefined and callers skip.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { PgRunStore, quoteSchema } from "../../runner/pg-store.ts";

export const TEST_DATABASE_URL =
  process.env.CHARTER_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface TestPgStore {
  store: PgRunStore;
  schema: string;
  /** The pool the store runs on (for inspecting the schema); ended by `close()`. */
  pool: pg.Pool;
  /** Drops the schema (CASCADE) and ends the pool. */
  close(): Promise<void>;
}

/** A store over a fresh schema, or undefined when the server is unreachable (throws under CI=true). */
export async function openTestPgStore(): Promise<TestPgStore | undefined> {
  const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000, max: 5 });
  pool.on("error", () => {}); // an idle connection dropped by the server: the pool replaces it
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end();
    if (process.env.CI === "true")
      throw new Error(
        `PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${(error as Error).message}); under CI=true the PostgreSQL store tests must run: start PostgreSQL (15) there, with trust auth for user postgres and a database named test, or point CHARTER_TEST_DATABASE_URL at one.`,
        { cause: error },
      );
    return undefined;
  }
  const schema = `charter_test_${randomBytes(6).toString("hex")}`;
  let store: PgRunStore;
  try {
    store = await PgRunStore.open({ pool, schema });
  } catch (error) {
    await pool.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`).catch(() => {});
    await pool.end();
    throw error;
  }
  let closed = false;
  return {
    store,
    schema,
    pool,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await store.close();
        await pool.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
      } finally {
        await pool.end();
      }
    },
  };
}
