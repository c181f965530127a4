import {
  withConfigFile
} from "./chunk-3BAUQLIZ.js";
import {
  registryFor,
  trustedKeysAt
} from "./chunk-IV6L4BFD.js";
import {
  releaseRepository
} from "./chunk-QI2N7CZP.js";
import {
  loadTrustedKeys
} from "./chunk-XUHWOOZD.js";
import {
  DirectorySource,
  loadRepo
} from "./chunk-VGNTAH4S.js";
import {
  UserError
} from "./chunk-XC2IMODC.js";

// core/publish/release-ref.ts
var NAME = "[a-z][a-z0-9-]{0,62}";
var PATTERN = new RegExp(`^(${NAME})/(${NAME})@(sha256:[a-f0-9]{64}|[A-Za-z0-9_][A-Za-z0-9._-]{0,127})$`);
function parseReleaseRef(text) {
  const m = PATTERN.exec(text.trim());
  if (!m)
    throw new UserError(
      `"${text}" is not a release: use TENANT/WORKFLOW@VERSION, TENANT/WORKFLOW@CHANNEL or TENANT/WORKFLOW@sha256:DIGEST.`
    );
  return { tenant: m[1], workflow: m[2], ref: m[3] };
}

// cli/commands/release-context.ts
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
async function keylessTrust(repo, dir, options, io) {
  const identities = (repo?.charter?.data.signing.keyless ?? []).map((k) => ({
    issuer: k.issuer,
    subjectAlternativeName: k.subject
  }));
  const rootFile = options.trustedRoot ? resolve(io.cwd, options.trustedRoot) : io.env.CHARTER_TRUSTED_ROOT ? resolve(io.cwd, io.env.CHARTER_TRUSTED_ROOT) : repo?.charter?.data.signing.trusted_root_file ? join(dir, repo.charter.data.signing.trusted_root_file) : void 0;
  if (!rootFile) {
    if (identities.length > 0)
      throw new UserError(
        "charter.yml trusts keyless signers but no Sigstore trusted root is pinned: pass --trusted-root trusted_root.json (or set signing.trusted_root_file)."
      );
    return {};
  }
  let trustedRoot;
  try {
    trustedRoot = JSON.parse(await readFile(rootFile, "utf8"));
  } catch (e) {
    throw new UserError(`Cannot read the trusted root ${rootFile}: ${e.message}`);
  }
  if (identities.length === 0)
    throw new UserError(
      "A trusted root is pinned but no keyless identity is trusted: add signing.keyless (issuer, subject) to charter.yml."
    );
  return { trustedRoot, keylessIdentities: identities };
}
async function releaseContext(given, io) {
  const options = await withConfigFile(given, io);
  const dir = resolve(io.cwd, options.dir ?? ".");
  let repo;
  if (existsSync(join(dir, "charter.yml"))) repo = (await loadRepo(new DirectorySource(dir))).repo;
  if (!repo && !options.registry)
    throw new UserError(
      `No --registry and no charter.yml in ${dir} to read it from. Pass --registry URL|DIR or --dir.`
    );
  const target = repo ? registryFor(repo, dir, options.registry, io.env) : registryFor({ charter: void 0 }, dir, options.registry, io.env);
  const trustedKeys = options.key?.length ? loadTrustedKeys(options.key.map((k) => resolve(io.cwd, k))) : repo ? await trustedKeysAt(repo) : [];
  const keyless = await keylessTrust(repo, dir, options, io);
  if (trustedKeys.length === 0 && !keyless.trustedRoot)
    throw new UserError(
      "No trusted keys: pass --key PUBLIC.pem, or list them under signing.trusted_keys in charter.yml (keyless releases: signing.keyless and --trusted-root)."
    );
  return {
    target,
    trustedKeys,
    trust: { trustedKeys, ...keyless },
    repositoryOf: (r) => releaseRepository(target.prefix, r.tenant, r.workflow)
  };
}

export {
  parseReleaseRef,
  releaseContext
};
