/** `json-schema`: the output, parsed as JSON, is valid against the value or the prompt's output schema. */
import type { AssertionType } from "./assertion.ts";
import { checkSchema, outputJson, schemaValue } from "./json.ts";
import { excerpt, invalid, verdict } from "./result.ts";

export const jsonSchema: AssertionType = {
  type: "json-schema",
  check({ output, text, assertion, outputSchema }) {
    const value = schemaValue(assertion.value);
    if ("error" in value) return invalid(`json-schema: ${value.error}`);
    const schema = value.schema ?? outputSchema;
    if (!schema) return invalid("no schema: give one as the value or declare the prompt's output schema");
    const source = value.schema ? "the schema" : "the prompt's output schema";
    // Output that is not JSON at all is a genuine mismatch (so `not-json-schema` passes on it).
    const parsed = outputJson(output, text);
    if (!parsed.ok) return verdict(false, `output is not JSON (${parsed.error}): ${excerpt(text)}`);
    const check = checkSchema(schema, parsed.value);
    if (check.ok) return verdict(true, `output matches ${source}`);
    if ("invalidSchema" in check) return invalid(`json-schema: invalid JSON Schema: ${check.invalidSchema}`);
    return verdict(false, `output does not match ${source}: ${check.errors}`);
  },
};
