import { describe, expect, it } from "vitest";
import { edit, validRepo } from "../../../test/helpers/governed-repo.ts";
import { byRule, lintChange, lintTree, where } from "../../../test/helpers/lint.ts";
import { at } from "../../../test/helpers/positions.ts";

const WF = "tenants/support/workflows/triage.yml";
const PROMPT = "tenants/support/prompts/classify.yml";

describe("version-not-bumped (on real git repositories)", () => {
  it("refuses a changed workflow that keeps its version", async () => {
    const base = validRepo();
    const head = edit(base, WF, "route: fast", "route: careful");
    const d = byRule(await lintChange(base, head), "version-not-bumped");
    expect(d.map(where)).toEqual([`version-not-bumped ${at(head, WF, "1.0.0")}`]);
    expect(d[0]!.message).toMatch(
      /Workflow "triage" changed \(its definition\) but its version is still 1.0.0/,
    );
  });

  it("accepts the same change with a raised version", async () => {
    const base = validRepo();
    const head = edit(
      edit(base, WF, "route: fast", "route: careful"),
      WF,
      "version: 1.0.0\ninputs",
      "version: 1.1.0\ninputs",
    );
    expect(byRule(await lintChange(base, head), "version-not-bumped")).toEqual([]);
  });

  it("ignores formatting and comments: only content counts", async () => {
    const base = validRepo();
    const head = edit(base, WF, "    route: fast\n", "    # the cheap route\n    route:   fast\n");
    expect(byRule(await lintChange(base, head), "version-not-bumped")).toEqual([]);
  });

  it("refuses a changed prompt that keeps its version, and the workflow that uses it", async () => {
    const base = validRepo();
    const head = edit(base, PROMPT, "content: Classify the text.", "content: Classify the text carefully.");
    const d = byRule(await lintChange(base, head), "version-not-bumped");
    expect(d.map((x) => x.message)).toEqual([
      expect.stringMatching(/Prompt "classify" changed \(its content\)/),
      expect.stringMatching(/Workflow "triage" changed \(it uses prompt "classify", which changed\)/),
    ]);
  });

  it("refuses a workflow whose route or tool changed underneath it", async () => {
    const base = validRepo();
    const head = edit(
      base,
      "tenants/support/routes.yml",
      "  fast:\n    targets:\n      - model: small",
      "  fast:\n    targets:\n      - model: big",
    );
    expect(byRule(await lintChange(base, head), "version-not-bumped").map((x) => x.message)).toEqual([
      expect.stringMatching(/uses route "fast", which changed/),
    ]);
    const tool = edit(
      base,
      "tools/crm.yml",
      "description: Look up a customer.",
      "description: Look up a customer by email.",
    );
    expect(byRule(await lintChange(base, tool), "version-not-bumped").map((x) => x.message)).toEqual([
      expect.stringMatching(/uses tool "crm.lookup", which changed/),
    ]);
  });

  it("refuses a version that goes down", async () => {
    const base = edit(validRepo(), WF, "version: 1.0.0\ninputs", "version: 2.0.0\ninputs");
    const head = edit(base, WF, "version: 2.0.0\ninputs", "version: 1.9.9\ninputs");
    expect(byRule(await lintChange(base, head), "version-not-bumped").map((x) => x.message)).toEqual([
      expect.stringMatching(/went down from 2.0.0 to 1.9.9/),
    ]);
  });

  it("accepts new workflows and prompts, and does not run without a base", async () => {
    const base = validRepo();
    const head = {
      ...base,
      "tenants/support/prompts/other.yml": base[PROMPT]!.toString().replace("name: classify", "name: other"),
    };
    expect(byRule(await lintChange(base, head), "version-not-bumped")).toEqual([]);
    const changed = edit(base, WF, "route: fast", "route: careful");
    expect(byRule(await lintTree(changed), "version-not-bumped")).toEqual([]);
  });
});
