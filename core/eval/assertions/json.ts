/** JSON helpers shared by `is-json`, `contains-json`, `json-schema` and the grader parser. */
import { validateJsonSchema } from "../../jsonschema/validate.ts";

export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** The output as a JSON value: non-string outputs are already parsed; strings are parsed as JSON. */
export function outputJson(output: unknown, text: string): Parsed {
  if (output === undefined) return { ok: false, error: "there is no output" };
  return typeof output === "string" ? parseJson(text) : { ok: true, value: output };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Every JSON object or array embedded in `text`, in order of their start. Candidates are balanced
 * `{…}`/`[…]` spans; brackets inside JSON strings do not count. A span that parses is taken whole (its
 * nested values are not reported again); one that does not parse is skipped one character at a time so
 * that a valid value nested in it (`{ note: {"a": 1} }`) is still found.
 */
export function jsonCandidates(text: string): unknown[] {
  const found: unknown[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch !== "{" && ch !== "[") {
      i++;
      continue;
    }
    const end = balancedEnd(text, i);
    const parsed = end === -1 ? undefined : parseJson(text.slice(i, end + 1));
    if (parsed?.ok) {
      found.push(parsed.value);
      i = end + 1;
    } else {
      i++;
    }
  }
  return found;
}

/** Index of the bracket closing the one at `start`, or -1 when it is unbalanced. */
function balancedEnd(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "{") stack.push("}");
    else if (ch === "[") stack.push("]");
    else if (ch === "}" || ch === "]") {
      if (stack.pop() !== ch) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

export type SchemaCheck = { ok: true } | { ok: false; errors: string } | { ok: false; invalidSchema: string };

/** Validates `data` against a JSON Schema; errors are the first few `instancePath message` lines. */
export function checkSchema(schema: object, data: unknown): SchemaCheck {
  const r = validateJsonSchema(schema, data, 3);
  if (r.valid) return { ok: true };
  if (r.invalidSchema !== undefined) return { ok: false, invalidSchema: r.invalidSchema };
  const more = r.errorCount > r.errors.length ? ` (and ${r.errorCount - r.errors.length} more)` : "";
  return { ok: false, errors: `${r.errors.join("; ")}${more}` };
}

/** A schema given as an assertion value: an object, absent, or a configuration mistake. */
export function schemaValue(value: unknown): { schema?: object } | { error: string } {
  if (value === undefined || value === null) return {};
  if (isPlainObject(value)) return { schema: value };
  return { error: `the value must be a JSON Schema object, got ${typeof value}` };
}
