import { describe, expect, it } from "vitest";
import { edit, validRepo } from "../../../test/helpers/governed-repo.ts";
import { byRule, lintTree, where } from "../../../test/helpers/lint.ts";

describe("duplicate-name", () => {
  it("refuses two workflows with the same name, reporting the second by path", async () => {
    const tree = validRepo();
    const copy = {
      ...tree,
      "tenants/support/workflows/triage-copy.yml": tree["tenants/support/workflows/triage.yml"]!,
    };
    const d = byRule(await lintTree(copy), "duplicate-name");
    expect(d.map(where)).toEqual(["duplicate-name tenants/support/workflows/triage.yml:3:7"]);
    expect(d[0]!.message).toMatch(/also declared in tenants\/support\/workflows\/triage-copy.yml/);
  });

  it("refuses duplicate tool namespaces, route target ids and case ids", async () => {
    let tree: Record<string, string | Buffer | null> = {
      ...validRepo(),
      "tools/crm2.yml": validRepo()["tools/crm.yml"]!,
    };
    tree = edit(
      tree,
      "tenants/support/routes.yml",
      "      - model: big\n      - model: small",
      "      - model: big\n      - model: big",
    );
    tree = edit(
      tree,
      "tenants/support/evals/classify.yml",
      "cases:\n",
      "cases:\n  - id: one\n    vars: { text: x }\n    assert: [{ type: equals, value: x }]\n",
    );
    const d = byRule(await lintTree(tree), "duplicate-name").map((x) => x.message);
    expect(d).toEqual([
      expect.stringMatching(/Case id "one" appears more than once/),
      expect.stringMatching(/Target id in route "careful" "big" appears more than once/),
      expect.stringMatching(/Tool namespace "crm" is also declared in tools\/crm.yml/),
    ]);
  });

  it("accepts the same name in two tenants", async () => {
    const tree = validRepo();
    const two = {
      ...tree,
      "tenants/other/tenant.yml": tree["tenants/support/tenant.yml"]!.toString().replace(
        "name: support",
        "name: other",
      ),
      "tenants/other/prompts/classify.yml": tree["tenants/support/prompts/classify.yml"]!,
    };
    expect(byRule(await lintTree(two), "duplicate-name")).toEqual([]);
  });
});
