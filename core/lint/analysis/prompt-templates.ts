import type { PromptFile } from "../../../workflows-schema/index.ts";
import { type ParsedTemplate, parseTemplate } from "../../template/parse.ts";

const memo = new WeakMap<PromptFile, ParsedTemplate[]>();

/** Parsed message templates of a prompt, one per message, parsed once. */
export function promptTemplates(prompt: PromptFile): ParsedTemplate[] {
  let parsed = memo.get(prompt);
  if (!parsed) {
    parsed = prompt.messages.map((m) => parseTemplate(m.content));
    memo.set(prompt, parsed);
  }
  return parsed;
}
