/**
 * The release-confidence pipeline for two states of a local git repository:
 * lint(head vs base), diff(base, head), eval(base vs head), approvals(base policy, given reviews)
 * → verdict. The settings come from the base's charter.yml.
 */
import { resolve } from "node:path";
import { CONFIDENCE_DEFAULTS, type ConfidenceConfig } from "../../workflows-schema/index.ts";
import { type GitHubSide, localEvaluation } from "../approvals/local-evaluation.ts";
import type { CallMode, ProviderFactory } from "../calls/model-caller.ts";
import type { ChangeSet } from "../diff/change.ts";
import { diffProject } from "../diff/diff.ts";
import { UserError } from "../errors.ts";
import type { Comparison } from "../eval/compare.ts";
import { evalProject } from "../eval/project.ts";
import { lintProject } from "../lint/lint.ts";
import type { GovernedRepo } from "../model/repo.ts";
import type { ApprovalState } from "./approval-state.ts";
import { baseEscalations } from "./base-escalations.ts";
import { type Confidence, computeConfidence } from "./verdict.ts";

export interface ConfidenceProjectOptions {
  /** The governed repository root inside a git work tree. */
  dir: string;
  base: string;
  /** Head git ref; the working tree when absent. */
  head?: string;
  mode: CallMode;
  env: Record<string, string | undefined>;
  /** Response cache directory; `false` disables caching. */
  cacheDir?: string | false;
  /** What GitHub would report (author, commit emails, reviews, team members), to evaluate approvals. */
  github?: GitHubSide;
  createProvider?: ProviderFactory;
}

export interface ConfidenceProjectResult {
  confidence: Confidence;
  changeSet: ChangeSet;
  evaluation?: Comparison;
}

/** The `confidence` settings a pull request is judged by: its base's, or the defaults. */
export function confidenceConfig(base: GovernedRepo): ConfidenceConfig {
  return base.charter?.data.confidence ?? CONFIDENCE_DEFAULTS;
}

export interface ConfidenceFactsOptions {
  dir: string;
  base: string;
  /** Head git ref; the working tree when absent. */
  head?: string;
  evaluation?: Comparison;
  evaluationSkipped?: string;
  /** The approval state, given the change set (approvals depend on the semantic changes). */
  approvals(changeSet: ChangeSet): Promise<ApprovalState>;
}

/** Lint and diff the two states, then judge them with the evaluation and approvals given. */
export async function confidenceFor(options: ConfidenceFactsOptions): Promise<ConfidenceProjectResult> {
  const head = options.head ? { ref: options.head } : {};
  const [lint, diff] = await Promise.all([
    lintProject({ dir: options.dir, base: options.base, ...head }),
    diffProject({ dir: options.dir, base: options.base, ...(options.head ? { head: options.head } : {}) }),
  ]);
  const approvals = await options.approvals(diff.changeSet);
  // With the engine's full decision its escalations are known; otherwise work them out from the base.
  const escalations =
    approvals.source === "decision"
      ? undefined
      : await baseEscalations(
          options.dir,
          options.base,
          { repo: diff.base, diagnostics: diff.baseDiagnostics },
          diff.changeSet,
        );
  const confidence = computeConfidence({
    changes: diff.changeSet,
    lint: lint.diagnostics,
    ...(options.evaluation ? { evaluation: options.evaluation } : {}),
    ...(options.evaluationSkipped ? { evaluationSkipped: options.evaluationSkipped } : {}),
    approvals,
    ...(escalations ? { escalations } : {}),
    config: confidenceConfig(diff.base),
  });
  return {
    confidence,
    changeSet: diff.changeSet,
    ...(options.evaluation ? { evaluation: options.evaluation } : {}),
  };
}

export async function confidenceProject(options: ConfidenceProjectOptions): Promise<ConfidenceProjectResult> {
  const dir = resolve(options.dir);
  if (options.github && !options.head)
    throw new UserError(
      "Approvals are judged on a commit: give --head REF with --reviews (commit your changes first).",
    );
  let evaluation: Comparison | undefined;
  let evaluationSkipped: string | undefined;
  try {
    const evaluated = await evalProject({
      dir,
      base: options.base,
      ...(options.head ? { ref: options.head } : {}),
      mode: options.mode,
      env: options.env,
      ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
      ...(options.createProvider ? { createProvider: options.createProvider } : {}),
    });
    evaluation = evaluated.comparison;
  } catch (error) {
    // A head that cannot be evaluated (no valid models.yml) is a finding, not a crash.
    if (!(error instanceof UserError)) throw error;
    evaluationSkipped = error.message;
  }
  const github = options.github;
  return confidenceFor({
    dir,
    base: options.base,
    ...(options.head ? { head: options.head } : {}),
    ...(evaluation ? { evaluation } : {}),
    ...(evaluationSkipped ? { evaluationSkipped } : {}),
    approvals: async (changeSet) =>
      github
        ? {
            source: "decision",
            decision: await localEvaluation(dir, options.base, options.head!, changeSet, github),
          }
        : {
            source: "unknown",
            why: "Approvals were not evaluated here: pass --reviews FILE (who reviewed, as GitHub would report it), or see the Charter approvals check on the pull request.",
          },
  });
}
