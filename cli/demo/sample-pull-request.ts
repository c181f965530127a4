import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { git } from "../../core/git/run-git.ts";
import { packageRoot } from "../../core/package-root.ts";

const IDENTITY = {
  GIT_AUTHOR_NAME: "Charter demo",
  GIT_AUTHOR_EMAIL: "demo@charter.invalid",
  GIT_COMMITTER_NAME: "Charter demo",
  GIT_COMMITTER_EMAIL: "demo@charter.invalid",
};

/**
 * A temporary git repository whose first commit is examples/acme and whose second applies the
 * sample pull request in examples/acme-pr: a real base and head to diff, without touching the user's
 * repository.
 */
export async function samplePullRequest(): Promise<{ dir: string; base: string; head: string }> {
  const examples = join(packageRoot(), "examples");
  const dir = await mkdtemp(join(tmpdir(), "charter-demo-"));
  Object.assign(process.env, { ...IDENTITY, ...process.env });
  await git(dir, ["init", "-q", "-b", "main"]);
  await cp(join(examples, "acme"), dir, { recursive: true });
  await git(dir, ["add", "-A"]);
  await git(dir, ["commit", "-q", "-m", "examples/acme"]);
  const base = (await git(dir, ["rev-parse", "HEAD"])).toString().trim();
  await cp(join(examples, "acme-pr", "tenants"), join(dir, "tenants"), { recursive: true });
  // The recordings for what the change asks of the models, committed with the change.
  await cp(join(examples, "acme-pr", "cassettes"), join(dir, "cassettes"), { recursive: true });
  await git(dir, ["add", "-A"]);
  await git(dir, ["commit", "-q", "-m", "Escalate angry customers; skip refund approval for low priority"]);
  const head = (await git(dir, ["rev-parse", "HEAD"])).toString().trim();
  return { dir, base, head };
}
