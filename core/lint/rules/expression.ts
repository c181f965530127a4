import { formatList, suggestion } from "../../text/did-you-mean.ts";
import type { ExpressionSite } from "../analysis/expression-sites.ts";
import { sitePosition } from "../analysis/expression-sites.ts";
import { NODE_FIELDS, RUN_FIELDS } from "../analysis/scope.ts";
import type { LintRule, RuleContext } from "../rule.ts";

export const REQUEST_FIELDS = [
  "input_tokens",
  "max_tokens",
  "prompt",
  "workflow",
  "node",
  "tenant",
  "metadata",
] as const;

const CONTEXT_HELP: Record<string, string> = {
  item: "item and index exist only in nodes with for_each (and not in their if or for_each)",
  index: "item and index exist only in nodes with for_each (and not in their if or for_each)",
  output: "output exists only in checks and assertion transforms",
  request: "request exists only in route conditions",
  inputs: "inputs exists only in workflows",
  nodes: "nodes exists only in workflows",
  run: "run exists only in workflows",
};

/**
 * Every `${{ }}` must parse with GitHub's parser, name only contexts available where it is written,
 * and reach only nodes that are upstream of it (so their results exist when it is evaluated).
 */
export const expression: LintRule = {
  id: "expression",
  description:
    "Expressions must parse, use only the contexts available where they are written, and read only upstream nodes and declared inputs.",
  severity: "error",
  check(ctx) {
    for (const u of ctx.analysis.unclosed) {
      ctx.report(u.file.locate(u.path), "Unclosed ${{ expression: add the closing }}.");
    }
    for (const site of ctx.analysis.sites) checkSite(ctx, site);
  },
};

function checkSite(ctx: RuleContext, site: ExpressionSite): void {
  if (site.parsed.error) {
    const unknown = /^Unrecognized named-value: '([^']*)'/.exec(site.parsed.error.message)?.[1];
    if (unknown !== undefined) {
      ctx.report(
        sitePosition(site, site.parsed.error.column),
        `"${unknown}" is not a context. Available in ${site.scope.where}: ${formatList([...site.scope.contexts].sort(), false)}.${suggestion(unknown, site.scope.contexts)}`,
      );
      return;
    }
    ctx.report(
      sitePosition(site, site.parsed.error.column),
      `Invalid expression in ${site.scope.where}: ${site.parsed.error.message}.`,
    );
    return;
  }
  const { scope } = site;
  for (const ref of site.references) {
    const at = () => sitePosition(site, ref.column);
    const [root, first, second] = ref.path as [
      string,
      string | number | undefined,
      string | number | undefined,
    ];
    if (!scope.contexts.has(root)) {
      const help = CONTEXT_HELP[root];
      ctx.report(
        at(),
        `"${root}" is not available in ${scope.where}${help ? `: ${help}` : ""}. Available here: ${formatList([...scope.contexts].sort(), false)}.`,
      );
      continue;
    }
    switch (root) {
      case "nodes": {
        if (first === undefined) {
          ctx.report(
            at(),
            `Read a specific node (nodes.NAME.output), not the whole nodes context, in ${scope.where}.`,
          );
          break;
        }
        const id = String(first);
        if (site.workflow?.wasDropped("nodes", id)) break; // invalid node: reported by schema
        const wf = site.workflow?.data;
        if (!wf || !Object.hasOwn(wf.nodes, id)) {
          ctx.report(
            at(),
            `Unknown node "${id}" in ${scope.where}.${suggestion(id, wf ? [...Object.keys(wf.nodes), ...(site.workflow?.dropped.get("nodes") ?? [])] : [])}`,
          );
          break;
        }
        if (id === scope.node) {
          ctx.report(at(), `Node "${id}" cannot read its own result in ${scope.where}.`);
          break;
        }
        if (scope.nodes && !scope.nodes.has(id)) {
          ctx.report(
            at(),
            `Node "${id}" is not upstream of "${scope.node}", so its result may not exist yet. Add "${id}" to the needs of "${scope.node}".`,
          );
          break;
        }
        if (second !== undefined && !(NODE_FIELDS as readonly string[]).includes(String(second))) {
          ctx.report(
            at(),
            `nodes.${id}.${String(second)} does not exist: a node has ${formatList(NODE_FIELDS)}.${suggestion(String(second), NODE_FIELDS)}`,
          );
        }
        break;
      }
      case "inputs": {
        if (first === undefined || !scope.inputs) break;
        const name = String(first);
        if (!scope.inputs.has(name)) {
          ctx.report(
            at(),
            `Input "${name}" is not declared by workflow "${site.workflow?.data.name}". Declare it under inputs.${suggestion(name, scope.inputs)}`,
          );
        }
        break;
      }
      case "run":
        if (first !== undefined && !(RUN_FIELDS as readonly string[]).includes(String(first))) {
          ctx.report(
            at(),
            `run.${String(first)} does not exist: run has ${formatList(RUN_FIELDS)}.${suggestion(String(first), RUN_FIELDS)}`,
          );
        }
        break;
      case "request":
        if (first !== undefined && !(REQUEST_FIELDS as readonly string[]).includes(String(first))) {
          ctx.report(
            at(),
            `request.${String(first)} does not exist: request has ${formatList(REQUEST_FIELDS)}.${suggestion(String(first), REQUEST_FIELDS)}`,
          );
        }
        break;
      default:
        break;
    }
  }
}
