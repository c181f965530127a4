import { describe, expect, it } from "vitest";
import { edit, validRepo } from "../../../test/helpers/governed-repo.ts";
import { byRule, lintTree, where } from "../../../test/helpers/lint.ts";
import { at } from "../../../test/helpers/positions.ts";

const WF = "tenants/support/workflows/triage.yml";

describe("inputs", () => {
  it("reports an undeclared input passed to a sub-workflow, at its key", async () => {
    const tree = edit(
      validRepo(),
      WF,
      'with: { text: "${{ inputs.text }}" }',
      'with: { text: "${{ inputs.text }}", lang: en }',
    );
    expect(byRule(await lintTree(tree), "inputs").map(where)).toEqual([`inputs ${at(tree, WF, "lang")}`]);
  });

  it("reports a missing required input, but not one with a default", async () => {
    const tree = edit(validRepo(), WF, 'with: { text: "${{ inputs.text }}" }', "with: {}");
    expect(byRule(await lintTree(tree), "inputs").map((d) => d.message)).toEqual([
      expect.stringMatching(/does not pass required input "text"/),
    ]);
    const withDefault = edit(
      tree,
      "tenants/support/workflows/helper.yml",
      "text: { type: string }",
      "text: { type: string, default: hi }",
    );
    expect(byRule(await lintTree(withDefault), "inputs")).toEqual([]);
  });

  it("checks the inputs of workflow eval cases", async () => {
    const tree = {
      ...validRepo(),
      "tenants/support/evals/helper.yml":
        "apiVersion: charter/v1\nkind: EvalSuite\nname: helper\ntarget: { workflow: helper }\ncases:\n  - id: a\n    inputs: { txt: x }\n    assert: [{ type: equals, value: x }]\n",
    };
    expect(byRule(await lintTree(tree), "inputs").map((d) => d.message)).toEqual([
      expect.stringMatching(/Case "a" does not pass required input "text"/),
      expect.stringMatching(/Case "a" passes "txt".*Did you mean "text"/),
    ]);
  });
});
