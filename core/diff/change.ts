/**
 * The semantic diff's output: a typed change set. Approvals read the kinds and risks; renderers read
 * the per-workflow structure (nodes and edges with their status).
 */
import type { ChangeKind, RiskLevel, WorkflowFile } from "../../workflows-schema/index.ts";

export type SubjectType =
  | "workflow"
  | "node"
  | "edge"
  | "prompt"
  | "route"
  | "model"
  | "provider"
  | "tool"
  | "tenant"
  | "charter"
  | "eval"
  | "knowledge";

export interface FieldChange {
  /** Dotted path of the field, e.g. `with.text` or `retry.max_attempts`. */
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface Change {
  kind: ChangeKind;
  risk: RiskLevel;
  /** The tenant the change belongs to; absent for platform files (charter.yml, models.yml, tools/). */
  tenant?: string;
  subject: { type: SubjectType; name: string; workflow?: string };
  /** One line a reviewer reads: what changed, in words. */
  summary: string;
  /** The file in head (or in base, for removals). */
  file: string;
  fields?: FieldChange[];
  /** Unified diff of prompt message text. */
  textDiff?: string;
}

export type Status = "added" | "removed" | "changed" | "unchanged";

export interface NodeDiff {
  id: string;
  status: Status;
  type: string;
  fields: FieldChange[];
}

export interface EdgeDiff {
  from: string;
  to: string;
  kind: "needs" | "fallback";
  status: Exclude<Status, "changed">;
  /** The `if` of the target node, shown on the edge. */
  condition?: string;
}

/** Everything a renderer needs to draw one workflow's diff. */
export interface WorkflowDiff {
  tenant: string;
  name: string;
  status: Exclude<Status, "unchanged"> | "renamed";
  /** Previous name, for renames. */
  renamedFrom?: string;
  base?: WorkflowFile;
  head?: WorkflowFile;
  file: string;
  nodes: NodeDiff[];
  edges: EdgeDiff[];
}

export interface ChangeSummary {
  /** Tenant name, or undefined for platform changes. */
  tenant?: string;
  kinds: Partial<Record<ChangeKind, number>>;
  risk: RiskLevel;
  changes: number;
}

export interface ChangeSet {
  changes: Change[];
  workflows: WorkflowDiff[];
  /** One entry per tenant touched, then one for the platform when its files changed. */
  summaries: ChangeSummary[];
  /** The base and head commits, when read from git. */
  base?: string;
  head?: string;
}
