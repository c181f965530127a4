import { UserError } from "../errors.ts";
import { assertSafeRef, runGit } from "./run-git.ts";

/**
 * Makes sure a commit is in the local object database, fetching just that commit from `origin` when a
 * shallow CI checkout lacks it. Fails with instructions rather than silently comparing with nothing.
 */
export async function ensureCommit(cwd: string, ref: string): Promise<void> {
  assertSafeRef(ref);
  const has = await runGit(cwd, ["cat-file", "-e", `${ref}^{commit}`]);
  if (has.code === 0) return;
  const fetched = await runGit(cwd, ["fetch", "--no-tags", "--depth=1", "origin", ref]);
  if (fetched.code === 0 && (await runGit(cwd, ["cat-file", "-e", `${ref}^{commit}`])).code === 0) return;
  throw new UserError(
    `The base commit ${ref} is not available and could not be fetched (${fetched.stderr.trim() || "git fetch failed"}). Check out with actions/checkout and fetch-depth: 0.`,
  );
}
