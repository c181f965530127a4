/**
 * Opens a draft pull request for a drafted workflow: the files are committed on a new branch with
 * git plumbing (a tree built from HEAD's, `commit-tree`, `update-ref`), so the user's checkout,
 * index and current branch are left alone; the branch is pushed and a *draft* pull request is
 * opened and labelled `ai-drafted`. The commit carries a `Charter-Drafted-By:` trailer, so the
 * approvals engine recognises the change even if the label is removed.
 */
import { AI_DRAFTED_LABEL } from "../approvals/ai-drafted.ts";
import { UserError } from "../errors.ts";
import { git, runGit } from "../git/run-git.ts";
import type { GitHubClient } from "../github/client.ts";
import type { DraftFile } from "./candidate.ts";

export interface GitContext {
  /** The work tree's top level, and the governed root's path inside it (`""` or `dir/`). */
  top: string;
  prefix: string;
  head: string;
  remote: string;
}

/** Checks, before any model is asked, that a pull request could be opened from `dir`. */
export async function gitContext(dir: string, remote = "origin"): Promise<GitContext> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(remote))
    throw new UserError(`--remote must be the name of a git remote such as origin; got "${remote}".`);
  const top = await runGit(dir, ["rev-parse", "--show-toplevel"]);
  if (top.code !== 0)
    throw new UserError(
      `--pr needs ${dir} to be inside a git work tree (git rev-parse failed: ${top.stderr.trim()}).`,
    );
  const head = await runGit(dir, ["rev-parse", "--verify", "HEAD^{commit}"]);
  if (head.code !== 0)
    throw new UserError("--pr needs a commit to branch from; this repository has none yet.");
  const ident = await runGit(dir, ["var", "GIT_COMMITTER_IDENT"]);
  if (ident.code !== 0)
    throw new UserError(
      `--pr commits as you: set git's user.name and user.email (${ident.stderr.trim().split("\n").at(-1) ?? "git var failed"}).`,
    );
  const url = await runGit(dir, ["remote", "get-url", remote]);
  if (url.code !== 0)
    throw new UserError(`--pr pushes the branch to the "${remote}" remote, which is not configured.`);
  return {
    top: top.stdout.toString("utf8").trim(),
    prefix: (await git(dir, ["rev-parse", "--show-prefix"])).toString("utf8").trim(),
    head: head.stdout.toString("utf8").trim(),
    remote,
  };
}

interface TreeEntry {
  mode: string;
  type: string;
  sha: string;
  name: string;
}

async function lsTree(cwd: string, tree: string | undefined): Promise<TreeEntry[]> {
  if (!tree) return [];
  return (await git(cwd, ["ls-tree", "-z", tree]))
    .toString("utf8")
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf("\t");
      const [mode, type, sha] = line.slice(0, tab).split(" ") as [string, string, string];
      return { mode, type, sha, name: line.slice(tab + 1) };
    });
}

/** `tree` with `blobs` (path → blob id, `/`-separated, relative to it) added or replaced. */
async function withBlobs(cwd: string, tree: string | undefined, blobs: Map<string, string>): Promise<string> {
  const entries = new Map((await lsTree(cwd, tree)).map((e) => [e.name, e]));
  const subdirs = new Map<string, Map<string, string>>();
  for (const [path, blob] of blobs) {
    const slash = path.indexOf("/");
    if (slash < 0) {
      entries.set(path, { mode: "100644", type: "blob", sha: blob, name: path });
      continue;
    }
    const dir = path.slice(0, slash);
    if (!subdirs.has(dir)) subdirs.set(dir, new Map());
    subdirs.get(dir)!.set(path.slice(slash + 1), blob);
  }
  for (const [dir, inner] of subdirs) {
    const existing = entries.get(dir);
    if (existing && existing.type !== "tree")
      throw new UserError(`Cannot commit the draft: ${dir} is a file in HEAD, not a directory.`);
    const sha = await withBlobs(cwd, existing?.sha, inner);
    entries.set(dir, { mode: "040000", type: "tree", sha, name: dir });
  }
  const input = [...entries.values()].map((e) => `${e.mode} ${e.type} ${e.sha}\t${e.name}\0`).join("");
  return (await git(cwd, ["mktree", "-z"], input)).toString("utf8").trim();
}

export interface DraftCommit {
  branch: string;
  commit: string;
}

const BRANCH = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

/** Commits `files` on a new branch off HEAD (nothing else changes) and pushes it. */
export async function commitAndPush(
  ctx: GitContext,
  branch: string,
  files: readonly DraftFile[],
  message: string,
): Promise<DraftCommit> {
  if (!BRANCH.test(branch) || branch.includes("..") || branch.endsWith(".lock") || branch.endsWith("/"))
    throw new UserError(`"${branch}" is not a usable branch name.`);
  const blobs = new Map<string, string>();
  for (const f of files) {
    const blob = (await git(ctx.top, ["hash-object", "-w", "--stdin"], f.text)).toString("utf8").trim();
    blobs.set(`${ctx.prefix}${f.path}`, blob);
  }
  const baseTree = (await git(ctx.top, ["rev-parse", `${ctx.head}^{tree}`])).toString("utf8").trim();
  const tree = await withBlobs(ctx.top, baseTree, blobs);
  const commit = (await git(ctx.top, ["commit-tree", tree, "-p", ctx.head, "-F", "-"], message))
    .toString("utf8")
    .trim();
  // The empty old value makes update-ref fail if the branch exists: a draft never moves a branch.
  const created = await runGit(ctx.top, ["update-ref", `refs/heads/${branch}`, commit, ""]);
  if (created.code !== 0)
    throw new UserError(`Branch ${branch} already exists; delete it or draft under another workflow name.`, {
      exitCode: 1,
    });
  const pushed = await runGit(ctx.top, [
    "push",
    "--porcelain",
    ctx.remote,
    `refs/heads/${branch}:refs/heads/${branch}`,
  ]);
  if (pushed.code !== 0)
    throw new UserError(
      `git push of ${branch} to ${ctx.remote} failed: ${pushed.stderr.trim()}. The commit is on the local branch ${branch}.`,
      { exitCode: 1 },
    );
  return { branch, commit };
}

export interface OpenedPullRequest {
  number: number;
  url: string;
  base: string;
}

/** Opens the draft pull request and labels it. A PR that cannot be labelled is still marked by its trailer. */
export async function openDraftPullRequest(
  api: GitHubClient,
  target: { owner: string; repo: string },
  pr: { branch: string; base?: string; title: string; body: string },
): Promise<OpenedPullRequest & { labelError?: string }> {
  try {
    const base = pr.base ?? (await api.rest.repos.get(target)).data.default_branch;
    const created = await api.rest.pulls.create({
      ...target,
      head: pr.branch,
      base,
      title: pr.title,
      body: pr.body,
      draft: true,
    });
    const opened = { number: created.data.number, url: created.data.html_url, base };
    try {
      await api.rest.issues.addLabels({
        ...target,
        issue_number: created.data.number,
        labels: [AI_DRAFTED_LABEL],
      });
      return opened;
    } catch (error) {
      return { ...opened, labelError: (error as Error).message };
    }
  } catch (error) {
    const status = (error as { status?: number }).status;
    throw new UserError(
      `GitHub API error${status ? ` ${status}` : ""} while opening the pull request for ${pr.branch}: ${(error as Error).message}. The branch is pushed; open the pull request by hand, as a draft, labelled ${AI_DRAFTED_LABEL}.`,
      { exitCode: 1, cause: error },
    );
  }
}
