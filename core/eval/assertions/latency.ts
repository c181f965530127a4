/** `latency`: the call(s) producing the output took at most `threshold` ms. */
import type { AssertionType } from "./assertion.ts";
import { invalid, verdict } from "./result.ts";

export const latency: AssertionType = {
  type: "latency",
  check({ latencyMs, cached, assertion: { threshold } }) {
    if (threshold === undefined) return invalid("latency needs a threshold (the limit in ms)");
    if (latencyMs === undefined) return invalid("no latency was recorded for the output");
    const pass = latencyMs <= threshold;
    // Cached and replayed outputs carry the latency of the original call, not of this run.
    const what = cached ? "recorded latency (the output came from the cache)" : "latency";
    return verdict(pass, `${what} ${latencyMs} ms is ${pass ? "within" : "over"} the limit ${threshold} ms`);
  },
};
