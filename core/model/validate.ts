/**
 * Turns zod issues into located diagnostics that say what to do: the YAML position of the offending
 * key or value, the allowed keys or values, and a "did you mean" for typos.
 */
import type * as z from "zod";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { PathSegment, YamlFile } from "../source/yaml-file.ts";
import { formatList, suggestion } from "../text/did-you-mean.ts";

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

export function validateAgainst<T>(
  schema: z.ZodType<T>,
  value: unknown,
  file: YamlFile,
): { data?: T; diagnostics: Diagnostic[] } {
  const result = schema.safeParse(value);
  if (result.success) return { data: result.data, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  for (const issue of result.error.issues) {
    explain(issue, [], schema, value, file, diagnostics);
  }
  return { diagnostics };
}

/**
 * Validates, and when the only problems are inside entries of keyed collections (`nodes`, `routes`,
 * `models`…), validates again without those entries so the rest of the file can still be checked.
 */
export function validateSalvaging<T>(
  schema: z.ZodType<T>,
  value: unknown,
  file: YamlFile,
  collections: readonly string[],
): { data?: T; dropped: Map<string, Set<string>>; diagnostics: Diagnostic[] } {
  const first = validateAgainst(schema, value, file);
  const dropped = new Map<string, Set<string>>();
  if (first.data !== undefined || collections.length === 0 || value === null || typeof value !== "object") {
    return { ...first, dropped };
  }
  const result = schema.safeParse(value);
  if (result.success) return { ...first, dropped };
  for (const issue of result.error.issues) {
    const [collection, key] = issue.path;
    if (
      typeof collection !== "string" ||
      !collections.includes(collection) ||
      key === undefined ||
      issue.path.length < 2
    ) {
      return { diagnostics: first.diagnostics, dropped };
    }
    const set = dropped.get(collection) ?? new Set<string>();
    set.add(String(key));
    dropped.set(collection, set);
  }
  const pruned: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [collection, keys] of dropped) {
    const entries = pruned[collection];
    if (entries === null || typeof entries !== "object" || Array.isArray(entries))
      return { diagnostics: first.diagnostics, dropped: new Map() };
    pruned[collection] = Object.fromEntries(Object.entries(entries).filter(([k]) => !keys.has(k)));
  }
  const second = schema.safeParse(pruned);
  return second.success
    ? { data: second.data, dropped, diagnostics: first.diagnostics }
    : { diagnostics: first.diagnostics, dropped: new Map() };
}

function explain(
  issue: Issue,
  prefix: PathSegment[],
  root: AnySchema,
  rootValue: unknown,
  file: YamlFile,
  out: Diagnostic[],
): void {
  const path = [...prefix, ...(issue.path as PathSegment[])];
  const where = describePath(path);
  const push = (message: string, at: readonly PathSegment[] = path, key = false) => {
    const pos = file.locate(at, key);
    out.push({ rule: "schema", severity: "error", ...pos, message });
  };

  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeys(schemaAt(root, path, rootValue));
      for (const k of issue.keys) {
        const hint = allowed.length ? suggestion(k, allowed) : "";
        const list = allowed.length ? ` Allowed keys: ${allowed.join(", ")}.` : "";
        push(`Unknown key "${k}"${where ? ` in ${where}` : ""}.${hint || list}`, [...path, k], true);
      }
      return;
    }
    case "invalid_type": {
      const actual = valueAt(rootValue, path);
      if (actual === undefined) {
        const parent = path.slice(0, -1);
        const key = path[path.length - 1];
        push(
          `Missing required key "${String(key)}"${parent.length ? ` in ${describePath(parent)}` : ""}: add it (${expectedText(issue)}).`,
          parent,
          parent.length > 0,
        );
      } else {
        push(`${where || "The file"} must be ${expectedText(issue)}, not ${typeName(actual)}.`);
      }
      return;
    }
    case "invalid_union": {
      if (
        "discriminator" in issue &&
        issue.discriminator &&
        (issue as { note?: string }).note === "No matching discriminator"
      ) {
        const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
        const actual = valueAt(rootValue, path);
        const what = where.replace(/\.[^.]+$/, "") || "value";
        push(
          actual === undefined
            ? `Missing "${issue.discriminator}" in ${what}: add one of ${formatList(options)}.`
            : `Unknown ${issue.discriminator} "${String(actual)}" for ${what}.${suggestion(String(actual), options) || ` Use one of ${formatList(options)}.`}`,
          actual === undefined ? path.slice(0, -1) : path,
          actual === undefined && path.length > 1,
        );
        return;
      }
      const branch = closestBranch(issue.errors, path.length);
      if (branch) {
        for (const sub of branch) explain(sub, path, root, rootValue, file, out);
        return;
      }
      const union = schemaAt(root, path, rootValue, false);
      const choices = (unionOptions(union) ?? []).map((o) => describeSchema(o)).filter(Boolean);
      push(
        `${where || "Value"} is not valid${choices.length ? `: expected ${formatList(choices as string[], false)}` : ""}.`,
      );
      return;
    }
    case "invalid_value": {
      const options = issue.values.map(String);
      const actual = valueAt(rootValue, path);
      const hint = typeof actual === "string" ? suggestion(actual, options) : "";
      push(
        options.length === 1
          ? `${where} must be "${options[0]}"${actual === undefined ? "" : `, not ${JSON.stringify(actual)}`}.`
          : `${where} has invalid value ${JSON.stringify(actual)}.${hint || ` Use one of ${formatList(options)}.`}`,
      );
      return;
    }
    case "invalid_format": {
      const actual = valueAt(rootValue, path);
      const custom =
        issue.message && !issue.message.startsWith("Invalid")
          ? issue.message
          : `must be a valid ${issue.format}`;
      push(`${where} ${custom} (got ${JSON.stringify(actual)}).`);
      return;
    }
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const word = issue.code === "too_small" ? "at least" : "at most";
      const unit =
        issue.origin === "array"
          ? ` item${Number(bound) === 1 ? "" : "s"}`
          : issue.origin === "string"
            ? ` character${Number(bound) === 1 ? "" : "s"}`
            : "";
      const exclusive = "inclusive" in issue && issue.inclusive === false;
      push(
        `${where} must have ${exclusive ? (issue.code === "too_small" ? "more than" : "less than") : word} ${String(bound)}${unit}.`,
      );
      return;
    }
    default:
      push(`${where ? `${where}: ` : ""}${issue.message}.`);
  }
}

/** Picks the union branch the author most plausibly meant: not one that failed on the value's type itself. */
function closestBranch(branches: Issue[][], _depth: number): Issue[] | undefined {
  const plausible = branches.filter((b) => !b.some((i) => i.path.length === 0 && i.code === "invalid_type"));
  if (plausible.length === 1) return plausible[0];
  if (plausible.length === 0) return undefined;
  const sizes = plausible.map((b) => b.length);
  const min = Math.min(...sizes);
  const best = plausible.filter((b) => b.length === min);
  return best.length === 1 ? best[0] : undefined;
}

function expectedText(issue: Issue): string {
  const expected = "expected" in issue ? String(issue.expected) : "a value";
  switch (expected) {
    case "object":
      return "a mapping";
    case "array":
      return "a list";
    case "int":
      return "a whole number";
    case "record":
      return "a mapping";
    default:
      return `a ${expected}`;
  }
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

export function describePath(path: readonly PathSegment[]): string {
  let s = "";
  for (const seg of path) {
    if (typeof seg === "number") s += `[${seg}]`;
    else s += s ? `.${seg}` : seg;
  }
  return s;
}

function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let v = value;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = Object.hasOwn(v, seg) ? (v as Record<PathSegment, unknown>)[seg] : undefined;
  }
  return v;
}

interface Def {
  type: string;
  innerType?: AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  valueType?: AnySchema;
  options?: AnySchema[];
  discriminator?: string;
  in?: AnySchema;
}

function def(schema: AnySchema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (;;) {
    const d = def(s);
    if (
      (d.type === "optional" || d.type === "default" || d.type === "nullable" || d.type === "prefault") &&
      d.innerType
    ) {
      s = d.innerType;
    } else if (d.type === "pipe" && d.in) {
      s = d.in;
    } else {
      return s;
    }
  }
}

function unionOptions(schema: AnySchema | undefined): AnySchema[] | undefined {
  if (!schema) return undefined;
  const d = def(unwrap(schema));
  return d.type === "union" ? d.options : undefined;
}

/** The schema that validates the value at `path`, following the data through unions. */
function schemaAt(
  root: AnySchema,
  path: readonly PathSegment[],
  rootValue: unknown,
  resolveFinalUnion = true,
): AnySchema | undefined {
  let schema: AnySchema | undefined = root;
  let value = rootValue;
  for (let i = 0; i <= path.length; i++) {
    if (!schema) return undefined;
    schema = unwrap(schema);
    if (i === path.length && !resolveFinalUnion) return schema;
    let d = def(schema);
    if (d.type === "union" && d.options) {
      schema = pickOption(d, value);
      if (!schema) return undefined;
      schema = unwrap(schema);
      d = def(schema);
    }
    if (i === path.length) return schema;
    const seg = path[i]!;
    value =
      value !== null && typeof value === "object" ? (value as Record<PathSegment, unknown>)[seg] : undefined;
    if (d.type === "object") schema = d.shape?.[String(seg)];
    else if (d.type === "array") schema = d.element;
    else if (d.type === "record") schema = d.valueType;
    else return undefined;
  }
  return schema;
}

function pickOption(d: Def, value: unknown): AnySchema | undefined {
  const options = d.options ?? [];
  if (d.discriminator && value && typeof value === "object") {
    const tag = (value as Record<string, unknown>)[d.discriminator];
    for (const o of options) {
      const shape = def(unwrap(o)).shape;
      const lit = shape?.[d.discriminator];
      if (lit && (def(lit) as unknown as { values?: unknown[] }).values?.includes(tag)) return o;
    }
    return undefined;
  }
  if (value && typeof value === "object" && !Array.isArray(value)) {
    // The object option sharing the most keys with the value.
    let best: AnySchema | undefined;
    let bestScore = -1;
    for (const o of options) {
      const shape = def(unwrap(o)).shape;
      if (!shape) continue;
      const score = Object.keys(value).filter((k) => k in shape).length;
      if (score > bestScore) {
        best = o;
        bestScore = score;
      }
    }
    return best;
  }
  return undefined;
}

function allowedKeys(schema: AnySchema | undefined): string[] {
  if (!schema) return [];
  const d = def(unwrap(schema));
  return d.type === "object" && d.shape ? Object.keys(d.shape) : [];
}

function describeSchema(schema: AnySchema): string | undefined {
  const meta = (schema as unknown as { description?: string }).description;
  return meta?.replace(/\.$/, "");
}
