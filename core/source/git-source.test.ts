import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { git, gitRepo, writeTree } from "../../test/helpers/tree.ts";
import { DirectorySource } from "./directory-source.ts";
import { GitSource } from "./git-source.ts";

describe("GitSource", () => {
  it("reads a governed directory at a ref without checking it out, from a sub-directory of the repository", async () => {
    const { dir, shas } = gitRepo(
      [
        { "charter.yml": "v: 1\n", "tenants/a/x.md": "one" },
        { "charter.yml": "v: 2\n", "tenants/a/x.md": null, "tenants/a/y.md": "two" },
      ],
      { subdir: "gov" },
    );
    writeTree({ "gov/charter.yml": "v: working-tree\n" }, dir);
    const old = new GitSource(join(dir, "gov"), shas[0]!);
    expect((await old.list()).map((e) => e.path)).toEqual(["charter.yml", "tenants/a/x.md"]);
    expect(old.commit).toBe(shas[0]);
    expect((await old.readMany(["charter.yml", "tenants/a/x.md"])).get("charter.yml")!.toString()).toBe(
      "v: 1\n",
    );
    const head = new GitSource(join(dir, "gov"), "HEAD");
    expect((await head.list()).map((e) => e.path)).toEqual(["charter.yml", "tenants/a/y.md"]);
    expect((await head.readMany(["charter.yml"])).get("charter.yml")!.toString()).toBe("v: 2\n");
  });

  it("reads many blobs in one batch, byte-exact", async () => {
    const tree: Record<string, string | Buffer> = {};
    for (let i = 0; i < 300; i++) tree[`tenants/t/f${i}.yml`] = `i: ${i}\n${"x".repeat(i * 7)}\n`;
    tree["bin.dat"] = Buffer.from([0, 1, 2, 10, 13, 255]);
    const { dir } = gitRepo([tree]);
    const src = new GitSource(dir, "HEAD");
    const paths = (await src.list()).map((e) => e.path);
    const read = await src.readMany(paths);
    expect(read.size).toBe(301);
    for (const [p, c] of Object.entries(tree)) expect(read.get(p)!.equals(Buffer.from(c))).toBe(true);
  });

  it("lists symlinks as symlinks and never follows them", async () => {
    const { dir } = gitRepo([{ "charter.yml": "a: 1\n" }]);
    symlinkSync("/etc/passwd", join(dir, "linked.yml"));
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "link");
    const entries = await new GitSource(dir, "HEAD").list();
    expect(entries.find((e) => e.path === "linked.yml")).toMatchObject({ kind: "symlink" });
    const dirEntries = await new DirectorySource(dir).list();
    expect(dirEntries.find((e) => e.path === "linked.yml")).toMatchObject({ kind: "symlink" });
  });

  it("returns no files when the governed directory does not exist at that ref", async () => {
    const { dir, shas } = gitRepo([{ "README.md": "x" }, { "gov/charter.yml": "a: 1\n" }]);
    writeTree({ "gov/charter.yml": "a: 1\n" }, dir);
    expect(await new GitSource(join(dir, "gov"), shas[0]!).list()).toEqual([]);
  });

  it.each([["--output=/tmp/x"], ["main..evil"], ["a b"], [""], ["HEAD:secret"]])(
    "refuses the unsafe ref %j",
    (ref) => {
      expect(() => new GitSource(".", ref)).toThrow(/not a valid git ref/);
    },
  );

  it("explains an unknown ref and a directory outside git", async () => {
    const { dir } = gitRepo([{ "a.txt": "a" }]);
    await expect(new GitSource(dir, "no-such-branch").list()).rejects.toThrow(
      /Unknown git ref "no-such-branch".*fetch-depth: 0/,
    );
    const plain = writeTree({ "a.txt": "a" });
    await expect(new GitSource(plain, "HEAD").list()).rejects.toThrow(/not inside a git repository/);
  });
});
