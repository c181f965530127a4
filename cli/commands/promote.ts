/** `charter promote TENANT/WORKFLOW@VERSION --channel NAME`: verify, then move the channel. */
import { UserError } from "../../core/errors.ts";
import { promote } from "../../core/publish/promote.ts";
import { parseReleaseRef } from "../../core/publish/release-ref.ts";
import type { CliIO } from "../io.ts";
import { type ReleaseContextOptions, releaseContext } from "./release-context.ts";

export interface PromoteCommandOptions extends ReleaseContextOptions {
  channel?: string;
  allowDowngrade?: boolean;
}

export async function promoteCommand(
  release: string,
  options: PromoteCommandOptions,
  io: CliIO,
): Promise<number> {
  if (!options.channel)
    throw new UserError("Which channel? Pass --channel NAME (e.g. --channel production).");
  const ref = parseReleaseRef(release);
  const { target, trust, repositoryOf } = await releaseContext(options, io);
  const r = await promote(target.registry, repositoryOf(ref), ref.ref, options.channel, trust, {
    allowDowngrade: Boolean(options.allowDowngrade),
  });
  const what = `${r.release.governance.name} ${r.release.governance.version}`;
  io.stdout(
    r.moved
      ? `✓ ${options.channel} → ${what}${r.from ? ` (was ${r.from})` : ""}\n`
      : `= ${options.channel} already at ${what}\n`,
  );
  return 0;
}
