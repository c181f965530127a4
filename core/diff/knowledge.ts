import { createHash } from "node:crypto";
import type { GovernedRepo, Tenant } from "../model/repo.ts";
import type { DiffContext } from "./context.ts";

async function digests(
  repo: GovernedRepo,
  tenant: Tenant | undefined,
): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  if (!tenant) return out;
  const paths = [...tenant.knowledge.values()].flat().map((d) => d.path);
  const contents = paths.length > 0 ? await repo.source.readMany(paths) : new Map<string, Buffer>();
  for (const [collection, docs] of tenant.knowledge) {
    const m = new Map<string, string>();
    for (const d of docs)
      m.set(
        d.path,
        createHash("sha256")
          .update(contents.get(d.path) ?? "")
          .digest("hex"),
      );
    out.set(collection, m);
  }
  return out;
}

/** Knowledge documents added, removed or edited, one change per collection. */
export async function diffKnowledge(
  ctx: DiffContext,
  tenant: string,
  base: Tenant | undefined,
  head: Tenant | undefined,
): Promise<void> {
  const [before, after] = await Promise.all([digests(ctx.base, base), digests(ctx.head, head)]);
  for (const collection of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(collection) ?? new Map<string, string>();
    const a = after.get(collection) ?? new Map<string, string>();
    const added = [...a.keys()].filter((p) => !b.has(p));
    const removed = [...b.keys()].filter((p) => !a.has(p));
    const edited = [...a.keys()].filter((p) => b.has(p) && b.get(p) !== a.get(p));
    if (added.length + removed.length + edited.length === 0) continue;
    const parts = [
      added.length ? `${added.length} added` : "",
      removed.length ? `${removed.length} removed` : "",
      edited.length ? `${edited.length} edited` : "",
    ].filter(Boolean);
    ctx.add({
      kind: "knowledge-changed",
      tenant,
      subject: { type: "knowledge", name: collection },
      summary: `Knowledge collection ${collection}: ${parts.join(", ")} (${[...added, ...removed, ...edited].map((p) => p.split("/").pop()).join(", ")}).`,
      file: `tenants/${tenant}/knowledge/${collection}`,
    });
  }
}
