/**
 * The vocabulary of change kinds and risk levels. The semantic diff emits these kinds; policies in
 * `charter.yml` and `tenant.yml` name them to require more approvals for riskier changes.
 */
import * as z from "zod";

export const CHANGE_KINDS = [
  "workflow-added",
  "workflow-removed",
  "workflow-renamed",
  "workflow-changed",
  "node-added",
  "node-removed",
  "node-changed",
  "edge-changed",
  "prompt-added",
  "prompt-removed",
  "prompt-renamed",
  "prompt-changed",
  "route-changed",
  "model-added",
  "model-changed",
  "tool-added",
  "tool-changed",
  "tool-write",
  "approval-removed",
  "budget-increased",
  "policy-changed",
  "eval-changed",
  "eval-weakened",
  "knowledge-changed",
] as const;

export const changeKind = z.enum(CHANGE_KINDS).describe("A kind of change reported by the semantic diff.");

export const RISK_LEVELS = ["low", "medium", "high", "critical"] as const;

export const riskLevel = z.enum(RISK_LEVELS).describe("Risk level: low < medium < high < critical.");

export type ChangeKind = z.infer<typeof changeKind>;
export type RiskLevel = z.infer<typeof riskLevel>;
