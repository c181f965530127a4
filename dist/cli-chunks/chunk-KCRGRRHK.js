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
  sha256Hex,
  verifyAttestation
} from "./chunk-JKBLQTHZ.js";
import {
  UserError
} from "./chunk-XC2IMODC.js";

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

// cli/runner-config.ts
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parse } from "yaml";
import * as z2 from "zod";
var configSchema = z2.strictObject({
  registry: z2.string().min(1).optional(),
  keys: z2.array(z2.string().min(1)).optional(),
  trusted_root: z2.string().min(1).optional(),
  dir: z2.string().min(1).optional(),
  state: z2.string().min(1).optional(),
  database: z2.string().min(1).optional(),
  redis: z2.string().min(1).optional(),
  tenants: z2.array(z2.string().min(1)).optional(),
  port: z2.union([z2.int(), z2.string()]).optional(),
  host: z2.string().min(1).optional(),
  mode: z2.enum(["auto", "live", "replay"]).optional(),
  cassettes: z2.string().min(1).optional(),
  teams: z2.string().min(1).optional(),
  concurrency: z2.union([z2.int(), z2.string()]).optional()
});
async function withConfigFile(options, io) {
  const file2 = options.config ?? io.env.CHARTER_RUNNER_CONFIG;
  if (!file2) return options;
  const path = resolve(io.cwd, file2);
  const text = await readFile(path, "utf8").catch((e) => {
    throw new UserError(
      `Cannot read the runner configuration ${file2}: ${e.code === "ENOENT" ? "no such file" : e.message}.`
    );
  });
  let raw;
  try {
    raw = parse(text) ?? {};
  } catch (e) {
    throw new UserError(`${file2} is not valid YAML: ${e.message}`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`${file2}: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
  }
  const c = parsed.data;
  const at = (p) => p === void 0 ? void 0 : resolve(dirname(path), p);
  const fill = {
    registry: c.registry && /^https?:\/\//.test(c.registry) ? c.registry : at(c.registry),
    key: c.keys?.map((k) => at(k)),
    trustedRoot: at(c.trusted_root),
    dir: at(c.dir),
    state: at(c.state),
    database: c.database,
    redis: c.redis,
    tenant: c.tenants,
    port: c.port === void 0 ? void 0 : String(c.port),
    host: c.host,
    mode: c.mode,
    cassettes: at(c.cassettes),
    teams: at(c.teams),
    concurrency: c.concurrency === void 0 ? void 0 : String(c.concurrency)
  };
  const out = { ...options };
  for (const [k, v] of Object.entries(fill)) if (v !== void 0 && out[k] === void 0) out[k] = v;
  return out;
}

export {
  openBundle,
  verifyRelease,
  withConfigFile
};
