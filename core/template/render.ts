import type { TemplateNode, VarRef } from "./parse.ts";

export const RENDER_LIMITS = { maxOutputChars: 1_000_000, maxDepth: 32 };

export class TemplateRenderError extends Error {
  override name = "TemplateRenderError";
}

/** Own-property lookup only: a template can never reach a prototype, a getter on a class or a function. */
function lookup(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    if (!Object.hasOwn(v, seg)) return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return typeof v === "function" ? undefined : v;
}

function toText(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return v !== undefined && v !== null && v !== false && v !== "" && v !== 0;
}

/** Renders a parsed template. Output is bounded; exceeding the bound is an error, not a truncation. */
export function renderTemplate(nodes: readonly TemplateNode[], variables: Record<string, unknown>): string {
  let out = "";
  const resolve = (ref: VarRef, scope: unknown[]): unknown =>
    ref.relative ? lookup(scope[scope.length - 1], ref.path) : lookup(variables, ref.path);
  const append = (s: string) => {
    out += s;
    if (out.length > RENDER_LIMITS.maxOutputChars) {
      throw new TemplateRenderError(`Rendered prompt exceeds ${RENDER_LIMITS.maxOutputChars} characters.`);
    }
  };
  const walk = (list: readonly TemplateNode[], scope: unknown[]) => {
    if (scope.length > RENDER_LIMITS.maxDepth)
      throw new TemplateRenderError("Sections are nested too deeply.");
    for (const n of list) {
      if (n.type === "text") append(n.text);
      else if (n.type === "var") append(toText(resolve(n.ref, scope)));
      else {
        const v = resolve(n.ref, scope);
        if (n.inverted) {
          if (!truthy(v)) walk(n.children, scope);
        } else if (Array.isArray(v)) {
          for (const item of v) walk(n.children, [...scope, item]);
        } else if (truthy(v)) {
          walk(n.children, [...scope, v]);
        }
      }
    }
  };
  walk(nodes, []);
  return out;
}
