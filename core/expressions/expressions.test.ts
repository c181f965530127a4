import { describe, expect, it } from "vitest";
import { evaluateSource, isTruthy, resolveTemplated } from "./evaluate.ts";
import { parseExpression } from "./parse.ts";
import { collectReferences } from "./references.ts";
import { soleExpression, splitTemplate } from "./template.ts";

describe("splitTemplate", () => {
  it("splits text and expressions with offsets, ignoring }} inside string literals", () => {
    const s = "a ${{ x }} b ${{ format('}}', y) }}";
    const split = splitTemplate(s);
    expect(split.parts).toEqual([
      { kind: "text", text: "a " },
      { kind: "expr", source: " x ", offset: 5 },
      { kind: "text", text: " b " },
      { kind: "expr", source: " format('}}', y) ", offset: 16 },
    ]);
    expect(soleExpression(split)).toBeUndefined();
    expect(soleExpression(splitTemplate("  ${{ x }} "))).toMatchObject({ source: " x " });
  });

  it("reports an unclosed expression", () => {
    expect(splitTemplate("a ${{ x").unclosedAt).toBe(2);
    expect(splitTemplate("${{ 'it''s }}' ").unclosedAt).toBe(0);
  });
});

describe("references", () => {
  it("collects context paths, stopping at computed indexes", () => {
    const refs = (e: string) =>
      collectReferences(parseExpression(e).ast!).references.map((r) => [r.path.join("."), r.open]);
    expect(refs("nodes.a.output.x == inputs['b']")).toEqual([
      ["nodes.a.output.x", false],
      ["inputs.b", false],
    ]);
    expect(refs("nodes.a.output[index].name")).toEqual([
      ["index", false],
      ["nodes.a.output", true],
    ]);
    expect(refs("nodes.a.output.*.name")).toEqual([["nodes.a.output", true]]);
  });
});

describe("evaluate", () => {
  it("evaluates with GitHub semantics", () => {
    expect(evaluateSource("1 == '1'", {})).toBe(true);
    expect(evaluateSource("inputs.a.b", { inputs: { a: { b: [1] } } })).toEqual([1]);
    expect(evaluateSource("inputs.missing.deeper", { inputs: {} })).toBeNull();
    expect(evaluateSource("format('{0}/{1}', 'a', 2)", {})).toBe("a/2");
    expect(isTruthy(0)).toBe(false);
    expect(isTruthy("0")).toBe(true);
  });

  it("never exposes prototypes or functions", () => {
    const ctx = { inputs: { a: 1 } };
    expect(evaluateSource("inputs.constructor", ctx)).toBeNull();
    expect(evaluateSource("inputs.__proto__", ctx)).toBeNull();
    expect(evaluateSource("inputs.a.toString", ctx)).toBeNull();
  });

  it("keeps the type of a sole expression and interpolates mixed strings", () => {
    const ctx = { inputs: { n: 3, o: { k: "v" } } };
    expect(
      resolveTemplated({ n: "${{ inputs.n }}", s: "n=${{ inputs.n }}", l: ["${{ inputs.o }}"] }, ctx),
    ).toEqual({
      n: 3,
      s: "n=3",
      l: [{ k: "v" }],
    });
  });
});
