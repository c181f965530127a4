import { describe, expect, it } from "vitest";
import { validRepo } from "./helpers/governed-repo.ts";
import { lintTree } from "./helpers/lint.ts";

describe("the test fixture", () => {
  it("is a valid governed repository (every other rule test breaks a copy of it)", async () => {
    const diagnostics = await lintTree(validRepo());
    expect(diagnostics).toEqual([]);
  });
});
