/**
 * The registry as the audit reads it: content addressed by digest is immutable, so a manifest read
 * by digest is read once however many times the audit asks (the referrers check and the attestation
 * fetch both read each referrer manifest). The memo is a `MemoLru`: concurrent reads of one manifest
 * share one request, a failed read is forgotten (the next ask tries again), and it stays bounded on a
 * long history. Tags are not cached: each is resolved once by design.
 */
import { MemoLru } from "../async/memo-lru.ts";
import type { FetchOptions, PulledManifest, Registry } from "../registry/types.ts";
import { isDigest } from "../registry/types.ts";

export function readOnce(registry: Registry, capacity = 4096): Registry {
  const manifests = new MemoLru<string, PulledManifest | undefined>(capacity);
  return {
    location: registry.location,
    pushBlob: (repo, bytes) => registry.pushBlob(repo, bytes),
    fetchBlob: (repo, digest, opts) => registry.fetchBlob(repo, digest, opts),
    pushManifest: (repo, bytes, opts) => registry.pushManifest(repo, bytes, opts),
    pushReferrers: (repo, list) => registry.pushReferrers(repo, list),
    fetchManifest(repo: string, ref: string, opts?: FetchOptions) {
      if (!isDigest(ref)) return registry.fetchManifest(repo, ref, opts);
      return manifests.get(`${repo}@${ref}@${opts?.maxBytes ?? ""}`, () =>
        registry.fetchManifest(repo, ref, opts),
      );
    },
    resolve: (repo, tag) => registry.resolve(repo, tag),
    tag: (repo, digest, tag) => registry.tag(repo, digest, tag),
    listTags: (repo) => registry.listTags(repo),
    referrers: (repo, digest, opts) => registry.referrers(repo, digest, opts),
  };
}
