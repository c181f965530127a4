import { structuredPatch } from "diff";

/** A unified diff of two texts (hunks only, no file headers), or "" when they are equal. */
export function unifiedDiff(before: string, after: string, context = 3): string {
  if (before === after) return "";
  const patch = structuredPatch("before", "after", ensureNewline(before), ensureNewline(after), "", "", {
    context,
  });
  return patch.hunks
    .map((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines].join("\n"))
    .join("\n");
}

function ensureNewline(s: string): string {
  return s.endsWith("\n") ? s : `${s}\n`;
}
