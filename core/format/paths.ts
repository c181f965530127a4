import { posix } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";

/** Re-roots diagnostic paths (relative to the governed root) onto a prefix (e.g. `examples/acme`). */
export function withPathPrefix(diagnostics: readonly Diagnostic[], prefix: string): Diagnostic[] {
  const clean = prefix
    .split("\\")
    .join("/")
    .replace(/^\.\/?/, "")
    .replace(/\/$/, "");
  if (!clean) return [...diagnostics];
  return diagnostics.map((d) => ({ ...d, file: d.file === "." ? clean : posix.join(clean, d.file) }));
}
