/** The example repository (examples/acme) as a file tree, for tests that commit it as a base and change it. */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { EXAMPLE } from "./cli.ts";
import { edit } from "./governed-repo.ts";
import type { Tree } from "./tree.ts";

export function readTree(root: string): Tree {
  const tree: Tree = {};
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else tree[relative(root, full)] = readFileSync(full);
    }
  };
  walk(root);
  return tree;
}

export const ACME: Tree = readTree(EXAMPLE);

/** One file of examples/acme as text. */
export function exampleText(path: string): string {
  const content = ACME[path];
  if (!content) throw new Error(`${path} is not in examples/acme`);
  return content.toString();
}

/** A tree holding one file of examples/acme, as text, ready for `edit`. */
export function exampleFile(path: string): Tree {
  return { [path]: exampleText(path) };
}

export const DIGEST = "tenants/support/workflows/article-digest.yml";

/** A change to the article-digest workflow (version bumped), in a node every case of its suite runs. */
export function digestChange(from: string, to: string): Tree {
  return edit(edit(exampleFile(DIGEST), DIGEST, "version: 1.0.0", "version: 1.0.1"), DIGEST, from, to);
}

/** A covered, non-regressing change: the digest transform gains a field no assertion looks at. */
export function coveredChange(): Tree {
  return digestChange(
    "      topic: ${{ inputs.topic }}\n",
    "      topic: ${{ inputs.topic }}\n      edition: weekly\n",
  );
}
