import { describe, expect, it } from "vitest";
import { edit, validRepo } from "../../../test/helpers/governed-repo.ts";
import { byRule, lintTree } from "../../../test/helpers/lint.ts";

const WF = "tenants/support/workflows/triage.yml";

describe("cycle", () => {
  it("prints the cycle of needs", async () => {
    const tree = edit(
      validRepo(),
      WF,
      "  classify:\n    type: llm",
      "  classify:\n    type: llm\n    needs: [note]",
    );
    const d = byRule(await lintTree(tree), "cycle");
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toMatch(/classify → (gate|docs) → note → classify/);
    expect(d[0]!.line).toBe(10);
  });

  it("counts fallbacks as edges", async () => {
    const tree = edit(
      validRepo(),
      WF,
      "    type: transform\n    value: none",
      "    type: transform\n    needs: [note]\n    value: none",
    );
    const d = byRule(await lintTree(tree), "cycle");
    expect(d.map((x) => x.message)).toEqual([]);
    // note → fallback-note (fallback edge) and fallback-note needs note: same direction, no cycle.
    const loop = edit(
      validRepo(),
      WF,
      "  note:\n    type: tool\n    needs: [gate, customer, docs]",
      "  note:\n    type: tool\n    needs: [gate, customer, docs, fallback-note]",
    );
    expect(byRule(await lintTree(loop), "cycle").map((x) => x.message)).toEqual([
      expect.stringMatching(/note → fallback-note → note|fallback-note → note → fallback-note/),
    ]);
  });

  it("finds sub-workflow call cycles", async () => {
    const tree = edit(
      validRepo(),
      "tenants/support/workflows/helper.yml",
      "  echo:\n    type: transform\n    value: ${{ inputs.text }}",
      "  echo:\n    type: workflow\n    workflow: triage\n    version: 1.0.0\n    with: { text: x, email: y }",
    );
    const d = byRule(await lintTree(tree), "cycle");
    expect(d.map((x) => x.message)).toEqual([
      expect.stringMatching(
        /Sub-workflow calls form a cycle: (helper → triage → helper|triage → helper → triage)/,
      ),
    ]);
  });

  it("stays quiet on a DAG", async () => {
    expect(byRule(await lintTree(validRepo()), "cycle")).toEqual([]);
  });
});
