import {
  parseReleaseRef,
  releaseContext
} from "./chunk-5UPYYDAK.js";
import {
  verifyRelease
} from "./chunk-QI2N7CZP.js";

// cli/commands/verify.ts
function renderVerified(v) {
  const g = v.governance;
  const counted = g.approvals.filter((a) => a.counted);
  const lines = [
    `✓ ${g.name} ${g.version} verified (${v.repository}@${v.release.manifestDigest})`,
    `  bundle     ${g.bundle.digest} (${v.bundle.index.files.length} files)`,
    `  signed by  ${v.signers.join(", ")}`,
    `  sequence   ${g.sequence}${g.previous ? ` (after ${g.previous.version})` : " (first release)"}`,
    `  source     ${g.source.repository} @ ${g.source.commit.slice(0, 12)}`,
    g.pullRequest ? `  PR         #${g.pullRequest.number} by ${g.pullRequest.author.login}, merged by ${g.pullRequest.merger?.login ?? "unknown"}` : "  PR         none recorded",
    `  approvals  ${counted.length}/${g.policy.required} counted${counted.length ? `: ${counted.map((a) => a.reviewer.login).join(", ")}` : ""}`,
    `  eval       ${g.eval ? `${g.eval.conclusion} on ${g.eval.head.slice(0, 12)}` : "none recorded"}`,
    `  expires    ${g.expires}`
  ];
  return `${lines.join("\n")}
`;
}
async function verifyCommand(release, options, io) {
  const ref = parseReleaseRef(release);
  const { target, trust, repositoryOf } = await releaseContext(options, io);
  const result = await verifyRelease(target.registry, repositoryOf(ref), ref.ref, trust);
  if (options.format === "json") {
    io.stdout(
      `${JSON.stringify(
        result.ok ? {
          ok: true,
          repository: result.repository,
          manifestDigest: result.release.manifestDigest,
          bundleDigest: result.release.bundleDigest,
          signers: result.signers,
          governance: result.governance,
          provenance: result.provenance
        } : result,
        null,
        2
      )}
`
    );
  } else if (result.ok) io.stdout(renderVerified(result));
  else io.stdout(`✗ ${release} does not verify:
  ${result.reasons.join("\n  ")}
`);
  return result.ok ? 0 : 1;
}

export {
  renderVerified,
  verifyCommand
};
