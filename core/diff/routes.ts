import type { RouteConfig } from "../../workflows-schema/index.ts";
import type { Tenant } from "../model/repo.ts";
import type { DiffContext } from "./context.ts";
import { diffFields } from "./values.ts";

const targetModels = (routes: Record<string, RouteConfig>) =>
  new Set(Object.values(routes).flatMap((r) => r.targets.map((t) => t.model)));

export function diffRoutes(
  ctx: DiffContext,
  tenant: string,
  base: Tenant | undefined,
  head: Tenant | undefined,
): void {
  const before = base?.routes?.data.routes ?? {};
  const after = head?.routes?.data.routes ?? {};
  const file = head?.routes?.path ?? base?.routes?.path ?? `tenants/${tenant}/routes.yml`;
  for (const name of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const b = Object.hasOwn(before, name) ? before[name] : undefined;
    const a = Object.hasOwn(after, name) ? after[name] : undefined;
    const subject = { type: "route" as const, name };
    if (!b && a) {
      ctx.add({
        kind: "route-changed",
        tenant,
        subject,
        summary: `Route ${name} added (${a.strategy}: ${a.targets.map((t) => t.model).join(", ")}).`,
        file,
      });
      continue;
    }
    if (b && !a) {
      ctx.add({ kind: "route-changed", tenant, subject, summary: `Route ${name} removed.`, file });
      continue;
    }
    const fields = diffFields(b, a, { depth: 3 });
    if (fields.length === 0) continue;
    const capBefore = b?.budget?.max_usd_per_call;
    const capAfter = a?.budget?.max_usd_per_call;
    const raised =
      (capBefore !== undefined && capAfter === undefined) ||
      (capBefore !== undefined && capAfter !== undefined && capAfter > capBefore);
    const other = fields.filter((f) => f.path !== "budget.max_usd_per_call" && f.path !== "budget");
    if (raised) {
      ctx.add({
        kind: "budget-increased",
        tenant,
        subject,
        summary: `Route ${name}: per-call cap ${String(capBefore)} → ${capAfter === undefined ? "none" : String(capAfter)}.`,
        file,
        fields: fields.filter((f) => f.path.startsWith("budget")),
      });
    }
    if (other.length > 0 || !raised) {
      const targets = fields.some((f) => f.path === "targets")
        ? ` targets ${b!.targets.map((t) => t.model).join(", ")} → ${a!.targets.map((t) => t.model).join(", ")}`
        : "";
      ctx.add({
        kind: "route-changed",
        tenant,
        subject,
        summary: `Route ${name} changed:${targets || ` ${other.map((f) => f.path).join(", ")}`}.`,
        file,
        fields: raised ? other : fields,
      });
    }
  }
  const used = targetModels(before);
  for (const model of targetModels(after)) {
    if (used.has(model)) continue;
    ctx.add({
      kind: "model-added",
      tenant,
      subject: { type: "model", name: model },
      summary: `Tenant ${tenant} now routes requests to model ${model}.`,
      file,
    });
  }
}
