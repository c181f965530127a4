/**
 * Writes a draft's files all or nothing. Every file is first written to a temporary file next to
 * its destination; new files are then hard-linked into place (which fails, instead of overwriting,
 * when the destination appeared meanwhile) and replaced files renamed over. Any failure removes
 * what was placed and restores what was replaced, so the tenant directory ends as it began.
 */
import { randomBytes } from "node:crypto";
import { link, lstat, mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { UserError } from "../errors.ts";
import type { DraftFile } from "./candidate.ts";

async function exists(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => undefined)) !== undefined;
}

/**
 * Refuses a destination reached through a symbolic link inside the repository (a `prompts/` that
 * links elsewhere would carry the write out of the tenant directory; path checks alone cannot see it).
 */
async function refuseLinkedPath(base: string, dest: string, shown: string): Promise<void> {
  let at = base;
  for (const part of relative(base, dest).split(sep)) {
    at = join(at, part);
    const stat = await lstat(at).catch(() => undefined);
    if (!stat) return; // from here on mkdir creates real directories
    if (stat.isSymbolicLink())
      throw new UserError(
        `Refusing to write ${shown}: ${relative(base, at)} is a symbolic link. Nothing was written.`,
        { exitCode: 1 },
      );
  }
}

export async function writeDraftFiles(root: string, files: readonly DraftFile[]): Promise<string[]> {
  const base = resolve(root);
  const plan = files.map((f) => {
    const dest = resolve(base, f.path);
    const rel = relative(base, dest);
    // Paths come from validated names; this guards the invariant at the point of writing.
    if (
      rel.startsWith("..") ||
      rel.split(sep).includes("..") ||
      resolve(base, rel) !== dest ||
      !f.path.startsWith("tenants/")
    )
      throw new UserError(`Refusing to write ${f.path}: it is outside the tenant directory.`, {
        exitCode: 1,
      });
    return {
      file: f,
      dest,
      tmp: join(dirname(dest), `.${randomBytes(6).toString("hex")}.charter-draft.tmp`),
    };
  });
  for (const p of plan) {
    await refuseLinkedPath(base, p.dest, p.file.path);
    const present = await exists(p.dest);
    if (present && !p.file.replaces)
      throw new UserError(
        `${p.file.path} already exists; charter draft only replaces the files of the workflow named by --from. Nothing was written.`,
        { exitCode: 1 },
      );
  }

  const temps: string[] = [];
  const placed: string[] = [];
  const replaced: { dest: string; before: Buffer | undefined }[] = [];
  try {
    for (const p of plan) {
      await mkdir(dirname(p.dest), { recursive: true });
      await writeFile(p.tmp, p.file.text, { flag: "wx" });
      temps.push(p.tmp);
    }
    for (const p of plan.filter((x) => !x.file.replaces)) {
      await link(p.tmp, p.dest); // EEXIST instead of overwriting
      placed.push(p.dest);
    }
    for (const p of plan.filter((x) => x.file.replaces)) {
      const before = await readFile(p.dest).catch(() => undefined);
      await rename(p.tmp, p.dest);
      replaced.push({ dest: p.dest, before });
    }
  } catch (error) {
    for (const dest of placed) await unlink(dest).catch(() => {});
    for (const r of replaced.reverse()) {
      if (r.before === undefined) await unlink(r.dest).catch(() => {});
      else await writeFile(r.dest, r.before).catch(() => {});
    }
    throw new UserError(`Could not write the draft (${(error as Error).message}); nothing was written.`, {
      exitCode: 1,
      cause: error,
    });
  } finally {
    for (const t of temps) await unlink(t).catch(() => {});
  }
  return plan.map((p) => p.file.path);
}
