import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { onTestFinished } from "vitest";

export type Tree = Record<string, string | Buffer | null>;

/** Writes a file tree into a fresh temporary directory, removed when the test finishes. */
export function writeTree(tree: Tree, dir = mkdtempSync(join(tmpdir(), "charter-test-"))): string {
  for (const [path, content] of Object.entries(tree)) {
    const full = join(dir, path);
    if (content === null) {
      rmSync(full, { force: true });
      continue;
    }
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  try {
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  } catch {
    // outside a test (e.g. in beforeAll): the caller cleans up
  }
  return dir;
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
  GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z",
  GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z",
};

export function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd: dir,
    env: { ...process.env, ...GIT_ENV },
    encoding: "utf8",
  }).trim();
}

/**
 * A real git repository built from a sequence of commits; each commit applies a tree of changes
 * (null deletes a file). Returns the directory and the SHA of each commit.
 */
export function gitRepo(commits: Tree[], options: { subdir?: string } = {}): { dir: string; shas: string[] } {
  const dir = writeTree({});
  git(dir, "init", "-q", "-b", "main");
  const shas: string[] = [];
  for (const [i, tree] of commits.entries()) {
    const prefixed = options.subdir
      ? Object.fromEntries(Object.entries(tree).map(([p, c]) => [join(options.subdir!, p), c]))
      : tree;
    writeTree(prefixed, dir);
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "--allow-empty", "-m", `commit ${i}`);
    shas.push(git(dir, "rev-parse", "HEAD"));
  }
  return { dir, shas };
}
