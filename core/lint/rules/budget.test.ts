import { describe, expect, it } from "vitest";
import { edit, validRepo } from "../../../test/helpers/governed-repo.ts";
import { byRule, lintTree, where } from "../../../test/helpers/lint.ts";
import { at } from "../../../test/helpers/positions.ts";

const WF = "tenants/support/workflows/triage.yml";

describe("budget", () => {
  it("refuses a workflow budget above the tenant's per-run cap", async () => {
    const tree = edit(validRepo(), WF, "max_usd: 0.5", "max_usd: 1.5");
    const d = byRule(await lintTree(tree), "budget");
    expect(d.map(where)).toEqual([`budget ${at(tree, WF, "1.5")}`]);
    expect(d[0]!.message).toMatch(/\$1.5 exceeds tenant "support"'s max_usd_per_run \$1/);
  });

  it("accepts a budget equal to the cap", async () => {
    const tree = edit(validRepo(), WF, "max_usd: 0.5", "max_usd: 1.0");
    expect(byRule(await lintTree(tree), "budget")).toEqual([]);
  });

  it("warns when a daily cap is below the per-run cap, a sub-workflow outspends its caller, or a route cap can never apply", async () => {
    let tree = edit(validRepo(), "tenants/support/tenant.yml", "max_usd_per_day: 10", "max_usd_per_day: 0.5");
    tree = edit(tree, "tenants/support/workflows/helper.yml", "max_usd: 0.1", "max_usd: 0.8");
    tree = edit(
      tree,
      "tenants/support/routes.yml",
      "  fast:\n    targets:",
      "  fast:\n    budget: { max_usd_per_call: 5 }\n    targets:",
    );
    const d = byRule(await lintTree(tree), "budget");
    expect(d.map((x) => [x.severity, x.file])).toEqual([
      ["warning", "tenants/support/routes.yml"],
      ["warning", "tenants/support/tenant.yml"],
      ["warning", WF],
    ]);
  });
});
