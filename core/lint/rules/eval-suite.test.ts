import { describe, expect, it } from "vitest";
import { edit, validRepo } from "../../../test/helpers/governed-repo.ts";
import { byRule, lintTree } from "../../../test/helpers/lint.ts";

const EVAL = "tenants/support/evals/classify.yml";
const ASSERT = "      - { type: equals, transform: output.category, value: billing }";

describe("eval-suite", () => {
  it.each([
    ["a prompt target without routes", (t: string) => t.replace("routes: [fast]\n", ""), /names no route/],
    [
      "min_pass above repeat",
      (t: string) => t.replace("routes: [fast]", "routes: [fast]\nrepeat: 2\nmin_pass: 3"),
      /min_pass \(3\) is more than repeat \(2\)/,
    ],
    [
      "an assertion without its value",
      (t: string) => t.replace(ASSERT, "      - { type: contains }"),
      /needs a value/,
    ],
    [
      "cost without a threshold",
      (t: string) => t.replace(ASSERT, "      - { type: cost }"),
      /needs a threshold \(USD\)/,
    ],
    [
      "an invalid regex",
      (t: string) => t.replace(ASSERT, "      - { type: regex, value: '([a-z' }"),
      /Invalid regular expression/,
    ],
    [
      "llm-rubric without a grader",
      (t: string) => t.replace(ASSERT, "      - { type: llm-rubric, value: polite }"),
      /needs a grader/,
    ],
    [
      "similar without an embedding route",
      (t: string) => t.replace(ASSERT, "      - { type: not-similar, value: x }"),
      /needs an embedding model/,
    ],
    [
      "a prompt case using inputs",
      (t: string) =>
        t.replace('vars: { text: "I was charged twice" }', 'vars: { text: "x" }\n    inputs: { text: "x" }'),
      /use vars, not inputs/,
    ],
  ])("reports %s", async (_, change, message) => {
    const tree = { ...validRepo(), [EVAL]: change(validRepo()[EVAL]!.toString()) };
    const d = byRule(await lintTree(tree), "eval-suite");
    expect(d.map((x) => x.message)).toEqual([expect.stringMatching(message)]);
  });

  it("warns about a case that asserts nothing", async () => {
    const tree = edit(validRepo(), EVAL, `    assert:\n${ASSERT}\n`, "");
    const d = byRule(await lintTree(tree), "eval-suite");
    expect(d.map((x) => [x.severity, x.message])).toEqual([
      ["warning", expect.stringMatching(/asserts nothing/)],
    ]);
  });

  it("accepts a grader, negated types and defaults", async () => {
    const tree = edit(
      validRepo(),
      EVAL,
      "routes: [fast]",
      "routes: [fast]\ngrader: { route: careful }\ndefaults:\n  assert:\n    - { type: not-contains, value: refund }\n    - { type: llm-rubric, value: polite, threshold: 0.7 }",
    );
    expect(byRule(await lintTree(tree), "eval-suite")).toEqual([]);
  });
});
