import {
  renderVerified
} from "./chunk-IFULDGWV.js";
import {
  exampleRepository,
  packageRoot
} from "./chunk-5KKRGDX7.js";
import {
  explainMarkdown,
  explainText
} from "./chunk-QSBCBZXR.js";
import "./chunk-L7GJZ6WM.js";
import "./chunk-5UPYYDAK.js";
import {
  RunRefused,
  RunStore,
  Runner,
  bundleTools,
  repoFromBundle
} from "./chunk-3QLYKSA2.js";
import "./chunk-3BAUQLIZ.js";
import {
  lintCommand
} from "./chunk-3OLHIPOY.js";
import "./chunk-UETU37OM.js";
import {
  diffText
} from "./chunk-4PC34CWJ.js";
import {
  diffHtml
} from "./chunk-5QZAS6DA.js";
import "./chunk-IB7ADM4Y.js";
import {
  formatTable
} from "./chunk-SFYKL4TX.js";
import {
  useColor
} from "./chunk-2YATZ3QT.js";
import {
  decisionText
} from "./chunk-CP4J6RH5.js";
import "./chunk-CX7LOAB4.js";
import {
  confidenceFor,
  confidenceText,
  localEvaluation
} from "./chunk-GONHR3XE.js";
import {
  evalProject
} from "./chunk-H472RPTT.js";
import "./chunk-XJTLGLMY.js";
import "./chunk-RHAL5BRE.js";
import "./chunk-KHWN3KRK.js";
import {
  diffProject
} from "./chunk-7XOL4EQ4.js";
import "./chunk-GESYH7RA.js";
import "./chunk-FXXQ7OWI.js";
import "./chunk-DUGSIOLX.js";
import {
  renderPublish
} from "./chunk-4452RJCT.js";
import {
  openRegistry,
  publishProject
} from "./chunk-IV6L4BFD.js";
import {
  openBundle,
  parseGovernancePredicate,
  verifyRelease
} from "./chunk-QI2N7CZP.js";
import {
  loadTrustedKeys,
  writeKeyPair
} from "./chunk-XUHWOOZD.js";
import "./chunk-433K37J5.js";
import "./chunk-XB6QFS3Z.js";
import "./chunk-YDXCRINK.js";
import "./chunk-4YJBRKOS.js";
import "./chunk-FQ3VYVXV.js";
import "./chunk-SB4OEXEQ.js";
import "./chunk-4NAQYO46.js";
import "./chunk-COKXHIQ7.js";
import "./chunk-4FYGECKA.js";
import {
  git
} from "./chunk-6TJ5RCH4.js";
import "./chunk-VGNTAH4S.js";
import "./chunk-XC2IMODC.js";

// cli/commands/demo.ts
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join as join2, relative } from "node:path";

// cli/demo/sample-pull-request.ts
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
var IDENTITY = {
  GIT_AUTHOR_NAME: "Charter demo",
  GIT_AUTHOR_EMAIL: "demo@charter.invalid",
  GIT_COMMITTER_NAME: "Charter demo",
  GIT_COMMITTER_EMAIL: "demo@charter.invalid"
};
async function samplePullRequest() {
  const examples = join(packageRoot(), "examples");
  const dir = await mkdtemp(join(tmpdir(), "charter-demo-"));
  Object.assign(process.env, { ...IDENTITY, ...process.env });
  await git(dir, ["init", "-q", "-b", "main"]);
  await cp(join(examples, "acme"), dir, { recursive: true });
  await git(dir, ["add", "-A"]);
  await git(dir, ["commit", "-q", "-m", "examples/acme"]);
  const base = (await git(dir, ["rev-parse", "HEAD"])).toString().trim();
  await cp(join(examples, "acme-pr", "tenants"), join(dir, "tenants"), { recursive: true });
  await cp(join(examples, "acme-pr", "cassettes"), join(dir, "cassettes"), { recursive: true });
  await git(dir, ["add", "-A"]);
  await git(dir, ["commit", "-q", "-m", "Escalate angry customers; skip refund approval for low priority"]);
  const head = (await git(dir, ["rev-parse", "HEAD"])).toString().trim();
  return { dir, base, head };
}

// cli/commands/demo.ts
async function demoCommand(dir, io) {
  const root = dir ?? exampleRepository();
  const heading = (s) => io.stdout(`
${useColor(io) ? `\x1B[1m${s}\x1B[0m` : s}

`);
  heading("charter demo — step 1: lint the governed repository");
  const lint = await lintCommand(root, { format: "pretty", quiet: true }, io);
  if (lint !== 0) return lint;
  heading("step 2: evaluate it on replay — recorded answers, no API key, no network");
  const evaluated = await evalProject({ dir: root, mode: "replay", env: {}, cacheDir: false });
  io.stdout(formatTable(evaluated.report, { color: useColor(io) }));
  heading("step 3: a sample pull request (examples/acme-pr): what it changes");
  const pr = await samplePullRequest();
  try {
    const { changeSet } = await diffProject({ dir: pr.dir, base: pr.base, head: pr.head });
    io.stdout(diffText(changeSet, { color: useColor(io) }));
    const out = join2(io.cwd, ".charter", "demo");
    await mkdir(out, { recursive: true });
    await writeFile(join2(out, "diff.html"), diffHtml(changeSet, { title: "sample pull request" }));
    io.stdout(
      `
The reviewer's picture: ${relative(io.cwd, join2(out, "diff.html"))} (open it in a browser).
`
    );
    heading("step 4: the pull request's evaluation, base vs head, on replay");
    const compared = await evalProject({
      dir: pr.dir,
      base: pr.base,
      ref: pr.head,
      mode: "replay",
      env: {},
      cacheDir: false
    });
    const c = compared.comparison;
    const rate = (x) => x ? `${(x.passRate * 100).toFixed(0)}%` : "—";
    for (const s of c.suites) {
      io.stdout(
        `${s.tenant}/${s.name}: pass rate ${rate(s.base)} → ${rate(s.head)}, ${s.regressions} regressed, ${s.fixes} fixed
`
      );
      for (const x of s.cases.filter((k) => k.change === "regressed" || k.change === "fixed")) {
        io.stdout(`  ${x.change} ${x.id}${x.route ? ` @ ${x.route}` : ""}
`);
      }
    }
    io.stdout(
      `
${c.conclusion === "success" ? "✔ the check would pass" : `✖ the check would fail: ${c.reasons.join("; ")}`}
`
    );
    heading(
      "step 5: who must approve it — the approvals app's decision, with the reviews in examples/acme-pr/github.json"
    );
    const side = JSON.parse(
      await readFile(join2(packageRoot(), "examples", "acme-pr", "github.json"), "utf8")
    );
    const decision = await localEvaluation(pr.dir, pr.base, pr.head, changeSet, side);
    io.stdout(decisionText(decision));
    heading("…so, can it be released confidently? — lint, diff, eval and approvals in one verdict");
    const { confidence } = await confidenceFor({
      dir: pr.dir,
      base: pr.base,
      head: pr.head,
      evaluation: c,
      approvals: async () => ({ source: "decision", decision })
    });
    io.stdout(confidenceText(confidence));
    heading(
      "step 6: publish examples/acme — signed, reproducible bundles to an on-disk OCI registry, a git tag per release"
    );
    const registryDir = join2(out, "registry");
    await rm(registryDir, { recursive: true, force: true });
    const key = await writeKeyPair(pr.dir, "demo-release");
    io.stdout(`Signing with a key generated for this demo (key id ${key.keyId}).

`);
    const published = await publishProject({
      dir: pr.dir,
      ref: pr.base,
      registry: registryDir,
      env: { CHARTER_SIGNING_KEY_FILE: key.privateKeyPath }
    });
    io.stdout(renderPublish({ ...published, registry: relative(io.cwd, registryDir) }, false));
    heading(
      "step 7: verify a release as a runner would — signature, key, payload, predicate, subject, contents"
    );
    const first = published.outcomes.find((o) => o.workflow === "ticket-triage") ?? published.outcomes[0];
    const verified = await verifyRelease(openRegistry(registryDir), first.repository, "staging", {
      trustedKeys: loadTrustedKeys([key.publicKeyPath])
    });
    io.stdout(verified.ok ? renderVerified(verified) : `✗ ${verified.reasons.join("\n  ")}
`);
    if (!verified.ok) return 1;
    heading(
      "step 8: run a release — admitted only if it verifies and records its approvals, then run durably on replay"
    );
    const stateDir = join2(out, "runner");
    await rm(stateDir, { recursive: true, force: true });
    const store = new RunStore(join2(stateDir, "runner.db"));
    try {
      const runner = new Runner({
        store,
        registry: openRegistry(registryDir),
        trust: { trustedKeys: loadTrustedKeys([key.publicKeyPath]) },
        env: {},
        mode: "replay",
        cassettes: join2(pr.dir, "cassettes"),
        tools: bundleTools({})
      });
      const release = {
        tenant: "support",
        workflow: "article-digest",
        ref: "staging",
        inputs: { topic: "refunds" }
      };
      io.stdout("$ charter run support/article-digest@staging\n");
      try {
        await runner.start(release);
      } catch (e) {
        if (!(e instanceof RunRefused)) throw e;
        io.stdout(`✗ refused (${e.reason}): ${e.message}
  Nothing was executed.

`);
      }
      io.stdout("$ charter run support/article-digest@staging --allow-unapproved   # development only\n");
      const run = await runner.start({ ...release, allowUnapproved: true });
      io.stdout(
        `${run.status === "succeeded" ? "✓" : "✗"} run ${run.id}: ${run.status}, $${run.costUsd.toFixed(6)}
`
      );
      if (run.status !== "succeeded") return 1;
      heading("step 9: explain the run — what ran, from which verified release, node by node");
      const bundle = openBundle(store.bundle(run.bundleDigest));
      const repo = await repoFromBundle(
        bundle,
        parseGovernancePredicate(run.provenance.governance)
      );
      const workflow = repo.tenants.get("support").workflows.get("article-digest").data;
      const nodes = store.nodes(run.id);
      io.stdout(explainText({ run, workflow, nodes, approvals: {} }));
      await writeFile(join2(out, "run.md"), explainMarkdown({ run, workflow, nodes, approvals: {} }));
      io.stdout(`
The run as Markdown with its diagram: ${relative(io.cwd, join2(out, "run.md"))}
`);
    } finally {
      store.close();
    }
  } finally {
    await rm(pr.dir, { recursive: true, force: true });
  }
  return 0;
}
export {
  demoCommand
};
