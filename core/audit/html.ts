/**
 * `charter audit --format html`: one self-contained page (Mermaid bundled inline, no network) with
 * the findings, releases and governed changes as tables and, per release, its facts and its
 * workflow's DAG as a Mermaid diagram — evidence to attach to a change-management review.
 *
 * Every string from git, GitHub or the registry is escaped before it reaches the page; none is ever
 * placed in an attribute. Diagrams render when their section is opened (all are open on small
 * reports), and the page records what rendered in `window.__charter`, which the browser test reads.
 */

import { mermaidBundle } from "../report/diff-html.ts";
import { escapeHtml } from "../report/markdown-escape.ts";
import { approvalMark, approvedVsMerged, evalText, signatureText, visible } from "./render.ts";
import type { AuditRelease, AuditReport } from "./schema.ts";

const e = (s: string | number | null | undefined) =>
  s === null || s === undefined ? "—" : escapeHtml(visible(String(s)));
const code = (s: string | null | undefined) => (s ? `<code>${e(s)}</code>` : "—");
const short = (s: string | null | undefined) => (s ? `<code>${e(s.slice(0, 12))}</code>` : "—");

const OPEN_DIAGRAMS_UP_TO = 20;

const CLASS_OK = new Set(["governed", "bootstrap", "valid", "intact", "ok"]);
const badge = (s: string, ok = CLASS_OK.has(s)) => `<span class="${ok ? "ok" : "bad"}">${e(s)}</span>`;

function releaseDetails(r: AuditRelease, index: number, diagram: string | undefined, open: boolean): string {
  const g = r.governance;
  const approvals = g?.approvals.length
    ? `<table><tr><th>Reviewer</th><th>Approved</th><th>Judgement</th><th>Basis</th><th>Record said</th></tr>${g.approvals
        .map(
          (a) =>
            `<tr><td>${e(a.reviewer.login)} (${e(a.reviewer.id)})</td><td>${short(a.commit)} ${e(a.submittedAt)}</td><td>${badge(approvalMark(a), approvalMark(a).startsWith("entitled"))} ${e(a.reason)}</td><td>${e(a.basis)}</td><td>${
              a.attested
                ? `${a.attested.counted ? "counted" : "not counted"}${a.attested.via ? ` via ${e(a.attested.via)}` : ""}${a.attested.reason ? `: ${e(a.attested.reason)}` : ""}`
                : "—"
            }</td></tr>`,
        )
        .join("")}</table>`
    : "<p>No approvals recorded.</p>";
  const attestations = r.signatures.attestations
    .map(
      (a) =>
        `<tr><td>${code(a.predicateType)}</td><td>${badge(a.verified ? "valid" : (a.reason ?? "invalid"))}</td><td>${e(a.signer ?? a.message)}</td><td>${a.trustedAtHead === false ? "no (rotated)" : a.trustedAtHead ? "yes" : "—"}</td></tr>`,
    )
    .join("");
  const facts: [string, string][] = [
    [
      "Released commit",
      `${code(r.commit)}${r.onBranch ? "" : " (not on the branch's first-parent history)"} ${e(r.date)}`,
    ],
    [
      "Pull request",
      g?.pullRequest
        ? `#${e(g.pullRequest.number)} by ${e(g.pullRequest.author.login)}, merged by ${e(g.pullRequest.merger?.login ?? "?")} ${e(g.pullRequest.mergedAt)}`
        : g
          ? "none recorded"
          : "—",
    ],
    ["Approved → merged", e(approvedVsMerged(r))],
    [
      "Policy",
      g
        ? `${e(g.required)} approval(s) from ${e(g.policy.approvers.join(", ") || "—")} at ${short(g.policy.commit)}; ${g.policy.matches === null ? "not recomputed" : g.policy.matches ? "matches git" : badge("does not match git")}`
        : "—",
    ],
    ["Checks", g?.checks.length ? g.checks.map((c) => `${e(c.name)}: ${e(c.conclusion)}`).join(", ") : "—"],
    ["Eval", e(evalText(r))],
    ["Sequence", g ? `${e(g.sequence)}, issued ${e(g.issuedAt)}, expires ${e(g.expires)}` : "—"],
    [
      "Registry",
      `${e(r.repository)} ${code(r.registry.manifest)} bundle ${code(r.registry.bundle)}${r.registry.error ? ` — ${e(r.registry.error)}` : ""}`,
    ],
    ["Channels", e(r.registry.channels.join(", ") || "—")],
    [
      "Git tag",
      `${e(r.tag?.name ?? "(none)")} ${badge(r.integrity.status)}${r.integrity.reasons.length ? `<br>${r.integrity.reasons.map(e).join("<br>")}` : ""}`,
    ],
    [
      "Signatures",
      `${badge(r.signatures.status)} trust from charter.yml at ${short(r.signatures.trustCommit)}${r.signatures.trustProblem ? ` — ${e(r.signatures.trustProblem)}` : ""}`,
    ],
  ];
  return `<section>
<h3>${e(r.name)} ${e(r.version)}${r.findings.map((f) => ` ${badge(f)}`).join("")}</h3>
<table class="facts">${facts.map(([k, v]) => `<tr><th>${e(k)}</th><td>${v}</td></tr>`).join("")}</table>
<h4>Approvals</h4>
${approvals}
${attestations ? `<h4>Attestations</h4><table><tr><th>Type</th><th>Status</th><th>Signer</th><th>Still trusted</th></tr>${attestations}</table>` : ""}
${diagram ? `<details class="dag"${open ? " open" : ""}><summary>Workflow DAG</summary><pre class="mermaid" id="dag-${index}">${e(diagram)}</pre></details>` : ""}
</section>`;
}

export function auditHtml(report: AuditReport, diagrams: ReadonlyMap<string, string> = new Map()): string {
  const title = `Charter audit — ${report.repository.ref} @ ${report.repository.commit.slice(0, 12)}`;
  const s = report.summary;
  const findings = report.findings.length
    ? `<table><tr><th>Kind</th><th>Release</th><th>Commit</th><th>What</th></tr>${report.findings
        .map(
          (f) =>
            `<tr><td>${badge(f.kind)}</td><td>${e(f.release ?? "")}</td><td>${short(f.commit)}</td><td>${e(f.message)}</td></tr>`,
        )
        .join("")}</table>`
    : "<p>None.</p>";
  const releases = report.releases.length
    ? `<table><tr><th>Release</th><th>Commit</th><th>PR</th><th>Approvals</th><th>Eval</th><th>Signature</th><th>Digest</th><th>Channels</th><th>Tag</th></tr>${report.releases
        .map((r) => {
          const pr = r.governance?.pullRequest;
          return `<tr><td>${e(`${r.name} ${r.version}`)}${r.findings.map((f) => ` ${badge(f)}`).join("")}</td><td>${short(r.commit)}</td><td>${
            pr ? `#${e(pr.number)} ${e(pr.author.login)} → ${e(pr.merger?.login ?? "?")}` : "—"
          }</td><td>${r.governance ? `${e(r.governance.counted)}/${e(r.governance.required)} ${r.governance.approvals.map((a) => `${e(a.reviewer.login)} (${e(approvalMark(a))})`).join(", ")}` : "—"}</td><td>${e(evalText(r))}</td><td>${e(signatureText(r))}</td><td>${r.registry.manifest ? `<code>${e(r.registry.manifest.slice(0, 19))}…</code>` : "—"}</td><td>${e(r.registry.channels.join(", "))}</td><td>${badge(r.integrity.status)}</td></tr>`;
        })
        .join("")}</table>`
    : "<p>None.</p>";
  const changes = report.changes.length
    ? `<table><tr><th>Commit</th><th>Date</th><th>Classification</th><th>PR</th><th>Committer</th><th>Subject</th><th>Why</th></tr>${report.changes
        .map(
          (c) =>
            `<tr><td>${short(c.commit)}</td><td>${e(c.date.slice(0, 10))}</td><td>${badge(c.classification)}</td><td>${
              c.pullRequest
                ? `#${e(c.pullRequest.number)} (${e(c.evidence)})`
                : c.claimedPullRequest
                  ? `#${e(c.claimedPullRequest)}? (message only)`
                  : "—"
            }</td><td>${e(`${c.committer.name} <${c.committer.email}>`)}</td><td>${e(c.subject)}</td><td>${e(c.reason)}</td></tr>`,
        )
        .join("")}</table>`
    : "<p>None.</p>";
  const open = report.releases.length <= OPEN_DIAGRAMS_UP_TO;
  const details = report.releases
    .map((r, i) => releaseDetails(r, i, diagrams.get(`${r.name}@${r.version}`), open))
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>
body { font: 14px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 1300px; color: #24292f; padding: 0 1rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; } td, th { border: 1px solid #d0d7de; padding: .25rem .5rem; text-align: left; vertical-align: top; }
table.facts th { background: #f6f8fa; white-space: nowrap; }
section { border-top: 1px solid #d0d7de; margin-top: 1.5rem; }
.ok { color: #1a7f37; font-weight: 600; } .bad { color: #cf222e; font-weight: 600; }
pre.mermaid { background: #fff; } code { font-size: 12px; }
</style>
</head>
<body>
<h1>${e(title)}</h1>
<p>${e(`${s.findings} finding(s); ${s.releases} release(s); ${s.governedChanges} governed change(s) in ${s.commits} commit(s).`)}</p>
<p>Generated ${e(report.generatedAt)} by Charter ${e(report.charterVersion)}. Registry ${e(report.registry.location)}${report.registry.available ? "" : ` — unavailable: ${e(report.registry.error)}`}. GitHub ${report.github.used ? `enrichment from ${e(report.github.repository)}` : "not used (offline: git history and release attestations only)"}.</p>
<h2>Findings</h2>
${findings}
<h2>Releases</h2>
${releases}
<h2>Governed changes</h2>
${changes}
<h2>Release details</h2>
${details || "<p>None.</p>"}
<script>${mermaidBundle()}</script>
<script>
(() => {
  const state = { done: false, rendered: 0, errors: [] };
  window.__charter = state;
  let queue = Promise.resolve();
  const render = (block) => {
    if (block.dataset.rendered) return queue;
    block.dataset.rendered = "1";
    queue = queue.then(async () => {
      try {
        const { svg } = await mermaid.render("svg-" + block.id, block.textContent);
        block.innerHTML = svg;
        state.rendered++;
      } catch (error) {
        state.errors.push({ id: block.id, message: String(error && error.message || error) });
        block.classList.add("error");
      }
    });
    return queue;
  };
  try {
    mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "default" });
    for (const d of document.querySelectorAll("details.dag")) {
      d.addEventListener("toggle", () => { if (d.open) render(d.querySelector("pre.mermaid")); });
      if (d.open) render(d.querySelector("pre.mermaid"));
    }
  } catch (error) {
    state.errors.push({ id: "init", message: String(error && error.message || error) });
  }
  queue.then(() => { state.done = true; });
})();
</script>
</body>
</html>
`;
}
