import { describe, expect, it } from "vitest";
import { diffChange } from "../../test/helpers/diff.ts";
import { exampleFiles } from "../../test/helpers/fuzz.ts";
import { edit, validRepo } from "../../test/helpers/governed-repo.ts";
import { mermaidParse } from "../../test/helpers/mermaid.ts";
import { rng } from "../../test/helpers/random.ts";
import type { WorkflowFile } from "../../workflows-schema/index.ts";
import type { EdgeDiff, NodeDiff, WorkflowDiff } from "../diff/change.ts";
import { loadRepo } from "../model/load.ts";
import { MemorySource } from "../source/memory-source.ts";
import { diffFlowchart } from "./diff-flowchart.ts";
import { escapeLabel } from "./escape.ts";
import { DIAGRAM_LIMITS } from "./limits.ts";
import { workflowFlowchart } from "./workflow-flowchart.ts";

const HOSTILE = [
  "quote \" double \" and 'single'",
  "brackets [ ] ( ) { } < > | pipes |",
  "end",
  "graph TD",
  "--> arrows -.-> ==> ---",
  "%% comment ;; semicolons; classDef x fill:red",
  "# hash #quot; entity #35; & amp;",
  "<script>alert(1)</script> <b>bold</b> <br> <img src=x onerror=alert(1)>",
  "**markdown** _em_ `code` [link](http://x) ![img](y)",
  "unicode 漢字 Ελληνικά עברית 🙂 \u202e reversed \u0000 nul \n newline \t tab",
  ":::added class injection",
  "subgraph x\nend",
  "click n0 callback",
  "\\ backslash \\\\",
  "x".repeat(500),
];

const TYPES = ["llm", "tool", "retrieve", "approval", "transform", "workflow"] as const;

/** A synthetic workflow diff with arbitrary ids and labels, beyond what the schema would allow. */
function syntheticDiff(seed: number, size: number, changeRate: number, names?: string[]): WorkflowDiff {
  const r = rng(seed).int;
  const ids = names ?? Array.from({ length: size }, (_, i) => `node-${i}`);
  const nodes: NodeDiff[] = ids.map((id) => {
    const roll = r(1000) / 1000;
    const status =
      roll < changeRate / 3
        ? "added"
        : roll < (2 * changeRate) / 3
          ? "removed"
          : roll < changeRate
            ? "changed"
            : "unchanged";
    return {
      id,
      status,
      type: TYPES[r(TYPES.length)]!,
      fields: status === "changed" ? [{ path: HOSTILE[r(HOSTILE.length)]!, before: 1, after: 2 }] : [],
    };
  });
  const edges: EdgeDiff[] = [];
  for (let i = 1; i < ids.length; i++) {
    for (let k = 0; k < 1 + r(2); k++) {
      const from = ids[r(i)]!;
      const roll = r(100);
      edges.push({
        from,
        to: ids[i]!,
        kind: roll < 5 ? "fallback" : "needs",
        status: roll < 3 ? "added" : roll < 6 ? "removed" : "unchanged",
      });
    }
  }
  const wfNodes: Record<string, unknown> = {};
  for (const n of nodes) {
    const cond = r(4) === 0 ? HOSTILE[r(HOSTILE.length)] : undefined;
    wfNodes[n.id] = {
      type: n.type,
      needs: [],
      checks: [],
      max_concurrency: 4,
      ...(cond ? { if: cond } : {}),
      ...(n.type === "llm" ? { prompt: HOSTILE[r(HOSTILE.length)], route: "r", with: {} } : {}),
      ...(n.type === "tool" ? { tool: HOSTILE[r(HOSTILE.length)], with: {} } : {}),
      ...(n.type === "retrieve" ? { knowledge: HOSTILE[r(HOSTILE.length)], query: "q", top_k: 5 } : {}),
      ...(n.type === "approval" ? { approvers: ["team:a/b"], min_approvals: 1 } : {}),
      ...(n.type === "workflow" ? { workflow: HOSTILE[r(HOSTILE.length)], version: "1.0.0", with: {} } : {}),
    };
  }
  const wf = { nodes: wfNodes } as unknown as WorkflowFile;
  return { tenant: "t", name: "w", status: "changed", base: wf, head: wf, file: "w.yml", nodes, edges };
}

describe("Mermaid rendering (checked with the real mermaid parser)", () => {
  it("draws every example workflow with a shape per node type", async () => {
    const { repo } = await loadRepo(new MemorySource(exampleFiles()));
    const workflows = [...repo.tenants.values()].flatMap((t) => [...t.workflows.values()]);
    expect(workflows.length).toBeGreaterThanOrEqual(5);
    for (const wf of workflows) {
      const text = workflowFlowchart(wf.data);
      await mermaidParse(text);
    }
    const triage = workflowFlowchart(repo.tenants.get("support")!.workflows.get("ticket-triage")!.data);
    expect(triage).toMatch(/^flowchart TD\n/);
    expect(triage).toContain('n0(["classify<br>llm · classify-ticket @ fast"])');
    expect(triage).toContain('n1[["customer<br>tool · crm.lookup_customer"]]');
    expect(triage).toContain('[("articles<br>retrieve · help-center")]');
    expect(triage).toContain('{{"refund-approval<br>approval · 1 of 1 approver"}}');
    // Conditions label the edges into the conditional node (long ones are shortened).
    expect(triage).toContain(
      `n0 -->|"if nodes.classify.output.category == 'billing' #38;#38; nodes.cus…"| n3`,
    );
    expect(triage).toMatch(/-.->\|"on error"\|/);
  });

  it("draws a real diff with classes, styled edges and a legend", async () => {
    const base = validRepo();
    let head = edit(base, "tenants/support/workflows/triage.yml", "route: fast", "route: careful");
    head = edit(
      head,
      "tenants/support/workflows/triage.yml",
      "needs: [gate, customer, docs]",
      "needs: [gate, docs]",
    );
    head = edit(
      head,
      "tenants/support/workflows/triage.yml",
      "outputs:",
      "  extra:\n    type: transform\n    needs: [classify]\n    value: 1\noutputs:",
    );
    const set = await diffChange(base, head);
    const { mermaid, collapsed } = diffFlowchart(set.workflows[0]!);
    await mermaidParse(mermaid);
    expect(collapsed).toBe(0);
    expect(mermaid).toContain('(["classify<br>llm · classify @ careful<br>Δ route"]):::changed');
    expect(mermaid).toMatch(/\[\/"extra<br>transform"\/\]:::added/);
    expect(mermaid).toMatch(/linkStyle \d+ stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 5/);
    expect(mermaid).toMatch(/linkStyle \d+ stroke:#1a7f37,stroke-width:2px/);
    expect(mermaid).toContain("subgraph legend [Legend]");
    for (const c of ["added", "changed", "removed", "unchanged"]) expect(mermaid).toContain(`classDef ${c} `);
  });

  it.each(HOSTILE.map((h) => [h]))("escapes hostile text: %j", async (text) => {
    const escaped = escapeLabel(text);
    // No raw character Mermaid or HTML could interpret survives; `#` only starts an entity.
    expect(escaped).not.toMatch(/["<>|`[\]{}()\n]|#(?!\d+;)/);
    const ids = [text, `${text}-2`, "plain"];
    const diagram = diffFlowchart(syntheticDiff(text.length, 3, 0.6, ids));
    await mermaidParse(diagram.mermaid);
  });

  it("stays parseable on 200 random graphs with hostile labels", async () => {
    for (let seed = 1; seed <= 200; seed++) {
      const size = 1 + (seed % 60);
      const names = Array.from({ length: size }, (_, i) =>
        i % 7 === 0 ? `${HOSTILE[(seed + i) % HOSTILE.length]}-${i}` : `n${i}`,
      );
      const { mermaid } = diffFlowchart(syntheticDiff(seed, size, (seed % 10) / 10, names));
      await expect(mermaidParse(mermaid), `seed ${seed}`).resolves.toBeUndefined();
      expect(mermaid.length).toBeLessThanOrEqual(DIAGRAM_LIMITS.maxChars);
    }
  });

  it("focuses a 1,000-node workflow on the changed region and collapses the rest", async () => {
    const wd = syntheticDiff(7, 1000, 0.05);
    const changed = wd.nodes.filter((n) => n.status !== "unchanged").length;
    const out = diffFlowchart(wd);
    await mermaidParse(out.mermaid);
    expect(out.mermaid.length).toBeLessThanOrEqual(DIAGRAM_LIMITS.maxChars);
    expect(out.shown).toBeLessThanOrEqual(DIAGRAM_LIMITS.maxNodes);
    expect(out.collapsed + out.shown).toBe(1000);
    expect(out.mermaid).toMatch(/\+ \d+ (unchanged nodes|nodes, \d+ changed)/);
    expect(changed).toBeGreaterThan(20);
  });

  it("draws a small graph whole", async () => {
    const out = diffFlowchart(syntheticDiff(3, 10, 0.3));
    expect(out.collapsed).toBe(0);
    expect(out.mermaid).not.toContain("summary");
  });
});
