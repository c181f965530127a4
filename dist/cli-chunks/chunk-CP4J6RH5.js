import {
  cell
} from "./chunk-FXXQ7OWI.js";

// core/approvals/render.ts
var ICON = { approved: "✅", pending: "⏳", blocked: "⛔", error: "❌" };
var HEADLINE = {
  approved: "✅ Approved",
  pending: "⏳ Waiting for approval",
  blocked: "⛔ Changes requested",
  error: "❌ Cannot be approved"
};
function missingFrom(r) {
  if (r.status === "error") return r.problem ?? "invalid policy";
  if (r.missing === 0) return "—";
  return `${r.missing} more from ${r.approvers.map((p) => p.label).join(", ") || r.allowBots.join(", ") || "nobody"}`;
}
var who = (logins) => logins.length ? logins.map((l) => `@${cell(l)}`).join(", ") : "—";
function decisionMarkdown(d, options = {}) {
  const max = options.maxChars ?? 6e4;
  const out = [];
  const policy = d.policySha ? ` · policy from \`${cell(d.baseRef)}\` at \`${d.policySha.slice(0, 12)}\`` : "";
  out.push(`**${HEADLINE[d.conclusion]}**${policy} · head \`${d.headSha.slice(0, 12)}\``, "");
  if (d.problems.length) {
    out.push("### What must be fixed first", "");
    for (const p of d.problems) out.push(`- ${cell(p)}`);
    out.push("");
  }
  if (d.requirements.length) {
    out.push("| | Requirement | Required | Approved by | Missing |", "|---|---|---|---|---|");
    for (const r of d.requirements)
      out.push(
        `| ${ICON[r.status]} | ${cell(r.title)} | ${r.required} | ${who(r.approvedBy.map((u) => u.login))} | ${cell(missingFrom(r))} |`
      );
    out.push("");
  } else if (!d.problems.length) {
    out.push("No governed files changed: nothing for Charter to approve.", "");
  }
  for (const r of d.requirements) {
    out.push(`### ${ICON[r.status]} ${cell(r.title)}`, "");
    out.push(`Required because: ${r.because.map(cell).join("; ") || "it is touched"}.`, "");
    if (r.verdicts.length) {
      out.push("| Reviewer | Review | Counted | Why |", "|---|---|---|---|");
      for (const v of r.verdicts)
        out.push(
          `| @${cell(v.user.login)} | ${v.state.toLowerCase().replace("_", " ")} | ${v.counted ? "yes" : "no"} | ${cell(v.note)} |`
        );
      out.push("");
    }
  }
  if (d.outside)
    out.push(
      `${d.outside} changed file${d.outside === 1 ? "" : "s"} outside the governed directory ${d.outside === 1 ? "is" : "are"} not Charter's to approve.`,
      ""
    );
  out.push(
    "<sub>Only approving reviews on the current head commit count, one per person, from approvers listed in the base branch's policy who did not author, commit or push to this pull request.</sub>"
  );
  const text = out.join("\n");
  if (text.length <= max) return text;
  const note = "\n\n… (truncated: see `charter approvals --pr N` for the whole decision)";
  return text.slice(0, max - note.length) + note;
}
function decisionText(d) {
  const out = [`${HEADLINE[d.conclusion]} — ${d.title}`];
  if (d.policySha)
    out.push(`policy: ${d.baseRef} at ${d.policySha.slice(0, 12)}   head: ${d.headSha.slice(0, 12)}`);
  for (const p of d.problems) out.push(`  ✖ ${p}`);
  for (const r of d.requirements) {
    out.push(
      "",
      `${ICON[r.status]} ${r.title}: ${r.approvedBy.length}/${r.required}  (${r.because.join("; ")})`
    );
    if (r.status !== "approved") out.push(`   missing: ${missingFrom(r)}`);
    for (const v of r.verdicts)
      out.push(`   ${v.counted ? "✓" : "✗"} @${v.user.login} ${v.state.toLowerCase()}: ${v.note}`);
  }
  if (d.outside)
    out.push("", `${d.outside} changed file(s) outside the governed directory are not Charter's to approve.`);
  return `${out.join("\n")}
`;
}

export {
  decisionMarkdown,
  decisionText
};
