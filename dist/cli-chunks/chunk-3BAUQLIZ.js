import {
  UserError
} from "./chunk-XC2IMODC.js";

// cli/runner-config.ts
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parse } from "yaml";
import * as z from "zod";
var configSchema = z.strictObject({
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
  metrics_port: z.union([z.int(), z.string()]).optional()
});
async function withConfigFile(options, io) {
  const file = options.config ?? io.env.CHARTER_RUNNER_CONFIG;
  if (!file) return options;
  const path = resolve(io.cwd, file);
  const text = await readFile(path, "utf8").catch((e) => {
    throw new UserError(
      `Cannot read the runner configuration ${file}: ${e.code === "ENOENT" ? "no such file" : e.message}.`
    );
  });
  let raw;
  try {
    raw = parse(text) ?? {};
  } catch (e) {
    throw new UserError(`${file} is not valid YAML: ${e.message}`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`${file}: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
  }
  const c = parsed.data;
  const at = (p) => p === void 0 ? void 0 : resolve(dirname(path), p);
  const fill = {
    registry: c.registry && /^https?:\/\//.test(c.registry) ? c.registry : at(c.registry),
    key: c.keys?.map((k) => at(k)),
    trustedRoot: at(c.trusted_root),
    dir: at(c.dir),
    state: at(c.state),
    database: c.database,
    redis: c.redis,
    tenant: c.tenants,
    port: c.port === void 0 ? void 0 : String(c.port),
    host: c.host,
    mode: c.mode,
    cassettes: at(c.cassettes),
    teams: at(c.teams),
    concurrency: c.concurrency === void 0 ? void 0 : String(c.concurrency),
    metricsPort: c.metrics_port === void 0 ? void 0 : String(c.metrics_port)
  };
  const out = { ...options };
  for (const [k, v] of Object.entries(fill)) if (v !== void 0 && out[k] === void 0) out[k] = v;
  return out;
}

export {
  withConfigFile
};
