import type { PromptFile } from "../../workflows-schema/index.ts";
import type { Tenant } from "../model/repo.ts";
import type { DiffContext } from "./context.ts";
import { pairByName } from "./pairing.ts";
import { unifiedDiff } from "./text-diff.ts";
import { diffFields } from "./values.ts";

/** The messages as one reviewable text: a header per message, then its content. */
export function promptText(p: PromptFile): string {
  return p.messages
    .map(
      (m, i) =>
        `### message ${i + 1} (${m.role})\n${m.content.endsWith("\n") ? m.content : `${m.content}\n`}`,
    )
    .join("\n");
}

export function diffPrompts(
  ctx: DiffContext,
  tenant: string,
  base: Tenant | undefined,
  head: Tenant | undefined,
): void {
  const pairs = pairByName<PromptFile>(base?.prompts ?? new Map(), head?.prompts ?? new Map());
  for (const h of pairs.added) {
    ctx.add({
      kind: "prompt-added",
      tenant,
      subject: { type: "prompt", name: h.data.name },
      summary: `Prompt ${h.data.name} ${h.data.version} added.`,
      file: h.path,
      textDiff: unifiedDiff("", promptText(h.data)),
    });
  }
  for (const b of pairs.removed) {
    ctx.add({
      kind: "prompt-removed",
      tenant,
      subject: { type: "prompt", name: b.data.name },
      summary: `Prompt ${b.data.name} ${b.data.version} removed.`,
      file: b.path,
    });
  }
  for (const { base: b, head: h } of pairs.renamed) {
    ctx.add({
      kind: "prompt-renamed",
      tenant,
      subject: { type: "prompt", name: h.data.name },
      summary: `Prompt ${b.data.name} renamed to ${h.data.name}; content unchanged.`,
      file: h.path,
    });
  }
  for (const { base: b, head: h } of pairs.same) {
    const fields = diffFields(
      { ...b.data, messages: undefined, version: undefined },
      { ...h.data, messages: undefined, version: undefined },
      { depth: 3 },
    );
    const text = unifiedDiff(promptText(b.data), promptText(h.data));
    if (fields.length === 0 && text === "") continue;
    const what = [...(text ? ["messages"] : []), ...fields.map((f) => f.path)];
    ctx.add({
      kind: "prompt-changed",
      tenant,
      subject: { type: "prompt", name: h.data.name },
      summary: `Prompt ${h.data.name} ${b.data.version} → ${h.data.version}: ${what.join(", ")} changed.`,
      file: h.path,
      fields,
      ...(text ? { textDiff: text } : {}),
    });
  }
}
