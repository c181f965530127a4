/**
 * Admission: nothing runs until the release passes every check, in order, failing closed —
 * signature by a locally trusted key, payload and predicate types, subject digest, bundle contents
 * (all by `verifyRelease`, which resolves a channel to a digest once and uses only the digest), then
 * the governance record: it names the release asked for, it has not expired (against one start
 * time fixed before any check), it records the approvals its tenant's policy required, the bundle
 * stays inside its tenant, and it is not a rollback (a sequence below the highest this runner has
 * trusted for the workflow is refused unless explicitly allowed).
 */
import type { VerifiedRelease } from "../core/publish/verify-release.ts";
import { type TrustPolicy, verifyRelease } from "../core/publish/verify-release.ts";
import type { Registry } from "../core/registry/types.ts";
import type { GovernancePredicate } from "../core/signing/statement.ts";
import type { RunState } from "./state.ts";

/**
 * The approvals a governance record counts toward its release: counted by the record, on the approved
 * head, not by the pull request's author — one per reviewer id (a reviewer's repeated approvals count once).
 */
export function countedApprovals(g: GovernancePredicate): GovernancePredicate["approvals"] {
  const pr = g.pullRequest;
  const seen = new Set<number>();
  return g.approvals.filter((a) => {
    if (!pr || !a.counted || a.reviewer.id === pr.author.id || a.commit !== pr.approvedHead) return false;
    if (seen.has(a.reviewer.id)) return false;
    seen.add(a.reviewer.id);
    return true;
  });
}

export type RefusalReason =
  | "verification"
  | "wrong-release"
  | "expired"
  | "unapproved"
  | "missing-approvals"
  | "rollback"
  | "sequence-conflict"
  | "cross-tenant";

/** A release the runner will not execute. Nothing has run when this is thrown. */
export class RunRefused extends Error {
  override readonly name = "RunRefused";
  readonly reason: RefusalReason;
  constructor(reason: RefusalReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

export interface AdmitOptions {
  registry: Registry;
  repository: string;
  tenant: string;
  workflow: string;
  /** Version, channel or `sha256:` manifest digest. */
  ref: string;
  trust: TrustPolicy;
  store: RunState;
  /** The start time every time-based check uses. */
  now: Date;
  /** Accept a release older than the newest one this runner has run (a deliberate rollback). */
  allowRollback?: boolean;
  /** Accept releases that record no pull request approvals (local development only). */
  allowUnapproved?: boolean;
}

export interface Admitted {
  verified: VerifiedRelease;
  /** Counted approvals, by reviewer login. */
  approvedBy: string[];
}

export async function admitRelease(o: AdmitOptions): Promise<Admitted> {
  const verified = await verifyRelease(o.registry, o.repository, o.ref, o.trust);
  if (!verified.ok)
    throw new RunRefused(
      "verification",
      `${o.tenant}/${o.workflow}@${o.ref} does not verify: ${verified.reasons.join("; ")}`,
    );
  const g = verified.governance;
  const name = `${o.tenant}/${o.workflow}`;
  if (
    g.name !== name ||
    verified.bundle.index.tenant !== o.tenant ||
    verified.bundle.index.workflow !== o.workflow
  )
    throw new RunRefused(
      "wrong-release",
      `${o.repository}@${o.ref} is a release of ${g.name}, not of ${name}.`,
    );
  if (Date.parse(g.expires) <= o.now.getTime())
    throw new RunRefused(
      "expired",
      `${name} ${g.version} expired at ${g.expires}; publish it again to renew it.`,
    );

  const approvedBy = countedApprovals(g).map((a) => a.reviewer.login);
  if (!o.allowUnapproved) {
    if (!g.pullRequest)
      throw new RunRefused(
        "unapproved",
        `${name} ${g.version} was released from ${g.source.commit.slice(0, 12)} without a pull request: no approvals are recorded.`,
      );
    const required = Math.max(1, g.policy.required ?? 1);
    if (approvedBy.length < required)
      throw new RunRefused(
        "missing-approvals",
        `${name} ${g.version} records ${approvedBy.length} of the ${required} approval(s) its tenant requires${approvedBy.length ? ` (${approvedBy.join(", ")})` : ""}.`,
      );
  }

  for (const path of verified.bundle.files.keys())
    if (
      !path.startsWith(`tenants/${o.tenant}/`) &&
      path !== "charter-bundle.json" &&
      path !== "resolved.json"
    )
      throw new RunRefused(
        "cross-tenant",
        `The bundle of ${name} contains ${path}, outside tenant ${o.tenant}.`,
      );

  const trusted = await o.store.trust(name);
  if (trusted && g.sequence < trusted.sequence && !o.allowRollback)
    throw new RunRefused(
      "rollback",
      `${name} ${g.version} (sequence ${g.sequence}) is older than ${trusted.version} (sequence ${trusted.sequence}), which this runner already ran. Pass --allow-rollback to run it anyway.`,
    );
  if (trusted && g.sequence === trusted.sequence && g.bundle.digest !== trusted.bundleDigest)
    throw new RunRefused(
      "sequence-conflict",
      `${name} sequence ${g.sequence} was ${trusted.bundleDigest} and is now ${g.bundle.digest}: two different releases claim the same place in history.`,
    );
  return { verified, approvedBy };
}
