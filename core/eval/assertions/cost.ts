/** `cost`: the call(s) producing the output cost at most `threshold` USD. */
import type { AssertionType } from "./assertion.ts";
import { invalid, verdict } from "./result.ts";

export const cost: AssertionType = {
  type: "cost",
  check({ costUsd, assertion: { threshold } }) {
    if (threshold === undefined) return invalid("cost needs a threshold (the limit in USD)");
    // An unknown cost is not a cheap one: promptfoo errors here, and passing would hide missing pricing.
    if (costUsd === undefined) return invalid("the provider reported no cost");
    const pass = costUsd <= threshold;
    return verdict(pass, `cost $${costUsd} is ${pass ? "within" : "over"} the limit $${threshold}`);
  },
};
