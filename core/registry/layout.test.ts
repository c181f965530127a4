/**
 * LayoutRegistry: the shared contract on a temporary directory, plus what only a directory has — the
 * files form a valid OCI image layout, writes leave no temporary files, corruption on disk is detected,
 * concurrent pushes in one process all land.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LayoutRegistry } from "./layout.ts";
import { pushArtifact, registryContract, SIGNATURE_TYPE } from "./registry.contract.ts";
import { INDEX_MEDIA_TYPE, MANIFEST_MEDIA_TYPE, RegistryError } from "./types.ts";

const roots: string[] = [];
function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "charter-layout-"));
  roots.push(root);
  return root;
}
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

registryContract("LayoutRegistry", () => new LayoutRegistry(tempRoot()));

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe("LayoutRegistry on disk", () => {
  it("writes a valid OCI image layout per repository, tags as ref.name, referrers listed untagged", async () => {
    const root = tempRoot();
    const registry = new LayoutRegistry(root);
    expect(registry.location).toBe(`oci:${root}`);
    const subject = await pushArtifact(registry, "acme/triage", { tag: "1.0.0" });
    const signature = await pushArtifact(registry, "acme/triage", {
      artifactType: SIGNATURE_TYPE,
      subject: subject.descriptor,
    });
    const dir = join(root, "acme", "triage");
    expect(readFileSync(join(dir, "oci-layout"), "utf8").trim()).toBe('{"imageLayoutVersion":"1.0.0"}');
    const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8"));
    expect(index.schemaVersion).toBe(2);
    expect(index.mediaType).toBe(INDEX_MEDIA_TYPE);
    const fallback = subject.descriptor.digest.replace(":", "-");
    expect(index.manifests).toEqual([
      { ...subject.descriptor, annotations: { "org.opencontainers.image.ref.name": "1.0.0" } },
      { mediaType: MANIFEST_MEDIA_TYPE, digest: signature.descriptor.digest, size: signature.bytes.length },
      expect.objectContaining({
        mediaType: INDEX_MEDIA_TYPE,
        annotations: { "org.opencontainers.image.ref.name": fallback },
      }),
    ]);
    // Every descriptor in index.json has its blob, and every blob's name is its hash.
    for (const d of index.manifests)
      expect(readdirSync(join(dir, "blobs", "sha256"))).toContain(d.digest.slice(7));
    expect(await registry.listTags("acme/triage")).toEqual(["1.0.0", fallback]);
  });

  it("leaves no temporary files behind", async () => {
    const root = tempRoot();
    const registry = new LayoutRegistry(root);
    const subject = await pushArtifact(registry, "a/b", { tag: "1" });
    await Promise.all(
      Array.from({ length: 5 }, () =>
        pushArtifact(registry, "a/b", { artifactType: SIGNATURE_TYPE, subject: subject.descriptor }),
      ),
    );
    await registry.tag("a/b", subject.descriptor.digest, "stable");
    const files = walk(root).map((f) => f.slice(root.length + 1));
    expect(files.filter((f) => f.includes(".tmp"))).toEqual([]);
    expect(files.filter((f) => !f.startsWith("a/b/blobs/sha256/"))).toEqual([
      "a/b/index.json",
      "a/b/oci-layout",
    ]);
  });

  it("serialises concurrent index updates in the process: every tag and referrer lands", async () => {
    const root = tempRoot();
    const subject = await pushArtifact(new LayoutRegistry(root), "c", { tag: "base" });
    // Two instances on the same root share the per-directory write chain.
    const registries = [new LayoutRegistry(root), new LayoutRegistry(root)];
    const pushed = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        pushArtifact(registries[i % 2]!, "c", {
          tag: `t${i}`,
          artifactType: SIGNATURE_TYPE,
          subject: subject.descriptor,
        }),
      ),
    );
    const registry = registries[0]!;
    expect((await registry.listTags("c")).filter((t) => t.startsWith("t"))).toHaveLength(12);
    const referrers = await registry.referrers("c", subject.descriptor.digest);
    expect(referrers.map((d) => d.digest).sort()).toEqual(pushed.map((p) => p.descriptor.digest).sort());
  });

  it("detects a corrupted blob or manifest on read, and repairs a corrupted blob on push", async () => {
    const root = tempRoot();
    const registry = new LayoutRegistry(root);
    const artifact = await pushArtifact(registry, "x", { tag: "1" });
    const blobs = join(root, "x", "blobs", "sha256");
    const layerDigest = (await registry.fetchManifest("x", "1"))!.manifest.layers[0]!.digest;
    writeFileSync(join(blobs, layerDigest.slice(7)), "tampered");
    const error = await registry.fetchBlob("x", layerDigest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).code).toBe("digest-mismatch");

    await registry.pushBlob("x", artifact.layer);
    expect(Buffer.from(await registry.fetchBlob("x", layerDigest))).toEqual(Buffer.from(artifact.layer));

    const manifestFile = join(blobs, artifact.descriptor.digest.slice(7));
    writeFileSync(manifestFile, JSON.stringify({ schemaVersion: 2, mediaType: MANIFEST_MEDIA_TYPE }));
    for (const ref of ["1", artifact.descriptor.digest]) {
      const e = await registry.fetchManifest("x", ref).catch((x: unknown) => x);
      expect((e as RegistryError).code).toBe("digest-mismatch");
    }
  });

  it("caps reads", async () => {
    const registry = new LayoutRegistry(tempRoot());
    const blob = await registry.pushBlob("big", new Uint8Array(10_000));
    const error = await registry.fetchBlob("big", blob.digest, { maxBytes: 1000 }).catch((e: unknown) => e);
    expect((error as RegistryError).code).toBe("too-large");
  });

  it("reads index.json again once it changed: from another instance, another process, or by hand", async () => {
    const root = tempRoot();
    const a = new LayoutRegistry(root);
    const b = new LayoutRegistry(root);
    const one = await pushArtifact(a, "acme/cache", { tag: "1.0.0" });
    expect(await b.listTags("acme/cache")).toEqual(["1.0.0"]);
    const two = await pushArtifact(b, "acme/cache", { tag: "2.0.0" });
    expect(await a.listTags("acme/cache")).toEqual(["1.0.0", "2.0.0"]);
    // A hand edit in place (same inode): the tag is pointed elsewhere.
    const path = join(root, "acme", "cache", "index.json");
    const edited = readFileSync(path, "utf8").replace(
      `"${two.descriptor.digest}"`,
      `"${one.descriptor.digest}"`,
    );
    await new Promise((r) => setTimeout(r, 5));
    writeFileSync(path, edited);
    expect((await a.resolve("acme/cache", "2.0.0"))?.digest).toBe(one.descriptor.digest);
    // Removed: no tags.
    rmSync(path);
    expect(await a.listTags("acme/cache")).toEqual([]);
  });
});
