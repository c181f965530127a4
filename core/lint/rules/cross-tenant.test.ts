import { describe, expect, it } from "vitest";
import { edit, validRepo } from "../../../test/helpers/governed-repo.ts";
import { byRule, lintTree, where } from "../../../test/helpers/lint.ts";
import { at } from "../../../test/helpers/positions.ts";
import type { Tree } from "../../../test/helpers/tree.ts";

const WF = "tenants/support/workflows/triage.yml";

function withFinance(tree: Tree): Tree {
  return {
    ...tree,
    "tenants/finance/tenant.yml": tree["tenants/support/tenant.yml"]!.toString().replace(
      "name: support",
      "name: finance",
    ),
    "tenants/finance/routes.yml": tree["tenants/support/routes.yml"]!,
    "tenants/finance/prompts/classify.yml": tree["tenants/support/prompts/classify.yml"]!,
  };
}

describe("cross-tenant", () => {
  it.each([
    ["a prompt", "prompt: classify", "prompt: finance/classify", "finance/classify"],
    ["a route", "route: fast", "route: finance/fast", "finance/fast"],
    ["a knowledge collection", "knowledge: kb", "knowledge: finance/kb", "finance/kb"],
    ["a sub-workflow", "workflow: helper", "workflow: finance/helper", "finance/helper"],
  ])("refuses %s of another tenant", async (_, from, to, needle) => {
    const tree = edit(withFinance(validRepo()), WF, from, to);
    const d = byRule(await lintTree(tree), "cross-tenant");
    expect(d.map(where)).toEqual([`cross-tenant ${at(tree, WF, needle)}`]);
    expect(d[0]!.message).toMatch(/belongs to tenant "finance"/);
  });

  it("accepts a reference qualified with the tenant's own name", async () => {
    const tree = edit(validRepo(), WF, "prompt: classify", "prompt: support/classify");
    expect(await lintTree(tree)).toEqual([]);
  });

  it("refuses eval suites that target another tenant", async () => {
    const tree = edit(
      withFinance(validRepo()),
      "tenants/support/evals/classify.yml",
      "target: { prompt: classify }",
      "target: { prompt: finance/classify }",
    );
    const d = byRule(await lintTree(tree), "cross-tenant");
    expect(d).toHaveLength(1);
  });

  it("refuses a tenant.yml that claims another tenant's name", async () => {
    const tree = edit(validRepo(), "tenants/support/tenant.yml", "name: support", "name: finance");
    const d = byRule(await lintTree(tree), "cross-tenant");
    expect(d.map(where)).toEqual([`cross-tenant ${at(tree, "tenants/support/tenant.yml", "finance")}`]);
    expect(d[0]!.message).toMatch(/The tenant is the directory: set name: support/);
  });
});
