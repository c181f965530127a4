import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as core from "@actions/core";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createGitHubClient } from "../core/github/client.ts";
import type { CommentsClient } from "../core/github/sticky-comment.ts";
import { edit, validRepo } from "../test/helpers/governed-repo.ts";
import { mermaidParse } from "../test/helpers/mermaid.ts";
import { gitRepo } from "../test/helpers/tree.ts";
import { runDiff } from "./diff.ts";
import { parseInputs } from "./inputs.ts";

const API = "https://api.github.com";

function inputs(extra: Record<string, string> = {}) {
  const values: Record<string, string> = { command: "diff", "github-token": "ghs_test", ...extra };
  return parseInputs((name) => values[name] ?? "");
}

function fakeCore() {
  const outputs: Record<string, string> = {};
  const infos: string[] = [];
  return {
    outputs,
    infos,
    core: {
      setOutput: (k: string, v: unknown) => {
        outputs[k] = String(v);
      },
      info: (m: string) => infos.push(m),
      warning: (m: string | Error) => infos.push(`warning: ${String(m)}`),
      summary: core.summary,
    },
  };
}

function pullRequest() {
  const base = validRepo();
  let head = edit(base, "tenants/support/workflows/triage.yml", "route: fast", "route: careful");
  head = edit(
    head,
    "tenants/support/workflows/triage.yml",
    "version: 1.0.0\ninputs",
    "version: 1.1.0\ninputs",
  );
  const { dir, shas } = gitRepo([base, head]);
  return { dir, pr: { owner: "acme", repo: "ai", number: 12, baseSha: shas[0]!, headSha: shas[1]! } };
}

// @actions/core caches the summary file path for the process, so one file serves every test.
const summaryFile = join(mkdtempSync(join(tmpdir(), "charter-summary-")), "summary.md");

describe("Action command: diff", () => {
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

  it("posts one sticky comment, then updates it in place on the next run", async () => {
    const { dir, pr } = pullRequest();
    const client = async () =>
      (await createGitHubClient("ghs_test", { env: {} })) as unknown as CommentsClient;
    const posted: { body: string }[] = [];
    const first = nock(API, { reqheaders: { authorization: "token ghs_test" } })
      .get("/repos/acme/ai/issues/12/comments")
      .query({ per_page: 100 })
      .reply(200, [])
      .post("/repos/acme/ai/issues/12/comments", (b) => {
        posted.push(b);
        return true;
      })
      .reply(201, {
        id: 501,
        body: "",
        html_url: "https://github.com/acme/ai/pull/12#issuecomment-501",
        user: { type: "Bot" },
      });
    const run1 = fakeCore();
    await runDiff(inputs(), run1.core, dir, pr, client);
    first.done();
    expect(run1.outputs).toEqual({
      changes: "1",
      risk: "medium",
      "comment-url": "https://github.com/acme/ai/pull/12#issuecomment-501",
    });
    const body = posted[0]!.body;
    expect(body.startsWith("<!-- charter:diff -->\n## 🧭 Charter diff")).toBe(true);
    expect(body).toContain(`Base <code>${pr.baseSha.slice(0, 7)}</code>`);
    expect(body).toContain("| <b>support</b> | 🟡 medium | <code>node-changed</code> |");
    expect(body).toContain(
      "| <code>classify</code> | changed | route: <code>fast</code> → <code>careful</code> |",
    );
    const diagram = /````?mermaid\n([\s\S]*?)\n````?/.exec(body)![1]!;
    await mermaidParse(diagram);
    expect(readFileSync(summaryFile, "utf8")).toContain("<!-- charter:diff -->");

    const patched: { body: string }[] = [];
    const second = nock(API)
      .get("/repos/acme/ai/issues/12/comments")
      .query(true)
      .reply(200, [
        {
          id: 501,
          body: "<!-- charter:diff -->\nstale",
          html_url: "u",
          user: { type: "Bot", login: "github-actions[bot]" },
        },
      ])
      .patch("/repos/acme/ai/issues/comments/501", (b) => {
        patched.push(b);
        return true;
      })
      .reply(200, {
        id: 501,
        body: "",
        html_url: "https://github.com/acme/ai/pull/12#issuecomment-501",
        user: { type: "Bot" },
      });
    const run2 = fakeCore();
    await runDiff(inputs(), run2.core, dir, pr, client);
    second.done();
    expect(patched[0]!.body).toBe(body);
    expect(run2.infos).toContain("Comment updated: https://github.com/acme/ai/pull/12#issuecomment-501");
  });

  it("does not post with comment: false, and explains a missing base", async () => {
    const { dir, pr } = pullRequest();
    const run = fakeCore();
    await runDiff(inputs({ comment: "false" }), run.core, dir, pr, async () => {
      throw new Error("must not create a client");
    });
    expect(run.outputs).toEqual({ changes: "1", risk: "medium" });
    await expect(
      runDiff(inputs(), fakeCore().core, dir, undefined, async () => ({}) as CommentsClient),
    ).rejects.toThrow(/needs a base/);
  });
});
