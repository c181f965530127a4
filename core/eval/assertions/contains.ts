/** `contains`: the output text contains the value (case-sensitive). */
import type { AssertionType } from "./assertion.ts";
import { asText, excerpt, invalid, verdict } from "./result.ts";

export const contains: AssertionType = {
  type: "contains",
  check({ text, assertion }) {
    if (assertion.value === undefined) return invalid("contains needs a value to look for");
    const needle = asText(assertion.value);
    const pass = text.includes(needle);
    return verdict(
      pass,
      `output ${pass ? "contains" : "does not contain"} ${excerpt(needle)}${pass ? "" : `: ${excerpt(text)}`}`,
    );
  },
};
