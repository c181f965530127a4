/** Cost from the price table in models.yml (LiteLLM's field names, USD per token). */
import type { ModelConfig } from "../../workflows-schema/index.ts";
import type { ModelParams, Usage } from "../providers/provider.ts";

export function costOf(model: ModelConfig, usage: Usage): number {
  const cached = usage.cachedInputTokens ?? 0;
  const cachedPrice = model.cache_read_input_token_cost ?? model.input_cost_per_token;
  const fresh = Math.max(0, usage.inputTokens - cached);
  return (
    fresh * model.input_cost_per_token +
    cached * cachedPrice +
    usage.outputTokens * model.output_cost_per_token
  );
}

/** Output tokens assumed before a call: what the request allows, else the model's limit, else 1,024. */
export function outputTokenAllowance(model: ModelConfig, params: ModelParams): number {
  return params.max_tokens ?? model.max_output_tokens ?? 1024;
}

/**
 * The most a call can cost, estimated before it is made, so one call cannot overshoot a hard budget:
 * its input as estimated, plus every output token it is allowed to produce.
 */
export function estimateCost(model: ModelConfig, inputTokens: number, params: ModelParams): number {
  return (
    inputTokens * model.input_cost_per_token +
    outputTokenAllowance(model, params) * model.output_cost_per_token
  );
}
