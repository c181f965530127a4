/**
 * A small, valid governed repository as inline YAML, for tests to copy and break. Every file kind is
 * present once, and every node type appears in the workflow.
 */
import type { Tree } from "./tree.ts";

export const CHARTER = `apiVersion: charter/v1
kind: Charter
name: test-repo
governance:
  owners: [team:acme/governance]
`;

export const MODELS = `apiVersion: charter/v1
kind: Models
providers:
  openai: { type: openai }
  replay: { type: replay }
models:
  small: { provider: openai, model: gpt-4o-mini, input_cost_per_token: 0.0000001, output_cost_per_token: 0.0000004 }
  big: { provider: openai, model: gpt-4o, input_cost_per_token: 0.000002, output_cost_per_token: 0.00001 }
`;

export const TOOLS = `apiVersion: charter/v1
kind: ToolCatalog
namespace: crm
connector: { type: http, base_url: "https://crm.example.com" }
tools:
  lookup:
    description: Look up a customer.
    effect: read
    input: { type: object, properties: { email: { type: string } } }
  write_note:
    description: Write a note.
    effect: write
    input: { type: object, properties: { note: { type: string } } }
`;

export const TENANT = `apiVersion: charter/v1
kind: Tenant
name: support
approvals:
  required: 1
  approvers: [team:acme/support]
budget: { max_usd_per_run: 1.0, max_usd_per_day: 10 }
allow:
  providers: [openai, replay]
  models: [small, big]
  tools: [crm.*]
`;

export const ROUTES = `apiVersion: charter/v1
kind: Routes
routes:
  fast:
    targets:
      - model: small
  careful:
    targets:
      - model: big
      - model: small
`;

export const PROMPT = `apiVersion: charter/v1
kind: Prompt
name: classify
version: 1.0.0
variables:
  text: { type: string }
messages:
  - role: system
    content: Classify the text.
  - role: user
    content: "Text: {{ text }}"
output:
  format: json
  schema: { type: object, properties: { category: { type: string } } }
`;

export const WORKFLOW = `apiVersion: charter/v1
kind: Workflow
name: triage
version: 1.0.0
inputs:
  text: { type: string }
  email: { type: string }
budget: { max_usd: 0.5, timeout: 60s }
nodes:
  classify:
    type: llm
    prompt: classify
    route: fast
    with:
      text: \${{ inputs.text }}
  customer:
    type: tool
    tool: crm.lookup
    with: { email: "\${{ inputs.email }}" }
  docs:
    type: retrieve
    needs: [classify]
    knowledge: kb
    query: \${{ nodes.classify.output.category }}
  gate:
    type: approval
    needs: [classify]
    if: \${{ nodes.classify.output.category == 'billing' }}
    approvers: [team:acme/support]
  note:
    type: tool
    needs: [gate, customer, docs]
    tool: crm.write_note
    with: { note: "\${{ nodes.classify.output.category }}" }
    on_error: { fallback: fallback-note }
  fallback-note:
    type: transform
    value: none
  sub:
    type: workflow
    workflow: helper
    version: 1.0.0
    with: { text: "\${{ inputs.text }}" }
outputs:
  category: \${{ nodes.classify.output.category }}
  sub: \${{ nodes.sub.output }}
`;

export const HELPER = `apiVersion: charter/v1
kind: Workflow
name: helper
version: 1.0.0
inputs:
  text: { type: string }
budget: { max_usd: 0.1, timeout: 10s }
nodes:
  echo:
    type: transform
    value: \${{ inputs.text }}
outputs:
  echo: \${{ nodes.echo.output }}
`;

export const EVAL = `apiVersion: charter/v1
kind: EvalSuite
name: classify
target: { prompt: classify }
routes: [fast]
cases:
  - id: one
    vars: { text: "I was charged twice" }
    assert:
      - { type: equals, transform: output.category, value: billing }
`;

export function validRepo(): Tree {
  return {
    "charter.yml": CHARTER,
    "models.yml": MODELS,
    "tools/crm.yml": TOOLS,
    "tenants/support/tenant.yml": TENANT,
    "tenants/support/routes.yml": ROUTES,
    "tenants/support/prompts/classify.yml": PROMPT,
    "tenants/support/workflows/triage.yml": WORKFLOW,
    "tenants/support/workflows/helper.yml": HELPER,
    "tenants/support/evals/classify.yml": EVAL,
    "tenants/support/knowledge/kb/refunds.md": "# Refunds\nWe refund duplicate charges.\n",
  };
}

/** Replaces `from` with `to` in one file of a tree, failing loudly when `from` is absent (so tests cannot silently test nothing). */
export function edit(tree: Tree, path: string, from: string | RegExp, to: string): Tree {
  const content = tree[path];
  if (typeof content !== "string") throw new Error(`edit: ${path} is not in the tree`);
  const found = typeof from === "string" ? content.includes(from) : from.test(content);
  if (!found) throw new Error(`edit: ${String(from)} not found in ${path}`);
  return { ...tree, [path]: content.replace(from, to) };
}
