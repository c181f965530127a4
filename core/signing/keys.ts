/**
 * Signing keys for offline (key-pair) attestations: ECDSA P-256, the cosign default.
 *
 * - Private keys are PKCS#8 PEM, unencrypted (charter runs unattended; protect the key with the
 *   CI secret store or file permissions instead). Public keys are SPKI PEM.
 * - A key's id is `base64(sha256(SPKI DER))`, the hint cosign writes into a Sigstore bundle, so
 *   bundles signed here name their key the way cosign would. The id only *selects* a key; trust
 *   comes from the signature verifying against a key the verifier already holds.
 * - Where the signing key comes from: `--key FILE`, else env `CHARTER_SIGNING_KEY` (PEM text or
 *   base64 of it — convenient for CI secrets), else env `CHARTER_SIGNING_KEY_FILE`.
 *
 * Error messages name sources (a path, a variable) and never include key material.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";
import { readFileSync } from "node:fs";
import { link, mkdir, open, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { UserError } from "../errors.ts";

export const SIGNING_KEY_ENV = "CHARTER_SIGNING_KEY";
export const SIGNING_KEY_FILE_ENV = "CHARTER_SIGNING_KEY_FILE";

const HOW_TO_GET_A_KEY =
  `create a key pair with \`charter keys generate\`, then pass --key FILE or set ${SIGNING_KEY_ENV} ` +
  `(PEM text or base64 of it) or ${SIGNING_KEY_FILE_ENV}`;

/** A loaded private key, ready to sign. */
export interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  /** Where the key came from (a path or an environment variable name), for messages. */
  source: string;
}

/** A public key a verifier accepts signatures from. */
export interface TrustedKey {
  keyId: string;
  publicKey: KeyObject;
  pem: string;
  /** Optional display name (e.g. the `id` in charter.yml); shown in verification results. */
  name?: string;
}

export interface GeneratedKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
  keyId: string;
}

/** A fresh ECDSA P-256 key pair. */
export function generateSigningKey(): GeneratedKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

/** `base64(sha256(SPKI DER))` of a public key (a private key gives the id of its public half). */
export function keyIdOf(publicKey: KeyObject | string): string {
  const key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  const pub = key.type === "private" ? createPublicKey(key) : key;
  const der = pub.export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("base64");
}

/**
 * Loads the signing key from `file`, else `CHARTER_SIGNING_KEY`, else `CHARTER_SIGNING_KEY_FILE`.
 * Throws a `UserError` saying how to fix it when there is none, or it is unusable.
 */
export function loadSigningKey(opts: { env?: NodeJS.ProcessEnv; file?: string } = {}): SigningKey {
  const env = opts.env ?? process.env;
  let pem: string;
  let source: string;
  if (opts.file) {
    source = opts.file;
    pem = readKeyFile(opts.file);
  } else if (env[SIGNING_KEY_ENV]?.trim()) {
    if (env[SIGNING_KEY_FILE_ENV]?.trim()) {
      throw new UserError(`Both ${SIGNING_KEY_ENV} and ${SIGNING_KEY_FILE_ENV} are set; set only one.`);
    }
    source = SIGNING_KEY_ENV;
    pem = pemFromEnvValue(env[SIGNING_KEY_ENV].trim());
  } else if (env[SIGNING_KEY_FILE_ENV]?.trim()) {
    const path = env[SIGNING_KEY_FILE_ENV].trim();
    source = `${path} (from ${SIGNING_KEY_FILE_ENV})`;
    pem = readKeyFile(path);
  } else {
    throw new UserError(`No signing key: ${HOW_TO_GET_A_KEY}.`);
  }
  const privateKey = parsePrivateKey(pem, source);
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    source,
  };
}

/**
 * Loads public keys to trust. Each entry is PEM text (anything containing `-----BEGIN`) or a path
 * to a PEM file; a file may hold several `PUBLIC KEY` blocks. Private keys are refused: a verifier
 * must never be handed the signing secret. Duplicate keys are kept once.
 */
export function loadTrustedKeys(sources: readonly string[]): TrustedKey[] {
  const keys = new Map<string, TrustedKey>();
  sources.forEach((entry, index) => {
    const inline = entry.includes("-----BEGIN");
    const source = inline ? `trusted key #${index + 1} (inline PEM)` : entry;
    const text = inline ? entry : readKeyFile(entry);
    const blocks = pemBlocks(text);
    if (blocks.length === 0) throw new UserError(`${source}: no PEM public key found.`);
    for (const block of blocks) {
      const key = parsePublicKey(block, source);
      if (!keys.has(key.keyId)) keys.set(key.keyId, key);
    }
  });
  return [...keys.values()];
}

export interface WrittenKeyPair {
  keyId: string;
  privateKeyPath: string;
  publicKeyPath: string;
}

/**
 * Generates a key pair and writes `DIR/NAME.key` (mode 0600) and `DIR/NAME.pub`. Refuses to
 * overwrite either file. Each file appears whole or not at all: it is written to a temporary name
 * and hard-linked into place (which fails if the target exists, with no race).
 */
export async function writeKeyPair(dir: string, name: string): Promise<WrittenKeyPair> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || name.length > 100) {
    throw new UserError(
      `Invalid key name "${name}": use letters, digits, ".", "_" and "-" (no path separators).`,
    );
  }
  const privateKeyPath = join(dir, `${name}.key`);
  const publicKeyPath = join(dir, `${name}.pub`);
  for (const path of [privateKeyPath, publicKeyPath]) {
    if (await exists(path)) throw new UserError(`${path} already exists; refusing to overwrite it.`);
  }
  await mkdir(dir, { recursive: true });
  const pair = generateSigningKey();
  await writeNew(privateKeyPath, pair.privateKeyPem, 0o600);
  try {
    await writeNew(publicKeyPath, pair.publicKeyPem, 0o644);
  } catch (error) {
    await unlink(privateKeyPath).catch(() => {});
    throw error;
  }
  return { keyId: pair.keyId, privateKeyPath, publicKeyPath };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function writeNew(path: string, text: string, mode: number): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`;
  const handle = await open(tmp, "wx", mode);
  try {
    await handle.writeFile(text);
    await handle.chmod(mode); // the umask may have narrowed (or, for 0644, the mode is what we want)
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(tmp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new UserError(`${path} already exists; refusing to overwrite it.`);
    }
    throw error;
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : (code ?? "unreadable");
    throw new UserError(`Cannot read key file ${path}: ${why}.`);
  }
}

/** `CHARTER_SIGNING_KEY` holds PEM text, or base64 of PEM text (one line, easy to store as a secret). */
function pemFromEnvValue(value: string): string {
  if (value.includes("-----BEGIN")) return value;
  if (/^[A-Za-z0-9+/=\s_-]+$/.test(value)) {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    if (decoded.includes("-----BEGIN")) return decoded;
  }
  throw new UserError(`${SIGNING_KEY_ENV} is neither PEM text nor base64 of PEM text.`);
}

function pemBlocks(text: string): string[] {
  return [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g)].map((m) => m[0]);
}

function pemLabel(pem: string): string | undefined {
  return /-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1];
}

function parsePrivateKey(text: string, source: string): KeyObject {
  const blocks = pemBlocks(text);
  const privateBlocks = blocks.filter((b) => pemLabel(b)?.includes("PRIVATE KEY"));
  if (privateBlocks.length === 0) {
    if (blocks.some((b) => pemLabel(b) === "PUBLIC KEY" || pemLabel(b) === "CERTIFICATE")) {
      throw new UserError(`${source}: this is a public key; signing needs the private key (NAME.key).`);
    }
    throw new UserError(`${source}: no PEM private key found. ${capitalize(HOW_TO_GET_A_KEY)}.`);
  }
  if (privateBlocks.length > 1) {
    throw new UserError(`${source}: holds ${privateBlocks.length} private keys; expected exactly one.`);
  }
  const pem = privateBlocks[0]!;
  const label = pemLabel(pem)!;
  if (label.includes("ENCRYPTED") || /Proc-Type:\s*4,ENCRYPTED/.test(pem)) {
    throw new UserError(
      `${source}: the private key is encrypted; charter needs an unencrypted PKCS#8 key ` +
        "(decrypt it with `openssl pkey -in KEY -out PLAIN.key`, then protect the file or secret instead).",
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: "pem" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ERR_MISSING_PASSPHRASE") {
      throw new UserError(
        `${source}: the private key is encrypted; charter needs an unencrypted PKCS#8 key.`,
      );
    }
    throw new UserError(`${source}: not a readable private key${code ? ` (${code})` : ""}.`);
  }
  assertP256(key, source);
  return key;
}

function parsePublicKey(pem: string, source: string): TrustedKey {
  const label = pemLabel(pem) ?? "";
  if (label.includes("PRIVATE KEY")) {
    throw new UserError(
      `${source}: this is a private key. Trust the public key (NAME.pub) instead, and keep the private key secret.`,
    );
  }
  if (label !== "PUBLIC KEY") {
    throw new UserError(`${source}: expected a "PUBLIC KEY" PEM block, found "${label}".`);
  }
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: pem, format: "pem" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`${source}: not a readable public key${code ? ` (${code})` : ""}.`);
  }
  assertP256(publicKey, source);
  const normalized = publicKey.export({ type: "spki", format: "pem" }).toString();
  return { keyId: keyIdOf(publicKey), publicKey, pem: normalized };
}

function assertP256(key: KeyObject, source: string): void {
  const type = key.asymmetricKeyType;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (type !== "ec" || curve !== "prime256v1") {
    const found = type === "ec" ? `EC ${curve}` : (type ?? "unknown").toUpperCase();
    throw new UserError(`${source}: unsupported key type ${found}; charter keys are ECDSA P-256.`);
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
