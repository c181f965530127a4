/** `TENANT/WORKFLOW@VERSION`, `@CHANNEL` or `@sha256:…`: how users name a release. */
import { UserError } from "../errors.ts";

export interface ReleaseRef {
  tenant: string;
  workflow: string;
  /** A version, a channel, or a manifest digest. */
  ref: string;
}

const NAME = "[a-z][a-z0-9-]{0,62}";
const PATTERN = new RegExp(`^(${NAME})/(${NAME})@(sha256:[a-f0-9]{64}|[A-Za-z0-9_][A-Za-z0-9._-]{0,127})$`);

export function parseReleaseRef(text: string): ReleaseRef {
  const m = PATTERN.exec(text.trim());
  if (!m)
    throw new UserError(
      `"${text}" is not a release: use TENANT/WORKFLOW@VERSION, TENANT/WORKFLOW@CHANNEL or TENANT/WORKFLOW@sha256:DIGEST.`,
    );
  return { tenant: m[1]!, workflow: m[2]!, ref: m[3]! };
}
