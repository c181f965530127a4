/**
 * Builds a workflow's bundle: the reproducible artifact that is signed, published and run.
 *
 * Contents (a canonical tar, see tar.ts):
 * - the original bytes of the workflow file, its sub-workflows, the prompts they use, the evaluation
 *   suites that gate them and the knowledge documents they retrieve from, at their repository paths,
 *   so what runs is byte-for-byte what was reviewed;
 * - `resolved.json`: canonical JSON of what the workflow resolves outside those files — its routes,
 *   the models and providers they target, the tool definitions it may call, the tenant's runtime
 *   policy (budget caps and allowances) — only the parts it uses, so an unrelated edit elsewhere in
 *   `models.yml` does not make a new release;
 * - `charter-bundle.json`: the index — schema, tenant, workflow, version, every other file with its
 *   sha256 and size, and a summary of the evaluation suites that gate it.
 *
 * Nothing time- or machine-dependent goes in (no commit, no build time, no eval scores): provenance
 * carries those, in the signed attestations. So building the same commit twice, anywhere, gives the
 * same digest, and any change to a resolved file gives a different one.
 */
import { createHash } from "node:crypto";
import { UserError } from "../errors.ts";
import type { GovernedRepo } from "../model/repo.ts";
import { canonicalJson } from "../text/canonical-json.ts";
import { type Resolution, resolveWorkflow } from "./resolve.ts";
import { type TarEntry, writeTar } from "./tar.ts";

export const BUNDLE_SCHEMA = "https://charter.dev/bundle/v1";
export const BUNDLE_INDEX = "charter-bundle.json";
export const BUNDLE_RESOLVED = "resolved.json";

export interface BundleFile {
  path: string;
  sha256: string;
  size: number;
}

export interface EvalSuiteSummary {
  name: string;
  file: string;
  target: { prompt: string } | { workflow: string };
  cases: number;
  threshold: number;
  repeat: number;
  routes: string[];
}

export interface BundleIndex {
  schema: typeof BUNDLE_SCHEMA;
  tenant: string;
  workflow: string;
  version: string;
  /** Path of the workflow file inside the bundle. */
  entrypoint: string;
  files: BundleFile[];
  evals: EvalSuiteSummary[];
}

/** What `resolved.json` holds. */
export interface ResolvedDocument {
  workflows: Record<string, string>;
  prompts: Record<string, string>;
  knowledge: Record<string, string[]>;
  routes: Record<string, unknown>;
  models: Record<string, unknown>;
  providers: Record<string, unknown>;
  tools: Record<string, unknown>;
  tenant: { name: string; budget: unknown; allow: unknown } | null;
}

export interface Bundle {
  tenant: string;
  workflow: string;
  version: string;
  /** `sha256:<hex>` of `bytes`. */
  digest: string;
  bytes: Uint8Array;
  index: BundleIndex;
  resolution: Resolution;
}

export const sha256Hex = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

const json = (value: unknown) => new TextEncoder().encode(`${canonicalJson(value)}\n`);

function byName<T>(entries: Iterable<[string, T]>, f: (v: T) => string): Record<string, string> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, f(v)]));
}

/**
 * Builds the bundle of `tenant/workflow` from a loaded repository (a directory or a git commit).
 * Unresolved references are a `UserError`: lint reports them, and a bundle never ships half a workflow.
 */
export async function buildBundle(repo: GovernedRepo, tenantName: string, workflow: string): Promise<Bundle> {
  const tenant = repo.tenants.get(tenantName);
  if (!tenant) throw new UserError(`No tenant "${tenantName}" in ${repo.source.label}.`);
  const r = resolveWorkflow(repo, tenant, workflow);
  if (!r) throw new UserError(`No workflow "${workflow}" in tenant "${tenantName}".`);
  if (!tenant.config)
    throw new UserError(
      `Cannot bundle ${tenantName}/${workflow}: ${tenant.dir}/tenant.yml is missing or invalid, and a bundle carries the tenant's runtime policy. Run \`charter lint\`.`,
    );
  if (r.missing.length > 0)
    throw new UserError(
      `Cannot bundle ${tenantName}/${workflow}: it references ${[...new Set(r.missing)].join(", ")}, which do not resolve. Run \`charter lint\`.`,
    );

  const paths = new Set<string>([r.workflow.path]);
  for (const wf of r.subWorkflows.values()) paths.add(wf.path);
  for (const p of r.prompts.values()) paths.add(p.path);
  for (const s of r.evals) paths.add(s.path);
  for (const docs of r.knowledge.values()) for (const d of docs) paths.add(d.path);
  const read = await repo.source.readMany([...paths]);

  const entries: TarEntry[] = [];
  for (const path of paths) {
    const bytes = read.get(path);
    if (!bytes) throw new UserError(`Cannot read ${path} from ${repo.source.label} while bundling.`);
    entries.push({ path, bytes });
  }
  const resolved: ResolvedDocument = {
    workflows: byName([[workflow, r.workflow], ...r.subWorkflows], (w) => w.path),
    prompts: byName(r.prompts, (p) => p.path),
    knowledge: Object.fromEntries(
      [...r.knowledge]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, docs]) => [k, docs.map((d) => d.path).sort()]),
    ),
    routes: r.routes,
    models: r.models,
    providers: r.providers,
    tools: r.tools,
    tenant: r.tenantPolicy ?? null,
  };
  entries.push({ path: BUNDLE_RESOLVED, bytes: json(resolved) });

  const files = entries
    .map((e) => ({ path: e.path, sha256: sha256Hex(e.bytes), size: e.bytes.length }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const index: BundleIndex = {
    schema: BUNDLE_SCHEMA,
    tenant: tenantName,
    workflow,
    version: r.workflow.data.version,
    entrypoint: r.workflow.path,
    files,
    evals: r.evals
      .map((s) => ({
        name: s.data.name,
        file: s.path,
        target: s.data.target,
        cases: s.data.cases.length,
        threshold: s.data.threshold,
        repeat: s.data.repeat,
        routes: [...s.data.routes],
      }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
  entries.push({ path: BUNDLE_INDEX, bytes: json(index) });

  const bytes = writeTar(entries);
  return {
    tenant: tenantName,
    workflow,
    version: index.version,
    digest: `sha256:${sha256Hex(bytes)}`,
    bytes,
    index,
    resolution: r,
  };
}
