import { describe, expect, it } from "vitest";
import { PullRequestQueue } from "./queue.ts";

/** A queue whose runs wait until the test releases them. */
function gatedQueue(concurrency = 2) {
  const started: string[][] = [];
  const gates: (() => void)[] = [];
  const errors: unknown[] = [];
  const queue = new PullRequestQueue<string[]>({
    concurrency,
    merge: (a, b) => [...a, ...b],
    run: (data) => {
      started.push(data);
      return new Promise<void>((resolve, reject) => {
        gates.push(() => (data.includes("boom") ? reject(new Error("boom")) : resolve()));
      });
    },
    onError: (error) => errors.push(error),
  });
  const releaseAll = async () => {
    while (gates.length) {
      gates.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { queue, started, releaseAll, errors };
}

describe("PullRequestQueue", () => {
  it("runs one evaluation per pull request at a time and folds what arrives meanwhile into one trailing run", async () => {
    const { queue, started, releaseAll } = gatedQueue();
    queue.push({ key: "pr1", data: ["opened"] });
    queue.push({ key: "pr1", data: ["review a"] });
    queue.push({ key: "pr1", data: ["review b"] });
    queue.push({ key: "pr1", data: ["review c"] });
    expect(started).toEqual([["opened"]]);
    await releaseAll();
    await queue.idle();
    expect(started).toEqual([["opened"], ["review a", "review b", "review c"]]);
    expect(queue.stats).toMatchObject({ runs: 2, coalesced: 2 });
  });

  it("runs different pull requests concurrently, up to the limit, and queues the rest in order", async () => {
    const { queue, started, releaseAll } = gatedQueue(2);
    for (const key of ["a", "b", "c", "d"]) queue.push({ key, data: [key] });
    expect(started).toEqual([["a"], ["b"]]);
    expect(queue.backlog).toBe(2);
    await releaseAll();
    await queue.idle();
    expect(started).toEqual([["a"], ["b"], ["c"], ["d"]]);
  });

  it("does not let a busy pull request hold back others waiting behind it", async () => {
    const { queue, started, releaseAll } = gatedQueue(1);
    queue.push({ key: "a", data: ["a1"] });
    queue.push({ key: "a", data: ["a2"] }); // waits for a1
    queue.push({ key: "b", data: ["b1"] });
    expect(started).toEqual([["a1"]]);
    await releaseAll();
    await queue.idle();
    expect(started).toEqual([["a1"], ["a2"], ["b1"]]);
  });

  it("reports a failed run and carries on", async () => {
    const { queue, started, releaseAll, errors } = gatedQueue();
    queue.push({ key: "a", data: ["boom"] });
    queue.push({ key: "b", data: ["fine"] });
    await releaseAll();
    await queue.idle();
    expect(started).toHaveLength(2);
    expect(errors).toEqual([new Error("boom")]);
  });

  it("recognises a redelivered delivery id, and forgets the oldest beyond its memory", () => {
    const queue = new PullRequestQueue<string[]>({
      concurrency: 1,
      merge: (a) => a,
      run: async () => {},
      onError: () => {},
      deliveryMemory: 2,
    });
    expect(queue.isDuplicate("d1")).toBe(false);
    expect(queue.isDuplicate("d1")).toBe(true);
    expect(queue.isDuplicate("d2")).toBe(false);
    expect(queue.isDuplicate("d3")).toBe(false);
    expect(queue.isDuplicate("d1")).toBe(false); // forgotten
    expect(queue.isDuplicate(undefined)).toBe(false);
    expect(queue.stats.duplicates).toBe(1);
  });

  it("is idle at once when empty", async () => {
    const { queue } = gatedQueue();
    await expect(queue.idle()).resolves.toBeUndefined();
  });
});
