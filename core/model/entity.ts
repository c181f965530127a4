import type { Position } from "../diagnostics/diagnostic.ts";
import type { PathSegment, YamlFile } from "../source/yaml-file.ts";

/** A validated object from one governed file, with the ability to locate any of its fields. */
export class Entity<T> {
  readonly data: T;
  readonly file: YamlFile;
  /**
   * Entries dropped from keyed collections because they failed validation (collection → keys), so
   * that the rest of the file is still checked and references to the dropped entries do not cascade.
   */
  readonly dropped: ReadonlyMap<string, ReadonlySet<string>>;

  constructor(data: T, file: YamlFile, dropped: ReadonlyMap<string, ReadonlySet<string>> = new Map()) {
    this.data = data;
    this.file = file;
    this.dropped = dropped;
  }

  /** Whether `key` of `collection` exists but failed validation. */
  wasDropped(collection: string, key: string): boolean {
    return this.dropped.get(collection)?.has(key) ?? false;
  }

  get path(): string {
    return this.file.path;
  }

  /** Where the field at `path` is written (the key itself with `key`). */
  at(path: readonly PathSegment[], key = false): Position {
    return this.file.locate(path, key);
  }

  /** Where the `name` (or first) field is written: the entity's own position. */
  get loc(): Position {
    return this.file.locate(["name"]);
  }
}
