/**
 * The runner's `ToolInvoker`: the policy first (tenant, catalog, allowances, approval of writes,
 * argument schema), then the tool's connector (HTTP, MCP or built-in), then the output schema. Every
 * call, refused or not, is reported to `onCall` with secrets in its arguments redacted.
 */
import type { ToolInvocation, ToolInvoker } from "../../core/execute/services.ts";
import type { ToolCatalogFile } from "../../workflows-schema/tools.ts";
import { type BuiltinFunction, callBuiltin, builtins as sharedBuiltins } from "./builtin.ts";
import { ToolError } from "./errors.ts";
import { callHttpTool } from "./http.ts";
import { McpPool } from "./mcp.ts";
import { toolPolicy } from "./policy.ts";

export interface ToolCallRecord {
  tool: string;
  /** The arguments, with secret-looking values replaced by "[redacted]". */
  args: unknown;
  idempotencyKey: string;
  ms: number;
  ok: boolean;
  error?: string;
}

export interface ToolInvokerOptions {
  tenant: string;
  /** Tool catalogs by namespace. */
  catalogs: ReadonlyMap<string, ToolCatalogFile>;
  /** The tenant's `allow.tools` patterns. */
  allowPatterns: readonly string[];
  /** NAMESPACE.TOOL the published workflow was approved to call (needed for write tools). */
  approvedTools: Iterable<string>;
  /** Where connector secrets and MCP passthrough variables come from (e.g. process.env). */
  env: Readonly<Record<string, string | undefined>>;
  /** Built-in functions; defaults to the shared registry of builtin.ts. */
  builtins?: ReadonlyMap<string, BuiltinFunction>;
  /** Called after every call, for traces. Errors it throws are ignored. */
  onCall?: (record: ToolCallRecord) => void;
  /** For built-ins that read the time. */
  now?: () => Date;
  /** Cap on HTTP response bodies (default 1 MiB). */
  maxResponseBytes?: number;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
}

export type RunnerToolInvoker = ToolInvoker & { close(): Promise<void> };

const SECRET_KEY = /token|secret|password|authorization|api[_-]?key/i;

/** A copy of `value` where every value under a secret-looking key is "[redacted]". */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== "object") return value;
  if (depth > 32) return "[too deep]";
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? "[redacted]" : redactSecrets(item, depth + 1);
  }
  return out;
}

export function createToolInvoker(options: ToolInvokerOptions): RunnerToolInvoker {
  const check = toolPolicy({
    tenant: options.tenant,
    allowPatterns: options.allowPatterns,
    catalog: options.catalogs,
    approvedTools: options.approvedTools,
  });
  const registry = options.builtins ?? sharedBuiltins;
  const mcp = new McpPool(options.env);
  const now = options.now ?? (() => new Date());
  let closed = false;

  async function dispatch(call: ToolInvocation): Promise<unknown> {
    if (closed) throw new ToolError(call.tool, "tool-unavailable", "the tool invoker is closed");
    const tool = check(call);
    const { connector } = tool.catalog;
    let result: unknown;
    switch (connector.type) {
      case "http":
        result = await callHttpTool({
          ref: tool.ref,
          name: tool.name,
          connector,
          tool: tool.config,
          args: call.args,
          idempotencyKey: call.idempotencyKey,
          signal: call.signal,
          env: options.env,
          maxResponseBytes: options.maxResponseBytes,
          fetch: options.fetch,
        });
        break;
      case "mcp":
        result = await mcp.call({
          ref: tool.ref,
          namespace: tool.namespace,
          connector,
          serverTool: tool.config.mcp_tool ?? tool.name,
          args: call.args,
          idempotencyKey: call.idempotencyKey,
          signal: call.signal,
        });
        break;
      case "builtin":
        result = await callBuiltin(registry, tool.config.function ?? tool.name, call.args, {
          tool: tool.ref,
          idempotencyKey: call.idempotencyKey,
          signal: call.signal,
          now,
        });
        break;
      default:
        throw new ToolError(
          call.tool,
          "tool-config",
          `tool ${call.tool} has a connector this runner does not know: ${(connector as { type: string }).type}`,
          { final: true },
        );
    }
    check.output(tool.ref, result);
    return result;
  }

  return {
    async invoke(call) {
      const started = performance.now();
      const report = (ok: boolean, error?: unknown) => {
        if (!options.onCall) return;
        try {
          options.onCall({
            tool: call.tool,
            args: redactSecrets(call.args),
            idempotencyKey: call.idempotencyKey,
            ms: Math.round(performance.now() - started),
            ok,
            ...(ok ? {} : { error: error instanceof Error ? error.message : String(error) }),
          });
        } catch {
          // A failing trace sink must not change the call's outcome.
        }
      };
      try {
        const result = await dispatch(call);
        report(true);
        return result;
      } catch (error) {
        report(false, error);
        throw error;
      }
    },
    async close() {
      closed = true;
      await mcp.close();
    },
  };
}
