/** `equals`: the output is the expected value. */
import { isDeepStrictEqual } from "node:util";
import type { AssertionType } from "./assertion.ts";
import { parseJson } from "./json.ts";
import { excerpt, invalid, verdict } from "./result.ts";

export const equals: AssertionType = {
  type: "equals",
  check({ output, assertion }) {
    const expected = assertion.value;
    if (expected === undefined) return invalid("equals needs a value to compare with");
    const pass = same(output, expected);
    return verdict(
      pass,
      pass ? `output equals ${excerpt(expected)}` : `expected ${excerpt(expected)}, found ${excerpt(output)}`,
    );
  },
};

/**
 * Strings compare exactly. A string and a non-string are equal only when the string is a JSON rendering
 * of the other (output "3" equals 3; output `{"a":1}` equals {a: 1}); other values compare deeply.
 */
function same(output: unknown, expected: unknown): boolean {
  const outputIsText = typeof output === "string";
  if (outputIsText === (typeof expected === "string")) return isDeepStrictEqual(output, expected);
  const [text, other] = outputIsText ? [output, expected] : [expected as string, output];
  const parsed = parseJson(text);
  return parsed.ok && isDeepStrictEqual(parsed.value, other);
}
