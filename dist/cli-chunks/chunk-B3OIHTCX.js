import {
  BUNDLE_INDEX,
  BUNDLE_SCHEMA,
  GOVERNANCE_PREDICATE_V1,
  RegistryError,
  SLSA_PROVENANCE_V1,
  TarError,
  attachedAttestations,
  parseGovernancePredicate,
  readRelease,
  readTar,
  registryFor,
  releaseRepository,
  sha256Hex,
  trustedKeysAt,
  verifyAttestation
} from "./chunk-RG3CZ4OM.js";
import {
  loadTrustedKeys
} from "./chunk-XUHWOOZD.js";
import {
  DirectorySource,
  loadRepo
} from "./chunk-CUEV4TI6.js";
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

// core/bundle/open.ts
import * as z from "zod";
var file = z.strictObject({
  path: z.string(),
  sha256: z.string().regex(/^[a-f0-9]{64}$/),
  size: z.int().min(0)
});
var indexSchema = z.strictObject({
  schema: z.literal(BUNDLE_SCHEMA),
  tenant: z.string().min(1),
  workflow: z.string().min(1),
  version: z.string().min(1),
  entrypoint: z.string().min(1),
  files: z.array(file),
  evals: z.array(
    z.strictObject({
      name: z.string(),
      file: z.string(),
      target: z.union([z.strictObject({ prompt: z.string() }), z.strictObject({ workflow: z.string() })]),
      cases: z.int().min(0),
      threshold: z.number(),
      repeat: z.int().min(1),
      routes: z.array(z.string())
    })
  )
});
var BundleError = class extends Error {
  name = "BundleError";
};
var decoder = new TextDecoder("utf-8", { fatal: true });
function parseJson(bytes, what) {
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    throw new BundleError(`The bundle's ${what} is not valid JSON.`);
  }
}
function openBundle(bytes, limits) {
  let entries;
  try {
    entries = readTar(bytes, limits);
  } catch (e) {
    if (e instanceof TarError) throw new BundleError(`Invalid bundle archive: ${e.message}`);
    throw e;
  }
  const files = new Map(entries.map((e) => [e.path, e.bytes]));
  const raw = files.get(BUNDLE_INDEX);
  if (!raw) throw new BundleError(`The bundle has no ${BUNDLE_INDEX}.`);
  const parsed = indexSchema.safeParse(parseJson(raw, BUNDLE_INDEX));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BundleError(`Invalid ${BUNDLE_INDEX} at ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  const index = parsed.data;
  const listed = /* @__PURE__ */ new Set();
  for (const f of index.files) {
    const content = files.get(f.path);
    if (!content) throw new BundleError(`The bundle's index lists ${f.path}, which it does not contain.`);
    if (content.length !== f.size || sha256Hex(content) !== f.sha256)
      throw new BundleError(`${f.path} in the bundle does not match the digest its index records.`);
    listed.add(f.path);
  }
  for (const path of files.keys())
    if (path !== BUNDLE_INDEX && !listed.has(path))
      throw new BundleError(`The bundle contains ${path}, which its index does not list.`);
  if (!files.has(index.entrypoint))
    throw new BundleError(`The bundle's entrypoint ${index.entrypoint} is missing.`);
  const resolvedBytes = files.get("resolved.json");
  if (!resolvedBytes) throw new BundleError("The bundle has no resolved.json.");
  const resolved = parseJson(resolvedBytes, "resolved.json");
  if (resolved === null || typeof resolved !== "object" || Array.isArray(resolved))
    throw new BundleError("The bundle's resolved.json is not an object.");
  return { index, resolved, files };
}

// core/publish/verify-release.ts
var DIGEST = /^sha256:[a-f0-9]{64}$/;
function verifyUnder(trust, bytes, type, subjectDigest) {
  const base = {
    trustedKeys: trust.trustedKeys,
    expectedPredicateType: type,
    subjectDigest,
    ...trust.trustedRoot ? { trustedRoot: trust.trustedRoot } : {}
  };
  const identities = trust.keylessIdentities ?? [];
  let result = verifyAttestation(
    bytes,
    identities.length ? { ...base, keylessIdentity: identities[0] } : base
  );
  for (const identity of identities.slice(1)) {
    if (result.ok || result.reason !== "keyless-untrusted") break;
    result = verifyAttestation(bytes, { ...base, keylessIdentity: identity });
  }
  return result;
}
async function verifyRelease(registry, repository, ref, trust, options = {}) {
  try {
    return await verifyUnguarded(registry, repository, ref, trust, options);
  } catch (e) {
    if (e instanceof RegistryError)
      return { ok: false, repository, ref, reasons: [`${e.message} (${e.code})`] };
    throw e;
  }
}
async function verifyUnguarded(registry, repository, ref, trust, options) {
  const fail = (...reasons2) => ({ ok: false, repository, ref, reasons: reasons2 });
  if (trust.trustedKeys.length === 0 && !trust.trustedRoot)
    return fail(
      "No trusted keys are configured: add signing.trusted_keys to charter.yml or pass --key PUBLIC.pem (or, for keyless releases, signing.keyless with a pinned --trusted-root)."
    );
  let digest = ref;
  if (!DIGEST.test(ref)) {
    const d = await registry.resolve(repository, ref);
    if (!d) return fail(`${repository}:${ref} is not published in ${registry.location}.`);
    digest = d.digest;
  }
  let release;
  try {
    release = await readRelease(registry, repository, digest);
  } catch (e) {
    return fail(e.message);
  }
  if (!release) return fail(`${repository}@${digest} is not in ${registry.location}.`);
  const bundleBytes = await registry.fetchBlob(repository, release.bundleDigest, {
    maxBytes: options.maxBundleBytes ?? 64 * 1024 * 1024
  });
  let bundle;
  try {
    bundle = openBundle(bundleBytes);
  } catch (e) {
    return fail(e.message);
  }
  const attached = await attachedAttestations(registry, repository, release.manifestDigest);
  if (attached.length === 0)
    return fail(`${repository}@${digest} has no attached attestations: it was not signed.`);
  const results = /* @__PURE__ */ new Map();
  const reasons = [];
  for (const type of [SLSA_PROVENANCE_V1, GOVERNANCE_PREDICATE_V1]) {
    const ordered = [...attached].sort(
      (a, b) => Number(b.predicateTypeHint === type) - Number(a.predicateTypeHint === type)
    );
    for (const a of ordered) {
      const result = verifyUnder(trust, a.bytes, type, release.bundleDigest);
      if (result.ok) {
        results.set(type, { predicate: result.predicate, signer: result.signer });
        break;
      }
      if (a.predicateTypeHint === type) reasons.push(`${type}: ${result.message} (${result.reason})`);
    }
    if (!results.has(type) && !reasons.some((r) => r.startsWith(type)))
      reasons.push(`${type}: no attestation of this type is attached.`);
  }
  if (reasons.length > 0) return fail(...reasons);
  let governance;
  try {
    governance = parseGovernancePredicate(results.get(GOVERNANCE_PREDICATE_V1).predicate);
  } catch (e) {
    return fail(`The governance attestation is malformed: ${e.message}`);
  }
  const { index } = bundle;
  const mismatches = [
    governance.tenant !== index.tenant && `tenant ${governance.tenant} ≠ ${index.tenant}`,
    governance.workflow !== index.workflow && `workflow ${governance.workflow} ≠ ${index.workflow}`,
    governance.version !== index.version && `version ${governance.version} ≠ ${index.version}`,
    governance.bundle.digest !== release.bundleDigest && `bundle ${governance.bundle.digest} ≠ ${release.bundleDigest}`
  ].filter(Boolean);
  if (mismatches.length > 0)
    return fail(`The governance attestation describes another release: ${mismatches.join(", ")}.`);
  return {
    ok: true,
    repository,
    ref,
    release,
    bundle,
    bundleBytes,
    governance,
    provenance: results.get(SLSA_PROVENANCE_V1).predicate,
    signers: [...new Set([...results.values()].map((r) => r.signer))]
  };
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
async function releaseContext(options, io) {
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
  openBundle,
  verifyRelease,
  releaseContext
};
