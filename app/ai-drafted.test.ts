import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../test/helpers/app-harness.ts";
import { CHARTER_YML, people } from "../test/helpers/approvals.ts";
import { scenario } from "../test/helpers/approvals-scenario.ts";
import { pullRequestEvent, reviewEvent } from "../test/helpers/webhooks.ts";

const MAIN = "Charter approvals (main)";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe("approvals app: AI-drafted pull requests", () => {
  it("re-evaluates when the ai-drafted label is added: one more human approval, with the reason in the check", async () => {
    const s = scenario({ baseFiles: { "charter.yml": `${CHARTER_YML}drafts: { extra_approvals: 1 }\n` } });
    harness = await startHarness(s.github);
    const h = harness;
    await h.send("pull_request", pullRequestEvent(s.github, s.pull, "opened"));
    const approve = async (who: typeof people.alice) =>
      h.send(
        "pull_request_review",
        reviewEvent(h.github, s.pull, h.github.review(s.pull.number, who, "APPROVED")),
      );
    await approve(people.alice);
    expect(h.github.latestCheck(MAIN, s.headSha)).toMatchObject({
      conclusion: "success",
      output: { title: "Approved: support 1/1" },
    });

    // Another label changes nothing: no new evaluation (not one request to GitHub).
    const checks = () => h.github.requests().length;
    const before = checks();
    s.pull.labels = ["needs-docs"];
    await h.send("pull_request", pullRequestEvent(s.github, s.pull, "labeled", { label: "needs-docs" }));
    expect(checks()).toBe(before);

    s.pull.labels = ["needs-docs", "ai-drafted"];
    await h.send("pull_request", pullRequestEvent(s.github, s.pull, "labeled", { label: "AI-Drafted" }));
    const check = h.github.latestCheck(MAIN, s.headSha)!;
    expect(check).toMatchObject({
      conclusion: "action_required",
      output: { title: "Waiting for approval: support (AI-drafted) 1/2" },
    });
    expect(check.output.summary).toContain(
      "Required because: it is labelled ai-drafted; charter.yml drafts.extra_approvals asks 1 more human approval than support's 1.",
    );

    await approve(people.lead);
    expect(h.github.latestCheck(MAIN, s.headSha)!.conclusion).toBe("success");
  });

  it("recognises the commit trailer without the label", async () => {
    const s = scenario({ baseFiles: { "charter.yml": `${CHARTER_YML}drafts: { extra_approvals: 1 }\n` } });
    s.pull.commits = s.pull.commits.map((c) => ({
      ...c,
      message: "Draft workflow support/x (AI-drafted)\n\nCharter-Drafted-By: fast/small\n",
    }));
    harness = await startHarness(s.github);
    await harness.send("pull_request", pullRequestEvent(s.github, s.pull, "opened"));
    expect(harness.github.latestCheck(MAIN, s.headSha)!.output.title).toBe(
      "Waiting for approval: support 0/1, support (AI-drafted) 0/2",
    );
  });
});
