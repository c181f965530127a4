import { describe, expect, it } from "vitest";
import { diffChange, kinds } from "../../test/helpers/diff.ts";
import { edit, validRepo } from "../../test/helpers/governed-repo.ts";
import type { Tree } from "../../test/helpers/tree.ts";

const WF = "tenants/support/workflows/triage.yml";
const PROMPT = "tenants/support/prompts/classify.yml";
const TENANT = "tenants/support/tenant.yml";
const ROUTES = "tenants/support/routes.yml";
const EVAL = "tenants/support/evals/classify.yml";

const bump = (t: Tree) => edit(t, WF, "version: 1.0.0\ninputs", "version: 1.1.0\ninputs");

describe("semantic diff (real git repositories, base and head commits)", () => {
  it("reports nothing for identical states, reformatting, comments and reordered nodes", async () => {
    const base = validRepo();
    expect((await diffChange(base, base)).changes).toEqual([]);
    const reformatted = edit(base, WF, "    route: fast\n", "    # comment\n    route:    fast\n");
    expect((await diffChange(base, reformatted)).changes).toEqual([]);
    // Move the `sub` node block to the top of `nodes:`: the DAG is the same.
    const text = base[WF] as string;
    const sub = text.slice(text.indexOf("  sub:\n"), text.indexOf("outputs:"));
    const moved = { ...base, [WF]: text.replace(sub, "").replace("nodes:\n", `nodes:\n${sub}`) };
    expect((await diffChange(base, moved)).changes).toEqual([]);
  });

  it("workflow-added, with the write tools it makes reachable", async () => {
    const base = validRepo();
    const head = {
      ...base,
      "tenants/support/workflows/notes.yml": (base[WF] as string)
        .replace("name: triage", "name: notes")
        .replace("route: fast", "route: careful"),
    };
    const set = await diffChange(base, head);
    expect(kinds(set)).toEqual(["workflow-added support notes", "tool-write support crm.write_note"]);
    expect(set.workflows.map((w) => [w.name, w.status, w.nodes.every((n) => n.status === "added")])).toEqual([
      ["notes", "added", true],
    ]);
  });

  it("workflow-removed", async () => {
    const base = {
      ...validRepo(),
      "tenants/support/workflows/extra.yml": (validRepo()["tenants/support/workflows/helper.yml"] as string)
        .replace("name: helper", "name: extra")
        .replace("value: ${{ inputs.text }}", "value: 1"),
    };
    const head = { ...base, "tenants/support/workflows/extra.yml": null };
    const set = await diffChange(base, head);
    expect(kinds(set)).toEqual(["workflow-removed support extra"]);
    expect(set.changes[0]!.risk).toBe("high");
  });

  it("renames are renames, not remove + add; moving a file is no change", async () => {
    const base = validRepo();
    const renamed = {
      ...base,
      [WF]: null,
      "tenants/support/workflows/triage-v2.yml": (base[WF] as string).replace(
        "name: triage",
        "name: triage-next",
      ),
    };
    expect(kinds(await diffChange(base, renamed))).toEqual(["workflow-renamed support triage-next"]);
    const movedFile = { ...base, [WF]: null, "tenants/support/workflows/zz-triage.yml": base[WF]! };
    expect(kinds(await diffChange(base, movedFile))).toEqual([]);
    const renamedPrompt = {
      ...base,
      [PROMPT]: null,
      "tenants/support/prompts/labels.yml": (base[PROMPT] as string).replace(
        "name: classify",
        "name: labels",
      ),
    };
    expect(kinds(await diffChange(base, renamedPrompt))).toContain("prompt-renamed support labels");
  });

  it("node-added, node-removed and node-changed with field old → new", async () => {
    const base = validRepo();
    let head = edit(base, WF, "    route: fast\n", "    route: careful\n");
    head = edit(
      head,
      WF,
      "outputs:",
      "  extra:\n    type: transform\n    needs: [classify]\n    value: ${{ nodes.classify.output }}\noutputs:",
    );
    head = edit(
      head,
      WF,
      '  sub:\n    type: workflow\n    workflow: helper\n    version: 1.0.0\n    with: { text: "${{ inputs.text }}" }\n',
      "",
    );
    head = edit(head, WF, "  sub: ${{ nodes.sub.output }}\n", "");
    const set = await diffChange(base, bump(head));
    expect(kinds(set)).toEqual([
      "workflow-changed support triage",
      "node-changed support classify",
      "node-removed support sub",
      "node-added support extra",
      "edge-changed support classify → extra",
    ]);
    const changed = set.changes.find((c) => c.kind === "node-changed")!;
    expect(changed.fields).toEqual([{ path: "route", before: "fast", after: "careful" }]);
    const wf = set.workflows[0]!;
    expect(Object.fromEntries(wf.nodes.map((n) => [n.id, n.status]))).toMatchObject({
      classify: "changed",
      extra: "added",
      sub: "removed",
      docs: "unchanged",
    });
  });

  it("changed edges only (a moved node): edge-changed, no node-changed", async () => {
    const base = validRepo();
    const head = edit(
      base,
      WF,
      "    needs: [classify]\n    knowledge: kb",
      "    needs: [customer]\n    knowledge: kb",
    );
    const set = await diffChange(
      base,
      edit(head, WF, "query: ${{ nodes.classify.output.category }}", "query: x"),
    );
    expect(kinds(set).filter((k) => k.startsWith("edge") || k.startsWith("node"))).toEqual([
      "node-changed support docs",
      "edge-changed support customer → docs",
      "edge-changed support classify → docs",
    ]);
    const onlyEdges = edit(base, WF, "needs: [gate, customer, docs]", "needs: [gate, docs]");
    expect(kinds(await diffChange(base, onlyEdges))).toEqual(["edge-changed support customer → note"]);
    const edges = (await diffChange(base, onlyEdges)).workflows[0]!.edges;
    expect(edges.find((e) => e.from === "customer" && e.to === "note")).toMatchObject({
      status: "removed",
      kind: "needs",
    });
  });

  it("prompt-changed with a text diff of the messages", async () => {
    const base = validRepo();
    const head = edit(
      edit(base, PROMPT, "content: Classify the text.", "content: Classify the text into billing or other."),
      PROMPT,
      "version: 1.0.0",
      "version: 1.1.0",
    );
    const set = await diffChange(base, head);
    const change = set.changes.find((c) => c.kind === "prompt-changed")!;
    expect(change.summary).toBe("Prompt classify 1.0.0 → 1.1.0: messages changed.");
    expect(change.textDiff).toContain("-Classify the text.\n+Classify the text into billing or other.");
  });

  it("prompt-added and prompt-removed", async () => {
    const base = validRepo();
    const other = (base[PROMPT] as string)
      .replace("name: classify", "name: summarize")
      .replace("Classify the text.", "Summarise the text.");
    const added = await diffChange(base, { ...base, "tenants/support/prompts/summarize.yml": other });
    expect(added.changes.map((c) => [c.kind, c.summary])).toEqual([
      ["prompt-added", "Prompt summarize 1.0.0 added."],
    ]);
    expect(added.changes[0]!.textDiff).toContain("+Summarise the text.");
    const removed = await diffChange({ ...base, "tenants/support/prompts/summarize.yml": other }, base);
    expect(removed.changes.map((c) => [c.kind, c.risk])).toEqual([["prompt-removed", "high"]]);
  });

  it("route-changed and model-added when a tenant routes to a new model", async () => {
    const base = edit(
      validRepo(),
      "models.yml",
      "models:\n",
      "models:\n  huge: { provider: openai, model: gpt-x }\n",
    );
    const head = edit(
      edit(base, ROUTES, "      - model: small\n  careful", "      - model: huge\n  careful"),
      TENANT,
      "models: [small, big]",
      "models: [small, big, huge]",
    );
    const set = await diffChange(base, head);
    expect(kinds(set)).toEqual([
      "policy-changed support support",
      "route-changed support fast",
      "model-added support huge",
    ]);
    expect(set.changes[1]!.summary).toBe("Route fast changed: targets small → huge.");
  });

  it("platform changes: model-added, model-changed, tool-added, tool-changed and a tool turning into a writer", async () => {
    const base = validRepo();
    let head = edit(
      base,
      "models.yml",
      "models:\n",
      "models:\n  tiny: { provider: openai, model: gpt-nano }\n",
    );
    head = edit(head, "models.yml", "input_cost_per_token: 0.000002", "input_cost_per_token: 0.000003");
    head = edit(
      head,
      "tools/crm.yml",
      "tools:\n",
      "tools:\n  delete:\n    description: Delete.\n    effect: write\n    input: { type: object }\n",
    );
    head = edit(
      head,
      "tools/crm.yml",
      "description: Look up a customer.\n    effect: read",
      "description: Look up a customer.\n    effect: write",
    );
    const set = await diffChange(base, head);
    expect(kinds(set)).toEqual([
      "model-changed - big",
      "model-added - tiny",
      "tool-added - crm.delete",
      "tool-write - crm.lookup",
      "tool-changed - crm.lookup",
      "tool-write support crm.lookup",
    ]);
    expect(
      set.changes
        .filter((c) => c.tenant === undefined)
        .every((c) => c.file === "models.yml" || c.file === "tools/crm.yml"),
    ).toBe(true);
  });

  it("tool-write when a workflow starts calling a write tool (not when it already could)", async () => {
    const base = edit(validRepo(), WF, "tool: crm.write_note", "tool: crm.lookup");
    const head = edit(
      base,
      WF,
      "    route: fast\n",
      "    route: fast\n    tools: { allow: [crm.write_note] }\n",
    );
    const already = edit(
      validRepo(),
      WF,
      "    route: fast\n",
      "    route: fast\n    tools: { allow: [crm.write_note] }\n",
    );
    expect(kinds(await diffChange(validRepo(), bump(already)))).toEqual(["node-changed support classify"]);
    expect(kinds(await diffChange(base, bump(head)))).toEqual([
      "node-changed support classify",
      "tool-write support crm.write_note",
    ]);
  });

  it.each([
    [
      "the gate is removed",
      (t: Tree) =>
        edit(
          edit(
            t,
            WF,
            "  gate:\n    type: approval\n    needs: [classify]\n    if: ${{ nodes.classify.output.category == 'billing' }}\n    approvers: [team:acme/support]\n",
            "",
          ),
          WF,
          "needs: [gate, customer, docs]",
          "needs: [customer, docs]",
        ),
      /approval gate gate removed/,
    ],
    [
      "its condition changes",
      (t: Tree) => edit(t, WF, "if: ${{ nodes.classify.output.category == 'billing' }}", "if: ${{ false }}"),
      /gate weakened: it now runs only if/,
    ],
    [
      "fewer approvals are needed",
      (t: Tree) => edit(t, WF, "min_approvals: 2", "min_approvals: 1"),
      /min_approvals 2 → 1/,
    ],
    [
      "nodes stop waiting for it",
      (t: Tree) => edit(t, WF, "needs: [gate, customer, docs]", "needs: [customer, docs]"),
      /note, fallback-note no longer wait for approval gate/,
    ],
  ])("approval-removed when %s", async (_, change, message) => {
    const base = edit(
      validRepo(),
      WF,
      "    approvers: [team:acme/support]\n",
      "    approvers: [team:acme/support]\n    min_approvals: 2\n",
    );
    const set = await diffChange(base, change(base));
    const removed = set.changes.filter((c) => c.kind === "approval-removed");
    expect(removed.map((c) => c.summary)).toEqual([expect.stringMatching(message)]);
    expect(removed[0]!.risk).toBe("critical");
  });

  it("budget-increased for workflows, tenant caps and route caps; lowering is not an increase", async () => {
    const base = edit(
      validRepo(),
      ROUTES,
      "  fast:\n    targets:",
      "  fast:\n    budget: { max_usd_per_call: 0.01 }\n    targets:",
    );
    let head = edit(base, WF, "max_usd: 0.5, timeout: 60s", "max_usd: 0.8, timeout: 2m");
    head = edit(head, TENANT, "max_usd_per_run: 1.0", "max_usd_per_run: 2.0");
    head = edit(head, ROUTES, "max_usd_per_call: 0.01", "max_usd_per_call: 0.05");
    const set = await diffChange(base, bump(head));
    expect(set.changes.filter((c) => c.kind === "budget-increased").map((c) => c.summary)).toEqual([
      "Tenant support caps raised: max_usd_per_run 1 → 2.",
      "Route fast: per-call cap 0.01 → 0.05.",
      "Workflow triage budget raised: max_usd 0.5 → 0.8, timeout 60s → 2m.",
    ]);
    const lower = edit(base, WF, "max_usd: 0.5", "max_usd: 0.2");
    expect(kinds(await diffChange(base, bump(lower)))).toEqual(["workflow-changed support triage"]);
  });

  it("a PR that only edits policy: policy-changed in the tenant and on the platform", async () => {
    const base = validRepo();
    const head = edit(
      edit(base, TENANT, "approvers: [team:acme/support]", "approvers: [team:acme/support, user:mallory]"),
      "charter.yml",
      "owners: [team:acme/governance]",
      "owners: [team:acme/governance, user:mallory]",
    );
    const set = await diffChange(base, head);
    expect(kinds(set)).toEqual(["policy-changed - charter.yml", "policy-changed support support"]);
    expect(set.summaries.map((s) => [s.tenant ?? "platform", s.risk])).toEqual([
      ["support", "high"],
      ["platform", "high"],
    ]);
  });

  it.each([
    [
      "a case removed",
      (t: Tree) => ({
        ...t,
        [EVAL]: `${t[EVAL]}  - id: two\n    vars: { text: x }\n    assert: [{ type: equals, value: y }]\n`,
      }),
      true,
      /^Eval suite classify weakened: cases removed: two\.$/,
    ],
    [
      "a suite threshold lowered",
      (t: Tree) => edit(t, EVAL, "routes: [fast]", "routes: [fast]\nthreshold: 0.5"),
      false,
      /threshold 1 → 0.5/,
    ],
    [
      "an assertion dropped",
      (t: Tree) =>
        edit(
          t,
          EVAL,
          "      - { type: equals, transform: output.category, value: billing }",
          "      - { type: is-json }",
        ),
      false,
      /assertion equals on output.category removed/,
    ],
  ])("eval-weakened when %s", async (_, change, swap, message) => {
    const base = validRepo();
    const [b, h] = swap ? [change(base), base] : [base, change(base)];
    const set = await diffChange(b, h);
    expect(set.changes.map((c) => [c.kind, c.summary])).toEqual([
      ["eval-weakened", expect.stringMatching(message)],
    ]);
  });

  it("eval-changed for a new suite and a stronger one", async () => {
    const base = validRepo();
    const added = {
      ...base,
      "tenants/support/evals/more.yml": (base[EVAL] as string).replace("name: classify", "name: more"),
    };
    expect(kinds(await diffChange(base, added))).toEqual(["eval-changed support more"]);
    const stronger = edit(
      base,
      EVAL,
      "      - { type: equals, transform: output.category, value: billing }",
      "      - { type: equals, transform: output.category, value: billing }\n      - { type: is-json }",
    );
    expect(kinds(await diffChange(base, stronger))).toEqual(["eval-changed support classify"]);
  });

  it("knowledge-changed per collection", async () => {
    const base = validRepo();
    const head = {
      ...base,
      "tenants/support/knowledge/kb/refunds.md": "# Refunds\nNo more refunds.\n",
      "tenants/support/knowledge/kb/new.md": "x",
    };
    expect((await diffChange(base, head)).changes.map((c) => c.summary)).toEqual([
      "Knowledge collection kb: 1 added, 1 edited (new.md, refunds.md).",
    ]);
  });

  it("changes in two tenants at once are attributed to each", async () => {
    const base = {
      ...validRepo(),
      "tenants/finance/tenant.yml": (validRepo()[TENANT] as string).replace("name: support", "name: finance"),
      "tenants/finance/routes.yml": validRepo()[ROUTES]!,
      "tenants/finance/prompts/classify.yml": validRepo()[PROMPT]!,
    };
    const head = edit(
      edit(
        base,
        "tenants/finance/prompts/classify.yml",
        "content: Classify the text.",
        "content: Classify invoices.",
      ),
      WF,
      "route: fast",
      "route: careful",
    );
    const set = await diffChange(base, bump(head));
    expect(kinds(set)).toEqual(["prompt-changed finance classify", "node-changed support classify"]);
    expect(set.summaries.map((s) => s.tenant)).toEqual(["finance", "support"]);
  });

  it("takes risk levels from the base charter, so a change cannot lower its own risk", async () => {
    const base = edit(
      validRepo(),
      "charter.yml",
      "governance:",
      "risk:\n  levels: { node-changed: high }\ngovernance:",
    );
    const head = edit(
      edit(base, "charter.yml", "node-changed: high", "node-changed: low"),
      WF,
      "route: fast",
      "route: careful",
    );
    const set = await diffChange(base, bump(head));
    expect(set.changes.find((c) => c.kind === "node-changed")!.risk).toBe("high");
  });
});
