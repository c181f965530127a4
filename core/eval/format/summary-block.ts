/**
 * A machine-readable copy of the PR evaluation, hidden in the sticky eval comment, so the publish
 * step can record in the release's provenance what the evaluation said about the merged head —
 * through the GitHub API alone, after the fact. Base64 JSON inside an HTML comment: nothing in it
 * can close the comment or render.
 */
import * as z from "zod";
import type { Comparison } from "../compare.ts";

const PREFIX = "<!-- charter:eval-summary ";

const suite = z.strictObject({
  suite: z.string(),
  passRate: z.number().min(0).max(1).nullable(),
  passed: z.boolean(),
  regressions: z.int().min(0),
  cases: z.int().min(0),
});
export const evalSummarySchema = z.strictObject({
  v: z.literal(1),
  /** The pull request head commit the evaluation ran on. */
  head: z.string().regex(/^[0-9a-f]{40}$/),
  conclusion: z.enum(["success", "failure"]),
  suites: z.array(suite),
});
export type EvalSummary = z.infer<typeof evalSummarySchema>;

export function evalSummary(cmp: Comparison, head: string): EvalSummary {
  return {
    v: 1,
    head,
    conclusion: cmp.conclusion,
    suites: cmp.suites.map((s) => ({
      suite: `${s.tenant}/${s.name}`,
      passRate: s.head ? s.head.passRate : null,
      passed: s.head ? s.head.passed : true,
      regressions: s.regressions,
      cases: s.head ? s.head.cases.length : 0,
    })),
  };
}

export function evalSummaryBlock(summary: EvalSummary): string {
  return `${PREFIX}${Buffer.from(JSON.stringify(summary)).toString("base64")} -->`;
}

/** The summary hidden in a comment body, or undefined when there is none or it does not validate. */
export function readEvalSummary(body: string): EvalSummary | undefined {
  const start = body.indexOf(PREFIX);
  if (start < 0) return undefined;
  const end = body.indexOf(" -->", start + PREFIX.length);
  if (end < 0) return undefined;
  const b64 = body.slice(start + PREFIX.length, end);
  if (!/^[A-Za-z0-9+/=]*$/.test(b64) || b64.length > 200_000) return undefined;
  try {
    const parsed = evalSummarySchema.safeParse(JSON.parse(Buffer.from(b64, "base64").toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
