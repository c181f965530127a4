import { describe, expect, it } from "vitest";
import {
  CHARTER_YML,
  directory,
  HEAD_SHA,
  people,
  policyFrom,
  policyTree,
  prFacts,
  review,
} from "../../test/helpers/approvals.ts";
import { aiDraftedBecause } from "./ai-drafted.ts";
import { type Decision, evaluateApprovals } from "./evaluate.ts";
import type { CommitFact, PullRequestFacts } from "./facts.ts";
import { makeRecording, parseRecording } from "./recording.ts";
import { decisionMarkdown, decisionText } from "./render.ts";

const EXTRA_1 = `${CHARTER_YML}drafts:\n  extra_approvals: 1\n`;

function commit(message: string | undefined, sha = HEAD_SHA): CommitFact {
  const who = { name: "Pat", email: "pat@acme.test", user: people.author };
  return { sha, author: who, committer: who, ...(message === undefined ? {} : { message }) };
}

const plain = { labels: [] as string[], commits: [commit("Tune the classifier prompt")] };
const labelled = { labels: ["ai-drafted"], commits: [commit("Draft workflow support/x")] };
const trailer = {
  labels: [] as string[],
  commits: [
    commit("Draft workflow support/x (AI-drafted)\n\nBody.\n\nCharter-Drafted-By: careful/claude-sonnet\n"),
  ],
};

async function decide(facts: Partial<PullRequestFacts>, charter = EXTRA_1) {
  return evaluateApprovals(
    await policyFrom(policyTree({ "charter.yml": charter })),
    prFacts(facts),
    directory(),
  );
}

const ids = (d: Decision) => d.requirements.map((r) => r.id);

describe("approvals engine: AI-drafted pull requests (charter.yml drafts.extra_approvals)", () => {
  it("needs one more human approval when the PR is labelled ai-drafted; the same PR without the label does not", async () => {
    const one = [review(people.alice, "APPROVED")];
    const unmarked = await decide({ ...plain, reviews: one });
    expect(unmarked.conclusion).toBe("approved");
    expect(ids(unmarked)).toEqual(["tenant:support"]);

    const drafted = await decide({ ...labelled, reviews: one });
    expect(drafted.conclusion).toBe("pending");
    expect(ids(drafted)).toEqual(["tenant:support", "ai-drafted:support"]);
    const extra = drafted.requirements[1]!;
    expect(extra.required).toBe(2);
    expect(extra.missing).toBe(1);
    expect(extra.because).toEqual([
      "it is labelled ai-drafted",
      "charter.yml drafts.extra_approvals asks 1 more human approval than support's 1",
    ]);
    expect(drafted.title).toBe("Waiting for approval: support (AI-drafted) 1/2");

    const two = await decide({ ...labelled, reviews: [...one, review(people.lead, "APPROVED")] });
    expect(two.conclusion).toBe("approved");
  });

  it("recognises the Charter-Drafted-By trailer even when the label was removed", async () => {
    const d = await decide({ ...trailer, reviews: [review(people.alice, "APPROVED")] });
    expect(d.conclusion).toBe("pending");
    expect(d.requirements.find((r) => r.id === "ai-drafted:support")?.because[0]).toBe(
      "commit 1111111 carries Charter-Drafted-By: careful/claude-sonnet",
    );
  });

  it("never counts bots towards an AI-drafted change, even bots the tenant allows", async () => {
    // renovate[bot] is in support's allow_bots: it satisfies the tenant requirement, not the draft's.
    const d = await decide({
      ...labelled,
      reviews: [review(people.renovate, "APPROVED"), review(people.alice, "APPROVED")],
    });
    const extra = d.requirements.find((r) => r.id === "ai-drafted:support")!;
    expect(d.requirements.find((r) => r.id === "tenant:support")?.status).toBe("approved");
    expect(extra.status).toBe("pending");
    expect(extra.approvedBy).toEqual([people.alice]);
    expect(extra.verdicts.find((v) => v.user.login === "renovate[bot]")?.counted).toBe(false);
  });

  it("fails closed: labels or commit messages that were not read count as AI-drafted", async () => {
    const one = [review(people.alice, "APPROVED")];
    const noLabels = await decide({ commits: plain.commits, reviews: one });
    expect(noLabels.conclusion).toBe("pending");
    expect(noLabels.requirements[1]?.because[0]).toBe(
      "its labels could not be read, so it is treated as AI-drafted",
    );
    const noMessage = await decide({ labels: [], commits: [commit(undefined)], reviews: one });
    expect(noMessage.conclusion).toBe("pending");
    expect(noMessage.requirements[1]?.because[0]).toMatch(/message could not be read/);
  });

  it("adds nothing when the policy asks for no extra approvals (the default)", async () => {
    const d = await decide({ ...labelled, reviews: [review(people.alice, "APPROVED")] }, CHARTER_YML);
    expect(d.conclusion).toBe("approved");
    expect(ids(d)).toEqual(["tenant:support"]);
  });

  it("applies to governance owners too when a drafted PR touches platform files", async () => {
    const d = await decide({
      ...labelled,
      paths: ["charter.yml"],
      reviews: [review(people.gov, "APPROVED")],
    });
    expect(ids(d)).toEqual(["governance", "ai-drafted:governance"]);
    expect(d.requirements[1]).toMatchObject({ required: 2, missing: 1, status: "pending" });
  });

  it("shows the reason in the rendered decision", async () => {
    const d = await decide({ ...labelled, reviews: [review(people.alice, "APPROVED")] });
    expect(decisionText(d)).toContain(
      "⏳ support (AI-drafted): 1/2  (it is labelled ai-drafted; charter.yml drafts.extra_approvals asks 1 more human approval than support's 1)",
    );
    expect(decisionMarkdown(d)).toContain(
      "| ⏳ | support (AI-drafted) | 2 | @alice-support | 1 more from user:alice-support, user:sam-support, team:acme/support-leads |",
    );
  });
});

describe("approvals recordings keep the AI-drafted markers", () => {
  it("round-trips labels and commit messages, so --simulate decides as the app did", () => {
    const facts = prFacts(trailer);
    const rec = makeRecording(facts, directory(), { sha: "b".repeat(40), root: "", files: {} });
    const back = parseRecording(JSON.stringify(rec), "pr.json");
    expect(back.facts.labels).toEqual([]);
    expect(aiDraftedBecause(back.facts)).toEqual(aiDraftedBecause(facts));
    expect(aiDraftedBecause(back.facts)).toHaveLength(1);
  });
});

describe("aiDraftedBecause", () => {
  it.each([
    ["no markers", plain, []],
    [
      "the label, any case",
      { labels: ["AI-Drafted"], commits: plain.commits },
      ["it is labelled ai-drafted"],
    ],
    [
      "a lower-case trailer key",
      { labels: [], commits: [commit("x\n\ncharter-drafted-by: fast/gpt-4o-mini")] },
      ["commit 1111111 carries Charter-Drafted-By: fast/gpt-4o-mini"],
    ],
    [
      "the words in the subject, not as a trailer line",
      { labels: [], commits: [commit("Mention Charter-Drafted-By in prose")] },
      [],
    ],
    [
      "commits GitHub did not list",
      { labels: [], commits: plain.commits, totalCommits: 3 },
      ["2 of its commits could not be read, so it is treated as AI-drafted"],
    ],
  ] as const)("%s", (_name, facts, expected) => {
    expect(aiDraftedBecause(prFacts(facts as Partial<PullRequestFacts>))).toEqual(expected);
  });
});
