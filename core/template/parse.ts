/**
 * Prompt templates: a logic-less language in the spirit of Mustache, made strict enough to lint.
 *
 *   {{ name }}            a declared variable (`name.field.0` reaches inside it)
 *   {{#name}}…{{/name}}   section: repeated for each element of a list, shown once if truthy
 *   {{^name}}…{{/name}}   inverted section: shown if the value is empty or falsy
 *   {{ . }} {{ .field }}  inside a section: the current element and its fields
 *   {{! comment }}
 *
 * A bare name always means a declared variable, so the set of variables a template uses is known
 * without running it. There is no code, no helpers and no prototype access.
 */

export type TemplateNode =
  | { type: "text"; text: string }
  | { type: "var"; ref: VarRef; offset: number }
  | { type: "section"; ref: VarRef; inverted: boolean; children: TemplateNode[]; offset: number };

export interface VarRef {
  /** `false` for a declared variable; `true` for `.`-relative access to the current section element. */
  relative: boolean;
  /** Path after the root: ["field", "0"]. For a declared variable the first element is its name. */
  path: string[];
  source: string;
}

export interface TemplateError {
  message: string;
  offset: number;
}

export interface ParsedTemplate {
  nodes: TemplateNode[];
  errors: TemplateError[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SEGMENT = /^(?:[A-Za-z_][A-Za-z0-9_]*|\d+)$/;

export function parseRef(raw: string): VarRef | undefined {
  const source = raw.trim();
  if (source === ".") return { relative: true, path: [], source };
  if (source.startsWith(".")) {
    const segs = source.slice(1).split(".");
    return segs.every((s) => SEGMENT.test(s)) ? { relative: true, path: segs, source } : undefined;
  }
  const segs = source.split(".");
  return NAME.test(segs[0] ?? "") && segs.slice(1).every((s) => SEGMENT.test(s))
    ? { relative: false, path: segs, source }
    : undefined;
}

export function parseTemplate(text: string): ParsedTemplate {
  const errors: TemplateError[] = [];
  const root: TemplateNode[] = [];
  const stack: { node: TemplateNode & { type: "section" }; offset: number }[] = [];
  const out = () => stack[stack.length - 1]?.node.children ?? root;
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("{{", i);
    if (open < 0) {
      out().push({ type: "text", text: text.slice(i) });
      break;
    }
    if (open > i) out().push({ type: "text", text: text.slice(i, open) });
    const close = text.indexOf("}}", open + 2);
    if (close < 0) {
      errors.push({ message: "Unclosed {{ tag: add }}.", offset: open });
      break;
    }
    const inner = text.slice(open + 2, close);
    i = close + 2;
    const sigil = inner.trimStart()[0];
    if (sigil === "!") continue;
    if (sigil === "#" || sigil === "^" || sigil === "/") {
      const body = inner.trimStart().slice(1);
      const ref = parseRef(body);
      if (!ref) {
        errors.push({ message: `"${body.trim()}" is not a variable name.`, offset: open });
        continue;
      }
      if (sigil === "/") {
        const top = stack.pop();
        if (!top) {
          errors.push({
            message: `{{/${ref.source}}} closes a section that was never opened.`,
            offset: open,
          });
        } else if (top.node.ref.source !== ref.source) {
          errors.push({
            message: `{{/${ref.source}}} closes {{#${top.node.ref.source}}}; close sections in the order they were opened.`,
            offset: open,
          });
        }
        continue;
      }
      const node: TemplateNode & { type: "section" } = {
        type: "section",
        ref,
        inverted: sigil === "^",
        children: [],
        offset: open,
      };
      out().push(node);
      stack.push({ node, offset: open });
      continue;
    }
    if (sigil === "{" || sigil === "&" || sigil === ">" || sigil === "=") {
      errors.push({
        message: `{{${sigil} tags are not supported: values are inserted as they are, and partials or delimiters cannot be changed.`,
        offset: open,
      });
      continue;
    }
    const ref = parseRef(inner);
    if (!ref) {
      errors.push({
        message: `"${inner.trim()}" is not a variable reference. Use {{ name }}, {{ name.field }} or, in a section, {{ . }}.`,
        offset: open,
      });
      continue;
    }
    out().push({ type: "var", ref, offset: open });
  }
  for (const open of stack) {
    errors.push({
      message: `Section {{#${open.node.ref.source}}} is never closed: add {{/${open.node.ref.source}}}.`,
      offset: open.offset,
    });
  }
  return { nodes: root, errors };
}

/** Every use of a declared variable (relative references excluded), with its offset. */
export function usedVariables(nodes: readonly TemplateNode[]): { name: string; offset: number }[] {
  const used: { name: string; offset: number }[] = [];
  const walk = (list: readonly TemplateNode[], inSection: boolean) => {
    for (const n of list) {
      if (n.type === "text") continue;
      if (!n.ref.relative) used.push({ name: n.ref.path[0]!, offset: n.offset });
      if (n.type === "section") walk(n.children, true);
    }
    void inSection;
  };
  walk(nodes, false);
  return used;
}

/** Relative references (`{{ . }}`) outside any section have nothing to refer to. */
export function strayRelativeRefs(nodes: readonly TemplateNode[]): { source: string; offset: number }[] {
  return nodes.flatMap((n) =>
    n.type !== "text" && n.ref.relative ? [{ source: n.ref.source, offset: n.offset }] : [],
  );
}
