/**
 * Governed repositories at given commits, read through the GitHub API (the App has no checkout).
 * Trees are fetched once per `owner/repo@sha` (the last `maxTrees` commits are kept, concurrent
 * requests share one fetch) and one BlobCache serves every snapshot, so a pull request's base and
 * head read each file they share once.
 */
import { MemoLru } from "../async/memo-lru.ts";
import { BlobCache } from "./blob-cache.ts";
import { type CommitRef, commitLabel, fetchTree, findGovernedRoot, type GitTree } from "./git-tree.ts";
import type { GitHubApi } from "./github-api.ts";
import { GitHubTreeSource } from "./github-tree-source.ts";

// The public API of the snapshot reader, from one module.
export { BlobCache, type BlobCacheOptions } from "./blob-cache.ts";
export {
  type CommitRef,
  fetchTree,
  findGovernedRoot,
  type GitTree,
  type TreeEntry,
} from "./git-tree.ts";
export type { GitHubApi } from "./github-api.ts";
export { GitHubTreeSource, type GitHubTreeSourceOptions } from "./github-tree-source.ts";
export { GitHubSnapshotError } from "./snapshot-error.ts";

export interface RepoSnapshotsOptions {
  /** Commit trees kept (default 256). */
  maxTrees?: number;
  /** Bytes of blob content kept (default 64 MiB). */
  maxBlobBytes?: number;
  /** Most blobs per GraphQL query (default 100). */
  blobsPerQuery?: number;
}

export interface SnapshotRequest extends CommitRef {
  /** The governed root (`""` or `"dir/sub"`); found from charter.yml when omitted. */
  root?: string;
}

export interface Snapshot {
  /** The governed root, or undefined when the repository has no charter.yml (not governed). */
  root: string | undefined;
  source: GitHubTreeSource | undefined;
}

export class RepoSnapshots {
  readonly blobs: BlobCache;
  private readonly blobsPerQuery: number | undefined;
  /** Trees by `owner/repo@sha`; a failed fetch is forgotten, so the next request retries it. */
  private readonly trees: MemoLru<string, GitTree>;

  constructor(options: RepoSnapshotsOptions = {}) {
    this.trees = new MemoLru(Math.max(1, Math.floor(options.maxTrees ?? 256)));
    this.blobs = new BlobCache({ maxBytes: options.maxBlobBytes });
    this.blobsPerQuery = options.blobsPerQuery;
  }

  /** The commit's tree, fetched once while it stays among the `maxTrees` most recently used. */
  tree(api: GitHubApi, ref: CommitRef): Promise<GitTree> {
    const key = `${ref.owner}/${ref.repo}@${ref.sha}`.toLowerCase();
    return this.trees.get(key, () => fetchTree(api, ref));
  }

  /** A FileSource for the governed root at the commit; `source` is undefined when there is none. */
  async source(api: GitHubApi, request: SnapshotRequest): Promise<Snapshot> {
    const { owner, repo, sha } = request;
    const tree = await this.tree(api, { owner, repo, sha });
    const root =
      request.root === undefined
        ? findGovernedRoot(tree.entries, commitLabel(owner, repo, sha))
        : request.root.replace(/^\/+|\/+$/g, "").replace(/^\.$/, "");
    if (root === undefined) return { root, source: undefined };
    const source = new GitHubTreeSource(api, {
      owner,
      repo,
      commit: sha,
      root,
      entries: tree.entries,
      blobs: this.blobs,
      blobsPerQuery: this.blobsPerQuery,
    });
    return { root, source };
  }

  /**
   * Every non-directory path of the commit (from the repository root) with its object id: the blob
   * for files and symlinks, the commit for submodules. Two commits differ exactly at the paths
   * whose ids differ, with no file content read.
   */
  async paths(api: GitHubApi, ref: CommitRef): Promise<Map<string, string>> {
    const tree = await this.tree(api, ref);
    return new Map(tree.entries.filter((e) => e.type !== "tree").map((e) => [e.path, e.sha]));
  }
}
