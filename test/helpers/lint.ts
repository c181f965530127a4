import type { Diagnostic } from "../../core/diagnostics/diagnostic.ts";
import { lintSource } from "../../core/lint/lint.ts";
import { DirectorySource } from "../../core/source/directory-source.ts";
import { GitSource } from "../../core/source/git-source.ts";
import { gitRepo, type Tree, writeTree } from "./tree.ts";

export async function lintTree(tree: Tree): Promise<Diagnostic[]> {
  const dir = writeTree(tree);
  return (await lintSource(new DirectorySource(dir))).diagnostics;
}

/** Lints `head` against `base`, both committed to a real git repository. */
export async function lintChange(base: Tree, head: Tree): Promise<Diagnostic[]> {
  const deletions = Object.fromEntries(
    Object.keys(base)
      .filter((k) => !(k in head))
      .map((k) => [k, null]),
  );
  const { dir, shas } = gitRepo([base, { ...deletions, ...head }]);
  return (await lintSource(new GitSource(dir, shas[1]!), new GitSource(dir, shas[0]!))).diagnostics;
}

export function byRule(diagnostics: Diagnostic[], rule: string): Diagnostic[] {
  return diagnostics.filter((d) => d.rule === rule);
}

/** A compact, readable view for assertions: `rule file:line:col`. */
export function where(d: Diagnostic): string {
  return `${d.rule} ${d.file}:${d.line}:${d.column}`;
}
