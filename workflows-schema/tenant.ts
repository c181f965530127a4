/** `tenants/<name>/tenant.yml`: who approves a tenant's changes and what its workflows may use. */
import * as z from "zod";
import { escalation } from "./charter.ts";
import { apiVersion, description, name, principal, usd } from "./common.ts";

/** `crm.lookup_customer`, `crm.*` or `*`. */
const toolPattern = z
  .string()
  .regex(/^(?:\*|[a-z][a-z0-9-]*\.(?:\*|[a-z][a-z0-9_]*))$/, {
    message: "must be NAMESPACE.TOOL, NAMESPACE.* or *",
  })
  .describe("A tool (`crm.lookup_customer`), a namespace (`crm.*`) or every tool (`*`).");

const modelPattern = z
  .string()
  .regex(/^(?:\*|[a-z0-9][a-z0-9._-]*\*?)$/, { message: "must be a model id, a prefix ending in * or *" })
  .describe("A model id from models.yml, a prefix ending in `*`, or `*`.");

export const tenantFile = z
  .strictObject({
    apiVersion,
    kind: z.literal("Tenant").describe("File kind: `Tenant`."),
    name: name.describe("Tenant name; must equal the name of its directory."),
    description: description.optional(),
    approvals: z
      .strictObject({
        required: z
          .int()
          .min(1)
          .max(10)
          .default(1)
          .describe("Approvals needed for any change in this tenant."),
        approvers: z.array(principal).min(1).describe("Who may approve this tenant's changes."),
        escalations: z
          .array(escalation)
          .default([])
          .describe("Extra approvals for risky change kinds in this tenant (e.g. the tenant's leads)."),
        allow_bots: z
          .array(
            z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\[bot\]$/, {
              message: "must be a bot login such as renovate[bot]",
            }),
          )
          .default([])
          .describe(
            "Bot accounts (`name[bot]`) whose approving reviews count for this tenant. Bots never count otherwise.",
          ),
      })
      .describe("Pull request approvals for this tenant's directory."),
    budget: z
      .strictObject({
        max_usd_per_run: usd.describe(
          "Cap on any one workflow run; a workflow's own budget must not exceed it.",
        ),
        max_usd_per_day: usd.optional().describe("Cap on this tenant's total spend per UTC day."),
      })
      .describe("Spending caps enforced by the linter and the runner."),
    allow: z
      .strictObject({
        providers: z.array(name).min(1).describe("Provider ids (from models.yml) this tenant may use."),
        models: z.array(modelPattern).min(1).describe("Models this tenant's routes may target."),
        tools: z.array(toolPattern).default([]).describe("Catalog tools this tenant's workflows may call."),
        knowledge: z
          .array(z.union([name, z.literal("*")]))
          .default(["*"])
          .describe("Knowledge collections (directories under knowledge/) workflows may retrieve from."),
      })
      .describe("What this tenant's workflows may use. Anything not listed is refused."),
  })
  .describe("tenant.yml: approvers, budgets and allowances of one tenant.");

export type TenantFile = z.infer<typeof tenantFile>;
