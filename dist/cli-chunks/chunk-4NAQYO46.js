// core/expressions/template.ts
var OPEN = "${{";
function splitTemplate(s) {
  const parts = [];
  let i = 0;
  while (i < s.length) {
    const open = s.indexOf(OPEN, i);
    if (open < 0) {
      parts.push({ kind: "text", text: s.slice(i) });
      break;
    }
    if (open > i) parts.push({ kind: "text", text: s.slice(i, open) });
    let j = open + OPEN.length;
    let inString = false;
    let close = -1;
    while (j < s.length) {
      const c = s[j];
      if (inString) {
        if (c === "'") {
          if (s[j + 1] === "'") j++;
          else inString = false;
        }
      } else if (c === "'") {
        inString = true;
      } else if (c === "}" && s[j + 1] === "}") {
        close = j;
        break;
      }
      j++;
    }
    if (close < 0) return { parts, unclosedAt: open };
    parts.push({ kind: "expr", source: s.slice(open + OPEN.length, close), offset: open + OPEN.length });
    i = close + 2;
  }
  return { parts };
}
function soleExpression(split) {
  const meaningful = split.parts.filter((p) => p.kind === "expr" || p.text.trim() !== "");
  const only = meaningful[0];
  return meaningful.length === 1 && only?.kind === "expr" ? only : void 0;
}

// core/template/parse.ts
var NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
var SEGMENT = /^(?:[A-Za-z_][A-Za-z0-9_]*|\d+)$/;
function parseRef(raw) {
  const source = raw.trim();
  if (source === ".") return { relative: true, path: [], source };
  if (source.startsWith(".")) {
    const segs2 = source.slice(1).split(".");
    return segs2.every((s) => SEGMENT.test(s)) ? { relative: true, path: segs2, source } : void 0;
  }
  const segs = source.split(".");
  return NAME.test(segs[0] ?? "") && segs.slice(1).every((s) => SEGMENT.test(s)) ? { relative: false, path: segs, source } : void 0;
}
function parseTemplate(text) {
  const errors = [];
  const root = [];
  const stack = [];
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
      const ref2 = parseRef(body);
      if (!ref2) {
        errors.push({ message: `"${body.trim()}" is not a variable name.`, offset: open });
        continue;
      }
      if (sigil === "/") {
        const top = stack.pop();
        if (!top) {
          errors.push({
            message: `{{/${ref2.source}}} closes a section that was never opened.`,
            offset: open
          });
        } else if (top.node.ref.source !== ref2.source) {
          errors.push({
            message: `{{/${ref2.source}}} closes {{#${top.node.ref.source}}}; close sections in the order they were opened.`,
            offset: open
          });
        }
        continue;
      }
      const node = {
        type: "section",
        ref: ref2,
        inverted: sigil === "^",
        children: [],
        offset: open
      };
      out().push(node);
      stack.push({ node, offset: open });
      continue;
    }
    if (sigil === "{" || sigil === "&" || sigil === ">" || sigil === "=") {
      errors.push({
        message: `{{${sigil} tags are not supported: values are inserted as they are, and partials or delimiters cannot be changed.`,
        offset: open
      });
      continue;
    }
    const ref = parseRef(inner);
    if (!ref) {
      errors.push({
        message: `"${inner.trim()}" is not a variable reference. Use {{ name }}, {{ name.field }} or, in a section, {{ . }}.`,
        offset: open
      });
      continue;
    }
    out().push({ type: "var", ref, offset: open });
  }
  for (const open of stack) {
    errors.push({
      message: `Section {{#${open.node.ref.source}}} is never closed: add {{/${open.node.ref.source}}}.`,
      offset: open.offset
    });
  }
  return { nodes: root, errors };
}
function usedVariables(nodes) {
  const used = [];
  const walk = (list, inSection) => {
    for (const n of list) {
      if (n.type === "text") continue;
      if (!n.ref.relative) used.push({ name: n.ref.path[0], offset: n.offset });
      if (n.type === "section") walk(n.children, true);
    }
    void inSection;
  };
  walk(nodes, false);
  return used;
}
function strayRelativeRefs(nodes) {
  return nodes.flatMap(
    (n) => n.type !== "text" && n.ref.relative ? [{ source: n.ref.source, offset: n.offset }] : []
  );
}

// core/expressions/evaluate.ts
import { data, Evaluator } from "@actions/expressions";
import { truthy } from "@actions/expressions/result";

// core/expressions/parse.ts
import { Lexer, Parser } from "@actions/expressions";

// core/expressions/references.ts
import {
  ContextAccess,
  IndexAccess,
  Literal,
  Star
} from "@actions/expressions/ast";
import { Kind } from "@actions/expressions/data/expressiondata";
var Collector = class {
  references = [];
  functions = [];
  visitLiteral(_) {
  }
  visitUnary(u) {
    u.expr.accept(this);
  }
  visitBinary(b) {
    b.left.accept(this);
    b.right.accept(this);
  }
  visitLogical(l) {
    for (const a of l.args) a.accept(this);
  }
  visitGrouping(g) {
    g.group.accept(this);
  }
  visitContextAccess(c) {
    this.references.push({ path: [c.name.lexeme], open: false, column: c.name.range.start.column });
  }
  visitIndexAccess(ia) {
    const chain = [];
    let node = ia;
    while (isIndexAccess(node)) {
      chain.unshift(node.index);
      node = node.expr;
    }
    if (!isContextAccess(node)) {
      node.accept(this);
      for (const idx of chain) if (!isStar(idx)) idx.accept(this);
      return;
    }
    const ref = { path: [node.name.lexeme], open: false, column: node.name.range.start.column };
    let literalPrefix = true;
    for (const idx of chain) {
      if (literalPrefix && isLiteral(idx) && (idx.literal.kind === Kind.String || idx.literal.kind === Kind.Number)) {
        const v = idx.literal.value;
        ref.path.push(idx.literal.kind === Kind.String ? String(v) : Number(v));
      } else {
        literalPrefix = false;
        ref.open = true;
        if (!isStar(idx)) idx.accept(this);
      }
    }
    this.references.push(ref);
  }
  visitFunctionCall(f) {
    this.functions.push({ name: f.functionName.lexeme, column: f.functionName.range.start.column });
    for (const a of f.args) a.accept(this);
  }
};
function isIndexAccess(e) {
  return e instanceof IndexAccess;
}
function isContextAccess(e) {
  return e instanceof ContextAccess;
}
function isStar(e) {
  return e instanceof Star;
}
function isLiteral(e) {
  return e instanceof Literal;
}
function collectReferences(ast) {
  const c = new Collector();
  ast.accept(c);
  return { references: c.references, functions: c.functions };
}

// core/expressions/parse.ts
var ALL_CONTEXTS = ["inputs", "nodes", "run", "item", "index", "output", "request"];
var cache = /* @__PURE__ */ new Map();
var CACHE_LIMIT = 5e4;
function parseExpression(source) {
  const hit = cache.get(source);
  if (hit) return hit;
  let result;
  try {
    const { tokens } = new Lexer(source).lex();
    const ast = new Parser(tokens, ALL_CONTEXTS, []).parse();
    result = { ast, ...collectReferences(ast) };
  } catch (error) {
    const e = error;
    const message = cleanMessage(e.message, source);
    result = { error: { message, column: e.tok?.range?.start.column ?? 0 }, references: [], functions: [] };
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(source, result);
  return result;
}
function cleanMessage(message, source) {
  if (source.trim() === "") return "Empty expression: write something between ${{ and }}";
  return message.replace(/\. Located at position \d+ within expression: .*$/s, "");
}

// core/expressions/evaluate.ts
var MAX_DEPTH = 64;
var ExpressionEvalError = class extends Error {
  name = "ExpressionEvalError";
};
function toData(value, depth = 0) {
  if (depth > MAX_DEPTH) throw new ExpressionEvalError("Value is nested too deeply to use in an expression.");
  if (value === null || value === void 0) return new data.Null();
  if (typeof value === "string") return new data.StringData(value);
  if (typeof value === "number") return new data.NumberData(value);
  if (typeof value === "boolean") return new data.BooleanData(value);
  if (Array.isArray(value)) return new data.Array(...value.map((v) => toData(v, depth + 1)));
  if (typeof value === "object") {
    const dict = new data.Dictionary();
    for (const key of Object.keys(value))
      dict.add(key, toData(value[key], depth + 1));
    return dict;
  }
  return new data.Null();
}
function fromData(d) {
  switch (d.kind) {
    case data.Kind.Null:
      return null;
    case data.Kind.String:
    case data.Kind.Number:
    case data.Kind.Boolean:
      return d.value;
    case data.Kind.Array:
      return d.values().map(fromData);
    default: {
      const out = {};
      for (const { key, value } of d.pairs()) out[key] = fromData(value);
      return out;
    }
  }
}
function evaluateAst(ast, context) {
  return fromData(new Evaluator(ast, toData(context)).evaluate());
}
function isTruthy(value) {
  return truthy(toData(value));
}
function evaluateSource(source, context) {
  const parsed = parseExpression(source);
  if (!parsed.ast) throw new ExpressionEvalError(parsed.error?.message ?? "Invalid expression");
  return evaluateAst(parsed.ast, context);
}
function resolveTemplated(value, context) {
  if (typeof value === "string") {
    if (!value.includes("${{")) return value;
    const split = splitTemplate(value);
    if (split.unclosedAt !== void 0) throw new ExpressionEvalError("Unclosed ${{ in value.");
    const sole = soleExpression(split);
    if (sole) return evaluateSource(sole.source, context);
    return split.parts.map((p) => p.kind === "text" ? p.text : toData(evaluateSource(p.source, context)).coerceString()).join("");
  }
  if (Array.isArray(value)) return value.map((v) => resolveTemplated(v, context));
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value))
      out[key] = resolveTemplated(value[key], context);
    return out;
  }
  return value;
}

export {
  parseExpression,
  splitTemplate,
  soleExpression,
  parseTemplate,
  usedVariables,
  strayRelativeRefs,
  evaluateAst,
  isTruthy,
  evaluateSource,
  resolveTemplated
};
