/** Every attempt a route makes is recorded: what was tried, what happened, what it cost, why it moved on. */
export interface Attempt {
  /** Target id within the route (defaults to the model id). */
  target: string;
  /** Charter model id. */
  model: string;
  provider: string;
  /** 1-based attempt number on this target. */
  attempt: number;
  outcome: "ok" | "error" | "skipped";
  /** For errors: the error kind (rate_limit, server, timeout…); for skips: why (circuit open, budget…). */
  reason?: string;
  message?: string;
  status?: number;
  retryAfterMs?: number;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Served from the cache or a cassette. */
  cached: boolean;
  /** The target this attempt fell back from, when it is the first attempt on a later target. */
  fallbackFrom?: string;
}
