/**
 * The runner's verbs over one state directory (`--state`, default `.charter/runner`):
 * `charter run` admits and runs a release; `charter approve` decides a parked approval and
 * continues the run; `charter resume` continues what a crash interrupted; `charter runs` lists runs;
 * `charter explain` tells one run as a story with its diagram.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { openBundle } from "../../core/bundle/open.ts";
import { UserError } from "../../core/errors.ts";
import { parseReleaseRef } from "../../core/publish/release-ref.ts";
import { parseGovernancePredicate } from "../../core/signing/statement.ts";
import { RunRefused } from "../../runner/admit.ts";
import { bundleTools } from "../../runner/default-tools.ts";
import {
  explainMarkdown,
  explainText,
  provenanceMarkdown,
  provenanceText,
  type RunProvenance,
  runFlowchart,
  runProvenance,
} from "../../runner/explain.ts";
import { openRunState } from "../../runner/open-state.ts";
import { QueuedRunner } from "../../runner/queue/queued-runner.ts";
import { RunQueues } from "../../runner/queue/scale-out.ts";
import { ApprovalRefused, Runner, type RunnerOptions } from "../../runner/runner.ts";
import { repoFromBundle } from "../../runner/runtime.ts";
import type { RunState } from "../../runner/state.ts";
import type { RunRow, RunStatus } from "../../runner/store.ts";
import { otlpTelemetry, type RunTelemetry } from "../../runner/telemetry.ts";
import type { CliIO } from "../io.ts";
import { redisConnection } from "../redis-url.ts";
import { withConfigFile } from "../runner-config.ts";
import { type ReleaseContextOptions, releaseContext } from "./release-context.ts";

export interface StateOptions {
  state?: string;
  /** A postgres:// URL: shared state instead of the SQLite file in the state directory. */
  database?: string;
}

/** Where runs execute: here, or — with a Redis URL — on the scale-out workers. */
interface ExecutionOptions {
  redis?: string;
}

/**
 * The queues of `tenants` when runs execute on workers (`--redis` or CHARTER_REDIS_URL), else
 * undefined. Workers read run state from PostgreSQL, so the state must be there too.
 */
function workerQueues(
  options: StateOptions & ExecutionOptions,
  io: CliIO,
  tenants: readonly string[],
): RunQueues | undefined {
  const url = options.redis ?? io.env.CHARTER_REDIS_URL;
  if (!url) return undefined;
  if (!(options.database ?? io.env.CHARTER_DATABASE_URL))
    throw new UserError(
      "Runs on workers share their state in PostgreSQL: pass --database postgres://… (or set CHARTER_DATABASE_URL) with --redis.",
    );
  return new RunQueues({ connection: redisConnection(url), tenants, runEvents: true });
}

/** A runner executing here, or through `queues` on the workers; `close` releases the queues. */
function executor(options: RunnerOptions, queues: RunQueues | undefined): Runner {
  return queues ? new QueuedRunner(options, queues) : new Runner(options);
}

/** Traces over OTLP when OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set; flushed before the command returns. */
async function withTelemetry<T>(io: CliIO, body: (t: RunTelemetry | undefined) => Promise<T>): Promise<T> {
  const telemetry = otlpTelemetry(io.env);
  try {
    return await body(telemetry);
  } finally {
    await telemetry?.shutdown();
  }
}

const settled = (t: RunTelemetry | undefined) =>
  t
    ? {
        onRunSettled: (run: RunRow, nodes: Parameters<RunTelemetry["onRunSettled"]>[1]) =>
          t.onRunSettled(run, nodes),
      }
    : {};

/**
 * A runner over stored runs only (approve, resume): they execute from the verified bundles in the
 * store, so no registry and no trusted keys are involved — admission happened when the run started.
 */
function storedRunsRunner(
  store: RunState,
  options: { mode?: string; cassettes?: string },
  io: CliIO,
  t: RunTelemetry | undefined,
  teams?: Record<string, string[]>,
  queues?: RunQueues,
): Runner {
  return executor(
    {
      store,
      trust: { trustedKeys: [] },
      env: io.env,
      mode: (options.mode ?? "auto") as "auto",
      ...(options.cassettes ? { cassettes: resolve(io.cwd, options.cassettes) } : {}),
      tools: bundleTools(io.env),
      ...(teams ? { teams } : {}),
      ...settled(t),
    },
    queues,
  );
}

function openStore(options: StateOptions, io: CliIO): Promise<RunState> {
  const dir = resolve(io.cwd, options.state ?? io.env.CHARTER_RUNNER_STATE ?? join(".charter", "runner"));
  return openRunState({
    ...(options.database ? { database: options.database } : {}),
    stateDir: dir,
    env: io.env,
  });
}

async function readStructured(path: string, io: CliIO, what: string): Promise<unknown> {
  const text =
    path === "-"
      ? await new Promise<string>((res, rej) => {
          let data = "";
          process.stdin.setEncoding("utf8");
          process.stdin.on("data", (c) => {
            data += c;
          });
          process.stdin.on("end", () => res(data));
          process.stdin.on("error", rej);
        })
      : await readFile(resolve(io.cwd, path), "utf8").catch((e: NodeJS.ErrnoException) => {
          throw new UserError(
            `Cannot read ${what} ${path}: ${e.code === "ENOENT" ? "no such file" : e.message}.`,
          );
        });
  try {
    return parseYaml(text);
  } catch (e) {
    throw new UserError(`${what} ${path} is not valid JSON or YAML: ${(e as Error).message}`);
  }
}

const STATUS_EXIT: Record<RunStatus, number> = {
  succeeded: 0,
  failed: 1,
  cancelled: 1,
  waiting: 3,
  running: 1,
};

async function summary(run: RunRow, store: RunState): Promise<string> {
  const lines = [
    `${run.status === "succeeded" ? "✓" : run.status === "waiting" ? "⏸" : "✗"} run ${run.id}: ${run.tenant}/${run.workflow} ${run.version} ${run.status}, $${run.costUsd.toFixed(6)}`,
  ];
  if (run.error) lines.push(`  ${run.error.message}`);
  if (run.outputs) lines.push(`  outputs ${JSON.stringify(run.outputs)}`);
  for (const a of (await store.pendingApprovals({ tenant: run.tenant })).filter((x) => x.runId === run.id))
    lines.push(
      `  waiting for approval of ${a.node} by ${a.approvers.join(", ")}: charter approve ${run.id} ${a.node} --as LOGIN [--deny]`,
    );
  lines.push(`  charter explain ${run.id}`);
  return `${lines.join("\n")}\n`;
}

export interface RunCommandOptions extends ReleaseContextOptions, StateOptions, ExecutionOptions {
  config?: string;
  input?: string;
  cassettes?: string;
  mode?: string;
  allowRollback?: boolean;
  allowUnapproved?: boolean;
  teams?: string;
  plan?: boolean;
  format: string;
}

async function teamsFrom(
  options: { teams?: string },
  io: CliIO,
): Promise<Record<string, string[]> | undefined> {
  if (!options.teams) return undefined;
  const value = await readStructured(options.teams, io, "teams file");
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw new UserError(`teams file ${options.teams} must map ORG/TEAM to a list of logins.`);
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k.toLowerCase(),
      Array.isArray(v) ? v.map(String) : [],
    ]),
  );
}

export async function runCommand(release: string, options: RunCommandOptions, io: CliIO): Promise<number> {
  const configured = await withConfigFile(options, io);
  return withTelemetry(io, (t) => runWith(release, configured, io, t));
}

async function runWith(
  release: string,
  options: RunCommandOptions,
  io: CliIO,
  t: RunTelemetry | undefined,
): Promise<number> {
  const ref = parseReleaseRef(release);
  const mode = options.mode ?? "auto";
  if (!["auto", "live", "replay"].includes(mode))
    throw new UserError(`--mode must be auto, live or replay; got "${mode}".`);
  const inputs = options.input ? await readStructured(options.input, io, "input") : {};
  if (!inputs || typeof inputs !== "object" || Array.isArray(inputs))
    throw new UserError("The input must be an object of the workflow's inputs (JSON or YAML).");
  const queues = workerQueues(options, io, [ref.tenant]);
  const { target, trust } = await releaseContext(options, io).catch(async (e: unknown) => {
    await queues?.close();
    throw e;
  });
  const store = await openStore(options, io);
  try {
    const teams = await teamsFrom(options, io);
    const runner = executor(
      {
        store,
        registry: target.registry,
        ...(target.prefix ? { prefix: target.prefix } : {}),
        trust,
        env: io.env,
        mode: mode as "auto",
        ...(options.cassettes ? { cassettes: resolve(io.cwd, options.cassettes) } : {}),
        tools: bundleTools(io.env),
        ...(teams ? { teams } : {}),
        ...settled(t),
      },
      queues,
    );
    const startOptions = {
      tenant: ref.tenant,
      workflow: ref.workflow,
      ref: ref.ref,
      inputs: inputs as Record<string, unknown>,
      allowRollback: Boolean(options.allowRollback),
      allowUnapproved: Boolean(options.allowUnapproved),
    };
    if (options.plan) {
      try {
        const { plan, verified, approvedBy } = await runner.admit(startOptions);
        if (options.format === "json") io.stdout(`${JSON.stringify(plan, null, 2)}\n`);
        else {
          io.stdout(
            `✓ ${plan.tenant}/${plan.workflow} ${plan.version} admitted (${verified.release.manifestDigest}; signed by ${verified.signers.join(", ")}${approvedBy.length ? `; approved by ${approvedBy.join(", ")}` : ""})\n`,
          );
          io.stdout(
            `plan: ${plan.nodes.length} nodes in ${plan.waves.length} waves, at most ${plan.maxConcurrency} at once, budget $${plan.maxUsd}, timeout ${plan.timeout}\n`,
          );
          plan.waves.forEach((wave, i) => {
            io.stdout(
              `  wave ${i + 1}: ${wave
                .map((id) => {
                  const n = plan.nodes.find((x) => x.id === id)!;
                  return `${id} (${n.type}${n.tool ? ` ${n.tool.ref} ${n.tool.effect}` : ""}${n.fallbackOnly ? ", fallback" : ""}${n.if !== undefined ? ", if" : ""})`;
                })
                .join(", ")}\n`,
            );
          });
        }
        return 0;
      } catch (e) {
        if (e instanceof RunRefused) {
          io.stderr(`charter: refused (${e.reason}): ${e.message}\n`);
          return 1;
        }
        throw e;
      }
    }
    let run: RunRow;
    try {
      run = await runner.start({
        tenant: ref.tenant,
        workflow: ref.workflow,
        ref: ref.ref,
        inputs: inputs as Record<string, unknown>,
        allowRollback: Boolean(options.allowRollback),
        allowUnapproved: Boolean(options.allowUnapproved),
      });
    } catch (e) {
      if (e instanceof RunRefused) {
        io.stderr(`charter: refused (${e.reason}): ${e.message}\nNothing was executed.\n`);
        return 1;
      }
      throw e;
    }
    if (options.format === "json")
      io.stdout(`${JSON.stringify({ ...run, nodes: await store.nodes(run.id) }, null, 2)}\n`);
    else io.stdout(await summary(run, store));
    return STATUS_EXIT[run.status];
  } finally {
    await queues?.close();
    await store.close();
  }
}

type ApproveOptions = StateOptions &
  ExecutionOptions & {
    as?: string;
    deny?: boolean;
    comment?: string;
    teams?: string;
    cassettes?: string;
    mode?: string;
  };

export async function approveCommand(
  runId: string,
  node: string,
  options: ApproveOptions,
  io: CliIO,
): Promise<number> {
  return withTelemetry(io, (t) => approveWith(runId, node, options, io, t));
}

async function approveWith(
  runId: string,
  node: string,
  options: ApproveOptions,
  io: CliIO,
  t: RunTelemetry | undefined,
): Promise<number> {
  if (!options.as) throw new UserError("Who approves? Pass --as LOGIN (one of the step's approvers).");
  const store = await openStore(options, io);
  let queues: RunQueues | undefined;
  try {
    const teams = await teamsFrom(options, io);
    const row = await store.getRun(runId);
    queues = workerQueues(options, io, row ? [row.tenant] : []);
    const runner = storedRunsRunner(store, options, io, t, teams, queues);
    try {
      const run = await runner.approve(
        runId,
        node,
        options.as,
        options.deny ? "denied" : "approved",
        options.comment,
      );
      io.stdout(await summary(run, store));
      return STATUS_EXIT[run.status];
    } catch (e) {
      if (e instanceof ApprovalRefused) throw new UserError(e.message, { exitCode: 1 });
      throw e;
    }
  } finally {
    await queues?.close();
    await store.close();
  }
}

export async function resumeCommand(
  options: StateOptions & ExecutionOptions & { cassettes?: string; mode?: string },
  io: CliIO,
): Promise<number> {
  return withTelemetry(io, (t) => resumeWith(options, io, t));
}

async function resumeWith(
  options: StateOptions & ExecutionOptions & { cassettes?: string; mode?: string },
  io: CliIO,
  t: RunTelemetry | undefined,
): Promise<number> {
  const store = await openStore(options, io);
  let queues: RunQueues | undefined;
  try {
    const unfinished = [
      ...(await store.listRuns({ status: "running", limit: 10_000 })),
      ...(await store.listRuns({ status: "waiting", limit: 10_000 })),
    ];
    queues = workerQueues(options, io, [...new Set(unfinished.map((r) => r.tenant))]);
    const runner = storedRunsRunner(store, options, io, t, undefined, queues);
    const resumed = await runner.resumeAll();
    if (resumed.length === 0) io.stdout("Nothing to resume.\n");
    for (const run of resumed) io.stdout(await summary(run, store));
    return resumed.some((r) => r.status === "failed") ? 1 : 0;
  } finally {
    await queues?.close();
    await store.close();
  }
}

export async function runsCommand(
  options: StateOptions & { tenant?: string; status?: string; format: string; limit?: string },
  io: CliIO,
): Promise<number> {
  const store = await openStore(options, io);
  try {
    const runs = await store.listRuns({
      ...(options.tenant ? { tenant: options.tenant } : {}),
      ...(options.status ? { status: options.status as RunStatus } : {}),
      limit: Number(options.limit ?? 50),
    });
    if (options.format === "json") {
      io.stdout(`${JSON.stringify(runs, null, 2)}\n`);
      return 0;
    }
    if (runs.length === 0) io.stdout("No runs.\n");
    for (const r of runs)
      io.stdout(
        `${r.id}  ${new Date(r.startedAt).toISOString()}  ${r.status.padEnd(9)}  ${`${r.tenant}/${r.workflow}@${r.version}`.padEnd(36)}  $${r.costUsd.toFixed(6)}  ${r.endedAt ? `${r.endedAt - r.startedAt} ms` : ""}\n`,
      );
    return 0;
  } finally {
    await store.close();
  }
}

export async function explainCommand(
  runId: string,
  options: StateOptions & { format: string; provenance?: boolean },
  io: CliIO,
): Promise<number> {
  const store = await openStore(options, io);
  try {
    const run = await store.getRun(runId);
    if (!run)
      throw new UserError(`No run ${runId} in ${store.location}. List runs with \`charter runs\`.`, {
        exitCode: 1,
      });
    if (options.provenance) {
      let p: RunProvenance;
      try {
        p = runProvenance(run);
      } catch (e) {
        throw new UserError(`Run ${runId} carries no readable governance record: ${(e as Error).message}`, {
          exitCode: 1,
        });
      }
      io.stdout(
        options.format === "json"
          ? `${JSON.stringify(p, null, 2)}\n`
          : options.format === "markdown"
            ? provenanceMarkdown(p)
            : provenanceText(p),
      );
      return 0;
    }
    const bytes = await store.bundle(run.bundleDigest);
    if (!bytes)
      throw new UserError(`The bundle of run ${runId} is missing from ${store.location}.`, { exitCode: 1 });
    const governance = parseGovernancePredicate((run.provenance as { governance: unknown }).governance);
    const repo = await repoFromBundle(openBundle(bytes), governance);
    const workflow = repo.tenants.get(run.tenant)!.workflows.get(run.workflow)!.data;
    const nodes = await store.nodes(runId);
    const approvals: Record<string, Awaited<ReturnType<RunState["approval"]>>> = {};
    for (const id of Object.keys(nodes)) approvals[id] = await store.approval(runId, id);
    const input = { run, workflow, nodes, approvals };
    if (options.format === "json")
      io.stdout(`${JSON.stringify({ ...run, plan: await store.plan(runId), nodes, approvals }, null, 2)}\n`);
    else if (options.format === "markdown") io.stdout(explainMarkdown(input));
    else
      io.stdout(
        `${explainText(input)}\nThe run as a Mermaid flowchart (nodes coloured by status; render it at mermaid.live or in any Markdown viewer):\n\n${runFlowchart(workflow, nodes)}`,
      );
    return 0;
  } finally {
    await store.close();
  }
}
