import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { attachedAttestations, pushAttestations } from "../core/publish/release-store.ts";
import { openRegistry } from "../core/registry/open.ts";
import { loadSigningKey, loadTrustedKeys } from "../core/signing/keys.ts";
import { keySigner } from "../core/signing/sign.ts";
import { buildStatement, GOVERNANCE_PREDICATE_V1, SLSA_PROVENANCE_V1 } from "../core/signing/statement.ts";
import { publishScenario } from "../test/helpers/publish-scenario.ts";
import { INPUTS, type RunnerScenario, runnerScenario } from "../test/helpers/runner-scenario.ts";
import { MODES, type OpenedState, openOrSkip } from "../test/helpers/stores.ts";
import { RunRefused } from "./admit.ts";
import { ApprovalRefused } from "./runner.ts";
import type { RunState } from "./state.ts";

describe.each(MODES)("runner (%s): execution, approvals, resume", (_store, open) => {
  let r: RunnerScenario<RunState>;
  let opened: OpenedState | undefined;
  beforeEach(async (ctx) => {
    opened = undefined;
    opened = await openOrSkip(open, ctx);
    r = await runnerScenario("billing", { state: opened });
  });
  afterEach(async () => {
    await opened?.close();
  });

  it("runs an approved release, parks on the approval, refuses outsiders, continues once approved — nothing runs twice", async () => {
    const runner = r.runner();
    const parked = await runner.start({
      tenant: "support",
      workflow: "triage",
      ref: "1.1.0",
      inputs: INPUTS,
    });
    expect(parked.status).toBe("waiting");
    expect(parked.version).toBe("1.1.0");
    const nodes = await r.store.nodes(parked.id);
    expect(nodes.classify?.status).toBe("succeeded");
    expect(nodes.gate?.status).toBe("waiting");
    expect(nodes.note).toBeUndefined(); // downstream of the gate
    expect(r.toolCalls.map((c) => c.tool)).toEqual(["crm.lookup"]);
    expect((await r.store.pendingApprovals({ tenant: "support" })).map((a) => a.node)).toEqual(["gate"]);
    expect(await r.store.pendingApprovals({ tenant: "finance" })).toEqual([]);

    await expect(runner.approve(parked.id, "gate", "mallory", "approved")).rejects.toThrow(ApprovalRefused);
    // A restart (a new runner over the same store) does not lose the parked approval.
    const restarted = r.runner();
    expect(await restarted.resumeAll()).toEqual([]);
    const done = await restarted.approve(parked.id, "gate", "alice", "approved");
    expect(done.status).toBe("succeeded");
    expect(done.outputs).toMatchObject({ category: "billing" });
    expect(r.provider.calls).toHaveLength(1); // classify ran once
    expect(r.toolCalls.map((c) => c.tool)).toEqual(["crm.lookup", "crm.write_note"]);
    expect(r.toolCalls[1]!.idempotencyKey).toContain(parked.id);
    const gate = (await r.store.nodes(parked.id)).gate!;
    expect(gate.approval).toMatchObject({ decision: "approved", approvers: ["user:alice"] });
    expect(done.provenance).toMatchObject({ approvedBy: ["alice"] });
  });

  it("takes the deny path: a denied approval fails the gate and the run", async () => {
    const runner = r.runner();
    const parked = await runner.start({
      tenant: "support",
      workflow: "triage",
      ref: "1.1.0",
      inputs: INPUTS,
    });
    const denied = await runner.approve(parked.id, "gate", "alice", "denied", "not a duplicate charge");
    expect(denied.status).toBe("failed");
    expect(denied.error?.message).toMatch(/gate .*denied/);
    expect(r.toolCalls.map((c) => c.tool)).toEqual(["crm.lookup"]);
  });

  it("does not park when the gate's condition is false", async (ctx) => {
    const state = await openOrSkip(open, ctx);
    try {
      const other = await runnerScenario("technical", { state });
      const run = await other
        .runner()
        .start({ tenant: "support", workflow: "triage", ref: "staging", inputs: INPUTS });
      expect(run.status).toBe("succeeded");
      expect((await other.store.nodes(run.id)).gate?.status).toBe("skipped");
    } finally {
      await state.close();
    }
  });
});

describe.each(MODES)("runner (%s): admission refusals (nothing executes)", (_store, open) => {
  let r: RunnerScenario<RunState>;
  let opened: OpenedState | undefined;
  beforeEach(async (ctx) => {
    opened = undefined;
    opened = await openOrSkip(open, ctx);
    r = await runnerScenario("billing", { state: opened });
  });
  afterEach(async () => {
    await opened?.close();
  });

  async function refused(start: Promise<unknown>, reason: string, message: RegExp) {
    const error = await start.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RunRefused);
    expect((error as RunRefused).reason).toBe(reason);
    expect((error as Error).message).toMatch(message);
    expect(r.provider.calls).toHaveLength(0);
    expect(r.toolCalls).toHaveLength(0);
    expect(await r.store.listRuns()).toEqual([]);
  }
  const start = (ref: string, extra: object = {}, overrides = {}) =>
    r.runner(overrides).start({ tenant: "support", workflow: "triage", ref, inputs: INPUTS, ...extra });

  it("refuses a release without recorded approvals (no pull request)", async () => {
    await refused(start("1.0.0"), "unapproved", /without a pull request/);
  });

  it("refuses a release whose recorded approvals fall short of its tenant's policy", async (ctx) => {
    const state = await openOrSkip(open, ctx);
    try {
      const other = await runnerScenario("billing", { teamMembers: [], state }); // alice is not in the team at merge time
      const e = await other
        .runner()
        .start({ tenant: "support", workflow: "triage", ref: "1.1.0", inputs: INPUTS })
        .catch((x: unknown) => x);
      expect(e).toBeInstanceOf(RunRefused);
      expect((e as RunRefused).reason).toBe("missing-approvals");
      expect((e as Error).message).toMatch(/records 0 of the 1 approval\(s\) its tenant requires/);
      expect(other.provider.calls).toHaveLength(0);
      expect(await other.store.listRuns()).toEqual([]);
    } finally {
      await state.close();
    }
  });

  it("refuses a release whose governance attestation has another predicate type", async () => {
    const registry = openRegistry(r.s.registryDir);
    const tagged = (await registry.resolve("support/triage", "1.1.0"))!;
    const manifest = (await registry.fetchManifest("support/triage", tagged.digest))!;
    const bundleDigest = manifest.manifest.layers[0]!.digest;
    const signer = keySigner(loadSigningKey({ file: r.s.keyFile }));
    const subject = { name: "support/triage@1.1.0", digest: { sha256: bundleDigest.slice(7) } };
    // Copy the release under a new tag, attaching its provenance and a "governance" of another type.
    const copy = new TextEncoder().encode(
      JSON.stringify({ ...manifest.manifest, annotations: { ...manifest.manifest.annotations, copy: "1" } }),
    );
    const pushed = await registry.pushManifest("support/triage", copy, { tag: "odd" });
    const provenance = (await attachedAttestations(registry, "support/triage", tagged.digest)).find(
      (a) => a.predicateTypeHint === SLSA_PROVENANCE_V1,
    )!;
    const odd = await signer.signStatement(
      buildStatement(subject, "https://charter.dev/attestation/governance/v0", { approvals: "all of them" }),
    );
    await pushAttestations(registry, "support/triage", pushed, [
      { bytes: provenance.bytes, predicateType: SLSA_PROVENANCE_V1 },
      { bytes: new TextEncoder().encode(JSON.stringify(odd)), predicateType: GOVERNANCE_PREDICATE_V1 },
    ]);
    await refused(start("odd"), "verification", /governance\/v1: .*predicate-type/);
  });

  it("refuses a release signed by a key it does not trust", async () => {
    const other = await publishScenario();
    await refused(
      start("1.1.0", {}, { trust: { trustedKeys: loadTrustedKeys([other.publicKeyFile]) } }),
      "verification",
      /untrusted-key/,
    );
  });

  it("refuses an expired release", async () => {
    await refused(
      start("1.1.0", {}, { now: () => new Date("2030-01-01T00:00:00Z") }),
      "expired",
      /expired at/,
    );
  });

  it("refuses a rollback to an older sequence it has already moved past, unless allowed", async () => {
    await r.runner().start({ tenant: "support", workflow: "triage", ref: "1.1.0", inputs: INPUTS });
    const calls = r.provider.calls.length;
    const e = await r
      .runner()
      .start({ tenant: "support", workflow: "triage", ref: "1.0.0", inputs: INPUTS, allowUnapproved: true })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RunRefused);
    expect((e as RunRefused).reason).toBe("rollback");
    expect(r.provider.calls.length).toBe(calls);
    const rolled = await r.runner().start({
      tenant: "support",
      workflow: "triage",
      ref: "1.0.0",
      inputs: INPUTS,
      allowUnapproved: true,
      allowRollback: true,
    });
    expect(rolled.version).toBe("1.0.0");
  });

  it("refuses a tampered bundle and a channel moved to an unsigned manifest", async () => {
    const registry = openRegistry(r.s.registryDir);
    const tagged = (await registry.resolve("support/triage", "1.1.0"))!;
    const manifest = (await registry.fetchManifest("support/triage", tagged.digest))!;
    const blob = join(
      r.s.registryDir,
      "support/triage/blobs/sha256",
      manifest.manifest.layers[0]!.digest.slice(7),
    );
    const original = readFileSync(blob);
    const tampered = Buffer.from(original);
    tampered[600] = tampered[600]! ^ 1;
    writeFileSync(blob, tampered);
    await refused(start("1.1.0"), "verification", /digest/);
    writeFileSync(blob, original);

    // Someone moves `staging` to a manifest that has no attestations.
    const unsigned = new TextEncoder().encode(
      JSON.stringify({
        ...manifest.manifest,
        annotations: { ...manifest.manifest.annotations, forged: "yes" },
      }),
    );
    await registry.pushManifest("support/triage", unsigned, { tag: "staging" });
    await refused(start("staging"), "verification", /not signed|no attached attestations/);
  });

  it("refuses a release of another workflow under the requested name", async () => {
    const registry = openRegistry(r.s.registryDir);
    const helper = (await registry.resolve("support/helper", "1.0.0"))!;
    const pulled = (await registry.fetchManifest("support/helper", helper.digest))!;
    // Copy helper's manifest and blobs into triage's repository as version 9.9.9.
    for (const d of [pulled.manifest.config, ...pulled.manifest.layers])
      await registry.pushBlob("support/triage", await registry.fetchBlob("support/helper", d.digest));
    await registry.pushManifest("support/triage", pulled.bytes, { tag: "9.9.9" });
    await refused(start("9.9.9"), "verification", /no attached attestations|does not verify/);
  });
});
