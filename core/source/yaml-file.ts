import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { Diagnostic, Position } from "../diagnostics/diagnostic.ts";
import { LIMITS } from "./limits.ts";
import { exceedsNestingDepth } from "./nesting-depth.ts";

export type PathSegment = string | number;

/** A parsed YAML file that can say where any value in it came from. */
export class YamlFile {
  readonly path: string;
  readonly text: string;
  readonly doc: Document.Parsed;
  private readonly lines: LineCounter;

  constructor(path: string, text: string, doc: Document.Parsed, lines: LineCounter) {
    this.path = path;
    this.text = text;
    this.doc = doc;
    this.lines = lines;
  }

  /** Position of a character offset. */
  positionAt(offset: number): Position {
    const { line, col } = this.lines.linePos(Math.max(0, Math.min(offset, this.text.length)));
    return { file: this.path, line, column: col };
  }

  /** The YAML node at `path`, or the deepest existing ancestor. With `key`, the last segment's key. */
  nodeAt(path: readonly PathSegment[], key = false): { node: Node | undefined; exact: boolean } {
    let node: unknown = this.doc.contents;
    let found: Node | undefined = (node as Node | null) ?? undefined;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
        if (!pair) return { node: found, exact: false };
        if ((last && key) || pair.value == null) {
          found = pair.key as Node;
          if (last) return { node: found, exact: true };
          return { node: found, exact: false };
        }
        node = pair.value;
      } else if (isSeq(node) && typeof seg === "number") {
        const item = node.items[seg];
        if (item == null) return { node: found, exact: false };
        node = item;
      } else {
        return { node: found, exact: false };
      }
      found = node as Node;
    }
    return { node: found, exact: true };
  }

  /**
   * Position of a character inside the string value at `path`. Exact for block literals (`|`) and
   * for one-line scalars where `needle` (the text at that offset) appears verbatim in the source;
   * otherwise the scalar's start.
   */
  locateInString(path: readonly PathSegment[], valueOffset: number, needle?: string): Position {
    const { node, exact } = this.nodeAt(path);
    if (!exact || !isScalar(node) || !node.range || typeof node.value !== "string") return this.locate(path);
    const [start, end] = node.range;
    const raw = this.text.slice(start, end);
    if (node.type === "BLOCK_LITERAL") {
      const value = node.value;
      const lineIdx = countNewlines(value, valueOffset);
      const lineStart = value.lastIndexOf("\n", valueOffset - 1) + 1;
      const rawLines = raw.split("\n");
      // rawLines[0] is the header (`|`, `|-`, …); content lines follow, indented.
      const firstContent = rawLines.slice(1).find((l) => l.trim() !== "") ?? "";
      const indent = firstContent.length - firstContent.trimStart().length;
      const header = this.positionAt(start);
      return {
        file: this.path,
        line: header.line + 1 + lineIdx,
        column: indent + (valueOffset - lineStart) + 1,
      };
    }
    const idx = needle ? raw.indexOf(needle) : -1;
    return idx >= 0 ? this.positionAt(start + idx) : this.locate(path);
  }

  /** Where the value at `path` (or its key, with `key`) starts and ends. */
  locate(path: readonly PathSegment[], key = false): Position {
    const { node } = this.nodeAt(path, key);
    const range = node?.range;
    if (!range) return { file: this.path, line: 1, column: 1 };
    const start = this.positionAt(range[0]);
    const end = this.positionAt(range[1]);
    return { ...start, endLine: end.line, endColumn: end.column };
  }
}

function countNewlines(s: string, end: number): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i >= 0 && i < end; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

export interface ParsedYaml {
  file?: YamlFile;
  /** The plain value, when the file parsed without errors. */
  value?: unknown;
  diagnostics: Diagnostic[];
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function yamlDiagnostic(file: string, message: string, pos?: { line: number; column: number }): Diagnostic {
  return { rule: "yaml", severity: "error", file, line: pos?.line ?? 1, column: pos?.column ?? 1, message };
}

/**
 * Parses one governed YAML file. Never throws on bad input: binary content, oversized files, deep
 * nesting, alias bombs, syntax errors, unknown tags and multiple documents all become diagnostics.
 */
export function parseYamlFile(path: string, bytes: Uint8Array): ParsedYaml {
  if (bytes.length > LIMITS.maxYamlBytes) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    return {
      diagnostics: [
        yamlDiagnostic(
          path,
          `File is ${mb(bytes.length)}; governed YAML files are limited to ${mb(LIMITS.maxYamlBytes)}. Split it into smaller files.`,
        ),
      ],
    };
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return {
      diagnostics: [
        yamlDiagnostic(
          path,
          "File is not valid UTF-8 text (binary content?). Governed files must be UTF-8 YAML.",
        ),
      ],
    };
  }
  const nul = text.indexOf("\0");
  if (nul >= 0) {
    return {
      diagnostics: [
        yamlDiagnostic(path, "File contains NUL bytes (binary content?). Governed files must be YAML text."),
      ],
    };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const deep = exceedsNestingDepth(text, LIMITS.maxDepth);
  if (deep) {
    return {
      diagnostics: [
        yamlDiagnostic(path, `Nesting deeper than ${LIMITS.maxDepth} levels. Flatten the structure.`, {
          line: deep.line,
          column: 1,
        }),
      ],
    };
  }

  const lines = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, {
      lineCounter: lines,
      prettyErrors: false,
      uniqueKeys: true,
      merge: false,
      strict: true,
    });
  } catch (error) {
    return { diagnostics: [yamlDiagnostic(path, `YAML could not be parsed: ${(error as Error).message}`)] };
  }
  const file = new YamlFile(path, text, doc, lines);
  const diagnostics: Diagnostic[] = [];
  // After the first syntax error the parser reports every following token; only the first is useful.
  const [first, ...rest] = doc.errors;
  if (first) {
    const more =
      rest.length > 0 ? ` (${rest.length} more error${rest.length > 1 ? "s" : ""} follow from it)` : "";
    diagnostics.push(
      yamlDiagnostic(
        path,
        describeYamlError(first.code, first.message) + more,
        file.positionAt(first.pos[0]),
      ),
    );
  }
  for (const w of doc.warnings) {
    diagnostics.push(yamlDiagnostic(path, describeYamlError(w.code, w.message), file.positionAt(w.pos[0])));
  }
  if (diagnostics.length > 0) return { file, diagnostics };
  try {
    const value = doc.toJS({ maxAliasCount: LIMITS.maxAliasCount });
    return { file, value, diagnostics };
  } catch (error) {
    const message = (error as Error).message;
    const text =
      /alias/i.test(message) && /excessive|exhaust/i.test(message)
        ? `Too many alias expansions (more than ${LIMITS.maxAliasCount}); this looks like a YAML alias bomb. Remove the aliases.`
        : `YAML could not be converted: ${message}`;
    return { file, diagnostics: [yamlDiagnostic(path, text)] };
  }
}

function describeYamlError(code: string, message: string): string {
  const first = message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? message;
  switch (code) {
    case "DUPLICATE_KEY":
      return `${first}. Each key may appear once; remove or rename the duplicate.`;
    case "MULTIPLE_DOCS":
      return "File contains several YAML documents (---); a governed file holds exactly one.";
    case "TAG_RESOLVE_FAILED":
      return `${first}. Custom YAML tags are not allowed; write plain values.`;
    case "RESOURCE_EXHAUSTION":
      return "The YAML is too deeply nested or too large to parse safely. Simplify it.";
    default:
      return `YAML syntax error: ${first}.`;
  }
}
