import type { LintRule } from "../rule.ts";
import { ownName } from "../walk.ts";

/** A workflow's budget must fit inside its tenant's caps; sub-workflows inside their callers'. */
export const budget: LintRule = {
  id: "budget",
  description:
    "Workflow budgets must not exceed the tenant's max_usd_per_run; sub-workflows and route caps must fit their callers.",
  severity: "error",
  check(ctx) {
    for (const tenant of ctx.repo.tenants.values()) {
      const cap = tenant.config?.data.budget;
      if (cap?.max_usd_per_day !== undefined && cap.max_usd_per_day < cap.max_usd_per_run) {
        ctx.report(
          tenant.config!.at(["budget", "max_usd_per_day"]),
          `max_usd_per_day ($${cap.max_usd_per_day}) is below max_usd_per_run ($${cap.max_usd_per_run}); a single run could exhaust the day. Raise the daily cap or lower the per-run cap.`,
          "warning",
        );
      }
      for (const wf of tenant.all.workflows) {
        const max = wf.data.budget.max_usd;
        if (cap && max > cap.max_usd_per_run) {
          ctx.report(
            wf.at(["budget", "max_usd"]),
            `Budget max_usd $${max} exceeds tenant "${tenant.name}"'s max_usd_per_run $${cap.max_usd_per_run}. Lower it, or raise the tenant cap in tenant.yml (a governance-owner change).`,
          );
        }
        for (const [id, node] of Object.entries(wf.data.nodes)) {
          if (node.type !== "workflow") continue;
          const name = ownName(node.workflow, tenant.name);
          const sub = name === undefined ? undefined : tenant.workflows.get(name);
          if (sub && sub.data.budget.max_usd > max) {
            ctx.report(
              wf.at(["nodes", id, "workflow"]),
              `Sub-workflow "${sub.data.name}" may spend $${sub.data.budget.max_usd}, more than this workflow's whole budget ($${max}); it will be cut short. Raise max_usd or lower the sub-workflow's budget.`,
              "warning",
            );
          }
        }
      }
      const routes = tenant.routes;
      if (routes && cap) {
        for (const [name, route] of Object.entries(routes.data.routes)) {
          const perCall = route.budget?.max_usd_per_call;
          if (perCall !== undefined && perCall > cap.max_usd_per_run) {
            ctx.report(
              routes.at(["routes", name, "budget", "max_usd_per_call"]),
              `max_usd_per_call $${perCall} exceeds the tenant's max_usd_per_run $${cap.max_usd_per_run}, so it can never apply.`,
              "warning",
            );
          }
        }
      }
    }
  },
};
