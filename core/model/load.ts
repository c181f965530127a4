/**
 * load: FileSource → GovernedRepo + diagnostics. Never throws on bad user input; only on a source
 * that cannot be read at all (missing directory, unknown git ref).
 */
import { FILE_KINDS, type FileKind } from "../../workflows-schema/index.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { FileSource, SourceEntry } from "../source/file-source.ts";
import { LIMITS } from "../source/limits.ts";
import { parseYamlFile } from "../source/yaml-file.ts";
import { classifyPath } from "./classify.ts";
import { Entity } from "./entity.ts";
import { type GovernedRepo, invalidKey, type Tenant } from "./repo.ts";
import { validateSalvaging } from "./validate.ts";

/** Keyed collections whose invalid entries can be dropped while the rest of the file is checked. */
const SALVAGEABLE: Partial<Record<FileKind, readonly string[]>> = {
  Workflow: ["nodes"],
  Routes: ["routes"],
  Models: ["providers", "models"],
  ToolCatalog: ["tools"],
};

export interface LoadResult {
  repo: GovernedRepo;
  diagnostics: Diagnostic[];
}

const KNOWLEDGE_EXT = /\.(md|markdown|txt|text|json|html?|csv)$/i;
const TENANT_NAME = /^[a-z][a-z0-9-]{0,62}$/;

function fileDiagnostic(
  file: string,
  message: string,
  severity: Diagnostic["severity"] = "error",
): Diagnostic {
  return { rule: "file", severity, file, line: 1, column: 1, message };
}

function newTenant(name: string): Tenant {
  return {
    name,
    dir: `tenants/${name}`,
    prompts: new Map(),
    workflows: new Map(),
    evals: new Map(),
    all: { prompts: [], workflows: [], evals: [] },
    knowledge: new Map(),
    invalid: new Set(),
  };
}

export async function loadRepo(source: FileSource): Promise<LoadResult> {
  const diagnostics: Diagnostic[] = [];
  let entries: SourceEntry[] = await source.list();
  if (entries.length > LIMITS.maxFiles) {
    diagnostics.push(
      fileDiagnostic(
        ".",
        `The repository has ${entries.length} files; at most ${LIMITS.maxFiles} are read. Move unrelated files out of the governed directory.`,
      ),
    );
    entries = entries.slice(0, LIMITS.maxFiles);
  }

  const repo: GovernedRepo = {
    source,
    files: new Map(),
    paths: [],
    allPaths: new Set(entries.map((e) => e.path)),
    tools: new Map(),
    allTools: [],
    tenants: new Map(),
    invalid: new Set(),
  };
  const tenantOf = (name: string): Tenant => {
    let t = repo.tenants.get(name);
    if (!t) {
      t = newTenant(name);
      repo.tenants.set(name, t);
    }
    return t;
  };

  const yamlFiles: { entry: SourceEntry; kind: FileKind; tenant?: string }[] = [];
  for (const entry of entries) {
    const c = classifyPath(entry.path);
    if (c.type === "ignored") continue;
    repo.paths.push(entry.path);
    const tenantName = "tenant" in c ? c.tenant : undefined;
    if (tenantName !== undefined) {
      if (!TENANT_NAME.test(tenantName)) {
        if (!repo.tenants.has(tenantName)) {
          diagnostics.push(
            fileDiagnostic(
              entry.path,
              `Tenant directory "${tenantName}" is not a valid tenant name: use lower-case letters, digits and hyphens.`,
            ),
          );
        }
      }
      tenantOf(tenantName);
    }
    if (entry.kind !== "file") {
      diagnostics.push(
        fileDiagnostic(
          entry.path,
          `${entry.kind === "symlink" ? "Symbolic links" : "Git submodules"} are not allowed in a governed repository: they can point outside the tenant. Replace it with a regular file.`,
        ),
      );
      continue;
    }
    switch (c.type) {
      case "yaml":
        yamlFiles.push({ entry, kind: c.kind, tenant: c.tenant });
        break;
      case "knowledge": {
        if (entry.size > LIMITS.maxKnowledgeBytes) {
          diagnostics.push(
            fileDiagnostic(
              entry.path,
              `Knowledge document is larger than ${LIMITS.maxKnowledgeBytes / 1024 / 1024} MB; split it.`,
            ),
          );
          break;
        }
        if (!KNOWLEDGE_EXT.test(entry.path)) {
          diagnostics.push(
            fileDiagnostic(
              entry.path,
              "Knowledge documents must be text (.md, .txt, .json, .html, .csv); this file will not be indexed.",
              "warning",
            ),
          );
          break;
        }
        const t = tenantOf(c.tenant);
        const docs = t.knowledge.get(c.collection) ?? [];
        docs.push({ path: entry.path, size: entry.size });
        t.knowledge.set(c.collection, docs);
        break;
      }
      case "stray":
        diagnostics.push(
          fileDiagnostic(entry.path, `Not a governed file, so Charter ignores it. ${c.hint}`, "warning"),
        );
        break;
      case "tenant-dir":
        break;
    }
  }

  const bytes = await source.readMany(yamlFiles.map((f) => f.entry.path));
  for (const { entry, kind, tenant } of yamlFiles) {
    const raw = bytes.get(entry.path);
    if (!raw) continue;
    const parsed = parseYamlFile(entry.path, raw);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.file) repo.files.set(entry.path, parsed.file);
    const declared = declaredName(kind, parsed.value);
    if (!parsed.file || parsed.diagnostics.length > 0) {
      markInvalid(repo, kind, tenant, declared);
      continue;
    }
    const misplaced = misplacedKind(kind, parsed.value);
    if (misplaced) {
      diagnostics.push({
        ...parsed.file.locate(["kind"]),
        rule: "file",
        severity: "error",
        message: misplaced,
      });
      markInvalid(repo, kind, tenant, declared);
      continue;
    }
    const result = validateSalvaging(
      FILE_KINDS[kind].schema as never,
      parsed.value,
      parsed.file,
      SALVAGEABLE[kind] ?? [],
    );
    diagnostics.push(...result.diagnostics);
    if (result.data === undefined) {
      markInvalid(repo, kind, tenant, declared);
      continue;
    }
    const entity = new Entity(result.data as never, parsed.file, result.dropped);
    place(repo, kind, tenant === undefined ? undefined : tenantOf(tenant), entity);
  }

  const hasContent = repo.paths.length > 0;
  if (hasContent && !repo.charter && !repo.invalid.has(invalidKey("Charter", ""))) {
    diagnostics.push(
      fileDiagnostic("charter.yml", "charter.yml is missing. Every governed repository has one at its root."),
    );
  }
  if (hasContent && !repo.models && !repo.invalid.has(invalidKey("Models", ""))) {
    diagnostics.push(
      fileDiagnostic("models.yml", "models.yml is missing. Declare the model providers and prices there."),
    );
  }
  for (const t of repo.tenants.values()) {
    if (!t.config && !t.invalid.has(invalidKey("Tenant", t.name))) {
      diagnostics.push(
        fileDiagnostic(
          `${t.dir}/tenant.yml`,
          `Tenant "${t.name}" has no tenant.yml. Add one with its approvers, budget and allowances.`,
        ),
      );
    }
  }
  return { repo, diagnostics };
}

/** A file of another known kind in this kind's place: say where it belongs rather than "kind must be X". */
function misplacedKind(expected: FileKind, value: unknown): string | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const actual = (value as Record<string, unknown>).kind;
  if (typeof actual !== "string" || actual === expected || !Object.hasOwn(FILE_KINDS, actual))
    return undefined;
  const belongs = FILE_KINDS[actual as FileKind].where;
  return `This is a ${actual} file in the place of ${expected} files (${FILE_KINDS[expected].where}). Move it to ${belongs}, or fix its kind.`;
}

function declaredName(kind: FileKind, value: unknown): string {
  if (kind === "Charter" || kind === "Models" || kind === "Routes") return "";
  if (value === null || typeof value !== "object") return "";
  const v = value as Record<string, unknown>;
  const n = kind === "ToolCatalog" ? v.namespace : v.name;
  return typeof n === "string" ? n : "";
}

function markInvalid(repo: GovernedRepo, kind: FileKind, tenant: string | undefined, name: string): void {
  if (tenant === undefined) {
    repo.invalid.add(invalidKey(kind, name));
    return;
  }
  let t = repo.tenants.get(tenant);
  if (!t) {
    t = newTenant(tenant);
    repo.tenants.set(tenant, t);
  }
  t.invalid.add(invalidKey(kind, kind === "Tenant" ? tenant : name));
}

function place(repo: GovernedRepo, kind: FileKind, tenant: Tenant | undefined, entity: Entity<never>): void {
  const add = <T extends { name: string }>(map: Map<string, Entity<T>>, list: Entity<T>[], e: Entity<T>) => {
    list.push(e);
    if (!map.has(e.data.name)) map.set(e.data.name, e);
  };
  switch (kind) {
    case "Charter":
      repo.charter ??= entity;
      return;
    case "Models":
      repo.models ??= entity;
      return;
    case "ToolCatalog": {
      const e = entity as Entity<{ namespace: string }>;
      repo.allTools.push(e as never);
      if (!repo.tools.has(e.data.namespace)) repo.tools.set(e.data.namespace, e as never);
      return;
    }
    case "Tenant":
      if (tenant) tenant.config ??= entity;
      return;
    case "Routes":
      if (tenant) tenant.routes ??= entity;
      return;
    case "Prompt":
      if (tenant) add(tenant.prompts, tenant.all.prompts, entity);
      return;
    case "Workflow":
      if (tenant) add(tenant.workflows, tenant.all.workflows, entity);
      return;
    case "EvalSuite":
      if (tenant) add(tenant.evals, tenant.all.evals, entity);
      return;
  }
}
