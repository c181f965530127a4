/**
 * Base vs head: run the suites a change affects on both states, pair results by a stable case key and
 * classify each case — regressed, fixed, still failing, still passing, new, removed — with per-suite
 * pass rates, cost and p95 latency deltas, and a check conclusion.
 */
import type { CaseResult, EvalReport, SuiteResult } from "./results.ts";

export type CaseChange = "regressed" | "fixed" | "still-failing" | "still-passing" | "new" | "removed";

export interface CaseDelta {
  key: string;
  id: string;
  route?: string;
  change: CaseChange;
  base?: CaseResult;
  head?: CaseResult;
}

export interface SuiteDelta {
  tenant: string;
  name: string;
  status: "changed" | "new" | "removed";
  base?: SuiteResult;
  head?: SuiteResult;
  cases: CaseDelta[];
  regressions: number;
  fixes: number;
  added: number;
  removed: number;
}

export interface Comparison {
  suites: SuiteDelta[];
  /** Suites whose inputs did not change, so they were not run. */
  unaffected: string[];
  conclusion: "success" | "failure";
  reasons: string[];
  /** Provider calls made for this comparison (0 on a rerun with nothing changed). */
  providerCalls: number;
}

function classify(base: CaseResult | undefined, head: CaseResult | undefined): CaseChange {
  if (!base) return "new";
  if (!head) return "removed";
  if (base.pass && !head.pass) return "regressed";
  if (!base.pass && head.pass) return "fixed";
  return head.pass ? "still-passing" : "still-failing";
}

export function compareReports(
  base: EvalReport,
  head: EvalReport,
  options: { unaffected: string[]; failOnRegression: boolean; providerCalls: number },
): Comparison {
  const id = (s: SuiteResult) => `${s.tenant}/${s.name}`;
  const baseSuites = new Map(base.suites.map((s) => [id(s), s]));
  const headSuites = new Map(head.suites.map((s) => [id(s), s]));
  const suites: SuiteDelta[] = [];
  for (const key of [...new Set([...headSuites.keys(), ...baseSuites.keys()])].sort()) {
    const b = baseSuites.get(key);
    const h = headSuites.get(key);
    const bc = new Map((b?.cases ?? []).map((c) => [c.key, c]));
    const hc = new Map((h?.cases ?? []).map((c) => [c.key, c]));
    const cases: CaseDelta[] = [...new Set([...hc.keys(), ...bc.keys()])].map((k) => {
      const x = hc.get(k) ?? bc.get(k)!;
      return {
        key: k,
        id: x.id,
        ...(x.route ? { route: x.route } : {}),
        change: classify(bc.get(k), hc.get(k)),
        ...(bc.get(k) ? { base: bc.get(k) } : {}),
        ...(hc.get(k) ? { head: hc.get(k) } : {}),
      };
    });
    const [tenant, name] = key.split("/") as [string, string];
    suites.push({
      tenant,
      name,
      status: !b ? "new" : !h ? "removed" : "changed",
      ...(b ? { base: b } : {}),
      ...(h ? { head: h } : {}),
      cases,
      regressions: cases.filter((c) => c.change === "regressed").length,
      fixes: cases.filter((c) => c.change === "fixed").length,
      added: cases.filter((c) => c.change === "new").length,
      removed: cases.filter((c) => c.change === "removed").length,
    });
  }
  const reasons: string[] = [];
  for (const s of suites) {
    if (s.head && !s.head.passed) {
      reasons.push(
        `${s.tenant}/${s.name}: pass rate ${(s.head.passRate * 100).toFixed(1)}% is below its threshold ${(s.head.threshold * 100).toFixed(0)}%`,
      );
    }
    if (options.failOnRegression && s.regressions > 0) {
      reasons.push(`${s.tenant}/${s.name}: ${s.regressions} case${s.regressions === 1 ? "" : "s"} regressed`);
    }
  }
  return {
    suites,
    unaffected: options.unaffected,
    conclusion: reasons.length > 0 ? "failure" : "success",
    reasons,
    providerCalls: options.providerCalls,
  };
}
