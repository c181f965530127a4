/** `tenants/<name>/routes.yml`: named model routes with their strategy, retries, timeouts and breaker. */
import * as z from "zod";
import { apiVersion, backoffFields, description, duration, expression, name, usd } from "./common.ts";
import { modelId } from "./models.ts";

export const modelParams = z
  .strictObject({
    temperature: z.number().min(0).max(2).optional().describe("Sampling temperature."),
    top_p: z.number().min(0).max(1).optional().describe("Nucleus sampling."),
    max_tokens: z.int().positive().optional().describe("Largest completion, in tokens."),
    seed: z.int().optional().describe("Sampling seed, where the provider supports it."),
    stop: z.array(z.string()).max(4).optional().describe("Stop sequences."),
  })
  .describe("Model request parameters.");

const target = z
  .strictObject({
    id: name.optional().describe("Target id, used by conditions and traces. Defaults to the model id."),
    model: modelId.describe("Model id from models.yml."),
    weight: z
      .number()
      .positive()
      .default(1)
      .describe("Relative share of traffic under the `weighted` strategy."),
    params: modelParams.optional(),
    timeout: duration.optional().describe("Timeout of one attempt on this target."),
  })
  .describe("A model a route can send requests to.");

export const route = z
  .strictObject({
    description: description.optional(),
    strategy: z
      .enum(["fallback", "weighted", "conditional"])
      .default("fallback")
      .describe(
        "`fallback`: targets in order; `weighted`: by weight; `conditional`: first matching condition.",
      ),
    targets: z.array(target).min(1).describe("Models this route can use."),
    conditions: z
      .array(
        z
          .strictObject({
            if: expression.describe("Condition over `request` (e.g. `${{ request.input_tokens > 8000 }}`)."),
            target: name.describe("Target id to use when the condition holds."),
          })
          .describe("A condition and the target it selects."),
      )
      .default([])
      .describe("For `conditional`: evaluated in order; when none holds, the first target is used."),
    retry: z
      .strictObject({
        ...backoffFields({ maxAttempts: 2, initialInterval: "1s", maxInterval: "20s" }),
        on_status: z
          .array(z.int().min(400).max(599))
          .default([408, 409, 429, 500, 502, 503, 504])
          .describe("HTTP statuses that are retried; others move straight to the next target."),
      })
      .default({
        max_attempts: 2,
        initial_interval: "1s",
        backoff_factor: 2,
        max_interval: "20s",
        on_status: [408, 409, 429, 500, 502, 503, 504],
      })
      .describe(
        "Retries per target with backoff. `retry-after` is honoured; when it asks for longer than max_interval, the route moves to the next target.",
      ),
    timeout: duration.default("60s").describe("Total time for one request across all attempts and targets."),
    circuit_breaker: z
      .strictObject({
        failure_threshold: z
          .int()
          .min(1)
          .default(3)
          .describe("Consecutive failures that open the breaker for a target."),
        cooldown: duration.default("30s").describe("How long an open target is skipped."),
      })
      .default({ failure_threshold: 3, cooldown: "30s" })
      .describe("Skips a failing target for a cool-down. Always on."),
    budget: z
      .strictObject({
        max_usd_per_call: usd.optional().describe("Refuse a call whose estimated cost exceeds this."),
      })
      .optional()
      .describe("Per-call cost cap."),
  })
  .describe("A named model route.");

export const routesFile = z
  .strictObject({
    apiVersion,
    kind: z.literal("Routes").describe("File kind: `Routes`."),
    description: description.optional(),
    routes: z.record(name, route).describe("Routes by name."),
  })
  .describe("routes.yml: the tenant's model routes.");

export type RoutesFile = z.infer<typeof routesFile>;
export type RouteConfig = z.infer<typeof route>;
