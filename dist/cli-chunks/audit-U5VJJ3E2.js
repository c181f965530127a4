import {
  workflowFlowchart
} from "./chunk-L7GJZ6WM.js";
import {
  CHARTER_VERSION
} from "./chunk-UETU37OM.js";
import {
  mermaidBundle
} from "./chunk-5QZAS6DA.js";
import "./chunk-IB7ADM4Y.js";
import {
  MemoLru,
  MemorySource
} from "./chunk-CX7LOAB4.js";
import {
  requirementsFor
} from "./chunk-KHWN3KRK.js";
import {
  cell,
  escapeHtml
} from "./chunk-FXXQ7OWI.js";
import {
  keylessTrustAt,
  policyDigest,
  registryFor,
  resolveDirectory,
  standingApprovals,
  trustedKeysAt
} from "./chunk-IV6L4BFD.js";
import {
  GOVERNANCE_PREDICATE_V1,
  SLSA_PROVENANCE_V1,
  attachedAttestations,
  isDigest,
  openBundle,
  parseGovernancePredicate,
  publishedVersions,
  readRelease,
  releaseRepository,
  verifyUnder
} from "./chunk-QI2N7CZP.js";
import "./chunk-XUHWOOZD.js";
import "./chunk-433K37J5.js";
import {
  createGitHubClient,
  githubRepository
} from "./chunk-XB6QFS3Z.js";
import "./chunk-YDXCRINK.js";
import {
  compareSemver
} from "./chunk-4YJBRKOS.js";
import {
  mapPool
} from "./chunk-FQ3VYVXV.js";
import "./chunk-SB4OEXEQ.js";
import "./chunk-4NAQYO46.js";
import {
  approvalPolicy
} from "./chunk-COKXHIQ7.js";
import "./chunk-4FYGECKA.js";
import {
  GitSource,
  assertSafeRef,
  runGit
} from "./chunk-6TJ5RCH4.js";
import {
  classifyPath,
  loadRepo,
  workflowFile
} from "./chunk-VGNTAH4S.js";
import {
  UserError
} from "./chunk-XC2IMODC.js";

// cli/commands/audit.ts
import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve as resolve2 } from "node:path";

// core/audit/audit.ts
import { existsSync } from "node:fs";
import { realpath } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { parse as parse2 } from "yaml";

// core/audit/judge.ts
function entitlement(a, pr, principals, allowBots, dir, tenant) {
  if (a.reviewer.id === pr.author.id)
    return { entitled: false, basis: "policy", reason: "the pull request's author" };
  if (a.bot && !allowBots.includes(a.reviewer.login.toLowerCase()))
    return { entitled: false, basis: "github", reason: "a bot (not in approvals.allow_bots)" };
  const claimed = tenant ? a.attested.find(
    (j) => j.tenant === tenant && j.counted && j.via && !principals.some((p) => p.label.toLowerCase() === j.via.toLowerCase())
  ) : void 0;
  if (claimed)
    return {
      entitled: false,
      basis: "policy",
      reason: `the record says it qualified as ${claimed.via}, which is not an approver under the policy in force`
    };
  const undecided = [];
  for (const p of principals) {
    if (p.type === "user") {
      const resolved = p.id ?? dir?.users[p.login.toLowerCase()];
      if (typeof resolved === "number") {
        if (resolved === a.reviewer.id)
          return {
            entitled: true,
            basis: p.id !== void 0 ? "policy" : "github",
            reason: `${p.label} (id ${resolved})`
          };
      } else if (resolved !== null && p.login.toLowerCase() === a.reviewer.login.toLowerCase()) {
        return { entitled: true, basis: "policy", reason: `${p.label} (by the login recorded)` };
      }
    } else {
      const team = dir?.teams[p.key];
      if (team && "members" in team) {
        if (team.members.includes(a.reviewer.id))
          return { entitled: true, basis: "github", reason: `member of ${p.label} (read from GitHub)` };
        continue;
      }
      if (a.attested.some((j) => j.counted && j.via?.toLowerCase() === p.label.toLowerCase()))
        return {
          entitled: true,
          basis: "attestation",
          reason: `member of ${p.label} per the signed record (membership not checked offline)`
        };
      undecided.push(
        team && "error" in team ? `members of ${p.label} could not be read (${team.error})` : `membership of ${p.label} cannot be checked offline`
      );
    }
  }
  if (undecided.length) {
    const refused = tenant ? a.attested.find(
      (j) => j.tenant === tenant && !j.counted && (j.reason === "not a tenant approver" || j.reason?.startsWith("a bot"))
    ) : void 0;
    if (refused)
      return { entitled: false, basis: "attestation", reason: `per the signed record: ${refused.reason}` };
    return { entitled: null, basis: "none", reason: undecided.join("; ") };
  }
  return { entitled: false, basis: "policy", reason: "not an approver under the policy in force" };
}
function judgedApprovals(evidence, principals, allowBots, dir, tenant) {
  return evidence.approvals.map((a) => {
    const e2 = entitlement(a, evidence.pullRequest, principals, allowBots, dir, tenant);
    const attested = a.attested.find((j) => j.tenant === (tenant ?? j.tenant)) ?? null;
    return {
      reviewer: a.reviewer,
      commit: a.commit,
      submittedAt: a.submittedAt,
      onMergedHead: a.commit === evidence.pullRequest.headSha,
      attested: attested && { counted: attested.counted, via: attested.via, reason: attested.reason },
      entitled: e2.entitled,
      basis: e2.basis,
      reason: e2.reason
    };
  });
}
function judgeRequirement(id, required, principals, allowBots, evidence, dir, tenant) {
  const approvedBy = /* @__PURE__ */ new Map();
  const undecided = /* @__PURE__ */ new Map();
  const stale = /* @__PURE__ */ new Map();
  for (const a of evidence.approvals) {
    const e2 = entitlement(a, evidence.pullRequest, principals, allowBots, dir, tenant);
    const onHead = a.commit === evidence.pullRequest.headSha;
    if (e2.entitled === true && onHead) approvedBy.set(a.reviewer.id, a.reviewer.login);
    else if (e2.entitled === null && onHead) undecided.set(a.reviewer.id, a.reviewer.login);
    else if (e2.entitled !== false && !onHead) stale.set(a.reviewer.id, a.reviewer.login);
  }
  for (const k of approvedBy.keys()) {
    undecided.delete(k);
    stale.delete(k);
  }
  const n = approvedBy.size;
  const base = {
    id,
    required,
    approvers: principals.map((p) => p.label),
    approvedBy: [...approvedBy.values()],
    stale: [...stale.values()]
  };
  if (n >= required)
    return { ...base, status: "met", reason: `${n} of ${required} entitled approval(s) on the merged head` };
  if (n + undecided.size >= required)
    return {
      ...base,
      status: "unconfirmed",
      reason: `${n} of ${required} entitled approval(s) confirmed; ${[...undecided.values()].join(", ")} approved but their entitlement cannot be decided offline (team membership)`
    };
  return {
    ...base,
    status: "unmet",
    reason: `${n} of ${required} entitled approval(s) on the merged head${stale.size ? `; ${[...stale.values()].join(", ")} approved an earlier commit` : ""}`
  };
}
function judgeChange(policy, paths, evidence, dir) {
  const touched = requirementsFor(policy, paths, []);
  return touched.requirements.map(
    (r) => r.problem ? {
      id: r.id,
      required: r.required,
      approvers: [],
      approvedBy: [],
      stale: [],
      status: "unmet",
      reason: r.problem
    } : judgeRequirement(
      r.id,
      r.required,
      r.approvers,
      r.allowBots,
      evidence,
      dir,
      r.id === `tenant:${r.tenant}` ? r.tenant : void 0
    )
  );
}
function principalsOf(policy, paths) {
  const touched = requirementsFor(policy, paths, []);
  const principals = /* @__PURE__ */ new Map();
  const bots = /* @__PURE__ */ new Set();
  for (const r of touched.requirements) {
    for (const p of r.approvers) principals.set(p.label, p);
    for (const b of r.allowBots) bots.add(b);
  }
  return { principals: [...principals.values()], allowBots: [...bots] };
}
function teamsOf(policies) {
  const teams = /* @__PURE__ */ new Map();
  const users = /* @__PURE__ */ new Set();
  const add = (ps) => {
    for (const p of ps) {
      if (p.type === "team") teams.set(p.key, { org: p.org, slug: p.slug, key: p.key });
      else if (p.id === void 0) users.add(p.login.toLowerCase());
    }
  };
  for (const policy of policies) {
    add(policy.governance.owners);
    for (const t of policy.tenants.values()) add(t.approvers);
  }
  return { users: [...users].sort(), teams: [...teams.values()] };
}

// core/audit/changes.ts
function claimedPullRequest(subject) {
  const m = /^Merge pull request #(\d{1,9})\b/.exec(subject) ?? /\(#(\d{1,9})\)\s*$/.exec(subject);
  return m ? Number(m[1]) : null;
}
var who = (p) => `${p.name} <${p.email}>`;
function classifyChange(x) {
  const c = x.commit;
  const claimed = claimedPullRequest(c.subject);
  const base = {
    commit: c.sha,
    parents: c.parents,
    date: new Date(c.time * 1e3).toISOString(),
    author: c.author,
    committer: c.committer,
    subject: c.subject,
    claimedPullRequest: claimed,
    paths: x.paths,
    tenants: x.tenants,
    evidence: x.evidence?.source ?? "none",
    pullRequest: x.evidence?.pullRequest ?? null,
    requirements: [],
    approvals: [],
    releases: x.releases
  };
  const done = (classification, reason, extra2 = {}) => ({
    ...base,
    ...extra2,
    classification,
    reason
  });
  if (x.policy === "none")
    return done("bootstrap", "no charter.yml at its first parent: no policy was in force before it");
  const e2 = x.evidence;
  if (!e2) {
    const merge = c.parents.length > 1;
    if (x.githubChecked)
      return done(
        "direct-push",
        `GitHub lists no merged pull request for it: ${merge ? "a branch merged" : "committed"} straight to ${x.branch} by ${who(c.committer)}`
      );
    if (x.selfVouched?.length)
      return done(
        "no-evidence",
        `${x.selfVouched.join(", ")} record${x.selfVouched.length === 1 ? "s" : ""} a pull request, but ${x.selfVouched.length === 1 ? "its record verifies" : "their records verify"} only under the trust this commit itself declares (the signer was not trusted at its first parent): a commit cannot vouch for itself; run with GITHUB_TOKEN to ask GitHub`
      );
    if (merge || claimed !== null)
      return done(
        "no-evidence",
        `${merge ? "a merge" : "a commit"}${claimed !== null ? ` of pull request #${claimed} (by its message)` : ""} changed governed files, but no verified release record shows its approvals; run with GITHUB_TOKEN to ask GitHub`
      );
    return done(
      "direct-push",
      `committed straight to ${x.branch} by ${who(c.committer)}, not through a pull request`
    );
  }
  const pr = e2.pullRequest;
  const prName = `pull request #${pr.number} by ${pr.author.login}${pr.merger ? `, merged by ${pr.merger.login}` : ""}`;
  let requirements;
  let approvals;
  if (!x.policy.ok) {
    requirements = [
      {
        id: "policy",
        required: 1,
        approvers: [],
        approvedBy: [],
        stale: [],
        status: "unmet",
        reason: x.policy.problem
      }
    ];
    approvals = judgedApprovals(e2, [], [], x.directory);
  } else {
    requirements = judgeChange(x.policy.policy, x.paths, e2, x.directory);
    const { principals, allowBots } = principalsOf(x.policy.policy, x.paths);
    approvals = judgedApprovals(e2, principals, allowBots, x.directory);
  }
  const extra = {
    requirements: requirements.map(({ stale: _stale, ...r }) => r),
    approvals
  };
  const unmet = requirements.filter((r) => r.status === "unmet");
  if (unmet.length > 0) {
    const staleWouldMeet = unmet.every((r) => r.approvedBy.length + r.stale.length >= r.required);
    const what = unmet.map((r) => `${r.id}: ${r.reason}`).join("; ");
    return staleWouldMeet ? done(
      "stale-approval",
      `${prName}: approvals were on an earlier commit than the merged head (${what})`,
      extra
    ) : done("admin-merge", `${prName} was merged without the required approvals (${what})`, extra);
  }
  const unconfirmed = requirements.filter((r) => r.status === "unconfirmed");
  if (unconfirmed.length > 0)
    return done(
      "unconfirmed",
      `${prName}: ${unconfirmed.map((r) => `${r.id}: ${r.reason}`).join("; ")}; run with GITHUB_TOKEN to read team members`,
      extra
    );
  if (x.differingFiles?.length)
    return done(
      "stale-approval",
      `${prName}: the merged content of ${x.differingFiles.join(", ")} differs from the approved head ${pr.headSha.slice(0, 12)}`,
      extra
    );
  const by = requirements.map((r) => `${r.id} by ${r.approvedBy.join(", ") || "nobody needed"}`).join("; ");
  return done("governed", `${prName}; approved: ${by || "no requirement raised"}`, extra);
}

// core/audit/git-read.ts
var HEADER_FIELDS = 7;
async function gitOut(cwd, args, input) {
  const r = await runGit(cwd, args, input);
  if (r.code !== 0)
    throw new UserError(`git ${args[0]} failed: ${r.stderr.trim() || `exit code ${r.code}`}`, {
      exitCode: 2
    });
  return r.stdout.toString("utf8");
}
function parseLog(text) {
  const commits = [];
  let i = 0;
  const field = () => {
    const j = text.indexOf("\0", i);
    if (j < 0) throw new Error("truncated git log output");
    const v = text.slice(i, j);
    i = j + 1;
    return v;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === "") {
      i++;
      const f = [];
      for (let k = 0; k < HEADER_FIELDS; k++) f.push(field());
      const [ids, an, ae, cn, ce, ct, subject] = f;
      const [sha, ...parents] = ids.trim().split(" ").filter(Boolean);
      commits.push({
        sha,
        parents,
        author: { name: an, email: ae },
        committer: { name: cn, email: ce },
        time: Number(ct),
        subject,
        changes: []
      });
    } else if (c === ":") {
      const meta = field().slice(1).split(" ");
      const path = field();
      const last = commits[commits.length - 1];
      if (!last) throw new Error("git log output starts with a file change");
      last.changes.push({
        path,
        status: (meta[4] ?? "").slice(0, 1),
        oldBlob: meta[2] ?? "",
        newBlob: meta[3] ?? "",
        newMode: meta[1] ?? ""
      });
    } else {
      i++;
    }
  }
  return commits;
}
async function firstParentLog(top, commit2) {
  const out = await gitOut(top, [
    "-c",
    "core.quotePath=false",
    "log",
    "--first-parent",
    "--diff-merges=first-parent",
    "--raw",
    "--no-abbrev",
    "--no-renames",
    "--root",
    "-z",
    "--format=%x1e%H %P%x00%an%x00%ae%x00%cn%x00%ce%x00%ct%x00%s%x00",
    commit2,
    "--"
  ]);
  return parseLog(out);
}
var TAG_FIELDS = 8;
async function readTags(top, prefix) {
  const out = await gitOut(top, [
    "for-each-ref",
    "--format=%(refname:strip=2)%00%(objecttype)%00%(objectname)%00%(*objectname)%00%(*objecttype)%00%(taggername) %(taggeremail)%00%(taggerdate:unix)%00%(contents)%00",
    prefix ? `refs/tags/${prefix}/` : "refs/tags/"
  ]);
  const parts = out.split("\0");
  const tags = [];
  for (let k = 0; k + TAG_FIELDS <= parts.length; k += TAG_FIELDS) {
    const [name, type, object, peeled, peeledType, tagger, date, message] = parts.slice(
      k,
      k + TAG_FIELDS
    );
    const annotated = type === "tag";
    tags.push({
      name: name.replace(/^\n/, ""),
      objectType: type,
      object,
      commit: annotated ? peeledType === "commit" ? peeled : null : type === "commit" ? object : null,
      message: annotated ? message : "",
      tagger: annotated && tagger.trim() ? tagger.trim() : null,
      date: annotated && /^\d+$/.test(date) ? Number(date) : null
    });
  }
  return tags;
}
async function catFile(top, names) {
  const wanted = [...new Set(names)].filter((n) => !/[\n\r]/.test(n));
  const result = /* @__PURE__ */ new Map();
  if (wanted.length === 0) return result;
  const r = await runGit(top, ["cat-file", "--batch"], `${wanted.join("\n")}
`);
  if (r.code !== 0) throw new UserError(`git cat-file failed: ${r.stderr.trim()}`);
  const out = r.stdout;
  let offset = 0;
  for (const name of wanted) {
    const headerEnd = out.indexOf(10, offset);
    if (headerEnd < 0) break;
    const header = out.subarray(offset, headerEnd).toString("utf8");
    if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
      offset = headerEnd + 1;
      continue;
    }
    const size = Number(header.split(" ")[2]);
    result.set(name, out.subarray(headerEnd + 1, headerEnd + 1 + size));
    offset = headerEnd + 1 + size + 1;
  }
  return result;
}
async function objectIds(top, names) {
  const wanted = [...new Set(names)].filter((n) => !/[\n\r]/.test(n));
  const result = /* @__PURE__ */ new Map();
  if (wanted.length === 0) return result;
  const r = await runGit(top, ["cat-file", "--batch-check=%(objectname)"], `${wanted.join("\n")}
`);
  if (r.code !== 0) throw new UserError(`git cat-file failed: ${r.stderr.trim()}`);
  const lines = r.stdout.toString("utf8").split("\n");
  wanted.forEach((name, k) => {
    const line = lines[k] ?? "";
    result.set(name, /^[0-9a-f]{40,64}$/.test(line) ? line : null);
  });
  return result;
}
async function isAncestor(top, ancestor, descendant) {
  const r = await runGit(top, ["merge-base", "--is-ancestor", ancestor, descendant]);
  return r.code === 0;
}

// core/audit/github.ts
var person = (u) => {
  const x = u;
  return x && typeof x.login === "string" && typeof x.id === "number" ? { login: x.login, id: x.id } : null;
};
var GitHubAuditError = class extends UserError {
  name = "GitHubAuditError";
};
function failure(what, e2) {
  const status = e2.status;
  return new GitHubAuditError(
    `Cannot read ${what} from GitHub: ${status ? `HTTP ${status}, ` : ""}${e2.message ?? e2}. The token needs read access to pull requests (and members of the approver teams); or run without it (--no-github).`,
    { exitCode: 1 }
  );
}
async function pullRequestEvidence(gh, r, commit2) {
  let listed;
  try {
    const { data } = await gh.request("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls", {
      ...r,
      commit_sha: commit2,
      per_page: 100
    });
    listed = data;
  } catch (e2) {
    if (e2.status === 422 || e2.status === 404) return null;
    throw failure(`the pull requests of ${commit2.slice(0, 12)}`, e2);
  }
  const merged = listed.filter((p) => p.merged_at);
  const chosen = merged.find((p) => p.merge_commit_sha === commit2) ?? merged[0];
  if (!chosen) return null;
  const number2 = chosen.number;
  try {
    const [{ data: pr }, reviews] = await Promise.all([
      gh.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { ...r, pull_number: number2 }),
      gh.paginate("GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews", {
        ...r,
        pull_number: number2,
        per_page: 100
      })
    ]);
    const p = pr;
    const author = person(p.user);
    if (!author) return null;
    return {
      source: "github",
      pullRequest: {
        number: number2,
        url: typeof p.html_url === "string" ? p.html_url : null,
        author,
        merger: person(p.merged_by),
        mergedAt: typeof p.merged_at === "string" ? p.merged_at : null,
        headSha: p.head.sha
      },
      approvals: standingApprovals(reviews).map((a) => ({
        reviewer: { login: a.reviewer.login, id: a.reviewer.id },
        commit: a.commit,
        submittedAt: a.submittedAt ?? null,
        bot: a.reviewer.bot,
        attested: []
      }))
    };
  } catch (e2) {
    throw failure(`pull request #${number2}`, e2);
  }
}
async function githubDirectory(gh, identities) {
  try {
    return await resolveDirectory(gh, identities);
  } catch (e2) {
    throw failure("the approvers' accounts", e2);
  }
}

// core/audit/history.ts
import { parse } from "yaml";
var CHARTER_FILE = /^charter\.ya?ml$/;
var POLICY_FILE = /^(?:charter\.ya?ml|tenants\/[^/]+\/tenant\.ya?ml)$/;
var ZERO = /^0+$/;
var EXCLUDED_SEGMENT = /* @__PURE__ */ new Set([".git", "node_modules", ".charter"]);
function signingFiles(charterText) {
  let doc;
  try {
    doc = parse(charterText, { maxAliasCount: 100 });
  } catch {
    return [];
  }
  const signing = doc?.signing;
  const out = [];
  if (Array.isArray(signing?.trusted_keys)) {
    for (const k of signing.trusted_keys)
      if (typeof k?.public_key_file === "string")
        out.push(k.public_key_file);
  }
  if (typeof signing?.trusted_root_file === "string") out.push(signing.trusted_root_file);
  return out;
}
var AuditHistory = class _AuditHistory {
  /**
   * @param top the git work tree's top level
   * @param prefix the governed root inside it (`""` or `sub/dir/`)
   * @param dir the governed root's absolute path (for reading commits off the chain)
   */
  constructor(top, prefix, dir, newestFirst) {
    this.top = top;
    this.prefix = prefix;
    this.dir = dir;
    this.commits = [...newestFirst].reverse();
    this.commits.forEach((c, i) => {
      this.position.set(c.sha, i);
    });
  }
  top;
  prefix;
  dir;
  /** Oldest first. */
  commits;
  position = /* @__PURE__ */ new Map();
  snapshots = /* @__PURE__ */ new Map();
  blobs = /* @__PURE__ */ new Map();
  signingByBlob = /* @__PURE__ */ new Map();
  policies = /* @__PURE__ */ new Map();
  trusts = /* @__PURE__ */ new Map();
  firstCharter;
  static async build(top, prefix, dir, newestFirst) {
    const h = new _AuditHistory(top, prefix, dir, newestFirst);
    await h.walk();
    return h;
  }
  /** The path relative to the governed root, or undefined when it is outside it. */
  rel(path) {
    if (!path.startsWith(this.prefix)) return void 0;
    const rel = path.slice(this.prefix.length);
    return rel.split("/").some((s) => EXCLUDED_SEGMENT.has(s)) ? void 0 : rel;
  }
  async walk() {
    const charterBlobs = /* @__PURE__ */ new Set();
    for (const c of this.commits)
      for (const ch of c.changes) {
        const rel = this.rel(ch.path);
        if (rel && CHARTER_FILE.test(rel) && !ZERO.test(ch.newBlob)) charterBlobs.add(ch.newBlob);
      }
    await this.read([...charterBlobs]);
    const signing = /* @__PURE__ */ new Set();
    for (const blob of charterBlobs) for (const f of this.signingFilesOf(blob)) signing.add(f);
    let current = /* @__PURE__ */ new Map();
    for (const c of this.commits) {
      let next = current;
      for (const ch of c.changes) {
        const rel = this.rel(ch.path);
        if (rel === void 0 || !(POLICY_FILE.test(rel) || signing.has(rel))) continue;
        if (next === current) next = new Map(current);
        if (ch.status === "D" || ZERO.test(ch.newBlob) || !ch.newMode.startsWith("100")) next.delete(rel);
        else next.set(rel, ch.newBlob);
      }
      current = next;
      this.snapshots.set(c.sha, current);
      if (this.firstCharter === void 0 && this.charterBlob(current))
        this.firstCharter = this.position.get(c.sha);
    }
  }
  signingFilesOf(blob) {
    if (!blob) return [];
    let files = this.signingByBlob.get(blob);
    if (!files) {
      const bytes = this.blobs.get(blob);
      files = bytes ? signingFiles(bytes.toString("utf8")) : [];
      this.signingByBlob.set(blob, files);
    }
    return files;
  }
  charterBlob(snapshot) {
    return snapshot.get("charter.yml") ?? snapshot.get("charter.yaml");
  }
  /** Reads blobs not read yet, in one git call. */
  async read(oids) {
    const missing = [...new Set(oids)].filter((o) => !this.blobs.has(o));
    if (missing.length === 0) return;
    for (const [oid, bytes] of await catFile(this.top, missing)) this.blobs.set(oid, bytes);
  }
  /** Reads the policy and trust files of these commits in one git call (before judging many releases). */
  async prefetch(shas) {
    const oids = /* @__PURE__ */ new Set();
    for (const sha of shas) for (const oid of this.snapshots.get(sha)?.values() ?? []) oids.add(oid);
    await this.read([...oids]);
  }
  /** Whether a charter.yml existed at `sha` or at any earlier commit of the chain. */
  hadCharterAt(sha) {
    const i = this.position.get(sha);
    return i !== void 0 && this.firstCharter !== void 0 && i >= this.firstCharter;
  }
  onChain(sha) {
    return this.position.has(sha);
  }
  commit(sha) {
    const i = this.position.get(sha);
    return i === void 0 ? void 0 : this.commits[i];
  }
  /** The governed files a commit changed (paths relative to the repository's top level). */
  governedPaths(c) {
    const parent = c.parents[0] ? this.snapshots.get(c.parents[0]) : void 0;
    const own = this.snapshots.get(c.sha);
    const signing = /* @__PURE__ */ new Set([
      ...this.signingFilesOf(parent && this.charterBlob(parent)),
      ...this.signingFilesOf(own && this.charterBlob(own))
    ]);
    const out = [];
    for (const ch of c.changes) {
      const rel = this.rel(ch.path);
      if (rel === void 0) continue;
      if (classifyPath(rel).type !== "ignored" || signing.has(rel)) out.push(ch.path);
    }
    return out;
  }
  async files(snapshot, keep) {
    const wanted = [...snapshot].filter(([rel]) => keep(rel));
    await this.read(wanted.map(([, oid]) => oid));
    const files = {};
    for (const [rel, oid] of wanted) {
      const bytes = this.blobs.get(oid);
      if (bytes) files[rel] = bytes;
    }
    return files;
  }
  /** The approval policy in force at `sha` (charter.yml and every tenant.yml there). */
  policyAt(sha) {
    const snapshot = this.snapshots.get(sha);
    const key = snapshot ? [...snapshot].filter(([rel]) => POLICY_FILE.test(rel)).map(([rel, oid]) => `${rel}=${oid}`).sort().join(",") : `commit:${sha}`;
    let p = this.policies.get(key);
    if (!p) {
      p = (async () => {
        const loaded = snapshot ? await loadRepo(new MemorySource(await this.files(snapshot, (rel) => POLICY_FILE.test(rel)), sha)) : await loadRepo(new GitSource(this.dir, sha));
        const r = approvalPolicy(loaded, sha, this.prefix.replace(/\/$/, ""));
        return r.ok ? { ok: true, policy: r.policy } : { ok: false, problem: r.problem };
      })();
      this.policies.set(key, p);
    }
    return p;
  }
  /** The signing trust charter.yml declares at `sha`: its trusted keys, and keyless identities with the pinned root. */
  trustAt(sha) {
    const snapshot = this.snapshots.get(sha);
    const charter = snapshot && this.charterBlob(snapshot);
    const named = new Set(this.signingFilesOf(charter));
    const key = snapshot ? [...snapshot].filter(([rel]) => CHARTER_FILE.test(rel) || named.has(rel)).map(([rel, oid]) => `${rel}=${oid}`).sort().join(",") : `commit:${sha}`;
    let p = this.trusts.get(key);
    if (!p) {
      p = (async () => {
        let repo;
        if (snapshot) {
          const files = await this.files(snapshot, (rel) => CHARTER_FILE.test(rel) || named.has(rel));
          repo = (await loadRepo(new MemorySource(files, sha))).repo;
        } else {
          repo = (await loadRepo(new GitSource(this.dir, sha))).repo;
        }
        if (!repo.charter)
          return { trust: { trustedKeys: [] }, problem: `no valid charter.yml at ${sha.slice(0, 12)}` };
        try {
          return { trust: { trustedKeys: await trustedKeysAt(repo), ...await keylessTrustAt(repo) } };
        } catch (e2) {
          return { trust: { trustedKeys: [] }, problem: e2.message };
        }
      })();
      this.trusts.set(key, p);
    }
    return p;
  }
};

// core/audit/read-once.ts
function readOnce(registry, capacity = 4096) {
  const manifests = new MemoLru(capacity);
  return {
    location: registry.location,
    pushBlob: (repo, bytes) => registry.pushBlob(repo, bytes),
    fetchBlob: (repo, digest2, opts) => registry.fetchBlob(repo, digest2, opts),
    pushManifest: (repo, bytes, opts) => registry.pushManifest(repo, bytes, opts),
    pushReferrers: (repo, list) => registry.pushReferrers(repo, list),
    fetchManifest(repo, ref, opts) {
      if (!isDigest(ref)) return registry.fetchManifest(repo, ref, opts);
      return manifests.get(
        `${repo}@${ref}@${opts?.maxBytes ?? ""}`,
        () => registry.fetchManifest(repo, ref, opts)
      );
    },
    resolve: (repo, tag) => registry.resolve(repo, tag),
    tag: (repo, digest2, tag) => registry.tag(repo, digest2, tag),
    listTags: (repo) => registry.listTags(repo),
    referrers: (repo, digest2, opts) => registry.referrers(repo, digest2, opts)
  };
}

// core/audit/releases.ts
var TRAILER = /^(Charter-Bundle|Charter-Manifest|Charter-Sequence|Charter-Registry):[ \t]*(.*?)[ \t]*$/gm;
var DIGEST = /^sha256:[a-f0-9]{64}$/;
function tagTrailers(message) {
  const found = {};
  for (const m of message.matchAll(TRAILER)) found[m[1]] ??= m[2];
  const digestOr = (v) => v && DIGEST.test(v) ? v : null;
  const seq = found["Charter-Sequence"];
  return {
    bundle: digestOr(found["Charter-Bundle"]),
    manifest: digestOr(found["Charter-Manifest"]),
    sequence: seq && /^\d{1,9}$/.test(seq) ? Number(seq) : null,
    registry: found["Charter-Registry"] ?? null
  };
}
function claimedCommit(bytes) {
  try {
    const bundle = JSON.parse(Buffer.from(bytes).toString("utf8"));
    const payload = bundle.dsseEnvelope?.payload;
    if (typeof payload !== "string") return void 0;
    const statement = JSON.parse(Buffer.from(payload, "base64").toString("utf8"));
    const c = statement.predicate?.source?.commit;
    return typeof c === "string" && /^[0-9a-f]{40}$/.test(c) ? c : void 0;
  } catch {
    return void 0;
  }
}
var iso = (seconds) => seconds === null || seconds === void 0 ? null : new Date(seconds * 1e3).toISOString();
function trustedAtHead(head, keyId, signer) {
  if (head.trustedKeys.some((k) => k.keyId === keyId)) return true;
  return (head.keylessIdentities ?? []).some(
    (i) => typeof i.subjectAlternativeName === "string" && signer === `${i.subjectAlternativeName} (issuer ${i.issuer})`
  );
}
function verifyAll(ctx, trust, attached, published, input) {
  const out = { attestations: [], provenanceOk: false };
  for (const a of attached) {
    const types = a.predicateTypeHint === SLSA_PROVENANCE_V1 ? [SLSA_PROVENANCE_V1, GOVERNANCE_PREDICATE_V1] : [GOVERNANCE_PREDICATE_V1, SLSA_PROVENANCE_V1];
    let result = verifyUnder(trust, a.bytes, types[0], published.bundleDigest);
    let type = types[0];
    if (!result.ok && result.reason === "predicate-type") {
      result = verifyUnder(trust, a.bytes, types[1], published.bundleDigest);
      type = types[1];
    }
    if (!result.ok) {
      out.attestations.push({
        digest: a.descriptor.digest,
        predicateType: a.predicateTypeHint ?? null,
        verified: false,
        signer: null,
        keyId: null,
        reason: result.reason,
        message: result.message,
        trustedAtHead: null
      });
      continue;
    }
    out.attestations.push({
      digest: a.descriptor.digest,
      predicateType: type,
      verified: true,
      signer: result.signer,
      keyId: result.keyId,
      reason: null,
      message: null,
      trustedAtHead: trustedAtHead(ctx.headTrust, result.keyId, result.signer)
    });
    if (type === SLSA_PROVENANCE_V1) out.provenanceOk = true;
    else if (!out.governance) {
      try {
        const g = parseGovernancePredicate(result.predicate);
        const wrong = [
          g.tenant !== input.tenant && `tenant ${g.tenant}`,
          g.workflow !== input.workflow && `workflow ${g.workflow}`,
          g.version !== input.version && `version ${g.version}`,
          g.bundle.digest !== published.bundleDigest && `bundle ${g.bundle.digest}`
        ].filter(Boolean);
        if (wrong.length)
          out.problem = `the verified governance record describes another release: ${wrong.join(", ")}`;
        else out.governance = g;
      } catch (e2) {
        out.problem = `the verified governance record is malformed: ${e2.message}`;
      }
    }
  }
  return out;
}
async function auditRelease(ctx, input) {
  const { registry, history } = ctx;
  const { tenant, workflow, version, repository, tag } = input;
  const trailers = tag?.objectType === "tag" ? tagTrailers(tag.message) : null;
  const row = {
    name: `${tenant}/${workflow}`,
    tenant,
    workflow,
    version,
    repository,
    commit: tag?.commit ?? null,
    date: null,
    onBranch: false,
    tag: tag ? {
      name: tag.name,
      annotated: tag.objectType === "tag",
      commit: tag.commit,
      bundle: trailers?.bundle ?? null,
      manifest: trailers?.manifest ?? null,
      sequence: trailers?.sequence ?? null,
      registry: trailers?.registry ?? null,
      tagger: tag.tagger,
      date: iso(tag.date)
    } : null,
    registry: { manifest: null, bundle: null, channels: [], error: null },
    integrity: { status: "unknown", reasons: [] },
    signatures: { status: "unverified", trustCommit: null, trustProblem: null, attestations: [] },
    governance: null,
    findings: []
  };
  const out = { row };
  let published;
  let attached = [];
  if (ctx.registryAvailable) {
    try {
      const resolved = await registry.resolve(repository, version);
      if (resolved) {
        published = await readRelease(registry, repository, resolved.digest);
        if (published) {
          row.registry.manifest = published.manifestDigest;
          out.bundleBytes = await registry.fetchBlob(repository, published.bundleDigest, {
            maxBytes: ctx.maxBundleBytes ?? 64 * 1024 * 1024
          });
          row.registry.bundle = published.bundleDigest;
          attached = await attachedAttestations(registry, repository, published.manifestDigest);
        }
      }
    } catch (e2) {
      row.registry.error = e2.message;
    }
  }
  let claimed = null;
  const claim = () => {
    if (claimed === null) claimed = attached.map((a) => claimedCommit(a.bytes)).find(Boolean);
    return claimed;
  };
  const candidates = tag?.commit ? [tag.commit] : [];
  if (candidates.length === 0) {
    const c = claim();
    if (c) candidates.push(c);
    else if (attached.length > 0)
      row.signatures.trustProblem = "no git tag and no readable record names the released commit";
  }
  let governance;
  let verifiedTrust;
  for (let i = 0; i < candidates.length; i++) {
    const trustCommit = candidates[i];
    let trust = { trustedKeys: [] };
    let trustProblem = null;
    try {
      const t = await history.trustAt(trustCommit);
      trust = t.trust;
      trustProblem = t.problem ?? null;
    } catch (e2) {
      trustProblem = `cannot read charter.yml at ${trustCommit.slice(0, 12)}: ${e2.message}`;
    }
    const verified = published ? verifyAll(ctx, trust, attached, published, input) : void 0;
    const own = verified?.governance && (tag?.commit === trustCommit || verified.governance.source.commit === trustCommit);
    if (i === 0 || own) {
      row.signatures.trustCommit = trustCommit;
      row.signatures.trustProblem = trustProblem ?? verified?.problem ?? null;
      if (verified) {
        row.signatures.attestations = verified.attestations;
        row.signatures.status = verified.governance && verified.provenanceOk ? "valid" : "invalid";
        governance = verified.governance;
        verifiedTrust = trust;
      }
    }
    if (own) break;
    const c = i === 0 ? claim() : void 0;
    if (c && !candidates.includes(c)) candidates.push(c);
  }
  if (governance && !tag && governance.source.commit !== row.signatures.trustCommit) {
    governance = void 0;
    row.signatures.status = "invalid";
    row.signatures.trustProblem = "the record's commit is not the commit whose trust verified it";
  }
  if (governance) out.governance = governance;
  if (governance && published) {
    const parent = history.commit(governance.source.commit)?.parents[0];
    const ownTrust = verifiedTrust;
    let before;
    if (parent)
      try {
        const t = await history.trustAt(parent);
        before = t.problem ? void 0 : t.trust;
      } catch {
        before = void 0;
      }
    if (before && before === ownTrust) out.evidence = governance;
    else if (before) {
      const verifiedDigests = new Set(
        row.signatures.attestations.filter((x) => x.verified).map((x) => x.digest)
      );
      const again = verifyAll(
        ctx,
        before,
        attached.filter((a) => verifiedDigests.has(a.descriptor.digest)),
        published,
        input
      );
      if (again.governance && !again.problem && again.governance.source.commit === governance.source.commit)
        out.evidence = again.governance;
    }
  }
  row.commit = governance?.source.commit ?? tag?.commit ?? null;
  const onChain = row.commit ? history.commit(row.commit) : void 0;
  row.onBranch = Boolean(onChain);
  row.date = onChain ? iso(onChain.time) : governance?.issuedAt ?? row.tag?.date ?? null;
  const reasons = [];
  if (!tag) {
    if (published) row.integrity.status = "tag-missing";
  } else if (ctx.registryAvailable && !published && !row.registry.error) {
    row.integrity.status = "release-missing";
    reasons.push(`the registry holds no ${version} of ${repository}`);
  } else {
    if (tag.objectType !== "tag")
      reasons.push("a lightweight tag: release tags are annotated and carry the release's digests");
    else {
      if (!trailers?.manifest || !trailers.bundle)
        reasons.push("the tag message lacks the Charter-Manifest / Charter-Bundle trailers");
      if (published && trailers?.manifest && trailers.manifest !== published.manifestDigest)
        reasons.push(
          `the tag records manifest ${trailers.manifest}, but the registry's ${version} is ${published.manifestDigest}`
        );
      if (published && trailers?.bundle && trailers.bundle !== published.bundleDigest)
        reasons.push(
          `the tag records bundle ${trailers.bundle}, but the registry's ${version} holds ${published.bundleDigest}`
        );
      if (governance && trailers?.sequence !== null && trailers?.sequence !== governance.sequence)
        reasons.push(
          `the tag records sequence ${trailers?.sequence}, the signed record ${governance.sequence}`
        );
    }
    if (tag.commit === null) reasons.push("the tag does not point at a commit");
    if (governance && tag.commit && governance.source.commit !== tag.commit)
      reasons.push(
        `the tag points at ${tag.commit.slice(0, 12)}, but the signed record released ${governance.source.commit.slice(0, 12)} (the tag was moved)`
      );
    if (published && row.registry.error)
      reasons.push(`the registry's copy does not verify: ${row.registry.error}`);
    if (published || reasons.length) row.integrity.status = reasons.length ? "tampered" : "intact";
  }
  row.integrity.reasons = reasons;
  if (governance) {
    const g = governance;
    const first = history.commit(g.source.commit)?.parents[0] ?? null;
    let recomputed = null;
    let policyOk;
    try {
      policyOk = await history.policyAt(g.policy.commit);
      if (policyOk.ok) recomputed = policyDigest(policyOk.policy, tenant);
    } catch {
      policyOk = void 0;
    }
    const tenantPolicy = policyOk?.ok ? policyOk.policy.tenants.get(tenant) : void 0;
    const approvals = g.approvals.map((a) => ({
      reviewer: a.reviewer,
      commit: a.commit,
      submittedAt: a.submittedAt,
      attested: [
        { tenant: a.tenant ?? tenant, counted: a.counted, via: a.via ?? null, reason: a.reason ?? null }
      ]
    }));
    const pr = g.pullRequest;
    const judged = pr ? judgedApprovals(
      {
        source: "attestation",
        pullRequest: {
          number: pr.number,
          url: pr.url ?? null,
          author: pr.author,
          merger: pr.merger,
          mergedAt: pr.mergedAt ?? null,
          headSha: pr.headSha
        },
        approvals
      },
      tenantPolicy?.approvers ?? [],
      tenantPolicy?.allowBots ?? [],
      void 0,
      tenant
    ) : [];
    row.governance = {
      sequence: g.sequence,
      issuedAt: g.issuedAt,
      expires: g.expires,
      sourceCommit: g.source.commit,
      policy: {
        commit: g.policy.commit,
        digest: g.policy.digest,
        required: g.policy.required ?? 0,
        approvers: g.policy.approvers ?? [],
        firstParent: first,
        recomputedDigest: recomputed,
        matches: first !== null && first !== g.policy.commit ? false : recomputed === null ? null : recomputed === g.policy.digest
      },
      pullRequest: pr ? {
        number: pr.number,
        url: pr.url ?? null,
        author: pr.author,
        merger: pr.merger,
        mergedAt: pr.mergedAt ?? null,
        headSha: pr.headSha,
        treeEqual: pr.treeEqual ?? null,
        differingFiles: null
      } : null,
      approvals: judged,
      counted: new Set(judged.filter((a) => a.entitled === true && a.onMergedHead).map((a) => a.reviewer.id)).size,
      required: tenantPolicy?.required ?? g.policy.required ?? 0,
      checks: g.checks,
      eval: g.eval ? {
        head: g.eval.head,
        conclusion: g.eval.conclusion,
        passed: g.eval.passed,
        atMergedHead: g.eval.atMergedHead ?? null,
        suites: g.eval.suites
      } : null
    };
  }
  return out;
}

// core/audit/schema.ts
import * as z from "zod";
var AUDIT_SCHEMA_ID = "https://charter.dev/audit/v1";
var commit = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, "a full git commit id");
var digest = z.string().regex(/^sha256:[a-f0-9]{64}$/, "sha256:<64 hex>");
var time = z.string().describe("ISO 8601 time.");
var githubUser = z.strictObject({
  login: z.string().describe("GitHub login (as recorded; logins can be renamed)."),
  id: z.int().describe("GitHub numeric user id (stable).")
}).describe("A GitHub account.");
var gitPerson = z.strictObject({ name: z.string().describe("Name."), email: z.string().describe("Email.") }).describe("A git author or committer.");
var FINDING_KINDS = {
  "direct-push": "A governed file changed on the default branch by a commit that is not a pull request merge (offline: one parent and no pull request claimed by its message; with a token: GitHub lists no merged pull request for it).",
  "admin-merge": "A pull request was merged with fewer entitled approvals than its policy required.",
  "stale-approval": "The approvals were given on an earlier commit than the one merged, or the merged content of files the pull request changed differs from the approved head.",
  "no-evidence": "A governed change reached the default branch as a merge (or claims a pull request in its message) but no verified release attestation records its pull request and approvals, and no GitHub token was given to ask.",
  unconfirmed: "Approvals were recorded but whether the approvers were entitled cannot be decided offline (team membership): run with a GitHub token.",
  "signature-invalid": "A release has no provenance or no governance attestation that verifies against the keys and identities charter.yml trusted at its commit.",
  "untrusted-attestation": "An attestation attached to a release does not verify (another signer, or altered), beside ones that do.",
  "tag-tampered": "A release's git tag disagrees with the registry or the signed record: moved to another commit, digests or sequence differ, or not an annotated release tag.",
  "tag-missing": "A version published in the registry has no git tag.",
  "release-missing": "A git release tag names a version the registry does not hold.",
  "off-branch-release": "A release was published from a commit that is not on the default branch's first-parent history.",
  "entitlement-mismatch": "The signed record counts an approval that the policy in force at the merge does not entitle.",
  "policy-mismatch": "The signed record's policy (digest or commit) is not the policy the repository had at the merge's first parent.",
  "eval-failed": "A release records a failed pull request evaluation.",
  "channel-unverified": "A channel points at a manifest that is no audited release.",
  "registry-unavailable": "The registry could not be read, so releases could not be verified."
};
var findingKind = z.enum(Object.keys(FINDING_KINDS));
var CLASSIFICATIONS = {
  governed: "Merged through a pull request whose required approvals were met on the merged content.",
  bootstrap: "No policy was in force before it (the commit that introduces charter.yml).",
  "direct-push": FINDING_KINDS["direct-push"],
  "admin-merge": FINDING_KINDS["admin-merge"],
  "stale-approval": FINDING_KINDS["stale-approval"],
  "no-evidence": FINDING_KINDS["no-evidence"],
  unconfirmed: FINDING_KINDS.unconfirmed
};
var finding = z.strictObject({
  kind: findingKind.describe("What kind of finding (see the README's table)."),
  message: z.string().describe("What is wrong, in one sentence."),
  commit: commit.nullable().describe("The commit it concerns."),
  release: z.string().nullable().describe("The release it concerns, TENANT/WORKFLOW@VERSION.")
}).describe("A control failure an auditor should look at.");
var approval = z.strictObject({
  reviewer: githubUser,
  commit: commit.describe("The commit the reviewer approved."),
  submittedAt: time.nullable().describe("When the review was submitted (ISO 8601)."),
  onMergedHead: z.boolean().describe("Whether the approved commit is the pull request head that was merged."),
  attested: z.strictObject({
    counted: z.boolean().describe("Whether the signed record counted it."),
    via: z.string().nullable().describe("How the reviewer qualified, per the record."),
    reason: z.string().nullable().describe("Why it was not counted, per the record.")
  }).nullable().describe("The signed record's judgement (null when the evidence came from GitHub)."),
  entitled: z.boolean().nullable().describe(
    "Re-judged: whether the reviewer was an approver under the policy in force (null: undecidable)."
  ),
  basis: z.enum(["policy", "github", "attestation", "none"]).describe(
    "What the entitlement rests on: the policy's user principals, team members read from GitHub, the signed record's word (teams, offline), or nothing."
  ),
  reason: z.string().describe("How it was judged.")
}).describe("One standing approval, judged again.");
var requirement = z.strictObject({
  id: z.string().describe("`tenant:NAME` or `governance`."),
  required: z.int().describe("Approvals required."),
  approvers: z.array(z.string()).describe("Who may approve, as the policy names them."),
  approvedBy: z.array(z.string()).describe("Logins of entitled approvals on the merged head."),
  status: z.enum(["met", "unmet", "unconfirmed"]).describe("Whether it was met."),
  reason: z.string().describe("Why.")
}).describe("One approval requirement the change raised under the policy at its first parent.");
var pullRequest = z.strictObject({
  number: z.int().describe("Pull request number."),
  url: z.string().nullable().describe("Its address."),
  author: githubUser.describe("Who proposed it."),
  merger: githubUser.nullable().describe("Who merged it."),
  mergedAt: time.nullable().describe("When it was merged (ISO 8601)."),
  headSha: commit.describe("The head commit that was merged (what the approvals had to be on).")
}).describe("The pull request behind a change.");
var evalSummary = z.strictObject({
  head: commit.describe("The commit the evaluation ran on."),
  conclusion: z.string().describe("`success` or `failure`."),
  passed: z.boolean().describe("Whether it passed."),
  atMergedHead: z.boolean().nullable().describe("Whether it ran on the merged head."),
  suites: z.array(
    z.strictObject({
      suite: z.string().describe("TENANT/SUITE."),
      passRate: z.number().nullable().describe("Pass rate at the head."),
      passed: z.boolean().describe("Whether it met its threshold."),
      regressions: z.int().describe("Cases that regressed against the base."),
      cases: z.int().describe("Cases run.")
    }).describe("One suite.")
  ).describe("Per suite.")
}).describe("The pull request evaluation the release records.");
var attestation = z.strictObject({
  digest: digest.describe("The referrer manifest that carries it."),
  predicateType: z.string().nullable().describe("Verified predicate type (or the unauthenticated hint)."),
  verified: z.boolean().describe("Whether it verifies against the trust at the release's commit."),
  signer: z.string().nullable().describe("The trusted signer, when verified."),
  keyId: z.string().nullable().describe("The signing key id (verified)."),
  reason: z.string().nullable().describe("Why it does not verify (`untrusted-key`, `bad-signature`…)."),
  message: z.string().nullable().describe("Details."),
  trustedAtHead: z.boolean().nullable().describe("Whether its signer is still trusted at the audited commit (false after a key rotation).")
}).describe("One attached Sigstore bundle, verified again.");
var release = z.strictObject({
  name: z.string().describe("TENANT/WORKFLOW."),
  tenant: z.string().describe("Tenant."),
  workflow: z.string().describe("Workflow."),
  version: z.string().describe("Version."),
  repository: z.string().describe("Registry repository."),
  commit: commit.nullable().describe("The released commit (the tag's, else the signed record's)."),
  date: time.nullable().describe("When the released commit reached the default branch (committer time)."),
  onBranch: z.boolean().describe("Whether the released commit is on the default branch's first-parent history."),
  tag: z.strictObject({
    name: z.string().describe("The git tag."),
    annotated: z.boolean().describe("Whether it is an annotated tag (release tags are)."),
    commit: commit.nullable().describe("The commit it points at."),
    bundle: digest.nullable().describe("Its Charter-Bundle trailer."),
    manifest: digest.nullable().describe("Its Charter-Manifest trailer."),
    sequence: z.int().nullable().describe("Its Charter-Sequence trailer."),
    registry: z.string().nullable().describe("Its Charter-Registry trailer."),
    tagger: z.string().nullable().describe("Who created it."),
    date: time.nullable().describe("When.")
  }).nullable().describe("The release's git tag (null when missing)."),
  registry: z.strictObject({
    manifest: digest.nullable().describe("The manifest the version tag resolves to now."),
    bundle: digest.nullable().describe("The bundle layer of that manifest (re-hashed)."),
    channels: z.array(z.string()).describe("Channels pointing at this release."),
    error: z.string().nullable().describe("What could not be read.")
  }).describe("What the registry holds."),
  integrity: z.strictObject({
    status: z.enum(["intact", "tampered", "tag-missing", "release-missing", "unknown"]).describe("Tag trailers vs registry digests vs the signed record's subject and commit."),
    reasons: z.array(z.string()).describe("Each disagreement.")
  }).describe("Tag integrity."),
  signatures: z.strictObject({
    status: z.enum(["valid", "invalid", "unverified"]).describe("valid: both attestations verify; invalid: one does not; unverified: nothing to verify."),
    trustCommit: commit.nullable().describe("The commit whose charter.yml supplied the trust."),
    trustProblem: z.string().nullable().describe("Why that trust could not be read."),
    attestations: z.array(attestation).describe("Every attached attestation.")
  }).describe("Signatures, every one re-verified."),
  governance: z.strictObject({
    sequence: z.int().describe("Release sequence."),
    issuedAt: time.describe("When the record was issued (ISO 8601)."),
    expires: time.describe("When runners start refusing the release (ISO 8601)."),
    sourceCommit: commit.describe("The commit the record says was released."),
    policy: z.strictObject({
      commit: commit.describe("The commit whose policy the record applied (the merge's first parent)."),
      digest: digest.describe("The record's policy digest."),
      required: z.int().describe("Approvals the tenant required."),
      approvers: z.array(z.string()).describe("The tenant's approvers."),
      firstParent: commit.nullable().describe("The released commit's first parent in git."),
      recomputedDigest: digest.nullable().describe("The policy digest recomputed from git at the first parent."),
      matches: z.boolean().nullable().describe("Whether the record's policy is the policy git had.")
    }).describe("The policy in force."),
    pullRequest: pullRequest.extend({
      treeEqual: z.boolean().nullable().describe("The record's word: governed files at the approved head equal the merged commit's."),
      differingFiles: z.array(z.string()).nullable().describe(
        "Recomputed from git: files the pull request changed whose merged content differs from the approved head (null when the head is not in this clone)."
      )
    }).nullable().describe("The pull request (null: released without one)."),
    approvals: z.array(approval).describe("Every standing approval."),
    counted: z.int().describe("Entitled approvals on the merged head, re-judged."),
    required: z.int().describe("Approvals required."),
    checks: z.array(
      z.strictObject({
        name: z.string().describe("Check run."),
        conclusion: z.string().nullable().describe("Its conclusion."),
        headSha: commit.describe("The commit it ran on.")
      }).describe("One check.")
    ).describe("Check runs on the merged head."),
    eval: evalSummary.nullable()
  }).nullable().describe("The verified governance record (null when none verifies)."),
  findings: z.array(findingKind).describe("Kinds of the findings about this release.")
}).describe("One published version.");
var change = z.strictObject({
  commit: commit.describe("The commit on the default branch."),
  parents: z.array(commit).describe("Its parents (two or more: a merge)."),
  date: time.describe("Committer time."),
  author: gitPerson,
  committer: gitPerson,
  subject: z.string().describe("First line of the message."),
  claimedPullRequest: z.int().nullable().describe("The pull request number the message claims (unverified: anyone can write it)."),
  paths: z.array(z.string()).describe("Governed files changed against the first parent."),
  tenants: z.array(z.string()).describe("Tenants whose files changed."),
  classification: z.enum(Object.keys(CLASSIFICATIONS)).describe("How it reached the branch (see the README)."),
  evidence: z.enum(["attestation", "github", "none"]).describe(
    "Where the pull request facts come from: a verified release record, the GitHub API, or nowhere."
  ),
  pullRequest: pullRequest.nullable(),
  requirements: z.array(requirement).describe("Approval requirements under the policy at the first parent."),
  approvals: z.array(approval).describe("Standing approvals, judged against the policy at the first parent."),
  releases: z.array(z.string()).describe("Releases published from this commit."),
  reason: z.string().describe("Why it is classified so.")
}).describe("A first-parent commit of the default branch that changed governed files.");
var auditReportSchema = z.strictObject({
  schema: z.literal(AUDIT_SCHEMA_ID).describe("Identifies this document."),
  generatedAt: time.describe("When the audit ran."),
  charterVersion: z.string().describe("The Charter version that produced it."),
  repository: z.strictObject({
    root: z.string().describe("The governed root inside the git repository (empty: the top level)."),
    ref: z.string().describe("The branch audited."),
    commit: commit.describe("Its commit."),
    remote: z.string().nullable().describe("The origin remote, if any.")
  }).describe("What was audited."),
  scope: z.strictObject({
    since: time.nullable().describe("Only commits and releases since then."),
    tenant: z.string().nullable().describe("Only this tenant."),
    workflow: z.string().nullable().describe("Only this workflow.")
  }).describe("Filters."),
  registry: z.strictObject({
    location: z.string().describe("The registry read."),
    available: z.boolean().describe("Whether it could be read."),
    error: z.string().nullable().describe("Why not.")
  }).describe("The registry."),
  github: z.strictObject({
    used: z.boolean().describe("Whether the GitHub API enriched the evidence."),
    repository: z.string().nullable().describe("OWNER/NAME.")
  }).describe("GitHub enrichment."),
  summary: z.strictObject({
    commits: z.int().describe("First-parent commits in scope."),
    governedChanges: z.int().describe("Of them, changes to governed files."),
    releases: z.int().describe("Releases in scope."),
    findings: z.int().describe("Findings."),
    classifications: z.record(z.string(), z.int()).describe("Governed changes per classification."),
    kinds: z.record(z.string(), z.int()).describe("Findings per kind.")
  }).describe("Counts."),
  releases: z.array(release).describe("Every published version, newest first."),
  changes: z.array(change).describe("Every governed change on the default branch, newest first."),
  findings: z.array(finding).describe("Every finding.")
}).describe("Charter audit report: every release and every governed change of a repository, verified.");

// core/audit/audit.ts
var NAME = "[a-z][a-z0-9-]{0,62}";
var SEMVER = "\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?";
var ZERO2 = /^0+$/;
async function gitLine(cwd, args) {
  const r = await runGit(cwd, args);
  return r.code === 0 ? r.stdout.toString("utf8").trim() : void 0;
}
function safeRemote(url) {
  if (!url) return null;
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, "$1");
}
async function registryProbe(registry, repos) {
  if (registry.location.startsWith("oci:")) {
    const path = registry.location.slice(4);
    return existsSync(path) ? { available: true, error: null } : {
      available: false,
      error: `the registry directory ${path} does not exist: pass --registry with the registry the releases were published to`
    };
  }
  try {
    await registry.listTags(repos[0] ?? "charter/probe");
    return { available: true, error: null };
  } catch (e2) {
    return { available: false, error: e2.message };
  }
}
function diagramOf(bytes) {
  try {
    const bundle = openBundle(bytes);
    const file = bundle.files.get(bundle.index.entrypoint);
    if (!file) return void 0;
    const parsed = workflowFile.safeParse(parse2(Buffer.from(file).toString("utf8"), { maxAliasCount: 100 }));
    return parsed.success ? workflowFlowchart(parsed.data) : void 0;
  } catch {
    return void 0;
  }
}
function finding2(kind, message, commit2, release2) {
  return { kind, message, commit: commit2, release: release2 };
}
async function auditRepository(options) {
  const dir = resolve(options.dir);
  if (!existsSync(dir)) throw new UserError(`${options.dir} does not exist.`);
  const now = (options.now ?? (() => /* @__PURE__ */ new Date()))();
  const [top, shallow] = (await gitLine(dir, ["rev-parse", "--show-toplevel", "--is-shallow-repository"]))?.split("\n") ?? [void 0, void 0];
  if (!top) throw new UserError(`${dir} is not inside a git repository: the audit reads its history.`);
  if (shallow === "true")
    throw new UserError(
      `${top} is a shallow clone: the audit needs the whole history. Fetch it (git fetch --unshallow --tags, or actions/checkout with fetch-depth: 0).`
    );
  const rootRel = relative(await realpath(top), await realpath(dir)).split("\\").join("/");
  const prefix = rootRel ? `${rootRel}/` : "";
  let ref = options.ref;
  if (ref) assertSafeRef(ref);
  else {
    const originHead = await gitLine(top, ["symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD"]);
    ref = originHead ?? await gitLine(top, ["symbolic-ref", "-q", "--short", "HEAD"]) ?? "HEAD";
  }
  const tip = await gitLine(top, ["rev-parse", "--verify", "-q", `${ref}^{commit}`]);
  if (!tip)
    throw new UserError(`Unknown git ref "${ref}". Pass --ref with the default branch (e.g. origin/main).`);
  const [tipLoaded, log, allTags, remote] = await Promise.all([
    loadRepo(new GitSource(dir, tip)),
    firstParentLog(top, tip),
    readTags(top),
    gitLine(top, ["remote", "get-url", "origin"])
  ]);
  const tipRepo = tipLoaded.repo;
  if (!tipRepo.charter)
    throw new UserError(
      `${dir} has no valid charter.yml at ${ref} (${tip.slice(0, 12)}); run \`charter lint --ref ${ref}\`.`
    );
  const tagPrefix = tipRepo.charter.data.publish.tag_prefix;
  const tags = allTags.filter((t) => t.name.startsWith(`${tagPrefix}/`));
  const history = await AuditHistory.build(top, prefix, dir, log);
  const target = registryFor(tipRepo, dir, options.registry, options.env);
  const registry = readOnce(target.registry);
  const registryPrefix = target.prefix;
  const concurrency = options.concurrency ?? 16;
  const tagName = new RegExp(`^${tagPrefix.replace(/[.]/g, "\\.")}/(${NAME})/(${NAME})/v(${SEMVER})$`);
  const inputs = /* @__PURE__ */ new Map();
  const key = (t, w, v) => `${t}/${w}@${v}`;
  const workflows = /* @__PURE__ */ new Map();
  for (const tag of tags) {
    const m = tagName.exec(tag.name);
    if (!m) continue;
    const [, tenant, workflow, version] = m;
    workflows.set(`${tenant}/${workflow}`, { tenant, workflow });
    inputs.set(key(tenant, workflow, version), {
      tenant,
      workflow,
      version,
      repository: releaseRepository(registryPrefix, tenant, workflow),
      tag
    });
  }
  for (const [tenant, t] of tipRepo.tenants)
    for (const workflow of t.workflows.keys()) workflows.set(`${tenant}/${workflow}`, { tenant, workflow });
  const repos = [...workflows.values()].map((w) => ({
    ...w,
    repository: releaseRepository(registryPrefix, w.tenant, w.workflow)
  }));
  const probe = await registryProbe(
    registry,
    repos.map((r) => r.repository)
  );
  const repoErrors = /* @__PURE__ */ new Map();
  if (probe.available)
    await mapPool(repos, concurrency, async (r) => {
      let versions = [];
      try {
        versions = await publishedVersions(registry, r.repository);
      } catch (e2) {
        repoErrors.set(r.repository, e2.message);
      }
      for (const version of versions) {
        const k = key(r.tenant, r.workflow, version);
        if (!inputs.has(k)) inputs.set(k, { ...r, version });
      }
    });
  const since = options.since?.getTime();
  let cut = 0;
  if (since !== void 0) {
    const first = history.commits.findIndex((c) => c.time * 1e3 >= since);
    cut = first === -1 ? history.commits.length : first;
  }
  const beforeCut = (sha) => {
    const i = sha ? history.position.get(sha) : void 0;
    return i !== void 0 && i < cut;
  };
  const outOfScope = (t) => beforeCut(t?.commit);
  const skippedManifests = /* @__PURE__ */ new Set();
  const toAudit = [...inputs.values()].filter((i) => {
    if (!outOfScope(i.tag)) return true;
    const m = /^Charter-Manifest:\s*(sha256:[a-f0-9]{64})\s*$/m.exec(i.tag?.message ?? "");
    if (m) skippedManifests.add(m[1]);
    return false;
  });
  const trustCommits = /* @__PURE__ */ new Set([tip]);
  for (const i of toAudit)
    if (i.tag?.commit) {
      trustCommits.add(i.tag.commit);
      const parent = history.commit(i.tag.commit)?.parents[0];
      if (parent) trustCommits.add(parent);
    }
  await history.prefetch(trustCommits);
  const headTrust = (await history.trustAt(tip)).trust;
  const audited = await mapPool(
    toAudit,
    concurrency,
    (input) => auditRelease({ registry, registryAvailable: probe.available, history, headTrust }, input)
  );
  const channelFindings = [];
  if (probe.available)
    await mapPool(repos, concurrency, async (r) => {
      let channelTags = [];
      try {
        channelTags = (await registry.listTags(r.repository)).filter(
          (t) => !new RegExp(`^${SEMVER}$`).test(t) && !t.startsWith("sha256-")
        );
      } catch {
        return;
      }
      for (const channel of channelTags.sort()) {
        const d = await registry.resolve(r.repository, channel).catch(() => void 0);
        if (!d) continue;
        const rows2 = audited.filter(
          (a) => a.row.repository === r.repository && a.row.registry.manifest === d.digest
        );
        for (const a of rows2) a.row.registry.channels.push(channel);
        if (rows2.length === 0 && !skippedManifests.has(d.digest)) {
          const rel = await readRelease(registry, r.repository, d.digest).catch(() => void 0);
          channelFindings.push(
            finding2(
              "channel-unverified",
              `channel ${channel} of ${r.tenant}/${r.workflow} points at ${d.digest}${rel ? ` (version ${rel.version})` : ""}, which is no release the audit could verify`,
              null,
              `${r.tenant}/${r.workflow}@${channel}`
            )
          );
        }
      }
    });
  const evidence = /* @__PURE__ */ new Map();
  const releasesOf = /* @__PURE__ */ new Map();
  const selfVouched = /* @__PURE__ */ new Map();
  const recordHead = /* @__PURE__ */ new Map();
  for (const a of audited) {
    if (!a.governance) continue;
    const source = a.governance.source.commit;
    const list = releasesOf.get(source) ?? [];
    list.push(`${a.row.name}@${a.row.version}`);
    releasesOf.set(source, list);
    if (a.governance.pullRequest && !recordHead.has(source))
      recordHead.set(source, a.governance.pullRequest.headSha);
    const g = a.evidence;
    if (!g) {
      if (a.governance.pullRequest) {
        const self = selfVouched.get(source) ?? [];
        self.push(`${a.row.name}@${a.row.version}`);
        selfVouched.set(source, self);
      }
      continue;
    }
    const pr = g.pullRequest;
    if (!pr) continue;
    let e2 = evidence.get(g.source.commit);
    if (!e2) {
      e2 = {
        source: "attestation",
        pullRequest: {
          number: pr.number,
          url: pr.url ?? null,
          author: pr.author,
          merger: pr.merger,
          mergedAt: pr.mergedAt ?? null,
          headSha: pr.headSha
        },
        approvals: []
      };
      evidence.set(g.source.commit, e2);
    }
    for (const ap of g.approvals) {
      let existing = e2.approvals.find((x) => x.reviewer.id === ap.reviewer.id && x.commit === ap.commit);
      if (!existing) {
        existing = { reviewer: ap.reviewer, commit: ap.commit, submittedAt: ap.submittedAt, attested: [] };
        e2.approvals.push(existing);
      }
      existing.attested.push({
        tenant: ap.tenant ?? g.tenant,
        counted: ap.counted,
        via: ap.via ?? null,
        reason: ap.reason ?? null
      });
    }
  }
  const changed = history.commits.slice(cut).map((c) => ({ commit: c, paths: history.governedPaths(c) })).filter((x) => x.paths.length > 0);
  await history.prefetch(changed.flatMap((x) => x.commit.parents[0] ? [x.commit.parents[0]] : []));
  const policyAtParent = async (c) => {
    const parent = c.parents[0];
    if (!parent || !history.hadCharterAt(parent)) return "none";
    return history.policyAt(parent);
  };
  const policies = await mapPool(changed, concurrency, (x) => policyAtParent(x.commit));
  let directory;
  const githubChecked = /* @__PURE__ */ new Set();
  if (options.github) {
    const { client, owner, repo } = options.github;
    await mapPool(changed, 4, async (x, i) => {
      if (evidence.has(x.commit.sha) || policies[i] === "none") return;
      const e2 = await pullRequestEvidence(client, { owner, repo }, x.commit.sha);
      githubChecked.add(x.commit.sha);
      if (e2) evidence.set(x.commit.sha, e2);
    });
    const used = /* @__PURE__ */ new Map();
    for (const p of policies) if (p !== "none" && p.ok) used.set(p.policy.sha, p.policy);
    for (const a of audited)
      if (a.governance) {
        const p = await history.policyAt(a.governance.policy.commit).catch(() => void 0);
        if (p?.ok) used.set(p.policy.sha, p.policy);
      }
    directory = await githubDirectory(client, teamsOf(used.values()));
  }
  const headOf = (sha) => evidence.get(sha)?.pullRequest.headSha ?? recordHead.get(sha);
  const lookups = [];
  for (const x of changed) {
    const head = headOf(x.commit.sha);
    if (!head) continue;
    lookups.push(`${head}^{commit}`);
    for (const p of x.paths) lookups.push(`${head}:${p}`);
  }
  const ids = await objectIds(top, lookups);
  const differing = /* @__PURE__ */ new Map();
  for (const x of changed) {
    const head = headOf(x.commit.sha);
    if (!head) continue;
    if (!ids.get(`${head}^{commit}`)) {
      differing.set(x.commit.sha, null);
      continue;
    }
    const after = new Map(x.commit.changes.map((ch) => [ch.path, ZERO2.test(ch.newBlob) ? null : ch.newBlob]));
    differing.set(
      x.commit.sha,
      x.paths.filter((p) => (ids.get(`${head}:${p}`) ?? null) !== (after.get(p) ?? null))
    );
  }
  const changes = changed.map((x, i) => {
    const input = {
      commit: x.commit,
      paths: x.paths,
      tenants: [
        ...new Set(
          x.paths.map((p) => /^tenants\/([^/]+)\//.exec(p.slice(prefix.length))?.[1]).filter((t) => Boolean(t))
        )
      ].sort(),
      policy: policies[i],
      releases: releasesOf.get(x.commit.sha) ?? [],
      selfVouched: selfVouched.get(x.commit.sha) ?? [],
      differingFiles: differing.get(x.commit.sha) ?? null,
      githubChecked: githubChecked.has(x.commit.sha),
      branch: ref,
      ...directory ? { directory } : {}
    };
    const e2 = evidence.get(x.commit.sha);
    if (e2) input.evidence = e2;
    return classifyChange(input);
  });
  for (const a of audited) {
    const gov = a.row.governance;
    if (!gov?.pullRequest || !a.governance) continue;
    gov.pullRequest.differingFiles = differing.get(gov.sourceCommit) ?? null;
    if (directory) {
      const p = await history.policyAt(a.governance.policy.commit).catch(() => void 0);
      const t = p?.ok ? p.policy.tenants.get(a.row.tenant) : void 0;
      gov.approvals = judgedApprovals(
        {
          source: "attestation",
          pullRequest: gov.pullRequest,
          approvals: a.governance.approvals.map((ap) => ({
            reviewer: ap.reviewer,
            commit: ap.commit,
            submittedAt: ap.submittedAt,
            attested: [
              {
                tenant: ap.tenant ?? a.row.tenant,
                counted: ap.counted,
                via: ap.via ?? null,
                reason: ap.reason ?? null
              }
            ]
          }))
        },
        t?.approvers ?? [],
        t?.allowBots ?? [],
        directory,
        a.row.tenant
      );
      gov.counted = new Set(
        gov.approvals.filter((x) => x.entitled === true && x.onMergedHead).map((x) => x.reviewer.id)
      ).size;
    }
  }
  const offBranch = /* @__PURE__ */ new Map();
  for (const a of audited)
    if (a.row.commit && !a.row.onBranch && !offBranch.has(a.row.commit))
      offBranch.set(a.row.commit, await isAncestor(top, a.row.commit, tip));
  const [wfTenant, wfName] = options.workflow?.includes("/") ? options.workflow.split("/") : [void 0, options.workflow];
  const releaseInScope = (r) => (!options.tenant || r.tenant === options.tenant) && (!wfName || r.workflow === wfName && (!wfTenant || r.tenant === wfTenant)) && // By position on the chain; a release off the chain has none, so it is always reported.
  !beforeCut(r.onBranch ? r.commit : null);
  const tenantScope = options.tenant ?? wfTenant;
  const changeInScope = (c) => !tenantScope || c.paths.some((p) => {
    const rel = p.slice(prefix.length);
    return rel.startsWith(`tenants/${tenantScope}/`) || !rel.startsWith("tenants/");
  });
  const rows = audited.map((a) => a.row).filter(releaseInScope).sort(
    (a, b) => (b.date ?? "").localeCompare(a.date ?? "") || a.name.localeCompare(b.name) || compareSemver(b.version, a.version)
  );
  const findings = [];
  const expectsRegistry = tags.length > 0 || Boolean(options.registry) || tipRepo.charter.file.doc.has("registry") || [...tipRepo.tenants.values()].some((t) => t.workflows.size > 0);
  if (!probe.available && expectsRegistry)
    findings.push(
      finding2("registry-unavailable", `${registry.location} could not be read: ${probe.error}`, null, null)
    );
  for (const r of rows) {
    const id = `${r.name}@${r.version}`;
    const add = (kind, message) => {
      if (!r.findings.includes(kind)) r.findings.push(kind);
      findings.push(finding2(kind, `${r.name} ${r.version}: ${message}`, r.commit, id));
    };
    const err = repoErrors.get(r.repository);
    if (err && !r.registry.error) r.registry.error = err;
    const failed = r.signatures.attestations.filter((x) => !x.verified);
    if (r.signatures.status === "invalid") {
      const missing = [
        !r.signatures.attestations.some((x) => x.verified && x.predicateType?.includes("governance")) && "governance",
        !r.signatures.attestations.some((x) => x.verified && x.predicateType?.includes("slsa")) && "provenance"
      ].filter(Boolean);
      add(
        "signature-invalid",
        `no ${missing.join(" or ")} attestation verifies against the trust in charter.yml at ${r.signatures.trustCommit?.slice(0, 12) ?? "the released commit"}${r.signatures.trustProblem ? ` (${r.signatures.trustProblem})` : ""}${failed.length ? `: ${failed.map((x) => `${x.reason}: ${x.message}`).join("; ")}` : r.signatures.attestations.length === 0 ? ": none is attached" : ""}`
      );
    } else if (failed.length > 0)
      add(
        "untrusted-attestation",
        `${failed.length} attached attestation(s) do not verify: ${failed.map((x) => `${x.reason}: ${x.message}`).join("; ")}`
      );
    if (r.integrity.status === "tampered") add("tag-tampered", r.integrity.reasons.join("; "));
    if (r.integrity.status === "tag-missing")
      add(
        "tag-missing",
        "published in the registry without a git tag (if this clone has no tags: git fetch --tags)"
      );
    if (r.integrity.status === "release-missing") add("release-missing", r.integrity.reasons.join("; "));
    if (r.commit && !r.onBranch)
      add(
        "off-branch-release",
        `released from ${r.commit.slice(0, 12)}, which is ${offBranch.get(r.commit) ? "a commit of a merged branch, not" : "not"} on ${ref}'s first-parent history`
      );
    const g = r.governance;
    if (g) {
      for (const ap of g.approvals)
        if (ap.attested?.counted && ap.entitled === false && ap.basis !== "none")
          add(
            "entitlement-mismatch",
            `the record counts ${ap.reviewer.login}'s approval, but ${ap.reason} (policy at ${g.policy.commit.slice(0, 12)})`
          );
      if (g.policy.matches === false)
        add(
          "policy-mismatch",
          g.policy.firstParent && g.policy.firstParent !== g.policy.commit ? `the record applied the policy of ${g.policy.commit.slice(0, 12)}, but the merge's first parent is ${g.policy.firstParent.slice(0, 12)}` : `the record's policy digest ${g.policy.digest} is not the digest of the policy at ${g.policy.commit.slice(0, 12)} (${g.policy.recomputedDigest})`
        );
      if (g.eval && !g.eval.passed)
        add(
          "eval-failed",
          `the pull request evaluation concluded ${g.eval.conclusion} at ${g.eval.head.slice(0, 12)}`
        );
    }
  }
  findings.push(
    ...channelFindings.filter((f) => {
      const [name] = (f.release ?? "").split("@");
      const [t, w] = (name ?? "").split("/");
      return (!options.tenant || t === options.tenant) && (!wfName || w === wfName && (!wfTenant || t === wfTenant));
    })
  );
  const changeRows = changes.filter(changeInScope).reverse();
  for (const c of changeRows)
    if (c.classification !== "governed" && c.classification !== "bootstrap")
      findings.push(
        finding2(c.classification, `${c.commit.slice(0, 12)} "${c.subject}": ${c.reason}`, c.commit, null)
      );
  const count = (xs) => {
    const out = {};
    for (const x of xs) out[x] = (out[x] ?? 0) + 1;
    return out;
  };
  const report = {
    schema: AUDIT_SCHEMA_ID,
    generatedAt: now.toISOString(),
    charterVersion: CHARTER_VERSION,
    repository: { root: rootRel, ref, commit: tip, remote: safeRemote(remote) },
    scope: {
      since: options.since ? options.since.toISOString() : null,
      tenant: options.tenant ?? null,
      workflow: options.workflow ?? null
    },
    registry: { location: registry.location, available: probe.available, error: probe.error },
    github: {
      used: Boolean(options.github),
      repository: options.github ? `${options.github.owner}/${options.github.repo}` : null
    },
    summary: {
      commits: history.commits.length - cut,
      governedChanges: changeRows.length,
      releases: rows.length,
      findings: findings.length,
      classifications: count(changeRows.map((c) => c.classification)),
      kinds: count(findings.map((f) => f.kind))
    },
    releases: rows,
    changes: changeRows,
    findings
  };
  const checked = auditReportSchema.safeParse(report);
  if (!checked.success)
    throw new Error(
      `The audit report does not match its schema: ${checked.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`
    );
  const diagrams = /* @__PURE__ */ new Map();
  if (options.diagrams) {
    const inScope = new Set(rows.map((r) => `${r.name}@${r.version}`));
    for (const a of audited) {
      const id = `${a.row.name}@${a.row.version}`;
      if (!inScope.has(id) || !a.bundleBytes) continue;
      const d = diagramOf(a.bundleBytes);
      if (d) diagrams.set(id, d);
    }
  }
  return { report, diagrams };
}

// core/audit/render.ts
var BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
var visible = (s) => s.replace(BIDI, (c) => `[U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}]`);
var md = (s) => cell(visible(s).replace(/[\\`*_[\]~]/g, "\\$&"));
var short = (sha) => sha ? sha.slice(0, 12) : "—";
function approvalMark(a) {
  if (!a.onMergedHead) return "stale";
  if (a.entitled === true) return a.basis === "attestation" ? "entitled (per record)" : "entitled";
  if (a.entitled === null) return "undecided";
  return "not entitled";
}
function approversText(approvals) {
  return approvals.map((a) => `${a.reviewer.login} (${approvalMark(a)}: ${a.reason})`).join("; ");
}
function signatureText(r) {
  const signers = [
    ...new Set(r.signatures.attestations.filter((a) => a.verified).map((a) => a.signer ?? "?"))
  ];
  const rotated = r.signatures.attestations.some((a) => a.verified && a.trustedAtHead === false);
  const failed = r.signatures.attestations.filter((a) => !a.verified).map((a) => a.reason);
  return `${r.signatures.status}${signers.length ? ` — ${signers.join(", ")}` : ""}${rotated ? " (signer no longer trusted at the audited commit)" : ""}${failed.length ? ` — failed: ${failed.join(", ")}` : ""}`;
}
function evalText(r) {
  const e2 = r.governance?.eval;
  if (!e2) return r.governance ? "none recorded" : "—";
  const suites = e2.suites.map((s) => `${s.suite} ${s.passRate === null ? "n/a" : `${Math.round(s.passRate * 100)}%`}`).join(", ");
  return `${e2.conclusion}${e2.atMergedHead === false ? " (not at the merged head)" : ""}${suites ? `: ${suites}` : ""}`;
}
function approvedVsMerged(r) {
  const pr = r.governance?.pullRequest;
  if (!pr) return "—";
  const diff = pr.differingFiles === null ? pr.treeEqual === null ? "head not in this clone" : `record: governed files ${pr.treeEqual ? "equal" : "differ"}` : pr.differingFiles.length ? `differs: ${pr.differingFiles.join(", ")}` : "same content";
  return `${short(pr.headSha)} → ${short(r.commit)} (${diff})`;
}
function summaryLines(report) {
  const s = report.summary;
  const scope = [
    report.scope.since && `since ${report.scope.since}`,
    report.scope.tenant && `tenant ${report.scope.tenant}`,
    report.scope.workflow && `workflow ${report.scope.workflow}`
  ].filter(Boolean);
  return [
    `${s.findings} finding(s); ${s.releases} release(s); ${s.governedChanges} governed change(s) in ${s.commits} commit(s) of ${report.repository.ref} (${short(report.repository.commit)})${scope.length ? `, ${scope.join(", ")}` : ""}.`,
    `Registry ${report.registry.location}${report.registry.available ? "" : ` — unavailable: ${report.registry.error}`}; GitHub ${report.github.used ? `enrichment from ${report.github.repository}` : "not used (offline: git history and release attestations only)"}.`
  ];
}
function auditMarkdown(report) {
  const out = [
    `# Charter audit — ${md(report.repository.ref)} @ \`${short(report.repository.commit)}\``,
    "",
    ...summaryLines(report).map(md),
    "",
    `Generated ${report.generatedAt} by Charter ${report.charterVersion}${report.repository.root ? ` for the governed root \`${md(report.repository.root)}\`` : ""}.`,
    "",
    "## Findings",
    ""
  ];
  if (report.findings.length === 0) out.push("None.", "");
  else {
    out.push("| Kind | Release | Commit | What |", "|---|---|---|---|");
    for (const f of report.findings)
      out.push(
        `| \`${f.kind}\` | ${md(f.release ?? "")} | ${f.commit ? `\`${short(f.commit)}\`` : ""} | ${md(f.message)} |`
      );
    out.push("");
  }
  out.push("## Releases", "");
  if (report.releases.length === 0) out.push("None.", "");
  else {
    out.push(
      "| Release | Commit | PR (proposer → merger) | Approvers | Approved → merged | Eval | Signature | Registry digest | Channels | Tag |",
      "|---|---|---|---|---|---|---|---|---|---|"
    );
    for (const r of report.releases) {
      const pr = r.governance?.pullRequest;
      out.push(
        `| ${md(`${r.name} ${r.version}`)}${r.findings.length ? ` ⚠ ${r.findings.join(", ")}` : ""} | ${r.commit ? `\`${short(r.commit)}\`${r.onBranch ? "" : " (off-branch)"}` : "—"} | ${pr ? md(`#${pr.number} ${pr.author.login} → ${pr.merger?.login ?? "?"}`) : r.governance ? "none recorded" : "—"} | ${md(r.governance ? `${r.governance.counted}/${r.governance.required}: ${approversText(r.governance.approvals) || "none"}` : "—")} | ${md(approvedVsMerged(r))} | ${md(evalText(r))} | ${md(signatureText(r))} | ${r.registry.manifest ? `\`${r.registry.manifest.slice(0, 19)}…\`` : md(r.registry.error ?? "—")} | ${md(r.registry.channels.join(", "))} | ${md(r.integrity.status)}${r.integrity.reasons.length ? `: ${md(r.integrity.reasons.join("; "))}` : ""} |`
      );
    }
    out.push("");
  }
  out.push("## Governed changes", "");
  if (report.changes.length === 0) out.push("None.", "");
  else {
    out.push(
      "| Commit | Date | Classification | Pull request | Committer | Subject | Why |",
      "|---|---|---|---|---|---|---|"
    );
    for (const c of report.changes)
      out.push(
        `| \`${short(c.commit)}\` | ${c.date.slice(0, 10)} | ${c.classification === "governed" || c.classification === "bootstrap" ? c.classification : `**${c.classification}**`} | ${c.pullRequest ? md(`#${c.pullRequest.number} (${c.evidence})`) : c.claimedPullRequest ? md(`#${c.claimedPullRequest}? (message only)`) : "—"} | ${md(`${c.committer.name} <${c.committer.email}>`)} | ${md(c.subject)} | ${md(c.reason)} |`
      );
    out.push("");
  }
  return `${out.join("\n")}`;
}
var FORMULA = /^[=+\-@\t\r]/;
function csvCell(value) {
  if (value === null || value === void 0) return "";
  let s = visible(String(value));
  if (FORMULA.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}
var CSV_COLUMNS = [
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
  "reason"
];
function releaseRow(r) {
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
    reason: [approvedVsMerged(r), ...r.integrity.reasons].join("; ")
  };
}
function changeRow(c) {
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
    version: c.releases.join(" ")
  };
}
function auditCsv(report) {
  const rows = [
    ...report.findings.map((f) => ({
      record: "finding",
      name: f.release,
      commit: f.commit,
      classification: f.kind,
      findings: f.kind,
      reason: f.message
    })),
    ...report.releases.map(releaseRow),
    ...report.changes.map(changeRow)
  ];
  const lines = [CSV_COLUMNS.join(","), ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(","))];
  return `${lines.join("\r\n")}\r
`;
}
function auditSummary(report) {
  const lines = summaryLines(report);
  const kinds = Object.entries(report.summary.kinds).map(([k, n]) => `${k} ×${n}`);
  if (kinds.length) lines.push(`Findings: ${kinds.join(", ")}.`);
  return `${lines.join("\n")}
`;
}

// core/audit/html.ts
var e = (s) => s === null || s === void 0 ? "—" : escapeHtml(visible(String(s)));
var code = (s) => s ? `<code>${e(s)}</code>` : "—";
var short2 = (s) => s ? `<code>${e(s.slice(0, 12))}</code>` : "—";
var OPEN_DIAGRAMS_UP_TO = 20;
var CLASS_OK = /* @__PURE__ */ new Set(["governed", "bootstrap", "valid", "intact", "ok"]);
var badge = (s, ok = CLASS_OK.has(s)) => `<span class="${ok ? "ok" : "bad"}">${e(s)}</span>`;
function releaseDetails(r, index, diagram, open) {
  const g = r.governance;
  const approvals = g?.approvals.length ? `<table><tr><th>Reviewer</th><th>Approved</th><th>Judgement</th><th>Basis</th><th>Record said</th></tr>${g.approvals.map(
    (a) => `<tr><td>${e(a.reviewer.login)} (${e(a.reviewer.id)})</td><td>${short2(a.commit)} ${e(a.submittedAt)}</td><td>${badge(approvalMark(a), approvalMark(a).startsWith("entitled"))} ${e(a.reason)}</td><td>${e(a.basis)}</td><td>${a.attested ? `${a.attested.counted ? "counted" : "not counted"}${a.attested.via ? ` via ${e(a.attested.via)}` : ""}${a.attested.reason ? `: ${e(a.attested.reason)}` : ""}` : "—"}</td></tr>`
  ).join("")}</table>` : "<p>No approvals recorded.</p>";
  const attestations = r.signatures.attestations.map(
    (a) => `<tr><td>${code(a.predicateType)}</td><td>${badge(a.verified ? "valid" : a.reason ?? "invalid")}</td><td>${e(a.signer ?? a.message)}</td><td>${a.trustedAtHead === false ? "no (rotated)" : a.trustedAtHead ? "yes" : "—"}</td></tr>`
  ).join("");
  const facts = [
    [
      "Released commit",
      `${code(r.commit)}${r.onBranch ? "" : " (not on the branch's first-parent history)"} ${e(r.date)}`
    ],
    [
      "Pull request",
      g?.pullRequest ? `#${e(g.pullRequest.number)} by ${e(g.pullRequest.author.login)}, merged by ${e(g.pullRequest.merger?.login ?? "?")} ${e(g.pullRequest.mergedAt)}` : g ? "none recorded" : "—"
    ],
    ["Approved → merged", e(approvedVsMerged(r))],
    [
      "Policy",
      g ? `${e(g.required)} approval(s) from ${e(g.policy.approvers.join(", ") || "—")} at ${short2(g.policy.commit)}; ${g.policy.matches === null ? "not recomputed" : g.policy.matches ? "matches git" : badge("does not match git")}` : "—"
    ],
    ["Checks", g?.checks.length ? g.checks.map((c) => `${e(c.name)}: ${e(c.conclusion)}`).join(", ") : "—"],
    ["Eval", e(evalText(r))],
    ["Sequence", g ? `${e(g.sequence)}, issued ${e(g.issuedAt)}, expires ${e(g.expires)}` : "—"],
    [
      "Registry",
      `${e(r.repository)} ${code(r.registry.manifest)} bundle ${code(r.registry.bundle)}${r.registry.error ? ` — ${e(r.registry.error)}` : ""}`
    ],
    ["Channels", e(r.registry.channels.join(", ") || "—")],
    [
      "Git tag",
      `${e(r.tag?.name ?? "(none)")} ${badge(r.integrity.status)}${r.integrity.reasons.length ? `<br>${r.integrity.reasons.map(e).join("<br>")}` : ""}`
    ],
    [
      "Signatures",
      `${badge(r.signatures.status)} trust from charter.yml at ${short2(r.signatures.trustCommit)}${r.signatures.trustProblem ? ` — ${e(r.signatures.trustProblem)}` : ""}`
    ]
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
function auditHtml(report, diagrams = /* @__PURE__ */ new Map()) {
  const title = `Charter audit — ${report.repository.ref} @ ${report.repository.commit.slice(0, 12)}`;
  const s = report.summary;
  const findings = report.findings.length ? `<table><tr><th>Kind</th><th>Release</th><th>Commit</th><th>What</th></tr>${report.findings.map(
    (f) => `<tr><td>${badge(f.kind)}</td><td>${e(f.release ?? "")}</td><td>${short2(f.commit)}</td><td>${e(f.message)}</td></tr>`
  ).join("")}</table>` : "<p>None.</p>";
  const releases = report.releases.length ? `<table><tr><th>Release</th><th>Commit</th><th>PR</th><th>Approvals</th><th>Eval</th><th>Signature</th><th>Digest</th><th>Channels</th><th>Tag</th></tr>${report.releases.map((r) => {
    const pr = r.governance?.pullRequest;
    return `<tr><td>${e(`${r.name} ${r.version}`)}${r.findings.map((f) => ` ${badge(f)}`).join("")}</td><td>${short2(r.commit)}</td><td>${pr ? `#${e(pr.number)} ${e(pr.author.login)} → ${e(pr.merger?.login ?? "?")}` : "—"}</td><td>${r.governance ? `${e(r.governance.counted)}/${e(r.governance.required)} ${r.governance.approvals.map((a) => `${e(a.reviewer.login)} (${e(approvalMark(a))})`).join(", ")}` : "—"}</td><td>${e(evalText(r))}</td><td>${e(signatureText(r))}</td><td>${r.registry.manifest ? `<code>${e(r.registry.manifest.slice(0, 19))}…</code>` : "—"}</td><td>${e(r.registry.channels.join(", "))}</td><td>${badge(r.integrity.status)}</td></tr>`;
  }).join("")}</table>` : "<p>None.</p>";
  const changes = report.changes.length ? `<table><tr><th>Commit</th><th>Date</th><th>Classification</th><th>PR</th><th>Committer</th><th>Subject</th><th>Why</th></tr>${report.changes.map(
    (c) => `<tr><td>${short2(c.commit)}</td><td>${e(c.date.slice(0, 10))}</td><td>${badge(c.classification)}</td><td>${c.pullRequest ? `#${e(c.pullRequest.number)} (${e(c.evidence)})` : c.claimedPullRequest ? `#${e(c.claimedPullRequest)}? (message only)` : "—"}</td><td>${e(`${c.committer.name} <${c.committer.email}>`)}</td><td>${e(c.subject)}</td><td>${e(c.reason)}</td></tr>`
  ).join("")}</table>` : "<p>None.</p>";
  const open = report.releases.length <= OPEN_DIAGRAMS_UP_TO;
  const details = report.releases.map((r, i) => releaseDetails(r, i, diagrams.get(`${r.name}@${r.version}`), open)).join("\n");
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

// cli/commands/audit.ts
var NAME2 = /^[a-z][a-z0-9-]{0,62}$/;
var DAY = /^\d{4}-\d{2}-\d{2}$/;
var TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
function parseSince(text) {
  const t = text.trim();
  const ms = DAY.test(t) ? Date.parse(`${t}T00:00:00Z`) : TIME.test(t) ? Date.parse(t) : Number.NaN;
  if (Number.isNaN(ms))
    throw new UserError(
      `--since must be a date (YYYY-MM-DD, midnight UTC) or an ISO 8601 time with a zone (2026-03-01T09:00:00Z); got "${text}".`
    );
  return new Date(ms);
}
async function writeWhole(path, text) {
  const tmp = join(dirname(path), `.${randomBytes(6).toString("hex")}.charter-audit.tmp`);
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (e2) {
    await rm(tmp, { force: true });
    throw new UserError(`Cannot write ${path}: ${e2.message}`);
  }
}
async function auditCommand(dir, options, io) {
  if (options.tenant !== void 0 && !NAME2.test(options.tenant))
    throw new UserError(
      `--tenant must be a tenant name (lower-case letters, digits, hyphens); got "${options.tenant}".`
    );
  if (options.workflow !== void 0) {
    const parts = options.workflow.split("/");
    if (parts.length > 2 || !parts.every((p) => NAME2.test(p)))
      throw new UserError(`--workflow must be WORKFLOW or TENANT/WORKFLOW; got "${options.workflow}".`);
    if (parts.length === 2 && options.tenant && parts[0] !== options.tenant)
      throw new UserError(`--workflow ${options.workflow} is not in --tenant ${options.tenant}.`);
  }
  const since = options.since !== void 0 ? parseSince(options.since) : void 0;
  const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
  let github;
  if (options.github !== false && token) {
    const { owner, repo } = await githubRepository(options.repo, io);
    github = { client: await createGitHubClient(token, { env: io.env }), owner, repo };
  }
  const { report, diagrams } = await auditRepository({
    dir: resolve2(io.cwd, dir ?? "."),
    env: io.env,
    ...options.ref ? { ref: options.ref } : {},
    ...since ? { since } : {},
    ...options.tenant ? { tenant: options.tenant } : {},
    ...options.workflow ? { workflow: options.workflow } : {},
    ...options.registry ? { registry: options.registry } : {},
    ...github ? { github } : {},
    diagrams: options.format === "html"
  });
  const text = options.format === "json" ? `${JSON.stringify(report, null, 2)}
` : options.format === "csv" ? auditCsv(report) : options.format === "html" ? auditHtml(report, diagrams) : auditMarkdown(report);
  if (options.output) {
    const path = resolve2(io.cwd, options.output);
    await writeWhole(path, text);
    io.stdout(`${auditSummary(report)}Wrote ${options.format} to ${path}.
`);
  } else io.stdout(text);
  if (!github && options.github !== false)
    io.stderr(
      "No GITHUB_TOKEN: audited offline from git history and release attestations; changes no release records are reported as no-evidence.\n"
    );
  return report.findings.length > 0 ? 1 : 0;
}
export {
  auditCommand,
  parseSince
};
