/**
 * Robustness: thousands of mutated governed files through the loader and every lint rule. Nothing may
 * throw, hang or report an internal error; every file a strict parser or its schema refuses gets an
 * error diagnostic; time and memory stay bounded.
 */
import { describe, it } from "vitest";
import { fuzzRepository } from "./helpers/fuzz.ts";
import { validRepo } from "./helpers/governed-repo.ts";

describe("fuzz: the small fixture repository", () => {
  it("survives 2,500 mutated files", async () => {
    const base = Object.fromEntries(
      Object.entries(validRepo()).filter((e): e is [string, string] => typeof e[1] === "string"),
    );
    await fuzzRepository(base, 20261125, 2_500);
  }, 300_000);
});
