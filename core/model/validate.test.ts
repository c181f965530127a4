import { describe, expect, it } from "vitest";
import { edit, validRepo } from "../../test/helpers/governed-repo.ts";
import { byRule, lintTree, where } from "../../test/helpers/lint.ts";
import { at } from "../../test/helpers/positions.ts";

const WF = "tenants/support/workflows/triage.yml";

async function schemaErrors(tree: Record<string, string | Buffer | null>) {
  return byRule(await lintTree(tree), "schema");
}

describe("schema diagnostics", () => {
  it.each([
    [
      "an unknown key, with a suggestion",
      "    route: fast\n",
      "    route: fast\n    retyr: 3\n",
      "retyr",
      /Unknown key "retyr" in nodes.classify. Did you mean "retry"\?/,
    ],
    [
      "an unknown key without a close match, listing the allowed keys",
      "    route: fast\n",
      "    route: fast\n    zzz: 3\n",
      "zzz",
      /Unknown key "zzz" in nodes.classify. Allowed keys: type, prompt, route/,
    ],
    [
      "an unknown node type, with a suggestion",
      "    type: llm",
      "    type: lml",
      "lml",
      /Unknown type "lml" for nodes.classify. Did you mean "llm"\?/,
    ],
    [
      "a wrong enum value, with a suggestion",
      "    value: none",
      "    value: none\n    on_error: { fallback: fallback-note }\n    checks: [{ type: regx }]",
      "regx",
      /has invalid value "regx". Did you mean "regex"\?/,
    ],
    [
      "a wrong type",
      "max_usd: 0.5",
      "max_usd: cheap",
      "cheap",
      /budget.max_usd must be a number, not the string "cheap"/,
    ],
    [
      "a bad duration",
      "timeout: 60s",
      "timeout: 60 seconds",
      "60 seconds",
      /budget.timeout must be a duration such as 500ms/,
    ],
    [
      "a bad version",
      "version: 1.0.0\ninputs",
      "version: v1\ninputs",
      "v1\ninputs",
      /version must be a semantic version/,
    ],
    [
      "an empty approver list",
      "approvers: [team:acme/support]",
      "approvers: []",
      "[]",
      /nodes.gate.approvers must have at least 1 item/,
    ],
    [
      "a malformed principal",
      "approvers: [team:acme/support]",
      "approvers: [acme-support]",
      "acme-support",
      /must be user:LOGIN or team:ORG\/SLUG/,
    ],
  ])("reports %s at the exact place", async (_, from, to, needle, message) => {
    const tree = edit(validRepo(), WF, from, to);
    const d = await schemaErrors(tree);
    expect(d.map(where)).toEqual([`schema ${at(tree, WF, needle)}`]);
    expect(d[0]!.message).toMatch(message);
  });

  it("reports a missing required key at its parent", async () => {
    const tree = edit(validRepo(), WF, "    prompt: classify\n", "");
    const d = await schemaErrors(tree);
    expect(d.map((x) => x.message)).toEqual([
      'Missing required key "prompt" in nodes.classify: add it (a string).',
    ]);
    expect(d.map(where)).toEqual([`schema ${at(tree, WF, "classify:")}`]);
  });

  it("reports a missing node type", async () => {
    const tree = edit(validRepo(), WF, "    type: transform\n", "");
    expect((await schemaErrors(tree)).map((x) => x.message)).toEqual([
      'Missing "type" in nodes.fallback-note: add one of "llm", "tool", "retrieve", "approval", "transform" or "workflow".',
    ]);
  });

  it("checks the kind and apiVersion of every file", async () => {
    const tree = edit(validRepo(), "tenants/support/routes.yml", "kind: Routes", "kind: Route");
    expect((await schemaErrors(tree)).map((x) => x.message)).toEqual(['kind must be "Routes", not "Route".']);
    const v2 = edit(validRepo(), "models.yml", "apiVersion: charter/v1", "apiVersion: charter/v2");
    expect((await schemaErrors(v2)).map((x) => x.message)).toEqual([
      'apiVersion must be "charter/v1", not "charter/v2".',
    ]);
  });

  it("reports the closest branch of a union of objects", async () => {
    const tree = edit(
      validRepo(),
      "tenants/support/tenant.yml",
      "approvers: [team:acme/support]",
      "approvers: [{ user: alice, idd: 3 }]",
    );
    expect((await schemaErrors(tree)).map((x) => x.message)).toEqual([
      expect.stringMatching(/Unknown key "idd".*Did you mean "id"\?/),
    ]);
  });

  it("treats a file that is not a mapping as a schema error", async () => {
    const tree = { ...validRepo(), "tenants/support/routes.yml": "- just\n- a list\n" };
    expect((await schemaErrors(tree)).map((x) => x.message)).toEqual([
      "The file must be a mapping, not a list.",
    ]);
  });
});
