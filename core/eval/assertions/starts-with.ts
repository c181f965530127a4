/** `starts-with`: the output text starts with the value. */
import type { AssertionType } from "./assertion.ts";
import { asText, excerpt, invalid, verdict } from "./result.ts";

export const startsWith: AssertionType = {
  type: "starts-with",
  check({ text, assertion }) {
    if (assertion.value === undefined) return invalid("starts-with needs a value");
    const prefix = asText(assertion.value);
    const pass = text.startsWith(prefix);
    return verdict(
      pass,
      pass
        ? `output starts with ${excerpt(prefix)}`
        : `expected output to start with ${excerpt(prefix)}, found ${excerpt(text.slice(0, prefix.length + 20))}`,
    );
  },
};
