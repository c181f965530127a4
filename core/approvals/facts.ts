/**
 * What the approvals engine knows about a pull request: plain data, gathered from GitHub by the app
 * or the CLI, or read back from a recording. Users are identified by numeric id throughout; logins
 * are only for display (they can be renamed and re-claimed by someone else).
 */
import type { ChangeKind } from "../../workflows-schema/index.ts";

export interface Actor {
  id: number;
  login: string;
  /** GitHub's account type: `User`, `Bot`, `Organization`, `Mannequin`. */
  type: string;
}

/** Review states GitHub reports. Anything else makes the decision fail closed. */
export const REVIEW_STATES = ["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING"] as const;

export interface ReviewFact {
  id: number;
  /** Null for deleted accounts ("ghost"). */
  author: Actor | null;
  state: string;
  /** The commit the review was submitted on. */
  commitId: string | null;
  submittedAt: string | null;
}

export interface CommitPerson {
  name: string | null;
  email: string | null;
  /** The GitHub account the email belongs to; null when it maps to none. */
  user: Actor | null;
}

export interface CommitFact {
  sha: string;
  author: CommitPerson;
  committer: CommitPerson;
  /** The full commit message (for the `Charter-Drafted-By:` trailer); absent when it was not read. */
  message?: string;
}

/** One change from the semantic diff (merge base → head). */
export interface ChangeFact {
  kind: ChangeKind;
  tenant?: string;
  summary: string;
  file: string;
}

export interface PullRequestFacts {
  /** `owner/name`. */
  repository: string;
  number: number;
  state: string;
  draft: boolean;
  author: Actor | null;
  baseRef: string;
  baseSha: string;
  headSha: string;
  /** The commit the PR branched from; the diff and the changed paths are taken against it. */
  mergeBaseSha?: string;
  /** Whether the head comes from a fork. */
  fromFork: boolean;
  /** GitHub's count of changed files (its file list stops at 3,000). */
  changedFiles: number;
  /** Every path added, removed or modified (both sides of a rename), relative to the repository root. */
  paths: string[];
  commits: CommitFact[];
  /** GitHub's count of commits (its commit list stops at 250). */
  totalCommits: number;
  reviews: ReviewFact[];
  /** Who pushed to the PR, as observed from webhooks (the author's pushes included). */
  pushers: Actor[];
  /** When the current head was pushed (from the synchronize event), if observed. */
  headPushedAt?: string;
  /** Changes the semantic diff found, with the tenant each belongs to. */
  changes: ChangeFact[];
  /** The pull request's label names; absent when they were not read (AI-drafted checks then fail closed). */
  labels?: string[];
  /** Reviews already requested, so the app does not ask twice. */
  requestedReviewers: { users: string[]; teams: string[] };
}

/**
 * Identities resolved through the API at evaluation time: logins of `user:LOGIN` approvers (no id
 * in the policy) and members of every team the policy names. Fresh on every evaluation.
 */
export interface Directory {
  /** Lower-cased login → numeric id, or null when no such user exists. */
  users: Record<string, number | null>;
  /** Lower-cased `org/slug` → active member ids, or why they could not be read. */
  teams: Record<string, { members: number[] } | { error: string }>;
}
