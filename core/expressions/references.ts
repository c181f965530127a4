import type { Expr } from "@actions/expressions";
import {
  type Binary,
  ContextAccess,
  type ExprVisitor,
  type FunctionCall,
  type Grouping,
  IndexAccess,
  Literal,
  type Logical,
  Star,
  type Unary,
} from "@actions/expressions/ast";
import { Kind } from "@actions/expressions/data/expressiondata";

/** One access to a context, e.g. `nodes.classify.output.category` → ["nodes", "classify", "output", "category"]. */
export interface Reference {
  /** The context name first, then every literal key; stops at the first computed index or `*`. */
  path: (string | number)[];
  /** True when the access continues with a computed index or `*` beyond `path`. */
  open: boolean;
  /** 0-based column of the context name within the expression. */
  column: number;
}

export interface FunctionUse {
  name: string;
  column: number;
}

class Collector implements ExprVisitor<void> {
  readonly references: Reference[] = [];
  readonly functions: FunctionUse[] = [];

  visitLiteral(_: Literal): void {}
  visitUnary(u: Unary): void {
    u.expr.accept(this);
  }
  visitBinary(b: Binary): void {
    b.left.accept(this);
    b.right.accept(this);
  }
  visitLogical(l: Logical): void {
    for (const a of l.args) a.accept(this);
  }
  visitGrouping(g: Grouping): void {
    g.group.accept(this);
  }
  visitContextAccess(c: ContextAccess): void {
    this.references.push({ path: [c.name.lexeme], open: false, column: c.name.range.start.column });
  }
  visitIndexAccess(ia: IndexAccess): void {
    // Walk down the chain of index accesses to its root.
    const chain: Expr[] = [];
    let node: Expr = ia;
    while (isIndexAccess(node)) {
      chain.unshift(node.index);
      node = node.expr;
    }
    if (!isContextAccess(node)) {
      node.accept(this);
      for (const idx of chain) if (!isStar(idx)) idx.accept(this);
      return;
    }
    const ref: Reference = { path: [node.name.lexeme], open: false, column: node.name.range.start.column };
    let literalPrefix = true;
    for (const idx of chain) {
      if (
        literalPrefix &&
        isLiteral(idx) &&
        (idx.literal.kind === Kind.String || idx.literal.kind === Kind.Number)
      ) {
        const v = (idx.literal as unknown as { value: string | number }).value;
        ref.path.push(idx.literal.kind === Kind.String ? String(v) : Number(v));
      } else {
        literalPrefix = false;
        ref.open = true;
        if (!isStar(idx)) idx.accept(this);
      }
    }
    this.references.push(ref);
  }
  visitFunctionCall(f: FunctionCall): void {
    this.functions.push({ name: f.functionName.lexeme, column: f.functionName.range.start.column });
    for (const a of f.args) a.accept(this);
  }
}

function isIndexAccess(e: Expr): e is IndexAccess {
  return e instanceof IndexAccess;
}
function isContextAccess(e: Expr): e is ContextAccess {
  return e instanceof ContextAccess;
}
/** `*` (object filter) has no visitor method; it holds nothing to collect. */
function isStar(e: Expr): boolean {
  return e instanceof Star;
}
function isLiteral(e: Expr): e is Literal {
  return e instanceof Literal;
}

export function collectReferences(ast: Expr): { references: Reference[]; functions: FunctionUse[] } {
  const c = new Collector();
  ast.accept(c);
  return { references: c.references, functions: c.functions };
}
