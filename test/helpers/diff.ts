import type { Change, ChangeSet } from "../../core/diff/change.ts";
import { diffProject } from "../../core/diff/diff.ts";
import { gitRepo, type Tree } from "./tree.ts";

/** Commits `base` then `head` to a real git repository and diffs the two commits from git objects. */
export async function diffChange(base: Tree, head: Tree): Promise<ChangeSet> {
  const deletions = Object.fromEntries(
    Object.keys(base)
      .filter((k) => !(k in head))
      .map((k) => [k, null]),
  );
  const { dir, shas } = gitRepo([base, { ...deletions, ...head }]);
  return (await diffProject({ dir, base: shas[0]!, head: shas[1]! })).changeSet;
}

/** `kind tenant subject` of each change, for compact assertions. */
export function kinds(set: ChangeSet): string[] {
  return set.changes.map((c: Change) => `${c.kind} ${c.tenant ?? "-"} ${c.subject.name}`);
}
