import type { Entity } from "../../model/entity.ts";
import type { LintRule, RuleContext } from "../rule.ts";

function reportDuplicates<T>(
  ctx: RuleContext,
  list: Entity<T>[],
  key: (d: T) => string,
  what: string,
  field: string,
) {
  const first = new Map<string, Entity<T>>();
  for (const e of list) {
    const k = key(e.data);
    const seen = first.get(k);
    if (!seen) {
      first.set(k, e);
      continue;
    }
    ctx.report(
      e.at([field]),
      `${what} "${k}" is also declared in ${seen.path}. Names must be unique: rename one of them.`,
    );
  }
}

function reportDuplicateValues(
  ctx: RuleContext,
  values: string[],
  locate: (i: number) => Parameters<RuleContext["report"]>[0],
  what: string,
) {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) ctx.report(locate(i), `${what} "${v}" appears more than once. Each must be unique.`);
    seen.add(v);
  });
}

/** Names identify things across files, diffs, releases and runs, so each is declared once. */
export const duplicateName: LintRule = {
  id: "duplicate-name",
  description:
    "Workflow, prompt and eval suite names are unique per tenant; tool namespaces, route target ids and case ids are unique.",
  severity: "error",
  check(ctx) {
    const { repo } = ctx;
    reportDuplicates(ctx, repo.allTools, (d) => d.namespace, "Tool namespace", "namespace");
    for (const pair of [
      ["charter.yml", "charter.yaml"],
      ["models.yml", "models.yaml"],
    ] as const) {
      if (repo.allPaths.has(pair[0]) && repo.allPaths.has(pair[1])) {
        ctx.report(
          { file: pair[1], line: 1, column: 1 },
          `Both ${pair[0]} and ${pair[1]} exist; only ${pair[0]} is read. Delete one.`,
        );
      }
    }
    for (const tenant of repo.tenants.values()) {
      reportDuplicates(ctx, tenant.all.workflows, (d) => d.name, "Workflow", "name");
      reportDuplicates(ctx, tenant.all.prompts, (d) => d.name, "Prompt", "name");
      reportDuplicates(ctx, tenant.all.evals, (d) => d.name, "Eval suite", "name");
      const routes = tenant.routes;
      if (routes) {
        for (const [name, route] of Object.entries(routes.data.routes)) {
          reportDuplicateValues(
            ctx,
            route.targets.map((t) => t.id ?? t.model),
            (i) => routes.at(["routes", name, "targets", i]),
            `Target id in route "${name}"`,
          );
        }
      }
      for (const suite of tenant.all.evals) {
        reportDuplicateValues(
          ctx,
          suite.data.cases.map((c) => c.id),
          (i) => suite.at(["cases", i, "id"]),
          "Case id",
        );
      }
    }
  },
};
