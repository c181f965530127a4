/**
 * Test support: an in-memory distribution-spec server on 127.0.0.1 (node:http) for the behaviour the real
 * docker-registry 2.8.2 does not have — the referrers API (`OCI-Subject` on manifest PUT, `GET
 * /referrers/<digest>`, `OCI-Filters-Applied`) and conditional manifest PUTs (`ETag` / `If-Match` → 412).
 * Monolithic blob uploads only; upload Locations are relative. Hooks let a test inject a bogus referrers
 * listing or a concurrent writer.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export interface FakeDistributionOptions {
  /** Serve the referrers API and answer manifest PUTs with OCI-Subject. */
  referrersApi?: boolean;
  /** Apply the artifactType filter server-side (and say so with OCI-Filters-Applied). */
  filtersApplied?: boolean;
  /** Extra descriptors appended to every referrers API answer. */
  extraReferrers?: unknown[];
  /** Called after a GET of a manifest by tag has been answered (e.g. to simulate a concurrent writer). */
  afterTagGet?: (fake: FakeDistribution, name: string, tag: string) => void;
}

interface Stored {
  bytes: Buffer;
  mediaType: string;
}

export interface FakeDistribution {
  url: string;
  requests: { method: string; path: string; ifMatch?: string }[];
  manifests: Map<string, Stored>;
  tags: Map<string, string>;
  /** Store a manifest as the server itself would (digest → bytes), optionally tagging it. */
  put(name: string, bytes: Buffer, mediaType: string, tag?: string): string;
  close(): Promise<void>;
}

const digestOf = (bytes: Buffer) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

export async function startFakeDistribution(
  options: FakeDistributionOptions = {},
): Promise<FakeDistribution> {
  const blobs = new Map<string, Buffer>();
  const fake: FakeDistribution = {
    url: "",
    requests: [],
    manifests: new Map(),
    tags: new Map(),
    put(name, bytes, mediaType, tag) {
      const digest = digestOf(bytes);
      fake.manifests.set(digest, { bytes, mediaType });
      if (tag) fake.tags.set(`${name}:${tag}`, digest);
      return digest;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url!, "http://fake");
    const ifMatch = req.headers["if-match"];
    fake.requests.push({ method: req.method!, path: url.pathname, ...(ifMatch ? { ifMatch } : {}) });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const send = (status: number, headers: Record<string, string> = {}, payload?: Buffer | string) => {
      res.writeHead(status, headers);
      res.end(req.method === "HEAD" ? undefined : payload);
    };
    const m = /^\/v2\/(.+)\/(blobs\/uploads|blobs|manifests|referrers|tags)\/?(.*)$/.exec(url.pathname);
    if (!m) return send(404);
    const [, name, kind, ref] = m as unknown as [string, string, string, string];

    if (kind === "blobs/uploads") {
      if (req.method === "POST") return send(202, { location: `/v2/${name}/blobs/uploads/u1?state=x` });
      const digest = url.searchParams.get("digest")!;
      if (req.method !== "PUT" || digestOf(body) !== digest) return send(400);
      blobs.set(digest, body);
      return send(201, { "docker-content-digest": digest });
    }
    if (kind === "blobs") {
      const blob = blobs.get(ref);
      return blob ? send(200, { "content-length": String(blob.length) }, blob) : send(404);
    }
    if (kind === "tags") {
      const tags = [...fake.tags.keys()]
        .filter((k) => k.startsWith(`${name}:`))
        .map((k) => k.slice(name.length + 1));
      return tags.length ? send(200, {}, JSON.stringify({ name, tags })) : send(404);
    }
    if (kind === "referrers") {
      if (!options.referrersApi) return send(404);
      const artifactType = url.searchParams.get("artifactType");
      const manifests: unknown[] = [];
      for (const [digest, stored] of fake.manifests) {
        const parsed = JSON.parse(stored.bytes.toString());
        if (parsed.subject?.digest !== ref) continue;
        if (options.filtersApplied && artifactType && parsed.artifactType !== artifactType) continue;
        manifests.push({
          mediaType: stored.mediaType,
          digest,
          size: stored.bytes.length,
          artifactType: parsed.artifactType,
        });
      }
      manifests.push(...(options.extraReferrers ?? []));
      const headers: Record<string, string> = { "content-type": "application/vnd.oci.image.index.v1+json" };
      if (options.filtersApplied && artifactType) headers["oci-filters-applied"] = "artifactType";
      return send(
        200,
        headers,
        JSON.stringify({ schemaVersion: 2, mediaType: headers["content-type"], manifests }),
      );
    }
    // manifests
    const tagKey = `${name}:${ref}`;
    const current = ref.startsWith("sha256:") ? ref : fake.tags.get(tagKey);
    if (req.method === "PUT") {
      if (ifMatch && ifMatch !== `"${current}"`) return send(412);
      const mediaType = req.headers["content-type"]!;
      const digest = fake.put(name, body, mediaType, ref.startsWith("sha256:") ? undefined : ref);
      const headers: Record<string, string> = { "docker-content-digest": digest };
      const subject = JSON.parse(body.toString()).subject?.digest;
      if (options.referrersApi && subject) headers["oci-subject"] = subject;
      return send(201, headers);
    }
    const stored = current ? fake.manifests.get(current) : undefined;
    if (!stored) return send(404);
    send(
      200,
      {
        "content-type": stored.mediaType,
        "content-length": String(stored.bytes.length),
        "docker-content-digest": current!,
        etag: `"${current}"`,
      },
      stored.bytes,
    );
    if (!ref.startsWith("sha256:")) options.afterTagGet?.(fake, name, ref);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  fake.url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return fake;
}
