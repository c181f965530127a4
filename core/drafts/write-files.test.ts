import { existsSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeTree } from "../../test/helpers/tree.ts";
import type { DraftFile } from "./candidate.ts";
import { writeDraftFiles } from "./write-files.ts";

const file = (path: string, text: string, replaces = false): DraftFile => ({
  path,
  kind: path.includes("/prompts/") ? "prompt" : "workflow",
  name: "x",
  text,
  replaces,
});

const leftovers = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((p) => p.endsWith(".tmp"));

describe("writeDraftFiles: all or nothing", () => {
  it("writes new files (creating the prompts directory) and replaces the --from workflow", async () => {
    const dir = writeTree({ "tenants/s/workflows/old.yml": "old\n" });
    const written = await writeDraftFiles(dir, [
      file("tenants/s/workflows/old.yml", "new\n", true),
      file("tenants/s/prompts/p.yml", "prompt\n"),
    ]);
    expect(written).toEqual(["tenants/s/workflows/old.yml", "tenants/s/prompts/p.yml"]);
    expect(readFileSync(join(dir, "tenants/s/workflows/old.yml"), "utf8")).toBe("new\n");
    expect(readFileSync(join(dir, "tenants/s/prompts/p.yml"), "utf8")).toBe("prompt\n");
    expect(leftovers(dir)).toEqual([]);
  });

  it("refuses to overwrite an existing file it was not asked to replace, and writes none of the others", async () => {
    const dir = writeTree({ "tenants/s/prompts/p.yml": "mine\n" });
    await expect(
      writeDraftFiles(dir, [
        file("tenants/s/workflows/w.yml", "w\n"),
        file("tenants/s/prompts/p.yml", "theirs\n"),
      ]),
    ).rejects.toThrow("tenants/s/prompts/p.yml already exists");
    expect(existsSync(join(dir, "tenants/s/workflows/w.yml"))).toBe(false);
    expect(readFileSync(join(dir, "tenants/s/prompts/p.yml"), "utf8")).toBe("mine\n");
  });

  it("refuses a destination reached through a symbolic link, and writes none of the files", async () => {
    const dir = writeTree({ "tenants/s/workflows/.keep": "" });
    const outside = writeTree({});
    symlinkSync(outside, join(dir, "tenants/s/prompts"));
    await expect(
      writeDraftFiles(dir, [
        file("tenants/s/workflows/w.yml", "w\n"),
        file("tenants/s/prompts/p.yml", "p\n"),
      ]),
    ).rejects.toThrow("tenants/s/prompts is a symbolic link");
    expect(readdirSync(outside)).toEqual([]);
    expect(existsSync(join(dir, "tenants/s/workflows/w.yml"))).toBe(false);
  });

  it("removes what it placed when a later step fails", async () => {
    // The file to replace is a directory: the rename fails after the new file was linked into place.
    const dir = writeTree({ "tenants/s/workflows/w.yml/keep": "k\n" });
    await expect(
      writeDraftFiles(dir, [
        file("tenants/s/prompts/p.yml", "p\n"),
        file("tenants/s/workflows/w.yml", "w\n", true),
      ]),
    ).rejects.toThrow(/Could not write the draft .*nothing was written/);
    expect(existsSync(join(dir, "tenants/s/prompts/p.yml"))).toBe(false);
    expect(readFileSync(join(dir, "tenants/s/workflows/w.yml/keep"), "utf8")).toBe("k\n");
    expect(leftovers(dir)).toEqual([]);
  });

  it.each(["tenants/../../escape.yml", "/etc/charter.yml", "charter.yml"])("refuses %s", async (path) => {
    const dir = writeTree({});
    await expect(writeDraftFiles(dir, [file(path, "x")])).rejects.toThrow(/outside the tenant directory/);
  });
});
