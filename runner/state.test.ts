/** The `RunState` contract over both stores: SQLite (a temporary file) and PostgreSQL (a fresh schema). */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openTestPgStore, TEST_DATABASE_URL } from "../test/helpers/pg.ts";
import { openPgState, openSqliteState } from "../test/helpers/stores.ts";
import { PgRunStore, quoteSchema } from "./pg-store.ts";
import { stateContract } from "./state.contract.ts";

stateContract("sqlite (RunStore)", openSqliteState);
stateContract("postgres (PgRunStore)", openPgState);

describe("PgRunStore", () => {
  it("refuses schema names that are not plain lower-case identifiers, before connecting", async () => {
    for (const schema of ["", "Charter", "a-b", "1abc", 'x"; DROP SCHEMA public; --', "a".repeat(64)])
      await expect(
        PgRunStore.open({ schema, connectionString: "postgres://nobody@127.0.0.1:1/none" }),
      ).rejects.toThrow(/invalid schema name/);
  });

  it("fails to open when the server is unreachable", async () => {
    await expect(PgRunStore.open({ connectionString: "postgres://nobody@127.0.0.1:1/none" })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });

  it("creates its schema, tables and indexes once, from several workers at once, with proper types", async (ctx) => {
    const test = await openTestPgStore();
    if (!test) return ctx.skip("PostgreSQL is not reachable");
    const schema = `charter_test_${randomBytes(6).toString("hex")}`;
    try {
      const stores = await Promise.all(
        [1, 2, 3, 4].map(() => PgRunStore.open({ connectionString: TEST_DATABASE_URL, schema })),
      );
      try {
        await stores[0]!.saveBundle("sha256:x", new Uint8Array([1, 2, 3]));
        expect([...((await stores[3]!.bundle("sha256:x")) ?? [])]).toEqual([1, 2, 3]);
        const reopened = await PgRunStore.open({ pool: test.pool, schema });
        expect([...((await reopened.bundle("sha256:x")) ?? [])]).toEqual([1, 2, 3]);
        await reopened.close(); // a pool passed in stays open
        expect((await test.pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
      const columns = await test.pool.query<{ table_name: string; column_name: string; data_type: string }>(
        `SELECT table_name, column_name, data_type FROM information_schema.columns
           WHERE table_schema = $1 ORDER BY table_name, column_name`,
        [schema],
      );
      const type = (table: string, column: string) =>
        columns.rows.find((c) => c.table_name === table && c.column_name === column)?.data_type;
      expect(new Set(columns.rows.map((c) => c.table_name))).toEqual(
        new Set(["runs", "nodes", "approvals", "tool_effects", "plans", "bundles", "trust"]),
      );
      expect(type("runs", "inputs")).toBe("json");
      expect(type("runs", "provenance")).toBe("json");
      expect(type("runs", "started_at")).toBe("bigint");
      expect(type("runs", "cost_usd")).toBe("double precision");
      expect(type("nodes", "record")).toBe("json");
      expect(type("approvals", "decided_by")).toBe("json");
      expect(type("bundles", "bytes")).toBe("bytea");
      expect(type("trust", "sequence")).toBe("bigint");
      const indexes = await test.pool.query<{ indexname: string }>(
        "SELECT indexname FROM pg_indexes WHERE schemaname = $1",
        [schema],
      );
      expect(indexes.rows.map((i) => i.indexname)).toEqual(
        expect.arrayContaining(["runs_by_tenant", "runs_by_status"]),
      );
    } finally {
      await test.pool.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
      await test.close();
    }
  });
});
