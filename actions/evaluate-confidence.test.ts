/** The release-confidence verdict at the top of the evaluate command's PR comment and job summary. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as core from "@actions/core";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { samplePullRequest } from "../cli/demo/sample-pull-request.ts";
import { approvalsFromCheckRun } from "../core/confidence/approvals-check.ts";
import { readEvalSummary } from "../core/eval/format/summary-block.ts";
import { createGitHubClient } from "../core/github/client.ts";
import type { CommentsClient } from "../core/github/sticky-comment.ts";
import { ACME, coveredChange } from "../test/helpers/example-tree.ts";
import { gitRepo } from "../test/helpers/tree.ts";
import { approvalsReader, runEvaluate } from "./evaluate.ts";
import { parseInputs } from "./inputs.ts";

const summaryFile = join(mkdtempSync(join(tmpdir(), "charter-summary-")), "summary.md");

function inputs(extra: Record<string, string> = {}) {
  const values: Record<string, string> = {
    command: "evaluate",
    "github-token": "ghs_test",
    mode: "replay",
    ...extra,
  };
  return parseInputs((name) => values[name] ?? "");
}

function fakeCore() {
  const outputs: Record<string, string> = {};
  return {
    outputs,
    core: {
      setOutput: (k: string, v: unknown) => {
        outputs[k] = String(v);
      },
      info: () => {},
      warning: (m: string | Error) => {
        throw new Error(`unexpected warning: ${String(m)}`);
      },
      setFailed: () => {},
      summary: core.summary,
    },
  };
}

/** The comment as a reader sees it: without the hidden HTML comments at its top. */
const visible = (body: string) => body.replace(/^(?:<!--[^\n]*-->\n)+/, "");

function checkRuns(sha: string, runs: object[]) {
  return nock("https://api.github.com")
    .get(`/repos/acme/ai/commits/${sha}/check-runs`)
    .query({ check_name: "Charter approvals (main)", filter: "latest", per_page: "10" })
    .reply(200, { total_count: runs.length, check_runs: runs });
}

describe("Action command: evaluate — release confidence", () => {
  beforeEach(() => {
    nock.disableNetConnect();
    writeFileSync(summaryFile, "");
    vi.stubEnv("GITHUB_STEP_SUMMARY", summaryFile);
    core.summary.emptyBuffer();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
    vi.unstubAllEnvs();
  });

  it("the comment and the job summary start with the verdict, approvals read from the app's check run", async () => {
    const pr = await samplePullRequest();
    const posted: { body: string }[] = [];
    const checks = checkRuns(pr.head, [
      {
        id: 7,
        status: "completed",
        conclusion: "action_required",
        html_url: "https://github.com/acme/ai/runs/7",
        output: { title: "Waiting for approval: finance 1/2" },
      },
    ]);
    const comments = nock("https://api.github.com")
      .get("/repos/acme/ai/issues/9/comments")
      .query(true)
      .reply(200, [])
      .post("/repos/acme/ai/issues/9/comments", (b) => {
        posted.push(b);
        return true;
      })
      .reply(201, {
        id: 1,
        html_url: "https://github.com/acme/ai/pull/9#issuecomment-1",
        user: { type: "Bot" },
      });
    const run = fakeCore();
    await runEvaluate(
      inputs(),
      run.core,
      pr.dir,
      { owner: "acme", repo: "ai", number: 9, baseSha: pr.base, headSha: pr.head, baseRef: "main" },
      {},
      async () => (await createGitHubClient("ghs_test", { env: {} })) as unknown as CommentsClient,
      approvalsReader("ghs_test", {}),
    );
    checks.done();
    comments.done();
    expect(run.outputs.confidence).toBe("blocked");
    const body = posted[0]!.body;
    expect(body.startsWith("<!-- charter:eval -->\n")).toBe(true);
    expect(visible(body).startsWith("### 🔴 Release confidence: **blocked**\n")).toBe(true);
    expect(body).toMatch(
      /^<!-- charter:eval -->\n<!-- charter:eval-summary [^\n]*-->\n<!-- charter:confidence -->\n### 🔴 Release confidence: \*\*blocked\*\*\n/,
    );
    expect(body).toContain("approvals: pending");
    expect(body).toContain("`security-unapproved`");
    expect(body).toContain("`eval-regression`");
    expect(body.indexOf("Release confidence")).toBeLessThan(body.indexOf("## 🧪 Charter eval"));
    // The hidden evaluation summary publish reads back is intact.
    expect(readEvalSummary(body)?.head).toBe(pr.head);

    const summary = readFileSync(summaryFile, "utf8");
    expect(summary).toContain("### 🔴 Release confidence: **blocked**");
    expect(summary.indexOf("Release confidence")).toBeLessThan(summary.indexOf("## 🧪 Charter eval"));
  });

  it("a covered change the approvals check approved is ready", async () => {
    const { dir, shas } = gitRepo([ACME, coveredChange()]);
    const checks = checkRuns(shas[1]!, [
      { id: 3, status: "completed", conclusion: "success", output: { title: "Approved: support 1/1" } },
    ]);
    const run = fakeCore();
    await runEvaluate(
      inputs({ comment: "false" }),
      run.core,
      dir,
      { owner: "acme", repo: "ai", number: 4, baseSha: shas[0]!, headSha: shas[1]!, baseRef: "main" },
      {},
      async () => {
        throw new Error("no comment with comment: false");
      },
      approvalsReader("ghs_test", {}),
    );
    checks.done();
    expect(run.outputs).toMatchObject({ confidence: "ready", conclusion: "success" });
    const summary = readFileSync(summaryFile, "utf8");
    expect(summary).toMatch(
      /^<!-- charter:eval -->\n<!-- charter:confidence -->\n### 🟢 Release confidence: \*\*ready\*\*\n/,
    );
    expect(summary).toContain("approvals: approved");
  });

  it("confidence: false leaves the comment as it was", async () => {
    const { dir, shas } = gitRepo([ACME, coveredChange()]);
    const run = fakeCore();
    await runEvaluate(
      inputs({ comment: "false", confidence: "false" }),
      run.core,
      dir,
      { owner: "acme", repo: "ai", number: 4, baseSha: shas[0]!, headSha: shas[1]! },
      {},
      async () => {
        throw new Error("no comment");
      },
      async () => {
        throw new Error("approvals are not read without the verdict");
      },
    );
    expect(run.outputs.confidence).toBeUndefined();
    expect(readFileSync(summaryFile, "utf8")).not.toContain("Release confidence");
  });
});

describe("approvals from the app's check run", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
  const sha = "a".repeat(40);
  const read = async () =>
    approvalsFromCheckRun(await createGitHubClient("ghs_test", { env: {} }), {
      owner: "acme",
      repo: "ai",
      headSha: sha,
      baseRef: "main",
    });

  it.each([
    [[], { source: "unknown" }],
    [
      [{ id: 1, status: "in_progress", conclusion: null, output: { title: "Evaluating" } }],
      { conclusion: "pending" },
    ],
    [
      [{ id: 1, status: "completed", conclusion: "success", output: { title: "Approved" } }],
      { conclusion: "approved" },
    ],
    [
      [
        {
          id: 1,
          status: "completed",
          conclusion: "failure",
          output: { title: "Changes requested by lee (support)" },
        },
      ],
      { conclusion: "blocked" },
    ],
    [
      [
        {
          id: 1,
          status: "completed",
          conclusion: "failure",
          output: { title: "Cannot be approved: invalid policy" },
        },
      ],
      { conclusion: "error" },
    ],
    [
      [
        { id: 1, status: "completed", conclusion: "success", output: { title: "Approved" } },
        { id: 2, status: "completed", conclusion: "action_required", output: { title: "Waiting" } },
      ],
      { conclusion: "pending", title: "Waiting" },
    ],
    [[{ id: 1, status: "completed", conclusion: "cancelled" }], { source: "unknown" }],
  ])("check runs %j → %j", async (runs, expected) => {
    checkRuns(sha, runs);
    expect(await read()).toMatchObject(expected);
  });

  it("an API error is 'not known', never approved", async () => {
    nock("https://api.github.com").get(`/repos/acme/ai/commits/${sha}/check-runs`).query(true).reply(403, {
      message: "Resource not accessible by integration",
    });
    const state = await read();
    expect(state).toMatchObject({ source: "unknown" });
    expect(state.source === "unknown" && state.why).toMatch(/HTTP 403.*checks: read/);
  });
});
