import {
  SIGNING_KEY_ENV,
  SIGNING_KEY_FILE_ENV,
  keyIdOf,
  loadSigningKey,
  loadTrustedKeys
} from "./chunk-XUHWOOZD.js";
import {
  compareSemver,
  lintRepo,
  resolveWorkflow
} from "./chunk-66E4ACSR.js";
import {
  deadline,
  mapPool,
  readEvalSummary
} from "./chunk-IGYI76RE.js";
import {
  approvalPolicy,
  identitiesToResolve,
  membership
} from "./chunk-55BLOAHC.js";
import {
  GitSource,
  canonicalJson,
  loadRepo,
  runGit
} from "./chunk-CUEV4TI6.js";
import {
  InternalError,
  UserError
} from "./chunk-XC2IMODC.js";

// core/registry/open.ts
import { existsSync } from "node:fs";
import { resolve as resolve2 } from "node:path";

// core/registry/types.ts
import { createHash } from "node:crypto";
var MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
var INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
var OCTET_STREAM = "application/octet-stream";
var DEFAULT_MAX_BLOB_BYTES = 64 * 1024 * 1024;
var DEFAULT_MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
var RegistryError = class extends Error {
  name = "RegistryError";
  code;
  constructor(code, message, options = {}) {
    super(message, { cause: options.cause });
    this.code = code;
  }
};
var CREDENTIAL_HINT = "set CHARTER_REGISTRY_USERNAME / CHARTER_REGISTRY_PASSWORD or CHARTER_REGISTRY_TOKEN";
var REPO_RE = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
var TAG_RE = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
var DIGEST_RE = /^sha256:[a-f0-9]{64}$/;
function checkRepo(repo) {
  if (typeof repo !== "string" || repo.length > 255 || !REPO_RE.test(repo))
    throw new RegistryError(
      "unsupported",
      `invalid repository name ${JSON.stringify(repo)}: use lowercase path components like "acme/workflows/triage"`
    );
  return repo;
}
function checkTag(tag) {
  if (typeof tag !== "string" || !TAG_RE.test(tag))
    throw new RegistryError(
      "unsupported",
      `invalid tag ${JSON.stringify(tag)}: up to 128 of [A-Za-z0-9_.-], not starting with "." or "-"`
    );
  return tag;
}
function checkDigest(digest) {
  if (typeof digest !== "string" || !DIGEST_RE.test(digest))
    throw new RegistryError(
      "unsupported",
      `invalid digest ${JSON.stringify(digest)}: expected sha256:<64 hex>`
    );
  return digest;
}
function isDigest(ref) {
  return DIGEST_RE.test(ref);
}
function checkRef(ref) {
  return typeof ref === "string" && ref.startsWith("sha256:") ? checkDigest(ref) : checkTag(ref);
}
function sha256Digest(bytes) {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}
function verifyDigest(bytes, digest, what) {
  const actual = sha256Digest(bytes);
  if (actual !== digest)
    throw new RegistryError(
      "digest-mismatch",
      `${what}: content hashes to ${actual}, not ${digest} — the registry or storage returned other bytes`
    );
}
function fallbackTag(digest) {
  return checkDigest(digest).replace(":", "-");
}
function parseManifest(bytes, what, fallback) {
  let json2;
  try {
    json2 = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new RegistryError("protocol", `${what} is not JSON`, { cause: error });
  }
  if (typeof json2 !== "object" || json2 === null || Array.isArray(json2))
    throw new RegistryError("protocol", `${what} is not a JSON object`);
  const obj = json2;
  if (obj.schemaVersion !== 2) throw new RegistryError("protocol", `${what}: schemaVersion is not 2`);
  const mediaType = typeof obj.mediaType === "string" ? obj.mediaType : fallback;
  if (!mediaType) throw new RegistryError("protocol", `${what} has no mediaType`);
  if (mediaType === MANIFEST_MEDIA_TYPE && (typeof obj.config !== "object" || obj.config === null || !Array.isArray(obj.layers)))
    throw new RegistryError("protocol", `${what}: an image manifest needs config and layers`);
  if (mediaType === INDEX_MEDIA_TYPE && !Array.isArray(obj.manifests))
    throw new RegistryError("protocol", `${what}: an image index needs manifests`);
  return { manifest: obj, mediaType };
}
function manifestToPush(bytes, mediaType) {
  if (bytes.byteLength > DEFAULT_MAX_MANIFEST_BYTES)
    throw new RegistryError(
      "too-large",
      `manifest is ${bytes.byteLength} bytes; registries accept up to 4 MiB`
    );
  const parsed = parseManifest(bytes, "manifest to push", mediaType ?? MANIFEST_MEDIA_TYPE);
  if (mediaType && parsed.mediaType !== mediaType)
    throw new RegistryError(
      "protocol",
      `manifest says mediaType ${parsed.mediaType} but was pushed as ${mediaType}`
    );
  return parsed.mediaType;
}

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
  const checked2 = await mapPool(digests, 8, async (candidate) => {
    const pulled = await registry.fetchManifest(repo, candidate).catch((error) => {
      if (error instanceof RegistryError && (error.code === "not-found" || error.code === "protocol"))
        return void 0;
      throw error;
    });
    if (!pulled || subjectDigest(pulled) !== digest) return void 0;
    const descriptor = referrerDescriptor(pulled);
    return artifactType === void 0 || descriptor.artifactType === artifactType ? descriptor : void 0;
  });
  return checked2.filter((d) => d !== void 0);
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
function shown(url2) {
  return `${url2.origin}${url2.pathname}`;
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
  checkTransport(url2) {
    if (url2.protocol !== "https:" && url2.protocol !== "http:")
      throw new RegistryError("unsupported", `unsupported URL scheme ${url2.protocol} in ${shown(url2)}`);
    if (url2.protocol === "http:" && !isLoopback(url2.hostname) && !this.options.insecure)
      throw new RegistryError(
        "unsupported",
        `refusing plain http to ${url2.host}: use https, or allow insecure registries (insecure: true) only for a network you trust`
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
  authorization(url2, scope) {
    if (url2.origin !== this.origin) return void 0;
    return this.tokens.get(scope) ?? this.basic;
  }
  basicCredentials() {
    const { username, password, token } = this.options;
    const secret = password ?? token;
    if (!secret) return void 0;
    return `Basic ${Buffer.from(`${username ?? "token"}:${secret}`).toString("base64")}`;
  }
  async authenticate(header2, scope, signal) {
    const challenge = header2 ? parseChallenge(header2) : void 0;
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
      const json2 = JSON.parse(new TextDecoder().decode(body));
      token = json2.token ?? json2.access_token;
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
function parseChallenge(header2) {
  const match = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(header2);
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
  constructor(url2, options = {}) {
    this.options = options;
    let base;
    try {
      base = new URL(url2);
    } catch {
      throw new RegistryError("unsupported", `invalid registry URL ${JSON.stringify(url2)}`);
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
    let url2 = this.url(name, "tags/list");
    if (this.options.tagsPageSize) url2.searchParams.set("n", String(this.options.tagsPageSize));
    const tags = /* @__PURE__ */ new Set();
    const seen = /* @__PURE__ */ new Set();
    for (let page = 0; url2 && page < MAX_PAGES; page++) {
      if (seen.has(url2.href)) break;
      seen.add(url2.href);
      const call = {
        method: "GET",
        url: url2,
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
      url2 = result.next;
    }
    return [...tags].sort();
  }
  async referrers(repo, digest, opts = {}) {
    const name = this.name(repo);
    checkDigest(digest);
    let url2 = this.url(name, `referrers/${digest}`);
    if (opts.artifactType) url2.searchParams.set("artifactType", opts.artifactType);
    const candidates = [];
    if (this.noReferrersApi) {
      candidates.push(...await fallbackCandidates(this, repo, digest));
      url2 = void 0;
    }
    for (let page = 0; url2 && page < MAX_PAGES; page++) {
      const call = {
        method: "GET",
        url: url2,
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
      url2 = result.next;
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
    const url2 = new URL(location, requestUrl);
    this.http.checkTransport(url2);
    return url2;
  }
  /** The `rel="next"` target of a `Link` header, same origin only. */
  nextLink(res, requestUrl) {
    const link = res.headers.get("link");
    const target = link && /<([^>]*)>\s*;[^,]*rel="?next"?/.exec(link)?.[1];
    if (!target) return void 0;
    const url2 = new URL(target, requestUrl);
    if (url2.origin !== this.base.origin)
      throw new RegistryError("protocol", `${shown(requestUrl)} paginates to another host (${url2.origin})`);
    return url2;
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
function withQuery(url2, key, value) {
  return new URL(
    `${url2.href.replace(/#.*$/, "")}${url2.search ? "&" : "?"}${key}=${encodeURIComponent(value)}`
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
    const index = await this.readIndex(dir);
    const entry = isDigest(ref) ? index.manifests.find((d) => d.digest === ref) : index.manifests.find((d) => d.annotations?.[REF_NAME] === ref);
    if (!isDigest(ref) && !entry) return void 0;
    const digest = isDigest(ref) ? ref : checkDigest(entry.digest);
    const bytes = await this.readBlob(dir, digest, opts.maxBytes ?? DEFAULT_MAX_MANIFEST_BYTES);
    if (!bytes) {
      if (isDigest(ref)) return void 0;
      throw new RegistryError(
        "not-found",
        `${this.location}/${repo}: tag ${ref} names missing blob ${digest}`
      );
    }
    const { manifest, mediaType } = parseManifest(
      bytes,
      `manifest ${ref} in ${this.location}/${repo}`,
      entry?.mediaType
    );
    return { bytes, digest, mediaType, manifest };
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
  async readBlob(dir, digest, max) {
    const path = this.blobPath(dir, digest);
    const info = await stat(path).catch(ignoreMissing);
    if (!info) return void 0;
    if (info.size > max)
      throw new RegistryError("too-large", `${path} is ${info.size} bytes, over the ${max}-byte limit`);
    const bytes = await readOrUndefined(path);
    if (!bytes) return void 0;
    verifyDigest(bytes, digest, path);
    return bytes;
  }
  async ensureLayoutFile(dir) {
    const path = join(dir, "oci-layout");
    if (await stat(path).catch(ignoreMissing)) return;
    await mkdir(dir, { recursive: true });
    await atomicWrite(path, new TextEncoder().encode(OCI_LAYOUT));
  }
  async readIndex(dir) {
    const path = join(dir, "index.json");
    const bytes = await readOrUndefined(path);
    if (!bytes) return { schemaVersion: 2, mediaType: INDEX_MEDIA_TYPE, manifests: [] };
    const index = parseManifest(bytes, path, INDEX_MEDIA_TYPE).manifest;
    if (!Array.isArray(index.manifests)) throw new RegistryError("protocol", `${path} has no manifests list`);
    index.manifests = index.manifests.filter(
      (d) => typeof d === "object" && d !== null && typeof d.digest === "string" && isDigest(d.digest)
    );
    return index;
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

// core/signing/statement.ts
import * as z from "zod";
var STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
var INTOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
var SLSA_PROVENANCE_V1 = "https://slsa.dev/provenance/v1";
var GOVERNANCE_PREDICATE_V1 = "https://charter.dev/attestation/governance/v1";
var BUILD_TYPE = "https://charter.dev/buildtypes/workflow-bundle/v1";
var StatementError = class extends Error {
  name = "StatementError";
};
var hex64 = z.string().regex(/^[a-f0-9]{64}$/, "expected 64 lowercase hex characters");
var gitSha = z.string().regex(/^[a-f0-9]{40}$/, "expected a 40-character lowercase hex commit id");
var prefixedSha256 = z.string().regex(/^sha256:[a-f0-9]{64}$/, 'expected "sha256:" and 64 lowercase hex');
var isoTime = z.iso.datetime({ offset: true });
var nonEmpty = z.string().min(1);
var subjectSchema = z.strictObject({
  name: nonEmpty,
  digest: z.strictObject({ sha256: hex64 })
});
var statementSchema = z.strictObject({
  _type: z.literal(STATEMENT_TYPE),
  subject: z.array(subjectSchema).min(1),
  predicateType: nonEmpty,
  predicate: z.record(z.string(), z.unknown())
});
function buildStatement(subject, predicateType, predicate) {
  const statement = {
    _type: STATEMENT_TYPE,
    subject: Array.isArray(subject) ? [...subject] : [subject],
    predicateType,
    predicate
  };
  checked(statementSchema, statement, "statement");
  return statement;
}
function parseStatement(bytes) {
  let value;
  try {
    const text = typeof bytes === "string" ? bytes : new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    value = JSON.parse(text);
  } catch {
    throw new StatementError("statement is not UTF-8 JSON");
  }
  return checked(statementSchema, value, "statement");
}
function assertStatement(value) {
  checked(statementSchema, value, "statement");
}
var bundleEntrySchema = z.strictObject({ path: nonEmpty, sha256: hex64, size: z.int().min(0) });
var uri = z.string().regex(/^[a-z][a-z0-9+.-]*:\S+$/i, "expected an absolute URI");
var provenanceSchema = z.strictObject({
  buildDefinition: z.strictObject({
    buildType: z.literal(BUILD_TYPE),
    externalParameters: z.strictObject({
      repository: z.url(),
      ref: nonEmpty,
      tenant: nonEmpty,
      workflow: nonEmpty,
      version: nonEmpty
    }),
    internalParameters: z.strictObject({
      workflowPath: nonEmpty.optional(),
      bundleEntries: z.array(bundleEntrySchema).optional()
    }),
    resolvedDependencies: z.array(z.strictObject({ uri: nonEmpty, digest: z.record(z.string(), nonEmpty) })).min(1)
  }),
  runDetails: z.strictObject({
    builder: z.strictObject({ id: uri }),
    metadata: z.strictObject({
      invocationId: nonEmpty.optional(),
      startedOn: isoTime.optional(),
      finishedOn: isoTime.optional()
    })
  })
});
function buildProvenance(input) {
  if (!gitSha.safeParse(input.commit).success) {
    throw new StatementError(`provenance: commit must be 40 lowercase hex characters, got "${input.commit}"`);
  }
  const provenance = {
    buildDefinition: {
      buildType: BUILD_TYPE,
      externalParameters: {
        repository: input.repository,
        ref: input.ref,
        tenant: input.tenant,
        workflow: input.workflow,
        version: input.version
      },
      internalParameters: withoutUndefined({
        workflowPath: input.workflowPath,
        bundleEntries: input.bundleEntries
      }),
      resolvedDependencies: [
        { uri: `git+${input.repository}@${input.ref}`, digest: { gitCommit: input.commit } }
      ]
    },
    runDetails: {
      builder: { id: input.builderId },
      metadata: withoutUndefined({
        invocationId: input.invocationId,
        startedOn: input.startedOn,
        finishedOn: input.finishedOn
      })
    }
  };
  checked(provenanceSchema, provenance, "provenance");
  return provenance;
}
var githubUser = z.strictObject({ login: nonEmpty, id: z.int().positive() });
var governancePredicateSchema = z.strictObject({
  /** `tenant/workflow`. */
  name: nonEmpty,
  tenant: nonEmpty,
  workflow: nonEmpty,
  version: nonEmpty,
  /** Position of this release in the workflow's history: 1, 2, 3… with no gaps. */
  sequence: z.int().min(1),
  /** The release this one follows (digest of its governance statement), null for the first. */
  previous: z.strictObject({ digest: prefixedSha256, version: nonEmpty }).nullable(),
  issuedAt: isoTime,
  /** A runner refuses the release after this time (freeze protection). */
  expires: isoTime,
  source: z.strictObject({ repository: z.url(), commit: gitSha, ref: nonEmpty }),
  pullRequest: z.strictObject({
    number: z.int().positive(),
    url: z.url().optional(),
    author: githubUser,
    merger: githubUser.nullable(),
    mergedAt: isoTime.nullable().optional(),
    /** The head commit the counted approvals were given on. */
    approvedHead: gitSha,
    headSha: gitSha,
    /** Whether the governed files are identical at `approvedHead` and at the merged commit. */
    treeEqual: z.boolean().optional()
  }).nullable(),
  /** Every standing approval, counted or not (with the reason it was not). */
  approvals: z.array(
    z.strictObject({
      reviewer: githubUser,
      reviewId: z.int().positive(),
      commit: gitSha,
      submittedAt: isoTime,
      tenant: nonEmpty.optional(),
      counted: z.boolean(),
      /** How a counted reviewer qualified, e.g. `user:alice` or `team:acme/support`. */
      via: nonEmpty.optional(),
      reason: nonEmpty.optional()
    })
  ),
  /** Check runs on the head; `conclusion` is null while a check is still running. */
  checks: z.array(z.strictObject({ name: nonEmpty, conclusion: nonEmpty.nullable(), headSha: gitSha })),
  policy: z.strictObject({
    digest: prefixedSha256,
    /** The commit whose policy applied (the base of the merge). */
    commit: gitSha,
    /** Approvals the tenant requires. */
    required: z.int().min(0).optional(),
    /** The tenant's approvers as written in the policy. */
    approvers: z.array(nonEmpty).optional()
  }),
  /** The pull request evaluation (the eval summary charter posts on the pull request). */
  eval: z.strictObject({
    /** The commit the evaluation ran on. */
    head: gitSha,
    conclusion: z.enum(["success", "failure"]),
    passed: z.boolean(),
    /** Whether `head` is the merged pull request head. */
    atMergedHead: z.boolean().optional(),
    suites: z.array(
      z.strictObject({
        /** `tenant/suite`. */
        suite: nonEmpty,
        /** Null when the suite did not run at the head. */
        passRate: z.number().min(0).max(1).nullable(),
        passed: z.boolean(),
        regressions: z.int().min(0),
        cases: z.int().min(0)
      })
    ),
    summary: z.strictObject({
      suites: z.int().min(0),
      cases: z.int().min(0),
      passedCases: z.int().min(0),
      failedSuites: z.int().min(0)
    }).optional()
  }).nullable(),
  bundle: z.strictObject({ digest: prefixedSha256, mediaType: nonEmpty })
}).superRefine((p, ctx) => {
  if (p.name !== `${p.tenant}/${p.workflow}`) {
    ctx.addIssue({ code: "custom", path: ["name"], message: `expected "${p.tenant}/${p.workflow}"` });
  }
  if (p.sequence === 1 && p.previous !== null) {
    ctx.addIssue({
      code: "custom",
      path: ["previous"],
      message: "the first release (sequence 1) has no previous"
    });
  }
  if (p.sequence > 1 && p.previous === null) {
    ctx.addIssue({
      code: "custom",
      path: ["previous"],
      message: `sequence ${p.sequence} needs a previous release`
    });
  }
  if (Date.parse(p.expires) <= Date.parse(p.issuedAt)) {
    ctx.addIssue({ code: "custom", path: ["expires"], message: "must be later than issuedAt" });
  }
});
function parseGovernancePredicate(value) {
  return checked(governancePredicateSchema, value, "predicate");
}
function checked(schema, value, root) {
  const result = schema.safeParse(value);
  if (result.success) return value;
  const problems = result.error.issues.map((issue) => `${formatPath(root, issue.path)}: ${issue.message}`);
  throw new StatementError(`invalid ${root}: ${problems.join("; ")}`);
}
function formatPath(root, path) {
  let out = root;
  for (const part of path) {
    out += typeof part === "number" ? `[${part}]` : `.${String(part)}`;
  }
  return out;
}
function withoutUndefined(value) {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== void 0));
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
  const json2 = bundleToJSON(bundle);
  if (json2.mediaType !== BUNDLE_V03_MEDIA_TYPE) {
    throw new InternalError(`signing produced a ${json2.mediaType} bundle, expected ${BUNDLE_V03_MEDIA_TYPE}`);
  }
  return json2;
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
  const number2 = pr.number;
  const headSha = pr.head.sha;
  const [reviews, checks, comments] = await Promise.all([
    gh.paginate("GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews", {
      ...r,
      pull_number: number2,
      per_page: 100
    }),
    gh.paginate("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", { ...r, ref: headSha, per_page: 100 }),
    gh.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      ...r,
      issue_number: number2,
      per_page: 100
    })
  ]);
  return {
    repository,
    pullRequest: {
      number: number2,
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

// core/bundle/build.ts
import { createHash as createHash2 } from "node:crypto";

// core/bundle/tar.ts
var BLOCK = 512;
var encoder = new TextEncoder();
var decoder = new TextDecoder("utf-8", { fatal: true });
var TarError = class extends Error {
  name = "TarError";
};
function isSafeEntryPath(path) {
  if (path.length === 0 || path.startsWith("/") || path.endsWith("/")) return false;
  if (/[\u0000-\u001f\u007f\\]/.test(path)) return false;
  return path.split("/").every((s) => s !== "" && s !== "." && s !== "..");
}
function splitName(path) {
  const bytes = encoder.encode(path);
  if (bytes.length <= 100) return { name: path, prefix: "" };
  for (let i = path.lastIndexOf("/"); i > 0; i = path.lastIndexOf("/", i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (encoder.encode(prefix).length <= 155 && encoder.encode(name).length <= 100) return { name, prefix };
  }
  throw new TarError(`Path "${path}" is too long for a bundle (at most 255 bytes, split at a "/").`);
}
function writeField(header2, offset, length, text) {
  const bytes = encoder.encode(text);
  if (bytes.length > length) throw new TarError(`Tar header field too long: "${text}"`);
  header2.set(bytes, offset);
}
function octal(value, length) {
  return `${value.toString(8).padStart(length - 1, "0")}\0`;
}
function header(path, size) {
  const h = new Uint8Array(BLOCK);
  const { name, prefix } = splitName(path);
  writeField(h, 0, 100, name);
  writeField(h, 100, 8, octal(420, 8));
  writeField(h, 108, 8, octal(0, 8));
  writeField(h, 116, 8, octal(0, 8));
  writeField(h, 124, 12, octal(size, 12));
  writeField(h, 136, 12, octal(0, 12));
  h.fill(32, 148, 156);
  h[156] = 48;
  writeField(h, 257, 6, "ustar\0");
  writeField(h, 263, 2, "00");
  writeField(h, 329, 8, octal(0, 8));
  writeField(h, 337, 8, octal(0, 8));
  writeField(h, 345, 155, prefix);
  writeField(h, 148, 8, octal(checksum(h), 7).padEnd(8, " "));
  return h;
}
function checksum(h) {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
  return sum;
}
var padding = (size) => (BLOCK - size % BLOCK) % BLOCK;
function writeTar(entries) {
  const sorted = [...entries].sort((a, b) => compareBytes(a.path, b.path));
  let total = 2 * BLOCK;
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i];
    if (!isSafeEntryPath(e.path)) throw new TarError(`Unsafe path in bundle: "${e.path}"`);
    if (i > 0 && sorted[i - 1].path === e.path) throw new TarError(`Duplicate path in bundle: "${e.path}"`);
    total += BLOCK + e.bytes.length + padding(e.bytes.length);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const e of sorted) {
    out.set(header(e.path, e.bytes.length), offset);
    offset += BLOCK;
    out.set(e.bytes, offset);
    offset += e.bytes.length + padding(e.bytes.length);
  }
  return out;
}
function compareBytes(a, b) {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}
function readString(h, offset, length) {
  let end = offset;
  while (end < offset + length && h[end] !== 0) end++;
  try {
    return decoder.decode(h.subarray(offset, end));
  } catch {
    throw new TarError("Tar header holds a name that is not UTF-8.");
  }
}
function readOctal(h, offset, length, field) {
  const text = readString(h, offset, length).trim();
  if (!/^[0-7]{1,11}$/.test(text)) throw new TarError(`Tar header has an invalid ${field} field.`);
  return Number.parseInt(text, 8);
}
var DEFAULT_READ_LIMITS = {
  maxBytes: 64 * 1024 * 1024,
  maxEntries: 1e4,
  maxEntryBytes: 16 * 1024 * 1024
};
function readTar(archive, limits = DEFAULT_READ_LIMITS) {
  if (archive.length > limits.maxBytes)
    throw new TarError(`Bundle is ${archive.length} bytes; the limit is ${limits.maxBytes}.`);
  if (archive.length % BLOCK !== 0) throw new TarError("Bundle is not a whole number of tar blocks.");
  const entries = [];
  let offset = 0;
  for (; ; ) {
    if (offset + BLOCK > archive.length) throw new TarError("Bundle ends without the end-of-archive marker.");
    const h = archive.subarray(offset, offset + BLOCK);
    if (h.every((b) => b === 0)) {
      const rest = archive.subarray(offset);
      if (rest.length !== 2 * BLOCK || !rest.every((b) => b === 0))
        throw new TarError("Bundle has data after its end-of-archive marker.");
      return entries;
    }
    if (readOctal(h, 148, 8, "checksum") !== checksum(h)) throw new TarError("Tar header checksum mismatch.");
    if (readString(h, 257, 6) !== "ustar" || readString(h, 263, 2) !== "00")
      throw new TarError("Bundle is not a ustar archive.");
    if (h[156] !== 48) throw new TarError("Bundle holds an entry that is not a regular file.");
    const name = readString(h, 0, 100);
    const prefix = readString(h, 345, 155);
    const path = prefix ? `${prefix}/${name}` : name;
    if (!isSafeEntryPath(path)) throw new TarError(`Bundle holds an unsafe path: ${JSON.stringify(path)}`);
    const size = readOctal(h, 124, 12, "size");
    if (size > limits.maxEntryBytes) throw new TarError(`Bundle entry "${path}" is larger than allowed.`);
    if (entries.length >= limits.maxEntries) throw new TarError("Bundle holds too many entries.");
    const previous = entries.at(-1);
    if (previous && compareBytes(previous.path, path) >= 0)
      throw new TarError(`Bundle entries are duplicated or out of order at "${path}".`);
    const start = offset + BLOCK;
    if (start + size > archive.length) throw new TarError(`Bundle entry "${path}" is truncated.`);
    entries.push({ path, bytes: archive.slice(start, start + size) });
    offset = start + size + padding(size);
  }
}

// core/bundle/build.ts
var BUNDLE_SCHEMA = "https://charter.dev/bundle/v1";
var BUNDLE_INDEX = "charter-bundle.json";
var BUNDLE_RESOLVED = "resolved.json";
var sha256Hex = (bytes) => createHash2("sha256").update(bytes).digest("hex");
var json = (value) => new TextEncoder().encode(`${canonicalJson(value)}
`);
function byName(entries, f) {
  return Object.fromEntries([...entries].sort(([a], [b]) => a < b ? -1 : 1).map(([k, v]) => [k, f(v)]));
}
async function buildBundle(repo, tenantName, workflow) {
  const tenant = repo.tenants.get(tenantName);
  if (!tenant) throw new UserError(`No tenant "${tenantName}" in ${repo.source.label}.`);
  const r = resolveWorkflow(repo, tenant, workflow);
  if (!r) throw new UserError(`No workflow "${workflow}" in tenant "${tenantName}".`);
  if (!tenant.config)
    throw new UserError(
      `Cannot bundle ${tenantName}/${workflow}: ${tenant.dir}/tenant.yml is missing or invalid, and a bundle carries the tenant's runtime policy. Run \`charter lint\`.`
    );
  if (r.missing.length > 0)
    throw new UserError(
      `Cannot bundle ${tenantName}/${workflow}: it references ${[...new Set(r.missing)].join(", ")}, which do not resolve. Run \`charter lint\`.`
    );
  const paths = /* @__PURE__ */ new Set([r.workflow.path]);
  for (const wf of r.subWorkflows.values()) paths.add(wf.path);
  for (const p of r.prompts.values()) paths.add(p.path);
  for (const s of r.evals) paths.add(s.path);
  for (const docs of r.knowledge.values()) for (const d of docs) paths.add(d.path);
  const read = await repo.source.readMany([...paths]);
  const entries = [];
  for (const path of paths) {
    const bytes2 = read.get(path);
    if (!bytes2) throw new UserError(`Cannot read ${path} from ${repo.source.label} while bundling.`);
    entries.push({ path, bytes: bytes2 });
  }
  const resolved = {
    workflows: byName([[workflow, r.workflow], ...r.subWorkflows], (w) => w.path),
    prompts: byName(r.prompts, (p) => p.path),
    knowledge: Object.fromEntries(
      [...r.knowledge].sort(([a], [b]) => a < b ? -1 : 1).map(([k, docs]) => [k, docs.map((d) => d.path).sort()])
    ),
    routes: r.routes,
    models: r.models,
    providers: r.providers,
    tools: r.tools,
    tenant: r.tenantPolicy ?? null
  };
  entries.push({ path: BUNDLE_RESOLVED, bytes: json(resolved) });
  const files = entries.map((e) => ({ path: e.path, sha256: sha256Hex(e.bytes), size: e.bytes.length })).sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const index = {
    schema: BUNDLE_SCHEMA,
    tenant: tenantName,
    workflow,
    version: r.workflow.data.version,
    entrypoint: r.workflow.path,
    files,
    evals: r.evals.map((s) => ({
      name: s.data.name,
      file: s.path,
      target: s.data.target,
      cases: s.data.cases.length,
      threshold: s.data.threshold,
      repeat: s.data.repeat,
      routes: [...s.data.routes]
    })).sort((a, b) => a.name < b.name ? -1 : 1)
  };
  entries.push({ path: BUNDLE_INDEX, bytes: json(index) });
  const bytes = writeTar(entries);
  return {
    tenant: tenantName,
    workflow,
    version: index.version,
    digest: `sha256:${sha256Hex(bytes)}`,
    bytes,
    index,
    resolution: r
  };
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

// core/bundle/artifact.ts
var BUNDLE_ARTIFACT_TYPE = "application/vnd.charter.workflow.v1";
var BUNDLE_LAYER_MEDIA_TYPE = "application/vnd.charter.workflow.bundle.v1.tar";
var OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
var OCI_EMPTY = "application/vnd.oci.empty.v1+json";
var EMPTY_CONFIG = new TextEncoder().encode("{}");
function bundleManifest(bundle) {
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType: BUNDLE_ARTIFACT_TYPE,
    config: { mediaType: OCI_EMPTY, digest: `sha256:${sha256Hex(EMPTY_CONFIG)}`, size: EMPTY_CONFIG.length },
    layers: [
      {
        mediaType: BUNDLE_LAYER_MEDIA_TYPE,
        digest: bundle.digest,
        size: bundle.bytes.length,
        annotations: {
          "org.opencontainers.image.title": `${bundle.tenant}-${bundle.workflow}-${bundle.version}.tar`
        }
      }
    ],
    annotations: {
      "org.opencontainers.image.title": `${bundle.tenant}/${bundle.workflow}`,
      "org.opencontainers.image.version": bundle.version,
      "dev.charter.tenant": bundle.tenant,
      "dev.charter.workflow": bundle.workflow
    }
  };
  const bytes = new TextEncoder().encode(canonicalJson(manifest));
  return { manifest, bytes, digest: `sha256:${sha256Hex(bytes)}` };
}

// core/publish/release-store.ts
var SIGSTORE_BUNDLE_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
var SEMVER_TAG = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
function releaseRepository(prefix, tenant, workflow) {
  return prefix ? `${prefix}/${tenant}/${workflow}` : `${tenant}/${workflow}`;
}
async function publishedVersions(registry, repo) {
  const tags = await registry.listTags(repo);
  return tags.filter((t) => SEMVER_TAG.test(t)).sort((a, b) => compareSemver(b, a));
}
async function readRelease(registry, repo, ref) {
  const pulled = await registry.fetchManifest(repo, ref);
  if (!pulled) return void 0;
  const m = pulled.manifest;
  if (m.artifactType !== "application/vnd.charter.workflow.v1" || m.layers?.length !== 1)
    throw new Error(
      `${repo}:${ref} is not a Charter workflow release (artifactType ${String(m.artifactType)}).`
    );
  return {
    version: m.annotations?.["org.opencontainers.image.version"] ?? ref,
    manifestDigest: pulled.digest,
    manifest: m,
    bundleDigest: m.layers[0].digest
  };
}
async function pushBundle(registry, repo, bundle) {
  const { bytes } = bundleManifest(bundle);
  await registry.pushBlob(repo, EMPTY_CONFIG);
  await registry.pushBlob(repo, bundle.bytes);
  return registry.pushManifest(repo, bytes, { mediaType: OCI_MANIFEST });
}
async function tagRelease(registry, repo, bundle, tag) {
  await registry.pushManifest(repo, bundleManifest(bundle).bytes, { tag, mediaType: OCI_MANIFEST });
}
async function pushAttestations(registry, repo, subject, attestations) {
  const manifests = [];
  for (const a of attestations) {
    const layer = await registry.pushBlob(repo, a.bytes);
    const manifest = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: SIGSTORE_BUNDLE_MEDIA_TYPE,
      config: {
        mediaType: OCI_EMPTY,
        digest: `sha256:${sha256Hex(EMPTY_CONFIG)}`,
        size: EMPTY_CONFIG.length
      },
      layers: [{ mediaType: SIGSTORE_BUNDLE_MEDIA_TYPE, digest: layer.digest, size: layer.size }],
      subject: { mediaType: OCI_MANIFEST, digest: subject.digest, size: subject.size },
      annotations: {
        "dev.sigstore.bundle.content": "dsse-envelope",
        "dev.sigstore.bundle.predicateType": a.predicateType
      }
    };
    manifests.push(new TextEncoder().encode(JSON.stringify(manifest)));
  }
  return registry.pushReferrers(repo, manifests);
}
async function attachedAttestations(registry, repo, manifestDigest, maxBytes = 1024 * 1024) {
  const refs = await registry.referrers(repo, manifestDigest, { artifactType: SIGSTORE_BUNDLE_MEDIA_TYPE });
  const out = [];
  for (const d of refs) {
    const m = await registry.fetchManifest(repo, d.digest, { maxBytes: 64 * 1024 });
    const layer = m?.manifest.layers.find((l) => l.mediaType === SIGSTORE_BUNDLE_MEDIA_TYPE);
    if (!m || !layer || m.manifest.subject?.digest !== manifestDigest) continue;
    out.push({
      descriptor: d,
      predicateTypeHint: m.manifest.annotations?.["dev.sigstore.bundle.predicateType"],
      bytes: await registry.fetchBlob(repo, layer.digest, { maxBytes })
    });
  }
  return out;
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

// core/signing/verify.ts
import { BUNDLE_V03_MEDIA_TYPE as BUNDLE_V03_MEDIA_TYPE2, bundleFromJSON, ValidationError } from "@sigstore/bundle";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import {
  toSignedEntity,
  toTrustMaterial,
  VerificationError,
  Verifier
} from "@sigstore/verify";
var DEFAULT_MAX_BUNDLE_BYTES = 4 * 1024 * 1024;
function verifyAttestation(bundleBytes, policy) {
  try {
    return verify(bundleBytes, policy);
  } catch (error) {
    return fail("malformed-bundle", `could not read the bundle: ${describe(error)}`);
  }
}
function verify(bundleBytes, policy) {
  const maxBytes = policy.maxBytes ?? DEFAULT_MAX_BUNDLE_BYTES;
  const size = typeof bundleBytes === "string" ? Buffer.byteLength(bundleBytes, "utf8") : bundleBytes.byteLength;
  if (size > maxBytes) return fail("too-large", `bundle is ${size} bytes; the limit is ${maxBytes}`);
  let json2;
  try {
    const text = typeof bundleBytes === "string" ? bundleBytes : new TextDecoder("utf-8", { fatal: true }).decode(bundleBytes);
    json2 = JSON.parse(text);
  } catch {
    return fail("malformed-bundle", "bundle is not UTF-8 JSON");
  }
  if (json2 === null || typeof json2 !== "object" || Array.isArray(json2)) {
    return fail("malformed-bundle", `expected a JSON object (a Sigstore bundle), found ${jsonKind(json2)}`);
  }
  const mediaType = json2.mediaType;
  if (typeof mediaType !== "string") return fail("malformed-bundle", "bundle has no mediaType string");
  if (mediaType !== BUNDLE_V03_MEDIA_TYPE2) {
    return fail(
      "unsupported-media-type",
      `bundle media type is ${clip(mediaType)}, expected "${BUNDLE_V03_MEDIA_TYPE2}"`
    );
  }
  let bundle;
  try {
    bundle = bundleFromJSON(json2);
  } catch (error) {
    const fields = error instanceof ValidationError ? ` (${error.fields.join(", ")})` : "";
    return fail("malformed-bundle", `not a valid Sigstore bundle${fields}`);
  }
  if (bundle.content.$case !== "dsseEnvelope") {
    return fail("malformed-bundle", "bundle holds a message signature; an attestation is a DSSE envelope");
  }
  const envelope = bundle.content.dsseEnvelope;
  const material = bundle.verificationMaterial.content;
  let root;
  if (policy.trustedRoot !== void 0) {
    try {
      root = TrustedRoot.fromJSON(policy.trustedRoot);
    } catch {
      return fail("keyless-untrusted", "the pinned trusted root is not a valid Sigstore trusted_root.json");
    }
  }
  let signed;
  switch (material.$case) {
    case "publicKey":
      signed = verifyKeyBundle(bundle, material.publicKey.hint, envelope.signatures[0].keyid, policy, root);
      break;
    case "certificate":
      signed = verifyKeylessBundle(bundle, policy, root);
      break;
    default:
      return fail("malformed-bundle", `unsupported verification material ${clip(material.$case)}`);
  }
  if ("ok" in signed) return signed;
  if (envelope.payloadType !== INTOTO_PAYLOAD_TYPE) {
    return fail(
      "payload-type",
      `payload type is ${clip(envelope.payloadType)}, expected "${INTOTO_PAYLOAD_TYPE}"`
    );
  }
  let statement;
  try {
    statement = parseStatement(envelope.payload);
  } catch (error) {
    const message = error instanceof StatementError ? error.message : "statement could not be read";
    return fail("malformed-statement", message);
  }
  if (statement.predicateType !== policy.expectedPredicateType) {
    return fail(
      "predicate-type",
      `statement predicate type is ${clip(statement.predicateType)}, expected "${policy.expectedPredicateType}"`
    );
  }
  const wanted = /^sha256:([a-fA-F0-9]{64})$/.exec(policy.subjectDigest)?.[1]?.toLowerCase();
  if (wanted === void 0) {
    return fail(
      "subject-mismatch",
      `expected subject digest must be "sha256:<64 hex>", got ${clip(policy.subjectDigest)}`
    );
  }
  if (!statement.subject.some((s) => s.digest.sha256 === wanted)) {
    const found = statement.subject.slice(0, 5).map((s) => `${clip(s.name, 60)} sha256:${s.digest.sha256.slice(0, 12)}…`).join(", ");
    const more = statement.subject.length > 5 ? `, and ${statement.subject.length - 5} more` : "";
    return fail("subject-mismatch", `no subject has digest sha256:${wanted} (subjects: ${found}${more})`);
  }
  return { ok: true, statement, predicate: statement.predicate, keyId: signed.keyId, signer: signed.signer };
}
function verifyKeyBundle(bundle, hint, signatureKeyId, policy, root) {
  const trusted = policy.trustedKeys.find((key) => key.keyId === hint);
  if (!trusted) {
    const named = hint === "" ? "signed by an unnamed key (empty key hint)" : `signed by key ${shortId(hint)}`;
    const list = policy.trustedKeys.length === 0 ? "no keys are trusted" : `trusted: ${policy.trustedKeys.map((k) => shortId(k.keyId)).join(", ")}`;
    return fail("untrusted-key", `${named} which is not in the trusted keys (${list})`);
  }
  if (signatureKeyId !== "" && signatureKeyId !== hint) {
    return fail(
      "malformed-bundle",
      `DSSE signature keyid ${shortId(signatureKeyId)} differs from the bundle's key hint ${shortId(hint)}`
    );
  }
  const entity = signedEntity(bundle);
  if ("ok" in entity) return entity;
  let trust;
  try {
    trust = toTrustMaterial(root ?? TrustedRoot.fromJSON({}), (requested) => {
      if (requested !== trusted.keyId) {
        throw new VerificationError({
          code: "PUBLIC_KEY_ERROR",
          message: "key hint changed during verification"
        });
      }
      return { publicKey: trusted.publicKey, validFor: () => true };
    });
  } catch {
    return fail("keyless-untrusted", "the pinned trusted root is not a valid Sigstore trusted_root.json");
  }
  const verifier = new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
  try {
    verifier.verify(entity);
  } catch (error) {
    return sigstoreFailure(error, `trusted key ${shortId(trusted.keyId)}`);
  }
  const name = trusted.name ? `${trusted.name} (key ${trusted.keyId})` : `key ${trusted.keyId}`;
  return { keyId: trusted.keyId, signer: name };
}
function verifyKeylessBundle(bundle, policy, root) {
  const entity = signedEntity(bundle);
  if ("ok" in entity) return entity;
  const claimed = entity.key.$case === "certificate" ? certificateIdentity(entity) : "unknown identity";
  if (!root) {
    return fail(
      "keyless-untrusted",
      `bundle is signed keylessly (certificate for ${claimed}); verifying it needs a pinned Sigstore trusted root (trusted_root.json), and none was given`
    );
  }
  const identity = policy.keylessIdentity;
  if (!identity) {
    return fail(
      "keyless-untrusted",
      `bundle is signed keylessly (certificate for ${claimed}) but no keyless identity (issuer and subject) is trusted`
    );
  }
  let trust;
  try {
    trust = toTrustMaterial(root, () => {
      throw new VerificationError({
        code: "PUBLIC_KEY_ERROR",
        message: "no public keys are trusted for keyless"
      });
    });
  } catch {
    return fail("keyless-untrusted", "the pinned trusted root is not a valid Sigstore trusted_root.json");
  }
  const verifier = new Verifier(trust, { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 });
  let signer;
  try {
    signer = verifier.verify(entity);
  } catch (error) {
    return sigstoreFailure(error, `the certificate for ${claimed}`);
  }
  const san = signer.identity?.subjectAlternativeName;
  const issuer = signer.identity?.extensions?.issuer;
  const sanOk = san !== void 0 && (typeof identity.subjectAlternativeName === "string" ? san === identity.subjectAlternativeName : identity.subjectAlternativeName.test(san));
  if (!sanOk || issuer !== identity.issuer) {
    return fail(
      "keyless-untrusted",
      `certificate identity is ${clip(san ?? "(none)")} issued by ${clip(issuer ?? "(none)")}, expected ${typeof identity.subjectAlternativeName === "string" ? `"${identity.subjectAlternativeName}"` : String(identity.subjectAlternativeName)} issued by "${identity.issuer}"`
    );
  }
  return { keyId: keyIdOf(signer.key), signer: `${san} (issuer ${issuer})` };
}
function signedEntity(bundle) {
  try {
    return toSignedEntity(bundle);
  } catch (error) {
    return fail("malformed-bundle", `bundle verification material is unreadable: ${describe(error)}`);
  }
}
function certificateIdentity(entity) {
  try {
    if (entity.key.$case !== "certificate") return "unknown identity";
    return clip(entity.key.certificate.subjectAltName ?? "no SAN");
  } catch {
    return "an unreadable identity";
  }
}
function sigstoreFailure(error, signer) {
  const code = error instanceof VerificationError ? error.code : void 0;
  const detail = `${code ?? "error"}: ${describe(error)}`;
  switch (code) {
    case "SIGNATURE_ERROR":
      return fail(
        "bad-signature",
        `signature does not verify with ${signer} (the payload, payload type or signature was altered, or another key signed it)`
      );
    case "TLOG_BODY_ERROR":
      return fail(
        "bad-signature",
        `the transparency-log entry does not match the signed envelope (${detail})`
      );
    case "PUBLIC_KEY_ERROR":
      return fail("untrusted-key", `the signing key is not trusted (${detail})`);
    default:
      return fail("keyless-untrusted", `Sigstore verification material is not trusted (${detail})`);
  }
}
function fail(reason, message) {
  return { ok: false, reason, message };
}
function describe(error) {
  const message = error instanceof Error ? error.message : String(error);
  return clip(message, 200, false);
}
function jsonKind(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}
function clip(value, max = 80, quote = true) {
  const short = value.length > max ? `${value.slice(0, max)}…` : value;
  return quote ? JSON.stringify(short) : short.replace(/[\u0000-\u001f\u007f]/g, "?");
}
function shortId(keyId) {
  const printable = keyId.replace(/[^\x21-\x7e]/g, "?");
  return printable.length > 16 ? `${printable.slice(0, 16)}…` : printable;
}

// core/publish/publish.ts
async function nextSequence(ctx, entry) {
  if (!entry.latest) return { sequence: 1, previous: null };
  const atts = await attachedAttestations(ctx.registry, entry.repository, entry.latest.manifestDigest);
  for (const a of atts) {
    const r = await verifyAttestation(a.bytes, {
      trustedKeys: ctx.trustedKeys,
      expectedPredicateType: GOVERNANCE_PREDICATE_V1,
      subjectDigest: entry.latest.bundleDigest
    });
    if (r.ok) {
      const g = parseGovernancePredicate(r.predicate);
      return {
        sequence: g.sequence + 1,
        previous: { digest: entry.latest.bundleDigest, version: g.version }
      };
    }
  }
  throw new Error(
    `${entry.repository}:${entry.latest.version} has no governance attestation signed by a trusted key, so the release sequence cannot continue. Add the key that signed it to signing.trusted_keys.`
  );
}
async function ensureAttestations(ctx, entry, wrote) {
  const { registry } = ctx;
  const { bundle } = entry;
  const subject = {
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    digest: entry.manifestDigest,
    size: bundleManifest(bundle).bytes.length
  };
  const existing = await attachedAttestations(registry, entry.repository, entry.manifestDigest);
  const found = /* @__PURE__ */ new Map();
  for (const type of [SLSA_PROVENANCE_V1, GOVERNANCE_PREDICATE_V1]) {
    for (const a of existing) {
      const r = await verifyAttestation(a.bytes, {
        trustedKeys: ctx.trustedKeys,
        expectedPredicateType: type,
        subjectDigest: bundle.digest
      });
      if (r.ok) {
        found.set(type, r.predicate);
        break;
      }
    }
  }
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
  return {
    tenant: entry.tenant,
    workflow: entry.workflow,
    version: entry.version,
    repository: entry.repository,
    action: entry.action,
    bundleDigest: bundle.digest,
    manifestDigest: entry.manifestDigest,
    sequence,
    wrote,
    channels,
    gitTag
  };
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
    const url2 = /^https?:\/\//.test(override) ? new URL(override) : void 0;
    if (!url2) return { registry: openRegistry(resolve3(dir, override), {}), prefix: void 0 };
    return {
      registry: openRegistry(`${url2.origin}`, creds),
      prefix: url2.pathname.replace(/^\/+|\/+$/g, "") || void 0
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
    trustedKeys,
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
  RegistryError,
  openRegistry,
  SLSA_PROVENANCE_V1,
  GOVERNANCE_PREDICATE_V1,
  parseGovernancePredicate,
  TarError,
  readTar,
  BUNDLE_SCHEMA,
  BUNDLE_INDEX,
  sha256Hex,
  releaseRepository,
  readRelease,
  attachedAttestations,
  verifyAttestation,
  registryFor,
  trustedKeysAt,
  publishProject
};
