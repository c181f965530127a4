/**
 * One run of one eval case: render the prompt (or execute the whole workflow with its side effects
 * stubbed by the case's mocks), then score the output with the case's assertions.
 */
import type { Assertion, EvalSuiteFile, PromptFile } from "../../workflows-schema/index.ts";
import type { ModelCaller } from "../calls/model-caller.ts";
import { executeWorkflow } from "../execute/execute.ts";
import { renderPrompt } from "../execute/nodes.ts";
import type { ExecutionServices } from "../execute/services.ts";
import { evaluateSource } from "../expressions/evaluate.ts";
import { splitTemplate } from "../expressions/template.ts";
import { ownName } from "../lint/walk.ts";
import type { Tenant } from "../model/repo.ts";
import { SpendLedger } from "../routing/budget.ts";
import { RouteError, type Router } from "../routing/router.ts";
import type { AssertionContext, GradeResult } from "./assertions/assertion.ts";
import { parseGrade, rubricMessages } from "./assertions/llm-rubric.ts";
import { runAssertion } from "./assertions/registry.ts";
import type { AssertionOutcome, RunOutcome } from "./results.ts";

export type EvalCase = EvalSuiteFile["cases"][number];

export interface CaseRunContext {
  tenant: Tenant;
  suite: EvalSuiteFile;
  evalCase: EvalCase;
  /** Route for a prompt target; for a workflow target, replaces every llm node's route (comparisons). */
  route?: string;
  repeat: number;
  router: Router;
  caller: ModelCaller;
  /** Services for workflow targets, without tools and approvals (the case's mocks provide them). */
  services: Omit<ExecutionServices, "tools" | "approvals" | "router">;
  signal: AbortSignal;
  /** Adds to the suite's grading cost. */
  chargeGrading(costUsd: number): void;
}

interface Produced {
  output: unknown;
  costUsd: number;
  latencyMs: number;
  cached: boolean;
  outputSchema?: Record<string, unknown>;
  exercised?: RunOutcome["exercised"];
}

function toText(v: unknown): string {
  return typeof v === "string" ? v : (JSON.stringify(v) ?? "");
}

async function runPrompt(ctx: CaseRunContext, prompt: PromptFile): Promise<Produced> {
  const messages = renderPrompt(prompt, ctx.evalCase.vars);
  const json = prompt.output.format === "json";
  const result = await ctx.router.chat({
    tenant: ctx.tenant.name,
    route: ctx.route!,
    messages,
    params: prompt.params ?? {},
    ...(json
      ? { output: { name: prompt.name, ...(prompt.output.schema ? { schema: prompt.output.schema } : {}) } }
      : {}),
    meta: { prompt: prompt.name },
    repeat: ctx.repeat,
    signal: ctx.signal,
  });
  let output: unknown = result.response.text;
  if (json) {
    output = result.response.json;
    if (output === undefined) {
      try {
        output = JSON.parse(result.response.text);
      } catch {
        output = result.response.text;
      }
    }
  }
  return {
    output,
    costUsd: result.costUsd,
    latencyMs: result.callLatencyMs,
    cached: result.cached,
    outputSchema: prompt.output.schema,
  };
}

async function runWorkflow(ctx: CaseRunContext, workflowName: string): Promise<Produced> {
  const wf = ctx.tenant.workflows.get(workflowName);
  if (!wf) throw new Error(`workflow ${workflowName} does not exist`);
  const mocks = ctx.evalCase.mocks;
  const router = ctx.route ? overrideRoute(ctx.router, ctx.route) : ctx.router;
  const services: ExecutionServices = {
    ...ctx.services,
    router,
    tools: {
      async invoke(call) {
        const tools = mocks?.tools ?? {};
        if (!Object.hasOwn(tools, call.tool)) {
          throw new Error(
            `tool ${call.tool} was called but case ${ctx.evalCase.id} has no mock for it: add mocks.tools["${call.tool}"] (tools never run during evaluation)`,
          );
        }
        return tools[call.tool];
      },
    },
    approvals: {
      async request(req) {
        const decision = mocks?.approvals?.[req.node] ?? "approve";
        return { decision: decision === "approve" ? "approved" : "denied", approvers: ["eval:mock"] };
      },
    },
  };
  const record = await executeWorkflow({
    tenant: ctx.tenant.name,
    workflow: wf.data,
    inputs: ctx.evalCase.inputs,
    services,
    runId: `eval:${ctx.suite.name}:${ctx.evalCase.id}:${ctx.repeat}`,
    repeat: ctx.repeat,
    signal: ctx.signal,
    ledger: new SpendLedger([
      { name: `workflow ${wf.data.name} run budget`, limitUsd: wf.data.budget.max_usd },
    ]),
  });
  const nodes = Object.values(record.nodes);
  const exercised = {
    nodes: Object.fromEntries(nodes.map((n) => [n.id, n.status])),
    prompts: [...new Set(nodes.filter((n) => n.llm && n.status !== "skipped").map((n) => n.llm!.prompt))],
  };
  if (record.status !== "succeeded") {
    throw Object.assign(new Error(record.error?.message ?? `workflow ${record.status}`), {
      exercised,
      costUsd: record.costUsd,
    });
  }
  return {
    output: record.outputs,
    costUsd: record.costUsd,
    latencyMs: nodes.reduce(
      (s, n) =>
        s + (n.llm?.calls.filter((c) => c.outcome === "ok").reduce((a, c) => a + c.latencyMs, 0) ?? 0),
      0,
    ),
    cached: nodes.every((n) => !n.llm || n.llm.cached),
    exercised,
  };
}

/** A router that sends every call of a workflow through one route (model comparison). */
function overrideRoute(router: Router, route: string): Router {
  return { chat: (call) => router.chat({ ...call, route }) } as Router;
}

function expressionOf(source: string): string {
  return source.includes("${{")
    ? (splitTemplate(source).parts.find((p) => p.kind === "expr")?.source ?? "")
    : source;
}

async function grade(
  ctx: CaseRunContext,
  rubric: string,
  output: string,
  threshold?: number,
): Promise<GradeResult> {
  const route = ctx.suite.grader?.route;
  if (!route) throw new Error("llm-rubric needs grader.route");
  const result = await ctx.router.chat({
    tenant: ctx.tenant.name,
    route: ownName(route, ctx.tenant.name) ?? route,
    messages: rubricMessages(rubric, output),
    params: { temperature: 0 },
    output: {
      name: "grade",
      schema: {
        type: "object",
        required: ["reason", "score", "pass"],
        properties: { reason: { type: "string" }, score: { type: "number" }, pass: { type: "boolean" } },
      },
    },
    meta: { prompt: "charter:llm-rubric" },
    repeat: ctx.repeat,
    signal: ctx.signal,
  });
  ctx.chargeGrading(result.costUsd);
  return parseGrade(
    result.response.json !== undefined ? JSON.stringify(result.response.json) : result.response.text,
    threshold,
  );
}

async function embed(ctx: CaseRunContext, texts: string[]): Promise<number[][]> {
  const routeName = ctx.suite.grader?.embedding_route;
  const route = routeName
    ? ctx.tenant.routes?.data.routes[ownName(routeName, ctx.tenant.name) ?? routeName]
    : undefined;
  const model = route?.targets[0]?.model;
  if (!model) throw new Error("similar needs grader.embedding_route");
  return (await ctx.caller.embed(model, texts, { tenant: ctx.tenant.name, signal: ctx.signal })).vectors;
}

export async function scoreOutput(
  ctx: CaseRunContext,
  assertions: readonly Assertion[],
  produced: Produced,
): Promise<{ outcomes: AssertionOutcome[]; score: number; allPass: boolean }> {
  const outcomes: AssertionOutcome[] = [];
  for (const a of assertions) {
    let output = produced.output;
    if (a.transform) output = evaluateSource(expressionOf(a.transform), { output });
    const actx: AssertionContext = {
      output,
      text: toText(output),
      assertion: a,
      ...(produced.outputSchema ? { outputSchema: produced.outputSchema } : {}),
      costUsd: produced.costUsd,
      latencyMs: produced.latencyMs,
      cached: produced.cached,
      grade: (rubric, text) => grade(ctx, rubric, text, a.threshold),
      embed: (texts) => embed(ctx, texts),
    };
    let r: { pass: boolean; score: number; reason: string };
    try {
      r = await runAssertion(actx);
    } catch (error) {
      r = { pass: false, score: 0, reason: `assertion could not run: ${(error as Error).message}` };
    }
    outcomes.push({
      type: a.type,
      pass: r.pass,
      score: r.score,
      weight: a.weight,
      reason: r.reason,
      ...(a.metric ? { metric: a.metric } : {}),
    });
  }
  const weighted = outcomes.filter((o) => o.weight > 0);
  const total = weighted.reduce((s, o) => s + o.weight, 0);
  const score = total === 0 ? 1 : weighted.reduce((s, o) => s + o.weight * o.score, 0) / total;
  return { outcomes, score, allPass: weighted.every((o) => o.pass) };
}

export async function runCase(ctx: CaseRunContext): Promise<RunOutcome> {
  const assertions = [...(ctx.suite.defaults?.assert ?? []), ...ctx.evalCase.assert];
  let produced: Produced;
  try {
    if ("prompt" in ctx.suite.target) {
      const name = ownName(ctx.suite.target.prompt, ctx.tenant.name) ?? "";
      const prompt = ctx.tenant.prompts.get(name);
      if (!prompt) throw new Error(`prompt ${ctx.suite.target.prompt} does not exist`);
      produced = await runPrompt(ctx, prompt.data);
    } else {
      produced = await runWorkflow(ctx, ownName(ctx.suite.target.workflow, ctx.tenant.name) ?? "");
    }
  } catch (error) {
    const e = error as Error & { exercised?: RunOutcome["exercised"]; costUsd?: number };
    const message = error instanceof RouteError ? error.message : e.message;
    return {
      repeat: ctx.repeat,
      pass: false,
      score: 0,
      error: message,
      assertions: [],
      costUsd: e.costUsd ?? 0,
      latencyMs: 0,
      cached: false,
      ...(e.exercised ? { exercised: e.exercised } : {}),
    };
  }
  const { outcomes, score, allPass } = await scoreOutput(ctx, assertions, produced);
  const pass = ctx.evalCase.threshold !== undefined ? score >= ctx.evalCase.threshold : allPass;
  return {
    repeat: ctx.repeat,
    pass,
    score,
    output: produced.output,
    assertions: outcomes,
    costUsd: produced.costUsd,
    latencyMs: produced.latencyMs,
    cached: produced.cached,
    ...(produced.exercised ? { exercised: produced.exercised } : {}),
  };
}
