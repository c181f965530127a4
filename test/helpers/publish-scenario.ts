/**
 * A governed repository with a real git history for publish tests — a first commit, then a pull
 * request merged with a merge commit — and GitHub's view of that merge served through nock: the
 * pull request, its reviews (one current, one stale, one withdrawn), check runs, the eval comment
 * and the team that approves for the tenant.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { evalSummaryBlock } from "../../core/eval/format/summary-block.ts";
import { writeKeyPair } from "../../core/signing/keys.ts";
import { edit, validRepo } from "./governed-repo.ts";
import { git, type Tree, writeTree } from "./tree.ts";

export const API = "https://api.github.com";
export const OWNER = "acme";
export const REPO = "workflows";

export const PEOPLE = {
  author: { login: "dev", id: 11 },
  merger: { login: "lead", id: 12 },
  alice: { login: "alice", id: 21 },
  bob: { login: "bob", id: 22 },
  carol: { login: "carol", id: 23 },
};

/** The change the pull request makes: a prompt edit, with the prompt's and workflow's versions raised. */
export function changedTree(tree: Tree = validRepo()): Tree {
  let t = edit(
    tree,
    "tenants/support/prompts/classify.yml",
    "Classify the text.",
    "Classify the text carefully.",
  );
  t = edit(t, "tenants/support/prompts/classify.yml", "version: 1.0.0", "version: 1.1.0");
  return edit(t, "tenants/support/workflows/triage.yml", "version: 1.0.0", "version: 1.1.0");
}

export interface Scenario {
  dir: string;
  first: string;
  /** The pull request's head commit (on the branch). */
  head: string;
  /** The merge commit on main. */
  merge: string;
  registryDir: string;
  keyFile: string;
  publicKeyFile: string;
  keyId: string;
  env: Record<string, string | undefined>;
}

export async function publishScenario(): Promise<Scenario> {
  const dir = writeTree({});
  git(dir, "init", "-q", "-b", "main");
  writeTree(validRepo(), dir);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "first");
  const first = git(dir, "rev-parse", "HEAD");
  git(dir, "checkout", "-q", "-b", "change");
  writeTree(changedTree(), dir);
  git(dir, "commit", "-q", "-am", "careful classification");
  const head = git(dir, "rev-parse", "HEAD");
  git(dir, "checkout", "-q", "main");
  git(dir, "merge", "-q", "--no-ff", "-m", "Merge pull request #7", "change");
  const merge = git(dir, "rev-parse", "HEAD");
  const keys = mkdtempSync(join(tmpdir(), "charter-keys-"));
  const written = await writeKeyPair(keys, "release");
  return {
    dir,
    first,
    head,
    merge,
    registryDir: join(mkdtempSync(join(tmpdir(), "charter-registry-")), "layout"),
    keyFile: written.privateKeyPath,
    publicKeyFile: written.publicKeyPath,
    keyId: written.keyId,
    env: { CHARTER_SIGNING_KEY_FILE: written.privateKeyPath },
  };
}

const user = (p: { login: string; id: number }, type = "User") => ({ ...p, type });

/** GitHub's answers about the merge of pull request #7; returns the nock scope to assert on. */
export function mockPullRequest(
  s: Scenario,
  options: { evalHead?: string; teamMembers?: { login: string; id: number }[] } = {},
): nock.Scope {
  const repo = `/repos/${OWNER}/${REPO}`;
  const pr = {
    number: 7,
    html_url: `https://github.com/${OWNER}/${REPO}/pull/7`,
    user: user(PEOPLE.author),
    merged_by: user(PEOPLE.merger),
    merged_at: "2026-11-20T10:00:00Z",
    merge_commit_sha: s.merge,
    head: { sha: s.head },
    base: { sha: s.first },
  };
  const review = (
    id: number,
    who: { login: string; id: number },
    state: string,
    commit: string,
    at: string,
  ) => ({
    id,
    user: user(who),
    state,
    commit_id: commit,
    submitted_at: at,
  });
  return nock(API)
    .get(`${repo}/commits/${s.merge}/pulls`)
    .query(true)
    .reply(200, [{ ...pr, merged_at: pr.merged_at }])
    .get(`${repo}/pulls/7`)
    .reply(200, pr)
    .get(`${repo}/pulls/7/reviews`)
    .query(true)
    .reply(200, [
      review(101, PEOPLE.bob, "APPROVED", s.first, "2026-11-19T09:00:00Z"),
      review(102, PEOPLE.alice, "APPROVED", s.head, "2026-11-19T10:00:00Z"),
      review(103, PEOPLE.carol, "APPROVED", s.head, "2026-11-19T11:00:00Z"),
      review(104, PEOPLE.carol, "CHANGES_REQUESTED", s.head, "2026-11-19T12:00:00Z"),
      review(105, PEOPLE.author, "COMMENTED", s.head, "2026-11-19T13:00:00Z"),
    ])
    .get(`${repo}/commits/${s.head}/check-runs`)
    .query(true)
    .reply(200, {
      total_count: 2,
      check_runs: [
        { name: "Charter approvals (main)", conclusion: "success", head_sha: s.head },
        { name: "evaluate", conclusion: "success", head_sha: s.head },
      ],
    })
    .get(`/repos/${OWNER}/${REPO}/issues/7/comments`)
    .query(true)
    .reply(200, [
      // A person's comment with a summary is not evidence; the bot's is.
      {
        id: 901,
        user: user(PEOPLE.author),
        body: `${evalSummaryBlock({ v: 1, head: s.head, conclusion: "success", suites: [] })}`,
      },
      {
        id: 902,
        user: user({ login: "github-actions[bot]", id: 41898282 }, "Bot"),
        body: `<!-- charter:eval -->\n${evalSummaryBlock({
          v: 1,
          head: options.evalHead ?? s.head,
          conclusion: "success",
          suites: [{ suite: "support/classify", passRate: 1, passed: true, regressions: 0, cases: 1 }],
        })}\n## 🧪 Charter eval`,
      },
    ])
    .get("/orgs/acme/teams/support/members")
    .query(true)
    .reply(
      200,
      (options.teamMembers ?? [PEOPLE.alice, PEOPLE.bob]).map((p) => user(p)),
    );
}
