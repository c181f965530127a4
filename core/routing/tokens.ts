import type { ChatMessage } from "../providers/provider.ts";

/**
 * A tokenizer-free estimate of input tokens: about four characters per token for English text, plus
 * a few tokens of framing per message. Used for routing conditions and budget pre-checks, where an
 * upper-leaning estimate is what matters; providers report the exact usage afterwards.
 */
export function estimateInputTokens(messages: readonly ChatMessage[]): number {
  let chars = 0;
  for (const m of messages) {
    chars += m.content.length;
    for (const call of m.toolCalls ?? [])
      chars += JSON.stringify(call.arguments ?? null).length + call.name.length;
  }
  return Math.ceil(chars / 4) + 4 * messages.length;
}
