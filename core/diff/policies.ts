import type { GovernedRepo, Tenant } from "../model/repo.ts";
import type { DiffContext } from "./context.ts";
import { diffFields } from "./values.ts";

/** tenant.yml: approvers, escalations and allowances are policy; raised caps are budget increases. */
export function diffTenantPolicy(
  ctx: DiffContext,
  tenant: string,
  base: Tenant | undefined,
  head: Tenant | undefined,
): void {
  const b = base?.config?.data;
  const a = head?.config?.data;
  const file = head?.config?.path ?? base?.config?.path ?? `tenants/${tenant}/tenant.yml`;
  const subject = { type: "tenant" as const, name: tenant };
  if (!b && a) {
    ctx.add({ kind: "policy-changed", tenant, subject, summary: `Tenant ${tenant} added.`, file });
    return;
  }
  if (b && !a) {
    ctx.add({ kind: "policy-changed", tenant, subject, summary: `Tenant ${tenant} removed.`, file });
    return;
  }
  if (!b || !a) return;
  const fields = diffFields(b, a, { depth: 3 });
  const raised = fields.filter(
    (f) =>
      f.path.startsWith("budget.") &&
      (f.after === undefined || Number(f.after) > Number(f.before ?? Number.POSITIVE_INFINITY)),
  );
  if (raised.length > 0) {
    ctx.add({
      kind: "budget-increased",
      tenant,
      subject,
      summary: `Tenant ${tenant} caps raised: ${raised.map((f) => `${f.path.slice(7)} ${String(f.before)} → ${f.after === undefined ? "none" : String(f.after)}`).join(", ")}.`,
      file,
      fields: raised,
    });
  }
  const policy = fields.filter((f) => !raised.includes(f));
  if (policy.length > 0) {
    ctx.add({
      kind: "policy-changed",
      tenant,
      subject,
      summary: `Tenant ${tenant} policy changed: ${policy.map((f) => f.path).join(", ")}.`,
      file,
      fields: policy,
    });
  }
}

/** charter.yml: governance owners, registry, signing trust and risk rules. */
export function diffCharter(ctx: DiffContext, base: GovernedRepo, head: GovernedRepo): void {
  const fields = diffFields(base.charter?.data, head.charter?.data, { depth: 3 });
  if (fields.length === 0) return;
  ctx.add({
    kind: "policy-changed",
    subject: { type: "charter", name: "charter.yml" },
    summary: `charter.yml changed: ${fields.map((f) => f.path || "(whole file)").join(", ")}.`,
    file: head.charter?.path ?? "charter.yml",
    fields,
  });
}
