/**
 * Text inside Mermaid labels. Labels are always quoted, and every character Mermaid or its HTML
 * labels could interpret is written as a numeric entity (`#34;`), so ids, quotes, brackets, pipes,
 * Markdown, HTML and unicode from YAML are shown as written and can never break the diagram.
 */
const ENTITY = /["#<>&`|\\[\]{}()]/g;

export function escapeLabel(text: string, max = 80): string {
  // Newlines and other control characters become spaces; labels are one line each.
  let s = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").trim();
  if ([...s].length > max) s = `${[...s].slice(0, max - 1).join("")}…`;
  return s.replace(ENTITY, (c) => `#${c.codePointAt(0)};`);
}

/** A quoted label from lines that are each escaped; `<br>` separates them. */
export function label(lines: readonly string[], max = 80): string {
  return `"${lines
    .filter((l) => l !== "")
    .map((l) => escapeLabel(l, max))
    .join("<br>")}"`;
}

/** Stable, safe node ids (`n0`, `n1`…): workflow node names never appear as Mermaid ids. */
export class IdMap {
  private readonly ids = new Map<string, string>();

  id(name: string): string {
    let id = this.ids.get(name);
    if (!id) {
      id = `n${this.ids.size}`;
      this.ids.set(name, id);
    }
    return id;
  }
}
