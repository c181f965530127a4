/**
 * Publishing at scale: a governed repository with 200 workflows (20 nodes each) committed to git,
 * published to a real OCI registry server (Debian's docker-registry on 127.0.0.1) — bundle built,
 * two attestations signed (ECDSA P-256), blobs, manifests, referrers fallback index, version and
 * channel tags, a git tag per release — then every release verified back as a runner would.
 * Prints bundles/s for publish and for verify beside, from the same run, the raw transfer of the
 * same bytes to and from the same server: one monolithic blob upload per bundle and attestation and
 * one manifest PUT per artifact (no checks, no signing), and the matching plain GETs.
 *
 * `npm run bench -- publish [WORKFLOWS]`
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mapPool } from "../core/async/pool.ts";
import { publishProject } from "../core/publish/project.ts";
import { verifyRelease } from "../core/publish/verify-release.ts";
import { openRegistry } from "../core/registry/open.ts";
import { loadTrustedKeys, writeKeyPair } from "../core/signing/keys.ts";
import { startDockerRegistry } from "../test/helpers/docker-registry.ts";
import { generateRepo } from "./generate-repo.ts";

const digestOf = (b: Uint8Array) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

const CONCURRENCY = 4;

/** Counts the HTTP requests made through global fetch while `body` runs. */
async function counting<T>(body: () => Promise<T>): Promise<{ result: T; requests: number }> {
  const original = globalThis.fetch;
  let requests = 0;
  globalThis.fetch = ((...a: Parameters<typeof fetch>) => {
    requests++;
    return original(...a);
  }) as typeof fetch;
  try {
    return { result: await body(), requests };
  } finally {
    globalThis.fetch = original;
  }
}

async function rawUpload(
  base: string,
  repo: string,
  blobs: Uint8Array[],
  manifests: Uint8Array[],
  offset: number,
) {
  for (const blob of blobs) {
    const start = await fetch(`${base}/v2/${repo}/blobs/uploads/`, { method: "POST" });
    const location = new URL(start.headers.get("location")!, base);
    location.searchParams.set("digest", digestOf(blob));
    const put = await fetch(location, {
      method: "PUT",
      body: blob as Uint8Array<ArrayBuffer>,
      headers: { "content-type": "application/octet-stream" },
    });
    if (put.status !== 201) throw new Error(`raw blob upload: HTTP ${put.status}`);
  }
  for (const [i, m] of manifests.entries()) {
    const r = await fetch(`${base}/v2/${repo}/manifests/t${offset + i}`, {
      method: "PUT",
      body: m as Uint8Array<ArrayBuffer>,
      headers: { "content-type": "application/vnd.oci.image.manifest.v1+json" },
    });
    if (r.status !== 201) throw new Error(`raw manifest upload: HTTP ${r.status} ${await r.text()}`);
  }
}

async function rawDownload(base: string, repo: string, digests: string[], tags: number[]) {
  for (const d of digests) await (await fetch(`${base}/v2/${repo}/blobs/${d}`)).arrayBuffer();
  for (const i of tags)
    await (
      await fetch(`${base}/v2/${repo}/manifests/t${i}`, {
        headers: { accept: "application/vnd.oci.image.manifest.v1+json" },
      })
    ).arrayBuffer();
}

export async function run(args: string[]): Promise<void> {
  const workflows = Number(args[0] ?? 200);
  const dir = mkdtempSync(join(tmpdir(), "charter-bench-publish-"));
  const server = await startDockerRegistry();
  try {
    const gen = generateRepo(dir, { workflows, nodesPerWorkflow: 20, tenants: 10, promptsPerTenant: 20 });
    const git = (...a: string[]) =>
      execFileSync("git", a, {
        cwd: dir,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: "b",
          GIT_AUTHOR_EMAIL: "b@x",
          GIT_COMMITTER_NAME: "b",
          GIT_COMMITTER_EMAIL: "b@x",
        },
      });
    git("init", "-q", "-b", "main");
    git("add", "-A");
    git("commit", "-qm", "bench");
    const key = await writeKeyPair(dir, "bench");
    const env = { CHARTER_SIGNING_KEY_FILE: key.privateKeyPath };
    console.log(
      `publish: ${gen.workflows} workflows (${gen.nodes} nodes, ${gen.files} files) → docker-registry on 127.0.0.1\n`,
    );

    let t = performance.now();
    const { result: published, requests: publishRequests } = await counting(() =>
      publishProject({ dir, registry: server.url, env }),
    );
    const publishMs = performance.now() - t;
    const count = published.outcomes.length;

    const registry = openRegistry(server.url);
    const trust = { trustedKeys: loadTrustedKeys([key.publicKeyPath]) };
    t = performance.now();
    const { result: verified, requests: verifyRequests } = await counting(() =>
      mapPool(published.outcomes, CONCURRENCY, async (o) => {
        const v = await verifyRelease(registry, o.repository, o.version, trust);
        if (!v.ok) throw new Error(`${o.repository}: ${v.reasons.join("; ")}`);
        return v;
      }),
    );
    const verifyMs = performance.now() - t;
    const ok = verified.length;
    // The same bytes for the raw baseline, per workflow: bundle and attestation blobs, manifests.
    const groups: { blobs: Uint8Array[]; manifests: Uint8Array[] }[] = [];
    for (const [i, o] of published.outcomes.entries()) {
      const m = await registry.fetchManifest(o.repository, o.manifestDigest);
      const g = { blobs: [verified[i]!.bundleBytes], manifests: [m!.bytes] };
      for (const r of await registry.referrers(o.repository, o.manifestDigest)) {
        const rm = await registry.fetchManifest(o.repository, r.digest);
        g.manifests.push(rm!.bytes);
        g.blobs.push(await registry.fetchBlob(o.repository, rm!.manifest.layers[0]!.digest));
      }
      // Raw manifests go to one repository, where the subjects do not exist: drop them.
      g.manifests = g.manifests.map((bytes) => {
        const parsed = JSON.parse(Buffer.from(bytes).toString("utf8"));
        delete parsed.subject;
        return new TextEncoder().encode(JSON.stringify(parsed));
      });
      groups.push(g);
    }
    const blobCount = groups.reduce((n, g) => n + g.blobs.length, 0);
    const manifestCount = groups.reduce((n, g) => n + g.manifests.length, 0);
    const bytes = groups.reduce(
      (n, g) => n + [...g.blobs, ...g.manifests].reduce((k, b) => k + b.length, 0),
      0,
    );
    await rawUpload(server.url, "raw/all", [new TextEncoder().encode("{}")], [], 0);
    t = performance.now();
    const { requests: rawUpRequests } = await counting(() =>
      mapPool(groups, CONCURRENCY, (g, i) => rawUpload(server.url, "raw/all", g.blobs, g.manifests, i * 10)),
    );
    const rawUpMs = performance.now() - t;
    t = performance.now();
    await mapPool(groups, CONCURRENCY, (g, i) =>
      rawDownload(
        server.url,
        "raw/all",
        g.blobs.map(digestOf),
        g.manifests.map((_, k) => i * 10 + k),
      ),
    );
    const rawDownMs = performance.now() - t;

    const rate = (n: number, ms: number) => `${((n / ms) * 1000).toFixed(1)} bundles/s`;
    console.log(
      `bytes moved per direction: ${(bytes / 1024 / 1024).toFixed(2)} MiB (${blobCount} blobs, ${manifestCount} manifests); ${CONCURRENCY} workflows in flight on both sides`,
    );
    console.log(
      `registry requests per workflow: publish ${(publishRequests / count).toFixed(1)}, raw upload ${(rawUpRequests / count).toFixed(1)}, verify ${(verifyRequests / ok).toFixed(1)}`,
    );
    console.log(
      `publish (build, sign ×2, push, tags, git tags)  ${rate(count, publishMs).padStart(16)}  ${publishMs.toFixed(0)} ms for ${count}`,
    );
    console.log(
      `raw upload of the same bytes (baseline)         ${rate(count, rawUpMs).padStart(16)}  ${rawUpMs.toFixed(0)} ms  → publish costs ${(publishMs / rawUpMs).toFixed(1)}× raw`,
    );
    console.log(
      `verify (digests, tar, index, 2 signatures)      ${rate(ok, verifyMs).padStart(16)}  ${verifyMs.toFixed(0)} ms for ${ok}`,
    );
    console.log(
      `raw download of the same bytes (baseline)       ${rate(ok, rawDownMs).padStart(16)}  ${rawDownMs.toFixed(0)} ms  → verify costs ${(verifyMs / rawDownMs).toFixed(1)}× raw`,
    );
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
