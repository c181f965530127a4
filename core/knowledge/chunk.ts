/**
 * Splits a knowledge document into passages small enough to rank and to quote in a prompt.
 * Passages follow the document's structure (headings, then paragraphs) so a passage rarely starts
 * or ends mid-thought; only a paragraph longer than the limit is cut, at sentences first.
 */

export interface Chunk {
  path: string;
  title: string;
  text: string;
}

const FRONT_MATTER = /^---\n[\s\S]*?\n---(?:\n|$)/;
const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(```|~~~)/;
/** Sentence ends: Latin punctuation followed by space, or CJK full stops (no space after them). */
const SENTENCE_END = /(?<=[.!?])\s+|(?<=[。！？])\s*/u;

function fileTitle(path: string): string {
  const name = path.split("/").pop() ?? path;
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(0, dot) : name;
}

function extension(path: string): string {
  const name = path.split("/").pop() ?? path;
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/**
 * Naive on purpose (no DOM parser for indexing): drops script/style bodies, turns h1–h6 into
 * markdown headings so they still become titles, and block-level tags into paragraph breaks.
 */
function htmlToText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>/gi, (_, level: string, inner: string) => {
      const heading = inner
        .replace(/<[^>]*>/g, "")
        .replace(/\s+/g, " ")
        .trim();
      return `\n\n${"#".repeat(Number(level))} ${heading}\n\n`;
    })
    .replace(/<\/?(p|div|section|article|li|ul|ol|table|tr|br|hr|blockquote|pre)\b[^>]*>/gi, "\n\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(amp|lt|gt|quot|apos|nbsp);/g, (_, name: string) => ENTITIES[name] ?? "");
}

interface Section {
  title: string;
  paragraphs: string[];
}

/** Headings start sections; lines inside fenced code blocks are never headings (`# comment`). */
function sections(text: string, fallbackTitle: string, headings: boolean): Section[] {
  const out: Section[] = [{ title: fallbackTitle, paragraphs: [] }];
  let lines: string[] = [];
  let fenced = false;
  const flush = () => {
    const paragraph = lines.join("\n").trim();
    if (paragraph) out.at(-1)!.paragraphs.push(paragraph);
    lines = [];
  };
  for (const line of text.split("\n")) {
    if (headings && FENCE.test(line)) fenced = !fenced;
    const heading = headings && !fenced ? HEADING.exec(line) : null;
    if (heading) {
      flush();
      out.push({ title: heading[2]!.trim() || fallbackTitle, paragraphs: [] });
    } else if (!fenced && line.trim() === "") flush();
    else lines.push(line);
  }
  flush();
  return out;
}

/** Cuts at the last whitespace in the window when that keeps at least half of it, else mid-word. */
function hardSplit(text: string, maxChars: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > maxChars) {
    let cut = maxChars;
    const space = rest.lastIndexOf(" ", maxChars);
    if (space >= maxChars / 2) cut = space;
    // Never separate a surrogate pair (emoji, rare CJK): that would produce two invalid strings.
    else if (/[\uDC00-\uDFFF]/.test(rest.charAt(cut)) && cut > 1) cut -= 1;
    out.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) out.push(rest);
  return out;
}

/** Packs pieces greedily into strings of at most maxChars, joined by `separator`. */
function pack(pieces: string[], maxChars: number, separator: string): string[] {
  const out: string[] = [];
  let current = "";
  for (const piece of pieces) {
    if (current && current.length + separator.length + piece.length <= maxChars) {
      current += separator + piece;
    } else {
      if (current) out.push(current);
      current = piece;
    }
  }
  if (current) out.push(current);
  return out;
}

function splitLong(paragraph: string, maxChars: number): string[] {
  const sentences = paragraph
    .split(SENTENCE_END)
    .filter((s) => s.trim())
    .flatMap((s) => (s.length > maxChars ? hardSplit(s, maxChars) : [s]));
  return pack(sentences, maxChars, " ");
}

export function chunkDocument(path: string, text: string, maxChars = 800): Chunk[] {
  if (!Number.isFinite(maxChars) || maxChars < 1)
    throw new RangeError(`maxChars must be ≥ 1, got ${maxChars}`);
  const ext = extension(path);
  let body = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  body = body.replace(FRONT_MATTER, "");
  if (ext === "html" || ext === "htm") body = htmlToText(body);
  // JSON and CSV are data, not markdown: a line starting with "#" there is not a heading.
  const headings = ext !== "json" && ext !== "csv";
  const out: Chunk[] = [];
  for (const section of sections(body, fileTitle(path), headings)) {
    // Long paragraphs become their own passages; short ones are packed together between them.
    let pending: string[] = [];
    const emit = (texts: string[]) => {
      for (const t of texts) out.push({ path, title: section.title, text: t });
    };
    for (const paragraph of section.paragraphs) {
      if (paragraph.length <= maxChars) {
        pending.push(paragraph);
        continue;
      }
      emit(pack(pending, maxChars, "\n\n"));
      pending = [];
      emit(splitLong(paragraph, maxChars));
    }
    emit(pack(pending, maxChars, "\n\n"));
  }
  return out;
}
