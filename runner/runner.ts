/**
 * The in-process runner: admit a release (verification and governance checks, nothing runs before),
 * keep the verified bundle, then execute it from that copy with a checkpoint after every node.
 *
 * Durable by construction: a run is a row plus node checkpoints in SQLite. `execute` always starts
 * from the checkpoints, so resuming after a crash and continuing after an approval are the same
 * operation; completed nodes never run again, side-effecting tools are applied once per idempotency
 * key (run + node + item), and parked approvals are rows that survive restarts.
 */
import { createHash, randomBytes } from "node:crypto";
import { MemoLru } from "../core/async/memo-lru.ts";
import { type OpenedBundle, openBundle } from "../core/bundle/open.ts";
import type { CallMode, ProviderFactory } from "../core/calls/model-caller.ts";
import { DEFERRED, executeWorkflow } from "../core/execute/execute.ts";
import type { NodeRecord } from "../core/execute/records.ts";
import type { ToolInvoker } from "../core/execute/services.ts";
import { knowledgeRetrievers } from "../core/knowledge/tenant-knowledge.ts";
import type { GovernedRepo } from "../core/model/repo.ts";
import { createProvider } from "../core/providers/factory.ts";
import type { Provider } from "../core/providers/provider.ts";
import type { TrustPolicy } from "../core/publish/verify-release.ts";
import type { Registry } from "../core/registry/types.ts";
import { parseGovernancePredicate } from "../core/signing/statement.ts";
import { canonicalJson } from "../core/text/canonical-json.ts";
import { parseDuration } from "../core/text/duration.ts";
import { admitRelease } from "./admit.ts";
import { redactRecord } from "./default-tools.ts";
import { planRun } from "./plan.ts";
import { checkModelAllowlist, repoFromBundle, runLedger, runServices, spentIn } from "./runtime.ts";
import type { RunState } from "./state.ts";
import type { RunRow } from "./store.ts";

export interface ToolsContext {
  runId: string;
  tenant: string;
  repo: GovernedRepo;
  /** NAMESPACE.TOOL the release carries (what was approved). */
  approvedTools: ReadonlySet<string>;
}

export type ToolsFactory = (ctx: ToolsContext) => ToolInvoker & { close?(): Promise<void> };

export interface RunnerOptions {
  store: RunState;
  /** Where releases are admitted from (only at admission: runs execute from the stored verified copy). */
  registry?: Registry;
  /** Repository prefix in the registry. */
  prefix?: string;
  trust: TrustPolicy;
  env: Record<string, string | undefined>;
  mode?: CallMode;
  cassettes?: string;
  tools: ToolsFactory;
  /** Team memberships for approvals (`org/slug` → logins), from local configuration. */
  teams?: Record<string, string[]>;
  createProvider?: ProviderFactory;
  now?: () => Date;
  /** Called when a run finishes or parks, with its node records (tracing, metrics). */
  onRunSettled?: (run: RunRow, nodes: Record<string, NodeRecord>) => void | Promise<void>;
  /** Called after each node checkpoint is durable (progress output; crash tests). */
  onCheckpoint?: (runId: string, record: NodeRecord, tenant: string) => void;
}

/** A run's verified bundle, opened and loaded, with its knowledge indexes (built on first use). */
interface LoadedBundle {
  bundle: OpenedBundle;
  repo: GovernedRepo;
  retrievers: ReturnType<typeof knowledgeRetrievers>;
}

export interface StartOptions {
  tenant: string;
  workflow: string;
  ref: string;
  inputs: Record<string, unknown>;
  allowRollback?: boolean;
  allowUnapproved?: boolean;
}

export class ApprovalRefused extends Error {
  override readonly name = "ApprovalRefused";
}

function newRunId(now: Date): string {
  return `run_${now.getTime().toString(36)}${randomBytes(5).toString("hex")}`;
}

const dayStart = (now: Date) => Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());

export class Runner {
  protected readonly o: RunnerOptions;
  private readonly bundles = new MemoLru<string, LoadedBundle>(64);
  /**
   * Provider clients by provider id and configuration, shared by every run and step of this runner:
   * connections are reused instead of opened per step. (Cassette and cache layers stay per run.)
   */
  private readonly providers = new Map<string, Provider>();
  private readonly pooledProvider: ProviderFactory = (id, config, env) => {
    const key = `${id}\n${canonicalJson(config)}`;
    let provider = this.providers.get(key);
    if (!provider) {
      provider = (this.o.createProvider ?? createProvider)(id, config, env);
      this.providers.set(key, provider);
    }
    return provider;
  };

  constructor(options: RunnerOptions) {
    this.o = options;
  }

  private now(): Date {
    return (this.o.now ?? (() => new Date()))();
  }

  /**
   * Admits a release without running it: every check of `start`, and the plan of the run. Nothing is
   * written (the trust state moves only when a run starts). Throws `RunRefused` when not admitted.
   */
  async admit(s: StartOptions) {
    if (!this.o.registry) throw new Error("the runner has no registry to admit releases from");
    const now = this.now();
    const repository = this.o.prefix
      ? `${this.o.prefix}/${s.tenant}/${s.workflow}`
      : `${s.tenant}/${s.workflow}`;
    const admitted = await admitRelease({
      registry: this.o.registry,
      repository,
      tenant: s.tenant,
      workflow: s.workflow,
      ref: s.ref,
      trust: this.o.trust,
      store: this.o.store,
      now,
      ...(s.allowRollback ? { allowRollback: true } : {}),
      ...(s.allowUnapproved ? { allowUnapproved: true } : {}),
    });
    // Loading the bundle is part of admission too: a bundle that does not load, or whose routes
    // target models the tenant does not allow, is refused before the run exists.
    const repo = await repoFromBundle(admitted.verified.bundle, admitted.verified.governance);
    checkModelAllowlist(repo, s.tenant);
    const wf = repo.tenants.get(s.tenant)!.workflows.get(s.workflow)!.data;
    return { ...admitted, repository, now, repo, plan: planRun(repo, s.tenant, wf) };
  }

  /** Admits the release and runs it to completion (or to a parked approval); throws `RunRefused` (nothing executed) when not admitted. */
  async start(s: StartOptions): Promise<RunRow> {
    return (await this.begin(s)).done;
  }

  /**
   * Admits the release and creates the run, then executes it in the background: `run` is the stored
   * row (status running), `done` settles when the run finishes or parks.
   */
  async begin(s: StartOptions): Promise<{ run: RunRow; done: Promise<RunRow> }> {
    const run = await this.create(s);
    return { run, done: this.execute(run.id) };
  }

  /** Admits the release and stores the run (status running) without executing it: a queue runs it. */
  async create(s: StartOptions): Promise<RunRow> {
    const { store } = this.o;
    const { verified, approvedBy, repository, now, plan } = await this.admit(s);
    const g = verified.governance;
    // New trust state only after every check passed.
    await store.saveBundle(verified.release.bundleDigest, verified.bundleBytes);
    await store.raiseTrust({
      workflow: g.name,
      sequence: g.sequence,
      bundleDigest: g.bundle.digest,
      version: g.version,
    });
    const run: RunRow = {
      id: newRunId(now),
      tenant: s.tenant,
      workflow: s.workflow,
      version: g.version,
      repository,
      registry: this.o.registry!.location,
      manifestDigest: verified.release.manifestDigest,
      bundleDigest: verified.release.bundleDigest,
      inputs: s.inputs,
      inputsHash: `sha256:${createHash("sha256").update(canonicalJson(s.inputs)).digest("hex")}`,
      status: "running",
      costUsd: 0,
      startedAt: now.getTime(),
      provenance: {
        ref: s.ref,
        signers: verified.signers,
        approvedBy,
        governance: g,
      },
    };
    await store.createRun(run);
    await store.savePlan(run.id, plan);
    return run;
  }

  /** Executes (or resumes) a run from its checkpoints and its stored, verified bundle. */
  async execute(
    runId: string,
    options: { dispatch?: (id: string) => Promise<NodeRecord[]> } = {},
  ): Promise<RunRow> {
    const { store } = this.o;
    const row = await store.getRun(runId);
    if (!row) throw new Error(`no run ${runId}`);
    if (row.status !== "running" && row.status !== "waiting") return row;
    await store.setStatus(runId, "running");
    await this.withRun(row, await store.nodes(runId), async (x) => {
      const record = await executeWorkflow({
        ...x.execute,
        ...(options.dispatch ? { dispatch: options.dispatch } : {}),
      });
      // Dispatched steps spend on their workers' ledgers: the run's cost is what its nodes recorded.
      const costUsd = options.dispatch ? spentIn(record.nodes) : x.spent + record.costUsd;
      await store.finishRun(runId, { ...record, costUsd });
    });
    const settled = (await store.getRun(runId))!;
    await this.o.onRunSettled?.(settled, await store.nodes(runId));
    return settled;
  }

  /**
   * One activation of a run executed as step jobs that re-activate it when they finish (BullMQ
   * flows): the scheduler runs over the checkpoints, and every node that is ready is handed off
   * instead of run — `dispatch` lists them, and the caller enqueues them and waits for them. A node
   * parked on a still-pending approval stays parked (one whose approval was decided is handed off
   * again). With nothing to hand off, the run is settled here — finished, failed or parked — and
   * returned. `since` is when this execution of the run began (its timeout counts from there, as an
   * execution in one piece does).
   */
  async activate(
    runId: string,
    since: number,
  ): Promise<{ dispatch: { node: string; decided: boolean }[] } | { run: RunRow }> {
    const { store } = this.o;
    const row = await store.getRun(runId);
    if (!row) throw new Error(`no run ${runId}`);
    if (row.status !== "running" && row.status !== "waiting") return { run: row };
    const ready: { node: string; decided: boolean }[] = [];
    await this.withRun(row, await store.nodes(runId), async (x) => {
      const checkpoints = x.execute.completed ?? {};
      const record = await executeWorkflow({
        ...x.execute,
        deadline: since + parseDuration(x.execute.workflow.budget.timeout),
        onNode: async (rec) => {
          if (checkpoints[rec.id] !== rec) await x.execute.onNode(rec); // a parked record is already stored
        },
        dispatch: async (id) => {
          const parked = checkpoints[id];
          if (parked?.status === "waiting") {
            if ((await store.approval(runId, id))?.status === "pending") return [parked];
            ready.push({ node: id, decided: true });
          } else ready.push({ node: id, decided: false });
          return DEFERRED;
        },
      });
      if (ready.length > 0) {
        if (row.status === "waiting") await store.setStatus(runId, "running");
        return;
      }
      // Every node with a cost settled on a worker and is among the checkpoints this activation read.
      await store.finishRun(runId, { ...record, costUsd: spentIn(record.nodes) });
    });
    if (ready.length > 0) return { dispatch: ready };
    const settled = (await store.getRun(runId))!;
    await this.o.onRunSettled?.(settled, await store.nodes(runId));
    return { run: settled };
  }

  /**
   * One step of a distributed run: node `nodeId` alone (its condition, attempts, error handling and
   * fallback) on the run's checkpoints so far, each settled record checkpointed; returns them.
   */
  async executeStep(runId: string, nodeId: string, signal?: AbortSignal): Promise<NodeRecord[]> {
    const row = await this.o.store.getRun(runId);
    if (!row) throw new Error(`no run ${runId}`);
    const completed = await this.o.store.nodes(runId);
    const done = completed[nodeId];
    // Already settled by an earlier delivery of this step (a worker died after checkpointing): reuse.
    if (done && done.status !== "waiting" && done.status !== "cancelled") return [done];
    const settled: NodeRecord[] = [];
    await this.withRun(row, completed, async (x) => {
      await executeWorkflow({
        ...x.execute,
        only: nodeId,
        ...(signal ? { signal } : {}),
        onNode: async (rec) => {
          await x.execute.onNode(rec);
          settled.push(rec);
        },
      });
    });
    return settled;
  }

  /**
   * A run's verified bundle, opened and loaded as a repository (with the tenant policy its governance
   * records), checked against the tenant's model allowlist. Memoised by bundle digest and policy:
   * a worker executing step after step of the same release loads it once, not once per step. The
   * digest names the exact bytes, which were verified at admission; nothing here mutates the result.
   */
  private async loaded(row: RunRow): Promise<LoadedBundle> {
    const governance = parseGovernancePredicate((row.provenance as { governance: unknown }).governance);
    const key = `${row.bundleDigest}\n${row.tenant}\n${canonicalJson(governance.policy)}`;
    return this.bundles.get(key, async () => {
      const bytes = await this.o.store.bundle(row.bundleDigest);
      if (!bytes)
        throw new Error(`run ${row.id}: its verified bundle ${row.bundleDigest} is missing from the store`);
      const bundle = openBundle(bytes);
      const repo = await repoFromBundle(bundle, governance);
      checkModelAllowlist(repo, row.tenant);
      return { bundle, repo, retrievers: knowledgeRetrievers(repo) };
    });
  }

  /** Loads a run's verified bundle and builds its services over its checkpoints, then runs `body` with them. */
  private async withRun(
    row: RunRow,
    completed: Record<string, NodeRecord>,
    body: (x: {
      execute: Parameters<typeof executeWorkflow>[0] & { onNode: (rec: NodeRecord) => Promise<void> };
      spent: number;
    }) => Promise<void>,
  ): Promise<void> {
    const { store } = this.o;
    const runId = row.id;
    const { bundle, repo, retrievers } = await this.loaded(row);
    const wf = repo.tenants.get(row.tenant)?.workflows.get(row.workflow);
    if (!wf) throw new Error(`run ${runId}: workflow ${row.workflow} is not in its bundle`);
    const approvedTools = new Set(Object.keys(bundle.resolved.tools));
    const catalogs = repo.tools;
    const onceOnly = new Set(
      [...approvedTools].filter((ref) => {
        const [ns, name] = ref.split(".") as [string, string];
        const tool = catalogs.get(ns)?.data.tools[name];
        return tool?.effect === "write" && !tool.idempotent;
      }),
    );
    const tools = this.o.tools({ runId, tenant: row.tenant, repo, approvedTools });
    try {
      const services = runServices({
        runId,
        tenant: row.tenant,
        repo,
        store,
        env: this.o.env,
        mode: this.o.mode ?? "auto",
        ...(this.o.cassettes ? { cassettes: this.o.cassettes } : {}),
        tools,
        onceOnly,
        createProvider: this.pooledProvider,
        retrievers,
      });
      const spent = spentIn(completed);
      const ledger = runLedger(
        repo,
        row.tenant,
        wf.data,
        spent,
        await store.spentSince(row.tenant, dayStart(this.now()), runId),
      );
      await body({
        spent,
        execute: {
          tenant: row.tenant,
          workflow: wf.data,
          inputs: row.inputs,
          services,
          runId,
          ledger,
          completed,
          onNode: async (rec: NodeRecord) => {
            await store.saveNode(runId, redactRecord(rec));
            this.o.onCheckpoint?.(runId, rec, row.tenant);
          },
        },
      });
    } finally {
      await tools.close?.();
    }
  }

  /**
   * Records `user`'s decision on a parked approval — only from one of the node's approvers — and
   * continues the run here once the approval is decided.
   */
  async approve(
    runId: string,
    node: string,
    user: string,
    decision: "approved" | "denied",
    comment?: string,
  ): Promise<RunRow> {
    const { row, decided } = await this.decide(runId, node, user, decision, comment);
    return decided ? this.execute(runId) : row;
  }

  /**
   * The checks and the record of an approval decision, without continuing the run: throws
   * `ApprovalRefused` (nothing recorded) for an unknown run or step, a step already decided, or
   * someone who is not one of its approvers. `decided` says whether the step is now decided.
   */
  async decide(
    runId: string,
    node: string,
    user: string,
    decision: "approved" | "denied",
    comment?: string,
  ): Promise<{ row: RunRow; decided: boolean }> {
    const { store } = this.o;
    const row = await store.getRun(runId);
    if (!row) throw new ApprovalRefused(`No run ${runId}.`);
    const approval = await store.approval(runId, node);
    if (!approval) throw new ApprovalRefused(`Run ${runId} has no approval step ${node} waiting.`);
    if (approval.status !== "pending")
      throw new ApprovalRefused(`${node} of run ${runId} was already ${approval.status}.`);
    const login = user.replace(/^user:/, "");
    const entitled = approval.approvers.some((p) =>
      p.startsWith("user:")
        ? p.slice(5).toLowerCase() === login.toLowerCase()
        : (this.o.teams?.[p.slice(5).toLowerCase()] ?? []).some(
            (m) => m.toLowerCase() === login.toLowerCase(),
          ),
    );
    if (!entitled)
      throw new ApprovalRefused(
        `${login} is not an approver of ${node} (approvers: ${approval.approvers.join(", ")}${approval.approvers.some((p) => p.startsWith("team:")) ? "; team members come from the runner's teams configuration" : ""}).`,
      );
    const after = await store.decideApproval(runId, node, `user:${login}`, decision, comment);
    return { row, decided: after.status !== "pending" };
  }

  /** Resumes every run a crash left running, and every parked run whose approvals were decided. */
  async resumeAll(): Promise<RunRow[]> {
    const { store } = this.o;
    const out: RunRow[] = [];
    for (const row of await store.listRuns({ status: "running", limit: 10_000 }))
      out.push(await this.execute(row.id));
    for (const row of await store.listRuns({ status: "waiting", limit: 10_000 })) {
      const nodes = await store.nodes(row.id);
      let decided = false;
      for (const n of Object.values(nodes))
        if (n.status === "waiting" && (await store.approval(row.id, n.id))?.status !== "pending")
          decided = true;
      if (decided) out.push(await this.execute(row.id));
    }
    return out;
  }
}
