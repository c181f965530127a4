import type { Tree } from "./tree.ts";

/** `path:line:col` of the `occurrence`-th `needle` in a file of the tree (1-based), for exact assertions. */
export function at(tree: Tree, path: string, needle: string, occurrence = 1): string {
  const text = tree[path];
  if (typeof text !== "string") throw new Error(`at: ${path} is not in the tree`);
  let index = -1;
  for (let i = 0; i < occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`at: "${needle}" (#${occurrence}) not found in ${path}`);
  }
  const before = text.slice(0, index);
  const line = before.split("\n").length;
  const column = index - before.lastIndexOf("\n");
  return `${path}:${line}:${column}`;
}
