/**
 * The runner's tool policy, checked again right before a call leaves the process (the executor checks
 * too; this is defence in depth for anything that reaches the invoker). Fail closed: a call passes only
 * when every rule says yes.
 */
import { NodeFailure } from "../../core/execute/nodes.ts";
import type { ToolInvocation } from "../../core/execute/services.ts";
import { validateJsonSchema } from "../../core/jsonschema/validate.ts";
import { parseToolRef, toolAllowed } from "../../core/lint/walk.ts";
import type { ToolCatalogFile, ToolConfig } from "../../workflows-schema/tools.ts";

export type RefusalReason =
  | "other-tenant"
  | "unknown-tool"
  | "not-allowed"
  | "write-not-approved"
  | "invalid-arguments"
  | "invalid-output";

/** A call (or its result) the policy refused. Always final: retrying would be refused the same way. */
export class ToolRefused extends NodeFailure {
  override name = "ToolRefused";
  readonly reason: RefusalReason;
  /** NAMESPACE.TOOL as called. */
  readonly tool: string;
  constructor(reason: RefusalReason, tool: string, message: string) {
    const kind = reason === "invalid-arguments" || reason === "invalid-output" ? reason : "policy";
    super(kind, message, { final: true });
    this.reason = reason;
    this.tool = tool;
  }
}

export interface ToolPolicyOptions {
  /** The run's tenant. */
  tenant: string;
  /** The tenant's `allow.tools` patterns (`crm.lookup`, `crm.*`, `*`). */
  allowPatterns: readonly string[];
  /** Tool catalogs by namespace. */
  catalog: ReadonlyMap<string, ToolCatalogFile>;
  /** NAMESPACE.TOOL the published workflow was approved to call; required for `write` tools. */
  approvedTools: Iterable<string>;
}

/** A tool resolved from the catalog. */
export interface ResolvedTool {
  ref: string;
  namespace: string;
  name: string;
  catalog: ToolCatalogFile;
  config: ToolConfig;
}

export interface ToolCheck {
  /** Throws `ToolRefused` unless the call may go out; returns the catalog entry it resolved to. */
  (call: Pick<ToolInvocation, "tenant" | "tool" | "args">): ResolvedTool;
  /** Throws `ToolRefused` (`invalid-output`) unless `result` matches the tool's output schema, when it has one. */
  output(tool: string, result: unknown): void;
}

/** Looks a NAMESPACE.TOOL reference up, without inherited properties sneaking in (`crm.constructor`). */
export function resolveTool(
  catalog: ReadonlyMap<string, ToolCatalogFile>,
  ref: string,
): ResolvedTool | undefined {
  const parsed = parseToolRef(ref);
  if (!parsed) return undefined;
  const file = catalog.get(parsed.namespace);
  if (!file || !Object.hasOwn(file.tools, parsed.tool)) return undefined;
  const config = file.tools[parsed.tool];
  if (!config) return undefined;
  return { ref, namespace: parsed.namespace, name: parsed.tool, catalog: file, config };
}

export function toolPolicy(options: ToolPolicyOptions): ToolCheck {
  const { tenant, allowPatterns, catalog } = options;
  const approved = new Set(options.approvedTools);

  const check = ((call) => {
    const ref = String(call.tool);
    if (call.tenant !== tenant) {
      throw new ToolRefused(
        "other-tenant",
        ref,
        `call of tool ${ref} for tenant "${call.tenant}" refused: this tool invoker serves tenant "${tenant}" only (run tenant "${call.tenant}"'s workflows with its own invoker)`,
      );
    }
    const resolved = resolveTool(catalog, ref);
    if (!resolved) {
      const parsed = parseToolRef(ref);
      const hint = !parsed
        ? "tools are referenced as NAMESPACE.TOOL"
        : catalog.has(parsed.namespace)
          ? `add ${parsed.tool} to the tools of catalog "${parsed.namespace}" or fix the reference`
          : `no catalog declares namespace "${parsed.namespace}"; add tools/${parsed.namespace}.yml or fix the reference`;
      throw new ToolRefused("unknown-tool", ref, `tool ${ref} does not exist in the tool catalog: ${hint}`);
    }
    if (!toolAllowed(ref, allowPatterns)) {
      throw new ToolRefused(
        "not-allowed",
        ref,
        `tool ${ref} is not allowed for tenant ${tenant}: add "${ref}" or "${resolved.namespace}.*" to allow.tools in the tenant's tenant.yml`,
      );
    }
    if (resolved.config.effect !== "read" && !approved.has(ref)) {
      throw new ToolRefused(
        "write-not-approved",
        ref,
        `tool ${ref} changes data (effect: write) and was not approved for this workflow: call it from a workflow version that declares it and was approved and published`,
      );
    }
    const result = validateJsonSchema(resolved.config.input, call.args);
    if (!result.valid) {
      throw new ToolRefused(
        "invalid-arguments",
        ref,
        `arguments of ${ref} do not match its input schema (${result.errors.join("; ")}): fix the arguments the workflow passes, or the tool's input schema`,
      );
    }
    return resolved;
  }) as ToolCheck;

  check.output = (ref, output) => {
    const resolved = resolveTool(catalog, ref);
    if (!resolved)
      throw new ToolRefused("unknown-tool", ref, `tool ${ref} does not exist in the tool catalog`);
    const schema = resolved.config.output;
    if (schema === undefined) return;
    const result = validateJsonSchema(schema, output);
    if (!result.valid) {
      throw new ToolRefused(
        "invalid-output",
        ref,
        `the result of ${ref} does not match its output schema (${result.errors.join("; ")}): fix the tool's server, or its output schema in catalog "${resolved.namespace}"`,
      );
    }
  };
  return check;
}
