/**
 * What `verify` and `promote` need from the local configuration: the registry (--registry, or
 * charter.yml's) and the trusted keys (--key files, or charter.yml's signing.trusted_keys) — always
 * local, never taken from the registry being verified.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { UserError } from "../../core/errors.ts";
import { loadRepo } from "../../core/model/load.ts";
import type { GovernedRepo } from "../../core/model/repo.ts";
import { type RegistryTarget, registryFor, trustedKeysAt } from "../../core/publish/project.ts";
import type { ReleaseRef } from "../../core/publish/release-ref.ts";
import { releaseRepository } from "../../core/publish/release-store.ts";
import { loadTrustedKeys, type TrustedKey } from "../../core/signing/keys.ts";
import { DirectorySource } from "../../core/source/directory-source.ts";
import type { CliIO } from "../io.ts";

export interface ReleaseContextOptions {
  registry?: string;
  key?: string[];
  dir?: string;
}

export async function releaseContext(
  options: ReleaseContextOptions,
  io: CliIO,
): Promise<{ target: RegistryTarget; trustedKeys: TrustedKey[]; repositoryOf: (r: ReleaseRef) => string }> {
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
  if (trustedKeys.length === 0)
    throw new UserError(
      "No trusted keys: pass --key PUBLIC.pem, or list them under signing.trusted_keys in charter.yml.",
    );
  return { target, trustedKeys, repositoryOf: (r) => releaseRepository(target.prefix, r.tenant, r.workflow) };
}
