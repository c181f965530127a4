/** JSON Schema (draft 2020-12) validation with compiled validators cached by schema content. */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { canonicalJson } from "../text/canonical-json.ts";

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
const compiled = new Map<string, ValidateFunction>();

export interface SchemaResult {
  valid: boolean;
  /** `instancePath message` of the first errors, or the reason the schema itself is unusable. */
  errors: string[];
}

export function validateJsonSchema(schema: Record<string, unknown>, value: unknown): SchemaResult {
  const key = canonicalJson(schema);
  let validate = compiled.get(key);
  if (!validate) {
    try {
      validate = ajv.compile(schema);
    } catch (error) {
      return { valid: false, errors: [`the schema is invalid: ${(error as Error).message}`] };
    }
    if (compiled.size > 1000) compiled.clear();
    compiled.set(key, validate);
  }
  const valid = validate(value) as boolean;
  return {
    valid,
    errors: valid
      ? []
      : (validate.errors ?? [])
          .slice(0, 5)
          .map((e) => `${e.instancePath || "(root)"} ${e.message ?? "is invalid"}`),
  };
}
