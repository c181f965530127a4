/**
 * A circuit breaker per target (provider + model), shared by every route in the process: after
 * `failureThreshold` consecutive failures a target is skipped for `cooldownMs`; then one trial call is
 * let through (half-open) and its outcome closes or re-opens it. Always on — including for routes with
 * a single target, which LiteLLM famously did not cool down (BerriAI/litellm#40405).
 */
export interface BreakerPolicy {
  failureThreshold: number;
  cooldownMs: number;
}

interface State {
  failures: number;
  openUntil: number;
  trial: boolean;
}

export class CircuitBreaker {
  private readonly states = new Map<string, State>();

  private state(key: string): State {
    let s = this.states.get(key);
    if (!s) {
      s = { failures: 0, openUntil: 0, trial: false };
      this.states.set(key, s);
    }
    return s;
  }

  /** Whether a call may go to the target now; in half-open state only one trial at a time. */
  allow(key: string, now: number): { allowed: boolean; retryInMs?: number } {
    const s = this.state(key);
    if (s.openUntil === 0) return { allowed: true };
    if (now < s.openUntil) return { allowed: false, retryInMs: s.openUntil - now };
    if (s.trial) return { allowed: false, retryInMs: 0 };
    s.trial = true;
    return { allowed: true };
  }

  success(key: string): void {
    const s = this.state(key);
    s.failures = 0;
    s.openUntil = 0;
    s.trial = false;
  }

  failure(key: string, now: number, policy: BreakerPolicy): void {
    const s = this.state(key);
    s.failures++;
    if (s.trial || s.failures >= policy.failureThreshold) {
      s.openUntil = now + policy.cooldownMs;
      s.trial = false;
    }
  }

  isOpen(key: string, now: number): boolean {
    const s = this.states.get(key);
    return s !== undefined && s.openUntil > now;
  }
}
