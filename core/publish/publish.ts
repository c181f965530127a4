/**
 * Publishing a plan: for each workflow to release, in an order that makes a crash at any point safe
 * to re-run —
 *
 * 1. push the bundle blobs and its manifest, untagged (content-addressed: re-pushing is a no-op);
 * 2. attach the signed attestations — SLSA provenance and the governance record — as referrers,
 *    reusing any already attached that verify and describe this release (so a re-run adds none);
 * 3. point the version tag at the manifest: the commit point, after which the version exists;
 * 4. move the automatic channels (only forwards: a channel never moves to a lower version);
 * 5. create (and optionally push) the annotated git tag on the released commit.
 *
 * Every step checks before it writes, so a re-run after a failure part-way completes the release
 * without duplicates; nothing is published while any workflow in the plan is refused.
 */

import type { Directory } from "../approvals/facts.ts";
import type { ApprovalPolicy } from "../approvals/policy.ts";
import { mapPool } from "../async/pool.ts";
import { bundleManifest } from "../bundle/artifact.ts";
import type { Registry } from "../registry/types.ts";
import type { AttestationSigner } from "../signing/sign.ts";
import {
  buildProvenance,
  buildStatement,
  GOVERNANCE_PREDICATE_V1,
  parseGovernancePredicate,
  SLSA_PROVENANCE_V1,
} from "../signing/statement.ts";
import { compareSemver } from "../text/semver.ts";
import { ensureReleaseTag, releaseTagMessage, releaseTagName } from "./git-tags.ts";
import type { ReleaseFacts } from "./github-facts.ts";
import { governancePredicate } from "./governance.ts";
import type { PlanEntry, PublishPlan } from "./plan.ts";
import {
  attachedAttestations,
  pushAttestations,
  pushBundle,
  readRelease,
  tagRelease,
} from "./release-store.ts";
import { type TrustPolicy, verifyUnder } from "./verify-release.ts";

export interface PublishContext {
  registry: Registry;
  signer: AttestationSigner;
  /**
   * Whose existing attestations count — for reuse on a re-run and to continue the sequence: the
   * signer's own key, charter.yml's trusted keys, and its keyless identities with a pinned root.
   */
  trust: TrustPolicy;
  /** The git repository (for tags) and the released commit. */
  gitDir: string;
  commit: string;
  ref: string;
  /** `https://github.com/OWNER/REPO` or a `file://` URL for local repositories. */
  repositoryUrl: string;
  builderId: string;
  invocationId?: string;
  facts: ReleaseFacts;
  policy: ApprovalPolicy | undefined;
  policyCommit: string;
  /** Whether the governed files at the pull request's head equal the released commit's (when known). */
  treeEqual?: boolean;
  directory: Directory;
  channels: readonly string[];
  expiresAfterDays: number;
  tagPrefix: string;
  /** Push git tags to this remote. */
  pushTagsTo?: string;
  /** Release tags already in the repository (name → commit), read once before publishing. */
  knownTags?: ReadonlyMap<string, string>;
  now?: () => Date;
  /** Called after each step, for progress output (and for tests to inject failures). */
  onStep?: (entry: PlanEntry, step: PublishStep) => void | Promise<void>;
}

export type PublishStep = "bundle" | "attestations" | "version-tag" | "channels" | "git-tag";

export interface PublishOutcome {
  tenant: string;
  workflow: string;
  version: string;
  repository: string;
  action: PlanEntry["action"];
  bundleDigest: string;
  manifestDigest: string;
  sequence?: number;
  /** What this run wrote: nothing for an unchanged, complete release. */
  wrote: string[];
  channels: string[];
  gitTag?: string;
  /** Set when an unchanged release was signed by a signer no longer trusted: why it was left alone. */
  untrusted?: string;
}

/** The release sequence continues from the latest published release's verified governance record. */
async function nextSequence(
  ctx: PublishContext,
  entry: PlanEntry,
): Promise<{ sequence: number; previous: { digest: string; version: string } | null }> {
  if (!entry.latest) return { sequence: 1, previous: null };
  const atts = await attachedAttestations(ctx.registry, entry.repository, entry.latest.manifestDigest);
  for (const a of atts) {
    const r = verifyUnder(ctx.trust, a.bytes, GOVERNANCE_PREDICATE_V1, entry.latest.bundleDigest);
    if (r.ok) {
      const g = parseGovernancePredicate(r.predicate);
      return {
        sequence: g.sequence + 1,
        previous: { digest: entry.latest.bundleDigest, version: g.version },
      };
    }
  }
  throw new Error(
    `${entry.repository}:${entry.latest.version} has no governance attestation signed by a trusted key, so the release sequence cannot continue. Trust its signer in charter.yml: signing.trusted_keys, or signing.keyless with signing.trusted_root_file.`,
  );
}

/** The release's attestations that verify under today's trust, by predicate type. */
async function verifiedAttestations(ctx: PublishContext, entry: PlanEntry): Promise<Map<string, unknown>> {
  const existing = await attachedAttestations(ctx.registry, entry.repository, entry.manifestDigest);
  const found = new Map<string, unknown>();
  for (const type of [SLSA_PROVENANCE_V1, GOVERNANCE_PREDICATE_V1])
    for (const a of existing) {
      const r = verifyUnder(ctx.trust, a.bytes, type, entry.bundle.digest);
      if (r.ok) {
        found.set(type, r.predicate);
        break;
      }
    }
  return found;
}

/** The release's sequence and the commit it was released from (an earlier one for an unchanged release). */
async function ensureAttestations(
  ctx: PublishContext,
  entry: PlanEntry,
  wrote: string[],
): Promise<{ sequence: number; commit: string }> {
  const { registry } = ctx;
  const { bundle } = entry;
  const subject = {
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    digest: entry.manifestDigest,
    size: bundleManifest(bundle).bytes.length,
  };
  const found = await verifiedAttestations(ctx, entry);
  const statementSubject = {
    name: `${bundle.tenant}/${bundle.workflow}@${bundle.version}`,
    digest: { sha256: bundle.digest.slice(7) },
  };
  const now = (ctx.now ?? (() => new Date()))();
  const toAttach: { bytes: Uint8Array; predicateType: string }[] = [];
  const sign = async (type: string, predicate: object) => {
    const signed = await ctx.signer.signStatement(buildStatement(statementSubject, type, predicate));
    toAttach.push({ bytes: new TextEncoder().encode(JSON.stringify(signed)), predicateType: type });
    wrote.push(type === SLSA_PROVENANCE_V1 ? "provenance" : "governance");
  };
  if (!found.has(SLSA_PROVENANCE_V1)) {
    await sign(
      SLSA_PROVENANCE_V1,
      buildProvenance({
        repository: ctx.repositoryUrl,
        ref: ctx.ref,
        commit: ctx.commit,
        workflowPath: bundle.index.entrypoint,
        builderId: ctx.builderId,
        ...(ctx.invocationId ? { invocationId: ctx.invocationId } : {}),
        finishedOn: now.toISOString(),
        tenant: bundle.tenant,
        workflow: bundle.workflow,
        version: bundle.version,
        bundleEntries: bundle.index.files,
      }),
    );
  }
  let sequence: number;
  let commit = ctx.commit;
  const standing = found.get(GOVERNANCE_PREDICATE_V1);
  if (standing) {
    const g = parseGovernancePredicate(standing);
    sequence = g.sequence;
    commit = g.source.commit;
  } else {
    const next = await nextSequence(ctx, entry);
    sequence = next.sequence;
    const predicate = governancePredicate(bundle, ctx.facts, ctx.policy, ctx.directory, {
      repository: ctx.repositoryUrl,
      commit: ctx.commit,
      ref: ctx.ref,
      policyCommit: ctx.policyCommit,
      ...(ctx.treeEqual !== undefined ? { treeEqual: ctx.treeEqual } : {}),
      sequence,
      previous: next.previous,
      issuedAt: now,
      expiresAfterDays: ctx.expiresAfterDays,
    });
    parseGovernancePredicate(predicate); // never sign a record a verifier would reject
    await sign(GOVERNANCE_PREDICATE_V1, predicate);
  }
  if (toAttach.length > 0) await pushAttestations(registry, entry.repository, subject, toAttach);
  await ctx.onStep?.(entry, "attestations");
  return { sequence, commit };
}

/** Moves each automatic channel to this release unless it already points at a higher version. */
async function moveChannels(ctx: PublishContext, entry: PlanEntry, wrote: string[]): Promise<string[]> {
  const moved: string[] = [];
  for (const channel of ctx.channels) {
    const current = await readRelease(ctx.registry, entry.repository, channel).catch(() => undefined);
    if (current?.manifestDigest === entry.manifestDigest) {
      moved.push(channel);
      continue;
    }
    if (current && compareSemver(current.version, entry.version) > 0) continue;
    await tagRelease(ctx.registry, entry.repository, entry.bundle, channel);
    wrote.push(`channel ${channel}`);
    moved.push(channel);
  }
  return moved;
}

export async function publishEntry(ctx: PublishContext, entry: PlanEntry): Promise<PublishOutcome> {
  const wrote: string[] = [];
  const { registry, bundle } = { registry: ctx.registry, bundle: entry.bundle };
  const outcome = {
    tenant: entry.tenant,
    workflow: entry.workflow,
    version: entry.version,
    repository: entry.repository,
    action: entry.action,
    bundleDigest: bundle.digest,
    manifestDigest: entry.manifestDigest,
    wrote,
  };
  if (entry.action === "unchanged" && !(await verifiedAttestations(ctx, entry)).has(GOVERNANCE_PREDICATE_V1))
    // Released earlier, signed by a key charter.yml no longer trusts (a rotation). Signing it again
    // now would claim this commit released it; it stays as it was, and the outcome says so.
    return {
      ...outcome,
      channels: [],
      untrusted: `its attestations are signed by no key or identity charter.yml trusts now; runners that trust only today's signers refuse it — raise the workflow's version to release it again`,
    };
  if (entry.action === "publish" || entry.action === "resume") {
    const pushed = await pushBundle(registry, entry.repository, bundle);
    if (pushed.digest !== entry.manifestDigest)
      throw new Error(`The registry stored the manifest as ${pushed.digest}, not ${entry.manifestDigest}.`);
    if (entry.action === "publish") wrote.push("bundle");
  }
  await ctx.onStep?.(entry, "bundle");
  const { sequence, commit } = await ensureAttestations(ctx, entry, wrote);
  const tagged = await registry.resolve(entry.repository, entry.version);
  if (tagged?.digest !== entry.manifestDigest) {
    await tagRelease(registry, entry.repository, bundle, entry.version);
    wrote.push(`tag ${entry.version}`);
  }
  await ctx.onStep?.(entry, "version-tag");
  const channels = await moveChannels(ctx, entry, wrote);
  await ctx.onStep?.(entry, "channels");
  const gitTag = releaseTagName(ctx.tagPrefix, entry.tenant, entry.workflow, entry.version);
  const tagOutcome = await ensureReleaseTag(
    ctx.gitDir,
    {
      name: gitTag,
      commit,
      message: releaseTagMessage({
        tenant: entry.tenant,
        workflow: entry.workflow,
        version: entry.version,
        bundleDigest: bundle.digest,
        manifestDigest: entry.manifestDigest,
        sequence,
        registry: registry.location,
      }),
    },
    ctx.pushTagsTo,
    ctx.knownTags,
  );
  if (tagOutcome === "created") wrote.push(`git tag ${gitTag}`);
  await ctx.onStep?.(entry, "git-tag");
  return { ...outcome, sequence, channels, gitTag };
}

/**
 * Publishes every entry of a plan without refusals. Workflows are independent (one registry
 * repository and one git tag each), so up to `concurrency` are published at once; after a failure
 * no further workflow is started, and the error is the first one (a re-run completes the rest).
 */
export async function publishPlan(
  ctx: PublishContext,
  plan: PublishPlan,
  concurrency = 4,
): Promise<PublishOutcome[]> {
  if (plan.refused.length > 0)
    throw new Error(
      `Nothing was published: ${plan.refused.map((e) => `${e.tenant}/${e.workflow}: ${e.reason}`).join("; ")}.`,
    );
  let failure: { error: unknown } | undefined;
  const out = await mapPool(plan.entries, concurrency, async (entry) => {
    if (failure) return undefined;
    try {
      return await publishEntry(ctx, entry);
    } catch (error) {
      failure ??= { error };
      return undefined;
    }
  });
  if (failure) throw failure.error;
  return out as PublishOutcome[];
}
