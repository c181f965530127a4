/**
 * Which state store a command uses: PostgreSQL when `--database URL` or `CHARTER_DATABASE_URL` names
 * one (shared by many runner processes; `?schema=NAME` selects the schema, default `charter`), else
 * SQLite in the state directory (the embedded default).
 */
import { join } from "node:path";
import { UserError } from "../core/errors.ts";
import { PgRunStore } from "./pg-store.ts";
import type { RunState } from "./state.ts";
import { RunStore } from "./store.ts";

export async function openRunState(options: {
  database?: string;
  stateDir: string;
  env: Record<string, string | undefined>;
}): Promise<RunState> {
  const url = options.database ?? options.env.CHARTER_DATABASE_URL;
  if (!url) return new RunStore(join(options.stateDir, "runner.db"));
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new UserError(`--database must be a postgres:// URL; got "${url.replace(/:[^:@/]*@/, ":***@")}".`);
  // `?schema=NAME` picks the schema (default `charter`); it is ours, not a libpq parameter.
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") ?? undefined;
  parsed.searchParams.delete("schema");
  try {
    return await PgRunStore.open({ connectionString: parsed.toString(), ...(schema ? { schema } : {}) });
  } catch (e) {
    throw new UserError(`Cannot open the runner database: ${(e as Error).message}`, { exitCode: 1 });
  }
}
