/**
 * Prometheus metrics of the runner, in the text exposition format: runs started and finished per
 * tenant and status, node latency per tenant and type (histogram), provider errors per tenant,
 * provider and reason, and cost per tenant. Fed from the runner's hooks; no client library needed.
 */
import type { NodeRecord } from "../../core/execute/records.ts";
import type { RunRow } from "../store.ts";

const BUCKETS = [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300];

type Labels = Record<string, string>;
const key = (l: Labels) =>
  Object.entries(l)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`)
    .join(",");

class Counter {
  readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels, by = 1): void {
    const k = key(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  render(): string[] {
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} counter`,
      ...[...this.values].map(([k, v]) => `${this.name}{${k}} ${v}`),
    ];
  }
}

class Histogram {
  private readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  observe(labels: Labels, value: number): void {
    const k = key(labels);
    const s = this.series.get(k) ?? { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
    BUCKETS.forEach((b, i) => {
      if (value <= b) s.counts[i]! += 1;
    });
    s.sum += value;
    s.count += 1;
    this.series.set(k, s);
  }
  render(): string[] {
    const out = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [k, s] of this.series) {
      BUCKETS.forEach((b, i) => {
        out.push(`${this.name}_bucket{${k},le="${b}"} ${s.counts[i]}`);
      });
      out.push(
        `${this.name}_bucket{${k},le="+Inf"} ${s.count}`,
        `${this.name}_sum{${k}} ${s.sum}`,
        `${this.name}_count{${k}} ${s.count}`,
      );
    }
    return out;
  }
}

export class RunnerMetrics {
  readonly started = new Counter("charter_runs_started_total", "Runs started, per tenant.");
  readonly finished = new Counter(
    "charter_runs_finished_total",
    "Runs that finished or parked, per tenant and status.",
  );
  readonly refused = new Counter(
    "charter_runs_refused_total",
    "Releases refused at admission, per tenant and reason.",
  );
  readonly nodeSeconds = new Histogram(
    "charter_node_duration_seconds",
    "Node duration, per tenant and node type.",
  );
  readonly providerErrors = new Counter(
    "charter_provider_errors_total",
    "Failed model attempts, per tenant, provider and reason.",
  );
  readonly cost = new Counter("charter_cost_usd_total", "Model spend in USD, per tenant.");

  runStarted(tenant: string): void {
    this.started.inc({ tenant });
  }

  runRefused(tenant: string, reason: string): void {
    this.refused.inc({ tenant, reason });
  }

  nodeSettled(tenant: string, rec: NodeRecord): void {
    this.nodeSeconds.observe({ tenant, type: rec.type }, Math.max(0, rec.endedAt - rec.startedAt) / 1000);
    for (const a of rec.llm?.calls ?? [])
      if (a.outcome === "error")
        this.providerErrors.inc({ tenant, provider: a.provider, reason: a.reason ?? "error" });
    if (rec.llm) this.cost.inc({ tenant }, rec.llm.costUsd);
  }

  runSettled(run: RunRow): void {
    this.finished.inc({ tenant: run.tenant, status: run.status });
  }

  render(): string {
    return `${[this.started, this.finished, this.refused, this.nodeSeconds, this.providerErrors, this.cost]
      .flatMap((m) => m.render())
      .join("\n")}\n`;
  }
}
