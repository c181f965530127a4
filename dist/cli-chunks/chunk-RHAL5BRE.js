import {
  requirementsFor
} from "./chunk-KHWN3KRK.js";
import {
  aiDraftedBecause
} from "./chunk-GESYH7RA.js";
import {
  membership
} from "./chunk-COKXHIQ7.js";

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
      const who = [...new Set(blocked.flatMap((r) => r.blockedBy.map((u) => u.login)))].join(", ");
      return `Changes requested by ${who} (${blocked.map((r) => r.title).join(", ")})`;
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
  const drafted = policy.drafts.extraApprovals > 0 ? aiDraftedBecause(facts) : [];
  const touched = requirementsFor(policy, facts.paths, facts.changes, drafted);
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

export {
  evaluateApprovals
};
