/**
 * Evaluation coverage of a change: which changed nodes, workflows and prompts at least one eval
 * case actually exercised — read from what each run's trace reached (`RunOutcome.exercised`), never
 * from case or suite names. A node behind a condition no case takes, or a fallback no case triggers,
 * stays uncovered however the cases are named.
 */
import type { ChangeSet } from "../diff/change.ts";
import type { Comparison } from "../eval/compare.ts";
import { ownName } from "../lint/walk.ts";

export interface CoverageItem {
  tenant: string;
  /** What changed: a node of a workflow, a workflow's own settings, or a prompt. */
  entity:
    | { type: "node"; workflow: string; node: string }
    | { type: "workflow"; workflow: string }
    | { type: "prompt"; prompt: string };
  /** Why it counts as changed, for the reason a reviewer reads. */
  because: string;
  file: string;
  /** Case keys (tenant/suite/case@route) whose runs exercised it. */
  coveredBy: string[];
}

/** Node statuses that mean the run reached the node (a failed node was exercised too). */
const REACHED = new Set(["succeeded", "failed"]);

export function entityLabel(item: Pick<CoverageItem, "tenant" | "entity">): string {
  const e = item.entity;
  if (e.type === "node") return `${item.tenant}/${e.workflow} › ${e.node}`;
  if (e.type === "workflow") return `${item.tenant}/${e.workflow}`;
  return `${item.tenant}/${e.prompt}`;
}

/** Changed entities a test could exercise: added or changed nodes and prompts, and workflow settings. */
export function changedEntities(set: ChangeSet): CoverageItem[] {
  const items = new Map<string, CoverageItem>();
  const add = (item: Omit<CoverageItem, "coveredBy">) => {
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
          because:
            n.status === "added"
              ? `${n.type} node added`
              : `${n.fields.map((f) => f.path).join(", ")} changed`,
          file: wd.file,
        });
      }
    }
    // A node whose dependencies changed runs at another time, or with other inputs: it changed too.
    for (const e of wd.edges) {
      if (e.status === "unchanged" || e.kind !== "needs" || !Object.hasOwn(head, e.to)) continue;
      add({
        tenant: wd.tenant,
        entity: { type: "node", workflow: wd.name, node: e.to },
        because: `dependency on ${e.from} ${e.status}`,
        file: wd.file,
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
        file: c.file,
      });
    } else if (c.kind === "workflow-changed" || c.kind === "budget-increased") {
      add({
        tenant: c.tenant,
        entity: { type: "workflow", workflow: c.subject.name },
        because: c.kind === "budget-increased" ? "budget raised" : "workflow settings changed",
        file: c.file,
      });
    }
  }
  return [...items.values()];
}

/** What the head runs of a comparison exercised: entity label → the case keys that reached it. */
function exercisedBy(comparison: Comparison): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const mark = (label: string, caseKey: string) => {
    const set = out.get(label) ?? new Set<string>();
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
          // A prompt suite renders and sends exactly its target; a run that got an answer exercised it.
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

/**
 * The changed entities with the cases that exercised each. Suites the change does not affect were
 * not run, and need not be: a suite's fingerprint covers every workflow and prompt it can reach, so
 * a suite that could reach a changed entity is affected and ran on the head.
 */
export function evalCoverage(set: ChangeSet, comparison: Comparison | undefined): CoverageItem[] {
  const reached = comparison ? exercisedBy(comparison) : new Map<string, Set<string>>();
  return changedEntities(set).map((item) => ({
    ...item,
    coveredBy: [...(reached.get(`${item.entity.type}:${entityLabel(item)}`) ?? [])].sort(),
  }));
}
