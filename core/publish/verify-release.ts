/**
 * Verifies a published release end to end, from a registry it does not trust: a tag is resolved to
 * a digest once and only the digest is used after; the manifest and bundle are read by digest and
 * their bytes re-hashed; the bundle's index must account for every file; and for each required
 * predicate type (SLSA provenance, our governance predicate) one attached Sigstore bundle must verify
 * against the locally trusted keys, with the payload type, predicate type and subject digest checked.
 * The governance predicate must describe this very release (name, version, bundle digest).
 *
 * Used by `charter verify`, by `charter promote` before moving a channel, by publish to continue a
 * release sequence, and by the runner before anything executes.
 */
import { type OpenedBundle, openBundle } from "../bundle/open.ts";
import { type Registry, RegistryError } from "../registry/types.ts";
import type { TrustedKey } from "../signing/keys.ts";
import {
  GOVERNANCE_PREDICATE_V1,
  type GovernancePredicate,
  parseGovernancePredicate,
  SLSA_PROVENANCE_V1,
} from "../signing/statement.ts";
import { verifyAttestation } from "../signing/verify.ts";
import { attachedAttestations, type PublishedRelease, readRelease } from "./release-store.ts";

export interface TrustPolicy {
  trustedKeys: TrustedKey[];
  /** A pinned Sigstore `trusted_root.json` (parsed): needed for keyless (certificate) signatures. */
  trustedRoot?: object;
  /** Keyless signers trusted with `trustedRoot`: OIDC issuer and exact certificate identity. */
  keylessIdentities?: { issuer: string; subjectAlternativeName: string | RegExp }[];
}

export interface VerifiedRelease {
  ok: true;
  repository: string;
  /** What the caller asked for (tag or digest) and the digest it resolved to. */
  ref: string;
  release: PublishedRelease;
  bundle: OpenedBundle;
  bundleBytes: Uint8Array;
  governance: GovernancePredicate;
  provenance: unknown;
  signers: string[];
}

export interface FailedVerification {
  ok: false;
  repository: string;
  ref: string;
  /** One line per reason, most important first. */
  reasons: string[];
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

/**
 * One attestation against the trust policy: the trusted keys, and — for a certificate-signed bundle —
 * each trusted keyless identity in turn (the first that matches wins; the last failure is reported).
 */
export function verifyUnder(trust: TrustPolicy, bytes: Uint8Array, type: string, subjectDigest: string) {
  const base = {
    trustedKeys: trust.trustedKeys,
    expectedPredicateType: type,
    subjectDigest,
    ...(trust.trustedRoot ? { trustedRoot: trust.trustedRoot } : {}),
  };
  const identities = trust.keylessIdentities ?? [];
  let result = verifyAttestation(
    bytes,
    identities.length ? { ...base, keylessIdentity: identities[0]! } : base,
  );
  for (const identity of identities.slice(1)) {
    if (result.ok || result.reason !== "keyless-untrusted") break;
    result = verifyAttestation(bytes, { ...base, keylessIdentity: identity });
  }
  return result;
}

export async function verifyRelease(
  registry: Registry,
  repository: string,
  ref: string,
  trust: TrustPolicy,
  options: { maxBundleBytes?: number } = {},
): Promise<VerifiedRelease | FailedVerification> {
  try {
    return await verifyUnguarded(registry, repository, ref, trust, options);
  } catch (e) {
    // Registry errors (digest mismatch, size caps, network) are refusals too: fail closed, with the reason.
    if (e instanceof RegistryError)
      return { ok: false, repository, ref, reasons: [`${e.message} (${e.code})`] };
    throw e;
  }
}

async function verifyUnguarded(
  registry: Registry,
  repository: string,
  ref: string,
  trust: TrustPolicy,
  options: { maxBundleBytes?: number },
): Promise<VerifiedRelease | FailedVerification> {
  const fail = (...reasons: string[]): FailedVerification => ({ ok: false, repository, ref, reasons });
  if (trust.trustedKeys.length === 0 && !trust.trustedRoot)
    return fail(
      "No trusted keys are configured: add signing.trusted_keys to charter.yml or pass --key PUBLIC.pem (or, for keyless releases, signing.keyless with a pinned --trusted-root).",
    );
  let digest = ref;
  if (!DIGEST.test(ref)) {
    const d = await registry.resolve(repository, ref);
    if (!d) return fail(`${repository}:${ref} is not published in ${registry.location}.`);
    digest = d.digest;
  }
  let release: PublishedRelease | undefined;
  try {
    release = await readRelease(registry, repository, digest);
  } catch (e) {
    return fail((e as Error).message);
  }
  if (!release) return fail(`${repository}@${digest} is not in ${registry.location}.`);
  const bundleBytes = await registry.fetchBlob(repository, release.bundleDigest, {
    maxBytes: options.maxBundleBytes ?? 64 * 1024 * 1024,
  });
  let bundle: OpenedBundle;
  try {
    bundle = openBundle(bundleBytes);
  } catch (e) {
    return fail((e as Error).message);
  }

  const attached = await attachedAttestations(registry, repository, release.manifestDigest);
  if (attached.length === 0)
    return fail(`${repository}@${digest} has no attached attestations: it was not signed.`);
  const results = new Map<string, { predicate: unknown; signer: string }>();
  const reasons: string[] = [];
  for (const type of [SLSA_PROVENANCE_V1, GOVERNANCE_PREDICATE_V1]) {
    // Annotations are unauthenticated hints: try hinted candidates first, then every other one.
    const ordered = [...attached].sort(
      (a, b) => Number(b.predicateTypeHint === type) - Number(a.predicateTypeHint === type),
    );
    for (const a of ordered) {
      const result = verifyUnder(trust, a.bytes, type, release.bundleDigest);
      if (result.ok) {
        results.set(type, { predicate: result.predicate, signer: result.signer });
        break;
      }
      if (a.predicateTypeHint === type) reasons.push(`${type}: ${result.message} (${result.reason})`);
    }
    if (!results.has(type) && !reasons.some((r) => r.startsWith(type)))
      reasons.push(`${type}: no attestation of this type is attached.`);
  }
  if (reasons.length > 0) return fail(...reasons);

  let governance: GovernancePredicate;
  try {
    governance = parseGovernancePredicate(results.get(GOVERNANCE_PREDICATE_V1)!.predicate);
  } catch (e) {
    return fail(`The governance attestation is malformed: ${(e as Error).message}`);
  }
  const { index } = bundle;
  const mismatches = [
    governance.tenant !== index.tenant && `tenant ${governance.tenant} ≠ ${index.tenant}`,
    governance.workflow !== index.workflow && `workflow ${governance.workflow} ≠ ${index.workflow}`,
    governance.version !== index.version && `version ${governance.version} ≠ ${index.version}`,
    governance.bundle.digest !== release.bundleDigest &&
      `bundle ${governance.bundle.digest} ≠ ${release.bundleDigest}`,
  ].filter(Boolean);
  if (mismatches.length > 0)
    return fail(`The governance attestation describes another release: ${mismatches.join(", ")}.`);

  return {
    ok: true,
    repository,
    ref,
    release,
    bundle,
    bundleBytes,
    governance,
    provenance: results.get(SLSA_PROVENANCE_V1)!.predicate,
    signers: [...new Set([...results.values()].map((r) => r.signer))],
  };
}
