/**
 * The behaviour every Registry backend must have, as a vitest suite run by `layout.test.ts` (a temporary
 * directory) and `distribution.test.ts` (a real docker-registry). Each test works in its own repository,
 * so the suite can share one registry. Backend-specific behaviour (corruption on disk, fake servers,
 * auth, chunking) is tested next to each backend.
 */
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type Descriptor,
  EMPTY_DIGEST,
  EMPTY_MEDIA_TYPE,
  INDEX_MEDIA_TYPE,
  MANIFEST_MEDIA_TYPE,
  type Manifest,
  type Registry,
  RegistryError,
  sha256Digest,
} from "./types.ts";

export const BUNDLE_TYPE = "application/vnd.charter.test.bundle.v1";
export const SIGNATURE_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
export const PROVENANCE_TYPE = "application/vnd.charter.test.provenance.v1+json";

const encode = (value: unknown) =>
  new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));

export interface PushedArtifact {
  bytes: Uint8Array;
  descriptor: Descriptor;
  layer: Uint8Array;
}

/** Pushes an OCI 1.1 artifact: empty config, one layer, optional subject/tag/annotations. */
export async function pushArtifact(
  registry: Registry,
  repo: string,
  options: {
    artifactType?: string;
    layer?: Uint8Array;
    subject?: Descriptor;
    tag?: string;
    annotations?: Record<string, string>;
  } = {},
): Promise<PushedArtifact> {
  const layer = options.layer ?? randomBytes(64);
  await registry.pushBlob(repo, encode("{}"));
  const layerDescriptor = await registry.pushBlob(repo, layer);
  const manifest: Manifest = {
    schemaVersion: 2,
    mediaType: MANIFEST_MEDIA_TYPE,
    artifactType: options.artifactType ?? BUNDLE_TYPE,
    config: { mediaType: EMPTY_MEDIA_TYPE, digest: EMPTY_DIGEST, size: 2, data: "e30=" },
    layers: [
      {
        mediaType: `${options.artifactType ?? BUNDLE_TYPE}.layer`,
        digest: layerDescriptor.digest,
        size: layerDescriptor.size,
        annotations: { "org.opencontainers.image.title": "bundle.tar" },
      },
    ],
    ...(options.subject
      ? {
          subject: {
            mediaType: options.subject.mediaType,
            digest: options.subject.digest,
            size: options.subject.size,
          },
        }
      : {}),
    ...(options.annotations ? { annotations: options.annotations } : {}),
  };
  const bytes = encode(manifest);
  const descriptor = await registry.pushManifest(repo, bytes, options.tag ? { tag: options.tag } : {});
  return { bytes, descriptor, layer };
}

async function failure(promise: Promise<unknown>): Promise<RegistryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistryError);
  return error as RegistryError;
}

export function registryContract(name: string, makeRegistry: () => Registry | Promise<Registry>): void {
  describe(`${name} — registry contract`, () => {
    let registry: Registry;
    const run = randomBytes(3).toString("hex");
    let count = 0;
    const freshRepo = () => `contract-${run}/repo${++count}`;

    beforeAll(async () => {
      registry = await makeRegistry();
    });

    it("round-trips blobs; pushing an existing blob is a no-op", async () => {
      const repo = freshRepo();
      const empty = await registry.pushBlob(repo, encode("{}"));
      expect(empty).toMatchObject({ digest: EMPTY_DIGEST, size: 2 });
      const bytes = randomBytes(5000);
      const pushed = await registry.pushBlob(repo, bytes);
      expect(pushed).toEqual({
        mediaType: "application/octet-stream",
        digest: sha256Digest(bytes),
        size: 5000,
      });
      expect(await registry.pushBlob(repo, bytes)).toEqual(pushed);
      expect(Buffer.from(await registry.fetchBlob(repo, pushed.digest))).toEqual(bytes);
      const missing = await failure(registry.fetchBlob(repo, sha256Digest(encode("absent"))));
      expect(missing.code).toBe("not-found");
    });

    it("round-trips an OCI 1.1 artifact manifest digest-exact, by tag and by digest", async () => {
      const repo = freshRepo();
      const annotations = { "org.opencontainers.image.version": "1.4.0" };
      const { bytes, descriptor, layer } = await pushArtifact(registry, repo, { tag: "1.4.0", annotations });
      expect(descriptor).toEqual({
        mediaType: MANIFEST_MEDIA_TYPE,
        digest: sha256Digest(bytes),
        size: bytes.length,
      });

      for (const ref of ["1.4.0", descriptor.digest]) {
        const pulled = await registry.fetchManifest(repo, ref);
        expect(pulled).toBeDefined();
        expect(Buffer.from(pulled!.bytes)).toEqual(Buffer.from(bytes));
        expect(pulled!.digest).toBe(descriptor.digest);
        expect(pulled!.mediaType).toBe(MANIFEST_MEDIA_TYPE);
        expect(pulled!.manifest.artifactType).toBe(BUNDLE_TYPE);
        expect(pulled!.manifest.config.digest).toBe(EMPTY_DIGEST);
        expect(pulled!.manifest.annotations).toEqual(annotations);
        const layerDescriptor = pulled!.manifest.layers[0]!;
        expect(Buffer.from(await registry.fetchBlob(repo, layerDescriptor.digest))).toEqual(
          Buffer.from(layer),
        );
      }
      expect(await registry.resolve(repo, "1.4.0")).toEqual(descriptor);
      expect(await registry.resolve(repo, "9.9.9")).toBeUndefined();
      expect(await registry.fetchManifest(repo, "9.9.9")).toBeUndefined();
      expect(await registry.fetchManifest(repo, sha256Digest(encode("no such manifest")))).toBeUndefined();
    });

    it("lists tags and moves a tag; tags are mutable, digests are not", async () => {
      const repo = freshRepo();
      const one = await pushArtifact(registry, repo, { tag: "1.0.0" });
      const two = await pushArtifact(registry, repo, { tag: "1.1.0" });
      await registry.tag(repo, one.descriptor.digest, "stable");
      expect(await registry.listTags(repo)).toEqual(["1.0.0", "1.1.0", "stable"]);
      expect((await registry.resolve(repo, "stable"))?.digest).toBe(one.descriptor.digest);

      await registry.tag(repo, two.descriptor.digest, "stable");
      expect((await registry.resolve(repo, "stable"))?.digest).toBe(two.descriptor.digest);
      expect((await registry.fetchManifest(repo, "stable"))?.digest).toBe(two.descriptor.digest);
      // The manifest the tag moved away from is still there by digest.
      expect((await registry.fetchManifest(repo, one.descriptor.digest))?.digest).toBe(one.descriptor.digest);

      // Pushing other content under an existing tag re-points it (immutability is policy, not storage).
      const three = await pushArtifact(registry, repo, { tag: "1.0.0" });
      expect((await registry.resolve(repo, "1.0.0"))?.digest).toBe(three.descriptor.digest);
      expect(await registry.listTags(repo)).toEqual(["1.0.0", "1.1.0", "stable"]);

      const absent = await failure(registry.tag(repo, sha256Digest(encode("nothing")), "x"));
      expect(absent.code).toBe("not-found");
    });

    it("lists referrers (with artifactType and annotations), filters by artifactType, deduplicates", async () => {
      const repo = freshRepo();
      const subject = await pushArtifact(registry, repo, { tag: "2.0.0" });
      const signature = await pushArtifact(registry, repo, {
        artifactType: SIGNATURE_TYPE,
        subject: subject.descriptor,
        annotations: { "dev.sigstore.bundle.content": "dsse-envelope" },
      });
      const provenance = await pushArtifact(registry, repo, {
        artifactType: PROVENANCE_TYPE,
        subject: subject.descriptor,
      });
      // Pushing a referrer again does not list it twice.
      await registry.pushManifest(repo, signature.bytes);

      const all = await registry.referrers(repo, subject.descriptor.digest);
      expect(all).toHaveLength(2);
      expect(all).toEqual(
        expect.arrayContaining([
          {
            mediaType: MANIFEST_MEDIA_TYPE,
            digest: signature.descriptor.digest,
            size: signature.bytes.length,
            artifactType: SIGNATURE_TYPE,
            annotations: { "dev.sigstore.bundle.content": "dsse-envelope" },
          },
          {
            mediaType: MANIFEST_MEDIA_TYPE,
            digest: provenance.descriptor.digest,
            size: provenance.bytes.length,
            artifactType: PROVENANCE_TYPE,
          },
        ]),
      );
      const signatures = await registry.referrers(repo, subject.descriptor.digest, {
        artifactType: SIGNATURE_TYPE,
      });
      expect(signatures.map((d) => d.digest)).toEqual([signature.descriptor.digest]);
      expect(await registry.referrers(repo, subject.descriptor.digest, { artifactType: "x/none" })).toEqual(
        [],
      );
      // The subject itself has no subject: nothing refers to the signature.
      expect(await registry.referrers(repo, signature.descriptor.digest)).toEqual([]);
    });

    it("pushes a batch of referrers of one subject, adds them to existing ones, and refuses mixed subjects", async () => {
      const repo = freshRepo();
      const subject = await pushArtifact(registry, repo, { tag: "3.0.0" });
      const other = await pushArtifact(registry, repo, { tag: "3.0.1" });
      const earlier = await pushArtifact(registry, repo, {
        artifactType: SIGNATURE_TYPE,
        subject: subject.descriptor,
      });
      const referrer = async (type: string, about: Descriptor) => {
        const layer = await registry.pushBlob(repo, randomBytes(32));
        return encode({
          schemaVersion: 2,
          mediaType: MANIFEST_MEDIA_TYPE,
          artifactType: type,
          config: { mediaType: EMPTY_MEDIA_TYPE, digest: EMPTY_DIGEST, size: 2 },
          layers: [{ mediaType: "application/octet-stream", digest: layer.digest, size: layer.size }],
          subject: { mediaType: about.mediaType, digest: about.digest, size: about.size },
        });
      };
      const a = await referrer(SIGNATURE_TYPE, subject.descriptor);
      const b = await referrer(PROVENANCE_TYPE, subject.descriptor);
      const pushed = await registry.pushReferrers(repo, [a, b]);
      expect(pushed.map((d) => d.size)).toEqual([a.length, b.length]);
      const listed = await registry.referrers(repo, subject.descriptor.digest);
      expect(listed.map((d) => d.digest).sort()).toEqual(
        [earlier.descriptor.digest, ...pushed.map((d) => d.digest)].sort(),
      );
      expect((await registry.fetchManifest(repo, pushed[1]!.digest))?.manifest.artifactType).toBe(
        PROVENANCE_TYPE,
      );
      // Again: nothing is listed twice.
      await registry.pushReferrers(repo, [a, b]);
      expect(await registry.referrers(repo, subject.descriptor.digest)).toHaveLength(3);
      const mixed = await failure(
        registry.pushReferrers(repo, [a, await referrer(SIGNATURE_TYPE, other.descriptor)]),
      );
      expect(mixed.code).toBe("unsupported");
      expect(await failure(registry.pushReferrers(repo, [subject.bytes]))).toMatchObject({
        code: "unsupported",
      });
    });

    it("returns only manifests whose subject really is the digest asked about", async () => {
      const repo = freshRepo();
      const subject = await pushArtifact(registry, repo, { tag: "3.0.0" });
      const other = await pushArtifact(registry, repo, { tag: "3.0.1" });
      const real = await pushArtifact(registry, repo, {
        artifactType: SIGNATURE_TYPE,
        subject: subject.descriptor,
      });
      const bogus = await pushArtifact(registry, repo, {
        artifactType: SIGNATURE_TYPE,
        subject: other.descriptor,
      });
      const untied = await pushArtifact(registry, repo, { artifactType: SIGNATURE_TYPE });
      // A hostile or confused fallback index: the real referrer, one for another subject, one with no
      // subject, and the subject itself (registries resolving sha256-<hex> as the digest, oras-go#1396).
      const listed = [real, bogus, untied, subject].map((a) => ({
        ...a.descriptor,
        artifactType: SIGNATURE_TYPE,
      }));
      const index = encode({ schemaVersion: 2, mediaType: INDEX_MEDIA_TYPE, manifests: listed });
      const tag = subject.descriptor.digest.replace(":", "-");
      await registry.pushManifest(repo, index, { tag, mediaType: INDEX_MEDIA_TYPE });

      const found = await registry.referrers(repo, subject.descriptor.digest);
      expect(found.map((d) => d.digest)).toEqual([real.descriptor.digest]);
    });

    it("accepts a referrer before its subject exists", async () => {
      const repo = freshRepo();
      const future = { mediaType: MANIFEST_MEDIA_TYPE, digest: sha256Digest(encode("later")), size: 5 };
      const early = await pushArtifact(registry, repo, { artifactType: SIGNATURE_TYPE, subject: future });
      expect((await registry.referrers(repo, future.digest)).map((d) => d.digest)).toEqual([
        early.descriptor.digest,
      ]);
    });

    it("treats an unknown repository as empty", async () => {
      const repo = `${freshRepo()}/never-pushed`;
      expect(await registry.fetchManifest(repo, "latest")).toBeUndefined();
      expect(await registry.fetchManifest(repo, EMPTY_DIGEST)).toBeUndefined();
      expect(await registry.resolve(repo, "latest")).toBeUndefined();
      expect(await registry.listTags(repo)).toEqual([]);
      expect(await registry.referrers(repo, EMPTY_DIGEST)).toEqual([]);
      expect((await failure(registry.fetchBlob(repo, EMPTY_DIGEST))).code).toBe("not-found");
    });

    it("rejects invalid repository names, tags and digests before any I/O", async () => {
      const good = freshRepo();
      const digest = EMPTY_DIGEST;
      for (const repo of [
        "../x",
        "A",
        "a//b",
        "a/../b",
        "/a",
        "a/",
        "",
        "a b",
        "a/.x",
        "-a",
        `${"a".repeat(256)}`,
      ]) {
        expect((await failure(registry.listTags(repo))).code).toBe("unsupported");
        expect((await failure(registry.pushBlob(repo, encode("{}")))).code).toBe("unsupported");
        expect((await failure(registry.fetchManifest(repo, "latest"))).code).toBe("unsupported");
      }
      for (const tag of [".x", "-x", "a/b", "a:b", "x".repeat(129), "", "../../etc"]) {
        expect((await failure(registry.resolve(good, tag))).code).toBe("unsupported");
        expect((await failure(registry.tag(good, digest, tag))).code).toBe("unsupported");
        expect((await failure(registry.fetchManifest(good, tag))).code).toBe("unsupported");
      }
      for (const bad of [
        "sha256:zz",
        `sha256:${"A".repeat(64)}`,
        `md5:${"a".repeat(32)}`,
        "sha256:../../x",
      ]) {
        expect((await failure(registry.fetchBlob(good, bad))).code).toBe("unsupported");
        expect((await failure(registry.fetchManifest(good, bad))).code).toBe("unsupported");
        expect((await failure(registry.referrers(good, bad))).code).toBe("unsupported");
        expect((await failure(registry.tag(good, bad, "x"))).code).toBe("unsupported");
      }
    });

    it("rejects manifests that are not JSON or whose mediaType contradicts the one given", async () => {
      const repo = freshRepo();
      expect((await failure(registry.pushManifest(repo, encode("not json")))).code).toBe("protocol");
      const { bytes } = await pushArtifact(registry, repo);
      const mismatch = await failure(registry.pushManifest(repo, bytes, { mediaType: INDEX_MEDIA_TYPE }));
      expect(mismatch.code).toBe("protocol");
    });
  });
}
