/** `contains-json`: the output text embeds a JSON object or array, optionally valid against a schema. */
import type { AssertionType } from "./assertion.ts";
import { checkSchema, jsonCandidates, schemaValue } from "./json.ts";
import { excerpt, invalid, verdict } from "./result.ts";

export const containsJson: AssertionType = {
  type: "contains-json",
  check({ text, assertion }) {
    const value = schemaValue(assertion.value);
    if ("error" in value) return invalid(`contains-json: ${value.error}`);
    const candidates = jsonCandidates(text);
    if (candidates.length === 0)
      return verdict(false, `output contains no JSON object or array: ${excerpt(text)}`);
    if (!value.schema) return verdict(true, `output contains JSON: ${excerpt(candidates[0])}`);
    let firstErrors = "";
    for (const candidate of candidates) {
      const check = checkSchema(value.schema, candidate);
      if (check.ok) return verdict(true, `output contains JSON matching the schema: ${excerpt(candidate)}`);
      if ("invalidSchema" in check)
        return invalid(`contains-json: invalid JSON Schema: ${check.invalidSchema}`);
      firstErrors ||= check.errors;
    }
    return verdict(
      false,
      `none of the ${candidates.length} JSON value(s) in the output matches the schema; first: ${firstErrors}`,
    );
  },
};
