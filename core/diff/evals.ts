import type { Assertion, EvalSuiteFile } from "../../workflows-schema/index.ts";
import type { Tenant } from "../model/repo.ts";
import { canonicalJson } from "../text/canonical-json.ts";
import type { DiffContext } from "./context.ts";
import { pairByName } from "./pairing.ts";
import { diffFields } from "./values.ts";

/** Assertion types whose threshold is a score to reach (lower = weaker) vs a limit (higher = weaker). */
const SCORE = new Set(["llm-rubric", "similar", "not-llm-rubric", "not-similar"]);
const LIMIT = new Set(["cost", "latency", "not-cost", "not-latency"]);

const assertionKey = (a: Assertion) => `${a.type}\0${a.transform ?? ""}`;

/** Ways a list of assertions got weaker: fewer of them, or looser thresholds. */
function weakerAssertions(
  before: readonly Assertion[],
  after: readonly Assertion[],
  where: string,
): string[] {
  const reasons: string[] = [];
  const remaining = [...after.map((a) => canonicalJson(a))];
  const dropped = before.filter((a) => {
    const i = remaining.indexOf(canonicalJson(a));
    if (i >= 0) {
      remaining.splice(i, 1);
      return false;
    }
    return true;
  });
  for (const a of dropped) {
    const match = after.find(
      (x) =>
        assertionKey(x) === assertionKey(a) && !before.some((y) => canonicalJson(y) === canonicalJson(x)),
    );
    if (!match) {
      reasons.push(`${where}: assertion ${a.type}${a.transform ? ` on ${a.transform}` : ""} removed`);
    } else if (a.threshold !== undefined && match.threshold !== a.threshold) {
      const looser = SCORE.has(a.type)
        ? (match.threshold ?? 0) < a.threshold
        : LIMIT.has(a.type)
          ? match.threshold === undefined || match.threshold > a.threshold
          : false;
      if (looser) reasons.push(`${where}: ${a.type} threshold ${a.threshold} → ${String(match.threshold)}`);
    }
  }
  return reasons;
}

function weakened(b: EvalSuiteFile, h: EvalSuiteFile): string[] {
  const reasons: string[] = [];
  const headCases = new Map(h.cases.map((c) => [c.id, c]));
  const gone = b.cases.filter((c) => !headCases.has(c.id)).map((c) => c.id);
  if (gone.length > 0) reasons.push(`cases removed: ${gone.join(", ")}`);
  if (h.threshold < b.threshold) reasons.push(`threshold ${b.threshold} → ${h.threshold}`);
  const minPass = (s: EvalSuiteFile) => s.min_pass ?? s.repeat;
  if (minPass(h) < minPass(b))
    reasons.push(`min_pass ${minPass(b)} of ${b.repeat} → ${minPass(h)} of ${h.repeat}`);
  reasons.push(...weakerAssertions(b.defaults?.assert ?? [], h.defaults?.assert ?? [], "defaults"));
  for (const c of b.cases) {
    const now = headCases.get(c.id);
    if (!now) continue;
    if (c.threshold !== undefined && (now.threshold === undefined || now.threshold < c.threshold)) {
      reasons.push(`case ${c.id}: threshold ${c.threshold} → ${String(now.threshold ?? "all assertions")}`);
    }
    reasons.push(...weakerAssertions(c.assert, now.assert, `case ${c.id}`));
  }
  return reasons;
}

export function diffEvals(
  ctx: DiffContext,
  tenant: string,
  base: Tenant | undefined,
  head: Tenant | undefined,
): void {
  const pairs = pairByName<EvalSuiteFile>(base?.evals ?? new Map(), head?.evals ?? new Map());
  const subject = (name: string) => ({ type: "eval" as const, name });
  for (const h of pairs.added) {
    ctx.add({
      kind: "eval-changed",
      tenant,
      subject: subject(h.data.name),
      summary: `Eval suite ${h.data.name} added (${h.data.cases.length} cases).`,
      file: h.path,
    });
  }
  for (const b of pairs.removed) {
    ctx.add({
      kind: "eval-weakened",
      tenant,
      subject: subject(b.data.name),
      summary: `Eval suite ${b.data.name} removed (${b.data.cases.length} cases).`,
      file: b.path,
    });
  }
  for (const { base: b, head: h } of pairs.renamed) {
    ctx.add({
      kind: "eval-changed",
      tenant,
      subject: subject(h.data.name),
      summary: `Eval suite ${b.data.name} renamed to ${h.data.name}.`,
      file: h.path,
    });
  }
  for (const { base: b, head: h } of pairs.same) {
    const fields = diffFields(b.data, h.data, { depth: 2 });
    if (fields.length === 0) continue;
    const reasons = weakened(b.data, h.data);
    ctx.add({
      kind: reasons.length > 0 ? "eval-weakened" : "eval-changed",
      tenant,
      subject: subject(h.data.name),
      summary:
        reasons.length > 0
          ? `Eval suite ${h.data.name} weakened: ${reasons.join("; ")}.`
          : `Eval suite ${h.data.name} changed: ${fields.map((f) => f.path).join(", ")}.`,
      file: h.path,
      fields,
    });
  }
}
