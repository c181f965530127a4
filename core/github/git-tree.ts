/**
 * A commit's whole file tree from GitHub in one request (`git/trees/{sha}?recursive=1`), and the
 * governed root inside it: the directory that holds charter.yml. A tree GitHub returns only in part
 * is refused, never evaluated (fail closed).
 */
import type { GitHubApi } from "./github-api.ts";
import { GitHubSnapshotError, snapshotError } from "./snapshot-error.ts";

export interface TreeEntry {
  /** Path from the repository root, `/`-separated. */
  path: string;
  /** Object id: the blob's for files and symlinks, the tree's for directories, the commit's for submodules. */
  sha: string;
  /** Size in bytes of a blob; 0 for trees and submodules. */
  size: number;
  type: "blob" | "tree" | "commit";
  /** Git file mode: 100644, 100755, 120000 (symlink), 040000 (tree), 160000 (submodule). */
  mode: string;
}

export interface GitTree {
  /** The root tree's id (GitHub answers a commit SHA with the commit's tree, not the commit itself). */
  sha: string;
  entries: TreeEntry[];
}

export interface CommitRef {
  owner: string;
  repo: string;
  /** The full 40-character commit SHA. */
  sha: string;
}

const OBJECT_ID = /^[0-9a-f]{40}$/i;

/** A full 40-character hex git object id (SHA-1). */
export function isObjectId(value: string): boolean {
  return OBJECT_ID.test(value);
}

/** `owner/repo@abc1234`, as shown in messages. */
export function commitLabel(owner: string, repo: string, sha: string): string {
  return `${owner}/${repo}@${sha.slice(0, 7)}`;
}

/** Directories that are never part of governed content (as for directory and git sources). */
const SKIPPED_DIRS = new Set([".git", "node_modules", ".charter"]);

/** True when a path lies in a directory Charter never reads (node_modules, .git, .charter). */
export function isSkippedPath(path: string): boolean {
  return path.split("/").some((segment) => SKIPPED_DIRS.has(segment));
}

const TYPES = new Set<string>(["blob", "tree", "commit"]);

/** Reads the whole tree of a commit with one request. Throws GitHubSnapshotError if GitHub truncated it. */
export async function fetchTree(api: GitHubApi, { owner, repo, sha }: CommitRef): Promise<GitTree> {
  const where = commitLabel(owner, repo, sha);
  if (!isObjectId(sha)) {
    throw new GitHubSnapshotError(
      `"${sha}" is not a commit SHA. Pass the full 40-character SHA of the commit to read: a branch or tag can move between requests.`,
    );
  }
  let data: {
    sha: string;
    truncated: boolean;
    tree: { path?: string; mode?: string; type?: string; sha?: string; size?: number }[];
  };
  try {
    ({ data } = await api.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", {
      owner,
      repo,
      tree_sha: sha,
      recursive: "1",
    }));
  } catch (error) {
    throw snapshotError(error, `reading the file tree of ${where}`, `${owner}/${repo}`);
  }
  if (data.truncated) {
    throw new GitHubSnapshotError(
      `The file tree of ${where} has too many entries for GitHub's tree API (at most 100,000 entries or 7 MB), so GitHub returned only part of it. Charter refuses to evaluate a partial tree and fails closed: move large unrelated content (vendored code, data sets) out of the repository.`,
    );
  }
  const entries: TreeEntry[] = [];
  for (const item of data.tree) {
    const { path, mode, type, sha: oid } = item;
    if (!path || !mode || !type || !oid || !TYPES.has(type)) {
      throw new GitHubSnapshotError(
        `GitHub returned an unexpected entry in the file tree of ${where}: ${JSON.stringify(item)}. Retry later; if it persists, report it to Charter.`,
      );
    }
    entries.push({
      path,
      sha: oid,
      size: type === "blob" ? (item.size ?? 0) : 0,
      type: type as TreeEntry["type"],
      mode,
    });
  }
  return { sha: data.sha, entries };
}

const CHARTER_FILES = new Set(["charter.yml", "charter.yaml"]);

/**
 * The governed root: the directory holding charter.yml (or charter.yaml), `""` for the repository
 * root, `"dir/sub"` otherwise. A root-level charter.yml wins; otherwise there must be exactly one.
 * `undefined` when there is none (the repository is not governed). `where` names the repository in
 * the error raised when several are found.
 */
export function findGovernedRoot(
  entries: readonly TreeEntry[],
  where = "the repository",
): string | undefined {
  const dirs = new Set<string>();
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.type !== "blob" || isSkippedPath(entry.path)) continue;
    const slash = entry.path.lastIndexOf("/");
    if (!CHARTER_FILES.has(entry.path.slice(slash + 1))) continue;
    if (slash === -1) return "";
    dirs.add(entry.path.slice(0, slash));
    files.push(entry.path);
  }
  if (dirs.size <= 1) return [...dirs][0];
  throw new GitHubSnapshotError(
    `Found charter.yml in ${dirs.size} directories of ${where} and none at the root: ${files.sort().join(", ")}. Keep one charter.yml per repository (or put one at the root), so Charter knows which directory is governed.`,
  );
}
