import { describe, expect, it } from "vitest";
import { MemoLru } from "./memo-lru.ts";

describe("MemoLru", () => {
  it("shares one computation between concurrent callers of a key", async () => {
    const memo = new MemoLru<string, number>(4);
    let calls = 0;
    const compute = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      return 42;
    };
    expect(await Promise.all([memo.get("a", compute), memo.get("a", compute)])).toEqual([42, 42]);
    expect(await memo.get("a", compute)).toBe(42);
    expect(calls).toBe(1);
  });

  it("forgets a failed computation so the next caller retries", async () => {
    const memo = new MemoLru<string, number>(4);
    await expect(memo.get("a", async () => Promise.reject(new Error("502")))).rejects.toThrow("502");
    await new Promise((r) => setImmediate(r));
    expect(await memo.get("a", async () => 1)).toBe(1);
  });

  it("drops the least recently used entry beyond its capacity", async () => {
    const memo = new MemoLru<string, string>(2);
    await memo.get("a", async () => "A");
    await memo.get("b", async () => "B");
    await memo.get("a", async () => "never"); // touch a: b is now the oldest
    memo.set("c", "C");
    expect(memo.size).toBe(2);
    expect(memo.peek("b")).toBeUndefined();
    expect(await memo.peek("a")).toBe("A");
    expect(await memo.peek("c")).toBe("C");
  });
});
