import { describe, expect, it } from "vitest";
import { exceedsNestingDepth } from "./nesting-depth.ts";

describe("exceedsNestingDepth", () => {
  it("counts flow brackets outside strings and comments, on top of the enclosing mapping", () => {
    expect(exceedsNestingDepth("a: [[[1]]]", 4)).toBeUndefined();
    expect(exceedsNestingDepth("a: [[[1]]]", 3)).toEqual({ line: 1 });
    expect(exceedsNestingDepth("a: '[[[[[['\nb: \"{{{{{{\" # [[[[[[", 2)).toBeUndefined();
  });

  it("counts block indentation levels and the line where the limit is crossed", () => {
    const text = "a:\n  b:\n    c:\n      d: 1\n";
    expect(exceedsNestingDepth(text, 4)).toBeUndefined();
    expect(exceedsNestingDepth(text, 3)).toEqual({ line: 4 });
  });

  it("is linear on huge inputs", () => {
    const text = `a: "${"x".repeat(5_000_000)}"\n`;
    const started = performance.now();
    expect(exceedsNestingDepth(text, 64)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(500);
  });
});
