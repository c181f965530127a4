/** `regex`: the output text matches a regular expression. */
import type { AssertionType } from "./assertion.ts";
import { asText, excerpt, invalid, verdict } from "./result.ts";

export const regex: AssertionType = {
  type: "regex",
  check({ text, assertion }) {
    if (assertion.value === undefined) return invalid("regex needs a pattern");
    const source = asText(assertion.value);
    let pattern: RegExp;
    try {
      pattern = new RegExp(source);
    } catch (e) {
      // A broken pattern is a suite error: report it on the case instead of aborting the whole run.
      return invalid(`invalid regular expression: ${(e as Error).message}`);
    }
    const pass = pattern.test(text);
    return verdict(
      pass,
      `output ${pass ? "matches" : "does not match"} /${source}/${pass ? "" : `: ${excerpt(text)}`}`,
    );
  },
};
