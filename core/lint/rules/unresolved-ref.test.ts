import { describe, expect, it } from "vitest";
import { edit, validRepo } from "../../../test/helpers/governed-repo.ts";
import { byRule, lintTree } from "../../../test/helpers/lint.ts";
import { at } from "../../../test/helpers/positions.ts";
import type { Tree } from "../../../test/helpers/tree.ts";

const WF = "tenants/support/workflows/triage.yml";
const rule = "unresolved-ref";

async function found(tree: Tree) {
  return byRule(await lintTree(tree), rule).map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`);
}

describe("unresolved-ref", () => {
  it.each([
    [
      "an unknown need",
      (t: Tree) => edit(t, WF, "needs: [classify]\n    knowledge", "needs: [clasify]\n    knowledge"),
      "clasify",
      /needs "clasify".*Did you mean "classify"/,
    ],
    [
      "an unknown fallback",
      (t: Tree) => edit(t, WF, "fallback: fallback-note", "fallback: fallbak-note"),
      "fallbak-note",
      /Fallback "fallbak-note".*Did you mean "fallback-note"/,
    ],
    [
      "an unknown prompt",
      (t: Tree) => edit(t, WF, "prompt: classify", "prompt: clasify"),
      "clasify",
      /Prompt "clasify" does not exist.*Did you mean "classify"/,
    ],
    [
      "an unknown route",
      (t: Tree) => edit(t, WF, "route: fast", "route: fats"),
      "fats",
      /Route "fats" is not defined.*Did you mean "fast"/,
    ],
    [
      "an unknown tool",
      (t: Tree) => edit(t, WF, "tool: crm.lookup", "tool: crm.lookpu"),
      "crm.lookpu",
      /Tool "lookpu" is not in catalog "crm".*Did you mean "lookup"/,
    ],
    [
      "an unknown tool namespace",
      (t: Tree) => edit(t, WF, "tool: crm.lookup", "tool: erp.lookup"),
      "erp.lookup",
      /namespace "erp" does not exist/,
    ],
    [
      "a malformed tool reference",
      (t: Tree) => edit(t, WF, "tool: crm.lookup", "tool: lookup"),
      "lookup",
      /not a tool reference/,
    ],
    [
      "an unknown knowledge collection",
      (t: Tree) => edit(t, WF, "knowledge: kb", "knowledge: kbase"),
      "kbase",
      /Knowledge collection "kbase" does not exist/,
    ],
    [
      "an unknown sub-workflow",
      (t: Tree) => edit(t, WF, "workflow: helper", "workflow: helpr"),
      "helpr",
      /Workflow "helpr" does not exist.*Did you mean "helper"/,
    ],
    [
      "a sub-workflow version that does not exist yet",
      (t: Tree) => edit(t, WF, "version: 1.0.0\n    with", "version: 2.0.0\n    with"),
      "2.0.0",
      /version 2.0.0 does not exist yet/,
    ],
  ])("reports %s at the reference", async (_, change, needle, message) => {
    const tree = change(validRepo());
    const diagnostics = await found(tree);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toContain(at(tree, WF, needle));
    expect(diagnostics[0]).toMatch(message);
  });

  it("reports a node needing itself", async () => {
    const tree = edit(
      validRepo(),
      WF,
      "needs: [gate, customer, docs]",
      "needs: [gate, customer, docs, note]",
    );
    const d = await found(tree);
    expect(d).toEqual([expect.stringMatching(/Node "note" cannot need itself/)]);
  });

  it("reports unknown models in routes and unknown providers in models and tenants", async () => {
    let tree = edit(
      validRepo(),
      "tenants/support/routes.yml",
      "- model: small\n  careful",
      "- model: smal\n  careful",
    );
    tree = edit(tree, "models.yml", "big: { provider: openai", "big: { provider: openia");
    tree = edit(
      tree,
      "tenants/support/tenant.yml",
      "providers: [openai, replay]",
      "providers: [openai, replay, azure]",
    );
    const d = await found(tree);
    expect(d).toEqual([
      expect.stringMatching(/^models.yml:8:20 Provider "openia" of model "big".*Did you mean "openai"/),
      expect.stringMatching(
        /^tenants\/support\/routes.yml:6:16 Model "smal" is not declared in models.yml.*Did you mean "small"/,
      ),
      expect.stringMatching(
        /^tenants\/support\/tenant.yml:9:31 Provider "azure" is not declared in models.yml/,
      ),
    ]);
  });

  it("reports eval suites whose target, routes or grader do not exist", async () => {
    let tree = edit(
      validRepo(),
      "tenants/support/evals/classify.yml",
      "target: { prompt: classify }",
      "target: { prompt: classfy }",
    );
    tree = edit(
      tree,
      "tenants/support/evals/classify.yml",
      "routes: [fast]",
      "routes: [fast, slow]\ngrader: { route: judge }",
    );
    const d = await found(tree);
    expect(d).toEqual([
      expect.stringMatching(/classify.yml:4:.* targets prompt "classfy", which does not exist/),
      expect.stringMatching(/classify.yml:5:.* Route "slow" is not defined/),
      expect.stringMatching(/classify.yml:6:.* Route "judge" is not defined/),
    ]);
  });

  it("reports a route reference when the tenant has no routes.yml", async () => {
    const tree = { ...validRepo(), "tenants/support/routes.yml": null };
    const d = await found(tree);
    expect(d.some((m) => /has no routes.yml/.test(m))).toBe(true);
  });

  it("reports a missing public key file named in charter.yml, and accepts an existing one", async () => {
    const withKey = edit(
      validRepo(),
      "charter.yml",
      "governance:",
      "signing:\n  trusted_keys:\n    - { id: release, public_key_file: keys/release.pub }\ngovernance:",
    );
    expect(await found(withKey)).toEqual([
      expect.stringMatching(/Public key file "keys\/release.pub" does not exist/),
    ]);
    expect(await found({ ...withKey, "keys/release.pub": "-----BEGIN PUBLIC KEY-----\n" })).toEqual([]);
  });

  it("does not cascade from a file that failed validation", async () => {
    // The prompt is broken (schema error); references to it are not also reported as unresolved.
    const tree = edit(
      validRepo(),
      "tenants/support/prompts/classify.yml",
      "kind: Prompt",
      "kind: Prompt\nbogus: 1",
    );
    expect(await found(tree)).toEqual([]);
  });

  it("accepts every reference of the valid fixture", async () => {
    expect(await found(validRepo())).toEqual([]);
  });
});
