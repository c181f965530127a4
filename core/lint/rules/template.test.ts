import { describe, expect, it } from "vitest";
import { edit, validRepo } from "../../../test/helpers/governed-repo.ts";
import { byRule, lintTree, where } from "../../../test/helpers/lint.ts";
import { at } from "../../../test/helpers/positions.ts";

const PROMPT = "tenants/support/prompts/classify.yml";
const WF = "tenants/support/workflows/triage.yml";

describe("template", () => {
  it.each([
    ["an unclosed tag", '"Text: {{ text "', /Unclosed \{\{ tag/],
    ["an unclosed section", '"Text: {{#text}} x"', /never closed/],
    ["a mismatched close", '"{{#text}} x {{/other}}"', /closes \{\{#text\}\}/],
    ["an unsupported tag", '"{{{ text }}}"', /not supported/],
    ["a bad reference", '"{{ text + 1 }}"', /not a variable reference/],
    ["a relative reference outside a section", '"{{ .name }} {{ text }}"', /outside any section/],
  ])("reports %s", async (_, content, message) => {
    const tree = edit(validRepo(), PROMPT, '"Text: {{ text }}"', content);
    const d = byRule(await lintTree(tree), "template");
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toMatch(message);
    expect(d[0]!.file).toBe(PROMPT);
  });

  it("locates problems inside block scalars by line and column", async () => {
    const tree = edit(
      validRepo(),
      PROMPT,
      'content: "Text: {{ text }}"',
      "content: |\n      Line one.\n      Text: {{ text }} and {{#open}} never closed",
    );
    const d = byRule(await lintTree(tree), "template");
    expect(d.map(where)).toEqual([`template ${at(tree, PROMPT, "{{#open}}")}`]);
  });
});

describe("template-vars", () => {
  it("reports a variable used but not declared, at its use", async () => {
    const tree = edit(validRepo(), PROMPT, '"Text: {{ text }}"', '"Text: {{ text }} {{ lang }}"');
    const d = byRule(await lintTree(tree), "template-vars");
    expect(d.map(where)).toEqual([`template-vars ${at(tree, PROMPT, "{{ lang }}")}`]);
  });

  it("warns about a declared variable no message uses", async () => {
    const tree = edit(
      validRepo(),
      PROMPT,
      "variables:\n  text: { type: string }",
      "variables:\n  text: { type: string }\n  tone: { type: string, required: false }",
    );
    const d = byRule(await lintTree(tree), "template-vars");
    expect(d.map((x) => [where(x), x.severity])).toEqual([
      [`template-vars ${at(tree, PROMPT, "tone")}`, "warning"],
    ]);
  });

  it("reports a node that provides an undeclared variable or misses a required one", async () => {
    const extra = edit(
      validRepo(),
      WF,
      "      text: ${{ inputs.text }}\n  customer",
      "      text: ${{ inputs.text }}\n      txt: x\n  customer",
    );
    expect(byRule(await lintTree(extra), "template-vars").map(where)).toEqual([
      `template-vars ${at(extra, WF, "txt")}`,
    ]);
    const missing = edit(
      validRepo(),
      WF,
      "      text: ${{ inputs.text }}\n  customer",
      "      other: 1\n  customer",
    );
    const d = byRule(await lintTree(missing), "template-vars").map((x) => x.message);
    expect(d).toEqual([
      expect.stringMatching(/does not provide required variable "text"/),
      expect.stringMatching(/provides "other", which prompt "classify" does not declare/),
    ]);
  });

  it("does not require optional variables, and checks eval cases too", async () => {
    const optional = edit(
      validRepo(),
      PROMPT,
      "text: { type: string }",
      "text: { type: string, required: false }",
    );
    const noVars = edit(optional, WF, "    with:\n      text: ${{ inputs.text }}\n  customer", "  customer");
    expect(byRule(await lintTree(noVars), "template-vars")).toEqual([]);
    const evalCase = edit(
      validRepo(),
      "tenants/support/evals/classify.yml",
      'vars: { text: "I was charged twice" }',
      "vars: { texte: x }",
    );
    expect(byRule(await lintTree(evalCase), "template-vars").map((x) => x.message)).toEqual([
      expect.stringMatching(/Case "one" does not provide required variable "text"/),
      expect.stringMatching(/Case "one" provides "texte".*Did you mean "text"/),
    ]);
  });

  it("accepts sections over list variables with relative fields", async () => {
    let tree = edit(
      validRepo(),
      PROMPT,
      "text: { type: string }",
      "text: { type: string }\n  docs: { type: array, required: false }",
    );
    tree = edit(
      tree,
      PROMPT,
      '"Text: {{ text }}"',
      '"Text: {{ text }} {{#docs}}- {{ .title }}: {{ . }}{{/docs}}{{^docs}}none{{/docs}}"',
    );
    tree = edit(
      tree,
      WF,
      "      text: ${{ inputs.text }}\n  customer",
      "      text: ${{ inputs.text }}\n      docs: []\n  customer",
    );
    expect(byRule(await lintTree(tree), "template-vars")).toEqual([]);
    expect(byRule(await lintTree(tree), "template")).toEqual([]);
  });
});
