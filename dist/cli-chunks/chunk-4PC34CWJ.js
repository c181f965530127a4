// core/report/diff-text.ts
var COLOR = { low: 32, medium: 33, high: 35, critical: 31 };
function diffText(set, options) {
  const paint = (code, s) => options.color ? `\x1B[${code}m${s}\x1B[0m` : s;
  if (set.changes.length === 0) return "No governed changes.\n";
  const lines = [];
  for (const s of set.summaries) {
    const who = s.tenant === void 0 ? "platform" : `tenant ${s.tenant}`;
    lines.push(
      `${paint(1, who)} — ${s.changes} change${s.changes === 1 ? "" : "s"}, risk ${paint(COLOR[s.risk], s.risk)}`
    );
    for (const c of set.changes.filter((x) => x.tenant === s.tenant)) {
      lines.push(`  ${paint(COLOR[c.risk], c.risk.padEnd(8))} ${c.kind.padEnd(18)} ${c.summary}`);
    }
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}
`;
}

export {
  diffText
};
