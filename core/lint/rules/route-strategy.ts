import type { LintRule } from "../rule.ts";

/** A route's strategy and its fields must agree, or the route silently does something else. */
export const routeStrategy: LintRule = {
  id: "route-strategy",
  description:
    "Conditional routes have conditions; conditions and weights are only given where the strategy uses them.",
  severity: "warning",
  check(ctx) {
    for (const tenant of ctx.repo.tenants.values()) {
      const routes = tenant.routes;
      if (!routes) continue;
      for (const [name, route] of Object.entries(routes.data.routes)) {
        if (route.strategy === "conditional" && route.conditions.length === 0) {
          ctx.report(
            routes.at(["routes", name, "strategy"]),
            `Route "${name}" is conditional but has no conditions, so it always uses its first target. Add conditions or use strategy: fallback.`,
          );
        }
        if (route.strategy !== "conditional" && route.conditions.length > 0) {
          ctx.report(
            routes.at(["routes", name, "conditions"], true),
            `Route "${name}" has conditions, but they are ignored unless strategy is conditional.`,
          );
        }
        if (route.strategy === "weighted" && route.targets.length < 2) {
          ctx.report(
            routes.at(["routes", name, "strategy"]),
            `Route "${name}" is weighted but has a single target.`,
            "info",
          );
        }
      }
    }
  },
};
