import {
  evalProject
} from "./chunk-H472RPTT.js";
import {
  evaluateApprovals
} from "./chunk-RHAL5BRE.js";
import {
  requirementsFor
} from "./chunk-KHWN3KRK.js";
import {
  diffProject
} from "./chunk-7XOL4EQ4.js";
import {
  cell
} from "./chunk-FXXQ7OWI.js";
import {
  lintProject
} from "./chunk-YDXCRINK.js";
import {
  approvalPolicy
} from "./chunk-COKXHIQ7.js";
import {
  GitSource,
  git
} from "./chunk-6TJ5RCH4.js";
import {
  CONFIDENCE_DEFAULTS,
  loadRepo,
  ownName
} from "./chunk-VGNTAH4S.js";
import {
  UserError
} from "./chunk-XC2IMODC.js";

// core/approvals/local-evaluation.ts
async function localEvaluation(dir, base, head, changeSet, side) {
  const prefix = (await git(dir, ["rev-parse", "--show-prefix"])).toString("utf8").trim().replace(/\/$/, "");
  const [baseSha, headSha] = await Promise.all(
    [base, head].map(
      async (ref) => (await git(dir, ["rev-parse", `${ref}^{commit}`])).toString("utf8").trim()
    )
  );
  const policy = approvalPolicy(await loadRepo(new GitSource(dir, baseSha)), baseSha, prefix);
  const paths = (await git(dir, ["diff", "--name-only", "--no-renames", "-z", baseSha, headSha])).toString("utf8").split("\0").filter(Boolean);
  const log = (await git(dir, ["log", "--format=%H%x1f%an%x1f%ae%x1f%cn%x1f%ce%x1f%B%x1e", `${baseSha}..${headSha}`])).toString("utf8").split("").map((r) => r.replace(/^\n/, "")).filter(Boolean);
  const person = (name, email) => ({
    name,
    email,
    user: side.emails[email] ?? null
  });
  const commits = log.map((line) => {
    const [sha, an, ae, cn, ce, message] = line.split("");
    return { sha, author: person(an, ae), committer: person(cn, ce), message: message ?? "" };
  });
  const at = (/* @__PURE__ */ new Date()).toISOString();
  const facts2 = {
    repository: "local/repository",
    number: 1,
    state: "OPEN",
    draft: false,
    author: side.author,
    baseRef: "main",
    baseSha,
    headSha,
    mergeBaseSha: baseSha,
    fromFork: false,
    changedFiles: paths.length,
    paths,
    commits,
    totalCommits: commits.length,
    reviews: side.reviews.map((r, i) => ({
      id: i + 1,
      author: r.user,
      state: r.state,
      commitId: headSha,
      submittedAt: at
    })),
    pushers: [side.author],
    changes: changeSet.changes.map((c) => ({
      kind: c.kind,
      ...c.tenant === void 0 ? {} : { tenant: c.tenant },
      summary: c.summary,
      file: prefix ? `${prefix}/${c.file}` : c.file
    })),
    requestedReviewers: { users: [], teams: [] },
    labels: side.labels ?? []
  };
  return evaluateApprovals(policy, facts2, side.directory);
}

// core/confidence/project.ts
import { resolve } from "node:path";

// core/confidence/base-escalations.ts
async function baseEscalations(dir, base, loaded, changeSet) {
  const [sha, prefix] = await Promise.all([
    git(dir, ["rev-parse", `${base}^{commit}`]).then((b) => b.toString("utf8").trim()),
    git(dir, ["rev-parse", "--show-prefix"]).then((b) => b.toString("utf8").trim().replace(/\/$/, ""))
  ]);
  const policy = approvalPolicy(loaded, sha, prefix);
  if (!policy.ok) return void 0;
  const facts2 = changeSet.changes.map((c) => ({
    kind: c.kind,
    ...c.tenant === void 0 ? {} : { tenant: c.tenant },
    summary: c.summary,
    file: c.file
  }));
  return requirementsFor(policy.policy, [], facts2).requirements.filter((r) => r.id.startsWith("escalation:"));
}

// core/confidence/approval-state.ts
function approvalWords(state) {
  if (state.source === "unknown") return "not known";
  const conclusion = state.source === "decision" ? state.decision.conclusion : state.conclusion;
  return conclusion === "error" ? "cannot be evaluated" : conclusion;
}
function escalationsFor(requirements, change) {
  return requirements.filter(
    (r) => r.id.startsWith("escalation:") && (r.covers ?? []).some(
      (c) => c.kind === change.kind && c.tenant === change.tenant && c.summary === change.summary
    )
  );
}

// core/confidence/coverage.ts
var REACHED = /* @__PURE__ */ new Set(["succeeded", "failed"]);
function entityLabel(item) {
  const e = item.entity;
  if (e.type === "node") return `${item.tenant}/${e.workflow} › ${e.node}`;
  if (e.type === "workflow") return `${item.tenant}/${e.workflow}`;
  return `${item.tenant}/${e.prompt}`;
}
function changedEntities(set) {
  const items = /* @__PURE__ */ new Map();
  const add = (item) => {
    const key = `${item.entity.type}:${entityLabel(item)}`;
    if (!items.has(key)) items.set(key, { ...item, coveredBy: [] });
  };
  for (const wd of set.workflows) {
    if (wd.status !== "added" && wd.status !== "changed") continue;
    const head = wd.head?.nodes ?? {};
    for (const n of wd.nodes) {
      if (n.status === "added" || n.status === "changed") {
        add({
          tenant: wd.tenant,
          entity: { type: "node", workflow: wd.name, node: n.id },
          because: n.status === "added" ? `${n.type} node added` : `${n.fields.map((f) => f.path).join(", ")} changed`,
          file: wd.file
        });
      }
    }
    for (const e of wd.edges) {
      if (e.status === "unchanged" || e.kind !== "needs" || !Object.hasOwn(head, e.to)) continue;
      add({
        tenant: wd.tenant,
        entity: { type: "node", workflow: wd.name, node: e.to },
        because: `dependency on ${e.from} ${e.status}`,
        file: wd.file
      });
    }
  }
  for (const c of set.changes) {
    if (!c.tenant) continue;
    if (c.kind === "prompt-added" || c.kind === "prompt-changed") {
      add({
        tenant: c.tenant,
        entity: { type: "prompt", prompt: c.subject.name },
        because: c.kind === "prompt-added" ? "prompt added" : "prompt changed",
        file: c.file
      });
    } else if (c.kind === "workflow-changed" || c.kind === "budget-increased") {
      add({
        tenant: c.tenant,
        entity: { type: "workflow", workflow: c.subject.name },
        because: c.kind === "budget-increased" ? "budget raised" : "workflow settings changed",
        file: c.file
      });
    }
  }
  return [...items.values()];
}
function exercisedBy(comparison) {
  const out = /* @__PURE__ */ new Map();
  const mark = (label, caseKey) => {
    const set = out.get(label) ?? /* @__PURE__ */ new Set();
    set.add(caseKey);
    out.set(label, set);
  };
  for (const s of comparison.suites) {
    const suite = s.head;
    if (!suite) continue;
    const tenant = suite.tenant;
    for (const c of suite.cases) {
      for (const run of c.runs) {
        if ("prompt" in suite.target) {
          const prompt = ownName(suite.target.prompt, tenant);
          if (prompt && !run.error) mark(`prompt:${tenant}/${prompt}`, c.key);
          continue;
        }
        const workflow = ownName(suite.target.workflow, tenant);
        if (!workflow || !run.exercised) continue;
        let reached = false;
        for (const [node, status] of Object.entries(run.exercised.nodes)) {
          if (!REACHED.has(status)) continue;
          reached = true;
          mark(`node:${tenant}/${workflow} › ${node}`, c.key);
        }
        if (reached) mark(`workflow:${tenant}/${workflow}`, c.key);
        for (const prompt of run.exercised.prompts) mark(`prompt:${tenant}/${prompt}`, c.key);
      }
    }
  }
  return out;
}
function evalCoverage(set, comparison) {
  const reached = comparison ? exercisedBy(comparison) : /* @__PURE__ */ new Map();
  return changedEntities(set).map((item) => ({
    ...item,
    coveredBy: [...reached.get(`${item.entity.type}:${entityLabel(item)}`) ?? []].sort()
  }));
}

// core/confidence/verdict.ts
var SEVERITY = {
  ready: "info",
  "needs-attention": "attention",
  blocked: "blocker"
};
var RANK = { blocker: 0, attention: 1, info: 2 };
var LINT_SHOWN = 20;
function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
function lintReasons(lint, config) {
  const reasons = [];
  const errors = lint.filter((d) => d.severity === "error");
  for (const d of errors.slice(0, LINT_SHOWN)) {
    reasons.push({
      code: "lint-error",
      severity: "blocker",
      message: `${d.rule}: ${d.message}`,
      where: { ...tenantOf(d.file), file: d.file, line: d.line }
    });
  }
  if (errors.length > LINT_SHOWN)
    reasons.push({
      code: "lint-error",
      severity: "blocker",
      message: `…and ${plural(errors.length - LINT_SHOWN, "more lint error")}: run charter lint --base.`
    });
  const warnings = lint.filter((d) => d.severity === "warning");
  if (warnings.length > 0)
    reasons.push({
      code: "lint-warning",
      severity: SEVERITY[config.rules.lint_warnings],
      message: `${plural(warnings.length, "lint warning")} (${[...new Set(warnings.map((w) => w.rule))].join(", ")}): run charter lint --base to see them.`
    });
  return reasons;
}
function tenantOf(file) {
  const m = /^tenants\/([^/]+)\//.exec(file);
  return m ? { tenant: m[1] } : {};
}
function evalReasons(evaluation, skipped, config) {
  if (!evaluation)
    return [
      {
        code: "eval-not-run",
        severity: "attention",
        message: `The evaluation did not run${skipped ? ` (${skipped})` : ""}, so regressions and coverage are unknown: run charter eval --base.`
      }
    ];
  const reasons = [];
  const advisory = new Set(config.advisory_suites);
  for (const s of evaluation.suites) {
    const id = `${s.tenant}/${s.name}`;
    const severity = advisory.has(id) ? SEVERITY[config.rules.advisory_suites] : "blocker";
    const gate = advisory.has(id) ? " (advisory suite)" : "";
    const file = s.head?.file ?? s.base?.file;
    const where = { tenant: s.tenant, entity: id, ...file ? { file } : {} };
    if (s.regressions > 0) {
      const cases = s.cases.filter((c) => c.change === "regressed").map((c) => c.id);
      reasons.push({
        code: "eval-regression",
        severity,
        message: `${id}${gate}: ${plural(s.regressions, "case")} passed on base and fail on head (${[...new Set(cases)].join(", ")}). Fix the change or, if the new behaviour is right, the cases.`,
        where
      });
    }
    if (s.head && !s.head.passed) {
      reasons.push({
        code: "eval-failing",
        severity,
        message: `${id}${gate}: pass rate ${(s.head.passRate * 100).toFixed(1)}% is below its threshold ${(s.head.threshold * 100).toFixed(0)}%.`,
        where
      });
    }
  }
  return reasons;
}
function coverageReasons(items, config) {
  return items.filter((i) => i.coveredBy.length === 0).map((i) => {
    const what = i.entity.type === "node" ? `Node ${entityLabel(i)} (${i.because})` : i.entity.type === "prompt" ? `Prompt ${entityLabel(i)} (${i.because})` : `Workflow ${entityLabel(i)} (${i.because})`;
    const how = i.entity.type === "prompt" ? "add a case to a suite for this prompt, or a workflow case whose run reaches a node that uses it" : "add a workflow case whose inputs make the run reach it";
    return {
      code: `uncovered-${i.entity.type}`,
      severity: SEVERITY[config.rules.uncovered],
      message: `${what}: no evaluation case exercised it; ${how}.`,
      where: { tenant: i.tenant, entity: entityLabel(i), file: i.file }
    };
  });
}
function approvalReasons(state, changes, config, escalations) {
  const reasons = [];
  const pending = SEVERITY[config.rules.approvals_pending];
  const security = changes.changes.filter((c) => config.security_kinds.includes(c.kind));
  const where = (c) => ({
    ...c.tenant ? { tenant: c.tenant } : {},
    entity: c.subject.workflow ? `${c.subject.workflow} › ${c.subject.name}` : c.subject.name,
    file: c.file
  });
  if (state.source === "decision") {
    const d = state.decision;
    if (d.conclusion === "error")
      reasons.push({
        code: "approvals-error",
        severity: "blocker",
        message: `Approvals cannot be evaluated: ${d.problems[0] ?? d.requirements.find((r) => r.problem)?.problem ?? d.title}`
      });
    for (const r of d.requirements.filter((x) => x.status === "blocked"))
      reasons.push({
        code: "approvals-blocked",
        severity: "blocker",
        message: `${r.title}: changes requested by ${r.blockedBy.map((u) => u.login).join(", ")}; they must approve, or their review be dismissed.`,
        ...r.tenant ? { where: { tenant: r.tenant } } : {}
      });
    const securityEscalations = new Set(
      security.flatMap((c) => escalationsFor(d.requirements, c)).map((r) => r.id)
    );
    for (const r of d.requirements.filter((x) => x.status === "pending" && !securityEscalations.has(x.id)))
      reasons.push({
        code: "approvals-pending",
        severity: pending,
        message: `${r.title}: ${r.approvedBy.length}/${r.required} approvals (${r.because.join("; ")}).`,
        ...r.tenant ? { where: { tenant: r.tenant } } : {}
      });
    for (const c of security) {
      const escalations2 = escalationsFor(d.requirements, c);
      if (escalations2.length === 0) reasons.push(noEscalation(c));
      else if (escalations2.some((e) => e.status !== "approved"))
        reasons.push({
          code: "security-unapproved",
          severity: "blocker",
          message: `${c.kind}: ${c.summary} It needs ${escalations2.filter((e) => e.status !== "approved").map((e) => `${e.title} (${e.approvedBy.length}/${e.required})`).join(", ")}.`,
          where: where(c)
        });
    }
    return reasons;
  }
  const conclusion = state.source === "check-run" ? state.conclusion : void 0;
  if (conclusion === "error" || conclusion === "blocked")
    reasons.push({
      code: conclusion === "error" ? "approvals-error" : "approvals-blocked",
      severity: "blocker",
      message: `The approvals check says: ${state.source === "check-run" ? state.title : ""}`
    });
  else if (conclusion === "pending")
    reasons.push({
      code: "approvals-pending",
      severity: pending,
      message: `The approvals check says: ${state.source === "check-run" ? state.title : ""}`
    });
  else if (state.source === "unknown")
    reasons.push({ code: "approvals-unknown", severity: pending, message: state.why });
  for (const c of security) {
    if (escalations && escalationsFor(escalations, c).length === 0) reasons.push(noEscalation(c));
    else if (conclusion !== "approved")
      reasons.push({
        code: "security-unapproved",
        severity: "blocker",
        message: `${c.kind}: ${c.summary} Its escalation approval is not confirmed (approvals: ${conclusion ?? "not known"}).`,
        where: where(c)
      });
  }
  return reasons;
  function noEscalation(c) {
    return {
      code: "security-unapproved",
      severity: "blocker",
      message: `${c.kind}: ${c.summary} No escalation requires a security approval for it; add one for ${c.kind} under risk.escalations in charter.yml (or the tenant's approvals.escalations) on the base branch.`,
      where: where(c)
    };
  }
}
function computeConfidence(input) {
  const { config } = input;
  const coverage = evalCoverage(input.changes, input.evaluation);
  const risk = { low: 0, medium: 0, high: 0, critical: 0 };
  for (const c of input.changes.changes) risk[c.risk]++;
  const uncovered = coverage.filter((i) => i.coveredBy.length === 0).length;
  const w = config.weights;
  const score = risk.low * w.risk.low + risk.medium * w.risk.medium + risk.high * w.risk.high + risk.critical * w.risk.critical + uncovered * w.uncovered;
  const t = config.thresholds;
  const reasons = [
    ...lintReasons(input.lint, config),
    ...evalReasons(input.evaluation, input.evaluationSkipped, config),
    ...coverageReasons(coverage, config),
    ...approvalReasons(input.approvals, input.changes, config, input.escalations)
  ];
  const counts = ["critical", "high", "medium", "low"].filter((l) => risk[l] > 0).map((l) => `${risk[l]} ${l}`).join(", ");
  const scoreSeverity = score >= t.blocked ? "blocker" : score >= t.needs_attention ? "attention" : "info";
  if (input.changes.changes.length > 0)
    reasons.push({
      code: "risk-score",
      severity: scoreSeverity,
      message: `Risk score ${score} (${counts || "no"} change${input.changes.changes.length === 1 ? "" : "s"}${uncovered ? `, ${uncovered} uncovered` : ""}); needs attention from ${t.needs_attention}, blocked from ${t.blocked}.`
    });
  reasons.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  const verdict = reasons.some((r) => r.severity === "blocker") ? "blocked" : reasons.some((r) => r.severity === "attention") ? "needs-attention" : "ready";
  return {
    verdict,
    reasons,
    score,
    thresholds: { needsAttention: t.needs_attention, blocked: t.blocked },
    risk,
    coverage,
    approvals: input.approvals
  };
}

// core/confidence/project.ts
function confidenceConfig(base) {
  return base.charter?.data.confidence ?? CONFIDENCE_DEFAULTS;
}
async function confidenceFor(options) {
  const head = options.head ? { ref: options.head } : {};
  const [lint, diff] = await Promise.all([
    lintProject({ dir: options.dir, base: options.base, ...head }),
    diffProject({ dir: options.dir, base: options.base, ...options.head ? { head: options.head } : {} })
  ]);
  const approvals = await options.approvals(diff.changeSet);
  const escalations = approvals.source === "decision" ? void 0 : await baseEscalations(
    options.dir,
    options.base,
    { repo: diff.base, diagnostics: diff.baseDiagnostics },
    diff.changeSet
  );
  const confidence = computeConfidence({
    changes: diff.changeSet,
    lint: lint.diagnostics,
    ...options.evaluation ? { evaluation: options.evaluation } : {},
    ...options.evaluationSkipped ? { evaluationSkipped: options.evaluationSkipped } : {},
    approvals,
    ...escalations ? { escalations } : {},
    config: confidenceConfig(diff.base)
  });
  return {
    confidence,
    changeSet: diff.changeSet,
    ...options.evaluation ? { evaluation: options.evaluation } : {}
  };
}
async function confidenceProject(options) {
  const dir = resolve(options.dir);
  if (options.github && !options.head)
    throw new UserError(
      "Approvals are judged on a commit: give --head REF with --reviews (commit your changes first)."
    );
  let evaluation;
  let evaluationSkipped;
  try {
    const evaluated = await evalProject({
      dir,
      base: options.base,
      ...options.head ? { ref: options.head } : {},
      mode: options.mode,
      env: options.env,
      ...options.cacheDir === void 0 ? {} : { cacheDir: options.cacheDir },
      ...options.createProvider ? { createProvider: options.createProvider } : {}
    });
    evaluation = evaluated.comparison;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    evaluationSkipped = error.message;
  }
  const github = options.github;
  return confidenceFor({
    dir,
    base: options.base,
    ...options.head ? { head: options.head } : {},
    ...evaluation ? { evaluation } : {},
    ...evaluationSkipped ? { evaluationSkipped } : {},
    approvals: async (changeSet) => github ? {
      source: "decision",
      decision: await localEvaluation(dir, options.base, options.head, changeSet, github)
    } : {
      source: "unknown",
      why: "Approvals were not evaluated here: pass --reviews FILE (who reviewed, as GitHub would report it), or see the Charter approvals check on the pull request."
    }
  });
}

// core/confidence/render.ts
var CONFIDENCE_MARKER = "<!-- charter:confidence -->";
var HEADLINE = {
  ready: "🟢 Release confidence: **ready**",
  "needs-attention": "🟡 Release confidence: **needs attention**",
  blocked: "🔴 Release confidence: **blocked**"
};
var ICON = { blocker: "⛔", attention: "⚠️", info: "ℹ️" };
var MAX_LISTED = 30;
function coverageWords(c) {
  const covered = c.coverage.filter((i) => i.coveredBy.length > 0).length;
  return c.coverage.length === 0 ? "nothing changed that an eval case could exercise" : `${covered}/${c.coverage.length} changed nodes, prompts and workflows exercised by an eval case`;
}
function whereOf(r) {
  const w = r.where;
  if (!w) return "";
  return w.file ? `${w.file}${w.line ? `:${w.line}` : ""}` : w.entity ?? "";
}
function facts(c) {
  return `risk score ${c.score} (attention ≥ ${c.thresholds.needsAttention}, blocked ≥ ${c.thresholds.blocked}) · ${coverageWords(c)} · approvals: ${approvalWords(c.approvals)}`;
}
function confidenceMarkdown(c) {
  const shown = c.reasons.filter((r) => r.severity !== "info");
  const notes = c.reasons.filter((r) => r.severity === "info");
  const line = (r) => {
    const at = whereOf(r);
    return `- ${ICON[r.severity]} \`${r.code}\`${at ? ` <code>${cell(at)}</code>` : ""} ${cell(r.message)}`;
  };
  const out = [CONFIDENCE_MARKER, `### ${HEADLINE[c.verdict]}`, "", facts(c), ""];
  out.push(...shown.slice(0, MAX_LISTED).map(line));
  if (shown.length > MAX_LISTED) out.push(`- …and ${shown.length - MAX_LISTED} more (see the JSON output).`);
  if (notes.length > 0)
    out.push(
      "",
      `<details><summary>${notes.length} note${notes.length === 1 ? "" : "s"}</summary>`,
      "",
      ...notes.slice(0, MAX_LISTED).map(line),
      "",
      "</details>"
    );
  return `${out.join("\n")}
`;
}
var TEXT_HEADLINE = {
  ready: "✔ ready",
  "needs-attention": "! needs attention",
  blocked: "✖ blocked"
};
function confidenceText(c) {
  const out = [`release confidence: ${TEXT_HEADLINE[c.verdict]}`, `  ${facts(c)}`, ""];
  for (const r of c.reasons) {
    const at = whereOf(r);
    out.push(`  ${r.severity.padEnd(9)} ${r.code.padEnd(20)} ${at ? `${at}: ` : ""}${r.message}`);
  }
  return `${out.join("\n")}
`;
}
function confidenceJson(c) {
  const approvals = c.approvals.source === "decision" ? { source: "decision", conclusion: c.approvals.decision.conclusion, title: c.approvals.decision.title } : c.approvals;
  return `${JSON.stringify({ ...c, approvals }, null, 2)}
`;
}

export {
  localEvaluation,
  confidenceFor,
  confidenceProject,
  confidenceMarkdown,
  confidenceText,
  confidenceJson
};
