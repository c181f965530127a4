import { describe, expect, it } from "vitest";
import { mermaidParse } from "../../test/helpers/mermaid.ts";
import type { Change, ChangeSet, NodeDiff, WorkflowDiff } from "../diff/change.ts";
import { DIFF_COMMENT_MARKER, diffMarkdown, GITHUB_COMMENT_LIMIT } from "./diff-markdown.ts";

function bigWorkflow(i: number, nodes: number): WorkflowDiff {
  const list: NodeDiff[] = Array.from({ length: nodes }, (_, k) => ({
    id: `node-${k}`,
    status: k % 10 === 0 ? "changed" : "unchanged",
    type: "transform",
    fields: k % 10 === 0 ? [{ path: "value", before: "a".repeat(50), after: "b".repeat(50) }] : [],
  }));
  const wf = {
    nodes: Object.fromEntries(
      list.map((n) => [n.id, { type: "transform", needs: [], checks: [], value: 1 }]),
    ),
  } as never;
  return {
    tenant: "t",
    name: `wf-${i}`,
    status: "changed",
    base: wf,
    head: wf,
    file: `tenants/t/workflows/wf-${i}.yml`,
    nodes: list,
    edges: list
      .slice(1)
      .map((n, k) => ({ from: list[k]!.id, to: n.id, kind: "needs" as const, status: "unchanged" as const })),
  };
}

function change(i: number, extra: Partial<Change> = {}): Change {
  return {
    kind: "node-changed",
    risk: "medium",
    tenant: "t",
    subject: { type: "node", name: `n${i}`, workflow: `wf-${i % 50}` },
    summary: `change ${i} | with a pipe`,
    file: "f.yml",
    ...extra,
  };
}

describe("diff markdown (the PR comment)", () => {
  it("starts with the hidden marker and says when nothing changed", () => {
    const { body } = diffMarkdown({ changes: [], workflows: [], summaries: [] });
    expect(body.startsWith(`${DIFF_COMMENT_MARKER}\n`)).toBe(true);
    expect(body).toMatch(/No governed changes/);
  });

  it("stays under GitHub's limit on a huge change, with a clear truncation note, and every diagram left still parses", async () => {
    const workflows = Array.from({ length: 50 }, (_, i) => bigWorkflow(i, 200));
    const prompts = Array.from({ length: 100 }, (_, i) =>
      change(1000 + i, {
        kind: "prompt-changed",
        textDiff: `@@ -1 +1 @@\n-${"old ".repeat(100)}\n+${"new ".repeat(100)}`,
      }),
    );
    const changes = [...Array.from({ length: 3000 }, (_, i) => change(i)), ...prompts];
    const set: ChangeSet = {
      changes,
      workflows,
      summaries: [
        {
          tenant: "t",
          kinds: { "node-changed": 3000, "prompt-changed": 100 },
          risk: "medium",
          changes: 3100,
        },
      ],
    };
    const { body, truncated } = diffMarkdown(set);
    expect(truncated).toBe(true);
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(body).toMatch(
      /left out to (stay under|fit) GitHub's comment size limit|left out to fit the comment/,
    );
    for (const m of body.matchAll(/```+mermaid\n([\s\S]*?)\n```+/g)) await mermaidParse(m[1]!);
    // Fences are balanced: an even number of fence lines.
    expect((body.match(/^```+/gm) ?? []).length % 2).toBe(0);
  });

  it("keeps table rows intact when summaries contain pipes, HTML and backticks", () => {
    const set: ChangeSet = {
      changes: [change(1, { summary: "a | b <script>x</script> ``` fence" })],
      workflows: [],
      summaries: [{ tenant: "t", kinds: { "node-changed": 1 }, risk: "medium", changes: 1 }],
    };
    const { body } = diffMarkdown(set);
    expect(body).toContain("a &#124; b &lt;script&gt;x&lt;/script&gt; ``` fence");
    expect(body).not.toContain("<script>");
  });

  it("fences prompt diffs longer than any backtick run inside them", () => {
    const set: ChangeSet = {
      changes: [change(1, { kind: "prompt-changed", textDiff: "@@ -1 +1 @@\n-```js\n+````md" })],
      workflows: [],
      summaries: [{ tenant: "t", kinds: { "prompt-changed": 1 }, risk: "medium", changes: 1 }],
    };
    const { body } = diffMarkdown(set);
    expect(body).toContain("`````diff\n@@ -1 +1 @@\n-```js\n+````md\n`````");
  });
});
