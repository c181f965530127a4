/**
 * A governed repository with the history an auditor has to untangle, built for real: merge commits
 * of pull requests published and signed through `publishProject` with GitHub's answers served by
 * nock, a direct push, an admin merge without approvals, a stale approval, a team approval, a key
 * rotation made through a pull request, a charter.yml change that released nothing, then a release
 * re-signed by an untrusted key, extra attestations by that key on another, and a moved release tag.
 *
 *   C0  root: charter.yml trusts key A                         publish (no PR)   triage 1.0.0, helper 1.0.0
 *   m1  PR #1 approved by alice on its head                     publish           triage 1.1.0 (re-signed by X later)
 *   d1  direct push                                             publish (no PR)   triage 1.2.0
 *   m2  PR #2 merged with no approval                           publish           triage 1.3.0
 *   m3  PR #3: alice approved h3a, h3b was pushed and merged    publish           triage 1.4.0 (+ X attestations)
 *   m4  PR #4 approved by bob through team:acme/support; eval failed   publish   triage 1.5.0
 *   m5  PR #5 trusts key B beside A; gwen (owner) and alice     publish with B    triage 1.6.0
 *   m6  PR #6 drops key A (charter.yml only); gwen              nothing to publish
 *   m7  PR #7 approved by alice                                 publish with B    triage 1.7.0 (tag moved to m6 later)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { evalSummaryBlock } from "../../core/eval/format/summary-block.ts";
import { createGitHubClient } from "../../core/github/client.ts";
import { publishProject } from "../../core/publish/project.ts";
import {
  attachedAttestations,
  pushAttestations,
  SIGSTORE_BUNDLE_MEDIA_TYPE,
} from "../../core/publish/release-store.ts";
import { openRegistry } from "../../core/registry/open.ts";
import { fallbackTag, INDEX_MEDIA_TYPE, MANIFEST_MEDIA_TYPE } from "../../core/registry/types.ts";
import { loadSigningKey, writeKeyPair } from "../../core/signing/keys.ts";
import { keySigner } from "../../core/signing/sign.ts";
import { parseStatement } from "../../core/signing/statement.ts";
import { edit, validRepo } from "./governed-repo.ts";
import { git, type Tree, writeTree } from "./tree.ts";

export const API = "https://api.github.com";
export const OWNER = "acme";
export const REPO = "workflows";

export const WHO = {
  dev: { login: "dev", id: 11 },
  lead: { login: "lead", id: 12 },
  alice: { login: "alice", id: 21 },
  bob: { login: "bob", id: 22 },
  gwen: { login: "gwen", id: 31 },
  bot: { login: "github-actions[bot]", id: 41898282 },
};

export const AUDIT_CHARTER = (keys: string[], extra = "") => `apiVersion: charter/v1
kind: Charter
name: audit-test
governance:
  owners: [{ user: gwen, id: 31 }]
signing:
  trusted_keys:
${keys.map((k) => `    - { id: ${k}, public_key_file: keys/${k}.pub }`).join("\n")}
${extra}`;

export const AUDIT_TENANT = `apiVersion: charter/v1
kind: Tenant
name: support
approvals:
  required: 1
  approvers: [{ user: alice, id: 21 }, team:acme/support]
budget: { max_usd_per_run: 1.0, max_usd_per_day: 10 }
allow:
  providers: [openai, replay]
  models: [small, big]
  tools: [crm.*]
`;

/** The tree with triage (and its prompt) at revision `n`: version 1.n.0. */
export function triageAt(tree: Tree, n: number, text = `Classify the text (revision ${n}).`): Tree {
  let t = edit(
    tree,
    "tenants/support/prompts/classify.yml",
    /content: Classify the text[^\n]*/,
    `content: ${text}`,
  );
  t = edit(t, "tenants/support/prompts/classify.yml", /version: \d+\.\d+\.\d+/, `version: 1.${n}.0`);
  return edit(t, "tenants/support/workflows/triage.yml", /^version: \d+\.\d+\.\d+/m, `version: 1.${n}.0`);
}

export interface Keys {
  a: { key: string; pub: string };
  b: { key: string; pub: string };
  x: { key: string; pub: string };
}

export interface AuditScenario {
  dir: string;
  registryDir: string;
  keys: Keys;
  c: Record<
    | "c0"
    | "h1"
    | "m1"
    | "d1"
    | "h2"
    | "m2"
    | "h3a"
    | "h3b"
    | "m3"
    | "h4"
    | "m4"
    | "h5"
    | "m5"
    | "h6"
    | "m6"
    | "h7"
    | "m7",
    string
  >;
}

const user = (p: { login: string; id: number }, type = "User") => ({ ...p, type });

interface MergeFacts {
  number: number;
  merge: string;
  head: string;
  base: string;
  author?: { login: string; id: number };
  merger?: { login: string; id: number };
  reviews: [{ login: string; id: number }, string, string][];
  evalConclusion?: "success" | "failure";
  teamMembers?: { login: string; id: number }[];
}

/** GitHub's answers about one merge, as publish (and the audit's enrichment) ask them. */
export function mockMerge(
  f: MergeFacts,
  options: { forPublish?: boolean } = { forPublish: true },
): nock.Scope {
  const repo = `/repos/${OWNER}/${REPO}`;
  const pr = {
    number: f.number,
    html_url: `https://github.com/${OWNER}/${REPO}/pull/${f.number}`,
    user: user(f.author ?? WHO.dev),
    merged_by: user(f.merger ?? WHO.lead),
    merged_at: "2026-02-01T10:00:00Z",
    merge_commit_sha: f.merge,
    head: { sha: f.head },
    base: { sha: f.base },
  };
  const scope = nock(API)
    .get(`${repo}/commits/${f.merge}/pulls`)
    .query(true)
    .reply(200, [pr])
    .get(`${repo}/pulls/${f.number}`)
    .reply(200, pr)
    .get(`${repo}/pulls/${f.number}/reviews`)
    .query(true)
    .reply(
      200,
      f.reviews.map(([who, state, commit], i) => ({
        id: f.number * 100 + i + 1,
        user: user(who),
        state,
        commit_id: commit,
        submitted_at: `2026-01-31T0${i}:00:00Z`,
      })),
    );
  if (options.forPublish)
    scope
      .get(`${repo}/commits/${f.head}/check-runs`)
      .query(true)
      .reply(200, {
        total_count: 1,
        check_runs: [
          {
            name: "Charter approvals (main)",
            conclusion: f.reviews.length ? "success" : "failure",
            head_sha: f.head,
          },
        ],
      })
      .get(`${repo}/issues/${f.number}/comments`)
      .query(true)
      .reply(200, [
        {
          id: 900 + f.number,
          user: user(WHO.bot, "Bot"),
          body: `<!-- charter:eval -->\n${evalSummaryBlock({
            v: 1,
            head: f.head,
            conclusion: f.evalConclusion ?? "success",
            suites: [
              {
                suite: "support/classify",
                passRate: f.evalConclusion === "failure" ? 0 : 1,
                passed: f.evalConclusion !== "failure",
                regressions: 0,
                cases: 1,
              },
            ],
          })}`,
        },
      ])
      .get("/orgs/acme/teams/support/members")
      .query(true)
      .reply(
        200,
        (f.teamMembers ?? [WHO.bob]).map((p) => user(p)),
      );
  return scope;
}

let clock = Date.parse("2026-01-10T00:00:00Z");
/** Commits get increasing, distinct times (a day apart) so --since has something to cut. */
function tick(dir: string, ...args: string[]): string {
  clock += 86_400_000;
  const at = new Date(clock).toISOString();
  return execFileSync("git", args, {
    cwd: dir,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "Dev",
      GIT_AUTHOR_EMAIL: "dev@example.com",
      GIT_COMMITTER_NAME: "Dev",
      GIT_COMMITTER_EMAIL: "dev@example.com",
      GIT_AUTHOR_DATE: at,
      GIT_COMMITTER_DATE: at,
    },
    encoding: "utf8",
  }).trim();
}

/** The whole history above; with `clean`, only C0 and the governed pull request #1 (an audit without findings). */
export async function buildAuditScenario(options: { clean?: boolean } = {}): Promise<AuditScenario> {
  clock = Date.parse("2026-01-10T00:00:00Z");
  const dir = mkdtempSync(join(tmpdir(), "charter-audit-"));
  const registryDir = join(mkdtempSync(join(tmpdir(), "charter-audit-registry-")), "layout");
  const keysDir = mkdtempSync(join(tmpdir(), "charter-audit-keys-"));
  const keys = {} as Keys;
  for (const k of ["a", "b", "x"] as const) {
    const w = await writeKeyPair(keysDir, k);
    keys[k] = { key: w.privateKeyPath, pub: w.publicKeyPath };
  }
  const pub = (k: keyof Keys) => readFileSync(keys[k].pub, "utf8");
  const github = { client: await createGitHubClient("test-token", { env: {} }), owner: OWNER, repo: REPO };
  // After key A is retired, helper 1.0.0 (signed by A) no longer verifies under the current trust and
  // publish would try to attest it again from the new commit: publish triage alone from then on.
  const publish = (ref: string, key: keyof Keys, withGithub: boolean, only?: string[]) =>
    publishProject({
      dir,
      ref,
      registry: registryDir,
      env: { CHARTER_SIGNING_KEY_FILE: keys[key].key },
      ...(withGithub ? { github } : {}),
      ...(only ? { only } : {}),
    });

  let tree: Tree = {
    ...validRepo(),
    "charter.yml": AUDIT_CHARTER(["a"]),
    "tenants/support/tenant.yml": AUDIT_TENANT,
    "keys/a.pub": pub("a"),
    "README.md": "# Workflows\n",
  };
  const c = {} as AuditScenario["c"];
  const commit = (t: Tree, message: string) => {
    writeTree(t, dir);
    tick(dir, "add", "-A");
    tick(dir, "commit", "-q", "-m", message);
    return tick(dir, "rev-parse", "HEAD");
  };
  const pullRequest = (n: number, t: Tree, message: string) => {
    tick(dir, "checkout", "-q", "-b", `pr-${n}`);
    const head = commit(t, message);
    tick(dir, "checkout", "-q", "main");
    tick(dir, "merge", "-q", "--no-ff", "-m", `Merge pull request #${n} from acme/pr-${n}`, `pr-${n}`);
    return { head, merge: tick(dir, "rev-parse", "HEAD") };
  };
  const merged = async (f: MergeFacts, key: keyof Keys, only?: string[]) => {
    const scope = mockMerge(f);
    await publish(f.merge, key, true, only);
    scope.done();
  };

  tick(dir, "init", "-q", "-b", "main");
  c.c0 = commit(tree, "Initial governed repository");
  await publish(c.c0, "a", false);

  tree = triageAt(tree, 1);
  ({ head: c.h1, merge: c.m1 } = pullRequest(1, tree, "Careful classification"));
  await merged(
    { number: 1, merge: c.m1, head: c.h1, base: c.c0, reviews: [[WHO.alice, "APPROVED", c.h1]] },
    "a",
  );
  if (options.clean) return { dir, registryDir, keys, c };

  tree = triageAt(tree, 2);
  c.d1 = commit(tree, "Hotfix the classifier prompt");
  await publish(c.d1, "a", false);

  tree = triageAt(tree, 3);
  ({ head: c.h2, merge: c.m2 } = pullRequest(2, tree, "Prompt tweak merged by an admin"));
  await merged({ number: 2, merge: c.m2, head: c.h2, base: c.d1, reviews: [] }, "a");

  tree = triageAt(tree, 4, "Classify the text (revision 4a).");
  tick(dir, "checkout", "-q", "-b", "pr-3");
  c.h3a = commit(tree, "Revision 4a");
  tree = triageAt(tree, 4, "Classify the text (revision 4b, pushed after the approval).");
  c.h3b = commit(tree, "Revision 4b");
  tick(dir, "checkout", "-q", "main");
  tick(dir, "merge", "-q", "--no-ff", "-m", "Merge pull request #3 from acme/pr-3", "pr-3");
  c.m3 = tick(dir, "rev-parse", "HEAD");
  await merged(
    { number: 3, merge: c.m3, head: c.h3b, base: c.m2, reviews: [[WHO.alice, "APPROVED", c.h3a]] },
    "a",
  );

  tree = triageAt(tree, 5);
  ({ head: c.h4, merge: c.m4 } = pullRequest(4, tree, "Team-approved change"));
  await merged(
    {
      number: 4,
      merge: c.m4,
      head: c.h4,
      base: c.m3,
      reviews: [[WHO.bob, "APPROVED", c.h4]],
      evalConclusion: "failure",
    },
    "a",
  );

  tree = { ...triageAt(tree, 6), "charter.yml": AUDIT_CHARTER(["a", "b"]), "keys/b.pub": pub("b") };
  ({ head: c.h5, merge: c.m5 } = pullRequest(5, tree, "Rotate the signing key: trust B"));
  await merged(
    {
      number: 5,
      merge: c.m5,
      head: c.h5,
      base: c.m4,
      reviews: [
        [WHO.alice, "APPROVED", c.h5],
        [WHO.gwen, "APPROVED", c.h5],
      ],
    },
    "b",
  );

  tree = { ...tree, "charter.yml": AUDIT_CHARTER(["b"]), "keys/a.pub": null };
  ({ head: c.h6, merge: c.m6 } = pullRequest(6, tree, "Retire key A"));

  tree = triageAt(tree, 7);
  ({ head: c.h7, merge: c.m7 } = pullRequest(7, tree, "Final change"));
  await merged(
    { number: 7, merge: c.m7, head: c.h7, base: c.m6, reviews: [[WHO.alice, "APPROVED", c.h7]] },
    "b",
    ["support/triage"],
  );

  // Afterwards: triage 1.1.0 re-signed by the untrusted key X (its attestations replaced)…
  await resign(registryDir, "support/triage", "1.1.0", keys.x.key, { replace: true });
  // …1.4.0 given extra attestations by X beside its genuine ones…
  await resign(registryDir, "support/triage", "1.4.0", keys.x.key, { replace: false });
  // …and the tag of 1.7.0 moved to another commit with the same message.
  const message = git(dir, "tag", "-l", "--format=%(contents)", "charter/support/triage/v1.7.0");
  git(dir, "tag", "-f", "-a", "charter/support/triage/v1.7.0", "-m", message, c.m6);
  return { dir, registryDir, keys, c };
}

/** Signs a release's statements again with another key, beside or instead of the original attestations. */
export async function resign(
  registryDir: string,
  repository: string,
  version: string,
  keyFile: string,
  options: { replace: boolean },
): Promise<void> {
  const registry = openRegistry(registryDir);
  const tagged = (await registry.resolve(repository, version))!;
  const manifest = (await registry.fetchManifest(repository, tagged.digest))!;
  const signer = keySigner(loadSigningKey({ env: {}, file: keyFile }));
  const atts = [];
  for (const a of await attachedAttestations(registry, repository, tagged.digest)) {
    const bundle = JSON.parse(Buffer.from(a.bytes).toString("utf8")) as { dsseEnvelope: { payload: string } };
    const statement = parseStatement(Buffer.from(bundle.dsseEnvelope.payload, "base64"));
    const signed = await signer.signStatement(statement);
    atts.push({
      bytes: new TextEncoder().encode(JSON.stringify(signed)),
      predicateType: statement.predicateType,
    });
  }
  const subject = { mediaType: MANIFEST_MEDIA_TYPE, digest: tagged.digest, size: manifest.bytes.length };
  const pushed = await pushAttestations(registry, repository, subject, atts);
  if (options.replace) {
    const index = {
      schemaVersion: 2,
      mediaType: INDEX_MEDIA_TYPE,
      manifests: pushed.map((d) => ({ ...d, artifactType: SIGSTORE_BUNDLE_MEDIA_TYPE })),
    };
    await registry.pushManifest(repository, new TextEncoder().encode(JSON.stringify(index)), {
      tag: fallbackTag(tagged.digest),
      mediaType: INDEX_MEDIA_TYPE,
    });
  }
}
