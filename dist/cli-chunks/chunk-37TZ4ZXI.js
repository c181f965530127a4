import {
  cell
} from "./chunk-FXXQ7OWI.js";
import {
  membership,
  policyRisk
} from "./chunk-CZ6TNMRW.js";
import {
  riskRank
} from "./chunk-EKDGROW3.js";

// core/approvals/contributors.ts
var NOREPLY = /^(\d+)\+([^@]+)@users\.noreply\.github\.com$/i;
var MAX_LISTED_COMMITS = 250;
var MAX_LISTED_FILES = 3e3;
function accountOf(person) {
  if (person.user) return person.user;
  const m = person.email ? NOREPLY.exec(person.email) : null;
  if (!m) return void 0;
  const login = m[2];
  return { id: Number(m[1]), login, type: login.endsWith("[bot]") ? "Bot" : "User" };
}
function contributors(facts) {
  const excluded = /* @__PURE__ */ new Map();
  const problems = [];
  const exclude = (actor, why) => {
    if (!excluded.has(actor.id)) excluded.set(actor.id, why);
  };
  if (facts.author) exclude(facts.author, "opened the pull request");
  else
    problems.push(
      "The pull request's author account no longer exists, so Charter cannot tell who must not approve. Open a new pull request."
    );
  for (const commit of facts.commits) {
    const short2 = commit.sha.slice(0, 7);
    for (const [role, person] of [
      ["author", commit.author],
      ["committer", commit.committer]
    ]) {
      const account = accountOf(person);
      if (account) {
        exclude(account, role === "author" ? `authored commit ${short2}` : `committed ${short2}`);
        continue;
      }
      problems.push(
        `Commit ${short2}'s ${role} ${person.email ? `<${person.email}>` : "(no email)"} is not linked to a GitHub account, so Charter cannot tell who wrote it and no approval can be trusted. Re-create the commit with an email verified on the ${role}'s GitHub account.`
      );
    }
  }
  for (const pusher of facts.pushers) exclude(pusher, "pushed to the pull request");
  if (facts.totalCommits > facts.commits.length)
    problems.push(
      `The pull request has ${facts.totalCommits} commits but GitHub lists only ${facts.commits.length}${facts.totalCommits > MAX_LISTED_COMMITS ? ` (its limit is ${MAX_LISTED_COMMITS})` : ""}, so their authors cannot all be checked. Squash or split the pull request.`
    );
  if (facts.changedFiles > MAX_LISTED_FILES)
    problems.push(
      `The pull request changes ${facts.changedFiles} files; GitHub lists at most ${MAX_LISTED_FILES}, so reviewers cannot see the whole change. Split it into smaller pull requests.`
    );
  return { excluded, problems };
}

// core/approvals/facts.ts
var REVIEW_STATES = ["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING"];

// core/approvals/requirements.ts
var PLATFORM_FILE = /^(?:charter|models)\.ya?ml$/;
var TENANT_FILE = /^tenants\/([^/]+)\/tenant\.ya?ml$/;
function area(rel) {
  if (PLATFORM_FILE.test(rel)) return { platform: rel };
  if (rel.startsWith("tools/")) return { platform: "tools/" };
  const parts = rel.split("/");
  if (parts[0] === "tenants" && parts.length >= 3) {
    if (TENANT_FILE.test(rel)) return { tenant: parts[1], platform: rel };
    return { tenant: parts[1] };
  }
  if (parts[0] === "cassettes" && parts.length >= 3) return { tenant: parts[1] };
  return { platform: rel };
}
function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
function matches(e, change, policy) {
  if (e.kinds.includes(change.kind)) return true;
  return e.minLevel !== void 0 && riskRank(policyRisk(policy, change.kind)) >= riskRank(e.minLevel);
}
function escalationTitle(e, scope) {
  const what = [
    ...e.kinds.length ? [e.kinds.join(", ")] : [],
    ...e.minLevel ? [`risk ≥ ${e.minLevel}`] : []
  ].join(" or ");
  return `${scope} escalation (${what})`;
}
function requirementsFor(policy, paths, changes) {
  const prefix = policy.root ? `${policy.root}/` : "";
  const tenantFiles = /* @__PURE__ */ new Map();
  const platform = /* @__PURE__ */ new Set();
  let outside = 0;
  for (const path of paths) {
    if (!path.startsWith(prefix)) {
      outside++;
      continue;
    }
    const a = area(path.slice(prefix.length));
    if (a.tenant) tenantFiles.set(a.tenant, (tenantFiles.get(a.tenant) ?? 0) + 1);
    if (a.platform) platform.add(a.platform);
  }
  for (const c of changes) if (c.tenant && !tenantFiles.has(c.tenant)) tenantFiles.set(c.tenant, 0);
  const requirements = [];
  const governanceBecause = [];
  for (const file of [...platform].sort()) {
    const tenantFile = TENANT_FILE.exec(file);
    governanceBecause.push(
      tenantFile ? `${prefix}${file} (tenant ${tenantFile[1]}'s policy) changed` : file === "tools/" ? `the tool catalog (${prefix}tools/) changed` : PLATFORM_FILE.test(file) ? `${prefix}${file} changed` : `${prefix}${file} belongs to no tenant`
    );
  }
  for (const [tenant, files] of [...tenantFiles].sort(([a], [b]) => a < b ? -1 : 1)) {
    const because = files > 0 ? [`${plural(files, "file")} of tenant ${tenant} changed`] : [];
    const changed = changes.filter((c) => c.tenant === tenant);
    if (files === 0 && changed.length)
      because.push(`${plural(changed.length, "change")} in tenant ${tenant}`);
    const t = policy.tenants.get(tenant);
    const invalid = policy.invalidTenants.get(tenant);
    if (t) {
      requirements.push({
        id: `tenant:${tenant}`,
        tenant,
        title: tenant,
        required: t.required,
        approvers: t.approvers,
        allowBots: t.allowBots,
        because
      });
      t.escalations.forEach((e, i) => {
        const hits = changed.filter((c) => matches(e, c, policy));
        if (hits.length === 0) return;
        requirements.push({
          id: `escalation:${tenant}:${i}`,
          tenant,
          title: escalationTitle(e, tenant),
          required: e.required,
          approvers: e.approvers,
          allowBots: [],
          because: hits.map((c) => `${c.kind}: ${c.summary}`)
        });
      });
    } else if (invalid) {
      requirements.push({
        id: `tenant:${tenant}`,
        tenant,
        title: tenant,
        required: 1,
        approvers: [],
        allowBots: [],
        because,
        problem: `Tenant ${tenant}'s tenant.yml is invalid on the base commit (${invalid}). Fix it on the base branch first.`
      });
    } else {
      governanceBecause.push(`tenant ${tenant} has no tenant.yml on the base branch (a new tenant)`);
    }
  }
  policy.escalations.forEach((e, i) => {
    const hits = changes.filter((c) => matches(e, c, policy));
    if (hits.length === 0) return;
    requirements.push({
      id: `escalation:*:${i}`,
      title: escalationTitle(e, "platform"),
      required: e.required,
      approvers: e.approvers,
      allowBots: [],
      because: hits.map((c) => `${c.kind}${c.tenant ? ` in ${c.tenant}` : ""}: ${c.summary}`)
    });
  });
  if (governanceBecause.length > 0)
    requirements.unshift({
      id: "governance",
      title: "governance",
      required: policy.governance.required,
      approvers: policy.governance.owners,
      allowBots: [],
      because: governanceBecause
    });
  return { requirements, outside, governed: paths.length - outside };
}

// core/approvals/evaluate.ts
var short = (sha) => (sha ?? "unknown").slice(0, 7);
function latestOpinions(reviews) {
  const ordered = [...reviews].sort(
    (a, b) => Date.parse(a.submittedAt ?? "") - Date.parse(b.submittedAt ?? "") || a.id - b.id
  );
  const latest = /* @__PURE__ */ new Map();
  for (const r of ordered) {
    if (!r.author) continue;
    if (r.state === "APPROVED" || r.state === "CHANGES_REQUESTED" || r.state === "DISMISSED")
      latest.set(r.author.id, r);
  }
  return latest;
}
function judge(req, facts, latest, people, dir) {
  const approvedBy = [];
  const blockedBy = [];
  const verdicts = [];
  for (const review of latest.values()) {
    const user = review.author;
    const bot = user.type !== "User";
    const allowedBot = bot && req.allowBots.includes(user.login.toLowerCase());
    const m = bot ? { member: allowedBot, via: "allow_bots" } : membership(user.id, req.approvers, dir);
    const verdict = (counted, note) => verdicts.push({ user, state: review.state, counted, note });
    if (review.state === "CHANGES_REQUESTED") {
      if (m.member) {
        blockedBy.push(user);
        verdict(false, "requested changes: blocks until they approve or the review is dismissed");
      }
      continue;
    }
    if (review.state === "DISMISSED") {
      if (m.member) verdict(false, "review dismissed");
      continue;
    }
    if (bot && !allowedBot) {
      verdict(false, `a ${user.type.toLowerCase()} account; bots count only when listed in allow_bots`);
      continue;
    }
    const excluded = people.excluded.get(user.id);
    if (excluded) {
      verdict(false, `${excluded}; contributors cannot approve their own change`);
      continue;
    }
    if (review.commitId !== facts.headSha) {
      verdict(
        false,
        `approved ${short(review.commitId)}; the head is now ${short(facts.headSha)} (a push invalidates approvals)`
      );
      continue;
    }
    if (facts.headPushedAt && review.submittedAt && Date.parse(review.submittedAt) < Date.parse(facts.headPushedAt)) {
      verdict(false, `approved before the latest push (${facts.headPushedAt})`);
      continue;
    }
    if (!m.member) {
      const unknown = "unknown" in m && m.unknown ? ` (${m.unknown})` : "";
      verdict(false, `not an approver for ${req.title}${unknown}`);
      continue;
    }
    approvedBy.push(user);
    verdict(true, `approved ${short(facts.headSha)} as ${m.via}`);
  }
  const missing = Math.max(0, req.required - approvedBy.length);
  const status = req.problem ? "error" : blockedBy.length > 0 ? "blocked" : missing === 0 ? "approved" : "pending";
  return { ...req, status, approvedBy, blockedBy, missing, verdicts };
}
function reviewRequests(results, facts, people, latest, dir) {
  const users = /* @__PURE__ */ new Set();
  const teams = /* @__PURE__ */ new Set();
  const requested = new Set(facts.requestedReviewers.users.map((u) => u.toLowerCase()));
  const requestedTeams = new Set(facts.requestedReviewers.teams.map((t) => t.toLowerCase()));
  const [owner] = facts.repository.split("/");
  for (const r of results) {
    if (r.status !== "pending") continue;
    for (const p of r.approvers) {
      if (p.type === "team") {
        if (p.org.toLowerCase() === owner?.toLowerCase() && !requestedTeams.has(p.slug.toLowerCase()))
          teams.add(p.slug);
        continue;
      }
      const id = p.id ?? dir.users[p.login.toLowerCase()];
      if (id === void 0 || id === null || people.excluded.has(id)) continue;
      if (latest.get(id)?.state === "APPROVED" && latest.get(id)?.commitId === facts.headSha) continue;
      if (!requested.has(p.login.toLowerCase())) users.add(p.login);
    }
  }
  return { users: [...users].sort().slice(0, 15), teams: [...teams].sort().slice(0, 15) };
}
function titleOf(conclusion, results, problems) {
  const counts = (rs) => rs.map((r) => `${r.title} ${r.approvedBy.length}/${r.required}`).join(", ");
  switch (conclusion) {
    case "error": {
      const first = problems[0] ?? results.find((r) => r.problem)?.problem ?? "unknown problem";
      return `Cannot be approved: ${first.split(". ")[0].replace(/\.$/, "")}`;
    }
    case "blocked": {
      const blocked = results.filter((r) => r.status === "blocked");
      const who2 = [...new Set(blocked.flatMap((r) => r.blockedBy.map((u) => u.login)))].join(", ");
      return `Changes requested by ${who2} (${blocked.map((r) => r.title).join(", ")})`;
    }
    case "pending":
      return `Waiting for approval: ${counts(results.filter((r) => r.status === "pending"))}`;
    default:
      return results.length ? `Approved: ${counts(results)}` : "No governed files changed";
  }
}
function evaluateApprovals(policyResult, facts, dir) {
  const base = {
    outside: 0,
    governed: 0,
    baseRef: facts.baseRef,
    headSha: facts.headSha,
    reviewRequests: { users: [], teams: [] }
  };
  if (!policyResult.ok) {
    const problems2 = [policyResult.problem];
    return {
      ...base,
      conclusion: "error",
      title: titleOf("error", [], problems2),
      problems: problems2,
      requirements: []
    };
  }
  const policy = policyResult.policy;
  const people = contributors(facts);
  const problems = [...people.problems];
  for (const r of facts.reviews)
    if (!REVIEW_STATES.includes(r.state))
      problems.push(
        `Review ${r.id} by ${r.author?.login ?? "a deleted account"} is in state "${r.state}", which this version of Charter does not know; it fails closed. Upgrade Charter.`
      );
  const touched = requirementsFor(policy, facts.paths, facts.changes);
  const latest = latestOpinions(facts.reviews);
  const requirements = touched.requirements.map((req) => judge(req, facts, latest, people, dir));
  const conclusion = problems.length > 0 || requirements.some((r) => r.status === "error") ? "error" : requirements.some((r) => r.status === "blocked") ? "blocked" : requirements.every((r) => r.status === "approved") ? "approved" : "pending";
  return {
    ...base,
    outside: touched.outside,
    governed: touched.governed,
    policySha: policy.sha,
    conclusion,
    title: titleOf(conclusion, requirements, problems),
    problems,
    requirements,
    reviewRequests: conclusion === "pending" ? reviewRequests(requirements, facts, people, latest, dir) : base.reviewRequests
  };
}

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
  requirementsFor,
  evaluateApprovals,
  decisionMarkdown,
  decisionText
};
