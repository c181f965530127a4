/** Structured logs: one JSON object per line, with the run and tenant ids when there are some. */
export interface LogFields {
  tenant?: string;
  run_id?: string;
  [key: string]: unknown;
}

export type Logger = (level: "info" | "warn" | "error", msg: string, fields?: LogFields) => void;

export function jsonLogger(write: (line: string) => void, now: () => Date = () => new Date()): Logger {
  return (level, msg, fields = {}) =>
    write(`${JSON.stringify({ time: now().toISOString(), level, msg, ...fields })}\n`);
}
