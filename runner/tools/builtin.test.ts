import { describe, expect, it } from "vitest";
import { type BuiltinContext, builtins, callBuiltin, defaultBuiltins, registerBuiltin } from "./builtin.ts";
import { ToolError } from "./errors.ts";

const ctx: BuiltinContext = {
  tool: "util.test",
  idempotencyKey: "k",
  signal: new AbortController().signal,
  now: () => new Date("2025-03-01T10:00:00.000Z"),
};
const run = (name: string, args: unknown) => callBuiltin(builtins, name, args, ctx);

async function invalid(promise: Promise<unknown>, message: RegExp) {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ToolError);
  expect((error as ToolError).kind).toBe("invalid-arguments");
  expect((error as ToolError).final).toBe(true);
  expect((error as ToolError).message).toMatch(message);
}

describe("built-in functions", () => {
  it("word_count (declared by examples/acme/tools/util.yml)", async () => {
    expect(await run("word_count", { text: "  one two\tthree\nfour  " })).toEqual({ words: 4 });
    expect(await run("word_count", { text: "   " })).toEqual({ words: 0 });
    await invalid(run("word_count", { text: 3 }), /"text" must be a string/);
  });

  it("text_stats", async () => {
    expect(await run("text_stats", { text: "héllo 👋\nsecond line" })).toEqual({
      characters: 19,
      words: 4,
      lines: 2,
    });
    expect(await run("text_stats", { text: "" })).toEqual({ characters: 0, words: 0, lines: 0 });
  });

  it("truncate", async () => {
    expect(await run("truncate", { text: "abcdef", max_chars: 4 })).toEqual({
      text: "abc…",
      truncated: true,
    });
    expect(await run("truncate", { text: "abcdef", max_chars: 6 })).toEqual({
      text: "abcdef",
      truncated: false,
    });
    expect(await run("truncate", { text: "👋👋👋", max_chars: 2, suffix: "" })).toEqual({
      text: "👋👋",
      truncated: true,
    });
    await invalid(run("truncate", { text: "a" }), /"max_chars" is required/);
    await invalid(run("truncate", { text: "a", max_chars: -1 }), /"max_chars" must be an integer ≥ 0/);
  });

  it("slugify", async () => {
    expect(await run("slugify", { text: "  Crème Brûlée: Ünïcode & more!! " })).toEqual({
      slug: "creme-brulee-unicode-more",
    });
    expect(await run("slugify", { text: "Hello big world", max_length: 9 })).toEqual({ slug: "hello-big" });
  });

  it("now reads the runner's clock", async () => {
    expect(await run("now", {})).toEqual({ iso: "2025-03-01T10:00:00.000Z", unix_ms: 1740823200000 });
  });

  it("date_add", async () => {
    expect(await run("date_add", { date: "2025-02-27", days: 2, hours: -1 })).toEqual({
      iso: "2025-02-28T23:00:00.000Z",
    });
    expect(await run("date_add", { date: "2025-01-01T00:00:00+02:00", minutes: 30, seconds: 15 })).toEqual({
      iso: "2024-12-31T22:30:15.000Z",
    });
    await invalid(run("date_add", { date: "next tuesday" }), /ISO 8601/);
    await invalid(run("date_add", { date: "2025-01-01", days: "2" }), /"days" must be a number/);
  });

  it("date_diff", async () => {
    expect(await run("date_diff", { from: "2025-01-01", to: "2025-01-31" })).toEqual({ value: 30 });
    expect(
      await run("date_diff", { from: "2025-01-01T12:00:00Z", to: "2025-01-01T10:30:00Z", unit: "hours" }),
    ).toEqual({ value: -1.5 });
    await invalid(run("date_diff", { from: "2025-01-01", to: "2025-01-02", unit: "fortnights" }), /"unit"/);
  });

  it("refuses an unknown function, naming what exists", async () => {
    const error = (await run("rm_rf", {}).catch((e: unknown) => e)) as ToolError;
    expect(error.kind).toBe("tool-config");
    expect(error.message).toMatch(/"rm_rf", which this runner does not have \(it has: date_add, date_diff/);
  });

  it("does not start after an abort", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(callBuiltin(builtins, "now", {}, { ...ctx, signal: controller.signal })).rejects.toThrow(
      "stop",
    );
  });

  it("registerBuiltin adds functions and refuses silent replacement", async () => {
    const registry = defaultBuiltins();
    registerBuiltin("double", async (args) => (args as { n: number }).n * 2, { registry });
    expect(await callBuiltin(registry, "double", { n: 21 }, ctx)).toBe(42);
    expect(() => registerBuiltin("word_count", async () => 0, { registry })).toThrow(/already exists/);
    registerBuiltin("word_count", async () => ({ words: -1 }), { registry, replace: true });
    expect(await callBuiltin(registry, "word_count", { text: "a b" }, ctx)).toEqual({ words: -1 });
    // The shared registry is untouched.
    expect(await run("word_count", { text: "a b" })).toEqual({ words: 2 });
    expect(builtins.has("double")).toBe(false);
  });
});
