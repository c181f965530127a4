import { UserError } from "../core/errors.ts";
import { runGit } from "../core/git/run-git.ts";
import type { CliIO } from "./io.ts";

const REPO = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/;

/** owner/name from --repo, GITHUB_REPOSITORY, or the origin remote of the current git checkout. */
export async function githubRepository(
  flag: string | undefined,
  io: CliIO,
): Promise<{ owner: string; repo: string }> {
  let spec = flag ?? io.env.GITHUB_REPOSITORY;
  if (!spec) {
    const remote = await runGit(io.cwd, ["remote", "get-url", "origin"]).catch(() => undefined);
    const url = remote?.code === 0 ? remote.stdout.toString("utf8").trim() : "";
    spec = /github\.com[:/]([^/]+\/[^/]+?)(?:\.git)?$/.exec(url)?.[1];
  }
  const m = spec ? REPO.exec(spec) : null;
  if (!m)
    throw new UserError(
      spec
        ? `--repo must be OWNER/NAME; got "${spec}".`
        : "Which repository? Pass --repo OWNER/NAME (or set GITHUB_REPOSITORY, or run inside a clone of it).",
    );
  return { owner: m[1]!, repo: m[2]! };
}
