import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.ts";
import { didYouMean, editDistance } from "./did-you-mean.ts";
import { compareSemver } from "./semver.ts";

describe("text helpers", () => {
  it("computes edit distance with transpositions", () => {
    expect(editDistance("retry", "retyr")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(didYouMean("promt", ["prompt", "route"])).toBe("prompt");
    expect(didYouMean("zzz", ["prompt", "route"])).toBeUndefined();
  });

  it("orders semantic versions, prereleases first", () => {
    const sorted = [
      "1.0.0",
      "1.0.0-alpha",
      "1.0.0-alpha.1",
      "1.0.0-beta",
      "0.9.9",
      "1.0.0-alpha.beta",
      "1.0.0-rc.1",
      "1.10.0",
      "1.2.0",
    ].sort(compareSemver);
    expect(sorted).toEqual([
      "0.9.9",
      "1.0.0-alpha",
      "1.0.0-alpha.1",
      "1.0.0-alpha.beta",
      "1.0.0-beta",
      "1.0.0-rc.1",
      "1.0.0",
      "1.2.0",
      "1.10.0",
    ]);
    expect(compareSemver("1.0.0+build", "1.0.0")).toBe(0);
  });

  it("serialises equal values identically whatever the key order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });
});
