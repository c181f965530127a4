/**
 * A run told as a story (`charter explain RUN`): what ran, from which verified release, and for
 * each node in order — status, attempts, model and prompt version, tokens and cost, tools with their
 * (redacted) arguments, documents retrieved, approvals captured, fallbacks taken and why, checks —
 * with the workflow drawn as a Mermaid flowchart coloured by node status.
 */

import type { NodeRecord } from "../core/execute/records.ts";
import { renderDiagram } from "../core/mermaid/diagram.ts";
import { workflowDiagram } from "../core/mermaid/workflow-flowchart.ts";
import type { WorkflowFile } from "../workflows-schema/index.ts";
import type { ApprovalRow, RunRow } from "./store.ts";

export const STATUS_CLASSES: Record<string, string> = {
  succeeded: "fill:#dafbe1,stroke:#1a7f37,color:#0d1117",
  failed: "fill:#ffebe9,stroke:#cf222e,color:#0d1117",
  waiting: "fill:#fff8c5,stroke:#9a6700,color:#0d1117",
  skipped: "fill:#f6f8fa,stroke:#8c959f,color:#57606a,stroke-dasharray:4 3",
  cancelled: "fill:#f6f8fa,stroke:#8c959f,color:#57606a",
  recovered: "fill:#ddf4ff,stroke:#0969da,color:#0d1117",
  pending: "fill:#ffffff,stroke:#d0d7de,color:#57606a",
};

const statusOf = (n: NodeRecord | undefined) =>
  !n ? "pending" : n.status === "failed" && n.recoveredBy ? "recovered" : n.status;

/** The workflow as a flowchart, each node coloured by its status in this run. */
export function runFlowchart(
  wf: WorkflowFile,
  nodes: Record<string, NodeRecord>,
  options: { legend?: boolean } = {},
): string {
  const d = workflowDiagram(wf);
  for (const n of d.nodes) {
    const rec = nodes[n.key];
    n.className = statusOf(rec);
    const cost = rec?.llm ? ` · $${rec.llm.costUsd.toFixed(5)}` : "";
    n.lines = [...n.lines, `${statusOf(rec)}${cost}`];
  }
  const used = new Set(d.nodes.map((n) => n.className!));
  d.classDefs = Object.fromEntries(Object.entries(STATUS_CLASSES).filter(([k]) => used.has(k)));
  if (options.legend !== false) d.legend = [...used].sort().map((c) => [c, c]);
  return renderDiagram(d);
}

const ms = (n: NodeRecord) => `${Math.max(0, n.endedAt - n.startedAt)} ms`;
const short = (v: unknown, max = 120) => {
  const t = typeof v === "string" ? v : (JSON.stringify(v) ?? "");
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

function nodeLines(n: NodeRecord, approval: ApprovalRow | undefined): string[] {
  const head = `${n.id} (${n.type}) — ${statusOf(n)}${n.attempts > 1 ? `, ${n.attempts} attempts` : ""}, ${ms(n)}`;
  const out = [head];
  if (n.llm) {
    out.push(
      `  model ${n.llm.model ?? n.llm.target ?? "?"} via route ${n.llm.route}, prompt ${n.llm.prompt}@${n.llm.promptVersion}: ${n.llm.inputTokens} in / ${n.llm.outputTokens} out tokens, $${n.llm.costUsd.toFixed(6)}${n.llm.cached ? " (cached)" : ""}`,
    );
    const fallbacks = n.llm.calls.filter((c) => c.outcome !== "ok");
    for (const f of fallbacks)
      out.push(
        `  attempt ${f.attempt} on ${f.target} ${f.outcome}${f.reason ? ` (${f.reason}${f.status ? ` ${f.status}` : ""})` : ""}${f.message ? `: ${short(f.message, 100)}` : ""}`,
      );
    const fellBack = n.llm.calls.find((c) => c.fallbackFrom);
    if (fellBack) out.push(`  fell back from ${fellBack.fallbackFrom} to ${fellBack.target}`);
    for (const c of n.llm.toolCalls ?? []) out.push(`  model called ${c.tool} ${short(c.args)}`);
  }
  if (n.tool)
    out.push(`  called ${n.tool.tool} ${short(n.tool.args)} (idempotency key ${n.tool.idempotencyKey})`);
  if (n.retrieval)
    out.push(
      `  retrieved from ${n.retrieval.collection} for "${short(n.retrieval.query, 60)}": ${n.retrieval.passages.map((p) => `${p.path} (${p.score.toFixed(2)})`).join(", ") || "nothing"}`,
    );
  if (n.approval)
    out.push(
      `  ${n.approval.decision} by ${n.approval.approvers.join(", ") || "nobody"}${approval?.decidedAt ? ` at ${new Date(approval.decidedAt).toISOString()}` : ""}${n.approval.comment ? ` — "${short(n.approval.comment, 80)}"` : ""}`,
    );
  if (n.status === "waiting" && approval)
    out.push(
      `  waiting for ${approval.minApprovals} approval(s) from ${approval.approvers.join(", ")}${approval.message ? `: ${short(approval.message, 80)}` : ""}`,
    );
  for (const c of n.checks) out.push(`  check ${c.name}: ${c.pass ? "passed" : `failed (${c.message})`}`);
  if (n.recoveredBy)
    out.push(
      `  failed (${n.error?.message ?? "?"}), recovered by ${n.recoveredBy === "fallback" ? `fallback ${n.fallbackNode}` : "its default value"}`,
    );
  else if (n.error && n.status !== "succeeded") out.push(`  ${n.error.kind}: ${n.error.message}`);
  if (n.status === "succeeded" && n.output !== undefined) out.push(`  output ${short(n.output)}`);
  return out;
}

export interface ExplainInput {
  run: RunRow;
  workflow: WorkflowFile;
  nodes: Record<string, NodeRecord>;
  approvals: Record<string, ApprovalRow | undefined>;
}

export function explainText(x: ExplainInput): string {
  const { run } = x;
  const p = run.provenance as {
    signers?: string[];
    approvedBy?: string[];
    ref?: string;
    governance?: { sequence?: number; pullRequest?: { number: number } | null; source?: { commit: string } };
  };
  const g = p.governance;
  const lines = [
    `Run ${run.id}: ${run.tenant}/${run.workflow} ${run.version} — ${run.status}${run.endedAt ? ` in ${run.endedAt - run.startedAt} ms` : ""}, $${run.costUsd.toFixed(6)}`,
    `  release   ${run.repository}@${run.manifestDigest} (asked for ${p.ref ?? "?"}), bundle ${run.bundleDigest}`,
    `  verified  signed by ${p.signers?.join(", ") ?? "?"}; sequence ${g?.sequence ?? "?"}; ${g?.pullRequest ? `PR #${g.pullRequest.number}` : "no PR"}${p.approvedBy?.length ? `, approved by ${p.approvedBy.join(", ")}` : ""}; commit ${g?.source?.commit.slice(0, 12) ?? "?"}`,
    `  inputs    ${run.inputsHash}`,
  ];
  if (run.error) lines.push(`  error     ${run.error.message}`);
  if (run.outputs) lines.push(`  outputs   ${short(run.outputs, 200)}`);
  lines.push("");
  const order = Object.values(x.nodes).sort((a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : 1));
  for (const n of order) lines.push(...nodeLines(n, x.approvals[n.id]));
  const notRun = Object.keys(x.workflow.nodes).filter((id) => !x.nodes[id]);
  if (notRun.length) lines.push(`not reached: ${notRun.join(", ")}`);
  return `${lines.join("\n")}\n`;
}

export function explainMarkdown(x: ExplainInput): string {
  return `## Run ${x.run.id}\n\n\`\`\`\n${explainText(x)}\`\`\`\n\n\`\`\`mermaid\n${runFlowchart(x.workflow, x.nodes)}\`\`\`\n`;
}
