/**
 * The registry as the audit reads it: content addressed by digest is immutable, so a manifest read
 * by digest is read once however many times the audit asks (the referrers check and the attestation
 * fetch both read each referrer manifest). Tags are not cached: each is resolved once by design.
 */
import type { FetchOptions, PulledManifest, Registry } from "../registry/types.ts";
import { isDigest } from "../registry/types.ts";

export function readOnce(registry: Registry): Registry {
  const manifests = new Map<string, Promise<PulledManifest | undefined>>();
  return {
    location: registry.location,
    pushBlob: (repo, bytes) => registry.pushBlob(repo, bytes),
    fetchBlob: (repo, digest, opts) => registry.fetchBlob(repo, digest, opts),
    pushManifest: (repo, bytes, opts) => registry.pushManifest(repo, bytes, opts),
    pushReferrers: (repo, list) => registry.pushReferrers(repo, list),
    fetchManifest(repo: string, ref: string, opts?: FetchOptions) {
      if (!isDigest(ref)) return registry.fetchManifest(repo, ref, opts);
      const key = `${repo}@${ref}@${opts?.maxBytes ?? ""}`;
      let p = manifests.get(key);
      if (!p) {
        p = registry.fetchManifest(repo, ref, opts);
        manifests.set(key, p);
        p.catch(() => manifests.delete(key));
      }
      return p;
    },
    resolve: (repo, tag) => registry.resolve(repo, tag),
    tag: (repo, digest, tag) => registry.tag(repo, digest, tag),
    listTags: (repo) => registry.listTags(repo),
    referrers: (repo, digest, opts) => registry.referrers(repo, digest, opts),
  };
}
