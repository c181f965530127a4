/** `tenants/<name>/prompts/*.yml`: a versioned prompt with declared variables and an output schema. */
import * as z from "zod";
import { apiVersion, description, jsonSchema, name, semver } from "./common.ts";
import { modelParams } from "./routes.ts";

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export const variable = z
  .strictObject({
    type: z
      .enum(["string", "number", "boolean", "object", "array", "any"])
      .default("string")
      .describe("Type of the value."),
    description: description.optional(),
    required: z.boolean().default(true).describe("Whether every caller must provide it."),
  })
  .describe("A declared template variable.");

export const message = z
  .strictObject({
    role: z.enum(["system", "user", "assistant"]).describe("Who speaks."),
    content: z
      .string()
      .describe(
        "Text. `{{ name }}` inserts a declared variable; `{{#name}}…{{/name}}` repeats or shows a section.",
      ),
  })
  .describe("One chat message.");

export const promptFile = z
  .strictObject({
    apiVersion,
    kind: z.literal("Prompt").describe("File kind: `Prompt`."),
    name: name.describe("Prompt name, unique in its tenant."),
    version: semver,
    description: description.optional(),
    variables: z
      .record(z.string().regex(VARIABLE_NAME, { message: "must be an identifier" }), variable)
      .default({})
      .describe("Variables the messages may use. Using an undeclared variable is an error."),
    params: modelParams.optional(),
    messages: z.array(message).min(1).describe("The chat messages."),
    output: z
      .strictObject({
        format: z
          .enum(["text", "json"])
          .default("text")
          .describe("`json` asks the model for structured output."),
        schema: jsonSchema.optional().describe("JSON Schema the output must match (with `format: json`)."),
      })
      .default({ format: "text" })
      .describe("Expected output."),
  })
  .describe("A versioned prompt.");

export type PromptFile = z.infer<typeof promptFile>;
