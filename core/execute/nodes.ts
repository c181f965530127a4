/**
 * One executor per node type. Each runs a single attempt of a node and returns its output plus what
 * the trace should record; retries, timeouts, checks, fan-out and fallbacks belong to the scheduler.
 */
import type { PromptFile, WorkflowFile, WorkflowNode } from "../../workflows-schema/index.ts";
import { resolveTemplated } from "../expressions/evaluate.ts";
import { validateJsonSchema } from "../jsonschema/validate.ts";
import { ownName, parseToolRef, toolAllowed } from "../lint/walk.ts";
import type { ChatMessage, ToolSpec } from "../providers/provider.ts";
import type { SpendLedger } from "../routing/budget.ts";
import { parseTemplate } from "../template/parse.ts";
import { renderTemplate } from "../template/render.ts";
import { parseDuration } from "../text/duration.ts";
import type { NodeRecord } from "./records.ts";
import type { ExecutionServices } from "./services.ts";

export class NodeFailure extends Error {
  override name = "NodeFailure";
  readonly kind: string;
  /** Retrying would fail the same way (invalid arguments, denied approval, policy). */
  readonly final: boolean;
  constructor(kind: string, message: string, options: { final?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.kind = kind;
    this.final = options.final ?? false;
  }
}

export interface NodeRun {
  tenant: string;
  runId: string;
  workflow: WorkflowFile;
  id: string;
  node: WorkflowNode;
  /** The expression context: inputs, nodes, run (and item/index inside a fan-out). */
  context: Record<string, unknown>;
  services: ExecutionServices;
  signal: AbortSignal;
  ledger?: SpendLedger;
  repeat?: number;
  /** Suffix that makes idempotency keys unique per fan-out element. */
  itemKey: string;
  depth: number;
  /** Runs a sub-workflow (provided by the scheduler, to avoid a module cycle). */
  runSubWorkflow(
    wf: WorkflowFile,
    inputs: Record<string, unknown>,
  ): Promise<{ ok: boolean; outputs?: Record<string, unknown>; error?: string; costUsd: number }>;
}

export type NodeResult = {
  output: unknown;
  trace: Partial<NodeRecord>;
  outputSchema?: Record<string, unknown>;
};

const templates = new WeakMap<PromptFile, ReturnType<typeof parseTemplate>[]>();

/** A prompt's messages rendered with variables; templates are parsed once per prompt. */
export function renderPrompt(prompt: PromptFile, vars: Record<string, unknown>): ChatMessage[] {
  let parsed = templates.get(prompt);
  if (!parsed) {
    parsed = prompt.messages.map((m) => parseTemplate(m.content));
    templates.set(prompt, parsed);
  }
  return prompt.messages.map((m, i) => ({ role: m.role, content: renderTemplate(parsed![i]!.nodes, vars) }));
}

/** Model-facing tool names: `crm.lookup` → `crm__lookup` (function names may not contain dots). */
export function toolFunctionName(ref: string): string {
  return ref.replace(".", "__");
}

function toolSpec(run: NodeRun, ref: string): ToolSpec {
  const parsed = parseToolRef(ref);
  const tool = parsed ? run.services.repo.tools.get(parsed.namespace)?.data.tools[parsed.tool] : undefined;
  if (!parsed || !tool)
    throw new NodeFailure("policy", `tool ${ref} does not exist in the catalog`, { final: true });
  return { name: toolFunctionName(ref), description: tool.description, parameters: tool.input };
}

/** Runtime tool policy: the tenant must allow the tool, and arguments must match its schema. */
async function invokeTool(
  run: NodeRun,
  ref: string,
  rawArgs: unknown,
  idempotencyKey: string,
): Promise<unknown> {
  const allowed = run.services.repo.tenants.get(run.tenant)?.config?.data.allow.tools ?? [];
  if (!toolAllowed(ref, allowed)) {
    throw new NodeFailure("policy", `tool ${ref} is not allowed for tenant ${run.tenant}`, { final: true });
  }
  const parsed = parseToolRef(ref)!;
  const catalog = run.services.repo.tools.get(parsed.namespace);
  const tool =
    catalog && Object.hasOwn(catalog.data.tools, parsed.tool) ? catalog.data.tools[parsed.tool] : undefined;
  if (!tool) throw new NodeFailure("policy", `tool ${ref} does not exist in the catalog`, { final: true });
  const check = validateJsonSchema(tool.input, rawArgs);
  if (!check.valid) {
    throw new NodeFailure(
      "invalid-arguments",
      `arguments of ${ref} do not match its input schema: ${check.errors.join("; ")}`,
      { final: true },
    );
  }
  return run.services.tools.invoke({
    tenant: run.tenant,
    tool: ref,
    args: rawArgs,
    idempotencyKey,
    signal: run.signal,
  });
}

async function llm(run: NodeRun & { node: WorkflowNode & { type: "llm" } }): Promise<NodeResult> {
  const tenant = run.services.repo.tenants.get(run.tenant);
  const name = ownName(run.node.prompt, run.tenant);
  const prompt = name === undefined ? undefined : tenant?.prompts.get(name);
  if (!prompt)
    throw new NodeFailure("policy", `prompt ${run.node.prompt} is not available to tenant ${run.tenant}`, {
      final: true,
    });
  const route = ownName(run.node.route, run.tenant);
  if (route === undefined)
    throw new NodeFailure("policy", `route ${run.node.route} belongs to another tenant`, { final: true });
  const vars = resolveTemplated(run.node.with, run.context) as Record<string, unknown>;
  const messages = renderPrompt(prompt.data, vars);
  const wantsJson = prompt.data.output.format === "json";
  const schema = prompt.data.output.schema;
  const allowed = run.node.tools?.allow ?? [];
  const tools = allowed.map((ref) => toolSpec(run, ref));
  const byFunction = new Map(allowed.map((ref) => [toolFunctionName(ref), ref]));
  const toolCalls: { tool: string; args: unknown }[] = [];
  const trace: NonNullable<NodeRecord["llm"]> = {
    prompt: prompt.data.name,
    promptVersion: prompt.data.version,
    route,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    cached: true,
    calls: [],
  };
  const maxSteps = run.node.tools?.max_steps ?? 0;
  for (let step = 0; ; step++) {
    // Past the step limit, the model must answer: no more tools are offered.
    const offerTools = tools.length > 0 && step < maxSteps;
    const result = await run.services.router
      .chat({
        tenant: run.tenant,
        route,
        messages,
        params: prompt.data.params ?? {},
        ...(wantsJson && !offerTools
          ? { output: { name: prompt.data.name, ...(schema ? { schema } : {}) } }
          : {}),
        ...(offerTools ? { tools } : {}),
        meta: { prompt: prompt.data.name, workflow: run.workflow.name, node: run.id },
        repeat: run.repeat,
        ledger: run.ledger,
        signal: run.signal,
      })
      .catch((error: unknown) => {
        // Keep what was tried in the trace even when every attempt failed.
        const attempts =
          (
            error as {
              attempts?: NodeRecord["llm"] extends infer L
                ? L extends { calls: infer C }
                  ? C
                  : never
                : never;
            }
          ).attempts ?? [];
        throw Object.assign(error as Error, {
          trace: { llm: { ...trace, calls: [...trace.calls, ...attempts] } },
        });
      });
    trace.target = result.target;
    trace.model = result.model;
    trace.inputTokens += result.response.usage.inputTokens;
    trace.outputTokens += result.response.usage.outputTokens;
    trace.costUsd += result.costUsd;
    trace.cached &&= result.cached;
    trace.calls.push(...result.attempts);
    if (offerTools && result.response.toolCalls.length > 0) {
      messages.push({
        role: "assistant",
        content: result.response.text,
        toolCalls: result.response.toolCalls,
      });
      for (const call of result.response.toolCalls) {
        const ref = byFunction.get(call.name);
        let content: string;
        if (!ref) {
          content = JSON.stringify({ error: `tool ${call.name} is not available` });
        } else {
          try {
            const out = await invokeTool(
              run,
              ref,
              call.arguments,
              `${run.runId}:${run.id}${run.itemKey}:${call.id}`,
            );
            toolCalls.push({ tool: ref, args: call.arguments });
            content = JSON.stringify(out ?? null);
          } catch (error) {
            // The model sees refusals and failures as results and can adapt; they are still in the trace.
            toolCalls.push({ tool: ref, args: call.arguments });
            content = JSON.stringify({ error: (error as Error).message });
          }
        }
        messages.push({ role: "tool", content, toolCallId: call.id });
      }
      continue;
    }
    if (toolCalls.length > 0) trace.toolCalls = toolCalls;
    if (!wantsJson) return { output: result.response.text, trace: { llm: trace }, outputSchema: schema };
    let json = result.response.json;
    if (json === undefined) {
      try {
        json = JSON.parse(result.response.text);
      } catch {
        throw new NodeFailure(
          "invalid-output",
          `the model's answer is not JSON: ${result.response.text.slice(0, 120)}`,
        );
      }
    }
    return { output: json, trace: { llm: trace }, outputSchema: schema };
  }
}

export async function executeNode(run: NodeRun): Promise<NodeResult> {
  const { node, context } = run;
  switch (node.type) {
    case "llm":
      return llm(run as NodeRun & { node: typeof node });
    case "tool": {
      const args = resolveTemplated(node.with, context);
      const key =
        node.idempotency_key !== undefined
          ? String(resolveTemplated(node.idempotency_key, context))
          : `${run.runId}:${run.id}${run.itemKey}`;
      const output = await invokeTool(run, node.tool, args, key);
      return { output, trace: { tool: { tool: node.tool, args, idempotencyKey: key } } };
    }
    case "retrieve": {
      const collection = ownName(node.knowledge, run.tenant);
      const allowed = run.services.repo.tenants.get(run.tenant)?.config?.data.allow.knowledge ?? [];
      if (collection === undefined || !(allowed.includes("*") || allowed.includes(collection))) {
        throw new NodeFailure(
          "policy",
          `knowledge ${node.knowledge} is not allowed for tenant ${run.tenant}`,
          { final: true },
        );
      }
      const query = String(resolveTemplated(node.query, context) ?? "");
      const retriever = await run.services.retriever(run.tenant, collection);
      const passages = retriever.search(query, node.top_k);
      return {
        output: passages.map((p) => ({ title: p.title, text: p.text, path: p.path, score: p.score })),
        trace: {
          retrieval: {
            collection,
            query,
            passages: passages.map((p) => ({ path: p.path, title: p.title, score: p.score })),
          },
        },
      };
    }
    case "approval": {
      const decision = await run.services.approvals.request({
        tenant: run.tenant,
        runId: run.runId,
        workflow: run.workflow.name,
        node: run.id,
        approvers: node.approvers.map((p) =>
          typeof p === "string" ? p : "user" in p ? `user:${p.user}` : `team:${p.team}`,
        ),
        minApprovals: node.min_approvals,
        message: node.message === undefined ? undefined : String(resolveTemplated(node.message, context)),
        timeoutMs: parseDuration(node.timeout),
        signal: run.signal,
      });
      const trace = { approval: decision };
      if (decision.decision === "approved") return { output: decision, trace };
      // Fail closed: a denial stops everything downstream unless the workflow handles it (on_error).
      if (decision.decision === "timeout" && node.on_timeout === "fail") {
        throw Object.assign(
          new NodeFailure("approval-timeout", `approval ${run.id} timed out`, { final: true }),
          { trace },
        );
      }
      throw Object.assign(
        new NodeFailure(
          "denied",
          `approval ${run.id} was ${decision.decision === "timeout" ? "not given in time (treated as denied)" : "denied"}`,
          { final: true },
        ),
        { trace },
      );
    }
    case "transform":
      return { output: resolveTemplated(node.value, context), trace: {} };
    case "workflow": {
      const name = ownName(node.workflow, run.tenant);
      const sub = name === undefined ? undefined : run.services.workflow(run.tenant, name, node.version);
      if (!sub)
        throw new NodeFailure("policy", `workflow ${node.workflow}@${node.version} is not available`, {
          final: true,
        });
      if (run.depth >= 8)
        throw new NodeFailure("policy", "sub-workflows are nested more than 8 deep", { final: true });
      const inputs = resolveTemplated(node.with, context) as Record<string, unknown>;
      const result = await run.runSubWorkflow(sub, inputs);
      if (!result.ok) throw new NodeFailure("sub-workflow", `workflow ${sub.name} failed: ${result.error}`);
      return { output: result.outputs, trace: {} };
    }
  }
}
