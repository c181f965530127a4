/** Quality checks on a node's output, recorded in the trace; `on_fail: fail` fails the attempt. */
import type { WorkflowNode } from "../../workflows-schema/index.ts";
import { evaluateSource, isTruthy } from "../expressions/evaluate.ts";
import { splitTemplate } from "../expressions/template.ts";
import { validateJsonSchema } from "../jsonschema/validate.ts";
import type { CheckResult } from "./records.ts";

function asText(output: unknown): string {
  return typeof output === "string" ? output : (JSON.stringify(output) ?? "");
}

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === "") return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === "object" && Object.keys(v).length === 0;
}

export function runChecks(
  node: WorkflowNode,
  output: unknown,
  context: Record<string, unknown>,
  outputSchema?: Record<string, unknown>,
): CheckResult[] {
  return node.checks.map((check, i) => {
    const name = check.name ?? `${check.type}${node.checks.length > 1 ? ` #${i + 1}` : ""}`;
    const result = (pass: boolean, message: string): CheckResult => ({
      name,
      type: check.type,
      pass,
      message,
      onFail: check.on_fail,
    });
    try {
      switch (check.type) {
        case "json-schema": {
          const schema = (check.value as Record<string, unknown> | undefined) ?? outputSchema;
          if (!schema)
            return result(
              false,
              "no schema to check against (give one as value, or use a prompt with an output schema)",
            );
          const r = validateJsonSchema(schema, output);
          return result(r.valid, r.valid ? "matches the schema" : r.errors.join("; "));
        }
        case "regex": {
          const ok = new RegExp(String(check.value)).test(asText(output));
          return result(
            ok,
            ok ? `matches /${String(check.value)}/` : `does not match /${String(check.value)}/`,
          );
        }
        case "contains": {
          const ok = asText(output).includes(String(check.value));
          return result(
            ok,
            ok ? `contains "${String(check.value)}"` : `does not contain "${String(check.value)}"`,
          );
        }
        case "not-empty":
          return result(!isEmpty(output), isEmpty(output) ? "output is empty" : "output is not empty");
        case "max-length": {
          const length = asText(output).length;
          const ok = length <= Number(check.value);
          return result(ok, `${length} characters (limit ${String(check.value)})`);
        }
        case "expression": {
          const source = String(check.value ?? "");
          const expr = source.includes("${{")
            ? (splitTemplate(source).parts.find((p) => p.kind === "expr")?.source ?? "")
            : source;
          const ok = isTruthy(evaluateSource(expr, { ...context, output }));
          return result(ok, ok ? `${source} holds` : `${source} does not hold`);
        }
      }
      return result(false, `unknown check type "${String(check.type)}" (fail closed)`);
    } catch (error) {
      return result(false, `check could not run: ${(error as Error).message}`);
    }
  });
}
