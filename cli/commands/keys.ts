/** `charter keys generate`: an ECDSA P-256 key pair for offline signing, and how to use it. */
import { relative, resolve } from "node:path";
import { writeKeyPair } from "../../core/signing/keys.ts";
import type { CliIO } from "../io.ts";

export async function keysGenerateCommand(
  options: { dir?: string; name?: string },
  io: CliIO,
): Promise<number> {
  const dir = resolve(io.cwd, options.dir ?? ".");
  const written = await writeKeyPair(dir, options.name ?? "charter");
  const pub = relative(io.cwd, written.publicKeyPath) || written.publicKeyPath;
  const key = relative(io.cwd, written.privateKeyPath) || written.privateKeyPath;
  io.stdout(
    [
      `Wrote ${key} (private, mode 0600) and ${pub}.`,
      `Key id: ${written.keyId}`,
      "",
      "Sign releases with it:",
      `  CHARTER_SIGNING_KEY_FILE=${key} charter publish`,
      "  (in CI, store the private key in a secret and pass it as CHARTER_SIGNING_KEY)",
      "Trust it (commit the public key; never the private one) in charter.yml:",
      "  signing:",
      "    trusted_keys:",
      `      - { id: release, public_key_file: ${pub} }`,
      "",
    ].join("\n"),
  );
  return 0;
}
