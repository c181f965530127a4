/** models.yml provider entries → live providers. */
import type { ProviderConfig } from "../../workflows-schema/index.ts";
import { parseDuration } from "../text/duration.ts";
import { createAnthropicProvider } from "./anthropic.ts";
import { createOpenAIProvider } from "./openai.ts";
import type { Provider } from "./provider.ts";

export function createProvider(
  id: string,
  config: ProviderConfig,
  env: Record<string, string | undefined>,
): Provider {
  switch (config.type) {
    case "openai":
    case "openai-compatible":
      return createOpenAIProvider({
        id,
        type: config.type,
        apiKey: config.api_key_env === undefined ? undefined : env[config.api_key_env],
        apiKeyEnv: config.api_key_env,
        baseURL: config.base_url,
        organization: config.type === "openai" ? config.organization : undefined,
        timeoutMs: parseDuration(config.timeout),
      });
    case "anthropic":
      return createAnthropicProvider({
        id,
        apiKey: env[config.api_key_env],
        apiKeyEnv: config.api_key_env,
        baseURL: config.base_url,
        timeoutMs: parseDuration(config.timeout),
      });
    case "replay":
      throw new Error("replay providers are created by the call layer");
  }
}
