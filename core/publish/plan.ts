/**
 * What a publish would do, decided from the commit and the registry alone (a dry run prints it):
 * for each workflow, its bundle is built and compared with what the registry holds.
 *
 * - `publish`: a new version, higher than every published one;
 * - `resume`: this exact bundle is already pushed under its version but the release is incomplete
 *   (a previous run stopped part-way: attestations, channels or the git tag missing) — finish it;
 * - `unchanged`: the latest published version is this bundle;
 * - `refused`: the version exists with different content, or does not increase — the author must
 *   raise the workflow's version. Refusals never stop the other workflows from being planned, but
 *   a plan with a refusal publishes nothing.
 */
import { mapPool } from "../async/pool.ts";
import { bundleManifest } from "../bundle/artifact.ts";
import { type Bundle, buildBundle } from "../bundle/build.ts";
import { UserError } from "../errors.ts";
import type { GovernedRepo } from "../model/repo.ts";
import type { Registry } from "../registry/types.ts";
import { compareSemver } from "../text/semver.ts";
import {
  publishedVersions,
  readRelease,
  releaseRepository,
  SIGSTORE_BUNDLE_MEDIA_TYPE,
} from "./release-store.ts";

export type PlanAction = "publish" | "resume" | "unchanged" | "refused";

export interface PlanEntry {
  tenant: string;
  workflow: string;
  version: string;
  repository: string;
  action: PlanAction;
  reason: string;
  bundle: Bundle;
  manifestDigest: string;
  /** The highest published version other than this one, if any. */
  latest?: { version: string; bundleDigest: string; manifestDigest: string };
}

export interface PublishPlan {
  entries: PlanEntry[];
  refused: PlanEntry[];
}

export async function planWorkflow(
  repo: GovernedRepo,
  registry: Registry,
  prefix: string | undefined,
  tenant: string,
  workflow: string,
): Promise<PlanEntry> {
  const bundle = await buildBundle(repo, tenant, workflow);
  const repository = releaseRepository(prefix, tenant, workflow);
  const manifestDigest = bundleManifest(bundle).digest;
  const versions = await publishedVersions(registry, repository);
  const base = { tenant, workflow, version: bundle.version, repository, bundle, manifestDigest };
  const highestOther = versions.find((v) => v !== bundle.version);
  const latestRelease = highestOther ? await readRelease(registry, repository, highestOther) : undefined;
  const latest = latestRelease && {
    version: latestRelease.version,
    bundleDigest: latestRelease.bundleDigest,
    manifestDigest: latestRelease.manifestDigest,
  };
  const withLatest = latest ? { ...base, latest } : base;

  if (versions.includes(bundle.version)) {
    const existing = await readRelease(registry, repository, bundle.version);
    if (existing && existing.bundleDigest !== bundle.digest)
      return {
        ...withLatest,
        action: "refused",
        reason: `version ${bundle.version} is already published with different content (${existing.bundleDigest.slice(0, 19)}…); raise the workflow's version`,
      };
    const attached = await registry.referrers(repository, manifestDigest, {
      artifactType: SIGSTORE_BUNDLE_MEDIA_TYPE,
    });
    if (existing?.manifestDigest === manifestDigest && attached.length >= 2)
      return { ...withLatest, action: "unchanged", reason: `version ${bundle.version} is published` };
    return {
      ...withLatest,
      action: "resume",
      reason: `version ${bundle.version} was pushed by a run that did not finish; completing it`,
    };
  }
  if (highestOther && compareSemver(bundle.version, highestOther) < 0)
    return {
      ...withLatest,
      action: "refused",
      reason: `version ${bundle.version} is lower than the published ${highestOther}; versions must increase`,
    };
  return {
    ...withLatest,
    action: "publish",
    reason: highestOther ? `${highestOther} → ${bundle.version}` : `first release`,
  };
}

/** Plans every workflow of every tenant (or those named `tenant/workflow`). */
export async function planPublish(
  repo: GovernedRepo,
  registry: Registry,
  prefix: string | undefined,
  only?: readonly string[],
): Promise<PublishPlan> {
  const targets: [string, string][] = [];
  for (const [tenant, t] of [...repo.tenants].sort(([a], [b]) => (a < b ? -1 : 1)))
    for (const workflow of [...t.workflows.keys()].sort())
      if (!only?.length || only.includes(`${tenant}/${workflow}`) || only.includes(tenant))
        targets.push([tenant, workflow]);
  const unmatched = (only ?? []).filter(
    (name) => !targets.some(([tenant, workflow]) => name === tenant || name === `${tenant}/${workflow}`),
  );
  if (unmatched.length > 0)
    throw new UserError(`--only names no workflow: ${unmatched.join(", ")}. Use TENANT or TENANT/WORKFLOW.`);
  const entries = await mapPool(targets, 8, ([tenant, workflow]) =>
    planWorkflow(repo, registry, prefix, tenant, workflow),
  );
  return { entries, refused: entries.filter((e) => e.action === "refused") };
}
