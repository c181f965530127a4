/**
 * One published version, audited: its git tag, what the registry holds under its version, every
 * attached attestation verified again under the trust charter.yml declared at the released commit,
 * and the three-way agreement between the tag's trailers, the registry's digests and the signed
 * record (subject digest, source commit, sequence). Nothing read from the registry or the tag is
 * believed before it is checked; a release that cannot be read is reported as such, never skipped.
 */
import { policyDigest } from "../publish/governance.ts";
import { attachedAttestations, type PublishedRelease, readRelease } from "../publish/release-store.ts";
import { type TrustPolicy, verifyUnder } from "../publish/verify-release.ts";
import type { Registry } from "../registry/types.ts";
import {
  GOVERNANCE_PREDICATE_V1,
  type GovernancePredicate,
  parseGovernancePredicate,
  SLSA_PROVENANCE_V1,
} from "../signing/statement.ts";
import type { TagRef } from "./git-read.ts";
import type { AuditHistory } from "./history.ts";
import { type EvidenceApproval, judgedApprovals } from "./judge.ts";
import type { AuditRelease } from "./schema.ts";

export interface ReleaseInput {
  tenant: string;
  workflow: string;
  version: string;
  repository: string;
  tag?: TagRef;
}

export interface ReleaseContext {
  registry: Registry;
  registryAvailable: boolean;
  history: AuditHistory;
  headTrust: TrustPolicy;
  maxBundleBytes?: number;
}

export interface AuditedRelease {
  row: AuditRelease;
  governance?: GovernancePredicate;
  /**
   * The governance record as evidence of how its source commit X was approved: set only when a record
   * that verified above also verifies under the trust in force before X (charter.yml at X's first
   * parent). A record that verifies only under X's own trust — X trusted its signer — is no evidence:
   * a commit cannot vouch for itself.
   */
  evidence?: GovernancePredicate;
  bundleBytes?: Uint8Array;
}

const TRAILER = /^(Charter-Bundle|Charter-Manifest|Charter-Sequence|Charter-Registry):[ \t]*(.*?)[ \t]*$/gm;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

export function tagTrailers(message: string): {
  bundle: string | null;
  manifest: string | null;
  sequence: number | null;
  registry: string | null;
} {
  const found: Record<string, string> = {};
  for (const m of message.matchAll(TRAILER)) found[m[1]!] ??= m[2]!;
  const digestOr = (v: string | undefined) => (v && DIGEST.test(v) ? v : null);
  const seq = found["Charter-Sequence"];
  return {
    bundle: digestOr(found["Charter-Bundle"]),
    manifest: digestOr(found["Charter-Manifest"]),
    sequence: seq && /^\d{1,9}$/.test(seq) ? Number(seq) : null,
    registry: found["Charter-Registry"] ?? null,
  };
}

/** The commit an attestation claims (unverified: only to choose whose trust to verify it under). */
function claimedCommit(bytes: Uint8Array): string | undefined {
  try {
    const bundle = JSON.parse(Buffer.from(bytes).toString("utf8")) as { dsseEnvelope?: { payload?: string } };
    const payload = bundle.dsseEnvelope?.payload;
    if (typeof payload !== "string") return undefined;
    const statement = JSON.parse(Buffer.from(payload, "base64").toString("utf8")) as {
      predicate?: { source?: { commit?: unknown } };
    };
    const c = statement.predicate?.source?.commit;
    return typeof c === "string" && /^[0-9a-f]{40}$/.test(c) ? c : undefined;
  } catch {
    return undefined;
  }
}

const iso = (seconds: number | null | undefined) =>
  seconds === null || seconds === undefined ? null : new Date(seconds * 1000).toISOString();

function trustedAtHead(head: TrustPolicy, keyId: string, signer: string): boolean {
  if (head.trustedKeys.some((k) => k.keyId === keyId)) return true;
  return (head.keylessIdentities ?? []).some(
    (i) =>
      typeof i.subjectAlternativeName === "string" &&
      signer === `${i.subjectAlternativeName} (issuer ${i.issuer})`,
  );
}

interface Verified {
  attestations: AuditRelease["signatures"]["attestations"];
  governance?: GovernancePredicate;
  provenanceOk: boolean;
  problem?: string;
}

/** Every attached attestation verified under `trust`: as the type its hint claims first, then as the other. */
function verifyAll(
  ctx: ReleaseContext,
  trust: TrustPolicy,
  attached: Awaited<ReturnType<typeof attachedAttestations>>,
  published: PublishedRelease,
  input: ReleaseInput,
): Verified {
  const out: Verified = { attestations: [], provenanceOk: false };
  for (const a of attached) {
    const types =
      a.predicateTypeHint === SLSA_PROVENANCE_V1
        ? [SLSA_PROVENANCE_V1, GOVERNANCE_PREDICATE_V1]
        : [GOVERNANCE_PREDICATE_V1, SLSA_PROVENANCE_V1];
    let result = verifyUnder(trust, a.bytes, types[0]!, published.bundleDigest);
    let type = types[0]!;
    if (!result.ok && result.reason === "predicate-type") {
      result = verifyUnder(trust, a.bytes, types[1]!, published.bundleDigest);
      type = types[1]!;
    }
    if (!result.ok) {
      out.attestations.push({
        digest: a.descriptor.digest,
        predicateType: a.predicateTypeHint ?? null,
        verified: false,
        signer: null,
        keyId: null,
        reason: result.reason,
        message: result.message,
        trustedAtHead: null,
      });
      continue;
    }
    out.attestations.push({
      digest: a.descriptor.digest,
      predicateType: type,
      verified: true,
      signer: result.signer,
      keyId: result.keyId,
      reason: null,
      message: null,
      trustedAtHead: trustedAtHead(ctx.headTrust, result.keyId, result.signer),
    });
    if (type === SLSA_PROVENANCE_V1) out.provenanceOk = true;
    else if (!out.governance) {
      try {
        const g = parseGovernancePredicate(result.predicate);
        const wrong = [
          g.tenant !== input.tenant && `tenant ${g.tenant}`,
          g.workflow !== input.workflow && `workflow ${g.workflow}`,
          g.version !== input.version && `version ${g.version}`,
          g.bundle.digest !== published.bundleDigest && `bundle ${g.bundle.digest}`,
        ].filter(Boolean);
        if (wrong.length)
          out.problem = `the verified governance record describes another release: ${wrong.join(", ")}`;
        else out.governance = g;
      } catch (e) {
        out.problem = `the verified governance record is malformed: ${(e as Error).message}`;
      }
    }
  }
  return out;
}

export async function auditRelease(ctx: ReleaseContext, input: ReleaseInput): Promise<AuditedRelease> {
  const { registry, history } = ctx;
  const { tenant, workflow, version, repository, tag } = input;
  const trailers = tag?.objectType === "tag" ? tagTrailers(tag.message) : null;
  const row: AuditRelease = {
    name: `${tenant}/${workflow}`,
    tenant,
    workflow,
    version,
    repository,
    commit: tag?.commit ?? null,
    date: null,
    onBranch: false,
    tag: tag
      ? {
          name: tag.name,
          annotated: tag.objectType === "tag",
          commit: tag.commit,
          bundle: trailers?.bundle ?? null,
          manifest: trailers?.manifest ?? null,
          sequence: trailers?.sequence ?? null,
          registry: trailers?.registry ?? null,
          tagger: tag.tagger,
          date: iso(tag.date),
        }
      : null,
    registry: { manifest: null, bundle: null, channels: [], error: null },
    integrity: { status: "unknown", reasons: [] },
    signatures: { status: "unverified", trustCommit: null, trustProblem: null, attestations: [] },
    governance: null,
    findings: [],
  };
  const out: AuditedRelease = { row };

  // The registry's view: the version tag resolved once, then everything by digest.
  let published: PublishedRelease | undefined;
  let attached: Awaited<ReturnType<typeof attachedAttestations>> = [];
  if (ctx.registryAvailable) {
    try {
      const resolved = await registry.resolve(repository, version);
      if (resolved) {
        published = await readRelease(registry, repository, resolved.digest);
        if (published) {
          row.registry.manifest = published.manifestDigest;
          out.bundleBytes = await registry.fetchBlob(repository, published.bundleDigest, {
            maxBytes: ctx.maxBundleBytes ?? 64 * 1024 * 1024,
          });
          row.registry.bundle = published.bundleDigest;
          attached = await attachedAttestations(registry, repository, published.manifestDigest);
        }
      }
    } catch (e) {
      row.registry.error = (e as Error).message;
    }
  }

  // Whose trust applies: charter.yml at the released commit — the tag's, and when nothing verifies
  // under it, the commit the record claims (a moved tag). A record must then name the very commit
  // whose trust verified it.
  // The record's claimed commit is read (unverified) only when the tag's trust does not verify it.
  let claimed: string | undefined | null = null;
  const claim = () => {
    if (claimed === null) claimed = attached.map((a) => claimedCommit(a.bytes)).find(Boolean);
    return claimed;
  };
  const candidates: string[] = tag?.commit ? [tag.commit] : [];
  if (candidates.length === 0) {
    const c = claim();
    if (c) candidates.push(c);
    else if (attached.length > 0)
      row.signatures.trustProblem = "no git tag and no readable record names the released commit";
  }
  let governance: GovernancePredicate | undefined;
  let verifiedTrust: TrustPolicy | undefined;
  for (let i = 0; i < candidates.length; i++) {
    const trustCommit = candidates[i]!;
    let trust: TrustPolicy = { trustedKeys: [] };
    let trustProblem: string | null = null;
    try {
      const t = await history.trustAt(trustCommit);
      trust = t.trust;
      trustProblem = t.problem ?? null;
    } catch (e) {
      trustProblem = `cannot read charter.yml at ${trustCommit.slice(0, 12)}: ${(e as Error).message}`;
    }
    const verified = published ? verifyAll(ctx, trust, attached, published, input) : undefined;
    const own =
      verified?.governance &&
      (tag?.commit === trustCommit || verified.governance.source.commit === trustCommit);
    if (i === 0 || own) {
      row.signatures.trustCommit = trustCommit;
      row.signatures.trustProblem = trustProblem ?? verified?.problem ?? null;
      if (verified) {
        row.signatures.attestations = verified.attestations;
        row.signatures.status = verified.governance && verified.provenanceOk ? "valid" : "invalid";
        governance = verified.governance;
        verifiedTrust = trust;
      }
    }
    if (own) break;
    const c = i === 0 ? claim() : undefined;
    if (c && !candidates.includes(c)) candidates.push(c);
  }
  if (governance && !tag && governance.source.commit !== row.signatures.trustCommit) {
    governance = undefined;
    row.signatures.status = "invalid";
    row.signatures.trustProblem = "the record's commit is not the commit whose trust verified it";
  }
  if (governance) out.governance = governance;

  // Evidence of approval: the record must also verify under the trust in force before its commit.
  if (governance && published) {
    const parent = history.commit(governance.source.commit)?.parents[0];
    const ownTrust = verifiedTrust;
    let before: TrustPolicy | undefined;
    if (parent)
      try {
        const t = await history.trustAt(parent);
        before = t.problem ? undefined : t.trust;
      } catch {
        before = undefined;
      }
    if (before && before === ownTrust) out.evidence = governance;
    else if (before) {
      // Only attestations that verified under the released commit's trust, checked again under the earlier trust.
      const verifiedDigests = new Set(
        row.signatures.attestations.filter((x) => x.verified).map((x) => x.digest),
      );
      const again = verifyAll(
        ctx,
        before,
        attached.filter((a) => verifiedDigests.has(a.descriptor.digest)),
        published,
        input,
      );
      if (again.governance && !again.problem && again.governance.source.commit === governance.source.commit)
        out.evidence = again.governance;
    }
  }

  // The released commit and where it sits.
  row.commit = governance?.source.commit ?? tag?.commit ?? null;
  const onChain = row.commit ? history.commit(row.commit) : undefined;
  row.onBranch = Boolean(onChain);
  row.date = onChain ? iso(onChain.time) : (governance?.issuedAt ?? row.tag?.date ?? null);

  // Tag integrity: trailers vs registry vs signed record.
  const reasons: string[] = [];
  if (!tag) {
    if (published) row.integrity.status = "tag-missing";
  } else if (ctx.registryAvailable && !published && !row.registry.error) {
    row.integrity.status = "release-missing";
    reasons.push(`the registry holds no ${version} of ${repository}`);
  } else {
    if (tag.objectType !== "tag")
      reasons.push("a lightweight tag: release tags are annotated and carry the release's digests");
    else {
      if (!trailers?.manifest || !trailers.bundle)
        reasons.push("the tag message lacks the Charter-Manifest / Charter-Bundle trailers");
      if (published && trailers?.manifest && trailers.manifest !== published.manifestDigest)
        reasons.push(
          `the tag records manifest ${trailers.manifest}, but the registry's ${version} is ${published.manifestDigest}`,
        );
      if (published && trailers?.bundle && trailers.bundle !== published.bundleDigest)
        reasons.push(
          `the tag records bundle ${trailers.bundle}, but the registry's ${version} holds ${published.bundleDigest}`,
        );
      if (governance && trailers?.sequence !== null && trailers?.sequence !== governance.sequence)
        reasons.push(
          `the tag records sequence ${trailers?.sequence}, the signed record ${governance.sequence}`,
        );
    }
    if (tag.commit === null) reasons.push("the tag does not point at a commit");
    if (governance && tag.commit && governance.source.commit !== tag.commit)
      reasons.push(
        `the tag points at ${tag.commit.slice(0, 12)}, but the signed record released ${governance.source.commit.slice(0, 12)} (the tag was moved)`,
      );
    if (published && row.registry.error)
      reasons.push(`the registry's copy does not verify: ${row.registry.error}`);
    if (published || reasons.length) row.integrity.status = reasons.length ? "tampered" : "intact";
  }
  row.integrity.reasons = reasons;

  // The signed record, re-judged against git.
  if (governance) {
    const g = governance;
    const first = history.commit(g.source.commit)?.parents[0] ?? null;
    let recomputed: string | null = null;
    let policyOk: Awaited<ReturnType<AuditHistory["policyAt"]>> | undefined;
    try {
      policyOk = await history.policyAt(g.policy.commit);
      if (policyOk.ok) recomputed = policyDigest(policyOk.policy, tenant);
    } catch {
      policyOk = undefined;
    }
    const tenantPolicy = policyOk?.ok ? policyOk.policy.tenants.get(tenant) : undefined;
    const approvals: EvidenceApproval[] = g.approvals.map((a) => ({
      reviewer: a.reviewer,
      commit: a.commit,
      submittedAt: a.submittedAt,
      attested: [
        { tenant: a.tenant ?? tenant, counted: a.counted, via: a.via ?? null, reason: a.reason ?? null },
      ],
    }));
    const pr = g.pullRequest;
    const judged = pr
      ? judgedApprovals(
          {
            source: "attestation",
            pullRequest: {
              number: pr.number,
              url: pr.url ?? null,
              author: pr.author,
              merger: pr.merger,
              mergedAt: pr.mergedAt ?? null,
              headSha: pr.headSha,
            },
            approvals,
          },
          tenantPolicy?.approvers ?? [],
          tenantPolicy?.allowBots ?? [],
          undefined,
          tenant,
        )
      : [];
    row.governance = {
      sequence: g.sequence,
      issuedAt: g.issuedAt,
      expires: g.expires,
      sourceCommit: g.source.commit,
      policy: {
        commit: g.policy.commit,
        digest: g.policy.digest,
        required: g.policy.required ?? 0,
        approvers: g.policy.approvers ?? [],
        firstParent: first,
        recomputedDigest: recomputed,
        matches:
          first !== null && first !== g.policy.commit
            ? false
            : recomputed === null
              ? null
              : recomputed === g.policy.digest,
      },
      pullRequest: pr
        ? {
            number: pr.number,
            url: pr.url ?? null,
            author: pr.author,
            merger: pr.merger,
            mergedAt: pr.mergedAt ?? null,
            headSha: pr.headSha,
            treeEqual: pr.treeEqual ?? null,
            differingFiles: null,
          }
        : null,
      approvals: judged,
      counted: new Set(judged.filter((a) => a.entitled === true && a.onMergedHead).map((a) => a.reviewer.id))
        .size,
      required: tenantPolicy?.required ?? g.policy.required ?? 0,
      checks: g.checks,
      eval: g.eval
        ? {
            head: g.eval.head,
            conclusion: g.eval.conclusion,
            passed: g.eval.passed,
            atMergedHead: g.eval.atMergedHead ?? null,
            suites: g.eval.suites,
          }
        : null,
    };
  }
  return out;
}
