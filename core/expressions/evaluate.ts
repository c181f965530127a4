/**
 * Evaluation of `${{ }}` expressions with GitHub's evaluator, and conversion between plain values and
 * the evaluator's data model. Only own, enumerable properties are exposed: no prototypes, no functions.
 */
import { data, Evaluator, type Expr } from "@actions/expressions";
import { truthy } from "@actions/expressions/result";
import { parseExpression } from "./parse.ts";
import { soleExpression, splitTemplate } from "./template.ts";

const MAX_DEPTH = 64;

export class ExpressionEvalError extends Error {
  override name = "ExpressionEvalError";
}

export function toData(value: unknown, depth = 0): data.ExpressionData {
  if (depth > MAX_DEPTH) throw new ExpressionEvalError("Value is nested too deeply to use in an expression.");
  if (value === null || value === undefined) return new data.Null();
  if (typeof value === "string") return new data.StringData(value);
  if (typeof value === "number") return new data.NumberData(value);
  if (typeof value === "boolean") return new data.BooleanData(value);
  if (Array.isArray(value)) return new data.Array(...value.map((v) => toData(v, depth + 1)));
  if (typeof value === "object") {
    const dict = new data.Dictionary();
    for (const key of Object.keys(value))
      dict.add(key, toData((value as Record<string, unknown>)[key], depth + 1));
    return dict;
  }
  return new data.Null();
}

export function fromData(d: data.ExpressionData): unknown {
  switch (d.kind) {
    case data.Kind.Null:
      return null;
    case data.Kind.String:
    case data.Kind.Number:
    case data.Kind.Boolean:
      return (d as unknown as { value: unknown }).value;
    case data.Kind.Array:
      return (d as data.Array).values().map(fromData);
    default: {
      const out: Record<string, unknown> = {};
      for (const { key, value } of (d as data.Dictionary).pairs()) out[key] = fromData(value);
      return out;
    }
  }
}

export function evaluateAst(ast: Expr, context: Record<string, unknown>): unknown {
  return fromData(new Evaluator(ast, toData(context) as data.Dictionary).evaluate());
}

export function isTruthy(value: unknown): boolean {
  return truthy(toData(value));
}

export function evaluateSource(source: string, context: Record<string, unknown>): unknown {
  const parsed = parseExpression(source);
  if (!parsed.ast) throw new ExpressionEvalError(parsed.error?.message ?? "Invalid expression");
  return evaluateAst(parsed.ast, context);
}

/**
 * Resolves a templated value: a string that is exactly one expression keeps the expression's type;
 * other strings interpolate; objects and arrays are resolved element by element.
 */
export function resolveTemplated(value: unknown, context: Record<string, unknown>): unknown {
  if (typeof value === "string") {
    if (!value.includes("${{")) return value;
    const split = splitTemplate(value);
    if (split.unclosedAt !== undefined) throw new ExpressionEvalError("Unclosed ${{ in value.");
    const sole = soleExpression(split);
    if (sole) return evaluateSource(sole.source, context);
    return split.parts
      .map((p) => (p.kind === "text" ? p.text : toData(evaluateSource(p.source, context)).coerceString()))
      .join("");
  }
  if (Array.isArray(value)) return value.map((v) => resolveTemplated(v, context));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value))
      out[key] = resolveTemplated((value as Record<string, unknown>)[key], context);
    return out;
  }
  return value;
}
