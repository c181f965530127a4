import {
  ownName,
  parseToolRef
} from "./chunk-VGNTAH4S.js";

// core/text/semver.ts
function compareSemver(a, b) {
  const parse = (v) => {
    const [core, pre] = v.split("+")[0].split(/-(.*)/s);
    return { nums: core.split(".").map(Number), pre: pre ? pre.split(".") : [] };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre.length === 0 || y.pre.length === 0)
    return x.pre.length === y.pre.length ? 0 : x.pre.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === void 0) return -1;
    if (q === void 0) return 1;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) {
      const d = Number(p) - Number(q);
      if (d !== 0) return Math.sign(d);
    } else if (pn !== qn) {
      return pn ? -1 : 1;
    } else if (p !== q) {
      return p < q ? -1 : 1;
    }
  }
  return 0;
}

// core/bundle/resolve.ts
function routeNames(wf, tenant) {
  const names = [];
  for (const node of Object.values(wf.nodes)) {
    if (node.type !== "llm") continue;
    const r = ownName(node.route, tenant);
    if (r) names.push(r);
  }
  return names;
}
function resolveWorkflow(repo, tenant, name) {
  const root = tenant.workflows.get(name);
  if (!root) return void 0;
  const r = {
    tenant: tenant.name,
    workflow: root,
    subWorkflows: /* @__PURE__ */ new Map(),
    prompts: /* @__PURE__ */ new Map(),
    routes: {},
    models: {},
    providers: {},
    tools: {},
    knowledge: /* @__PURE__ */ new Map(),
    tenantPolicy: tenant.config ? { name: tenant.name, budget: tenant.config.data.budget, allow: tenant.config.data.allow } : void 0,
    evals: [],
    missing: []
  };
  const routes = /* @__PURE__ */ new Set();
  const visit = (wf) => {
    for (const route of routeNames(wf, tenant.name)) routes.add(route);
    for (const node of Object.values(wf.nodes)) {
      if (node.type === "llm") {
        const p = ownName(node.prompt, tenant.name);
        const prompt = p === void 0 ? void 0 : tenant.prompts.get(p);
        if (prompt) r.prompts.set(prompt.data.name, prompt);
        else r.missing.push(`prompt "${node.prompt}"`);
      }
      if (node.type === "retrieve") {
        const k = ownName(node.knowledge, tenant.name);
        const docs = k === void 0 ? void 0 : tenant.knowledge.get(k);
        if (docs) r.knowledge.set(k, docs);
        else r.missing.push(`knowledge "${node.knowledge}"`);
      }
      if (node.type === "workflow") {
        const w = ownName(node.workflow, tenant.name);
        const sub = w === void 0 ? void 0 : tenant.workflows.get(w);
        if (!sub) r.missing.push(`workflow "${node.workflow}"`);
        else if (sub !== root && !r.subWorkflows.has(sub.data.name)) {
          r.subWorkflows.set(sub.data.name, sub);
          visit(sub.data);
        }
      }
      const tools = node.type === "tool" ? [node.tool] : node.type === "llm" ? node.tools?.allow ?? [] : [];
      for (const t of tools) {
        const ref = parseToolRef(t);
        const catalog = ref && repo.tools.get(ref.namespace);
        if (ref && catalog && Object.hasOwn(catalog.data.tools, ref.tool))
          r.tools[t] = { connector: catalog.data.connector, tool: catalog.data.tools[ref.tool] };
        else r.missing.push(`tool "${t}"`);
      }
    }
  };
  visit(root.data);
  for (const suite of tenant.evals.values()) {
    const t = suite.data.target;
    const hit = "workflow" in t && ownName(t.workflow, tenant.name) === name || "prompt" in t && r.prompts.has(ownName(t.prompt, tenant.name) ?? "");
    if (!hit) continue;
    r.evals.push(suite);
    for (const route of [
      ...suite.data.routes,
      suite.data.grader?.route,
      suite.data.grader?.embedding_route
    ]) {
      const own = route === void 0 ? void 0 : ownName(route, tenant.name);
      if (own) routes.add(own);
    }
  }
  const table = tenant.routes?.data.routes ?? {};
  const models = repo.models?.data;
  for (const route of [...routes].sort()) {
    if (!Object.hasOwn(table, route)) {
      r.missing.push(`route "${route}"`);
      continue;
    }
    const def = table[route];
    r.routes[route] = def;
    for (const target of def.targets) {
      const model = models && Object.hasOwn(models.models, target.model) ? models.models[target.model] : void 0;
      if (!model) {
        r.missing.push(`model "${target.model}"`);
        continue;
      }
      r.models[target.model] = model;
      const provider = Object.hasOwn(models.providers, model.provider) ? models.providers[model.provider] : void 0;
      if (provider) r.providers[model.provider] = provider;
      else r.missing.push(`provider "${model.provider}"`);
    }
  }
  return r;
}
function resolvedParts(r, canonical) {
  const out = /* @__PURE__ */ new Map();
  for (const [name, wf] of r.subWorkflows) out.set(`workflow "${name}"`, canonical(wf.data));
  for (const [name, p] of r.prompts) out.set(`prompt "${name}"`, canonical(p.data));
  for (const [name, route] of Object.entries(r.routes)) out.set(`route "${name}"`, canonical(route));
  for (const [id, model] of Object.entries(r.models)) out.set(`model "${id}"`, canonical(model));
  for (const [id, provider] of Object.entries(r.providers)) out.set(`provider "${id}"`, canonical(provider));
  for (const [ref, tool] of Object.entries(r.tools)) out.set(`tool "${ref}"`, canonical(tool));
  for (const [name, docs] of r.knowledge)
    out.set(`knowledge "${name}"`, canonical(docs.map((d) => [d.path, d.size])));
  if (r.tenantPolicy) out.set("the tenant's budget and allowances", canonical(r.tenantPolicy));
  for (const suite of r.evals) out.set(`eval suite "${suite.data.name}"`, canonical(suite.data));
  return out;
}

export {
  compareSemver,
  resolveWorkflow,
  resolvedParts
};
