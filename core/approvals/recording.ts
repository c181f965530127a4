/**
 * A recorded pull request: the facts and identities an evaluation used, and the policy files from
 * its base commit. `charter approvals --pr N --record FILE` writes one; `--simulate FILE` evaluates it
 * again offline, optionally under another policy (to try a policy change before merging it).
 */
import * as z from "zod";
import { CHANGE_KINDS } from "../../workflows-schema/index.ts";
import { UserError } from "../errors.ts";
import { loadRepo } from "../model/load.ts";
import { MemorySource } from "../source/memory-source.ts";
import type { Directory, PullRequestFacts } from "./facts.ts";
import { approvalPolicy, type PolicyResult } from "./policy.ts";

export const RECORDING_FORMAT = "charter-approvals-recording/v1";

const actor = z.object({ id: z.int(), login: z.string(), type: z.string() });
const person = z.object({
  name: z.string().nullable(),
  email: z.string().nullable(),
  user: actor.nullable(),
});

const facts = z.object({
  repository: z.string(),
  number: z.int(),
  state: z.string(),
  draft: z.boolean(),
  author: actor.nullable(),
  baseRef: z.string(),
  baseSha: z.string(),
  headSha: z.string(),
  mergeBaseSha: z.string().optional(),
  fromFork: z.boolean(),
  changedFiles: z.int(),
  paths: z.array(z.string()),
  commits: z.array(
    z.object({ sha: z.string(), author: person, committer: person, message: z.string().optional() }),
  ),
  totalCommits: z.int(),
  reviews: z.array(
    z.object({
      id: z.int(),
      author: actor.nullable(),
      state: z.string(),
      commitId: z.string().nullable(),
      submittedAt: z.string().nullable(),
    }),
  ),
  pushers: z.array(actor),
  headPushedAt: z.string().optional(),
  changes: z.array(
    z.object({
      kind: z.enum(CHANGE_KINDS),
      tenant: z.string().optional(),
      summary: z.string(),
      file: z.string(),
    }),
  ),
  requestedReviewers: z.object({ users: z.array(z.string()), teams: z.array(z.string()) }),
  // Absent in recordings made before AI-drafted checks: they then fail closed (treated as drafted).
  labels: z.array(z.string()).optional(),
});

const recording = z.object({
  format: z.literal(RECORDING_FORMAT),
  facts,
  directory: z.object({
    users: z.record(z.string(), z.int().nullable()),
    teams: z.record(
      z.string(),
      z.union([z.object({ members: z.array(z.int()) }), z.object({ error: z.string() })]),
    ),
  }),
  policy: z.object({ sha: z.string(), root: z.string(), files: z.record(z.string(), z.string()) }),
});

export type ApprovalRecording = z.infer<typeof recording>;

/** Policy files worth recording: charter.yml and every tenant.yml. */
export const POLICY_FILE = /^(?:charter\.ya?ml|tenants\/[^/]+\/tenant\.ya?ml)$/;

export function makeRecording(
  f: PullRequestFacts,
  directory: Directory,
  policy: { sha: string; root: string; files: Record<string, string> },
): ApprovalRecording {
  return { format: RECORDING_FORMAT, facts: f, directory, policy };
}

/** Parses a recording, saying what is wrong with it (it may have been edited by hand). */
export function parseRecording(text: string, file: string): ApprovalRecording {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `${file} is not JSON (${(error as Error).message}). Record one with charter approvals --pr N --record ${file}.`,
    );
  }
  const parsed = recording.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(
      `${file} is not an approvals recording: ${issue.path.join(".") || "(root)"}: ${issue.message}. Record one with charter approvals --pr N --record ${file}.`,
    );
  }
  return parsed.data;
}

/** The recorded policy, evaluated exactly as the base commit's. */
export async function recordedPolicy(rec: ApprovalRecording): Promise<PolicyResult> {
  const load = await loadRepo(
    new MemorySource(rec.policy.files, `${rec.policy.sha.slice(0, 12)} (recorded)`),
  );
  return approvalPolicy(load, rec.policy.sha, rec.policy.root);
}
