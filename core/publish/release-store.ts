/**
 * Releases as they live in a registry: one repository per workflow (`[PREFIX/]TENANT/WORKFLOW`), a
 * tag per version, movable channel tags, the bundle as an OCI artifact, and each signed attestation
 * (a Sigstore bundle) attached as a referrer of the bundle's manifest — cosign v3's layout, so the
 * attestations are found by any OCI tool that understands referrers or their tag-schema fallback.
 */
import {
  type ArtifactManifest,
  bundleManifest,
  EMPTY_CONFIG,
  OCI_EMPTY,
  OCI_MANIFEST,
} from "../bundle/artifact.ts";
import { type Bundle, sha256Hex } from "../bundle/build.ts";
import type { Descriptor, Registry } from "../registry/types.ts";
import { compareSemver } from "../text/semver.ts";

export const SIGSTORE_BUNDLE_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
const SEMVER_TAG = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

export function releaseRepository(prefix: string | undefined, tenant: string, workflow: string): string {
  return prefix ? `${prefix}/${tenant}/${workflow}` : `${tenant}/${workflow}`;
}

/** Published versions, highest first (channel and fallback tags are not versions). */
export async function publishedVersions(registry: Registry, repo: string): Promise<string[]> {
  const tags = await registry.listTags(repo);
  return tags.filter((t) => SEMVER_TAG.test(t)).sort((a, b) => compareSemver(b, a));
}

export interface PublishedRelease {
  version: string;
  manifestDigest: string;
  manifest: ArtifactManifest;
  bundleDigest: string;
}

/** A release by tag or digest, with its manifest read by digest and checked to be one of ours. */
export async function readRelease(
  registry: Registry,
  repo: string,
  ref: string,
): Promise<PublishedRelease | undefined> {
  const pulled = await registry.fetchManifest(repo, ref);
  if (!pulled) return undefined;
  const m = pulled.manifest as unknown as ArtifactManifest;
  if (m.artifactType !== "application/vnd.charter.workflow.v1" || m.layers?.length !== 1)
    throw new Error(
      `${repo}:${ref} is not a Charter workflow release (artifactType ${String(m.artifactType)}).`,
    );
  return {
    version: m.annotations?.["org.opencontainers.image.version"] ?? ref,
    manifestDigest: pulled.digest,
    manifest: m,
    bundleDigest: m.layers[0]!.digest,
  };
}

/** Uploads the bundle and its manifest (untagged: the version tag is the commit point, set last). */
export async function pushBundle(registry: Registry, repo: string, bundle: Bundle): Promise<Descriptor> {
  const { bytes } = bundleManifest(bundle);
  await registry.pushBlob(repo, EMPTY_CONFIG);
  await registry.pushBlob(repo, bundle.bytes);
  return registry.pushManifest(repo, bytes, { mediaType: OCI_MANIFEST });
}

/** Points `tag` at the release manifest, re-sending its bytes (one request; no read-back needed). */
export async function tagRelease(
  registry: Registry,
  repo: string,
  bundle: Bundle,
  tag: string,
): Promise<void> {
  await registry.pushManifest(repo, bundleManifest(bundle).bytes, { tag, mediaType: OCI_MANIFEST });
}

/**
 * Attaches Sigstore bundles as referrers of `subject` (after `pushBundle`, which stored the empty
 * config): each bundle's blob, then all referrer manifests with one update of the fallback index.
 */
export async function pushAttestations(
  registry: Registry,
  repo: string,
  subject: Descriptor,
  attestations: readonly { bytes: Uint8Array; predicateType: string }[],
): Promise<Descriptor[]> {
  const manifests: Uint8Array[] = [];
  for (const a of attestations) {
    const layer = await registry.pushBlob(repo, a.bytes);
    const manifest = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: SIGSTORE_BUNDLE_MEDIA_TYPE,
      config: {
        mediaType: OCI_EMPTY,
        digest: `sha256:${sha256Hex(EMPTY_CONFIG)}`,
        size: EMPTY_CONFIG.length,
      },
      layers: [{ mediaType: SIGSTORE_BUNDLE_MEDIA_TYPE, digest: layer.digest, size: layer.size }],
      subject: { mediaType: OCI_MANIFEST, digest: subject.digest, size: subject.size },
      annotations: {
        "dev.sigstore.bundle.content": "dsse-envelope",
        "dev.sigstore.bundle.predicateType": a.predicateType,
      },
    };
    manifests.push(new TextEncoder().encode(JSON.stringify(manifest)));
  }
  return registry.pushReferrers(repo, manifests);
}

export interface AttachedAttestation {
  descriptor: Descriptor;
  /** Unauthenticated hint from the referrer's annotations: only for choosing what to verify. */
  predicateTypeHint: string | undefined;
  bytes: Uint8Array;
}

/** Every Sigstore bundle attached to a release manifest (unverified: the caller verifies). */
export async function attachedAttestations(
  registry: Registry,
  repo: string,
  manifestDigest: string,
  maxBytes = 1024 * 1024,
): Promise<AttachedAttestation[]> {
  const refs = await registry.referrers(repo, manifestDigest, { artifactType: SIGSTORE_BUNDLE_MEDIA_TYPE });
  const out: AttachedAttestation[] = [];
  for (const d of refs) {
    const m = await registry.fetchManifest(repo, d.digest, { maxBytes: 64 * 1024 });
    const layer = m?.manifest.layers.find((l) => l.mediaType === SIGSTORE_BUNDLE_MEDIA_TYPE);
    if (!m || !layer || m.manifest.subject?.digest !== manifestDigest) continue;
    out.push({
      descriptor: d,
      predicateTypeHint: m.manifest.annotations?.["dev.sigstore.bundle.predicateType"],
      bytes: await registry.fetchBlob(repo, layer.digest, { maxBytes }),
    });
  }
  return out;
}
