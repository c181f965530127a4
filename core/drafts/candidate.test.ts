import { describe, expect, it } from "vitest";
import type { ChatResponse } from "../providers/provider.ts";
import { candidateFrom, type DraftTarget } from "./candidate.ts";

const target: DraftTarget = {
  tenant: "support",
  workflows: new Map([["triage", "tenants/support/workflows/triage.yml"]]),
  prompts: new Map([["classify", "tenants/support/prompts/classify.yml"]]),
  paths: new Set(["tenants/support/workflows/triage.yml", "tenants/support/prompts/classify.yml"]),
};

const workflow = {
  apiVersion: "charter/v1",
  kind: "Workflow",
  name: "digest",
  version: "1.0.0",
  budget: { max_usd: 0.1, timeout: "10s" },
  nodes: { echo: { type: "transform", value: "hi" } },
};
const prompt = (name: string) => ({
  apiVersion: "charter/v1",
  kind: "Prompt",
  name,
  version: "1.0.0",
  messages: [{ role: "user", content: "Hi" }],
});

const answer = (text: string, extra: Partial<ChatResponse> = {}): ChatResponse => ({
  text,
  toolCalls: [],
  usage: { inputTokens: 1, outputTokens: 1 },
  finishReason: "stop",
  model: "m",
  ...extra,
});

describe("candidateFrom", () => {
  it("derives paths from names and writes what the model wrote (no filled-in defaults)", () => {
    const c = candidateFrom(
      answer(`\`\`\`json\n${JSON.stringify({ workflow, prompts: [prompt("p")] })}\n\`\`\``),
      target,
    );
    expect(c.kind).toBe("ok");
    if (c.kind !== "ok") return;
    expect(c.files.map((f) => f.path)).toEqual([
      "tenants/support/workflows/digest.yml",
      "tenants/support/prompts/p.yml",
    ]);
    expect(c.files[0]!.text).not.toContain("max_concurrency");
  });

  it("says when an answer was cut off at the token limit", () => {
    const c = candidateFrom(answer('{"workflow": {', { finishReason: "length" }), target);
    expect(c).toMatchObject({ kind: "invalid" });
    expect(c.kind === "invalid" && c.problems[0]).toMatch(/not valid JSON .*cut off at the token limit/);
  });

  it.each([
    [{ workflow, prompts: [prompt("p"), prompt("p")] }, 'prompt "p" appears twice'],
    [{ workflow, prompts: [prompt("classify")] }, 'prompt "classify" already exists'],
    [{ workflow: { ...workflow, name: "triage" } }, 'already has a workflow "triage"'],
    [{ workflow: { ...workflow, name: "Bad_Name" } }, "workflow.name: must be lower-case"],
    [{ workflow, extra: 1 }, 'Unrecognized key: "extra"'],
  ])("feeds back %#: %s", (value, message) => {
    const c = candidateFrom(answer(JSON.stringify(value)), target);
    expect(c.kind).toBe("invalid");
    expect(c.kind === "invalid" && c.problems.join("\n")).toContain(message);
  });

  it("with --from keeps the file and lets the workflow's own prompts be replaced, not others", () => {
    const from = {
      ...target,
      from: { name: "triage", path: "tenants/support/workflows/triage.yml", prompts: new Set(["classify"]) },
    };
    const ok = candidateFrom(
      answer(JSON.stringify({ workflow: { ...workflow, name: "triage" }, prompts: [prompt("classify")] })),
      from,
    );
    expect(ok.kind === "ok" && ok.files.map((f) => [f.path, f.replaces])).toEqual([
      ["tenants/support/workflows/triage.yml", true],
      ["tenants/support/prompts/classify.yml", true],
    ]);
    const renamed = candidateFrom(answer(JSON.stringify({ workflow })), from);
    expect(renamed.kind === "invalid" && renamed.problems[0]).toContain('keep its name (got "digest")');
  });
});
