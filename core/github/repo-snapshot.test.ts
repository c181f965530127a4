import { createHash } from "node:crypto";
import nock from "nock";
import type { ProbotOctokit } from "probot";
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import { validRepo } from "../../test/helpers/governed-repo.ts";
import { loadRepo } from "../model/load.ts";
import { createGitHubClient, type GitHubClient } from "./client.ts";
import {
  BlobCache,
  fetchTree,
  findGovernedRoot,
  type GitHubApi,
  GitHubSnapshotError,
  GitHubTreeSource,
  RepoSnapshots,
  type TreeEntry,
} from "./repo-snapshot.ts";

const API = "https://api.github.com";
const HEAD = `abc1234${"0".repeat(33)}`;
const BASE = `def5678${"0".repeat(33)}`;
const SUBMODULE = "5".repeat(40);

type Content = string | Buffer | { symlink: string } | { submodule: string };

function blobSha(bytes: Buffer): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

function treeSha(path: string): string {
  return createHash("sha1").update(`tree ${path}`).digest("hex");
}

/** A commit's tree in GitHub's response shape (directories included), and its blobs by id. */
function makeTree(files: Record<string, Content>) {
  const blobs = new Map<string, Buffer>();
  const dirs = new Set<string>();
  const tree: Record<string, unknown>[] = [];
  for (const [path, content] of Object.entries(files)) {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
    if (typeof content === "object" && "submodule" in content) {
      tree.push({ path, mode: "160000", type: "commit", sha: content.submodule });
      continue;
    }
    const symlink = typeof content === "object" && "symlink" in content;
    const bytes = symlink ? Buffer.from(content.symlink) : Buffer.from(content);
    const sha = blobSha(bytes);
    blobs.set(sha, bytes);
    tree.push({
      path,
      mode: symlink ? "120000" : "100644",
      type: "blob",
      sha,
      size: bytes.length,
      url: `${API}/repos/acme/ai/git/blobs/${sha}`,
    });
  }
  for (const d of dirs) tree.push({ path: d, mode: "040000", type: "tree", sha: treeSha(d) });
  tree.sort((a, b) => String(a.path).localeCompare(String(b.path)));
  return { tree, blobs };
}

function entriesOf(files: Record<string, Content>): TreeEntry[] {
  return makeTree(files).tree.map((t) => ({
    path: t.path as string,
    sha: t.sha as string,
    size: (t.size as number | undefined) ?? 0,
    type: t.type as TreeEntry["type"],
    mode: t.mode as string,
  }));
}

function nockTree(sha: string, files: Record<string, Content>, scope = nock(API)) {
  const { tree, blobs } = makeTree(files);
  scope
    .get(`/repos/acme/ai/git/trees/${sha}`)
    .query({ recursive: "1" })
    .reply(200, { sha: treeSha(`root ${sha}`), url: "…", tree, truncated: false });
  return { scope, blobs };
}

interface GraphqlBody {
  query: string;
  variables: Record<string, unknown>;
}

function parseBody(body: nock.Body): GraphqlBody {
  return (typeof body === "string" ? JSON.parse(body) : body) as GraphqlBody;
}

function aliasesOf(query: string): [alias: string, oid: string][] {
  return [...query.matchAll(/(\w+): object\(oid: "([0-9a-f]{40})"\)/g)].map((m) => [m[1]!, m[2]!]);
}

/**
 * Answers a blob query like GitHub: `repository { <alias>: {text, isBinary, isTruncated, byteSize} }`.
 * `node` may override what one blob returns (binary, truncated, transcoded).
 */
function answerBlobs(
  blobs: Map<string, Buffer>,
  bodies: GraphqlBody[] = [],
  node: (oid: string, bytes: Buffer) => object | undefined = () => undefined,
) {
  return (_uri: string, raw: nock.Body): nock.ReplyFnResult => {
    const body = parseBody(raw);
    bodies.push(body);
    const repository: Record<string, unknown> = {};
    // Reverse the aliases so the test shows results are matched by alias, not by position.
    for (const [alias, oid] of aliasesOf(body.query).reverse()) {
      const bytes = blobs.get(oid);
      repository[alias] = bytes
        ? (node(oid, bytes) ?? {
            text: bytes.toString("utf8"),
            isBinary: false,
            isTruncated: false,
            byteSize: bytes.length,
          })
        : null;
    }
    return [200, { data: { repository } }];
  };
}

/** GitHub's REST blob: base64 with a newline every 60 characters. */
function restBlob(bytes: Buffer) {
  const b64 = bytes.toString("base64").replace(/.{60}/g, "$&\n");
  return { sha: blobSha(bytes), size: bytes.length, url: "…", content: b64, encoding: "base64" };
}

async function api(): Promise<GitHubApi> {
  return createGitHubClient("t", { env: {} });
}

async function source(files: Record<string, Content>, root = "", blobs = new BlobCache(), commit = HEAD) {
  return new GitHubTreeSource(await api(), {
    owner: "acme",
    repo: "ai",
    commit,
    root,
    entries: entriesOf(files),
    blobs,
  });
}

describe("repository snapshots through the GitHub API (nock, GitHub's API shapes)", () => {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("accepts the CLI's client and Probot's octokit as GitHubApi", () => {
    expectTypeOf<GitHubClient>().toExtend<GitHubApi>();
    expectTypeOf<ProbotOctokit>().toExtend<GitHubApi>();
  });

  describe("fetchTree", () => {
    it("reads a commit's whole tree in one request", async () => {
      const { scope } = nockTree(HEAD, {
        "charter.yml": "a: 1\n",
        "docs/link": { symlink: "../charter.yml" },
        vendor: { submodule: SUBMODULE },
      });
      const tree = await fetchTree(await api(), { owner: "acme", repo: "ai", sha: HEAD });
      expect(tree.sha).toBe(treeSha(`root ${HEAD}`));
      expect(tree.entries).toEqual([
        { path: "charter.yml", sha: blobSha(Buffer.from("a: 1\n")), size: 5, type: "blob", mode: "100644" },
        { path: "docs", sha: treeSha("docs"), size: 0, type: "tree", mode: "040000" },
        {
          path: "docs/link",
          sha: blobSha(Buffer.from("../charter.yml")),
          size: 14,
          type: "blob",
          mode: "120000",
        },
        { path: "vendor", sha: SUBMODULE, size: 0, type: "commit", mode: "160000" },
      ]);
      scope.done();
    });

    it("refuses a truncated tree (fail closed)", async () => {
      nock(API)
        .get(`/repos/acme/ai/git/trees/${HEAD}`)
        .query({ recursive: "1" })
        .reply(200, { sha: HEAD, tree: [], truncated: true });
      const error = await fetchTree(await api(), { owner: "acme", repo: "ai", sha: HEAD }).catch((e) => e);
      expect(error).toBeInstanceOf(GitHubSnapshotError);
      expect(error.message).toMatch(
        /file tree of acme\/ai@abc1234 has too many entries for GitHub's tree API/,
      );
      expect(error.message).toMatch(/refuses to evaluate a partial tree/);
    });

    it("says what to check when the commit or repository is not found", async () => {
      nock(API)
        .get(`/repos/acme/ai/git/trees/${HEAD}`)
        .query({ recursive: "1" })
        .reply(404, { message: "Not Found" });
      const error = await fetchTree(await api(), { owner: "acme", repo: "ai", sha: HEAD }).catch((e) => e);
      expect(error).toBeInstanceOf(GitHubSnapshotError);
      expect(error.status).toBe(404);
      expect(error.message).toMatch(
        /^GitHub API error 404 while reading the file tree of acme\/ai@abc1234: Not Found\. Check that the commit exists and that the GitHub App is installed on acme\/ai with the Contents: read permission\.$/,
      );
    });

    it("only reads full commit SHAs (a branch could move between requests)", async () => {
      await expect(fetchTree(await api(), { owner: "acme", repo: "ai", sha: "main" })).rejects.toThrow(
        /"main" is not a commit SHA/,
      );
    });
  });

  describe("findGovernedRoot", () => {
    it("prefers charter.yml at the repository root", () => {
      expect(
        findGovernedRoot(entriesOf({ "a/b/charter.yml": "x", "charter.yml": "y", "c/charter.yml": "z" })),
      ).toBe("");
    });

    it("finds a single nested charter.yml (or charter.yaml), ignoring node_modules", () => {
      expect(
        findGovernedRoot(
          entriesOf({
            "README.md": "hi",
            "ai/governance/charter.yaml": "x",
            "node_modules/pkg/charter.yml": "y",
            "web/node_modules/other/charter.yml": "z",
          }),
        ),
      ).toBe("ai/governance");
    });

    it("returns undefined for a repository without charter.yml", () => {
      expect(findGovernedRoot(entriesOf({ "README.md": "hi", "src/charter.yml.bak": "x" }))).toBeUndefined();
      expect(findGovernedRoot([])).toBeUndefined();
    });

    it("refuses several charter.yml files and none at the root", () => {
      expect(() =>
        findGovernedRoot(
          entriesOf({ "b/charter.yml": "x", "a/charter.yml": "y", "a/charter.yaml": "z" }),
          "acme/ai@abc1234",
        ),
      ).toThrow(
        new GitHubSnapshotError(
          "Found charter.yml in 2 directories of acme/ai@abc1234 and none at the root: a/charter.yaml, a/charter.yml, b/charter.yml. Keep one charter.yml per repository (or put one at the root), so Charter knows which directory is governed.",
        ),
      );
    });
  });

  describe("GitHubTreeSource", () => {
    const files: Record<string, Content> = {
      "charter.yml": "name: x\n",
      "models.yml": "models: {}\n",
      "tenants/support/tenant.yml": "name: support\n",
      "tenants/support/link.yml": { symlink: "../../charter.yml" },
      "tenants/support/vendored": { submodule: SUBMODULE },
      "node_modules/x/index.js": "nope",
    };

    it("lists files, symlinks and submodules at the repository root, sorted, without directories", async () => {
      const s = await source(files);
      expect(s.label).toBe("acme/ai@abc1234");
      expect(s.commit).toBe(HEAD);
      expect(await s.list()).toEqual([
        { path: "charter.yml", size: 8, kind: "file" },
        { path: "models.yml", size: 11, kind: "file" },
        { path: "tenants/support/link.yml", size: 0, kind: "symlink" },
        { path: "tenants/support/tenant.yml", size: 14, kind: "file" },
        { path: "tenants/support/vendored", size: 0, kind: "submodule" },
      ]);
    });

    it("lists a sub-directory root with paths relative to it", async () => {
      const s = await source(
        {
          "README.md": "x",
          "ai/gov/charter.yml": "name: x\n",
          "ai/gov/tools/crm.yml": "tools: {}\n",
          "ai/governance/other.yml": "not under the root",
          "ai/gov/node_modules/y.js": "skipped",
        },
        "ai/gov/",
      );
      expect(s.label).toBe("acme/ai@abc1234:ai/gov");
      expect(await s.list()).toEqual([
        { path: "charter.yml", size: 8, kind: "file" },
        { path: "tools/crm.yml", size: 10, kind: "file" },
      ]);
    });

    it("reads text blobs with one GraphQL query, by alias, once per distinct blob, then from the cache", async () => {
      const same = "shared: true\n";
      const tree = { ...files, "a.yml": same, "b/a.yml": same };
      const { blobs } = makeTree(tree);
      const bodies: GraphqlBody[] = [];
      const scope = nock(API).post("/graphql").reply(answerBlobs(blobs, bodies));
      const s = await source(tree);
      const read = await s.readMany([
        "charter.yml",
        "tenants/support/tenant.yml",
        "a.yml",
        "b/a.yml",
        "tenants/support/link.yml",
        "tenants/support/vendored",
        "missing.yml",
      ]);
      scope.done();
      expect(Object.fromEntries([...read].map(([p, b]) => [p, b.toString("utf8")]))).toEqual({
        "charter.yml": "name: x\n",
        "tenants/support/tenant.yml": "name: support\n",
        "a.yml": same,
        "b/a.yml": same,
      });
      expect(bodies).toHaveLength(1);
      expect(bodies[0]!.variables).toEqual({ owner: "acme", name: "ai" });
      expect(bodies[0]!.query).toMatch(/^query CharterBlobs\(\$owner: String!, \$name: String!\)/);
      expect(bodies[0]!.query).toContain("repository(owner: $owner, name: $name)");
      expect(bodies[0]!.query).not.toContain('"acme"');
      const asked = aliasesOf(bodies[0]!.query);
      expect(asked.map(([alias]) => alias)).toEqual(["b0", "b1", "b2"]);
      expect(new Set(asked.map(([, oid]) => oid))).toEqual(
        new Set([same, "name: x\n", "name: support\n"].map((c) => blobSha(Buffer.from(c)))),
      );

      // Cached: no request (nock refuses any).
      const again = await s.readMany(["charter.yml", "b/a.yml"]);
      expect(again.get("charter.yml")?.toString()).toBe("name: x\n");
      expect(again.get("b/a.yml")?.toString()).toBe(same);
    });

    it("batches 250 blobs into 3 GraphQL queries of at most 100", async () => {
      const tree: Record<string, Content> = {};
      for (let i = 0; i < 250; i++) tree[`f/${i}.yml`] = `i: ${i}\n`;
      const { blobs } = makeTree(tree);
      const bodies: GraphqlBody[] = [];
      const scope = nock(API).post("/graphql").times(3).reply(answerBlobs(blobs, bodies));
      const s = await source(tree);
      const read = await s.readMany(Object.keys(tree));
      scope.done();
      expect(bodies.map((b) => aliasesOf(b.query).length)).toEqual([100, 100, 50]);
      expect(read.size).toBe(250);
      expect(read.get("f/0.yml")?.toString()).toBe("i: 0\n");
      expect(read.get("f/249.yml")?.toString()).toBe("i: 249\n");
    });

    it("reads binary, truncated and transcoded blobs with REST, and large ones with REST only", async () => {
      const binary = Buffer.from([0, 1, 2, 255, 254, 0, 10]);
      const truncated = `big: ${"x".repeat(300)}\n`;
      const latin1 = Buffer.from("name: caf\xe9\n", "latin1"); // not UTF-8: GraphQL would transcode it
      const large = `large: ${"y".repeat(600_000)}\n`; // beyond GraphQL's 512,000-byte text limit
      const tree = {
        "kb/logo.bin": binary,
        "kb/big.yml": truncated,
        "kb/latin1.yml": latin1,
        "kb/large.yml": large,
        "ok.yml": "ok: 1\n",
      };
      const { blobs } = makeTree(tree);
      const bodies: GraphqlBody[] = [];
      const shaOf = (c: string | Buffer) => blobSha(Buffer.from(c));
      const scope = nock(API)
        .post("/graphql")
        .reply(
          answerBlobs(blobs, bodies, (oid, bytes) => {
            if (oid === shaOf(binary))
              return { text: null, isBinary: true, isTruncated: false, byteSize: bytes.length };
            if (oid === shaOf(truncated))
              return {
                text: truncated.slice(0, 100),
                isBinary: false,
                isTruncated: true,
                byteSize: bytes.length,
              };
            if (oid === shaOf(latin1))
              return { text: "name: café\n", isBinary: false, isTruncated: false, byteSize: bytes.length };
            return undefined;
          }),
        );
      for (const c of [large, binary, truncated, latin1]) {
        scope.get(`/repos/acme/ai/git/blobs/${shaOf(c)}`).reply(200, restBlob(Buffer.from(c)));
      }
      const s = await source(tree);
      const read = await s.readMany(Object.keys(tree));
      scope.done();
      expect(aliasesOf(bodies[0]!.query).map(([, oid]) => oid)).not.toContain(shaOf(large));
      expect(read.get("kb/logo.bin")).toEqual(binary);
      expect(read.get("kb/big.yml")?.toString()).toBe(truncated);
      expect(read.get("kb/latin1.yml")).toEqual(latin1);
      expect(read.get("kb/large.yml")?.length).toBe(large.length);
      expect(read.get("ok.yml")?.toString()).toBe("ok: 1\n");
    });

    it("refuses a REST blob whose size does not match the tree", async () => {
      const binary = Buffer.from([0, 1, 2, 3]);
      const tree = { "kb/logo.bin": binary };
      const { blobs } = makeTree(tree);
      const sha = blobSha(binary);
      nock(API)
        .post("/graphql")
        .reply(
          answerBlobs(blobs, [], () => ({ text: null, isBinary: true, isTruncated: false, byteSize: 4 })),
        )
        .get(`/repos/acme/ai/git/blobs/${sha}`)
        .reply(200, { ...restBlob(binary), content: Buffer.from([0, 1]).toString("base64") });
      const s = await source(tree);
      await expect(s.readMany(["kb/logo.bin"])).rejects.toThrow(
        "GitHub returned 2 bytes for kb/logo.bin of acme/ai@abc1234, but its tree says 4. Charter refuses to evaluate a partial file; retry later.",
      );
    });

    it("shares one fetch between concurrent reads of the same blob (base and head share the cache)", async () => {
      const shared = new BlobCache();
      const tree = { "charter.yml": "name: x\n", "models.yml": "m: 1\n" };
      const { blobs } = makeTree(tree);
      const bodies: GraphqlBody[] = [];
      const scope = nock(API).post("/graphql").delay(20).reply(answerBlobs(blobs, bodies));
      const head = await source(tree, "", shared, HEAD);
      const base = await source({ "charter.yml": "name: x\n" }, "", shared, BASE);
      const [h1, h2, b] = await Promise.all([
        head.readMany(["charter.yml", "models.yml"]),
        head.readMany(["models.yml"]),
        base.readMany(["charter.yml"]),
      ]);
      scope.done();
      expect(bodies).toHaveLength(1);
      expect(h1.get("charter.yml")).toBe(b.get("charter.yml"));
      expect(h2.get("models.yml")?.toString()).toBe("m: 1\n");
      expect(shared.size).toBe(2);
    });

    it("reports an HTTP error as a GitHubSnapshotError with its status, and retries on the next read", async () => {
      const tree = { "charter.yml": "name: x\n" };
      const { blobs } = makeTree(tree);
      nock(API).post("/graphql").reply(502, { message: "Server Error" });
      const s = await source(tree);
      const error = await s.readMany(["charter.yml"]).catch((e) => e);
      expect(error).toBeInstanceOf(GitHubSnapshotError);
      expect(error.status).toBe(502);
      expect(error.message).toBe(
        "GitHub API error 502 while reading blobs of acme/ai@abc1234: Server Error. GitHub had a server error; retry later.",
      );
      expect(error.cause).toBeDefined();

      const scope = nock(API).post("/graphql").reply(answerBlobs(blobs));
      expect((await s.readMany(["charter.yml"])).get("charter.yml")?.toString()).toBe("name: x\n");
      scope.done();
    });

    it("reports GraphQL errors in a 200 response", async () => {
      nock(API)
        .post("/graphql")
        .reply(200, {
          data: null,
          errors: [
            {
              type: "NOT_FOUND",
              path: ["repository"],
              message: "Could not resolve to a Repository with the name 'acme/ai'.",
            },
          ],
        });
      const s = await source({ "charter.yml": "name: x\n" });
      const error = await s.readMany(["charter.yml"]).catch((e) => e);
      expect(error).toBeInstanceOf(GitHubSnapshotError);
      expect(error.status).toBeUndefined();
      expect(error.message).toBe(
        "GitHub GraphQL error while reading blobs of acme/ai@abc1234: NOT_FOUND: Could not resolve to a Repository with the name 'acme/ai'. Check that the commit exists and that the GitHub App is installed on acme/ai with the Contents: read permission.",
      );
    });

    it("never puts a malformed blob id into a query", async () => {
      const s = new GitHubTreeSource(await api(), {
        owner: "acme",
        repo: "ai",
        commit: HEAD,
        root: "",
        entries: [{ path: "charter.yml", sha: '") { x }', size: 3, type: "blob", mode: "100644" }],
        blobs: new BlobCache(),
      });
      await expect(s.readMany(["charter.yml"])).rejects.toThrow(/is not a 40-character hex SHA/);
    });
  });

  describe("BlobCache", () => {
    it("drops the least recently used blobs beyond its byte budget", () => {
      const cache = new BlobCache({ maxBytes: 10 });
      cache.set("a".repeat(40), Buffer.alloc(4));
      cache.set("b".repeat(40), Buffer.alloc(4));
      cache.get("a".repeat(40)); // a is now the most recently used
      cache.set("c".repeat(40), Buffer.alloc(4));
      expect([cache.has("a".repeat(40)), cache.has("b".repeat(40)), cache.has("c".repeat(40))]).toEqual([
        true,
        false,
        true,
      ]);
      expect(cache.bytes).toBe(8);
      cache.set("d".repeat(40), Buffer.alloc(11)); // larger than the whole budget: not kept
      expect(cache.has("d".repeat(40))).toBe(false);
      expect(cache.bytes).toBe(8);
    });
  });

  describe("RepoSnapshots", () => {
    it("fetches a commit's tree once for several sources and for paths()", async () => {
      const tree = { "ai/charter.yml": "name: x\n", "ai/models.yml": "m: 1\n", "README.md": "hi" };
      const { scope } = nockTree(HEAD, tree);
      const snapshots = new RepoSnapshots();
      const client = await api();
      const [a, b] = await Promise.all([
        snapshots.source(client, { owner: "acme", repo: "ai", sha: HEAD }),
        snapshots.source(client, { owner: "acme", repo: "ai", sha: HEAD }),
      ]);
      const c = await snapshots.source(client, { owner: "acme", repo: "ai", sha: HEAD, root: "" });
      const paths = await snapshots.paths(client, { owner: "acme", repo: "ai", sha: HEAD });
      scope.done();
      expect(a.root).toBe("ai");
      expect(b.root).toBe("ai");
      expect(await a.source?.list()).toEqual([
        { path: "charter.yml", size: 8, kind: "file" },
        { path: "models.yml", size: 5, kind: "file" },
      ]);
      expect(c.root).toBe("");
      expect((await c.source?.list())?.map((e) => e.path)).toEqual([
        "README.md",
        "ai/charter.yml",
        "ai/models.yml",
      ]);
      expect(paths).toEqual(
        new Map([
          ["README.md", blobSha(Buffer.from("hi"))],
          ["ai/charter.yml", blobSha(Buffer.from("name: x\n"))],
          ["ai/models.yml", blobSha(Buffer.from("m: 1\n"))],
        ]),
      );
    });

    it("compares two commits by blob id, and reports an ungoverned repository", async () => {
      const { scope } = nockTree(BASE, { "README.md": "hi", "a.yml": "a: 1\n", "gone.yml": "x" });
      nockTree(HEAD, { "README.md": "hi", "a.yml": "a: 2\n", "new.yml": "y" }, scope);
      const snapshots = new RepoSnapshots();
      const client = await api();
      const base = await snapshots.paths(client, { owner: "acme", repo: "ai", sha: BASE });
      const head = await snapshots.paths(client, { owner: "acme", repo: "ai", sha: HEAD });
      const changed = [...new Set([...base.keys(), ...head.keys()])].filter(
        (p) => base.get(p) !== head.get(p),
      );
      expect(changed.sort()).toEqual(["a.yml", "gone.yml", "new.yml"]);
      expect(await snapshots.source(client, { owner: "acme", repo: "ai", sha: HEAD })).toEqual({
        root: undefined,
        source: undefined,
      });
      scope.done();
    });

    it("forgets a failed tree fetch and the least recently used trees beyond maxTrees", async () => {
      const snapshots = new RepoSnapshots({ maxTrees: 1 });
      const client = await api();
      nock(API)
        .get(`/repos/acme/ai/git/trees/${HEAD}`)
        .query({ recursive: "1" })
        .reply(502, { message: "Server Error" });
      await expect(snapshots.paths(client, { owner: "acme", repo: "ai", sha: HEAD })).rejects.toMatchObject({
        status: 502,
      });
      const { scope } = nockTree(HEAD, { "a.yml": "a" });
      nockTree(BASE, { "b.yml": "b" }, scope);
      nockTree(HEAD, { "a.yml": "a" }, scope);
      await snapshots.paths(client, { owner: "acme", repo: "ai", sha: HEAD });
      await snapshots.paths(client, { owner: "acme", repo: "ai", sha: BASE }); // evicts HEAD
      expect(await snapshots.paths(client, { owner: "acme", repo: "ai", sha: HEAD })).toEqual(
        new Map([["a.yml", blobSha(Buffer.from("a"))]]),
      );
      scope.done();
    });

    it("serves a governed repository that loadRepo loads without errors", async () => {
      const governed: Record<string, Content> = { "package.json": "{}" };
      for (const [path, content] of Object.entries(validRepo())) {
        if (typeof content === "string") governed[`governance/${path}`] = content;
      }
      const { scope, blobs } = nockTree(HEAD, governed);
      scope.post("/graphql").reply(answerBlobs(blobs));
      const snapshots = new RepoSnapshots();
      const { root, source: snapshot } = await snapshots.source(await api(), {
        owner: "acme",
        repo: "ai",
        sha: HEAD,
      });
      expect(root).toBe("governance");
      const { repo, diagnostics } = await loadRepo(snapshot!);
      scope.done();
      expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(repo.charter).toBeDefined();
      expect([...repo.tenants.keys()]).toEqual(["support"]);
      expect(repo.source.label).toBe("acme/ai@abc1234:governance");
    });
  });
});
