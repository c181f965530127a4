import {
  CHANGE_KIND_INFO
} from "./chunk-4FYGECKA.js";

// core/approvals/principals.ts
function normalizePrincipal(p) {
  if (typeof p === "string") {
    if (p.startsWith("user:")) return { type: "user", login: p.slice(5), label: p };
    const [org2, slug2] = p.slice(5).split("/");
    return { type: "team", org: org2, slug: slug2, key: `${org2}/${slug2}`.toLowerCase(), label: p };
  }
  if ("user" in p)
    return {
      type: "user",
      login: p.user,
      ...p.id === void 0 ? {} : { id: p.id },
      label: `user:${p.user}`
    };
  const [org, slug] = p.team.split("/");
  return { type: "team", org, slug, key: p.team.toLowerCase(), label: `team:${p.team}` };
}
function membership(id, principals, dir) {
  const unknown = [];
  for (const p of principals) {
    if (p.type === "user") {
      const pid = p.id ?? dir.users[p.login.toLowerCase()];
      if (pid === id) return { member: true, via: p.label };
      if (pid === void 0) unknown.push(`${p.label} was not resolved`);
    } else {
      const team = dir.teams[p.key];
      if (!team) unknown.push(`members of ${p.label} were not read`);
      else if ("error" in team) unknown.push(`members of ${p.label} could not be read (${team.error})`);
      else if (team.members.includes(id)) return { member: true, via: p.label };
    }
  }
  return unknown.length ? { member: false, unknown: unknown.join("; ") } : { member: false };
}
function identitiesToResolve(principals) {
  const users = /* @__PURE__ */ new Set();
  const teams = /* @__PURE__ */ new Map();
  for (const p of principals) {
    if (p.type === "user" && p.id === void 0) users.add(p.login.toLowerCase());
    if (p.type === "team") teams.set(p.key, { org: p.org, slug: p.slug, key: p.key });
  }
  return { users: [...users].sort(), teams: [...teams.values()].sort((a, b) => a.key < b.key ? -1 : 1) };
}

// core/approvals/policy.ts
function escalationRule(e) {
  return {
    kinds: e.kinds ?? [],
    ...e.min_level ? { minLevel: e.min_level } : {},
    approvers: e.approvers.map(normalizePrincipal),
    required: e.required
  };
}
function firstError(diagnostics, file) {
  return diagnostics.find((d) => d.severity === "error" && d.file === file);
}
var where = (d) => `${d.file}:${d.line}:${d.column}: ${d.message}`;
function approvalPolicy(base, sha, root) {
  const { repo, diagnostics } = base;
  const at = `on the base commit ${sha.slice(0, 12)}`;
  const charter = repo.charter;
  if (!charter) {
    const exists = repo.paths.some((p) => /^charter\.ya?ml$/.test(p));
    const bad = exists ? diagnostics.find((d) => d.severity === "error" && /^charter\.ya?ml$/.test(d.file)) : void 0;
    return {
      ok: false,
      problem: bad ? `charter.yml ${at} is invalid (${where(bad)}). Fix it on the base branch first; until then no pull request can be approved.` : `There is no valid charter.yml ${at}. Add one on the base branch first.`
    };
  }
  const charterError = firstError(diagnostics, charter.path);
  if (charterError)
    return {
      ok: false,
      problem: `charter.yml ${at} has an error (${where(charterError)}). Fix it on the base branch first; until then no pull request can be approved.`
    };
  const c = charter.data;
  const tenants = /* @__PURE__ */ new Map();
  const invalidTenants = /* @__PURE__ */ new Map();
  for (const [name, tenant] of repo.tenants) {
    const config = tenant.config;
    const file = config?.path ?? `${tenant.dir}/tenant.yml`;
    const error = firstError(diagnostics, file);
    if (!config || error) {
      if (error || tenant.invalid.has(`Tenant:${name}`))
        invalidTenants.set(name, error ? where(error) : `${file}: the file is invalid`);
      continue;
    }
    const a = config.data.approvals;
    tenants.set(name, {
      name,
      file,
      required: a.required,
      approvers: a.approvers.map(normalizePrincipal),
      escalations: a.escalations.map(escalationRule),
      allowBots: a.allow_bots.map((b) => b.toLowerCase())
    });
  }
  return {
    ok: true,
    policy: {
      sha,
      root,
      governance: {
        owners: c.governance.owners.map(normalizePrincipal),
        required: c.governance.required,
        requestReviews: c.governance.request_reviews
      },
      escalations: c.risk.escalations.map(escalationRule),
      riskLevels: c.risk.levels,
      drafts: { extraApprovals: c.drafts.extra_approvals },
      tenants,
      invalidTenants
    }
  };
}
function policyRisk(policy, kind) {
  return policy.riskLevels[kind] ?? CHANGE_KIND_INFO[kind].risk;
}

export {
  membership,
  identitiesToResolve,
  approvalPolicy,
  policyRisk
};
