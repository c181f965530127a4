/**
 * A governed repository at one commit, read through the GitHub API instead of a checkout (for the
 * GitHub App). The file list comes from the commit's tree; file contents are fetched on demand,
 * up to 100 blobs per GraphQL query, and kept in a BlobCache shared with other snapshots. Binary,
 * truncated or large blobs are read with the REST blobs endpoint. Every blob is checked against its
 * id (git's SHA-1 of its bytes), so a lossy or partial answer is never evaluated.
 */
import { createHash } from "node:crypto";
import type { FileSource, SourceEntry } from "../source/file-source.ts";
import type { BlobCache } from "./blob-cache.ts";
import { commitLabel, isObjectId, isSkippedPath, type TreeEntry } from "./git-tree.ts";
import type { GitHubApi } from "./github-api.ts";
import { GitHubSnapshotError, snapshotError } from "./snapshot-error.ts";

export interface GitHubTreeSourceOptions {
  owner: string;
  repo: string;
  /** The commit SHA the tree belongs to. */
  commit: string;
  /** The governed root inside the repository: `""` or `"dir/sub"`. */
  root: string;
  /** The commit's whole tree (from `fetchTree`). */
  entries: readonly TreeEntry[];
  blobs: BlobCache;
  /** Most blobs per GraphQL query (default 100). */
  blobsPerQuery?: number;
}

/** GitHub truncates GraphQL `Blob.text` at 512,000 bytes; larger blobs go straight to REST. */
const GRAPHQL_TEXT_LIMIT = 512_000;
/** Bytes of blob text asked for in one GraphQL query, so one response stays reasonably small. */
const QUERY_BYTES = 8 * 1024 * 1024;

interface BlobNode {
  text?: string | null;
  isBinary?: boolean | null;
  isTruncated?: boolean;
  byteSize?: number;
}

/** Git's object id of a blob: SHA-1 of `blob <size>\0<bytes>`. */
export function gitBlobSha(bytes: Uint8Array): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

export class GitHubTreeSource implements FileSource {
  readonly label: string;
  readonly commit: string;
  readonly root: string;
  private readonly api: GitHubApi;
  private readonly owner: string;
  private readonly repo: string;
  private readonly where: string;
  private readonly blobs: BlobCache;
  private readonly blobsPerQuery: number;
  private readonly entries: SourceEntry[] = [];
  /** Regular files: relative path -> blob id. */
  private readonly files = new Map<string, string>();
  /** Blob id -> size and one path holding it (for messages). */
  private readonly blobInfo = new Map<string, { size: number; path: string }>();

  constructor(api: GitHubApi, options: GitHubTreeSourceOptions) {
    this.api = api;
    this.owner = options.owner;
    this.repo = options.repo;
    this.commit = options.commit;
    this.root = options.root.replace(/^\/+|\/+$/g, "");
    this.blobs = options.blobs;
    this.blobsPerQuery = Math.max(1, Math.floor(options.blobsPerQuery ?? 100));
    this.where = commitLabel(this.owner, this.repo, this.commit);
    this.label = this.root ? `${this.where}:${this.root}` : this.where;
    const prefix = this.root ? `${this.root}/` : "";
    for (const entry of options.entries) {
      if (entry.type === "tree" || !entry.path.startsWith(prefix)) continue;
      const path = entry.path.slice(prefix.length);
      if (isSkippedPath(path)) continue;
      if (entry.type === "commit") {
        this.entries.push({ path, size: 0, kind: "submodule" });
      } else if (entry.mode === "120000") {
        this.entries.push({ path, size: 0, kind: "symlink" });
      } else {
        const sha = entry.sha.toLowerCase();
        this.entries.push({ path, size: entry.size, kind: "file" });
        this.files.set(path, sha);
        if (!this.blobInfo.has(sha)) this.blobInfo.set(sha, { size: entry.size, path: entry.path });
      }
    }
    this.entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async list(): Promise<SourceEntry[]> {
    return this.entries.map((e) => ({ ...e }));
  }

  async readMany(paths: readonly string[]): Promise<Map<string, Buffer>> {
    const wanted = new Map<string, string>();
    for (const path of paths) {
      const sha = this.files.get(path);
      if (sha) wanted.set(path, sha);
    }
    const result = new Map<string, Buffer>();
    if (wanted.size === 0) return result;
    const bySha = await this.blobs.load([...wanted.values()], (missing) => this.fetchBlobs(missing));
    for (const [path, sha] of wanted) result.set(path, bySha.get(sha)!);
    return result;
  }

  private info(sha: string): { size: number; path: string } {
    return this.blobInfo.get(sha) ?? { size: 0, path: sha };
  }

  /** Text blobs through GraphQL in batches; whatever GraphQL cannot give exactly, through REST. */
  private async fetchBlobs(shas: string[]): Promise<Map<string, Buffer>> {
    for (const sha of shas) {
      if (!isObjectId(sha)) {
        throw new GitHubSnapshotError(
          `GitHub's tree for ${this.where} lists "${sha}" as the blob of ${this.info(sha).path}, which is not a 40-character hex SHA; Charter will not use it in a query. Retry later; if it persists, report it to Charter.`,
        );
      }
    }
    const out = new Map<string, Buffer>();
    const viaRest: string[] = [];
    const viaGraphql: string[] = [];
    for (const sha of shas) (this.info(sha).size > GRAPHQL_TEXT_LIMIT ? viaRest : viaGraphql).push(sha);
    for (const batch of this.batches(viaGraphql)) {
      const texts = await this.queryTexts(batch);
      for (const sha of batch) {
        const bytes = texts.get(sha);
        if (bytes) out.set(sha, bytes);
        else viaRest.push(sha);
      }
    }
    for (const sha of viaRest) out.set(sha, await this.fetchRestBlob(sha));
    return out;
  }

  private batches(shas: string[]): string[][] {
    const batches: string[][] = [];
    let current: string[] = [];
    let bytes = 0;
    for (const sha of shas) {
      const size = this.info(sha).size;
      if (current.length > 0 && (current.length >= this.blobsPerQuery || bytes + size > QUERY_BYTES)) {
        batches.push(current);
        current = [];
        bytes = 0;
      }
      current.push(sha);
      bytes += size;
    }
    if (current.length > 0) batches.push(current);
    return batches;
  }

  /** One GraphQL query for a batch; returns the blobs whose text is complete and matches the id. */
  private async queryTexts(batch: string[]): Promise<Map<string, Buffer>> {
    // Ids are validated as 40-hex before they reach the query; owner and name are variables.
    const fields = batch
      .map(
        (sha, i) => `    b${i}: object(oid: "${sha}") { ... on Blob { text isBinary isTruncated byteSize } }`,
      )
      .join("\n");
    const query = `query CharterBlobs($owner: String!, $name: String!) {\n  repository(owner: $owner, name: $name) {\n${fields}\n  }\n}`;
    let data: { repository: Record<string, BlobNode | null> | null };
    try {
      data = await this.api.graphql<typeof data>(query, { owner: this.owner, name: this.repo });
    } catch (error) {
      throw snapshotError(error, `reading blobs of ${this.where}`, `${this.owner}/${this.repo}`);
    }
    if (!data?.repository) {
      throw new GitHubSnapshotError(
        `GitHub's GraphQL API did not find ${this.owner}/${this.repo} while reading blobs of ${this.where}. Check that the GitHub App is installed on it with the Contents: read permission.`,
      );
    }
    const out = new Map<string, Buffer>();
    batch.forEach((sha, i) => {
      const node = data.repository?.[`b${i}`];
      if (!node || typeof node.text !== "string" || node.isBinary || node.isTruncated) return;
      const bytes = Buffer.from(node.text, "utf8");
      // A non-UTF-8 text file comes back transcoded: its bytes differ, so REST reads it instead.
      if (bytes.length === this.info(sha).size && gitBlobSha(bytes) === sha) out.set(sha, bytes);
    });
    return out;
  }

  private async fetchRestBlob(sha: string): Promise<Buffer> {
    const { size, path } = this.info(sha);
    let data: { content: string; encoding: string };
    try {
      ({ data } = await this.api.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", {
        owner: this.owner,
        repo: this.repo,
        file_sha: sha,
      }));
    } catch (error) {
      throw snapshotError(error, `reading ${path} of ${this.where}`, `${this.owner}/${this.repo}`);
    }
    let bytes: Buffer;
    if (data.encoding === "base64") bytes = Buffer.from(data.content, "base64");
    else if (data.encoding === "utf-8" || data.encoding === "utf8") bytes = Buffer.from(data.content, "utf8");
    else {
      throw new GitHubSnapshotError(
        `GitHub returned ${path} of ${this.where} in an unexpected encoding "${data.encoding}". Retry later; if it persists, report it to Charter.`,
      );
    }
    if (bytes.length !== size) {
      throw new GitHubSnapshotError(
        `GitHub returned ${bytes.length} bytes for ${path} of ${this.where}, but its tree says ${size}. Charter refuses to evaluate a partial file; retry later.`,
      );
    }
    if (gitBlobSha(bytes) !== sha) {
      throw new GitHubSnapshotError(
        `GitHub returned content for ${path} of ${this.where} that does not match its blob id ${sha}. Charter refuses to evaluate it; retry later.`,
      );
    }
    return bytes;
  }
}
