/**
 * The MCP connector: tools served by a Model Context Protocol server over stdio.
 *
 * One client per catalog namespace, started on its first call and reused. The server is spawned
 * without a shell (`command` + `args` as an array) and with a minimal environment: PATH plus the
 * variables the catalog lists, nothing else (the SDK's own stdio transport would add HOME, USER, SHELL…,
 * hence the small transport below). A server that exits fails the calls in flight with its exit status
 * and the end of its stderr; the next call starts it again.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ReadBuffer, serializeMessage } from "@modelcontextprotocol/sdk/shared/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ErrorCode, type JSONRPCMessage, McpError } from "@modelcontextprotocol/sdk/types.js";
import { parseDuration } from "../../core/text/duration.ts";
import { CHARTER_VERSION } from "../../core/version.ts";
import type { ToolCatalogFile } from "../../workflows-schema/tools.ts";
import { abortFailure, ToolError } from "./errors.ts";

export type McpConnector = Extract<ToolCatalogFile["connector"], { type: "mcp" }>;

const STDERR_TAIL = 2000;

/** The environment an MCP server gets: PATH and the listed variables that are set. */
export function mcpServerEnv(
  connector: Pick<McpConnector, "env">,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  const path = env.PATH ?? process.env.PATH;
  if (path !== undefined) out.PATH = path;
  for (const name of connector.env ?? []) {
    const value = Object.hasOwn(env, name) ? env[name] : undefined;
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** JSON-RPC over a child process's stdin/stdout, spawned without a shell and with exactly `env`. */
export class ChildProcessTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private child?: ChildProcess;
  private readonly buffer = new ReadBuffer();
  private stderr = "";
  /** How the process ended, once it has. */
  exit?: { code: number | null; signal: NodeJS.Signals | null };

  constructor(
    private readonly params: { command: string; args: readonly string[]; env: Record<string, string> },
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The last part of what the server wrote on stderr. */
  get stderrTail(): string {
    return this.stderr.trim();
  }

  start(): Promise<void> {
    if (this.child) throw new Error("the MCP server process was already started");
    return new Promise((resolve, reject) => {
      const child = spawn(this.params.command, [...this.params.args], {
        env: this.params.env,
        stdio: ["pipe", "pipe", "pipe"],
        shell: false,
        windowsHide: true,
      });
      this.child = child;
      child.once("error", (error) => {
        reject(error);
        this.onerror?.(error);
      });
      child.once("spawn", () => resolve());
      child.once("close", (code, signal) => {
        this.exit = { code, signal };
        this.child = undefined;
        this.onclose?.();
      });
      child.stdin?.on("error", (error) => this.onerror?.(error));
      child.stdout?.on("data", (chunk: Buffer) => {
        this.buffer.append(chunk);
        for (;;) {
          let message: JSONRPCMessage | null;
          try {
            message = this.buffer.readMessage();
          } catch (error) {
            this.onerror?.(error as Error);
            continue;
          }
          if (message === null) break;
          this.onmessage?.(message);
        }
      });
      child.stderr?.on("data", (chunk: Buffer) => {
        this.stderr = (this.stderr + chunk.toString("utf8")).slice(-STDERR_TAIL);
      });
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      const stdin = this.child?.stdin;
      if (!stdin || stdin.destroyed) {
        reject(new Error("the MCP server is not running"));
        return;
      }
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once("drain", resolve);
    });
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
    const wait = (ms: number) =>
      Promise.race([closed, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);
    child.stdin?.end();
    await wait(1000);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await wait(1000);
    }
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

export interface McpToolCall {
  /** NAMESPACE.TOOL, for messages. */
  ref: string;
  namespace: string;
  connector: McpConnector;
  /** The tool's name on the server. */
  serverTool: string;
  args: unknown;
  idempotencyKey: string;
  signal: AbortSignal;
}

interface Session {
  client: Client;
  transport: ChildProcessTransport;
}

/** Text content parsed as JSON when it is JSON; structured content preferred. */
function resultValue(result: {
  structuredContent?: unknown;
  content?: { type: string; text?: string }[];
}): unknown {
  if (result.structuredContent !== undefined) return result.structuredContent;
  const content = result.content ?? [];
  if (content.length === 0) return null;
  if (!content.every((c) => c.type === "text" && typeof c.text === "string")) return content;
  const text = content.map((c) => c.text).join("\n");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function errorText(result: { content?: { type: string; text?: string }[] }): string {
  const text = (result.content ?? [])
    .filter((c) => c.type === "text" && typeof c.text === "string")
    .map((c) => c.text)
    .join(" ")
    .trim();
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/** MCP clients by namespace. */
export class McpPool {
  private readonly sessions = new Map<string, Promise<Session>>();
  private closed = false;

  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {}

  private describeExit(call: McpToolCall, transport: ChildProcessTransport): string {
    const exit = transport.exit;
    const how = exit
      ? exit.signal
        ? `was killed by ${exit.signal}`
        : `exited with code ${exit.code}`
      : "closed the connection";
    const stderr = transport.stderrTail;
    return `the MCP server of namespace ${call.namespace} (${call.connector.command}) ${how} during ${call.ref}${stderr ? `; its stderr ended with: ${stderr.slice(-500)}` : ""}; the next call starts it again`;
  }

  private session(call: McpToolCall): Promise<Session> {
    const existing = this.sessions.get(call.namespace);
    if (existing) return existing;
    const { connector } = call;
    const transport = new ChildProcessTransport({
      command: connector.command,
      args: connector.args ?? [],
      env: mcpServerEnv(connector, this.env),
    });
    const client = new Client({ name: "charter-runner", version: CHARTER_VERSION }, { capabilities: {} });
    const started = (async () => {
      try {
        await client.connect(transport, { timeout: parseDuration(connector.timeout ?? "30s") });
      } catch (error) {
        await transport.close().catch(() => {});
        const code = (error as { code?: string }).code;
        const reason =
          code === "ENOENT"
            ? `the command ${connector.command} was not found`
            : transport.exit
              ? this.describeExit(call, transport)
              : (error as Error).message;
        throw new ToolError(
          call.ref,
          "tool-unavailable",
          `the MCP server of namespace ${call.namespace} could not be started: ${reason}`,
          { final: code === "ENOENT", cause: error },
        );
      }
      return { client, transport };
    })();
    this.sessions.set(call.namespace, started);
    const forget = () => {
      if (this.sessions.get(call.namespace) === started) this.sessions.delete(call.namespace);
    };
    client.onclose = forget;
    started.catch(forget);
    return started;
  }

  async call(call: McpToolCall): Promise<unknown> {
    if (this.closed) throw new ToolError(call.ref, "tool-unavailable", "the tool invoker is closed");
    const timeoutMs = parseDuration(call.connector.timeout ?? "30s");
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([call.signal, timeout]);
    signal.throwIfAborted();
    let session: Session | undefined;
    try {
      // The start is shared by every caller, so it is not tied to this call's signal: only awaited with it.
      const starting = this.session(call);
      session = await new Promise<Session>((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
        starting.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
      });
      const result = await session.client.callTool(
        {
          name: call.serverTool,
          arguments: (call.args ?? {}) as Record<string, unknown>,
          _meta: { idempotencyKey: call.idempotencyKey },
        },
        undefined,
        { signal, timeout: timeoutMs },
      );
      if (result.isError) {
        const detail = errorText(result as { content?: { type: string; text?: string }[] });
        throw new ToolError(
          call.ref,
          "tool-error",
          `tool ${call.ref} reported an error${detail ? `: ${detail}` : ""}`,
        );
      }
      return resultValue(result as Parameters<typeof resultValue>[0]);
    } catch (error) {
      if (error instanceof ToolError) throw error;
      const stopped = abortFailure(call.ref, call.signal, timeout, timeoutMs, error);
      if (stopped !== undefined) throw stopped;
      if (error instanceof McpError) {
        if (error.code === ErrorCode.RequestTimeout) {
          throw new ToolError(
            call.ref,
            "timeout",
            `tool ${call.ref} did not answer within ${timeoutMs} ms (the connector's timeout); raise connector.timeout in its catalog if it needs longer`,
            { cause: error },
          );
        }
        if (error.code === ErrorCode.ConnectionClosed && session) {
          throw new ToolError(call.ref, "tool-unavailable", this.describeExit(call, session.transport), {
            cause: error,
          });
        }
        const final = error.code === ErrorCode.InvalidParams || error.code === ErrorCode.MethodNotFound;
        throw new ToolError(call.ref, "tool-error", `tool ${call.ref} failed: ${error.message}`, {
          final,
          cause: error,
        });
      }
      throw new ToolError(call.ref, "tool-error", `tool ${call.ref} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** Stops every server. Calls after this are refused. */
  async close(): Promise<void> {
    this.closed = true;
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(
      sessions.map(async (started) => {
        const session = await started.catch(() => undefined);
        await session?.client.close().catch(() => {});
        await session?.transport.close().catch(() => {});
      }),
    );
  }
}
