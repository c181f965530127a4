/** The verdict's rules on hand-built facts: the cases real repositories make slow or awkward to reach. */
import { describe, expect, it } from "vitest";
import { CONFIDENCE_DEFAULTS, confidence as confidenceSchema } from "../../workflows-schema/index.ts";
import type { Decision, RequirementResult } from "../approvals/evaluate.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { Change, ChangeSet } from "../diff/change.ts";
import type { Comparison } from "../eval/compare.ts";
import type { ApprovalState } from "./approval-state.ts";
import { computeConfidence } from "./verdict.ts";

const gateRemoved: Change = {
  kind: "approval-removed",
  risk: "critical",
  tenant: "support",
  subject: { type: "node", name: "gate", workflow: "triage" },
  summary: "triage: approval gate gate removed.",
  file: "tenants/support/workflows/triage.yml",
};
const routeChanged: Change = {
  kind: "route-changed",
  risk: "medium",
  tenant: "support",
  subject: { type: "route", name: "fast" },
  summary: "Route fast changed.",
  file: "tenants/support/routes.yml",
};
const set = (...changes: Change[]): ChangeSet => ({ changes, workflows: [], summaries: [] });
const noEval: Comparison = {
  suites: [],
  unaffected: [],
  conclusion: "success",
  reasons: [],
  providerCalls: 0,
};

function requirement(id: string, status: RequirementResult["status"], covers: Change[]): RequirementResult {
  return {
    id,
    title: id,
    required: 1,
    approvers: [],
    allowBots: [],
    because: covers.map((c) => `${c.kind}${c.tenant ? ` in ${c.tenant}` : ""}: ${c.summary}`),
    covers: covers.map((c) => ({
      kind: c.kind,
      ...(c.tenant ? { tenant: c.tenant } : {}),
      summary: c.summary,
    })),
    status,
    approvedBy: [],
    blockedBy: [],
    missing: status === "approved" ? 0 : 1,
    verdicts: [],
  };
}
function decision(conclusion: Decision["conclusion"], requirements: RequirementResult[]): ApprovalState {
  return {
    source: "decision",
    decision: {
      conclusion,
      title: conclusion,
      problems: conclusion === "error" ? ["charter.yml on the base commit is invalid."] : [],
      requirements,
      outside: 0,
      governed: 1,
      baseRef: "main",
      headSha: "h",
      reviewRequests: { users: [], teams: [] },
    },
  };
}

function judge(options: {
  changes?: ChangeSet;
  lint?: Diagnostic[];
  evaluation?: Comparison | null;
  approvals?: ApprovalState;
  config?: unknown;
}) {
  return computeConfidence({
    changes: options.changes ?? set(routeChanged),
    lint: options.lint ?? [],
    ...(options.evaluation === null ? {} : { evaluation: options.evaluation ?? noEval }),
    approvals: options.approvals ?? decision("approved", [requirement("tenant:support", "approved", [])]),
    config: options.config === undefined ? CONFIDENCE_DEFAULTS : confidenceSchema.parse(options.config),
  });
}
const codes = (c: ReturnType<typeof judge>) =>
  c.reasons.filter((r) => r.severity !== "info").map((r) => r.code);

describe("computeConfidence", () => {
  it("an approved, evaluated, low-score change is ready, with its score as a note", () => {
    const c = judge({});
    expect(c.verdict).toBe("ready");
    expect(c.score).toBe(1);
    expect(c.reasons.map((r) => [r.code, r.severity])).toEqual([["risk-score", "info"]]);
  });

  it("a security change is blocked unless an approved escalation names it", () => {
    const changes = set(gateRemoved);
    const names = [gateRemoved];
    const none = judge({
      changes,
      approvals: decision("approved", [requirement("tenant:support", "approved", [])]),
    });
    expect(none.verdict).toBe("blocked");
    expect(none.reasons[0]!.message).toMatch(/No escalation requires a security approval/);
    const pending = judge({
      changes,
      approvals: decision("pending", [requirement("escalation:*:0", "pending", names)]),
    });
    expect(codes(pending)).toEqual(["security-unapproved"]);
    const approved = judge({
      changes,
      approvals: decision("approved", [requirement("escalation:*:0", "approved", names)]),
    });
    expect(codes(approved)).not.toContain("security-unapproved");
    // An escalation for another change of the same kind does not count.
    const other = judge({
      changes,
      approvals: decision("approved", [
        requirement("escalation:*:0", "approved", [{ ...gateRemoved, summary: "another gate removed." }]),
      ]),
    });
    expect(codes(other)).toContain("security-unapproved");
    // Nor does another tenant's escalation for a change with the same kind and summary.
    const otherTenant = judge({
      changes,
      approvals: decision("approved", [
        requirement("escalation:finance:0", "approved", [{ ...gateRemoved, tenant: "finance" }]),
      ]),
    });
    expect(codes(otherTenant)).toContain("security-unapproved");
    // security_kinds is configurable (from the base).
    expect(
      codes(judge({ changes, config: { security_kinds: [] }, approvals: none.approvals })),
    ).not.toContain("security-unapproved");
  });

  it.each<[ApprovalState, string[]]>([
    [{ source: "check-run", conclusion: "approved", title: "Approved" }, []],
    [
      { source: "check-run", conclusion: "pending", title: "Waiting" },
      ["security-unapproved", "approvals-pending"],
    ],
    [
      { source: "check-run", conclusion: "blocked", title: "Changes requested" },
      ["approvals-blocked", "security-unapproved"],
    ],
    [{ source: "unknown", why: "not read" }, ["security-unapproved", "approvals-unknown"]],
  ])(
    "with only a check run's conclusion (%j), security changes are approved only by an approved check",
    (approvals, expected) => {
      expect(
        codes(
          judge({
            changes: set(gateRemoved),
            approvals,
            config: { thresholds: { needs_attention: 100, blocked: 200 } },
          }),
        ),
      ).toEqual(expected);
    },
  );

  it("an approved check run does not cover a security change no escalation of the base policy names", () => {
    const approvals: ApprovalState = { source: "check-run", conclusion: "approved", title: "Approved" };
    const config = { thresholds: { needs_attention: 100, blocked: 200 } };
    const named = requirement("escalation:*:0", "pending", [gateRemoved]);
    const uncovered = computeConfidence({
      changes: set(gateRemoved),
      lint: [],
      evaluation: noEval,
      approvals,
      escalations: [],
      config: confidenceSchema.parse(config),
    });
    expect(uncovered.verdict).toBe("blocked");
    expect(uncovered.reasons[0]!.message).toMatch(/No escalation requires a security approval/);
    const covered = computeConfidence({
      changes: set(gateRemoved),
      lint: [],
      evaluation: noEval,
      approvals,
      escalations: [named],
      config: confidenceSchema.parse(config),
    });
    expect(covered.verdict).toBe("ready");
  });

  it("an approvals policy that cannot be evaluated blocks; changes requested block", () => {
    expect(judge({ approvals: decision("error", []) }).verdict).toBe("blocked");
    const requested = judge({
      approvals: decision("blocked", [requirement("tenant:support", "blocked", [])]),
    });
    expect(codes(requested)).toEqual(["approvals-blocked"]);
  });

  it("approvals pending follow rules.approvals_pending", () => {
    const approvals = decision("pending", [requirement("tenant:support", "pending", [routeChanged])]);
    expect(judge({ approvals }).verdict).toBe("needs-attention");
    expect(judge({ approvals, config: { rules: { approvals_pending: "blocked" } } }).verdict).toBe("blocked");
    expect(judge({ approvals, config: { rules: { approvals_pending: "ready" } } }).verdict).toBe("ready");
  });

  it("lint errors always block; warnings follow rules.lint_warnings", () => {
    const at = { file: "tenants/support/workflows/triage.yml", line: 3, column: 1 };
    const error: Diagnostic = {
      ...at,
      rule: "unresolved-reference",
      severity: "error",
      message: "no route x",
    };
    const warning: Diagnostic = { ...at, rule: "unused-prompt", severity: "warning", message: "unused" };
    const blocked = judge({ lint: [error], config: { rules: { lint_warnings: "ready" } } });
    expect(blocked.verdict).toBe("blocked");
    expect(blocked.reasons[0]).toMatchObject({ code: "lint-error", where: { tenant: "support", line: 3 } });
    expect(judge({ lint: [warning] }).verdict).toBe("ready");
    expect(judge({ lint: [warning], config: { rules: { lint_warnings: "needs-attention" } } }).verdict).toBe(
      "needs-attention",
    );
  });

  it("no evaluation is a finding, not a pass", () => {
    const c = judge({ evaluation: null });
    expect(c.verdict).toBe("needs-attention");
    expect(codes(c)).toEqual(["eval-not-run"]);
  });

  it("refuses confidence settings it does not understand", () => {
    expect(() => confidenceSchema.parse({ thresholds: { blocke: 3 } })).toThrow();
    expect(() => confidenceSchema.parse({ advisory_suites: ["no-slash"] })).toThrow(/TENANT\/SUITE/);
    expect(() => confidenceSchema.parse({ rules: { uncovered: "maybe" } })).toThrow();
  });
});
