/**
 * The order in which a route tries its targets:
 *   fallback     as declared;
 *   weighted     one drawn by weight first, then the others by decreasing weight;
 *   conditional  the target of the first condition that holds first (else the first target), then the
 *                others as declared.
 */
import type { RouteConfig } from "../../workflows-schema/index.ts";
import { evaluateSource, isTruthy } from "../expressions/evaluate.ts";
import { splitTemplate } from "../expressions/template.ts";

export type Target = RouteConfig["targets"][number] & { id: string };

export interface RequestFacts {
  input_tokens: number;
  max_tokens?: number;
  prompt?: string;
  workflow?: string;
  node?: string;
  tenant: string;
  metadata: Record<string, unknown>;
}

export function targetsOf(route: RouteConfig): Target[] {
  return route.targets.map((t) => ({ ...t, id: t.id ?? t.model }));
}

/** `${{ x }}` or a bare expression, as in the linter's implicit-expression fields. */
function conditionHolds(condition: string, request: RequestFacts): boolean {
  const split = splitTemplate(condition);
  const expr = condition.includes("${{") ? split.parts.find((p) => p.kind === "expr")?.source : condition;
  if (expr === undefined) return false;
  return isTruthy(evaluateSource(expr, { request }));
}

export function orderTargets(route: RouteConfig, request: RequestFacts, random: () => number): Target[] {
  const targets = targetsOf(route);
  if (route.strategy === "weighted") {
    const total = targets.reduce((s, t) => s + t.weight, 0);
    let draw = random() * total;
    let chosen = targets[targets.length - 1]!;
    for (const t of targets) {
      draw -= t.weight;
      if (draw < 0) {
        chosen = t;
        break;
      }
    }
    const rest = targets.filter((t) => t !== chosen).sort((a, b) => b.weight - a.weight);
    return [chosen, ...rest];
  }
  if (route.strategy === "conditional") {
    const match = route.conditions.find((c) => conditionHolds(c.if, request));
    const chosen = (match && targets.find((t) => t.id === match.target)) ?? targets[0]!;
    return [chosen, ...targets.filter((t) => t !== chosen)];
  }
  return targets;
}
