import { canonicalJson } from "../text/canonical-json.ts";
import type { FieldChange } from "./change.ts";

export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || canonicalJson(a) === canonicalJson(b);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Field-level differences between two values: objects are compared key by key (recursively, up to
 * `depth`), anything else (lists included) as a whole.
 */
export function diffFields(
  before: unknown,
  after: unknown,
  options: { prefix?: string; depth?: number; ignore?: readonly string[] } = {},
): FieldChange[] {
  const out: FieldChange[] = [];
  const ignore = new Set(options.ignore ?? []);
  const walk = (a: unknown, b: unknown, path: string, depth: number) => {
    if (sameValue(a, b)) return;
    if (depth > 0 && isPlainObject(a) && isPlainObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const k of keys) {
        const p = path ? `${path}.${k}` : k;
        if (ignore.has(p)) continue;
        walk(a[k], b[k], p, depth - 1);
      }
      return;
    }
    out.push({ path, ...(a === undefined ? {} : { before: a }), ...(b === undefined ? {} : { after: b }) });
  };
  walk(before, after, options.prefix ?? "", options.depth ?? 4);
  return out;
}
