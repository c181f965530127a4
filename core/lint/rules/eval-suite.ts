import type { Assertion } from "../../../workflows-schema/index.ts";
import type { PathSegment } from "../../source/yaml-file.ts";
import type { LintRule } from "../rule.ts";

const NEEDS_VALUE = new Set([
  "equals",
  "contains",
  "icontains",
  "contains-any",
  "contains-all",
  "regex",
  "starts-with",
  "llm-rubric",
  "similar",
]);
const NEEDS_THRESHOLD = new Set(["cost", "latency"]);

const baseType = (t: string) => t.replace(/^not-/, "");

/** An eval suite must be able to run and mean something: a route to run on, graders for graded assertions, values to compare. */
export const evalSuite: LintRule = {
  id: "eval-suite",
  description:
    "Eval suites can run: prompt targets name routes, graded assertions have a grader, assertions have the values they need, k-of-n is possible.",
  severity: "error",
  check(ctx) {
    for (const tenant of ctx.repo.tenants.values()) {
      for (const suite of tenant.all.evals) {
        const d = suite.data;
        const promptTarget = "prompt" in d.target;
        if (promptTarget && d.routes.length === 0) {
          ctx.report(
            suite.at(["target"]),
            `Suite "${d.name}" evaluates a prompt but names no route to run it on. Add routes: [ROUTE].`,
          );
        }
        if (d.min_pass !== undefined && d.min_pass > d.repeat) {
          ctx.report(
            suite.at(["min_pass"]),
            `min_pass (${d.min_pass}) is more than repeat (${d.repeat}); no case could ever pass.`,
          );
        }
        const check = (a: Assertion, path: PathSegment[]) => {
          const t = baseType(a.type);
          if (NEEDS_VALUE.has(t) && a.value === undefined) {
            ctx.report(suite.at(path), `Assertion ${a.type} needs a value to compare against. Add value: ….`);
          }
          if (NEEDS_THRESHOLD.has(t) && a.threshold === undefined) {
            ctx.report(
              suite.at(path),
              `Assertion ${a.type} needs a threshold (${t === "cost" ? "USD" : "milliseconds"}).`,
            );
          }
          if (t === "regex" && typeof a.value === "string") {
            try {
              new RegExp(a.value);
            } catch (e) {
              ctx.report(
                suite.at([...path, "value"]),
                `Invalid regular expression: ${(e as Error).message}.`,
              );
            }
          }
          if (t === "llm-rubric" && !d.grader) {
            ctx.report(
              suite.at(path),
              "llm-rubric needs a grader: add grader: { route: ROUTE } to the suite.",
            );
          }
          if (t === "similar" && !d.grader?.embedding_route) {
            ctx.report(
              suite.at(path),
              "similar needs an embedding model: add grader.embedding_route to the suite.",
            );
          }
          if (t === "json-schema" && a.value === undefined && !promptTarget) {
            ctx.report(
              suite.at(path),
              "json-schema without a value uses the prompt's output schema, but this suite targets a workflow. Give the schema as value.",
            );
          }
        };
        (d.defaults?.assert ?? []).forEach((a, i) => {
          check(a, ["defaults", "assert", i]);
        });
        const shared = d.defaults?.assert.length ?? 0;
        d.cases.forEach((c, i) => {
          c.assert.forEach((a, j) => {
            check(a, ["cases", i, "assert", j]);
          });
          if (c.assert.length + shared === 0) {
            ctx.report(
              suite.at(["cases", i, "id"]),
              `Case "${c.id}" asserts nothing, so it can never fail. Add assertions.`,
              "warning",
            );
          }
          if (promptTarget && Object.keys(c.inputs).length > 0) {
            ctx.report(
              suite.at(["cases", i, "inputs"], true),
              `Case "${c.id}" targets a prompt: use vars, not inputs.`,
            );
          }
          if (!promptTarget && Object.keys(c.vars).length > 0) {
            ctx.report(
              suite.at(["cases", i, "vars"], true),
              `Case "${c.id}" targets a workflow: use inputs, not vars.`,
            );
          }
        });
      }
    }
  },
};
