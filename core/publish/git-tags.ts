/**
 * One annotated git tag per release, on the released commit, so git history carries every release:
 * `charter/<tenant>/<workflow>/v<version>`, its message naming the bundle and manifest digests and the
 * release sequence (machine-readable trailers the audit reads back).
 *
 * Idempotent: an existing tag on the same commit is left alone; an existing tag on another commit
 * is a refusal (a version is released once). Pushing is optional (`remote`) and also idempotent.
 */
import { UserError } from "../errors.ts";
import { runGit } from "../git/run-git.ts";

export interface ReleaseTag {
  name: string;
  commit: string;
  message: string;
}

export function releaseTagName(prefix: string, tenant: string, workflow: string, version: string): string {
  return `${prefix}/${tenant}/${workflow}/v${version}`;
}

export function releaseTagMessage(r: {
  tenant: string;
  workflow: string;
  version: string;
  bundleDigest: string;
  manifestDigest: string;
  sequence: number;
  registry: string;
}): string {
  return [
    `Release ${r.tenant}/${r.workflow} ${r.version}`,
    "",
    `Charter-Bundle: ${r.bundleDigest}`,
    `Charter-Manifest: ${r.manifestDigest}`,
    `Charter-Sequence: ${r.sequence}`,
    `Charter-Registry: ${r.registry}`,
    "",
  ].join("\n");
}

async function git(cwd: string, args: string[]): Promise<string> {
  const r = await runGit(cwd, args);
  if (r.code !== 0) throw new UserError(`git ${args[0]} failed: ${r.stderr.trim()}`, { exitCode: 1 });
  return r.stdout.toString("utf8").trim();
}

/** The commit a tag points at, or undefined when there is no such tag. */
export async function tagCommit(cwd: string, name: string): Promise<string | undefined> {
  const r = await runGit(cwd, ["rev-parse", "-q", "--verify", `refs/tags/${name}^{commit}`]);
  return r.code === 0 ? r.stdout.toString("utf8").trim() : undefined;
}

export type TagOutcome = "created" | "exists";

/** The commit a tag on `remote` points at (peeled), or undefined. */
async function remoteTagCommit(cwd: string, remote: string, name: string): Promise<string | undefined> {
  const r = await runGit(cwd, ["ls-remote", "--tags", remote, `refs/tags/${name}`, `refs/tags/${name}^{}`]);
  if (r.code !== 0)
    throw new UserError(`Cannot read tags from ${remote}: ${r.stderr.trim()}`, { exitCode: 1 });
  const lines = r.stdout.toString("utf8").trim().split("\n").filter(Boolean);
  const peeled = lines.find((l) => l.endsWith("^{}")) ?? lines[0];
  return peeled?.split(/\s+/)[0];
}

/** Every tag under `prefix/` with the commit it points at (one git call instead of one per release). */
export async function listReleaseTags(cwd: string, prefix: string): Promise<Map<string, string>> {
  const out = await git(cwd, [
    "for-each-ref",
    "--format=%(refname:strip=2) %(objectname) %(*objectname)",
    `refs/tags/${prefix}/`,
  ]);
  const tags = new Map<string, string>();
  for (const line of out.split("\n").filter(Boolean)) {
    const [name, object, peeled] = line.split(" ");
    if (name && object) tags.set(name, peeled || object);
  }
  return tags;
}

/**
 * Creates the annotated tag (or finds it already there), then pushes it when `remote` is given.
 * `known` (from `listReleaseTags`) saves a git call per tag.
 */
export async function ensureReleaseTag(
  cwd: string,
  tag: ReleaseTag,
  remote?: string,
  known?: ReadonlyMap<string, string>,
): Promise<TagOutcome> {
  let existing = known ? known.get(tag.name) : await tagCommit(cwd, tag.name);
  // CI checkouts fetch no tags: ask the remote before creating one it may already have.
  if (existing === undefined && remote) {
    existing = await remoteTagCommit(cwd, remote, tag.name);
    if (existing === tag.commit) return "exists";
  }
  let outcome: TagOutcome = "exists";
  if (existing === undefined) {
    await git(cwd, [
      "-c",
      "user.name=Charter",
      "-c",
      "user.email=charter@users.noreply.github.com",
      "tag",
      "-a",
      tag.name,
      "-m",
      tag.message,
      tag.commit,
    ]);
    outcome = "created";
  } else if (existing !== tag.commit) {
    throw new UserError(
      `Git tag ${tag.name} already points at ${existing.slice(0, 12)}, not at ${tag.commit.slice(0, 12)}. A version is released once: raise the workflow's version.`,
      { exitCode: 1 },
    );
  }
  if (remote) {
    const r = await runGit(cwd, ["push", remote, `refs/tags/${tag.name}`]);
    if (r.code !== 0) {
      // Already on the remote (a re-run) is fine when it names the same object.
      const remoteRef = await runGit(cwd, ["ls-remote", "--tags", remote, `refs/tags/${tag.name}`]);
      const local = await git(cwd, ["rev-parse", `refs/tags/${tag.name}`]);
      if (!remoteRef.stdout.toString("utf8").startsWith(local))
        throw new UserError(`Could not push git tag ${tag.name} to ${remote}: ${r.stderr.trim()}`, {
          exitCode: 1,
        });
    }
  }
  return outcome;
}
