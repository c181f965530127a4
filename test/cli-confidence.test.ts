/**
 * `charter confidence` over real base/head git repositories: the example repository as the base, a
 * change as the head, evaluated on its committed cassettes, approvals judged from given reviews.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./helpers/cli.ts";
import {
  ACME,
  coveredChange,
  DIGEST,
  digestChange,
  exampleFile as file,
  exampleText as text,
} from "./helpers/example-tree.ts";
import { edit } from "./helpers/governed-repo.ts";
import { gitRepo, type Tree, writeTree } from "./helpers/tree.ts";

const user = (id: number, login: string) => ({ id, login, type: "User" });
const PAT = user(5001, "pat-dev");
const ALICE = user(1001, "alice-support");
const BOB = user(2001, "bob-finance");
const CAROL = user(2002, "carol-finance");
const SID = user(4001, "sid-security");

/** What GitHub would report: pat opened the pull request (the test's commits are theirs), these people approved. */
function reviewsFile(...approvers: { id: number; login: string; type: string }[]): string {
  const dir = writeTree({
    "reviews.json": JSON.stringify({
      author: PAT,
      emails: { "test@example.com": PAT },
      reviews: approvers.map((u) => ({ user: u, state: "APPROVED" })),
      directory: {
        users: {},
        teams: {
          "acme/support-leads": { members: [1003] },
          "acme/finance-approvers": { members: [2003] },
          "acme/finance-controllers": { members: [2100] },
          "acme/security": { members: [4001] },
          "acme/ai-governance": { members: [3001] },
        },
      },
    }),
  });
  return join(dir, "reviews.json");
}

interface Result {
  verdict: string;
  score: number;
  thresholds: { needsAttention: number; blocked: number };
  reasons: { code: string; severity: string; message: string; where?: { entity?: string } }[];
  coverage: { entity: { type: string; node?: string; prompt?: string }; coveredBy: string[] }[];
}

/** Runs `charter confidence` on base = examples/acme (+ `base` changes), head = base + `head` changes. */
async function confidence(head: Tree, options: { base?: Tree; reviews?: string; args?: string[] } = {}) {
  const { dir, shas } = gitRepo([{ ...ACME, ...options.base }, head]);
  const r = await cli(
    [
      "confidence",
      "--base",
      shas[0]!,
      "--head",
      shas[1]!,
      "--format",
      "json",
      ...(options.reviews ? ["--reviews", options.reviews] : []),
      ...(options.args ?? []),
    ],
    { cwd: dir },
  );
  if (r.stderr) throw new Error(r.stderr);
  return { code: r.code, result: JSON.parse(r.stdout) as Result };
}

const codes = (r: Result) => r.reasons.filter((x) => x.severity !== "info").map((x) => x.code);

describe("charter confidence", () => {
  it("a covered, approved, non-regressing change is ready (exit 0)", async () => {
    const { code, result } = await confidence(coveredChange(), { reviews: reviewsFile(ALICE) });
    expect(result.verdict).toBe("ready");
    expect(code).toBe(0);
    expect(codes(result)).toEqual([]);
    expect(result.coverage).toEqual([
      {
        tenant: "support",
        entity: { type: "node", workflow: "article-digest", node: "digest" },
        because: "value.edition changed",
        file: DIGEST,
        coveredBy: ["support/article-digest-e2e/refunds-digest@workflow"],
      },
    ]);
    expect(result.score).toBe(1);
  });

  it("the same change without approvals needs attention (exit 3): approvals pending", async () => {
    const { code, result } = await confidence(coveredChange(), { reviews: reviewsFile() });
    expect(result.verdict).toBe("needs-attention");
    expect(code).toBe(3);
    expect(codes(result)).toEqual(["approvals-pending"]);
  });

  it("a prompt change no eval case exercises needs attention, and the reason names the prompt", async () => {
    const PROMPT = "tenants/finance/prompts/summarize-dispute.yml";
    const BATCH = "tenants/finance/workflows/dispute-batch.yml";
    const head = {
      ...edit(
        edit(file(PROMPT), PROMPT, "version: 1.0.0", "version: 1.1.0"),
        PROMPT,
        "in one sentence",
        "in one short sentence",
      ),
      ...edit(file(BATCH), BATCH, "version: 1.1.0", "version: 1.1.1"),
    };
    const { code, result } = await confidence(head, { reviews: reviewsFile(BOB, CAROL) });
    expect(result.verdict).toBe("needs-attention");
    expect(code).toBe(3);
    expect(codes(result)).toEqual(["uncovered-prompt"]);
    const reason = result.reasons.find((r) => r.code === "uncovered-prompt")!;
    expect(reason.where?.entity).toBe("finance/summarize-dispute");
    expect(reason.message).toContain("Prompt finance/summarize-dispute");

    // Under a base whose rules make coverage gaps blocking, the same change is blocked.
    const strict = await confidence(head, {
      reviews: reviewsFile(BOB, CAROL),
      base: edit(file("charter.yml"), "charter.yml", /$/, "confidence:\n  rules: { uncovered: blocked }\n"),
    });
    expect(strict.result.verdict).toBe("blocked");
    expect(codes(strict.result)).toEqual(["uncovered-prompt"]);
  });

  it("a removed approval gate without the security approval is blocked (exit 1); with it, it is not", async () => {
    const VIP = "tenants/support/workflows/vip-escalation.yml";
    let head = edit(file(VIP), VIP, "version: 1.0.0", "version: 1.1.0");
    head = edit(head, VIP, / {2}lead-review:\n(?: {4}.*\n)+/, "");
    head = edit(head, VIP, "needs: [lead-review]", "needs: [triage]");
    head = edit(head, VIP, "; lead decision: ${{ nodes.lead-review.output.decision }}", "");
    head = edit(head, VIP, "  reviewed: ${{ nodes.lead-review.status == 'succeeded' }}\n", "");
    const { code, result } = await confidence(head, { reviews: reviewsFile(ALICE) });
    expect(result.verdict).toBe("blocked");
    expect(code).toBe(1);
    const security = result.reasons.filter((r) => r.code === "security-unapproved");
    expect(security).toHaveLength(1);
    expect(security[0]!.message).toContain("approval gate lead-review removed");
    expect(security[0]!.message).toContain("platform escalation (approval-removed) (0/1)");

    const approved = await confidence(head, { reviews: reviewsFile(ALICE, SID) });
    expect(codes(approved.result)).not.toContain("security-unapproved");
    // Still risky (a critical change), and no case runs the rewired note node or the workflow's new outputs.
    expect(approved.result.verdict).toBe("needs-attention");
    expect(codes(approved.result)).toEqual(["uncovered-node", "uncovered-workflow", "risk-score"]);
  });

  it("lint errors block", async () => {
    const { result } = await confidence(digestChange("route: by-size", "route: no-such-route"), {
      reviews: reviewsFile(ALICE),
    });
    expect(result.verdict).toBe("blocked");
    expect(codes(result)).toContain("lint-error");
  });

  it("an eval regression blocks; in an advisory suite (base config) it needs attention", async () => {
    const head = digestChange("      topic: ${{ inputs.topic }}\n", "      topic: weekly\n");
    const { result } = await confidence(head, { reviews: reviewsFile(ALICE) });
    expect(result.verdict).toBe("blocked");
    expect(codes(result)).toEqual(["eval-regression", "eval-failing"]);
    expect(result.reasons[0]!.message).toContain("refunds-digest");

    const advisory = await confidence(head, {
      reviews: reviewsFile(ALICE),
      base: edit(
        file("charter.yml"),
        "charter.yml",
        /$/,
        "confidence:\n  advisory_suites: [support/article-digest-e2e]\n",
      ),
    });
    expect(advisory.result.verdict).toBe("needs-attention");
    expect(codes(advisory.result)).toEqual(["eval-regression", "eval-failing"]);
  });

  it("thresholds in the base's charter.yml move the verdict; the head's cannot", async () => {
    const strict = edit(
      file("charter.yml"),
      "charter.yml",
      /$/,
      "confidence:\n  thresholds: { needs_attention: 1, blocked: 5 }\n",
    );
    const attention = await confidence(coveredChange(), { reviews: reviewsFile(ALICE), base: strict });
    expect(attention.result.verdict).toBe("needs-attention");
    expect(codes(attention.result)).toEqual(["risk-score"]);

    const blocking = edit(
      file("charter.yml"),
      "charter.yml",
      /$/,
      "confidence:\n  weights: { risk: { medium: 5 } }\n  thresholds: { blocked: 5 }\n",
    );
    const blocked = await confidence(coveredChange(), { reviews: reviewsFile(ALICE), base: blocking });
    expect(blocked.result.verdict).toBe("blocked");
    expect(blocked.result.score).toBe(5);

    // A pull request that relaxes the thresholds is still judged by the base's.
    const relaxed = await confidence(
      {
        ...coveredChange(),
        ...edit(
          file("charter.yml"),
          "charter.yml",
          /$/,
          "confidence:\n  thresholds: { needs_attention: 100, blocked: 200 }\n",
        ),
      },
      { reviews: reviewsFile(ALICE), base: strict },
    );
    expect(relaxed.result.thresholds).toEqual({ needsAttention: 1, blocked: 5 });
    expect(relaxed.result.reasons.find((r) => r.code === "risk-score")?.severity).toBe("attention");
  });

  it("coverage comes from traces: a case named after a node does not cover it unless its run reaches it", async () => {
    const TRIAGE = "tenants/support/workflows/ticket-triage.yml";
    const VIP = "tenants/support/workflows/vip-escalation.yml";
    const SUITE = "tenants/support/evals/ticket-triage.yml";
    const technical = text(SUITE).slice(text(SUITE).indexOf("  - id: technical-free-customer"));
    const head: Tree = {
      ...edit(
        edit(
          edit(file(TRIAGE), TRIAGE, "version: 1.4.0", "version: 1.4.1"),
          TRIAGE,
          "will answer within one business day.",
          "will answer within one working day.",
        ),
        TRIAGE,
        'note: "Auto-triaged as',
        'note: "Triaged as',
      ),
      ...edit(
        edit(file(VIP), VIP, "version: 1.0.0", "version: 1.0.1"),
        VIP,
        "version: 1.4.0",
        "version: 1.4.1",
      ),
      // A case named after the fallback, whose run never takes it (the reply succeeds).
      [SUITE]: `${text(SUITE)}${technical.replace("technical-free-customer", "canned-reply-fallback")}`,
    };
    const { result } = await confidence(head, { reviews: reviewsFile(ALICE) });
    const cover = (node: string) => result.coverage.find((c) => c.entity.node === node)!.coveredBy;
    expect(cover("canned-reply")).toEqual([]);
    expect(cover("log-note")).toContain("support/ticket-triage-e2e/canned-reply-fallback@workflow");
    const uncovered = result.reasons.filter((r) => r.code === "uncovered-node").map((r) => r.where?.entity);
    expect(uncovered).toContain("support/ticket-triage › canned-reply");
    expect(uncovered).not.toContain("support/ticket-triage › log-note");
    expect(result.verdict).toBe("needs-attention");
  });

  it("prints a verdict for a terminal and the PR comment header", async () => {
    const { dir, shas } = gitRepo([ACME, coveredChange()]);
    const pretty = await cli(["confidence", "--base", shas[0]!, "--head", shas[1]!], { cwd: dir });
    expect(pretty.stdout.split("\n")[0]).toBe("release confidence: ! needs attention");
    expect(pretty.stdout).toContain("approvals-unknown");
    expect(pretty.code).toBe(3);
    const md = await cli(["confidence", "--base", shas[0]!, "--format", "markdown"], { cwd: dir });
    expect(
      md.stdout.startsWith("<!-- charter:confidence -->\n### 🟡 Release confidence: **needs attention**"),
    ).toBe(true);
  });

  it.each([
    [["--reviews", "nope.json"], /Cannot read nope.json: no such file/],
    [["--reviews", "bad.json"], /bad.json: author: /],
  ])("refuses bad input %j with a message and exit 2", async (args, message) => {
    const { dir, shas } = gitRepo([ACME, coveredChange()]);
    writeTree({ "bad.json": JSON.stringify({ reviews: [] }) }, dir);
    const r = await cli(["confidence", "--base", shas[0]!, "--head", shas[1]!, ...args], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("needs --head to judge approvals", async () => {
    const { dir, shas } = gitRepo([ACME]);
    const r = await cli(["confidence", "--base", shas[0]!, "--reviews", reviewsFile()], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/give --head REF with --reviews/);
  });
});
