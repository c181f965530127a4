/** Evaluation results, as JSON artifacts and as input to every report format. */
import type { NodeStatus } from "../execute/records.ts";

export interface AssertionOutcome {
  type: string;
  pass: boolean;
  score: number;
  weight: number;
  reason: string;
  metric?: string;
}

/** One run of one case (one repeat, on one route). */
export interface RunOutcome {
  repeat: number;
  pass: boolean;
  score: number;
  output?: unknown;
  error?: string;
  assertions: AssertionOutcome[];
  costUsd: number;
  /** Model latency (the recorded one when cached). */
  latencyMs: number;
  cached: boolean;
  /** Nodes and prompts this run actually exercised (workflow targets), for coverage. */
  exercised?: { nodes: Record<string, NodeStatus>; prompts: string[] };
}

export interface CaseResult {
  /** Stable key pairing base and head results: tenant/suite/case@route. */
  key: string;
  id: string;
  description?: string;
  route?: string;
  runs: RunOutcome[];
  /** Passed by the k-of-n rule. */
  pass: boolean;
  passCount: number;
  score: number;
  costUsd: number;
  latencyMs: number;
  error?: string;
}

export interface SuiteResult {
  tenant: string;
  name: string;
  file: string;
  target: { prompt: string } | { workflow: string };
  routes: string[];
  threshold: number;
  repeat: number;
  minPass: number;
  cases: CaseResult[];
  passRate: number;
  passed: boolean;
  costUsd: number;
  gradingCostUsd: number;
  p50LatencyMs: number;
  p95LatencyMs: number;
  errors: number;
}

export interface EvalReport {
  suites: SuiteResult[];
  summary: {
    suites: number;
    cases: number;
    passedCases: number;
    failedSuites: number;
    errors: number;
    costUsd: number;
    providerCalls: number;
    durationMs: number;
  };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}
