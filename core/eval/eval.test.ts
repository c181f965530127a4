import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FakeProvider, fakeFactory, reply } from "../../test/helpers/fake-provider.ts";
import { CHARTER, MODELS, ROUTES, TENANT, TOOLS } from "../../test/helpers/governed-repo.ts";
import { gitRepo, type Tree, writeTree } from "../../test/helpers/tree.ts";
import type { ChatRequest } from "../providers/provider.ts";
import { formatJunit } from "./format/junit.ts";
import { EVAL_COMMENT_MARKER, evalMarkdown } from "./format/markdown.ts";
import { evalProject } from "./project.ts";

/**
 * A stand-in model that follows the rules written in the prompt: a system line "rule: WORD -> LABEL"
 * makes it answer LABEL when the user text contains WORD, else "other". Changing the rules in the prompt
 * changes its answers exactly the way a prompt change changes a real model's.
 */
function ruleModel(req: ChatRequest) {
  const system = req.messages
    .filter((m) => m.role === "system")
    .map((m) => m.content)
    .join("\n");
  const user = req.messages
    .filter((m) => m.role === "user")
    .map((m) => m.content)
    .join("\n")
    .toLowerCase();
  const rules = [...system.matchAll(/rule: (\w+) -> (\w+)/g)].map((m) => [m[1]!, m[2]!] as const);
  const label = rules.find(([word]) => user.includes(word))?.[1] ?? "other";
  return reply(
    JSON.stringify({ category: label }),
    { inputTokens: 50, outputTokens: 10 },
    { json: { category: label } },
  );
}

const prompt = (rules: string[]) => `apiVersion: charter/v1
kind: Prompt
name: classify
version: 1.0.0
variables:
  text: { type: string }
messages:
  - role: system
    content: |
      Classify the ticket.
${rules.map((r) => `      rule: ${r}`).join("\n")}
  - role: user
    content: "{{ text }}"
output:
  format: json
  schema: { type: object, required: [category], properties: { category: { type: string } } }
`;

const SUITE = `apiVersion: charter/v1
kind: EvalSuite
name: classify
target: { prompt: classify }
routes: [fast]
threshold: 0.5
cases:
  - id: refund
    vars: { text: "I want a refund" }
    assert: [{ type: equals, transform: output.category, value: billing }]
  - id: login
    vars: { text: "my login fails" }
    assert: [{ type: equals, transform: output.category, value: account }]
  - id: feature
    vars: { text: "dark mode?" }
    assert: [{ type: equals, transform: output.category, value: other }]
`;

function repo(rules: string[], extra: Tree = {}): Tree {
  return {
    "charter.yml": CHARTER,
    "models.yml": MODELS,
    "tools/crm.yml": TOOLS,
    "tenants/support/tenant.yml": TENANT,
    "tenants/support/routes.yml": ROUTES,
    "tenants/support/prompts/classify.yml": prompt(rules),
    "tenants/support/evals/classify.yml": SUITE,
    ...extra,
  };
}

function fake() {
  return new FakeProvider({}, (req) => ruleModel(req));
}

describe("evaluation", () => {
  it("runs a prompt suite, scores assertions and reports pass rate, cost and latency", async () => {
    const dir = writeTree(repo(["refund -> billing", "login -> account"]));
    const provider = fake();
    const { report } = await evalProject({
      dir,
      mode: "live",
      env: {},
      cacheDir: false,
      createProvider: fakeFactory(provider),
    });
    const suite = report!.suites[0]!;
    expect(suite.cases.map((c) => [c.id, c.route, c.pass])).toEqual([
      ["refund", "fast", true],
      ["login", "fast", true],
      ["feature", "fast", true],
    ]);
    expect(suite.passRate).toBe(1);
    expect(suite.costUsd).toBeCloseTo(3 * (50 * 0.0000001 + 10 * 0.0000004), 12);
    expect(provider.calls).toHaveLength(3);
    expect(provider.calls[0]!.output).toEqual({
      name: "classify",
      schema: { type: "object", required: ["category"], properties: { category: { type: "string" } } },
    });
    expect(report!.summary).toMatchObject({
      suites: 1,
      cases: 3,
      passedCases: 3,
      failedSuites: 0,
      providerCalls: 3,
    });
  });

  it("makes no provider call when nothing changed (content-keyed cache), and calls again when the prompt changes", async () => {
    const dir = writeTree(repo(["refund -> billing"]));
    const cacheDir = join(dir, "cache");
    const first = fake();
    await evalProject({ dir, mode: "live", env: {}, cacheDir, createProvider: fakeFactory(first) });
    expect(first.calls).toHaveLength(3);
    const second = fake();
    const again = await evalProject({
      dir,
      mode: "live",
      env: {},
      cacheDir,
      createProvider: fakeFactory(second),
    });
    expect(second.calls).toHaveLength(0);
    expect(again.report!.summary.providerCalls).toBe(0);
    expect(again.report!.suites[0]!.cases.every((c) => c.runs.every((r) => r.cached))).toBe(true);
    writeTree(
      { "tenants/support/prompts/classify.yml": prompt(["refund -> billing", "login -> account"]) },
      dir,
    );
    const third = fake();
    await evalProject({ dir, mode: "live", env: {}, cacheDir, createProvider: fakeFactory(third) });
    expect(third.calls).toHaveLength(3);
  });

  it("records cassettes, then replays them without any provider; a missing cassette is a per-case error", async () => {
    const dir = writeTree(repo(["refund -> billing", "login -> account"]));
    await evalProject({ dir, mode: "record", env: {}, cacheDir: false, createProvider: fakeFactory(fake()) });
    const cassettes = readdirSync(join(dir, "cassettes", "support"));
    expect(cassettes).toHaveLength(3);
    const noProvider = () => {
      throw new Error("replay must not create providers");
    };
    const replayed = await evalProject({
      dir,
      mode: "replay",
      env: {},
      cacheDir: false,
      createProvider: noProvider,
    });
    expect(replayed.report!.suites[0]!.passRate).toBe(1);
    expect(replayed.report!.summary.providerCalls).toBe(0);
    // A new case has no recording: that case errors, the others still run.
    writeTree(
      {
        "tenants/support/evals/classify.yml": `${SUITE}  - id: brand-new\n    vars: { text: "hello" }\n    assert: [{ type: is-json }]\n`,
      },
      dir,
    );
    const partial = await evalProject({
      dir,
      mode: "replay",
      env: {},
      cacheDir: false,
      createProvider: noProvider,
    });
    const cases = partial.report!.suites[0]!.cases;
    expect(cases.map((c) => [c.id, c.pass])).toEqual([
      ["refund", true],
      ["login", true],
      ["feature", true],
      ["brand-new", false],
    ]);
    expect(cases[3]!.error).toMatch(/no recorded response .*charter eval --record/);
  });

  it("auto mode replays when the provider's API key is absent (forks) and calls live when present", async () => {
    const dir = writeTree(repo(["refund -> billing"]));
    await evalProject({ dir, mode: "record", env: {}, cacheDir: false, createProvider: fakeFactory(fake()) });
    const live = fake();
    await evalProject({
      dir,
      mode: "auto",
      env: { OPENAI_API_KEY: "sk-live" },
      cacheDir: false,
      createProvider: fakeFactory(live),
    });
    expect(live.calls).toHaveLength(3);
    const fork = fake();
    const r = await evalProject({
      dir,
      mode: "auto",
      env: {},
      cacheDir: false,
      createProvider: fakeFactory(fork),
    });
    expect(fork.calls).toHaveLength(0);
    expect(r.report!.suites[0]!.cases.every((c) => !c.error)).toBe(true);
  });

  it("applies repeat with a k-of-n rule, weights and case thresholds", async () => {
    let n = 0;
    // Flaky: every third answer is wrong.
    const flaky = new FakeProvider({}, (req) =>
      n++ % 3 === 2 ? reply('{"category":"x"}', undefined, { json: { category: "x" } }) : ruleModel(req),
    );
    const suite = SUITE.replace("threshold: 0.5", "threshold: 0.5\nrepeat: 3\nmin_pass: 2").replace(
      "assert: [{ type: equals, transform: output.category, value: other }]",
      "threshold: 0.6\n    assert:\n      - { type: equals, transform: output.category, value: other, weight: 3 }\n      - { type: contains, value: nothing-like-this, weight: 1 }",
    );
    const dir = writeTree(
      repo(["refund -> billing", "login -> account"], { "tenants/support/evals/classify.yml": suite }),
    );
    const { report } = await evalProject({
      dir,
      mode: "live",
      env: {},
      cacheDir: false,
      concurrency: 1,
      createProvider: fakeFactory(flaky),
    });
    const cases = report!.suites[0]!.cases;
    expect(cases.map((c) => [c.id, c.passCount, c.runs.length, c.pass])).toEqual([
      ["refund", 2, 3, true],
      ["login", 2, 3, true],
      ["feature", 2, 3, true],
    ]);
    // The weighted case passes on score 0.75 ≥ 0.6 although one assertion fails.
    expect(cases[2]!.runs.find((r) => r.pass)!.score).toBe(0.75);
  });

  it("compares routes side by side (model comparison)", async () => {
    const provider = new FakeProvider({}, (req) =>
      req.model === "gpt-4o"
        ? ruleModel(req)
        : reply('{"category":"other"}', undefined, { json: { category: "other" } }),
    );
    const dir = writeTree(repo(["refund -> billing", "login -> account"]));
    const { report } = await evalProject({
      dir,
      mode: "live",
      env: {},
      cacheDir: false,
      routes: ["fast", "careful"],
      createProvider: fakeFactory(provider),
    });
    const byRoute = (route: string) =>
      report!.suites[0]!.cases.filter((c) => c.route === route).map((c) => c.pass);
    expect(byRoute("fast")).toEqual([false, false, true]);
    expect(byRoute("careful")).toEqual([true, true, true]);
  });

  it("evaluates a whole workflow with tools and approvals stubbed by the case", async () => {
    const workflow = `apiVersion: charter/v1
kind: Workflow
name: triage
version: 1.0.0
inputs:
  text: { type: string }
budget: { max_usd: 0.5, timeout: 60s }
nodes:
  classify:
    type: llm
    prompt: classify
    route: fast
    with: { text: "\${{ inputs.text }}" }
  customer:
    type: tool
    tool: crm.lookup
    with: { email: a@b.c }
  gate:
    type: approval
    needs: [classify]
    approvers: [team:acme/support]
  note:
    type: tool
    needs: [gate, customer]
    tool: crm.write_note
    with: { note: "\${{ nodes.classify.output.category }} for \${{ nodes.customer.output.name }}" }
outputs:
  category: \${{ nodes.classify.output.category }}
  note: \${{ nodes.note.output }}
`;
    const suite = `apiVersion: charter/v1
kind: EvalSuite
name: triage
target: { workflow: triage }
cases:
  - id: approved
    inputs: { text: "refund please" }
    mocks:
      tools: { crm.lookup: { name: Dana }, crm.write_note: written }
    assert: [{ type: equals, transform: output.category, value: billing }, { type: equals, transform: output.note, value: written }]
  - id: denied
    inputs: { text: "refund please" }
    mocks:
      tools: { crm.lookup: { name: Dana }, crm.write_note: written }
      approvals: { gate: deny }
    assert: [{ type: is-json }]
  - id: unmocked
    inputs: { text: "x" }
    assert: [{ type: is-json }]
`;
    const dir = writeTree(
      repo(["refund -> billing"], {
        "tenants/support/workflows/triage.yml": workflow,
        "tenants/support/evals/triage.yml": suite,
      }),
    );
    const { report } = await evalProject({
      dir,
      suites: ["triage"],
      mode: "live",
      env: {},
      cacheDir: false,
      createProvider: fakeFactory(fake()),
    });
    const cases = report!.suites[0]!.cases;
    expect(cases[0]).toMatchObject({ id: "approved", pass: true });
    expect(cases[0]!.runs[0]!.exercised).toEqual({
      nodes: { classify: "succeeded", customer: "succeeded", gate: "succeeded", note: "succeeded" },
      prompts: ["classify"],
    });
    expect(cases[1]).toMatchObject({
      id: "denied",
      pass: false,
      error: "node gate failed: approval gate was denied",
    });
    expect(cases[2]!.error).toMatch(/tool crm.lookup was called but case unmocked has no mock for it/);
  });

  it("writes JUnit XML with failures and errors", async () => {
    const dir = writeTree(repo(["refund -> billing"]));
    const { report } = await evalProject({
      dir,
      mode: "live",
      env: {},
      cacheDir: false,
      createProvider: fakeFactory(fake()),
    });
    const xml = formatJunit(report!);
    expect(xml).toContain(
      '<testsuite name="support/classify" tests="3" failures="1" errors="0" file="tenants/support/evals/classify.yml">',
    );
    expect(xml).toContain('<testcase classname="support.classify" name="login @ fast"');
    expect(xml).toMatch(/<failure message="0 of 1 runs passed">equals: [^<]*other[^<]*<\/failure>/);
  });
});

describe("evaluation base vs head (real git repositories)", () => {
  it("runs the affected suites on both sides and reports exactly the case that regressed and the one that improved", async () => {
    const base = repo(["refund -> billing"]);
    const head = repo(["login -> account"]);
    const { dir, shas } = gitRepo([base, head]);
    const result = await evalProject({
      dir,
      base: shas[0],
      ref: shas[1],
      mode: "live",
      env: {},
      cacheDir: false,
      createProvider: fakeFactory(fake()),
    });
    const suite = result.comparison!.suites[0]!;
    expect(suite.cases.map((c) => [c.id, c.change])).toEqual([
      ["refund", "regressed"],
      ["login", "fixed"],
      ["feature", "still-passing"],
    ]);
    expect(result.comparison!.conclusion).toBe("failure");
    expect(result.comparison!.reasons).toEqual(["support/classify: 1 case regressed"]);
    const md = evalMarkdown(result.comparison!);
    expect(md.startsWith(`${EVAL_COMMENT_MARKER}\n## 🧪 Charter eval — base vs head`)).toBe(true);
    expect(md).toContain("❌ 1 regression, 1 fix · 1 suite affected");
    expect(md).toContain("| <b>support/classify</b> | 66.7% → 66.7% | 1 | 1 | 0 | 0 |");
    expect(md).toMatch(
      /\| <code>refund<\/code> \| fast \| regressed \| ✅ 1\/1 \| ❌ 0\/1 \| <code>equals<\/code> [^|]*other/,
    );
    expect(md).toMatch(/\| <code>login<\/code> \| fast \| fixed \| ❌ 0\/1 \| ✅ 1\/1 \|/);
    expect(md).not.toMatch(/<code>feature<\/code>/);
  });

  it("does not run suites the change does not reach", async () => {
    const base = repo(["refund -> billing"], { "tenants/support/knowledge/kb/a.md": "x" });
    const head = {
      ...base,
      "tenants/support/knowledge/kb/a.md": "y",
      "tenants/support/routes.yml": ROUTES.replace(
        "  careful:",
        "  extra:\n    targets: [{ model: small }]\n  careful:",
      ),
    };
    const { dir, shas } = gitRepo([base, head]);
    const provider = fake();
    const result = await evalProject({
      dir,
      base: shas[0],
      ref: shas[1],
      mode: "live",
      env: {},
      cacheDir: false,
      createProvider: fakeFactory(provider),
    });
    expect(result.comparison!.unaffected).toEqual(["support/classify"]);
    expect(result.comparison!.suites).toEqual([]);
    expect(provider.calls).toHaveLength(0);
    expect(evalMarkdown(result.comparison!)).toContain("No evaluation suite is affected by this change.");
  });

  it("fails the check when head falls below the threshold even without regressions being gated", async () => {
    const base = repo(["refund -> billing", "login -> account"]);
    const head = repo([]);
    const { dir, shas } = gitRepo([base, head]);
    const result = await evalProject({
      dir,
      base: shas[0],
      ref: shas[1],
      mode: "live",
      env: {},
      cacheDir: false,
      failOnRegression: false,
      createProvider: fakeFactory(fake()),
    });
    expect(result.comparison!.conclusion).toBe("failure");
    expect(result.comparison!.reasons).toEqual([
      "support/classify: pass rate 33.3% is below its threshold 50%",
    ]);
    expect(existsSync(join(dir, "cassettes"))).toBe(false);
  });
});
