/** Anthropic through the official `@anthropic-ai/sdk`. No embeddings: Anthropic has no embeddings API. */
import Anthropic from "@anthropic-ai/sdk";
import { malformed, malformedOnThrow, missingKey, toProviderError } from "./errors.ts";
import { apiName, sdkTimeout } from "./openai.ts";
import {
  type ChatMessage,
  type ChatRequest,
  type ChatResponse,
  type FinishReason,
  type Provider,
  ProviderError,
  type ToolCall,
} from "./provider.ts";

export interface AnthropicProviderOptions {
  id: string;
  apiKey: string | undefined;
  apiKeyEnv?: string;
  baseURL?: string;
  timeoutMs?: number;
}

/** The API requires max_tokens; this is what the router's cost estimate assumes when none is set. */
export const DEFAULT_MAX_TOKENS = 1024;

export function createAnthropicProvider(options: AnthropicProviderOptions): Provider {
  const id = options.id;
  let client: Anthropic | undefined;

  function sdk(): Anthropic {
    if (client) return client;
    // Checked here: left undefined, the SDK would fall back to ANTHROPIC_API_KEY or other credentials.
    if (!options.apiKey) throw missingKey(id, options.apiKeyEnv ?? "ANTHROPIC_API_KEY");
    client = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseURL ?? "https://api.anthropic.com",
      maxRetries: 0,
      timeout: sdkTimeout(options.timeoutMs),
    });
    return client;
  }

  return {
    type: "anthropic",
    async chat(request: ChatRequest): Promise<ChatResponse> {
      const outputTool = request.output ? apiName(request.output.name) : undefined;
      const system = request.messages
        .filter((m) => m.role === "system")
        .map((m) => m.content)
        .join("\n\n");
      // No temperature / top_p / seed: the SDK sends anthropic-version 2026-10-21, which rejects the
      // sampling parameters with a 400 (they are gone from the SDK's types too), and has no seed.
      const body: Anthropic.MessageCreateParamsNonStreaming = {
        model: request.model,
        max_tokens: request.params.max_tokens ?? DEFAULT_MAX_TOKENS,
        messages: toMessages(id, request.messages),
      };
      if (system !== "") body.system = system;
      if (request.params.stop?.length) body.stop_sequences = request.params.stop;
      const tools: Anthropic.Tool[] = (request.tools ?? []).map((t) => ({
        name: t.name,
        description: t.description,
        input_schema: { type: "object", ...t.parameters },
      }));
      if (request.output && outputTool) {
        // No JSON response format here: a forced tool call whose input is the answer.
        tools.push({
          name: outputTool,
          description: "Return the answer.",
          input_schema: { type: "object", ...request.output.schema },
        });
        body.tool_choice = { type: "tool", name: outputTool };
      }
      if (tools.length) body.tools = tools;

      let message: unknown;
      try {
        message = await sdk().messages.create(body, { signal: request.signal });
      } catch (error) {
        throw toProviderError(id, error, request.signal);
      }
      return malformedOnThrow(id, () => fromMessage(id, message, request, outputTool));
    },
  };
}

function toMessages(provider: string, messages: ChatMessage[]): Anthropic.MessageParam[] {
  const out: Anthropic.MessageParam[] = [];
  // The user message that collects consecutive tool results, while it is still the last one.
  let results: Anthropic.ToolResultBlockParam[] | undefined;
  for (const m of messages) {
    if (m.role === "system") continue;
    if (m.role === "tool") {
      if (m.toolCallId === undefined) {
        throw new ProviderError(provider, "bad_request", `${provider}: tool message without toolCallId`);
      }
      const block: Anthropic.ToolResultBlockParam = {
        type: "tool_result",
        tool_use_id: m.toolCallId,
        content: m.content,
      };
      if (results) {
        results.push(block);
      } else {
        results = [block];
        out.push({ role: "user", content: results });
      }
      continue;
    }
    results = undefined;
    if (m.role === "user" || !m.toolCalls?.length) {
      out.push({ role: m.role, content: m.content });
      continue;
    }
    const blocks: Anthropic.ContentBlockParam[] = [];
    if (m.content !== "") blocks.push({ type: "text", text: m.content });
    for (const call of m.toolCalls) {
      blocks.push({ type: "tool_use", id: call.id, name: call.name, input: call.arguments ?? {} });
    }
    out.push({ role: "assistant", content: blocks });
  }
  return out;
}

function fromMessage(
  provider: string,
  body: unknown,
  request: ChatRequest,
  outputTool: string | undefined,
): ChatResponse {
  const message = body as Partial<Anthropic.Message> | null;
  if (!message || typeof message !== "object" || !Array.isArray(message.content)) {
    throw malformed(provider, "no content array");
  }
  let text = "";
  let answer: { input: unknown } | undefined;
  const toolCalls: ToolCall[] = [];
  for (const block of message.content) {
    if (block?.type === "text" && typeof block.text === "string") text += block.text;
    if (block?.type !== "tool_use") continue;
    if (outputTool !== undefined && block.name === outputTool && !answer) {
      answer = { input: block.input };
    } else {
      toolCalls.push({ id: block.id, name: block.name, arguments: block.input });
    }
  }
  const usage = message.usage;
  const cacheRead = usage?.cache_read_input_tokens ?? 0;
  const response: ChatResponse = {
    text: answer ? (JSON.stringify(answer.input) ?? "") : text,
    toolCalls,
    usage: {
      // Anthropic counts cache reads and writes apart from input_tokens; the router's pricing expects
      // inputTokens to include the cached part (as OpenAI's prompt_tokens does).
      inputTokens: (usage?.input_tokens ?? 0) + cacheRead + (usage?.cache_creation_input_tokens ?? 0),
      outputTokens: usage?.output_tokens ?? 0,
      cachedInputTokens: cacheRead,
    },
    finishReason: finishReason(message.stop_reason, answer !== undefined),
    model: typeof message.model === "string" ? message.model : request.model,
  };
  if (typeof message.id === "string") response.id = message.id;
  if (answer) response.json = answer.input;
  return response;
}

function finishReason(reason: unknown, forcedAnswer: boolean): FinishReason {
  switch (reason) {
    case "end_turn":
    case "stop_sequence":
      return "stop";
    case "max_tokens":
      return "length";
    case "tool_use":
      return forcedAnswer ? "stop" : "tool_calls";
    case "refusal":
      return "content_filter";
    default:
      return "other";
  }
}
