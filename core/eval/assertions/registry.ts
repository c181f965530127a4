/** Runs an assertion by type; `not-` variants invert their base type. */
import type { AssertionContext, AssertionResult, AssertionType } from "./assertion.ts";
import { contains } from "./contains.ts";
import { containsAll } from "./contains-all.ts";
import { containsAny } from "./contains-any.ts";
import { containsJson } from "./contains-json.ts";
import { cost } from "./cost.ts";
import { equals } from "./equals.ts";
import { icontains } from "./icontains.ts";
import { isJson } from "./is-json.ts";
import { jsonSchema } from "./json-schema.ts";
import { latency } from "./latency.ts";
import { llmRubric } from "./llm-rubric.ts";
import { regex } from "./regex.ts";
import { isInvalid } from "./result.ts";
import { similar } from "./similar.ts";
import { startsWith } from "./starts-with.ts";

/** Each base type with what its negation expects, for the reasons of `not-` results. */
const TYPES: [AssertionType, string][] = [
  [equals, "equal the value"],
  [contains, "contain the value"],
  [icontains, "contain the value (ignoring case)"],
  [containsAny, "contain any of the values"],
  [containsAll, "contain all of the values"],
  [regex, "match the pattern"],
  [startsWith, "start with the value"],
  [isJson, "be JSON"],
  [containsJson, "contain JSON"],
  [jsonSchema, "match the schema"],
  [llmRubric, "satisfy the rubric"],
  [similar, "be similar"],
  [cost, "stay within the cost limit"],
  [latency, "stay within the latency limit"],
];

const REGISTRY = new Map(TYPES.map(([t, negation]) => [t.type, { impl: t, negation }]));

export async function runAssertion(ctx: AssertionContext): Promise<AssertionResult> {
  const { type } = ctx.assertion;
  const negated = type.startsWith("not-");
  const base = negated ? type.slice("not-".length) : type;
  const entry = REGISTRY.get(base);
  // The schema only admits known types; reaching this is a bug, not a suite error.
  if (!entry) throw new Error(`unknown assertion type "${type}"`);
  const result = await entry.impl.check(ctx);
  // A result that could not be evaluated fails either way (see `invalid`).
  if (!negated || isInvalid(result)) return result;
  return {
    pass: !result.pass,
    score: 1 - result.score,
    reason: `expected not to ${entry.negation}: ${result.reason}`,
  };
}
