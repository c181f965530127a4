import { describe, expect, it } from "vitest";
import { FakeClock, FakeProvider, fakeFactory, reply } from "../../test/helpers/fake-provider.ts";
import { ModelCaller } from "../calls/model-caller.ts";
import { loadRepo } from "../model/load.ts";
import { ProviderError } from "../providers/provider.ts";
import { MemorySource } from "../source/memory-source.ts";
import { CircuitBreaker } from "./breaker.ts";
import { SpendLedger } from "./budget.ts";
import { RouteError, Router } from "./router.ts";

const MODELS = `apiVersion: charter/v1
kind: Models
providers:
  openai: { type: openai }
models:
  a: { provider: openai, model: model-a, input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 }
  b: { provider: openai, model: model-b, input_cost_per_token: 0.0000001, output_cost_per_token: 0.0000002 }
  c: { provider: openai, model: model-c }
`;

function files(routes: string): Record<string, string> {
  return {
    "charter.yml": "apiVersion: charter/v1\nkind: Charter\nname: t\ngovernance: { owners: [team:a/b] }\n",
    "models.yml": MODELS,
    "tenants/t/tenant.yml":
      "apiVersion: charter/v1\nkind: Tenant\nname: t\napprovals: { approvers: [team:a/b] }\nbudget: { max_usd_per_run: 1 }\nallow: { providers: [openai], models: ['*'] }\n",
    "tenants/t/routes.yml": `apiVersion: charter/v1\nkind: Routes\nroutes:\n${routes}`,
  };
}

async function setup(
  routes: string,
  provider: FakeProvider,
  options: { breaker?: CircuitBreaker; random?: () => number } = {},
) {
  const { repo, diagnostics } = await loadRepo(new MemorySource(files(routes)));
  expect(diagnostics).toEqual([]);
  const clock = new FakeClock();
  const caller = new ModelCaller({
    models: repo.models!.data,
    env: { OPENAI_API_KEY: "k" },
    mode: "live",
    createProvider: fakeFactory(provider),
  });
  const router = new Router({
    repo,
    caller,
    clock,
    breaker: options.breaker,
    random: options.random ?? (() => 0),
  });
  const call = (extra: Partial<Parameters<Router["chat"]>[0]> = {}) =>
    router.chat({ tenant: "t", route: "r", messages: [{ role: "user", content: "hello" }], ...extra });
  return { router, clock, call, caller };
}

const FALLBACK = `  r:
    targets: [{ model: a }, { model: b }]
    retry: { max_attempts: 3, initial_interval: 1s, backoff_factor: 2, max_interval: 10s }
`;

describe("router", () => {
  it("falls back to the next target and records why, with cost from the price table", async () => {
    const p = new FakeProvider({
      "model-a": [new ProviderError("openai", "server", "HTTP 500", { status: 500 })],
      "model-b": [reply("from b", { inputTokens: 1000, outputTokens: 500 })],
    });
    const { call, clock } = await setup(FALLBACK, p);
    const r = await call();
    expect(r.response.text).toBe("from b");
    expect(r.target).toBe("b");
    expect(
      r.attempts.map((a) => [a.target, a.attempt, a.outcome, a.reason ?? "", a.fallbackFrom ?? ""]),
    ).toEqual([
      ["a", 1, "error", "server", ""],
      ["a", 2, "error", "server", ""],
      ["a", 3, "error", "server", ""],
      ["b", 1, "ok", "", "a"],
    ]);
    expect(clock.sleeps).toEqual([1000, 2000]);
    expect(r.costUsd).toBeCloseTo(1000 * 0.0000001 + 500 * 0.0000002, 12);
  });

  it("honours retry-after when it is longer than the backoff, and moves on when it exceeds max_interval", async () => {
    const p = new FakeProvider({
      "model-a": [
        new ProviderError("openai", "rate_limit", "429", { status: 429, retryAfterMs: 4000 }),
        reply("a ok"),
      ],
    });
    const { call, clock } = await setup(FALLBACK, p);
    expect((await call()).response.text).toBe("a ok");
    expect(clock.sleeps).toEqual([4000]);

    const p2 = new FakeProvider({
      "model-a": [new ProviderError("openai", "rate_limit", "429", { status: 429, retryAfterMs: 60_000 })],
      "model-b": [reply("b ok")],
    });
    const s2 = await setup(FALLBACK, p2);
    const r = await s2.call();
    expect(r.target).toBe("b");
    expect(s2.clock.sleeps).toEqual([]);
    expect(r.attempts[0]).toMatchObject({ reason: "rate_limit", status: 429, retryAfterMs: 60_000 });
  });

  it("does not retry errors that would repeat (bad request, auth, missing key)", async () => {
    const p = new FakeProvider({
      "model-a": [new ProviderError("openai", "bad_request", "HTTP 400", { status: 400 })],
      "model-b": [reply("b")],
    });
    const { call, clock } = await setup(FALLBACK, p);
    const r = await call();
    expect(r.attempts.map((a) => `${a.target}#${a.attempt}:${a.outcome}`)).toEqual(["a#1:error", "b#1:ok"]);
    expect(clock.sleeps).toEqual([]);
  });

  it("opens the circuit after consecutive failures, skips the target during the cool-down, then lets one trial through", async () => {
    const breaker = new CircuitBreaker();
    const p = new FakeProvider({
      "model-a": [new ProviderError("openai", "server", "500", { status: 500 })],
      "model-b": [reply("b")],
    });
    const routes = `  r:\n    targets: [{ model: a }, { model: b }]\n    retry: { max_attempts: 1 }\n    circuit_breaker: { failure_threshold: 2, cooldown: 30s }\n`;
    const { call, clock } = await setup(routes, p, { breaker });
    await call();
    await call();
    const third = await call();
    expect(third.attempts.map((a) => `${a.target}:${a.outcome}:${a.reason ?? ""}`)).toEqual([
      "a:skipped:circuit-open",
      "b:ok:",
    ]);
    const callsToA = p.calls.filter((c) => c.model === "model-a").length;
    expect(callsToA).toBe(2);
    clock.t += 31_000;
    await call();
    expect(p.calls.filter((c) => c.model === "model-a").length).toBe(3);
  });

  it("orders weighted targets by a seeded draw and conditional targets by request facts", async () => {
    const p = new FakeProvider({}, reply("ok"));
    const weighted = `  r:\n    strategy: weighted\n    targets: [{ model: a, weight: 1 }, { model: b, weight: 3 }]\n`;
    expect((await (await setup(weighted, p, { random: () => 0.1 })).call()).target).toBe("a");
    expect((await (await setup(weighted, p, { random: () => 0.5 })).call()).target).toBe("b");
    const conditional = `  r:\n    strategy: conditional\n    targets: [{ model: a }, { model: c }]\n    conditions:\n      - { if: "\${{ request.input_tokens > 1000 }}", target: c }\n`;
    const s = await setup(conditional, p);
    expect((await s.call()).target).toBe("a");
    expect((await s.call({ messages: [{ role: "user", content: "x".repeat(8000) }] })).target).toBe("c");
  });

  it("checks budgets before each call, falls back to a cheaper target, and names the budget that tripped", async () => {
    const p = new FakeProvider({}, reply("ok"));
    const capped = `  r:\n    targets: [{ model: a, params: { max_tokens: 10000 } }, { model: b }]\n    budget: { max_usd_per_call: 0.005 }\n`;
    const s = await setup(capped, p);
    const r = await s.call();
    expect(r.target).toBe("b");
    expect(r.attempts[0]).toMatchObject({ target: "a", outcome: "skipped", reason: "budget" });
    expect(r.attempts[0]!.message).toMatch(/route "r" max_usd_per_call would be exceeded/);

    const ledger = new SpendLedger([{ name: "workflow triage run budget", limitUsd: 0.0001 }]);
    const err = await s.call({ ledger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RouteError);
    expect((err as RouteError).kind).toBe("budget");
    expect((err as RouteError).budget).toBe("workflow triage run budget");
    expect(p.calls).toHaveLength(1);
  });

  it("charges every successful call to the ledger", async () => {
    const p = new FakeProvider({}, reply("ok", { inputTokens: 1000, outputTokens: 1000 }));
    const s = await setup(FALLBACK, p);
    const ledger = new SpendLedger([{ name: "run", limitUsd: 1 }]);
    await s.call({ ledger });
    await s.call({ ledger });
    expect(ledger.spentUsd).toBeCloseTo(2 * (1000 * 0.000001 + 1000 * 0.000002), 12);
  });

  it("fails with every attempt recorded when all targets fail, and refuses unknown routes", async () => {
    const p = new FakeProvider({}, new ProviderError("openai", "auth", "HTTP 401", { status: 401 }));
    const s = await setup(FALLBACK, p);
    const err = (await s.call().catch((e: unknown) => e)) as RouteError;
    expect(err.kind).toBe("exhausted");
    expect(err.message).toMatch(/failed on every target \(a#1: auth, b#1: auth\)/);
    await expect(s.call({ route: "nope" })).rejects.toMatchObject({ kind: "unknown-route" });
  });

  it("stops at the route's total timeout and when the caller cancels", async () => {
    const slow = new FakeProvider(
      {},
      (req) =>
        new Promise((_, reject) =>
          req.signal?.addEventListener("abort", () =>
            reject(new ProviderError("openai", "timeout", "timed out")),
          ),
        ),
    );
    const s = await setup(`  r:\n    targets: [{ model: a }]\n    timeout: 50ms\n`, slow);
    await expect(s.call()).rejects.toMatchObject({ kind: "timeout" });
    const controller = new AbortController();
    const pending = (await setup(`  r:\n    targets: [{ model: a }]\n`, slow)).call({
      signal: controller.signal,
    });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: "aborted" });
  });
});
