/** Helpers shared by the assertion types: result construction and readable excerpts for reasons. */
import type { AssertionResult } from "./assertion.ts";

const MAX_EXCERPT = 200;

/**
 * Results that say the assertion could not be evaluated (bad configuration, missing measurement,
 * unreadable grader answer). The registry does not invert them for `not-` types: an invalid regex or
 * an unknown cost must fail `not-regex` / `not-cost` too, not pass them silently.
 */
const invalidResults = new WeakSet<object>();

export function invalid(reason: string): AssertionResult {
  const result = { pass: false, score: 0, reason };
  invalidResults.add(result);
  return result;
}

/** Marks an existing object (e.g. a grader's answer) as not evaluable. */
export function markInvalid<T extends object>(value: T): T {
  invalidResults.add(value);
  return value;
}

export function isInvalid(value: object): boolean {
  return invalidResults.has(value);
}

/** A pass/fail result scored 1/0. */
export function verdict(pass: boolean, reason: string): AssertionResult {
  return { pass, score: pass ? 1 : 0, reason };
}

/** A value as text: strings as they are, anything else as JSON. */
export function asText(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? String(value);
}

/**
 * A value for reasons, cut to ~200 characters so reports stay readable: strings quoted (so that
 * whitespace shows), other values as JSON (so that 3 and "3" read differently).
 */
export function excerpt(value: unknown, max = MAX_EXCERPT): string {
  const text = asText(value);
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return typeof value === "string" ? JSON.stringify(cut) : cut;
}
