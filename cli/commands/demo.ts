import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { type GitHubSide, localEvaluation } from "../../core/approvals/local-evaluation.ts";
import { decisionText } from "../../core/approvals/render.ts";
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
    io.stdout(decisionText(await localEvaluation(pr.dir, pr.base, pr.head, changeSet, side)));

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
  } finally {
    await rm(pr.dir, { recursive: true, force: true });
  }
  return 0;
}
