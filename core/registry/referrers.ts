/**
 * Referrers, shared by both backends. A referrer is a manifest whose `subject` names another manifest
 * (signatures and attestations name the bundle manifest). Where a registry has no referrers API, the
 * distribution-spec "tag schema" applies: an image index tagged `sha256-<hex>` lists the referrers of
 * `sha256:<hex>`, maintained by the client (read-modify-write, deduplicated by digest).
 *
 * Nothing a registry lists is trusted as is: some registries resolve the `sha256-<hex>` tag to the
 * subject itself (oras-go#1396) and an index can hold anything, so every listed manifest is fetched
 * (digest-verified) and kept only if its own `subject.digest` is the digest asked about. The descriptor
 * returned is built from that fetched manifest, not from the listing.
 */
import { mapPool } from "../async/pool.ts";
import {
  type Descriptor,
  fallbackTag,
  type ImageIndex,
  INDEX_MEDIA_TYPE,
  isDigest,
  type PulledManifest,
  type Registry,
  RegistryError,
} from "./types.ts";

/** How a referrer manifest is listed in a referrers index. */
export function referrerDescriptor(pulled: PulledManifest): Descriptor {
  const m = pulled.manifest;
  const artifactType =
    m.artifactType ?? (typeof m.config?.mediaType === "string" ? m.config.mediaType : undefined);
  return {
    mediaType: pulled.mediaType,
    digest: pulled.digest,
    size: pulled.bytes.byteLength,
    ...(artifactType ? { artifactType } : {}),
    ...(m.annotations && Object.keys(m.annotations).length > 0 ? { annotations: { ...m.annotations } } : {}),
  };
}

/** The subject digest of a pushed manifest, if it has a well-formed one. */
export function subjectDigest(pulled: Pick<PulledManifest, "manifest">): string | undefined {
  const digest = pulled.manifest.subject?.digest;
  return typeof digest === "string" && isDigest(digest) ? digest : undefined;
}

/** Descriptors listed by an image index; anything else (not an index, junk entries) lists nothing. */
export function indexEntries(pulled: PulledManifest | undefined): Descriptor[] {
  if (!pulled || pulled.mediaType !== INDEX_MEDIA_TYPE) return [];
  const manifests = (pulled.manifest as unknown as ImageIndex).manifests;
  if (!Array.isArray(manifests)) return [];
  return manifests.filter(
    (d): d is Descriptor =>
      typeof d === "object" && d !== null && typeof d.digest === "string" && typeof d.mediaType === "string",
  );
}

/**
 * The fallback index with `referrers` added, or undefined when they are all already listed. An
 * existing tag that is not an image index is replaced.
 */
export function withReferrer(
  existing: PulledManifest | undefined,
  referrers: Descriptor | readonly Descriptor[],
): Uint8Array | undefined {
  const entries = indexEntries(existing);
  const added: Descriptor[] = [];
  for (const r of Array.isArray(referrers) ? referrers : [referrers as Descriptor])
    if (!entries.some((d) => d.digest === r.digest) && !added.some((d) => d.digest === r.digest))
      added.push(r);
  if (added.length === 0) return undefined;
  const index: ImageIndex = {
    schemaVersion: 2,
    mediaType: INDEX_MEDIA_TYPE,
    manifests: [...entries, ...added],
  };
  return new TextEncoder().encode(JSON.stringify(index));
}

/** Candidates from the `sha256-<hex>` fallback tag. */
export async function fallbackCandidates(
  registry: Registry,
  repo: string,
  digest: string,
): Promise<Descriptor[]> {
  return indexEntries(await registry.fetchManifest(repo, fallbackTag(digest)));
}

/** The candidates that really refer to `digest`, optionally of one artifact type, in listing order. */
export async function checkedReferrers(
  registry: Registry,
  repo: string,
  digest: string,
  candidates: readonly Descriptor[],
  artifactType?: string,
): Promise<Descriptor[]> {
  const digests = [...new Set(candidates.map((d) => d.digest).filter(isDigest))].filter((d) => d !== digest);
  const checked = await mapPool(digests, 8, async (candidate) => {
    const pulled = await registry.fetchManifest(repo, candidate).catch((error: unknown) => {
      // A listed manifest that is gone or unparsable is simply not a referrer.
      if (error instanceof RegistryError && (error.code === "not-found" || error.code === "protocol"))
        return undefined;
      throw error;
    });
    if (!pulled || subjectDigest(pulled) !== digest) return undefined;
    const descriptor = referrerDescriptor(pulled);
    return artifactType === undefined || descriptor.artifactType === artifactType ? descriptor : undefined;
  });
  return checked.filter((d): d is Descriptor => d !== undefined);
}

/** The one subject shared by a batch of referrer manifests (a batch with mixed or no subjects is refused). */
export function commonSubject(pulled: readonly PulledManifest[]): string {
  const subjects = new Set(pulled.map((p) => subjectDigest(p)));
  const [only] = [...subjects];
  if (subjects.size !== 1 || !only)
    throw new RegistryError("unsupported", "pushReferrers needs manifests that all have the same subject");
  return only;
}
