import { describe, expect, it } from "vitest";
import { edit, validRepo } from "../../../test/helpers/governed-repo.ts";
import { byRule, lintTree, where } from "../../../test/helpers/lint.ts";
import { at } from "../../../test/helpers/positions.ts";

const WF = "tenants/support/workflows/triage.yml";
const TENANT = "tenants/support/tenant.yml";

describe("tool-not-allowed", () => {
  it("refuses a tool outside allow.tools, for tool nodes and model tool use", async () => {
    let tree = edit(validRepo(), TENANT, "tools: [crm.*]", "tools: [crm.lookup]");
    tree = edit(
      tree,
      WF,
      "    route: fast\n",
      "    route: fast\n    tools: { allow: [crm.lookup, crm.write_note] }\n",
    );
    const d = byRule(await lintTree(tree), "tool-not-allowed");
    expect(d.map(where)).toEqual([
      `tool-not-allowed ${at(tree, WF, "crm.write_note", 1)}`,
      `tool-not-allowed ${at(tree, WF, "crm.write_note", 2)}`,
    ]);
    expect(d[0]!.message).toMatch(/not allowed for tenant "support".*allow.tools/);
  });

  it.each([["[crm.*]"], ["[crm.lookup, crm.write_note]"], ['["*"]']])(
    "accepts tools allowed by %s",
    async (allow) => {
      const tree = edit(validRepo(), TENANT, "tools: [crm.*]", `tools: ${allow}`);
      expect(byRule(await lintTree(tree), "tool-not-allowed")).toEqual([]);
    },
  );

  it("refuses everything when allow.tools is empty (fail closed)", async () => {
    const tree = edit(validRepo(), TENANT, "tools: [crm.*]", "tools: []");
    expect(byRule(await lintTree(tree), "tool-not-allowed")).toHaveLength(2);
  });
});

describe("model-not-allowed", () => {
  it("refuses a model outside allow.models", async () => {
    const tree = edit(validRepo(), TENANT, "models: [small, big]", "models: [small]");
    const d = byRule(await lintTree(tree), "model-not-allowed");
    expect(d.map(where)).toEqual([`model-not-allowed ${at(tree, "tenants/support/routes.yml", "big")}`]);
  });

  it("refuses an allowed model whose provider is not allowed", async () => {
    const tree = edit(validRepo(), TENANT, "providers: [openai, replay]", "providers: [replay]");
    const d = byRule(await lintTree(tree), "model-not-allowed");
    expect(d.map((x) => x.message)).toEqual([
      expect.stringMatching(/"small" is served by provider "openai"/),
      expect.stringMatching(/"big" is served by provider "openai"/),
      expect.stringMatching(/"small" is served by provider "openai"/),
    ]);
  });

  it("accepts prefix patterns", async () => {
    const tree = edit(validRepo(), TENANT, "models: [small, big]", "models: [sm*, b*]");
    expect(byRule(await lintTree(tree), "model-not-allowed")).toEqual([]);
  });
});

describe("knowledge-not-allowed", () => {
  it("refuses a collection outside allow.knowledge and accepts the default (all own collections)", async () => {
    const tree = edit(validRepo(), TENANT, "tools: [crm.*]", "tools: [crm.*]\n  knowledge: [faq]");
    expect(byRule(await lintTree(tree), "knowledge-not-allowed").map(where)).toEqual([
      `knowledge-not-allowed ${at(tree, WF, "kb\n")}`,
    ]);
    expect(byRule(await lintTree(validRepo()), "knowledge-not-allowed")).toEqual([]);
  });
});
