/**
 * Errors raised by the runner's tool connectors. They are `NodeFailure`s, so the scheduler reads
 * `kind` and `final` directly: a final failure is not retried (policy, bad arguments, 4xx), a
 * non-final one follows the node's retry policy (429, 5xx, timeouts, a crashed MCP server).
 */
import { NodeFailure } from "../../core/execute/nodes.ts";

export class ToolError extends NodeFailure {
  override name = "ToolError";
  /** NAMESPACE.TOOL */
  readonly tool: string;
  /** HTTP status, for HTTP connectors. */
  readonly status?: number;
  constructor(
    tool: string,
    kind: string,
    message: string,
    options: { final?: boolean; cause?: unknown; status?: number } = {},
  ) {
    super(kind, message, { final: options.final ?? false, cause: options.cause });
    this.tool = tool;
    if (options.status !== undefined) this.status = options.status;
  }
}

/**
 * What to throw when a call stopped: the caller's own abort reason when the caller aborted (so the
 * scheduler recognises its attempt timeout or the run's cancellation), a retryable `timeout` failure
 * when the connector's timeout fired, else undefined (the error was something else).
 */
export function abortFailure(
  tool: string,
  caller: AbortSignal,
  connectorTimeout: AbortSignal,
  timeoutMs: number,
  cause: unknown,
): unknown {
  if (caller.aborted) return caller.reason ?? cause;
  if (connectorTimeout.aborted) {
    return new ToolError(
      tool,
      "timeout",
      `tool ${tool} did not answer within ${timeoutMs} ms (the connector's timeout); raise connector.timeout in its catalog if it needs longer`,
      { cause },
    );
  }
  return undefined;
}
