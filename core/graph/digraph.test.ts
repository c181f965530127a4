import { describe, expect, it } from "vitest";
import { Digraph } from "./digraph.ts";

function graph(edges: [string, string][], nodes?: string[]) {
  const g = new Digraph(nodes ?? [...new Set(edges.flat())]);
  for (const [a, b] of edges) g.addEdge(a, b);
  return g;
}

describe("Digraph", () => {
  it("orders a DAG topologically and computes ancestors", () => {
    const g = graph([
      ["a", "b"],
      ["a", "c"],
      ["b", "d"],
      ["c", "d"],
    ]);
    expect(g.topologicalOrder()).toEqual(["a", "b", "c", "d"]);
    expect([...g.ancestors("d")].sort()).toEqual(["a", "b", "c"]);
    expect(g.cycles()).toEqual([]);
  });

  it("finds one concrete cycle per cyclic component", () => {
    const g = graph([
      ["a", "b"],
      ["b", "c"],
      ["c", "a"],
      ["x", "y"],
      ["y", "x"],
      ["s", "s"],
    ]);
    expect(g.topologicalOrder()).toBeUndefined();
    expect(
      g
        .cycles()
        .map((c) => c.join(">"))
        .sort(),
    ).toEqual(["a>b>c>a", "s>s", "x>y>x"]);
    expect([...g.ancestors("a")].sort()).toEqual(["a", "b", "c"]);
  });

  it("handles a 100,000-node chain without recursion limits", () => {
    const n = 100_000;
    const ids = Array.from({ length: n }, (_, i) => `n${i}`);
    const g = new Digraph(ids);
    for (let i = 1; i < n; i++) g.addEdge(ids[i - 1]!, ids[i]!);
    g.addEdge(ids[n - 1]!, ids[0]!);
    expect(g.cycles()[0]).toHaveLength(n + 1);
  });
});
