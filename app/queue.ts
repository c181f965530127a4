/**
 * Work scheduling for webhook deliveries. A delivery is acknowledged at once and its evaluation runs
 * here: duplicate deliveries are dropped, events for one pull request coalesce (at most one
 * evaluation runs per pull request, plus one trailing run for whatever arrived meanwhile, so a burst
 * of reviews costs two evaluations, not one each), and at most `concurrency` pull requests are
 * evaluated at once. Nothing is dropped for load: the backlog waits.
 */

export interface Job<T> {
  key: string;
  data: T;
}

export interface QueueOptions<T> {
  concurrency: number;
  /** Folds a newly arrived job into one already waiting for the same key. */
  merge: (waiting: T, incoming: T) => T;
  run: (data: T) => Promise<void>;
  onError: (error: unknown, data: T) => void;
  /** Remembered delivery ids (GitHub re-sends a redelivery with the same id). */
  deliveryMemory?: number;
}

export class PullRequestQueue<T> {
  private readonly options: QueueOptions<T>;
  private readonly deliveries = new Set<string>();
  private readonly waiting = new Map<string, T>();
  private readonly order: string[] = [];
  private readonly running = new Set<string>();
  private idleWaiters: (() => void)[] = [];
  /** Evaluations started, deliveries dropped as duplicates, events folded into a waiting job. */
  readonly stats = { runs: 0, duplicates: 0, coalesced: 0 };

  constructor(options: QueueOptions<T>) {
    this.options = options;
  }

  /** Whether this delivery id was seen before; records it. */
  isDuplicate(deliveryId: string | undefined): boolean {
    if (!deliveryId) return false;
    if (this.deliveries.has(deliveryId)) {
      this.stats.duplicates++;
      return true;
    }
    this.deliveries.add(deliveryId);
    const max = this.options.deliveryMemory ?? 10_000;
    if (this.deliveries.size > max) this.deliveries.delete(this.deliveries.values().next().value as string);
    return false;
  }

  push(job: Job<T>): void {
    const existing = this.waiting.get(job.key);
    if (existing !== undefined) {
      this.waiting.set(job.key, this.options.merge(existing, job.data));
      this.stats.coalesced++;
      return;
    }
    this.waiting.set(job.key, job.data);
    this.order.push(job.key);
    this.pump();
  }

  /** Resolves when nothing is running or waiting. */
  idle(): Promise<void> {
    if (this.running.size === 0 && this.waiting.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  get backlog(): number {
    return this.waiting.size;
  }

  private pump(): void {
    for (let i = 0; i < this.order.length && this.running.size < this.options.concurrency; ) {
      const key = this.order[i]!;
      if (this.running.has(key)) {
        i++; // its trailing run starts when the current one ends
        continue;
      }
      this.order.splice(i, 1);
      const data = this.waiting.get(key)!;
      this.waiting.delete(key);
      this.running.add(key);
      this.stats.runs++;
      void this.options
        .run(data)
        .catch((error) => this.options.onError(error, data))
        .finally(() => {
          this.running.delete(key);
          this.pump();
          if (this.running.size === 0 && this.waiting.size === 0) {
            const waiters = this.idleWaiters;
            this.idleWaiters = [];
            for (const w of waiters) w();
          }
        });
    }
  }
}
