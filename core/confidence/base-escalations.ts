/**
 * The escalations a change raises under its base's approval policy, computed without GitHub: which
 * security changes some escalation covers at all. Escalations depend only on the semantic changes,
 * not on who reviewed, so the Action can know them even though it only reads the approvals check's
 * conclusion.
 */
import { approvalPolicy } from "../approvals/policy.ts";
import { type Requirement, requirementsFor } from "../approvals/requirements.ts";
import type { ChangeSet } from "../diff/change.ts";
import { git } from "../git/run-git.ts";
import type { LoadResult } from "../model/load.ts";

/** Undefined when the base policy is invalid (then the approvals themselves fail closed). */
export async function baseEscalations(
  dir: string,
  base: string,
  /** The base, already loaded (by the diff) from the same commit. */
  loaded: LoadResult,
  changeSet: ChangeSet,
): Promise<Requirement[] | undefined> {
  const [sha, prefix] = await Promise.all([
    git(dir, ["rev-parse", `${base}^{commit}`]).then((b) => b.toString("utf8").trim()),
    git(dir, ["rev-parse", "--show-prefix"]).then((b) => b.toString("utf8").trim().replace(/\/$/, "")),
  ]);
  const policy = approvalPolicy(loaded, sha, prefix);
  if (!policy.ok) return undefined;
  const facts = changeSet.changes.map((c) => ({
    kind: c.kind,
    ...(c.tenant === undefined ? {} : { tenant: c.tenant }),
    summary: c.summary,
    file: c.file,
  }));
  return requirementsFor(policy.policy, [], facts).requirements.filter((r) => r.id.startsWith("escalation:"));
}
