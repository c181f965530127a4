/** The diff for a terminal: per-tenant risk, then every change with its kind. */
import type { RiskLevel } from "../../workflows-schema/index.ts";
import type { ChangeSet } from "../diff/change.ts";

const COLOR: Record<RiskLevel, number> = { low: 32, medium: 33, high: 35, critical: 31 };

export function diffText(set: ChangeSet, options: { color: boolean }): string {
  const paint = (code: number, s: string) => (options.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  if (set.changes.length === 0) return "No governed changes.\n";
  const lines: string[] = [];
  for (const s of set.summaries) {
    const who = s.tenant === undefined ? "platform" : `tenant ${s.tenant}`;
    lines.push(
      `${paint(1, who)} — ${s.changes} change${s.changes === 1 ? "" : "s"}, risk ${paint(COLOR[s.risk], s.risk)}`,
    );
    for (const c of set.changes.filter((x) => x.tenant === s.tenant)) {
      lines.push(`  ${paint(COLOR[c.risk], c.risk.padEnd(8))} ${c.kind.padEnd(18)} ${c.summary}`);
    }
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
