import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { NodeFailure } from "../../core/execute/nodes.ts";
import type { ToolInvocation } from "../../core/execute/services.ts";
import { type ToolCatalogFile, toolCatalogFile } from "../../workflows-schema/tools.ts";
import { defaultBuiltins, registerBuiltin } from "./builtin.ts";
import { catalog, objectWith } from "./fixtures/catalogs.ts";
import { createToolInvoker, type RunnerToolInvoker, redactSecrets, type ToolCallRecord } from "./invoker.ts";
import type { ToolRefused } from "./policy.ts";

const exampleTools = new URL("../../examples/acme/tools/", import.meta.url);
const example = (file: string): ToolCatalogFile =>
  toolCatalogFile.parse(parse(readFileSync(new URL(file, exampleTools), "utf8")));

const seen: { url: string; headers: IncomingMessage["headers"]; body: string }[] = [];
let port = 0;
const httpServer = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk: Buffer) => {
    body += chunk.toString();
  });
  req.on("end", () => {
    seen.push({ url: req.url!, headers: req.headers, body });
    res.setHeader("content-type", "application/json");
    res.end(req.url!.includes("bad") ? JSON.stringify({ plan: "platinum" }) : JSON.stringify({ id: "c1" }));
  });
});
beforeAll(async () => {
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  port = (httpServer.address() as AddressInfo).port;
});
afterAll(async () => {
  httpServer.closeAllConnections();
  await new Promise((resolve) => httpServer.close(resolve));
});

function crm(): ToolCatalogFile {
  return catalog({
    namespace: "crm",
    connector: {
      type: "http",
      base_url: `http://127.0.0.1:${port}/v2`,
      auth: { type: "bearer", token_env: "CRM_TOKEN" },
    },
    tools: {
      lookup: {
        description: "Look up.",
        effect: "read",
        idempotent: true,
        http: { method: "GET", path: "/customers/{email}" },
        input: objectWith({ email: { type: "string" } }, ["email"]),
        output: objectWith({ id: { type: "string" } }, ["id"]),
      },
      login: {
        description: "Log in.",
        effect: "write",
        http: { method: "POST", path: "/sessions" },
        input: { type: "object" },
      },
    },
  });
}

const echo = catalog({
  namespace: "echo",
  connector: {
    type: "mcp",
    command: process.execPath,
    args: [fileURLToPath(new URL("./fixtures/echo-mcp-server.mjs", import.meta.url))],
  },
  tools: {
    repeat: { description: "Echo.", effect: "read", mcp_tool: "echo", input: { type: "object" } },
  },
});

const invokers: RunnerToolInvoker[] = [];
function invoker(records: ToolCallRecord[], extra: Partial<Parameters<typeof createToolInvoker>[0]> = {}) {
  const builtins = defaultBuiltins();
  registerBuiltin("bad_count", async () => ({ words: "many" }), { registry: builtins });
  const inv = createToolInvoker({
    tenant: "acme",
    catalogs: new Map([
      ["crm", crm()],
      ["util", example("util.yml")],
      ["echo", echo],
      ["payments", example("payments.yml")],
    ]),
    allowPatterns: ["crm.*", "util.*", "echo.*"],
    approvedTools: ["crm.login"],
    env: { CRM_TOKEN: "sekrit", PATH: process.env.PATH },
    builtins,
    onCall: (r) => records.push(r),
    ...extra,
  });
  invokers.push(inv);
  return inv;
}
afterAll(async () => {
  await Promise.all(invokers.map((i) => i.close()));
});

const call = (tool: string, args: unknown, extra: Partial<ToolInvocation> = {}): ToolInvocation => ({
  tenant: "acme",
  tool,
  args,
  idempotencyKey: "run-9:n1",
  signal: new AbortController().signal,
  ...extra,
});

describe("createToolInvoker", () => {
  it("dispatches to the HTTP connector and records the call", async () => {
    const records: ToolCallRecord[] = [];
    const result = await invoker(records).invoke(call("crm.lookup", { email: "a@b.example" }));
    expect(result).toEqual({ id: "c1" });
    expect(seen.at(-1)!.url).toBe("/v2/customers/a%40b.example");
    expect(seen.at(-1)!.headers.authorization).toBe("Bearer sekrit");
    expect(records).toEqual([
      {
        tool: "crm.lookup",
        args: { email: "a@b.example" },
        idempotencyKey: "run-9:n1",
        ms: expect.any(Number),
        ok: true,
      },
    ]);
  });

  it("redacts secret-looking arguments in the record, not in the request", async () => {
    const records: ToolCallRecord[] = [];
    const args = {
      user: "ann",
      password: "hunter2",
      nested: [{ api_key: "k1", apiKey: "k2", "API-KEY": "k3", Authorization: "b", refresh_token: "t" }],
      clientSecret: { deep: "s" },
    };
    await invoker(records).invoke(call("crm.login", args));
    expect(JSON.parse(seen.at(-1)!.body)).toEqual(args);
    expect(records[0]!.args).toEqual({
      user: "ann",
      password: "[redacted]",
      nested: [
        {
          api_key: "[redacted]",
          apiKey: "[redacted]",
          "API-KEY": "[redacted]",
          Authorization: "[redacted]",
          refresh_token: "[redacted]",
        },
      ],
      clientSecret: "[redacted]",
    });
    expect(JSON.stringify(records)).not.toMatch(/hunter2|k1|k2|k3|sekrit/);
    expect(redactSecrets("plain")).toBe("plain");
  });

  it("applies the policy before anything leaves the process", async () => {
    const records: ToolCallRecord[] = [];
    const inv = invoker(records);
    const before = seen.length;
    const refusals = await Promise.all(
      [
        call("crm.lookup", { email: "a@b.example" }, { tenant: "globex" }),
        call("crm.nope", {}),
        call("payments.get_invoice", { invoice_id: "inv_1" }),
        call("crm.lookup", { email: 7 }),
      ].map((c) =>
        inv.invoke(c).then(
          () => undefined as unknown as ToolRefused,
          (e: unknown) => e as ToolRefused,
        ),
      ),
    );
    expect(refusals.map((r) => r.reason)).toEqual([
      "other-tenant",
      "unknown-tool",
      "not-allowed",
      "invalid-arguments",
    ]);
    expect(seen.length).toBe(before);
    expect(records.map((r) => [r.ok, r.error])).toEqual(refusals.map((r) => [false, r.message]));
  });

  it("refuses a write tool the workflow was not approved for", async () => {
    const inv = invoker([], { approvedTools: [] });
    const error = (await inv.invoke(call("crm.login", {})).catch((e: unknown) => e)) as ToolRefused;
    expect(error.reason).toBe("write-not-approved");
  });

  it("refuses results that do not match the output schema", async () => {
    const error = (await invoker([])
      .invoke(call("crm.lookup", { email: "bad" }))
      .catch((e: unknown) => e)) as ToolRefused;
    expect(error.reason).toBe("invalid-output");
    expect(error).toBeInstanceOf(NodeFailure);
    expect(error.message).toMatch(/result of crm\.lookup does not match its output schema/);
  });

  it("runs the built-ins of examples/acme/tools/util.yml", async () => {
    expect(await invoker([]).invoke(call("util.word_count", { text: "three little words" }))).toEqual({
      words: 3,
    });
  });

  it("checks built-in results against the output schema too", async () => {
    const util = example("util.yml");
    util.tools.word_count!.function = "bad_count";
    const inv = invoker([], { catalogs: new Map([["util", util]]) });
    const error = (await inv
      .invoke(call("util.word_count", { text: "x" }))
      .catch((e: unknown) => e)) as ToolRefused;
    expect(error.reason).toBe("invalid-output");
  });

  it("dispatches MCP tools by mcp_tool and closes their servers", async () => {
    const inv = invoker([]);
    const result = (await inv.invoke(call("echo.repeat", { x: 1 }))) as { args: unknown; meta: unknown };
    expect(result.args).toEqual({ x: 1 });
    expect(result.meta).toEqual({ idempotencyKey: "run-9:n1" });
    await inv.close();
    const error = (await inv.invoke(call("echo.repeat", {})).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/closed/);
  });

  it("ignores a failing onCall", async () => {
    const inv = invoker([], {
      onCall: () => {
        throw new Error("trace sink down");
      },
    });
    expect(await inv.invoke(call("util.word_count", { text: "a" }))).toEqual({ words: 1 });
  });
});
