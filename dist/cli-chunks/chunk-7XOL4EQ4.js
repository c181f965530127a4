import {
  parseDuration
} from "./chunk-DUGSIOLX.js";
import {
  maxRisk,
  riskOf
} from "./chunk-4FYGECKA.js";
import {
  GitSource
} from "./chunk-6TJ5RCH4.js";
import {
  DirectorySource,
  canonicalJson,
  loadRepo,
  parseToolRef,
  workflowGraph
} from "./chunk-VGNTAH4S.js";

// core/diff/context.ts
var DiffContext = class {
  base;
  head;
  changes = [];
  workflows = [];
  constructor(base, head) {
    this.base = base;
    this.head = head;
  }
  add(change) {
    this.changes.push({ ...change, risk: riskOf(change.kind, this.base) });
  }
};

// core/diff/pairing.ts
function content(e) {
  return canonicalJson({ ...e.data, name: void 0, version: void 0 });
}
function pairByName(base, head) {
  const result = { same: [], renamed: [], added: [], removed: [] };
  for (const [name, b] of base) {
    const h = head.get(name);
    if (h) result.same.push({ base: b, head: h });
    else result.removed.push(b);
  }
  const added = [...head.values()].filter((h) => !base.has(h.data.name));
  const byContent = /* @__PURE__ */ new Map();
  for (const h of added) {
    const key = content(h);
    byContent.set(key, [...byContent.get(key) ?? [], h]);
  }
  const removed = [];
  for (const b of result.removed) {
    const candidates = byContent.get(content(b));
    const match = candidates?.shift();
    if (match) result.renamed.push({ base: b, head: match });
    else removed.push(b);
  }
  result.removed = removed;
  const renamedHeads = new Set(result.renamed.map((r) => r.head));
  result.added = added.filter((h) => !renamedHeads.has(h));
  return result;
}

// core/diff/values.ts
function sameValue(a, b) {
  return a === b || canonicalJson(a) === canonicalJson(b);
}
function isPlainObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
function diffFields(before, after, options = {}) {
  const out = [];
  const ignore = new Set(options.ignore ?? []);
  const walk = (a, b, path, depth) => {
    if (sameValue(a, b)) return;
    if (depth > 0 && isPlainObject(a) && isPlainObject(b)) {
      const keys = [.../* @__PURE__ */ new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const k of keys) {
        const p = path ? `${path}.${k}` : k;
        if (ignore.has(p)) continue;
        walk(a[k], b[k], p, depth - 1);
      }
      return;
    }
    out.push({ path, ...a === void 0 ? {} : { before: a }, ...b === void 0 ? {} : { after: b } });
  };
  walk(before, after, options.prefix ?? "", options.depth ?? 4);
  return out;
}

// core/diff/evals.ts
var SCORE = /* @__PURE__ */ new Set(["llm-rubric", "similar", "not-llm-rubric", "not-similar"]);
var LIMIT = /* @__PURE__ */ new Set(["cost", "latency", "not-cost", "not-latency"]);
var assertionKey = (a) => `${a.type}\0${a.transform ?? ""}`;
function weakerAssertions(before, after, where) {
  const reasons = [];
  const remaining = [...after.map((a) => canonicalJson(a))];
  const dropped = before.filter((a) => {
    const i = remaining.indexOf(canonicalJson(a));
    if (i >= 0) {
      remaining.splice(i, 1);
      return false;
    }
    return true;
  });
  for (const a of dropped) {
    const match = after.find(
      (x) => assertionKey(x) === assertionKey(a) && !before.some((y) => canonicalJson(y) === canonicalJson(x))
    );
    if (!match) {
      reasons.push(`${where}: assertion ${a.type}${a.transform ? ` on ${a.transform}` : ""} removed`);
    } else if (a.threshold !== void 0 && match.threshold !== a.threshold) {
      const looser = SCORE.has(a.type) ? (match.threshold ?? 0) < a.threshold : LIMIT.has(a.type) ? match.threshold === void 0 || match.threshold > a.threshold : false;
      if (looser) reasons.push(`${where}: ${a.type} threshold ${a.threshold} → ${String(match.threshold)}`);
    }
  }
  return reasons;
}
function weakened(b, h) {
  const reasons = [];
  const headCases = new Map(h.cases.map((c) => [c.id, c]));
  const gone = b.cases.filter((c) => !headCases.has(c.id)).map((c) => c.id);
  if (gone.length > 0) reasons.push(`cases removed: ${gone.join(", ")}`);
  if (h.threshold < b.threshold) reasons.push(`threshold ${b.threshold} → ${h.threshold}`);
  const minPass = (s) => s.min_pass ?? s.repeat;
  if (minPass(h) < minPass(b))
    reasons.push(`min_pass ${minPass(b)} of ${b.repeat} → ${minPass(h)} of ${h.repeat}`);
  reasons.push(...weakerAssertions(b.defaults?.assert ?? [], h.defaults?.assert ?? [], "defaults"));
  for (const c of b.cases) {
    const now = headCases.get(c.id);
    if (!now) continue;
    if (c.threshold !== void 0 && (now.threshold === void 0 || now.threshold < c.threshold)) {
      reasons.push(`case ${c.id}: threshold ${c.threshold} → ${String(now.threshold ?? "all assertions")}`);
    }
    reasons.push(...weakerAssertions(c.assert, now.assert, `case ${c.id}`));
  }
  return reasons;
}
function diffEvals(ctx, tenant, base, head) {
  const pairs = pairByName(base?.evals ?? /* @__PURE__ */ new Map(), head?.evals ?? /* @__PURE__ */ new Map());
  const subject = (name) => ({ type: "eval", name });
  for (const h of pairs.added) {
    ctx.add({
      kind: "eval-changed",
      tenant,
      subject: subject(h.data.name),
      summary: `Eval suite ${h.data.name} added (${h.data.cases.length} cases).`,
      file: h.path
    });
  }
  for (const b of pairs.removed) {
    ctx.add({
      kind: "eval-weakened",
      tenant,
      subject: subject(b.data.name),
      summary: `Eval suite ${b.data.name} removed (${b.data.cases.length} cases).`,
      file: b.path
    });
  }
  for (const { base: b, head: h } of pairs.renamed) {
    ctx.add({
      kind: "eval-changed",
      tenant,
      subject: subject(h.data.name),
      summary: `Eval suite ${b.data.name} renamed to ${h.data.name}.`,
      file: h.path
    });
  }
  for (const { base: b, head: h } of pairs.same) {
    const fields = diffFields(b.data, h.data, { depth: 2 });
    if (fields.length === 0) continue;
    const reasons = weakened(b.data, h.data);
    ctx.add({
      kind: reasons.length > 0 ? "eval-weakened" : "eval-changed",
      tenant,
      subject: subject(h.data.name),
      summary: reasons.length > 0 ? `Eval suite ${h.data.name} weakened: ${reasons.join("; ")}.` : `Eval suite ${h.data.name} changed: ${fields.map((f) => f.path).join(", ")}.`,
      file: h.path,
      fields
    });
  }
}

// core/diff/knowledge.ts
import { createHash } from "node:crypto";
async function digests(repo, tenant) {
  const out = /* @__PURE__ */ new Map();
  if (!tenant) return out;
  const paths = [...tenant.knowledge.values()].flat().map((d) => d.path);
  const contents = paths.length > 0 ? await repo.source.readMany(paths) : /* @__PURE__ */ new Map();
  for (const [collection, docs] of tenant.knowledge) {
    const m = /* @__PURE__ */ new Map();
    for (const d of docs)
      m.set(
        d.path,
        createHash("sha256").update(contents.get(d.path) ?? "").digest("hex")
      );
    out.set(collection, m);
  }
  return out;
}
async function diffKnowledge(ctx, tenant, base, head) {
  const [before, after] = await Promise.all([digests(ctx.base, base), digests(ctx.head, head)]);
  for (const collection of [.../* @__PURE__ */ new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(collection) ?? /* @__PURE__ */ new Map();
    const a = after.get(collection) ?? /* @__PURE__ */ new Map();
    const added = [...a.keys()].filter((p) => !b.has(p));
    const removed = [...b.keys()].filter((p) => !a.has(p));
    const edited = [...a.keys()].filter((p) => b.has(p) && b.get(p) !== a.get(p));
    if (added.length + removed.length + edited.length === 0) continue;
    const parts = [
      added.length ? `${added.length} added` : "",
      removed.length ? `${removed.length} removed` : "",
      edited.length ? `${edited.length} edited` : ""
    ].filter(Boolean);
    ctx.add({
      kind: "knowledge-changed",
      tenant,
      subject: { type: "knowledge", name: collection },
      summary: `Knowledge collection ${collection}: ${parts.join(", ")} (${[...added, ...removed, ...edited].map((p) => p.split("/").pop()).join(", ")}).`,
      file: `tenants/${tenant}/knowledge/${collection}`
    });
  }
}

// core/diff/platform.ts
function keyed(a, b) {
  const before = a ?? {};
  const after = b ?? {};
  return [.../* @__PURE__ */ new Set([...Object.keys(before), ...Object.keys(after)])].sort().map((k) => ({
    key: k,
    before: Object.hasOwn(before, k) ? before[k] : void 0,
    after: Object.hasOwn(after, k) ? after[k] : void 0
  }));
}
function diffModels(ctx, base, head) {
  const file = head.models?.path ?? "models.yml";
  for (const { key, before, after } of keyed(base.models?.data.providers, head.models?.data.providers)) {
    const fields = diffFields(before, after, { depth: 2 });
    if (fields.length === 0) continue;
    const what = !before ? "added" : !after ? "removed" : `changed (${fields.map((f) => f.path).join(", ")})`;
    ctx.add({
      kind: "model-changed",
      subject: { type: "provider", name: key },
      summary: `Provider ${key} ${what}.`,
      file,
      fields
    });
  }
  for (const { key, before, after } of keyed(base.models?.data.models, head.models?.data.models)) {
    if (!before && after) {
      ctx.add({
        kind: "model-added",
        subject: { type: "model", name: key },
        summary: `Model ${key} (${after.provider}/${after.model}) added.`,
        file
      });
      continue;
    }
    const fields = diffFields(before, after, { depth: 2 });
    if (fields.length === 0) continue;
    ctx.add({
      kind: "model-changed",
      subject: { type: "model", name: key },
      summary: after ? `Model ${key} changed: ${fields.map((f) => f.path).join(", ")}.` : `Model ${key} removed.`,
      file,
      fields
    });
  }
}
function diffTools(ctx, base, head) {
  const namespaces = [.../* @__PURE__ */ new Set([...base.tools.keys(), ...head.tools.keys()])].sort();
  for (const ns of namespaces) {
    const b = base.tools.get(ns);
    const a = head.tools.get(ns);
    const file = a?.path ?? b?.path ?? `tools/${ns}.yml`;
    const connector = diffFields(b?.data.connector, a?.data.connector, { depth: 3 });
    if (b && a && connector.length > 0) {
      ctx.add({
        kind: "tool-changed",
        subject: { type: "tool", name: `${ns}.*` },
        summary: `Connector of ${ns} changed: ${connector.map((f) => f.path).join(", ")}.`,
        file,
        fields: connector
      });
    }
    for (const { key, before, after } of keyed(b?.data.tools, a?.data.tools)) {
      const name = `${ns}.${key}`;
      if (!before && after) {
        ctx.add({
          kind: "tool-added",
          subject: { type: "tool", name },
          summary: `Tool ${name} (${after.effect}) added.`,
          file
        });
        continue;
      }
      if (before && !after) {
        ctx.add({
          kind: "tool-changed",
          subject: { type: "tool", name },
          summary: `Tool ${name} removed.`,
          file
        });
        continue;
      }
      const fields = diffFields(before, after, { depth: 2 });
      if (fields.length === 0) continue;
      if (before?.effect === "read" && after?.effect === "write") {
        ctx.add({
          kind: "tool-write",
          subject: { type: "tool", name },
          summary: `Tool ${name} changed from read to write.`,
          file,
          fields
        });
      }
      ctx.add({
        kind: "tool-changed",
        subject: { type: "tool", name },
        summary: `Tool ${name} changed: ${fields.map((f) => f.path).join(", ")}.`,
        file,
        fields
      });
    }
  }
}

// core/diff/policies.ts
function diffTenantPolicy(ctx, tenant, base, head) {
  const b = base?.config?.data;
  const a = head?.config?.data;
  const file = head?.config?.path ?? base?.config?.path ?? `tenants/${tenant}/tenant.yml`;
  const subject = { type: "tenant", name: tenant };
  if (!b && a) {
    ctx.add({ kind: "policy-changed", tenant, subject, summary: `Tenant ${tenant} added.`, file });
    return;
  }
  if (b && !a) {
    ctx.add({ kind: "policy-changed", tenant, subject, summary: `Tenant ${tenant} removed.`, file });
    return;
  }
  if (!b || !a) return;
  const fields = diffFields(b, a, { depth: 3 });
  const raised = fields.filter(
    (f) => f.path.startsWith("budget.") && (f.after === void 0 || Number(f.after) > Number(f.before ?? Number.POSITIVE_INFINITY))
  );
  if (raised.length > 0) {
    ctx.add({
      kind: "budget-increased",
      tenant,
      subject,
      summary: `Tenant ${tenant} caps raised: ${raised.map((f) => `${f.path.slice(7)} ${String(f.before)} → ${f.after === void 0 ? "none" : String(f.after)}`).join(", ")}.`,
      file,
      fields: raised
    });
  }
  const policy = fields.filter((f) => !raised.includes(f));
  if (policy.length > 0) {
    ctx.add({
      kind: "policy-changed",
      tenant,
      subject,
      summary: `Tenant ${tenant} policy changed: ${policy.map((f) => f.path).join(", ")}.`,
      file,
      fields: policy
    });
  }
}
function diffCharter(ctx, base, head) {
  const fields = diffFields(base.charter?.data, head.charter?.data, { depth: 3 });
  if (fields.length === 0) return;
  ctx.add({
    kind: "policy-changed",
    subject: { type: "charter", name: "charter.yml" },
    summary: `charter.yml changed: ${fields.map((f) => f.path || "(whole file)").join(", ")}.`,
    file: head.charter?.path ?? "charter.yml",
    fields
  });
}

// core/diff/text-diff.ts
import { structuredPatch } from "diff";
function unifiedDiff(before, after, context = 3) {
  if (before === after) return "";
  const patch = structuredPatch("before", "after", ensureNewline(before), ensureNewline(after), "", "", {
    context
  });
  return patch.hunks.map((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines].join("\n")).join("\n");
}
function ensureNewline(s) {
  return s.endsWith("\n") ? s : `${s}
`;
}

// core/diff/prompts.ts
function promptText(p) {
  return p.messages.map(
    (m, i) => `### message ${i + 1} (${m.role})
${m.content.endsWith("\n") ? m.content : `${m.content}
`}`
  ).join("\n");
}
function diffPrompts(ctx, tenant, base, head) {
  const pairs = pairByName(base?.prompts ?? /* @__PURE__ */ new Map(), head?.prompts ?? /* @__PURE__ */ new Map());
  for (const h of pairs.added) {
    ctx.add({
      kind: "prompt-added",
      tenant,
      subject: { type: "prompt", name: h.data.name },
      summary: `Prompt ${h.data.name} ${h.data.version} added.`,
      file: h.path,
      textDiff: unifiedDiff("", promptText(h.data))
    });
  }
  for (const b of pairs.removed) {
    ctx.add({
      kind: "prompt-removed",
      tenant,
      subject: { type: "prompt", name: b.data.name },
      summary: `Prompt ${b.data.name} ${b.data.version} removed.`,
      file: b.path
    });
  }
  for (const { base: b, head: h } of pairs.renamed) {
    ctx.add({
      kind: "prompt-renamed",
      tenant,
      subject: { type: "prompt", name: h.data.name },
      summary: `Prompt ${b.data.name} renamed to ${h.data.name}; content unchanged.`,
      file: h.path
    });
  }
  for (const { base: b, head: h } of pairs.same) {
    const fields = diffFields(
      { ...b.data, messages: void 0, version: void 0 },
      { ...h.data, messages: void 0, version: void 0 },
      { depth: 3 }
    );
    const text = unifiedDiff(promptText(b.data), promptText(h.data));
    if (fields.length === 0 && text === "") continue;
    const what = [...text ? ["messages"] : [], ...fields.map((f) => f.path)];
    ctx.add({
      kind: "prompt-changed",
      tenant,
      subject: { type: "prompt", name: h.data.name },
      summary: `Prompt ${h.data.name} ${b.data.version} → ${h.data.version}: ${what.join(", ")} changed.`,
      file: h.path,
      fields,
      ...text ? { textDiff: text } : {}
    });
  }
}

// core/diff/routes.ts
var targetModels = (routes) => new Set(Object.values(routes).flatMap((r) => r.targets.map((t) => t.model)));
function diffRoutes(ctx, tenant, base, head) {
  const before = base?.routes?.data.routes ?? {};
  const after = head?.routes?.data.routes ?? {};
  const file = head?.routes?.path ?? base?.routes?.path ?? `tenants/${tenant}/routes.yml`;
  for (const name of [.../* @__PURE__ */ new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const b = Object.hasOwn(before, name) ? before[name] : void 0;
    const a = Object.hasOwn(after, name) ? after[name] : void 0;
    const subject = { type: "route", name };
    if (!b && a) {
      ctx.add({
        kind: "route-changed",
        tenant,
        subject,
        summary: `Route ${name} added (${a.strategy}: ${a.targets.map((t) => t.model).join(", ")}).`,
        file
      });
      continue;
    }
    if (b && !a) {
      ctx.add({ kind: "route-changed", tenant, subject, summary: `Route ${name} removed.`, file });
      continue;
    }
    const fields = diffFields(b, a, { depth: 3 });
    if (fields.length === 0) continue;
    const capBefore = b?.budget?.max_usd_per_call;
    const capAfter = a?.budget?.max_usd_per_call;
    const raised = capBefore !== void 0 && capAfter === void 0 || capBefore !== void 0 && capAfter !== void 0 && capAfter > capBefore;
    const other = fields.filter((f) => f.path !== "budget.max_usd_per_call" && f.path !== "budget");
    if (raised) {
      ctx.add({
        kind: "budget-increased",
        tenant,
        subject,
        summary: `Route ${name}: per-call cap ${String(capBefore)} → ${capAfter === void 0 ? "none" : String(capAfter)}.`,
        file,
        fields: fields.filter((f) => f.path.startsWith("budget"))
      });
    }
    if (other.length > 0 || !raised) {
      const targets = fields.some((f) => f.path === "targets") ? ` targets ${b.targets.map((t) => t.model).join(", ")} → ${a.targets.map((t) => t.model).join(", ")}` : "";
      ctx.add({
        kind: "route-changed",
        tenant,
        subject,
        summary: `Route ${name} changed:${targets || ` ${other.map((f) => f.path).join(", ")}`}.`,
        file,
        fields: raised ? other : fields
      });
    }
  }
  const used = targetModels(before);
  for (const model of targetModels(after)) {
    if (used.has(model)) continue;
    ctx.add({
      kind: "model-added",
      tenant,
      subject: { type: "model", name: model },
      summary: `Tenant ${tenant} now routes requests to model ${model}.`,
      file
    });
  }
}

// core/diff/workflows.ts
function edgesOf(wf) {
  const edges = /* @__PURE__ */ new Map();
  if (!wf) return edges;
  for (const [id, node] of Object.entries(wf.nodes)) {
    const condition = typeof node.if === "string" ? node.if : void 0;
    for (const need of node.needs) {
      if (Object.hasOwn(wf.nodes, need))
        edges.set(`${need}→${id}:needs`, { from: need, to: id, kind: "needs", condition });
    }
    const fb = node.on_error?.fallback;
    if (fb !== void 0 && Object.hasOwn(wf.nodes, fb))
      edges.set(`${id}→${fb}:fallback`, { from: id, to: fb, kind: "fallback" });
  }
  return edges;
}
function writeToolsOf(wf, repo) {
  const out = /* @__PURE__ */ new Set();
  for (const node of Object.values(wf.nodes)) {
    const refs = node.type === "tool" ? [node.tool] : node.type === "llm" ? node.tools?.allow ?? [] : [];
    for (const ref of refs) {
      const parsed = parseToolRef(ref);
      const tools = parsed ? repo.tools.get(parsed.namespace)?.data.tools : void 0;
      if (parsed && tools && Object.hasOwn(tools, parsed.tool) && tools[parsed.tool].effect === "write")
        out.add(ref);
    }
  }
  return out;
}
var nodeFields = (a, b) => diffFields(a ? { ...a, needs: void 0 } : void 0, b ? { ...b, needs: void 0 } : void 0, {
  depth: 3
});
function descendants(wf, id) {
  return workflowGraph(wf).graph.descendants(id);
}
function principalKey(p) {
  if (typeof p === "string") return p;
  const o = p;
  return o.user !== void 0 ? `user:${o.user}` : `team:${o.team}`;
}
function weakenedGate(before, after) {
  if (after.type !== "approval") return [`it is no longer an approval (now ${after.type})`];
  const reasons = [];
  if (after.if !== void 0 && JSON.stringify(after.if) !== JSON.stringify(before.if)) {
    reasons.push(`it now runs only if ${String(after.if)}`);
  }
  if (after.min_approvals < before.min_approvals)
    reasons.push(`min_approvals ${before.min_approvals} → ${after.min_approvals}`);
  const now = new Set(after.approvers.map(principalKey));
  const gone = before.approvers.map(principalKey).filter((p) => !now.has(p));
  const added = after.approvers.map(principalKey).filter((p) => !before.approvers.map(principalKey).includes(p));
  if (added.length > 0) reasons.push(`approvers added: ${added.join(", ")}`);
  if (gone.length > 0 && added.length === 0) reasons.push(`approvers removed: ${gone.join(", ")}`);
  if (before.on_timeout === "fail" && after.on_timeout !== "fail")
    reasons.push(`on_timeout fail → ${after.on_timeout}`);
  return reasons;
}
function allNodes(wf, status) {
  return Object.entries(wf?.nodes ?? {}).map(([id, n]) => ({ id, status, type: n.type, fields: [] }));
}
function allEdges(wf, status) {
  return [...edgesOf(wf).values()].map((e) => ({ ...e, status }));
}
function durationIncreased(before, after) {
  return parseDuration(after) > parseDuration(before);
}
function diffWorkflows(ctx, tenant, base, head) {
  const pairs = pairByName(base?.workflows ?? /* @__PURE__ */ new Map(), head?.workflows ?? /* @__PURE__ */ new Map());
  for (const h of pairs.added) {
    ctx.add({
      kind: "workflow-added",
      tenant,
      subject: { type: "workflow", name: h.data.name },
      summary: `Workflow ${h.data.name} ${h.data.version} added (${Object.keys(h.data.nodes).length} nodes).`,
      file: h.path
    });
    reachableWrites(ctx, tenant, void 0, h);
    ctx.workflows.push({
      tenant,
      name: h.data.name,
      status: "added",
      head: h.data,
      file: h.path,
      nodes: allNodes(h.data, "added"),
      edges: allEdges(h.data, "added")
    });
  }
  for (const b of pairs.removed) {
    ctx.add({
      kind: "workflow-removed",
      tenant,
      subject: { type: "workflow", name: b.data.name },
      summary: `Workflow ${b.data.name} ${b.data.version} removed.`,
      file: b.path
    });
    ctx.workflows.push({
      tenant,
      name: b.data.name,
      status: "removed",
      base: b.data,
      file: b.path,
      nodes: allNodes(b.data, "removed"),
      edges: allEdges(b.data, "removed")
    });
  }
  for (const { base: b, head: h } of pairs.renamed) {
    ctx.add({
      kind: "workflow-renamed",
      tenant,
      subject: { type: "workflow", name: h.data.name },
      summary: `Workflow ${b.data.name} renamed to ${h.data.name}; content unchanged.`,
      file: h.path
    });
    ctx.workflows.push({
      tenant,
      name: h.data.name,
      status: "renamed",
      renamedFrom: b.data.name,
      base: b.data,
      head: h.data,
      file: h.path,
      nodes: allNodes(h.data, "unchanged"),
      edges: allEdges(h.data, "unchanged")
    });
  }
  for (const { base: b, head: h } of pairs.same) diffOne(ctx, tenant, b, h);
}
function reachableWrites(ctx, tenant, b, h) {
  const before = b ? writeToolsOf(b.data, ctx.base) : /* @__PURE__ */ new Set();
  for (const tool of writeToolsOf(h.data, ctx.head)) {
    if (before.has(tool)) continue;
    ctx.add({
      kind: "tool-write",
      tenant,
      subject: { type: "tool", name: tool, workflow: h.data.name },
      summary: `Workflow ${h.data.name} can now call ${tool}, which writes outside the run.`,
      file: h.path
    });
  }
}
function diffOne(ctx, tenant, b, h) {
  const name = h.data.name;
  const subject = (type, n) => ({ type, name: n, workflow: name });
  const settings = diffFields(
    { ...b.data, nodes: void 0, version: void 0, name: void 0 },
    { ...h.data, nodes: void 0, version: void 0, name: void 0 },
    { depth: 3 }
  );
  const budget = settings.filter((f) => f.path.startsWith("budget."));
  const raised = budget.filter(
    (f) => f.path === "budget.max_usd" ? Number(f.after) > Number(f.before) : f.path === "budget.timeout" && durationIncreased(String(f.before), String(f.after))
  );
  if (raised.length > 0) {
    ctx.add({
      kind: "budget-increased",
      tenant,
      subject: subject("workflow", name),
      summary: `Workflow ${name} budget raised: ${raised.map((f) => `${f.path.slice(7)} ${String(f.before)} → ${String(f.after)}`).join(", ")}.`,
      file: h.path,
      fields: raised
    });
  }
  const other = settings.filter((f) => !raised.includes(f));
  if (other.length > 0) {
    ctx.add({
      kind: "workflow-changed",
      tenant,
      subject: subject("workflow", name),
      summary: `Workflow ${name}: ${other.map((f) => f.path).join(", ")} changed.`,
      file: h.path,
      fields: other
    });
  }
  const nodes = [];
  const ids = [.../* @__PURE__ */ new Set([...Object.keys(b.data.nodes), ...Object.keys(h.data.nodes)])];
  for (const id of ids) {
    const before = Object.hasOwn(b.data.nodes, id) ? b.data.nodes[id] : void 0;
    const after = Object.hasOwn(h.data.nodes, id) ? h.data.nodes[id] : void 0;
    if (!before && after) {
      nodes.push({ id, status: "added", type: after.type, fields: [] });
      ctx.add({
        kind: "node-added",
        tenant,
        subject: subject("node", id),
        summary: `${name}: ${after.type} node ${id} added.`,
        file: h.path
      });
    } else if (before && !after) {
      nodes.push({ id, status: "removed", type: before.type, fields: [] });
      ctx.add({
        kind: "node-removed",
        tenant,
        subject: subject("node", id),
        summary: `${name}: ${before.type} node ${id} removed.`,
        file: h.path
      });
      if (before.type === "approval") {
        ctx.add({
          kind: "approval-removed",
          tenant,
          subject: subject("node", id),
          summary: `${name}: approval gate ${id} removed.`,
          file: h.path
        });
      }
    } else if (before && after) {
      const fields = nodeFields(before, after);
      nodes.push({ id, status: fields.length > 0 ? "changed" : "unchanged", type: after.type, fields });
      if (fields.length > 0) {
        ctx.add({
          kind: "node-changed",
          tenant,
          subject: subject("node", id),
          summary: `${name}: node ${id} changed (${fields.map((f) => f.path).join(", ")}).`,
          file: h.path,
          fields
        });
      }
      if (before.type === "approval") {
        const reasons = weakenedGate(before, after);
        if (reasons.length > 0) {
          ctx.add({
            kind: "approval-removed",
            tenant,
            subject: subject("node", id),
            summary: `${name}: approval gate ${id} weakened: ${reasons.join("; ")}.`,
            file: h.path
          });
        }
      }
    }
  }
  const be = edgesOf(b.data);
  const he = edgesOf(h.data);
  const edges = [];
  for (const [key, e] of he) {
    const was = be.get(key);
    edges.push({ ...e, status: was ? "unchanged" : "added" });
    if (!was)
      ctx.add({
        kind: "edge-changed",
        tenant,
        subject: subject("edge", `${e.from} → ${e.to}`),
        summary: `${name}: ${edgeWords(e)} added.`,
        file: h.path
      });
  }
  for (const [key, e] of be) {
    if (he.has(key)) continue;
    edges.push({ ...e, status: "removed" });
    ctx.add({
      kind: "edge-changed",
      tenant,
      subject: subject("edge", `${e.from} → ${e.to}`),
      summary: `${name}: ${edgeWords(e)} removed.`,
      file: h.path
    });
  }
  for (const [gate, node] of Object.entries(b.data.nodes)) {
    if (node.type !== "approval" || !Object.hasOwn(h.data.nodes, gate) || h.data.nodes[gate]?.type !== "approval")
      continue;
    const before = descendants(b.data, gate);
    const after = descendants(h.data, gate);
    const escaped = [...before].filter((n) => Object.hasOwn(h.data.nodes, n) && !after.has(n));
    if (escaped.length > 0) {
      ctx.add({
        kind: "approval-removed",
        tenant,
        subject: subject("node", gate),
        summary: `${name}: ${escaped.join(", ")} no longer wait${escaped.length === 1 ? "s" : ""} for approval ${gate}.`,
        file: h.path
      });
    }
  }
  reachableWrites(ctx, tenant, b, h);
  const changed = nodes.some((n) => n.status !== "unchanged") || edges.some((e) => e.status !== "unchanged") || settings.length > 0;
  if (changed) {
    ctx.workflows.push({
      tenant,
      name,
      status: "changed",
      base: b.data,
      head: h.data,
      file: h.path,
      nodes,
      edges
    });
  }
}
function edgeWords(e) {
  return e.kind === "fallback" ? `fallback ${e.from} → ${e.to}` : `dependency ${e.from} → ${e.to}`;
}

// core/diff/diff.ts
async function diffRepos(base, head) {
  const ctx = new DiffContext(base, head);
  diffCharter(ctx, base, head);
  diffModels(ctx, base, head);
  diffTools(ctx, base, head);
  const tenants = [.../* @__PURE__ */ new Set([...base.tenants.keys(), ...head.tenants.keys()])].sort();
  for (const name of tenants) {
    const b = base.tenants.get(name);
    const h = head.tenants.get(name);
    diffTenantPolicy(ctx, name, b, h);
    diffRoutes(ctx, name, b, h);
    diffPrompts(ctx, name, b, h);
    diffWorkflows(ctx, name, b, h);
    diffEvals(ctx, name, b, h);
    await diffKnowledge(ctx, name, b, h);
  }
  ctx.workflows.sort((x, y) => x.tenant + x.name < y.tenant + y.name ? -1 : 1);
  return {
    changes: ctx.changes,
    workflows: ctx.workflows,
    summaries: summarize(ctx),
    base: base.source.commit,
    head: head.source.commit
  };
}
function summarize(ctx) {
  const groups = /* @__PURE__ */ new Map();
  for (const c of ctx.changes) {
    let s = groups.get(c.tenant);
    if (!s) {
      s = {
        ...c.tenant === void 0 ? {} : { tenant: c.tenant },
        kinds: {},
        risk: "low",
        changes: 0
      };
      groups.set(c.tenant, s);
    }
    s.kinds[c.kind] = (s.kinds[c.kind] ?? 0) + 1;
    s.changes++;
    s.risk = maxRisk([s.risk, c.risk]);
  }
  return [...groups.values()].sort(
    (a, b) => a.tenant === void 0 ? 1 : b.tenant === void 0 ? -1 : a.tenant < b.tenant ? -1 : 1
  );
}
async function diffProject(options) {
  const baseSource = new GitSource(options.dir, options.base);
  const headSource = options.head ? new GitSource(options.dir, options.head) : new DirectorySource(options.dir);
  const [base, head] = await Promise.all([loadRepo(baseSource), loadRepo(headSource)]);
  const changeSet = await diffRepos(base.repo, head.repo);
  return {
    changeSet,
    base: base.repo,
    head: head.repo,
    baseDiagnostics: base.diagnostics,
    headDiagnostics: head.diagnostics
  };
}

export {
  diffRepos,
  diffProject
};
