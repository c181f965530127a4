/** `tenants/<name>/evals/*.yml`: an evaluation suite in promptfoo's assertion vocabulary. */
import * as z from "zod";
import { apiVersion, description, duration, expression, name, reference, templatedValue } from "./common.ts";

export const BASE_ASSERTION_TYPES = [
  "equals",
  "contains",
  "icontains",
  "contains-any",
  "contains-all",
  "regex",
  "starts-with",
  "is-json",
  "contains-json",
  "json-schema",
  "llm-rubric",
  "similar",
  "cost",
  "latency",
] as const;

/** Every type, and its negation with a `not-` prefix (as in promptfoo). */
export const ASSERTION_TYPES = [
  ...BASE_ASSERTION_TYPES,
  ...BASE_ASSERTION_TYPES.map((t) => `not-${t}` as const),
];

export const assertion = z
  .strictObject({
    type: z.enum(ASSERTION_TYPES).describe("Assertion type; prefix with `not-` to negate."),
    value: templatedValue
      .optional()
      .describe("Expected value, pattern, schema or rubric, depending on the type."),
    threshold: z
      .number()
      .nonnegative()
      .optional()
      .describe(
        "Score needed to pass (`llm-rubric`, `similar`), or the limit (`cost` in USD, `latency` in ms).",
      ),
    weight: z
      .number()
      .nonnegative()
      .default(1)
      .describe("Weight in the case score; 0 records without scoring."),
    transform: expression.optional().describe("Expression over `output` selecting what to assert on."),
    metric: z.string().max(100).optional().describe("Name under which the score is reported."),
  })
  .describe("One assertion on a case's output.");

const testCase = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, { message: "must be letters, digits, '_', '.' or '-'" })
      .describe("Stable id; base and head results are paired by it."),
    description: description.optional(),
    vars: z
      .record(z.string(), templatedValue)
      .default({})
      .describe("Prompt variables (for a prompt target)."),
    inputs: z
      .record(z.string(), templatedValue)
      .default({})
      .describe("Workflow inputs (for a workflow target)."),
    mocks: z
      .strictObject({
        tools: z
          .record(z.string(), templatedValue)
          .default({})
          .describe("Results of tool calls by NAMESPACE.TOOL; tools are never called during evaluation."),
        approvals: z
          .record(z.string(), z.enum(["approve", "deny"]))
          .default({})
          .describe("Decisions of approval nodes by node id."),
      })
      .optional()
      .describe("Stand-ins for side effects when a whole workflow is evaluated."),
    assert: z
      .array(assertion)
      .default([])
      .describe("Assertions on the output, in addition to `defaults.assert`."),
    threshold: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe("Pass when the weighted score reaches this, instead of requiring every assertion."),
  })
  .describe("One evaluation case.");

export const evalSuiteFile = z
  .strictObject({
    apiVersion,
    kind: z.literal("EvalSuite").describe("File kind: `EvalSuite`."),
    name: name.describe("Suite name, unique in its tenant."),
    description: description.optional(),
    target: z
      .union([
        z
          .strictObject({ prompt: reference.describe("Prompt name in this tenant.") })
          .describe("Evaluate a prompt."),
        z
          .strictObject({ workflow: reference.describe("Workflow name in this tenant.") })
          .describe("Evaluate a workflow."),
      ])
      .describe("What the suite evaluates."),
    routes: z
      .array(reference)
      .default([])
      .describe("Routes to evaluate (side by side when several). Required for a prompt target."),
    grader: z
      .strictObject({
        route: reference.describe("Route used by `llm-rubric`."),
        embedding_route: reference.optional().describe("Route of an embedding model, used by `similar`."),
      })
      .optional()
      .describe("Models that grade outputs."),
    threshold: z
      .number()
      .min(0)
      .max(1)
      .default(1)
      .describe("Pass rate the suite needs for the check to pass."),
    repeat: z.int().min(1).max(20).default(1).describe("Times each case runs."),
    min_pass: z
      .int()
      .min(1)
      .max(20)
      .optional()
      .describe("Runs out of `repeat` that must pass (k-of-n). Defaults to all."),
    concurrency: z.int().min(1).max(64).default(4).describe("Cases evaluated at once."),
    timeout: duration.default("120s").describe("Timeout of one case."),
    defaults: z
      .strictObject({
        assert: z.array(assertion).default([]).describe("Assertions applied to every case."),
      })
      .optional()
      .describe("Applied to every case."),
    cases: z.array(testCase).min(1).describe("The cases."),
  })
  .describe("An evaluation suite.");

export type EvalSuiteFile = z.infer<typeof evalSuiteFile>;
export type Assertion = z.infer<typeof assertion>;
