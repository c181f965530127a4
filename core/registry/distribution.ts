/**
 * The Registry interface over an OCI distribution-spec v1.1 server (registry:2, GHCR, Docker Hub, Harbor,
 * zot …). The URL may carry a namespace prefix: `https://ghcr.io/acme` + repo `x/y` → `acme/x/y`.
 *
 * Blobs: HEAD to skip existing ones, then POST an upload session and either PUT the bytes in one go
 * (up to `chunkSize`) or PATCH them in `chunkSize` pieces with `Content-Range` and PUT `?digest=` to
 * finish. Each response's `Location` is followed (relative or absolute, with or without a query).
 * Manifests are pushed with their exact bytes and media type; a registry that supports referrers says so
 * with `OCI-Subject` on the PUT, otherwise the `sha256-<hex>` fallback index is kept up to date here
 * (If-Match with the index's ETag when the registry sent one; retried on 412).
 *
 * Everything read is size-capped and digest-checked. HTTP, auth, deadlines and error mapping live in
 * `transport.ts`. No retries beyond the single authentication retry: callers decide.
 */
import {
  checkedReferrers,
  commonSubject,
  fallbackCandidates,
  indexEntries,
  referrerDescriptor,
  subjectDigest,
  withReferrer,
} from "./referrers.ts";
import { type Credentials, discard, shown, Transport } from "./transport.ts";
import {
  checkDigest,
  checkRef,
  checkRepo,
  checkTag,
  DEFAULT_MAX_BLOB_BYTES,
  DEFAULT_MAX_MANIFEST_BYTES,
  type Descriptor,
  type FetchOptions,
  fallbackTag,
  INDEX_MEDIA_TYPE,
  isDigest,
  MANIFEST_MEDIA_TYPE,
  manifestToPush,
  OCTET_STREAM,
  type PulledManifest,
  parseManifest,
  type Registry,
  RegistryError,
  sha256Digest,
  verifyDigest,
} from "./types.ts";

export interface DistributionOptions extends Credentials {
  /** Allow plain http to non-loopback hosts. */
  insecure?: boolean;
  /** Per request, body included. Default 30 000. */
  timeoutMs?: number;
  /** Blobs larger than this are uploaded in chunks of this size. Default 8 MiB. */
  chunkSize?: number;
  /** Default cap for fetchBlob. Default 64 MiB. */
  maxBlobBytes?: number;
  /** Default cap for fetchManifest. Default 4 MiB. */
  maxManifestBytes?: number;
  /** `n` for tag listing pages (the registry's default when unset). */
  tagsPageSize?: number;
  /** Called after each uploaded chunk of a chunked upload (awaited). */
  onUploadProgress?: (progress: { digest: string; uploaded: number; total: number }) => void | Promise<void>;
}

const MANIFEST_ACCEPT = [
  MANIFEST_MEDIA_TYPE,
  INDEX_MEDIA_TYPE,
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
].join(", ");

const MAX_PAGES = 10_000;

export class DistributionRegistry implements Registry {
  readonly location: string;
  private readonly base: URL;
  private readonly prefix: string;
  private readonly http: Transport;
  /** Set once the referrers endpoint answered 404/405: this server implements only the tag schema. */
  private noReferrersApi = false;

  constructor(
    url: string,
    private readonly options: DistributionOptions = {},
  ) {
    let base: URL;
    try {
      base = new URL(url);
    } catch {
      throw new RegistryError("unsupported", `invalid registry URL ${JSON.stringify(url)}`);
    }
    if (base.username || base.password)
      throw new RegistryError(
        "unsupported",
        "registry URL must not contain credentials: set CHARTER_REGISTRY_USERNAME / CHARTER_REGISTRY_PASSWORD or CHARTER_REGISTRY_TOKEN",
      );
    if (base.search || base.hash)
      throw new RegistryError("unsupported", `registry URL ${shown(base)} must not have a query or fragment`);
    this.prefix = base.pathname.replace(/^\/+|\/+$/g, "");
    if (this.prefix) checkRepo(this.prefix);
    this.http = new Transport(base, options);
    this.base = new URL(base.origin);
    this.location = this.prefix ? `${base.origin}/${this.prefix}` : base.origin;
  }

  async pushBlob(repo: string, bytes: Uint8Array): Promise<Descriptor> {
    const name = this.name(repo);
    const digest = sha256Digest(bytes);
    const descriptor = { mediaType: OCTET_STREAM, digest, size: bytes.byteLength };
    const scope = `repository:${name}:pull,push`;
    const head = { method: "HEAD" as const, url: this.url(name, `blobs/${digest}`), scope };
    const exists = await this.http.call(head, async (res) => {
      await discard(res);
      if (res.status === 200) return true;
      if (res.status === 404) return false;
      throw await this.http.unexpected(res, head);
    });
    if (exists) return descriptor;

    const start = { method: "POST" as const, url: this.url(name, "blobs/uploads/"), scope };
    let location = await this.http.call(start, async (res) => {
      if (res.status !== 202) throw await this.http.unexpected(res, start);
      await discard(res);
      return this.nextLocation(res, start.url);
    });
    const chunkSize = Math.max(1, this.options.chunkSize ?? 8 * 1024 * 1024);
    let finalBody: Uint8Array | undefined = bytes;
    if (bytes.byteLength > chunkSize) {
      finalBody = undefined;
      for (let offset = 0; offset < bytes.byteLength; offset += chunkSize) {
        const end = Math.min(offset + chunkSize, bytes.byteLength);
        const patch = {
          method: "PATCH" as const,
          url: location,
          scope,
          body: bytes.subarray(offset, end),
          headers: { "content-type": OCTET_STREAM, "content-range": `${offset}-${end - 1}` },
        };
        location = await this.http.call(patch, async (res) => {
          if (res.status !== 202) throw await this.http.unexpected(res, patch);
          await discard(res);
          return this.nextLocation(res, patch.url);
        });
        await this.options.onUploadProgress?.({ digest, uploaded: end, total: bytes.byteLength });
      }
    }
    const put = {
      method: "PUT" as const,
      url: withQuery(location, "digest", digest),
      scope,
      body: finalBody ?? new Uint8Array(0),
      headers: { "content-type": OCTET_STREAM },
    };
    await this.http.call(put, async (res) => {
      if (res.status !== 201 && res.status !== 204) throw await this.http.unexpected(res, put);
      await discard(res);
      const stored = res.headers.get("docker-content-digest");
      if (stored && stored !== digest)
        throw new RegistryError("digest-mismatch", `${this.location} stored blob ${digest} as ${stored}`);
    });
    return descriptor;
  }

  async fetchBlob(repo: string, digest: string, opts: FetchOptions = {}): Promise<Uint8Array> {
    const name = this.name(repo);
    checkDigest(digest);
    const call = {
      method: "GET" as const,
      url: this.url(name, `blobs/${digest}`),
      scope: `repository:${name}:pull`,
      signal: opts.signal,
    };
    const bytes = await this.http.call(call, async (res) => {
      if (res.status === 404) {
        await discard(res);
        throw new RegistryError("not-found", `blob ${digest} not found in ${this.location}/${repo}`);
      }
      if (res.status !== 200) throw await this.http.unexpected(res, call);
      const max = opts.maxBytes ?? this.options.maxBlobBytes ?? DEFAULT_MAX_BLOB_BYTES;
      return this.http.readCapped(res, max, `blob ${digest}`);
    });
    verifyDigest(bytes, digest, `blob ${digest} from ${this.location}/${repo}`);
    return bytes;
  }

  async pushManifest(
    repo: string,
    bytes: Uint8Array,
    opts: { tag?: string; mediaType?: string } = {},
  ): Promise<Descriptor> {
    const name = this.name(repo);
    const mediaType = manifestToPush(bytes, opts.mediaType);
    const digest = sha256Digest(bytes);
    const reference = opts.tag === undefined ? digest : checkTag(opts.tag);
    const supportsReferrers =
      (await this.putManifest(name, reference, bytes, mediaType, digest)) === "referrers";
    const pulled: PulledManifest = {
      bytes,
      digest,
      mediaType,
      manifest: parseManifest(bytes, "manifest").manifest,
    };
    const subject = subjectDigest(pulled);
    if (subject && !supportsReferrers) await this.addToFallback(name, subject, referrerDescriptor(pulled));
    return { mediaType, digest, size: bytes.byteLength };
  }

  async pushReferrers(repo: string, manifests: readonly Uint8Array[]): Promise<Descriptor[]> {
    if (manifests.length === 0) return [];
    const name = this.name(repo);
    const pulled: PulledManifest[] = manifests.map((bytes) => {
      const { manifest, mediaType } = parseManifest(bytes, "manifest");
      return { bytes, digest: sha256Digest(bytes), mediaType, manifest };
    });
    const subject = commonSubject(pulled);
    let supportsReferrers = false;
    for (const p of pulled)
      if ((await this.putManifest(name, p.digest, p.bytes, p.mediaType, p.digest)) === "referrers")
        supportsReferrers = true;
    if (!supportsReferrers) await this.addToFallback(name, subject, pulled.map(referrerDescriptor));
    return pulled.map((p) => ({ mediaType: p.mediaType, digest: p.digest, size: p.bytes.byteLength }));
  }

  async fetchManifest(
    repo: string,
    ref: string,
    opts: FetchOptions = {},
  ): Promise<PulledManifest | undefined> {
    const name = this.name(repo);
    return (await this.getManifest(name, checkRef(ref), `repository:${name}:pull`, opts))?.pulled;
  }

  async resolve(repo: string, tag: string): Promise<Descriptor | undefined> {
    const name = this.name(repo);
    checkTag(tag);
    const call = {
      method: "HEAD" as const,
      url: this.url(name, `manifests/${tag}`),
      scope: `repository:${name}:pull`,
      headers: { accept: MANIFEST_ACCEPT },
    };
    const head = await this.http.call(call, async (res) => {
      await discard(res);
      if (res.status === 404) return null;
      if (res.status !== 200) throw await this.http.unexpected(res, call);
      const digest = res.headers.get("docker-content-digest") ?? "";
      const size = Number(res.headers.get("content-length") ?? Number.NaN);
      const mediaType = contentType(res);
      if (!isDigest(digest) || !Number.isSafeInteger(size) || !mediaType) return undefined;
      return { mediaType, digest, size };
    });
    if (head !== undefined) return head ?? undefined;
    // The HEAD answer was incomplete: fetch and hash.
    const pulled = await this.fetchManifest(repo, tag);
    return pulled && { mediaType: pulled.mediaType, digest: pulled.digest, size: pulled.bytes.byteLength };
  }

  async tag(repo: string, digest: string, tag: string): Promise<void> {
    const name = this.name(repo);
    checkDigest(digest);
    checkTag(tag);
    const found = await this.getManifest(name, digest, `repository:${name}:pull,push`, {});
    if (!found)
      throw new RegistryError(
        "not-found",
        `cannot tag ${tag}: manifest ${digest} not found in ${this.location}/${repo}`,
      );
    if (
      (await this.putManifest(name, tag, found.pulled.bytes, found.pulled.mediaType, digest)) === "conflict"
    )
      throw new RegistryError("protocol", `${this.location} refused to tag ${tag} (HTTP 412)`);
  }

  async listTags(repo: string): Promise<string[]> {
    const name = this.name(repo);
    let url: URL | undefined = this.url(name, "tags/list");
    if (this.options.tagsPageSize) url.searchParams.set("n", String(this.options.tagsPageSize));
    const tags = new Set<string>();
    const seen = new Set<string>();
    for (let page = 0; url && page < MAX_PAGES; page++) {
      if (seen.has(url.href)) break;
      seen.add(url.href);
      const call: { method: "GET"; url: URL; scope: string } = {
        method: "GET",
        url,
        scope: `repository:${name}:pull`,
      };
      const result: { list: unknown; next: URL | undefined } | undefined = await this.http.call(
        call,
        async (res) => {
          if (res.status === 404) {
            await discard(res);
            return undefined;
          }
          if (res.status !== 200) throw await this.http.unexpected(res, call);
          const body = await this.http.readCapped(res, DEFAULT_MAX_MANIFEST_BYTES, "tag list");
          return { list: jsonOf(body, `tag list of ${shown(call.url)}`), next: this.nextLink(res, call.url) };
        },
      );
      if (!result) return [];
      const list = (result.list as { tags?: unknown }).tags;
      if (Array.isArray(list)) for (const t of list) if (typeof t === "string") tags.add(t);
      url = result.next;
    }
    return [...tags].sort();
  }

  async referrers(repo: string, digest: string, opts: { artifactType?: string } = {}): Promise<Descriptor[]> {
    const name = this.name(repo);
    checkDigest(digest);
    let url: URL | undefined = this.url(name, `referrers/${digest}`);
    if (opts.artifactType) url.searchParams.set("artifactType", opts.artifactType);
    const candidates: Descriptor[] = [];
    // A registry that answered 404 once has no referrers API: go straight to the tag schema.
    if (this.noReferrersApi) {
      candidates.push(...(await fallbackCandidates(this, repo, digest)));
      url = undefined;
    }
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const call: { method: "GET"; url: URL; scope: string; headers: Record<string, string> } = {
        method: "GET",
        url,
        scope: `repository:${name}:pull`,
        headers: { accept: INDEX_MEDIA_TYPE },
      };
      const result: { entries: Descriptor[]; next: URL | undefined } | undefined = await this.http.call(
        call,
        async (res) => {
          if (res.status === 404 || res.status === 405) {
            await discard(res);
            return undefined;
          }
          if (res.status !== 200) throw await this.http.unexpected(res, call);
          const bytes = await this.http.readCapped(res, DEFAULT_MAX_MANIFEST_BYTES, "referrers index");
          const entries = (() => {
            try {
              const { manifest, mediaType } = parseManifest(bytes, "referrers index", INDEX_MEDIA_TYPE);
              return indexEntries({ bytes, digest: "", mediaType, manifest });
            } catch {
              return []; // an invalid index lists no referrers
            }
          })();
          return { entries, next: this.nextLink(res, call.url) };
        },
      );
      if (!result) {
        // No referrers API: the tag schema. (Only reachable on the first page.)
        if (page === 0) {
          this.noReferrersApi = true;
          candidates.push(...(await fallbackCandidates(this, repo, digest)));
        }
        break;
      }
      candidates.push(...result.entries);
      url = result.next;
    }
    // Filtering is done on the fetched manifests whether or not OCI-Filters-Applied says the registry did.
    return checkedReferrers(this, repo, digest, candidates, opts.artifactType);
  }

  private name(repo: string): string {
    checkRepo(repo);
    return this.prefix ? checkRepo(`${this.prefix}/${repo}`) : repo;
  }

  private url(name: string, path: string): URL {
    return new URL(`/v2/${name}/${path}`, this.base);
  }

  private nextLocation(res: Response, requestUrl: URL): URL {
    const location = res.headers.get("location");
    if (!location) throw new RegistryError("protocol", `${shown(requestUrl)} gave no upload Location`);
    const url = new URL(location, requestUrl);
    this.http.checkTransport(url);
    return url;
  }

  /** The `rel="next"` target of a `Link` header, same origin only. */
  private nextLink(res: Response, requestUrl: URL): URL | undefined {
    const link = res.headers.get("link");
    const target = link && /<([^>]*)>\s*;[^,]*rel="?next"?/.exec(link)?.[1];
    if (!target) return undefined;
    const url = new URL(target, requestUrl);
    if (url.origin !== this.base.origin)
      throw new RegistryError("protocol", `${shown(requestUrl)} paginates to another host (${url.origin})`);
    return url;
  }

  /**
   * PUTs a manifest: "referrers" when the registry answered `OCI-Subject` (it supports referrers),
   * "conflict" when an If-Match precondition failed.
   */
  private async putManifest(
    name: string,
    reference: string,
    bytes: Uint8Array,
    mediaType: string,
    digest: string,
    ifMatch?: string,
  ): Promise<"stored" | "referrers" | "conflict"> {
    const call = {
      method: "PUT" as const,
      url: this.url(name, `manifests/${reference}`),
      scope: `repository:${name}:pull,push`,
      body: bytes,
      headers: { "content-type": mediaType, ...(ifMatch ? { "if-match": ifMatch } : {}) },
    };
    return this.http.call(call, async (res) => {
      if (res.status === 412) {
        await discard(res);
        return "conflict";
      }
      if (res.status !== 201 && res.status !== 200 && res.status !== 204)
        throw await this.http.unexpected(res, call);
      await discard(res);
      const stored = res.headers.get("docker-content-digest");
      if (stored && stored !== digest)
        throw new RegistryError(
          "digest-mismatch",
          `${this.location} stored manifest ${digest} as ${stored}: the registry rewrote the bytes`,
        );
      return res.headers.has("oci-subject") ? "referrers" : "stored";
    });
  }

  private async getManifest(
    name: string,
    ref: string,
    scope: string,
    opts: FetchOptions,
  ): Promise<{ pulled: PulledManifest; etag: string | undefined } | undefined> {
    const call = {
      method: "GET" as const,
      url: this.url(name, `manifests/${ref}`),
      scope,
      headers: { accept: MANIFEST_ACCEPT },
      signal: opts.signal,
    };
    return this.http.call(call, async (res) => {
      if (res.status === 404) {
        await discard(res);
        return undefined;
      }
      if (res.status !== 200) throw await this.http.unexpected(res, call);
      const max = opts.maxBytes ?? this.options.maxManifestBytes ?? DEFAULT_MAX_MANIFEST_BYTES;
      const bytes = await this.http.readCapped(res, max, `manifest ${name}:${ref}`);
      const what = `manifest ${ref} from ${this.location}`;
      if (isDigest(ref)) verifyDigest(bytes, ref, what);
      const digest = sha256Digest(bytes);
      const claimed = res.headers.get("docker-content-digest");
      if (claimed && isDigest(claimed) && claimed !== digest)
        throw new RegistryError(
          "digest-mismatch",
          `${what}: registry says ${claimed}, content hashes to ${digest}`,
        );
      const { manifest, mediaType } = parseManifest(bytes, what, contentType(res));
      return { pulled: { bytes, digest, mediaType, manifest }, etag: res.headers.get("etag") ?? undefined };
    });
  }

  /** Read-modify-write of the `sha256-<hex>` index; retried when a conditional PUT loses a race. */
  private async addToFallback(
    name: string,
    subject: string,
    referrer: Descriptor | readonly Descriptor[],
  ): Promise<void> {
    const tag = fallbackTag(subject);
    const scope = `repository:${name}:pull,push`;
    for (let attempt = 0; ; attempt++) {
      const existing = await this.getManifest(name, tag, scope, {}).catch((error: unknown) => {
        if (error instanceof RegistryError && error.code === "protocol") return undefined; // not an index: replace
        throw error;
      });
      const next = withReferrer(existing?.pulled, referrer);
      if (!next) return;
      const stored = await this.putManifest(
        name,
        tag,
        next,
        INDEX_MEDIA_TYPE,
        sha256Digest(next),
        existing?.etag,
      );
      if (stored !== "conflict") return;
      if (attempt >= 4)
        throw new RegistryError(
          "network",
          `the referrers index ${tag} kept changing under concurrent pushes`,
        );
    }
  }
}

function withQuery(url: URL, key: string, value: string): URL {
  return new URL(
    `${url.href.replace(/#.*$/, "")}${url.search ? "&" : "?"}${key}=${encodeURIComponent(value)}`,
  );
}

function contentType(res: Response): string | undefined {
  return res.headers.get("content-type")?.split(";")[0]?.trim() || undefined;
}

function jsonOf(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new RegistryError("protocol", `${what} is not JSON`, { cause: error });
  }
}
