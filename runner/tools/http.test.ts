import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ToolConfig } from "../../workflows-schema/tools.ts";
import { ToolError } from "./errors.ts";
import { buildRequestUrl, callHttpTool, type HttpConnector, type HttpToolCall, hostAllowed } from "./http.ts";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

async function startServer(handler: () => Handler | undefined, seen: Seen[]) {
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const h = handler();
      if (h) h(req, res, body);
      else {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ ok: true }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

let a: { server: Server; port: number };
let b: { server: Server; port: number };
const seenA: Seen[] = [];
const seenB: Seen[] = [];
let handlerA: Handler | undefined;

beforeAll(async () => {
  a = await startServer(() => handlerA, seenA);
  b = await startServer(() => undefined, seenB);
});
afterAll(async () => {
  a.server.closeAllConnections();
  b.server.closeAllConnections();
  await new Promise((resolve) => a.server.close(resolve));
  await new Promise((resolve) => b.server.close(resolve));
});
beforeEach(() => {
  seenA.length = 0;
  seenB.length = 0;
  handlerA = undefined;
});

const baseUrl = () => `http://127.0.0.1:${a.port}/api`;

function connector(extra: Partial<HttpConnector> = {}): HttpConnector {
  return { type: "http", base_url: baseUrl(), timeout: "2s", ...extra };
}

function tool(extra: Partial<ToolConfig> = {}): ToolConfig {
  return {
    description: "test",
    effect: "read",
    idempotent: false,
    input: { type: "object" },
    http: { method: "GET", path: "/customers/{id}" },
    ...extra,
  };
}

function call(extra: Partial<HttpToolCall> = {}): HttpToolCall {
  return {
    ref: "crm.lookup",
    name: "lookup",
    connector: connector(),
    tool: tool(),
    args: { id: "c1" },
    idempotencyKey: "run-1:node-a",
    signal: new AbortController().signal,
    env: {},
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

describe("URL and arguments", () => {
  it("fills path segments, URL-encoded, and keeps `../` encoded", async () => {
    await callHttpTool(call({ args: { id: "../admin" } }));
    await callHttpTool(call({ args: { id: "a b/c?d#e" } }));
    expect(seenA.map((s) => s.url)).toEqual([
      "/api/customers/..%2Fadmin",
      "/api/customers/a%20b%2Fc%3Fd%23e",
    ]);
  });

  it("refuses a missing path argument and dot segments", async () => {
    expect((await failure(callHttpTool(call({ args: {} })))).message).toMatch(/needs argument "id".*missing/);
    for (const id of ["..", ".", ""]) {
      const error = await failure(callHttpTool(call({ args: { id } })));
      expect(error.final).toBe(true);
      expect(error.kind).toBe("invalid-arguments");
    }
    expect((await failure(callHttpTool(call({ args: { id: { nested: 1 } } })))).message).toMatch(/"id"/);
    expect(seenA).toHaveLength(0);
  });

  it("keeps the base path", () => {
    const { url, rest } = buildRequestUrl("x.y", "https://h.example/v1/", "/items/{id}", { id: 7, q: "z" });
    expect(url.href).toBe("https://h.example/v1/items/7");
    expect(rest).toEqual({ q: "z" });
  });

  it("sends the other arguments in the query for GET and DELETE", async () => {
    await callHttpTool(call({ args: { id: "c1", limit: 5, tags: ["a", "b"], skip: null } }));
    await callHttpTool(
      call({
        tool: tool({ http: { method: "DELETE", path: "/customers/{id}" } }),
        args: { id: "c2", hard: true },
      }),
    );
    expect(seenA.map((s) => [s.method, s.url, s.body])).toEqual([
      ["GET", "/api/customers/c1?limit=5&tags=a&tags=b", ""],
      ["DELETE", "/api/customers/c2?hard=true", ""],
    ]);
  });

  it("sends the other arguments as a JSON body otherwise", async () => {
    const post = tool({ effect: "read", http: { method: "POST", path: "/customers/{id}/notes" } });
    await callHttpTool(call({ tool: post, args: { id: "c1", note: "hi", tags: ["x"] } }));
    expect(seenA[0]!.url).toBe("/api/customers/c1/notes");
    expect(seenA[0]!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(seenA[0]!.body)).toEqual({ note: "hi", tags: ["x"] });
  });

  it("defaults to POST /<tool name> without an HTTP binding", async () => {
    await callHttpTool(call({ tool: tool({ http: undefined }), args: { a: 1 } }));
    expect(seenA.map((s) => [s.method, s.url, s.body])).toEqual([["POST", "/api/lookup", '{"a":1}']]);
  });
});

describe("headers", () => {
  it("authenticates with a bearer token or a custom header from the environment", async () => {
    await callHttpTool(
      call({
        connector: connector({ auth: { type: "bearer", token_env: "CRM_TOKEN" } }),
        env: { CRM_TOKEN: "t0k" },
      }),
    );
    await callHttpTool(
      call({
        connector: connector({ auth: { type: "header", header: "X-Api-Key", value_env: "PAY_KEY" } }),
        env: { PAY_KEY: "k3y" },
      }),
    );
    expect(seenA[0]!.headers.authorization).toBe("Bearer t0k");
    expect(seenA[1]!.headers["x-api-key"]).toBe("k3y");
    expect(seenA[1]!.headers.authorization).toBeUndefined();
  });

  it("names a missing variable, and never shows a secret", async () => {
    const missing = await failure(
      callHttpTool(
        call({ connector: connector({ auth: { type: "bearer", token_env: "CRM_TOKEN" } }), env: {} }),
      ),
    );
    expect(missing.message).toMatch(/environment variable CRM_TOKEN.*not set/);
    expect(missing.final).toBe(true);
    const empty = await failure(
      callHttpTool(
        call({
          connector: connector({ auth: { type: "bearer", token_env: "CRM_TOKEN" } }),
          env: { CRM_TOKEN: "" },
        }),
      ),
    );
    expect(empty.message).toMatch(/CRM_TOKEN.*not set/);
    const bad = await failure(
      callHttpTool(
        call({
          connector: connector({ auth: { type: "bearer", token_env: "CRM_TOKEN" } }),
          env: { CRM_TOKEN: "abc\r\nsupersecret" },
        }),
      ),
    );
    expect(bad.message).toContain("CRM_TOKEN");
    expect(bad.message).not.toContain("supersecret");
    expect(seenA).toHaveLength(0);
  });

  it("sends Idempotency-Key for non-idempotent write tools only", async () => {
    const cases: [Partial<ToolConfig>, boolean][] = [
      [{ effect: "write", idempotent: false }, true],
      [{ effect: "write", idempotent: true }, false],
      [{ effect: "read", idempotent: false }, false],
    ];
    for (const [extra] of cases) await callHttpTool(call({ tool: tool(extra) }));
    expect(seenA.map((s) => s.headers["idempotency-key"])).toEqual(
      cases.map(([, sent]) => (sent ? "run-1:node-a" : undefined)),
    );
  });
});

describe("hosts", () => {
  const redirectTo = (location: () => string, status = 302): Handler => {
    return (req, res) => {
      if (req.url!.startsWith("/api/customers")) {
        res.statusCode = status;
        res.setHeader("location", location());
        res.end();
      } else {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ landed: req.url }));
      }
    };
  };

  it("follows a redirect on the base URL's host", async () => {
    handlerA = redirectTo(() => "/api/elsewhere");
    expect(await callHttpTool(call())).toEqual({ landed: "/api/elsewhere" });
  });

  it("refuses a redirect to another host without calling it", async () => {
    handlerA = redirectTo(() => `http://127.0.0.1:${b.port}/steal`);
    const error = await failure(callHttpTool(call()));
    expect(error.kind).toBe("policy");
    expect(error.final).toBe(true);
    expect(error.message).toContain(`127.0.0.1:${b.port}`);
    expect(seenB).toHaveLength(0);
    handlerA = redirectTo(() => `http://localhost:${a.port}/api/x`);
    expect((await failure(callHttpTool(call()))).message).toMatch(/localhost.*not an allowed host/);
  });

  it("allowed_hosts replaces the default", async () => {
    handlerA = redirectTo(() => `http://127.0.0.1:${b.port}/ok`);
    // A host without a port allows every port of that host.
    expect(await callHttpTool(call({ connector: connector({ allowed_hosts: ["127.0.0.1"] }) }))).toEqual({
      ok: true,
    });
    expect(seenB.map((s) => s.url)).toEqual(["/ok"]);
    const refused = await failure(
      callHttpTool(call({ connector: connector({ allowed_hosts: [`127.0.0.1:${b.port}`] }) })),
    );
    expect(refused.message).toMatch(/not an allowed host/);
    expect(seenA).toHaveLength(1); // only the redirected call above
  });

  it("hostAllowed: exact host:port by default, any port for a bare allowed host, never https → http", () => {
    const https: HttpConnector = { type: "http", base_url: "https://api.example:8443/v1", timeout: "1s" };
    expect(hostAllowed(new URL("https://api.example:8443/x"), https)).toBe(true);
    expect(hostAllowed(new URL("https://api.example/x"), https)).toBe(false);
    expect(hostAllowed(new URL("http://api.example:8443/x"), https)).toBe(false);
    expect(hostAllowed(new URL("https://evil.example:8443/x"), https)).toBe(false);
    const bare = { ...https, allowed_hosts: ["API.example", "cdn.example:444"] };
    expect(hostAllowed(new URL("https://api.example/x"), bare)).toBe(true);
    expect(hostAllowed(new URL("https://cdn.example:444/x"), bare)).toBe(true);
    expect(hostAllowed(new URL("https://cdn.example/x"), bare)).toBe(false);
    expect(hostAllowed(new URL("http://api.example/x"), bare)).toBe(false);
    const v6 = { ...https, base_url: "http://[::1]:8080", allowed_hosts: ["[::1]"] };
    expect(hostAllowed(new URL("http://[::1]:9999/x"), v6)).toBe(true);
    expect(hostAllowed(new URL("ftp://api.example/x"), { ...bare, base_url: "http://api.example" })).toBe(
      false,
    );
  });

  it("gives up after 3 redirects", async () => {
    handlerA = redirectTo(() => "/api/customers/again", 307);
    expect((await failure(callHttpTool(call()))).message).toMatch(/more than 3 times/);
    expect(seenA).toHaveLength(4);
  });

  it("turns a POST into a GET on 303 and keeps it on 307", async () => {
    handlerA = redirectTo(() => "/api/done", 303);
    const post = tool({ http: { method: "POST", path: "/customers/{id}" } });
    await callHttpTool(call({ tool: post, args: { id: "c1", x: 1 } }));
    handlerA = redirectTo(() => "/api/done", 307);
    await callHttpTool(call({ tool: post, args: { id: "c1", x: 1 } }));
    expect(seenA.map((s) => [s.method, s.url, s.body])).toEqual([
      ["POST", "/api/customers/c1", '{"x":1}'],
      ["GET", "/api/done", ""],
      ["POST", "/api/customers/c1", '{"x":1}'],
      ["POST", "/api/done", '{"x":1}'],
    ]);
  });
});

describe("responses", () => {
  const status =
    (code: number, body = "nope"): Handler =>
    (_req, res) => {
      res.statusCode = code;
      res.end(body);
    };

  it("429 and 5xx are retryable, other 4xx final", async () => {
    for (const [code, final] of [
      [429, false],
      [500, false],
      [503, false],
      [404, true],
      [400, true],
    ] as const) {
      handlerA = status(code, `problem ${code}`);
      const error = await failure(callHttpTool(call()));
      expect([error.status, error.final, error.kind]).toEqual([code, final, "tool-http"]);
      expect(error.message).toContain(`HTTP ${code}: problem ${code}`);
    }
  });

  it("parses JSON and returns anything else as text", async () => {
    handlerA = (_req, res) => {
      res.setHeader("content-type", "text/plain");
      res.end("plain words");
    };
    expect(await callHttpTool(call())).toBe("plain words");
    handlerA = (_req, res) => {
      res.setHeader("content-type", "application/json; charset=utf-8");
      res.end('{"a":[1,2]}');
    };
    expect(await callHttpTool(call())).toEqual({ a: [1, 2] });
    handlerA = (_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end("{broken");
    };
    expect(await callHttpTool(call())).toBe("{broken");
    handlerA = (_req, res) => {
      res.statusCode = 204;
      res.end();
    };
    expect(await callHttpTool(call())).toBeNull();
  });

  it("refuses responses over the size cap (1 MiB by default)", async () => {
    const big = "x".repeat(1024 * 1024 + 1);
    handlerA = (_req, res) => {
      // Streamed without a Content-Length, so the cap applies while reading.
      res.write(big.slice(0, 600_000));
      res.end(big.slice(600_000));
    };
    const error = await failure(callHttpTool(call()));
    expect(error.kind).toBe("response-too-large");
    expect(error.message).toContain("1048576 bytes");
    handlerA = (_req, res) => {
      res.setHeader("content-length", "2000");
      res.end("y".repeat(2000));
    };
    expect((await failure(callHttpTool(call({ maxResponseBytes: 1000 })))).kind).toBe("response-too-large");
    handlerA = (_req, res) => res.end(`"${"z".repeat(998)}"`);
    expect(await callHttpTool(call({ maxResponseBytes: 1000 }))).toBe("z".repeat(998));
  });

  it("stops reading at the cap and drops the connection", async () => {
    let closed!: () => void;
    const sawClose = new Promise<void>((r) => {
      closed = r;
    });
    handlerA = (_req, res) => {
      res.on("close", () => closed());
      res.write("x".repeat(4000)); // and never ends
    };
    const started = Date.now();
    const error = await failure(
      callHttpTool(call({ maxResponseBytes: 1000, connector: connector({ timeout: "5s" }) })),
    );
    expect(error.kind).toBe("response-too-large");
    await sawClose;
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("reports an unreachable server as retryable", async () => {
    const error = await failure(
      callHttpTool(call({ connector: connector({ base_url: "http://127.0.0.1:1/api" }) })),
    );
    expect([error.kind, error.final]).toEqual(["tool-unavailable", false]);
  });
});

describe("cancellation", () => {
  /** A handler that never answers and resolves `closed` when the client drops the socket. */
  function hang(): { handler: Handler; closed: Promise<void> } {
    let resolve!: () => void;
    const closed = new Promise<void>((r) => {
      resolve = r;
    });
    return {
      handler: (_req, res) => {
        res.on("close", () => resolve());
      },
      closed,
    };
  }

  it("the connector's timeout cancels the request (retryable)", async () => {
    const h = hang();
    handlerA = h.handler;
    const started = Date.now();
    const error = await failure(callHttpTool(call({ connector: connector({ timeout: "200ms" }) })));
    expect([error.kind, error.final]).toEqual(["timeout", false]);
    expect(error.message).toContain("200 ms");
    expect(Date.now() - started).toBeLessThan(1500);
    await h.closed;
  });

  it("the caller's abort cancels the request and surfaces the caller's reason", async () => {
    const h = hang();
    handlerA = h.handler;
    const controller = new AbortController();
    const reason = new Error("run cancelled");
    setTimeout(() => controller.abort(reason), 100);
    const started = Date.now();
    await expect(
      callHttpTool(call({ signal: controller.signal, connector: connector({ timeout: "5s" }) })),
    ).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(1500);
    await h.closed;
  });

  it("a timeout while the body streams also cancels", async () => {
    let closed!: () => void;
    const sawClose = new Promise<void>((r) => {
      closed = r;
    });
    handlerA = (_req, res) => {
      res.on("close", () => closed());
      res.write('{"partial":');
    };
    const error = await failure(callHttpTool(call({ connector: connector({ timeout: "200ms" }) })));
    expect(error.kind).toBe("timeout");
    await sawClose;
  });
});
