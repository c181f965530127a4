import type { GovernedRepo } from "../model/repo.ts";
import type { DiffContext } from "./context.ts";
import { diffFields } from "./values.ts";

function keyed<T>(a: Record<string, T> | undefined, b: Record<string, T> | undefined) {
  const before = a ?? {};
  const after = b ?? {};
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].sort().map((k) => ({
    key: k,
    before: Object.hasOwn(before, k) ? before[k] : undefined,
    after: Object.hasOwn(after, k) ? after[k] : undefined,
  }));
}

/** models.yml: models added, removed or re-priced; providers changed. */
export function diffModels(ctx: DiffContext, base: GovernedRepo, head: GovernedRepo): void {
  const file = head.models?.path ?? "models.yml";
  for (const { key, before, after } of keyed(base.models?.data.providers, head.models?.data.providers)) {
    const fields = diffFields(before, after, { depth: 2 });
    if (fields.length === 0) continue;
    const what = !before ? "added" : !after ? "removed" : `changed (${fields.map((f) => f.path).join(", ")})`;
    ctx.add({
      kind: "model-changed",
      subject: { type: "provider", name: key },
      summary: `Provider ${key} ${what}.`,
      file,
      fields,
    });
  }
  for (const { key, before, after } of keyed(base.models?.data.models, head.models?.data.models)) {
    if (!before && after) {
      ctx.add({
        kind: "model-added",
        subject: { type: "model", name: key },
        summary: `Model ${key} (${after.provider}/${after.model}) added.`,
        file,
      });
      continue;
    }
    const fields = diffFields(before, after, { depth: 2 });
    if (fields.length === 0) continue;
    ctx.add({
      kind: "model-changed",
      subject: { type: "model", name: key },
      summary: after
        ? `Model ${key} changed: ${fields.map((f) => f.path).join(", ")}.`
        : `Model ${key} removed.`,
      file,
      fields,
    });
  }
}

/** tools/: tools added, removed or changed; a tool turning into a writer. */
export function diffTools(ctx: DiffContext, base: GovernedRepo, head: GovernedRepo): void {
  const namespaces = [...new Set([...base.tools.keys(), ...head.tools.keys()])].sort();
  for (const ns of namespaces) {
    const b = base.tools.get(ns);
    const a = head.tools.get(ns);
    const file = a?.path ?? b?.path ?? `tools/${ns}.yml`;
    const connector = diffFields(b?.data.connector, a?.data.connector, { depth: 3 });
    if (b && a && connector.length > 0) {
      ctx.add({
        kind: "tool-changed",
        subject: { type: "tool", name: `${ns}.*` },
        summary: `Connector of ${ns} changed: ${connector.map((f) => f.path).join(", ")}.`,
        file,
        fields: connector,
      });
    }
    for (const { key, before, after } of keyed(b?.data.tools, a?.data.tools)) {
      const name = `${ns}.${key}`;
      if (!before && after) {
        ctx.add({
          kind: "tool-added",
          subject: { type: "tool", name },
          summary: `Tool ${name} (${after.effect}) added.`,
          file,
        });
        continue;
      }
      if (before && !after) {
        ctx.add({
          kind: "tool-changed",
          subject: { type: "tool", name },
          summary: `Tool ${name} removed.`,
          file,
        });
        continue;
      }
      const fields = diffFields(before, after, { depth: 2 });
      if (fields.length === 0) continue;
      if (before?.effect === "read" && after?.effect === "write") {
        ctx.add({
          kind: "tool-write",
          subject: { type: "tool", name },
          summary: `Tool ${name} changed from read to write.`,
          file,
          fields,
        });
      }
      ctx.add({
        kind: "tool-changed",
        subject: { type: "tool", name },
        summary: `Tool ${name} changed: ${fields.map((f) => f.path).join(", ")}.`,
        file,
        fields,
      });
    }
  }
}
