import { describe, expect, it } from "vitest";
import { lintRepo } from "../core/lint/lint.ts";
import { loadRepo } from "../core/model/load.ts";
import { MemorySource } from "../core/source/memory-source.ts";
import { exampleFiles, fuzzRepository } from "./helpers/fuzz.ts";

describe("fuzz: the example repository", () => {
  it("survives 500 mutated files", async () => {
    await fuzzRepository(exampleFiles(), 42, 500);
  }, 300_000);

  it("refuses 10 MB files quickly and within memory", async () => {
    const ten = Buffer.alloc(10 * 1024 * 1024, "a: b\n");
    const started = performance.now();
    const files = {
      ...exampleFiles(),
      "tenants/support/workflows/huge.yml": ten,
      "tenants/support/knowledge/help-center/huge.md": ten,
    };
    const { repo, diagnostics } = await loadRepo(new MemorySource(files));
    const result = await lintRepo(repo, diagnostics);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(result.diagnostics.map((d) => [d.rule, d.file])).toEqual(
      expect.arrayContaining([
        ["yaml", "tenants/support/workflows/huge.yml"],
        ["file", "tenants/support/knowledge/help-center/huge.md"],
      ]),
    );
  });
});
