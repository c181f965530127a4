/**
 * Lint throughput on a generated repository of 2,000 workflows (~50 nodes each, with prompts and
 * routes). Baseline: reading the same YAML files and merely parsing them with the `yaml` package —
 * the floor any YAML linter pays. Target: lint ≤ 2× bare parsing.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { lintProject } from "../core/lint/lint.ts";
import { generateRepo } from "./generate-repo.ts";
import { ms, timeMedian } from "./stats.ts";

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && /\.ya?ml$/.test(d.name))
    .map((d) => join(d.parentPath, d.name));
}

export async function run(args: string[]): Promise<void> {
  const workflows = Number(args[0] ?? 2000);
  const dir = mkdtempSync(join(tmpdir(), "charter-bench-lint-"));
  try {
    const repo = generateRepo(dir, { workflows, nodesPerWorkflow: 50, tenants: 20, promptsPerTenant: 25 });
    console.log(
      `generated ${repo.workflows} workflows, ${repo.nodes} nodes, ${repo.files} files, ${(repo.bytes / 2 ** 20).toFixed(1)} MB`,
    );
    const files = yamlFiles(dir);

    // Warm both paths once (JIT, file cache), then take medians.
    const first = await lintProject({ dir });
    if (first.summary.errors > 0) {
      throw new Error(
        `generated repository does not lint clean: ${JSON.stringify(first.diagnostics.slice(0, 3))}`,
      );
    }
    const bare = () => {
      for (const f of files) parse(readFileSync(f, "utf8"));
    };
    bare();
    const runs = 5;
    const baseline = await timeMedian(runs, bare);
    const lint = await timeMedian(runs, () => lintProject({ dir }));

    const ratio = lint.median / baseline.median;
    console.log(
      `\nbare parse (read + yaml.parse of ${files.length} files): ${ms(baseline.median)}  (median of ${runs})`,
    );
    console.log(
      `charter lint (load + validate + ${first.summary.files} files through every rule): ${ms(lint.median)}  (median of ${runs})`,
    );
    console.log(
      `ratio lint / bare parse: ${ratio.toFixed(2)}×  (target ≤ 2×: ${ratio <= 2 ? "met" : "NOT met"})`,
    );
    console.log(`throughput: ${((repo.nodes / lint.median) * 1000).toFixed(0)} nodes/s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
