import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { type GitHubSide, localEvaluation } from "../../core/approvals/local-evaluation.ts";
import { decisionText } from "../../core/approvals/render.ts";
import { openBundle } from "../../core/bundle/open.ts";
import { confidenceFor } from "../../core/confidence/project.ts";
import { confidenceText } from "../../core/confidence/render.ts";
import { diffProject } from "../../core/diff/diff.ts";
import { formatTable } from "../../core/eval/format/table.ts";
import { evalProject } from "../../core/eval/project.ts";
import { exampleRepository, packageRoot } from "../../core/package-root.ts";
import { publishProject } from "../../core/publish/project.ts";
import { verifyRelease } from "../../core/publish/verify-release.ts";
import { openRegistry } from "../../core/registry/open.ts";
import { diffHtml } from "../../core/report/diff-html.ts";
import { diffText } from "../../core/report/diff-text.ts";
import { loadTrustedKeys, writeKeyPair } from "../../core/signing/keys.ts";
import { parseGovernancePredicate } from "../../core/signing/statement.ts";
import { RunRefused } from "../../runner/admit.ts";
import { bundleTools } from "../../runner/default-tools.ts";
import { explainMarkdown, explainText } from "../../runner/explain.ts";
import { Runner } from "../../runner/runner.ts";
import { repoFromBundle } from "../../runner/runtime.ts";
import { RunStore } from "../../runner/store.ts";
import { samplePullRequest } from "../demo/sample-pull-request.ts";
import { type CliIO, useColor } from "../io.ts";
import { lintCommand } from "./lint.ts";
import { renderPublish } from "./publish.ts";
import { renderVerified } from "./verify.ts";

/**
 * `charter demo`: the main job end to end on the example repository with the embedded defaults.
 * Each capability adds its stage here.
 */
export async function demoCommand(dir: string | undefined, io: CliIO): Promise<number> {
  const root = dir ?? exampleRepository();
  const heading = (s: string) => io.stdout(`\n${useColor(io) ? `\x1b[1m${s}\x1b[0m` : s}\n\n`);

  heading("charter demo — step 1: lint the governed repository");
  const lint = await lintCommand(root, { format: "pretty", quiet: true }, io);
  if (lint !== 0) return lint;

  heading("step 2: evaluate it on replay — recorded answers, no API key, no network");
  const evaluated = await evalProject({ dir: root, mode: "replay", env: {}, cacheDir: false });
  io.stdout(formatTable(evaluated.report!, { color: useColor(io) }));

  heading("step 3: a sample pull request (examples/acme-pr): what it changes");
  const pr = await samplePullRequest();
  try {
    const { changeSet } = await diffProject({ dir: pr.dir, base: pr.base, head: pr.head });
    io.stdout(diffText(changeSet, { color: useColor(io) }));
    const out = join(io.cwd, ".charter", "demo");
    await mkdir(out, { recursive: true });
    await writeFile(join(out, "diff.html"), diffHtml(changeSet, { title: "sample pull request" }));
    io.stdout(
      `\nThe reviewer's picture: ${relative(io.cwd, join(out, "diff.html"))} (open it in a browser).\n`,
    );

    heading("step 4: the pull request's evaluation, base vs head, on replay");
    const compared = await evalProject({
      dir: pr.dir,
      base: pr.base,
      ref: pr.head,
      mode: "replay",
      env: {},
      cacheDir: false,
    });
    const c = compared.comparison!;
    const rate = (x?: { passRate: number }) => (x ? `${(x.passRate * 100).toFixed(0)}%` : "—");
    for (const s of c.suites) {
      io.stdout(
        `${s.tenant}/${s.name}: pass rate ${rate(s.base)} → ${rate(s.head)}, ${s.regressions} regressed, ${s.fixes} fixed\n`,
      );
      for (const x of s.cases.filter((k) => k.change === "regressed" || k.change === "fixed")) {
        io.stdout(`  ${x.change} ${x.id}${x.route ? ` @ ${x.route}` : ""}\n`);
      }
    }
    io.stdout(
      `\n${c.conclusion === "success" ? "✔ the check would pass" : `✖ the check would fail: ${c.reasons.join("; ")}`}\n`,
    );

    heading(
      "step 5: who must approve it — the approvals app's decision, with the reviews in examples/acme-pr/github.json",
    );
    const side = JSON.parse(
      await readFile(join(packageRoot(), "examples", "acme-pr", "github.json"), "utf8"),
    ) as GitHubSide;
    const decision = await localEvaluation(pr.dir, pr.base, pr.head, changeSet, side);
    io.stdout(decisionText(decision));

    heading("…so, can it be released confidently? — lint, diff, eval and approvals in one verdict");
    const { confidence } = await confidenceFor({
      dir: pr.dir,
      base: pr.base,
      head: pr.head,
      evaluation: c,
      approvals: async () => ({ source: "decision", decision }),
    });
    io.stdout(confidenceText(confidence));

    heading(
      "step 6: publish examples/acme — signed, reproducible bundles to an on-disk OCI registry, a git tag per release",
    );
    const registryDir = join(out, "registry");
    await rm(registryDir, { recursive: true, force: true });
    const key = await writeKeyPair(pr.dir, "demo-release");
    io.stdout(`Signing with a key generated for this demo (key id ${key.keyId}).\n\n`);
    const published = await publishProject({
      dir: pr.dir,
      ref: pr.base,
      registry: registryDir,
      env: { CHARTER_SIGNING_KEY_FILE: key.privateKeyPath },
    });
    io.stdout(renderPublish({ ...published, registry: relative(io.cwd, registryDir) }, false));

    heading(
      "step 7: verify a release as a runner would — signature, key, payload, predicate, subject, contents",
    );
    const first = published.outcomes.find((o) => o.workflow === "ticket-triage") ?? published.outcomes[0]!;
    const verified = await verifyRelease(openRegistry(registryDir), first.repository, "staging", {
      trustedKeys: loadTrustedKeys([key.publicKeyPath]),
    });
    io.stdout(verified.ok ? renderVerified(verified) : `✗ ${verified.reasons.join("\n  ")}\n`);
    if (!verified.ok) return 1;

    heading(
      "step 8: run a release — admitted only if it verifies and records its approvals, then run durably on replay",
    );
    const stateDir = join(out, "runner");
    await rm(stateDir, { recursive: true, force: true });
    const store = new RunStore(join(stateDir, "runner.db"));
    try {
      const runner = new Runner({
        store,
        registry: openRegistry(registryDir),
        trust: { trustedKeys: loadTrustedKeys([key.publicKeyPath]) },
        env: {},
        mode: "replay",
        cassettes: join(pr.dir, "cassettes"),
        tools: bundleTools({}),
      });
      const release = {
        tenant: "support",
        workflow: "article-digest",
        ref: "staging",
        inputs: { topic: "refunds" },
      };
      io.stdout("$ charter run support/article-digest@staging\n");
      try {
        await runner.start(release);
      } catch (e) {
        if (!(e instanceof RunRefused)) throw e;
        io.stdout(`✗ refused (${e.reason}): ${e.message}\n  Nothing was executed.\n\n`);
      }
      io.stdout("$ charter run support/article-digest@staging --allow-unapproved   # development only\n");
      const run = await runner.start({ ...release, allowUnapproved: true });
      io.stdout(
        `${run.status === "succeeded" ? "✓" : "✗"} run ${run.id}: ${run.status}, $${run.costUsd.toFixed(6)}\n`,
      );
      if (run.status !== "succeeded") return 1;

      heading("step 9: explain the run — what ran, from which verified release, node by node");
      const bundle = openBundle(store.bundle(run.bundleDigest)!);
      const repo = await repoFromBundle(
        bundle,
        parseGovernancePredicate((run.provenance as { governance: unknown }).governance),
      );
      const workflow = repo.tenants.get("support")!.workflows.get("article-digest")!.data;
      const nodes = store.nodes(run.id);
      io.stdout(explainText({ run, workflow, nodes, approvals: {} }));
      await writeFile(join(out, "run.md"), explainMarkdown({ run, workflow, nodes, approvals: {} }));
      io.stdout(`\nThe run as Markdown with its diagram: ${relative(io.cwd, join(out, "run.md"))}\n`);
    } finally {
      store.close();
    }
  } finally {
    await rm(pr.dir, { recursive: true, force: true });
  }
  return 0;
}
