import {
  CREDENTIAL_HINT,
  DEFAULT_MAX_BLOB_BYTES,
  DEFAULT_MAX_MANIFEST_BYTES,
  GOVERNANCE_PREDICATE_V1,
  INDEX_MEDIA_TYPE,
  INTOTO_PAYLOAD_TYPE,
  MANIFEST_MEDIA_TYPE,
  OCTET_STREAM,
  RegistryError,
  SIGSTORE_BUNDLE_MEDIA_TYPE,
  SLSA_PROVENANCE_V1,
  assertStatement,
  attachedAttestations,
  buildBundle,
  buildProvenance,
  buildStatement,
  bundleManifest,
  checkDigest,
  checkRef,
  checkRepo,
  checkTag,
  fallbackTag,
  isDigest,
  manifestToPush,
  parseGovernancePredicate,
  parseManifest,
  publishedVersions,
  pushAttestations,
  pushBundle,
  readRelease,
  releaseRepository,
  sha256Digest,
  sha256Hex,
  tagRelease,
  verifyDigest,
  verifyUnder
} from "./chunk-QI2N7CZP.js";
import {
  SIGNING_KEY_ENV,
  SIGNING_KEY_FILE_ENV,
  loadSigningKey,
  loadTrustedKeys
} from "./chunk-XUHWOOZD.js";
import {
  readEvalSummary
} from "./chunk-433K37J5.js";
import {
  lintRepo
} from "./chunk-YDXCRINK.js";
import {
  compareSemver
} from "./chunk-4YJBRKOS.js";
import {
  mapPool
} from "./chunk-FQ3VYVXV.js";
import {
  deadline
} from "./chunk-SB4OEXEQ.js";
import {
  approvalPolicy,
  identitiesToResolve,
  membership
} from "./chunk-COKXHIQ7.js";
import {
  GitSource,
  runGit
} from "./chunk-6TJ5RCH4.js";
import {
  canonicalJson,
  loadRepo
} from "./chunk-VGNTAH4S.js";
import {
  InternalError,
  UserError
} from "./chunk-XC2IMODC.js";

// core/registry/open.ts
import { existsSync } from "node:fs";
import { resolve as resolve2 } from "node:path";

// core/registry/referrers.ts
function referrerDescriptor(pulled) {
  const m = pulled.manifest;
  const artifactType = m.artifactType ?? (typeof m.config?.mediaType === "string" ? m.config.mediaType : void 0);
  return {
    mediaType: pulled.mediaType,
    digest: pulled.digest,
    size: pulled.bytes.byteLength,
    ...artifactType ? { artifactType } : {},
    ...m.annotations && Object.keys(m.annotations).length > 0 ? { annotations: { ...m.annotations } } : {}
  };
}
function subjectDigest(pulled) {
  const digest = pulled.manifest.subject?.digest;
  return typeof digest === "string" && isDigest(digest) ? digest : void 0;
}
function indexEntries(pulled) {
  if (!pulled || pulled.mediaType !== INDEX_MEDIA_TYPE) return [];
  const manifests = pulled.manifest.manifests;
  if (!Array.isArray(manifests)) return [];
  return manifests.filter(
    (d) => typeof d === "object" && d !== null && typeof d.digest === "string" && typeof d.mediaType === "string"
  );
}
function withReferrer(existing, referrers) {
  const entries = indexEntries(existing);
  const added = [];
  for (const r of Array.isArray(referrers) ? referrers : [referrers])
    if (!entries.some((d) => d.digest === r.digest) && !added.some((d) => d.digest === r.digest))
      added.push(r);
  if (added.length === 0) return void 0;
  const index = {
    schemaVersion: 2,
    mediaType: INDEX_MEDIA_TYPE,
    manifests: [...entries, ...added]
  };
  return new TextEncoder().encode(JSON.stringify(index));
}
async function fallbackCandidates(registry, repo, digest) {
  return indexEntries(await registry.fetchManifest(repo, fallbackTag(digest)));
}
async function checkedReferrers(registry, repo, digest, candidates, artifactType) {
  const digests = [...new Set(candidates.map((d) => d.digest).filter(isDigest))].filter((d) => d !== digest);
  const checked = await mapPool(digests, 8, async (candidate) => {
    const pulled = await registry.fetchManifest(repo, candidate).catch((error) => {
      if (error instanceof RegistryError && (error.code === "not-found" || error.code === "protocol"))
        return void 0;
      throw error;
    });
    if (!pulled || subjectDigest(pulled) !== digest) return void 0;
    const descriptor = referrerDescriptor(pulled);
    return artifactType === void 0 || descriptor.artifactType === artifactType ? descriptor : void 0;
  });
  return checked.filter((d) => d !== void 0);
}
function commonSubject(pulled) {
  const subjects = new Set(pulled.map((p) => subjectDigest(p)));
  const [only] = [...subjects];
  if (subjects.size !== 1 || !only)
    throw new RegistryError("unsupported", "pushReferrers needs manifests that all have the same subject");
  return only;
}

// core/registry/transport.ts
function isLoopback(hostname) {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}
function shown(url) {
  return `${url.origin}${url.pathname}`;
}
var Transport = class {
  constructor(base, options) {
    this.options = options;
    this.origin = base.origin;
    this.timeoutMs = options.timeoutMs ?? 3e4;
    this.checkTransport(base);
  }
  options;
  origin;
  timeoutMs;
  basic;
  tokens = /* @__PURE__ */ new Map();
  /** Refuses non-http(s) URLs and plain http to non-loopback hosts unless insecure. */
  checkTransport(url) {
    if (url.protocol !== "https:" && url.protocol !== "http:")
      throw new RegistryError("unsupported", `unsupported URL scheme ${url.protocol} in ${shown(url)}`);
    if (url.protocol === "http:" && !isLoopback(url.hostname) && !this.options.insecure)
      throw new RegistryError(
        "unsupported",
        `refusing plain http to ${url.host}: use https, or allow insecure registries (insecure: true) only for a network you trust`
      );
  }
  /** Sends a request (authenticating as challenged) and hands the response to `handle`, all under one deadline. */
  async call(call, handle) {
    const dl = deadline(call.signal, this.timeoutMs);
    try {
      let authenticated = false;
      for (; ; ) {
        const headers = { ...call.headers };
        const auth = this.authorization(call.url, call.scope);
        if (auth) headers.authorization = auth;
        const res = await fetch(call.url, {
          method: call.method,
          headers,
          // Our bytes never live in a SharedArrayBuffer.
          body: call.body,
          signal: dl.signal,
          redirect: "follow"
        });
        if (res.redirected) {
          try {
            this.checkTransport(new URL(res.url));
          } catch (error) {
            await discard(res);
            throw error;
          }
        }
        if (res.status === 401) {
          const challenge = res.headers.get("www-authenticate");
          await discard(res);
          if (authenticated || call.url.origin !== this.origin)
            throw new RegistryError(
              "unauthorized",
              `${this.origin} rejected the credentials for ${call.scope}: check CHARTER_REGISTRY_USERNAME / CHARTER_REGISTRY_PASSWORD or CHARTER_REGISTRY_TOKEN`
            );
          await this.authenticate(challenge, call.scope, dl.signal);
          authenticated = true;
          continue;
        }
        if (res.status === 403) {
          await discard(res);
          throw new RegistryError(
            "denied",
            `${this.origin} denied ${call.method} ${shown(call.url)}: the credentials lack access to ${call.scope}`
          );
        }
        if (res.status >= 500 || res.status === 429) {
          await discard(res);
          throw new RegistryError(
            "network",
            `${call.method} ${shown(call.url)} failed with HTTP ${res.status}: the registry is unavailable, retry later`
          );
        }
        return await handle(res);
      }
    } catch (error) {
      throw this.failure(error, call, dl.signal);
    } finally {
      dl.dispose();
    }
  }
  /** Reads a body, refusing more than `max` bytes (stops reading as soon as it is exceeded). */
  async readCapped(res, max, what) {
    const length = Number(res.headers.get("content-length") ?? Number.NaN);
    if (Number.isFinite(length) && length > max && !res.headers.get("content-encoding")) {
      await discard(res);
      throw tooLarge(what, max);
    }
    if (!res.body) return new Uint8Array(0);
    const reader = res.body.getReader();
    const chunks = [];
    let total = 0;
    for (; ; ) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > max) {
        await reader.cancel().catch(() => {
        });
        throw tooLarge(what, max);
      }
      chunks.push(value);
    }
    const out = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      out.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return out;
  }
  /** An error for a status the caller did not expect, with the registry's own error code if it sent one. */
  async unexpected(res, call) {
    let detail = "";
    try {
      const text = new TextDecoder().decode(await this.readCapped(res, 16 * 1024, "error body"));
      const first = JSON.parse(text).errors?.[0];
      if (first) detail = `: ${String(first.code ?? "")} ${String(first.message ?? "")}`.slice(0, 300);
    } catch {
    }
    const code = res.status === 413 ? "too-large" : "protocol";
    return new RegistryError(code, `${call.method} ${shown(call.url)} answered HTTP ${res.status}${detail}`);
  }
  authorization(url, scope) {
    if (url.origin !== this.origin) return void 0;
    return this.tokens.get(scope) ?? this.basic;
  }
  basicCredentials() {
    const { username, password, token } = this.options;
    const secret = password ?? token;
    if (!secret) return void 0;
    return `Basic ${Buffer.from(`${username ?? "token"}:${secret}`).toString("base64")}`;
  }
  async authenticate(header, scope, signal) {
    const challenge = header ? parseChallenge(header) : void 0;
    const missing = () => new RegistryError(
      "unauthorized",
      `${this.origin} requires authentication for ${scope}: ${CREDENTIAL_HINT}`
    );
    if (challenge?.scheme === "basic") {
      this.basic = this.basicCredentials();
      if (!this.basic) throw missing();
      return;
    }
    if (challenge?.scheme !== "bearer" || !challenge.params.realm)
      throw new RegistryError(
        "unauthorized",
        `${this.origin} answered 401 without a usable WWW-Authenticate challenge: ${CREDENTIAL_HINT}`
      );
    this.tokens.delete(scope);
    if (this.options.token && !this.options.password) {
      this.tokens.set(scope, `Bearer ${this.options.token}`);
      return;
    }
    this.tokens.set(scope, `Bearer ${await this.fetchToken(challenge.params, scope, signal, missing)}`);
  }
  async fetchToken(params, scope, signal, missing) {
    let realm;
    try {
      realm = new URL(params.realm);
    } catch {
      throw new RegistryError("protocol", `${this.origin} named an invalid token realm`);
    }
    this.checkTransport(realm);
    if (params.service) realm.searchParams.set("service", params.service);
    realm.searchParams.set("scope", params.scope ?? scope);
    const basic = this.basicCredentials();
    const res = await fetch(realm, {
      headers: basic ? { authorization: basic } : {},
      signal,
      redirect: "follow"
    });
    if (res.status === 401 || res.status === 403) {
      await discard(res);
      if (!basic) throw missing();
      throw new RegistryError(
        "unauthorized",
        `the token service ${shown(realm)} rejected the credentials: check CHARTER_REGISTRY_USERNAME / CHARTER_REGISTRY_PASSWORD or CHARTER_REGISTRY_TOKEN`
      );
    }
    if (res.status >= 500) {
      await discard(res);
      throw new RegistryError("network", `token service ${shown(realm)} failed with HTTP ${res.status}`);
    }
    if (res.status !== 200) throw await this.unexpected(res, { method: "GET", url: realm });
    const body = await this.readCapped(res, 1024 * 1024, "token response");
    let token;
    try {
      const json = JSON.parse(new TextDecoder().decode(body));
      token = json.token ?? json.access_token;
    } catch {
    }
    if (typeof token !== "string" || token === "")
      throw new RegistryError("protocol", `token service ${shown(realm)} answered without a token`);
    return token;
  }
  failure(error, call, signal) {
    if (error instanceof RegistryError) return error;
    if (call.signal?.aborted) return call.signal.reason;
    if (signal.aborted)
      return new RegistryError(
        "network",
        `${call.method} ${shown(call.url)}: no answer within ${this.timeoutMs} ms — is the registry reachable?`,
        { cause: error }
      );
    const cause = error.cause;
    const why = String(cause?.code ?? cause?.message ?? error.message ?? error);
    return new RegistryError("network", `${call.method} ${shown(call.url)} failed: ${why}`, { cause: error });
  }
};
function tooLarge(what, max) {
  return new RegistryError(
    "too-large",
    `${what} is larger than the ${max}-byte limit; refusing to read more`
  );
}
async function discard(res) {
  await res.body?.cancel().catch(() => {
  });
}
function parseChallenge(header) {
  const match = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(header);
  if (!match) return void 0;
  const params = {};
  const re = /([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (const m of match[2].matchAll(re))
    params[m[1].toLowerCase()] = (m[2] ?? m[3] ?? "").replace(/\\(.)/g, "$1");
  return { scheme: match[1].toLowerCase(), params };
}

// core/registry/distribution.ts
var MANIFEST_ACCEPT = [
  MANIFEST_MEDIA_TYPE,
  INDEX_MEDIA_TYPE,
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json"
].join(", ");
var MAX_PAGES = 1e4;
var DistributionRegistry = class {
  constructor(url, options = {}) {
    this.options = options;
    let base;
    try {
      base = new URL(url);
    } catch {
      throw new RegistryError("unsupported", `invalid registry URL ${JSON.stringify(url)}`);
    }
    if (base.username || base.password)
      throw new RegistryError(
        "unsupported",
        "registry URL must not contain credentials: set CHARTER_REGISTRY_USERNAME / CHARTER_REGISTRY_PASSWORD or CHARTER_REGISTRY_TOKEN"
      );
    if (base.search || base.hash)
      throw new RegistryError("unsupported", `registry URL ${shown(base)} must not have a query or fragment`);
    this.prefix = base.pathname.replace(/^\/+|\/+$/g, "");
    if (this.prefix) checkRepo(this.prefix);
    this.http = new Transport(base, options);
    this.base = new URL(base.origin);
    this.location = this.prefix ? `${base.origin}/${this.prefix}` : base.origin;
  }
  options;
  location;
  base;
  prefix;
  http;
  /** Set once the referrers endpoint answered 404/405: this server implements only the tag schema. */
  noReferrersApi = false;
  async pushBlob(repo, bytes) {
    const name = this.name(repo);
    const digest = sha256Digest(bytes);
    const descriptor = { mediaType: OCTET_STREAM, digest, size: bytes.byteLength };
    const scope = `repository:${name}:pull,push`;
    const head = { method: "HEAD", url: this.url(name, `blobs/${digest}`), scope };
    const exists = await this.http.call(head, async (res) => {
      await discard(res);
      if (res.status === 200) return true;
      if (res.status === 404) return false;
      throw await this.http.unexpected(res, head);
    });
    if (exists) return descriptor;
    const start = { method: "POST", url: this.url(name, "blobs/uploads/"), scope };
    let location = await this.http.call(start, async (res) => {
      if (res.status !== 202) throw await this.http.unexpected(res, start);
      await discard(res);
      return this.nextLocation(res, start.url);
    });
    const chunkSize = Math.max(1, this.options.chunkSize ?? 8 * 1024 * 1024);
    let finalBody = bytes;
    if (bytes.byteLength > chunkSize) {
      finalBody = void 0;
      for (let offset = 0; offset < bytes.byteLength; offset += chunkSize) {
        const end = Math.min(offset + chunkSize, bytes.byteLength);
        const patch = {
          method: "PATCH",
          url: location,
          scope,
          body: bytes.subarray(offset, end),
          headers: { "content-type": OCTET_STREAM, "content-range": `${offset}-${end - 1}` }
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
      method: "PUT",
      url: withQuery(location, "digest", digest),
      scope,
      body: finalBody ?? new Uint8Array(0),
      headers: { "content-type": OCTET_STREAM }
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
  async fetchBlob(repo, digest, opts = {}) {
    const name = this.name(repo);
    checkDigest(digest);
    const call = {
      method: "GET",
      url: this.url(name, `blobs/${digest}`),
      scope: `repository:${name}:pull`,
      signal: opts.signal
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
  async pushManifest(repo, bytes, opts = {}) {
    const name = this.name(repo);
    const mediaType = manifestToPush(bytes, opts.mediaType);
    const digest = sha256Digest(bytes);
    const reference = opts.tag === void 0 ? digest : checkTag(opts.tag);
    const supportsReferrers = await this.putManifest(name, reference, bytes, mediaType, digest) === "referrers";
    const pulled = {
      bytes,
      digest,
      mediaType,
      manifest: parseManifest(bytes, "manifest").manifest
    };
    const subject = subjectDigest(pulled);
    if (subject && !supportsReferrers) await this.addToFallback(name, subject, referrerDescriptor(pulled));
    return { mediaType, digest, size: bytes.byteLength };
  }
  async pushReferrers(repo, manifests) {
    if (manifests.length === 0) return [];
    const name = this.name(repo);
    const pulled = manifests.map((bytes) => {
      const { manifest, mediaType } = parseManifest(bytes, "manifest");
      return { bytes, digest: sha256Digest(bytes), mediaType, manifest };
    });
    const subject = commonSubject(pulled);
    let supportsReferrers = false;
    for (const p of pulled)
      if (await this.putManifest(name, p.digest, p.bytes, p.mediaType, p.digest) === "referrers")
        supportsReferrers = true;
    if (!supportsReferrers) await this.addToFallback(name, subject, pulled.map(referrerDescriptor));
    return pulled.map((p) => ({ mediaType: p.mediaType, digest: p.digest, size: p.bytes.byteLength }));
  }
  async fetchManifest(repo, ref, opts = {}) {
    const name = this.name(repo);
    return (await this.getManifest(name, checkRef(ref), `repository:${name}:pull`, opts))?.pulled;
  }
  async resolve(repo, tag) {
    const name = this.name(repo);
    checkTag(tag);
    const call = {
      method: "HEAD",
      url: this.url(name, `manifests/${tag}`),
      scope: `repository:${name}:pull`,
      headers: { accept: MANIFEST_ACCEPT }
    };
    const head = await this.http.call(call, async (res) => {
      await discard(res);
      if (res.status === 404) return null;
      if (res.status !== 200) throw await this.http.unexpected(res, call);
      const digest = res.headers.get("docker-content-digest") ?? "";
      const size = Number(res.headers.get("content-length") ?? Number.NaN);
      const mediaType = contentType(res);
      if (!isDigest(digest) || !Number.isSafeInteger(size) || !mediaType) return void 0;
      return { mediaType, digest, size };
    });
    if (head !== void 0) return head ?? void 0;
    const pulled = await this.fetchManifest(repo, tag);
    return pulled && { mediaType: pulled.mediaType, digest: pulled.digest, size: pulled.bytes.byteLength };
  }
  async tag(repo, digest, tag) {
    const name = this.name(repo);
    checkDigest(digest);
    checkTag(tag);
    const found = await this.getManifest(name, digest, `repository:${name}:pull,push`, {});
    if (!found)
      throw new RegistryError(
        "not-found",
        `cannot tag ${tag}: manifest ${digest} not found in ${this.location}/${repo}`
      );
    if (await this.putManifest(name, tag, found.pulled.bytes, found.pulled.mediaType, digest) === "conflict")
      throw new RegistryError("protocol", `${this.location} refused to tag ${tag} (HTTP 412)`);
  }
  async listTags(repo) {
    const name = this.name(repo);
    let url = this.url(name, "tags/list");
    if (this.options.tagsPageSize) url.searchParams.set("n", String(this.options.tagsPageSize));
    const tags = /* @__PURE__ */ new Set();
    const seen = /* @__PURE__ */ new Set();
    for (let page = 0; url && page < MAX_PAGES; page++) {
      if (seen.has(url.href)) break;
      seen.add(url.href);
      const call = {
        method: "GET",
        url,
        scope: `repository:${name}:pull`
      };
      const result = await this.http.call(
        call,
        async (res) => {
          if (res.status === 404) {
            await discard(res);
            return void 0;
          }
          if (res.status !== 200) throw await this.http.unexpected(res, call);
          const body = await this.http.readCapped(res, DEFAULT_MAX_MANIFEST_BYTES, "tag list");
          return { list: jsonOf(body, `tag list of ${shown(call.url)}`), next: this.nextLink(res, call.url) };
        }
      );
      if (!result) return [];
      const list = result.list.tags;
      if (Array.isArray(list)) {
        for (const t of list) if (typeof t === "string") tags.add(t);
      }
      url = result.next;
    }
    return [...tags].sort();
  }
  async referrers(repo, digest, opts = {}) {
    const name = this.name(repo);
    checkDigest(digest);
    let url = this.url(name, `referrers/${digest}`);
    if (opts.artifactType) url.searchParams.set("artifactType", opts.artifactType);
    const candidates = [];
    if (this.noReferrersApi) {
      candidates.push(...await fallbackCandidates(this, repo, digest));
      url = void 0;
    }
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const call = {
        method: "GET",
        url,
        scope: `repository:${name}:pull`,
        headers: { accept: INDEX_MEDIA_TYPE }
      };
      const result = await this.http.call(
        call,
        async (res) => {
          if (res.status === 404 || res.status === 405) {
            await discard(res);
            return void 0;
          }
          if (res.status !== 200) throw await this.http.unexpected(res, call);
          const bytes = await this.http.readCapped(res, DEFAULT_MAX_MANIFEST_BYTES, "referrers index");
          const entries = (() => {
            try {
              const { manifest, mediaType } = parseManifest(bytes, "referrers index", INDEX_MEDIA_TYPE);
              return indexEntries({ bytes, digest: "", mediaType, manifest });
            } catch {
              return [];
            }
          })();
          return { entries, next: this.nextLink(res, call.url) };
        }
      );
      if (!result) {
        if (page === 0) {
          this.noReferrersApi = true;
          candidates.push(...await fallbackCandidates(this, repo, digest));
        }
        break;
      }
      candidates.push(...result.entries);
      url = result.next;
    }
    return checkedReferrers(this, repo, digest, candidates, opts.artifactType);
  }
  name(repo) {
    checkRepo(repo);
    return this.prefix ? checkRepo(`${this.prefix}/${repo}`) : repo;
  }
  url(name, path) {
    return new URL(`/v2/${name}/${path}`, this.base);
  }
  nextLocation(res, requestUrl) {
    const location = res.headers.get("location");
    if (!location) throw new RegistryError("protocol", `${shown(requestUrl)} gave no upload Location`);
    const url = new URL(location, requestUrl);
    this.http.checkTransport(url);
    return url;
  }
  /** The `rel="next"` target of a `Link` header, same origin only. */
  nextLink(res, requestUrl) {
    const link = res.headers.get("link");
    const target = link && /<([^>]*)>\s*;[^,]*rel="?next"?/.exec(link)?.[1];
    if (!target) return void 0;
    const url = new URL(target, requestUrl);
    if (url.origin !== this.base.origin)
      throw new RegistryError("protocol", `${shown(requestUrl)} paginates to another host (${url.origin})`);
    return url;
  }
  /**
   * PUTs a manifest: "referrers" when the registry answered `OCI-Subject` (it supports referrers),
   * "conflict" when an If-Match precondition failed.
   */
  async putManifest(name, reference, bytes, mediaType, digest, ifMatch) {
    const call = {
      method: "PUT",
      url: this.url(name, `manifests/${reference}`),
      scope: `repository:${name}:pull,push`,
      body: bytes,
      headers: { "content-type": mediaType, ...ifMatch ? { "if-match": ifMatch } : {} }
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
          `${this.location} stored manifest ${digest} as ${stored}: the registry rewrote the bytes`
        );
      return res.headers.has("oci-subject") ? "referrers" : "stored";
    });
  }
  async getManifest(name, ref, scope, opts) {
    const call = {
      method: "GET",
      url: this.url(name, `manifests/${ref}`),
      scope,
      headers: { accept: MANIFEST_ACCEPT },
      signal: opts.signal
    };
    return this.http.call(call, async (res) => {
      if (res.status === 404) {
        await discard(res);
        return void 0;
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
          `${what}: registry says ${claimed}, content hashes to ${digest}`
        );
      const { manifest, mediaType } = parseManifest(bytes, what, contentType(res));
      return { pulled: { bytes, digest, mediaType, manifest }, etag: res.headers.get("etag") ?? void 0 };
    });
  }
  /** Read-modify-write of the `sha256-<hex>` index; retried when a conditional PUT loses a race. */
  async addToFallback(name, subject, referrer) {
    const tag = fallbackTag(subject);
    const scope = `repository:${name}:pull,push`;
    for (let attempt = 0; ; attempt++) {
      const existing = await this.getManifest(name, tag, scope, {}).catch((error) => {
        if (error instanceof RegistryError && error.code === "protocol") return void 0;
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
        existing?.etag
      );
      if (stored !== "conflict") return;
      if (attempt >= 4)
        throw new RegistryError(
          "network",
          `the referrers index ${tag} kept changing under concurrent pushes`
        );
    }
  }
};
function withQuery(url, key, value) {
  return new URL(
    `${url.href.replace(/#.*$/, "")}${url.search ? "&" : "?"}${key}=${encodeURIComponent(value)}`
  );
}
function contentType(res) {
  return res.headers.get("content-type")?.split(";")[0]?.trim() || void 0;
}
function jsonOf(bytes, what) {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new RegistryError("protocol", `${what} is not JSON`, { cause: error });
  }
}

// core/registry/layout.ts
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
var REF_NAME = "org.opencontainers.image.ref.name";
var OCI_LAYOUT = `${JSON.stringify({ imageLayoutVersion: "1.0.0" })}
`;
var chains = /* @__PURE__ */ new Map();
var indexCache = /* @__PURE__ */ new Map();
var LayoutRegistry = class {
  location;
  root;
  constructor(root) {
    this.root = resolve(root);
    this.location = `oci:${this.root}`;
  }
  async pushBlob(repo, bytes) {
    const digest = sha256Digest(bytes);
    await this.storeBlob(this.dir(repo), digest, bytes);
    return { mediaType: OCTET_STREAM, digest, size: bytes.byteLength };
  }
  async fetchBlob(repo, digest, opts = {}) {
    const dir = this.dir(repo);
    const bytes = await this.readBlob(dir, checkDigest(digest), opts.maxBytes ?? DEFAULT_MAX_BLOB_BYTES);
    if (!bytes) throw new RegistryError("not-found", `blob ${digest} not found in ${this.location}/${repo}`);
    return bytes;
  }
  async pushManifest(repo, bytes, opts = {}) {
    const dir = this.dir(repo);
    if (opts.tag !== void 0) checkTag(opts.tag);
    const mediaType = manifestToPush(bytes, opts.mediaType);
    const digest = sha256Digest(bytes);
    const pulled = {
      bytes,
      digest,
      mediaType,
      manifest: parseManifest(bytes, "manifest").manifest
    };
    const descriptor = { mediaType, digest, size: bytes.byteLength };
    await this.storeBlob(dir, digest, bytes);
    const subject = subjectDigest(pulled);
    await this.updateIndex(dir, async (index) => {
      if (opts.tag === void 0) addUntagged(index, descriptor);
      else setTag(index, descriptor, opts.tag);
      if (subject) await this.addToFallback(dir, index, subject, referrerDescriptor(pulled));
    });
    return descriptor;
  }
  async pushReferrers(repo, manifests) {
    if (manifests.length === 0) return [];
    const dir = this.dir(repo);
    const pulled = manifests.map((bytes) => {
      const { manifest, mediaType } = parseManifest(bytes, "manifest");
      return { bytes, digest: sha256Digest(bytes), mediaType, manifest };
    });
    const subject = commonSubject(pulled);
    for (const p of pulled) await this.storeBlob(dir, p.digest, p.bytes);
    const descriptors = pulled.map((p) => ({
      mediaType: p.mediaType,
      digest: p.digest,
      size: p.bytes.byteLength
    }));
    await this.updateIndex(dir, async (index) => {
      for (const d of descriptors) addUntagged(index, d);
      await this.addToFallback(dir, index, subject, pulled.map(referrerDescriptor));
    });
    return descriptors;
  }
  async fetchManifest(repo, ref, opts = {}) {
    const dir = this.dir(repo);
    checkRef(ref);
    const byDigest = isDigest(ref);
    let entry;
    if (!byDigest) {
      entry = (await this.readIndex(dir)).manifests.find((d) => d.annotations?.[REF_NAME] === ref);
      if (!entry) return void 0;
    }
    const digest = byDigest ? ref : checkDigest(entry.digest);
    const bytes = await this.readBlob(dir, digest, opts.maxBytes ?? DEFAULT_MAX_MANIFEST_BYTES);
    if (!bytes) {
      if (byDigest) return void 0;
      throw new RegistryError(
        "not-found",
        `${this.location}/${repo}: tag ${ref} names missing blob ${digest}`
      );
    }
    const what = `manifest ${ref} in ${this.location}/${repo}`;
    let parsed;
    try {
      parsed = parseManifest(bytes, what, entry?.mediaType);
    } catch (error) {
      if (!byDigest || !(error instanceof RegistryError) || !/has no mediaType/.test(error.message))
        throw error;
      entry = (await this.readIndex(dir)).manifests.find((d) => d.digest === ref);
      parsed = parseManifest(bytes, what, entry?.mediaType);
    }
    return { bytes, digest, mediaType: parsed.mediaType, manifest: parsed.manifest };
  }
  async resolve(repo, tag) {
    const dir = this.dir(repo);
    checkTag(tag);
    const entry = (await this.readIndex(dir)).manifests.find((d) => d.annotations?.[REF_NAME] === tag);
    return entry && { mediaType: entry.mediaType, digest: entry.digest, size: entry.size };
  }
  async tag(repo, digest, tag) {
    const dir = this.dir(repo);
    checkDigest(digest);
    checkTag(tag);
    const pulled = await this.fetchManifest(repo, digest);
    if (!pulled)
      throw new RegistryError(
        "not-found",
        `cannot tag ${tag}: manifest ${digest} not found in ${this.location}/${repo}`
      );
    const descriptor = { mediaType: pulled.mediaType, digest, size: pulled.bytes.byteLength };
    await this.updateIndex(dir, async (index) => setTag(index, descriptor, tag));
  }
  async listTags(repo) {
    const index = await this.readIndex(this.dir(repo));
    const tags = index.manifests.map((d) => d.annotations?.[REF_NAME]);
    return [...new Set(tags.filter((t) => typeof t === "string" && isTag(t)))].sort();
  }
  async referrers(repo, digest, opts = {}) {
    this.dir(repo);
    checkDigest(digest);
    return checkedReferrers(
      this,
      repo,
      digest,
      await fallbackCandidates(this, repo, digest),
      opts.artifactType
    );
  }
  dir(repo) {
    return join(this.root, ...checkRepo(repo).split("/"));
  }
  blobPath(dir, digest) {
    return join(dir, "blobs", "sha256", digest.slice("sha256:".length));
  }
  /** Writes a blob unless an intact copy is already there (a corrupt one is replaced). */
  async storeBlob(dir, digest, bytes) {
    const path = this.blobPath(dir, digest);
    const existing = await readOrUndefined(path);
    if (existing && sha256Digest(existing) === digest) return;
    await mkdir(dirname(path), { recursive: true });
    await this.ensureLayoutFile(dir);
    await atomicWrite(path, bytes);
  }
  /** One open file: its size checked against `max` before anything is read, then read whole and hashed. */
  async readBlob(dir, digest, max) {
    const path = this.blobPath(dir, digest);
    const handle = await open(path, "r").catch(ignoreMissing);
    if (!handle) return void 0;
    let bytes;
    try {
      const { size } = await handle.stat();
      if (size > max)
        throw new RegistryError("too-large", `${path} is ${size} bytes, over the ${max}-byte limit`);
      bytes = Buffer.allocUnsafe(size);
      let read = 0;
      while (read < size) {
        const { bytesRead } = await handle.read(bytes, read, size - read, read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      if (read < size) bytes = bytes.subarray(0, read);
    } finally {
      await handle.close();
    }
    verifyDigest(bytes, digest, path);
    return bytes;
  }
  async ensureLayoutFile(dir) {
    const path = join(dir, "oci-layout");
    if (await stat(path).catch(ignoreMissing)) return;
    await mkdir(dir, { recursive: true });
    await atomicWrite(path, new TextEncoder().encode(OCI_LAYOUT));
  }
  /**
   * The parsed `index.json`, cached per directory while the file is unchanged: every write renames a
   * new file into place, so its inode, size and modification time identify a version. Callers get
   * their own copy of the list (an index update mutates it).
   */
  async readIndex(dir) {
    const path = join(dir, "index.json");
    const info = await stat(path).catch(ignoreMissing);
    if (!info) {
      indexCache.delete(path);
      return { schemaVersion: 2, mediaType: INDEX_MEDIA_TYPE, manifests: [] };
    }
    const version = `${info.ino}:${info.size}:${info.mtimeMs}`;
    let cached = indexCache.get(path);
    if (cached?.version !== version) {
      const bytes = await readOrUndefined(path);
      if (!bytes) return { schemaVersion: 2, mediaType: INDEX_MEDIA_TYPE, manifests: [] };
      const index = parseManifest(bytes, path, INDEX_MEDIA_TYPE).manifest;
      if (!Array.isArray(index.manifests))
        throw new RegistryError("protocol", `${path} has no manifests list`);
      index.manifests = index.manifests.filter(
        (d) => typeof d === "object" && d !== null && typeof d.digest === "string" && isDigest(d.digest)
      );
      const after = await stat(path).catch(ignoreMissing);
      if (!after || `${after.ino}:${after.size}:${after.mtimeMs}` !== version) return index;
      cached = { version, index };
      if (indexCache.size >= 1024) indexCache.delete(indexCache.keys().next().value);
      indexCache.set(path, cached);
    }
    return { ...cached.index, manifests: [...cached.index.manifests] };
  }
  /** Serialised read-modify-write of `index.json`. */
  updateIndex(dir, change) {
    const run = async () => {
      const index = await this.readIndex(dir);
      await change(index);
      await this.ensureLayoutFile(dir);
      const bytes = new TextEncoder().encode(
        `${JSON.stringify({ ...index, mediaType: INDEX_MEDIA_TYPE }, null, 2)}
`
      );
      await atomicWrite(join(dir, "index.json"), bytes);
    };
    const previous = chains.get(dir) ?? Promise.resolve();
    const result = previous.then(run, run);
    const tail = result.then(
      () => {
      },
      () => {
      }
    );
    chains.set(dir, tail);
    void tail.then(() => {
      if (chains.get(dir) === tail) chains.delete(dir);
    });
    return result;
  }
  /** Adds a referrer to the subject's `sha256-<hex>` index (within an index update). */
  async addToFallback(dir, index, subject, referrer) {
    const tag = fallbackTag(subject);
    const entry = index.manifests.find((d) => d.annotations?.[REF_NAME] === tag);
    let existing;
    if (entry) {
      const bytes = await this.readBlob(dir, entry.digest, DEFAULT_MAX_MANIFEST_BYTES);
      try {
        if (bytes) existing = { bytes, digest: entry.digest, ...parseManifest(bytes, tag, entry.mediaType) };
      } catch {
        existing = void 0;
      }
    }
    const next = withReferrer(existing, referrer);
    if (!next) return;
    const digest = sha256Digest(next);
    await this.storeBlob(dir, digest, next);
    setTag(index, { mediaType: INDEX_MEDIA_TYPE, digest, size: next.byteLength }, tag);
  }
};
function setTag(index, descriptor, tag) {
  const previous = index.manifests.find((d) => d.annotations?.[REF_NAME] === tag);
  index.manifests = index.manifests.filter(
    (d) => d !== previous && !(d.digest === descriptor.digest && !refName(d))
  );
  index.manifests.push({ ...plain(descriptor), annotations: { [REF_NAME]: tag } });
  if (previous && !index.manifests.some((d) => d.digest === previous.digest)) addUntagged(index, previous);
}
function addUntagged(index, descriptor) {
  if (!index.manifests.some((d) => d.digest === descriptor.digest)) index.manifests.push(plain(descriptor));
}
function plain(d) {
  return { mediaType: d.mediaType, digest: d.digest, size: d.size };
}
function refName(d) {
  return d.annotations?.[REF_NAME];
}
function isTag(tag) {
  try {
    checkTag(tag);
    return true;
  } catch {
    return false;
  }
}
function ignoreMissing(error) {
  if (error.code === "ENOENT" || error.code === "ENOTDIR")
    return void 0;
  throw error;
}
async function readOrUndefined(path) {
  return readFile(path).catch(ignoreMissing);
}
async function atomicWrite(path, bytes) {
  const temp = join(dirname(path), `.tmp-${process.pid}-${randomBytes(6).toString("hex")}`);
  try {
    const handle = await open(temp, "wx");
    try {
      await handle.writeFile(bytes);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    const code = error.code;
    if (code === "EACCES" || code === "EPERM" || code === "EROFS")
      throw new RegistryError("denied", `cannot write ${path}: ${code} — check the directory's permissions`, {
        cause: error
      });
    throw error;
  }
}

// core/registry/open.ts
function openRegistry(spec, opts = {}) {
  if (/^https?:\/\//i.test(spec)) {
    const { username, password, token, insecure, timeoutMs } = opts;
    return new DistributionRegistry(spec, { username, password, token, insecure, timeoutMs });
  }
  const cwd = opts.cwd ?? process.cwd();
  if (/^oci:/i.test(spec)) {
    const path = spec.slice(4);
    if (!path) throw new RegistryError("unsupported", "oci: needs a directory, e.g. oci:./registry");
    return new LayoutRegistry(resolve2(cwd, path));
  }
  if (!spec)
    throw new RegistryError("unsupported", "no registry given: use https://HOST[/NAMESPACE] or oci:DIR");
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec))
    throw new RegistryError(
      "unsupported",
      `unsupported registry scheme in ${JSON.stringify(spec)}: use https:// or oci:`
    );
  const looksLikeHost = /^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)+)(:\d+)?(\/|$)/i.test(spec);
  if (looksLikeHost && !existsSync(resolve2(cwd, spec)))
    throw new RegistryError(
      "unsupported",
      `${JSON.stringify(spec)} looks like a registry host: write https://${spec} (or oci:${spec} for a local directory)`
    );
  return new LayoutRegistry(resolve2(cwd, spec));
}
function registryCredentialsFromEnv(env = process.env) {
  const get = (key) => env[key] ? env[key] : void 0;
  const credentials = {};
  const username = get("CHARTER_REGISTRY_USERNAME");
  const password = get("CHARTER_REGISTRY_PASSWORD");
  const token = get("CHARTER_REGISTRY_TOKEN");
  if (username) credentials.username = username;
  if (password) credentials.password = password;
  if (token) credentials.token = token;
  return credentials;
}

// core/publish/project.ts
import { relative, resolve as resolve3 } from "node:path";

// core/signing/sign.ts
import { sign as cryptoSign } from "node:crypto";
import { BUNDLE_V03_MEDIA_TYPE, bundleToJSON } from "@sigstore/bundle";
import {
  CIContextProvider,
  DEFAULT_FULCIO_URL,
  DEFAULT_REKOR_URL,
  DSSEBundleBuilder,
  FulcioSigner,
  RekorWitness,
  TSAWitness
} from "@sigstore/sign";
function statementPayload(statement) {
  return Buffer.from(canonicalJson(statement), "utf8");
}
function keySigner(key) {
  const signer = {
    sign: async (data) => ({
      // node:crypto signs ECDSA with a DER-encoded (r, s), which is what Sigstore bundles carry.
      signature: cryptoSign("sha256", data, key.privateKey),
      key: { $case: "publicKey", publicKey: key.publicKeyPem, hint: key.keyId }
    })
  };
  const builder = new DSSEBundleBuilder({ signer, witnesses: [] });
  return {
    kind: "key",
    identity: `key ${key.keyId}`,
    async signStatement(statement) {
      assertStatement(statement);
      const bundle = await builder.create({ data: statementPayload(statement), type: INTOTO_PAYLOAD_TYPE });
      return finish(bundle);
    }
  };
}
function keylessSigner(opts = {}) {
  const fulcioURL = opts.fulcioURL ?? DEFAULT_FULCIO_URL;
  const rekorURL = opts.rekorURL ?? DEFAULT_REKOR_URL;
  const signer = new FulcioSigner({
    identityProvider: opts.identityProvider ?? new CIContextProvider("sigstore"),
    fulcioBaseURL: fulcioURL,
    ...opts.timeout === void 0 ? {} : { timeout: opts.timeout }
  });
  const witnesses = [
    new RekorWitness({
      rekorBaseURL: rekorURL,
      entryType: "dsse",
      ...opts.timeout === void 0 ? {} : { timeout: opts.timeout }
    })
  ];
  if (opts.tsaServerURL) {
    witnesses.push(
      new TSAWitness({
        tsaBaseURL: opts.tsaServerURL,
        ...opts.timeout === void 0 ? {} : { timeout: opts.timeout }
      })
    );
  }
  const builder = new DSSEBundleBuilder({ signer, witnesses });
  return {
    kind: "keyless",
    identity: `keyless (Fulcio ${fulcioURL}, Rekor ${rekorURL}${opts.tsaServerURL ? `, TSA ${opts.tsaServerURL}` : ""})`,
    async signStatement(statement) {
      assertStatement(statement);
      let bundle;
      try {
        bundle = await builder.create({ data: statementPayload(statement), type: INTOTO_PAYLOAD_TYPE });
      } catch (error) {
        throw keylessFailure(error);
      }
      return finish(bundle);
    }
  };
}
function keylessAvailable(env = process.env) {
  const actions = Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
  return actions || Boolean(env.SIGSTORE_ID_TOKEN);
}
function signerFromEnvironment(choice = {}) {
  const env = choice.env ?? process.env;
  const mode = choice.keyless ?? "auto";
  if (mode === "always") {
    if (choice.keyFile) throw new UserError("--key cannot be combined with keyless signing; choose one.");
    if (!keylessAvailable(env)) {
      throw new UserError(
        "Keyless signing needs an OIDC token: run in GitHub Actions with `permissions: id-token: write` (ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set)."
      );
    }
    return keylessSigner(choice.keylessOptions);
  }
  const keyConfigured = Boolean(
    choice.keyFile || env[SIGNING_KEY_ENV]?.trim() || env[SIGNING_KEY_FILE_ENV]?.trim()
  );
  if (keyConfigured || mode === "never") {
    return keySigner(loadSigningKey({ env, ...choice.keyFile ? { file: choice.keyFile } : {} }));
  }
  if (keylessAvailable(env)) return keylessSigner(choice.keylessOptions);
  throw new UserError(
    `No signing key and no OIDC token for keyless signing. Run \`charter keys generate\` and set ${SIGNING_KEY_ENV} (or pass --key FILE), or sign in GitHub Actions with \`permissions: id-token: write\`.`
  );
}
function finish(bundle) {
  const json = bundleToJSON(bundle);
  if (json.mediaType !== BUNDLE_V03_MEDIA_TYPE) {
    throw new InternalError(`signing produced a ${json.mediaType} bundle, expected ${BUNDLE_V03_MEDIA_TYPE}`);
  }
  return json;
}
function keylessFailure(error) {
  const code = error.code;
  const message = code === "IDENTITY_TOKEN_PARSE_ERROR" ? "the OIDC identity token is not a readable JWT" : error instanceof Error ? error.message : String(error);
  const cause = code === "IDENTITY_TOKEN_PARSE_ERROR" ? void 0 : error;
  const hint = code === "IDENTITY_TOKEN_READ_ERROR" ? " — does the job have `permissions: id-token: write` (fork pull requests never get a token)?" : "";
  return new UserError(
    `Keyless signing failed${typeof code === "string" ? ` (${code})` : ""}: ${message}${hint}`,
    {
      exitCode: 1,
      cause
    }
  );
}

// core/publish/git-tags.ts
function releaseTagName(prefix, tenant, workflow, version) {
  return `${prefix}/${tenant}/${workflow}/v${version}`;
}
function releaseTagMessage(r) {
  return [
    `Release ${r.tenant}/${r.workflow} ${r.version}`,
    "",
    `Charter-Bundle: ${r.bundleDigest}`,
    `Charter-Manifest: ${r.manifestDigest}`,
    `Charter-Sequence: ${r.sequence}`,
    `Charter-Registry: ${r.registry}`,
    ""
  ].join("\n");
}
async function git(cwd, args) {
  const r = await runGit(cwd, args);
  if (r.code !== 0) throw new UserError(`git ${args[0]} failed: ${r.stderr.trim()}`, { exitCode: 1 });
  return r.stdout.toString("utf8").trim();
}
async function tagCommit(cwd, name) {
  const r = await runGit(cwd, ["rev-parse", "-q", "--verify", `refs/tags/${name}^{commit}`]);
  return r.code === 0 ? r.stdout.toString("utf8").trim() : void 0;
}
async function remoteTagCommit(cwd, remote, name) {
  const r = await runGit(cwd, ["ls-remote", "--tags", remote, `refs/tags/${name}`, `refs/tags/${name}^{}`]);
  if (r.code !== 0)
    throw new UserError(`Cannot read tags from ${remote}: ${r.stderr.trim()}`, { exitCode: 1 });
  const lines = r.stdout.toString("utf8").trim().split("\n").filter(Boolean);
  const peeled = lines.find((l) => l.endsWith("^{}")) ?? lines[0];
  return peeled?.split(/\s+/)[0];
}
async function listReleaseTags(cwd, prefix) {
  const out = await git(cwd, [
    "for-each-ref",
    "--format=%(refname:strip=2) %(objectname) %(*objectname)",
    `refs/tags/${prefix}/`
  ]);
  const tags = /* @__PURE__ */ new Map();
  for (const line of out.split("\n").filter(Boolean)) {
    const [name, object, peeled] = line.split(" ");
    if (name && object) tags.set(name, peeled || object);
  }
  return tags;
}
async function ensureReleaseTag(cwd, tag, remote, known) {
  let existing = known ? known.get(tag.name) : await tagCommit(cwd, tag.name);
  if (existing === void 0 && remote) {
    existing = await remoteTagCommit(cwd, remote, tag.name);
    if (existing === tag.commit) return "exists";
  }
  let outcome = "exists";
  if (existing === void 0) {
    await git(cwd, [
      "-c",
      "user.name=Charter",
      "-c",
      "user.email=charter@users.noreply.github.com",
      "tag",
      "-a",
      tag.name,
      "-m",
      tag.message,
      tag.commit
    ]);
    outcome = "created";
  } else if (existing !== tag.commit) {
    throw new UserError(
      `Git tag ${tag.name} already points at ${existing.slice(0, 12)}, not at ${tag.commit.slice(0, 12)}. A version is released once: raise the workflow's version.`,
      { exitCode: 1 }
    );
  }
  if (remote) {
    const r = await runGit(cwd, ["push", remote, `refs/tags/${tag.name}`]);
    if (r.code !== 0) {
      const remoteRef = await runGit(cwd, ["ls-remote", "--tags", remote, `refs/tags/${tag.name}`]);
      const local = await git(cwd, ["rev-parse", `refs/tags/${tag.name}`]);
      if (!remoteRef.stdout.toString("utf8").startsWith(local))
        throw new UserError(`Could not push git tag ${tag.name} to ${remote}: ${r.stderr.trim()}`, {
          exitCode: 1
        });
    }
  }
  return outcome;
}

// core/publish/github-facts.ts
var person = (u) => {
  const x = u;
  return x && typeof x.login === "string" && typeof x.id === "number" ? { login: x.login, id: x.id } : null;
};
async function mergedPullRequest(gh, r, commit) {
  const { data } = await gh.request("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls", {
    ...r,
    commit_sha: commit,
    per_page: 100
  });
  const merged = data.filter((p) => p.merged_at && p.merge_commit_sha === commit);
  if (merged.length === 0) return void 0;
  const { data: pr } = await gh.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
    ...r,
    pull_number: merged[0].number
  });
  return pr;
}
function standingApprovals(reviews) {
  const latest = /* @__PURE__ */ new Map();
  for (const review of reviews) {
    const user = person(review.user);
    if (!user || !["APPROVED", "CHANGES_REQUESTED", "DISMISSED"].includes(review.state)) continue;
    latest.set(user.id, review);
  }
  return [...latest.values()].filter((review) => review.state === "APPROVED").map((review) => {
    const user = person(review.user);
    return {
      reviewer: { ...user, bot: review.user.type === "Bot" },
      reviewId: review.id,
      commit: review.commit_id,
      submittedAt: review.submitted_at
    };
  }).sort((a, b) => a.reviewer.id - b.reviewer.id);
}
function evalFromComments(comments) {
  for (const c of [...comments].reverse()) {
    if (c.user?.type !== "Bot" || typeof c.body !== "string") continue;
    const summary = readEvalSummary(c.body);
    if (summary) return { ...summary, commentId: c.id };
  }
  return null;
}
async function collectReleaseFacts(gh, r, commit) {
  const repository = `${r.owner}/${r.repo}`;
  const pr = await mergedPullRequest(gh, r, commit);
  if (!pr) return { repository, pullRequest: null, approvals: [], checks: [], eval: null };
  const number = pr.number;
  const headSha = pr.head.sha;
  const [reviews, checks, comments] = await Promise.all([
    gh.paginate("GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews", {
      ...r,
      pull_number: number,
      per_page: 100
    }),
    gh.paginate("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", { ...r, ref: headSha, per_page: 100 }),
    gh.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      ...r,
      issue_number: number,
      per_page: 100
    })
  ]);
  return {
    repository,
    pullRequest: {
      number,
      url: pr.html_url,
      author: person(pr.user),
      merger: person(pr.merged_by),
      mergedAt: pr.merged_at ?? null,
      headSha,
      baseSha: pr.base.sha
    },
    approvals: standingApprovals(reviews),
    checks: checks.map((c) => ({
      name: c.name,
      conclusion: c.conclusion ?? null,
      headSha: c.head_sha
    })).sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    eval: evalFromComments(comments)
  };
}
async function resolveDirectory(gh, identities) {
  const dir = { users: {}, teams: {} };
  await Promise.all([
    ...identities.users.map(async (login) => {
      try {
        const { data } = await gh.request("GET /users/{username}", { username: login });
        dir.users[login] = data.id;
      } catch (e) {
        if (e.status === 404) dir.users[login] = null;
        else throw e;
      }
    }),
    ...identities.teams.map(async (t) => {
      try {
        const members = await gh.paginate("GET /orgs/{org}/teams/{team_slug}/members", {
          org: t.org,
          team_slug: t.slug,
          per_page: 100
        });
        dir.teams[t.key] = { members: members.map((m) => m.id) };
      } catch (e) {
        dir.teams[t.key] = { error: `HTTP ${e.status ?? "error"}` };
      }
    })
  ]);
  return dir;
}

// core/publish/governance.ts
function approverIdentities(policy, tenant) {
  return identitiesToResolve(policy.tenants.get(tenant)?.approvers ?? []);
}
function policyDigest(policy, tenant) {
  const t = policy.tenants.get(tenant);
  return `sha256:${sha256Hex(
    canonicalJson({
      tenant: t ? { ...t, file: void 0 } : null,
      governance: policy.governance,
      escalations: policy.escalations,
      riskLevels: policy.riskLevels
    })
  )}`;
}
function judge(review, facts, policy, tenant, dir) {
  const pr = facts.pullRequest;
  if (review.commit !== pr.headSha)
    return {
      counted: false,
      reason: `approved ${review.commit.slice(0, 12)}, not the merged head ${pr.headSha.slice(0, 12)}`
    };
  if (review.reviewer.id === pr.author.id) return { counted: false, reason: "the pull request's author" };
  const t = policy?.tenants.get(tenant);
  if (!t) return { counted: false, reason: `no valid policy for tenant ${tenant} at the base commit` };
  if (review.reviewer.bot && !t.allowBots.includes(review.reviewer.login.toLowerCase()))
    return { counted: false, reason: "a bot (not in approvals.allow_bots)" };
  const m = membership(review.reviewer.id, t.approvers, dir);
  if (m.member) return { counted: true, via: m.via };
  return {
    counted: false,
    reason: m.unknown ? `not a tenant approver (${m.unknown})` : "not a tenant approver"
  };
}
function governancePredicate(bundle, facts, policy, dir, ctx) {
  const pr = facts.pullRequest;
  const t = policy?.tenants.get(bundle.tenant);
  const expires = new Date(ctx.issuedAt.getTime() + ctx.expiresAfterDays * 864e5);
  return {
    name: `${bundle.tenant}/${bundle.workflow}`,
    tenant: bundle.tenant,
    workflow: bundle.workflow,
    version: bundle.version,
    sequence: ctx.sequence,
    previous: ctx.previous,
    issuedAt: ctx.issuedAt.toISOString(),
    expires: expires.toISOString(),
    source: { repository: ctx.repository, commit: ctx.commit, ref: ctx.ref },
    pullRequest: pr ? {
      number: pr.number,
      url: pr.url,
      author: pr.author,
      merger: pr.merger,
      mergedAt: pr.mergedAt,
      headSha: pr.headSha,
      approvedHead: pr.headSha,
      ...ctx.treeEqual !== void 0 ? { treeEqual: ctx.treeEqual } : {}
    } : null,
    approvals: pr ? facts.approvals.map((a) => ({
      reviewer: { login: a.reviewer.login, id: a.reviewer.id },
      reviewId: a.reviewId,
      commit: a.commit,
      submittedAt: a.submittedAt,
      tenant: bundle.tenant,
      ...judge(a, facts, policy, bundle.tenant, dir)
    })) : [],
    checks: facts.checks,
    policy: {
      digest: policy ? policyDigest(policy, bundle.tenant) : `sha256:${sha256Hex("no-policy")}`,
      commit: ctx.policyCommit,
      required: t?.required ?? 0,
      approvers: t?.approvers.map((p) => p.label) ?? []
    },
    eval: facts.eval ? {
      head: facts.eval.head,
      conclusion: facts.eval.conclusion,
      passed: facts.eval.conclusion === "success",
      suites: facts.eval.suites,
      atMergedHead: pr ? facts.eval.head === pr.headSha : false
    } : null,
    bundle: { digest: bundle.digest, mediaType: "application/vnd.charter.workflow.bundle.v1.tar" }
  };
}

// core/publish/plan.ts
async function planWorkflow(repo, registry, prefix, tenant, workflow) {
  const bundle = await buildBundle(repo, tenant, workflow);
  const repository = releaseRepository(prefix, tenant, workflow);
  const manifestDigest = bundleManifest(bundle).digest;
  const versions = await publishedVersions(registry, repository);
  const base = { tenant, workflow, version: bundle.version, repository, bundle, manifestDigest };
  const highestOther = versions.find((v) => v !== bundle.version);
  const latestRelease = highestOther ? await readRelease(registry, repository, highestOther) : void 0;
  const latest = latestRelease && {
    version: latestRelease.version,
    bundleDigest: latestRelease.bundleDigest,
    manifestDigest: latestRelease.manifestDigest
  };
  const withLatest = latest ? { ...base, latest } : base;
  if (versions.includes(bundle.version)) {
    const existing = await readRelease(registry, repository, bundle.version);
    if (existing && existing.bundleDigest !== bundle.digest)
      return {
        ...withLatest,
        action: "refused",
        reason: `version ${bundle.version} is already published with different content (${existing.bundleDigest.slice(0, 19)}…); raise the workflow's version`
      };
    const attached = await registry.referrers(repository, manifestDigest, {
      artifactType: SIGSTORE_BUNDLE_MEDIA_TYPE
    });
    if (existing?.manifestDigest === manifestDigest && attached.length >= 2)
      return { ...withLatest, action: "unchanged", reason: `version ${bundle.version} is published` };
    return {
      ...withLatest,
      action: "resume",
      reason: `version ${bundle.version} was pushed by a run that did not finish; completing it`
    };
  }
  if (highestOther && compareSemver(bundle.version, highestOther) < 0)
    return {
      ...withLatest,
      action: "refused",
      reason: `version ${bundle.version} is lower than the published ${highestOther}; versions must increase`
    };
  return {
    ...withLatest,
    action: "publish",
    reason: highestOther ? `${highestOther} → ${bundle.version}` : `first release`
  };
}
async function planPublish(repo, registry, prefix, only) {
  const targets = [];
  for (const [tenant, t] of [...repo.tenants].sort(([a], [b]) => a < b ? -1 : 1))
    for (const workflow of [...t.workflows.keys()].sort())
      if (!only?.length || only.includes(`${tenant}/${workflow}`) || only.includes(tenant))
        targets.push([tenant, workflow]);
  const unmatched = (only ?? []).filter(
    (name) => !targets.some(([tenant, workflow]) => name === tenant || name === `${tenant}/${workflow}`)
  );
  if (unmatched.length > 0)
    throw new UserError(`--only names no workflow: ${unmatched.join(", ")}. Use TENANT or TENANT/WORKFLOW.`);
  const entries = await mapPool(
    targets,
    8,
    ([tenant, workflow]) => planWorkflow(repo, registry, prefix, tenant, workflow)
  );
  return { entries, refused: entries.filter((e) => e.action === "refused") };
}

// core/publish/publish.ts
async function nextSequence(ctx, entry) {
  if (!entry.latest) return { sequence: 1, previous: null };
  const atts = await attachedAttestations(ctx.registry, entry.repository, entry.latest.manifestDigest);
  for (const a of atts) {
    const r = verifyUnder(ctx.trust, a.bytes, GOVERNANCE_PREDICATE_V1, entry.latest.bundleDigest);
    if (r.ok) {
      const g = parseGovernancePredicate(r.predicate);
      return {
        sequence: g.sequence + 1,
        previous: { digest: entry.latest.bundleDigest, version: g.version }
      };
    }
  }
  throw new Error(
    `${entry.repository}:${entry.latest.version} has no governance attestation signed by a trusted key, so the release sequence cannot continue. Trust its signer in charter.yml: signing.trusted_keys, or signing.keyless with signing.trusted_root_file.`
  );
}
async function verifiedAttestations(ctx, entry) {
  const existing = await attachedAttestations(ctx.registry, entry.repository, entry.manifestDigest);
  const found = /* @__PURE__ */ new Map();
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
async function ensureAttestations(ctx, entry, wrote) {
  const { registry } = ctx;
  const { bundle } = entry;
  const subject = {
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    digest: entry.manifestDigest,
    size: bundleManifest(bundle).bytes.length
  };
  const found = await verifiedAttestations(ctx, entry);
  const statementSubject = {
    name: `${bundle.tenant}/${bundle.workflow}@${bundle.version}`,
    digest: { sha256: bundle.digest.slice(7) }
  };
  const now = (ctx.now ?? (() => /* @__PURE__ */ new Date()))();
  const toAttach = [];
  const sign = async (type, predicate) => {
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
        ...ctx.invocationId ? { invocationId: ctx.invocationId } : {},
        finishedOn: now.toISOString(),
        tenant: bundle.tenant,
        workflow: bundle.workflow,
        version: bundle.version,
        bundleEntries: bundle.index.files
      })
    );
  }
  let sequence;
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
      ...ctx.treeEqual !== void 0 ? { treeEqual: ctx.treeEqual } : {},
      sequence,
      previous: next.previous,
      issuedAt: now,
      expiresAfterDays: ctx.expiresAfterDays
    });
    parseGovernancePredicate(predicate);
    await sign(GOVERNANCE_PREDICATE_V1, predicate);
  }
  if (toAttach.length > 0) await pushAttestations(registry, entry.repository, subject, toAttach);
  await ctx.onStep?.(entry, "attestations");
  return { sequence, commit };
}
async function moveChannels(ctx, entry, wrote) {
  const moved = [];
  for (const channel of ctx.channels) {
    const current = await readRelease(ctx.registry, entry.repository, channel).catch(() => void 0);
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
async function publishEntry(ctx, entry) {
  const wrote = [];
  const { registry, bundle } = { registry: ctx.registry, bundle: entry.bundle };
  const outcome = {
    tenant: entry.tenant,
    workflow: entry.workflow,
    version: entry.version,
    repository: entry.repository,
    action: entry.action,
    bundleDigest: bundle.digest,
    manifestDigest: entry.manifestDigest,
    wrote
  };
  if (entry.action === "unchanged" && !(await verifiedAttestations(ctx, entry)).has(GOVERNANCE_PREDICATE_V1))
    return {
      ...outcome,
      channels: [],
      untrusted: `its attestations are signed by no key or identity charter.yml trusts now; runners that trust only today's signers refuse it — raise the workflow's version to release it again`
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
        registry: registry.location
      })
    },
    ctx.pushTagsTo,
    ctx.knownTags
  );
  if (tagOutcome === "created") wrote.push(`git tag ${gitTag}`);
  await ctx.onStep?.(entry, "git-tag");
  return { ...outcome, sequence, channels, gitTag };
}
async function publishPlan(ctx, plan, concurrency = 4) {
  if (plan.refused.length > 0)
    throw new Error(
      `Nothing was published: ${plan.refused.map((e) => `${e.tenant}/${e.workflow}: ${e.reason}`).join("; ")}.`
    );
  let failure;
  const out = await mapPool(plan.entries, concurrency, async (entry) => {
    if (failure) return void 0;
    try {
      return await publishEntry(ctx, entry);
    } catch (error) {
      failure ??= { error };
      return void 0;
    }
  });
  if (failure) throw failure.error;
  return out;
}

// core/publish/project.ts
async function git2(cwd, args, what) {
  const r = await runGit(cwd, args);
  if (r.code !== 0) throw new UserError(`${what}: ${r.stderr.trim() || `git ${args.join(" ")} failed`}`);
  return r.stdout.toString("utf8").trim();
}
function registryFor(repo, dir, override, env) {
  const creds = registryCredentialsFromEnv(env);
  if (override) {
    const url = /^https?:\/\//.test(override) ? new URL(override) : void 0;
    if (!url) return { registry: openRegistry(resolve3(dir, override), {}), prefix: void 0 };
    return {
      registry: openRegistry(`${url.origin}`, creds),
      prefix: url.pathname.replace(/^\/+|\/+$/g, "") || void 0
    };
  }
  const config = repo.charter?.data.registry ?? { type: "oci-layout", path: ".charter/registry" };
  if (config.type === "oci-layout")
    return { registry: openRegistry(resolve3(dir, config.path), {}), prefix: void 0 };
  const fromConfig = {
    ...creds,
    ...config.username_env && env[config.username_env] ? { username: env[config.username_env] } : {},
    ...config.password_env && env[config.password_env] ? { password: env[config.password_env] } : {}
  };
  return { registry: openRegistry(config.url, fromConfig), prefix: config.repository };
}
async function trustedKeysAt(repo) {
  const entries = repo.charter?.data.signing.trusted_keys ?? [];
  if (entries.length === 0) return [];
  const files = await repo.source.readMany(entries.map((k) => k.public_key_file));
  return entries.flatMap((k) => {
    const pem = files.get(k.public_key_file);
    if (!pem)
      throw new UserError(
        `charter.yml: signing.trusted_keys "${k.id}" names ${k.public_key_file}, which does not exist.`
      );
    return loadTrustedKeys([pem.toString("utf8")]).map((key) => ({ ...key, name: k.id }));
  });
}
async function keylessTrustAt(repo) {
  const signing = repo.charter?.data.signing;
  if (!signing?.trusted_root_file || signing.keyless.length === 0) return {};
  const file = (await repo.source.readMany([signing.trusted_root_file])).get(signing.trusted_root_file);
  if (!file)
    throw new UserError(
      `charter.yml: signing.trusted_root_file names ${signing.trusted_root_file}, which does not exist.`
    );
  try {
    return {
      trustedRoot: JSON.parse(file.toString("utf8")),
      keylessIdentities: signing.keyless.map((k) => ({
        issuer: k.issuer,
        subjectAlternativeName: k.subject
      }))
    };
  } catch (e) {
    throw new UserError(
      `charter.yml: signing.trusted_root_file ${signing.trusted_root_file} is not JSON: ${e.message}`
    );
  }
}
async function publishProject(options) {
  const dir = resolve3(options.dir);
  const commit = await git2(
    dir,
    ["rev-parse", "--verify", `${options.ref ?? "HEAD"}^{commit}`],
    `Cannot resolve ${options.ref ?? "HEAD"}`
  );
  const top = await git2(dir, ["rev-parse", "--show-toplevel"], `${dir} is not in a git repository`);
  const root = relative(top, dir).split("\\").join("/");
  const loaded = await loadRepo(new GitSource(dir, commit));
  const repo = loaded.repo;
  if (!repo.charter)
    throw new UserError(`${dir} at ${commit.slice(0, 12)} has no valid charter.yml; run \`charter lint\`.`);
  const lint = await lintRepo(repo, loaded.diagnostics);
  if (lint.summary.errors > 0)
    throw new UserError(
      `Nothing was published: lint finds ${lint.summary.errors} error(s) at ${commit.slice(0, 12)}. Run \`charter lint --ref ${commit.slice(0, 12)}\`.`,
      { exitCode: 1 }
    );
  const { registry, prefix } = registryFor(repo, dir, options.registry, options.env);
  const plan = await planPublish(repo, registry, prefix, options.only);
  const base = { commit, registry: registry.location, plan, outcomes: [], pullRequest: null };
  if (options.dryRun) return base;
  if (plan.refused.length > 0)
    throw new UserError(
      `Nothing was published:
${plan.refused.map((e) => `  ${e.tenant}/${e.workflow}: ${e.reason}`).join("\n")}`,
      { exitCode: 1 }
    );
  if (plan.entries.length === 0) return base;
  let signer;
  const trustedKeys = await trustedKeysAt(repo);
  const keyless = options.keyless ?? "auto";
  const keyConfigured = options.keyFile || options.env.CHARTER_SIGNING_KEY || options.env.CHARTER_SIGNING_KEY_FILE;
  if (keyless !== "always" && (keyConfigured || keyless === "never")) {
    const key = loadSigningKey({
      env: options.env,
      ...options.keyFile ? { file: options.keyFile } : {}
    });
    signer = keySigner(key);
    if (!trustedKeys.some((k) => k.keyId === key.keyId))
      trustedKeys.push({
        keyId: key.keyId,
        publicKey: key.publicKey,
        pem: key.publicKeyPem,
        name: "signing key"
      });
  } else {
    signer = signerFromEnvironment({ env: options.env, keyless });
  }
  const parent = (await runGit(dir, ["rev-parse", "--verify", "-q", `${commit}^1`])).stdout.toString("utf8").trim() || commit;
  let policy;
  const policyResult = approvalPolicy(await loadRepo(new GitSource(dir, parent)), parent, root);
  if (policyResult.ok) policy = policyResult.policy;
  let facts = { repository: "", pullRequest: null, approvals: [], checks: [], eval: null };
  let directory = { users: {}, teams: {} };
  let repositoryUrl = `file://${top}`;
  if (options.github) {
    const { client, owner, repo: name } = options.github;
    facts = await collectReleaseFacts(client, { owner, repo: name }, commit).catch(
      (e) => {
        throw new UserError(
          `Cannot read how ${commit.slice(0, 12)} was merged from GitHub (${owner}/${name}): ${e.status ? `HTTP ${e.status}, ` : ""}${e.message ?? e}. The token needs read access to pull requests, checks and issues; nothing was published.`,
          { exitCode: 1 }
        );
      }
    );
    repositoryUrl = `${options.env.GITHUB_SERVER_URL ?? "https://github.com"}/${owner}/${name}`;
    if (policy && facts.pullRequest) {
      const tenants = [...new Set(plan.entries.map((e) => e.tenant))];
      const ids = tenants.map((t) => approverIdentities(policy, t));
      directory = await resolveDirectory(client, {
        users: [...new Set(ids.flatMap((i) => i.users))],
        teams: [...new Map(ids.flatMap((i) => i.teams).map((t) => [t.key, t])).values()]
      });
    }
  }
  let treeEqual;
  if (facts.pullRequest) {
    const head = facts.pullRequest.headSha;
    if ((await runGit(dir, ["cat-file", "-e", `${head}^{commit}`])).code === 0) {
      const diff = await runGit(dir, ["diff", "--quiet", head, commit, "--", root || "."]);
      treeEqual = diff.code === 0 ? true : diff.code === 1 ? false : void 0;
    }
  }
  const env = options.env;
  const ctx = {
    registry,
    signer,
    trust: { trustedKeys, ...await keylessTrustAt(repo) },
    gitDir: dir,
    commit,
    ref: options.gitRef ?? env.GITHUB_REF ?? "refs/heads/main",
    repositoryUrl,
    builderId: env.GITHUB_WORKFLOW_REF && env.GITHUB_SERVER_URL ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_WORKFLOW_REF}` : "https://charter.dev/builders/cli/v1",
    ...env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY ? {
      invocationId: `${env.GITHUB_SERVER_URL ?? "https://github.com"}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${env.GITHUB_RUN_ATTEMPT ?? "1"}`
    } : {},
    facts,
    policy,
    policyCommit: parent,
    ...treeEqual !== void 0 ? { treeEqual } : {},
    directory,
    channels: repo.charter.data.publish.channels,
    expiresAfterDays: repo.charter.data.publish.expires_after_days,
    tagPrefix: repo.charter.data.publish.tag_prefix,
    knownTags: await listReleaseTags(dir, repo.charter.data.publish.tag_prefix),
    ...options.pushTagsTo ? { pushTagsTo: options.pushTagsTo } : {},
    ...options.now ? { now: options.now } : {},
    ...options.onStep ? { onStep: options.onStep } : {}
  };
  const outcomes = await publishPlan(ctx, plan);
  return { ...base, outcomes, signer: signer.identity, pullRequest: facts.pullRequest };
}

export {
  openRegistry,
  standingApprovals,
  resolveDirectory,
  policyDigest,
  registryFor,
  trustedKeysAt,
  keylessTrustAt,
  publishProject
};
