import {
  policyRisk
} from "./chunk-COKXHIQ7.js";
import {
  riskRank
} from "./chunk-4FYGECKA.js";

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
function requirementsFor(policy, paths, changes, aiDrafted = []) {
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
          because: hits.map((c) => `${c.kind}: ${c.summary}`),
          covers: hits.map((c) => ({
            kind: c.kind,
            ...c.tenant ? { tenant: c.tenant } : {},
            summary: c.summary
          }))
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
      because: hits.map((c) => `${c.kind}${c.tenant ? ` in ${c.tenant}` : ""}: ${c.summary}`),
      covers: hits.map((c) => ({
        kind: c.kind,
        ...c.tenant ? { tenant: c.tenant } : {},
        summary: c.summary
      }))
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
  return {
    requirements: withDraftApprovals(requirements, policy, aiDrafted),
    outside,
    governed: paths.length - outside
  };
}
function withDraftApprovals(requirements, policy, aiDrafted) {
  const extra = policy.drafts.extraApprovals;
  if (extra === 0 || aiDrafted.length === 0) return requirements;
  const out = [];
  for (const r of requirements) {
    out.push(r);
    if (r.problem || r.id !== "governance" && !r.id.startsWith("tenant:")) continue;
    out.push({
      id: `ai-drafted:${r.tenant ?? "governance"}`,
      ...r.tenant === void 0 ? {} : { tenant: r.tenant },
      title: `${r.title} (AI-drafted)`,
      required: r.required + extra,
      approvers: r.approvers,
      // Bots never count towards the approvals an AI-drafted change needs.
      allowBots: [],
      because: [
        ...aiDrafted,
        `charter.yml drafts.extra_approvals asks ${plural(extra, "more human approval")} than ${r.title}'s ${r.required}`
      ]
    });
  }
  return out;
}

export {
  requirementsFor
};
