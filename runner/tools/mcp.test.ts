import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ToolError } from "./errors.ts";
import { type McpConnector, McpPool, type McpToolCall, mcpServerEnv } from "./mcp.ts";

const server = fileURLToPath(new URL("./fixtures/echo-mcp-server.mjs", import.meta.url));
const env = {
  PATH: process.env.PATH,
  CHARTER_TEST_VISIBLE: "visible",
  CHARTER_TEST_HIDDEN: "hidden",
  HOME: "/home/someone",
};

function connector(extra: Partial<McpConnector> = {}): McpConnector {
  return {
    type: "mcp",
    command: process.execPath,
    args: [server],
    env: ["CHARTER_TEST_VISIBLE"],
    timeout: "5s",
    ...extra,
  };
}

function call(serverTool: string, extra: Partial<McpToolCall> = {}): McpToolCall {
  return {
    ref: `echo.${serverTool}`,
    namespace: "echo",
    connector: connector(),
    serverTool,
    args: {},
    idempotencyKey: "run-1:node-a",
    signal: new AbortController().signal,
    ...extra,
  };
}

async function failure(promise: Promise<unknown>): Promise<ToolError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ToolError);
  return error as ToolError;
}

const pools: McpPool[] = [];
function pool(): McpPool {
  const p = new McpPool(env);
  pools.push(p);
  return p;
}
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

interface Echo {
  args: Record<string, unknown>;
  meta: Record<string, unknown> | null;
  argv: string[];
  env: string[];
}

describe("MCP connector", () => {
  const shared = pool();

  it("calls a tool with the idempotency key in _meta and reuses the server", async () => {
    const first = (await shared.call(call("echo", { args: { q: "hi", n: [1, 2] } }))) as Echo;
    expect(first.args).toEqual({ q: "hi", n: [1, 2] });
    expect(first.meta).toEqual({ idempotencyKey: "run-1:node-a" });
    const a = (await shared.call(call("stats"))) as { pid: number };
    const b = (await shared.call(call("stats"))) as { pid: number };
    expect(a.pid).toBe(b.pid);
    // Another namespace gets its own server.
    const other = (await shared.call(call("stats", { namespace: "other" }))) as { pid: number };
    expect(other.pid).not.toBe(a.pid);
  });

  it("passes only PATH and the listed variables to the server", async () => {
    const echo = (await shared.call(call("echo"))) as Echo;
    expect(echo.env).toEqual(["CHARTER_TEST_VISIBLE", "PATH"]);
    expect(mcpServerEnv({ env: ["CHARTER_TEST_VISIBLE", "UNSET_ONE"] }, env)).toEqual({
      PATH: env.PATH,
      CHARTER_TEST_VISIBLE: "visible",
    });
  });

  it("passes arguments literally, without a shell", async () => {
    // Payloads a shell would change but that are harmless if one ever ran them (never destructive ones
    // here: a regression, or a mutation test, would execute them).
    const literal = ["; echo injected", "$(echo expanded)", "`echo expanded`", "a b", "$HOME", "*"];
    const args = [server, ...literal];
    const echo = (await pool().call(
      call("echo", { namespace: "literal", connector: connector({ args }) }),
    )) as Echo;
    expect(echo.argv).toEqual(literal);
  });

  it("prefers structured content, parses JSON text, else returns the text", async () => {
    expect(await shared.call(call("structured"))).toEqual({ answer: 42 });
    expect(await shared.call(call("plain"))).toBe("hello, world");
  });

  it("turns isError results into errors", async () => {
    const error = await failure(shared.call(call("fail")));
    expect([error.kind, error.final]).toEqual(["tool-error", false]);
    expect(error.message).toBe("tool echo.fail reported an error: the widget is broken");
  });

  it("honours the timeout and cancels the call on the server", async () => {
    const before = ((await shared.call(call("stats"))) as { cancelled: number }).cancelled;
    const started = Date.now();
    const error = await failure(
      shared.call(call("slow", { args: { ms: 10_000 }, connector: connector({ timeout: "300ms" }) })),
    );
    expect([error.kind, error.final]).toEqual(["timeout", false]);
    expect(Date.now() - started).toBeLessThan(2000);
    await expect
      .poll(async () => ((await shared.call(call("stats"))) as { cancelled: number }).cancelled)
      .toBe(before + 1);
  });

  it("honours the caller's abort", async () => {
    const before = ((await shared.call(call("stats"))) as { cancelled: number }).cancelled;
    const controller = new AbortController();
    const reason = new Error("run cancelled");
    setTimeout(() => controller.abort(reason), 150);
    const started = Date.now();
    await expect(shared.call(call("slow", { args: { ms: 10_000 }, signal: controller.signal }))).rejects.toBe(
      reason,
    );
    expect(Date.now() - started).toBeLessThan(2000); // well before the connector's 5 s timeout
    await expect
      .poll(async () => ((await shared.call(call("stats"))) as { cancelled: number }).cancelled)
      .toBe(before + 1);
  });

  it("reports a crash clearly and restarts the server on the next call", async () => {
    const p = pool();
    const before = (await p.call(call("stats"))) as { pid: number };
    const error = await failure(p.call(call("crash")));
    expect([error.kind, error.final]).toEqual(["tool-unavailable", false]);
    expect(error.message).toMatch(/MCP server of namespace echo .* exited with code 3 during echo\.crash/);
    expect(error.message).toContain("crashing on purpose");
    expect(error.message).toContain("the next call starts it again");
    const after = (await p.call(call("stats"))) as { pid: number };
    expect(after.pid).not.toBe(before.pid);
  });

  it("says when the command does not exist", async () => {
    const error = await failure(
      pool().call(
        call("echo", { namespace: "missing", connector: connector({ command: "/nonexistent/mcp-server" }) }),
      ),
    );
    expect(error.message).toMatch(
      /could not be started: the command \/nonexistent\/mcp-server was not found/,
    );
    expect(error.final).toBe(true);
  });

  it("close() stops every server and refuses later calls", async () => {
    const p = new McpPool(env);
    const { pid } = (await p.call(call("stats"))) as { pid: number };
    expect(() => process.kill(pid, 0)).not.toThrow();
    await p.close();
    expect(() => process.kill(pid, 0)).toThrow();
    expect((await failure(p.call(call("stats")))).message).toMatch(/closed/);
  });
});
