import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as core from "@actions/core";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { samplePullRequest } from "../cli/demo/sample-pull-request.ts";
import { createGitHubClient } from "../core/github/client.ts";
import type { CommentsClient } from "../core/github/sticky-comment.ts";
import { runEvaluate } from "./evaluate.ts";
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
  const failed: string[] = [];
  return {
    outputs,
    failed,
    core: {
      setOutput: (k: string, v: unknown) => {
        outputs[k] = String(v);
      },
      info: () => {},
      warning: () => {},
      setFailed: (m: string | Error) => failed.push(String(m)),
      summary: core.summary,
    },
  };
}

describe("Action command: evaluate", () => {
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

  it("runs base vs head on a pull request (replay, no secrets), comments the regression and fails the check", async () => {
    const pr = await samplePullRequest();
    const posted: { body: string }[] = [];
    const scope = nock("https://api.github.com")
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
      { owner: "acme", repo: "ai", number: 9, baseSha: pr.base },
      {},
      async () => (await createGitHubClient("ghs_test", { env: {} })) as unknown as CommentsClient,
    );
    scope.done();
    expect(run.outputs).toEqual({
      regressions: "1",
      confidence: "blocked",
      "comment-url": "https://github.com/acme/ai/pull/9#issuecomment-1",
      conclusion: "failure",
    });
    expect(run.failed).toEqual([
      "Charter eval: support/classify-ticket: pass rate 75.0% is below its threshold 90%; support/classify-ticket: 1 case regressed",
    ]);
    expect(posted[0]!.body.startsWith("<!-- charter:eval -->")).toBe(true);
    expect(posted[0]!.body).toContain("| <code>cannot-log-in</code> | fast | regressed |");
    expect(readFileSync(summaryFile, "utf8")).toContain("<!-- charter:eval -->");
    const results = JSON.parse(readFileSync(join(pr.dir, "charter-eval.json"), "utf8"));
    expect(results.comparison.conclusion).toBe("failure");
    expect(readFileSync(join(pr.dir, "charter-eval.junit.xml"), "utf8")).toContain("<testsuites");
  });

  it("runs every suite on a push (no base) and passes", async () => {
    const pr = await samplePullRequest();
    const run = fakeCore();
    await runEvaluate(
      inputs({ comment: "false", suites: "review-invoice, support/ticket-triage-e2e" }),
      run.core,
      pr.dir,
      undefined,
      {},
      async () => {
        throw new Error("no comment on push");
      },
    );
    expect(run.outputs).toEqual({ conclusion: "success" });
    expect(run.failed).toEqual([]);
    expect(readFileSync(summaryFile, "utf8")).toMatch(/## 🧪 Charter eval[\s\S]*finance\/review-invoice/);
  });
});
