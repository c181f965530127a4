import {
  compareSemver,
  resolveWorkflow,
  resolvedParts
} from "./chunk-4YJBRKOS.js";
import {
  evaluateAst,
  isTruthy,
  parseExpression,
  parseTemplate,
  soleExpression,
  splitTemplate,
  strayRelativeRefs,
  usedVariables
} from "./chunk-4NAQYO46.js";
import {
  GitSource
} from "./chunk-6TJ5RCH4.js";
import {
  Digraph,
  DirectorySource,
  canonicalJson,
  formatList,
  invalidKey,
  knowledgeAllowed,
  loadRepo,
  modelAllowed,
  ownName,
  parseToolRef,
  splitReference,
  suggestion,
  toolAllowed,
  workflowGraph,
  workflowNodes
} from "./chunk-VGNTAH4S.js";

// core/lint/rules/allowances.ts
var howToAllow = (tenant, list) => `Add it to allow.${list} in tenants/${tenant}/tenant.yml (a change the governance owners must approve), or use an allowed one.`;
var toolNotAllowed = {
  id: "tool-not-allowed",
  description: "Tool nodes and model tool use may only name tools the tenant's allow.tools permits.",
  severity: "error",
  check(ctx) {
    for (const { tenant, wf, id, node } of workflowNodes(ctx.repo)) {
      const allowed = tenant.config?.data.allow.tools;
      if (!allowed) continue;
      const refs = node.type === "tool" ? [[node.tool, ["nodes", id, "tool"]]] : node.type === "llm" && node.tools ? node.tools.allow.map((t, i) => [t, ["nodes", id, "tools", "allow", i]]) : [];
      for (const [ref, path] of refs) {
        if (toolAllowed(ref, allowed)) continue;
        ctx.report(
          wf.at(path),
          `Tool "${ref}" is not allowed for tenant "${tenant.name}". ${howToAllow(tenant.name, "tools")}`
        );
      }
    }
    for (const tenant of ctx.repo.tenants.values()) {
      const allowed = tenant.config?.data.allow.tools;
      if (!allowed) continue;
      for (const suite of tenant.all.evals) {
        suite.data.cases.forEach((c, i) => {
          for (const ref of Object.keys(c.mocks?.tools ?? {})) {
            if (toolAllowed(ref, allowed)) continue;
            ctx.report(
              suite.at(["cases", i, "mocks", "tools", ref], true),
              `Tool "${ref}" is not allowed for tenant "${tenant.name}", so mocking it tests nothing real. ${howToAllow(tenant.name, "tools")}`
            );
          }
        });
      }
    }
  }
};
var modelNotAllowed = {
  id: "model-not-allowed",
  description: "Route targets may only use models and providers the tenant's allow.models and allow.providers permit.",
  severity: "error",
  check(ctx) {
    const models = ctx.repo.models?.data.models;
    for (const tenant of ctx.repo.tenants.values()) {
      const allow = tenant.config?.data.allow;
      const routes = tenant.routes;
      if (!allow || !routes) continue;
      for (const [name, route] of Object.entries(routes.data.routes)) {
        route.targets.forEach((t, i) => {
          const at = () => routes.at(["routes", name, "targets", i, "model"]);
          if (!modelAllowed(t.model, allow.models)) {
            ctx.report(
              at,
              `Model "${t.model}" is not allowed for tenant "${tenant.name}". ${howToAllow(tenant.name, "models")}`
            );
            return;
          }
          const provider = models && Object.hasOwn(models, t.model) ? models[t.model].provider : void 0;
          if (provider !== void 0 && !allow.providers.includes(provider)) {
            ctx.report(
              at,
              `Model "${t.model}" is served by provider "${provider}", which tenant "${tenant.name}" may not use. ${howToAllow(tenant.name, "providers")}`
            );
          }
        });
      }
    }
  }
};
var knowledgeNotAllowed = {
  id: "knowledge-not-allowed",
  description: "Retrieve nodes may only search knowledge collections the tenant's allow.knowledge permits.",
  severity: "error",
  check(ctx) {
    for (const { tenant, wf, id, node } of workflowNodes(ctx.repo)) {
      if (node.type !== "retrieve") continue;
      const allowed = tenant.config?.data.allow.knowledge;
      const collection = ownName(node.knowledge, tenant.name);
      if (!allowed || collection === void 0 || knowledgeAllowed(collection, allowed)) continue;
      ctx.report(
        wf.at(["nodes", id, "knowledge"]),
        `Knowledge collection "${collection}" is not allowed for tenant "${tenant.name}". ${howToAllow(tenant.name, "knowledge")}`
      );
    }
  }
};

// core/lint/rules/budget.ts
var budget = {
  id: "budget",
  description: "Workflow budgets must not exceed the tenant's max_usd_per_run; sub-workflows and route caps must fit their callers.",
  severity: "error",
  check(ctx) {
    for (const tenant of ctx.repo.tenants.values()) {
      const cap = tenant.config?.data.budget;
      if (cap?.max_usd_per_day !== void 0 && cap.max_usd_per_day < cap.max_usd_per_run) {
        ctx.report(
          tenant.config.at(["budget", "max_usd_per_day"]),
          `max_usd_per_day ($${cap.max_usd_per_day}) is below max_usd_per_run ($${cap.max_usd_per_run}); a single run could exhaust the day. Raise the daily cap or lower the per-run cap.`,
          "warning"
        );
      }
      for (const wf of tenant.all.workflows) {
        const max = wf.data.budget.max_usd;
        if (cap && max > cap.max_usd_per_run) {
          ctx.report(
            wf.at(["budget", "max_usd"]),
            `Budget max_usd $${max} exceeds tenant "${tenant.name}"'s max_usd_per_run $${cap.max_usd_per_run}. Lower it, or raise the tenant cap in tenant.yml (a governance-owner change).`
          );
        }
        for (const [id, node] of Object.entries(wf.data.nodes)) {
          if (node.type !== "workflow") continue;
          const name = ownName(node.workflow, tenant.name);
          const sub = name === void 0 ? void 0 : tenant.workflows.get(name);
          if (sub && sub.data.budget.max_usd > max) {
            ctx.report(
              wf.at(["nodes", id, "workflow"]),
              `Sub-workflow "${sub.data.name}" may spend $${sub.data.budget.max_usd}, more than this workflow's whole budget ($${max}); it will be cut short. Raise max_usd or lower the sub-workflow's budget.`,
              "warning"
            );
          }
        }
      }
      const routes = tenant.routes;
      if (routes && cap) {
        for (const [name, route] of Object.entries(routes.data.routes)) {
          const perCall = route.budget?.max_usd_per_call;
          if (perCall !== void 0 && perCall > cap.max_usd_per_run) {
            ctx.report(
              routes.at(["routes", name, "budget", "max_usd_per_call"]),
              `max_usd_per_call $${perCall} exceeds the tenant's max_usd_per_run $${cap.max_usd_per_run}, so it can never apply.`,
              "warning"
            );
          }
        }
      }
    }
  }
};

// core/lint/rules/cross-tenant.ts
var crossTenant = {
  id: "cross-tenant",
  description: "Workflows and evals may only reference their own tenant; tenant.yml must describe its own directory.",
  severity: "error",
  check(ctx) {
    const foreign = (ref, own, what, at) => {
      const r = splitReference(ref);
      if (r.tenant === void 0 || r.tenant === own) return;
      ctx.report(
        at,
        `${what} "${ref}" belongs to tenant "${r.tenant}". Tenant "${own}" may only use its own ${what.toLowerCase()}s: copy it into tenants/${own}/ (reviewed by ${own}'s approvers) instead.`
      );
    };
    for (const { tenant, wf, id, node } of workflowNodes(ctx.repo)) {
      const at = (field) => () => wf.at(["nodes", id, field]);
      if (node.type === "llm") {
        foreign(node.prompt, tenant.name, "Prompt", at("prompt"));
        foreign(node.route, tenant.name, "Route", at("route"));
      } else if (node.type === "retrieve") {
        foreign(node.knowledge, tenant.name, "Knowledge collection", at("knowledge"));
      } else if (node.type === "workflow") {
        foreign(node.workflow, tenant.name, "Workflow", at("workflow"));
      }
    }
    for (const tenant of ctx.repo.tenants.values()) {
      for (const suite of tenant.all.evals) {
        const t = suite.data.target;
        if ("prompt" in t) foreign(t.prompt, tenant.name, "Prompt", () => suite.at(["target", "prompt"]));
        else foreign(t.workflow, tenant.name, "Workflow", () => suite.at(["target", "workflow"]));
        suite.data.routes.forEach((r, i) => {
          foreign(r, tenant.name, "Route", () => suite.at(["routes", i]));
        });
        if (suite.data.grader) {
          foreign(suite.data.grader.route, tenant.name, "Route", () => suite.at(["grader", "route"]));
          const emb = suite.data.grader.embedding_route;
          if (emb !== void 0)
            foreign(emb, tenant.name, "Route", () => suite.at(["grader", "embedding_route"]));
        }
      }
      const config = tenant.config;
      if (config && config.data.name !== tenant.name) {
        ctx.report(
          config.at(["name"]),
          `tenant.yml in ${tenant.dir}/ declares name "${config.data.name}". The tenant is the directory: set name: ${tenant.name}.`
        );
      }
    }
  }
};

// core/lint/rules/cycle.ts
var cycle = {
  id: "cycle",
  description: "Workflow nodes (needs and fallbacks) and sub-workflow calls must not form cycles.",
  severity: "error",
  check(ctx) {
    for (const tenant of ctx.repo.tenants.values()) {
      const calls = new Digraph(tenant.workflows.keys());
      for (const wf of tenant.all.workflows) {
        const { graph } = workflowGraph(wf.data);
        for (const path of graph.cycles()) {
          const [first] = path;
          if (path.length === 2) continue;
          ctx.report(
            wf.at(["nodes", first], true),
            `Cycle in workflow "${wf.data.name}": ${path.join(" → ")}. A workflow is a DAG: remove one of these needs (or fallbacks).`
          );
        }
        for (const node of Object.values(wf.data.nodes)) {
          if (node.type !== "workflow") continue;
          const callee = ownName(node.workflow, tenant.name);
          if (callee !== void 0 && tenant.workflows.get(wf.data.name) === wf)
            calls.addEdge(wf.data.name, callee);
        }
      }
      for (const path of calls.cycles()) {
        const wf = tenant.workflows.get(path[0]);
        const callerNode = Object.entries(wf.data.nodes).find(
          ([, n]) => n.type === "workflow" && ownName(n.workflow, tenant.name) === path[1]
        );
        ctx.report(
          callerNode ? wf.at(["nodes", callerNode[0], "workflow"]) : wf.loc,
          `Sub-workflow calls form a cycle: ${path.join(" → ")}. A workflow cannot (indirectly) run itself.`
        );
      }
    }
  }
};

// core/lint/rules/duplicate-name.ts
function reportDuplicates(ctx, list, key, what, field) {
  const first = /* @__PURE__ */ new Map();
  for (const e of list) {
    const k = key(e.data);
    const seen = first.get(k);
    if (!seen) {
      first.set(k, e);
      continue;
    }
    ctx.report(
      e.at([field]),
      `${what} "${k}" is also declared in ${seen.path}. Names must be unique: rename one of them.`
    );
  }
}
function reportDuplicateValues(ctx, values, locate, what) {
  const seen = /* @__PURE__ */ new Set();
  values.forEach((v, i) => {
    if (seen.has(v)) ctx.report(locate(i), `${what} "${v}" appears more than once. Each must be unique.`);
    seen.add(v);
  });
}
var duplicateName = {
  id: "duplicate-name",
  description: "Workflow, prompt and eval suite names are unique per tenant; tool namespaces, route target ids and case ids are unique.",
  severity: "error",
  check(ctx) {
    const { repo } = ctx;
    reportDuplicates(ctx, repo.allTools, (d) => d.namespace, "Tool namespace", "namespace");
    for (const pair of [
      ["charter.yml", "charter.yaml"],
      ["models.yml", "models.yaml"]
    ]) {
      if (repo.allPaths.has(pair[0]) && repo.allPaths.has(pair[1])) {
        ctx.report(
          { file: pair[1], line: 1, column: 1 },
          `Both ${pair[0]} and ${pair[1]} exist; only ${pair[0]} is read. Delete one.`
        );
      }
    }
    for (const tenant of repo.tenants.values()) {
      reportDuplicates(ctx, tenant.all.workflows, (d) => d.name, "Workflow", "name");
      reportDuplicates(ctx, tenant.all.prompts, (d) => d.name, "Prompt", "name");
      reportDuplicates(ctx, tenant.all.evals, (d) => d.name, "Eval suite", "name");
      const routes = tenant.routes;
      if (routes) {
        for (const [name, route] of Object.entries(routes.data.routes)) {
          reportDuplicateValues(
            ctx,
            route.targets.map((t) => t.id ?? t.model),
            (i) => routes.at(["routes", name, "targets", i]),
            `Target id in route "${name}"`
          );
        }
      }
      for (const suite of tenant.all.evals) {
        reportDuplicateValues(
          ctx,
          suite.data.cases.map((c) => c.id),
          (i) => suite.at(["cases", i, "id"]),
          "Case id"
        );
      }
    }
  }
};

// core/lint/rules/eval-suite.ts
var NEEDS_VALUE = /* @__PURE__ */ new Set([
  "equals",
  "contains",
  "icontains",
  "contains-any",
  "contains-all",
  "regex",
  "starts-with",
  "llm-rubric",
  "similar"
]);
var NEEDS_THRESHOLD = /* @__PURE__ */ new Set(["cost", "latency"]);
var baseType = (t) => t.replace(/^not-/, "");
var evalSuite = {
  id: "eval-suite",
  description: "Eval suites can run: prompt targets name routes, graded assertions have a grader, assertions have the values they need, k-of-n is possible.",
  severity: "error",
  check(ctx) {
    for (const tenant of ctx.repo.tenants.values()) {
      for (const suite of tenant.all.evals) {
        const d = suite.data;
        const promptTarget = "prompt" in d.target;
        if (promptTarget && d.routes.length === 0) {
          ctx.report(
            suite.at(["target"]),
            `Suite "${d.name}" evaluates a prompt but names no route to run it on. Add routes: [ROUTE].`
          );
        }
        if (d.min_pass !== void 0 && d.min_pass > d.repeat) {
          ctx.report(
            suite.at(["min_pass"]),
            `min_pass (${d.min_pass}) is more than repeat (${d.repeat}); no case could ever pass.`
          );
        }
        const check = (a, path) => {
          const t = baseType(a.type);
          if (NEEDS_VALUE.has(t) && a.value === void 0) {
            ctx.report(suite.at(path), `Assertion ${a.type} needs a value to compare against. Add value: ….`);
          }
          if (NEEDS_THRESHOLD.has(t) && a.threshold === void 0) {
            ctx.report(
              suite.at(path),
              `Assertion ${a.type} needs a threshold (${t === "cost" ? "USD" : "milliseconds"}).`
            );
          }
          if (t === "regex" && typeof a.value === "string") {
            try {
              new RegExp(a.value);
            } catch (e) {
              ctx.report(
                suite.at([...path, "value"]),
                `Invalid regular expression: ${e.message}.`
              );
            }
          }
          if (t === "llm-rubric" && !d.grader) {
            ctx.report(
              suite.at(path),
              "llm-rubric needs a grader: add grader: { route: ROUTE } to the suite."
            );
          }
          if (t === "similar" && !d.grader?.embedding_route) {
            ctx.report(
              suite.at(path),
              "similar needs an embedding model: add grader.embedding_route to the suite."
            );
          }
          if (t === "json-schema" && a.value === void 0 && !promptTarget) {
            ctx.report(
              suite.at(path),
              "json-schema without a value uses the prompt's output schema, but this suite targets a workflow. Give the schema as value."
            );
          }
        };
        (d.defaults?.assert ?? []).forEach((a, i) => {
          check(a, ["defaults", "assert", i]);
        });
        const shared = d.defaults?.assert.length ?? 0;
        d.cases.forEach((c, i) => {
          c.assert.forEach((a, j) => {
            check(a, ["cases", i, "assert", j]);
          });
          if (c.assert.length + shared === 0) {
            ctx.report(
              suite.at(["cases", i, "id"]),
              `Case "${c.id}" asserts nothing, so it can never fail. Add assertions.`,
              "warning"
            );
          }
          if (promptTarget && Object.keys(c.inputs).length > 0) {
            ctx.report(
              suite.at(["cases", i, "inputs"], true),
              `Case "${c.id}" targets a prompt: use vars, not inputs.`
            );
          }
          if (!promptTarget && Object.keys(c.vars).length > 0) {
            ctx.report(
              suite.at(["cases", i, "vars"], true),
              `Case "${c.id}" targets a workflow: use inputs, not vars.`
            );
          }
        });
      }
    }
  }
};

// core/lint/analysis/expression-sites.ts
var BASE_CONTEXTS = ["inputs", "nodes", "run"];
var CONTEXT_SETS = /* @__PURE__ */ new Map();
function contexts(withItem, extra) {
  const key = `${withItem}:${extra.join(",")}`;
  let set = CONTEXT_SETS.get(key);
  if (!set) {
    set = /* @__PURE__ */ new Set([...BASE_CONTEXTS, ...withItem ? ["item", "index"] : [], ...extra]);
    CONTEXT_SETS.set(key, set);
  }
  return set;
}
function collectExpressionSites(repo) {
  const sites = [];
  const unclosed = [];
  const visitString = (s, path, file, base, implicit) => {
    let split = splitTemplate(s);
    let isImplicit = false;
    if (implicit && !s.includes("${{")) {
      split = { parts: [{ kind: "expr", source: s, offset: 0 }] };
      isImplicit = true;
    }
    if (split.unclosedAt !== void 0) unclosed.push({ file, path });
    const sole = soleExpression(split) !== void 0;
    for (const part of split.parts) {
      if (part.kind !== "expr") continue;
      const parsed = parseExpression(part.source);
      sites.push({
        tenant: base.tenant,
        scope: base.scope,
        workflow: base.workflow,
        node: base.node,
        field: base.field,
        file,
        path,
        source: part.source,
        parsed,
        references: parsed.references,
        functions: parsed.functions,
        sole,
        implicit: isImplicit
      });
    }
  };
  const walk = (value, path, file, base, implicit = false) => {
    if (typeof value === "string") {
      if (implicit || value.includes("${{")) visitString(value, path, file, base, implicit);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => {
        walk(v, [...path, i], file, base);
      });
    } else if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k], file, base);
    }
  };
  for (const tenant of repo.tenants.values()) {
    for (const wf of tenant.all.workflows) {
      const data = wf.data;
      const { graph } = workflowGraph(data);
      const allNodes = new Set(Object.keys(data.nodes));
      const inputs2 = new Set(Object.keys(data.inputs));
      for (const [id, node] of Object.entries(data.nodes)) {
        const upstream = graph.ancestors(id);
        const fanOut = node.for_each !== void 0;
        const scopeFor = (field, extra = [], withItem = fanOut) => ({
          contexts: contexts(withItem, extra),
          nodes: upstream,
          node: id,
          inputs: inputs2,
          where: `the ${field} of node "${id}"`
        });
        const base = (field, scope) => ({
          tenant: tenant.name,
          scope,
          workflow: wf,
          node: id,
          field
        });
        const at = (...rest) => ["nodes", id, ...rest];
        if (node.if !== void 0)
          walk(node.if, at("if"), wf.file, base("if", scopeFor("`if`", [], false)), true);
        if (node.for_each !== void 0) {
          walk(
            node.for_each,
            at("for_each"),
            wf.file,
            base("for_each", scopeFor("`for_each`", [], false)),
            true
          );
        }
        if (node.on_error?.default !== void 0) {
          walk(
            node.on_error.default,
            at("on_error", "default"),
            wf.file,
            base("on_error", scopeFor("`on_error.default`"))
          );
        }
        node.checks.forEach((check, i) => {
          if (check.value === void 0) return;
          const scope = scopeFor("check", ["output"]);
          walk(
            check.value,
            at("checks", i, "value"),
            wf.file,
            base("check", scope),
            check.type === "expression"
          );
        });
        switch (node.type) {
          case "llm":
          case "tool":
          case "workflow":
            walk(node.with, at("with"), wf.file, base("with", scopeFor("`with`")));
            if (node.type === "tool" && node.idempotency_key !== void 0) {
              walk(
                node.idempotency_key,
                at("idempotency_key"),
                wf.file,
                base("idempotency_key", scopeFor("`idempotency_key`"))
              );
            }
            break;
          case "transform":
            walk(node.value, at("value"), wf.file, base("value", scopeFor("`value`")));
            break;
          case "retrieve":
            walk(node.query, at("query"), wf.file, base("query", scopeFor("`query`")));
            break;
          case "approval":
            if (node.message !== void 0)
              walk(node.message, at("message"), wf.file, base("message", scopeFor("`message`")));
            break;
        }
      }
      const outScope = {
        contexts: contexts(false, []),
        nodes: allNodes,
        inputs: inputs2,
        where: "the workflow outputs"
      };
      walk(data.outputs, ["outputs"], wf.file, {
        tenant: tenant.name,
        scope: outScope,
        workflow: wf,
        field: "outputs"
      });
    }
    const routes = tenant.routes;
    if (routes) {
      for (const [name, route] of Object.entries(routes.data.routes)) {
        route.conditions.forEach((c, i) => {
          const scope = { contexts: /* @__PURE__ */ new Set(["request"]), where: `a condition of route "${name}"` };
          walk(
            c.if,
            ["routes", name, "conditions", i, "if"],
            routes.file,
            { tenant: tenant.name, scope, field: "condition" },
            true
          );
        });
      }
    }
    for (const suite of tenant.all.evals) {
      const visitAssertions = (list, prefix) => {
        list.forEach((a, i) => {
          if (a.transform === void 0) return;
          const scope = { contexts: /* @__PURE__ */ new Set(["output"]), where: "an assertion's `transform`" };
          walk(
            a.transform,
            [...prefix, i, "transform"],
            suite.file,
            { tenant: tenant.name, scope, field: "transform" },
            true
          );
        });
      };
      visitAssertions(suite.data.defaults?.assert ?? [], ["defaults", "assert"]);
      suite.data.cases.forEach((c, i) => {
        visitAssertions(c.assert, ["cases", i, "assert"]);
      });
    }
  }
  return { sites, unclosed };
}
function sitePosition(site, column = 0) {
  const { node } = site.file.nodeAt(site.path);
  const range = node?.range;
  if (!range) return site.file.locate(site.path);
  const raw = site.file.text.slice(range[0], range[1]);
  const idx = site.source.trim() ? raw.indexOf(site.source) : -1;
  const offset = idx >= 0 ? range[0] + idx + column : range[0];
  const start = site.file.positionAt(offset);
  return idx >= 0 ? { ...start, ...endOf(site.file, range[0] + idx + site.source.length) } : site.file.locate(site.path);
}
function endOf(file, offset) {
  const p = file.positionAt(offset);
  return { endLine: p.line, endColumn: p.column };
}

// core/lint/analysis/scope.ts
var NODE_FIELDS = ["output", "status", "error"];
var RUN_FIELDS = ["id", "workflow", "version", "tenant", "started_at"];

// core/lint/rules/expression.ts
var REQUEST_FIELDS = [
  "input_tokens",
  "max_tokens",
  "prompt",
  "workflow",
  "node",
  "tenant",
  "metadata"
];
var CONTEXT_HELP = {
  item: "item and index exist only in nodes with for_each (and not in their if or for_each)",
  index: "item and index exist only in nodes with for_each (and not in their if or for_each)",
  output: "output exists only in checks and assertion transforms",
  request: "request exists only in route conditions",
  inputs: "inputs exists only in workflows",
  nodes: "nodes exists only in workflows",
  run: "run exists only in workflows"
};
var expression = {
  id: "expression",
  description: "Expressions must parse, use only the contexts available where they are written, and read only upstream nodes and declared inputs.",
  severity: "error",
  check(ctx) {
    for (const u of ctx.analysis.unclosed) {
      ctx.report(u.file.locate(u.path), "Unclosed ${{ expression: add the closing }}.");
    }
    for (const site of ctx.analysis.sites) checkSite(ctx, site);
  }
};
function checkSite(ctx, site) {
  if (site.parsed.error) {
    const unknown = /^Unrecognized named-value: '([^']*)'/.exec(site.parsed.error.message)?.[1];
    if (unknown !== void 0) {
      ctx.report(
        sitePosition(site, site.parsed.error.column),
        `"${unknown}" is not a context. Available in ${site.scope.where}: ${formatList([...site.scope.contexts].sort(), false)}.${suggestion(unknown, site.scope.contexts)}`
      );
      return;
    }
    ctx.report(
      sitePosition(site, site.parsed.error.column),
      `Invalid expression in ${site.scope.where}: ${site.parsed.error.message}.`
    );
    return;
  }
  const { scope } = site;
  for (const ref of site.references) {
    const at = () => sitePosition(site, ref.column);
    const [root, first, second] = ref.path;
    if (!scope.contexts.has(root)) {
      const help = CONTEXT_HELP[root];
      ctx.report(
        at(),
        `"${root}" is not available in ${scope.where}${help ? `: ${help}` : ""}. Available here: ${formatList([...scope.contexts].sort(), false)}.`
      );
      continue;
    }
    switch (root) {
      case "nodes": {
        if (first === void 0) {
          ctx.report(
            at(),
            `Read a specific node (nodes.NAME.output), not the whole nodes context, in ${scope.where}.`
          );
          break;
        }
        const id = String(first);
        if (site.workflow?.wasDropped("nodes", id)) break;
        const wf = site.workflow?.data;
        if (!wf || !Object.hasOwn(wf.nodes, id)) {
          ctx.report(
            at(),
            `Unknown node "${id}" in ${scope.where}.${suggestion(id, wf ? [...Object.keys(wf.nodes), ...site.workflow?.dropped.get("nodes") ?? []] : [])}`
          );
          break;
        }
        if (id === scope.node) {
          ctx.report(at(), `Node "${id}" cannot read its own result in ${scope.where}.`);
          break;
        }
        if (scope.nodes && !scope.nodes.has(id)) {
          ctx.report(
            at(),
            `Node "${id}" is not upstream of "${scope.node}", so its result may not exist yet. Add "${id}" to the needs of "${scope.node}".`
          );
          break;
        }
        if (second !== void 0 && !NODE_FIELDS.includes(String(second))) {
          ctx.report(
            at(),
            `nodes.${id}.${String(second)} does not exist: a node has ${formatList(NODE_FIELDS)}.${suggestion(String(second), NODE_FIELDS)}`
          );
        }
        break;
      }
      case "inputs": {
        if (first === void 0 || !scope.inputs) break;
        const name = String(first);
        if (!scope.inputs.has(name)) {
          ctx.report(
            at(),
            `Input "${name}" is not declared by workflow "${site.workflow?.data.name}". Declare it under inputs.${suggestion(name, scope.inputs)}`
          );
        }
        break;
      }
      case "run":
        if (first !== void 0 && !RUN_FIELDS.includes(String(first))) {
          ctx.report(
            at(),
            `run.${String(first)} does not exist: run has ${formatList(RUN_FIELDS)}.${suggestion(String(first), RUN_FIELDS)}`
          );
        }
        break;
      case "request":
        if (first !== void 0 && !REQUEST_FIELDS.includes(String(first))) {
          ctx.report(
            at(),
            `request.${String(first)} does not exist: request has ${formatList(REQUEST_FIELDS)}.${suggestion(String(first), REQUEST_FIELDS)}`
          );
        }
        break;
      default:
        break;
    }
  }
}

// core/lint/rules/inputs.ts
function requiredInputs(wf) {
  return Object.entries(wf.inputs).filter(([, schema]) => !Object.hasOwn(schema, "default")).map(([name]) => name);
}
function checkInputs(ctx, target, provided, locate, caller) {
  const declared = Object.keys(target.inputs);
  for (const key of Object.keys(provided)) {
    if (!Object.hasOwn(target.inputs, key)) {
      ctx.report(
        locate(key),
        `${caller} passes "${key}", which workflow "${target.name}" does not declare as an input.${suggestion(key, declared)}`
      );
    }
  }
  const missing = requiredInputs(target).filter((k) => !Object.hasOwn(provided, k));
  if (missing.length > 0) {
    ctx.report(
      locate(),
      `${caller} does not pass required input${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} of workflow "${target.name}".`
    );
  }
}
var inputs = {
  id: "inputs",
  description: "Sub-workflow calls and workflow eval cases pass every required input and only declared inputs.",
  severity: "error",
  check(ctx) {
    for (const tenant of ctx.repo.tenants.values()) {
      for (const wf of tenant.all.workflows) {
        for (const [id, node] of Object.entries(wf.data.nodes)) {
          if (node.type !== "workflow") continue;
          const name = ownName(node.workflow, tenant.name);
          const target = name === void 0 ? void 0 : tenant.workflows.get(name);
          if (!target) continue;
          checkInputs(
            ctx,
            target.data,
            node.with,
            (key) => key === void 0 ? wf.at(["nodes", id], true) : wf.at(["nodes", id, "with", key], true),
            `Node "${id}"`
          );
        }
      }
      for (const suite of tenant.all.evals) {
        if (!("workflow" in suite.data.target)) continue;
        const name = ownName(suite.data.target.workflow, tenant.name);
        const target = name === void 0 ? void 0 : tenant.workflows.get(name);
        if (!target) continue;
        suite.data.cases.forEach((c, i) => {
          checkInputs(
            ctx,
            target.data,
            c.inputs,
            (key) => key === void 0 ? suite.at(["cases", i, "id"]) : suite.at(["cases", i, "inputs", key], true),
            `Case "${c.id}"`
          );
        });
      }
    }
  }
};

// core/lint/rules/route-strategy.ts
var routeStrategy = {
  id: "route-strategy",
  description: "Conditional routes have conditions; conditions and weights are only given where the strategy uses them.",
  severity: "warning",
  check(ctx) {
    for (const tenant of ctx.repo.tenants.values()) {
      const routes = tenant.routes;
      if (!routes) continue;
      for (const [name, route] of Object.entries(routes.data.routes)) {
        if (route.strategy === "conditional" && route.conditions.length === 0) {
          ctx.report(
            routes.at(["routes", name, "strategy"]),
            `Route "${name}" is conditional but has no conditions, so it always uses its first target. Add conditions or use strategy: fallback.`
          );
        }
        if (route.strategy !== "conditional" && route.conditions.length > 0) {
          ctx.report(
            routes.at(["routes", name, "conditions"], true),
            `Route "${name}" has conditions, but they are ignored unless strategy is conditional.`
          );
        }
        if (route.strategy === "weighted" && route.targets.length < 2) {
          ctx.report(
            routes.at(["routes", name, "strategy"]),
            `Route "${name}" is weighted but has a single target.`,
            "info"
          );
        }
      }
    }
  }
};

// core/lint/rules/secret.ts
var PATTERNS = [
  { name: "Anthropic API key", re: /\bsk-ant-[A-Za-z0-9_-]{20,}/ },
  { name: "OpenAI API key", re: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/ },
  { name: "GitHub token", re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/ },
  { name: "AWS access key id", re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: "Slack token", re: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { name: "Google API key", re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: "Stripe secret key", re: /\b(?:sk|rk)_live_[0-9A-Za-z]{20,}/ },
  {
    name: "private key",
    re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/
  },
  { name: "JSON Web Token", re: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  { name: "password in a URL", re: /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@'"]+:[^/\s:@'"]{3,}@/ }
];
var COMBINED = new RegExp(PATTERNS.map((p) => `(${p.re.source})`).join("|"), "g");
var SECRET_KEY = /^[ \t-]*["']?(password|passwd|secret|client_secret|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|auth[_-]?token|access[_-]?token|token|bearer)["']?[ \t]*:[ \t]*(["']?)([^\s#"'][^#\n]*?)\2[ \t]*(?:#.*)?$/gim;
function redact(s) {
  return s.length <= 8 ? "****" : `${s.slice(0, 4)}…${"*".repeat(4)}`;
}
function scanText(ctx, file, text, positionAt, isYaml) {
  const fix = isYaml ? "Remove it, rotate it now (it is in git history), and read it from an environment variable (e.g. api_key_env, token_env)." : "Remove it from the knowledge document and rotate it now: retrieved text is sent to models and stays in git history.";
  for (const m of text.matchAll(COMBINED)) {
    const index = m.slice(1).findIndex((g) => g !== void 0);
    const kind = PATTERNS[index]?.name ?? "credential";
    const article = /^[aeiou]/i.test(kind) ? "an" : "a";
    ctx.report(
      { file, ...positionAt(m.index) },
      `Looks like ${article} ${kind} (${redact(m[0])}) committed in ${file}. ${fix}`
    );
  }
  if (!isYaml) return;
  for (const m of text.matchAll(SECRET_KEY)) {
    const value = m[3].trim();
    if (/^(null|~|""|''|true|false)$/i.test(value) || value.includes("${{") || /^[A-Z_][A-Z0-9_]*$/.test(value))
      continue;
    const keyOffset = m.index + m[0].indexOf(m[1]);
    ctx.report(
      { file, ...positionAt(keyOffset) },
      `"${m[1]}" holds a literal value (${redact(value)}). Credentials never go in governed files: ${fix}`
    );
  }
}
var secret = {
  id: "secret",
  description: "No credentials in governed files or knowledge documents (API keys, tokens, private keys, passwords).",
  severity: "error",
  async check(ctx) {
    for (const file of ctx.repo.files.values()) {
      scanText(ctx, file.path, file.text, (o) => file.positionAt(o), true);
    }
    const docs = [...ctx.repo.tenants.values()].flatMap(
      (t) => [...t.knowledge.values()].flat().map((d) => d.path)
    );
    if (docs.length === 0) return;
    const contents = await ctx.repo.source.readMany(docs);
    for (const [path, bytes] of contents) {
      const text = bytes.toString("utf8");
      const lineStarts = [0];
      for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
      const positionAt = (offset) => {
        let lo = 0;
        let hi = lineStarts.length - 1;
        while (lo < hi) {
          const mid = lo + hi + 1 >> 1;
          if (lineStarts[mid] <= offset) lo = mid;
          else hi = mid - 1;
        }
        return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
      };
      scanText(ctx, path, text, positionAt, false);
    }
  }
};

// core/lint/analysis/prompt-templates.ts
var memo = /* @__PURE__ */ new WeakMap();
function promptTemplates(prompt) {
  let parsed = memo.get(prompt);
  if (!parsed) {
    parsed = prompt.messages.map((m) => parseTemplate(m.content));
    memo.set(prompt, parsed);
  }
  return parsed;
}

// core/lint/rules/template.ts
var template = {
  id: "template",
  description: "Prompt messages must be valid templates ({{ name }}, {{#name}}…{{/name}}, {{ . }} inside sections).",
  severity: "error",
  check(ctx) {
    for (const tenant of ctx.repo.tenants.values()) {
      for (const prompt of tenant.all.prompts) {
        promptTemplates(prompt.data).forEach((parsed, i) => {
          const content = prompt.data.messages[i].content;
          const path = ["messages", i, "content"];
          for (const e of parsed.errors) {
            ctx.report(
              prompt.file.locateInString(path, e.offset, content.slice(e.offset, e.offset + 20)),
              e.message
            );
          }
          for (const r of strayRelativeRefs(parsed.nodes)) {
            ctx.report(
              prompt.file.locateInString(path, r.offset, content.slice(r.offset, r.offset + 20)),
              `{{ ${r.source} }} refers to the current section element, but it is outside any section.`
            );
          }
        });
      }
    }
  }
};
var templateVars = {
  id: "template-vars",
  description: "Prompts use only declared variables; callers (llm nodes, eval cases) provide every required variable and nothing undeclared.",
  severity: "error",
  check(ctx) {
    for (const tenant of ctx.repo.tenants.values()) {
      for (const prompt of tenant.all.prompts) {
        const declared = Object.keys(prompt.data.variables);
        const used = /* @__PURE__ */ new Set();
        promptTemplates(prompt.data).forEach((parsed, i) => {
          const content = prompt.data.messages[i].content;
          for (const v of usedVariables(parsed.nodes)) {
            used.add(v.name);
            if (Object.hasOwn(prompt.data.variables, v.name)) continue;
            ctx.report(
              prompt.file.locateInString(
                ["messages", i, "content"],
                v.offset,
                content.slice(v.offset, v.offset + 20)
              ),
              `Variable "${v.name}" is used but not declared. Declare it under variables.${suggestion(v.name, declared)}`
            );
          }
        });
        for (const name of declared) {
          if (!used.has(name)) {
            ctx.report(
              prompt.at(["variables", name], true),
              `Variable "${name}" is declared but no message uses it. Use it or remove it.`,
              "warning"
            );
          }
        }
      }
      const checkCall = (promptRef, provided, locate, caller) => {
        const name = ownName(promptRef, tenant.name);
        const prompt = name === void 0 ? void 0 : tenant.prompts.get(name);
        if (!prompt) return;
        const vars = prompt.data.variables;
        for (const key of Object.keys(provided)) {
          if (!Object.hasOwn(vars, key)) {
            ctx.report(
              locate(key),
              `${caller} provides "${key}", which prompt "${prompt.data.name}" does not declare.${suggestion(key, Object.keys(vars))}`
            );
          }
        }
        const missing = Object.entries(vars).filter(([k, v]) => v.required && !Object.hasOwn(provided, k)).map(([k]) => k);
        if (missing.length > 0) {
          ctx.report(
            locate(),
            `${caller} does not provide required variable${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} of prompt "${prompt.data.name}".`
          );
        }
      };
      for (const wf of tenant.all.workflows) {
        for (const [id, node] of Object.entries(wf.data.nodes)) {
          if (node.type !== "llm") continue;
          checkCall(
            node.prompt,
            node.with,
            (key) => key === void 0 ? wf.at(["nodes", id, Object.keys(node.with).length ? "with" : "prompt"], true) : wf.at(["nodes", id, "with", key], true),
            `Node "${id}"`
          );
        }
      }
      for (const suite of tenant.all.evals) {
        if (!("prompt" in suite.data.target)) continue;
        const promptRef = suite.data.target.prompt;
        suite.data.cases.forEach((c, i) => {
          checkCall(
            promptRef,
            c.vars,
            (key) => key === void 0 ? suite.at(["cases", i, "id"]) : suite.at(["cases", i, "vars", key], true),
            `Case "${c.id}"`
          );
        });
      }
    }
  }
};

// core/lint/rules/unreachable-node.ts
var unreachableNode = {
  id: "unreachable-node",
  description: "Nodes whose `if` is always false or whose `for_each` is always empty can never run.",
  severity: "error",
  check(ctx) {
    for (const { wf, id, node } of workflowNodes(ctx.repo)) {
      if (node.if === false) {
        ctx.report(
          wf.at(["nodes", id, "if"]),
          `Node "${id}" can never run: its if is false. Remove the node or the condition.`
        );
      }
    }
    for (const site of ctx.analysis.sites) {
      if (!site.workflow || !site.node || !site.parsed.ast || site.references.length > 0) continue;
      if (site.field !== "if" && site.field !== "for_each") continue;
      if (!site.sole && !site.implicit) continue;
      let value;
      try {
        value = evaluateAst(site.parsed.ast, {});
      } catch {
        continue;
      }
      const at = site.workflow.at(["nodes", site.node, site.field]);
      if (site.field === "if" && !isTruthy(value)) {
        ctx.report(
          at,
          `Node "${site.node}" can never run: its if is always false (${site.source.trim()}). Fix the condition or remove the node.`
        );
      } else if (site.field === "for_each") {
        if (Array.isArray(value) && value.length === 0) {
          ctx.report(at, `Node "${site.node}" can never run: its for_each is always an empty list.`);
        } else if (!Array.isArray(value)) {
          ctx.report(
            at,
            `for_each of node "${site.node}" must be a list; ${site.source.trim()} is ${JSON.stringify(value)}.`
          );
        }
      }
    }
  }
};

// core/lint/rules/unresolved-ref.ts
var unresolvedRef = {
  id: "unresolved-ref",
  description: "References to nodes, prompts, routes, tools, knowledge, sub-workflows, models, providers and keys must resolve.",
  severity: "error",
  check(ctx) {
    const { repo } = ctx;
    const tool = (ref, at) => checkTool(ctx, ref, at);
    for (const { tenant, wf, id, node } of workflowNodes(repo)) {
      const nodeIds = [...Object.keys(wf.data.nodes), ...wf.dropped.get("nodes") ?? []];
      node.needs.forEach((need, i) => {
        if (wf.wasDropped("nodes", need)) return;
        if (!Object.hasOwn(wf.data.nodes, need)) {
          ctx.report(
            wf.at(["nodes", id, "needs", i]),
            `Node "${id}" needs "${need}", which is not a node of workflow "${wf.data.name}".${suggestion(need, nodeIds)}`
          );
        } else if (need === id) {
          ctx.report(
            wf.at(["nodes", id, "needs", i]),
            `Node "${id}" cannot need itself. Remove "${id}" from its needs.`
          );
        }
      });
      const fb = node.on_error?.fallback;
      if (fb !== void 0 && !wf.wasDropped("nodes", fb)) {
        if (!Object.hasOwn(wf.data.nodes, fb)) {
          ctx.report(
            wf.at(["nodes", id, "on_error", "fallback"]),
            `Fallback "${fb}" of node "${id}" is not a node of workflow "${wf.data.name}".${suggestion(fb, nodeIds)}`
          );
        } else if (fb === id) {
          ctx.report(
            wf.at(["nodes", id, "on_error", "fallback"]),
            `Node "${id}" cannot be its own fallback.`
          );
        }
      }
      switch (node.type) {
        case "llm": {
          const prompt = ownName(node.prompt, tenant.name);
          if (prompt !== void 0 && !tenant.prompts.has(prompt) && !tenant.invalid.has(invalidKey("Prompt", prompt))) {
            ctx.report(
              wf.at(["nodes", id, "prompt"]),
              `Prompt "${prompt}" does not exist in tenant "${tenant.name}". Add tenants/${tenant.name}/prompts/${prompt}.yml or fix the name.${suggestion(prompt, tenant.prompts.keys())}`
            );
          }
          checkRoute(ctx, tenant, node.route, () => wf.at(["nodes", id, "route"]));
          node.tools?.allow.forEach((t, i) => {
            tool(t, () => wf.at(["nodes", id, "tools", "allow", i]));
          });
          break;
        }
        case "tool":
          tool(node.tool, () => wf.at(["nodes", id, "tool"]));
          break;
        case "retrieve": {
          const collection = ownName(node.knowledge, tenant.name);
          if (collection !== void 0 && !tenant.knowledge.has(collection)) {
            ctx.report(
              wf.at(["nodes", id, "knowledge"]),
              `Knowledge collection "${collection}" does not exist: add documents under tenants/${tenant.name}/knowledge/${collection}/.${suggestion(collection, tenant.knowledge.keys())}`
            );
          }
          break;
        }
        case "workflow": {
          const name = ownName(node.workflow, tenant.name);
          if (name === void 0) break;
          const sub = tenant.workflows.get(name);
          if (!sub) {
            if (!tenant.invalid.has(invalidKey("Workflow", name))) {
              ctx.report(
                wf.at(["nodes", id, "workflow"]),
                `Workflow "${name}" does not exist in tenant "${tenant.name}".${suggestion(name, tenant.workflows.keys())}`
              );
            }
          } else if (compareSemver(node.version, sub.data.version) > 0) {
            ctx.report(
              wf.at(["nodes", id, "version"]),
              `Workflow "${name}" is at version ${sub.data.version} in this repository; version ${node.version} does not exist yet. Pin ${sub.data.version} or an earlier published version.`
            );
          }
          break;
        }
        default:
          break;
      }
    }
    const models = repo.models?.data;
    for (const tenant of repo.tenants.values()) {
      const routes = tenant.routes;
      if (routes) {
        for (const [name, route] of Object.entries(routes.data.routes)) {
          const ids = route.targets.map((t) => t.id ?? t.model);
          route.targets.forEach((t, i) => {
            if (models && !Object.hasOwn(models.models, t.model) && !repo.models.wasDropped("models", t.model)) {
              ctx.report(
                routes.at(["routes", name, "targets", i, "model"]),
                `Model "${t.model}" is not declared in models.yml.${suggestion(t.model, Object.keys(models.models))}`
              );
            }
          });
          route.conditions.forEach((c, i) => {
            if (!ids.includes(c.target)) {
              ctx.report(
                routes.at(["routes", name, "conditions", i, "target"]),
                `Condition target "${c.target}" is not a target of route "${name}" (targets: ${ids.join(", ")}).${suggestion(c.target, ids)}`
              );
            }
          });
        }
      }
      const config = tenant.config;
      if (config && models) {
        config.data.allow.providers.forEach((p, i) => {
          if (!Object.hasOwn(models.providers, p) && !repo.models.wasDropped("providers", p)) {
            ctx.report(
              config.at(["allow", "providers", i]),
              `Provider "${p}" is not declared in models.yml.${suggestion(p, Object.keys(models.providers))}`
            );
          }
        });
      }
      for (const suite of tenant.all.evals) {
        const target = suite.data.target;
        if ("prompt" in target) {
          const name = ownName(target.prompt, tenant.name);
          if (name !== void 0 && !tenant.prompts.has(name) && !tenant.invalid.has(invalidKey("Prompt", name))) {
            ctx.report(
              suite.at(["target", "prompt"]),
              `Eval suite "${suite.data.name}" targets prompt "${name}", which does not exist in tenant "${tenant.name}".${suggestion(name, tenant.prompts.keys())}`
            );
          }
        } else {
          const name = ownName(target.workflow, tenant.name);
          const wf = name === void 0 ? void 0 : tenant.workflows.get(name);
          if (name !== void 0 && !wf && !tenant.invalid.has(invalidKey("Workflow", name))) {
            ctx.report(
              suite.at(["target", "workflow"]),
              `Eval suite "${suite.data.name}" targets workflow "${name}", which does not exist in tenant "${tenant.name}".${suggestion(name, tenant.workflows.keys())}`
            );
          }
          if (wf) {
            suite.data.cases.forEach((c, i) => {
              for (const nodeId of Object.keys(c.mocks?.approvals ?? {})) {
                const n = wf.data.nodes[nodeId];
                if (wf.wasDropped("nodes", nodeId)) continue;
                if (!Object.hasOwn(wf.data.nodes, nodeId) || n?.type !== "approval") {
                  ctx.report(
                    suite.at(["cases", i, "mocks", "approvals", nodeId], true),
                    `"${nodeId}" is not an approval node of workflow "${wf.data.name}".`
                  );
                }
              }
            });
          }
        }
        suite.data.routes.forEach((r, i) => {
          checkRoute(ctx, tenant, r, () => suite.at(["routes", i]));
        });
        if (suite.data.grader) {
          checkRoute(ctx, tenant, suite.data.grader.route, suite.at(["grader", "route"]));
          if (suite.data.grader.embedding_route !== void 0) {
            checkRoute(
              ctx,
              tenant,
              suite.data.grader.embedding_route,
              suite.at(["grader", "embedding_route"])
            );
          }
        }
        suite.data.cases.forEach((c, i) => {
          for (const t of Object.keys(c.mocks?.tools ?? {}))
            tool(t, suite.at(["cases", i, "mocks", "tools", t], true));
        });
      }
    }
    if (models) {
      for (const [id, model] of Object.entries(models.models)) {
        if (!Object.hasOwn(models.providers, model.provider) && !repo.models.wasDropped("providers", model.provider)) {
          ctx.report(
            repo.models.at(["models", id, "provider"]),
            `Provider "${model.provider}" of model "${id}" is not declared under providers.${suggestion(model.provider, Object.keys(models.providers))}`
          );
        }
      }
    }
    const charter = repo.charter;
    charter?.data.signing.trusted_keys.forEach((k, i) => {
      const path = k.public_key_file.replace(/^\.\//, "");
      if (!repo.allPaths.has(path)) {
        ctx.report(
          charter.at(["signing", "trusted_keys", i, "public_key_file"]),
          `Public key file "${k.public_key_file}" does not exist in the repository. Commit it or fix the path.`
        );
      }
    });
  }
};
function checkRoute(ctx, tenant, ref, at) {
  const name = ownName(ref, tenant.name);
  if (name === void 0) return;
  if (!tenant.routes) {
    if (!tenant.invalid.has(invalidKey("Routes", ""))) {
      ctx.report(
        at,
        `Route "${name}" cannot resolve: tenant "${tenant.name}" has no routes.yml. Add tenants/${tenant.name}/routes.yml.`
      );
    }
    return;
  }
  if (!Object.hasOwn(tenant.routes.data.routes, name) && !tenant.routes.wasDropped("routes", name)) {
    const known = Object.keys(tenant.routes.data.routes);
    ctx.report(
      at,
      `Route "${name}" is not defined in tenants/${tenant.name}/routes.yml.${suggestion(name, known)}`
    );
  }
}
function checkTool(ctx, ref, at) {
  const parsed = parseToolRef(ref);
  if (!parsed) {
    ctx.report(at, `"${ref}" is not a tool reference: write NAMESPACE.TOOL, e.g. crm.lookup_customer.`);
    return;
  }
  const catalog = ctx.repo.tools.get(parsed.namespace);
  if (!catalog) {
    if (!ctx.repo.invalid.has(invalidKey("ToolCatalog", parsed.namespace))) {
      ctx.report(
        at,
        `Tool namespace "${parsed.namespace}" does not exist: add tools/${parsed.namespace}.yml.${suggestion(parsed.namespace, ctx.repo.tools.keys())}`
      );
    }
    return;
  }
  if (!Object.hasOwn(catalog.data.tools, parsed.tool) && !catalog.wasDropped("tools", parsed.tool)) {
    ctx.report(
      at,
      `Tool "${parsed.tool}" is not in catalog "${parsed.namespace}" (tools/${catalog.path.split("/").pop()}).${suggestion(parsed.tool, Object.keys(catalog.data.tools))}`
    );
  }
}

// core/lint/rules/unused-node.ts
var unusedNode = {
  id: "unused-node",
  description: "Nodes without side effects (llm without tools, transform, retrieve) whose result is never used.",
  severity: "warning",
  check(ctx) {
    const read = /* @__PURE__ */ new Map();
    for (const site of ctx.analysis.sites) {
      if (!site.workflow) continue;
      let set = read.get(site.workflow);
      if (!set) {
        set = /* @__PURE__ */ new Set();
        read.set(site.workflow, set);
      }
      for (const ref of site.references) {
        if (ref.path[0] === "nodes" && typeof ref.path[1] === "string") set.add(ref.path[1]);
      }
    }
    for (const tenant of ctx.repo.tenants.values()) {
      for (const wf of tenant.all.workflows) {
        const used = new Set(read.get(wf) ?? []);
        for (const node of Object.values(wf.data.nodes)) {
          for (const n of node.needs) used.add(n);
          if (node.on_error?.fallback !== void 0) used.add(node.on_error.fallback);
        }
        for (const [id, node] of Object.entries(wf.data.nodes)) {
          const pure = node.type === "transform" || node.type === "retrieve" || node.type === "llm" && !node.tools;
          if (!pure || used.has(id)) continue;
          ctx.report(
            wf.at(["nodes", id], true),
            `The result of node "${id}" is never used: no node needs or reads it and no output refers to it. Use it in outputs or remove the node.`
          );
        }
      }
    }
  }
};

// core/lint/rules/version-not-bumped.ts
var withoutVersion = (data) => canonicalJson({ ...data, version: void 0 });
function resolvedContent(repo, tenant, name) {
  const r = resolveWorkflow(repo, tenant, name);
  return r ? resolvedParts(r, canonicalJson) : /* @__PURE__ */ new Map();
}
var versionNotBumped = {
  id: "version-not-bumped",
  description: "Compared with the base ref: a changed workflow or prompt (or anything a workflow's bundle carries: its prompts, routes, models, tools, sub-workflows, knowledge, eval suites, the tenant's budget and allowances) must raise its version.",
  severity: "error",
  needsBase: true,
  check(ctx) {
    const base = ctx.base;
    if (!base) return;
    for (const tenant of ctx.repo.tenants.values()) {
      const before = base.tenants.get(tenant.name);
      if (!before) continue;
      const compare = (head, old, kind, changed) => {
        if (!old) return;
        const order = compareSemver(head.data.version, old.data.version);
        if (order < 0) {
          ctx.report(
            head.at(["version"]),
            `Version of ${kind} "${head.data.name}" went down from ${old.data.version} to ${head.data.version}. Versions only increase: use a version above ${old.data.version}.`
          );
          return;
        }
        if (order > 0) return;
        const reason = changed();
        if (reason) {
          ctx.report(
            head.at(["version"]),
            `${kind[0].toUpperCase()}${kind.slice(1)} "${head.data.name}" changed (${reason}) but its version is still ${head.data.version}. Published versions are immutable: raise the version.`
          );
        }
      };
      for (const prompt of tenant.prompts.values()) {
        const old = before.prompts.get(prompt.data.name);
        compare(
          prompt,
          old,
          "prompt",
          () => old && withoutVersion(old.data) !== withoutVersion(prompt.data) ? "its content" : void 0
        );
      }
      for (const wf of tenant.workflows.values()) {
        const old = before.workflows.get(wf.data.name);
        compare(wf, old, "workflow", () => {
          if (!old) return void 0;
          if (withoutVersion(old.data) !== withoutVersion(wf.data)) return "its definition";
          const now = resolvedContent(ctx.repo, tenant, wf.data.name);
          const then = resolvedContent(base, before, old.data.name);
          const changed = [...now].filter(([k, v]) => then.has(k) && then.get(k) !== v).map(([k]) => k);
          return changed.length > 0 ? `it uses ${changed.join(", ")}, which changed` : void 0;
        });
      }
    }
  }
};

// core/lint/registry.ts
var LOADER_RULES = [
  {
    id: "yaml",
    description: "Files are UTF-8 YAML with one document, no custom tags, no duplicate keys, bounded size, depth and aliases.",
    severity: "error"
  },
  {
    id: "schema",
    description: "Every file matches the schema of its kind (unknown keys are errors, with a suggestion).",
    severity: "error"
  },
  {
    id: "file",
    description: "Files are where their kind belongs; charter.yml, models.yml and each tenant.yml exist; no symlinks.",
    severity: "error"
  }
];
var LINT_RULES = [
  unresolvedRef,
  crossTenant,
  cycle,
  unreachableNode,
  unusedNode,
  expression,
  template,
  templateVars,
  inputs,
  toolNotAllowed,
  modelNotAllowed,
  knowledgeNotAllowed,
  budget,
  secret,
  versionNotBumped,
  duplicateName,
  evalSuite,
  routeStrategy
];
var ALL_RULE_IDS = [...LOADER_RULES, ...LINT_RULES].map((r) => r.id);

// core/diagnostics/diagnostic.ts
var SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };
function compareDiagnostics(a, b) {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}
function summarize(diagnostics, filesChecked) {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const d of diagnostics) {
    if (d.severity === "error") errors++;
    else if (d.severity === "warning") warnings++;
    else infos++;
  }
  return { errors, warnings, infos, files: filesChecked };
}
function dedupe(diagnostics) {
  const seen = /* @__PURE__ */ new Set();
  const out = [];
  for (const d of diagnostics) {
    const key = `${d.file}\0${d.line}\0${d.column}\0${d.rule}\0${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

// core/lint/analysis/analysis.ts
var Analysis = class {
  repo;
  expressions;
  constructor(repo) {
    this.repo = repo;
  }
  collect() {
    this.expressions ??= collectExpressionSites(this.repo);
    return this.expressions;
  }
  get sites() {
    return this.collect().sites;
  }
  get unclosed() {
    return this.collect().unclosed;
  }
};

// core/lint/lint.ts
async function lintRepo(repo, loadDiagnostics, options = {}) {
  const analysis = new Analysis(repo);
  const diagnostics = [...loadDiagnostics];
  const skipped = [];
  for (const rule of options.rules ?? LINT_RULES) {
    if (rule.needsBase && !options.base) {
      skipped.push(rule.id);
      continue;
    }
    const ctx = {
      repo,
      base: options.base,
      analysis,
      report: (where, message, severity) => {
        const at = typeof where === "function" ? where() : where;
        diagnostics.push({
          ...at,
          file: at.file,
          rule: rule.id,
          severity: severity ?? rule.severity,
          message
        });
      }
    };
    try {
      await rule.check(ctx);
    } catch (error) {
      diagnostics.push({
        rule: rule.id,
        severity: "error",
        file: ".",
        line: 1,
        column: 1,
        message: `Internal error in rule ${rule.id}: ${error.message}. This is a Charter bug; please report it.`
      });
    }
  }
  const sorted = dedupe(diagnostics).sort(compareDiagnostics);
  return { diagnostics: sorted, summary: summarize(sorted, repo.paths.length), skipped };
}
async function lintSource(head, base, options = {}) {
  const [loaded, baseLoaded] = await Promise.all([loadRepo(head), base ? loadRepo(base) : void 0]);
  const result = await lintRepo(loaded.repo, loaded.diagnostics, { ...options, base: baseLoaded?.repo });
  return { ...result, repo: loaded.repo };
}
async function lintProject(options) {
  const head = options.ref ? new GitSource(options.dir, options.ref) : new DirectorySource(options.dir);
  const base = options.base ? new GitSource(options.dir, options.base) : void 0;
  return lintSource(head, base);
}

export {
  LOADER_RULES,
  LINT_RULES,
  lintRepo,
  lintProject
};
