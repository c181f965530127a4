/** Splits a string into literal text and `${{ … }}` expressions, keeping offsets for diagnostics. */

export type TemplatePart = { kind: "text"; text: string } | { kind: "expr"; source: string; offset: number };

export interface SplitTemplate {
  parts: TemplatePart[];
  /** Offset of an unclosed `${{`, when there is one. */
  unclosedAt?: number;
}

const OPEN = "${{";

export function hasExpression(s: string): boolean {
  return s.includes(OPEN);
}

export function splitTemplate(s: string): SplitTemplate {
  const parts: TemplatePart[] = [];
  let i = 0;
  while (i < s.length) {
    const open = s.indexOf(OPEN, i);
    if (open < 0) {
      parts.push({ kind: "text", text: s.slice(i) });
      break;
    }
    if (open > i) parts.push({ kind: "text", text: s.slice(i, open) });
    // Find the closing `}}` outside single-quoted string literals ('' escapes a quote).
    let j = open + OPEN.length;
    let inString = false;
    let close = -1;
    while (j < s.length) {
      const c = s[j];
      if (inString) {
        if (c === "'") {
          if (s[j + 1] === "'") j++;
          else inString = false;
        }
      } else if (c === "'") {
        inString = true;
      } else if (c === "}" && s[j + 1] === "}") {
        close = j;
        break;
      }
      j++;
    }
    if (close < 0) return { parts, unclosedAt: open };
    parts.push({ kind: "expr", source: s.slice(open + OPEN.length, close), offset: open + OPEN.length });
    i = close + 2;
  }
  return { parts };
}

/** When the whole string is one expression (surrounding spaces allowed), its value keeps its type. */
export function soleExpression(split: SplitTemplate): (TemplatePart & { kind: "expr" }) | undefined {
  const meaningful = split.parts.filter((p) => p.kind === "expr" || p.text.trim() !== "");
  const only = meaningful[0];
  return meaningful.length === 1 && only?.kind === "expr" ? only : undefined;
}
