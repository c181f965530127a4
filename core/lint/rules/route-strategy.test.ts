import { describe, expect, it } from "vitest";
import { edit, validRepo } from "../../../test/helpers/governed-repo.ts";
import { byRule, lintTree } from "../../../test/helpers/lint.ts";

const ROUTES = "tenants/support/routes.yml";

describe("route-strategy", () => {
  it("warns about a conditional route without conditions, and conditions on a fallback route", async () => {
    let tree = edit(
      validRepo(),
      ROUTES,
      "  fast:\n    targets:",
      "  fast:\n    strategy: conditional\n    targets:",
    );
    tree = edit(
      tree,
      ROUTES,
      "  careful:\n    targets:",
      "  careful:\n    conditions: [{ if: '${{ request.input_tokens > 1 }}', target: small }]\n    targets:",
    );
    const d = byRule(await lintTree(tree), "route-strategy");
    expect(d.map((x) => [x.severity, x.line, x.message])).toEqual([
      ["warning", 5, expect.stringMatching(/conditional but has no conditions/)],
      ["warning", 9, expect.stringMatching(/conditions, but they are ignored/)],
    ]);
  });

  it("accepts a conditional route with conditions", async () => {
    const tree = edit(
      validRepo(),
      ROUTES,
      "  careful:\n    targets:",
      "  careful:\n    strategy: conditional\n    conditions: [{ if: '${{ request.input_tokens > 1 }}', target: small }]\n    targets:",
    );
    expect(byRule(await lintTree(tree), "route-strategy")).toEqual([]);
  });
});
