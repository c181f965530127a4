import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { samplePullRequest } from "../cli/demo/sample-pull-request.ts";
import { verifyRelease } from "../core/publish/verify-release.ts";
import { openRegistry } from "../core/registry/open.ts";
import { loadTrustedKeys, writeKeyPair } from "../core/signing/keys.ts";
import { ROOT } from "./helpers/cli.ts";
import { edit, validRepo } from "./helpers/governed-repo.ts";
import { at } from "./helpers/positions.ts";
import { gitRepo, writeTree } from "./helpers/tree.ts";

interface ActionRun {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Runs the committed bundle exactly as the runner does: `node dist/action.js` with INPUT_* variables. */
function runAction(
  workspace: string,
  inputs: Record<string, string>,
  event?: object,
  extraEnv: Record<string, string> = {},
): Promise<ActionRun> {
  const files = writeTree({ "output.txt": "", "summary.md": "", "event.json": JSON.stringify(event ?? {}) });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: join(files, "output.txt"),
    GITHUB_STEP_SUMMARY: join(files, "summary.md"),
    GITHUB_EVENT_PATH: join(files, "event.json"),
    GITHUB_EVENT_NAME: event ? "pull_request" : "push",
    ...extraEnv,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, "dist", "action.js")],
      { cwd: workspace, env },
      (error, stdout) => {
        const outputs: Record<string, string> = {};
        const text = readFileSync(join(files, "output.txt"), "utf8");
        for (const m of text.matchAll(/^(\S+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1]!] = m[3]!;
        resolve({
          code: error ? ((error as { code?: number }).code ?? 1) : 0,
          stdout,
          outputs,
          summary: readFileSync(join(files, "summary.md"), "utf8"),
        });
      },
    );
  });
}

describe("the Action (dist/action.js)", () => {
  it("passes a clean repository: outputs, an empty SARIF report and a green summary", async () => {
    const { dir } = gitRepo([validRepo()], { subdir: "governed" });
    const r = await runAction(dir, { command: "lint", path: "governed" });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/^::error/m);
    expect(r.outputs).toMatchObject({
      errors: "0",
      warnings: "0",
      "sarif-file": join(dir, "charter-lint.sarif"),
    });
    expect(JSON.parse(readFileSync(join(dir, "charter-lint.sarif"), "utf8")).runs[0].results).toEqual([]);
    expect(r.summary).toMatch(/<h2>✅ Charter lint<\/h2>/);
  });

  it("annotates each problem at its workspace path, fills the job summary and fails", async () => {
    const tree = edit(validRepo(), "tenants/support/workflows/triage.yml", "route: fast", "route: fats");
    const { dir } = gitRepo([tree], { subdir: "governed" });
    const r = await runAction(dir, { command: "lint", path: "governed", "sarif-file": "out/../lint.sarif" });
    expect(r.code).toBe(1);
    const [, line, col] = at(tree, "tenants/support/workflows/triage.yml", "fats").split(":");
    expect(r.stdout).toContain(
      `::error title=charter unresolved-ref,file=governed/tenants/support/workflows/triage.yml,line=${line},endLine=${line},col=${col},endColumn=${Number(col) + 4}::Route "fats" is not defined`,
    );
    expect(r.stdout).toMatch(/^::error::Charter lint found 1 error\(s\)/m);
    expect(r.outputs.errors).toBe("1");
    expect(r.summary).toMatch(/❌ Charter lint/);
    expect(r.summary).toContain(
      `<td><code>unresolved-ref</code></td><td><code>governed/tenants/support/workflows/triage.yml:${line}:${col}</code></td>`,
    );
    const sarif = JSON.parse(readFileSync(join(dir, "lint.sarif"), "utf8"));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      "governed/tenants/support/workflows/triage.yml",
    );
  });

  it("compares with the pull request's base commit from the event payload", async () => {
    const base = validRepo();
    const head = edit(
      base,
      "tenants/support/prompts/classify.yml",
      "content: Classify the text.",
      "content: Classify it.",
    );
    const { dir, shas } = gitRepo([base, head]);
    const r = await runAction(dir, { command: "lint" }, { pull_request: { base: { sha: shas[0] } } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /::error title=charter version-not-bumped,file=tenants\/support\/prompts\/classify.yml/,
    );
    expect(r.summary).toContain(`compared with <code>${shas[0]!.slice(0, 12)}</code>`);
  });

  it("fails closed when the base commit cannot be found", async () => {
    const { dir } = gitRepo([validRepo()]);
    const r = await runAction(dir, { command: "lint", base: "0123456789abcdef0123456789abcdef01234567" });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::The base commit 0123456789ab.* is not available.*fetch-depth: 0/);
  });

  it("honours fail-on: warning and never", async () => {
    const tree = edit(
      validRepo(),
      "tenants/support/workflows/triage.yml",
      "outputs:",
      "  orphan:\n    type: transform\n    value: 1\noutputs:",
    );
    const { dir } = gitRepo([tree]);
    expect((await runAction(dir, { command: "lint", "fail-on": "warning" })).code).toBe(1);
    const never = await runAction(dir, { command: "lint", "fail-on": "never" });
    expect(never.code).toBe(0);
    expect(never.stdout).toMatch(/^::warning title=charter unused-node/m);
  });

  it("command: diff writes the job summary and outputs from the bundle (comment: false, no network)", async () => {
    const base = validRepo();
    const head = edit(
      edit(base, "tenants/support/workflows/triage.yml", "route: fast", "route: careful"),
      "tenants/support/workflows/triage.yml",
      "version: 1.0.0\ninputs",
      "version: 1.1.0\ninputs",
    );
    const { dir, shas } = gitRepo([base, head]);
    const r = await runAction(
      dir,
      { command: "diff", comment: "false" },
      {
        pull_request: { number: 3, base: { sha: shas[0] }, head: { sha: shas[1] } },
        repository: { name: "ai", owner: { login: "acme" } },
      },
    );
    expect(r.code).toBe(0);
    expect(r.outputs).toEqual({ changes: "1", risk: "medium" });
    expect(r.summary).toMatch(/^<!-- charter:diff -->\n## 🧭 Charter diff/);
    expect(r.summary).toContain("```mermaid\nflowchart TD");
  });

  it("command: evaluate replays base vs head from the bundle and fails on the regression (no secrets, no network)", async () => {
    const pr = await samplePullRequest();
    const r = await runAction(
      pr.dir,
      { command: "evaluate", comment: "false", mode: "replay" },
      {
        pull_request: { number: 9, base: { sha: pr.base }, head: { sha: pr.head } },
        repository: { name: "ai", owner: { login: "acme" } },
      },
    );
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({ regressions: "1", conclusion: "failure" });
    expect(r.stdout).toMatch(/^::error::Charter eval: .*support\/classify-ticket: 1 case regressed/m);
    expect(r.summary).toMatch(/^<!-- charter:eval -->/);
    expect(JSON.parse(readFileSync(join(pr.dir, "charter-eval.json"), "utf8")).comparison.conclusion).toBe(
      "failure",
    );
  });

  it("command: publish signs and publishes from the bundle on push to the default branch (key from the environment, no network)", async () => {
    const { dir, shas } = gitRepo([validRepo()]);
    const keys = writeTree({});
    const written = await writeKeyPair(keys, "ci");
    const registry = join(writeTree({}), "registry");
    const r = await runAction(
      dir,
      { command: "publish", registry, "push-tags": "false", "github-token": "" },
      { repository: { default_branch: "main", name: "ai", owner: { login: "acme" } } },
      {
        GITHUB_EVENT_NAME: "push",
        GITHUB_REF: "refs/heads/main",
        GITHUB_SHA: shas[0]!,
        CHARTER_SIGNING_KEY: readFileSync(written.privateKeyPath, "utf8"),
      },
    );
    expect(r.stdout).not.toMatch(/::error::/);
    expect(r.code).toBe(0);
    expect(r.outputs.published).toBe("2");
    expect(r.summary).toContain("## 📦 Charter publish");
    const v = await verifyRelease(openRegistry(registry), "support/triage", "staging", {
      trustedKeys: loadTrustedKeys([written.publicKeyPath]),
    });
    expect(v.ok).toBe(true);
  });

  it.each([
    [{ command: "deploy" }, /Input "command" must be one of lint, diff, evaluate, publish; got "deploy"/],
    [{ command: "lint", "fail-on": "sometimes" }, /Input "fail-on" must be error, warning or never/],
    [{ command: "lint", path: "does-not-exist" }, /is not a directory/],
  ])("reports bad inputs clearly: %j", async (inputs, message) => {
    const dir = writeTree({});
    writeFileSync(join(dir, "x"), "");
    const r = await runAction(dir, inputs);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(message);
  });
});
