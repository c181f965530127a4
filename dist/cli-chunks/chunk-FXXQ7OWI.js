// core/report/markdown-escape.ts
function escapeHtml(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function cell(s) {
  return escapeHtml(s).replace(/\|/g, "&#124;").replace(/\r?\n/g, " ");
}

export {
  escapeHtml,
  cell
};
