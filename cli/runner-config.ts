/**
 * The runner's configuration file (`--config FILE` or `CHARTER_RUNNER_CONFIG`), for `run`, `serve` and
 * `worker`: the same settings as their flags, in YAML. Flags win over the file; the file's settings
 * fill what flags leave out (environment variables such as CHARTER_DATABASE_URL still apply after both).
 *
 *   registry: https://ghcr.io/acme/ai-workflows
 *   keys: [keys/release.pub]
 *   trusted_root: keys/trusted_root.json
 *   state: /var/lib/charter
 *   database: postgres://charter@db/charter
 *   redis: redis://queue:6379
 *   tenants: [support, finance]
 *   port: 8080
 *   host: 0.0.0.0
 *   mode: live
 *   teams: teams.yml
 *   metrics_port: 9464      # charter worker: Prometheus /metrics
 */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parse } from "yaml";
import * as z from "zod";
import { UserError } from "../core/errors.ts";
import type { CliIO } from "./io.ts";

const configSchema = z.strictObject({
  registry: z.string().min(1).optional(),
  keys: z.array(z.string().min(1)).optional(),
  trusted_root: z.string().min(1).optional(),
  dir: z.string().min(1).optional(),
  state: z.string().min(1).optional(),
  database: z.string().min(1).optional(),
  redis: z.string().min(1).optional(),
  tenants: z.array(z.string().min(1)).optional(),
  port: z.union([z.int(), z.string()]).optional(),
  host: z.string().min(1).optional(),
  mode: z.enum(["auto", "live", "replay"]).optional(),
  cassettes: z.string().min(1).optional(),
  teams: z.string().min(1).optional(),
  concurrency: z.union([z.int(), z.string()]).optional(),
  metrics_port: z.union([z.int(), z.string()]).optional(),
});

type Flags = {
  config?: string;
  registry?: string;
  key?: string[];
  trustedRoot?: string;
  dir?: string;
  state?: string;
  database?: string;
  redis?: string;
  tenant?: string[];
  port?: string;
  host?: string;
  mode?: string;
  cassettes?: string;
  teams?: string;
  concurrency?: string;
  metricsPort?: string;
};

/** `options` with what the config file sets and the flags do not; paths resolve against the file. */
export async function withConfigFile<T extends Flags>(options: T, io: CliIO): Promise<T> {
  const file = options.config ?? io.env.CHARTER_RUNNER_CONFIG;
  if (!file) return options;
  const path = resolve(io.cwd, file);
  const text = await readFile(path, "utf8").catch((e: NodeJS.ErrnoException) => {
    throw new UserError(
      `Cannot read the runner configuration ${file}: ${e.code === "ENOENT" ? "no such file" : e.message}.`,
    );
  });
  let raw: unknown;
  try {
    raw = parse(text) ?? {};
  } catch (e) {
    throw new UserError(`${file} is not valid YAML: ${(e as Error).message}`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`${file}: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
  }
  const c = parsed.data;
  const at = (p: string | undefined) => (p === undefined ? undefined : resolve(dirname(path), p));
  const fill: Flags = {
    registry: c.registry && /^https?:\/\//.test(c.registry) ? c.registry : at(c.registry),
    key: c.keys?.map((k) => at(k)!),
    trustedRoot: at(c.trusted_root),
    dir: at(c.dir),
    state: at(c.state),
    database: c.database,
    redis: c.redis,
    tenant: c.tenants,
    port: c.port === undefined ? undefined : String(c.port),
    host: c.host,
    mode: c.mode,
    cassettes: at(c.cassettes),
    teams: at(c.teams),
    concurrency: c.concurrency === undefined ? undefined : String(c.concurrency),
    metricsPort: c.metrics_port === undefined ? undefined : String(c.metrics_port),
  };
  const out: Record<string, unknown> = { ...options };
  for (const [k, v] of Object.entries(fill)) if (v !== undefined && out[k] === undefined) out[k] = v;
  return out as T;
}
