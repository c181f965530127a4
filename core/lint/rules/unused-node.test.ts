import { describe, expect, it } from "vitest";
import { edit, validRepo } from "../../../test/helpers/governed-repo.ts";
import { byRule, lintTree, where } from "../../../test/helpers/lint.ts";
import { at } from "../../../test/helpers/positions.ts";

const WF = "tenants/support/workflows/triage.yml";

describe("unused-node", () => {
  it("warns about a pure node nobody reads", async () => {
    const tree = edit(validRepo(), WF, "outputs:", "  orphan:\n    type: transform\n    value: 42\noutputs:");
    const d = byRule(await lintTree(tree), "unused-node");
    expect(d.map(where)).toEqual([`unused-node ${at(tree, WF, "orphan")}`]);
    expect(d[0]).toMatchObject({
      severity: "warning",
      message: expect.stringMatching(/node "orphan" is never used/),
    });
  });

  it("does not warn when the node is needed, read, a fallback, an output, or has side effects", async () => {
    // The fixture has all of these: docs is needed, classify read, fallback-note a fallback, sub an output, tools write.
    expect(byRule(await lintTree(validRepo()), "unused-node")).toEqual([]);
    const tool = edit(
      validRepo(),
      WF,
      "outputs:",
      "  side:\n    type: tool\n    tool: crm.write_note\n    with: { note: x }\noutputs:",
    );
    expect(byRule(await lintTree(tool), "unused-node")).toEqual([]);
  });
});
