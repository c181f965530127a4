/** Which file kind lives at which path. The tenant is the directory. */
import type { FileKind } from "../../workflows-schema/index.ts";
import { didYouMean } from "../text/did-you-mean.ts";

export type Classified =
  | { type: "yaml"; kind: FileKind; tenant?: string }
  | { type: "knowledge"; tenant: string; collection: string }
  | { type: "tenant-dir"; tenant: string }
  | { type: "stray"; tenant?: string; hint: string }
  | { type: "ignored" };

const YAML_EXT = /\.ya?ml$/;

const TENANT_SUBDIRS: Record<string, FileKind> = {
  prompts: "Prompt",
  workflows: "Workflow",
  evals: "EvalSuite",
};

/** Sub-directories of a tenant that hold no governed YAML. */
const TENANT_FREE_DIRS = new Set(["knowledge", "cassettes"]);

export function classifyPath(path: string): Classified {
  const parts = path.split("/");
  const [top, second, third, fourth] = parts;
  if (parts.length === 1) {
    if (top === "charter.yml" || top === "charter.yaml") return { type: "yaml", kind: "Charter" };
    if (top === "models.yml" || top === "models.yaml") return { type: "yaml", kind: "Models" };
    return { type: "ignored" };
  }
  if (top === "tools") {
    if (parts.length === 2 && YAML_EXT.test(second!)) return { type: "yaml", kind: "ToolCatalog" };
    return YAML_EXT.test(path)
      ? { type: "stray", hint: "Tool catalogs live directly in tools/ (tools/NAMESPACE.yml)." }
      : { type: "ignored" };
  }
  if (top !== "tenants") return { type: "ignored" };
  const tenant = second!;
  if (parts.length === 2) {
    return YAML_EXT.test(tenant)
      ? { type: "stray", hint: "Each tenant is a directory: tenants/TENANT/tenant.yml." }
      : { type: "ignored" };
  }
  if (parts.length === 3) {
    if (third === "tenant.yml" || third === "tenant.yaml") return { type: "yaml", kind: "Tenant", tenant };
    if (third === "routes.yml" || third === "routes.yaml") return { type: "yaml", kind: "Routes", tenant };
    return YAML_EXT.test(third!)
      ? {
          type: "stray",
          tenant,
          hint: "A tenant directory holds tenant.yml, routes.yml and the prompts/, workflows/, evals/ and knowledge/ directories.",
        }
      : { type: "tenant-dir", tenant };
  }
  const kind = TENANT_SUBDIRS[third!];
  if (kind) {
    if (parts.length === 4 && YAML_EXT.test(fourth!)) return { type: "yaml", kind, tenant };
    return YAML_EXT.test(path)
      ? {
          type: "stray",
          tenant,
          hint: `Files of ${third}/ must sit directly in tenants/${tenant}/${third}/.`,
        }
      : { type: "tenant-dir", tenant };
  }
  if (third === "knowledge") {
    if (parts.length >= 5) return { type: "knowledge", tenant, collection: fourth! };
    return {
      type: "stray",
      tenant,
      hint: `Knowledge documents belong to a collection: tenants/${tenant}/knowledge/COLLECTION/${fourth}.`,
    };
  }
  if (TENANT_FREE_DIRS.has(third!)) return { type: "tenant-dir", tenant };
  if (!YAML_EXT.test(path)) return { type: "tenant-dir", tenant };
  const close = didYouMean(third!, [...Object.keys(TENANT_SUBDIRS), "knowledge"]);
  return {
    type: "stray",
    tenant,
    hint: close
      ? `tenants/${tenant}/${third}/ is not a governed directory. Did you mean ${close}/?`
      : `tenants/${tenant}/${third}/ is not a governed directory; use prompts/, workflows/, evals/ or knowledge/.`,
  };
}
