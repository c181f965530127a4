/** `is-json`: the output is JSON, optionally valid against a JSON Schema given as the value. */
import type { AssertionType } from "./assertion.ts";
import { checkSchema, outputJson, schemaValue } from "./json.ts";
import { excerpt, invalid, verdict } from "./result.ts";

export const isJson: AssertionType = {
  type: "is-json",
  check({ output, text, assertion }) {
    const value = schemaValue(assertion.value);
    if ("error" in value) return invalid(`is-json: ${value.error}`);
    const parsed = outputJson(output, text);
    if (!parsed.ok) return verdict(false, `output is not JSON (${parsed.error}): ${excerpt(text)}`);
    if (!value.schema) return verdict(true, "output is JSON");
    const check = checkSchema(value.schema, parsed.value);
    if (check.ok) return verdict(true, "output is JSON and matches the schema");
    if ("invalidSchema" in check) return invalid(`is-json: invalid JSON Schema: ${check.invalidSchema}`);
    return verdict(false, `output is JSON but does not match the schema: ${check.errors}`);
  },
};
