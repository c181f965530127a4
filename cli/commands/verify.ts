/**
 * `charter verify TENANT/WORKFLOW@VERSION|CHANNEL|DIGEST`: check a published release the way a
 * runner does — signature by a trusted key, payload and predicate types, subject digest, bundle
 * contents — and show what its governance record says.
 */
import { parseReleaseRef } from "../../core/publish/release-ref.ts";
import { type VerifiedRelease, verifyRelease } from "../../core/publish/verify-release.ts";
import type { CliIO } from "../io.ts";
import { type ReleaseContextOptions, releaseContext } from "./release-context.ts";

export interface VerifyCommandOptions extends ReleaseContextOptions {
  format: string;
}

export function renderVerified(v: VerifiedRelease): string {
  const g = v.governance;
  const counted = g.approvals.filter((a) => a.counted);
  const lines = [
    `✓ ${g.name} ${g.version} verified (${v.repository}@${v.release.manifestDigest})`,
    `  bundle     ${g.bundle.digest} (${v.bundle.index.files.length} files)`,
    `  signed by  ${v.signers.join(", ")}`,
    `  sequence   ${g.sequence}${g.previous ? ` (after ${g.previous.version})` : " (first release)"}`,
    `  source     ${g.source.repository} @ ${g.source.commit.slice(0, 12)}`,
    g.pullRequest
      ? `  PR         #${g.pullRequest.number} by ${g.pullRequest.author.login}, merged by ${g.pullRequest.merger?.login ?? "unknown"}`
      : "  PR         none recorded",
    `  approvals  ${counted.length}/${g.policy.required} counted${counted.length ? `: ${counted.map((a) => a.reviewer.login).join(", ")}` : ""}`,
    `  eval       ${g.eval ? `${g.eval.conclusion} on ${g.eval.head.slice(0, 12)}` : "none recorded"}`,
    `  expires    ${g.expires}`,
  ];
  return `${lines.join("\n")}\n`;
}

export async function verifyCommand(
  release: string,
  options: VerifyCommandOptions,
  io: CliIO,
): Promise<number> {
  const ref = parseReleaseRef(release);
  const { target, trust, repositoryOf } = await releaseContext(options, io);
  const result = await verifyRelease(target.registry, repositoryOf(ref), ref.ref, trust);
  if (options.format === "json") {
    io.stdout(
      `${JSON.stringify(
        result.ok
          ? {
              ok: true,
              repository: result.repository,
              manifestDigest: result.release.manifestDigest,
              bundleDigest: result.release.bundleDigest,
              signers: result.signers,
              governance: result.governance,
              provenance: result.provenance,
            }
          : result,
        null,
        2,
      )}\n`,
    );
  } else if (result.ok) io.stdout(renderVerified(result));
  else io.stdout(`✗ ${release} does not verify:\n  ${result.reasons.join("\n  ")}\n`);
  return result.ok ? 0 : 1;
}
