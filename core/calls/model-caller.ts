/**
 * The call layer under the router: turns "model id + request" into a response, from the live provider,
 * the local cache or a committed cassette, depending on the mode:
 *
 *   live    cache, then the provider; answers are cached
 *   replay  cassettes only; a missing one is a per-call `replay_miss` error, never a network call
 *   record  the provider; answers are written to cassettes (and the cache)
 *   auto    replay for models whose provider has no API key in the environment (forks, CI without
 *           secrets), live otherwise
 *
 * Models whose provider is `type: replay` always replay.
 */
import type { ModelConfig, ModelsFile, ProviderConfig } from "../../workflows-schema/index.ts";
import {
  type ChatRequest,
  type ChatResponse,
  type EmbedResponse,
  type Provider,
  ProviderError,
} from "../providers/provider.ts";
import { callKey } from "./call-key.ts";
import type { ResponseStore } from "./stored-call.ts";

export type CallMode = "live" | "replay" | "record" | "auto";

export type ProviderFactory = (
  id: string,
  config: ProviderConfig,
  env: Record<string, string | undefined>,
) => Provider;

export interface CallerOptions {
  models: ModelsFile;
  env: Record<string, string | undefined>;
  mode: CallMode;
  createProvider: ProviderFactory;
  cache?: ResponseStore;
  cassettes?: ResponseStore;
  now?: () => number;
}

export interface CallOptions {
  tenant: string;
  /** Repeat index of an eval case: each repeat is cached and recorded on its own. */
  repeat?: number;
}

export interface CallResult {
  response: ChatResponse;
  /** Where the answer came from. */
  source: "provider" | "cache" | "cassette";
  /** Latency of the provider call (for cache and cassette hits: the recorded one). */
  latencyMs: number;
  key: string;
}

export class ModelCaller {
  private readonly options: CallerOptions;
  private readonly providers = new Map<string, Provider>();
  /** Number of calls that reached a provider (the benchmark's "zero calls on an unchanged rerun"). */
  providerCalls = 0;

  constructor(options: CallerOptions) {
    this.options = options;
  }

  model(modelId: string): ModelConfig {
    const models = this.options.models.models;
    if (!Object.hasOwn(models, modelId))
      throw new ProviderError(modelId, "not_found", `model "${modelId}" is not declared in models.yml`);
    return models[modelId]!;
  }

  private providerConfig(model: ModelConfig): ProviderConfig {
    const providers = this.options.models.providers;
    if (!Object.hasOwn(providers, model.provider)) {
      throw new ProviderError(
        model.provider,
        "not_found",
        `provider "${model.provider}" is not declared in models.yml`,
      );
    }
    return providers[model.provider]!;
  }

  private provider(id: string, config: ProviderConfig): Provider {
    let p = this.providers.get(id);
    if (!p) {
      p = this.options.createProvider(id, config, this.options.env);
      this.providers.set(id, p);
    }
    return p;
  }

  /** The effective mode for a model. */
  modeFor(modelId: string): Exclude<CallMode, "auto"> {
    const config = this.providerConfig(this.model(modelId));
    if (config.type === "replay") return "replay";
    if (this.options.mode !== "auto") return this.options.mode;
    const keyEnv = "api_key_env" in config ? config.api_key_env : undefined;
    const hasKey = keyEnv === undefined || Boolean(this.options.env[keyEnv]);
    return hasKey ? "live" : "replay";
  }

  async chat(modelId: string, request: ChatRequest, call: CallOptions): Promise<CallResult> {
    const model = this.model(modelId);
    const config = this.providerConfig(model);
    const req: ChatRequest = { ...request, model: model.model };
    const key = callKey(modelId, model.model, req, call.repeat ?? 0);
    const mode = this.modeFor(modelId);
    const now = this.options.now ?? Date.now;

    if (mode === "replay") {
      const hit = await this.options.cassettes?.get(key, call.tenant);
      if (!hit) {
        throw new ProviderError(
          model.provider,
          "replay_miss",
          `no recorded response for this ${modelId} request (key ${key.slice(0, 12)}) in tenant ${call.tenant}'s cassettes. Record it with \`charter eval --record\` and real API keys, and commit the cassettes.`,
        );
      }
      return { response: hit.response, source: "cassette", latencyMs: hit.latencyMs, key };
    }
    if (mode === "live" && this.options.cache) {
      const hit = await this.options.cache.get(key, call.tenant);
      if (hit) return { response: hit.response, source: "cache", latencyMs: hit.latencyMs, key };
    }
    const started = now();
    this.providerCalls++;
    const response = await this.provider(model.provider, config).chat(req);
    const latencyMs = now() - started;
    const { signal: _signal, ...stored } = req;
    const entry = {
      key,
      model: modelId,
      request: stored,
      response,
      latencyMs,
      recordedAt: new Date(now()).toISOString(),
    };
    await this.options.cache?.put(entry, call.tenant);
    if (mode === "record") {
      if (!this.options.cassettes) throw new Error("record mode needs a cassette store");
      await this.options.cassettes.put(entry, call.tenant);
    }
    return { response, source: "provider", latencyMs, key };
  }

  /** Waits until cached and recorded responses are on disk. */
  async flush(): Promise<void> {
    await Promise.all([this.options.cache?.flush?.(), this.options.cassettes?.flush?.()]);
  }

  async embed(
    modelId: string,
    input: string[],
    call: CallOptions & { signal?: AbortSignal },
  ): Promise<EmbedResponse> {
    const model = this.model(modelId);
    const config = this.providerConfig(model);
    // Embeddings go through the same cache and cassettes, keyed as a call with the texts as messages.
    const pseudo: ChatRequest = {
      model: model.model,
      messages: input.map((content) => ({ role: "user", content })),
      params: {},
      output: { name: "embedding" },
    };
    const key = callKey(modelId, model.model, pseudo, 0);
    const mode = this.modeFor(modelId);
    const cached =
      mode === "replay"
        ? await this.options.cassettes?.get(key, call.tenant)
        : await this.options.cache?.get(key, call.tenant);
    if (cached) return cached.response.json as EmbedResponse;
    if (mode === "replay") {
      throw new ProviderError(
        model.provider,
        "replay_miss",
        `no recorded embedding for this ${modelId} request in tenant ${call.tenant}'s cassettes.`,
      );
    }
    const provider = this.provider(model.provider, config);
    if (!provider.embed)
      throw new ProviderError(model.provider, "bad_request", `provider ${model.provider} cannot embed text`);
    this.providerCalls++;
    const started = (this.options.now ?? Date.now)();
    const result = await provider.embed({ model: model.model, input, signal: call.signal });
    const entry = {
      key,
      model: modelId,
      request: pseudo,
      response: {
        text: "",
        json: result,
        toolCalls: [],
        usage: { inputTokens: result.usage.inputTokens, outputTokens: 0 },
        finishReason: "stop" as const,
        model: model.model,
      },
      latencyMs: (this.options.now ?? Date.now)() - started,
      recordedAt: new Date().toISOString(),
    };
    await this.options.cache?.put(entry, call.tenant);
    if (mode === "record") await this.options.cassettes?.put(entry, call.tenant);
    return result;
  }
}
