/**
 * What `verify` and `promote` need from the local configuration: the registry (--registry, or
 * charter.yml's) and the trusted keys (--key files, or charter.yml's signing.trusted_keys) — always
 * local, never taken from the registry being verified.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { UserError } from "../../core/errors.ts";
import { loadRepo } from "../../core/model/load.ts";
import type { GovernedRepo } from "../../core/model/repo.ts";
import { type RegistryTarget, registryFor, trustedKeysAt } from "../../core/publish/project.ts";
import type { ReleaseRef } from "../../core/publish/release-ref.ts";
import { releaseRepository } from "../../core/publish/release-store.ts";
import type { TrustPolicy } from "../../core/publish/verify-release.ts";
import { loadTrustedKeys, type TrustedKey } from "../../core/signing/keys.ts";
import { DirectorySource } from "../../core/source/directory-source.ts";
import type { CliIO } from "../io.ts";
import { withConfigFile } from "../runner-config.ts";

export interface ReleaseContextOptions {
  config?: string;
  registry?: string;
  key?: string[];
  dir?: string;
  /** A pinned Sigstore trusted_root.json (keyless releases). */
  trustedRoot?: string;
}

/** The keyless part of the trust policy: identities from charter.yml, the pinned root from --trusted-root, CHARTER_TRUSTED_ROOT or charter.yml. */
async function keylessTrust(
  repo: GovernedRepo | undefined,
  dir: string,
  options: ReleaseContextOptions,
  io: CliIO,
): Promise<Pick<TrustPolicy, "trustedRoot" | "keylessIdentities">> {
  const identities = (repo?.charter?.data.signing.keyless ?? []).map((k) => ({
    issuer: k.issuer,
    subjectAlternativeName: k.subject,
  }));
  const rootFile = options.trustedRoot
    ? resolve(io.cwd, options.trustedRoot)
    : io.env.CHARTER_TRUSTED_ROOT
      ? resolve(io.cwd, io.env.CHARTER_TRUSTED_ROOT)
      : repo?.charter?.data.signing.trusted_root_file
        ? join(dir, repo.charter.data.signing.trusted_root_file)
        : undefined;
  if (!rootFile) {
    if (identities.length > 0)
      throw new UserError(
        "charter.yml trusts keyless signers but no Sigstore trusted root is pinned: pass --trusted-root trusted_root.json (or set signing.trusted_root_file).",
      );
    return {};
  }
  let trustedRoot: object;
  try {
    trustedRoot = JSON.parse(await readFile(rootFile, "utf8")) as object;
  } catch (e) {
    throw new UserError(`Cannot read the trusted root ${rootFile}: ${(e as Error).message}`);
  }
  if (identities.length === 0)
    throw new UserError(
      "A trusted root is pinned but no keyless identity is trusted: add signing.keyless (issuer, subject) to charter.yml.",
    );
  return { trustedRoot, keylessIdentities: identities };
}

export async function releaseContext(
  given: ReleaseContextOptions,
  io: CliIO,
): Promise<{
  target: RegistryTarget;
  trustedKeys: TrustedKey[];
  trust: TrustPolicy;
  repositoryOf: (r: ReleaseRef) => string;
}> {
  const options = await withConfigFile(given, io);
  const dir = resolve(io.cwd, options.dir ?? ".");
  let repo: GovernedRepo | undefined;
  if (existsSync(join(dir, "charter.yml"))) repo = (await loadRepo(new DirectorySource(dir))).repo;
  if (!repo && !options.registry)
    throw new UserError(
      `No --registry and no charter.yml in ${dir} to read it from. Pass --registry URL|DIR or --dir.`,
    );
  const target = repo
    ? registryFor(repo, dir, options.registry, io.env)
    : registryFor({ charter: undefined } as unknown as GovernedRepo, dir, options.registry, io.env);
  const trustedKeys = options.key?.length
    ? loadTrustedKeys(options.key.map((k) => resolve(io.cwd, k)))
    : repo
      ? await trustedKeysAt(repo)
      : [];
  const keyless = await keylessTrust(repo, dir, options, io);
  if (trustedKeys.length === 0 && !keyless.trustedRoot)
    throw new UserError(
      "No trusted keys: pass --key PUBLIC.pem, or list them under signing.trusted_keys in charter.yml (keyless releases: signing.keyless and --trusted-root).",
    );
  return {
    target,
    trustedKeys,
    trust: { trustedKeys, ...keyless },
    repositoryOf: (r) => releaseRepository(target.prefix, r.tenant, r.workflow),
  };
}
