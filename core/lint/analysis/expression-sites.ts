/**
 * Finds every `${{ }}` expression in a repository, with the scope of the place it is written, parsed
 * once. Rules read these sites instead of walking YAML themselves.
 */
import type { WorkflowFile } from "../../../workflows-schema/index.ts";
import type { Position } from "../../diagnostics/diagnostic.ts";
import { type ParsedExpression, parseExpression } from "../../expressions/parse.ts";
import type { FunctionUse, Reference } from "../../expressions/references.ts";
import { soleExpression, splitTemplate } from "../../expressions/template.ts";
import { workflowGraph } from "../../graph/workflow-graph.ts";
import type { Entity } from "../../model/entity.ts";
import type { GovernedRepo } from "../../model/repo.ts";
import type { PathSegment, YamlFile } from "../../source/yaml-file.ts";
import type { Scope } from "./scope.ts";

export interface ExpressionSite {
  tenant: string;
  file: YamlFile;
  /** YAML path of the string holding the expression. */
  path: PathSegment[];
  /** Expression text between `${{` and `}}`. */
  source: string;
  scope: Scope;
  parsed: ParsedExpression;
  references: Reference[];
  functions: FunctionUse[];
  /** The whole string is this one expression (its value keeps its type). */
  sole: boolean;
  /** Written without `${{ }}` in a field that is always an expression (`if`, `for_each`, conditions). */
  implicit: boolean;
  /** Workflow and node the site belongs to, when it is in a workflow. */
  workflow?: Entity<WorkflowFile>;
  node?: string;
  field: string;
}

export interface UnclosedExpression {
  file: YamlFile;
  path: PathSegment[];
}

const BASE_CONTEXTS = ["inputs", "nodes", "run"];

/** Context sets are shared, not rebuilt per field: (item/index?, output?) → set. */
const CONTEXT_SETS = new Map<string, ReadonlySet<string>>();
function contexts(withItem: boolean, extra: readonly string[]): ReadonlySet<string> {
  const key = `${withItem}:${extra.join(",")}`;
  let set = CONTEXT_SETS.get(key);
  if (!set) {
    set = new Set([...BASE_CONTEXTS, ...(withItem ? ["item", "index"] : []), ...extra]);
    CONTEXT_SETS.set(key, set);
  }
  return set;
}

export function collectExpressionSites(repo: GovernedRepo): {
  sites: ExpressionSite[];
  unclosed: UnclosedExpression[];
} {
  const sites: ExpressionSite[] = [];
  const unclosed: UnclosedExpression[] = [];

  const visitString = (
    s: string,
    path: PathSegment[],
    file: YamlFile,
    base: Omit<
      ExpressionSite,
      "path" | "source" | "parsed" | "references" | "functions" | "sole" | "implicit" | "file"
    >,
    implicit: boolean,
  ) => {
    let split = splitTemplate(s);
    let isImplicit = false;
    if (implicit && !s.includes("${{")) {
      split = { parts: [{ kind: "expr", source: s, offset: 0 }] };
      isImplicit = true;
    }
    if (split.unclosedAt !== undefined) unclosed.push({ file, path });
    const sole = soleExpression(split) !== undefined;
    for (const part of split.parts) {
      if (part.kind !== "expr") continue;
      const parsed = parseExpression(part.source);
      // Explicit fields, not `...base`: spreading gives every site a slow dictionary-mode shape
      // (measured: 4× slower on 50k sites).
      sites.push({
        tenant: base.tenant,
        scope: base.scope,
        workflow: base.workflow,
        node: base.node,
        field: base.field,
        file,
        path,
        source: part.source,
        parsed,
        references: parsed.references,
        functions: parsed.functions,
        sole,
        implicit: isImplicit,
      });
    }
  };

  const walk = (
    value: unknown,
    path: PathSegment[],
    file: YamlFile,
    base: Parameters<typeof visitString>[3],
    implicit = false,
  ) => {
    if (typeof value === "string") {
      if (implicit || value.includes("${{")) visitString(value, path, file, base, implicit);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => {
        walk(v, [...path, i], file, base);
      });
    } else if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k], file, base);
    }
  };

  for (const tenant of repo.tenants.values()) {
    for (const wf of tenant.all.workflows) {
      const data = wf.data;
      const { graph } = workflowGraph(data);
      const allNodes = new Set(Object.keys(data.nodes));
      const inputs = new Set(Object.keys(data.inputs));
      for (const [id, node] of Object.entries(data.nodes)) {
        const upstream = graph.ancestors(id);
        const fanOut = node.for_each !== undefined;
        const scopeFor = (field: string, extra: string[] = [], withItem = fanOut): Scope => ({
          contexts: contexts(withItem, extra),
          nodes: upstream,
          node: id,
          inputs,
          where: `the ${field} of node "${id}"`,
        });
        const base = (field: string, scope: Scope) => ({
          tenant: tenant.name,
          scope,
          workflow: wf,
          node: id,
          field,
        });
        const at = (...rest: PathSegment[]): PathSegment[] => ["nodes", id, ...rest];
        if (node.if !== undefined)
          walk(node.if, at("if"), wf.file, base("if", scopeFor("`if`", [], false)), true);
        if (node.for_each !== undefined) {
          walk(
            node.for_each,
            at("for_each"),
            wf.file,
            base("for_each", scopeFor("`for_each`", [], false)),
            true,
          );
        }
        if (node.on_error?.default !== undefined) {
          walk(
            node.on_error.default,
            at("on_error", "default"),
            wf.file,
            base("on_error", scopeFor("`on_error.default`")),
          );
        }
        node.checks.forEach((check, i) => {
          if (check.value === undefined) return;
          const scope = scopeFor("check", ["output"]);
          walk(
            check.value,
            at("checks", i, "value"),
            wf.file,
            base("check", scope),
            check.type === "expression",
          );
        });
        switch (node.type) {
          case "llm":
          case "tool":
          case "workflow":
            walk(node.with, at("with"), wf.file, base("with", scopeFor("`with`")));
            if (node.type === "tool" && node.idempotency_key !== undefined) {
              walk(
                node.idempotency_key,
                at("idempotency_key"),
                wf.file,
                base("idempotency_key", scopeFor("`idempotency_key`")),
              );
            }
            break;
          case "transform":
            walk(node.value, at("value"), wf.file, base("value", scopeFor("`value`")));
            break;
          case "retrieve":
            walk(node.query, at("query"), wf.file, base("query", scopeFor("`query`")));
            break;
          case "approval":
            if (node.message !== undefined)
              walk(node.message, at("message"), wf.file, base("message", scopeFor("`message`")));
            break;
        }
      }
      const outScope: Scope = {
        contexts: contexts(false, []),
        nodes: allNodes,
        inputs,
        where: "the workflow outputs",
      };
      walk(data.outputs, ["outputs"], wf.file, {
        tenant: tenant.name,
        scope: outScope,
        workflow: wf,
        field: "outputs",
      });
    }

    const routes = tenant.routes;
    if (routes) {
      for (const [name, route] of Object.entries(routes.data.routes)) {
        route.conditions.forEach((c, i) => {
          const scope: Scope = { contexts: new Set(["request"]), where: `a condition of route "${name}"` };
          walk(
            c.if,
            ["routes", name, "conditions", i, "if"],
            routes.file,
            { tenant: tenant.name, scope, field: "condition" },
            true,
          );
        });
      }
    }

    for (const suite of tenant.all.evals) {
      const visitAssertions = (list: { transform?: string }[], prefix: PathSegment[]) => {
        list.forEach((a, i) => {
          if (a.transform === undefined) return;
          const scope: Scope = { contexts: new Set(["output"]), where: "an assertion's `transform`" };
          walk(
            a.transform,
            [...prefix, i, "transform"],
            suite.file,
            { tenant: tenant.name, scope, field: "transform" },
            true,
          );
        });
      };
      visitAssertions(suite.data.defaults?.assert ?? [], ["defaults", "assert"]);
      suite.data.cases.forEach((c, i) => {
        visitAssertions(c.assert, ["cases", i, "assert"]);
      });
    }
  }
  return { sites, unclosed };
}

/**
 * Position of a column inside a site's expression: found in the raw YAML text of the scalar, so it is
 * exact for plain and quoted one-line strings and falls back to the scalar's start otherwise.
 */
export function sitePosition(site: Pick<ExpressionSite, "file" | "path" | "source">, column = 0): Position {
  const { node } = site.file.nodeAt(site.path);
  const range = node?.range;
  if (!range) return site.file.locate(site.path);
  const raw = site.file.text.slice(range[0], range[1]);
  const idx = site.source.trim() ? raw.indexOf(site.source) : -1;
  const offset = idx >= 0 ? range[0] + idx + column : range[0];
  const start = site.file.positionAt(offset);
  return idx >= 0
    ? { ...start, ...endOf(site.file, range[0] + idx + site.source.length) }
    : site.file.locate(site.path);
}

function endOf(file: YamlFile, offset: number): { endLine: number; endColumn: number } {
  const p = file.positionAt(offset);
  return { endLine: p.line, endColumn: p.column };
}
