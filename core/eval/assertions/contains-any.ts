/** `contains-any`: the output text contains at least one of the values (case-sensitive). */
import type { AssertionType } from "./assertion.ts";
import { asText, excerpt, invalid, verdict } from "./result.ts";

export const containsAny: AssertionType = {
  type: "contains-any",
  check({ text, assertion }) {
    const needles = valueList(assertion.value);
    if (needles.length === 0) return invalid("contains-any needs a non-empty list of values");
    const found = needles.find((n) => text.includes(n));
    return found === undefined
      ? verdict(false, `output contains none of ${excerpt(needles)}: ${excerpt(text)}`)
      : verdict(true, `output contains ${excerpt(found)}`);
  },
};

/**
 * The values of `contains-any` / `contains-all`: an array, or a comma-separated string whose items are
 * trimmed (as in promptfoo, so `a, b` means "a" and "b").
 */
export function valueList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(asText);
  if (value === undefined || value === null) return [];
  return asText(value)
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
