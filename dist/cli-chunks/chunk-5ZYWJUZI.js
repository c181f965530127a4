import {
  conditionText,
  nodeDetail,
  renderDiagram
} from "./chunk-IB7ADM4Y.js";

// core/mermaid/workflow-flowchart.ts
function workflowDiagram(wf) {
  const d = { direction: "TD", nodes: [], edges: [], classDefs: {} };
  for (const [id, node] of Object.entries(wf.nodes)) {
    d.nodes.push({ key: id, shape: node.type, lines: [id, nodeDetail(node)] });
  }
  for (const [id, node] of Object.entries(wf.nodes)) {
    const cond = conditionText(node);
    for (const need of node.needs) {
      if (Object.hasOwn(wf.nodes, need))
        d.edges.push({ from: need, to: id, ...cond ? { label: cond } : {} });
    }
    const fb = node.on_error?.fallback;
    if (fb !== void 0 && Object.hasOwn(wf.nodes, fb))
      d.edges.push({ from: id, to: fb, label: "on error", dotted: true });
  }
  return d;
}

// runner/explain.ts
var STATUS_CLASSES = {
  succeeded: "fill:#dafbe1,stroke:#1a7f37,color:#0d1117",
  failed: "fill:#ffebe9,stroke:#cf222e,color:#0d1117",
  waiting: "fill:#fff8c5,stroke:#9a6700,color:#0d1117",
  skipped: "fill:#f6f8fa,stroke:#8c959f,color:#57606a,stroke-dasharray:4 3",
  cancelled: "fill:#f6f8fa,stroke:#8c959f,color:#57606a",
  recovered: "fill:#ddf4ff,stroke:#0969da,color:#0d1117",
  pending: "fill:#ffffff,stroke:#d0d7de,color:#57606a"
};
var statusOf = (n) => !n ? "pending" : n.status === "failed" && n.recoveredBy ? "recovered" : n.status;
function runFlowchart(wf, nodes, options = {}) {
  const d = workflowDiagram(wf);
  for (const n of d.nodes) {
    const rec = nodes[n.key];
    n.className = statusOf(rec);
    const cost = rec?.llm ? ` · $${rec.llm.costUsd.toFixed(5)}` : "";
    n.lines = [...n.lines, `${statusOf(rec)}${cost}`];
  }
  const used = new Set(d.nodes.map((n) => n.className));
  d.classDefs = Object.fromEntries(Object.entries(STATUS_CLASSES).filter(([k]) => used.has(k)));
  if (options.legend !== false) d.legend = [...used].sort().map((c) => [c, c]);
  return renderDiagram(d);
}
var ms = (n) => `${Math.max(0, n.endedAt - n.startedAt)} ms`;
var short = (v, max = 120) => {
  const t = typeof v === "string" ? v : JSON.stringify(v) ?? "";
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};
function nodeLines(n, approval) {
  const head = `${n.id} (${n.type}) — ${statusOf(n)}${n.attempts > 1 ? `, ${n.attempts} attempts` : ""}, ${ms(n)}`;
  const out = [head];
  if (n.llm) {
    out.push(
      `  model ${n.llm.model ?? n.llm.target ?? "?"} via route ${n.llm.route}, prompt ${n.llm.prompt}@${n.llm.promptVersion}: ${n.llm.inputTokens} in / ${n.llm.outputTokens} out tokens, $${n.llm.costUsd.toFixed(6)}${n.llm.cached ? " (cached)" : ""}`
    );
    const fallbacks = n.llm.calls.filter((c) => c.outcome !== "ok");
    for (const f of fallbacks)
      out.push(
        `  attempt ${f.attempt} on ${f.target} ${f.outcome}${f.reason ? ` (${f.reason}${f.status ? ` ${f.status}` : ""})` : ""}${f.message ? `: ${short(f.message, 100)}` : ""}`
      );
    const fellBack = n.llm.calls.find((c) => c.fallbackFrom);
    if (fellBack) out.push(`  fell back from ${fellBack.fallbackFrom} to ${fellBack.target}`);
    for (const c of n.llm.toolCalls ?? []) out.push(`  model called ${c.tool} ${short(c.args)}`);
  }
  if (n.tool)
    out.push(`  called ${n.tool.tool} ${short(n.tool.args)} (idempotency key ${n.tool.idempotencyKey})`);
  if (n.retrieval)
    out.push(
      `  retrieved from ${n.retrieval.collection} for "${short(n.retrieval.query, 60)}": ${n.retrieval.passages.map((p) => `${p.path} (${p.score.toFixed(2)})`).join(", ") || "nothing"}`
    );
  if (n.approval)
    out.push(
      `  ${n.approval.decision} by ${n.approval.approvers.join(", ") || "nobody"}${approval?.decidedAt ? ` at ${new Date(approval.decidedAt).toISOString()}` : ""}${n.approval.comment ? ` — "${short(n.approval.comment, 80)}"` : ""}`
    );
  if (n.status === "waiting" && approval)
    out.push(
      `  waiting for ${approval.minApprovals} approval(s) from ${approval.approvers.join(", ")}${approval.message ? `: ${short(approval.message, 80)}` : ""}`
    );
  for (const c of n.checks) out.push(`  check ${c.name}: ${c.pass ? "passed" : `failed (${c.message})`}`);
  if (n.recoveredBy)
    out.push(
      `  failed (${n.error?.message ?? "?"}), recovered by ${n.recoveredBy === "fallback" ? `fallback ${n.fallbackNode}` : "its default value"}`
    );
  else if (n.error && n.status !== "succeeded") out.push(`  ${n.error.kind}: ${n.error.message}`);
  if (n.status === "succeeded" && n.output !== void 0) out.push(`  output ${short(n.output)}`);
  return out;
}
function explainText(x) {
  const { run } = x;
  const p = run.provenance;
  const g = p.governance;
  const lines = [
    `Run ${run.id}: ${run.tenant}/${run.workflow} ${run.version} — ${run.status}${run.endedAt ? ` in ${run.endedAt - run.startedAt} ms` : ""}, $${run.costUsd.toFixed(6)}`,
    `  release   ${run.repository}@${run.manifestDigest} (asked for ${p.ref ?? "?"}), bundle ${run.bundleDigest}`,
    `  verified  signed by ${p.signers?.join(", ") ?? "?"}; sequence ${g?.sequence ?? "?"}; ${g?.pullRequest ? `PR #${g.pullRequest.number}` : "no PR"}${p.approvedBy?.length ? `, approved by ${p.approvedBy.join(", ")}` : ""}; commit ${g?.source?.commit.slice(0, 12) ?? "?"}`,
    `  inputs    ${run.inputsHash}`
  ];
  if (run.error) lines.push(`  error     ${run.error.message}`);
  if (run.outputs) lines.push(`  outputs   ${short(run.outputs, 200)}`);
  lines.push("");
  const order = Object.values(x.nodes).sort((a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : 1));
  for (const n of order) lines.push(...nodeLines(n, x.approvals[n.id]));
  const notRun = Object.keys(x.workflow.nodes).filter((id) => !x.nodes[id]);
  if (notRun.length) lines.push(`not reached: ${notRun.join(", ")}`);
  return `${lines.join("\n")}
`;
}
function explainMarkdown(x) {
  return `## Run ${x.run.id}

\`\`\`
${explainText(x)}\`\`\`

\`\`\`mermaid
${runFlowchart(x.workflow, x.nodes)}\`\`\`
`;
}

export {
  runFlowchart,
  explainText,
  explainMarkdown
};
