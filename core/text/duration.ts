/** Durations as written in governed files (`500ms`, `30s`, `1h30m`, `2d`) → milliseconds. */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string): number {
  let total = 0;
  let matched = "";
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    matched += m[0];
  }
  if (matched !== text || matched === "")
    throw new Error(`"${text}" is not a duration (e.g. 500ms, 30s, 1h30m)`);
  return total;
}
