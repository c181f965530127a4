import { describe, expect, it } from "vitest";
import { edit, validRepo } from "../../../test/helpers/governed-repo.ts";
import { byRule, lintTree, where } from "../../../test/helpers/lint.ts";
import { at } from "../../../test/helpers/positions.ts";

const WF = "tenants/support/workflows/triage.yml";
const IF = "if: ${{ nodes.classify.output.category == 'billing' }}";

describe("unreachable-node", () => {
  it.each([
    ["${{ false }}"],
    ["${{ 1 == 2 }}"],
    ["${{ '' }}"],
    ["${{ contains('abc', 'z') }}"],
    ["false"], // a YAML boolean
    ["1 == 2"], // a bare `if` is an expression, as in GitHub Actions
  ])("reports a node whose if is always false: %s", async (cond) => {
    const tree = edit(validRepo(), WF, IF, `if: ${cond}`);
    const d = byRule(await lintTree(tree), "unreachable-node");
    expect(d.map(where)).toEqual([`unreachable-node ${at(tree, WF, cond)}`]);
    expect(d[0]!.message).toMatch(/Node "gate" can never run/);
  });

  it("reports a for_each over a constant empty list, and a constant that is not a list", async () => {
    const tree = edit(
      validRepo(),
      WF,
      "    type: transform\n    value: none",
      "    type: transform\n    for_each: ${{ fromJSON('[]') }}\n    value: none",
    );
    expect(byRule(await lintTree(tree), "unreachable-node").map((d) => d.message)).toEqual([
      expect.stringMatching(/always an empty list/),
    ]);
    const notList = edit(
      validRepo(),
      WF,
      "    type: transform\n    value: none",
      "    type: transform\n    for_each: ${{ 3 }}\n    value: none",
    );
    expect(byRule(await lintTree(notList), "unreachable-node").map((d) => d.message)).toEqual([
      expect.stringMatching(/must be a list/),
    ]);
  });

  it.each([["${{ true }}"], ["${{ nodes.classify.output.x }}"], ["${{ inputs.text != '' }}"]])(
    "accepts conditions that can be true: %s",
    async (cond) => {
      const tree = edit(validRepo(), WF, IF, `if: ${cond}`);
      expect(byRule(await lintTree(tree), "unreachable-node")).toEqual([]);
    },
  );
});
