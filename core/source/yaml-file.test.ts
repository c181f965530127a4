import { describe, expect, it } from "vitest";
import { LIMITS } from "./limits.ts";
import { parseYamlFile } from "./yaml-file.ts";

const parse = (text: string | Buffer) =>
  parseYamlFile("f.yml", typeof text === "string" ? Buffer.from(text) : text);

describe("parseYamlFile", () => {
  it("parses a document and locates values and keys", () => {
    const r = parse("a:\n  b: [1, 2]\n  c: hello\n");
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toEqual({ a: { b: [1, 2], c: "hello" } });
    expect(r.file!.locate(["a", "b", 1])).toMatchObject({ line: 2, column: 10 });
    expect(r.file!.locate(["a", "c"], true)).toMatchObject({ line: 3, column: 3 });
    // A missing path falls back to the deepest existing ancestor.
    expect(r.file!.locate(["a", "missing", "x"])).toMatchObject({ line: 2, column: 3 });
  });

  it.each([
    ["a syntax error", "a: [1, 2\nb: 3\n", /YAML syntax error/],
    ["a duplicate key", "a: 1\na: 2\n", /Each key may appear once/],
    ["several documents", "a: 1\n---\nb: 2\n", /several YAML documents/],
    ["a custom tag", "a: !!js/function 'x'\n", /Custom YAML tags are not allowed/],
    [
      "an alias bomb",
      `a: &a [x,x,x,x,x,x,x,x,x,x]\n${"bcdefghij"
        .split("")
        .map((c, i) => `${c}: &${c} [${Array(10).fill(`*${"abcdefghij"[i]}`).join(",")}]`)
        .join("\n")}\n`,
      /alias bomb/,
    ],
    ["deep flow nesting", `a: ${"[".repeat(5000)}${"]".repeat(5000)}\n`, /Nesting deeper than/],
    [
      "deep block nesting",
      Array.from({ length: 200 }, (_, i) => `${" ".repeat(i)}k${i}:`).join("\n"),
      /Nesting deeper than/,
    ],
  ])("reports %s as one located yaml diagnostic", (_, text, message) => {
    const r = parse(text);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.length).toBeGreaterThanOrEqual(1);
    expect(r.diagnostics.every((d) => d.rule === "yaml" && d.severity === "error")).toBe(true);
    expect(r.diagnostics[0]!.message).toMatch(message);
  });

  it("reports only the first of a cascade of syntax errors", () => {
    const r = parse("a: { b: /x/{y}/z }\nc: [1, 2\nd: {\n");
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toMatch(/more errors? follow from it/);
  });

  it("refuses binary and non-UTF-8 content", () => {
    expect(parse(Buffer.from([0x61, 0x3a, 0x00, 0x01])).diagnostics[0]!.message).toMatch(/NUL bytes/);
    expect(parse(Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xfe])).diagnostics[0]!.message).toMatch(
      /not valid UTF-8/,
    );
  });

  it("refuses files over the size limit without parsing them", () => {
    const big = Buffer.alloc(LIMITS.maxYamlBytes + 1, 0x61);
    const started = performance.now();
    const r = parse(big);
    expect(performance.now() - started).toBeLessThan(50);
    expect(r.diagnostics[0]!.message).toMatch(/limited to 2.0 MB/);
  });

  it("accepts a byte-order mark and an empty file", () => {
    expect(parse("\ufeffa: 1\n").value).toEqual({ a: 1 });
    expect(parse("").value).toBeNull();
  });

  it("does not let __proto__ keys touch prototypes", () => {
    const r = parse("__proto__: { polluted: true }\n");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
  });

  it("locates text inside block literals and one-line strings", () => {
    const r = parse('a: |\n  line one\n  two {{ x }}\nb: "hello {{ y }}"\n');
    const f = r.file!;
    const value = (r.value as { a: string }).a;
    expect(f.locateInString(["a"], value.indexOf("{{ x }}"))).toMatchObject({ line: 3, column: 7 });
    expect(f.locateInString(["b"], 6, "{{ y }}")).toMatchObject({ line: 4, column: 11 });
  });
});
