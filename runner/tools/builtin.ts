/**
 * Functions built into the runner (`connector: { type: builtin }`). Each is deterministic given its
 * arguments and the context's clock: no filesystem, no network, no process state. Embedders and tests
 * add their own with `registerBuiltin`.
 */
import { ToolError } from "./errors.ts";

export interface BuiltinContext {
  /** NAMESPACE.TOOL being called. */
  tool: string;
  idempotencyKey: string;
  signal: AbortSignal;
  /** The runner's clock. */
  now: () => Date;
}

export type BuiltinFunction = (args: unknown, ctx: BuiltinContext) => Promise<unknown>;

function invalid(ctx: BuiltinContext, message: string): ToolError {
  return new ToolError(ctx.tool, "invalid-arguments", `arguments of ${ctx.tool}: ${message}`, {
    final: true,
  });
}

function record(args: unknown, ctx: BuiltinContext): Record<string, unknown> {
  if (args === undefined || args === null) return {};
  if (typeof args !== "object" || Array.isArray(args)) throw invalid(ctx, "must be an object");
  return args as Record<string, unknown>;
}

function text(args: Record<string, unknown>, key: string, ctx: BuiltinContext): string {
  const value = args[key];
  if (typeof value !== "string") throw invalid(ctx, `"${key}" must be a string`);
  return value;
}

function optionalNumber(
  args: Record<string, unknown>,
  key: string,
  ctx: BuiltinContext,
  { integer = false, min = -Infinity } = {},
): number | undefined {
  const value = args[key];
  if (value === undefined) return undefined;
  if (
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    (integer && !Number.isInteger(value)) ||
    value < min
  )
    throw invalid(
      ctx,
      `"${key}" must be ${integer ? "an integer" : "a number"}${min > -Infinity ? ` ≥ ${min}` : ""}`,
    );
  return value;
}

function date(args: Record<string, unknown>, key: string, ctx: BuiltinContext): Date {
  const value = text(args, key, ctx);
  const parsed = /^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(value)
    ? new Date(value)
    : new Date(Number.NaN);
  if (Number.isNaN(parsed.getTime()))
    throw invalid(ctx, `"${key}" must be an ISO 8601 date or date-time, such as 2025-01-31T12:00:00Z`);
  return parsed;
}

function words(value: string): number {
  const trimmed = value.trim();
  return trimmed === "" ? 0 : trimmed.split(/\s+/u).length;
}

const UNIT_MS = { milliseconds: 1, seconds: 1_000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

const defaults: [string, BuiltinFunction][] = [
  /** `{ text }` → `{ words }`: whitespace-separated words. */
  ["word_count", async (args, ctx) => ({ words: words(text(record(args, ctx), "text", ctx)) })],
  /** `{ text }` → `{ characters, words, lines }` (characters are Unicode code points). */
  [
    "text_stats",
    async (args, ctx) => {
      const value = text(record(args, ctx), "text", ctx);
      return {
        characters: [...value].length,
        words: words(value),
        lines: value === "" ? 0 : value.split(/\r\n|\r|\n/).length,
      };
    },
  ],
  /** `{ text, max_chars, suffix? = "…" }` → `{ text, truncated }`, cut at a code point boundary. */
  [
    "truncate",
    async (args, ctx) => {
      const a = record(args, ctx);
      const value = text(a, "text", ctx);
      const max = optionalNumber(a, "max_chars", ctx, { integer: true, min: 0 });
      if (max === undefined) throw invalid(ctx, `"max_chars" is required`);
      const suffix = a.suffix === undefined ? "…" : text(a, "suffix", ctx);
      const chars = [...value];
      if (chars.length <= max) return { text: value, truncated: false };
      const keep = Math.max(0, max - [...suffix].length);
      return { text: chars.slice(0, keep).join("") + [...suffix].slice(0, max).join(""), truncated: true };
    },
  ],
  /** `{ text, max_length? = 80 }` → `{ slug }`: lower-case ASCII letters, digits and single dashes. */
  [
    "slugify",
    async (args, ctx) => {
      const a = record(args, ctx);
      const max = optionalNumber(a, "max_length", ctx, { integer: true, min: 1 }) ?? 80;
      const slug = text(a, "text", ctx)
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, max)
        .replace(/-+$/, "");
      return { slug };
    },
  ],
  /** `{}` → `{ iso, unix_ms }`: the runner clock's current time (UTC). */
  [
    "now",
    async (_args, ctx) => {
      const now = ctx.now();
      return { iso: now.toISOString(), unix_ms: now.getTime() };
    },
  ],
  /** `{ date, days?, hours?, minutes?, seconds? }` → `{ iso }` (negative amounts go back in time). */
  [
    "date_add",
    async (args, ctx) => {
      const a = record(args, ctx);
      const start = date(a, "date", ctx);
      let ms = 0;
      for (const unit of ["days", "hours", "minutes", "seconds"] as const)
        ms += (optionalNumber(a, unit, ctx) ?? 0) * UNIT_MS[unit];
      const result = new Date(start.getTime() + ms);
      if (Number.isNaN(result.getTime())) throw invalid(ctx, "the resulting date is out of range");
      return { iso: result.toISOString() };
    },
  ],
  /** `{ from, to, unit? = "days" }` → `{ value }`: (to − from) in the unit, fractional. */
  [
    "date_diff",
    async (args, ctx) => {
      const a = record(args, ctx);
      const unit = a.unit === undefined ? "days" : text(a, "unit", ctx);
      if (!Object.hasOwn(UNIT_MS, unit))
        throw invalid(ctx, `"unit" must be one of ${Object.keys(UNIT_MS).join(", ")}`);
      const ms = date(a, "to", ctx).getTime() - date(a, "from", ctx).getTime();
      return { value: ms / UNIT_MS[unit as keyof typeof UNIT_MS] };
    },
  ],
];

/** The runner's built-in functions by name (shared by invokers that are not given their own). */
export const builtins: Map<string, BuiltinFunction> = new Map(defaults);

/** A fresh registry holding only the runner's own built-ins. */
export function defaultBuiltins(): Map<string, BuiltinFunction> {
  return new Map(defaults);
}

/** Adds a built-in function; replacing an existing one must be asked for. */
export function registerBuiltin(
  name: string,
  fn: BuiltinFunction,
  options: { registry?: Map<string, BuiltinFunction>; replace?: boolean } = {},
): void {
  const registry = options.registry ?? builtins;
  if (name === "") throw new Error("a built-in function needs a name");
  if (registry.has(name) && !options.replace)
    throw new Error(`built-in function ${name} already exists (pass replace: true to replace it)`);
  registry.set(name, fn);
}

export async function callBuiltin(
  registry: ReadonlyMap<string, BuiltinFunction>,
  functionName: string,
  args: unknown,
  ctx: BuiltinContext,
): Promise<unknown> {
  const fn = registry.get(functionName);
  if (!fn) {
    throw new ToolError(
      ctx.tool,
      "tool-config",
      `tool ${ctx.tool} is bound to the built-in function "${functionName}", which this runner does not have (it has: ${[...registry.keys()].sort().join(", ")})`,
      { final: true },
    );
  }
  ctx.signal.throwIfAborted();
  return fn(args, ctx);
}
