/**
 * The router over the real OpenAI and Anthropic providers, stubbed at the HTTP layer: a failing
 * primary falls back to the other provider and the attempts say why.
 */
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ModelCaller } from "../calls/model-caller.ts";
import { loadRepo } from "../model/load.ts";
import { createProvider } from "../providers/factory.ts";
import { MemorySource } from "../source/memory-source.ts";
import { Router } from "./router.ts";

const files = {
  "charter.yml": "apiVersion: charter/v1\nkind: Charter\nname: t\ngovernance: { owners: [team:a/b] }\n",
  "models.yml": `apiVersion: charter/v1
kind: Models
providers:
  openai: { type: openai }
  anthropic: { type: anthropic }
models:
  gpt: { provider: openai, model: gpt-4o-mini, input_cost_per_token: 0.00000015, output_cost_per_token: 0.0000006 }
  claude: { provider: anthropic, model: claude-haiku-5, input_cost_per_token: 0.0000008, output_cost_per_token: 0.000004 }
`,
  "tenants/t/tenant.yml":
    "apiVersion: charter/v1\nkind: Tenant\nname: t\napprovals: { approvers: [team:a/b] }\nbudget: { max_usd_per_run: 1 }\nallow: { providers: [openai, anthropic], models: ['*'] }\n",
  "tenants/t/routes.yml": `apiVersion: charter/v1
kind: Routes
routes:
  main:
    targets: [{ model: gpt }, { model: claude }]
    retry: { max_attempts: 2, initial_interval: 10ms, max_interval: 50ms }
  quick:
    targets: [{ model: gpt, timeout: 50ms }, { model: claude }]
    retry: { max_attempts: 1 }
`,
};

async function router() {
  const { repo } = await loadRepo(new MemorySource(files));
  const caller = new ModelCaller({
    models: repo.models!.data,
    env: { OPENAI_API_KEY: "sk-test", ANTHROPIC_API_KEY: "ak-test" },
    mode: "live",
    createProvider,
  });
  return new Router({ repo, caller, random: () => 0 });
}

const anthropicOk = {
  id: "msg_1",
  type: "message",
  role: "assistant",
  model: "claude-haiku-5",
  content: [{ type: "text", text: "from claude" }],
  stop_reason: "end_turn",
  usage: { input_tokens: 12, output_tokens: 4 },
};

describe("router over real providers (nock)", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("retries a 429 after retry-after, then falls back from OpenAI's 500 to Anthropic and records why", async () => {
    const openai = nock("https://api.openai.com")
      .post("/v1/chat/completions")
      .reply(429, { error: { message: "Rate limit reached" } }, { "retry-after-ms": "20" })
      .post("/v1/chat/completions")
      .reply(500, { error: { message: "Internal error" } });
    const anthropic = nock("https://api.anthropic.com").post("/v1/messages").reply(200, anthropicOk);
    const r = await (await router()).chat({
      tenant: "t",
      route: "main",
      messages: [{ role: "user", content: "hi" }],
    });
    openai.done();
    anthropic.done();
    expect(r.response.text).toBe("from claude");
    expect(
      r.attempts.map((a) => [
        a.target,
        a.attempt,
        a.outcome,
        a.reason ?? "",
        a.status ?? 0,
        a.retryAfterMs ?? 0,
        a.fallbackFrom ?? "",
      ]),
    ).toEqual([
      ["gpt", 1, "error", "rate_limit", 429, 20, ""],
      ["gpt", 2, "error", "server", 500, 0, ""],
      ["claude", 1, "ok", "", 0, 0, "gpt"],
    ]);
    expect(r.costUsd).toBeCloseTo(12 * 0.0000008 + 4 * 0.000004, 12);
  });

  it("falls back on a malformed body and on a timeout", async () => {
    nock("https://api.openai.com")
      .post("/v1/chat/completions")
      .times(2)
      .reply(200, "<html>gateway error</html>", { "content-type": "application/json" });
    nock("https://api.anthropic.com").post("/v1/messages").reply(200, anthropicOk);
    const r = await (await router()).chat({
      tenant: "t",
      route: "main",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(r.attempts.map((a) => `${a.target}:${a.reason ?? "ok"}`)).toEqual([
      "gpt:malformed",
      "gpt:malformed",
      "claude:ok",
    ]);

    nock("https://api.openai.com").post("/v1/chat/completions").delay(2_000).reply(200, {});
    nock("https://api.anthropic.com").post("/v1/messages").reply(200, anthropicOk);
    const slow = await (await router()).chat({
      tenant: "t",
      route: "quick",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(slow.attempts.map((a) => `${a.target}:${a.reason ?? "ok"}`)).toEqual(["gpt:timeout", "claude:ok"]);
    expect(slow.attempts[0]!.latencyMs).toBeLessThan(1_000);
  });
});
