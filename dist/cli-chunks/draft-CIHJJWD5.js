import {
  callMode
} from "./chunk-5OQKI3IL.js";
import "./chunk-SFYKL4TX.js";
import "./chunk-2YATZ3QT.js";
import {
  evalEnvironment
} from "./chunk-H472RPTT.js";
import {
  RouteError
} from "./chunk-XJTLGLMY.js";
import {
  AI_DRAFTED_LABEL,
  DRAFTED_BY_TRAILER
} from "./chunk-GESYH7RA.js";
import "./chunk-FXXQ7OWI.js";
import "./chunk-DUGSIOLX.js";
import "./chunk-433K37J5.js";
import {
  createGitHubClient,
  githubRepository
} from "./chunk-XB6QFS3Z.js";
import {
  lintRepo
} from "./chunk-YDXCRINK.js";
import "./chunk-4YJBRKOS.js";
import "./chunk-FQ3VYVXV.js";
import "./chunk-SB4OEXEQ.js";
import "./chunk-4NAQYO46.js";
import {
  git,
  runGit
} from "./chunk-6TJ5RCH4.js";
import {
  DirectorySource,
  loadRepo,
  ownName,
  promptFile,
  toolAllowed,
  workflowFile
} from "./chunk-VGNTAH4S.js";
import {
  UserError
} from "./chunk-XC2IMODC.js";

// cli/commands/draft.ts
import { resolve as resolve2 } from "node:path";

// core/drafts/answer-schema.ts
import * as z from "zod";
var draftAnswer = z.strictObject({
  workflow: workflowFile.describe(
    "The workflow file (tenants/TENANT/workflows/NAME.yml), as a JSON object."
  ),
  prompts: z.array(promptFile).max(20).default([]).describe(
    "New or changed prompts the workflow uses (tenants/TENANT/prompts/NAME.yml). Leave out prompts that already exist unchanged."
  ),
  notes: z.string().max(4e3).default("").describe("Anything the reviewer should know: assumptions, open questions.")
}).describe("A drafted workflow and the prompts it needs.");
var cached;
function draftAnswerJsonSchema() {
  cached ??= z.toJSONSchema(draftAnswer, {
    io: "input",
    target: "draft-2020-12",
    unrepresentable: "any"
  });
  return cached;
}

// core/drafts/candidate.ts
import { posix } from "node:path";
import { stringify } from "yaml";
var SAFE_NAME = /^[a-z][a-z0-9-]{0,62}$/;
function answerJson(response) {
  if (response.json !== void 0) return { ok: true, value: response.json };
  const text = response.text.trim().replace(/^```(?:json)?\s*\n?/i, "").replace(/\n?```$/, "");
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const cut = response.finishReason === "length" ? " It was cut off at the token limit: answer more compactly." : "";
    return {
      ok: false,
      problem: `The answer is not valid JSON (${error.message}).${cut} Answer with one JSON object only.`
    };
  }
}
function hostileName(value) {
  if (typeof value !== "string") return void 0;
  if (value.includes("/") || value.includes("\\") || value.includes("..") || value.includes("\0") || /^[A-Za-z]:/.test(value) || value.startsWith("~"))
    return value;
  return void 0;
}
function refusal(value) {
  if (value === null || typeof value !== "object") return void 0;
  const v = value;
  const names = [];
  if (v.workflow && typeof v.workflow === "object") names.push(v.workflow.name);
  if (Array.isArray(v.prompts)) {
    for (const p of v.prompts)
      if (p && typeof p === "object") names.push(p.name);
  }
  for (const n of names) {
    const bad = hostileName(n);
    if (bad !== void 0)
      return `the answer names a file "${bad}", which is a path, not a name: drafts may only add files inside the tenant's workflows/ and prompts/ directories`;
  }
  return void 0;
}
function inside(dir, name) {
  const path = posix.normalize(`${dir}/${name}.yml`);
  if (!SAFE_NAME.test(name) || posix.dirname(path) !== dir)
    throw new Error(`refusing to place "${name}" outside ${dir}`);
  return path;
}
function yamlText(value) {
  return stringify(value, { lineWidth: 0 });
}
function candidateFrom(response, target) {
  const json = answerJson(response);
  if (!json.ok) return { kind: "invalid", problems: [json.problem] };
  const refused = refusal(json.value);
  if (refused) return { kind: "refused", reason: refused };
  const parsed = draftAnswer.safeParse(json.value);
  if (!parsed.success) {
    return {
      kind: "invalid",
      problems: parsed.error.issues.slice(0, 30).map((i) => `${i.path.length ? i.path.join(".") : "(answer)"}: ${i.message}`)
    };
  }
  const raw = json.value;
  const answer = parsed.data;
  const problems = [];
  const workflowsDir = `tenants/${target.tenant}/workflows`;
  const promptsDir = `tenants/${target.tenant}/prompts`;
  const files = [];
  const wf = answer.workflow.name;
  if (target.from) {
    if (wf !== target.from.name)
      problems.push(
        `workflow.name: you are revising workflow "${target.from.name}"; keep its name (got "${wf}").`
      );
    files.push({
      path: target.from.path,
      kind: "workflow",
      name: wf,
      text: yamlText(raw.workflow),
      replaces: true
    });
  } else {
    if (target.workflows.has(wf))
      problems.push(
        `workflow.name: tenant ${target.tenant} already has a workflow "${wf}" (${target.workflows.get(wf)}); choose another name.`
      );
    files.push({
      path: inside(workflowsDir, wf),
      kind: "workflow",
      name: wf,
      text: yamlText(raw.workflow),
      replaces: false
    });
  }
  const seen = /* @__PURE__ */ new Set();
  answer.prompts.forEach((p, i) => {
    if (seen.has(p.name)) {
      problems.push(`prompts.${i}.name: prompt "${p.name}" appears twice; give each prompt once.`);
      return;
    }
    seen.add(p.name);
    const existing = target.prompts.get(p.name);
    const replaceable = existing !== void 0 && target.from?.prompts.has(p.name) === true;
    if (existing !== void 0 && !replaceable) {
      problems.push(
        `prompts.${i}.name: prompt "${p.name}" already exists (${existing}); use it by name without including it, or choose another name for a new prompt.`
      );
      return;
    }
    files.push({
      path: replaceable ? existing : inside(promptsDir, p.name),
      kind: "prompt",
      name: p.name,
      text: yamlText(raw.prompts?.[i]),
      replaces: replaceable
    });
  });
  for (const f of files)
    if (!f.replaces && target.paths.has(f.path))
      problems.push(`${f.kind} "${f.name}": ${f.path} already exists; choose another name.`);
  if (problems.length) return { kind: "invalid", problems };
  return { kind: "ok", files, notes: answer.notes, workflow: wf };
}

// core/source/overlay-source.ts
var OverlaySource = class {
  label;
  commit;
  base;
  files;
  constructor(base, files) {
    this.base = base;
    this.label = `${base.label} (with a draft)`;
    this.files = new Map(Object.entries(files).map(([p, c]) => [p, Buffer.from(c)]));
  }
  async list() {
    const entries = (await this.base.list()).filter((e) => !this.files.has(e.path));
    for (const [path, bytes] of this.files) entries.push({ path, size: bytes.length, kind: "file" });
    return entries.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  }
  async readMany(paths) {
    const fromBase = await this.base.readMany(paths.filter((p) => !this.files.has(p)));
    for (const p of paths) {
      const b = this.files.get(p);
      if (b) fromBase.set(p, b);
    }
    return fromBase;
  }
};

// core/drafts/check.ts
var FOLLOW_UP_RULE = "version-not-bumped";
var key = (d) => `${d.rule}\0${d.file}\0${d.message}`;
async function baselineErrors(original) {
  const result = await lintRepo(original.repo, original.diagnostics, { base: original.repo });
  return new Set(result.diagnostics.filter((d) => d.severity === "error").map(key));
}
async function checkDraft(source, original, baseline, files) {
  const overlay = new OverlaySource(source, Object.fromEntries(files.map((f) => [f.path, f.text])));
  const loaded = await loadRepo(overlay);
  const result = await lintRepo(loaded.repo, loaded.diagnostics, { base: original.repo });
  const own = new Set(files.map((f) => f.path));
  const errors = [];
  const warnings = [];
  for (const d of result.diagnostics) {
    if (d.severity !== "error") {
      if (own.has(d.file)) warnings.push(d);
    } else if (own.has(d.file)) errors.push(d);
    else if (!baseline.has(key(d))) {
      if (d.rule === FOLLOW_UP_RULE) warnings.push({ ...d, severity: "warning" });
      else errors.push(d);
    }
  }
  return { errors, warnings };
}

// core/drafts/request.ts
var INSTRUCTIONS = `You draft workflows for Charter, a governed repository of AI workflows. Answer with one JSON object that matches the given JSON Schema: {"workflow": <a Workflow file>, "prompts": [<Prompt files>], "notes": "<for the reviewer>"}.

Rules:
- apiVersion is "charter/v1"; kinds are "Workflow" and "Prompt". Names are lower-case letters, digits and hyphens.
- A workflow is a DAG of nodes. "needs" lists the ids of nodes that must finish first; every id must exist and there must be no cycle.
- Reference data with expressions: \${{ inputs.NAME }}, \${{ nodes.ID.output }}, \${{ nodes.ID.output.FIELD }}. A node may only read nodes it (transitively) needs.
- An llm node names a prompt (an existing one below, or one you include in "prompts") and a route of this tenant; "with" passes exactly the prompt's declared variables.
- Prompts declare every {{ variable }} their messages use. Use output.format "json" with a schema when later nodes read fields of the output.
- Tool nodes may only call the tools listed below. Put a human "approval" node before any tool that writes.
- Include only new prompts (or, when revising a workflow, prompts you change). Do not repeat existing prompts.
- When revising an existing workflow, keep its name and bump its version.`;
function tenantFacts(repo, tenant) {
  const lines = [`Tenant: ${tenant.name}`];
  const routes = Object.entries(tenant.routes?.data.routes ?? {}).sort(([a], [b]) => a < b ? -1 : 1);
  lines.push(
    "Routes (for llm nodes):",
    ...routes.length ? routes.map(([id, r]) => `- ${id}${r.description ? `: ${r.description}` : ""}`) : ["- (none)"]
  );
  const prompts = [...tenant.prompts.values()].sort((a, b) => a.data.name < b.data.name ? -1 : 1);
  lines.push(
    "Existing prompts (name@version: variables → output):",
    ...prompts.length ? prompts.map((p) => {
      const vars = Object.keys(p.data.variables).sort().join(", ") || "none";
      return `- ${p.data.name}@${p.data.version}: ${vars} → ${p.data.output.format}${p.data.description ? ` (${p.data.description})` : ""}`;
    }) : ["- (none)"]
  );
  const allowed = tenant.config?.data.allow.tools ?? [];
  const tools = [];
  for (const [ns, catalog] of [...repo.tools].sort(([a], [b]) => a < b ? -1 : 1))
    for (const [name, tool] of Object.entries(catalog.data.tools).sort(([a], [b]) => a < b ? -1 : 1)) {
      const ref = `${ns}.${name}`;
      if (!toolAllowed(ref, allowed)) continue;
      const args = Object.keys(tool.input.properties ?? {});
      tools.push(`- ${ref} (${tool.effect}; arguments: ${args.sort().join(", ") || "none"})`);
    }
  lines.push("Tools this tenant may call:", ...tools.length ? tools : ["- (none)"]);
  const knowledge = [...tenant.knowledge.keys()].sort();
  lines.push(`Knowledge collections: ${knowledge.length ? knowledge.join(", ") : "(none)"}`);
  const workflows = [...tenant.workflows.keys()].sort();
  lines.push(`Existing workflows: ${workflows.length ? workflows.join(", ") : "(none)"}`);
  return lines.join("\n");
}
function initialMessages(input) {
  const user = input.from ? `Revise the workflow in ${input.from.path}:

${input.from.text.trimEnd()}

Change requested: ${input.description}` : `Draft a workflow: ${input.description}`;
  return [
    { role: "system", content: `${INSTRUCTIONS}

${tenantFacts(input.repo, input.tenant)}` },
    { role: "user", content: user }
  ];
}
function formatDiagnostic(d) {
  return `${d.file}:${d.line}:${d.column}: ${d.severity} [${d.rule}] ${d.message}`;
}
function repairMessage(problems, files = []) {
  const parts = [];
  if (problems.schema?.length)
    parts.push("Your answer does not match the schema:", ...problems.schema.map((p) => `- ${p}`));
  if (problems.diagnostics?.length) {
    parts.push(
      "Your answer, written as files, fails `charter lint`:",
      ...problems.diagnostics.map((d) => `- ${formatDiagnostic(d)}`),
      "",
      "The files (line numbers as in the diagnostics):"
    );
    for (const f of files) {
      const numbered = f.text.trimEnd().split("\n").map((l, i) => `${String(i + 1).padStart(3)} | ${l}`).join("\n");
      parts.push(`--- ${f.path}`, numbered);
    }
  }
  parts.push("", "Fix every problem and answer again with the complete JSON object.");
  return parts.join("\n");
}

// core/drafts/draft.ts
var DRAFT_MAX_TOKENS = 4096;
var DraftRefusedError = class extends UserError {
  name = "DraftRefusedError";
  constructor(reason) {
    super(`Refused the model's answer: ${reason}. Nothing was written.`, { exitCode: 1 });
  }
};
function resolveTarget(options) {
  const { repo } = options.loaded;
  const tenant = repo.tenants.get(options.tenant);
  if (!tenant?.config) {
    const known = [...repo.tenants.values()].filter((t) => t.config).map((t) => t.name);
    throw new UserError(
      `Tenant "${options.tenant}" does not exist or its tenant.yml is invalid (tenants: ${known.join(", ") || "none"}). Pass --tenant with one of them, or run charter lint.`
    );
  }
  if (!repo.charter)
    throw new UserError("charter.yml is missing or invalid; run charter lint and fix it before drafting.");
  const route = options.route ?? repo.charter.data.drafts.route;
  if (!route)
    throw new UserError(
      "Which route drafts the workflow? Pass --route ROUTE, or set drafts.route in charter.yml."
    );
  const routes = tenant.routes?.data.routes ?? {};
  if (!Object.hasOwn(routes, route))
    throw new UserError(
      `Route "${route}" is not defined in ${tenant.dir}/routes.yml (routes: ${Object.keys(routes).join(", ") || "none"}).`
    );
  if (!repo.models) throw new UserError("models.yml is missing or invalid; run charter lint.");
  const prompts = new Map([...tenant.prompts].map(([n, e]) => [n, e.path]));
  const workflows = new Map([...tenant.workflows].map(([n, e]) => [n, e.path]));
  let from;
  if (options.from !== void 0) {
    const wf = tenant.workflows.get(options.from);
    if (!wf)
      throw new UserError(
        `Workflow "${options.from}" does not exist in tenant ${tenant.name} (workflows: ${[...workflows.keys()].join(", ") || "none"}).`
      );
    const used = /* @__PURE__ */ new Set();
    for (const node of Object.values(wf.data.nodes)) {
      if (node.type !== "llm") continue;
      const own = ownName(node.prompt, tenant.name);
      if (own) used.add(own);
    }
    from = { name: wf.data.name, path: wf.path, prompts: used };
  }
  const target = { tenant: tenant.name, workflows, prompts, paths: repo.allPaths, from };
  const maxRepairs = options.maxRepairs ?? repo.charter.data.drafts.max_repairs;
  return { tenant, route, target, maxRepairs };
}
async function draftWorkflow(options) {
  const { tenant, route, target, maxRepairs } = resolveTarget(options);
  if (!Number.isInteger(maxRepairs) || maxRepairs < 0 || maxRepairs > 10)
    throw new UserError(`--max-repairs must be a whole number from 0 to 10; got ${maxRepairs}.`);
  let fromText;
  if (target.from) {
    const bytes = (await options.source.readMany([target.from.path])).get(target.from.path);
    if (!bytes) throw new UserError(`Cannot read ${target.from.path}.`);
    fromText = { path: target.from.path, text: bytes.toString("utf8") };
  }
  const messages = initialMessages({
    repo: options.loaded.repo,
    tenant,
    description: options.description,
    from: fromText
  });
  const baseline = await baselineErrors(options.loaded);
  const schema = draftAnswerJsonSchema();
  let last = { errors: [], schemaProblems: [] };
  for (let round = 1; round <= maxRepairs + 1; round++) {
    const answer = await options.chat({
      tenant: tenant.name,
      route,
      messages: [...messages],
      params: { max_tokens: DRAFT_MAX_TOKENS, temperature: 0 },
      output: { name: "workflow_draft", schema },
      meta: { metadata: { purpose: "draft" } }
    });
    const said = answer.response.text || JSON.stringify(answer.response.json ?? null);
    messages.push({ role: "assistant", content: said });
    const candidate = candidateFrom(answer.response, target);
    if (candidate.kind === "refused") throw new DraftRefusedError(candidate.reason);
    if (candidate.kind === "invalid") {
      last = { errors: [], schemaProblems: candidate.problems };
      options.onRound?.(round, {
        model: answer.model,
        ok: false,
        schemaProblems: candidate.problems,
        errors: []
      });
      messages.push({ role: "user", content: repairMessage({ schema: candidate.problems }) });
      continue;
    }
    const check = await checkDraft(options.source, options.loaded, baseline, candidate.files);
    options.onRound?.(round, {
      model: answer.model,
      ok: check.errors.length === 0,
      schemaProblems: [],
      errors: check.errors
    });
    if (check.errors.length === 0) {
      return {
        status: "ok",
        tenant: tenant.name,
        workflow: candidate.workflow,
        files: candidate.files,
        notes: candidate.notes,
        warnings: check.warnings,
        rounds: round,
        route,
        model: answer.model
      };
    }
    last = { errors: check.errors, schemaProblems: [] };
    messages.push({ role: "user", content: repairMessage({ diagnostics: check.errors }, candidate.files) });
  }
  return { status: "failed", tenant: tenant.name, rounds: maxRepairs + 1, route, ...last };
}

// core/drafts/pull-request.ts
async function gitContext(dir, remote = "origin") {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(remote))
    throw new UserError(`--remote must be the name of a git remote such as origin; got "${remote}".`);
  const top = await runGit(dir, ["rev-parse", "--show-toplevel"]);
  if (top.code !== 0)
    throw new UserError(
      `--pr needs ${dir} to be inside a git work tree (git rev-parse failed: ${top.stderr.trim()}).`
    );
  const head = await runGit(dir, ["rev-parse", "--verify", "HEAD^{commit}"]);
  if (head.code !== 0)
    throw new UserError("--pr needs a commit to branch from; this repository has none yet.");
  const ident = await runGit(dir, ["var", "GIT_COMMITTER_IDENT"]);
  if (ident.code !== 0)
    throw new UserError(
      `--pr commits as you: set git's user.name and user.email (${ident.stderr.trim().split("\n").at(-1) ?? "git var failed"}).`
    );
  const url = await runGit(dir, ["remote", "get-url", remote]);
  if (url.code !== 0)
    throw new UserError(`--pr pushes the branch to the "${remote}" remote, which is not configured.`);
  return {
    top: top.stdout.toString("utf8").trim(),
    prefix: (await git(dir, ["rev-parse", "--show-prefix"])).toString("utf8").trim(),
    head: head.stdout.toString("utf8").trim(),
    remote
  };
}
async function lsTree(cwd, tree) {
  if (!tree) return [];
  return (await git(cwd, ["ls-tree", "-z", tree])).toString("utf8").split("\0").filter(Boolean).map((line) => {
    const tab = line.indexOf("	");
    const [mode, type, sha] = line.slice(0, tab).split(" ");
    return { mode, type, sha, name: line.slice(tab + 1) };
  });
}
async function withBlobs(cwd, tree, blobs) {
  const entries = new Map((await lsTree(cwd, tree)).map((e) => [e.name, e]));
  const subdirs = /* @__PURE__ */ new Map();
  for (const [path, blob] of blobs) {
    const slash = path.indexOf("/");
    if (slash < 0) {
      entries.set(path, { mode: "100644", type: "blob", sha: blob, name: path });
      continue;
    }
    const dir = path.slice(0, slash);
    if (!subdirs.has(dir)) subdirs.set(dir, /* @__PURE__ */ new Map());
    subdirs.get(dir).set(path.slice(slash + 1), blob);
  }
  for (const [dir, inner] of subdirs) {
    const existing = entries.get(dir);
    if (existing && existing.type !== "tree")
      throw new UserError(`Cannot commit the draft: ${dir} is a file in HEAD, not a directory.`);
    const sha = await withBlobs(cwd, existing?.sha, inner);
    entries.set(dir, { mode: "040000", type: "tree", sha, name: dir });
  }
  const input = [...entries.values()].map((e) => `${e.mode} ${e.type} ${e.sha}	${e.name}\0`).join("");
  return (await git(cwd, ["mktree", "-z"], input)).toString("utf8").trim();
}
var BRANCH = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
async function commitAndPush(ctx, branch, files, message) {
  if (!BRANCH.test(branch) || branch.includes("..") || branch.endsWith(".lock") || branch.endsWith("/"))
    throw new UserError(`"${branch}" is not a usable branch name.`);
  const blobs = /* @__PURE__ */ new Map();
  for (const f of files) {
    const blob = (await git(ctx.top, ["hash-object", "-w", "--stdin"], f.text)).toString("utf8").trim();
    blobs.set(`${ctx.prefix}${f.path}`, blob);
  }
  const baseTree = (await git(ctx.top, ["rev-parse", `${ctx.head}^{tree}`])).toString("utf8").trim();
  const tree = await withBlobs(ctx.top, baseTree, blobs);
  const commit = (await git(ctx.top, ["commit-tree", tree, "-p", ctx.head, "-F", "-"], message)).toString("utf8").trim();
  const created = await runGit(ctx.top, ["update-ref", `refs/heads/${branch}`, commit, ""]);
  if (created.code !== 0)
    throw new UserError(`Branch ${branch} already exists; delete it or draft under another workflow name.`, {
      exitCode: 1
    });
  const pushed = await runGit(ctx.top, [
    "push",
    "--porcelain",
    ctx.remote,
    `refs/heads/${branch}:refs/heads/${branch}`
  ]);
  if (pushed.code !== 0)
    throw new UserError(
      `git push of ${branch} to ${ctx.remote} failed: ${pushed.stderr.trim()}. The commit is on the local branch ${branch}.`,
      { exitCode: 1 }
    );
  return { branch, commit };
}
async function openDraftPullRequest(api, target, pr) {
  try {
    const base = pr.base ?? (await api.rest.repos.get(target)).data.default_branch;
    const created = await api.rest.pulls.create({
      ...target,
      head: pr.branch,
      base,
      title: pr.title,
      body: pr.body,
      draft: true
    });
    const opened = { number: created.data.number, url: created.data.html_url, base };
    try {
      await api.rest.issues.addLabels({
        ...target,
        issue_number: created.data.number,
        labels: [AI_DRAFTED_LABEL]
      });
      return opened;
    } catch (error) {
      return { ...opened, labelError: error.message };
    }
  } catch (error) {
    const status = error.status;
    throw new UserError(
      `GitHub API error${status ? ` ${status}` : ""} while opening the pull request for ${pr.branch}: ${error.message}. The branch is pushed; open the pull request by hand, as a draft, labelled ${AI_DRAFTED_LABEL}.`,
      { exitCode: 1, cause: error }
    );
  }
}

// core/drafts/write-files.ts
import { randomBytes } from "node:crypto";
import { link, lstat, mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
async function exists(path) {
  return await lstat(path).catch(() => void 0) !== void 0;
}
async function refuseLinkedPath(base, dest, shown) {
  let at = base;
  for (const part of relative(base, dest).split(sep)) {
    at = join(at, part);
    const stat = await lstat(at).catch(() => void 0);
    if (!stat) return;
    if (stat.isSymbolicLink())
      throw new UserError(
        `Refusing to write ${shown}: ${relative(base, at)} is a symbolic link. Nothing was written.`,
        { exitCode: 1 }
      );
  }
}
async function writeDraftFiles(root, files) {
  const base = resolve(root);
  const plan = files.map((f) => {
    const dest = resolve(base, f.path);
    const rel = relative(base, dest);
    if (rel.startsWith("..") || rel.split(sep).includes("..") || resolve(base, rel) !== dest || !f.path.startsWith("tenants/"))
      throw new UserError(`Refusing to write ${f.path}: it is outside the tenant directory.`, {
        exitCode: 1
      });
    return {
      file: f,
      dest,
      tmp: join(dirname(dest), `.${randomBytes(6).toString("hex")}.charter-draft.tmp`)
    };
  });
  for (const p of plan) {
    await refuseLinkedPath(base, p.dest, p.file.path);
    const present = await exists(p.dest);
    if (present && !p.file.replaces)
      throw new UserError(
        `${p.file.path} already exists; charter draft only replaces the files of the workflow named by --from. Nothing was written.`,
        { exitCode: 1 }
      );
  }
  const temps = [];
  const placed = [];
  const replaced = [];
  try {
    for (const p of plan) {
      await mkdir(dirname(p.dest), { recursive: true });
      await writeFile(p.tmp, p.file.text, { flag: "wx" });
      temps.push(p.tmp);
    }
    for (const p of plan.filter((x) => !x.file.replaces)) {
      await link(p.tmp, p.dest);
      placed.push(p.dest);
    }
    for (const p of plan.filter((x) => x.file.replaces)) {
      const before = await readFile(p.dest).catch(() => void 0);
      await rename(p.tmp, p.dest);
      replaced.push({ dest: p.dest, before });
    }
  } catch (error) {
    for (const dest of placed) await unlink(dest).catch(() => {
    });
    for (const r of replaced.reverse()) {
      if (r.before === void 0) await unlink(r.dest).catch(() => {
      });
      else await writeFile(r.dest, r.before).catch(() => {
      });
    }
    throw new UserError(`Could not write the draft (${error.message}); nothing was written.`, {
      exitCode: 1,
      cause: error
    });
  } finally {
    for (const t of temps) await unlink(t).catch(() => {
    });
  }
  return plan.map((p) => p.file.path);
}

// cli/commands/draft.ts
var plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
function parseMaxRepairs(value) {
  if (value === void 0) return void 0;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 10)
    throw new UserError(`--max-repairs must be a whole number from 0 to 10; got "${value}".`);
  return n;
}
async function draftCommand(description, dirArg, options, io) {
  if (!description.trim())
    throw new UserError('Describe the workflow to draft: charter draft "DESCRIPTION" --tenant T.');
  const mode = callMode(options);
  const maxRepairs = parseMaxRepairs(options.maxRepairs);
  if (options.pr && options.dryRun) throw new UserError("--pr and --dry-run cannot be combined.");
  const dir = resolve2(io.cwd, dirArg);
  let pr;
  if (options.pr) {
    const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
    if (!token)
      throw new UserError(
        "charter draft --pr needs a GitHub token in GITHUB_TOKEN or GH_TOKEN (contents and pull requests: write). Nothing was drafted."
      );
    const git2 = await gitContext(dir, options.remote);
    pr = { token, git: git2, target: await githubRepository(options.repo, { ...io, cwd: dir }) };
  }
  const source = new DirectorySource(dir);
  const loaded = await loadRepo(source);
  if (!loaded.repo.models) throw new UserError("models.yml is missing or invalid; run charter lint.");
  const env = evalEnvironment({
    repo: loaded.repo,
    mode,
    env: io.env,
    cassetteSources: [source],
    recordRoot: dir
  });
  let result;
  try {
    result = await draftWorkflow({
      source,
      loaded,
      tenant: options.tenant,
      description,
      from: options.from,
      route: options.route,
      maxRepairs,
      chat: (call) => env.router.chat(call),
      onRound: (round, outcome) => {
        if (outcome.ok) return;
        const what = outcome.schemaProblems.length ? `${plural(outcome.schemaProblems.length, "schema problem")}` : `${plural(outcome.errors.length, "lint error")}`;
        const shown = [
          ...outcome.schemaProblems.slice(0, 5),
          ...outcome.errors.slice(0, 5).map((d) => formatDiagnostic(d))
        ];
        io.stderr(
          `round ${round} (${outcome.model}): ${what}, sent back for repair
${shown.map((l) => `  ${l}
`).join("")}`
        );
      }
    });
  } catch (error) {
    if (error instanceof RouteError)
      throw new UserError(
        `The drafting route failed: ${error.message.replace(/\.$/, "").replace("charter eval --record", "--record")}. Nothing was written.`,
        {
          exitCode: 1,
          cause: error
        }
      );
    throw error;
  } finally {
    await env.caller.flush();
  }
  if (result.status === "failed") {
    const lines = [
      ...result.schemaProblems.map((p) => `  ${p}`),
      ...result.errors.map((d) => `  ${formatDiagnostic(d)}`)
    ];
    io.stderr(
      `✖ the draft still fails after ${plural(result.rounds - 1, "repair round")} (route ${result.route}); nothing was written:
${lines.join("\n")}
`
    );
    return 1;
  }
  const via = `route ${result.route} (${result.model})`;
  const rounds = `${plural(result.rounds, "round")}${result.rounds > 1 ? `, ${plural(result.rounds - 1, "repair")}` : ""}`;
  const warnings = result.warnings.map((d) => `  ${formatDiagnostic(d)}
`).join("");
  const notes = result.notes ? `notes from the model: ${result.notes}
` : "";
  if (options.dryRun) {
    const shown = result.files.map((f) => `--- ${f.path}${f.replaces ? " (replaces)" : " (new)"}
${f.text}`).join("");
    io.stdout(
      `${shown}✔ drafted ${result.tenant}/${result.workflow} in ${rounds} via ${via}; dry run, nothing written
${warnings}${notes}`
    );
    return 0;
  }
  const drafted = `✔ drafted ${result.tenant}/${result.workflow} in ${rounds} via ${via}
`;
  if (!pr) {
    const written = await writeDraftFiles(dir, result.files);
    io.stdout(
      `${drafted}${written.map((p) => `  wrote ${p}
`).join("")}${warnings}${notes}Next: review the files, run \`charter lint\` and \`charter eval\`, and open a pull request (or draft again with --pr). Nothing is published until it is merged under the approvals policy.
`
    );
    return 0;
  }
  const draftedBy = `${result.route}/${result.model}`;
  const branch = `charter-draft/${result.tenant}/${result.workflow}`;
  const message = `Draft workflow ${result.tenant}/${result.workflow} (AI-drafted)

${description.trim()}

${DRAFTED_BY_TRAILER}: ${draftedBy}
`;
  const committed = await commitAndPush(pr.git, branch, result.files, message);
  const api = await createGitHubClient(pr.token, { env: io.env });
  const body = [
    `AI-drafted with \`charter draft\` via route \`${result.route}\` (model \`${result.model}\`) in ${rounds}.`,
    "",
    `> ${description.trim()}`,
    "",
    "Files:",
    ...result.files.map((f) => `- \`${f.path}\`${f.replaces ? " (revised)" : " (new)"}`),
    ...result.notes ? ["", "Notes from the model:", "", result.notes] : [],
    "",
    "This is a draft: it goes through lint, evaluation, diff and the approvals policy like any change, and AI-drafted changes may need extra human approvals (charter.yml `drafts.extra_approvals`)."
  ].join("\n");
  const opened = await openDraftPullRequest(api, pr.target, {
    branch,
    base: options.base,
    title: `Draft: ${result.tenant}/${result.workflow} (AI-drafted)`,
    body
  });
  io.stdout(
    `${drafted}${result.files.map((f) => `  committed ${f.path}
`).join("")}${warnings}${notes}  commit ${committed.commit.slice(0, 12)} on branch ${branch} (${DRAFTED_BY_TRAILER}: ${draftedBy}), pushed to ${pr.git.remote}
  opened draft pull request #${opened.number} into ${opened.base}: ${opened.url}
Your checkout is unchanged; \`git switch ${branch}\` to work on the draft. It is published only once merged under the approvals policy.
`
  );
  if (opened.labelError) {
    io.stderr(
      `warning: could not add the ${AI_DRAFTED_LABEL} label (${opened.labelError}); the commit's ${DRAFTED_BY_TRAILER} trailer still marks it as AI-drafted.
`
    );
  }
  return 0;
}
export {
  draftCommand
};
