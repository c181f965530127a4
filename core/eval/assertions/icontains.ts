/** `icontains`: the output text contains the value, ignoring case. */
import type { AssertionType } from "./assertion.ts";
import { asText, excerpt, invalid, verdict } from "./result.ts";

export const icontains: AssertionType = {
  type: "icontains",
  check({ text, assertion }) {
    if (assertion.value === undefined) return invalid("icontains needs a value to look for");
    const needle = asText(assertion.value);
    const pass = text.toLowerCase().includes(needle.toLowerCase());
    return verdict(
      pass,
      `output ${pass ? "contains" : "does not contain"} ${excerpt(needle)} (ignoring case)${pass ? "" : `: ${excerpt(text)}`}`,
    );
  },
};
