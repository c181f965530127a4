import type { ChangeKind } from "../../workflows-schema/index.ts";
import type { GovernedRepo } from "../model/repo.ts";
import type { Change, WorkflowDiff } from "./change.ts";
import { riskOf } from "./kinds.ts";

/** Collects changes; risk comes from the base's charter, so a change cannot lower its own risk. */
export class DiffContext {
  readonly base: GovernedRepo;
  readonly head: GovernedRepo;
  readonly changes: Change[] = [];
  readonly workflows: WorkflowDiff[] = [];

  constructor(base: GovernedRepo, head: GovernedRepo) {
    this.base = base;
    this.head = head;
  }

  add(change: Omit<Change, "risk"> & { kind: ChangeKind }): void {
    this.changes.push({ ...change, risk: riskOf(change.kind, this.base) });
  }
}
