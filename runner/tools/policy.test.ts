import { describe, expect, it } from "vitest";
import { NodeFailure } from "../../core/execute/nodes.ts";
import { catalog, catalogs, objectWith } from "./fixtures/catalogs.ts";
import { type RefusalReason, ToolRefused, toolPolicy } from "./policy.ts";

const crm = catalog({
  namespace: "crm",
  connector: { type: "http", base_url: "https://crm.example/api" },
  tools: {
    lookup: {
      description: "Look a customer up.",
      effect: "read",
      input: objectWith({ email: { type: "string", format: "email" } }, ["email"]),
      output: objectWith({ id: { type: "string" } }, ["id"]),
    },
    add_note: {
      description: "Add a note.",
      effect: "write",
      input: objectWith({ note: { type: "string" } }, ["note"]),
    },
  },
});
const pay = catalog({
  namespace: "pay",
  connector: { type: "builtin" },
  tools: { refund: { description: "Refund.", effect: "write", input: { type: "object" } } },
});

const check = toolPolicy({
  tenant: "acme",
  allowPatterns: ["crm.*"],
  catalog: catalogs(crm, pay),
  approvedTools: ["crm.add_note", "pay.refund"],
});

function refusal(fn: () => unknown): ToolRefused {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ToolRefused);
    return error as ToolRefused;
  }
  throw new Error("expected a refusal");
}

describe("toolPolicy", () => {
  it("lets an allowed, approved, well-formed call through and resolves its tool", () => {
    const tool = check({ tenant: "acme", tool: "crm.lookup", args: { email: "a@b.example" } });
    expect([tool.namespace, tool.name, tool.config.effect]).toEqual(["crm", "lookup", "read"]);
    expect(check({ tenant: "acme", tool: "crm.add_note", args: { note: "hi" } }).name).toBe("add_note");
  });

  const cases: [RefusalReason, Parameters<typeof check>[0], RegExp][] = [
    [
      "other-tenant",
      { tenant: "globex", tool: "crm.lookup", args: { email: "a@b.example" } },
      /tenant "acme" only/,
    ],
    [
      "unknown-tool",
      { tenant: "acme", tool: "crm.delete_all", args: {} },
      /crm\.delete_all does not exist.*add delete_all/,
    ],
    ["unknown-tool", { tenant: "acme", tool: "hr.fire", args: {} }, /namespace "hr"/],
    ["unknown-tool", { tenant: "acme", tool: "crm.constructor", args: {} }, /does not exist/],
    ["unknown-tool", { tenant: "acme", tool: "not a ref", args: {} }, /NAMESPACE\.TOOL/],
    [
      "not-allowed",
      { tenant: "acme", tool: "pay.refund", args: {} },
      /add "pay\.refund" or "pay\.\*" to allow\.tools/,
    ],
    [
      "invalid-arguments",
      { tenant: "acme", tool: "crm.lookup", args: { email: "nope" } },
      /\/email must match format/,
    ],
    [
      "invalid-arguments",
      { tenant: "acme", tool: "crm.lookup", args: { email: "a@b.example", x: 1 } },
      /additional/,
    ],
  ];
  it.each(cases)("refuses %s", (reason, call, message) => {
    const error = refusal(() => check(call));
    expect(error.reason).toBe(reason);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(call.tool);
    expect(error).toBeInstanceOf(NodeFailure);
    expect(error.final).toBe(true);
  });

  it("refuses a write tool the workflow was not approved for", () => {
    const strict = toolPolicy({
      tenant: "acme",
      allowPatterns: ["*"],
      catalog: catalogs(crm, pay),
      approvedTools: new Set(["pay.refund"]),
    });
    const error = refusal(() => strict({ tenant: "acme", tool: "crm.add_note", args: { note: "x" } }));
    expect(error.reason).toBe("write-not-approved");
    expect(error.message).toMatch(/crm\.add_note changes data \(effect: write\)/);
    // Read tools need no approval; approved writes pass.
    strict({ tenant: "acme", tool: "crm.lookup", args: { email: "a@b.example" } });
    strict({ tenant: "acme", tool: "pay.refund", args: {} });
  });

  it("checks results against the output schema when there is one", () => {
    check.output("crm.lookup", { id: "c1" });
    const error = refusal(() => check.output("crm.lookup", { name: "no id" }));
    expect(error.reason).toBe("invalid-output");
    expect(error.kind).toBe("invalid-output");
    expect(error.message).toMatch(/result of crm\.lookup does not match its output schema.*id/);
    check.output("crm.add_note", "anything goes without a schema");
  });

  it("uses policy kinds the executor treats as final", () => {
    const error = refusal(() => check({ tenant: "acme", tool: "pay.refund", args: {} }));
    expect([error.kind, error.final]).toEqual(["policy", true]);
  });
});
