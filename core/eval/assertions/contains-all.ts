/** `contains-all`: the output text contains every value (case-sensitive). */
import type { AssertionType } from "./assertion.ts";
import { valueList } from "./contains-any.ts";
import { excerpt, invalid, verdict } from "./result.ts";

export const containsAll: AssertionType = {
  type: "contains-all",
  check({ text, assertion }) {
    const needles = valueList(assertion.value);
    if (needles.length === 0) return invalid("contains-all needs a non-empty list of values");
    const missing = needles.filter((n) => !text.includes(n));
    return missing.length === 0
      ? verdict(true, `output contains all of ${excerpt(needles)}`)
      : verdict(false, `output lacks ${excerpt(missing)}: ${excerpt(text)}`);
  },
};
