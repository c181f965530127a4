/**
 * Fixtures for the approvals engine: a two-tenant policy, people with numeric ids, and builders for
 * pull request facts and reviews.
 */
import type { Actor, Directory, PullRequestFacts, ReviewFact } from "../../core/approvals/facts.ts";
import { approvalPolicy, type PolicyResult } from "../../core/approvals/policy.ts";
import { loadRepo } from "../../core/model/load.ts";
import { MemorySource } from "../../core/source/memory-source.ts";
import type { Tree } from "./tree.ts";

export const BASE_SHA = "b".repeat(40);
export const HEAD_SHA = "1".repeat(40);
export const OLD_HEAD_SHA = "0".repeat(40);

export const people = {
  author: { id: 1, login: "pat-author", type: "User" },
  alice: { id: 1001, login: "alice-support", type: "User" },
  sam: { id: 1002, login: "sam-support", type: "User" },
  lead: { id: 1003, login: "lee-lead", type: "User" },
  frank: { id: 2001, login: "frank-finance", type: "User" },
  gov: { id: 3001, login: "gwen-gov", type: "User" },
  sec: { id: 4001, login: "sid-security", type: "User" },
  mallory: { id: 6666, login: "mallory", type: "User" },
  renovate: { id: 29139614, login: "renovate[bot]", type: "Bot" },
  actions: { id: 41898282, login: "github-actions[bot]", type: "Bot" },
} satisfies Record<string, Actor>;

export const CHARTER_YML = `apiVersion: charter/v1
kind: Charter
name: acme
governance:
  owners: [team:acme/governance]
  request_reviews: true
risk:
  escalations:
    - kinds: [approval-removed]
      approvers: [team:acme/security]
`;

export const SUPPORT_TENANT = `apiVersion: charter/v1
kind: Tenant
name: support
approvals:
  required: 1
  approvers:
    - { user: alice-support, id: 1001 }
    - user:sam-support
    - team:acme/support-leads
  escalations:
    - kinds: [tool-write, budget-increased]
      approvers: [team:acme/support-leads]
  allow_bots: ["renovate[bot]"]
budget: { max_usd_per_run: 1 }
allow: { providers: [openai], models: ["*"] }
`;

export const FINANCE_TENANT = `apiVersion: charter/v1
kind: Tenant
name: finance
approvals:
  required: 1
  approvers: [user:frank-finance]
budget: { max_usd_per_run: 1 }
allow: { providers: [openai], models: ["*"] }
`;

export function policyTree(extra: Tree = {}): Tree {
  return {
    "charter.yml": CHARTER_YML,
    "tenants/support/tenant.yml": SUPPORT_TENANT,
    "tenants/finance/tenant.yml": FINANCE_TENANT,
    ...extra,
  };
}

/** Loads a policy the way the app does: from the base commit's files. */
export async function policyFrom(tree: Tree, root = ""): Promise<PolicyResult> {
  const files: Record<string, string> = {};
  for (const [p, c] of Object.entries(tree)) if (typeof c === "string") files[p] = c;
  return approvalPolicy(await loadRepo(new MemorySource(files)), BASE_SHA, root);
}

/** Everyone resolves: sam by login, team members as listed. */
export function directory(overrides: Partial<Directory> = {}): Directory {
  return {
    users: { "sam-support": people.sam.id, "frank-finance": people.frank.id, ...overrides.users },
    teams: {
      "acme/support-leads": { members: [people.lead.id] },
      "acme/governance": { members: [people.gov.id] },
      "acme/security": { members: [people.sec.id] },
      ...overrides.teams,
    },
  };
}

let nextReview = 100;

export function review(
  author: Actor,
  state: string,
  options: { commit?: string; at?: string } = {},
): ReviewFact {
  nextReview++;
  return {
    id: nextReview,
    author,
    state,
    commitId: options.commit ?? HEAD_SHA,
    submittedAt: options.at ?? new Date(Date.UTC(2026, 10, 25, 12, 0, nextReview % 60)).toISOString(),
  };
}

export function prFacts(overrides: Partial<PullRequestFacts> = {}): PullRequestFacts {
  return {
    repository: "acme/ai",
    number: 7,
    state: "OPEN",
    draft: false,
    author: people.author,
    baseRef: "main",
    baseSha: BASE_SHA,
    headSha: HEAD_SHA,
    fromFork: false,
    changedFiles: overrides.paths?.length ?? 1,
    paths: ["tenants/support/prompts/classify.yml"],
    commits: [
      {
        sha: HEAD_SHA,
        author: { name: "Pat", email: "pat@acme.test", user: people.author },
        committer: { name: "Pat", email: "pat@acme.test", user: people.author },
      },
    ],
    totalCommits: 1,
    reviews: [],
    pushers: [people.author],
    changes: [],
    requestedReviewers: { users: [], teams: [] },
    ...overrides,
  };
}
