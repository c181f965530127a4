/**
 * Faults at run time: providers failing (429, 500, timeouts) with fallback to the next target, a
 * failing tool handled by `on_error`, budgets running out mid-run (named), and a bundle crafted —
 * and signed by the trusted key, as a compromised publisher could — to reach another tenant.
 */
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bundleManifest } from "../core/bundle/artifact.ts";
import { buildBundle, sha256Hex } from "../core/bundle/build.ts";
import { readTar, writeTar } from "../core/bundle/tar.ts";
import { loadRepo } from "../core/model/load.ts";
import { ProviderError } from "../core/providers/provider.ts";
import { governancePredicate } from "../core/publish/governance.ts";
import { publishProject } from "../core/publish/project.ts";
import { pushAttestations, pushBundle } from "../core/publish/release-store.ts";
import { openRegistry } from "../core/registry/open.ts";
import { loadSigningKey, loadTrustedKeys, writeKeyPair } from "../core/signing/keys.ts";
import { keySigner } from "../core/signing/sign.ts";
import {
  buildProvenance,
  buildStatement,
  GOVERNANCE_PREDICATE_V1,
  SLSA_PROVENANCE_V1,
} from "../core/signing/statement.ts";
import { DirectorySource } from "../core/source/directory-source.ts";
import { canonicalJson } from "../core/text/canonical-json.ts";
import { FakeProvider, fakeFactory, reply } from "../test/helpers/fake-provider.ts";
import { MODES, type OpenedState, openOrSkip, runnerOver } from "../test/helpers/stores.ts";
import { gitRepo, type Tree, writeTree } from "../test/helpers/tree.ts";
import { RunRefused } from "./admit.ts";
import { bundleTools } from "./default-tools.ts";
import type { Runner } from "./runner.ts";
import type { RunState } from "./state.ts";
import type { BuiltinFunction } from "./tools/builtin.ts";

const TREE: Tree = {
  "charter.yml": "apiVersion: charter/v1\nkind: Charter\nname: faults\ngovernance:\n  owners: [user:owner]\n",
  "models.yml": `apiVersion: charter/v1
kind: Models
providers:
  p1: { type: openai }
  p2: { type: openai }
models:
  a: { provider: p1, model: a, input_cost_per_token: 0.00001, output_cost_per_token: 0.00001, max_output_tokens: 50 }
  b: { provider: p2, model: b, input_cost_per_token: 0.00001, output_cost_per_token: 0.00001, max_output_tokens: 50 }
`,
  "tools/bad.yml":
    "apiVersion: charter/v1\nkind: ToolCatalog\nnamespace: bad\nconnector: { type: builtin }\ntools:\n  fail:\n    description: Always fails.\n    effect: read\n    idempotent: true\n    input: { type: object }\n",
  "tenants/ops/tenant.yml":
    "apiVersion: charter/v1\nkind: Tenant\nname: ops\napprovals: { approvers: [user:owner] }\nbudget: { max_usd_per_run: 1, max_usd_per_day: 0.003 }\nallow: { providers: [p1, p2], models: [a, b], tools: [bad.*] }\n",
  "tenants/ops/routes.yml": `apiVersion: charter/v1
kind: Routes
routes:
  main:
    targets:
      - { model: a, timeout: 300ms }
      - { model: b }
    retry: { max_attempts: 1, initial_interval: 10ms }
`,
  "tenants/ops/prompts/p.yml":
    "apiVersion: charter/v1\nkind: Prompt\nname: p\nversion: 1.0.0\nmessages:\n  - role: user\n    content: Say hello.\n",
  "tenants/ops/workflows/w.yml": `apiVersion: charter/v1
kind: Workflow
name: w
version: 1.0.0
budget: { max_usd: 0.5, timeout: 60s }
nodes:
  ask:
    type: llm
    prompt: p
    route: main
  lookup:
    type: tool
    needs: [ask]
    tool: bad.fail
    with: {}
    on_error: { default: { found: false } }
  ask2:
    type: llm
    needs: [lookup]
    prompt: p
    route: main
outputs:
  first: \${{ nodes.ask.output }}
  lookup: \${{ nodes.lookup.output }}
`,
};

const FAIL: BuiltinFunction = async () => {
  throw new Error("the lookup service is down");
};

describe.each(MODES)("runner faults (%s)", (_store, open) => {
  let store: RunState;
  let opened: OpenedState | undefined;
  let registry: string;
  let publicKey: string;
  let privateKey: string;
  let dir: string;
  beforeEach(async (ctx) => {
    opened = undefined;
    opened = await openOrSkip(open, ctx);
    store = opened.state;
    const repo = gitRepo([TREE]);
    dir = repo.dir;
    const key = await writeKeyPair(writeTree({}), "k");
    publicKey = key.publicKeyPath;
    privateKey = key.privateKeyPath;
    registry = join(writeTree({}), "registry");
    await publishProject({
      dir,
      ref: repo.shas[0]!,
      registry,
      env: { CHARTER_SIGNING_KEY_FILE: privateKey },
    });
  });
  afterEach(async () => {
    await opened?.close();
  });

  const runner = (provider: FakeProvider) =>
    runnerOver(
      opened!,
      {
        store,
        registry: openRegistry(registry),
        trust: { trustedKeys: loadTrustedKeys([publicKey]) },
        env: {},
        mode: "live",
        createProvider: fakeFactory(provider),
        tools: bundleTools({}, undefined, new Map([["fail", FAIL]])),
      },
      ["ops"],
    );
  const start = (r: Runner, ref = "1.0.0") =>
    r.start({ tenant: "ops", workflow: "w", ref, inputs: {}, allowUnapproved: true });

  const cases: [string, () => unknown][] = [
    ["429", () => new ProviderError("p1", "rate_limit", "slow down", { status: 429 })],
    ["500", () => new ProviderError("p1", "server", "internal error", { status: 500 })],
    [
      "a timeout",
      () => (req: { signal?: AbortSignal }) =>
        new Promise((_, reject) =>
          req.signal?.addEventListener("abort", () => reject(req.signal?.reason ?? new Error("aborted"))),
        ),
    ],
  ];
  for (const [what, failure] of cases) {
    it(`falls back to the next target on ${what}, and records why`, async () => {
      const provider = new FakeProvider({ a: [failure() as never], b: [reply("hello")] });
      const run = await start(runner(provider));
      expect(run.status).toBe("succeeded");
      const ask = (await store.nodes(run.id)).ask!;
      expect(ask.llm?.target ?? ask.llm?.model).toBe("b");
      const [first, second] = ask.llm!.calls;
      expect(first).toMatchObject({ target: "a", outcome: "error" });
      expect(second).toMatchObject({ target: "b", outcome: "ok", fallbackFrom: "a" });
    });
  }

  it("handles a failing tool with on_error: the default value stands in, and the failure is recorded", async () => {
    const run = await start(runner(new FakeProvider({}, reply("hello"))));
    expect(run.error?.message).toBeUndefined();
    expect(run.status).toBe("succeeded");
    const lookup = (await store.nodes(run.id)).lookup!;
    expect(lookup).toMatchObject({ status: "failed", recoveredBy: "default", output: { found: false } });
    expect(lookup.error?.message).toMatch(/the lookup service is down/);
    expect(run.outputs).toMatchObject({ lookup: { found: false } });
  });

  it("stops a run mid-way when the tenant's daily budget runs out, naming the budget", async () => {
    const provider = new FakeProvider({}, reply("hello", { inputTokens: 50, outputTokens: 50 }));
    const first = await start(runner(provider));
    expect(first.status).toBe("succeeded");
    expect(first.costUsd).toBeCloseTo(0.002, 9);
    const second = await start(runner(provider));
    expect(second.status).toBe("failed");
    // Mid-run: its first model call fitted in the day's budget, the second did not.
    const nodes = await store.nodes(second.id);
    expect(nodes.ask?.status).toBe("succeeded");
    expect(nodes.ask2?.error?.message).toMatch(/tenant ops daily budget would be exceeded/);
    expect(second.error?.message).toMatch(/node ask2 failed: .*tenant ops daily budget/);
    expect(provider.calls).toHaveLength(3);
  });

  it("refuses a bundle crafted to carry another tenant's files, even when signed by the trusted key", async () => {
    const { repo } = await loadRepo(new DirectorySource(dir));
    const honest = await buildBundle(repo, "ops", "w");
    const enc = new TextEncoder();
    const entries = readTar(honest.bytes).filter((e) => e.path !== "charter-bundle.json");
    entries.push({ path: "tenants/finance/prompts/steal.yml", bytes: enc.encode("name: steal\n") });
    const index = {
      ...honest.index,
      files: entries
        .map((e) => ({ path: e.path, sha256: sha256Hex(e.bytes), size: e.bytes.length }))
        .sort((x, y) => (x.path < y.path ? -1 : 1)),
    };
    entries.push({ path: "charter-bundle.json", bytes: enc.encode(`${canonicalJson(index)}\n`) });
    const bytes = writeTar(entries);
    const crafted = { ...honest, bytes, index, digest: `sha256:${sha256Hex(bytes)}` };
    const reg = openRegistry(registry);
    const subject = await pushBundle(reg, "ops/w", crafted);
    expect(subject.digest).toBe(bundleManifest(crafted).digest);
    const signer = keySigner(loadSigningKey({ file: privateKey }));
    const statementSubject = { name: "ops/w@1.0.0", digest: { sha256: crafted.digest.slice(7) } };
    const sign = async (type: string, predicate: object) => ({
      bytes: enc.encode(
        JSON.stringify(await signer.signStatement(buildStatement(statementSubject, type, predicate))),
      ),
      predicateType: type,
    });
    const governance = governancePredicate(
      crafted,
      { repository: "", pullRequest: null, approvals: [], checks: [], eval: null },
      undefined,
      { users: {}, teams: {} },
      {
        repository: "https://github.com/acme/faults",
        commit: "0".repeat(40),
        ref: "refs/heads/main",
        policyCommit: "0".repeat(40),
        sequence: 5,
        previous: { digest: honest.digest, version: "1.0.0" },
        issuedAt: new Date(),
        expiresAfterDays: 30,
      },
    );
    const provenance = buildProvenance({
      repository: "https://github.com/acme/faults",
      ref: "refs/heads/main",
      commit: "0".repeat(40),
      builderId: "https://example.com/builder",
      tenant: "ops",
      workflow: "w",
      version: "1.0.0",
    });
    await pushAttestations(reg, "ops/w", subject, [
      await sign(SLSA_PROVENANCE_V1, provenance),
      await sign(GOVERNANCE_PREDICATE_V1, governance),
    ]);
    await reg.pushManifest("ops/w", bundleManifest(crafted).bytes, { tag: "crafted" });
    const provider = new FakeProvider({}, reply("hello"));
    const error = await start(runner(provider), "crafted").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunRefused);
    expect((error as RunRefused).reason).toBe("cross-tenant");
    expect((error as Error).message).toContain("tenants/finance/prompts/steal.yml");
    expect(provider.calls).toHaveLength(0);
    expect(await store.listRuns()).toEqual([]);
  });
});
