/**
 * The audit report as Markdown (for a change-management ticket) and CSV (for a spreadsheet). Every
 * string from git, GitHub or the registry is untrusted: Markdown cells are escaped so nothing renders
 * or breaks a row; CSV cells are quoted, and a cell a spreadsheet would run as a formula (`=`, `+`,
 * `-`, `@`, tab, carriage return) is prefixed with `'`.
 */
import { cell } from "../report/markdown-escape.ts";
import type { AuditApproval, AuditChange, AuditRelease, AuditReport } from "./schema.ts";

const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Bidirectional controls made visible (`[U+202E]`): they could reorder what a reader sees ("Trojan Source"). */
export const visible = (s: string) =>
  s.replace(BIDI, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}]`);

/** Untrusted text in a Markdown table cell: shown as written (no emphasis, links, code or HTML). */
export const md = (s: string) => cell(visible(s).replace(/[\\`*_[\]~]/g, "\\$&"));

const short = (sha: string | null | undefined) => (sha ? sha.slice(0, 12) : "—");

export function approvalMark(a: AuditApproval): string {
  if (!a.onMergedHead) return "stale";
  if (a.entitled === true) return a.basis === "attestation" ? "entitled (per record)" : "entitled";
  if (a.entitled === null) return "undecided";
  return "not entitled";
}

export function approversText(approvals: readonly AuditApproval[]): string {
  return approvals.map((a) => `${a.reviewer.login} (${approvalMark(a)}: ${a.reason})`).join("; ");
}

export function signatureText(r: AuditRelease): string {
  const signers = [
    ...new Set(r.signatures.attestations.filter((a) => a.verified).map((a) => a.signer ?? "?")),
  ];
  const rotated = r.signatures.attestations.some((a) => a.verified && a.trustedAtHead === false);
  const failed = r.signatures.attestations.filter((a) => !a.verified).map((a) => a.reason);
  return `${r.signatures.status}${signers.length ? ` — ${signers.join(", ")}` : ""}${rotated ? " (signer no longer trusted at the audited commit)" : ""}${failed.length ? ` — failed: ${failed.join(", ")}` : ""}`;
}

export function evalText(r: AuditRelease): string {
  const e = r.governance?.eval;
  if (!e) return r.governance ? "none recorded" : "—";
  const suites = e.suites
    .map((s) => `${s.suite} ${s.passRate === null ? "n/a" : `${Math.round(s.passRate * 100)}%`}`)
    .join(", ");
  return `${e.conclusion}${e.atMergedHead === false ? " (not at the merged head)" : ""}${suites ? `: ${suites}` : ""}`;
}

export function approvedVsMerged(r: AuditRelease): string {
  const pr = r.governance?.pullRequest;
  if (!pr) return "—";
  const diff =
    pr.differingFiles === null
      ? pr.treeEqual === null
        ? "head not in this clone"
        : `record: governed files ${pr.treeEqual ? "equal" : "differ"}`
      : pr.differingFiles.length
        ? `differs: ${pr.differingFiles.join(", ")}`
        : "same content";
  return `${short(pr.headSha)} → ${short(r.commit)} (${diff})`;
}

function summaryLines(report: AuditReport): string[] {
  const s = report.summary;
  const scope = [
    report.scope.since && `since ${report.scope.since}`,
    report.scope.tenant && `tenant ${report.scope.tenant}`,
    report.scope.workflow && `workflow ${report.scope.workflow}`,
  ].filter(Boolean);
  return [
    `${s.findings} finding(s); ${s.releases} release(s); ${s.governedChanges} governed change(s) in ${s.commits} commit(s) of ${report.repository.ref} (${short(report.repository.commit)})${scope.length ? `, ${scope.join(", ")}` : ""}.`,
    `Registry ${report.registry.location}${report.registry.available ? "" : ` — unavailable: ${report.registry.error}`}; GitHub ${report.github.used ? `enrichment from ${report.github.repository}` : "not used (offline: git history and release attestations only)"}.`,
  ];
}

export function auditMarkdown(report: AuditReport): string {
  const out = [
    `# Charter audit — ${md(report.repository.ref)} @ \`${short(report.repository.commit)}\``,
    "",
    ...summaryLines(report).map(md),
    "",
    `Generated ${report.generatedAt} by Charter ${report.charterVersion}${report.repository.root ? ` for the governed root \`${md(report.repository.root)}\`` : ""}.`,
    "",
    "## Findings",
    "",
  ];
  if (report.findings.length === 0) out.push("None.", "");
  else {
    out.push("| Kind | Release | Commit | What |", "|---|---|---|---|");
    for (const f of report.findings)
      out.push(
        `| \`${f.kind}\` | ${md(f.release ?? "")} | ${f.commit ? `\`${short(f.commit)}\`` : ""} | ${md(f.message)} |`,
      );
    out.push("");
  }
  out.push("## Releases", "");
  if (report.releases.length === 0) out.push("None.", "");
  else {
    out.push(
      "| Release | Commit | PR (proposer → merger) | Approvers | Approved → merged | Eval | Signature | Registry digest | Channels | Tag |",
      "|---|---|---|---|---|---|---|---|---|---|",
    );
    for (const r of report.releases) {
      const pr = r.governance?.pullRequest;
      out.push(
        `| ${md(`${r.name} ${r.version}`)}${r.findings.length ? ` ⚠ ${r.findings.join(", ")}` : ""} | ${r.commit ? `\`${short(r.commit)}\`${r.onBranch ? "" : " (off-branch)"}` : "—"} | ${
          pr
            ? md(`#${pr.number} ${pr.author.login} → ${pr.merger?.login ?? "?"}`)
            : r.governance
              ? "none recorded"
              : "—"
        } | ${md(r.governance ? `${r.governance.counted}/${r.governance.required}: ${approversText(r.governance.approvals) || "none"}` : "—")} | ${md(approvedVsMerged(r))} | ${md(evalText(r))} | ${md(signatureText(r))} | ${r.registry.manifest ? `\`${r.registry.manifest.slice(0, 19)}…\`` : md(r.registry.error ?? "—")} | ${md(r.registry.channels.join(", "))} | ${md(r.integrity.status)}${r.integrity.reasons.length ? `: ${md(r.integrity.reasons.join("; "))}` : ""} |`,
      );
    }
    out.push("");
  }
  out.push("## Governed changes", "");
  if (report.changes.length === 0) out.push("None.", "");
  else {
    out.push(
      "| Commit | Date | Classification | Pull request | Committer | Subject | Why |",
      "|---|---|---|---|---|---|---|",
    );
    for (const c of report.changes)
      out.push(
        `| \`${short(c.commit)}\` | ${c.date.slice(0, 10)} | ${c.classification === "governed" || c.classification === "bootstrap" ? c.classification : `**${c.classification}**`} | ${
          c.pullRequest
            ? md(`#${c.pullRequest.number} (${c.evidence})`)
            : c.claimedPullRequest
              ? md(`#${c.claimedPullRequest}? (message only)`)
              : "—"
        } | ${md(`${c.committer.name} <${c.committer.email}>`)} | ${md(c.subject)} | ${md(c.reason)} |`,
      );
    out.push("");
  }
  return `${out.join("\n")}`;
}

const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let s = visible(String(value));
  if (FORMULA.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_COLUMNS = [
  "record",
  "name",
  "version",
  "commit",
  "date",
  "pull_request",
  "proposer",
  "merger",
  "approvers",
  "counted",
  "required",
  "classification",
  "signature",
  "manifest_digest",
  "bundle_digest",
  "channels",
  "tag",
  "eval",
  "findings",
  "reason",
] as const;

type Row = Partial<Record<(typeof CSV_COLUMNS)[number], string | number | null>>;

function releaseRow(r: AuditRelease): Row {
  const g = r.governance;
  return {
    record: "release",
    name: r.name,
    version: r.version,
    commit: r.commit,
    date: r.date,
    pull_request: g?.pullRequest?.number ?? null,
    proposer: g?.pullRequest?.author.login ?? null,
    merger: g?.pullRequest?.merger?.login ?? null,
    approvers: g ? approversText(g.approvals) : null,
    counted: g?.counted ?? null,
    required: g?.required ?? null,
    classification: r.findings.length ? "findings" : "ok",
    signature: signatureText(r),
    manifest_digest: r.registry.manifest,
    bundle_digest: r.registry.bundle,
    channels: r.registry.channels.join(" "),
    tag: `${r.tag?.name ?? "(none)"}: ${r.integrity.status}`,
    eval: evalText(r),
    findings: r.findings.join(" "),
    reason: [approvedVsMerged(r), ...r.integrity.reasons].join("; "),
  };
}

function changeRow(c: AuditChange): Row {
  return {
    record: "change",
    commit: c.commit,
    date: c.date,
    pull_request: c.pullRequest?.number ?? null,
    proposer: c.pullRequest?.author.login ?? `${c.author.name} <${c.author.email}>`,
    merger: c.pullRequest?.merger?.login ?? `${c.committer.name} <${c.committer.email}>`,
    approvers: approversText(c.approvals),
    classification: c.classification,
    findings: c.classification === "governed" || c.classification === "bootstrap" ? "" : c.classification,
    reason: c.reason,
    name: c.tenants.join(" "),
    version: c.releases.join(" "),
  };
}

export function auditCsv(report: AuditReport): string {
  const rows: Row[] = [
    ...report.findings.map((f) => ({
      record: "finding",
      name: f.release,
      commit: f.commit,
      classification: f.kind,
      findings: f.kind,
      reason: f.message,
    })),
    ...report.releases.map(releaseRow),
    ...report.changes.map(changeRow),
  ];
  const lines = [CSV_COLUMNS.join(","), ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(","))];
  return `${lines.join("\r\n")}\r\n`;
}

/** The one-paragraph summary printed to the terminal (and after writing a report file). */
export function auditSummary(report: AuditReport): string {
  const lines = summaryLines(report);
  const kinds = Object.entries(report.summary.kinds).map(([k, n]) => `${k} ×${n}`);
  if (kinds.length) lines.push(`Findings: ${kinds.join(", ")}.`);
  return `${lines.join("\n")}\n`;
}
