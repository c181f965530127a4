import { createHash } from "node:crypto";
import { cp, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { CallMode } from "../core/calls/model-caller.ts";
import { draftWorkflow } from "../core/drafts/draft.ts";
import { evalEnvironment } from "../core/eval/environment.ts";
import { lintProject } from "../core/lint/lint.ts";
import { loadRepo } from "../core/model/load.ts";
import { DirectorySource } from "../core/source/directory-source.ts";
import { DRAFT_EXAMPLE } from "../scripts/record-draft-example.ts";
import { cli, EXAMPLE } from "./helpers/cli.ts";
import { FakeProvider, fakeFactory, reply } from "./helpers/fake-provider.ts";
import { edit, validRepo } from "./helpers/governed-repo.ts";
import { git, gitRepo, type Tree, writeTree } from "./helpers/tree.ts";

const ROUTES = `apiVersion: charter/v1
kind: Routes
routes:
  fast:
    targets:
      - model: small
    retry: { max_attempts: 1 }
`;

function repoTree(): Tree {
  let tree = validRepo();
  tree = edit(tree, "charter.yml", "governance:", "drafts: { route: fast, max_repairs: 2 }\ngovernance:");
  tree = edit(
    tree,
    "models.yml",
    "openai: { type: openai }",
    "openai: { type: openai, api_key_env: OPENAI_API_KEY }",
  );
  return { ...tree, "tenants/support/routes.yml": ROUTES };
}

/** A valid draft for the fixture: a new prompt and a workflow that uses it after the existing classifier. */
function goodAnswer(
  overrides: { needs?: string[]; prompt?: string; name?: string; promptName?: string } = {},
) {
  const promptName = overrides.promptName ?? "summarize-refund";
  return {
    workflow: {
      apiVersion: "charter/v1",
      kind: "Workflow",
      name: overrides.name ?? "refund-digest",
      version: "1.0.0",
      description: "Classify a refund request and summarise it.",
      inputs: { text: { type: "string" } },
      budget: { max_usd: 0.2, timeout: "60s" },
      nodes: {
        classify: { type: "llm", prompt: "classify", route: "fast", with: { text: "${{ inputs.text }}" } },
        summarize: {
          type: "llm",
          needs: overrides.needs ?? ["classify"],
          prompt: overrides.prompt ?? promptName,
          route: "fast",
          with: { text: "${{ inputs.text }}", category: "${{ nodes.classify.output.category }}" },
        },
      },
      outputs: { summary: "${{ nodes.summarize.output }}" },
    },
    prompts: [
      {
        apiVersion: "charter/v1",
        kind: "Prompt",
        name: promptName,
        version: "1.0.0",
        variables: { text: { type: "string" }, category: { type: "string" } },
        messages: [
          { role: "system", content: "Summarise the refund request in one sentence." },
          { role: "user", content: "{{ category }}: {{ text }}" },
        ],
      },
    ],
    notes: "Reuses the classify prompt.",
  };
}

type Answer = object | string;

/** Records cassettes for a draft whose model answers `answers` in turn (a scripted provider). */
async function record(
  dir: string,
  answers: Answer[],
  options: { description: string; from?: string; maxRepairs?: number },
) {
  const provider = new FakeProvider({
    "gpt-4o-mini": answers.map((a) =>
      typeof a === "string" ? reply(a) : reply(JSON.stringify(a), undefined, { json: a }),
    ),
  });
  const source = new DirectorySource(dir);
  const loaded = await loadRepo(source);
  const env = evalEnvironment({
    repo: loaded.repo,
    mode: "record" satisfies CallMode,
    env: { OPENAI_API_KEY: "sk-test" },
    cassetteSources: [source],
    recordRoot: dir,
    createProvider: fakeFactory(provider),
  });
  const result = await draftWorkflow({
    source,
    loaded,
    tenant: "support",
    description: options.description,
    from: options.from,
    maxRepairs: options.maxRepairs,
    chat: (call) => env.router.chat(call),
  });
  await env.caller.flush();
  return { result, calls: provider.calls };
}

/** Every file under the tenant directory with its content hash. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string) => {
    for (const d of await readdir(join(dir, rel), { withFileTypes: true })) {
      const path = `${rel}/${d.name}`;
      if (d.isDirectory()) await walk(path);
      else
        out[path] = createHash("sha256")
          .update(await readFile(join(dir, path)))
          .digest("hex");
    }
  };
  await walk("tenants");
  return out;
}

const DESCRIPTION = "Classify a refund request and summarise it";

beforeEach(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("charter draft: the repair loop on a replay route", () => {
  it("repairs a dangling `needs` within the bound, then writes the files", async () => {
    const dir = writeTree(repoTree());
    const recorded = await record(dir, [goodAnswer({ needs: ["classify", "lookup"] }), goodAnswer()], {
      description: DESCRIPTION,
    });
    expect(recorded.result.status).toBe("ok");
    // The repair request carries the located diagnostic and the numbered file.
    const repair = recorded.calls[1]!.messages.at(-1)!.content;
    expect(repair).toMatch(
      /tenants\/support\/workflows\/refund-digest\.yml:\d+:\d+: error \[[a-z-]+\] .*lookup/,
    );
    expect(repair).toContain("--- tenants/support/workflows/refund-digest.yml");
    expect(recorded.calls[0]!.output?.schema).toMatchObject({ type: "object", required: ["workflow"] });

    const before = await snapshot(dir);
    const run = await cli(["draft", DESCRIPTION, "--tenant", "support", "--replay", dir]);
    expect(run.stderr).toMatch(
      /^round 1 \(small\): 1 lint error, sent back for repair\n {2}tenants\/support\/workflows\/\S+:\d+:\d+: error .+\n$/,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "✔ drafted support/refund-digest in 2 rounds, 1 repair via route fast (small)",
    );
    expect(run.stdout).toContain("  wrote tenants/support/workflows/refund-digest.yml\n");
    expect(run.stdout).toContain("  wrote tenants/support/prompts/summarize-refund.yml\n");
    const after = await snapshot(dir);
    expect(
      Object.keys(after)
        .filter((p) => !(p in before))
        .sort(),
    ).toEqual([
      "tenants/support/prompts/summarize-refund.yml",
      "tenants/support/workflows/refund-digest.yml",
    ]);
    const wf = parse(await readFile(join(dir, "tenants/support/workflows/refund-digest.yml"), "utf8"));
    expect(wf.nodes.summarize.needs).toEqual(["classify"]);
    const lint = await lintProject({ dir });
    expect(lint.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("repairs an answer that is not JSON, then one that fails the schema", async () => {
    const dir = writeTree(repoTree());
    const noBudget = goodAnswer() as { workflow: Record<string, unknown> };
    delete noBudget.workflow.budget;
    const recorded = await record(dir, ["Sure! Here is your workflow: {", noBudget, goodAnswer()], {
      description: DESCRIPTION,
    });
    expect(recorded.result.status).toBe("ok");
    expect(recorded.calls[1]!.messages.at(-1)!.content).toMatch(/The answer is not valid JSON/);
    expect(recorded.calls[2]!.messages.at(-1)!.content).toMatch(/- workflow\.budget: /);

    const run = await cli(["draft", DESCRIPTION, "--tenant", "support", "--replay", dir]);
    expect(run.stderr).toMatch(
      /^round 1 \(small\): 1 schema problem, sent back for repair\n {2}.*JSON.*\nround 2 \(small\): 1 schema problem, sent back for repair\n {2}workflow\.budget: .+\n$/,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("in 3 rounds, 2 repairs");
  });

  it("stops at the bound with the remaining located diagnostics, exit 1, and writes nothing", async () => {
    const dir = writeTree(repoTree());
    const bad = goodAnswer({ prompt: "no-such-prompt" });
    await record(dir, [bad, bad, bad], { description: DESCRIPTION });
    const before = await snapshot(dir);
    const run = await cli(["draft", DESCRIPTION, "--tenant", "support", "--replay", dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "✖ the draft still fails after 2 repair rounds (route fast); nothing was written:",
    );
    expect(run.stderr).toMatch(
      /\n {2}tenants\/support\/workflows\/refund-digest\.yml:\d+:\d+: error \[unresolved-ref\] .*no-such-prompt/,
    );
    expect(await snapshot(dir)).toEqual(before);
  });

  it("honours --max-repairs: with 0 repairs the first invalid answer is final", async () => {
    const dir = writeTree(repoTree());
    await record(dir, [goodAnswer({ needs: ["ghost"] })], { description: DESCRIPTION, maxRepairs: 0 });
    const before = await snapshot(dir);
    const run = await cli([
      "draft",
      DESCRIPTION,
      "--tenant",
      "support",
      "--replay",
      "--max-repairs",
      "0",
      dir,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("after 0 repair rounds");
    expect(await snapshot(dir)).toEqual(before);
  });

  it("feeds back a name that clashes with an existing file instead of overwriting it", async () => {
    const dir = writeTree(repoTree());
    const recorded = await record(dir, [goodAnswer({ name: "triage" }), goodAnswer()], {
      description: DESCRIPTION,
    });
    expect(recorded.result.status).toBe("ok");
    expect(recorded.calls[1]!.messages.at(-1)!.content).toContain(
      'tenant support already has a workflow "triage" (tenants/support/workflows/triage.yml); choose another name.',
    );
  });

  it("revises an existing workflow with --from, requiring a version bump, and replaces only its files", async () => {
    const dir = writeTree(repoTree());
    const original = parse(validRepo()["tenants/support/workflows/helper.yml"] as string);
    const revised = (version: string) => ({
      workflow: { ...original, version, description: "Echo the text, trimmed." },
      prompts: [],
      notes: "",
    });
    const recorded = await record(dir, [revised("1.0.0"), revised("1.1.0")], {
      description: "Describe it better",
      from: "helper",
    });
    expect(recorded.calls[0]!.messages[1]!.content).toContain(
      "Revise the workflow in tenants/support/workflows/helper.yml",
    );
    expect(recorded.calls[1]!.messages.at(-1)!.content).toContain("[version-not-bumped]");
    const run = await cli([
      "draft",
      "Describe it better",
      "--tenant",
      "support",
      "--from",
      "helper",
      "--replay",
      dir,
    ]);
    expect(run.stderr).toMatch(
      /^round 1 \(small\): 1 lint error, sent back for repair\n {2}\S+:\d+:\d+: error .+\n$/,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("wrote tenants/support/workflows/helper.yml");
    // triage uses helper: bumping it is the pull request's follow-up, not the model's to repair.
    expect(run.stdout).toMatch(
      / {2}tenants\/support\/workflows\/triage\.yml:\d+:\d+: warning \[version-not-bumped\]/,
    );
    const wf = parse(await readFile(join(dir, "tenants/support/workflows/helper.yml"), "utf8"));
    expect(wf.version).toBe("1.1.0");
  });

  it("--dry-run prints the files and writes nothing", async () => {
    const dir = writeTree(repoTree());
    await record(dir, [goodAnswer()], { description: DESCRIPTION });
    const before = await snapshot(dir);
    const run = await cli(["draft", DESCRIPTION, "--tenant", "support", "--replay", "--dry-run", dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "--- tenants/support/workflows/refund-digest.yml (new)\napiVersion: charter/v1\n",
    );
    expect(run.stdout).toContain("dry run, nothing written");
    expect(await snapshot(dir)).toEqual(before);
  });
});

describe("charter draft: the example repository", () => {
  it("drafts offline from the committed cassettes: one repair round, two new files that lint clean", async () => {
    const dir = writeTree({});
    await cp(EXAMPLE, dir, { recursive: true });
    const run = await cli(["draft", DRAFT_EXAMPLE.description, "--tenant", DRAFT_EXAMPLE.tenant, dir]);
    // A replay miss here means the request changed (schema, instructions, the tenant's prompts or
    // routes): re-record with `npx tsx scripts/record-draft-example.ts`.
    expect(run.stderr, "re-record: npx tsx scripts/record-draft-example.ts").toMatch(
      /^round 1 \(claude-sonnet\): 1 lint error, sent back for repair\n {2}tenants\/support\/\S+:\d+:\d+: error .+\n$/,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "✔ drafted support/billing-summary in 2 rounds, 1 repair via route careful (claude-sonnet)",
    );
    expect(run.stdout).toContain("  wrote tenants/support/prompts/summarize-billing-ticket.yml\n");
    const lint = await lintProject({ dir });
    expect(lint.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
});

describe("charter draft: hostile answers are refused", () => {
  it.each([
    ["a workflow name with ..", { name: "../../../charter" }],
    ["an absolute workflow name", { name: "/etc/passwd" }],
    ["a prompt name that escapes the tenant", { promptName: "../../finance/prompts/x" }],
    ["a Windows path", { promptName: "C:\\temp\\x" }],
  ])("%s", async (_name, overrides) => {
    const dir = writeTree(repoTree());
    const answer = goodAnswer(overrides);
    await expect(record(dir, [answer], { description: DESCRIPTION })).rejects.toThrow(
      /Refused the model's answer/,
    );
    const before = await snapshot(dir);
    const run = await cli(["draft", DESCRIPTION, "--tenant", "support", "--replay", dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /Refused the model's answer: the answer names a file ".*", which is a path, not a name/,
    );
    expect(await snapshot(dir)).toEqual(before);
  });
});

describe("charter draft: provider failures", () => {
  const API = "https://api.openai.com";

  it("a 500 from the provider is a clear error, exit 1, nothing written", async () => {
    const dir = writeTree(repoTree());
    const scope = nock(API)
      .post("/v1/chat/completions")
      .reply(500, { error: { message: "boom" } });
    const before = await snapshot(dir);
    const run = await cli(["draft", DESCRIPTION, "--tenant", "support", "--live", dir], {
      env: { OPENAI_API_KEY: "sk-test" },
    });
    expect(scope.isDone()).toBe(true);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /The drafting route failed: route "fast" failed on every target \(small#1: server\)/,
    );
    expect(run.stderr).toContain("Nothing was written.");
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(await snapshot(dir)).toEqual(before);
  });

  it("a network error is a clear error, exit 1, nothing written", async () => {
    const dir = writeTree(repoTree());
    const scope = nock(API).post("/v1/chat/completions").replyWithError("connect ECONNREFUSED");
    const before = await snapshot(dir);
    const run = await cli(["draft", DESCRIPTION, "--tenant", "support", "--live", dir], {
      env: { OPENAI_API_KEY: "sk-test" },
    });
    expect(scope.isDone()).toBe(true);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/The drafting route failed: .*small#1: network/);
    expect(await snapshot(dir)).toEqual(before);
  });

  it("a missing cassette in replay says how to record it", async () => {
    const dir = writeTree(repoTree());
    const run = await cli(["draft", DESCRIPTION, "--tenant", "support", "--replay", dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/replay_miss/);
  });
});

describe("charter draft: usage errors", () => {
  it.each([
    [["--tenant", "nope"], /Tenant "nope" does not exist/],
    [
      ["--tenant", "support", "--route", "slow"],
      /Route "slow" is not defined in tenants\/support\/routes.yml \(routes: fast\)/,
    ],
    [["--tenant", "support", "--from", "ghost"], /Workflow "ghost" does not exist in tenant support/],
    [["--tenant", "support", "--max-repairs", "x"], /--max-repairs must be a whole number/],
    [["--tenant", "support", "--pr", "--dry-run"], /--pr and --dry-run cannot be combined/],
  ])("%j", async (args, message) => {
    const dir = writeTree(repoTree());
    const run = await cli(["draft", DESCRIPTION, ...args, "--replay", dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it("asks for a route when neither --route nor drafts.route names one", async () => {
    const dir = writeTree({ ...repoTree(), "charter.yml": validRepo()["charter.yml"]! });
    const run = await cli(["draft", DESCRIPTION, "--tenant", "support", "--replay", dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Pass --route ROUTE, or set drafts.route in charter.yml.");
  });
});

describe("charter draft --pr", () => {
  it("needs a token, and says so before any model is asked", async () => {
    const dir = writeTree(repoTree());
    // No cassettes and no network: any model call would fail differently.
    const run = await cli(["draft", DESCRIPTION, "--tenant", "support", "--pr", "--live", dir], {
      env: { OPENAI_API_KEY: "sk-test" },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("charter draft --pr needs a GitHub token in GITHUB_TOKEN or GH_TOKEN");
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("commits on a new branch with the trailer, pushes, and opens a draft PR labelled ai-drafted", async () => {
    const { dir } = gitRepo([repoTree()]);
    const remote = writeTree({});
    git(remote, "init", "-q", "--bare");
    git(dir, "remote", "add", "origin", remote);
    git(dir, "config", "user.name", "Pat");
    git(dir, "config", "user.email", "pat@acme.test");
    const head = git(dir, "rev-parse", "HEAD");
    await record(dir, [goodAnswer()], { description: DESCRIPTION });

    const API = "https://api.github.com";
    const bodies: Record<string, unknown>[] = [];
    const gh = nock(API)
      .get("/repos/acme/ai")
      .reply(200, { default_branch: "main" })
      .post("/repos/acme/ai/pulls", (b) => {
        bodies.push(b);
        return true;
      })
      .reply(201, { number: 42, html_url: "https://github.com/acme/ai/pull/42" })
      .post("/repos/acme/ai/issues/42/labels", (b) => {
        bodies.push(b);
        return true;
      })
      .reply(200, [{ name: "ai-drafted" }]);

    const run = await cli(
      ["draft", DESCRIPTION, "--tenant", "support", "--replay", "--pr", "--repo", "acme/ai", dir],
      { env: { GITHUB_TOKEN: "ghs_test" } },
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(gh.isDone()).toBe(true);
    expect(run.stdout).toContain(
      "opened draft pull request #42 into main: https://github.com/acme/ai/pull/42",
    );

    const branch = "charter-draft/support/refund-digest";
    const pushed = git(remote, "rev-parse", `refs/heads/${branch}`);
    expect(git(dir, "rev-parse", `refs/heads/${branch}`)).toBe(pushed);
    expect(git(remote, "rev-parse", `${pushed}^`)).toBe(head);
    expect(git(remote, "log", "-1", "--format=%B", pushed)).toMatch(
      /^Draft workflow support\/refund-digest \(AI-drafted\)\n\nClassify a refund request and summarise it\n\nCharter-Drafted-By: fast\/small$/,
    );
    expect(
      git(remote, "diff-tree", "--no-commit-id", "--name-status", "-r", head, pushed).split("\n").sort(),
    ).toEqual([
      "A\ttenants/support/prompts/summarize-refund.yml",
      "A\ttenants/support/workflows/refund-digest.yml",
    ]);
    const workflow = parse(git(remote, "show", `${pushed}:tenants/support/workflows/refund-digest.yml`));
    expect(workflow).toMatchObject({ kind: "Workflow", name: "refund-digest", version: "1.0.0" });
    expect(workflow.nodes.summarize.prompt).toBe("summarize-refund");
    // The user's checkout is left alone: still on main at the same commit, nothing added or staged.
    expect(git(dir, "rev-parse", "--abbrev-ref", "HEAD")).toBe("main");
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
    expect(git(dir, "status", "--porcelain", "--", "tenants")).toBe("");
    expect(run.stdout).toContain("  committed tenants/support/workflows/refund-digest.yml\n");

    expect(bodies[0]).toMatchObject({
      head: branch,
      base: "main",
      draft: true,
      title: "Draft: support/refund-digest (AI-drafted)",
    });
    expect(String(bodies[0]!.body)).toContain(
      "AI-drafted with `charter draft` via route `fast` (model `small`)",
    );
    expect(bodies[1]).toEqual({ labels: ["ai-drafted"] });
  });
});
