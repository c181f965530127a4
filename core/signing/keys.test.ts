/** Key generation, key ids, loading signing and trusted keys, and writing key pairs to disk. */
import { createHash, createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UserError } from "../errors.ts";
import { generateSigningKey, keyIdOf, loadSigningKey, loadTrustedKeys, writeKeyPair } from "./keys.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "charter-keys-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The base64 body lines of a PEM: none may ever appear in an error message. */
function secretLines(pem: string): string[] {
  return pem.split("\n").filter((line) => line.length > 20 && !line.startsWith("-----"));
}

function expectUserError(fn: () => unknown, pattern: RegExp, secretPem?: string): string {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(UserError);
  const message = (caught as Error).message;
  expect(message).toMatch(pattern);
  for (const line of secretPem ? secretLines(secretPem) : []) expect(message).not.toContain(line);
  return message;
}

describe("generateSigningKey / keyIdOf", () => {
  it("generates a P-256 PKCS#8/SPKI pair that signs and verifies", () => {
    const pair = generateSigningKey();
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const pub = createPublicKey(pair.publicKeyPem);
    expect(pub.asymmetricKeyType).toBe("ec");
    expect(pub.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    const sig = sign("sha256", Buffer.from("hello"), pair.privateKeyPem);
    expect(verify("sha256", Buffer.from("hello"), pub, sig)).toBe(true);
    expect(verify("sha256", Buffer.from("hellO"), pub, sig)).toBe(false);
  });

  it("key id is base64(sha256(SPKI DER)), stable, and the same from PEM, public or private KeyObject", () => {
    const pair = generateSigningKey();
    const der = createPublicKey(pair.publicKeyPem).export({ type: "spki", format: "der" });
    const expected = createHash("sha256").update(der).digest("base64");
    expect(pair.keyId).toBe(expected);
    expect(pair.keyId).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(keyIdOf(pair.publicKeyPem)).toBe(expected);
    expect(keyIdOf(createPublicKey(pair.publicKeyPem))).toBe(expected);
    expect(keyIdOf(loadSigningKey({ env: { CHARTER_SIGNING_KEY: pair.privateKeyPem } }).privateKey)).toBe(
      expected,
    );
    expect(keyIdOf(pair.publicKeyPem)).toBe(keyIdOf(pair.publicKeyPem));
    expect(generateSigningKey().keyId).not.toBe(expected);
  });
});

describe("loadSigningKey", () => {
  const pair = generateSigningKey();

  it("reads CHARTER_SIGNING_KEY as PEM text", () => {
    const key = loadSigningKey({ env: { CHARTER_SIGNING_KEY: pair.privateKeyPem } });
    expect(key.keyId).toBe(pair.keyId);
    expect(key.publicKeyPem).toBe(pair.publicKeyPem);
    expect(key.source).toBe("CHARTER_SIGNING_KEY");
  });

  it("reads CHARTER_SIGNING_KEY as base64 of PEM (one line, as CI secrets often are)", () => {
    const b64 = Buffer.from(pair.privateKeyPem).toString("base64");
    expect(b64).not.toContain("\n");
    expect(loadSigningKey({ env: { CHARTER_SIGNING_KEY: b64 } }).keyId).toBe(pair.keyId);
  });

  it("reads --key FILE, and CHARTER_SIGNING_KEY_FILE; --key wins over the environment", () => {
    const file = join(dir, "release.key");
    writeFileSync(file, pair.privateKeyPem);
    const other = generateSigningKey();
    expect(loadSigningKey({ file, env: { CHARTER_SIGNING_KEY: other.privateKeyPem } }).keyId).toBe(
      pair.keyId,
    );
    const fromEnvFile = loadSigningKey({ env: { CHARTER_SIGNING_KEY_FILE: file } });
    expect(fromEnvFile.keyId).toBe(pair.keyId);
    expect(fromEnvFile.source).toContain(file);
  });

  it("accepts a SEC1 'EC PRIVATE KEY' preceded by EC PARAMETERS (openssl ecparam -genkey output)", () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const sec1 = privateKey.export({ type: "sec1", format: "pem" }).toString();
    const params = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";
    expect(loadSigningKey({ env: { CHARTER_SIGNING_KEY: params + sec1 } }).keyId).toBe(keyIdOf(privateKey));
  });

  it("without a key, says how to make one", () => {
    const message = expectUserError(() => loadSigningKey({ env: {} }), /charter keys generate/);
    expect(message).toContain("CHARTER_SIGNING_KEY");
    expect(message).toContain("--key");
  });

  it("refuses both CHARTER_SIGNING_KEY and CHARTER_SIGNING_KEY_FILE", () => {
    expectUserError(
      () =>
        loadSigningKey({ env: { CHARTER_SIGNING_KEY: pair.privateKeyPem, CHARTER_SIGNING_KEY_FILE: "/x" } }),
      /set only one/,
      pair.privateKeyPem,
    );
  });

  it("names a missing key file", () => {
    expectUserError(() => loadSigningKey({ file: join(dir, "nope.key") }), /nope\.key: no such file/);
  });

  it("rejects values that are neither PEM nor base64 of PEM", () => {
    expectUserError(() => loadSigningKey({ env: { CHARTER_SIGNING_KEY: "not a key!" } }), /neither PEM/);
    const b64 = Buffer.from("just text").toString("base64");
    expectUserError(() => loadSigningKey({ env: { CHARTER_SIGNING_KEY: b64 } }), /neither PEM/);
  });

  it("rejects RSA, Ed25519 and P-384 keys without echoing them", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    const ed = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const p384 = generateKeyPairSync("ec", { namedCurve: "P-384" })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    expectUserError(
      () => loadSigningKey({ env: { CHARTER_SIGNING_KEY: rsa } }),
      /unsupported key type RSA/,
      rsa,
    );
    expectUserError(
      () => loadSigningKey({ env: { CHARTER_SIGNING_KEY: ed } }),
      /unsupported key type ED25519/,
      ed,
    );
    expectUserError(
      () => loadSigningKey({ env: { CHARTER_SIGNING_KEY: p384 } }),
      /unsupported key type EC secp384r1.*P-256/,
      p384,
    );
  });

  it("rejects an encrypted PKCS#8 key with a clear message", () => {
    const encrypted = generateKeyPairSync("ec", { namedCurve: "P-256" })
      .privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "hunter2" })
      .toString();
    expect(encrypted).toContain("ENCRYPTED PRIVATE KEY");
    const file = join(dir, "enc.key");
    writeFileSync(file, encrypted);
    const message = expectUserError(() => loadSigningKey({ file }), /is encrypted/, encrypted);
    expect(message).toContain(file);
  });

  it("rejects a legacy encrypted SEC1 key (Proc-Type: 4,ENCRYPTED)", () => {
    const legacy = generateKeyPairSync("ec", { namedCurve: "P-256" })
      .privateKey.export({ type: "sec1", format: "pem", cipher: "aes-256-cbc", passphrase: "hunter2" })
      .toString();
    expect(legacy).toContain("Proc-Type: 4,ENCRYPTED");
    expectUserError(() => loadSigningKey({ env: { CHARTER_SIGNING_KEY: legacy } }), /is encrypted/, legacy);
  });

  it("rejects a public key given as the signing key", () => {
    expectUserError(
      () => loadSigningKey({ env: { CHARTER_SIGNING_KEY: pair.publicKeyPem } }),
      /public key; signing needs the private key/,
    );
  });

  it("rejects a corrupted private key without echoing it", () => {
    const body = pair.privateKeyPem.split("\n");
    body[2] = "A".repeat(body[2]!.length);
    const broken = body.join("\n");
    expectUserError(
      () => loadSigningKey({ env: { CHARTER_SIGNING_KEY: broken } }),
      /not a readable private key/,
      broken,
    );
  });
});

describe("loadTrustedKeys", () => {
  const a = generateSigningKey();
  const b = generateSigningKey();

  it("loads PEM text and files, several keys per file, once each", () => {
    const file = join(dir, "trusted.pub");
    writeFileSync(file, `${a.publicKeyPem}\n${b.publicKeyPem}`);
    const keys = loadTrustedKeys([file, a.publicKeyPem]);
    expect(keys.map((k) => k.keyId)).toEqual([a.keyId, b.keyId]);
    expect(keys[0]!.pem).toBe(a.publicKeyPem);
    expect(keys[0]!.publicKey.type).toBe("public");
  });

  it("refuses a private key given as a trusted key, in text or in a file", () => {
    const message = expectUserError(() => loadTrustedKeys([a.privateKeyPem]), /private key/, a.privateKeyPem);
    expect(message).toContain("(NAME.pub)");
    const file = join(dir, "oops.pub");
    writeFileSync(file, `${b.publicKeyPem}${a.privateKeyPem}`);
    expectUserError(() => loadTrustedKeys([file]), /oops\.pub: this is a private key/, a.privateKeyPem);
  });

  it("refuses non-P-256 public keys and files without a public key", () => {
    const rsaPub = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .publicKey.export({ type: "spki", format: "pem" })
      .toString();
    expectUserError(() => loadTrustedKeys([rsaPub]), /unsupported key type RSA/);
    const empty = join(dir, "empty.pub");
    writeFileSync(empty, "nothing here\n");
    expectUserError(() => loadTrustedKeys([empty]), /empty\.pub: no PEM public key/);
  });
});

describe("writeKeyPair", () => {
  it("writes NAME.key (0600) and NAME.pub that load back as a matching pair, leaving no temp files", async () => {
    const written = await writeKeyPair(join(dir, "keys"), "release");
    expect(written.privateKeyPath).toBe(join(dir, "keys", "release.key"));
    expect(statSync(written.privateKeyPath).mode & 0o777).toBe(0o600);
    expect(statSync(written.publicKeyPath).mode & 0o777).toBe(0o644);
    const key = loadSigningKey({ file: written.privateKeyPath });
    const [trusted] = loadTrustedKeys([written.publicKeyPath]);
    expect(key.keyId).toBe(written.keyId);
    expect(trusted!.keyId).toBe(written.keyId);
    expect(readdirSync(join(dir, "keys")).sort()).toEqual(["release.key", "release.pub"]);
  });

  it("refuses to overwrite an existing key and leaves it untouched", async () => {
    const first = await writeKeyPair(dir, "release");
    const before = readFileSync(first.privateKeyPath, "utf8");
    await expect(writeKeyPair(dir, "release")).rejects.toThrow(
      /release\.key already exists; refusing to overwrite/,
    );
    expect(readFileSync(first.privateKeyPath, "utf8")).toBe(before);
    writeFileSync(join(dir, "other.pub"), "keep me");
    await expect(writeKeyPair(dir, "other")).rejects.toThrow(/other\.pub already exists/);
    expect(readdirSync(dir).sort()).toEqual(["other.pub", "release.key", "release.pub"]);
  });

  it("rejects names that could escape the directory", async () => {
    await expect(writeKeyPair(dir, "../evil")).rejects.toThrow(/Invalid key name/);
    await expect(writeKeyPair(dir, ".hidden")).rejects.toThrow(/Invalid key name/);
    await expect(writeKeyPair(dir, "")).rejects.toThrow(/Invalid key name/);
  });
});
