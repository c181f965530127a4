/**
 * Where a governed repository's files come from: a directory on disk, or a git ref read straight
 * from the object database (no checkout), so base and head can be loaded side by side.
 */

export interface SourceEntry {
  /** Path relative to the governed repository root, `/`-separated. */
  path: string;
  /** Size in bytes. */
  size: number;
  /** Symlinks and submodules are listed so the loader can refuse them; they are never followed. */
  kind: "file" | "symlink" | "submodule";
}

export interface FileSource {
  /** Shown to users: the directory, or `REF:path` for git. */
  readonly label: string;
  /** The commit a git source reads, if any. */
  readonly commit?: string;
  list(): Promise<SourceEntry[]>;
  /** Reads many files at once; paths that are not regular files are absent from the result. */
  readMany(paths: readonly string[]): Promise<Map<string, Buffer>>;
}
