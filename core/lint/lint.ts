/** lint: loaded repository (+ optional base) → sorted diagnostics. */
import {
  compareDiagnostics,
  type Diagnostic,
  type DiagnosticSummary,
  dedupe,
  summarize,
} from "../diagnostics/diagnostic.ts";
import { loadRepo } from "../model/load.ts";
import type { GovernedRepo } from "../model/repo.ts";
import { DirectorySource } from "../source/directory-source.ts";
import type { FileSource } from "../source/file-source.ts";
import { GitSource } from "../source/git-source.ts";
import { Analysis } from "./analysis/analysis.ts";
import { LINT_RULES } from "./registry.ts";
import type { LintRule, RuleContext } from "./rule.ts";

export interface LintResult {
  diagnostics: Diagnostic[];
  summary: DiagnosticSummary;
  /** Rules that did not run because they need a base (`--base`). */
  skipped: string[];
}

export interface LintOptions {
  base?: GovernedRepo;
  /** Run only these rules (loader diagnostics are always kept). */
  rules?: readonly LintRule[];
}

export async function lintRepo(
  repo: GovernedRepo,
  loadDiagnostics: Diagnostic[],
  options: LintOptions = {},
): Promise<LintResult> {
  const analysis = new Analysis(repo);
  const diagnostics: Diagnostic[] = [...loadDiagnostics];
  const skipped: string[] = [];
  for (const rule of options.rules ?? LINT_RULES) {
    if (rule.needsBase && !options.base) {
      skipped.push(rule.id);
      continue;
    }
    const ctx: RuleContext = {
      repo,
      base: options.base,
      analysis,
      report: (where, message, severity) => {
        const at = typeof where === "function" ? where() : where;
        diagnostics.push({
          ...at,
          file: at.file,
          rule: rule.id,
          severity: severity ?? rule.severity,
          message,
        });
      },
    };
    try {
      await rule.check(ctx);
    } catch (error) {
      // A crashing rule is a bug in Charter; report it rather than pass the repository silently.
      diagnostics.push({
        rule: rule.id,
        severity: "error",
        file: ".",
        line: 1,
        column: 1,
        message: `Internal error in rule ${rule.id}: ${(error as Error).message}. This is a Charter bug; please report it.`,
      });
    }
  }
  const sorted = dedupe(diagnostics).sort(compareDiagnostics);
  return { diagnostics: sorted, summary: summarize(sorted, repo.paths.length), skipped };
}

/** Loads the head (and base) and lints. Base load problems are not the change's fault and are not reported. */
export async function lintSource(
  head: FileSource,
  base?: FileSource,
  options: Omit<LintOptions, "base"> = {},
) {
  const [loaded, baseLoaded] = await Promise.all([loadRepo(head), base ? loadRepo(base) : undefined]);
  const result = await lintRepo(loaded.repo, loaded.diagnostics, { ...options, base: baseLoaded?.repo });
  return { ...result, repo: loaded.repo };
}

export interface LintProjectOptions {
  /** The governed repository root (where charter.yml is). */
  dir: string;
  /** Lint this git ref instead of the working tree. */
  ref?: string;
  /** Compare with this git ref (enables version-not-bumped). */
  base?: string;
}

/** The lint pipeline every front end runs: pick the sources, load, lint. */
export async function lintProject(options: LintProjectOptions) {
  const head: FileSource = options.ref
    ? new GitSource(options.dir, options.ref)
    : new DirectorySource(options.dir);
  const base = options.base ? new GitSource(options.dir, options.base) : undefined;
  return lintSource(head, base);
}
