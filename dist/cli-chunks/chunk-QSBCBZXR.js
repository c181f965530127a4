import {
  workflowDiagram
} from "./chunk-L7GJZ6WM.js";
import {
  countedApprovals
} from "./chunk-3QLYKSA2.js";
import {
  renderDiagram
} from "./chunk-IB7ADM4Y.js";
import {
  parseGovernancePredicate
} from "./chunk-QI2N7CZP.js";

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
function runProvenance(run) {
  const p = run.provenance;
  const g = parseGovernancePredicate(p.governance);
  const pr = g.pullRequest;
  const counted = countedApprovals(g);
  return {
    run: run.id,
    release: `${run.tenant}/${run.workflow}@${run.version}`,
    tenant: run.tenant,
    workflow: run.workflow,
    version: run.version,
    registry: run.registry,
    repository: run.repository,
    ref: typeof p.ref === "string" ? p.ref : null,
    manifestDigest: run.manifestDigest,
    bundleDigest: run.bundleDigest,
    signers: Array.isArray(p.signers) ? p.signers.filter((s) => typeof s === "string") : [],
    sequence: g.sequence,
    issuedAt: g.issuedAt,
    expires: g.expires,
    source: g.source,
    pullRequest: pr ? {
      number: pr.number,
      url: pr.url ?? null,
      author: pr.author,
      merger: pr.merger,
      mergedAt: pr.mergedAt ?? null,
      headSha: pr.headSha,
      treeEqual: pr.treeEqual ?? null
    } : null,
    approvers: counted.map((a) => ({
      login: a.reviewer.login,
      id: a.reviewer.id,
      via: a.via ?? null,
      commit: a.commit
    })),
    // What the record does not count (a repeat of a counted approval is neither).
    notCounted: g.approvals.filter((a) => countedApprovals({ ...g, approvals: [a] }).length === 0).map((a) => ({
      login: a.reviewer.login,
      id: a.reviewer.id,
      commit: a.commit,
      reason: a.reason ?? null
    })),
    policy: {
      commit: g.policy.commit,
      digest: g.policy.digest,
      required: g.policy.required ?? 0,
      approvers: g.policy.approvers ?? []
    },
    checks: g.checks,
    eval: g.eval
  };
}
function provenanceText(p) {
  const pr = p.pullRequest;
  const e = p.eval;
  const rows = [
    [
      "release",
      `${p.release} — ${p.repository}@${p.manifestDigest} in ${p.registry}${p.ref ? ` (asked for ${p.ref})` : ""}`
    ],
    ["bundle", p.bundleDigest],
    ["signed by", p.signers.join(", ") || "?"],
    ["sequence", `${p.sequence}, issued ${p.issuedAt}, expires ${p.expires}`],
    ["merge", `${p.source.commit} of ${p.source.repository} (${p.source.ref})`],
    [
      "pull req.",
      pr ? `#${pr.number}${pr.url ? ` ${pr.url}` : ""} by ${pr.author.login}, merged by ${pr.merger?.login ?? "?"}${pr.mergedAt ? ` at ${pr.mergedAt}` : ""}; approved head ${pr.headSha.slice(0, 12)}${pr.treeEqual === null ? "" : pr.treeEqual ? " (governed files equal to the merge)" : " (governed files DIFFER from the merge)"}` : "none: released without a pull request"
    ],
    [
      "approvers",
      p.approvers.length ? p.approvers.map((a) => `${a.login} (id ${a.id}${a.via ? `, ${a.via}` : ""})`).join(", ") : "nobody counted"
    ],
    ...p.notCounted.length ? [
      [
        "not counted",
        p.notCounted.map((a) => `${a.login} (${a.reason ?? "not counted"})`).join("; ")
      ]
    ] : [],
    [
      "policy",
      `${p.policy.required} approval(s) from ${p.policy.approvers.join(", ") || "—"}, as of ${p.policy.commit.slice(0, 12)} (${p.policy.digest})`
    ],
    ["checks", p.checks.map((c) => `${c.name}: ${c.conclusion ?? "running"}`).join(", ") || "none recorded"],
    [
      "eval",
      e ? `${e.conclusion} on ${e.head.slice(0, 12)}${e.atMergedHead === false ? " (not the merged head)" : ""}${e.suites.length ? `: ${e.suites.map((s) => `${s.suite} ${s.passRate === null ? "n/a" : `${Math.round(s.passRate * 100)}%`} of ${s.cases} case(s)${s.regressions ? `, ${s.regressions} regressed` : ""}`).join("; ")}` : ""}` : "none recorded"
    ]
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return `Provenance of run ${p.run}
${rows.map(([k, v]) => `  ${k.padEnd(width)}  ${short(v, 400)}`).join("\n")}
`;
}
function provenanceMarkdown(p) {
  return `## Provenance of run ${p.run}

\`\`\`
${provenanceText(p)}\`\`\`
`;
}

export {
  runFlowchart,
  explainText,
  explainMarkdown,
  runProvenance,
  provenanceText,
  provenanceMarkdown
};
