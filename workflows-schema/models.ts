/** `models.yml`: model providers and the price table (LiteLLM's field names). */
import * as z from "zod";
import { apiVersion, description, duration, name } from "./common.ts";

const envVar = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, { message: "must be an environment variable name such as OPENAI_API_KEY" });

const common = {
  description: description.optional(),
  timeout: duration.default("60s").describe("Default timeout of one request to this provider."),
};

export const provider = z
  .discriminatedUnion("type", [
    z
      .strictObject({
        type: z.literal("openai").describe("OpenAI through the official `openai` SDK."),
        api_key_env: envVar.default("OPENAI_API_KEY").describe("Environment variable holding the API key."),
        base_url: z.url().optional().describe("Override of the API base URL."),
        organization: z.string().optional().describe("OpenAI organization id."),
        ...common,
      })
      .describe("OpenAI."),
    z
      .strictObject({
        type: z.literal("anthropic").describe("Anthropic through the official `@anthropic-ai/sdk`."),
        api_key_env: envVar
          .default("ANTHROPIC_API_KEY")
          .describe("Environment variable holding the API key."),
        base_url: z.url().optional().describe("Override of the API base URL."),
        ...common,
      })
      .describe("Anthropic."),
    z
      .strictObject({
        type: z
          .literal("openai-compatible")
          .describe("Any server speaking the OpenAI API (Ollama, vLLM, LiteLLM proxy)."),
        base_url: z.url().describe("Base URL of the server, e.g. http://127.0.0.1:11434/v1."),
        api_key_env: envVar
          .optional()
          .describe("Environment variable holding the API key, if the server needs one."),
        ...common,
      })
      .describe("An OpenAI-compatible server."),
    z
      .strictObject({
        type: z.literal("replay").describe("Recorded responses from cassette files; no key, no network."),
        cassettes: z
          .string()
          .min(1)
          .default("cassettes")
          .describe("Directory of cassette files, relative to the repository root."),
        ...common,
      })
      .describe("Replay of recorded responses."),
  ])
  .describe("A model provider.");

export const model = z
  .strictObject({
    provider: name.describe("Provider id from `providers`."),
    model: z.string().min(1).describe("The provider's own model name, e.g. gpt-4o-mini."),
    description: description.optional(),
    mode: z.enum(["chat", "embedding"]).default("chat").describe("What the model does."),
    input_cost_per_token: z.number().nonnegative().default(0).describe("USD per input token."),
    output_cost_per_token: z.number().nonnegative().default(0).describe("USD per output token."),
    cache_read_input_token_cost: z.number().nonnegative().optional().describe("USD per cached input token."),
    max_input_tokens: z.int().positive().optional().describe("Context window, in tokens."),
    max_output_tokens: z.int().positive().optional().describe("Largest completion, in tokens."),
    supports_function_calling: z.boolean().default(false).describe("Whether the model can call tools."),
    supports_response_schema: z
      .boolean()
      .default(false)
      .describe("Whether the model supports structured output."),
  })
  .describe("A model and its prices.");

export const modelId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, { message: "must be lower-case letters, digits, '.', '_' or '-'" })
  .describe("Model id used by routes.");

export const modelsFile = z
  .strictObject({
    apiVersion,
    kind: z.literal("Models").describe("File kind: `Models`."),
    description: description.optional(),
    providers: z.record(name, provider).describe("Providers by id."),
    models: z.record(modelId, model).describe("Models by id, with their prices."),
  })
  .describe("models.yml: model providers and prices.");

export type ModelsFile = z.infer<typeof modelsFile>;
export type ProviderConfig = z.infer<typeof provider>;
export type ModelConfig = z.infer<typeof model>;
