/**
 * The audit benchmark's fixture: a governed repository whose default branch has COMMITS commits and
 * RELEASES releases, built fast and kept under the OS temp directory (rebuilt only when missing):
 *
 * - history with `git fast-import` (one process): 5 tenants × 4 workflows; each release is a pull
 *   request (a branch commit raising one workflow's version, then a merge commit); the rest are
 *   documentation pull requests and direct pushes, plus a few direct pushes to governed files;
 * - releases with the real code path below `publish`: each bundle built by `buildBundle`, both
 *   attestations (SLSA provenance and the governance record from `governancePredicate`) signed by
 *   `keySigner` with a key charter.yml trusts, pushed to an OCI image layout with `pushBundle`,
 *   `pushAttestations` and `tagRelease`; the annotated git tags written by a second fast-import with
 *   `releaseTagMessage`. The audit verifies every one of these signatures.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { approvalPolicy } from "../core/approvals/policy.ts";
import { bundleManifest } from "../core/bundle/artifact.ts";
import { buildBundle } from "../core/bundle/build.ts";
import { loadRepo } from "../core/model/load.ts";
import { releaseTagMessage } from "../core/publish/git-tags.ts";
import { governancePredicate } from "../core/publish/governance.ts";
import {
  pushAttestations,
  pushBundle,
  releaseRepository,
  tagRelease,
} from "../core/publish/release-store.ts";
import { openRegistry } from "../core/registry/open.ts";
import { generateSigningKey, loadSigningKey } from "../core/signing/keys.ts";
import { keySigner } from "../core/signing/sign.ts";
import {
  buildProvenance,
  buildStatement,
  GOVERNANCE_PREDICATE_V1,
  SLSA_PROVENANCE_V1,
} from "../core/signing/statement.ts";
import { MemorySource } from "../core/source/memory-source.ts";
import { HELPER, MODELS, PROMPT, ROUTES, TOOLS, WORKFLOW } from "../test/helpers/governed-repo.ts";

export interface AuditFixture {
  dir: string;
  registry: string;
  commits: number;
  firstParent: number;
  releases: number;
  governedDirectPushes: number;
  built: boolean;
  buildMs: number;
}

const TENANTS = 5;
const WORKFLOWS = 4;
const VERSION = 1;

const CHARTER = `apiVersion: charter/v1
kind: Charter
name: bench-audit
governance:
  owners: [{ user: gwen, id: 31 }]
signing:
  trusted_keys:
    - { id: release, public_key_file: keys/release.pub }
`;

const tenantYml = (t: string) => `apiVersion: charter/v1
kind: Tenant
name: ${t}
approvals:
  required: 1
  approvers: [{ user: alice, id: 21 }, { user: sam, id: 22 }]
budget: { max_usd_per_run: 1.0, max_usd_per_day: 10 }
allow:
  providers: [openai, replay]
  models: [small, big]
  tools: [crm.*]
`;

const workflowYml = (w: string, version: string) =>
  WORKFLOW.replace("name: triage", `name: ${w}`).replace(/^version: 1\.0\.0/m, `version: ${version}`);

function tenantFiles(t: string, versions: Record<string, string>): Record<string, string> {
  const files: Record<string, string> = {
    [`tenants/${t}/tenant.yml`]: tenantYml(t),
    [`tenants/${t}/routes.yml`]: ROUTES,
    [`tenants/${t}/prompts/classify.yml`]: PROMPT,
    [`tenants/${t}/workflows/helper.yml`]: HELPER,
    [`tenants/${t}/knowledge/kb/refunds.md`]: "# Refunds\nWe refund duplicate charges.\n",
  };
  for (const [w, v] of Object.entries(versions)) files[`tenants/${t}/workflows/${w}.yml`] = workflowYml(w, v);
  return files;
}

/** A fast-import stream writer. */
class Stream {
  private parts: string[] = [];
  private mark = 0;
  data(text: string): void {
    this.parts.push(`data ${Buffer.byteLength(text)}\n${text}\n`);
  }
  commit(o: {
    ref: string;
    time: number;
    message: string;
    from?: number;
    merge?: number;
    files: Record<string, string>;
    who?: string;
  }): number {
    const mark = ++this.mark;
    const who = o.who ?? "Dev <dev@example.com>";
    this.parts.push(
      `commit ${o.ref}\nmark :${mark}\nauthor ${who} ${o.time} +0000\ncommitter ${who} ${o.time} +0000\n`,
    );
    this.data(o.message);
    if (o.from) this.parts.push(`from :${o.from}\n`);
    if (o.merge) this.parts.push(`merge :${o.merge}\n`);
    for (const [path, content] of Object.entries(o.files)) {
      this.parts.push(`M 100644 inline ${path}\n`);
      this.data(content);
    }
    this.parts.push("\n");
    return mark;
  }
  tag(name: string, sha: string, time: number, message: string): void {
    this.parts.push(
      `tag ${name}\nfrom ${sha}\ntagger Charter <charter@users.noreply.github.com> ${time} +0000\n`,
    );
    this.data(message);
  }
  text(): string {
    return this.parts.join("");
  }
}

function fastImport(dir: string, stream: string, marksFile?: string): void {
  const args = ["fast-import", "--quiet", "--force"];
  if (marksFile) args.push(`--export-marks=${marksFile}`);
  const r = spawnSync("git", args, { cwd: dir, input: stream, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git fast-import failed: ${r.stderr.toString()}`);
}

export async function auditFixture(commits: number, releases: number): Promise<AuditFixture> {
  const root = join(tmpdir(), `charter-bench-audit-v${VERSION}-${commits}-${releases}`);
  const dir = join(root, "repo");
  const registryDir = join(root, "registry");
  const done = join(root, "complete.json");
  if (existsSync(done)) return { ...(JSON.parse(readFileSync(done, "utf8")) as AuditFixture), built: false };
  const started = performance.now();
  rmSync(root, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync("git", ["init", "-q", "-b", "main"], { cwd: dir });

  // --- History --------------------------------------------------------------------------------------
  const key = generateSigningKey();
  writeFileSync(join(root, "release.key"), key.privateKeyPem, { mode: 0o600 });
  const workflows: { t: string; w: string }[] = [];
  for (let i = 0; i < TENANTS; i++)
    for (let j = 0; j < WORKFLOWS; j++) workflows.push({ t: `t${i}`, w: `w${j}` });
  const versionOf = new Map(workflows.map((x) => [`${x.t}/${x.w}`, 0]));
  const initial: Record<string, string> = {
    "charter.yml": CHARTER,
    "models.yml": MODELS,
    "tools/crm.yml": TOOLS,
    "keys/release.pub": key.publicKeyPem,
    "README.md": "# Workflows\n",
  };
  for (let i = 0; i < TENANTS; i++)
    Object.assign(
      initial,
      tenantFiles(
        `t${i}`,
        Object.fromEntries(Array.from({ length: WORKFLOWS }, (_, j) => [`w${j}`, "1.0.0"])),
      ),
    );
  const s = new Stream();
  let time = 1_700_000_000;
  let main = s.commit({
    ref: "refs/heads/main",
    time,
    message: "Initial governed repository\n",
    files: initial,
  });
  let total = 1;
  let firstParent = 1;
  // Plan: `releases` release pull requests (2 commits each), a few governed direct pushes, and the rest
  // split between documentation pull requests (2 commits) and documentation direct pushes (1 commit).
  const governedDirect = 10;
  const remaining = commits - 1 - releases * 2 - governedDirect;
  const docPrs = Math.floor(remaining / 3);
  const docDirect = remaining - docPrs * 2;
  type Step = { kind: "release" | "doc-pr" | "doc-direct" | "governed-direct" };
  const steps: Step[] = [
    ...Array.from({ length: releases }, () => ({ kind: "release" as const })),
    ...Array.from({ length: docPrs }, () => ({ kind: "doc-pr" as const })),
    ...Array.from({ length: docDirect }, () => ({ kind: "doc-direct" as const })),
    ...Array.from({ length: governedDirect }, () => ({ kind: "governed-direct" as const })),
  ];
  // Deterministic interleaving.
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  for (let i = steps.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [steps[i], steps[j]] = [steps[j]!, steps[i]!];
  }
  const plannedReleases: {
    t: string;
    w: string;
    version: string;
    head: number;
    merge: number;
    base: number;
    pr: number;
  }[] = [];
  let pr = 0;
  let released = 0;
  for (const step of steps) {
    time += 600;
    if (step.kind === "release" || step.kind === "doc-pr") {
      pr++;
      let files: Record<string, string>;
      let release: (typeof workflows)[number] | undefined;
      if (step.kind === "release") {
        release = workflows[released % workflows.length]!;
        released++;
        const n = versionOf.get(`${release.t}/${release.w}`)! + 1;
        versionOf.set(`${release.t}/${release.w}`, n);
        files = { [`tenants/${release.t}/workflows/${release.w}.yml`]: workflowYml(release.w, `1.${n}.0`) };
      } else {
        files = { [`docs/page-${pr % 50}.md`]: `# Page ${pr}\n` };
      }
      const head = s.commit({ ref: "refs/heads/pr", time, message: `Change ${pr}\n`, from: main, files });
      const base = main;
      main = s.commit({
        ref: "refs/heads/main",
        time: time + 60,
        message: `Merge pull request #${pr} from acme/change-${pr}\n`,
        from: main,
        merge: head,
        files,
        who: "GitHub <noreply@github.com>",
      });
      total += 2;
      firstParent++;
      if (release)
        plannedReleases.push({
          ...release,
          version: `1.${versionOf.get(`${release.t}/${release.w}`)}.0`,
          head,
          merge: main,
          base,
          pr,
        });
    } else {
      const files =
        step.kind === "doc-direct"
          ? { [`docs/page-${total % 50}.md`]: `# Direct ${total}\n` }
          : { "tenants/t0/knowledge/kb/refunds.md": `# Refunds\nEdited directly (${total}).\n` };
      main = s.commit({
        ref: "refs/heads/main",
        time,
        message: `Direct change ${total}\n`,
        from: main,
        files,
      });
      total++;
      firstParent++;
    }
  }
  const marksFile = join(root, "marks");
  fastImport(dir, s.text(), marksFile);
  execFileSync("git", ["update-ref", "-d", "refs/heads/pr"], { cwd: dir });
  const marks = new Map(
    readFileSync(marksFile, "utf8")
      .trim()
      .split("\n")
      .map((l) => {
        const [m, sha] = l.split(" ");
        return [Number(m!.slice(1)), sha!] as [number, string];
      }),
  );

  // --- Releases --------------------------------------------------------------------------------------
  const registry = openRegistry(registryDir);
  const signer = keySigner(loadSigningKey({ env: {}, file: join(root, "release.key") }));
  const policyFiles: Record<string, string> = { "charter.yml": CHARTER };
  for (let i = 0; i < TENANTS; i++) policyFiles[`tenants/t${i}/tenant.yml`] = tenantYml(`t${i}`);
  const policy = approvalPolicy(await loadRepo(new MemorySource(policyFiles)), marks.get(1)!, "");
  if (!policy.ok) throw new Error(policy.problem);
  const previous = new Map<string, { digest: string; version: string; sequence: number }>();
  const tags = new Stream();
  for (const r of plannedReleases) {
    const merge = marks.get(r.merge)!;
    const head = marks.get(r.head)!;
    const base = marks.get(r.base)!;
    const versions = Object.fromEntries(Array.from({ length: WORKFLOWS }, (_, j) => [`w${j}`, "1.0.0"]));
    versions[r.w] = r.version;
    const files: Record<string, string> = {
      "charter.yml": CHARTER,
      "models.yml": MODELS,
      "tools/crm.yml": TOOLS,
      ...tenantFiles(r.t, versions),
    };
    const repo = (await loadRepo(new MemorySource(files))).repo;
    const bundle = await buildBundle(repo, r.t, r.w);
    const repository = releaseRepository(undefined, r.t, r.w);
    const prev = previous.get(repository);
    const sequence = (prev?.sequence ?? 0) + 1;
    const issuedAt = new Date(Date.UTC(2026, 0, 1) + sequence * 3_600_000);
    const facts = {
      repository: "acme/workflows",
      pullRequest: {
        number: r.pr,
        url: `https://github.com/acme/workflows/pull/${r.pr}`,
        author: { login: "dev", id: 11 },
        merger: { login: "lead", id: 12 },
        mergedAt: issuedAt.toISOString(),
        headSha: head,
        baseSha: base,
      },
      approvals: [
        {
          reviewer: { login: "alice", id: 21, bot: false },
          reviewId: r.pr * 10,
          commit: head,
          submittedAt: issuedAt.toISOString(),
        },
      ],
      checks: [{ name: "Charter approvals (main)", conclusion: "success", headSha: head }],
      eval: {
        v: 1 as const,
        head,
        conclusion: "success" as const,
        suites: [{ suite: `${r.t}/classify`, passRate: 1, passed: true, regressions: 0, cases: 1 }],
        commentId: r.pr,
      },
    };
    const predicate = governancePredicate(
      bundle,
      facts,
      policy.policy,
      { users: {}, teams: {} },
      {
        repository: "https://github.com/acme/workflows",
        commit: merge,
        ref: "refs/heads/main",
        policyCommit: base,
        treeEqual: true,
        sequence,
        previous: prev ? { digest: prev.digest, version: prev.version } : null,
        issuedAt,
        expiresAfterDays: 365,
      },
    );
    const subject = { name: `${r.t}/${r.w}@${r.version}`, digest: { sha256: bundle.digest.slice(7) } };
    const provenance = buildProvenance({
      repository: "https://github.com/acme/workflows",
      ref: "refs/heads/main",
      commit: merge,
      builderId: "https://charter.dev/builders/cli/v1",
      tenant: r.t,
      workflow: r.w,
      version: r.version,
      bundleEntries: bundle.index.files,
    });
    const signed = await Promise.all([
      signer.signStatement(buildStatement(subject, SLSA_PROVENANCE_V1, provenance)),
      signer.signStatement(buildStatement(subject, GOVERNANCE_PREDICATE_V1, predicate)),
    ]);
    const pushed = await pushBundle(registry, repository, bundle);
    await pushAttestations(
      registry,
      repository,
      {
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        digest: pushed.digest,
        size: bundleManifest(bundle).bytes.length,
      },
      [
        { bytes: new TextEncoder().encode(JSON.stringify(signed[0])), predicateType: SLSA_PROVENANCE_V1 },
        {
          bytes: new TextEncoder().encode(JSON.stringify(signed[1])),
          predicateType: GOVERNANCE_PREDICATE_V1,
        },
      ],
    );
    await tagRelease(registry, repository, bundle, r.version);
    await tagRelease(registry, repository, bundle, "staging");
    previous.set(repository, { digest: bundle.digest, version: r.version, sequence });
    tags.tag(
      `charter/${r.t}/${r.w}/v${r.version}`,
      merge,
      Math.floor(issuedAt.getTime() / 1000),
      releaseTagMessage({
        tenant: r.t,
        workflow: r.w,
        version: r.version,
        bundleDigest: bundle.digest,
        manifestDigest: pushed.digest,
        sequence,
        registry: registry.location,
      }),
    );
  }
  fastImport(dir, tags.text());
  const fixture: AuditFixture = {
    dir,
    registry: registryDir,
    commits: total,
    firstParent,
    releases: plannedReleases.length,
    governedDirectPushes: governedDirect,
    built: true,
    buildMs: performance.now() - started,
  };
  writeFileSync(done, JSON.stringify(fixture));
  return fixture;
}
