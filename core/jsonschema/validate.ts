/**
 * JSON Schema validation, one place for the whole engine (tool arguments, workflow inputs, output
 * checks, eval assertions). Schemas default to draft 2020-12 — the dialect of governed files; a schema
 * declaring draft-07 (common in promptfoo suites) gets a draft-07 validator, since Ajv2020 cannot load
 * that meta-schema. Compiled validators are cached by schema content.
 */
import { Ajv } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { canonicalJson } from "../text/canonical-json.ts";

type Validator = ReturnType<Ajv2020["compile"]>;

let ajv2020: Ajv2020 | undefined;
let ajv07: Ajv | undefined;
const compiled = new Map<string, Validator>();

export interface SchemaResult {
  valid: boolean;
  /** `instancePath message` of the first few errors. */
  errors: string[];
  /** How many errors there were in all. */
  errorCount: number;
  /** Set when the schema itself cannot be compiled. */
  invalidSchema?: string;
}

function compile(schema: object): Validator {
  const key = canonicalJson(schema);
  const hit = compiled.get(key);
  if (hit) return hit;
  const $schema = (schema as { $schema?: unknown }).$schema;
  let validator: Validator;
  if (typeof $schema === "string" && $schema.includes("draft-07")) {
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
  if (compiled.size > 1000) compiled.clear();
  compiled.set(key, validator);
  return validator;
}

export function validateJsonSchema(schema: object, value: unknown, maxErrors = 5): SchemaResult {
  let validate: Validator;
  try {
    validate = compile(schema);
  } catch (error) {
    const message = `the schema is invalid: ${(error as Error).message}`;
    return { valid: false, errors: [message], errorCount: 1, invalidSchema: (error as Error).message };
  }
  if (validate(value)) return { valid: true, errors: [], errorCount: 0 };
  const all = validate.errors ?? [];
  return {
    valid: false,
    errors: all.slice(0, maxErrors).map((e) => `${e.instancePath || "(root)"} ${e.message ?? e.keyword}`),
    errorCount: all.length,
  };
}
