/**
 * The approvals app under a stream of reviews: 50 open pull requests over a 10-tenant repository,
 * then 500 review events replayed as signed webhooks against the real Probot app, with GitHub's
 * API stubbed at the HTTP layer (nock). Prints events/s, handling latency (delivery → check run
 * written) and GitHub API requests per event, beside, from the same run:
 *   - the naive request count: one request per review, per changed file and per team, plus the PR
 *     and the check run (what a REST-per-object implementation issues for the same events);
 *   - the bare webhook round trip (signature check, no evaluation) as the latency floor.
 * Target: ≤ 3 API requests per event on average. Probot's pacing of writes (one per second per
 * installation, GitHub's guidance) is off here so the app's own cost is what is measured; in
 * production that pacing makes requests per event the figure that bounds throughput.
 *
 * `npm run bench -- approvals [EVENTS] [PULLS]`
 */
import type { Actor } from "../core/approvals/facts.ts";
import { startHarness } from "../test/helpers/app-harness.ts";
import { FakeGitHub, type FakePull } from "../test/helpers/fake-github.ts";
import { PROMPT } from "../test/helpers/governed-repo.ts";
import { rng } from "../test/helpers/random.ts";
import { pullRequestEvent, reviewEvent } from "../test/helpers/webhooks.ts";
import { ms } from "./stats.ts";

const TENANTS = 10;
const STATES = ["APPROVED", "APPROVED", "COMMENTED", "CHANGES_REQUESTED", "APPROVED"];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function tenantYml(t: number): string {
  return `apiVersion: charter/v1
kind: Tenant
name: t${t}
approvals:
  required: 2
  approvers:
    - { user: owner-${t}, id: ${10_000 + t} }
    - user:dev-${t}
    - team:acme/t${t}-leads
    - team:acme/t${t}-reviewers
  escalations:
    - kinds: [tool-write]
      approvers: [team:acme/t${t}-leads]
budget: { max_usd_per_run: 1 }
allow: { providers: [openai], models: ["*"] }
`;
}

function repository(github: FakeGitHub) {
  const files: Record<string, string> = {
    "charter.yml":
      "apiVersion: charter/v1\nkind: Charter\nname: bench\ngovernance: { owners: [team:acme/governance] }\n",
  };
  for (let t = 0; t < TENANTS; t++) {
    files[`tenants/t${t}/tenant.yml`] = tenantYml(t);
    for (let p = 0; p < 5; p++)
      files[`tenants/t${t}/prompts/p${p}.yml`] = PROMPT.replace("name: classify", `name: p${p}`);
    github.user(`dev-${t}`, 20_000 + t);
    github.team(`acme/t${t}-leads`, [30_000 + t, 30_100 + t]);
    github.team(
      `acme/t${t}-reviewers`,
      Array.from({ length: 12 }, (_, i) => 40_000 + t * 100 + i),
    );
  }
  github.team("acme/governance", [50_000]);
  return files;
}

/** Everyone who might review tenant t's changes, plus outsiders. */
function reviewers(t: number): Actor[] {
  return [
    { id: 10_000 + t, login: `owner-${t}`, type: "User" },
    { id: 20_000 + t, login: `dev-${t}`, type: "User" },
    { id: 30_000 + t, login: `lead-${t}`, type: "User" },
    ...Array.from({ length: 4 }, (_, i) => ({
      id: 40_000 + t * 100 + i,
      login: `rev-${t}-${i}`,
      type: "User",
    })),
    { id: 99_000 + t, login: `outsider-${t}`, type: "User" },
  ];
}

export async function run(args: string[]): Promise<void> {
  const events = Number(args[0] ?? 500);
  const pullCount = Number(args[1] ?? 50);
  const random = rng(42);
  const github = new FakeGitHub();
  const base = repository(github);
  const baseSha = github.commit("base", base);
  const pulls: { pull: FakePull; tenants: number[]; files: number }[] = [];
  for (let n = 1; n <= pullCount; n++) {
    const tenants = [...new Set([random.int(TENANTS), random.int(TENANTS), random.int(TENANTS)])].slice(
      0,
      1 + random.int(2),
    );
    const head = { ...base };
    let files = 0;
    for (const t of tenants)
      for (let p = 0; p < 1 + random.int(4); p++) {
        head[`tenants/t${t}/prompts/p${p}.yml`] = PROMPT.replace("name: classify", `name: p${p}`).replace(
          "Classify the text.",
          `Classify the text (PR ${n}).`,
        );
        files++;
      }
    const author: Actor = { id: 1_000 + n, login: `author-${n}`, type: "User" };
    const pull = github.pull({
      number: n,
      author,
      baseSha,
      headSha: github.commit(`head-${n}`, head),
      changedFiles: files,
    });
    pulls.push({ pull, tenants, files });
  }

  const harness = await startHarness(github);
  try {
    // Opening: trees, blobs and diffs are read once per commit; not part of the review figures.
    for (const { pull } of pulls)
      await harness.send("pull_request", pullRequestEvent(github, pull, "opened"));

    const stream = Array.from({ length: events }, () => {
      const p = pulls[random.int(pulls.length)]!;
      const who = random.pick(reviewers(random.pick(p.tenants)));
      return { p, who, state: random.pick(STATES) };
    });

    // The floor: a signed webhook the app acknowledges and ignores (a title edit).
    const floor: number[] = [];
    for (let i = 0; i < 100; i++) {
      const p = pulls[i % pulls.length]!.pull;
      const started = performance.now();
      await harness.send(
        "pull_request",
        pullRequestEvent(github, p, "edited", { changes: { title: { from: "x" } } }),
      );
      floor.push(performance.now() - started);
    }

    // Sequential replay: each event handled before the next, so every one is evaluated.
    const latencies: number[] = [];
    let naive = 0;
    const before = github.log.length;
    const t0 = performance.now();
    for (const e of stream) {
      const r = github.review(e.p.pull.number, e.who, e.state);
      const teams = 3 * e.p.tenants.length + 1;
      naive += 1 + e.p.pull.reviews.length + e.p.files + teams + 1;
      const started = performance.now();
      await harness.send("pull_request_review", reviewEvent(github, e.p.pull, r));
      latencies.push(performance.now() - started);
    }
    const seqMs = performance.now() - t0;
    const seqRequests = github.log.length - before;

    // Burst replay: 16 deliveries in flight; events on a busy pull request coalesce.
    const runsBefore = harness.app.stats.runs;
    const burstBefore = github.log.length;
    const t1 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < stream.length) {
          const e = stream[next++]!;
          const r = github.review(e.p.pull.number, e.who, e.state);
          await harness.deliver("pull_request_review", reviewEvent(github, e.p.pull, r));
        }
      }),
    );
    await harness.app.idle();
    const burstMs = performance.now() - t1;
    const burstRequests = github.log.length - burstBefore;
    const burstRuns = harness.app.stats.runs - runsBefore;

    const approved = pulls.filter(
      (p) => github.latestCheck("Charter approvals (main)", p.pull.headSha)?.conclusion === "success",
    ).length;
    console.log(
      `approvals: ${events} review events over ${pullCount} open pull requests, ${TENANTS} tenants (API stubbed with nock)\n`,
    );
    console.log(
      `  webhook floor (signed delivery, ignored)  p50 ${ms(percentile(floor, 50))}  p99 ${ms(percentile(floor, 99))}`,
    );
    console.log(
      `  sequential: ${(events / (seqMs / 1000)).toFixed(0)} events/s  p50 ${ms(percentile(latencies, 50))}  p99 ${ms(percentile(latencies, 99))}  (${(percentile(latencies, 50) / percentile(floor, 50)).toFixed(1)}× the floor at p50)`,
    );
    console.log(
      `  API requests per event: ${(seqRequests / events).toFixed(2)}  (naive: ${(naive / events).toFixed(1)} — ${(naive / seqRequests).toFixed(1)}× more; target ≤ 3)`,
    );
    console.log(
      `  burst (16 in flight): ${(events / (burstMs / 1000)).toFixed(0)} events/s, ${burstRuns} evaluations for ${events} events, ${(burstRequests / events).toFixed(2)} API requests per event`,
    );
    console.log(`  pull requests approved at the end: ${approved}/${pullCount}`);
  } finally {
    await harness.close();
  }
}
