/**
 * `charter audit`: git history as the audit trail, checked. From a clone (offline) plus the registry:
 *
 * - every published version — the union of the release git tags and the versions in the registry —
 *   with its proposer, approvers (each re-judged against the policy at the merge's first parent),
 *   approved vs merged commit, evaluation, signer and signature status (every attestation verified
 *   again under the trust charter.yml declared at the released commit), registry digests and
 *   channels, and tag integrity (releases.ts);
 * - every first-parent commit of the default branch that changed governed files, classified by how
 *   it got there (changes.ts), with the GitHub API as optional enrichment; a release record is
 *   evidence for its commit only if it verifies under the trust in force before it (its first parent);
 * - the findings: every control failure, each with the commit or release it concerns.
 *
 * Cost: one `git log`, one `git for-each-ref`, a few `git cat-file --batch` calls whatever the length
 * of the history; registry reads and signature checks run concurrently.
 */

import { existsSync } from "node:fs";
import { realpath } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { parse } from "yaml";
import { workflowFile } from "../../workflows-schema/workflow.ts";
import type { Directory } from "../approvals/facts.ts";
import type { ApprovalPolicy } from "../approvals/policy.ts";
import { mapPool } from "../async/pool.ts";
import { openBundle } from "../bundle/open.ts";
import { UserError } from "../errors.ts";
import { assertSafeRef, runGit } from "../git/run-git.ts";
import type { GitHubClient } from "../github/client.ts";
import { workflowFlowchart } from "../mermaid/workflow-flowchart.ts";
import { loadRepo } from "../model/load.ts";
import { registryFor } from "../publish/project.ts";
import { publishedVersions, readRelease, releaseRepository } from "../publish/release-store.ts";
import type { Registry } from "../registry/types.ts";
import type { GovernancePredicate } from "../signing/statement.ts";
import { GitSource } from "../source/git-source.ts";
import { compareSemver } from "../text/semver.ts";
import { CHARTER_VERSION } from "../version.ts";
import { type ChangeInput, classifyChange } from "./changes.ts";
import { firstParentLog, isAncestor, objectIds, readTags, type TagRef } from "./git-read.ts";
import { githubDirectory, pullRequestEvidence } from "./github.ts";
import { AuditHistory, type PolicyAt } from "./history.ts";
import { type Evidence, judgedApprovals, teamsOf } from "./judge.ts";
import { readOnce } from "./read-once.ts";
import { type AuditedRelease, auditRelease, type ReleaseInput } from "./releases.ts";
import {
  AUDIT_SCHEMA_ID,
  type AuditChange,
  type AuditFinding,
  type AuditRelease,
  type AuditReport,
  auditReportSchema,
  type FindingKind,
} from "./schema.ts";

export interface AuditOptions {
  /** The governed root (where charter.yml is), inside a git work tree. */
  dir: string;
  /** The branch to audit (default: origin/HEAD when there is an origin, else HEAD). */
  ref?: string;
  since?: Date;
  tenant?: string;
  /** `WORKFLOW` or `TENANT/WORKFLOW`. */
  workflow?: string;
  /** Registry URL or layout directory, overriding charter.yml. */
  registry?: string;
  env: Record<string, string | undefined>;
  github?: { client: GitHubClient; owner: string; repo: string };
  /** Also render each release's workflow as a Mermaid flowchart (for the HTML export). */
  diagrams?: boolean;
  now?: () => Date;
  concurrency?: number;
}

export interface AuditResult {
  report: AuditReport;
  /** `TENANT/WORKFLOW@VERSION` → Mermaid flowchart, when asked for. */
  diagrams: Map<string, string>;
}

const NAME = "[a-z][a-z0-9-]{0,62}";
const SEMVER = "\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?";
const ZERO = /^0+$/;

async function gitLine(cwd: string, args: string[]): Promise<string | undefined> {
  const r = await runGit(cwd, args);
  return r.code === 0 ? r.stdout.toString("utf8").trim() : undefined;
}

/** A remote URL without credentials (https://TOKEN@host/… must never reach a report). */
function safeRemote(url: string | undefined): string | null {
  if (!url) return null;
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, "$1");
}

async function registryProbe(
  registry: Registry,
  repos: readonly string[],
): Promise<{ available: boolean; error: string | null }> {
  if (registry.location.startsWith("oci:")) {
    const path = registry.location.slice(4);
    return existsSync(path)
      ? { available: true, error: null }
      : {
          available: false,
          error: `the registry directory ${path} does not exist: pass --registry with the registry the releases were published to`,
        };
  }
  try {
    await registry.listTags(repos[0] ?? "charter/probe");
    return { available: true, error: null };
  } catch (e) {
    return { available: false, error: (e as Error).message };
  }
}

function diagramOf(bytes: Uint8Array): string | undefined {
  try {
    const bundle = openBundle(bytes);
    const file = bundle.files.get(bundle.index.entrypoint);
    if (!file) return undefined;
    const parsed = workflowFile.safeParse(parse(Buffer.from(file).toString("utf8"), { maxAliasCount: 100 }));
    return parsed.success ? workflowFlowchart(parsed.data) : undefined;
  } catch {
    return undefined;
  }
}

function finding(
  kind: FindingKind,
  message: string,
  commit: string | null,
  release: string | null,
): AuditFinding {
  return { kind, message, commit, release };
}

export async function auditRepository(options: AuditOptions): Promise<AuditResult> {
  const dir = resolve(options.dir);
  if (!existsSync(dir)) throw new UserError(`${options.dir} does not exist.`);
  const now = (options.now ?? (() => new Date()))();
  const [top, shallow] = (
    await gitLine(dir, ["rev-parse", "--show-toplevel", "--is-shallow-repository"])
  )?.split("\n") ?? [undefined, undefined];
  if (!top) throw new UserError(`${dir} is not inside a git repository: the audit reads its history.`);
  if (shallow === "true")
    throw new UserError(
      `${top} is a shallow clone: the audit needs the whole history. Fetch it (git fetch --unshallow --tags, or actions/checkout with fetch-depth: 0).`,
    );
  const rootRel = relative(await realpath(top), await realpath(dir))
    .split("\\")
    .join("/");
  const prefix = rootRel ? `${rootRel}/` : "";

  let ref = options.ref;
  if (ref) assertSafeRef(ref);
  else {
    const originHead = await gitLine(top, ["symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD"]);
    ref = originHead ?? (await gitLine(top, ["symbolic-ref", "-q", "--short", "HEAD"])) ?? "HEAD";
  }
  const tip = await gitLine(top, ["rev-parse", "--verify", "-q", `${ref}^{commit}`]);
  if (!tip)
    throw new UserError(`Unknown git ref "${ref}". Pass --ref with the default branch (e.g. origin/main).`);

  // The tip's repository, the history, every tag and the remote, read side by side (tags are filtered
  // by the tip's tag prefix afterwards).
  const [tipLoaded, log, allTags, remote] = await Promise.all([
    loadRepo(new GitSource(dir, tip)),
    firstParentLog(top, tip),
    readTags(top),
    gitLine(top, ["remote", "get-url", "origin"]),
  ]);
  const tipRepo = tipLoaded.repo;
  if (!tipRepo.charter)
    throw new UserError(
      `${dir} has no valid charter.yml at ${ref} (${tip.slice(0, 12)}); run \`charter lint --ref ${ref}\`.`,
    );
  const tagPrefix = tipRepo.charter.data.publish.tag_prefix;
  const tags = allTags.filter((t) => t.name.startsWith(`${tagPrefix}/`));
  const history = await AuditHistory.build(top, prefix, dir, log);
  const target = registryFor(tipRepo, dir, options.registry, options.env);
  const registry = readOnce(target.registry);
  const registryPrefix = target.prefix;
  const concurrency = options.concurrency ?? 16;

  // --- Releases: the union of release tags and registry versions --------------------------------
  const tagName = new RegExp(`^${tagPrefix.replace(/[.]/g, "\\.")}/(${NAME})/(${NAME})/v(${SEMVER})$`);
  const inputs = new Map<string, ReleaseInput>();
  const key = (t: string, w: string, v: string) => `${t}/${w}@${v}`;
  const workflows = new Map<string, { tenant: string; workflow: string }>();
  for (const tag of tags) {
    const m = tagName.exec(tag.name);
    if (!m) continue;
    const [, tenant, workflow, version] = m as unknown as [string, string, string, string];
    workflows.set(`${tenant}/${workflow}`, { tenant, workflow });
    inputs.set(key(tenant, workflow, version), {
      tenant,
      workflow,
      version,
      repository: releaseRepository(registryPrefix, tenant, workflow),
      tag,
    });
  }
  for (const [tenant, t] of tipRepo.tenants)
    for (const workflow of t.workflows.keys()) workflows.set(`${tenant}/${workflow}`, { tenant, workflow });
  const repos = [...workflows.values()].map((w) => ({
    ...w,
    repository: releaseRepository(registryPrefix, w.tenant, w.workflow),
  }));
  const probe = await registryProbe(
    registry,
    repos.map((r) => r.repository),
  );
  const repoErrors = new Map<string, string>();
  if (probe.available)
    await mapPool(repos, concurrency, async (r) => {
      let versions: string[] = [];
      try {
        versions = await publishedVersions(registry, r.repository);
      } catch (e) {
        repoErrors.set(r.repository, (e as Error).message);
      }
      for (const version of versions) {
        const k = key(r.tenant, r.workflow, version);
        if (!inputs.has(k)) inputs.set(k, { ...r, version });
      }
    });

  // Releases whose tag sits on the chain before --since cannot be in scope (nor evidence for it).
  // --since cuts the chain, not the dates: committer dates are the committer's word (a backdated push
  // made after the cut must not escape), so the scope starts at the first first-parent commit (oldest
  // first) whose committer time is at or after --since, and takes it and every commit after it.
  const since = options.since?.getTime();
  let cut = 0;
  if (since !== undefined) {
    const first = history.commits.findIndex((c) => c.time * 1000 >= since);
    cut = first === -1 ? history.commits.length : first;
  }
  const beforeCut = (sha: string | null | undefined) => {
    const i = sha ? history.position.get(sha) : undefined;
    return i !== undefined && i < cut;
  };
  const outOfScope = (t: TagRef | undefined) => beforeCut(t?.commit);
  const skippedManifests = new Set<string>();
  const toAudit = [...inputs.values()].filter((i) => {
    if (!outOfScope(i.tag)) return true;
    const m = /^Charter-Manifest:\s*(sha256:[a-f0-9]{64})\s*$/m.exec(i.tag?.message ?? "");
    if (m) skippedManifests.add(m[1]!);
    return false;
  });
  const trustCommits = new Set<string>([tip]);
  for (const i of toAudit)
    if (i.tag?.commit) {
      trustCommits.add(i.tag.commit);
      const parent = history.commit(i.tag.commit)?.parents[0];
      if (parent) trustCommits.add(parent);
    }
  await history.prefetch(trustCommits);
  const headTrust = (await history.trustAt(tip)).trust;
  const audited: AuditedRelease[] = await mapPool(toAudit, concurrency, (input) =>
    auditRelease({ registry, registryAvailable: probe.available, history, headTrust }, input),
  );

  // Channels: every non-version tag of each repository, by the manifest it resolves to.
  const channelFindings: AuditFinding[] = [];
  if (probe.available)
    await mapPool(repos, concurrency, async (r) => {
      let channelTags: string[] = [];
      try {
        channelTags = (await registry.listTags(r.repository)).filter(
          (t) => !new RegExp(`^${SEMVER}$`).test(t) && !t.startsWith("sha256-"),
        );
      } catch {
        return;
      }
      for (const channel of channelTags.sort()) {
        const d = await registry.resolve(r.repository, channel).catch(() => undefined);
        if (!d) continue;
        const rows = audited.filter(
          (a) => a.row.repository === r.repository && a.row.registry.manifest === d.digest,
        );
        for (const a of rows) a.row.registry.channels.push(channel);
        if (rows.length === 0 && !skippedManifests.has(d.digest)) {
          const rel = await readRelease(registry, r.repository, d.digest).catch(() => undefined);
          channelFindings.push(
            finding(
              "channel-unverified",
              `channel ${channel} of ${r.tenant}/${r.workflow} points at ${d.digest}${rel ? ` (version ${rel.version})` : ""}, which is no release the audit could verify`,
              null,
              `${r.tenant}/${r.workflow}@${channel}`,
            ),
          );
        }
      }
    });

  // --- Evidence: what verified release records say about each commit ---------------------------
  // A record is evidence for its commit only if it verifies under the trust in force before that commit
  // (releases.ts): one signed by a key the commit itself made trusted vouches for nothing.
  const evidence = new Map<string, Evidence>();
  const releasesOf = new Map<string, string[]>();
  const selfVouched = new Map<string, string[]>();
  const recordHead = new Map<string, string>();
  for (const a of audited) {
    if (!a.governance) continue;
    const source = a.governance.source.commit;
    const list = releasesOf.get(source) ?? [];
    list.push(`${a.row.name}@${a.row.version}`);
    releasesOf.set(source, list);
    if (a.governance.pullRequest && !recordHead.has(source))
      recordHead.set(source, a.governance.pullRequest.headSha);
    const g: GovernancePredicate | undefined = a.evidence;
    if (!g) {
      if (a.governance.pullRequest) {
        const self = selfVouched.get(source) ?? [];
        self.push(`${a.row.name}@${a.row.version}`);
        selfVouched.set(source, self);
      }
      continue;
    }
    const pr = g.pullRequest;
    if (!pr) continue;
    let e = evidence.get(g.source.commit);
    if (!e) {
      e = {
        source: "attestation",
        pullRequest: {
          number: pr.number,
          url: pr.url ?? null,
          author: pr.author,
          merger: pr.merger,
          mergedAt: pr.mergedAt ?? null,
          headSha: pr.headSha,
        },
        approvals: [],
      };
      evidence.set(g.source.commit, e);
    }
    for (const ap of g.approvals) {
      let existing = e.approvals.find((x) => x.reviewer.id === ap.reviewer.id && x.commit === ap.commit);
      if (!existing) {
        existing = { reviewer: ap.reviewer, commit: ap.commit, submittedAt: ap.submittedAt, attested: [] };
        e.approvals.push(existing);
      }
      existing.attested.push({
        tenant: ap.tenant ?? g.tenant,
        counted: ap.counted,
        via: ap.via ?? null,
        reason: ap.reason ?? null,
      });
    }
  }

  // --- Governed changes in scope ------------------------------------------------------------------
  const changed = history.commits
    .slice(cut)
    .map((c) => ({ commit: c, paths: history.governedPaths(c) }))
    .filter((x) => x.paths.length > 0);
  await history.prefetch(changed.flatMap((x) => (x.commit.parents[0] ? [x.commit.parents[0]] : [])));
  const policyAtParent = async (c: (typeof changed)[number]["commit"]): Promise<PolicyAt | "none"> => {
    const parent = c.parents[0];
    // Bootstrap: before the first commit with a charter.yml no policy existed. A charter.yml removed
    // later does not make the commits after it bootstraps: their policy is missing, which fails closed.
    if (!parent || !history.hadCharterAt(parent)) return "none";
    return history.policyAt(parent);
  };
  const policies = await mapPool(changed, concurrency, (x) => policyAtParent(x.commit));

  let directory: Directory | undefined;
  const githubChecked = new Set<string>();
  if (options.github) {
    const { client, owner, repo } = options.github;
    await mapPool(changed, 4, async (x, i) => {
      if (evidence.has(x.commit.sha) || policies[i] === "none") return;
      const e = await pullRequestEvidence(client, { owner, repo }, x.commit.sha);
      githubChecked.add(x.commit.sha);
      if (e) evidence.set(x.commit.sha, e);
    });
    const used = new Map<string, ApprovalPolicy>();
    for (const p of policies) if (p !== "none" && p.ok) used.set(p.policy.sha, p.policy);
    for (const a of audited)
      if (a.governance) {
        const p = await history.policyAt(a.governance.policy.commit).catch(() => undefined);
        if (p?.ok) used.set(p.policy.sha, p.policy);
      }
    directory = await githubDirectory(client, teamsOf(used.values()));
  }

  // Approved head vs merged commit: files the pull request changed, compared blob by blob.
  // (For a release row whose record is no evidence, against the head its record names.)
  const headOf = (sha: string) => evidence.get(sha)?.pullRequest.headSha ?? recordHead.get(sha);
  const lookups: string[] = [];
  for (const x of changed) {
    const head = headOf(x.commit.sha);
    if (!head) continue;
    lookups.push(`${head}^{commit}`);
    for (const p of x.paths) lookups.push(`${head}:${p}`);
  }
  const ids = await objectIds(top, lookups);
  const differing = new Map<string, string[] | null>();
  for (const x of changed) {
    const head = headOf(x.commit.sha);
    if (!head) continue;
    if (!ids.get(`${head}^{commit}`)) {
      differing.set(x.commit.sha, null);
      continue;
    }
    const after = new Map(x.commit.changes.map((ch) => [ch.path, ZERO.test(ch.newBlob) ? null : ch.newBlob]));
    differing.set(
      x.commit.sha,
      x.paths.filter((p) => (ids.get(`${head}:${p}`) ?? null) !== (after.get(p) ?? null)),
    );
  }

  const changes: AuditChange[] = changed.map((x, i) => {
    const input: ChangeInput = {
      commit: x.commit,
      paths: x.paths,
      tenants: [
        ...new Set(
          x.paths
            .map((p) => /^tenants\/([^/]+)\//.exec(p.slice(prefix.length))?.[1])
            .filter((t): t is string => Boolean(t)),
        ),
      ].sort(),
      policy: policies[i]!,
      releases: releasesOf.get(x.commit.sha) ?? [],
      selfVouched: selfVouched.get(x.commit.sha) ?? [],
      differingFiles: differing.get(x.commit.sha) ?? null,
      githubChecked: githubChecked.has(x.commit.sha),
      branch: ref!,
      ...(directory ? { directory } : {}),
    };
    const e = evidence.get(x.commit.sha);
    if (e) input.evidence = e;
    return classifyChange(input);
  });

  // Release rows: differing files, approvals judged with GitHub's team members when available.
  for (const a of audited) {
    const gov = a.row.governance;
    if (!gov?.pullRequest || !a.governance) continue;
    gov.pullRequest.differingFiles = differing.get(gov.sourceCommit) ?? null;
    if (directory) {
      const p = await history.policyAt(a.governance.policy.commit).catch(() => undefined);
      const t = p?.ok ? p.policy.tenants.get(a.row.tenant) : undefined;
      gov.approvals = judgedApprovals(
        {
          source: "attestation",
          pullRequest: gov.pullRequest,
          approvals: a.governance.approvals.map((ap) => ({
            reviewer: ap.reviewer,
            commit: ap.commit,
            submittedAt: ap.submittedAt,
            attested: [
              {
                tenant: ap.tenant ?? a.row.tenant,
                counted: ap.counted,
                via: ap.via ?? null,
                reason: ap.reason ?? null,
              },
            ],
          })),
        },
        t?.approvers ?? [],
        t?.allowBots ?? [],
        directory,
        a.row.tenant,
      );
      gov.counted = new Set(
        gov.approvals.filter((x) => x.entitled === true && x.onMergedHead).map((x) => x.reviewer.id),
      ).size;
    }
  }

  // Off-branch releases: reachable (a merged branch's commit) or not at all.
  const offBranch = new Map<string, boolean>();
  for (const a of audited)
    if (a.row.commit && !a.row.onBranch && !offBranch.has(a.row.commit))
      offBranch.set(a.row.commit, await isAncestor(top, a.row.commit, tip));

  // --- Scope and findings ------------------------------------------------------------------------
  const [wfTenant, wfName] = options.workflow?.includes("/")
    ? (options.workflow.split("/") as [string, string])
    : [undefined, options.workflow];
  const releaseInScope = (r: AuditRelease) =>
    (!options.tenant || r.tenant === options.tenant) &&
    (!wfName || (r.workflow === wfName && (!wfTenant || r.tenant === wfTenant))) &&
    // By position on the chain; a release off the chain has none, so it is always reported.
    !beforeCut(r.onBranch ? r.commit : null);
  const tenantScope = options.tenant ?? wfTenant;
  const changeInScope = (c: AuditChange) =>
    !tenantScope ||
    c.paths.some((p) => {
      const rel = p.slice(prefix.length);
      return rel.startsWith(`tenants/${tenantScope}/`) || !rel.startsWith("tenants/");
    });

  const rows = audited
    .map((a) => a.row)
    .filter(releaseInScope)
    .sort(
      (a, b) =>
        (b.date ?? "").localeCompare(a.date ?? "") ||
        a.name.localeCompare(b.name) ||
        compareSemver(b.version, a.version),
    );
  const findings: AuditFinding[] = [];
  // Unreadable and expected to hold something: release tags, --registry, a registry charter.yml
  // configures at the tip, or workflows the tip declares (their releases would be there).
  const expectsRegistry =
    tags.length > 0 ||
    Boolean(options.registry) ||
    tipRepo.charter.file.doc.has("registry") ||
    [...tipRepo.tenants.values()].some((t) => t.workflows.size > 0);
  if (!probe.available && expectsRegistry)
    findings.push(
      finding("registry-unavailable", `${registry.location} could not be read: ${probe.error}`, null, null),
    );
  for (const r of rows) {
    const id = `${r.name}@${r.version}`;
    const add = (kind: FindingKind, message: string) => {
      if (!r.findings.includes(kind)) r.findings.push(kind);
      findings.push(finding(kind, `${r.name} ${r.version}: ${message}`, r.commit, id));
    };
    const err = repoErrors.get(r.repository);
    if (err && !r.registry.error) r.registry.error = err;
    const failed = r.signatures.attestations.filter((x) => !x.verified);
    if (r.signatures.status === "invalid") {
      const missing = [
        !r.signatures.attestations.some((x) => x.verified && x.predicateType?.includes("governance")) &&
          "governance",
        !r.signatures.attestations.some((x) => x.verified && x.predicateType?.includes("slsa")) &&
          "provenance",
      ].filter(Boolean);
      add(
        "signature-invalid",
        `no ${missing.join(" or ")} attestation verifies against the trust in charter.yml at ${r.signatures.trustCommit?.slice(0, 12) ?? "the released commit"}${
          r.signatures.trustProblem ? ` (${r.signatures.trustProblem})` : ""
        }${failed.length ? `: ${failed.map((x) => `${x.reason}: ${x.message}`).join("; ")}` : r.signatures.attestations.length === 0 ? ": none is attached" : ""}`,
      );
    } else if (failed.length > 0)
      add(
        "untrusted-attestation",
        `${failed.length} attached attestation(s) do not verify: ${failed.map((x) => `${x.reason}: ${x.message}`).join("; ")}`,
      );
    if (r.integrity.status === "tampered") add("tag-tampered", r.integrity.reasons.join("; "));
    if (r.integrity.status === "tag-missing")
      add(
        "tag-missing",
        "published in the registry without a git tag (if this clone has no tags: git fetch --tags)",
      );
    if (r.integrity.status === "release-missing") add("release-missing", r.integrity.reasons.join("; "));
    if (r.commit && !r.onBranch)
      add(
        "off-branch-release",
        `released from ${r.commit.slice(0, 12)}, which is ${offBranch.get(r.commit) ? "a commit of a merged branch, not" : "not"} on ${ref}'s first-parent history`,
      );
    const g = r.governance;
    if (g) {
      for (const ap of g.approvals)
        if (ap.attested?.counted && ap.entitled === false && ap.basis !== "none")
          add(
            "entitlement-mismatch",
            `the record counts ${ap.reviewer.login}'s approval, but ${ap.reason} (policy at ${g.policy.commit.slice(0, 12)})`,
          );
      if (g.policy.matches === false)
        add(
          "policy-mismatch",
          g.policy.firstParent && g.policy.firstParent !== g.policy.commit
            ? `the record applied the policy of ${g.policy.commit.slice(0, 12)}, but the merge's first parent is ${g.policy.firstParent.slice(0, 12)}`
            : `the record's policy digest ${g.policy.digest} is not the digest of the policy at ${g.policy.commit.slice(0, 12)} (${g.policy.recomputedDigest})`,
        );
      if (g.eval && !g.eval.passed)
        add(
          "eval-failed",
          `the pull request evaluation concluded ${g.eval.conclusion} at ${g.eval.head.slice(0, 12)}`,
        );
    }
  }
  findings.push(
    ...channelFindings.filter((f) => {
      const [name] = (f.release ?? "").split("@");
      const [t, w] = (name ?? "").split("/");
      return (
        (!options.tenant || t === options.tenant) &&
        (!wfName || (w === wfName && (!wfTenant || t === wfTenant)))
      );
    }),
  );
  const changeRows = changes.filter(changeInScope).reverse();
  for (const c of changeRows)
    if (c.classification !== "governed" && c.classification !== "bootstrap")
      findings.push(
        finding(c.classification, `${c.commit.slice(0, 12)} "${c.subject}": ${c.reason}`, c.commit, null),
      );

  const count = <T extends string>(xs: T[]) => {
    const out: Record<string, number> = {};
    for (const x of xs) out[x] = (out[x] ?? 0) + 1;
    return out;
  };
  const report: AuditReport = {
    schema: AUDIT_SCHEMA_ID,
    generatedAt: now.toISOString(),
    charterVersion: CHARTER_VERSION,
    repository: { root: rootRel, ref: ref!, commit: tip, remote: safeRemote(remote) },
    scope: {
      since: options.since ? options.since.toISOString() : null,
      tenant: options.tenant ?? null,
      workflow: options.workflow ?? null,
    },
    registry: { location: registry.location, available: probe.available, error: probe.error },
    github: {
      used: Boolean(options.github),
      repository: options.github ? `${options.github.owner}/${options.github.repo}` : null,
    },
    summary: {
      commits: history.commits.length - cut,
      governedChanges: changeRows.length,
      releases: rows.length,
      findings: findings.length,
      classifications: count(changeRows.map((c) => c.classification)),
      kinds: count(findings.map((f) => f.kind)),
    },
    releases: rows,
    changes: changeRows,
    findings,
  };
  const checked = auditReportSchema.safeParse(report);
  if (!checked.success)
    throw new Error(
      `The audit report does not match its schema: ${checked.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join(".")}: ${i.message}`)
        .join("; ")}`,
    );

  const diagrams = new Map<string, string>();
  if (options.diagrams) {
    const inScope = new Set(rows.map((r) => `${r.name}@${r.version}`));
    for (const a of audited) {
      const id = `${a.row.name}@${a.row.version}`;
      if (!inScope.has(id) || !a.bundleBytes) continue;
      const d = diagramOf(a.bundleBytes);
      if (d) diagrams.set(id, d);
    }
  }
  return { report, diagrams };
}
