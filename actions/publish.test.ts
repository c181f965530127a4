import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as core from "@actions/core";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  mockPullRequest,
  OWNER,
  publishScenario,
  REPO,
  type Scenario,
} from "../test/helpers/publish-scenario.ts";
import { git, writeTree } from "../test/helpers/tree.ts";
import { parseInputs } from "./inputs.ts";
import { runPublish } from "./publish.ts";

// @actions/core caches the summary path on first write: one file for the whole suite.
const summaryFile = join(mkdtempSync(join(tmpdir(), "charter-summary-")), "summary.md");

function inputs(extra: Record<string, string> = {}) {
  const values: Record<string, string> = { command: "publish", "github-token": "ghs_test", ...extra };
  return parseInputs((name) => values[name] ?? "");
}

function fakeCore() {
  const outputs: Record<string, string> = {};
  const warnings: string[] = [];
  return {
    outputs,
    warnings,
    core: {
      setOutput: (k: string, v: unknown) => {
        outputs[k] = String(v);
      },
      info: () => {},
      warning: (m: string | Error) => warnings.push(String(m)),
      setFailed: () => {},
      summary: core.summary,
    },
  };
}

describe("Action command: publish", () => {
  let s: Scenario;
  let remote: string;
  const env = (extra: Record<string, string> = {}) => {
    const event = join(writeTree({}), "event.json");
    writeFileSync(
      event,
      JSON.stringify({ repository: { default_branch: "main", name: REPO, owner: { login: OWNER } } }),
    );
    return {
      GITHUB_EVENT_PATH: event,
      GITHUB_EVENT_NAME: "push",
      GITHUB_REF: "refs/heads/main",
      GITHUB_SHA: s.merge,
      GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_WORKFLOW_REF: `${OWNER}/${REPO}/.github/workflows/publish.yml@refs/heads/main`,
      GITHUB_RUN_ID: "99",
      CHARTER_SIGNING_KEY: readFileSync(s.keyFile, "utf8"),
      ...extra,
    };
  };
  beforeEach(async () => {
    nock.disableNetConnect();
    s = await publishScenario();
    writeFileSync(summaryFile, "");
    vi.stubEnv("GITHUB_STEP_SUMMARY", summaryFile);
    core.summary.emptyBuffer();
    remote = writeTree({});
    git(remote, "init", "-q", "--bare");
    git(s.dir, "remote", "add", "origin", remote);
    git(s.dir, "push", "-q", "origin", "main");
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
    vi.unstubAllEnvs();
  });

  it("on push to the default branch: publishes the merged commit with its pull request's facts, pushes tags, sets outputs", async () => {
    const scope = mockPullRequest(s);
    const c = fakeCore();
    await runPublish(inputs({ registry: s.registryDir }), c.core, s.dir, env());
    scope.done();
    expect(c.outputs.published).toBe("2");
    expect(
      JSON.parse(c.outputs.releases!).map(
        (r: { workflow: string; version: string }) => `${r.workflow}@${r.version}`,
      ),
    ).toEqual(["helper@1.0.0", "triage@1.1.0"]);
    expect(git(remote, "tag", "-l").split("\n").sort()).toEqual([
      "charter/support/helper/v1.0.0",
      "charter/support/triage/v1.1.0",
    ]);
    const summary = readFileSync(summaryFile, "utf8");
    expect(summary).toContain("## 📦 Charter publish");
    expect(summary).toContain("from pull request #7 by dev, merged by lead");
  });

  it("refuses outside a push to the default branch, but previews with dry-run", async () => {
    const c = fakeCore();
    await expect(
      runPublish(
        inputs({ registry: s.registryDir }),
        c.core,
        s.dir,
        env({ GITHUB_EVENT_NAME: "pull_request" }),
      ),
    ).rejects.toThrow(/runs on push to the default branch \(the event is pull_request, not push\)/);
    await expect(
      runPublish(
        inputs({ registry: s.registryDir }),
        c.core,
        s.dir,
        env({ GITHUB_REF: "refs/heads/feature" }),
      ),
    ).rejects.toThrow(/refs\/heads\/feature is not the default branch \(main\)/);
    await runPublish(
      inputs({ registry: s.registryDir, "dry-run": "true" }),
      c.core,
      s.dir,
      env({ GITHUB_EVENT_NAME: "pull_request" }),
    );
    expect(c.outputs.published).toBe("0");
    expect(readFileSync(summaryFile, "utf8")).toContain("Plan for");
    expect(git(remote, "tag", "-l")).toBe("");
  });

  it("records the GitHub Actions run as the builder and invocation in the provenance", async () => {
    const scope = mockPullRequest(s);
    const c = fakeCore();
    await runPublish(inputs({ registry: s.registryDir, "push-tags": "false" }), c.core, s.dir, env());
    scope.done();
    const { verifyRelease } = await import("../core/publish/verify-release.ts");
    const { openRegistry } = await import("../core/registry/open.ts");
    const { loadTrustedKeys } = await import("../core/signing/keys.ts");
    const v = await verifyRelease(openRegistry(s.registryDir), "support/triage", "1.1.0", {
      trustedKeys: loadTrustedKeys([s.publicKeyFile]),
    });
    expect(v.ok && v.provenance).toMatchObject({
      runDetails: {
        builder: { id: `https://github.com/${OWNER}/${REPO}/.github/workflows/publish.yml@refs/heads/main` },
        metadata: { invocationId: `https://github.com/${OWNER}/${REPO}/actions/runs/99/attempts/1` },
      },
    });
    expect(git(remote, "tag", "-l")).toBe("");
  });
});
