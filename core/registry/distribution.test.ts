/**
 * DistributionRegistry: the shared contract against a real registry (Debian's docker-registry 2.8.2, which
 * has no referrers API, so the tag-schema fallback is exercised), plus what only HTTP has — chunked
 * uploads, namespaces, pagination, basic auth (htpasswd), a bearer-token realm, a registry killed
 * mid-upload, servers that hang, lie about content or send too much, and the plain-http rule.
 * Fake servers are node:http on 127.0.0.1.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  dockerRegistryAvailable,
  type RunningRegistry,
  startDockerRegistry,
} from "../../test/helpers/docker-registry.ts";
import { DistributionRegistry } from "./distribution.ts";
import { startFakeDistribution } from "./fake-distribution.ts";
import { PROVENANCE_TYPE, pushArtifact, registryContract, SIGNATURE_TYPE } from "./registry.contract.ts";
import {
  EMPTY_DIGEST,
  EMPTY_MEDIA_TYPE,
  INDEX_MEDIA_TYPE,
  MANIFEST_MEDIA_TYPE,
  RegistryError,
  sha256Digest,
} from "./types.ts";

async function failure(promise: Promise<unknown>): Promise<RegistryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistryError);
  return error as RegistryError;
}

/** A node:http server on 127.0.0.1 for the duration of `body`. */
async function withServer<T>(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  body: (url: string) => Promise<T>,
): Promise<T> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  try {
    return await body(`http://127.0.0.1:${port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe.runIf(dockerRegistryAvailable())("DistributionRegistry against docker-registry 2.8.2", () => {
  let server: RunningRegistry;
  beforeAll(async () => {
    server = await startDockerRegistry();
  });
  afterAll(async () => {
    await server?.stop();
  });

  registryContract("DistributionRegistry", () => new DistributionRegistry(server.url));

  it("maintains the sha256-<hex> fallback tag (no referrers API)", async () => {
    const registry = new DistributionRegistry(server.url);
    const subject = await pushArtifact(registry, "fallback/x", { tag: "1.0.0" });
    const referrersApi = await fetch(`${server.url}/v2/fallback/x/referrers/${subject.descriptor.digest}`);
    expect(referrersApi.status).toBe(404);
    const signature = await pushArtifact(registry, "fallback/x", {
      artifactType: SIGNATURE_TYPE,
      subject: subject.descriptor,
    });
    const tag = subject.descriptor.digest.replace(":", "-");
    expect(await registry.listTags("fallback/x")).toEqual(["1.0.0", tag]);
    const index = await registry.fetchManifest("fallback/x", tag);
    expect(index?.mediaType).toBe("application/vnd.oci.image.index.v1+json");
    expect((index!.manifest as unknown as { manifests: unknown[] }).manifests).toEqual([
      {
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        digest: signature.descriptor.digest,
        size: signature.bytes.length,
        artifactType: SIGNATURE_TYPE,
      },
    ]);
  });

  it("uploads in chunks above chunkSize and round-trips", async () => {
    const progress: number[] = [];
    const registry = new DistributionRegistry(server.url, {
      chunkSize: 1024,
      onUploadProgress: (p) => {
        progress.push(p.uploaded);
      },
    });
    const bytes = randomBytes(10 * 1024 + 7);
    const pushed = await registry.pushBlob("chunked/x", bytes);
    expect(pushed.digest).toBe(sha256Digest(bytes));
    expect(progress).toHaveLength(11);
    expect(progress.at(-1)).toBe(bytes.length);
    expect(Buffer.from(await registry.fetchBlob("chunked/x", pushed.digest))).toEqual(bytes);
    // An exact multiple of the chunk size, and a blob of exactly one chunk (monolithic).
    for (const size of [4096, 1024]) {
      const more = randomBytes(size);
      const d = await registry.pushBlob("chunked/x", more);
      expect(Buffer.from(await registry.fetchBlob("chunked/x", d.digest))).toEqual(more);
    }
  });

  it("puts repositories under the URL's namespace prefix", async () => {
    const registry = new DistributionRegistry(`${server.url}/acme/`);
    expect(registry.location).toBe(`${server.url}/acme`);
    await pushArtifact(registry, "x/y", { tag: "1" });
    const res = await fetch(`${server.url}/v2/acme/x/y/tags/list`);
    expect(await res.json()).toEqual({ name: "acme/x/y", tags: ["1"] });
    expect(await registry.listTags("x/y")).toEqual(["1"]);
  });

  it("refuses to read more than the cap", async () => {
    const registry = new DistributionRegistry(server.url, { maxManifestBytes: 100 });
    const { descriptor } = await pushArtifact(registry, "capped/x", { tag: "1", layer: randomBytes(10_000) });
    expect((await failure(registry.fetchManifest("capped/x", "1"))).code).toBe("too-large");
    const layer = (await registry.fetchManifest("capped/x", descriptor.digest, { maxBytes: 10_000 }))!
      .manifest.layers[0]!;
    expect((await failure(registry.fetchBlob("capped/x", layer.digest, { maxBytes: 1024 }))).code).toBe(
      "too-large",
    );
  });

  describe("basic auth (htpasswd)", () => {
    let secured: RunningRegistry;
    const password = `pw-${randomBytes(6).toString("hex")}`;
    beforeAll(async () => {
      secured = await startDockerRegistry({ htpasswd: { username: "ci", password } });
    });
    afterAll(async () => {
      await secured?.stop();
    });

    it("without credentials: unauthorized, naming the environment variables", async () => {
      const error = await failure(new DistributionRegistry(secured.url).listTags("x"));
      expect(error.code).toBe("unauthorized");
      expect(error.message).toContain(
        "CHARTER_REGISTRY_USERNAME / CHARTER_REGISTRY_PASSWORD or CHARTER_REGISTRY_TOKEN",
      );
    });

    it("with a wrong password: unauthorized, without echoing it", async () => {
      const wrong = "not-the-password-123";
      const error = await failure(
        new DistributionRegistry(secured.url, { username: "ci", password: wrong }).pushBlob(
          "x",
          randomBytes(10),
        ),
      );
      expect(error.code).toBe("unauthorized");
      expect(error.message).not.toContain(wrong);
      expect(error.message).toContain("rejected");
    });

    it("with the right password: pushes and pulls", async () => {
      const registry = new DistributionRegistry(secured.url, { username: "ci", password });
      const subject = await pushArtifact(registry, "auth/x", { tag: "1" });
      await pushArtifact(registry, "auth/x", { artifactType: SIGNATURE_TYPE, subject: subject.descriptor });
      expect((await registry.fetchManifest("auth/x", "1"))?.digest).toBe(subject.descriptor.digest);
      expect(await registry.referrers("auth/x", subject.descriptor.digest)).toHaveLength(1);
    });
  });

  it("fails fast with a network error when the registry dies mid-upload; a restarted one accepts the push", async () => {
    const doomed = await startDockerRegistry();
    let restarted: RunningRegistry | undefined;
    try {
      const bytes = randomBytes(64 * 1024);
      const registry = new DistributionRegistry(doomed.url, {
        chunkSize: 4096,
        timeoutMs: 5000,
        onUploadProgress: async (p) => {
          if (p.uploaded === 4096) await doomed.kill();
        },
      });
      const started = Date.now();
      const error = await failure(registry.pushBlob("dying/x", bytes));
      expect(error.code).toBe("network");
      expect(error.message).toContain(doomed.url);
      expect(Date.now() - started).toBeLessThan(3000);

      restarted = await startDockerRegistry({ storageDir: doomed.storageDir });
      const again = new DistributionRegistry(restarted.url, { chunkSize: 4096 });
      const pushed = await again.pushBlob("dying/x", bytes);
      expect(Buffer.from(await again.fetchBlob("dying/x", pushed.digest))).toEqual(bytes);
    } finally {
      await restarted?.stop();
      await doomed.stop();
    }
  });
});

describe("DistributionRegistry against fake servers", () => {
  it("gets a bearer token from the challenge's realm (basic credentials, cached per scope)", async () => {
    const tokenRequests: { scope: string | null; service: string | null; authorization?: string }[] = [];
    const seen: (string | undefined)[] = [];
    await withServer(
      (req, res) => {
        const url = new URL(req.url!, "http://x");
        if (url.pathname === "/token") {
          tokenRequests.push({
            scope: url.searchParams.get("scope"),
            service: url.searchParams.get("service"),
            authorization: req.headers.authorization,
          });
          const ok = req.headers.authorization === `Basic ${Buffer.from("me:s3cret").toString("base64")}`;
          res.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
          res.end(JSON.stringify(ok ? { access_token: "tok-123" } : {}));
          return;
        }
        seen.push(req.headers.authorization);
        if (req.headers.authorization !== "Bearer tok-123") {
          const realm = `http://${req.headers.host}/token`;
          res.writeHead(401, {
            "www-authenticate": `Bearer realm="${realm}",service="fake",scope="repository:acme/x:pull"`,
          });
          res.end();
          return;
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ name: "acme/x", tags: ["1.0.0"] }));
      },
      async (url) => {
        const registry = new DistributionRegistry(`${url}/acme`, { username: "me", password: "s3cret" });
        expect(await registry.listTags("x")).toEqual(["1.0.0"]);
        expect(await registry.listTags("x")).toEqual(["1.0.0"]);
        expect(tokenRequests).toEqual([
          {
            scope: "repository:acme/x:pull",
            service: "fake",
            authorization: `Basic ${Buffer.from("me:s3cret").toString("base64")}`,
          },
        ]);
        expect(seen).toEqual([undefined, "Bearer tok-123", "Bearer tok-123"]);

        const wrong = await failure(
          new DistributionRegistry(`${url}/acme`, { username: "me", password: "nope" }).listTags("x"),
        );
        expect(wrong.code).toBe("unauthorized");
        expect(wrong.message).not.toContain("nope");

        // A pre-issued token is used directly.
        const direct = new DistributionRegistry(`${url}/acme`, { token: "tok-123" });
        expect(await direct.listTags("x")).toEqual(["1.0.0"]);
        expect(tokenRequests).toHaveLength(2);
      },
    );
  });

  it("fetches an anonymous bearer token (`token` field) when no credentials are set", async () => {
    await withServer(
      (req, res) => {
        if (req.url!.startsWith("/token")) {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify({ token: req.headers.authorization ? "bad" : "anon" }));
          return;
        }
        if (req.headers.authorization !== "Bearer anon") {
          res.writeHead(401, { "www-authenticate": `Bearer realm="http://${req.headers.host}/token"` });
          res.end();
          return;
        }
        res.writeHead(404);
        res.end();
      },
      async (url) => {
        expect(await new DistributionRegistry(url).listTags("x")).toEqual([]);
      },
    );
  });

  it("follows Link pagination when listing tags (relative and absolute links)", async () => {
    // docker-registry 2.8.2 ignores `n` for tag lists, so pagination is tested here.
    const requests: string[] = [];
    await withServer(
      (req, res) => {
        requests.push(req.url!);
        const url = new URL(req.url!, `http://${req.headers.host}`);
        const last = url.searchParams.get("last");
        const page = last === null ? ["b", "a"] : last === "b" ? ["d", "c"] : ["e"];
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (last === null) headers.link = '</v2/x/tags/list?n=2&last=b>; rel="next"';
        if (last === "b") headers.link = `<http://${req.headers.host}/v2/x/tags/list?n=2&last=d>; rel="next"`;
        res.writeHead(200, headers);
        res.end(JSON.stringify({ name: "x", tags: page }));
      },
      async (url) => {
        expect(await new DistributionRegistry(url, { tagsPageSize: 2 }).listTags("x")).toEqual([
          "a",
          "b",
          "c",
          "d",
          "e",
        ]);
        expect(requests).toEqual([
          "/v2/x/tags/list?n=2",
          "/v2/x/tags/list?n=2&last=b",
          "/v2/x/tags/list?n=2&last=d",
        ]);
      },
    );
    await withServer(
      (_req, res) => {
        res.writeHead(200, {
          "content-type": "application/json",
          link: '<https://elsewhere.example/v2/x/tags/list>; rel="next"',
        });
        res.end(JSON.stringify({ name: "x", tags: ["a"] }));
      },
      async (url) => {
        expect((await failure(new DistributionRegistry(url).listTags("x"))).code).toBe("protocol");
      },
    );
  });

  for (const filtersApplied of [false, true]) {
    it(`uses the referrers API when the registry has one (OCI-Subject), still checking each listing (server filters: ${filtersApplied})`, async () => {
      const extraReferrers: unknown[] = [];
      const fake = await startFakeDistribution({ referrersApi: true, filtersApplied, extraReferrers });
      try {
        const registry = new DistributionRegistry(fake.url);
        const subject = await pushArtifact(registry, "api/x", { tag: "1" });
        const other = await pushArtifact(registry, "api/x", { tag: "2" });
        const signature = await pushArtifact(registry, "api/x", {
          artifactType: SIGNATURE_TYPE,
          subject: subject.descriptor,
        });
        const provenance = await pushArtifact(registry, "api/x", {
          artifactType: PROVENANCE_TYPE,
          subject: subject.descriptor,
        });
        const bogus = await pushArtifact(registry, "api/x", {
          artifactType: SIGNATURE_TYPE,
          subject: other.descriptor,
        });
        // The registry keeps referrers itself: no fallback tag is written.
        expect(await registry.listTags("api/x")).toEqual(["1", "2"]);
        // A listing that names a manifest referring to something else, one that is missing, and junk.
        extraReferrers.push(
          { ...bogus.descriptor, artifactType: SIGNATURE_TYPE },
          { mediaType: MANIFEST_MEDIA_TYPE, digest: sha256Digest(new Uint8Array([1])), size: 1 },
          { digest: "sha256:../../x" },
        );
        const all = await registry.referrers("api/x", subject.descriptor.digest);
        expect(all.map((d) => d.digest)).toEqual([signature.descriptor.digest, provenance.descriptor.digest]);
        const signatures = await registry.referrers("api/x", subject.descriptor.digest, {
          artifactType: SIGNATURE_TYPE,
        });
        expect(signatures.map((d) => d.digest)).toEqual([signature.descriptor.digest]);
        expect(fake.requests.filter((r) => r.path.includes("/referrers/"))).toHaveLength(2);
      } finally {
        await fake.close();
      }
    });
  }

  it("retries the fallback index update when a concurrent writer changed it (If-Match → 412)", async () => {
    let arm = false;
    let rival: { mediaType: string; digest: string; size: number; artifactType: string } | undefined;
    const fake = await startFakeDistribution({
      afterTagGet: (f, name, tag) => {
        if (!arm || !rival || !tag.startsWith("sha256-")) return;
        arm = false;
        // Another client adds its referrer between our GET and our PUT.
        const index = JSON.parse(f.manifests.get(f.tags.get(`${name}:${tag}`)!)!.bytes.toString());
        index.manifests.push(rival);
        f.put(name, Buffer.from(JSON.stringify(index)), INDEX_MEDIA_TYPE, tag);
      },
    });
    try {
      const registry = new DistributionRegistry(fake.url);
      const subject = await pushArtifact(registry, "race/x", { tag: "1" });
      const first = await pushArtifact(registry, "race/x", {
        artifactType: SIGNATURE_TYPE,
        subject: subject.descriptor,
      });
      const rivalBytes = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MANIFEST_MEDIA_TYPE,
          artifactType: PROVENANCE_TYPE,
          config: { mediaType: EMPTY_MEDIA_TYPE, digest: EMPTY_DIGEST, size: 2 },
          layers: [],
          subject: {
            mediaType: MANIFEST_MEDIA_TYPE,
            digest: subject.descriptor.digest,
            size: subject.descriptor.size,
          },
        }),
      );
      const rivalDigest = fake.put("race/x", rivalBytes, MANIFEST_MEDIA_TYPE);
      rival = {
        mediaType: MANIFEST_MEDIA_TYPE,
        digest: rivalDigest,
        size: rivalBytes.length,
        artifactType: PROVENANCE_TYPE,
      };
      arm = true;
      const second = await pushArtifact(registry, "race/x", {
        artifactType: SIGNATURE_TYPE,
        subject: subject.descriptor,
      });

      const tag = subject.descriptor.digest.replace(":", "-");
      const indexPuts = fake.requests.filter(
        (r) => r.method === "PUT" && r.path.endsWith(`/manifests/${tag}`),
      );
      expect(indexPuts.map((r) => r.ifMatch !== undefined)).toEqual([false, true, true]);
      const found = await registry.referrers("race/x", subject.descriptor.digest);
      expect(found.map((d) => d.digest)).toEqual([
        first.descriptor.digest,
        rivalDigest,
        second.descriptor.digest,
      ]);
    } finally {
      await fake.close();
    }
  });

  it("times out on a server that never answers", async () => {
    await withServer(
      () => {},
      async (url) => {
        const started = Date.now();
        const error = await failure(new DistributionRegistry(url, { timeoutMs: 300 }).listTags("x"));
        expect(error.code).toBe("network");
        expect(error.message).toContain(`${url}/v2/x/tags/list`);
        expect(Date.now() - started).toBeLessThan(2000);
      },
    );
  });

  it("maps 5xx to a network error naming the URL", async () => {
    await withServer(
      (_req, res) => {
        res.writeHead(503);
        res.end();
      },
      async (url) => {
        const error = await failure(new DistributionRegistry(url).fetchManifest("x", "1"));
        expect(error.code).toBe("network");
        expect(error.message).toContain(`${url}/v2/x/manifests/1`);
      },
    );
  });

  it("detects bytes that do not hash to the digest, and refuses oversized streams without Content-Length", async () => {
    const wanted = sha256Digest(new TextEncoder().encode("the real blob"));
    await withServer(
      (req, res) => {
        if (req.url!.includes("/manifests/")) {
          // Valid manifest JSON, but not the one asked for; by tag, a Docker-Content-Digest that lies.
          const lie = req.url!.includes("/manifests/lying") ? { "docker-content-digest": wanted } : {};
          res.writeHead(200, { "content-type": "application/vnd.oci.image.manifest.v1+json", ...lie });
          res.end(
            JSON.stringify({ schemaVersion: 2, mediaType: MANIFEST_MEDIA_TYPE, config: {}, layers: [] }),
          );
          return;
        }
        if (req.url!.includes(`/blobs/${wanted}`)) {
          res.writeHead(200, { "content-type": "application/octet-stream" });
          res.end("something else");
          return;
        }
        // Anything else: an endless chunked stream.
        res.writeHead(200, { "content-type": "application/vnd.oci.image.manifest.v1+json" });
        const chunk = Buffer.alloc(64 * 1024, 32);
        const timer = setInterval(() => res.write(chunk), 1);
        res.on("close", () => clearInterval(timer));
      },
      async (url) => {
        const registry = new DistributionRegistry(url);
        expect((await failure(registry.fetchBlob("x", wanted))).code).toBe("digest-mismatch");
        expect((await failure(registry.fetchManifest("x", wanted))).code).toBe("digest-mismatch");
        expect((await failure(registry.fetchManifest("x", "lying"))).code).toBe("digest-mismatch");
        expect((await registry.fetchManifest("x", "honest"))?.mediaType).toBe(MANIFEST_MEDIA_TYPE);
        const tooLarge = await failure(registry.fetchBlob("x", EMPTY_DIGEST, { maxBytes: 256 * 1024 }));
        expect(tooLarge.code).toBe("too-large");
      },
    );
  });

  it("requires https for non-loopback hosts unless insecure", () => {
    for (const url of ["http://registry.example.com", "http://10.0.0.5:5000/acme"]) {
      expect(() => new DistributionRegistry(url)).toThrow(/refusing plain http.*use https/);
      expect(new DistributionRegistry(url, { insecure: true }).location).toBe(url);
    }
    expect(new DistributionRegistry("https://registry.example.com").location).toBe(
      "https://registry.example.com",
    );
    expect(new DistributionRegistry("http://localhost:5000").location).toBe("http://localhost:5000");
    expect(new DistributionRegistry("http://[::1]:5000").location).toBe("http://[::1]:5000");
    expect(() => new DistributionRegistry("https://u:p@registry.example.com")).toThrow(
      /must not contain credentials/,
    );
    expect(() => new DistributionRegistry("https://registry.example.com/Bad_Namespace")).toThrow(
      RegistryError,
    );
    expect(() => new DistributionRegistry("ftp://registry.example.com")).toThrow(/unsupported URL scheme/);
  });
});
