import {
  parseReleaseRef,
  releaseContext
} from "./chunk-CVDZPYUD.js";
import "./chunk-6UMYMC25.js";
import "./chunk-NQB2ZTJM.js";
import {
  readRelease,
  verifyRelease
} from "./chunk-EUZUTXRQ.js";
import "./chunk-XUHWOOZD.js";
import "./chunk-GLGEZBL6.js";
import {
  compareSemver
} from "./chunk-PYKQFXXX.js";
import "./chunk-TDDLD33T.js";
import "./chunk-SB4OEXEQ.js";
import "./chunk-4NAQYO46.js";
import "./chunk-CZ6TNMRW.js";
import "./chunk-EKDGROW3.js";
import "./chunk-HRYMA4Y5.js";
import "./chunk-FMNWHKCY.js";
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
