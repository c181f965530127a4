import { describe, expect, it } from "vitest";
import { parseTemplate, usedVariables } from "./parse.ts";
import { RENDER_LIMITS, renderTemplate, TemplateRenderError } from "./render.ts";

const render = (t: string, vars: Record<string, unknown>) => {
  const parsed = parseTemplate(t);
  expect(parsed.errors).toEqual([]);
  return renderTemplate(parsed.nodes, vars);
};

describe("prompt templates", () => {
  it("renders variables, paths, sections and inverted sections", () => {
    expect(render("Hi {{ name }} ({{ user.plan }})", { name: "Dana", user: { plan: "pro" } })).toBe(
      "Hi Dana (pro)",
    );
    expect(render("{{#docs}}[{{ .title }}]{{/docs}}", { docs: [{ title: "a" }, { title: "b" }] })).toBe(
      "[a][b]",
    );
    expect(render("{{#ok}}yes{{/ok}}{{^ok}}no{{/ok}}", { ok: false })).toBe("no");
    expect(render("{{ obj }}", { obj: { a: 1 } })).toBe('{"a":1}');
    expect(render("{{ missing }}", {})).toBe("");
  });

  it("lists the declared variables a template uses", () => {
    expect(
      usedVariables(parseTemplate("{{ a }} {{#b}}{{ .x }}{{ c.d }}{{/b}}").nodes).map((u) => u.name),
    ).toEqual(["a", "b", "c"]);
  });

  it("cannot reach prototypes, getters of classes or functions", () => {
    expect(
      render("{{ name.constructor }}|{{ name.length }}|{{ obj.toString }}", { name: "x", obj: {} }),
    ).toBe("||");
    expect(render("{{ fn }}", { fn: () => "called" })).toBe("");
  });

  it("bounds the output instead of exhausting memory", () => {
    const big = Array.from({ length: 2000 }, () => "x".repeat(1000));
    expect(() => render("{{#l}}{{ . }}{{/l}}", { l: big })).toThrow(TemplateRenderError);
    expect(RENDER_LIMITS.maxOutputChars).toBe(1_000_000);
  });
});
