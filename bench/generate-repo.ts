/**
 * Generates a large, valid governed repository: `workflows` workflow files of `nodesPerWorkflow`
 * nodes each (every node type, DAG edges, expressions over upstream nodes), with prompts and routes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { rng } from "../test/helpers/random.ts";

export interface GeneratedRepo {
  files: number;
  workflows: number;
  nodes: number;
  bytes: number;
}

export function generateRepo(
  dir: string,
  options: { workflows: number; nodesPerWorkflow: number; tenants: number; promptsPerTenant: number },
): GeneratedRepo {
  const rand = rng(7).int;
  let files = 0;
  let bytes = 0;
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
    files++;
    bytes += Buffer.byteLength(text);
  };
  write(
    "charter.yml",
    "apiVersion: charter/v1\nkind: Charter\nname: bench\ngovernance:\n  owners: [team:acme/gov]\n",
  );
  write(
    "models.yml",
    `apiVersion: charter/v1\nkind: Models\nproviders:\n  openai: { type: openai }\nmodels:\n${Array.from({ length: 4 }, (_, i) => `  m${i}: { provider: openai, model: gpt-${i}, input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 }\n`).join("")}`,
  );
  write(
    "tools/crm.yml",
    `apiVersion: charter/v1\nkind: ToolCatalog\nnamespace: crm\nconnector: { type: http, base_url: "https://crm.example.com" }\ntools:\n${Array.from({ length: 10 }, (_, i) => `  t${i}:\n    description: Tool ${i}.\n    effect: ${i % 3 === 0 ? "write" : "read"}\n    input: { type: object, properties: { id: { type: string }, text: { type: string } } }\n`).join("")}`,
  );
  const perTenant = Math.ceil(options.workflows / options.tenants);
  let nodes = 0;
  let made = 0;
  for (let t = 0; t < options.tenants; t++) {
    const tenant = `tenant-${t}`;
    write(
      `tenants/${tenant}/tenant.yml`,
      `apiVersion: charter/v1\nkind: Tenant\nname: ${tenant}\napprovals:\n  required: 1\n  approvers: [team:acme/${tenant}]\nbudget: { max_usd_per_run: 5, max_usd_per_day: 100 }\nallow:\n  providers: [openai]\n  models: ["*"]\n  tools: [crm.*]\n`,
    );
    write(
      `tenants/${tenant}/routes.yml`,
      `apiVersion: charter/v1\nkind: Routes\nroutes:\n${Array.from({ length: 5 }, (_, i) => `  r${i}:\n    strategy: fallback\n    targets:\n      - model: m${i % 4}\n        params: { temperature: 0, max_tokens: 500 }\n      - model: m${(i + 1) % 4}\n    retry: { max_attempts: 2, initial_interval: 1s }\n    timeout: 60s\n`).join("")}`,
    );
    for (let p = 0; p < options.promptsPerTenant; p++) {
      write(
        `tenants/${tenant}/prompts/p${p}.yml`,
        `apiVersion: charter/v1\nkind: Prompt\nname: p${p}\nversion: 1.${p}.0\ndescription: Prompt ${p}.\nvariables:\n  text: { type: string }\n  context: { type: string, required: false }\nmessages:\n  - role: system\n    content: |\n      You are assistant number ${p}. Answer briefly and cite the context when it is given.\n      {{#context}}Context: {{ context }}{{/context}}\n  - role: user\n    content: "{{ text }}"\noutput:\n  format: json\n  schema: { type: object, properties: { answer: { type: string }, score: { type: number } } }\n`,
      );
    }
    write(`tenants/${tenant}/knowledge/docs/a.md`, "# Doc\nText.\n");
    for (let w = 0; w < perTenant && made < options.workflows; w++, made++) {
      const lines = [
        "apiVersion: charter/v1",
        "kind: Workflow",
        `name: w${w}`,
        `version: 1.0.${w}`,
        `description: Generated workflow ${w} of ${tenant}.`,
        "inputs:",
        "  text: { type: string }",
        "  id: { type: string }",
        "budget: { max_usd: 1.5, timeout: 5m }",
        "nodes:",
      ];
      const ids: string[] = [];
      for (let n = 0; n < options.nodesPerWorkflow; n++) {
        const id = `n${n}`;
        const needs = ids.length
          ? [...new Set([ids[rand(ids.length)]!, ids[Math.max(0, ids.length - 1 - rand(3))]!])]
          : [];
        const up = needs[0];
        const kind = n === 0 ? 0 : rand(10);
        lines.push(`  ${id}:`);
        if (needs.length) lines.push(`    needs: [${needs.join(", ")}]`);
        if (kind <= 4) {
          lines.push(
            "    type: llm",
            `    prompt: p${rand(options.promptsPerTenant)}`,
            `    route: r${rand(5)}`,
            "    with:",
          );
          lines.push(up ? `      text: \${{ nodes.${up}.output.answer }}` : "      text: ${{ inputs.text }}");
          if (up && rand(2)) lines.push(`      context: "\${{ inputs.text }} / \${{ nodes.${up}.status }}"`);
          lines.push(
            "    retry: { max_attempts: 3, initial_interval: 1s }",
            "    checks:",
            "      - { type: json-schema }",
          );
        } else if (kind <= 6) {
          lines.push(
            "    type: tool",
            `    tool: crm.t${rand(10)}`,
            "    with:",
            "      id: ${{ inputs.id }}",
          );
          if (up) lines.push(`      text: \${{ toJSON(nodes.${up}.output) }}`);
        } else if (kind === 7) {
          lines.push("    type: transform", "    value:");
          lines.push(
            up ? `      merged: \${{ nodes.${up}.output }}` : "      merged: ${{ inputs.text }}",
            `      label: "node ${n}"`,
          );
        } else if (kind === 8) {
          lines.push(
            "    type: retrieve",
            "    knowledge: docs",
            `    query: \${{ ${up ? `nodes.${up}.output.answer` : "inputs.text"} }}`,
            "    top_k: 3",
          );
        } else {
          lines.push("    type: approval", `    approvers: [team:acme/${tenant}]`);
          if (up) lines.push(`    if: \${{ nodes.${up}.output.score > 0.5 }}`);
        }
        ids.push(id);
        nodes++;
      }
      lines.push("outputs:", `  result: \${{ nodes.${ids[ids.length - 1]}.output }}`);
      for (const id of ids.slice(0, -1)) lines.push(`  ${id}: \${{ nodes.${id}.status }}`);
      write(`tenants/${tenant}/workflows/w${w}.yml`, `${lines.join("\n")}\n`);
    }
  }
  return { files, workflows: made, nodes, bytes };
}
