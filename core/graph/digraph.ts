/** A small directed graph over string ids with the operations the linter, diff and runner share. */
export class Digraph {
  readonly nodes: string[];
  private readonly out = new Map<string, string[]>();
  private readonly in = new Map<string, string[]>();
  private ancestorMemo?: Map<string, Set<string>>;

  constructor(nodes: Iterable<string>) {
    this.nodes = [...nodes];
    for (const n of this.nodes) {
      this.out.set(n, []);
      this.in.set(n, []);
    }
  }

  /** Adds `from → to` (to depends on from). Unknown ids are ignored: callers report them. */
  addEdge(from: string, to: string): void {
    const o = this.out.get(from);
    const i = this.in.get(to);
    if (!o || !i || o.includes(to)) return;
    o.push(to);
    i.push(from);
    this.ancestorMemo = undefined;
  }

  successors(n: string): readonly string[] {
    return this.out.get(n) ?? [];
  }

  predecessors(n: string): readonly string[] {
    return this.in.get(n) ?? [];
  }

  /** Strongly connected components (iterative Tarjan), so deep or hostile graphs cannot overflow the stack. */
  stronglyConnected(): string[][] {
    let counter = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const onStack = new Set<string>();
    const stack: string[] = [];
    const components: string[][] = [];
    for (const start of this.nodes) {
      if (index.has(start)) continue;
      const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
      index.set(start, counter);
      low.set(start, counter++);
      stack.push(start);
      onStack.add(start);
      while (work.length > 0) {
        const frame = work[work.length - 1]!;
        const succ = this.successors(frame.node);
        if (frame.next < succ.length) {
          const w = succ[frame.next++]!;
          if (!index.has(w)) {
            index.set(w, counter);
            low.set(w, counter++);
            stack.push(w);
            onStack.add(w);
            work.push({ node: w, next: 0 });
          } else if (onStack.has(w)) {
            low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
          }
          continue;
        }
        work.pop();
        const parent = work[work.length - 1];
        if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
        if (low.get(frame.node) === index.get(frame.node)) {
          const component: string[] = [];
          let w: string;
          do {
            w = stack.pop()!;
            onStack.delete(w);
            component.push(w);
          } while (w !== frame.node);
          components.push(component);
        }
      }
    }
    return components;
  }

  /** One concrete cycle per cyclic component, as a path that starts and ends at the same node. */
  cycles(): string[][] {
    const cycles: string[][] = [];
    const order = new Map(this.nodes.map((n, i) => [n, i]));
    for (const component of this.stronglyConnected()) {
      const members = new Set(component);
      const first = component.reduce((a, b) => (order.get(a)! <= order.get(b)! ? a : b));
      if (component.length === 1 && !this.successors(first).includes(first)) continue;
      // Shortest path from `first` back to itself inside the component.
      const prev = new Map<string, string>();
      const queue = [first];
      let found = false;
      for (let qi = 0; qi < queue.length && !found; qi++) {
        const n = queue[qi]!;
        for (const s of this.successors(n)) {
          if (!members.has(s)) continue;
          if (s === first) {
            prev.set(first, n);
            found = true;
            break;
          }
          if (!prev.has(s)) {
            prev.set(s, n);
            queue.push(s);
          }
        }
      }
      const path = [first];
      let cur = prev.get(first)!;
      while (cur !== first) {
        path.unshift(cur);
        cur = prev.get(cur)!;
      }
      path.unshift(first);
      cycles.push(path);
    }
    return cycles;
  }

  /** Kahn's algorithm; `undefined` when the graph has a cycle. Ties keep declaration order. */
  topologicalOrder(): string[] | undefined {
    const indegree = new Map(this.nodes.map((n) => [n, this.predecessors(n).length]));
    const ready = this.nodes.filter((n) => indegree.get(n) === 0);
    const order: string[] = [];
    for (let i = 0; i < ready.length; i++) {
      const n = ready[i]!;
      order.push(n);
      for (const s of this.successors(n)) {
        const d = indegree.get(s)! - 1;
        indegree.set(s, d);
        if (d === 0) ready.push(s);
      }
    }
    return order.length === this.nodes.length ? order : undefined;
  }

  /** Every node that transitively depends on `n`. Works on cyclic graphs too. */
  descendants(n: string): Set<string> {
    const out = new Set<string>();
    const queue = [...this.successors(n)];
    for (let i = 0; i < queue.length; i++) {
      const m = queue[i]!;
      if (out.has(m)) continue;
      out.add(m);
      queue.push(...this.successors(m));
    }
    return out;
  }

  /** Every node `n` transitively depends on. Works on cyclic graphs too. */
  ancestors(n: string): ReadonlySet<string> {
    if (!this.ancestorMemo) this.ancestorMemo = this.computeAncestors();
    return this.ancestorMemo.get(n) ?? new Set();
  }

  private computeAncestors(): Map<string, Set<string>> {
    const memo = new Map<string, Set<string>>();
    const order = this.topologicalOrder();
    if (order) {
      for (const n of order) {
        const set = new Set<string>();
        for (const p of this.predecessors(n)) {
          set.add(p);
          for (const a of memo.get(p)!) set.add(a);
        }
        memo.set(n, set);
      }
      return memo;
    }
    for (const n of this.nodes) {
      const set = new Set<string>();
      const queue = [...this.predecessors(n)];
      for (let i = 0; i < queue.length; i++) {
        const p = queue[i]!;
        if (set.has(p)) continue;
        set.add(p);
        queue.push(...this.predecessors(p));
      }
      memo.set(n, set);
    }
    return memo;
  }
}
