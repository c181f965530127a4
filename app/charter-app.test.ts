import { afterEach, describe, expect, it } from "vitest";
import { type Harness, sign, startHarness } from "../test/helpers/app-harness.ts";
import { people, SUPPORT_TENANT } from "../test/helpers/approvals.ts";
import { scenario } from "../test/helpers/approvals-scenario.ts";
import { FakeGitHub, type FakePull } from "../test/helpers/fake-github.ts";
import { PROMPT } from "../test/helpers/governed-repo.ts";
import { pullRequestEvent, rerunEvent, reviewEvent } from "../test/helpers/webhooks.ts";

const MAIN = "Charter approvals (main)";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function open(s: ReturnType<typeof scenario>) {
  harness = await startHarness(s.github);
  await harness.send("pull_request", pullRequestEvent(s.github, s.pull, "opened"));
  return harness;
}

async function approve(h: Harness, pull: FakePull, who = people.alice, state = "APPROVED") {
  const r = h.github.review(pull.number, who, state);
  await h.send("pull_request_review", reviewEvent(h.github, pull, r));
  return r;
}

describe("approvals app: the check run", () => {
  it("reports a pending requirement, then passes once a tenant approver approves — updating one check run", async () => {
    const s = scenario();
    const h = await open(s);
    const pending = h.github.latestCheck(MAIN, s.headSha)!;
    expect(pending).toMatchObject({
      status: "completed",
      conclusion: "action_required",
      output: { title: "Waiting for approval: support 0/1" },
    });
    expect(pending.output.summary).toContain(
      "| ⏳ | support | 1 | — | 1 more from user:alice-support, user:sam-support, team:acme/support-leads |",
    );
    await approve(h, s.pull);
    expect(h.github.checks(MAIN, s.headSha)).toHaveLength(1);
    expect(h.github.latestCheck(MAIN, s.headSha)).toMatchObject({
      id: pending.id,
      conclusion: "success",
      output: { title: "Approved: support 1/1" },
    });
  });

  it("names the check after the base branch, and supersedes the old branch's check when the PR is re-targeted", async () => {
    const s = scenario();
    const h = await open(s);
    await approve(h, s.pull);
    expect(h.github.latestCheck(MAIN, s.headSha)!.conclusion).toBe("success");
    s.pull.baseRef = "release";
    await h.send(
      "pull_request",
      pullRequestEvent(s.github, s.pull, "edited", {
        changes: { base: { ref: { from: "main" }, sha: { from: s.baseSha } } },
      }),
    );
    expect(h.github.latestCheck("Charter approvals (release)", s.headSha)!.conclusion).toBe("success");
    expect(h.github.latestCheck(MAIN, s.headSha)).toMatchObject({
      conclusion: "cancelled",
      output: { title: "Superseded: this pull request now targets release" },
    });
  });

  it("ignores title and body edits", async () => {
    const s = scenario();
    const h = await open(s);
    const before = h.github.log.length;
    await h.send(
      "pull_request",
      pullRequestEvent(s.github, s.pull, "edited", { changes: { title: { from: "x" } } }),
    );
    expect(h.github.log.length).toBe(before);
  });
});

describe("approvals app: rules that must hold", () => {
  it("reads the policy from the base commit: a PR adding its author and a friend to tenant.yml gains nothing", async () => {
    const s = scenario({
      headFiles: {
        "tenants/support/tenant.yml": SUPPORT_TENANT.replace(
          "- user:sam-support",
          "- user:sam-support\n    - { user: pat-author, id: 1 }\n    - { user: mallory, id: 6666 }",
        ),
      },
    });
    const h = await open(s);
    await approve(h, s.pull, people.author);
    await approve(h, s.pull, people.mallory);
    const check = h.github.latestCheck(MAIN, s.headSha)!;
    expect(check.conclusion).toBe("action_required");
    expect(check.output.title).toBe("Waiting for approval: governance 0/1, support 0/1");
    expect(check.output.summary).toContain(
      "| @pat-author | approved | no | opened the pull request; contributors cannot approve their own change |",
    );
    expect(check.output.summary).toContain("| @mallory | approved | no | not an approver for support |");
    expect(check.output.summary).toContain(`policy from \`main\` at \`${s.baseSha.slice(0, 12)}\``);
  });

  it("invalidates approvals when new commits are pushed, and records the pusher", async () => {
    const s = scenario();
    const h = await open(s);
    await approve(h, s.pull);
    expect(h.github.latestCheck(MAIN, s.headSha)!.conclusion).toBe("success");
    const before = s.pull.headSha;
    const newHead = s.github.commit("head-2", {
      ...s.github.commits.get(s.headSha)!,
      "tenants/support/prompts/classify.yml": PROMPT.replace("version: 1.0.0", "version: 1.2.0"),
    });
    s.pull.headSha = newHead;
    s.pull.commits.push({
      sha: newHead,
      author: { name: "Pat", email: "pat@acme.test", user: people.author },
      committer: { name: "Pat", email: "pat@acme.test", user: people.author },
    });
    await h.send(
      "pull_request",
      pullRequestEvent(s.github, s.pull, "synchronize", { before, sender: people.lead }),
    );
    const check = h.github.latestCheck(MAIN, newHead)!;
    expect(check.conclusion).toBe("action_required");
    expect(check.output.summary).toMatch(
      /@alice-support \| approved \| no \| approved [0-9a-f]{7}; the head is now/,
    );
    // The lead pushed: their approval of the new head does not count either.
    await approve(h, s.pull, people.lead);
    expect(h.github.latestCheck(MAIN, newHead)!.output.summary).toContain(
      "| @lee-lead | approved | no | pushed to the pull request; contributors cannot approve their own change |",
    );
    expect(h.github.latestCheck(MAIN, newHead)!.external_id).toMatch(/^charter1;n=7;p=.*1003:lee-lead/);
  });

  it("remembers pushers across a restart (they are stored in the check run)", async () => {
    const s = scenario();
    harness = await startHarness(s.github);
    const before = s.pull.headSha;
    await harness.send(
      "pull_request",
      pullRequestEvent(s.github, s.pull, "synchronize", { before, sender: people.lead }),
    );
    await harness.close();
    harness = await startHarness(s.github);
    await approve(harness, s.pull, people.lead);
    expect(harness.github.latestCheck(MAIN, s.headSha)!.conclusion).toBe("action_required");
  });

  it("never counts the author, nor the author's second account that committed to the PR", async () => {
    const s = scenario();
    s.pull.commits[0]!.committer = { name: "Alice", email: "alice@acme.test", user: people.alice };
    const h = await open(s);
    await approve(h, s.pull, people.author);
    await approve(h, s.pull, people.alice);
    const check = h.github.latestCheck(MAIN, s.headSha)!;
    expect(check.conclusion).toBe("action_required");
    expect(check.output.summary).toContain(
      `| @alice-support | approved | no | committed ${s.headSha.slice(0, 7)}`,
    );
  });

  it("fails closed on a commit whose email maps to no GitHub account", async () => {
    const s = scenario();
    s.pull.commits[0]!.author = { name: "Ghost", email: "ghost@elsewhere.test", user: null };
    const h = await open(s);
    await approve(h, s.pull);
    const check = h.github.latestCheck(MAIN, s.headSha)!;
    expect(check.conclusion).toBe("failure");
    expect(check.output.summary).toContain("is not linked to a GitHub account");
  });

  it("does not count bots unless the tenant allowlists them", async () => {
    const s = scenario();
    const h = await open(s);
    await approve(h, s.pull, people.actions);
    expect(h.github.latestCheck(MAIN, s.headSha)!.conclusion).toBe("action_required");
    await approve(h, s.pull, people.renovate);
    expect(h.github.latestCheck(MAIN, s.headSha)!.conclusion).toBe("success");
  });

  it("stops counting an approval once the review is dismissed", async () => {
    const s = scenario();
    const h = await open(s);
    const r = await approve(h, s.pull);
    expect(h.github.latestCheck(MAIN, s.headSha)!.conclusion).toBe("success");
    r.state = "DISMISSED";
    await h.send("pull_request_review", reviewEvent(s.github, s.pull, r, "dismissed"));
    expect(h.github.latestCheck(MAIN, s.headSha)).toMatchObject({
      conclusion: "action_required",
      output: { title: "Waiting for approval: support 0/1" },
    });
  });

  it("blocks on changes requested by an approver after an approval", async () => {
    const s = scenario();
    const h = await open(s);
    await approve(h, s.pull);
    await approve(h, s.pull, people.lead, "CHANGES_REQUESTED");
    expect(h.github.latestCheck(MAIN, s.headSha)).toMatchObject({
      conclusion: "failure",
      output: { title: "Changes requested by lee-lead (support)" },
    });
  });

  it("resolves team membership at each evaluation: a member removed between events no longer counts", async () => {
    const s = scenario();
    const h = await open(s);
    await approve(h, s.pull, people.lead);
    expect(h.github.latestCheck(MAIN, s.headSha)!.conclusion).toBe("success");
    s.github.team("acme/support-leads", []);
    const check = h.github.latestCheck(MAIN, s.headSha)!;
    await h.send("check_run", rerunEvent(s.github, check, [7]));
    expect(h.github.latestCheck(MAIN, s.headSha)!.conclusion).toBe("action_required");
  });

  it("does not let another tenant's approver approve, and needs every touched tenant", async () => {
    const s = scenario({
      headFiles: {
        "tenants/finance/prompts/invoice.yml": PROMPT.replace("name: classify", "name: invoice").replace(
          "version: 1.0.0",
          "version: 2.0.0",
        ),
      },
    });
    const h = await open(s);
    await approve(h, s.pull, people.alice);
    const check = h.github.latestCheck(MAIN, s.headSha)!;
    expect(check.output.title).toBe("Waiting for approval: finance 0/1");
    expect(check.output.summary).toContain(
      "| @alice-support | approved | no | not an approver for finance |",
    );
    await approve(h, s.pull, people.frank);
    expect(h.github.latestCheck(MAIN, s.headSha)!.output.title).toBe("Approved: finance 1/1, support 1/1");
  });

  it("evaluates a pull request from a fork the same way", async () => {
    const s = scenario({ pull: { fork: true } });
    const h = await open(s);
    expect(h.github.latestCheck(MAIN, s.headSha)!.conclusion).toBe("action_required");
    await approve(h, s.pull);
    expect(h.github.latestCheck(MAIN, s.headSha)!.conclusion).toBe("success");
  });

  it("fails closed when the policy on base is invalid", async () => {
    const s = scenario({
      baseFiles: { "charter.yml": "apiVersion: charter/v1\nkind: Charter\nname: acme\n" },
    });
    const h = await open(s);
    await approve(h, s.pull);
    const check = h.github.latestCheck(MAIN, s.headSha)!;
    expect(check.conclusion).toBe("failure");
    expect(check.output.title).toMatch(/^Cannot be approved: charter.yml on the base commit/);
  });

  it("fails closed when GitHub truncates the file list", async () => {
    const s = scenario({ pull: { changedFiles: 3001 } });
    const h = await open(s);
    await approve(h, s.pull);
    expect(h.github.latestCheck(MAIN, s.headSha)!.output.summary).toContain("GitHub lists at most 3000");
  });

  it("fails closed on a GitHub API 502 during evaluation, and recovers on the next event", async () => {
    const s = scenario();
    const h = await open(s);
    await approve(h, s.pull);
    expect(h.github.latestCheck(MAIN, s.headSha)!.conclusion).toBe("success");
    h.github.fail(502, (_m, path, op) => path === "/graphql" && op === "CharterPullRequest");
    const r = h.github.review(7, people.lead, "CHANGES_REQUESTED");
    await h.send("pull_request_review", reviewEvent(s.github, s.pull, r));
    expect(h.github.latestCheck(MAIN, s.headSha)).toMatchObject({
      conclusion: "failure",
      output: { title: "Could not evaluate approvals (GitHub API 502)" },
    });
    await h.send("pull_request_review", reviewEvent(s.github, s.pull, r, "edited"));
    expect(h.github.latestCheck(MAIN, s.headSha)!.output.title).toBe(
      "Changes requested by lee-lead (support)",
    );
  });

  it("posts nothing on a repository that is not governed", async () => {
    const github = new FakeGitHub();
    const base = github.commit("base", { "README.md": "hi" });
    const head = github.commit("head", { "README.md": "hello" });
    const pull = github.pull({ number: 3, author: people.author, baseSha: base, headSha: head });
    harness = await startHarness(github);
    await harness.send("pull_request", pullRequestEvent(github, pull, "opened"));
    expect(github.checkRuns).toEqual([]);
  });
});

describe("approvals app: webhooks", () => {
  it("rejects a webhook with a bad signature and changes nothing", async () => {
    const s = scenario();
    harness = await startHarness(s.github);
    const payload = pullRequestEvent(s.github, s.pull, "opened");
    const status = await harness.deliver("pull_request", payload, {
      signature: sign(JSON.stringify(payload), "wrong-secret"),
    });
    expect(status).toBe(400);
    await harness.app.idle();
    expect(s.github.log).toEqual([]);
    expect(s.github.checkRuns).toEqual([]);
  });

  it("de-duplicates redelivered webhooks", async () => {
    const s = scenario();
    const h = await open(s);
    const r = s.github.review(7, people.alice, "APPROVED");
    const payload = reviewEvent(s.github, s.pull, r);
    await h.send("pull_request_review", payload, { id: "same-delivery" });
    const after = s.github.log.length;
    await h.send("pull_request_review", payload, { id: "same-delivery" });
    expect(s.github.log.length).toBe(after);
    expect(h.app.stats.duplicates).toBe(1);
  });

  it("needs two API requests for a review in steady state: one GraphQL read and one check update", async () => {
    const s = scenario();
    const h = await open(s);
    await approve(h, s.pull, people.mallory);
    const before = s.github.log.length;
    await approve(h, s.pull);
    expect(s.github.log.slice(before).map((r) => `${r.method} ${r.operation ?? r.path}`)).toEqual([
      "POST CharterPullRequest",
      `PATCH /repos/acme/ai/check-runs/${h.github.latestCheck(MAIN, s.headSha)!.id}`,
    ]);
  });

  it("ends a burst of concurrent deliveries on the state after the last one", async () => {
    const s = scenario();
    const h = await open(s);
    const reviews = [people.mallory, people.sam, people.alice].map((who) =>
      s.github.review(7, who, "APPROVED"),
    );
    await Promise.all(reviews.map((r) => h.deliver("pull_request_review", reviewEvent(s.github, s.pull, r))));
    await h.app.idle();
    // However the deliveries interleave, the last evaluation sees every review.
    expect(h.github.latestCheck(MAIN, s.headSha)!.conclusion).toBe("success");
    expect(h.github.checks(MAIN, s.headSha)).toHaveLength(1);
  });

  it("asks the missing approvers for a review when the policy says so", async () => {
    const s = scenario();
    await open(s);
    expect(s.github.reviewRequests).toEqual([
      { number: 7, reviewers: ["alice-support", "sam-support"], team_reviewers: ["support-leads"] },
    ]);
  });
});

describe("approvals app: GitHub's rate limits", () => {
  it("waits for the rate limit to reset and retries, with Probot's production client", async () => {
    const s = scenario();
    harness = await startHarness(s.github, { productionOctokit: true });
    const reset = Math.ceil(Date.now() / 1000) + 1;
    s.github.fail(403, (_m, path, op) => path === "/graphql" && op === "CharterPullRequest", 1, {
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": String(reset),
    });
    await harness.send("pull_request", pullRequestEvent(s.github, s.pull, "opened"));
    expect(s.github.requests((r) => r.operation === "CharterPullRequest")).toHaveLength(2);
    expect(s.github.latestCheck(MAIN, s.headSha)!.conclusion).toBe("action_required");
  }, 30_000);
});

describe("approvals app: reconciliation", () => {
  it("re-evaluates every open pull request on demand, behind a bearer token", async () => {
    const s = scenario();
    harness = await startHarness(s.github, { adminToken: "admin-token" });
    const denied = await fetch(`${harness.url}/charter/reconcile`, {
      method: "POST",
      headers: { authorization: "Bearer nope" },
    });
    expect(denied.status).toBe(401);
    expect(s.github.checkRuns).toEqual([]);
    const ok = await fetch(`${harness.url}/charter/reconcile`, {
      method: "POST",
      headers: { authorization: "Bearer admin-token" },
    });
    expect(ok.status).toBe(202);
    expect(await ok.json()).toEqual({ queued: 1 });
    await harness.app.idle();
    expect(s.github.latestCheck(MAIN, s.headSha)!.conclusion).toBe("action_required");
  });

  it("revalidates the lists it polls with ETags: an unchanged list costs only 304s", async () => {
    const s = scenario();
    harness = await startHarness(s.github);
    expect(await harness.app.reconcile()).toBe(1);
    await harness.app.idle();
    const before = s.github.log.length;
    expect(await harness.app.reconcile()).toBe(1);
    await harness.app.idle();
    expect(s.github.notModified).toBe(3); // installations, repositories, open pull requests
    expect(
      s.github.log
        .slice(before)
        .filter((r) => r.method === "GET")
        .map((r) => r.path),
    ).toEqual(["/app/installations", "/installation/repositories", "/repos/acme/ai/pulls"]);
  });

  it("keeps the endpoint off without a token", async () => {
    harness = await startHarness(scenario().github);
    const res = await fetch(`${harness.url}/charter/reconcile`, { method: "POST" });
    expect(res.status).toBe(404);
  });
});
