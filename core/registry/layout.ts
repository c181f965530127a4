/**
 * The Registry interface over a directory: one OCI image layout per repository at `ROOT/<repo>/`
 * (`oci-layout`, `index.json`, `blobs/sha256/<hex>`), readable by skopeo, oras and crane.
 *
 * - Tags are `org.opencontainers.image.ref.name` annotations on `index.json` entries, one entry per tag.
 *   Untagged manifests (referrers, a manifest whose tag moved away) keep an entry without ref.name, so
 *   everything pushed stays reachable from `index.json`.
 * - Referrers use the same tag schema as registries without the referrers API: pushing a manifest with a
 *   `subject` adds it to the image index tagged `sha256-<hex>` of the subject. Copying the layout to a
 *   registry therefore carries the referrers along, and `referrers()` is the same code as for a registry
 *   (every listed manifest fetched and its subject checked).
 * - Every file is written to a temporary file in the same directory and renamed into place. `index.json`
 *   read-modify-writes are serialised per repository directory within this process (a promise chain);
 *   two processes writing the same repository at once can lose a tag update (last rename wins).
 * - Every read is size-capped and digest-checked: a corrupted blob is a "digest-mismatch" error.
 *
 * Names are validated (types.ts) before they become paths, so nothing escapes ROOT.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import {
  checkedReferrers,
  commonSubject,
  fallbackCandidates,
  referrerDescriptor,
  subjectDigest,
  withReferrer,
} from "./referrers.ts";
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
  type Manifest,
  manifestToPush,
  OCTET_STREAM,
  type PulledManifest,
  parseManifest,
  type Registry,
  RegistryError,
  sha256Digest,
  verifyDigest,
} from "./types.ts";

const REF_NAME = "org.opencontainers.image.ref.name";
const OCI_LAYOUT = `${JSON.stringify({ imageLayoutVersion: "1.0.0" })}\n`;

interface LayoutIndex {
  schemaVersion: 2;
  mediaType: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

/** Tail of the write chain per repository directory, shared by all instances in this process. */
const chains = new Map<string, Promise<void>>();

/** Parsed index.json per path with the file version it was read from (see `readIndex`). */
const indexCache = new Map<string, { version: string; index: LayoutIndex }>();

export class LayoutRegistry implements Registry {
  readonly location: string;
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.location = `oci:${this.root}`;
  }

  async pushBlob(repo: string, bytes: Uint8Array): Promise<Descriptor> {
    const digest = sha256Digest(bytes);
    await this.storeBlob(this.dir(repo), digest, bytes);
    return { mediaType: OCTET_STREAM, digest, size: bytes.byteLength };
  }

  async fetchBlob(repo: string, digest: string, opts: FetchOptions = {}): Promise<Uint8Array> {
    const dir = this.dir(repo);
    const bytes = await this.readBlob(dir, checkDigest(digest), opts.maxBytes ?? DEFAULT_MAX_BLOB_BYTES);
    if (!bytes) throw new RegistryError("not-found", `blob ${digest} not found in ${this.location}/${repo}`);
    return bytes;
  }

  async pushManifest(
    repo: string,
    bytes: Uint8Array,
    opts: { tag?: string; mediaType?: string } = {},
  ): Promise<Descriptor> {
    const dir = this.dir(repo);
    if (opts.tag !== undefined) checkTag(opts.tag);
    const mediaType = manifestToPush(bytes, opts.mediaType);
    const digest = sha256Digest(bytes);
    const pulled: PulledManifest = {
      bytes,
      digest,
      mediaType,
      manifest: parseManifest(bytes, "manifest").manifest,
    };
    const descriptor: Descriptor = { mediaType, digest, size: bytes.byteLength };
    await this.storeBlob(dir, digest, bytes);
    const subject = subjectDigest(pulled);
    await this.updateIndex(dir, async (index) => {
      if (opts.tag === undefined) addUntagged(index, descriptor);
      else setTag(index, descriptor, opts.tag);
      if (subject) await this.addToFallback(dir, index, subject, referrerDescriptor(pulled));
    });
    return descriptor;
  }

  async pushReferrers(repo: string, manifests: readonly Uint8Array[]): Promise<Descriptor[]> {
    if (manifests.length === 0) return [];
    const dir = this.dir(repo);
    const pulled: PulledManifest[] = manifests.map((bytes) => {
      const { manifest, mediaType } = parseManifest(bytes, "manifest");
      return { bytes, digest: sha256Digest(bytes), mediaType, manifest };
    });
    const subject = commonSubject(pulled);
    for (const p of pulled) await this.storeBlob(dir, p.digest, p.bytes);
    const descriptors = pulled.map((p) => ({
      mediaType: p.mediaType,
      digest: p.digest,
      size: p.bytes.byteLength,
    }));
    await this.updateIndex(dir, async (index) => {
      for (const d of descriptors) addUntagged(index, d);
      await this.addToFallback(dir, index, subject, pulled.map(referrerDescriptor));
    });
    return descriptors;
  }

  async fetchManifest(
    repo: string,
    ref: string,
    opts: FetchOptions = {},
  ): Promise<PulledManifest | undefined> {
    const dir = this.dir(repo);
    checkRef(ref);
    const byDigest = isDigest(ref);
    // By digest, the index only supplies a media type the manifest does not carry itself.
    let entry: Descriptor | undefined;
    if (!byDigest) {
      entry = (await this.readIndex(dir)).manifests.find((d) => d.annotations?.[REF_NAME] === ref);
      if (!entry) return undefined;
    }
    const digest = byDigest ? ref : checkDigest(entry!.digest);
    const bytes = await this.readBlob(dir, digest, opts.maxBytes ?? DEFAULT_MAX_MANIFEST_BYTES);
    if (!bytes) {
      if (byDigest) return undefined;
      throw new RegistryError(
        "not-found",
        `${this.location}/${repo}: tag ${ref} names missing blob ${digest}`,
      );
    }
    const what = `manifest ${ref} in ${this.location}/${repo}`;
    let parsed: { manifest: Manifest; mediaType: string };
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

  async resolve(repo: string, tag: string): Promise<Descriptor | undefined> {
    const dir = this.dir(repo);
    checkTag(tag);
    const entry = (await this.readIndex(dir)).manifests.find((d) => d.annotations?.[REF_NAME] === tag);
    return entry && { mediaType: entry.mediaType, digest: entry.digest, size: entry.size };
  }

  async tag(repo: string, digest: string, tag: string): Promise<void> {
    const dir = this.dir(repo);
    checkDigest(digest);
    checkTag(tag);
    const pulled = await this.fetchManifest(repo, digest);
    if (!pulled)
      throw new RegistryError(
        "not-found",
        `cannot tag ${tag}: manifest ${digest} not found in ${this.location}/${repo}`,
      );
    const descriptor = { mediaType: pulled.mediaType, digest, size: pulled.bytes.byteLength };
    await this.updateIndex(dir, async (index) => setTag(index, descriptor, tag));
  }

  async listTags(repo: string): Promise<string[]> {
    const index = await this.readIndex(this.dir(repo));
    const tags = index.manifests.map((d) => d.annotations?.[REF_NAME]);
    return [...new Set(tags.filter((t): t is string => typeof t === "string" && isTag(t)))].sort();
  }

  async referrers(repo: string, digest: string, opts: { artifactType?: string } = {}): Promise<Descriptor[]> {
    this.dir(repo);
    checkDigest(digest);
    return checkedReferrers(
      this,
      repo,
      digest,
      await fallbackCandidates(this, repo, digest),
      opts.artifactType,
    );
  }

  private dir(repo: string): string {
    return join(this.root, ...checkRepo(repo).split("/"));
  }

  private blobPath(dir: string, digest: string): string {
    return join(dir, "blobs", "sha256", digest.slice("sha256:".length));
  }

  /** Writes a blob unless an intact copy is already there (a corrupt one is replaced). */
  private async storeBlob(dir: string, digest: string, bytes: Uint8Array): Promise<void> {
    const path = this.blobPath(dir, digest);
    const existing = await readOrUndefined(path);
    if (existing && sha256Digest(existing) === digest) return;
    await mkdir(dirname(path), { recursive: true });
    await this.ensureLayoutFile(dir);
    await atomicWrite(path, bytes);
  }

  /** One open file: its size checked against `max` before anything is read, then read whole and hashed. */
  private async readBlob(dir: string, digest: string, max: number): Promise<Uint8Array | undefined> {
    const path = this.blobPath(dir, digest);
    const handle = await open(path, "r").catch(ignoreMissing);
    if (!handle) return undefined;
    let bytes: Buffer;
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

  private async ensureLayoutFile(dir: string): Promise<void> {
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
  private async readIndex(dir: string): Promise<LayoutIndex> {
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
      const index = parseManifest(bytes, path, INDEX_MEDIA_TYPE).manifest as unknown as LayoutIndex;
      if (!Array.isArray(index.manifests))
        throw new RegistryError("protocol", `${path} has no manifests list`);
      index.manifests = index.manifests.filter(
        (d) => typeof d === "object" && d !== null && typeof d.digest === "string" && isDigest(d.digest),
      );
      // Only a file that kept its identity while it was read is cached.
      const after = await stat(path).catch(ignoreMissing);
      if (!after || `${after.ino}:${after.size}:${after.mtimeMs}` !== version) return index;
      cached = { version, index };
      if (indexCache.size >= 1024) indexCache.delete(indexCache.keys().next().value!);
      indexCache.set(path, cached);
    }
    return { ...cached.index, manifests: [...cached.index.manifests] };
  }

  /** Serialised read-modify-write of `index.json`. */
  private updateIndex(dir: string, change: (index: LayoutIndex) => Promise<void>): Promise<void> {
    const run = async () => {
      const index = await this.readIndex(dir);
      await change(index);
      await this.ensureLayoutFile(dir);
      const bytes = new TextEncoder().encode(
        `${JSON.stringify({ ...index, mediaType: INDEX_MEDIA_TYPE }, null, 2)}\n`,
      );
      await atomicWrite(join(dir, "index.json"), bytes);
    };
    const previous = chains.get(dir) ?? Promise.resolve();
    const result = previous.then(run, run);
    const tail = result.then(
      () => {},
      () => {},
    );
    chains.set(dir, tail);
    void tail.then(() => {
      if (chains.get(dir) === tail) chains.delete(dir);
    });
    return result;
  }

  /** Adds a referrer to the subject's `sha256-<hex>` index (within an index update). */
  private async addToFallback(
    dir: string,
    index: LayoutIndex,
    subject: string,
    referrer: Descriptor | readonly Descriptor[],
  ): Promise<void> {
    const tag = fallbackTag(subject);
    const entry = index.manifests.find((d) => d.annotations?.[REF_NAME] === tag);
    let existing: PulledManifest | undefined;
    if (entry) {
      const bytes = await this.readBlob(dir, entry.digest, DEFAULT_MAX_MANIFEST_BYTES);
      try {
        if (bytes) existing = { bytes, digest: entry.digest, ...parseManifest(bytes, tag, entry.mediaType) };
      } catch {
        existing = undefined; // not a usable index: replaced
      }
    }
    const next = withReferrer(existing, referrer);
    if (!next) return;
    const digest = sha256Digest(next);
    await this.storeBlob(dir, digest, next);
    setTag(index, { mediaType: INDEX_MEDIA_TYPE, digest, size: next.byteLength }, tag);
  }
}

/** Points `tag` at `descriptor`; the manifest it pointed at before stays listed (untagged). */
function setTag(index: LayoutIndex, descriptor: Descriptor, tag: string): void {
  const previous = index.manifests.find((d) => d.annotations?.[REF_NAME] === tag);
  index.manifests = index.manifests.filter(
    (d) => d !== previous && !(d.digest === descriptor.digest && !refName(d)),
  );
  index.manifests.push({ ...plain(descriptor), annotations: { [REF_NAME]: tag } });
  if (previous && !index.manifests.some((d) => d.digest === previous.digest)) addUntagged(index, previous);
}

function addUntagged(index: LayoutIndex, descriptor: Descriptor): void {
  if (!index.manifests.some((d) => d.digest === descriptor.digest)) index.manifests.push(plain(descriptor));
}

function plain(d: Descriptor): Descriptor {
  return { mediaType: d.mediaType, digest: d.digest, size: d.size };
}

function refName(d: Descriptor): string | undefined {
  return d.annotations?.[REF_NAME];
}

function isTag(tag: string): boolean {
  try {
    checkTag(tag);
    return true;
  } catch {
    return false;
  }
}

function ignoreMissing(error: unknown): undefined {
  if (
    (error as NodeJS.ErrnoException).code === "ENOENT" ||
    (error as NodeJS.ErrnoException).code === "ENOTDIR"
  )
    return undefined;
  throw error;
}

async function readOrUndefined(path: string): Promise<Uint8Array | undefined> {
  return readFile(path).catch(ignoreMissing);
}

/** Write to a temporary file beside `path`, flush, rename over it. */
async function atomicWrite(path: string, bytes: Uint8Array): Promise<void> {
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
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EPERM" || code === "EROFS")
      throw new RegistryError("denied", `cannot write ${path}: ${code} — check the directory's permissions`, {
        cause: error,
      });
    throw error;
  }
}
