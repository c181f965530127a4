/** JSON helpers shared by `is-json`, `contains-json`, `json-schema` and the grader parser. */
import { Ajv } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { canonicalJson } from "../../text/canonical-json.ts";

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

type Validator = ReturnType<Ajv2020["compile"]>;

let ajv2020: Ajv2020 | undefined;
let ajv07: Ajv | undefined;
const validators = new Map<string, Validator>();

/**
 * Schemas default to draft 2020-12 (the dialect of the prompt files); a schema declaring draft-07 (common
 * in promptfoo suites) gets a draft-07 validator, since Ajv2020 cannot load that meta-schema.
 */
function compile(schema: object): Validator {
  const key = canonicalJson(schema);
  const cached = validators.get(key);
  if (cached) return cached;
  const $schema = (schema as { $schema?: unknown }).$schema;
  const draft07 = typeof $schema === "string" && $schema.includes("draft-07");
  let validator: Validator;
  if (draft07) {
    if (!ajv07) {
      ajv07 = new Ajv({ strict: false, allErrors: true });
      addFormats.default(ajv07);
    }
    validator = ajv07.compile(schema);
  } else {
    if (!ajv2020) {
      ajv2020 = new Ajv2020({ strict: false, allErrors: true });
      addFormats.default(ajv2020);
    }
    validator = ajv2020.compile(schema);
  }
  validators.set(key, validator);
  return validator;
}

/** Validates `data` against a JSON Schema; errors are the first few `instancePath message` lines. */
export function checkSchema(schema: object, data: unknown): SchemaCheck {
  let validate: Validator;
  try {
    validate = compile(schema);
  } catch (e) {
    return { ok: false, invalidSchema: (e as Error).message };
  }
  if (validate(data)) return { ok: true };
  const errors = validate.errors ?? [];
  const shown = errors.slice(0, 3).map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword}`);
  const more = errors.length > shown.length ? ` (and ${errors.length - shown.length} more)` : "";
  return { ok: false, errors: `${shown.join("; ")}${more}` };
}

/** A schema given as an assertion value: an object, absent, or a configuration mistake. */
export function schemaValue(value: unknown): { schema?: object } | { error: string } {
  if (value === undefined || value === null) return {};
  if (isPlainObject(value)) return { schema: value };
  return { error: `the value must be a JSON Schema object, got ${typeof value}` };
}
