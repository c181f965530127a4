import { appendFileSync, readdirSync, readFileSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeTree } from "../../test/helpers/tree.ts";
import { DiskCache } from "./disk-cache.ts";
import type { StoredCall } from "./stored-call.ts";

function entry(key: string, text = `answer ${key}`): StoredCall {
  return {
    key,
    model: "m",
    request: { model: "m", messages: [{ role: "user", content: key }], params: {} },
    response: {
      text,
      toolCalls: [],
      usage: { inputTokens: 1, outputTokens: 1 },
      finishReason: "stop",
      model: "m",
    },
    latencyMs: 12,
    recordedAt: "2026-01-01T00:00:00.000Z",
  };
}

describe("DiskCache (append-only logs)", () => {
  it("stores, flushes and reads back entries across instances (processes)", async () => {
    const dir = join(writeTree({}), "cache");
    const a = new DiskCache(dir);
    expect(await a.get("k1")).toBeUndefined();
    await a.put(entry("k1"));
    await a.put(entry("k2"));
    await a.put(entry("k1", "newer"));
    expect((await a.get("k1"))?.response.text).toBe("newer");
    await a.flush();
    const b = new DiskCache(dir);
    expect((await b.get("k1"))?.response.text).toBe("newer");
    expect((await b.get("k2"))?.latencyMs).toBe(12);
    expect(readdirSync(dir).filter((f) => f.endsWith(".jsonl"))).toHaveLength(1);
  });

  it("ignores a line cut short by a crash: a miss, never a wrong hit", async () => {
    const dir = join(writeTree({}), "cache");
    const a = new DiskCache(dir);
    await a.put(entry("good"));
    await a.flush();
    const log = readdirSync(dir).find((f) => f.endsWith(".jsonl"))!;
    appendFileSync(join(dir, log), `${JSON.stringify(entry("torn")).slice(0, 40)}`);
    const b = new DiskCache(dir);
    expect(await b.get("good")).toBeDefined();
    expect(await b.get("torn")).toBeUndefined();
  });

  it("merges many idle logs into one, keeping the newest value of each key", async () => {
    const dir = join(writeTree({}), "cache");
    for (let i = 0; i < 20; i++) {
      const c = new DiskCache(dir);
      await c.put(entry(`k${i % 5}`, `v${i}`));
      await c.flush();
    }
    const old = (Date.now() - 120_000) / 1000;
    for (const f of readdirSync(dir)) utimesSync(join(dir, f), old, old);
    const merged = new DiskCache(dir);
    expect((await merged.get("k4"))?.response.text).toBe("v19");
    const logs = readdirSync(dir).filter((f) => f.endsWith(".jsonl"));
    expect(logs).toHaveLength(1);
    expect(readFileSync(join(dir, logs[0]!), "utf8").trim().split("\n")).toHaveLength(5);
  });
});
