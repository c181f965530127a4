import {
  UserError
} from "./chunk-XC2IMODC.js";

// core/signing/keys.ts
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync
} from "node:crypto";
import { readFileSync } from "node:fs";
import { link, mkdir, open, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
var SIGNING_KEY_ENV = "CHARTER_SIGNING_KEY";
var SIGNING_KEY_FILE_ENV = "CHARTER_SIGNING_KEY_FILE";
var HOW_TO_GET_A_KEY = `create a key pair with \`charter keys generate\`, then pass --key FILE or set ${SIGNING_KEY_ENV} (PEM text or base64 of it) or ${SIGNING_KEY_FILE_ENV}`;
function generateSigningKey() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    keyId: keyIdOf(publicKey)
  };
}
function keyIdOf(publicKey) {
  const key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  const pub = key.type === "private" ? createPublicKey(key) : key;
  const der = pub.export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("base64");
}
function loadSigningKey(opts = {}) {
  const env = opts.env ?? process.env;
  let pem;
  let source;
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
    source
  };
}
function loadTrustedKeys(sources) {
  const keys = /* @__PURE__ */ new Map();
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
async function writeKeyPair(dir, name) {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || name.length > 100) {
    throw new UserError(
      `Invalid key name "${name}": use letters, digits, ".", "_" and "-" (no path separators).`
    );
  }
  const privateKeyPath = join(dir, `${name}.key`);
  const publicKeyPath = join(dir, `${name}.pub`);
  for (const path of [privateKeyPath, publicKeyPath]) {
    if (await exists(path)) throw new UserError(`${path} already exists; refusing to overwrite it.`);
  }
  await mkdir(dir, { recursive: true });
  const pair = generateSigningKey();
  await writeNew(privateKeyPath, pair.privateKeyPem, 384);
  try {
    await writeNew(publicKeyPath, pair.publicKeyPem, 420);
  } catch (error) {
    await unlink(privateKeyPath).catch(() => {
    });
    throw error;
  }
  return { keyId: pair.keyId, privateKeyPath, publicKeyPath };
}
async function exists(path) {
  return stat(path).then(
    () => true,
    () => false
  );
}
async function writeNew(path, text, mode) {
  const tmp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`;
  const handle = await open(tmp, "wx", mode);
  try {
    await handle.writeFile(text);
    await handle.chmod(mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(tmp, path);
  } catch (error) {
    if (error.code === "EEXIST") {
      throw new UserError(`${path} already exists; refusing to overwrite it.`);
    }
    throw error;
  } finally {
    await unlink(tmp).catch(() => {
    });
  }
}
function readKeyFile(path) {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = error.code;
    const why = code === "ENOENT" ? "no such file" : code ?? "unreadable";
    throw new UserError(`Cannot read key file ${path}: ${why}.`);
  }
}
function pemFromEnvValue(value) {
  if (value.includes("-----BEGIN")) return value;
  if (/^[A-Za-z0-9+/=\s_-]+$/.test(value)) {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    if (decoded.includes("-----BEGIN")) return decoded;
  }
  throw new UserError(`${SIGNING_KEY_ENV} is neither PEM text nor base64 of PEM text.`);
}
function pemBlocks(text) {
  return [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g)].map((m) => m[0]);
}
function pemLabel(pem) {
  return /-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1];
}
function parsePrivateKey(text, source) {
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
  const pem = privateBlocks[0];
  const label = pemLabel(pem);
  if (label.includes("ENCRYPTED") || /Proc-Type:\s*4,ENCRYPTED/.test(pem)) {
    throw new UserError(
      `${source}: the private key is encrypted; charter needs an unencrypted PKCS#8 key (decrypt it with \`openssl pkey -in KEY -out PLAIN.key\`, then protect the file or secret instead).`
    );
  }
  let key;
  try {
    key = createPrivateKey({ key: pem, format: "pem" });
  } catch (error) {
    const code = error.code;
    if (code === "ERR_MISSING_PASSPHRASE") {
      throw new UserError(
        `${source}: the private key is encrypted; charter needs an unencrypted PKCS#8 key.`
      );
    }
    throw new UserError(`${source}: not a readable private key${code ? ` (${code})` : ""}.`);
  }
  assertP256(key, source);
  return key;
}
function parsePublicKey(pem, source) {
  const label = pemLabel(pem) ?? "";
  if (label.includes("PRIVATE KEY")) {
    throw new UserError(
      `${source}: this is a private key. Trust the public key (NAME.pub) instead, and keep the private key secret.`
    );
  }
  if (label !== "PUBLIC KEY") {
    throw new UserError(`${source}: expected a "PUBLIC KEY" PEM block, found "${label}".`);
  }
  let publicKey;
  try {
    publicKey = createPublicKey({ key: pem, format: "pem" });
  } catch (error) {
    const code = error.code;
    throw new UserError(`${source}: not a readable public key${code ? ` (${code})` : ""}.`);
  }
  assertP256(publicKey, source);
  const normalized = publicKey.export({ type: "spki", format: "pem" }).toString();
  return { keyId: keyIdOf(publicKey), publicKey, pem: normalized };
}
function assertP256(key, source) {
  const type = key.asymmetricKeyType;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (type !== "ec" || curve !== "prime256v1") {
    const found = type === "ec" ? `EC ${curve}` : (type ?? "unknown").toUpperCase();
    throw new UserError(`${source}: unsupported key type ${found}; charter keys are ECDSA P-256.`);
  }
}
function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export {
  SIGNING_KEY_ENV,
  SIGNING_KEY_FILE_ENV,
  keyIdOf,
  loadSigningKey,
  loadTrustedKeys,
  writeKeyPair
};
