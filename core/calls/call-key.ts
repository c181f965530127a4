import { createHash } from "node:crypto";
import type { ChatRequest } from "../providers/provider.ts";
import { canonicalJson } from "../text/canonical-json.ts";

/**
 * The content key of a model call: the same call always has the same key, whoever makes it. It
 * identifies cached responses and recorded cassettes. It covers the model (Charter's id and the
 * provider's name for it), the rendered messages, parameters, output schema and tools, and the repeat
 * index — so each repeat of a case is cached on its own — and never headers or keys.
 */
export function callKey(modelId: string, providerModel: string, request: ChatRequest, repeat = 0): string {
  const material = canonicalJson({
    v: 1,
    model: modelId,
    providerModel,
    messages: request.messages,
    params: request.params,
    output: request.output,
    tools: request.tools,
    repeat,
  });
  return createHash("sha256").update(material).digest("hex");
}
