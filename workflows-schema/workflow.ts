/** `tenants/<name>/workflows/*.yml`: a versioned workflow DAG. */
import * as z from "zod";
import {
  apiVersion,
  description,
  duration,
  expression,
  jsonSchema,
  name,
  nodeId,
  principal,
  reference,
  retryPolicy,
  semver,
  templatedValue,
  usd,
} from "./common.ts";

export const check = z
  .strictObject({
    type: z
      .enum(["json-schema", "regex", "contains", "not-empty", "max-length", "expression"])
      .describe(
        "`json-schema`: the output matches the prompt's (or the given) schema; `regex`/`contains`: text checks; `max-length`: characters; `expression`: a `${{ }}` condition over `output`.",
      ),
    value: templatedValue
      .optional()
      .describe("The pattern, text, length, schema or expression the check needs."),
    name: z.string().max(100).optional().describe("Name shown in the trace."),
    on_fail: z
      .enum(["record", "fail"])
      .default("record")
      .describe(
        "`record`: note the failed check in the trace; `fail`: fail the node (then `on_error` applies).",
      ),
  })
  .describe("A quality check on the node's output, recorded in the trace.");

const common = {
  description: description.optional(),
  needs: z.array(nodeId).default([]).describe("Nodes that must finish before this one starts."),
  if: z
    .union([expression, z.boolean()])
    .optional()
    .describe(
      "Run only when this is true; otherwise the node is skipped. `${{ }}` may be omitted, as in GitHub Actions.",
    ),
  for_each: expression
    .optional()
    .describe(
      "Run once per element of this array; `item` and `index` are available. Output is the array of results.",
    ),
  max_concurrency: z
    .int()
    .min(1)
    .max(100)
    .default(4)
    .describe("With `for_each`: how many elements run at once."),
  retry: retryPolicy.optional(),
  timeout: duration.optional().describe("Timeout of one attempt of this node."),
  on_error: z
    .strictObject({
      fallback: nodeId
        .optional()
        .describe("Node to run instead when this one fails; its output replaces this one's."),
      default: templatedValue.optional().describe("Value to use as this node's output when it fails."),
    })
    .optional()
    .describe("What happens when the node fails after its retries. Give `fallback` or `default`."),
  checks: z.array(check).default([]).describe("Quality checks on the output."),
};

export const llmNode = z
  .strictObject({
    type: z.literal("llm").describe("A prompt sent through a model route."),
    prompt: reference.describe("Prompt name in this tenant."),
    route: reference.describe("Route name from the tenant's routes.yml."),
    with: z.record(z.string(), templatedValue).default({}).describe("Values of the prompt's variables."),
    tools: z
      .strictObject({
        allow: z.array(z.string()).min(1).describe("Catalog tools (NAMESPACE.TOOL) the model may call."),
        max_steps: z
          .int()
          .min(1)
          .max(20)
          .default(4)
          .describe("Most tool-calling rounds before the answer is forced."),
      })
      .optional()
      .describe("Bounded tool use by the model; each call is policy-checked like a `tool` node."),
    ...common,
  })
  .describe("Ask a model.");

export const toolNode = z
  .strictObject({
    type: z.literal("tool").describe("A catalog tool called with typed arguments."),
    tool: z.string().min(1).describe("Tool as NAMESPACE.TOOL from tools/."),
    with: z
      .record(z.string(), templatedValue)
      .default({})
      .describe("Arguments, validated against the tool's input schema. Never spliced into commands."),
    idempotency_key: expression
      .optional()
      .describe("Key that makes a repeated write harmless. Defaults to run id + node id."),
    ...common,
  })
  .describe("Call a tool.");

export const retrieveNode = z
  .strictObject({
    type: z.literal("retrieve").describe("Search this tenant's knowledge."),
    knowledge: reference.describe("Knowledge collection: a directory under the tenant's knowledge/."),
    query: templatedValue.describe("The search text."),
    top_k: z.int().min(1).max(50).default(5).describe("How many passages to return."),
    ...common,
  })
  .describe("Retrieve documents.");

export const approvalNode = z
  .strictObject({
    type: z.literal("approval").describe("A human gate: the run parks until enough approvers decide."),
    approvers: z.array(principal).min(1).describe("Who may approve. Must be approvers of the tenant."),
    min_approvals: z.int().min(1).max(10).default(1).describe("Approvals needed to continue."),
    message: templatedValue.optional().describe("What the approvers are asked."),
    on_timeout: z.enum(["deny", "fail"]).default("deny").describe("What a timeout means."),
    ...common,
    timeout: duration.default("24h").describe("How long the run waits for a decision."),
  })
  .describe("Wait for human approval.");

export const transformNode = z
  .strictObject({
    type: z.literal("transform").describe("Compute a value from expressions; no model, no tool."),
    value: templatedValue.describe("The output value; strings may contain expressions."),
    ...common,
  })
  .describe("Compute a value.");

export const workflowNode = z
  .strictObject({
    type: z.literal("workflow").describe("Run another workflow of this tenant at a pinned version."),
    workflow: reference.describe("Workflow name in this tenant."),
    version: semver.describe("Exact version of the sub-workflow."),
    with: z.record(z.string(), templatedValue).default({}).describe("Inputs of the sub-workflow."),
    ...common,
  })
  .describe("Run a sub-workflow.");

export const NODE_TYPES = ["llm", "tool", "retrieve", "approval", "transform", "workflow"] as const;

export const node = z
  .discriminatedUnion("type", [llmNode, toolNode, retrieveNode, approvalNode, transformNode, workflowNode])
  .describe("A node of the workflow DAG.");

export const workflowFile = z
  .strictObject({
    apiVersion,
    kind: z.literal("Workflow").describe("File kind: `Workflow`."),
    name: name.describe("Workflow name, unique in its tenant."),
    version: semver,
    description: description.optional(),
    inputs: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, { message: "must be an identifier" }), jsonSchema)
      .default({})
      .describe(
        "Inputs by name, each a JSON Schema. An input is required unless its schema has a `default`.",
      ),
    outputs: z
      .record(z.string(), templatedValue)
      .default({})
      .describe("Outputs by name, usually expressions over `nodes`."),
    budget: z
      .strictObject({
        max_usd: usd.describe("Most a run may spend on models."),
        timeout: duration.describe("Most a run may take, excluding time parked at approvals."),
      })
      .describe("Limits of one run."),
    defaults: z
      .strictObject({
        retry: retryPolicy.optional(),
        timeout: duration.optional().describe("Default timeout of one node attempt."),
      })
      .optional()
      .describe("Defaults applied to every node."),
    max_concurrency: z.int().min(1).max(100).default(8).describe("How many nodes run at once."),
    nodes: z.record(nodeId, node).describe("The nodes, by id."),
  })
  .describe("A versioned workflow DAG.");

export type WorkflowFile = z.infer<typeof workflowFile>;
export type WorkflowNode = z.infer<typeof node>;
export type NodeType = (typeof NODE_TYPES)[number];
