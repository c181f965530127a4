import { describe, expect, it } from "vitest";
import {
  directory,
  FINANCE_TENANT,
  HEAD_SHA,
  OLD_HEAD_SHA,
  people,
  policyFrom,
  policyTree,
  prFacts,
  review,
  SUPPORT_TENANT,
} from "../../test/helpers/approvals.ts";
import { type Decision, evaluateApprovals } from "./evaluate.ts";
import type { PullRequestFacts } from "./facts.ts";
import { decisionMarkdown, decisionText } from "./render.ts";

async function decide(facts: Partial<PullRequestFacts>, tree = policyTree(), dir = directory()) {
  return evaluateApprovals(await policyFrom(tree), prFacts(facts), dir);
}

const req = (d: Decision, id: string) => {
  const r = d.requirements.find((x) => x.id === id);
  if (!r) throw new Error(`no requirement ${id} in ${d.requirements.map((x) => x.id).join(", ")}`);
  return r;
};
const note = (d: Decision, id: string, login: string) =>
  req(d, id).verdicts.find((v) => v.user.login === login)?.note;

describe("approvals engine: who counts", () => {
  it("approves a one-tenant change with one approval from a listed user, matched by numeric id", async () => {
    const d = await decide({ reviews: [review(people.alice, "APPROVED")] });
    expect(d.conclusion).toBe("approved");
    expect(d.title).toBe("Approved: support 1/1");
    expect(req(d, "tenant:support").approvedBy).toEqual([people.alice]);
    expect(note(d, "tenant:support", "alice-support")).toBe("approved 1111111 as user:alice-support");
  });

  it("waits when nobody approved, and names who can", async () => {
    const d = await decide({});
    expect(d.conclusion).toBe("pending");
    expect(d.title).toBe("Waiting for approval: support 0/1");
    expect(decisionText(d)).toContain(
      "missing: 1 more from user:alice-support, user:sam-support, team:acme/support-leads",
    );
  });

  it("compares users by id: a login that now belongs to another account does not count", async () => {
    const impostor = { id: 9999, login: "alice-support", type: "User" };
    const d = await decide({ reviews: [review(impostor, "APPROVED")] });
    expect(d.conclusion).toBe("pending");
    expect(note(d, "tenant:support", "alice-support")).toMatch(/^not an approver for support/);
  });

  it("resolves user:LOGIN approvers through the directory, and fails closed when it could not", async () => {
    expect((await decide({ reviews: [review(people.sam, "APPROVED")] })).conclusion).toBe("approved");
    const unresolved = await decide({ reviews: [review(people.sam, "APPROVED")] }, policyTree(), {
      users: {},
      teams: directory().teams,
    });
    expect(unresolved.conclusion).toBe("pending");
    expect(note(unresolved, "tenant:support", "sam-support")).toContain("user:sam-support was not resolved");
  });

  it("counts active team members only, and never guesses when a team cannot be read", async () => {
    expect((await decide({ reviews: [review(people.lead, "APPROVED")] })).conclusion).toBe("approved");
    const removed = await decide(
      { reviews: [review(people.lead, "APPROVED")] },
      policyTree(),
      directory({ teams: { "acme/support-leads": { members: [] } } }),
    );
    expect(removed.conclusion).toBe("pending");
    const unreadable = await decide(
      { reviews: [review(people.lead, "APPROVED")] },
      policyTree(),
      directory({ teams: { "acme/support-leads": { error: "HTTP 502" } } }),
    );
    expect(unreadable.conclusion).toBe("pending");
    expect(note(unreadable, "tenant:support", "lee-lead")).toContain(
      "members of team:acme/support-leads could not be read (HTTP 502)",
    );
  });

  it("counts only APPROVED: comments neither approve nor withdraw an approval", async () => {
    expect((await decide({ reviews: [review(people.alice, "COMMENTED")] })).conclusion).toBe("pending");
    const d = await decide({
      reviews: [review(people.alice, "APPROVED"), review(people.alice, "COMMENTED")],
    });
    expect(d.conclusion).toBe("approved");
  });

  it("lets the latest review per user win", async () => {
    const approvedThenBlocked = await decide({
      reviews: [review(people.alice, "APPROVED"), review(people.alice, "CHANGES_REQUESTED")],
    });
    expect(approvedThenBlocked.conclusion).toBe("blocked");
    expect(approvedThenBlocked.title).toBe("Changes requested by alice-support (support)");
    const blockedThenApproved = await decide({
      reviews: [review(people.alice, "CHANGES_REQUESTED"), review(people.alice, "APPROVED")],
    });
    expect(blockedThenApproved.conclusion).toBe("approved");
  });

  it("orders reviews by submission time, not by list order", async () => {
    const later = review(people.alice, "CHANGES_REQUESTED", { at: "2026-11-25T13:00:00Z" });
    const earlier = review(people.alice, "APPROVED", { at: "2026-11-25T12:00:00Z" });
    expect((await decide({ reviews: [later, earlier] })).conclusion).toBe("blocked");
  });

  it("blocks on changes requested by an approver, even with enough approvals, but not by anyone else", async () => {
    const byApprover = await decide({
      reviews: [review(people.alice, "APPROVED"), review(people.lead, "CHANGES_REQUESTED")],
    });
    expect(byApprover.conclusion).toBe("blocked");
    expect(req(byApprover, "tenant:support").blockedBy).toEqual([people.lead]);
    const byOutsider = await decide({
      reviews: [review(people.alice, "APPROVED"), review(people.mallory, "CHANGES_REQUESTED")],
    });
    expect(byOutsider.conclusion).toBe("approved");
  });

  it("does not count dismissed reviews", async () => {
    const d = await decide({ reviews: [review(people.alice, "DISMISSED")] });
    expect(d.conclusion).toBe("pending");
    expect(note(d, "tenant:support", "alice-support")).toBe("review dismissed");
  });

  it("counts approvals on the current head only: a push invalidates them", async () => {
    const d = await decide({ reviews: [review(people.alice, "APPROVED", { commit: OLD_HEAD_SHA })] });
    expect(d.conclusion).toBe("pending");
    expect(note(d, "tenant:support", "alice-support")).toBe(
      "approved 0000000; the head is now 1111111 (a push invalidates approvals)",
    );
  });

  it("does not count an approval submitted before the head was pushed (force-push re-pointing)", async () => {
    const d = await decide({
      headPushedAt: "2026-11-25T12:30:00Z",
      reviews: [review(people.alice, "APPROVED", { at: "2026-11-25T12:00:00Z" })],
    });
    expect(d.conclusion).toBe("pending");
    expect(note(d, "tenant:support", "alice-support")).toMatch(/^approved before the latest push/);
  });

  it("never counts the author, a commit author or committer, or a pusher", async () => {
    const authorApproves = await decide({
      author: people.alice,
      reviews: [review(people.alice, "APPROVED")],
    });
    expect(authorApproves.conclusion).toBe("pending");
    expect(note(authorApproves, "tenant:support", "alice-support")).toBe(
      "opened the pull request; contributors cannot approve their own change",
    );
    const committer = await decide({
      commits: [
        {
          sha: "c".repeat(40),
          author: { name: "Pat", email: "pat@acme.test", user: people.author },
          committer: { name: "Alice", email: "alice@acme.test", user: people.alice },
        },
      ],
      reviews: [review(people.alice, "APPROVED")],
    });
    expect(note(committer, "tenant:support", "alice-support")).toBe(
      "committed ccccccc; contributors cannot approve their own change",
    );
    const pusher = await decide({
      pushers: [people.author, people.lead],
      reviews: [review(people.lead, "APPROVED")],
    });
    expect(pusher.conclusion).toBe("pending");
    expect(note(pusher, "tenant:support", "lee-lead")).toMatch(/^pushed to the pull request/);
  });

  it("fails closed on a commit whose email maps to no account, but reads GitHub no-reply addresses", async () => {
    const unmapped = await decide({
      commits: [
        {
          sha: "d".repeat(40),
          author: { name: "Alice", email: "nobody@elsewhere.test", user: null },
          committer: { name: "Pat", email: "pat@acme.test", user: people.author },
        },
      ],
      reviews: [review(people.alice, "APPROVED")],
    });
    expect(unmapped.conclusion).toBe("error");
    expect(unmapped.problems[0]).toMatch(
      /^Commit ddddddd's author <nobody@elsewhere.test> is not linked to a GitHub account/,
    );
    const noreply = await decide({
      commits: [
        {
          sha: "e".repeat(40),
          author: { name: "Lee", email: "1003+lee-lead@users.noreply.github.com", user: null },
          committer: { name: "Pat", email: "pat@acme.test", user: people.author },
        },
      ],
      reviews: [review(people.lead, "APPROVED")],
    });
    expect(noreply.conclusion).toBe("pending");
    expect(note(noreply, "tenant:support", "lee-lead")).toMatch(/^authored commit eeeeeee/);
  });

  it("never counts bots unless the tenant allowlists them", async () => {
    const actions = await decide({ reviews: [review(people.actions, "APPROVED")] });
    expect(actions.conclusion).toBe("pending");
    expect(note(actions, "tenant:support", "github-actions[bot]")).toMatch(/^a bot account; bots count only/);
    expect((await decide({ reviews: [review(people.renovate, "APPROVED")] })).conclusion).toBe("approved");
    // The allowlist is per tenant: renovate is not a finance approver.
    const finance = await decide({
      paths: ["tenants/finance/prompts/x.yml"],
      reviews: [review(people.renovate, "APPROVED")],
    });
    expect(finance.conclusion).toBe("pending");
  });
});

describe("approvals engine: what is required", () => {
  it("requires every touched tenant: two tenants, one approved, is still waiting", async () => {
    const d = await decide({
      paths: ["tenants/support/prompts/a.yml", "tenants/finance/prompts/b.yml"],
      reviews: [review(people.alice, "APPROVED")],
    });
    expect(d.conclusion).toBe("pending");
    expect(d.requirements.map((r) => [r.id, r.status])).toEqual([
      ["tenant:finance", "pending"],
      ["tenant:support", "approved"],
    ]);
    expect(d.title).toBe("Waiting for approval: finance 0/1");
  });

  it("does not let one tenant's approver approve another tenant", async () => {
    const d = await decide({
      paths: ["tenants/finance/workflows/w.yml"],
      reviews: [review(people.alice, "APPROVED")],
    });
    expect(d.conclusion).toBe("pending");
    expect(note(d, "tenant:finance", "alice-support")).toBe("not an approver for finance");
  });

  it("needs the governance owners (and the tenant) for a tenant.yml change; the head's approver list does not help", async () => {
    // The PR adds mallory to support's approvers; the policy is read from base, where she is not one.
    const d = await decide({
      paths: ["tenants/support/tenant.yml"],
      changes: [
        {
          kind: "policy-changed",
          tenant: "support",
          summary: "approvers changed",
          file: "tenants/support/tenant.yml",
        },
      ],
      reviews: [review(people.mallory, "APPROVED")],
    });
    expect(d.conclusion).toBe("pending");
    expect(d.requirements.map((r) => r.id)).toEqual(["governance", "tenant:support"]);
    expect(req(d, "governance").because).toEqual([
      "tenants/support/tenant.yml (tenant support's policy) changed",
    ]);
    expect(note(d, "tenant:support", "mallory")).toBe("not an approver for support");
    const approved = await decide({
      paths: ["tenants/support/tenant.yml"],
      reviews: [review(people.gov, "APPROVED"), review(people.alice, "APPROVED")],
    });
    expect(approved.conclusion).toBe("approved");
  });

  it("sends platform files, unowned paths and new tenants to the governance owners", async () => {
    const d = await decide({
      paths: ["charter.yml", "models.yml", "tools/crm.yml", "README.md", "tenants/marketing/tenant.yml"],
    });
    expect(d.requirements.map((r) => r.id)).toEqual(["governance"]);
    expect(req(d, "governance").because).toEqual([
      "README.md belongs to no tenant",
      "charter.yml changed",
      "models.yml changed",
      "tenants/marketing/tenant.yml (tenant marketing's policy) changed",
      "the tool catalog (tools/) changed",
      "tenant marketing has no tenant.yml on the base branch (a new tenant)",
    ]);
    expect(
      (await decide({ paths: ["models.yml"], reviews: [review(people.gov, "APPROVED")] })).conclusion,
    ).toBe("approved");
  });

  it("attributes cassettes to their tenant", async () => {
    const d = await decide({ paths: ["cassettes/finance/abc.json"] });
    expect(d.requirements.map((r) => r.id)).toEqual(["tenant:finance"]);
  });

  it("ignores files outside the governed root, and approves a pull request that touches none", async () => {
    const policy = await policyFrom(policyTree(), "governed");
    const d = evaluateApprovals(
      policy,
      prFacts({ paths: [".github/workflows/ci.yml", "docs/x.md"] }),
      directory(),
    );
    expect(d.conclusion).toBe("approved");
    expect(d.title).toBe("No governed files changed");
    expect(d.outside).toBe(2);
    const inside = evaluateApprovals(
      policy,
      prFacts({ paths: ["governed/tenants/support/prompts/a.yml", "README.md"] }),
      directory(),
    );
    expect(inside.requirements.map((r) => r.id)).toEqual(["tenant:support"]);
    expect(inside.outside).toBe(1);
  });

  it("escalates risky change kinds to the tenant's leads and the platform's security team", async () => {
    const changes = [
      {
        kind: "tool-write" as const,
        tenant: "support",
        summary: "triage can now call crm.write_note",
        file: "w.yml",
      },
      { kind: "approval-removed" as const, tenant: "support", summary: "gate removed", file: "w.yml" },
    ];
    const d = await decide({
      paths: ["tenants/support/workflows/w.yml"],
      changes,
      reviews: [review(people.alice, "APPROVED")],
    });
    expect(d.requirements.map((r) => [r.id, r.status])).toEqual([
      ["tenant:support", "approved"],
      ["escalation:support:0", "pending"],
      ["escalation:*:0", "pending"],
    ]);
    expect(req(d, "escalation:support:0").title).toBe("support escalation (tool-write, budget-increased)");
    expect(req(d, "escalation:*:0").because).toEqual(["approval-removed in support: gate removed"]);
    const approved = await decide({
      paths: ["tenants/support/workflows/w.yml"],
      changes,
      reviews: [
        review(people.alice, "APPROVED"),
        review(people.lead, "APPROVED"),
        review(people.sec, "APPROVED"),
      ],
    });
    expect(approved.conclusion).toBe("approved");
  });

  it("escalates by risk level with min_level, using the base policy's risk levels", async () => {
    const tree = policyTree({
      "charter.yml": `apiVersion: charter/v1
kind: Charter
name: acme
governance: { owners: [team:acme/governance] }
risk:
  levels: { prompt-changed: critical }
  escalations:
    - { min_level: critical, approvers: [team:acme/security] }
`,
    });
    const d = await decide(
      {
        changes: [{ kind: "prompt-changed", tenant: "support", summary: "classify changed", file: "p.yml" }],
      },
      tree,
    );
    expect(req(d, "escalation:*:0").title).toBe("platform escalation (risk ≥ critical)");
  });
});

describe("approvals engine: failing closed", () => {
  it("fails when the base policy does not parse", async () => {
    const d = await decide(
      { reviews: [review(people.alice, "APPROVED")] },
      policyTree({ "charter.yml": "kind: [" }),
    );
    expect(d.conclusion).toBe("error");
    expect(d.problems[0]).toMatch(/^charter.yml on the base commit bbbbbbbbbbbb is invalid \(charter.yml:1:/);
    expect(d.title).toMatch(/^Cannot be approved: charter.yml on the base commit/);
  });

  it("fails when there is no charter.yml on base", async () => {
    const d = await decide({}, { "tenants/support/tenant.yml": SUPPORT_TENANT });
    expect(d.conclusion).toBe("error");
    expect(d.problems[0]).toMatch(/^There is no valid charter.yml on the base commit/);
  });

  it("fails a touched tenant whose tenant.yml is invalid on base, and only that one", async () => {
    const tree = policyTree({
      "tenants/finance/tenant.yml": FINANCE_TENANT.replace("required: 1", "required: many"),
    });
    const d = await decide(
      { paths: ["tenants/finance/prompts/x.yml"], reviews: [review(people.frank, "APPROVED")] },
      tree,
    );
    expect(d.conclusion).toBe("error");
    expect(req(d, "tenant:finance").problem).toMatch(
      /^Tenant finance's tenant.yml is invalid on the base commit/,
    );
    expect((await decide({ reviews: [review(people.alice, "APPROVED")] }, tree)).conclusion).toBe("approved");
  });

  it("fails on a file list GitHub truncates, and on commits it does not list", async () => {
    const files = await decide({ changedFiles: 3001, reviews: [review(people.alice, "APPROVED")] });
    expect(files.conclusion).toBe("error");
    expect(files.problems[0]).toMatch(/changes 3001 files; GitHub lists at most 3000/);
    const commits = await decide({ totalCommits: 251, reviews: [review(people.alice, "APPROVED")] });
    expect(commits.conclusion).toBe("error");
    expect(commits.problems[0]).toMatch(/has 251 commits but GitHub lists only 1 \(its limit is 250\)/);
  });

  it("fails on a review state it does not know", async () => {
    const d = await decide({
      reviews: [review(people.alice, "APPROVED"), review(people.sam, "SUPER_APPROVED")],
    });
    expect(d.conclusion).toBe("error");
    expect(d.problems[0]).toMatch(/state "SUPER_APPROVED", which this version of Charter does not know/);
  });

  it("fails when the author account was deleted", async () => {
    expect((await decide({ author: null, reviews: [review(people.alice, "APPROVED")] })).conclusion).toBe(
      "error",
    );
  });
});

describe("approvals engine: output", () => {
  it("asks for reviews from approvers who have not approved, excluding contributors and the already asked", async () => {
    const d = await decide({
      paths: ["tenants/support/prompts/a.yml", "tenants/finance/prompts/b.yml"],
      pushers: [people.author, people.sam],
      requestedReviewers: { users: ["frank-finance"], teams: [] },
    });
    expect(d.reviewRequests).toEqual({ users: ["alice-support"], teams: ["support-leads"] });
  });

  it("renders a check summary that explains each requirement and cannot be broken by hostile text", async () => {
    const hostile = { id: 77, login: "x|<img src=x>", type: "User" };
    const d = await decide({
      changes: [
        { kind: "tool-write", tenant: "support", summary: "a | b <script>alert(1)</script>", file: "w" },
      ],
      reviews: [review(people.alice, "APPROVED"), review(hostile, "APPROVED")],
    });
    const md = decisionMarkdown(d);
    expect(md).toContain("| ✅ | support | 1 | @alice-support | — |");
    expect(md).toContain(
      "| ⏳ | support escalation (tool-write, budget-increased) | 1 | — | 1 more from team:acme/support-leads |",
    );
    expect(md).toContain("a &#124; b &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(md).not.toContain("<script>");
    expect(md).not.toContain("<img");
    expect(decisionMarkdown(d, { maxChars: 300 }).length).toBeLessThanOrEqual(300);
  });
});

describe("policy snapshot", () => {
  it("reads approvers with ids, logins and teams, and bots in lower case", async () => {
    const p = await policyFrom(policyTree());
    if (!p.ok) throw new Error(p.problem);
    const support = p.policy.tenants.get("support")!;
    expect(support.approvers.map((a) => a.label)).toEqual([
      "user:alice-support",
      "user:sam-support",
      "team:acme/support-leads",
    ]);
    expect(support.allowBots).toEqual(["renovate[bot]"]);
    expect(p.policy.governance).toMatchObject({ required: 1, requestReviews: true });
  });

  it("ignores a head-only tenant (it has no approvers until it is on base)", async () => {
    const p = await policyFrom(policyTree({ "tenants/support/tenant.yml": null }));
    if (!p.ok) throw new Error(p.problem);
    expect([...p.policy.tenants.keys()]).toEqual(["finance"]);
    expect(HEAD_SHA).toHaveLength(40);
  });
});
