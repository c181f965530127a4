/**
 * What a run executes with, built only from its verified bundle (never from the registry again, never
 * from the local repository): the bundle's files plus `resolved.json` become a one-tenant governed
 * repository, loaded and validated by the same loader as everything else; the router, tools,
 * knowledge, approvals and budgets are scoped to that tenant.
 *
 * Boundaries enforced here, failing closed: every route target must be a model and provider the
 * tenant allows; tools go through the policy (tenant allowlist, write tools only if the release
 * carries them, argument and output schemas); side-effecting calls are applied once per idempotency
 * key across crashes; approvals park the run in the store; the run's spend counts against the
 * workflow's budget, the tenant's per-run cap and the tenant's daily budget.
 */
import { basename, dirname } from "node:path";
import type { OpenedBundle } from "../core/bundle/open.ts";
import { CassetteStore } from "../core/calls/cassettes.ts";
import { type CallMode, ModelCaller, type ProviderFactory } from "../core/calls/model-caller.ts";
import type { NodeRecord } from "../core/execute/records.ts";
import { ApprovalPending, type ExecutionServices, type ToolInvoker } from "../core/execute/services.ts";
import { knowledgeRetrievers } from "../core/knowledge/tenant-knowledge.ts";
import { modelAllowed } from "../core/lint/walk.ts";
import { loadRepo } from "../core/model/load.ts";
import type { GovernedRepo } from "../core/model/repo.ts";
import { createProvider } from "../core/providers/factory.ts";
import { CircuitBreaker } from "../core/routing/breaker.ts";
import { SpendLedger } from "../core/routing/budget.ts";
import { systemClock } from "../core/routing/clock.ts";
import { Router } from "../core/routing/router.ts";
import type { GovernancePredicate } from "../core/signing/statement.ts";
import { DirectorySource } from "../core/source/directory-source.ts";
import { MemorySource } from "../core/source/memory-source.ts";
import { RunRefused } from "./admit.ts";
import type { RunState } from "./state.ts";

const API = "charter/v1";
const text = (v: unknown) => `${JSON.stringify(v, null, 1)}\n`;

/** The one-tenant governed repository a bundle describes; refuses a bundle that does not load cleanly. */
export async function repoFromBundle(
  bundle: OpenedBundle,
  governance: GovernancePredicate,
): Promise<GovernedRepo> {
  const { index, resolved } = bundle;
  const tenant = index.tenant;
  const files: Record<string, Uint8Array | string> = {};
  for (const [path, bytes] of bundle.files) if (path.startsWith(`tenants/${tenant}/`)) files[path] = bytes;
  files["charter.yml"] = text({
    apiVersion: API,
    kind: "Charter",
    name: "bundle",
    governance: { owners: ["user:charter-runner"] },
  });
  files["models.yml"] = text({
    apiVersion: API,
    kind: "Models",
    providers: resolved.providers,
    models: resolved.models,
  });
  files[`tenants/${tenant}/routes.yml`] = text({ apiVersion: API, kind: "Routes", routes: resolved.routes });
  const namespaces = new Map<string, { connector: unknown; tools: Record<string, unknown> }>();
  for (const [ref, def] of Object.entries(resolved.tools)) {
    const [ns, name] = ref.split(".") as [string, string];
    const { connector, tool } = def as { connector: unknown; tool: unknown };
    const entry = namespaces.get(ns) ?? { connector, tools: {} };
    entry.tools[name] = tool;
    namespaces.set(ns, entry);
  }
  for (const [ns, entry] of namespaces)
    files[`tools/${ns}.yml`] = text({ apiVersion: API, kind: "ToolCatalog", namespace: ns, ...entry });
  if (!resolved.tenant) throw new RunRefused("verification", "The bundle carries no tenant policy.");
  files[`tenants/${tenant}/tenant.yml`] = text({
    apiVersion: API,
    kind: "Tenant",
    name: tenant,
    approvals: {
      required: Math.max(1, governance.policy.required ?? 1),
      approvers: governance.policy.approvers?.length ? governance.policy.approvers : ["user:charter-runner"],
    },
    budget: resolved.tenant.budget,
    allow: resolved.tenant.allow,
  });
  const { repo, diagnostics } = await loadRepo(
    new MemorySource(files, `bundle ${index.tenant}/${index.workflow}@${index.version}`),
  );
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0)
    throw new RunRefused(
      "verification",
      `The bundle does not load: ${errors
        .slice(0, 3)
        .map((d) => `${d.file}:${d.line}: ${d.message}`)
        .join("; ")}`,
    );
  return repo;
}

/** Every route target must be a model (and provider) the tenant allows. */
export function checkModelAllowlist(repo: GovernedRepo, tenant: string): void {
  const t = repo.tenants.get(tenant)!;
  const allow = t.config!.data.allow;
  for (const [route, def] of Object.entries(t.routes?.data.routes ?? {}))
    for (const target of def.targets) {
      const model = repo.models?.data.models[target.model];
      if (!modelAllowed(target.model, allow.models) || !model || !allow.providers.includes(model.provider))
        throw new RunRefused(
          "verification",
          `Route ${route} targets ${target.model}${model ? ` (provider ${model.provider})` : ""}, which tenant ${tenant} does not allow.`,
        );
    }
}

export interface RuntimeOptions {
  runId: string;
  tenant: string;
  repo: GovernedRepo;
  store: RunState;
  env: Record<string, string | undefined>;
  mode: CallMode;
  /** A directory of cassettes (`<dir>/<tenant>/*.json`) for replay. */
  cassettes?: string;
  tools: ToolInvoker;
  /** Tools whose effects must be applied at most once (non-idempotent write tools). */
  onceOnly: ReadonlySet<string>;
  createProvider?: ProviderFactory;
  /** The bundle's knowledge indexes, when the caller keeps them across runs of the same bundle. */
  retrievers?: ReturnType<typeof knowledgeRetrievers>;
}

/** The execution services of one run. */
export function runServices(o: RuntimeOptions): ExecutionServices {
  const { repo, tenant, store } = o;
  const caller = new ModelCaller({
    models: repo.models!.data,
    env: o.env,
    mode: o.mode,
    createProvider: o.createProvider ?? createProvider,
    cassettes: o.cassettes
      ? new CassetteStore([new DirectorySource(dirname(o.cassettes))], basename(o.cassettes))
      : new CassetteStore([], "cassettes"),
  });
  const router = new Router({ repo, caller, clock: systemClock, breaker: new CircuitBreaker() });
  const retrievers = o.retrievers ?? knowledgeRetrievers(repo);
  const tools: ToolInvoker = {
    async invoke(call) {
      if (call.tenant !== tenant)
        throw new Error(`tool call for tenant ${call.tenant} in a run of ${tenant}`);
      if (!o.onceOnly.has(call.tool)) return o.tools.invoke(call);
      // Applied at most once per idempotency key, across retries and crashes: the key also goes to
      // the tool (Idempotency-Key, MCP _meta), so a crash between applying and recording is covered.
      const done = await store.toolEffect(call.idempotencyKey);
      if (done) return done.result;
      const result = await o.tools.invoke(call);
      await store.saveToolEffect(call.idempotencyKey, o.runId, call.tool, result);
      return result;
    },
  };
  return {
    repo,
    router,
    tools,
    clock: systemClock,
    approvals: {
      async request(req) {
        if (req.tenant !== tenant) throw new Error(`approval for tenant ${req.tenant} in a run of ${tenant}`);
        const row = await store.requestApproval({
          runId: req.runId,
          node: req.node,
          tenant,
          approvers: req.approvers,
          minApprovals: req.minApprovals,
          ...(req.message ? { message: req.message } : {}),
          requestedAt: Date.now(),
        });
        if (row.status === "pending")
          throw new ApprovalPending(
            `waiting for ${row.minApprovals} approval(s) from ${row.approvers.join(", ")}`,
          );
        return {
          decision: row.status,
          approvers: row.decidedBy,
          ...(row.comment ? { comment: row.comment } : {}),
        };
      },
    },
    retriever(t, collection) {
      if (t !== tenant) throw new Error(`knowledge of tenant ${t} is not reachable from a run of ${tenant}`);
      return retrievers(t, collection);
    },
    workflow(t, name, version) {
      if (t !== tenant) return undefined;
      const wf = repo.tenants.get(t)?.workflows.get(name);
      return wf && wf.data.version === version ? wf.data : undefined;
    },
  };
}

/** The run's spend limits: the workflow's budget, the tenant's per-run cap and what is left of its day. */
export function runLedger(
  repo: GovernedRepo,
  tenant: string,
  workflow: { name: string; budget: { max_usd: number } },
  spentThisRun: number,
  spentToday: number,
): SpendLedger {
  const budget = repo.tenants.get(tenant)!.config!.data.budget;
  const budgets = [
    {
      name: `workflow ${workflow.name} run budget`,
      limitUsd: workflow.budget.max_usd,
      spentUsd: spentThisRun,
    },
    { name: `tenant ${tenant} per-run cap`, limitUsd: budget.max_usd_per_run, spentUsd: spentThisRun },
  ];
  if (budget.max_usd_per_day !== undefined)
    budgets.push({
      name: `tenant ${tenant} daily budget`,
      limitUsd: budget.max_usd_per_day,
      // Other runs today plus what this run spent before (a resumed run, a step on a worker).
      spentUsd: spentToday + spentThisRun,
    });
  return new SpendLedger(budgets);
}

/** What the completed nodes of a run already spent. */
export function spentIn(nodes: Record<string, NodeRecord>): number {
  return Object.values(nodes).reduce((s, n) => s + (n.llm?.costUsd ?? 0), 0);
}
