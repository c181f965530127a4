/**
 * `charter.yml` → `confidence`: how the release-confidence verdict (`ready`, `needs-attention`,
 * `blocked`) is computed for a pull request. Read from the base commit, like the rest of the policy,
 * so a change cannot lower the bar it is judged by.
 */
import * as z from "zod";
import { changeKind } from "./change-kinds.ts";

export const VERDICTS = ["ready", "needs-attention", "blocked"] as const;
export const verdict = z.enum(VERDICTS);

const points = (what: string, fallback: number) =>
  z.number().min(0).max(1000).default(fallback).describe(what);

const riskWeights = z
  .strictObject({
    low: points("Points for each low-risk change.", 0),
    medium: points("Points for each medium-risk change.", 1),
    high: points("Points for each high-risk change.", 3),
    critical: points("Points for each critical change.", 6),
  })
  .describe("Points each change adds to the risk score, by its risk level (after `risk.levels`).");

export const RISK_WEIGHT_DEFAULTS = { low: 0, medium: 1, high: 3, critical: 6 };

export const confidence = z
  .strictObject({
    weights: z
      .strictObject({
        risk: riskWeights.default(RISK_WEIGHT_DEFAULTS),
        uncovered: points(
          "Points for each changed node, prompt or workflow setting that no evaluation case exercised in its trace.",
          2,
        ),
      })
      .default({ risk: RISK_WEIGHT_DEFAULTS, uncovered: 2 })
      .describe("How much each finding adds to the pull request's risk score."),
    thresholds: z
      .strictObject({
        needs_attention: points(
          "A risk score at or above this makes the verdict at least `needs-attention`.",
          8,
        ),
        blocked: points("A risk score at or above this makes the verdict `blocked`.", 20),
      })
      .default({ needs_attention: 8, blocked: 20 })
      .describe("Risk-score thresholds."),
    rules: z
      .strictObject({
        uncovered: verdict
          .default("needs-attention")
          .describe(
            "Verdict a changed node, prompt or workflow setting that no evaluation case exercised leads to.",
          ),
        approvals_pending: verdict
          .default("needs-attention")
          .describe("Verdict missing (or not yet known) approvals lead to."),
        advisory_suites: verdict
          .default("needs-attention")
          .describe("Verdict a regression or failure in an `advisory_suites` suite leads to."),
        lint_warnings: verdict.default("ready").describe("Verdict lint warnings lead to."),
      })
      .default({
        uncovered: "needs-attention",
        approvals_pending: "needs-attention",
        advisory_suites: "needs-attention",
        lint_warnings: "ready",
      })
      .describe(
        "What each kind of finding makes the verdict. Lint errors, regressions or failures in gating suites, changes requested, an approval policy that cannot be evaluated and unapproved security changes always block.",
      ),
    advisory_suites: z
      .array(
        z.string().regex(/^[a-z][a-z0-9-]{0,62}\/[a-z][a-z0-9-]{0,62}$/, { message: "must be TENANT/SUITE" }),
      )
      .default([])
      .describe(
        "Evaluation suites (TENANT/SUITE) that inform but do not gate: their regressions and failures follow `rules.advisory_suites` instead of blocking.",
      ),
    security_kinds: z
      .array(changeKind)
      .default(["approval-removed", "tool-write"])
      .describe(
        "Change kinds that are blocked until an escalation approval covering them (tenant.yml or charter.yml `escalations`) is given.",
      ),
  })
  .describe("How the release-confidence verdict on each pull request is computed.");

export type ConfidenceConfig = z.infer<typeof confidence>;
export type Verdict = z.infer<typeof verdict>;

export const CONFIDENCE_DEFAULTS: ConfidenceConfig = confidence.parse({});
