/**
 * Assertions check one output of an eval case. Each type is a small module in the registry
 * (`registry.ts`); `not-` variants are derived from the base type by the registry, never written twice.
 */
import type { Assertion } from "../../../workflows-schema/index.ts";

export interface GradeResult {
  pass: boolean;
  /** 0..1 */
  score: number;
  reason: string;
}

export interface AssertionContext {
  /** The output being checked, after the assertion's `transform`: a string, or parsed JSON. */
  output: unknown;
  /** The output as text (strings as they are, other values as JSON). */
  text: string;
  assertion: Assertion;
  /** The prompt's output schema, for `json-schema` without a value. */
  outputSchema?: Record<string, unknown>;
  /** Cost of the call(s) that produced the output, in USD, when known. */
  costUsd?: number;
  /** Latency of the call(s) that produced the output, in ms. */
  latencyMs?: number;
  /** Whether the output came from the cache or a cassette (latency is then the recorded one). */
  cached: boolean;
  /** Asks the suite's grader route to grade `output` against `rubric` (`llm-rubric`). */
  grade?(rubric: string, output: string): Promise<GradeResult>;
  /** Embeds texts with the suite's embedding route (`similar`). */
  embed?(texts: string[]): Promise<number[][]>;
}

export interface AssertionResult {
  pass: boolean;
  /** 0..1; contributes `weight × score` to the case score. */
  score: number;
  /** Why it passed or failed, for reports. */
  reason: string;
}

/** One assertion type (without the `not-` prefix). */
export interface AssertionType {
  readonly type: string;
  check(ctx: AssertionContext): AssertionResult | Promise<AssertionResult>;
}
