/** A decision in words: the check run's Markdown summary, and plain text for the terminal. */
import { cell as escapeMarkdown } from "../report/markdown-escape.ts";
import type { Decision, RequirementResult, RequirementStatus } from "./evaluate.ts";

const ICON: Record<RequirementStatus, string> = { approved: "✅", pending: "⏳", blocked: "⛔", error: "❌" };

const HEADLINE: Record<Decision["conclusion"], string> = {
  approved: "✅ Approved",
  pending: "⏳ Waiting for approval",
  blocked: "⛔ Changes requested",
  error: "❌ Cannot be approved",
};

function missingFrom(r: RequirementResult): string {
  if (r.status === "error") return r.problem ?? "invalid policy";
  if (r.missing === 0) return "—";
  return `${r.missing} more from ${r.approvers.map((p) => p.label).join(", ") || r.allowBots.join(", ") || "nobody"}`;
}

const who = (logins: readonly string[]) =>
  logins.length ? logins.map((l) => `@${escapeMarkdown(l)}`).join(", ") : "—";

/** The check run summary (GitHub-flavoured Markdown, well under the 65,535-character limit). */
export function decisionMarkdown(d: Decision, options: { maxChars?: number } = {}): string {
  const max = options.maxChars ?? 60_000;
  const out: string[] = [];
  const policy = d.policySha
    ? ` · policy from \`${escapeMarkdown(d.baseRef)}\` at \`${d.policySha.slice(0, 12)}\``
    : "";
  out.push(`**${HEADLINE[d.conclusion]}**${policy} · head \`${d.headSha.slice(0, 12)}\``, "");
  if (d.problems.length) {
    out.push("### What must be fixed first", "");
    for (const p of d.problems) out.push(`- ${escapeMarkdown(p)}`);
    out.push("");
  }
  if (d.requirements.length) {
    out.push("| | Requirement | Required | Approved by | Missing |", "|---|---|---|---|---|");
    for (const r of d.requirements)
      out.push(
        `| ${ICON[r.status]} | ${escapeMarkdown(r.title)} | ${r.required} | ${who(r.approvedBy.map((u) => u.login))} | ${escapeMarkdown(missingFrom(r))} |`,
      );
    out.push("");
  } else if (!d.problems.length) {
    out.push("No governed files changed: nothing for Charter to approve.", "");
  }
  for (const r of d.requirements) {
    out.push(`### ${ICON[r.status]} ${escapeMarkdown(r.title)}`, "");
    out.push(`Required because: ${r.because.map(escapeMarkdown).join("; ") || "it is touched"}.`, "");
    if (r.verdicts.length) {
      out.push("| Reviewer | Review | Counted | Why |", "|---|---|---|---|");
      for (const v of r.verdicts)
        out.push(
          `| @${escapeMarkdown(v.user.login)} | ${v.state.toLowerCase().replace("_", " ")} | ${v.counted ? "yes" : "no"} | ${escapeMarkdown(v.note)} |`,
        );
      out.push("");
    }
  }
  if (d.outside)
    out.push(
      `${d.outside} changed file${d.outside === 1 ? "" : "s"} outside the governed directory ${d.outside === 1 ? "is" : "are"} not Charter's to approve.`,
      "",
    );
  out.push(
    "<sub>Only approving reviews on the current head commit count, one per person, from approvers listed in the base branch's policy who did not author, commit or push to this pull request.</sub>",
  );
  const text = out.join("\n");
  if (text.length <= max) return text;
  const note = "\n\n… (truncated: see `charter approvals --pr N` for the whole decision)";
  return text.slice(0, max - note.length) + note;
}

/** Plain text for `charter approvals`. */
export function decisionText(d: Decision): string {
  const out: string[] = [`${HEADLINE[d.conclusion]} — ${d.title}`];
  if (d.policySha)
    out.push(`policy: ${d.baseRef} at ${d.policySha.slice(0, 12)}   head: ${d.headSha.slice(0, 12)}`);
  for (const p of d.problems) out.push(`  ✖ ${p}`);
  for (const r of d.requirements) {
    out.push(
      "",
      `${ICON[r.status]} ${r.title}: ${r.approvedBy.length}/${r.required}  (${r.because.join("; ")})`,
    );
    if (r.status !== "approved") out.push(`   missing: ${missingFrom(r)}`);
    for (const v of r.verdicts)
      out.push(`   ${v.counted ? "✓" : "✗"} @${v.user.login} ${v.state.toLowerCase()}: ${v.note}`);
  }
  if (d.outside)
    out.push("", `${d.outside} changed file(s) outside the governed directory are not Charter's to approve.`);
  return `${out.join("\n")}\n`;
}
