/**
 * The git reads of an audit, batched so their number does not grow with the history: one `git log`
 * for the whole first-parent history with the files each commit changed (and their blob ids), one
 * `git for-each-ref` for every release tag with its message, and `git cat-file --batch` /
 * `--batch-check` for any number of blobs or `COMMIT:PATH` lookups.
 *
 * Commit messages, tag messages, names and paths are attacker-controlled text. Parsing never splits
 * on a character such text may contain: records are read field by field up to NUL bytes, which git
 * never puts inside a message, name or path.
 */
import { UserError } from "../errors.ts";
import { runGit } from "../git/run-git.ts";

export interface FileChange {
  path: string;
  /** `A`, `M`, `D`, `T` (no renames: `--no-renames` lists a rename as a delete and an add). */
  status: string;
  /** The blob before (all zeros when added) and after (all zeros when deleted). */
  oldBlob: string;
  newBlob: string;
  newMode: string;
}

export interface LogCommit {
  sha: string;
  parents: string[];
  author: { name: string; email: string };
  committer: { name: string; email: string };
  /** Committer time, seconds since the epoch. */
  time: number;
  subject: string;
  /** Against the first parent (the root commit: against the empty tree). */
  changes: FileChange[];
}

const HEADER_FIELDS = 7;

async function gitOut(cwd: string, args: string[], input?: string): Promise<string> {
  const r = await runGit(cwd, args, input);
  if (r.code !== 0)
    throw new UserError(`git ${args[0]} failed: ${r.stderr.trim() || `exit code ${r.code}`}`, {
      exitCode: 2,
    });
  return r.stdout.toString("utf8");
}

/** Parses the output of `firstParentLog`'s git log (exported for tests). */
export function parseLog(text: string): LogCommit[] {
  const commits: LogCommit[] = [];
  let i = 0;
  const field = (): string => {
    const j = text.indexOf("\0", i);
    if (j < 0) throw new Error("truncated git log output");
    const v = text.slice(i, j);
    i = j + 1;
    return v;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === "\x1e") {
      i++;
      const f: string[] = [];
      for (let k = 0; k < HEADER_FIELDS; k++) f.push(field());
      const [ids, an, ae, cn, ce, ct, subject] = f as [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      const [sha, ...parents] = ids.trim().split(" ").filter(Boolean);
      commits.push({
        sha: sha!,
        parents,
        author: { name: an, email: ae },
        committer: { name: cn, email: ce },
        time: Number(ct),
        subject,
        changes: [],
      });
    } else if (c === ":") {
      // ":<old mode> <new mode> <old blob> <new blob> <status>\0<path>\0"
      const meta = field().slice(1).split(" ");
      const path = field();
      const last = commits[commits.length - 1];
      if (!last) throw new Error("git log output starts with a file change");
      last.changes.push({
        path,
        status: (meta[4] ?? "").slice(0, 1),
        oldBlob: meta[2] ?? "",
        newBlob: meta[3] ?? "",
        newMode: meta[1] ?? "",
      });
    } else {
      i++; // the NUL and newline git puts between a header and its changes
    }
  }
  return commits;
}

/**
 * The first-parent history of `commit`, newest first, each commit with the files it changed against
 * its first parent: a merge lists what the merged branch brought.
 */
export async function firstParentLog(top: string, commit: string): Promise<LogCommit[]> {
  const out = await gitOut(top, [
    "-c",
    "core.quotePath=false",
    "log",
    "--first-parent",
    "--diff-merges=first-parent",
    "--raw",
    "--no-abbrev",
    "--no-renames",
    "--root",
    "-z",
    "--format=%x1e%H %P%x00%an%x00%ae%x00%cn%x00%ce%x00%ct%x00%s%x00",
    commit,
    "--",
  ]);
  return parseLog(out);
}

export interface TagRef {
  /** Without `refs/tags/`. */
  name: string;
  /** `tag` for an annotated tag, `commit` for a lightweight one. */
  objectType: string;
  /** The tag object (annotated) or the commit (lightweight). */
  object: string;
  /** The commit it points at; null when it points at something else. */
  commit: string | null;
  message: string;
  tagger: string | null;
  /** Seconds since the epoch. */
  date: number | null;
}

const TAG_FIELDS = 8;

/** Every tag (under `refs/tags/PREFIX/` when given), with its message, in one git call. */
export async function readTags(top: string, prefix?: string): Promise<TagRef[]> {
  const out = await gitOut(top, [
    "for-each-ref",
    "--format=%(refname:strip=2)%00%(objecttype)%00%(objectname)%00%(*objectname)%00%(*objecttype)%00%(taggername) %(taggeremail)%00%(taggerdate:unix)%00%(contents)%00",
    prefix ? `refs/tags/${prefix}/` : "refs/tags/",
  ]);
  const parts = out.split("\0");
  const tags: TagRef[] = [];
  for (let k = 0; k + TAG_FIELDS <= parts.length; k += TAG_FIELDS) {
    const [name, type, object, peeled, peeledType, tagger, date, message] = parts.slice(
      k,
      k + TAG_FIELDS,
    ) as [string, string, string, string, string, string, string, string];
    const annotated = type === "tag";
    tags.push({
      name: name.replace(/^\n/, ""),
      objectType: type,
      object,
      commit: annotated ? (peeledType === "commit" ? peeled : null) : type === "commit" ? object : null,
      message: annotated ? message : "",
      tagger: annotated && tagger.trim() ? tagger.trim() : null,
      date: annotated && /^\d+$/.test(date) ? Number(date) : null,
    });
  }
  return tags;
}

/** Reads objects (blob ids, or `COMMIT:PATH`) with one `git cat-file --batch`; absent ones are left out. */
export async function catFile(top: string, names: readonly string[]): Promise<Map<string, Buffer>> {
  const wanted = [...new Set(names)].filter((n) => !/[\n\r]/.test(n));
  const result = new Map<string, Buffer>();
  if (wanted.length === 0) return result;
  const r = await runGit(top, ["cat-file", "--batch"], `${wanted.join("\n")}\n`);
  if (r.code !== 0) throw new UserError(`git cat-file failed: ${r.stderr.trim()}`);
  const out = r.stdout;
  let offset = 0;
  for (const name of wanted) {
    const headerEnd = out.indexOf(0x0a, offset);
    if (headerEnd < 0) break;
    const header = out.subarray(offset, headerEnd).toString("utf8");
    if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
      offset = headerEnd + 1;
      continue;
    }
    const size = Number(header.split(" ")[2]);
    result.set(name, out.subarray(headerEnd + 1, headerEnd + 1 + size));
    offset = headerEnd + 1 + size + 1;
  }
  return result;
}

/** Object ids of `COMMIT:PATH` (or any object name) with one `git cat-file --batch-check`; null when absent. */
export async function objectIds(top: string, names: readonly string[]): Promise<Map<string, string | null>> {
  const wanted = [...new Set(names)].filter((n) => !/[\n\r]/.test(n));
  const result = new Map<string, string | null>();
  if (wanted.length === 0) return result;
  const r = await runGit(top, ["cat-file", "--batch-check=%(objectname)"], `${wanted.join("\n")}\n`);
  if (r.code !== 0) throw new UserError(`git cat-file failed: ${r.stderr.trim()}`);
  const lines = r.stdout.toString("utf8").split("\n");
  wanted.forEach((name, k) => {
    const line = lines[k] ?? "";
    result.set(name, /^[0-9a-f]{40,64}$/.test(line) ? line : null);
  });
  return result;
}

/** Whether `ancestor` is reachable from `descendant`. */
export async function isAncestor(top: string, ancestor: string, descendant: string): Promise<boolean> {
  const r = await runGit(top, ["merge-base", "--is-ancestor", ancestor, descendant]);
  return r.code === 0;
}
