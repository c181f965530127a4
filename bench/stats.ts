/** Timing helpers: run a function several times and keep the median (machines are shared and noisy). */
export async function timeMedian(
  runs: number,
  fn: () => Promise<unknown> | unknown,
): Promise<{ median: number; all: number[] }> {
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    all.push(performance.now() - started);
  }
  const sorted = [...all].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, all };
}

export function ms(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(1)} ms`;
}

export function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((c, i) => String(c).padEnd(widths[i] ?? 12)).join("  ");
}
