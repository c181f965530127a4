/**
 * The router: a named route from a tenant's routes.yml turns one request into attempts on its targets —
 * ordered by strategy, retried with backoff (honouring `retry-after`), bounded by per-attempt and total
 * timeouts, skipped while their circuit is open or when a budget would trip — and records every attempt.
 */

import type { RouteConfig } from "../../workflows-schema/index.ts";
import { deadline } from "../async/deadline.ts";
import type { ModelCaller } from "../calls/model-caller.ts";
import type { GovernedRepo } from "../model/repo.ts";
import type { ChatMessage, ChatResponse, ModelParams, ToolSpec } from "../providers/provider.ts";
import { ProviderError } from "../providers/provider.ts";
import { parseDuration } from "../text/duration.ts";
import type { Attempt } from "./attempt.ts";
import { CircuitBreaker } from "./breaker.ts";
import { BudgetExceededError, type SpendLedger } from "./budget.ts";
import { type Clock, systemClock } from "./clock.ts";
import { costOf, estimateCost } from "./pricing.ts";
import { orderTargets, type RequestFacts } from "./strategy.ts";
import { estimateInputTokens } from "./tokens.ts";

export interface RouteCall {
  tenant: string;
  route: string;
  messages: ChatMessage[];
  /** Request parameters (the prompt's); they override the target's defaults. */
  params?: ModelParams;
  output?: { name: string; schema?: Record<string, unknown> };
  tools?: ToolSpec[];
  /** For conditions and traces: which prompt, workflow and node ask. */
  meta?: Omit<RequestFacts, "input_tokens" | "tenant" | "max_tokens" | "metadata"> & {
    metadata?: Record<string, unknown>;
  };
  /** Repeat index of an eval case (cache key). */
  repeat?: number;
  /** Spend scopes to check before and charge after each call (run, tenant day…). */
  ledger?: SpendLedger;
  signal?: AbortSignal;
}

export interface RouteResult {
  response: ChatResponse;
  target: string;
  model: string;
  costUsd: number;
  /** Wall time of the whole routed call, retries and waits included. */
  latencyMs: number;
  /** Latency of the successful attempt (the recorded one when cached). */
  callLatencyMs: number;
  cached: boolean;
  attempts: Attempt[];
}

export type RouteErrorKind = "unknown-route" | "exhausted" | "budget" | "timeout" | "aborted";

export class RouteError extends Error {
  override name = "RouteError";
  readonly kind: RouteErrorKind;
  readonly attempts: Attempt[];
  readonly budget?: string;

  constructor(
    kind: RouteErrorKind,
    message: string,
    attempts: Attempt[],
    options: { cause?: unknown; budget?: string } = {},
  ) {
    super(message, { cause: options.cause });
    this.kind = kind;
    this.attempts = attempts;
    this.budget = options.budget;
  }
}

export interface RouterOptions {
  repo: GovernedRepo;
  caller: ModelCaller;
  breaker?: CircuitBreaker;
  clock?: Clock;
  /** Seedable randomness for weighted routing and jitter; CI evals stay deterministic. */
  random?: () => number;
}

/** Errors whose retries are pointless: the same request will fail the same way. */
const NOT_RETRIED = new Set(["bad_request", "auth", "not_found", "missing_key", "replay_miss", "aborted"]);

function isTimeoutReason(reason: unknown): boolean {
  return reason instanceof Error && reason.name === "TimeoutError";
}

export class Router {
  private readonly repo: GovernedRepo;
  private readonly caller: ModelCaller;
  private readonly breaker: CircuitBreaker;
  private readonly clock: Clock;
  private readonly random: () => number;

  constructor(options: RouterOptions) {
    this.repo = options.repo;
    this.caller = options.caller;
    this.breaker = options.breaker ?? new CircuitBreaker();
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
  }

  async chat(call: RouteCall): Promise<RouteResult> {
    const routes = this.repo.tenants.get(call.tenant)?.routes?.data.routes;
    if (!routes || !Object.hasOwn(routes, call.route)) {
      throw new RouteError(
        "unknown-route",
        `route "${call.route}" is not defined for tenant "${call.tenant}"`,
        [],
      );
    }
    const route = routes[call.route]!;
    const started = this.clock.now();
    const inputTokens = estimateInputTokens(call.messages);
    const facts: RequestFacts = {
      input_tokens: inputTokens,
      max_tokens: call.params?.max_tokens,
      tenant: call.tenant,
      ...call.meta,
      metadata: call.meta?.metadata ?? {},
    };
    // The whole call (all attempts and waits) is bounded by the route's timeout and the caller's signal.
    const total = deadline(call.signal, parseDuration(route.timeout));
    try {
      return await this.route(call, route, facts, inputTokens, started, total.signal);
    } finally {
      total.dispose();
    }
  }

  private async route(
    call: RouteCall,
    route: RouteConfig,
    facts: RequestFacts,
    inputTokens: number,
    started: number,
    signal: AbortSignal,
  ): Promise<RouteResult> {
    const attempts: Attempt[] = [];
    const budgetTrips: BudgetExceededError[] = [];
    let previous: string | undefined;

    for (const target of orderTargets(route, facts, this.random)) {
      const model = this.caller.model(target.model);
      const breakerKey = `${model.provider}/${target.model}`;
      const base = {
        target: target.id,
        model: target.model,
        provider: model.provider,
        latencyMs: 0,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        cached: false,
      };
      const fallbackFrom = previous;
      previous = target.id;
      const params: ModelParams = { ...target.params, ...call.params };

      const gate = this.breaker.allow(breakerKey, this.clock.now());
      if (!gate.allowed) {
        attempts.push({
          ...base,
          attempt: 0,
          outcome: "skipped",
          reason: "circuit-open",
          message: `circuit open for ${Math.ceil((gate.retryInMs ?? 0) / 1000)}s more`,
          ...(fallbackFrom ? { fallbackFrom } : {}),
        });
        continue;
      }
      const estimate = estimateCost(model, inputTokens, params);
      const perCall = route.budget?.max_usd_per_call;
      const tripped =
        perCall !== undefined && estimate > perCall
          ? { name: `route "${call.route}" max_usd_per_call`, limitUsd: perCall, spentUsd: 0 }
          : call.ledger?.wouldExceed(estimate);
      if (tripped) {
        const error = new BudgetExceededError(tripped, estimate);
        budgetTrips.push(error);
        attempts.push({
          ...base,
          attempt: 0,
          outcome: "skipped",
          reason: "budget",
          message: error.message,
          ...(fallbackFrom ? { fallbackFrom } : {}),
        });
        continue;
      }

      for (let n = 1; n <= route.retry.max_attempts; n++) {
        if (signal.aborted) return this.fail(signal, attempts, started);
        const attempt = deadline(signal, parseDuration(target.timeout ?? route.timeout));
        const attemptSignal = attempt.signal;
        const t0 = this.clock.now();
        try {
          const result = await this.caller.chat(
            target.model,
            {
              model: model.model,
              messages: call.messages,
              params,
              output: call.output,
              tools: call.tools,
              signal: attemptSignal,
            },
            { tenant: call.tenant, repeat: call.repeat },
          );
          attempt.dispose();
          const costUsd = costOf(model, result.response.usage);
          call.ledger?.record(costUsd);
          this.breaker.success(breakerKey);
          const cached = result.source !== "provider";
          attempts.push({
            ...base,
            attempt: n,
            outcome: "ok",
            latencyMs: cached ? result.latencyMs : this.clock.now() - t0,
            inputTokens: result.response.usage.inputTokens,
            outputTokens: result.response.usage.outputTokens,
            costUsd,
            cached,
            ...(fallbackFrom && n === 1 ? { fallbackFrom } : {}),
          });
          return {
            response: result.response,
            target: target.id,
            model: target.model,
            costUsd: attempts.reduce((s, a) => s + a.costUsd, 0),
            latencyMs: this.clock.now() - started,
            callLatencyMs: cached ? result.latencyMs : this.clock.now() - t0,
            cached,
            attempts,
          };
        } catch (error) {
          attempt.dispose();
          const pe = this.asProviderError(error, model.provider, attemptSignal, signal);
          attempts.push({
            ...base,
            attempt: n,
            outcome: "error",
            reason: pe.kind,
            message: pe.message,
            latencyMs: this.clock.now() - t0,
            ...(pe.status !== undefined ? { status: pe.status } : {}),
            ...(pe.retryAfterMs !== undefined ? { retryAfterMs: pe.retryAfterMs } : {}),
            ...(fallbackFrom && n === 1 ? { fallbackFrom } : {}),
          });
          // The caller cancelled or the route's total timeout fired: no more attempts anywhere.
          if (signal.aborted) return this.fail(signal, attempts, started);
          if (pe.kind !== "replay_miss" && pe.kind !== "bad_request")
            this.breaker.failure(breakerKey, this.clock.now(), {
              failureThreshold: route.circuit_breaker.failure_threshold,
              cooldownMs: parseDuration(route.circuit_breaker.cooldown),
            });
          const retriable =
            !NOT_RETRIED.has(pe.kind) &&
            (pe.status === undefined || route.retry.on_status.includes(pe.status));
          if (
            !retriable ||
            n === route.retry.max_attempts ||
            this.breaker.isOpen(breakerKey, this.clock.now())
          )
            break;
          const backoff = Math.min(
            parseDuration(route.retry.max_interval),
            parseDuration(route.retry.initial_interval) * route.retry.backoff_factor ** (n - 1),
          );
          if (pe.retryAfterMs !== undefined && pe.retryAfterMs > parseDuration(route.retry.max_interval)) {
            // The provider asks for a longer pause than this route tolerates: try the next target now.
            break;
          }
          const wait = Math.max(backoff, pe.retryAfterMs ?? 0);
          try {
            await this.clock.sleep(wait, signal);
          } catch {
            return this.fail(signal, attempts, started);
          }
        }
      }
    }
    if (budgetTrips.length > 0 && attempts.every((a) => a.outcome === "skipped")) {
      // Name every budget that refused a target; the last one refused the cheapest remaining option.
      const last = budgetTrips[budgetTrips.length - 1]!;
      throw new RouteError(
        "budget",
        `route "${call.route}": ${budgetTrips.map((e) => e.message).join("; ")}`,
        attempts,
        { budget: last.budget, cause: last },
      );
    }
    const last = [...attempts].reverse().find((a) => a.outcome === "error") ?? attempts[attempts.length - 1];
    throw new RouteError(
      "exhausted",
      `route "${call.route}" failed on every target (${attempts.map((a) => `${a.target}#${a.attempt}: ${a.reason}`).join(", ")})${last?.message ? `: ${last.message}` : ""}`,
      attempts,
    );
  }

  private fail(signal: AbortSignal, attempts: Attempt[], started: number): never {
    const timedOut = isTimeoutReason(signal.reason);
    throw new RouteError(
      timedOut ? "timeout" : "aborted",
      timedOut ? `route timed out after ${this.clock.now() - started} ms` : "the call was cancelled",
      attempts,
      { cause: signal.reason },
    );
  }

  private asProviderError(
    error: unknown,
    provider: string,
    attemptSignal: AbortSignal,
    total: AbortSignal,
  ): ProviderError {
    if (error instanceof ProviderError) return error;
    if (attemptSignal.aborted) {
      return new ProviderError(
        provider,
        isTimeoutReason(attemptSignal.reason) && !total.aborted ? "timeout" : "aborted",
        "request aborted",
        { cause: error },
      );
    }
    return new ProviderError(provider, "network", error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
}
