import type { Diagnostic, Position, Severity } from "../diagnostics/diagnostic.ts";
import type { GovernedRepo } from "../model/repo.ts";
import type { Analysis } from "./analysis/analysis.ts";

export interface RuleContext {
  readonly repo: GovernedRepo;
  /** The base state, when linting a change (`--base`). */
  readonly base?: GovernedRepo;
  /** Expression sites, graphs and references, computed once and shared by every rule. */
  readonly analysis: Analysis;
  /**
   * Reports a problem at a position with this rule's id; severity defaults to the rule's. Pass a
   * function to compute the position only when a problem is actually reported.
   */
  report(at: Position | (() => Position), message: string, severity?: Severity): void;
}

export interface LintRule {
  /** Stable id, used in output, SARIF and suppressions. */
  readonly id: string;
  /** One line: what the rule checks. Shown by `charter lint --list-rules` and in the README. */
  readonly description: string;
  readonly severity: Severity;
  /** Rules that need the base state are skipped without `--base`. */
  readonly needsBase?: boolean;
  check(ctx: RuleContext): void | Promise<void>;
}

/** Rules whose diagnostics come from the loader (parsing and validation) rather than a check. */
export interface LoaderRule {
  readonly id: string;
  readonly description: string;
  readonly severity: Severity;
}

export type { Diagnostic };
