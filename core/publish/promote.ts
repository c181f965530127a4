/**
 * `charter promote`: moves a channel (e.g. `production`) to a release — only after the release
 * verifies against the locally trusted keys, and never backwards to a lower version unless asked.
 */
import { UserError } from "../errors.ts";
import type { Registry } from "../registry/types.ts";
import { compareSemver } from "../text/semver.ts";
import { readRelease } from "./release-store.ts";
import { type TrustPolicy, type VerifiedRelease, verifyRelease } from "./verify-release.ts";

export interface PromoteResult {
  channel: string;
  release: VerifiedRelease;
  from?: string;
  moved: boolean;
}

export async function promote(
  registry: Registry,
  repository: string,
  ref: string,
  channel: string,
  trust: TrustPolicy,
  options: { allowDowngrade?: boolean } = {},
): Promise<PromoteResult> {
  if (/^\d+\.\d+\.\d+/.test(channel) || channel.startsWith("sha256-"))
    throw new UserError(
      `"${channel}" looks like a version or a digest tag; channels are names such as production.`,
    );
  const verified = await verifyRelease(registry, repository, ref, trust);
  if (!verified.ok)
    throw new UserError(
      `Not promoted: ${repository}@${ref} does not verify:\n  ${verified.reasons.join("\n  ")}`,
      {
        exitCode: 1,
      },
    );
  const current = await readRelease(registry, repository, channel).catch(() => undefined);
  if (current?.manifestDigest === verified.release.manifestDigest)
    return { channel, release: verified, from: current.version, moved: false };
  if (current && compareSemver(current.version, verified.governance.version) > 0 && !options.allowDowngrade)
    throw new UserError(
      `Not promoted: ${channel} is at ${current.version}, higher than ${verified.governance.version}. Pass --allow-downgrade to roll the channel back.`,
      { exitCode: 1 },
    );
  await registry.tag(repository, verified.release.manifestDigest, channel);
  return { channel, release: verified, ...(current ? { from: current.version } : {}), moved: true };
}
