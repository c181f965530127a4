/**
 * Diff + render of a 1,000-node workflow with 5% of its nodes changed, against the time to load both
 * states (parse and validate) in the same run. Target: diff + render ≤ 0.5× loading.
 */
import { diffRepos } from "../core/diff/diff.ts";
import { loadRepo } from "../core/model/load.ts";
import { diffMarkdown, GITHUB_COMMENT_LIMIT } from "../core/report/diff-markdown.ts";
import { MemorySource } from "../core/source/memory-source.ts";
import { ms, timeMedian } from "./stats.ts";

function workflow(nodes: number, changed: ReadonlySet<number>): string {
  const lines = [
    "apiVersion: charter/v1",
    "kind: Workflow",
    "name: big",
    "version: 1.0.0",
    "inputs:",
    "  text: { type: string }",
    "budget: { max_usd: 1, timeout: 5m }",
    "nodes:",
  ];
  for (let i = 0; i < nodes; i++) {
    const needs = i === 0 ? [] : [...new Set([Math.floor(i / 2), i - 1])].map((n) => `n${n}`);
    const up = needs[0];
    lines.push(`  n${i}:`);
    if (needs.length) lines.push(`    needs: [${needs.join(", ")}]`);
    if (i % 4 === 0) {
      lines.push(
        "    type: llm",
        "    prompt: p",
        `    route: ${changed.has(i) ? "careful" : "fast"}`,
        "    with:",
        `      text: \${{ ${up ? `nodes.${up}.output` : "inputs.text"} }}`,
      );
    } else {
      lines.push(
        "    type: transform",
        `    value: \${{ ${up ? `nodes.${up}.output` : "inputs.text"} }}${changed.has(i) ? "-v2" : ""}`,
      );
    }
  }
  lines.push("outputs:", `  last: \${{ nodes.n${nodes - 1}.output }}`);
  return `${lines.join("\n")}\n`;
}

function repo(wf: string): Record<string, string> {
  return {
    "charter.yml": "apiVersion: charter/v1\nkind: Charter\nname: bench\ngovernance: { owners: [team:a/b] }\n",
    "models.yml":
      "apiVersion: charter/v1\nkind: Models\nproviders: { openai: { type: openai } }\nmodels: { m: { provider: openai, model: x } }\n",
    "tenants/t/tenant.yml":
      "apiVersion: charter/v1\nkind: Tenant\nname: t\napprovals: { approvers: [team:a/b] }\nbudget: { max_usd_per_run: 5 }\nallow: { providers: [openai], models: [m] }\n",
    "tenants/t/routes.yml":
      "apiVersion: charter/v1\nkind: Routes\nroutes:\n  fast: { targets: [{ model: m }] }\n  careful: { targets: [{ model: m }] }\n",
    "tenants/t/prompts/p.yml":
      "apiVersion: charter/v1\nkind: Prompt\nname: p\nversion: 1.0.0\nvariables: { text: {} }\nmessages: [{ role: user, content: '{{ text }}' }]\n",
    "tenants/t/workflows/big.yml": wf,
  };
}

export async function run(args: string[]): Promise<void> {
  const nodes = Number(args[0] ?? 1000);
  const changed = new Set(Array.from({ length: nodes }, (_, i) => i).filter((i) => (i * 7919) % 100 < 5));
  const base = repo(workflow(nodes, new Set()));
  const head = repo(workflow(nodes, changed));
  const load = async () => Promise.all([loadRepo(new MemorySource(base)), loadRepo(new MemorySource(head))]);
  const [b, h] = await load();
  if (b.diagnostics.length + h.diagnostics.length > 0)
    throw new Error(JSON.stringify([...b.diagnostics, ...h.diagnostics].slice(0, 3)));
  let body = "";
  const diffAndRender = async () => {
    const set = await diffRepos(b.repo, h.repo);
    body = diffMarkdown(set).body;
    return set;
  };
  await diffAndRender();
  const runs = 9;
  const loading = await timeMedian(runs, load);
  const rendering = await timeMedian(runs, diffAndRender);
  const set = await diffAndRender();
  const ratio = rendering.median / loading.median;
  console.log(
    `workflow of ${nodes} nodes, ${changed.size} changed (${((changed.size / nodes) * 100).toFixed(1)}%); ${set.changes.length} changes found`,
  );
  console.log(`load base + head (parse + validate): ${ms(loading.median)}  (median of ${runs})`);
  console.log(`diff + render (change set, Mermaid, comment): ${ms(rendering.median)}  (median of ${runs})`);
  console.log(
    `ratio diff+render / load: ${ratio.toFixed(2)}×  (target ≤ 0.5×: ${ratio <= 0.5 ? "met" : "NOT met"})`,
  );
  console.log(
    `comment: ${body.length.toLocaleString("en")} characters (GitHub limit ${GITHUB_COMMENT_LIMIT.toLocaleString("en")})`,
  );
}
