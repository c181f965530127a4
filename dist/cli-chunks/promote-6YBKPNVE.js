import {
  parseReleaseRef,
  releaseContext
} from "./chunk-5UPYYDAK.js";
import "./chunk-3BAUQLIZ.js";
import "./chunk-IV6L4BFD.js";
import {
  readRelease,
  verifyRelease
} from "./chunk-QI2N7CZP.js";
import "./chunk-XUHWOOZD.js";
import "./chunk-433K37J5.js";
import "./chunk-YDXCRINK.js";
import {
  compareSemver
} from "./chunk-4YJBRKOS.js";
import "./chunk-FQ3VYVXV.js";
import "./chunk-SB4OEXEQ.js";
import "./chunk-4NAQYO46.js";
import "./chunk-COKXHIQ7.js";
import "./chunk-4FYGECKA.js";
import "./chunk-6TJ5RCH4.js";
import "./chunk-VGNTAH4S.js";
import {
  UserError
} from "./chunk-XC2IMODC.js";

// core/publish/promote.ts
async function promote(registry, repository, ref, channel, trust, options = {}) {
  if (/^\d+\.\d+\.\d+/.test(channel) || channel.startsWith("sha256-"))
    throw new UserError(
      `"${channel}" looks like a version or a digest tag; channels are names such as production.`
    );
  const verified = await verifyRelease(registry, repository, ref, trust);
  if (!verified.ok)
    throw new UserError(
      `Not promoted: ${repository}@${ref} does not verify:
  ${verified.reasons.join("\n  ")}`,
      {
        exitCode: 1
      }
    );
  const current = await readRelease(registry, repository, channel).catch(() => void 0);
  if (current?.manifestDigest === verified.release.manifestDigest)
    return { channel, release: verified, from: current.version, moved: false };
  if (current && compareSemver(current.version, verified.governance.version) > 0 && !options.allowDowngrade)
    throw new UserError(
      `Not promoted: ${channel} is at ${current.version}, higher than ${verified.governance.version}. Pass --allow-downgrade to roll the channel back.`,
      { exitCode: 1 }
    );
  await registry.tag(repository, verified.release.manifestDigest, channel);
  return { channel, release: verified, ...current ? { from: current.version } : {}, moved: true };
}

// cli/commands/promote.ts
async function promoteCommand(release, options, io) {
  if (!options.channel)
    throw new UserError("Which channel? Pass --channel NAME (e.g. --channel production).");
  const ref = parseReleaseRef(release);
  const { target, trust, repositoryOf } = await releaseContext(options, io);
  const r = await promote(target.registry, repositoryOf(ref), ref.ref, options.channel, trust, {
    allowDowngrade: Boolean(options.allowDowngrade)
  });
  const what = `${r.release.governance.name} ${r.release.governance.version}`;
  io.stdout(
    r.moved ? `✓ ${options.channel} → ${what}${r.from ? ` (was ${r.from})` : ""}
` : `= ${options.channel} already at ${what}
`
  );
  return 0;
}
export {
  promoteCommand
};
