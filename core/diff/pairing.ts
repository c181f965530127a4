import type { Entity } from "../model/entity.ts";
import { canonicalJson } from "../text/canonical-json.ts";

export interface Pairing<T> {
  /** Same name on both sides (possibly moved to another file). */
  same: { base: Entity<T>; head: Entity<T> }[];
  /** Removed and added with identical content apart from the name (and version). */
  renamed: { base: Entity<T>; head: Entity<T> }[];
  added: Entity<T>[];
  removed: Entity<T>[];
}

/** Content that identifies a renamed entity: everything but its name and version. */
function content<T>(e: Entity<T>): string {
  return canonicalJson({ ...(e.data as object), name: undefined, version: undefined });
}

/** Pairs entities of two states by name; remaining removed/added pairs with equal content are renames. */
export function pairByName<T extends { name: string }>(
  base: ReadonlyMap<string, Entity<T>>,
  head: ReadonlyMap<string, Entity<T>>,
): Pairing<T> {
  const result: Pairing<T> = { same: [], renamed: [], added: [], removed: [] };
  for (const [name, b] of base) {
    const h = head.get(name);
    if (h) result.same.push({ base: b, head: h });
    else result.removed.push(b);
  }
  const added = [...head.values()].filter((h) => !base.has(h.data.name));
  const byContent = new Map<string, Entity<T>[]>();
  for (const h of added) {
    const key = content(h);
    byContent.set(key, [...(byContent.get(key) ?? []), h]);
  }
  const removed: Entity<T>[] = [];
  for (const b of result.removed) {
    const candidates = byContent.get(content(b));
    const match = candidates?.shift();
    if (match) result.renamed.push({ base: b, head: match });
    else removed.push(b);
  }
  result.removed = removed;
  const renamedHeads = new Set(result.renamed.map((r) => r.head));
  result.added = added.filter((h) => !renamedHeads.has(h));
  return result;
}
