/** `tools/*.yml`: the platform tool catalog. Each file is one namespace of tools behind one connector. */
import * as z from "zod";
import { apiVersion, description, duration, jsonSchema, name } from "./common.ts";

const envVar = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, { message: "must be an environment variable name" });

export const toolName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, {
    message: "must be lower-case letters, digits and '_', starting with a letter",
  })
  .describe("Tool name within its namespace (snake_case, as model function-calling APIs expect).");

const connector = z
  .discriminatedUnion("type", [
    z
      .strictObject({
        type: z.literal("http").describe("HTTP JSON API."),
        base_url: z.url({ protocol: /^https?$/ }).describe("Base URL; requests never leave its host."),
        allowed_hosts: z
          .array(z.string().min(1))
          .optional()
          .describe("Hosts the connector may call. Defaults to the host of `base_url`."),
        auth: z
          .discriminatedUnion("type", [
            z.strictObject({
              type: z.literal("bearer").describe("`Authorization: Bearer <token>`."),
              token_env: envVar.describe("Environment variable holding the token."),
            }),
            z.strictObject({
              type: z.literal("header").describe("A custom header."),
              header: z.string().min(1).describe("Header name."),
              value_env: envVar.describe("Environment variable holding the header value."),
            }),
          ])
          .optional()
          .describe("How requests authenticate. Secrets come from the environment only."),
        timeout: duration.default("10s").describe("Timeout of one request."),
      })
      .describe("Tools served over HTTP."),
    z
      .strictObject({
        type: z.literal("mcp").describe("A Model Context Protocol server over stdio."),
        command: z.string().min(1).describe("Executable to start (no shell)."),
        args: z
          .array(z.string())
          .default([])
          .describe("Arguments, passed as an array (never through a shell)."),
        env: z.array(envVar).default([]).describe("Environment variables passed through to the server."),
        timeout: duration.default("30s").describe("Timeout of one call."),
      })
      .describe("Tools served by an MCP server."),
    z
      .strictObject({
        type: z.literal("builtin").describe("Functions built into the runner."),
      })
      .describe("Built-in tools."),
  ])
  .describe("How the tools of this namespace are reached.");

export const tool = z
  .strictObject({
    description: description.describe("What the tool does; shown to models that may call it."),
    effect: z
      .enum(["read", "write"])
      .describe("`write` if calling the tool changes anything outside the run."),
    input: jsonSchema.describe(
      "JSON Schema of the arguments. Arguments are validated against it before every call.",
    ),
    output: jsonSchema.optional().describe("JSON Schema of the result."),
    http: z
      .strictObject({
        method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("POST").describe("HTTP method."),
        path: z
          .string()
          .regex(/^\/[A-Za-z0-9_.~{}/-]*$/, { message: "must be a path such as /customers/{id}" })
          .describe("Path under `base_url`; `{arg}` segments are filled from the arguments (URL-encoded)."),
      })
      .optional()
      .describe("HTTP binding. Remaining arguments go in the query (GET, DELETE) or a JSON body."),
    mcp_tool: z
      .string()
      .min(1)
      .optional()
      .describe("Name of the tool on the MCP server. Defaults to the tool name."),
    function: z
      .string()
      .min(1)
      .optional()
      .describe("Name of the built-in function. Defaults to the tool name."),
    idempotent: z
      .boolean()
      .default(false)
      .describe(
        "Whether repeating a call is harmless. Non-idempotent write tools receive an idempotency key.",
      ),
  })
  .describe("A tool: its effect, argument schema and binding.");

export const toolCatalogFile = z
  .strictObject({
    apiVersion,
    kind: z.literal("ToolCatalog").describe("File kind: `ToolCatalog`."),
    namespace: name.describe("Namespace of these tools; workflows call them as NAMESPACE.TOOL."),
    description: description.optional(),
    connector,
    tools: z.record(toolName, tool).describe("Tools by name."),
  })
  .describe("tools/*.yml: a namespace of platform tools.");

export type ToolCatalogFile = z.infer<typeof toolCatalogFile>;
export type ToolConfig = z.infer<typeof tool>;
