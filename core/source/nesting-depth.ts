/**
 * Estimates the nesting depth of a YAML text in one linear pass, before the recursive parser sees it:
 * flow collections by bracket depth (outside quotes and comments), block collections by the number
 * of distinct indentation levels open at once. It over-approximates rarely and never under-counts
 * brackets, which is what a guard needs.
 */
export function exceedsNestingDepth(text: string, max: number): { line: number } | undefined {
  let flow = 0;
  const indents: number[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Start of a line: measure indentation for block nesting.
    let indent = 0;
    while (i < n && text.charCodeAt(i) === 32) {
      indent++;
      i++;
    }
    const first = text.charCodeAt(i);
    const blank = i >= n || first === 10 || first === 13 || first === 35; /* '#' */
    if (!blank && flow === 0) {
      while (indents.length > 0 && (indents[indents.length - 1] ?? 0) >= indent) indents.pop();
      indents.push(indent);
      // "- - - x" nests sequences on one line
      let j = i;
      while (text.charCodeAt(j) === 45 /* - */ && text.charCodeAt(j + 1) === 32) {
        indents.push(indent + (j - i) + 1);
        j += 2;
      }
      if (indents.length > max) return { line };
    }
    // Rest of the line: flow brackets outside quotes and comments.
    let quote = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10) break;
      if (quote) {
        if (c === quote) quote = 0;
        else if (c === 92 /* \ */ && quote === 34) i++;
      } else if (c === 34 || c === 39) {
        const prev = text.charCodeAt(i - 1);
        // a quote starts a scalar only after whitespace or an indicator
        if (
          i === 0 ||
          prev === 32 ||
          prev === 91 ||
          prev === 123 ||
          prev === 44 ||
          prev === 58 ||
          prev === 45
        )
          quote = c;
      } else if (c === 35 /* # */ && (i === 0 || text.charCodeAt(i - 1) === 32)) {
        while (i < n && text.charCodeAt(i) !== 10) i++;
        break;
      } else if (c === 91 || c === 123) {
        if (++flow + indents.length > max) return { line };
      } else if ((c === 93 || c === 125) && flow > 0) {
        flow--;
      }
      i++;
    }
    i++;
    line++;
  }
  return undefined;
}
