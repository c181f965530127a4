/**
 * The governed repository contract (v1). One zod schema per file kind; TypeScript types are inferred
 * from them and the JSON Schemas under `json/` are generated from them.
 */
import type * as z from "zod";
import { charterFile } from "./charter.ts";
import { evalSuiteFile } from "./eval.ts";
import { modelsFile } from "./models.ts";
import { promptFile } from "./prompt.ts";
import { routesFile } from "./routes.ts";
import { tenantFile } from "./tenant.ts";
import { toolCatalogFile } from "./tools.ts";
import { workflowFile } from "./workflow.ts";

export * from "./change-kinds.ts";
export * from "./charter.ts";
export * from "./common.ts";
export * from "./confidence.ts";
export * from "./eval.ts";
export * from "./models.ts";
export * from "./prompt.ts";
export * from "./routes.ts";
export * from "./tenant.ts";
export * from "./tools.ts";
export * from "./workflow.ts";

/** Every file kind, the paths where it lives, and its schema. Order is the README's order. */
export const FILE_KINDS = {
  Charter: { schema: charterFile, file: "charter", where: "charter.yml" },
  Models: { schema: modelsFile, file: "models", where: "models.yml" },
  ToolCatalog: { schema: toolCatalogFile, file: "tool-catalog", where: "tools/*.yml" },
  Tenant: { schema: tenantFile, file: "tenant", where: "tenants/<tenant>/tenant.yml" },
  Routes: { schema: routesFile, file: "routes", where: "tenants/<tenant>/routes.yml" },
  Prompt: { schema: promptFile, file: "prompt", where: "tenants/<tenant>/prompts/*.yml" },
  Workflow: { schema: workflowFile, file: "workflow", where: "tenants/<tenant>/workflows/*.yml" },
  EvalSuite: { schema: evalSuiteFile, file: "eval-suite", where: "tenants/<tenant>/evals/*.yml" },
} as const satisfies Record<string, { schema: z.ZodType; file: string; where: string }>;

export type FileKind = keyof typeof FILE_KINDS;
