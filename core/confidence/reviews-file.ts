/**
 * `--reviews FILE`: what GitHub would report about a pull request (its author, the accounts commit
 * emails map to, the reviews, the members of the teams the policy names), for judging approvals on
 * a local repository. The shape of examples/acme-pr/github.json. Invalid files are refused, not guessed at.
 */
import * as z from "zod";
import type { GitHubSide } from "../approvals/local-evaluation.ts";
import { UserError } from "../errors.ts";

const actor = z.strictObject({
  id: z.int().positive(),
  login: z.string().min(1),
  type: z.string().min(1).default("User"),
});

const reviewsFile = z.object({
  author: actor,
  emails: z.record(z.string(), actor).default({}),
  reviews: z.array(z.strictObject({ user: actor, state: z.string().min(1) })).default([]),
  directory: z
    .strictObject({
      users: z.record(z.string(), z.int().positive().nullable()).default({}),
      teams: z
        .record(
          z.string(),
          z.union([
            z.strictObject({ members: z.array(z.int().positive()) }),
            z.strictObject({ error: z.string() }),
          ]),
        )
        .default({}),
    })
    .default({ users: {}, teams: {} }),
});

export function parseReviewsFile(text: string, name: string): GitHubSide {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${name} is not valid JSON (${(error as Error).message}).`);
  }
  const parsed = reviewsFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(
      `${name}: ${issue.path.join(".") || "(top level)"}: ${issue.message}. See examples/acme-pr/github.json for the shape.`,
    );
  }
  return parsed.data;
}
