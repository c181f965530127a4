import { describe, expect, it } from "vitest";
import { edit, validRepo } from "../../../test/helpers/governed-repo.ts";
import { byRule, lintTree, where } from "../../../test/helpers/lint.ts";
import { at } from "../../../test/helpers/positions.ts";

const WF = "tenants/support/workflows/triage.yml";
const QUERY = "query: ${{ nodes.classify.output.category }}";

describe("expression", () => {
  it.each([
    [
      "a syntax error",
      "query: ${{ nodes.classify.output.category == }}",
      "==",
      /Invalid expression.*Unexpected end of expression/,
    ],
    [
      "an unknown context",
      "query: ${{ github.event.action }}",
      "github",
      /"github" is not a context. Available in the `query` of node "docs": inputs, nodes or run/,
    ],
    ["an unknown function", "query: ${{ fromYAML(inputs.text) }}", "fromYAML", /Unrecognized function/],
    [
      "an unknown node",
      "query: ${{ nodes.clasify.output }}",
      "nodes.clasify",
      /Unknown node "clasify".*Did you mean "classify"/,
    ],
    [
      "a node that is not upstream",
      "query: ${{ nodes.customer.output }}",
      "nodes.customer",
      /"customer" is not upstream of "docs".*Add "customer" to the needs/,
    ],
    ["a node reading itself", "query: ${{ nodes.docs.output }}", "nodes.docs", /cannot read its own result/],
    [
      "an unknown node field",
      "query: ${{ nodes.classify.outputs }}",
      "nodes.classify",
      /nodes.classify.outputs does not exist.*Did you mean "output"/,
    ],
    [
      "an undeclared input",
      "query: ${{ inputs.txt }}",
      "inputs.txt",
      /Input "txt" is not declared.*Did you mean "text"/,
    ],
    [
      "item outside for_each",
      "query: ${{ item.name }}",
      "item",
      /"item" is not available.*only in nodes with for_each/,
    ],
    ["an unknown run field", "query: ${{ run.user }}", "run.user", /run.user does not exist/],
    [
      "a dynamic node access",
      "query: ${{ nodes[inputs.text].output }}",
      "nodes[inputs",
      /Read a specific node/,
    ],
  ])("reports %s at its column", async (_, query, needle, message) => {
    const tree = edit(validRepo(), WF, QUERY, query);
    const d = byRule(await lintTree(tree), "expression");
    expect(d.map(where)).toEqual([`expression ${at(tree, WF, needle)}`]);
    expect(d[0]!.message).toMatch(message);
  });

  it("reports an unclosed ${{", async () => {
    const tree = edit(validRepo(), WF, QUERY, 'query: "${{ nodes.classify.output"');
    const d = byRule(await lintTree(tree), "expression");
    expect(d.map((x) => x.message)).toEqual(["Unclosed ${{ expression: add the closing }}."]);
  });

  it("allows item and index in a for_each node, but not in its if", async () => {
    const ok = edit(
      validRepo(),
      WF,
      QUERY,
      "for_each: ${{ fromJSON('[1,2]') }}\n    query: ${{ format('{0}-{1}', item, index) }}",
    );
    expect(byRule(await lintTree(ok), "expression")).toEqual([]);
    const bad = edit(ok, WF, "knowledge: kb", "knowledge: kb\n    if: ${{ item == 1 }}");
    expect(byRule(await lintTree(bad), "expression").map((d) => d.message)).toEqual([
      expect.stringMatching(/"item" is not available in the `if`/),
    ]);
  });

  it("allows output in checks, and request in route conditions only", async () => {
    const check = edit(
      validRepo(),
      WF,
      "    route: fast\n",
      "    route: fast\n    checks:\n      - { type: expression, value: '${{ output.category != null }}' }\n",
    );
    expect(byRule(await lintTree(check), "expression")).toEqual([]);
    const route = edit(
      validRepo(),
      "tenants/support/routes.yml",
      "  careful:\n    targets:",
      "  careful:\n    strategy: conditional\n    conditions:\n      - { if: '${{ request.input_tokens > 100 && inputs.x }}', target: small }\n    targets:",
    );
    expect(byRule(await lintTree(route), "expression").map((d) => d.message)).toEqual([
      expect.stringMatching(/"inputs" is not available in a condition of route "careful"/),
    ]);
  });

  it("accepts outputs reading any node and string interpolation with several expressions", async () => {
    const tree = edit(
      validRepo(),
      WF,
      "outputs:\n",
      'outputs:\n  text: "${{ inputs.text }} and ${{ nodes.customer.output.name }}"\n',
    );
    expect(byRule(await lintTree(tree), "expression")).toEqual([]);
  });
});
