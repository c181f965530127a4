import { type Expr, Lexer, Parser } from "@actions/expressions";
import { collectReferences, type FunctionUse, type Reference } from "./references.ts";

export interface ParsedExpression {
  ast?: Expr;
  /** `column` is 0-based within the expression source. */
  error?: { message: string; column: number };
  /** Context accesses and function calls of the expression (empty when it did not parse). */
  references: Reference[];
  functions: FunctionUse[];
}

/** Every context any expression may name; scopes narrow it (see `scope.ts`). */
export const ALL_CONTEXTS = ["inputs", "nodes", "run", "item", "index", "output", "request"];

const cache = new Map<string, ParsedExpression>();
const CACHE_LIMIT = 50_000;

/**
 * Parses an expression with GitHub's own parser. Contexts are checked later against the scope of the
 * place the expression is written, so the parser accepts all of them and reports syntax only.
 */
export function parseExpression(source: string): ParsedExpression {
  const hit = cache.get(source);
  if (hit) return hit;
  let result: ParsedExpression;
  try {
    const { tokens } = new Lexer(source).lex();
    const ast = new Parser(tokens, ALL_CONTEXTS, []).parse();
    result = { ast, ...collectReferences(ast) };
  } catch (error) {
    const e = error as Error & { tok?: { range?: { start: { column: number } } } };
    const message = cleanMessage(e.message, source);
    result = { error: { message, column: e.tok?.range?.start.column ?? 0 }, references: [], functions: [] };
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(source, result);
  return result;
}

function cleanMessage(message: string, source: string): string {
  if (source.trim() === "") return "Empty expression: write something between ${{ and }}";
  return message.replace(/\. Located at position \d+ within expression: .*$/s, "");
}
