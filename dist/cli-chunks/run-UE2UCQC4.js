import {
  RunQueues,
  openRunState,
  otlpTelemetry,
  redisConnection
} from "./chunk-5EJJ3UXY.js";
import {
  explainMarkdown,
  explainText,
  provenanceMarkdown,
  provenanceText,
  runFlowchart,
  runProvenance
} from "./chunk-QSBCBZXR.js";
import "./chunk-L7GJZ6WM.js";
import {
  parseReleaseRef,
  releaseContext
} from "./chunk-5UPYYDAK.js";
import {
  ApprovalRefused,
  RunRefused,
  Runner,
  bundleTools,
  repoFromBundle
} from "./chunk-3QLYKSA2.js";
import {
  withConfigFile
} from "./chunk-3BAUQLIZ.js";
import "./chunk-UETU37OM.js";
import "./chunk-IB7ADM4Y.js";
import "./chunk-CX7LOAB4.js";
import "./chunk-XJTLGLMY.js";
import "./chunk-DUGSIOLX.js";
import "./chunk-IV6L4BFD.js";
import {
  openBundle,
  parseGovernancePredicate
} from "./chunk-QI2N7CZP.js";
import "./chunk-XUHWOOZD.js";
import "./chunk-433K37J5.js";
import "./chunk-YDXCRINK.js";
import "./chunk-4YJBRKOS.js";
import "./chunk-FQ3VYVXV.js";
import "./chunk-SB4OEXEQ.js";
import "./chunk-4NAQYO46.js";
import "./chunk-COKXHIQ7.js";
import "./chunk-4FYGECKA.js";
import "./chunk-6TJ5RCH4.js";
import "./chunk-VGNTAH4S.js";
import {
  UserError
} from "./chunk-XC2IMODC.js";

// cli/commands/run.ts
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";

// runner/queue/queued-runner.ts
var QueuedRunner = class extends Runner {
  /** `queues` must be created with `runEvents: true`; the caller closes it. */
  constructor(options, queues) {
    super(options);
    this.queues = queues;
  }
  queues;
  async execute(runId, options = {}) {
    if (options.dispatch) throw new Error("a queued runner dispatches through its workers");
    const row = await this.o.store.getRun(runId);
    if (!row) throw new Error(`no run ${runId}`);
    if (row.status !== "running" && row.status !== "waiting") return row;
    await this.queues.runAndWait(row.tenant, runId);
    const settled2 = await this.o.store.getRun(runId);
    if (settled2.status === "running")
      throw new Error(
        `run ${runId} left the queue unfinished (its orchestrator job failed; see the workers' logs)`
      );
    return settled2;
  }
};

// cli/commands/run.ts
function workerQueues(options, io, tenants) {
  const url = options.redis ?? io.env.CHARTER_REDIS_URL;
  if (!url) return void 0;
  if (!(options.database ?? io.env.CHARTER_DATABASE_URL))
    throw new UserError(
      "Runs on workers share their state in PostgreSQL: pass --database postgres://… (or set CHARTER_DATABASE_URL) with --redis."
    );
  return new RunQueues({ connection: redisConnection(url), tenants, runEvents: true });
}
function executor(options, queues) {
  return queues ? new QueuedRunner(options, queues) : new Runner(options);
}
async function withTelemetry(io, body) {
  const telemetry = otlpTelemetry(io.env);
  try {
    return await body(telemetry);
  } finally {
    await telemetry?.shutdown();
  }
}
var settled = (t) => t ? {
  onRunSettled: (run, nodes) => t.onRunSettled(run, nodes)
} : {};
function storedRunsRunner(store, options, io, t, teams, queues) {
  return executor(
    {
      store,
      trust: { trustedKeys: [] },
      env: io.env,
      mode: options.mode ?? "auto",
      ...options.cassettes ? { cassettes: resolve(io.cwd, options.cassettes) } : {},
      tools: bundleTools(io.env),
      ...teams ? { teams } : {},
      ...settled(t)
    },
    queues
  );
}
function openStore(options, io) {
  const dir = resolve(io.cwd, options.state ?? io.env.CHARTER_RUNNER_STATE ?? join(".charter", "runner"));
  return openRunState({
    ...options.database ? { database: options.database } : {},
    stateDir: dir,
    env: io.env
  });
}
async function readStructured(path, io, what) {
  const text = path === "-" ? await new Promise((res, rej) => {
    let data = "";
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (c) => {
      data += c;
    });
    process.stdin.on("end", () => res(data));
    process.stdin.on("error", rej);
  }) : await readFile(resolve(io.cwd, path), "utf8").catch((e) => {
    throw new UserError(
      `Cannot read ${what} ${path}: ${e.code === "ENOENT" ? "no such file" : e.message}.`
    );
  });
  try {
    return parseYaml(text);
  } catch (e) {
    throw new UserError(`${what} ${path} is not valid JSON or YAML: ${e.message}`);
  }
}
var STATUS_EXIT = {
  succeeded: 0,
  failed: 1,
  cancelled: 1,
  waiting: 3,
  running: 1
};
async function summary(run, store) {
  const lines = [
    `${run.status === "succeeded" ? "✓" : run.status === "waiting" ? "⏸" : "✗"} run ${run.id}: ${run.tenant}/${run.workflow} ${run.version} ${run.status}, $${run.costUsd.toFixed(6)}`
  ];
  if (run.error) lines.push(`  ${run.error.message}`);
  if (run.outputs) lines.push(`  outputs ${JSON.stringify(run.outputs)}`);
  for (const a of (await store.pendingApprovals({ tenant: run.tenant })).filter((x) => x.runId === run.id))
    lines.push(
      `  waiting for approval of ${a.node} by ${a.approvers.join(", ")}: charter approve ${run.id} ${a.node} --as LOGIN [--deny]`
    );
  lines.push(`  charter explain ${run.id}`);
  return `${lines.join("\n")}
`;
}
async function teamsFrom(options, io) {
  if (!options.teams) return void 0;
  const value = await readStructured(options.teams, io, "teams file");
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw new UserError(`teams file ${options.teams} must map ORG/TEAM to a list of logins.`);
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k.toLowerCase(),
      Array.isArray(v) ? v.map(String) : []
    ])
  );
}
async function runCommand(release, options, io) {
  const configured = await withConfigFile(options, io);
  return withTelemetry(io, (t) => runWith(release, configured, io, t));
}
async function runWith(release, options, io, t) {
  const ref = parseReleaseRef(release);
  const mode = options.mode ?? "auto";
  if (!["auto", "live", "replay"].includes(mode))
    throw new UserError(`--mode must be auto, live or replay; got "${mode}".`);
  const inputs = options.input ? await readStructured(options.input, io, "input") : {};
  if (!inputs || typeof inputs !== "object" || Array.isArray(inputs))
    throw new UserError("The input must be an object of the workflow's inputs (JSON or YAML).");
  const queues = workerQueues(options, io, [ref.tenant]);
  const { target, trust } = await releaseContext(options, io).catch(async (e) => {
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
        ...target.prefix ? { prefix: target.prefix } : {},
        trust,
        env: io.env,
        mode,
        ...options.cassettes ? { cassettes: resolve(io.cwd, options.cassettes) } : {},
        tools: bundleTools(io.env),
        ...teams ? { teams } : {},
        ...settled(t)
      },
      queues
    );
    const startOptions = {
      tenant: ref.tenant,
      workflow: ref.workflow,
      ref: ref.ref,
      inputs,
      allowRollback: Boolean(options.allowRollback),
      allowUnapproved: Boolean(options.allowUnapproved)
    };
    if (options.plan) {
      try {
        const { plan, verified, approvedBy } = await runner.admit(startOptions);
        if (options.format === "json") io.stdout(`${JSON.stringify(plan, null, 2)}
`);
        else {
          io.stdout(
            `✓ ${plan.tenant}/${plan.workflow} ${plan.version} admitted (${verified.release.manifestDigest}; signed by ${verified.signers.join(", ")}${approvedBy.length ? `; approved by ${approvedBy.join(", ")}` : ""})
`
          );
          io.stdout(
            `plan: ${plan.nodes.length} nodes in ${plan.waves.length} waves, at most ${plan.maxConcurrency} at once, budget $${plan.maxUsd}, timeout ${plan.timeout}
`
          );
          plan.waves.forEach((wave, i) => {
            io.stdout(
              `  wave ${i + 1}: ${wave.map((id) => {
                const n = plan.nodes.find((x) => x.id === id);
                return `${id} (${n.type}${n.tool ? ` ${n.tool.ref} ${n.tool.effect}` : ""}${n.fallbackOnly ? ", fallback" : ""}${n.if !== void 0 ? ", if" : ""})`;
              }).join(", ")}
`
            );
          });
        }
        return 0;
      } catch (e) {
        if (e instanceof RunRefused) {
          io.stderr(`charter: refused (${e.reason}): ${e.message}
`);
          return 1;
        }
        throw e;
      }
    }
    let run;
    try {
      run = await runner.start({
        tenant: ref.tenant,
        workflow: ref.workflow,
        ref: ref.ref,
        inputs,
        allowRollback: Boolean(options.allowRollback),
        allowUnapproved: Boolean(options.allowUnapproved)
      });
    } catch (e) {
      if (e instanceof RunRefused) {
        io.stderr(`charter: refused (${e.reason}): ${e.message}
Nothing was executed.
`);
        return 1;
      }
      throw e;
    }
    if (options.format === "json")
      io.stdout(`${JSON.stringify({ ...run, nodes: await store.nodes(run.id) }, null, 2)}
`);
    else io.stdout(await summary(run, store));
    return STATUS_EXIT[run.status];
  } finally {
    await queues?.close();
    await store.close();
  }
}
async function approveCommand(runId, node, options, io) {
  return withTelemetry(io, (t) => approveWith(runId, node, options, io, t));
}
async function approveWith(runId, node, options, io, t) {
  if (!options.as) throw new UserError("Who approves? Pass --as LOGIN (one of the step's approvers).");
  const store = await openStore(options, io);
  let queues;
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
        options.comment
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
async function resumeCommand(options, io) {
  return withTelemetry(io, (t) => resumeWith(options, io, t));
}
async function resumeWith(options, io, t) {
  const store = await openStore(options, io);
  let queues;
  try {
    const unfinished = [
      ...await store.listRuns({ status: "running", limit: 1e4 }),
      ...await store.listRuns({ status: "waiting", limit: 1e4 })
    ];
    queues = workerQueues(options, io, [...new Set(unfinished.map((r) => r.tenant))]);
    const runner = storedRunsRunner(store, options, io, t, void 0, queues);
    const resumed = await runner.resumeAll();
    if (resumed.length === 0) io.stdout("Nothing to resume.\n");
    for (const run of resumed) io.stdout(await summary(run, store));
    return resumed.some((r) => r.status === "failed") ? 1 : 0;
  } finally {
    await queues?.close();
    await store.close();
  }
}
async function runsCommand(options, io) {
  const store = await openStore(options, io);
  try {
    const runs = await store.listRuns({
      ...options.tenant ? { tenant: options.tenant } : {},
      ...options.status ? { status: options.status } : {},
      limit: Number(options.limit ?? 50)
    });
    if (options.format === "json") {
      io.stdout(`${JSON.stringify(runs, null, 2)}
`);
      return 0;
    }
    if (runs.length === 0) io.stdout("No runs.\n");
    for (const r of runs)
      io.stdout(
        `${r.id}  ${new Date(r.startedAt).toISOString()}  ${r.status.padEnd(9)}  ${`${r.tenant}/${r.workflow}@${r.version}`.padEnd(36)}  $${r.costUsd.toFixed(6)}  ${r.endedAt ? `${r.endedAt - r.startedAt} ms` : ""}
`
      );
    return 0;
  } finally {
    await store.close();
  }
}
async function explainCommand(runId, options, io) {
  const store = await openStore(options, io);
  try {
    const run = await store.getRun(runId);
    if (!run)
      throw new UserError(`No run ${runId} in ${store.location}. List runs with \`charter runs\`.`, {
        exitCode: 1
      });
    if (options.provenance) {
      let p;
      try {
        p = runProvenance(run);
      } catch (e) {
        throw new UserError(`Run ${runId} carries no readable governance record: ${e.message}`, {
          exitCode: 1
        });
      }
      io.stdout(
        options.format === "json" ? `${JSON.stringify(p, null, 2)}
` : options.format === "markdown" ? provenanceMarkdown(p) : provenanceText(p)
      );
      return 0;
    }
    const bytes = await store.bundle(run.bundleDigest);
    if (!bytes)
      throw new UserError(`The bundle of run ${runId} is missing from ${store.location}.`, { exitCode: 1 });
    const governance = parseGovernancePredicate(run.provenance.governance);
    const repo = await repoFromBundle(openBundle(bytes), governance);
    const workflow = repo.tenants.get(run.tenant).workflows.get(run.workflow).data;
    const nodes = await store.nodes(runId);
    const approvals = {};
    for (const id of Object.keys(nodes)) approvals[id] = await store.approval(runId, id);
    const input = { run, workflow, nodes, approvals };
    if (options.format === "json")
      io.stdout(`${JSON.stringify({ ...run, plan: await store.plan(runId), nodes, approvals }, null, 2)}
`);
    else if (options.format === "markdown") io.stdout(explainMarkdown(input));
    else
      io.stdout(
        `${explainText(input)}
The run as a Mermaid flowchart (nodes coloured by status; render it at mermaid.live or in any Markdown viewer):

${runFlowchart(workflow, nodes)}`
      );
    return 0;
  } finally {
    await store.close();
  }
}
export {
  approveCommand,
  explainCommand,
  resumeCommand,
  runCommand,
  runsCommand
};
