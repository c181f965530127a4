/**
 * The registry interface the publisher and the runner share, with two backends: a directory of OCI image
 * layouts (`layout.ts`) and an OCI distribution-spec v1.1 server (`distribution.ts`). Everything a backend
 * accepts from a caller — repository names, tags, digests — is checked here against the distribution-spec
 * grammar before it reaches a URL or a file path, so no input can walk out of a layout directory or change
 * the shape of a request. Failures are `RegistryError`s whose `code` says what kind of failure it is and
 * whose message says what to do; messages never carry credentials.
 */
import { createHash } from "node:crypto";

export const MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
export const INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
export const EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";
/** Digest of the two bytes `{}`. */
export const EMPTY_DIGEST = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
export const OCTET_STREAM = "application/octet-stream";

export const DEFAULT_MAX_BLOB_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
  data?: string;
}

export interface Manifest {
  schemaVersion: 2;
  mediaType: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export interface PulledManifest {
  bytes: Uint8Array;
  digest: string;
  mediaType: string;
  /** The parsed JSON. For an image index (`mediaType` is INDEX_MEDIA_TYPE) this is the index object. */
  manifest: Manifest;
}

export interface FetchOptions {
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface Registry {
  /** Human-readable location, for messages. */
  readonly location: string;
  /** Stores a blob (no-op when it already exists). The descriptor's mediaType is a placeholder. */
  pushBlob(repo: string, bytes: Uint8Array): Promise<Descriptor>;
  /** The blob's bytes, verified against `digest`; RegistryError "not-found" when absent. */
  fetchBlob(repo: string, digest: string, opts?: FetchOptions): Promise<Uint8Array>;
  /**
   * Pushes the exact bytes; returns the digest. With `tag`, the tag is also pointed at it. When the
   * manifest has a `subject` and the registry lacks the referrers API, maintains the `sha256-<hex>`
   * fallback index for the subject (read-modify-write, deduplicated by digest).
   */
  pushManifest(
    repo: string,
    bytes: Uint8Array,
    opts?: { tag?: string; mediaType?: string },
  ): Promise<Descriptor>;
  /**
   * Pushes several referrer manifests of one subject (untagged), updating the fallback index once
   * for all of them where the registry lacks the referrers API.
   */
  pushReferrers(repo: string, manifests: readonly Uint8Array[]): Promise<Descriptor[]>;
  /** By tag or by digest. By digest: verifies the bytes hash to it. Undefined if not found. */
  fetchManifest(repo: string, ref: string, opts?: FetchOptions): Promise<PulledManifest | undefined>;
  /** Tag → descriptor (digest, size, mediaType) or undefined. */
  resolve(repo: string, tag: string): Promise<Descriptor | undefined>;
  /** Point an existing manifest (by digest) at tag (moves a channel). */
  tag(repo: string, digest: string, tag: string): Promise<void>;
  /** Sorted; [] when the repository does not exist. Includes `sha256-<hex>` referrers-fallback tags. */
  listTags(repo: string): Promise<string[]>;
  /**
   * Referrers of a manifest digest. Only manifests whose `subject.digest` really is `digest` are
   * returned, described from the fetched manifest itself; optionally only those of `artifactType`.
   */
  referrers(repo: string, digest: string, opts?: { artifactType?: string }): Promise<Descriptor[]>;
}

export type RegistryErrorCode =
  | "unauthorized"
  | "denied"
  | "not-found"
  | "digest-mismatch"
  | "too-large"
  | "network"
  | "protocol"
  | "unsupported";

export class RegistryError extends Error {
  override name = "RegistryError";
  readonly code: RegistryErrorCode;
  constructor(code: RegistryErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
  }
}

export const CREDENTIAL_HINT =
  "set CHARTER_REGISTRY_USERNAME / CHARTER_REGISTRY_PASSWORD or CHARTER_REGISTRY_TOKEN";

const REPO_RE = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const TAG_RE = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;

export function checkRepo(repo: string): string {
  if (typeof repo !== "string" || repo.length > 255 || !REPO_RE.test(repo))
    throw new RegistryError(
      "unsupported",
      `invalid repository name ${JSON.stringify(repo)}: use lowercase path components like "acme/workflows/triage"`,
    );
  return repo;
}

export function checkTag(tag: string): string {
  if (typeof tag !== "string" || !TAG_RE.test(tag))
    throw new RegistryError(
      "unsupported",
      `invalid tag ${JSON.stringify(tag)}: up to 128 of [A-Za-z0-9_.-], not starting with "." or "-"`,
    );
  return tag;
}

export function checkDigest(digest: string): string {
  if (typeof digest !== "string" || !DIGEST_RE.test(digest))
    throw new RegistryError(
      "unsupported",
      `invalid digest ${JSON.stringify(digest)}: expected sha256:<64 hex>`,
    );
  return digest;
}

export function isDigest(ref: string): boolean {
  return DIGEST_RE.test(ref);
}

/** A tag or a digest. */
export function checkRef(ref: string): string {
  return typeof ref === "string" && ref.startsWith("sha256:") ? checkDigest(ref) : checkTag(ref);
}

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

export function verifyDigest(bytes: Uint8Array, digest: string, what: string): void {
  const actual = sha256Digest(bytes);
  if (actual !== digest)
    throw new RegistryError(
      "digest-mismatch",
      `${what}: content hashes to ${actual}, not ${digest} — the registry or storage returned other bytes`,
    );
}

/** Tag of the referrers tag-schema fallback index for `digest`. */
export function fallbackTag(digest: string): string {
  return checkDigest(digest).replace(":", "-");
}

/**
 * Parses manifest or index bytes: a JSON object with schemaVersion 2. For an image manifest, config and
 * layers must be present. Returns the object and its media type (the JSON's own, or `fallback`).
 */
export function parseManifest(
  bytes: Uint8Array,
  what: string,
  fallback?: string,
): { manifest: Manifest; mediaType: string } {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new RegistryError("protocol", `${what} is not JSON`, { cause: error });
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw new RegistryError("protocol", `${what} is not a JSON object`);
  const obj = json as Record<string, unknown>;
  if (obj.schemaVersion !== 2) throw new RegistryError("protocol", `${what}: schemaVersion is not 2`);
  const mediaType = typeof obj.mediaType === "string" ? obj.mediaType : fallback;
  if (!mediaType) throw new RegistryError("protocol", `${what} has no mediaType`);
  if (
    mediaType === MANIFEST_MEDIA_TYPE &&
    (typeof obj.config !== "object" || obj.config === null || !Array.isArray(obj.layers))
  )
    throw new RegistryError("protocol", `${what}: an image manifest needs config and layers`);
  if (mediaType === INDEX_MEDIA_TYPE && !Array.isArray(obj.manifests))
    throw new RegistryError("protocol", `${what}: an image index needs manifests`);
  return { manifest: obj as unknown as Manifest, mediaType };
}

/** Checks bytes about to be pushed as a manifest and returns its media type. */
export function manifestToPush(bytes: Uint8Array, mediaType: string | undefined): string {
  if (bytes.byteLength > DEFAULT_MAX_MANIFEST_BYTES)
    throw new RegistryError(
      "too-large",
      `manifest is ${bytes.byteLength} bytes; registries accept up to 4 MiB`,
    );
  const parsed = parseManifest(bytes, "manifest to push", mediaType ?? MANIFEST_MEDIA_TYPE);
  if (mediaType && parsed.mediaType !== mediaType)
    throw new RegistryError(
      "protocol",
      `manifest says mediaType ${parsed.mediaType} but was pushed as ${mediaType}`,
    );
  return parsed.mediaType;
}
