import {
  keyIdOf
} from "./chunk-XUHWOOZD.js";
import {
  compareSemver,
  resolveWorkflow
} from "./chunk-4YJBRKOS.js";
import {
  canonicalJson
} from "./chunk-VGNTAH4S.js";
import {
  UserError
} from "./chunk-XC2IMODC.js";

// core/signing/statement.ts
import * as z from "zod";
var STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
var INTOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
var SLSA_PROVENANCE_V1 = "https://slsa.dev/provenance/v1";
var GOVERNANCE_PREDICATE_V1 = "https://charter.dev/attestation/governance/v1";
var BUILD_TYPE = "https://charter.dev/buildtypes/workflow-bundle/v1";
var StatementError = class extends Error {
  name = "StatementError";
};
var hex64 = z.string().regex(/^[a-f0-9]{64}$/, "expected 64 lowercase hex characters");
var gitSha = z.string().regex(/^[a-f0-9]{40}$/, "expected a 40-character lowercase hex commit id");
var prefixedSha256 = z.string().regex(/^sha256:[a-f0-9]{64}$/, 'expected "sha256:" and 64 lowercase hex');
var isoTime = z.iso.datetime({ offset: true });
var nonEmpty = z.string().min(1);
var subjectSchema = z.strictObject({
  name: nonEmpty,
  digest: z.strictObject({ sha256: hex64 })
});
var statementSchema = z.strictObject({
  _type: z.literal(STATEMENT_TYPE),
  subject: z.array(subjectSchema).min(1),
  predicateType: nonEmpty,
  predicate: z.record(z.string(), z.unknown())
});
function buildStatement(subject, predicateType, predicate) {
  const statement = {
    _type: STATEMENT_TYPE,
    subject: Array.isArray(subject) ? [...subject] : [subject],
    predicateType,
    predicate
  };
  checked(statementSchema, statement, "statement");
  return statement;
}
function parseStatement(bytes) {
  let value;
  try {
    const text = typeof bytes === "string" ? bytes : new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    value = JSON.parse(text);
  } catch {
    throw new StatementError("statement is not UTF-8 JSON");
  }
  return checked(statementSchema, value, "statement");
}
function assertStatement(value) {
  checked(statementSchema, value, "statement");
}
var bundleEntrySchema = z.strictObject({ path: nonEmpty, sha256: hex64, size: z.int().min(0) });
var uri = z.string().regex(/^[a-z][a-z0-9+.-]*:\S+$/i, "expected an absolute URI");
var provenanceSchema = z.strictObject({
  buildDefinition: z.strictObject({
    buildType: z.literal(BUILD_TYPE),
    externalParameters: z.strictObject({
      repository: z.url(),
      ref: nonEmpty,
      tenant: nonEmpty,
      workflow: nonEmpty,
      version: nonEmpty
    }),
    internalParameters: z.strictObject({
      workflowPath: nonEmpty.optional(),
      bundleEntries: z.array(bundleEntrySchema).optional()
    }),
    resolvedDependencies: z.array(z.strictObject({ uri: nonEmpty, digest: z.record(z.string(), nonEmpty) })).min(1)
  }),
  runDetails: z.strictObject({
    builder: z.strictObject({ id: uri }),
    metadata: z.strictObject({
      invocationId: nonEmpty.optional(),
      startedOn: isoTime.optional(),
      finishedOn: isoTime.optional()
    })
  })
});
function buildProvenance(input) {
  if (!gitSha.safeParse(input.commit).success) {
    throw new StatementError(`provenance: commit must be 40 lowercase hex characters, got "${input.commit}"`);
  }
  const provenance = {
    buildDefinition: {
      buildType: BUILD_TYPE,
      externalParameters: {
        repository: input.repository,
        ref: input.ref,
        tenant: input.tenant,
        workflow: input.workflow,
        version: input.version
      },
      internalParameters: withoutUndefined({
        workflowPath: input.workflowPath,
        bundleEntries: input.bundleEntries
      }),
      resolvedDependencies: [
        { uri: `git+${input.repository}@${input.ref}`, digest: { gitCommit: input.commit } }
      ]
    },
    runDetails: {
      builder: { id: input.builderId },
      metadata: withoutUndefined({
        invocationId: input.invocationId,
        startedOn: input.startedOn,
        finishedOn: input.finishedOn
      })
    }
  };
  checked(provenanceSchema, provenance, "provenance");
  return provenance;
}
var githubUser = z.strictObject({ login: nonEmpty, id: z.int().positive() });
var governancePredicateSchema = z.strictObject({
  /** `tenant/workflow`. */
  name: nonEmpty,
  tenant: nonEmpty,
  workflow: nonEmpty,
  version: nonEmpty,
  /** Position of this release in the workflow's history: 1, 2, 3… with no gaps. */
  sequence: z.int().min(1),
  /** The release this one follows (digest of its governance statement), null for the first. */
  previous: z.strictObject({ digest: prefixedSha256, version: nonEmpty }).nullable(),
  issuedAt: isoTime,
  /** A runner refuses the release after this time (freeze protection). */
  expires: isoTime,
  source: z.strictObject({ repository: z.url(), commit: gitSha, ref: nonEmpty }),
  pullRequest: z.strictObject({
    number: z.int().positive(),
    url: z.url().optional(),
    author: githubUser,
    merger: githubUser.nullable(),
    mergedAt: isoTime.nullable().optional(),
    /** The head commit the counted approvals were given on. */
    approvedHead: gitSha,
    headSha: gitSha,
    /** Whether the governed files are identical at `approvedHead` and at the merged commit. */
    treeEqual: z.boolean().optional()
  }).nullable(),
  /** Every standing approval, counted or not (with the reason it was not). */
  approvals: z.array(
    z.strictObject({
      reviewer: githubUser,
      reviewId: z.int().positive(),
      commit: gitSha,
      submittedAt: isoTime,
      tenant: nonEmpty.optional(),
      counted: z.boolean(),
      /** How a counted reviewer qualified, e.g. `user:alice` or `team:acme/support`. */
      via: nonEmpty.optional(),
      reason: nonEmpty.optional()
    })
  ),
  /** Check runs on the head; `conclusion` is null while a check is still running. */
  checks: z.array(z.strictObject({ name: nonEmpty, conclusion: nonEmpty.nullable(), headSha: gitSha })),
  policy: z.strictObject({
    digest: prefixedSha256,
    /** The commit whose policy applied (the base of the merge). */
    commit: gitSha,
    /** Approvals the tenant requires. */
    required: z.int().min(0).optional(),
    /** The tenant's approvers as written in the policy. */
    approvers: z.array(nonEmpty).optional()
  }),
  /** The pull request evaluation (the eval summary charter posts on the pull request). */
  eval: z.strictObject({
    /** The commit the evaluation ran on. */
    head: gitSha,
    conclusion: z.enum(["success", "failure"]),
    passed: z.boolean(),
    /** Whether `head` is the merged pull request head. */
    atMergedHead: z.boolean().optional(),
    suites: z.array(
      z.strictObject({
        /** `tenant/suite`. */
        suite: nonEmpty,
        /** Null when the suite did not run at the head. */
        passRate: z.number().min(0).max(1).nullable(),
        passed: z.boolean(),
        regressions: z.int().min(0),
        cases: z.int().min(0)
      })
    ),
    summary: z.strictObject({
      suites: z.int().min(0),
      cases: z.int().min(0),
      passedCases: z.int().min(0),
      failedSuites: z.int().min(0)
    }).optional()
  }).nullable(),
  bundle: z.strictObject({ digest: prefixedSha256, mediaType: nonEmpty })
}).superRefine((p, ctx) => {
  if (p.name !== `${p.tenant}/${p.workflow}`) {
    ctx.addIssue({ code: "custom", path: ["name"], message: `expected "${p.tenant}/${p.workflow}"` });
  }
  if (p.sequence === 1 && p.previous !== null) {
    ctx.addIssue({
      code: "custom",
      path: ["previous"],
      message: "the first release (sequence 1) has no previous"
    });
  }
  if (p.sequence > 1 && p.previous === null) {
    ctx.addIssue({
      code: "custom",
      path: ["previous"],
      message: `sequence ${p.sequence} needs a previous release`
    });
  }
  if (Date.parse(p.expires) <= Date.parse(p.issuedAt)) {
    ctx.addIssue({ code: "custom", path: ["expires"], message: "must be later than issuedAt" });
  }
});
function parseGovernancePredicate(value) {
  return checked(governancePredicateSchema, value, "predicate");
}
function checked(schema, value, root) {
  const result = schema.safeParse(value);
  if (result.success) return value;
  const problems = result.error.issues.map((issue) => `${formatPath(root, issue.path)}: ${issue.message}`);
  throw new StatementError(`invalid ${root}: ${problems.join("; ")}`);
}
function formatPath(root, path) {
  let out = root;
  for (const part of path) {
    out += typeof part === "number" ? `[${part}]` : `.${String(part)}`;
  }
  return out;
}
function withoutUndefined(value) {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== void 0));
}

// core/bundle/open.ts
import * as z2 from "zod";

// core/bundle/build.ts
import { createHash } from "node:crypto";

// core/bundle/tar.ts
var BLOCK = 512;
var encoder = new TextEncoder();
var decoder = new TextDecoder("utf-8", { fatal: true });
var TarError = class extends Error {
  name = "TarError";
};
function isSafeEntryPath(path) {
  if (path.length === 0 || path.startsWith("/") || path.endsWith("/")) return false;
  if (/[\u0000-\u001f\u007f\\]/.test(path)) return false;
  return path.split("/").every((s) => s !== "" && s !== "." && s !== "..");
}
function splitName(path) {
  const bytes = encoder.encode(path);
  if (bytes.length <= 100) return { name: path, prefix: "" };
  for (let i = path.lastIndexOf("/"); i > 0; i = path.lastIndexOf("/", i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (encoder.encode(prefix).length <= 155 && encoder.encode(name).length <= 100) return { name, prefix };
  }
  throw new TarError(`Path "${path}" is too long for a bundle (at most 255 bytes, split at a "/").`);
}
function writeField(header2, offset, length, text) {
  const bytes = encoder.encode(text);
  if (bytes.length > length) throw new TarError(`Tar header field too long: "${text}"`);
  header2.set(bytes, offset);
}
function octal(value, length) {
  return `${value.toString(8).padStart(length - 1, "0")}\0`;
}
function header(path, size) {
  const h = new Uint8Array(BLOCK);
  const { name, prefix } = splitName(path);
  writeField(h, 0, 100, name);
  writeField(h, 100, 8, octal(420, 8));
  writeField(h, 108, 8, octal(0, 8));
  writeField(h, 116, 8, octal(0, 8));
  writeField(h, 124, 12, octal(size, 12));
  writeField(h, 136, 12, octal(0, 12));
  h.fill(32, 148, 156);
  h[156] = 48;
  writeField(h, 257, 6, "ustar\0");
  writeField(h, 263, 2, "00");
  writeField(h, 329, 8, octal(0, 8));
  writeField(h, 337, 8, octal(0, 8));
  writeField(h, 345, 155, prefix);
  writeField(h, 148, 8, octal(checksum(h), 7).padEnd(8, " "));
  return h;
}
function checksum(h) {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
  return sum;
}
var padding = (size) => (BLOCK - size % BLOCK) % BLOCK;
function writeTar(entries) {
  const sorted = [...entries].sort((a, b) => compareBytes(a.path, b.path));
  let total = 2 * BLOCK;
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i];
    if (!isSafeEntryPath(e.path)) throw new TarError(`Unsafe path in bundle: "${e.path}"`);
    if (i > 0 && sorted[i - 1].path === e.path) throw new TarError(`Duplicate path in bundle: "${e.path}"`);
    total += BLOCK + e.bytes.length + padding(e.bytes.length);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const e of sorted) {
    out.set(header(e.path, e.bytes.length), offset);
    offset += BLOCK;
    out.set(e.bytes, offset);
    offset += e.bytes.length + padding(e.bytes.length);
  }
  return out;
}
function compareBytes(a, b) {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}
function readString(h, offset, length) {
  let end = offset;
  while (end < offset + length && h[end] !== 0) end++;
  try {
    return decoder.decode(h.subarray(offset, end));
  } catch {
    throw new TarError("Tar header holds a name that is not UTF-8.");
  }
}
function readOctal(h, offset, length, field) {
  const text = readString(h, offset, length).trim();
  if (!/^[0-7]{1,11}$/.test(text)) throw new TarError(`Tar header has an invalid ${field} field.`);
  return Number.parseInt(text, 8);
}
var DEFAULT_READ_LIMITS = {
  maxBytes: 64 * 1024 * 1024,
  maxEntries: 1e4,
  maxEntryBytes: 16 * 1024 * 1024
};
function readTar(archive, limits = DEFAULT_READ_LIMITS) {
  if (archive.length > limits.maxBytes)
    throw new TarError(`Bundle is ${archive.length} bytes; the limit is ${limits.maxBytes}.`);
  if (archive.length % BLOCK !== 0) throw new TarError("Bundle is not a whole number of tar blocks.");
  const entries = [];
  let offset = 0;
  for (; ; ) {
    if (offset + BLOCK > archive.length) throw new TarError("Bundle ends without the end-of-archive marker.");
    const h = archive.subarray(offset, offset + BLOCK);
    if (h.every((b) => b === 0)) {
      const rest = archive.subarray(offset);
      if (rest.length !== 2 * BLOCK || !rest.every((b) => b === 0))
        throw new TarError("Bundle has data after its end-of-archive marker.");
      return entries;
    }
    if (readOctal(h, 148, 8, "checksum") !== checksum(h)) throw new TarError("Tar header checksum mismatch.");
    if (readString(h, 257, 6) !== "ustar" || readString(h, 263, 2) !== "00")
      throw new TarError("Bundle is not a ustar archive.");
    if (h[156] !== 48) throw new TarError("Bundle holds an entry that is not a regular file.");
    const name = readString(h, 0, 100);
    const prefix = readString(h, 345, 155);
    const path = prefix ? `${prefix}/${name}` : name;
    if (!isSafeEntryPath(path)) throw new TarError(`Bundle holds an unsafe path: ${JSON.stringify(path)}`);
    const size = readOctal(h, 124, 12, "size");
    if (size > limits.maxEntryBytes) throw new TarError(`Bundle entry "${path}" is larger than allowed.`);
    if (entries.length >= limits.maxEntries) throw new TarError("Bundle holds too many entries.");
    const previous = entries.at(-1);
    if (previous && compareBytes(previous.path, path) >= 0)
      throw new TarError(`Bundle entries are duplicated or out of order at "${path}".`);
    const start = offset + BLOCK;
    if (start + size > archive.length) throw new TarError(`Bundle entry "${path}" is truncated.`);
    entries.push({ path, bytes: archive.slice(start, start + size) });
    offset = start + size + padding(size);
  }
}

// core/bundle/build.ts
var BUNDLE_SCHEMA = "https://charter.dev/bundle/v1";
var BUNDLE_INDEX = "charter-bundle.json";
var BUNDLE_RESOLVED = "resolved.json";
var sha256Hex = (bytes) => createHash("sha256").update(bytes).digest("hex");
var json = (value) => new TextEncoder().encode(`${canonicalJson(value)}
`);
function byName(entries, f) {
  return Object.fromEntries([...entries].sort(([a], [b]) => a < b ? -1 : 1).map(([k, v]) => [k, f(v)]));
}
async function buildBundle(repo, tenantName, workflow) {
  const tenant = repo.tenants.get(tenantName);
  if (!tenant) throw new UserError(`No tenant "${tenantName}" in ${repo.source.label}.`);
  const r = resolveWorkflow(repo, tenant, workflow);
  if (!r) throw new UserError(`No workflow "${workflow}" in tenant "${tenantName}".`);
  if (!tenant.config)
    throw new UserError(
      `Cannot bundle ${tenantName}/${workflow}: ${tenant.dir}/tenant.yml is missing or invalid, and a bundle carries the tenant's runtime policy. Run \`charter lint\`.`
    );
  if (r.missing.length > 0)
    throw new UserError(
      `Cannot bundle ${tenantName}/${workflow}: it references ${[...new Set(r.missing)].join(", ")}, which do not resolve. Run \`charter lint\`.`
    );
  const paths = /* @__PURE__ */ new Set([r.workflow.path]);
  for (const wf of r.subWorkflows.values()) paths.add(wf.path);
  for (const p of r.prompts.values()) paths.add(p.path);
  for (const s of r.evals) paths.add(s.path);
  for (const docs of r.knowledge.values()) for (const d of docs) paths.add(d.path);
  const read = await repo.source.readMany([...paths]);
  const entries = [];
  for (const path of paths) {
    const bytes2 = read.get(path);
    if (!bytes2) throw new UserError(`Cannot read ${path} from ${repo.source.label} while bundling.`);
    entries.push({ path, bytes: bytes2 });
  }
  const resolved = {
    workflows: byName([[workflow, r.workflow], ...r.subWorkflows], (w) => w.path),
    prompts: byName(r.prompts, (p) => p.path),
    knowledge: Object.fromEntries(
      [...r.knowledge].sort(([a], [b]) => a < b ? -1 : 1).map(([k, docs]) => [k, docs.map((d) => d.path).sort()])
    ),
    routes: r.routes,
    models: r.models,
    providers: r.providers,
    tools: r.tools,
    tenant: r.tenantPolicy ?? null
  };
  entries.push({ path: BUNDLE_RESOLVED, bytes: json(resolved) });
  const files = entries.map((e) => ({ path: e.path, sha256: sha256Hex(e.bytes), size: e.bytes.length })).sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const index = {
    schema: BUNDLE_SCHEMA,
    tenant: tenantName,
    workflow,
    version: r.workflow.data.version,
    entrypoint: r.workflow.path,
    files,
    evals: r.evals.map((s) => ({
      name: s.data.name,
      file: s.path,
      target: s.data.target,
      cases: s.data.cases.length,
      threshold: s.data.threshold,
      repeat: s.data.repeat,
      routes: [...s.data.routes]
    })).sort((a, b) => a.name < b.name ? -1 : 1)
  };
  entries.push({ path: BUNDLE_INDEX, bytes: json(index) });
  const bytes = writeTar(entries);
  return {
    tenant: tenantName,
    workflow,
    version: index.version,
    digest: `sha256:${sha256Hex(bytes)}`,
    bytes,
    index,
    resolution: r
  };
}

// core/bundle/open.ts
var file = z2.strictObject({
  path: z2.string(),
  sha256: z2.string().regex(/^[a-f0-9]{64}$/),
  size: z2.int().min(0)
});
var indexSchema = z2.strictObject({
  schema: z2.literal(BUNDLE_SCHEMA),
  tenant: z2.string().min(1),
  workflow: z2.string().min(1),
  version: z2.string().min(1),
  entrypoint: z2.string().min(1),
  files: z2.array(file),
  evals: z2.array(
    z2.strictObject({
      name: z2.string(),
      file: z2.string(),
      target: z2.union([z2.strictObject({ prompt: z2.string() }), z2.strictObject({ workflow: z2.string() })]),
      cases: z2.int().min(0),
      threshold: z2.number(),
      repeat: z2.int().min(1),
      routes: z2.array(z2.string())
    })
  )
});
var BundleError = class extends Error {
  name = "BundleError";
};
var decoder2 = new TextDecoder("utf-8", { fatal: true });
function parseJson(bytes, what) {
  try {
    return JSON.parse(decoder2.decode(bytes));
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

// core/registry/types.ts
import { createHash as createHash2 } from "node:crypto";
var MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
var INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
var OCTET_STREAM = "application/octet-stream";
var DEFAULT_MAX_BLOB_BYTES = 64 * 1024 * 1024;
var DEFAULT_MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
var RegistryError = class extends Error {
  name = "RegistryError";
  code;
  constructor(code, message, options = {}) {
    super(message, { cause: options.cause });
    this.code = code;
  }
};
var CREDENTIAL_HINT = "set CHARTER_REGISTRY_USERNAME / CHARTER_REGISTRY_PASSWORD or CHARTER_REGISTRY_TOKEN";
var REPO_RE = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
var TAG_RE = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
var DIGEST_RE = /^sha256:[a-f0-9]{64}$/;
function checkRepo(repo) {
  if (typeof repo !== "string" || repo.length > 255 || !REPO_RE.test(repo))
    throw new RegistryError(
      "unsupported",
      `invalid repository name ${JSON.stringify(repo)}: use lowercase path components like "acme/workflows/triage"`
    );
  return repo;
}
function checkTag(tag) {
  if (typeof tag !== "string" || !TAG_RE.test(tag))
    throw new RegistryError(
      "unsupported",
      `invalid tag ${JSON.stringify(tag)}: up to 128 of [A-Za-z0-9_.-], not starting with "." or "-"`
    );
  return tag;
}
function checkDigest(digest) {
  if (typeof digest !== "string" || !DIGEST_RE.test(digest))
    throw new RegistryError(
      "unsupported",
      `invalid digest ${JSON.stringify(digest)}: expected sha256:<64 hex>`
    );
  return digest;
}
function isDigest(ref) {
  return DIGEST_RE.test(ref);
}
function checkRef(ref) {
  return typeof ref === "string" && ref.startsWith("sha256:") ? checkDigest(ref) : checkTag(ref);
}
function sha256Digest(bytes) {
  return `sha256:${createHash2("sha256").update(bytes).digest("hex")}`;
}
function verifyDigest(bytes, digest, what) {
  const actual = sha256Digest(bytes);
  if (actual !== digest)
    throw new RegistryError(
      "digest-mismatch",
      `${what}: content hashes to ${actual}, not ${digest} — the registry or storage returned other bytes`
    );
}
function fallbackTag(digest) {
  return checkDigest(digest).replace(":", "-");
}
function parseManifest(bytes, what, fallback) {
  let json2;
  try {
    json2 = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new RegistryError("protocol", `${what} is not JSON`, { cause: error });
  }
  if (typeof json2 !== "object" || json2 === null || Array.isArray(json2))
    throw new RegistryError("protocol", `${what} is not a JSON object`);
  const obj = json2;
  if (obj.schemaVersion !== 2) throw new RegistryError("protocol", `${what}: schemaVersion is not 2`);
  const mediaType = typeof obj.mediaType === "string" ? obj.mediaType : fallback;
  if (!mediaType) throw new RegistryError("protocol", `${what} has no mediaType`);
  if (mediaType === MANIFEST_MEDIA_TYPE && (typeof obj.config !== "object" || obj.config === null || !Array.isArray(obj.layers)))
    throw new RegistryError("protocol", `${what}: an image manifest needs config and layers`);
  if (mediaType === INDEX_MEDIA_TYPE && !Array.isArray(obj.manifests))
    throw new RegistryError("protocol", `${what}: an image index needs manifests`);
  return { manifest: obj, mediaType };
}
function manifestToPush(bytes, mediaType) {
  if (bytes.byteLength > DEFAULT_MAX_MANIFEST_BYTES)
    throw new RegistryError(
      "too-large",
      `manifest is ${bytes.byteLength} bytes; registries accept up to 4 MiB`
    );
  const parsed = parseManifest(bytes, "manifest to push", mediaType ?? MANIFEST_MEDIA_TYPE);
  if (mediaType && parsed.mediaType !== mediaType)
    throw new RegistryError(
      "protocol",
      `manifest says mediaType ${parsed.mediaType} but was pushed as ${mediaType}`
    );
  return parsed.mediaType;
}

// core/signing/verify.ts
import { BUNDLE_V03_MEDIA_TYPE, bundleFromJSON, ValidationError } from "@sigstore/bundle";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import {
  toSignedEntity,
  toTrustMaterial,
  VerificationError,
  Verifier
} from "@sigstore/verify";
var DEFAULT_MAX_BUNDLE_BYTES = 4 * 1024 * 1024;
function verifyAttestation(bundleBytes, policy) {
  try {
    return verify(bundleBytes, policy);
  } catch (error) {
    return fail("malformed-bundle", `could not read the bundle: ${describe(error)}`);
  }
}
function verify(bundleBytes, policy) {
  const maxBytes = policy.maxBytes ?? DEFAULT_MAX_BUNDLE_BYTES;
  const size = typeof bundleBytes === "string" ? Buffer.byteLength(bundleBytes, "utf8") : bundleBytes.byteLength;
  if (size > maxBytes) return fail("too-large", `bundle is ${size} bytes; the limit is ${maxBytes}`);
  let json2;
  try {
    const text = typeof bundleBytes === "string" ? bundleBytes : new TextDecoder("utf-8", { fatal: true }).decode(bundleBytes);
    json2 = JSON.parse(text);
  } catch {
    return fail("malformed-bundle", "bundle is not UTF-8 JSON");
  }
  if (json2 === null || typeof json2 !== "object" || Array.isArray(json2)) {
    return fail("malformed-bundle", `expected a JSON object (a Sigstore bundle), found ${jsonKind(json2)}`);
  }
  const mediaType = json2.mediaType;
  if (typeof mediaType !== "string") return fail("malformed-bundle", "bundle has no mediaType string");
  if (mediaType !== BUNDLE_V03_MEDIA_TYPE) {
    return fail(
      "unsupported-media-type",
      `bundle media type is ${clip(mediaType)}, expected "${BUNDLE_V03_MEDIA_TYPE}"`
    );
  }
  let bundle;
  try {
    bundle = bundleFromJSON(json2);
  } catch (error) {
    const fields = error instanceof ValidationError ? ` (${error.fields.join(", ")})` : "";
    return fail("malformed-bundle", `not a valid Sigstore bundle${fields}`);
  }
  if (bundle.content.$case !== "dsseEnvelope") {
    return fail("malformed-bundle", "bundle holds a message signature; an attestation is a DSSE envelope");
  }
  const envelope = bundle.content.dsseEnvelope;
  const material = bundle.verificationMaterial.content;
  let root;
  if (policy.trustedRoot !== void 0) {
    try {
      root = TrustedRoot.fromJSON(policy.trustedRoot);
    } catch {
      return fail("keyless-untrusted", "the pinned trusted root is not a valid Sigstore trusted_root.json");
    }
  }
  let signed;
  switch (material.$case) {
    case "publicKey":
      signed = verifyKeyBundle(bundle, material.publicKey.hint, envelope.signatures[0].keyid, policy, root);
      break;
    case "certificate":
      signed = verifyKeylessBundle(bundle, policy, root);
      break;
    default:
      return fail("malformed-bundle", `unsupported verification material ${clip(material.$case)}`);
  }
  if ("ok" in signed) return signed;
  if (envelope.payloadType !== INTOTO_PAYLOAD_TYPE) {
    return fail(
      "payload-type",
      `payload type is ${clip(envelope.payloadType)}, expected "${INTOTO_PAYLOAD_TYPE}"`
    );
  }
  let statement;
  try {
    statement = parseStatement(envelope.payload);
  } catch (error) {
    const message = error instanceof StatementError ? error.message : "statement could not be read";
    return fail("malformed-statement", message);
  }
  if (statement.predicateType !== policy.expectedPredicateType) {
    return fail(
      "predicate-type",
      `statement predicate type is ${clip(statement.predicateType)}, expected "${policy.expectedPredicateType}"`
    );
  }
  const wanted = /^sha256:([a-fA-F0-9]{64})$/.exec(policy.subjectDigest)?.[1]?.toLowerCase();
  if (wanted === void 0) {
    return fail(
      "subject-mismatch",
      `expected subject digest must be "sha256:<64 hex>", got ${clip(policy.subjectDigest)}`
    );
  }
  if (!statement.subject.some((s) => s.digest.sha256 === wanted)) {
    const found = statement.subject.slice(0, 5).map((s) => `${clip(s.name, 60)} sha256:${s.digest.sha256.slice(0, 12)}…`).join(", ");
    const more = statement.subject.length > 5 ? `, and ${statement.subject.length - 5} more` : "";
    return fail("subject-mismatch", `no subject has digest sha256:${wanted} (subjects: ${found}${more})`);
  }
  return { ok: true, statement, predicate: statement.predicate, keyId: signed.keyId, signer: signed.signer };
}
function verifyKeyBundle(bundle, hint, signatureKeyId, policy, root) {
  const trusted = policy.trustedKeys.find((key) => key.keyId === hint);
  if (!trusted) {
    const named = hint === "" ? "signed by an unnamed key (empty key hint)" : `signed by key ${shortId(hint)}`;
    const list = policy.trustedKeys.length === 0 ? "no keys are trusted" : `trusted: ${policy.trustedKeys.map((k) => shortId(k.keyId)).join(", ")}`;
    return fail("untrusted-key", `${named} which is not in the trusted keys (${list})`);
  }
  if (signatureKeyId !== "" && signatureKeyId !== hint) {
    return fail(
      "malformed-bundle",
      `DSSE signature keyid ${shortId(signatureKeyId)} differs from the bundle's key hint ${shortId(hint)}`
    );
  }
  const entity = signedEntity(bundle);
  if ("ok" in entity) return entity;
  let trust;
  try {
    trust = toTrustMaterial(root ?? TrustedRoot.fromJSON({}), (requested) => {
      if (requested !== trusted.keyId) {
        throw new VerificationError({
          code: "PUBLIC_KEY_ERROR",
          message: "key hint changed during verification"
        });
      }
      return { publicKey: trusted.publicKey, validFor: () => true };
    });
  } catch {
    return fail("keyless-untrusted", "the pinned trusted root is not a valid Sigstore trusted_root.json");
  }
  const verifier = new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
  try {
    verifier.verify(entity);
  } catch (error) {
    return sigstoreFailure(error, `trusted key ${shortId(trusted.keyId)}`);
  }
  const name = trusted.name ? `${trusted.name} (key ${trusted.keyId})` : `key ${trusted.keyId}`;
  return { keyId: trusted.keyId, signer: name };
}
function verifyKeylessBundle(bundle, policy, root) {
  const entity = signedEntity(bundle);
  if ("ok" in entity) return entity;
  const claimed = entity.key.$case === "certificate" ? certificateIdentity(entity) : "unknown identity";
  if (!root) {
    return fail(
      "keyless-untrusted",
      `bundle is signed keylessly (certificate for ${claimed}); verifying it needs a pinned Sigstore trusted root (trusted_root.json), and none was given`
    );
  }
  const identity = policy.keylessIdentity;
  if (!identity) {
    return fail(
      "keyless-untrusted",
      `bundle is signed keylessly (certificate for ${claimed}) but no keyless identity (issuer and subject) is trusted`
    );
  }
  let trust;
  try {
    trust = toTrustMaterial(root, () => {
      throw new VerificationError({
        code: "PUBLIC_KEY_ERROR",
        message: "no public keys are trusted for keyless"
      });
    });
  } catch {
    return fail("keyless-untrusted", "the pinned trusted root is not a valid Sigstore trusted_root.json");
  }
  const verifier = new Verifier(trust, { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 });
  let signer;
  try {
    signer = verifier.verify(entity);
  } catch (error) {
    return sigstoreFailure(error, `the certificate for ${claimed}`);
  }
  const san = signer.identity?.subjectAlternativeName;
  const issuer = signer.identity?.extensions?.issuer;
  const sanOk = san !== void 0 && (typeof identity.subjectAlternativeName === "string" ? san === identity.subjectAlternativeName : identity.subjectAlternativeName.test(san));
  if (!sanOk || issuer !== identity.issuer) {
    return fail(
      "keyless-untrusted",
      `certificate identity is ${clip(san ?? "(none)")} issued by ${clip(issuer ?? "(none)")}, expected ${typeof identity.subjectAlternativeName === "string" ? `"${identity.subjectAlternativeName}"` : String(identity.subjectAlternativeName)} issued by "${identity.issuer}"`
    );
  }
  return { keyId: keyIdOf(signer.key), signer: `${san} (issuer ${issuer})` };
}
function signedEntity(bundle) {
  try {
    return toSignedEntity(bundle);
  } catch (error) {
    return fail("malformed-bundle", `bundle verification material is unreadable: ${describe(error)}`);
  }
}
function certificateIdentity(entity) {
  try {
    if (entity.key.$case !== "certificate") return "unknown identity";
    return clip(entity.key.certificate.subjectAltName ?? "no SAN");
  } catch {
    return "an unreadable identity";
  }
}
function sigstoreFailure(error, signer) {
  const code = error instanceof VerificationError ? error.code : void 0;
  const detail = `${code ?? "error"}: ${describe(error)}`;
  switch (code) {
    case "SIGNATURE_ERROR":
      return fail(
        "bad-signature",
        `signature does not verify with ${signer} (the payload, payload type or signature was altered, or another key signed it)`
      );
    case "TLOG_BODY_ERROR":
      return fail(
        "bad-signature",
        `the transparency-log entry does not match the signed envelope (${detail})`
      );
    case "PUBLIC_KEY_ERROR":
      return fail("untrusted-key", `the signing key is not trusted (${detail})`);
    default:
      return fail("keyless-untrusted", `Sigstore verification material is not trusted (${detail})`);
  }
}
function fail(reason, message) {
  return { ok: false, reason, message };
}
function describe(error) {
  const message = error instanceof Error ? error.message : String(error);
  return clip(message, 200, false);
}
function jsonKind(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}
function clip(value, max = 80, quote = true) {
  const short = value.length > max ? `${value.slice(0, max)}…` : value;
  return quote ? JSON.stringify(short) : short.replace(/[\u0000-\u001f\u007f]/g, "?");
}
function shortId(keyId) {
  const printable = keyId.replace(/[^\x21-\x7e]/g, "?");
  return printable.length > 16 ? `${printable.slice(0, 16)}…` : printable;
}

// core/bundle/artifact.ts
var BUNDLE_ARTIFACT_TYPE = "application/vnd.charter.workflow.v1";
var BUNDLE_LAYER_MEDIA_TYPE = "application/vnd.charter.workflow.bundle.v1.tar";
var OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
var OCI_EMPTY = "application/vnd.oci.empty.v1+json";
var EMPTY_CONFIG = new TextEncoder().encode("{}");
function bundleManifest(bundle) {
  const manifest = {
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
          "org.opencontainers.image.title": `${bundle.tenant}-${bundle.workflow}-${bundle.version}.tar`
        }
      }
    ],
    annotations: {
      "org.opencontainers.image.title": `${bundle.tenant}/${bundle.workflow}`,
      "org.opencontainers.image.version": bundle.version,
      "dev.charter.tenant": bundle.tenant,
      "dev.charter.workflow": bundle.workflow
    }
  };
  const bytes = new TextEncoder().encode(canonicalJson(manifest));
  return { manifest, bytes, digest: `sha256:${sha256Hex(bytes)}` };
}

// core/publish/release-store.ts
var SIGSTORE_BUNDLE_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
var SEMVER_TAG = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
function releaseRepository(prefix, tenant, workflow) {
  return prefix ? `${prefix}/${tenant}/${workflow}` : `${tenant}/${workflow}`;
}
async function publishedVersions(registry, repo) {
  const tags = await registry.listTags(repo);
  return tags.filter((t) => SEMVER_TAG.test(t)).sort((a, b) => compareSemver(b, a));
}
async function readRelease(registry, repo, ref) {
  const pulled = await registry.fetchManifest(repo, ref);
  if (!pulled) return void 0;
  const m = pulled.manifest;
  if (m.artifactType !== "application/vnd.charter.workflow.v1" || m.layers?.length !== 1)
    throw new Error(
      `${repo}:${ref} is not a Charter workflow release (artifactType ${String(m.artifactType)}).`
    );
  return {
    version: m.annotations?.["org.opencontainers.image.version"] ?? ref,
    manifestDigest: pulled.digest,
    manifest: m,
    bundleDigest: m.layers[0].digest
  };
}
async function pushBundle(registry, repo, bundle) {
  const { bytes } = bundleManifest(bundle);
  await registry.pushBlob(repo, EMPTY_CONFIG);
  await registry.pushBlob(repo, bundle.bytes);
  return registry.pushManifest(repo, bytes, { mediaType: OCI_MANIFEST });
}
async function tagRelease(registry, repo, bundle, tag) {
  await registry.pushManifest(repo, bundleManifest(bundle).bytes, { tag, mediaType: OCI_MANIFEST });
}
async function pushAttestations(registry, repo, subject, attestations) {
  const manifests = [];
  for (const a of attestations) {
    const layer = await registry.pushBlob(repo, a.bytes);
    const manifest = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: SIGSTORE_BUNDLE_MEDIA_TYPE,
      config: {
        mediaType: OCI_EMPTY,
        digest: `sha256:${sha256Hex(EMPTY_CONFIG)}`,
        size: EMPTY_CONFIG.length
      },
      layers: [{ mediaType: SIGSTORE_BUNDLE_MEDIA_TYPE, digest: layer.digest, size: layer.size }],
      subject: { mediaType: OCI_MANIFEST, digest: subject.digest, size: subject.size },
      annotations: {
        "dev.sigstore.bundle.content": "dsse-envelope",
        "dev.sigstore.bundle.predicateType": a.predicateType
      }
    };
    manifests.push(new TextEncoder().encode(JSON.stringify(manifest)));
  }
  return registry.pushReferrers(repo, manifests);
}
async function attachedAttestations(registry, repo, manifestDigest, maxBytes = 1024 * 1024) {
  const refs = await registry.referrers(repo, manifestDigest, { artifactType: SIGSTORE_BUNDLE_MEDIA_TYPE });
  const out = [];
  for (const d of refs) {
    const m = await registry.fetchManifest(repo, d.digest, { maxBytes: 64 * 1024 });
    const layer = m?.manifest.layers.find((l) => l.mediaType === SIGSTORE_BUNDLE_MEDIA_TYPE);
    if (!m || !layer || m.manifest.subject?.digest !== manifestDigest) continue;
    out.push({
      descriptor: d,
      predicateTypeHint: m.manifest.annotations?.["dev.sigstore.bundle.predicateType"],
      bytes: await registry.fetchBlob(repo, layer.digest, { maxBytes })
    });
  }
  return out;
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
  const fail2 = (...reasons2) => ({ ok: false, repository, ref, reasons: reasons2 });
  if (trust.trustedKeys.length === 0 && !trust.trustedRoot)
    return fail2(
      "No trusted keys are configured: add signing.trusted_keys to charter.yml or pass --key PUBLIC.pem (or, for keyless releases, signing.keyless with a pinned --trusted-root)."
    );
  let digest = ref;
  if (!DIGEST.test(ref)) {
    const d = await registry.resolve(repository, ref);
    if (!d) return fail2(`${repository}:${ref} is not published in ${registry.location}.`);
    digest = d.digest;
  }
  let release;
  try {
    release = await readRelease(registry, repository, digest);
  } catch (e) {
    return fail2(e.message);
  }
  if (!release) return fail2(`${repository}@${digest} is not in ${registry.location}.`);
  const bundleBytes = await registry.fetchBlob(repository, release.bundleDigest, {
    maxBytes: options.maxBundleBytes ?? 64 * 1024 * 1024
  });
  let bundle;
  try {
    bundle = openBundle(bundleBytes);
  } catch (e) {
    return fail2(e.message);
  }
  const attached = await attachedAttestations(registry, repository, release.manifestDigest);
  if (attached.length === 0)
    return fail2(`${repository}@${digest} has no attached attestations: it was not signed.`);
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
  if (reasons.length > 0) return fail2(...reasons);
  let governance;
  try {
    governance = parseGovernancePredicate(results.get(GOVERNANCE_PREDICATE_V1).predicate);
  } catch (e) {
    return fail2(`The governance attestation is malformed: ${e.message}`);
  }
  const { index } = bundle;
  const mismatches = [
    governance.tenant !== index.tenant && `tenant ${governance.tenant} ≠ ${index.tenant}`,
    governance.workflow !== index.workflow && `workflow ${governance.workflow} ≠ ${index.workflow}`,
    governance.version !== index.version && `version ${governance.version} ≠ ${index.version}`,
    governance.bundle.digest !== release.bundleDigest && `bundle ${governance.bundle.digest} ≠ ${release.bundleDigest}`
  ].filter(Boolean);
  if (mismatches.length > 0)
    return fail2(`The governance attestation describes another release: ${mismatches.join(", ")}.`);
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

export {
  MANIFEST_MEDIA_TYPE,
  INDEX_MEDIA_TYPE,
  OCTET_STREAM,
  DEFAULT_MAX_BLOB_BYTES,
  DEFAULT_MAX_MANIFEST_BYTES,
  RegistryError,
  CREDENTIAL_HINT,
  checkRepo,
  checkTag,
  checkDigest,
  isDigest,
  checkRef,
  sha256Digest,
  verifyDigest,
  fallbackTag,
  parseManifest,
  manifestToPush,
  INTOTO_PAYLOAD_TYPE,
  SLSA_PROVENANCE_V1,
  GOVERNANCE_PREDICATE_V1,
  buildStatement,
  assertStatement,
  buildProvenance,
  parseGovernancePredicate,
  sha256Hex,
  buildBundle,
  bundleManifest,
  SIGSTORE_BUNDLE_MEDIA_TYPE,
  releaseRepository,
  publishedVersions,
  readRelease,
  pushBundle,
  tagRelease,
  pushAttestations,
  attachedAttestations,
  openBundle,
  verifyUnder,
  verifyRelease
};
