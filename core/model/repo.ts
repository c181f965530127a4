/**
 * The typed model of a governed repository: what the linter, diff, evaluator, bundler and runner
 * read. Validated files become entities; files that failed validation are remembered by name so
 * references to them do not cascade into "unresolved" noise.
 */
import type {
  CharterFile,
  EvalSuiteFile,
  FileKind,
  ModelsFile,
  PromptFile,
  RoutesFile,
  TenantFile,
  ToolCatalogFile,
  WorkflowFile,
} from "../../workflows-schema/index.ts";
import type { FileSource } from "../source/file-source.ts";
import type { YamlFile } from "../source/yaml-file.ts";
import type { Entity } from "./entity.ts";

export interface KnowledgeDocument {
  /** Path relative to the repository root. */
  path: string;
  size: number;
}

export interface Tenant {
  name: string;
  /** `tenants/<name>`. */
  dir: string;
  config?: Entity<TenantFile>;
  routes?: Entity<RoutesFile>;
  /** By name; when two files declare the same name, the first by path wins (see `duplicate-name`). */
  prompts: Map<string, Entity<PromptFile>>;
  workflows: Map<string, Entity<WorkflowFile>>;
  evals: Map<string, Entity<EvalSuiteFile>>;
  /** Every entity, including duplicates, in path order. */
  all: {
    prompts: Entity<PromptFile>[];
    workflows: Entity<WorkflowFile>[];
    evals: Entity<EvalSuiteFile>[];
  };
  /** Knowledge collections: directory name under `knowledge/` → documents. */
  knowledge: Map<string, KnowledgeDocument[]>;
  /** Names declared by files that failed validation, as `Kind:name`. */
  invalid: Set<string>;
}

export interface GovernedRepo {
  source: FileSource;
  /** Every YAML file that parsed, by path. */
  files: Map<string, YamlFile>;
  /** Every governed path listed, parsed or not (for counts and diffs). */
  paths: string[];
  /** Every path in the source, governed or not (e.g. key files named by charter.yml). */
  allPaths: Set<string>;
  charter?: Entity<CharterFile>;
  models?: Entity<ModelsFile>;
  /** Tool catalogs by namespace. */
  tools: Map<string, Entity<ToolCatalogFile>>;
  allTools: Entity<ToolCatalogFile>[];
  tenants: Map<string, Tenant>;
  /** `Kind:name` of platform files that failed validation (`Models:`, `ToolCatalog:<ns>`). */
  invalid: Set<string>;
}

export function invalidKey(kind: FileKind, name: string): string {
  return `${kind}:${name}`;
}
