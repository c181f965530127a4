/**
 * The audit at scale: a default branch of 10,000 commits with 1,000 signed releases (fixture built by
 * generate-audit-history.ts with git fast-import and the real signing code, cached under the OS temp
 * directory), audited end to end — first-parent history with the files of every commit, every tag,
 * every release read from the registry (an OCI image layout), 2,000 signatures verified under the
 * trust charter.yml declared at each released commit, approvals re-judged against the policy at each
 * merge's first parent, every governed change classified — against, in the same run, the floor any
 * history-based audit pays: `git log --first-parent --name-only` over the same history.
 *
 * Median of RUNS (default 3) after a warm-up. `npm run bench -- audit [COMMITS] [RELEASES] [RUNS]`
 */
import { execFileSync, spawn } from "node:child_process";
import { auditRepository } from "../core/audit/audit.ts";
import { auditHtml } from "../core/audit/html.ts";
import { auditCsv, auditMarkdown } from "../core/audit/render.ts";
import { attachedAttestations, readRelease } from "../core/publish/release-store.ts";
import { verifyUnder } from "../core/publish/verify-release.ts";
import { openRegistry } from "../core/registry/open.ts";
import { loadTrustedKeys } from "../core/signing/keys.ts";
import { auditFixture } from "./generate-audit-history.ts";
import { ms, timeMedian } from "./stats.ts";

function gitLog(dir: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd: dir, stdio: ["ignore", "pipe", "inherit"] });
    let bytes = 0;
    child.stdout.on("data", (b: Buffer) => {
      bytes += b.length;
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(bytes) : reject(new Error(`git exited ${code}`))));
  });
}

/** Release tags of the fixture as tenant, workflow, version. */
async function listTagged(dir: string) {
  return execFileSync("git", ["tag", "-l", "charter/*"], { cwd: dir, encoding: "utf8" })
    .trim()
    .split("\n")
    .map((name) => {
      const [, tenant, workflow, v] = name.split("/") as [string, string, string, string];
      return { tenant, workflow, version: v.slice(1) };
    });
}

export async function run(args: string[]): Promise<void> {
  const commits = Number(args[0] ?? 10_000);
  const releases = Number(args[1] ?? 1_000);
  const runs = Number(args[2] ?? 3);
  const fixture = await auditFixture(commits, releases);
  console.log(
    `audit: ${fixture.commits} commits (${fixture.firstParent} on the first-parent chain), ${fixture.releases} signed releases of 20 workflows in an OCI image layout, ${fixture.governedDirectPushes} governed direct pushes`,
  );
  console.log(
    fixture.built
      ? `fixture built in ${ms(fixture.buildMs)} (git fast-import + buildBundle + 2 signatures per release), cached at ${fixture.dir}`
      : `fixture reused from ${fixture.dir} (delete it to rebuild)`,
  );

  let logBytes = 0;
  const baseline = await timeMedian(runs + 2, async () => {
    logBytes = await gitLog(fixture.dir, ["log", "--first-parent", "--name-only"]);
  });
  const all = await timeMedian(runs, () => gitLog(fixture.dir, ["log", "--name-only"]));

  // The cryptographic floor: the same 2,000 attestations verified from memory, one after another.
  const registry = openRegistry(fixture.registry);
  const pem = execFileSync("git", ["show", "HEAD:keys/release.pub"], { cwd: fixture.dir, encoding: "utf8" });
  const trust = { trustedKeys: loadTrustedKeys([pem]) };
  const attestations: { bytes: Uint8Array; type: string; subject: string }[] = [];
  for (const tag of await listTagged(fixture.dir)) {
    const repo = `${tag.tenant}/${tag.workflow}`;
    const release = (await readRelease(registry, repo, tag.version))!;
    for (const a of await attachedAttestations(registry, repo, release.manifestDigest))
      attestations.push({ bytes: a.bytes, type: a.predicateTypeHint!, subject: release.bundleDigest });
  }
  const crypto = await timeMedian(runs, () => {
    for (const a of attestations)
      if (!verifyUnder(trust, a.bytes, a.type, a.subject).ok) throw new Error("bad");
  });

  const options = { dir: fixture.dir, registry: fixture.registry, env: {} };
  let last = await auditRepository(options); // warm-up (module loading, JIT)
  const audit = await timeMedian(runs, async () => {
    last = await auditRepository(options);
  });
  const r = last.report;
  const verified = r.releases.reduce(
    (n, x) => n + x.signatures.attestations.filter((a) => a.verified).length,
    0,
  );
  const t0 = performance.now();
  const html = auditHtml(r, (await auditRepository({ ...options, diagrams: true })).diagrams);
  const htmlMs = performance.now() - t0;
  const render = await timeMedian(runs, () => {
    JSON.stringify(r);
    auditMarkdown(r);
    auditCsv(r);
  });

  console.log(
    `\naudited: ${r.summary.commits} first-parent commits, ${r.summary.governedChanges} governed changes, ${r.releases.length} releases, ${verified} signatures verified, ${r.summary.findings} findings (${Object.entries(
      r.summary.kinds,
    )
      .map(([k, n]) => `${k} ×${n}`)
      .join(", ")})`,
  );
  console.log(`\n| What | Median | vs baseline |`);
  console.log(`|---|---|---|`);
  console.log(
    `| \`git log --first-parent --name-only\` (baseline, ${(logBytes / 1024 / 1024).toFixed(1)} MiB) | ${ms(baseline.median)} | 1.0× |`,
  );
  console.log(
    `| \`git log --name-only\` (all commits) | ${ms(all.median)} | ${(all.median / baseline.median).toFixed(1)}× |`,
  );
  console.log(
    `| \`auditRepository\` (everything above, report built and schema-checked) | ${ms(audit.median)} | ${(audit.median / baseline.median).toFixed(1)}× |`,
  );
  console.log(
    `| verifying the ${attestations.length} attestations alone (from memory, sequential) | ${ms(crypto.median)} | ${(crypto.median / baseline.median).toFixed(1)}× |`,
  );
  console.log(`| rendering JSON + Markdown + CSV | ${ms(render.median)} | |`);
  console.log(
    `| audit with diagrams + HTML (${(html.length / 1024 / 1024).toFixed(1)} MiB, one run) | ${ms(htmlMs)} | |`,
  );
  console.log(
    `\nper release: ${((audit.median / Math.max(1, r.releases.length)) * 1000).toFixed(0)} µs; per first-parent commit: ${((audit.median / r.summary.commits) * 1000).toFixed(0)} µs`,
  );
}
