/**
 * The conversation of a draft: a system message that says what Charter accepts and what the tenant
 * has (routes, prompts, tools, knowledge), the user's description, and — for each repair round —
 * the answer and the located diagnostics it produced. Everything is sorted and stable, so the same
 * draft against the same repository is the same request (and replays from the same cassette).
 */

import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { toolAllowed } from "../lint/walk.ts";
import type { GovernedRepo, Tenant } from "../model/repo.ts";
import type { ChatMessage } from "../providers/provider.ts";
import type { DraftFile } from "./candidate.ts";

const INSTRUCTIONS = `You draft workflows for Charter, a governed repository of AI workflows. Answer with one JSON object that matches the given JSON Schema: {"workflow": <a Workflow file>, "prompts": [<Prompt files>], "notes": "<for the reviewer>"}.

Rules:
- apiVersion is "charter/v1"; kinds are "Workflow" and "Prompt". Names are lower-case letters, digits and hyphens.
- A workflow is a DAG of nodes. "needs" lists the ids of nodes that must finish first; every id must exist and there must be no cycle.
- Reference data with expressions: \${{ inputs.NAME }}, \${{ nodes.ID.output }}, \${{ nodes.ID.output.FIELD }}. A node may only read nodes it (transitively) needs.
- An llm node names a prompt (an existing one below, or one you include in "prompts") and a route of this tenant; "with" passes exactly the prompt's declared variables.
- Prompts declare every {{ variable }} their messages use. Use output.format "json" with a schema when later nodes read fields of the output.
- Tool nodes may only call the tools listed below. Put a human "approval" node before any tool that writes.
- Include only new prompts (or, when revising a workflow, prompts you change). Do not repeat existing prompts.
- When revising an existing workflow, keep its name and bump its version.`;

function tenantFacts(repo: GovernedRepo, tenant: Tenant): string {
  const lines: string[] = [`Tenant: ${tenant.name}`];
  const routes = Object.entries(tenant.routes?.data.routes ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  lines.push(
    "Routes (for llm nodes):",
    ...(routes.length
      ? routes.map(([id, r]) => `- ${id}${r.description ? `: ${r.description}` : ""}`)
      : ["- (none)"]),
  );
  const prompts = [...tenant.prompts.values()].sort((a, b) => (a.data.name < b.data.name ? -1 : 1));
  lines.push(
    "Existing prompts (name@version: variables → output):",
    ...(prompts.length
      ? prompts.map((p) => {
          const vars = Object.keys(p.data.variables).sort().join(", ") || "none";
          return `- ${p.data.name}@${p.data.version}: ${vars} → ${p.data.output.format}${p.data.description ? ` (${p.data.description})` : ""}`;
        })
      : ["- (none)"]),
  );
  const allowed = tenant.config?.data.allow.tools ?? [];
  const tools: string[] = [];
  for (const [ns, catalog] of [...repo.tools].sort(([a], [b]) => (a < b ? -1 : 1)))
    for (const [name, tool] of Object.entries(catalog.data.tools).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const ref = `${ns}.${name}`;
      if (!toolAllowed(ref, allowed)) continue;
      const args = Object.keys((tool.input as { properties?: Record<string, unknown> }).properties ?? {});
      tools.push(`- ${ref} (${tool.effect}; arguments: ${args.sort().join(", ") || "none"})`);
    }
  lines.push("Tools this tenant may call:", ...(tools.length ? tools : ["- (none)"]));
  const knowledge = [...tenant.knowledge.keys()].sort();
  lines.push(`Knowledge collections: ${knowledge.length ? knowledge.join(", ") : "(none)"}`);
  const workflows = [...tenant.workflows.keys()].sort();
  lines.push(`Existing workflows: ${workflows.length ? workflows.join(", ") : "(none)"}`);
  return lines.join("\n");
}

export interface DraftRequestInput {
  repo: GovernedRepo;
  tenant: Tenant;
  description: string;
  /** With `--from`: the workflow's path and text. */
  from?: { path: string; text: string };
}

export function initialMessages(input: DraftRequestInput): ChatMessage[] {
  const user = input.from
    ? `Revise the workflow in ${input.from.path}:\n\n${input.from.text.trimEnd()}\n\nChange requested: ${input.description}`
    : `Draft a workflow: ${input.description}`;
  return [
    { role: "system", content: `${INSTRUCTIONS}\n\n${tenantFacts(input.repo, input.tenant)}` },
    { role: "user", content: user },
  ];
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity} [${d.rule}] ${d.message}`;
}

/** The follow-up after an answer that did not pass: what was wrong, where, and the files as written. */
export function repairMessage(
  problems: { diagnostics?: readonly Diagnostic[]; schema?: readonly string[] },
  files: readonly DraftFile[] = [],
): string {
  const parts: string[] = [];
  if (problems.schema?.length)
    parts.push("Your answer does not match the schema:", ...problems.schema.map((p) => `- ${p}`));
  if (problems.diagnostics?.length) {
    parts.push(
      "Your answer, written as files, fails `charter lint`:",
      ...problems.diagnostics.map((d) => `- ${formatDiagnostic(d)}`),
      "",
      "The files (line numbers as in the diagnostics):",
    );
    for (const f of files) {
      const numbered = f.text
        .trimEnd()
        .split("\n")
        .map((l, i) => `${String(i + 1).padStart(3)} | ${l}`)
        .join("\n");
      parts.push(`--- ${f.path}`, numbered);
    }
  }
  parts.push("", "Fix every problem and answer again with the complete JSON object.");
  return parts.join("\n");
}
