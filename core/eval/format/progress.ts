/** A one-line progress bar on a terminal, redrawn in place; silent when not a TTY or for short runs. */
export function progressBar(write: (s: string) => void, options: { enabled: boolean; minTotal?: number }) {
  let last = -1;
  return {
    update(done: number, total: number) {
      if (!options.enabled || total < (options.minTotal ?? 20)) return;
      const width = 30;
      const filled = Math.round((done / total) * width);
      if (filled === last && done !== total) return;
      last = filled;
      write(
        `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}${done === total ? "\n" : ""}`,
      );
    },
  };
}
