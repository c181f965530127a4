/**
 * The OCI form of a bundle: an OCI 1.1 artifact manifest with our `artifactType`, the empty config
 * and one layer (the bundle tar). Annotations are deterministic (no creation time), so the manifest
 * digest is as reproducible as the bundle's: the same release always has the same manifest.
 */
import { canonicalJson } from "../text/canonical-json.ts";
import type { Bundle } from "./build.ts";
import { sha256Hex } from "./build.ts";

export const BUNDLE_ARTIFACT_TYPE = "application/vnd.charter.workflow.v1";
export const BUNDLE_LAYER_MEDIA_TYPE = "application/vnd.charter.workflow.bundle.v1.tar";
export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const OCI_EMPTY = "application/vnd.oci.empty.v1+json";
export const EMPTY_CONFIG = new TextEncoder().encode("{}");

export interface ArtifactManifest {
  schemaVersion: 2;
  mediaType: typeof OCI_MANIFEST;
  artifactType: typeof BUNDLE_ARTIFACT_TYPE;
  config: { mediaType: string; digest: string; size: number };
  layers: { mediaType: string; digest: string; size: number; annotations: Record<string, string> }[];
  annotations: Record<string, string>;
}

export function bundleManifest(bundle: Bundle): {
  manifest: ArtifactManifest;
  bytes: Uint8Array;
  digest: string;
} {
  const manifest: ArtifactManifest = {
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
          "org.opencontainers.image.title": `${bundle.tenant}-${bundle.workflow}-${bundle.version}.tar`,
        },
      },
    ],
    annotations: {
      "org.opencontainers.image.title": `${bundle.tenant}/${bundle.workflow}`,
      "org.opencontainers.image.version": bundle.version,
      "dev.charter.tenant": bundle.tenant,
      "dev.charter.workflow": bundle.workflow,
    },
  };
  const bytes = new TextEncoder().encode(canonicalJson(manifest));
  return { manifest, bytes, digest: `sha256:${sha256Hex(bytes)}` };
}
