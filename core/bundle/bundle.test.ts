import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { edit, validRepo } from "../../test/helpers/governed-repo.ts";
import { gitRepo, type Tree, writeTree } from "../../test/helpers/tree.ts";
import { loadRepo } from "../model/load.ts";
import { DirectorySource } from "../source/directory-source.ts";
import { GitSource } from "../source/git-source.ts";
import { bundleManifest } from "./artifact.ts";
import { buildBundle } from "./build.ts";
import { BundleError, openBundle } from "./open.ts";
import { readTar, TarError, writeTar } from "./tar.ts";

async function bundleOf(tree: Tree, workflow = "triage") {
  const { repo } = await loadRepo(new DirectorySource(writeTree(tree)));
  return buildBundle(repo, "support", workflow);
}

describe("bundle", () => {
  it("is reproducible: two builds, from a directory and from a git commit, give the same bytes and digest", async () => {
    const a = await bundleOf(validRepo());
    const b = await bundleOf(validRepo());
    expect(a.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(b.digest).toBe(a.digest);
    expect(Buffer.from(b.bytes).equals(Buffer.from(a.bytes))).toBe(true);
    const { dir, shas } = gitRepo([validRepo()]);
    const { repo } = await loadRepo(new GitSource(dir, shas[0]!));
    expect((await buildBundle(repo, "support", "triage")).digest).toBe(a.digest);
    expect(bundleManifest(a).digest).toBe(bundleManifest(b).digest);
  });

  it("holds the workflow and everything it resolves, byte-exact, and nothing it does not use", async () => {
    const tree: Tree = {
      ...validRepo(),
      "tenants/support/prompts/unused.yml": (
        validRepo()["tenants/support/prompts/classify.yml"] as string
      ).replace("name: classify", "name: unused"),
    };
    const b = await bundleOf(tree);
    const opened = openBundle(b.bytes);
    expect([...opened.files.keys()].sort()).toEqual([
      "charter-bundle.json",
      "resolved.json",
      "tenants/support/evals/classify.yml",
      "tenants/support/knowledge/kb/refunds.md",
      "tenants/support/prompts/classify.yml",
      "tenants/support/workflows/helper.yml",
      "tenants/support/workflows/triage.yml",
    ]);
    expect(Buffer.from(opened.files.get("tenants/support/workflows/triage.yml")!).toString()).toBe(
      tree["tenants/support/workflows/triage.yml"],
    );
    expect(opened.index).toMatchObject({
      tenant: "support",
      workflow: "triage",
      version: "1.0.0",
      entrypoint: "tenants/support/workflows/triage.yml",
    });
    expect(opened.index.evals).toEqual([
      expect.objectContaining({ name: "classify", cases: 1, routes: ["fast"] }),
    ]);
    expect(Object.keys(opened.resolved.routes)).toEqual(["fast"]);
    expect(Object.keys(opened.resolved.models)).toEqual(["small"]);
    expect(Object.keys(opened.resolved.tools).sort()).toEqual(["crm.lookup", "crm.write_note"]);
    expect(opened.resolved.tenant).toMatchObject({ name: "support", budget: { max_usd_per_run: 1 } });
    expect(opened.resolved.workflows).toEqual({
      helper: "tenants/support/workflows/helper.yml",
      triage: "tenants/support/workflows/triage.yml",
    });
  });

  const changes: [string, (t: Tree) => Tree][] = [
    ["the workflow", (t) => edit(t, "tenants/support/workflows/triage.yml", "timeout: 60s", "timeout: 61s")],
    [
      "a prompt it uses",
      (t) => edit(t, "tenants/support/prompts/classify.yml", "Classify the text.", "Classify the text!"),
    ],
    [
      "a sub-workflow",
      (t) => edit(t, "tenants/support/workflows/helper.yml", "timeout: 10s", "timeout: 11s"),
    ],
    [
      "a route it uses",
      (t) =>
        edit(
          t,
          "tenants/support/routes.yml",
          "  fast:\n    targets:\n      - model: small",
          "  fast:\n    targets:\n      - model: small\n      - model: big",
        ),
    ],
    [
      "a model it uses",
      (t) => edit(t, "models.yml", "output_cost_per_token: 0.0000004", "output_cost_per_token: 0.0000005"),
    ],
    ["a tool definition", (t) => edit(t, "tools/crm.yml", "Look up a customer.", "Look up one customer.")],
    [
      "the tool connector",
      (t) => edit(t, "tools/crm.yml", "https://crm.example.com", "https://crm2.example.com"),
    ],
    [
      "the tenant budget",
      (t) => edit(t, "tenants/support/tenant.yml", "max_usd_per_run: 1.0", "max_usd_per_run: 2.0"),
    ],
    [
      "the tenant allowances",
      (t) => edit(t, "tenants/support/tenant.yml", "tools: [crm.*]", "tools: [crm.*, kb.*]"),
    ],
    [
      "an eval suite gating it",
      (t) =>
        edit(t, "tenants/support/evals/classify.yml", "I was charged twice", "I was charged three times"),
    ],
    [
      "a knowledge document",
      (t) => ({ ...t, "tenants/support/knowledge/kb/refunds.md": "# Refunds\nWe refund duplicates.\n" }),
    ],
    ["a new knowledge document", (t) => ({ ...t, "tenants/support/knowledge/kb/new.md": "new" })],
  ];
  for (const [what, change] of changes) {
    it(`changes digest when ${what} changes`, async () => {
      const before = await bundleOf(validRepo());
      const after = await bundleOf(change(validRepo()));
      expect(after.digest).not.toBe(before.digest);
    });
  }

  it("keeps its digest when only things it does not use change", async () => {
    const before = await bundleOf(validRepo());
    let t = edit(
      validRepo(),
      "models.yml",
      "output_cost_per_token: 0.00001",
      "output_cost_per_token: 0.00002",
    ); // "big": unused by triage
    t = edit(
      t,
      "tenants/support/tenant.yml",
      "approvers: [team:acme/support]",
      "approvers: [team:acme/support, user:alice]",
    );
    t = {
      ...t,
      "tenants/support/knowledge/other/x.md": "unrelated",
      "charter.yml": `${t["charter.yml"]}description: changed\n`,
    };
    expect((await bundleOf(t)).digest).toBe(before.digest);
  });

  it("refuses a workflow with unresolved references, naming them", async () => {
    const t = edit(validRepo(), "tenants/support/workflows/triage.yml", "prompt: classify", "prompt: nope");
    await expect(bundleOf(t)).rejects.toThrow(/prompt "nope".*charter lint/);
    await expect(bundleOf(validRepo(), "missing")).rejects.toThrow(/No workflow "missing"/);
  });

  it("is a plain tar the system tar lists and extracts identically", async () => {
    const b = await bundleOf(validRepo());
    const dir = mkdtempSync(join(tmpdir(), "charter-tar-"));
    writeFileSync(join(dir, "b.tar"), b.bytes);
    const listing = execFileSync("tar", ["-tvf", "b.tar"], { cwd: dir, encoding: "utf8" });
    expect(listing).toContain("tenants/support/workflows/triage.yml");
    expect(listing).toMatch(/-rw-r--r-- 0\/0 .* 1970-01-01/);
    execFileSync("tar", ["-xf", "b.tar"], { cwd: dir });
    expect(readFileSync(join(dir, "tenants/support/prompts/classify.yml"), "utf8")).toBe(
      validRepo()["tenants/support/prompts/classify.yml"],
    );
  });
});

describe("tar", () => {
  const enc = new TextEncoder();
  it("round-trips long paths (ustar prefix), empty and block-sized files, in byte order", () => {
    const long = `${"d".repeat(120)}/${"f".repeat(90)}.md`;
    const entries = [
      { path: "b", bytes: enc.encode("x".repeat(512)) },
      { path: long, bytes: enc.encode("long") },
      { path: "a/é", bytes: new Uint8Array() },
      { path: "B", bytes: enc.encode("upper") },
    ];
    const out = readTar(writeTar(entries));
    expect(out.map((e) => e.path)).toEqual(["B", "a/é", "b", long]);
    expect(Buffer.from(out[2]!.bytes).toString()).toBe("x".repeat(512));
    expect(() => writeTar([{ path: `${"x".repeat(300)}`, bytes: new Uint8Array() }])).toThrow(TarError);
  });

  it("refuses unsafe and duplicate paths when writing", () => {
    for (const path of ["../x", "/etc/passwd", "a/../b", "a//b", "a/", "", "a\\b", "a\nb", "./a"])
      expect(() => writeTar([{ path, bytes: new Uint8Array() }]), path).toThrow(TarError);
    expect(() =>
      writeTar([
        { path: "a", bytes: new Uint8Array() },
        { path: "a", bytes: new Uint8Array() },
      ]),
    ).toThrow(/Duplicate/);
  });

  function patchHeader(
    archive: Uint8Array,
    at: number,
    bytes: number[] | string,
    fixChecksum = true,
  ): Uint8Array {
    const out = archive.slice();
    out.set(typeof bytes === "string" ? enc.encode(bytes) : bytes, at);
    if (fixChecksum) {
      let sum = 0;
      for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : out[i]!;
      out.set(enc.encode(`${sum.toString(8).padStart(6, "0")}\0 `), 148);
    }
    return out;
  }

  it("refuses hostile archives with a reason", () => {
    const good = writeTar([
      { path: "a.txt", bytes: enc.encode("hello") },
      { path: "b.txt", bytes: enc.encode("bye") },
    ]);
    expect(readTar(good)).toHaveLength(2);
    const cases: [string, Uint8Array, RegExp][] = [
      ["bad checksum", patchHeader(good, 0, "X", false), /checksum/],
      ["path traversal", patchHeader(good, 0, "../a.txt\0"), /unsafe path/],
      ["absolute path", patchHeader(good, 0, "/a.txt\0"), /unsafe path/],
      ["symlink", patchHeader(good, 156, "2"), /not a regular file/],
      ["hard link", patchHeader(good, 156, "1"), /not a regular file/],
      ["pax header", patchHeader(good, 156, "x"), /not a regular file/],
      ["not ustar", patchHeader(good, 257, "gnu  \0"), /not a ustar/],
      ["out of order", writeTarUnsorted(), /out of order/],
      ["truncated", good.slice(0, 1024), /end-of-archive|truncated/],
      ["trailing data", concat(good, new Uint8Array(512).fill(1)), /after its end-of-archive/],
      ["not blocks", good.slice(0, 1000), /whole number/],
      ["huge size", patchHeader(good, 124, "77777777777\0"), /larger than allowed|truncated/],
    ];
    for (const [what, archive, reason] of cases) expect(() => readTar(archive), what).toThrow(reason);
    expect(() => readTar(good, { maxBytes: 100, maxEntries: 10, maxEntryBytes: 10 })).toThrow(/limit/);
    expect(() => readTar(good, { maxBytes: 1e9, maxEntries: 1, maxEntryBytes: 10 })).toThrow(/too many/);
  });

  function writeTarUnsorted(): Uint8Array {
    const a = writeTar([{ path: "b", bytes: enc.encode("1") }]);
    const b = writeTar([{ path: "a", bytes: enc.encode("2") }]);
    return concat(a.slice(0, 1024), b);
  }
  function concat(...parts: Uint8Array[]): Uint8Array {
    return new Uint8Array(Buffer.concat(parts));
  }
});

describe("openBundle", () => {
  it("refuses a bundle whose files do not match its index", async () => {
    const b = await bundleOf(validRepo());
    const entries = readTar(b.bytes);
    const swap = (f: (e: { path: string; bytes: Uint8Array }[]) => { path: string; bytes: Uint8Array }[]) =>
      writeTar(f(entries.map((e) => ({ ...e }))));
    const enc = new TextEncoder();
    expect(() =>
      openBundle(
        swap((es) =>
          es.map((e) =>
            e.path.endsWith("classify.yml") && e.path.includes("prompts")
              ? { ...e, bytes: enc.encode("changed") }
              : e,
          ),
        ),
      ),
    ).toThrow(/does not match the digest/);
    expect(() =>
      openBundle(swap((es) => [...es, { path: "extra.sh", bytes: enc.encode("rm -rf /") }])),
    ).toThrow(/does not list/);
    expect(() => openBundle(swap((es) => es.filter((e) => !e.path.endsWith("refunds.md"))))).toThrow(
      /does not contain/,
    );
    expect(() => openBundle(swap((es) => es.filter((e) => e.path !== "charter-bundle.json")))).toThrow(
      /no charter-bundle.json/,
    );
    expect(() =>
      openBundle(
        swap((es) =>
          es.map((e) => (e.path === "charter-bundle.json" ? { ...e, bytes: enc.encode("{") } : e)),
        ),
      ),
    ).toThrow(BundleError);
    expect(() =>
      openBundle(
        swap((es) =>
          es.map((e) =>
            e.path === "charter-bundle.json" ? { ...e, bytes: enc.encode('{"schema":"x"}') } : e,
          ),
        ),
      ),
    ).toThrow(/Invalid charter-bundle.json at schema/);
    expect(() => openBundle(new Uint8Array(1024).fill(7))).toThrow(/Invalid bundle archive/);
  });
});

describe("bundle refusals", () => {
  it("refuses a tenant whose tenant.yml does not validate (the runtime policy would be missing)", async () => {
    const t = edit(
      validRepo(),
      "tenants/support/tenant.yml",
      "approvers: [team:acme/support]",
      "approvers: [alice]",
    );
    await expect(bundleOf(t)).rejects.toThrow(/tenant.yml is missing or invalid/);
  });
});
