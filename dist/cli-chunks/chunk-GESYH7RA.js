// core/approvals/ai-drafted.ts
var AI_DRAFTED_LABEL = "ai-drafted";
var DRAFTED_BY_TRAILER = "Charter-Drafted-By";
var TRAILER = new RegExp(`^${DRAFTED_BY_TRAILER}:[ \\t]*(\\S.*)$`, "im");
function aiDraftedBecause(facts) {
  const because = [];
  if (facts.labels === void 0)
    because.push("its labels could not be read, so it is treated as AI-drafted");
  else if (facts.labels.some((l) => l.toLowerCase() === AI_DRAFTED_LABEL))
    because.push(`it is labelled ${AI_DRAFTED_LABEL}`);
  for (const c of facts.commits) {
    const short = c.sha.slice(0, 7);
    if (c.message === void 0) {
      because.push(`commit ${short}'s message could not be read, so it is treated as AI-drafted`);
      continue;
    }
    const m = TRAILER.exec(c.message);
    if (m) because.push(`commit ${short} carries ${DRAFTED_BY_TRAILER}: ${m[1].trim()}`);
  }
  if (facts.totalCommits > facts.commits.length)
    because.push(
      `${facts.totalCommits - facts.commits.length} of its commits could not be read, so it is treated as AI-drafted`
    );
  return because;
}

export {
  AI_DRAFTED_LABEL,
  DRAFTED_BY_TRAILER,
  aiDraftedBecause
};
