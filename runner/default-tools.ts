/** The runner's real tools: the catalogs the bundle carries, behind the tenant's policy. */
import type { NodeRecord } from "../core/execute/records.ts";
import type { ToolsFactory } from "./runner.ts";
import type { BuiltinFunction } from "./tools/builtin.ts";
import { createToolInvoker, redactSecrets, type ToolCallRecord } from "./tools/invoker.ts";

export function bundleTools(
  env: Readonly<Record<string, string | undefined>>,
  onCall?: (runId: string, call: ToolCallRecord) => void,
  builtins?: ReadonlyMap<string, BuiltinFunction>,
): ToolsFactory {
  return ({ runId, tenant, repo, approvedTools }) =>
    createToolInvoker({
      tenant,
      catalogs: new Map([...repo.tools].map(([ns, entity]) => [ns, entity.data])),
      allowPatterns: repo.tenants.get(tenant)?.config?.data.allow.tools ?? [],
      approvedTools,
      env,
      ...(builtins ? { builtins } : {}),
      ...(onCall ? { onCall: (call: ToolCallRecord) => onCall(runId, call) } : {}),
    });
}

/** A node record as stored and shown: tool arguments with secret-looking values redacted. */
export function redactRecord(rec: NodeRecord): NodeRecord {
  if (!rec.tool && !rec.llm?.toolCalls) return rec;
  return {
    ...rec,
    ...(rec.tool ? { tool: { ...rec.tool, args: redactSecrets(rec.tool.args) } } : {}),
    ...(rec.llm?.toolCalls
      ? {
          llm: {
            ...rec.llm,
            toolCalls: rec.llm.toolCalls.map((c) => ({ ...c, args: redactSecrets(c.args) })),
          },
        }
      : {}),
  };
}
