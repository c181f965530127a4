// core/eval/format/summary-block.ts
import * as z from "zod";
var PREFIX = "<!-- charter:eval-summary ";
var suite = z.strictObject({
  suite: z.string(),
  passRate: z.number().min(0).max(1).nullable(),
  passed: z.boolean(),
  regressions: z.int().min(0),
  cases: z.int().min(0)
});
var evalSummarySchema = z.strictObject({
  v: z.literal(1),
  /** The pull request head commit the evaluation ran on. */
  head: z.string().regex(/^[0-9a-f]{40}$/),
  conclusion: z.enum(["success", "failure"]),
  suites: z.array(suite)
});
function evalSummary(cmp, head) {
  return {
    v: 1,
    head,
    conclusion: cmp.conclusion,
    suites: cmp.suites.map((s) => ({
      suite: `${s.tenant}/${s.name}`,
      passRate: s.head ? s.head.passRate : null,
      passed: s.head ? s.head.passed : true,
      regressions: s.regressions,
      cases: s.head ? s.head.cases.length : 0
    }))
  };
}
function evalSummaryBlock(summary) {
  return `${PREFIX}${Buffer.from(JSON.stringify(summary)).toString("base64")} -->`;
}
function readEvalSummary(body) {
  const start = body.indexOf(PREFIX);
  if (start < 0) return void 0;
  const end = body.indexOf(" -->", start + PREFIX.length);
  if (end < 0) return void 0;
  const b64 = body.slice(start + PREFIX.length, end);
  if (!/^[A-Za-z0-9+/=]*$/.test(b64) || b64.length > 2e5) return void 0;
  try {
    const parsed = evalSummarySchema.safeParse(JSON.parse(Buffer.from(b64, "base64").toString("utf8")));
    return parsed.success ? parsed.data : void 0;
  } catch {
    return void 0;
  }
}

export {
  evalSummary,
  evalSummaryBlock,
  readEvalSummary
};
