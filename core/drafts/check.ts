/**
 * Lints a candidate where it will live: the repository with the draft's files laid over it in
 * memory. What blocks a draft is every error in its own files and every error it adds elsewhere
 * (a duplicate name, a broken reference); errors the repository already had are not its fault.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { lintRepo } from "../lint/lint.ts";
import { type LoadResult, loadRepo } from "../model/load.ts";
import type { FileSource } from "../source/file-source.ts";
import { OverlaySource } from "../source/overlay-source.ts";
import type { DraftFile } from "./candidate.ts";

export interface DraftCheck {
  /** Errors that block the draft. */
  errors: Diagnostic[];
  /**
   * Warnings and notes in the draft's own files, and follow-ups elsewhere (a workflow using a revised
   * one must bump its version): shown, not blocking.
   */
  warnings: Diagnostic[];
}

const FOLLOW_UP_RULE = "version-not-bumped";

const key = (d: Diagnostic) => `${d.rule}\u0000${d.file}\u0000${d.message}`;

/** The repository's own errors before the draft (linted against itself, so nothing is "changed"). */
export async function baselineErrors(original: LoadResult): Promise<Set<string>> {
  const result = await lintRepo(original.repo, original.diagnostics, { base: original.repo });
  return new Set(result.diagnostics.filter((d) => d.severity === "error").map(key));
}

export async function checkDraft(
  source: FileSource,
  original: LoadResult,
  baseline: ReadonlySet<string>,
  files: readonly DraftFile[],
): Promise<DraftCheck> {
  const overlay = new OverlaySource(source, Object.fromEntries(files.map((f) => [f.path, f.text])));
  const loaded = await loadRepo(overlay);
  // Linted against the original as base: a revised workflow must bump its version, as in a PR.
  const result = await lintRepo(loaded.repo, loaded.diagnostics, { base: original.repo });
  const own = new Set(files.map((f) => f.path));
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  for (const d of result.diagnostics) {
    if (d.severity !== "error") {
      if (own.has(d.file)) warnings.push(d);
    } else if (own.has(d.file)) errors.push(d);
    else if (!baseline.has(key(d))) {
      // A workflow that uses the revised one must bump its own version: a follow-up for the pull
      // request (the draft may not touch that file), not something the model can repair.
      if (d.rule === FOLLOW_UP_RULE) warnings.push({ ...d, severity: "warning" });
      else errors.push(d);
    }
  }
  return { errors, warnings };
}
