/** Escaping for text placed in GitHub-flavoured Markdown that must be shown, never interpreted. */

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A table cell: no pipes or newlines can break the row, no Markdown or HTML is interpreted. */
export function cell(s: string): string {
  return escapeHtml(s).replace(/\|/g, "&#124;").replace(/\r?\n/g, " ");
}
