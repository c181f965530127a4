/**
 * Opens a bundle received from anywhere (a registry, a file): the archive is read strictly, and its
 * index must account for every other entry exactly — same paths, sizes and sha256 — so a bundle
 * whose files were swapped, added or dropped is refused even before its signature is considered.
 */
import * as z from "zod";
import { BUNDLE_INDEX, BUNDLE_SCHEMA, type BundleIndex, type ResolvedDocument, sha256Hex } from "./build.ts";
import { type ReadLimits, readTar, TarError } from "./tar.ts";

const file = z.strictObject({
  path: z.string(),
  sha256: z.string().regex(/^[a-f0-9]{64}$/),
  size: z.int().min(0),
});
const indexSchema = z.strictObject({
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
      routes: z.array(z.string()),
    }),
  ),
});

export interface OpenedBundle {
  index: BundleIndex;
  resolved: ResolvedDocument;
  /** Every file by path (the index and resolved.json included). */
  files: Map<string, Uint8Array>;
}

export class BundleError extends Error {
  override readonly name = "BundleError";
}

const decoder = new TextDecoder("utf-8", { fatal: true });

function parseJson(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    throw new BundleError(`The bundle's ${what} is not valid JSON.`);
  }
}

export function openBundle(bytes: Uint8Array, limits?: ReadLimits): OpenedBundle {
  let entries: ReturnType<typeof readTar>;
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
    const issue = parsed.error.issues[0]!;
    throw new BundleError(`Invalid ${BUNDLE_INDEX} at ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  const index = parsed.data as BundleIndex;
  const listed = new Set<string>();
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
  return { index, resolved: resolved as ResolvedDocument, files };
}
