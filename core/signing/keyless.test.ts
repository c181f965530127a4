/**
 * Keyless signing end to end with no network: Fulcio and Rekor are @sigstore/mock's in-process
 * implementations, served through nock; the GitHub Actions OIDC endpoint is a nock stub. The mock's
 * subpath modules are imported (not its index) so that its own bundled nock 13 is never loaded.
 */
import { createHash } from "node:crypto";
import { type CA, fulcioHandler, initializeCA, initializeCTLog } from "@sigstore/mock/dist/fulcio/index.js";
import { initializeTLog, rekorHandler } from "@sigstore/mock/dist/rekor/index.js";
import type { Handler } from "@sigstore/mock/dist/shared.types.js";
import { generateKeyPair } from "@sigstore/mock/dist/util/key.js";
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { UserError } from "../errors.ts";
import { generateSigningKey, loadTrustedKeys } from "./keys.ts";
import { keylessAvailable, keylessSigner, type SigstoreBundleJSON, signerFromEnvironment } from "./sign.ts";
import { GOVERNANCE_PREDICATE_V1 } from "./statement.ts";
import { governanceStatement, MANIFEST_HEX } from "./test-fixtures.ts";
import { type VerifyPolicy, type VerifyResult, verifyAttestation } from "./verify.ts";

// Plain http for the fakes: nock 14 mis-reads the port of https requests made through
// make-fetch-happen's agent (it sees oidc.test:80), so https interceptors never match.
const FULCIO = "http://fulcio.test";
const REKOR = "http://rekor.test";
const OIDC = "http://oidc.test";
const ISSUER = "https://token.actions.githubusercontent.com";
const SAN = "https://github.com/acme/workflows/.github/workflows/publish.yml@refs/heads/main";

interface MockServices {
  ca: CA;
  ctlogKey: Buffer;
  ctlogId: ArrayBufferView;
  tlogKey: Buffer;
}

let services: MockServices;

function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.c2ln`;
}

function serve(base: string, handler: Handler, rewrite: (body: string) => string = (b) => b): void {
  nock(base)
    .persist()
    .post(handler.path)
    .reply(async (_uri, body) => {
      const result = await handler.fn(rewrite(typeof body === "string" ? body : JSON.stringify(body)));
      return [result.statusCode, result.response, { "Content-Type": result.contentType ?? "text/plain" }];
    });
}

/**
 * Real Rekor stores a proposed `dsse` entry in canonical form — hashes of the envelope and payload
 * plus the signatures with their verifiers — and that is what verifiers compare the bundle against.
 * The mock logs the proposed entry verbatim, so do Rekor's part here.
 */
function canonicalDsseEntry(body: string): string {
  const proposed = JSON.parse(body);
  if (proposed.kind !== "dsse" || !proposed.spec?.proposedContent) return body;
  const { envelope, verifiers } = proposed.spec.proposedContent as { envelope: string; verifiers: string[] };
  const env = JSON.parse(envelope) as { payload: string; signatures: { sig: string }[] };
  const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");
  return JSON.stringify({
    apiVersion: proposed.apiVersion,
    kind: "dsse",
    spec: {
      envelopeHash: { algorithm: "sha256", value: sha256(envelope) },
      payloadHash: { algorithm: "sha256", value: sha256(Buffer.from(env.payload, "base64")) },
      signatures: env.signatures.map((sig) => ({ signature: sig.sig, verifier: verifiers[0] })),
    },
  });
}

/** A Sigstore trusted_root.json (JSON form) that trusts the mock CA, CT log and Rekor. */
function trustedRootJSON(s: MockServices): object {
  const start = new Date(Date.now() - 60 * 60 * 1000).toISOString();
  const b64 = (bytes: ArrayBufferView) =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  return {
    mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
    certificateAuthorities: [
      {
        subject: { organization: "mock", commonName: "mock" },
        uri: FULCIO,
        certChain: { certificates: [{ rawBytes: b64(s.ca.rootCertificate) }] },
        validFor: { start },
      },
    ],
    tlogs: [
      {
        baseUrl: REKOR,
        hashAlgorithm: "SHA2_256",
        publicKey: { rawBytes: b64(s.tlogKey), keyDetails: "PKIX_ECDSA_P256_SHA_256", validFor: { start } },
        logId: { keyId: b64(createHash("sha256").update(s.tlogKey).digest()) },
      },
    ],
    ctlogs: [
      {
        baseUrl: "https://ctfe.test",
        hashAlgorithm: "SHA2_256",
        publicKey: { rawBytes: b64(s.ctlogKey), keyDetails: "PKIX_ECDSA_P256_SHA_256", validFor: { start } },
        logId: { keyId: b64(s.ctlogId) },
      },
    ],
    timestampAuthorities: [],
  };
}

beforeAll(async () => {
  nock.disableNetConnect();
  const keyPair = generateKeyPair("prime256v1");
  const ctlog = await initializeCTLog(keyPair);
  const ca = await initializeCA(keyPair, ctlog);
  const tlog = await initializeTLog(REKOR, keyPair);
  services = { ca, ctlogKey: ctlog.publicKey, ctlogId: ctlog.logID, tlogKey: tlog.publicKey };
  serve(FULCIO, fulcioHandler(ca));
  serve(REKOR, rekorHandler(tlog), canonicalDsseEntry);
});

afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

beforeEach(() => {
  vi.stubEnv("SIGSTORE_ID_TOKEN", undefined);
  vi.stubEnv("ACTIONS_ID_TOKEN_REQUEST_URL", `${OIDC}/token?run=1`);
  vi.stubEnv("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "request-token");
});

afterEach(() => {
  vi.unstubAllEnvs();
});

/** Stubs the Actions OIDC endpoint once, checking what the identity provider sends. */
function oidcReturns(claims: Record<string, unknown>): nock.Scope {
  return nock(OIDC)
    .get("/token")
    .query({ run: "1", audience: "sigstore" })
    .matchHeader("authorization", "Bearer request-token")
    .reply(200, { value: unsignedJwt(claims) });
}

const claims = { iss: ISSUER, sub: SAN, aud: "sigstore", ref: "refs/heads/main" };

let signed: SigstoreBundleJSON | undefined;
async function keylessBundle(): Promise<SigstoreBundleJSON> {
  if (!signed) {
    const scope = oidcReturns(claims);
    signed = await keylessSigner({ fulcioURL: FULCIO, rekorURL: REKOR }).signStatement(governanceStatement());
    expect(scope.isDone()).toBe(true);
  }
  return signed;
}

function policy(overrides: Partial<VerifyPolicy> = {}): VerifyPolicy {
  return {
    trustedKeys: [],
    expectedPredicateType: GOVERNANCE_PREDICATE_V1,
    subjectDigest: `sha256:${MANIFEST_HEX}`,
    ...overrides,
  };
}

function failure(result: VerifyResult): { reason: string; message: string } {
  if (result.ok) throw new Error("expected a failure, but the bundle verified");
  return { reason: result.reason, message: result.message };
}

describe("keyless signing (mock Fulcio + Rekor, stubbed Actions OIDC)", () => {
  it("produces a v0.3 bundle with a Fulcio certificate and a Rekor entry with an inclusion proof", async () => {
    const bundle = await keylessBundle();
    expect(bundle.mediaType).toBe("application/vnd.dev.sigstore.bundle.v0.3+json");
    expect(bundle.verificationMaterial.certificate?.rawBytes.length).toBeGreaterThan(100);
    expect(bundle.verificationMaterial.publicKey).toBeUndefined();
    expect(bundle.verificationMaterial.tlogEntries).toHaveLength(1);
    const entry = bundle.verificationMaterial.tlogEntries[0]!;
    expect(entry.kindVersion).toEqual({ kind: "dsse", version: "0.0.1" });
    expect(entry.inclusionProof?.checkpoint.envelope).toContain("rekor.test");
    expect(bundle.dsseEnvelope?.payloadType).toBe("application/vnd.in-toto+json");
    expect(bundle.dsseEnvelope?.signatures).toHaveLength(1);
  });

  it("is refused without a pinned trusted root, saying to pin one", async () => {
    const result = verifyAttestation(JSON.stringify(await keylessBundle()), policy());
    const f = failure(result);
    expect(f.reason).toBe("keyless-untrusted");
    expect(f.message).toContain(`certificate for "${SAN}"`);
    expect(f.message).toMatch(/needs a pinned Sigstore trusted root \(trusted_root\.json\)/);
  });

  it("verifies against a trusted root built from the mock's CA, CT log and Rekor, with the matching identity", async () => {
    const result = verifyAttestation(
      JSON.stringify(await keylessBundle()),
      policy({
        trustedRoot: trustedRootJSON(services),
        keylessIdentity: { issuer: ISSUER, subjectAlternativeName: SAN },
      }),
    );
    expect(result.ok && { signer: result.signer, statement: result.statement }).toEqual({
      signer: `${SAN} (issuer ${ISSUER})`,
      statement: governanceStatement(),
    });
    const byRegex = verifyAttestation(
      JSON.stringify(await keylessBundle()),
      policy({
        trustedRoot: trustedRootJSON(services),
        keylessIdentity: {
          issuer: ISSUER,
          subjectAlternativeName: /^https:\/\/github\.com\/acme\/workflows\//,
        },
      }),
    );
    expect(byRegex.ok).toBe(true);
  });

  it("is refused with a wrong SAN, a SAN that is only a substring, a wrong issuer, or no identity policy", async () => {
    const text = JSON.stringify(await keylessBundle());
    const root = trustedRootJSON(services);
    const wrong = [
      {
        issuer: ISSUER,
        subjectAlternativeName: "https://github.com/evil/fork/.github/workflows/publish.yml@refs/heads/main",
      },
      // @sigstore/verify would accept this one (it treats the SAN as an unanchored regex); we compare exactly.
      { issuer: ISSUER, subjectAlternativeName: "acme/workflows" },
      { issuer: "https://accounts.google.com", subjectAlternativeName: SAN },
    ];
    for (const keylessIdentity of wrong) {
      const f = failure(verifyAttestation(text, policy({ trustedRoot: root, keylessIdentity })));
      expect(f.reason).toBe("keyless-untrusted");
      expect(f.message).toContain(`certificate identity is "${SAN}" issued by "${ISSUER}"`);
      expect(f.message).toContain(`expected "${keylessIdentity.subjectAlternativeName}"`);
    }
    expect(failure(verifyAttestation(text, policy({ trustedRoot: root }))).message).toMatch(
      /no keyless identity \(issuer and subject\) is trusted/,
    );
  });

  it("is refused when the trusted root is another Sigstore instance's", async () => {
    const other = generateKeyPair("prime256v1");
    const otherCtlog = await initializeCTLog(other);
    const otherServices: MockServices = {
      ca: await initializeCA(other, otherCtlog),
      ctlogKey: otherCtlog.publicKey,
      ctlogId: otherCtlog.logID,
      tlogKey: (await initializeTLog(REKOR, other)).publicKey,
    };
    const f = failure(
      verifyAttestation(
        JSON.stringify(await keylessBundle()),
        policy({
          trustedRoot: trustedRootJSON(otherServices),
          keylessIdentity: { issuer: ISSUER, subjectAlternativeName: SAN },
        }),
      ),
    );
    expect(f.reason).toBe("keyless-untrusted");
    expect(f.message).toMatch(/CERTIFICATE_ERROR|TLOG/);
  });

  it("a tampered payload or signature in a keyless bundle is a bad signature", async () => {
    const root = trustedRootJSON(services);
    const identity = { issuer: ISSUER, subjectAlternativeName: SAN };
    const payload = JSON.parse(JSON.stringify(await keylessBundle())) as SigstoreBundleJSON;
    const bytes = Buffer.from(payload.dsseEnvelope!.payload, "base64");
    bytes[bytes.indexOf("1.4.0")] = "2".charCodeAt(0);
    payload.dsseEnvelope!.payload = bytes.toString("base64");
    expect(
      failure(
        verifyAttestation(JSON.stringify(payload), policy({ trustedRoot: root, keylessIdentity: identity })),
      ),
    ).toEqual({
      reason: "bad-signature",
      message: expect.stringMatching(/TLOG_BODY_ERROR|signature does not verify/),
    });
    const sig = JSON.parse(JSON.stringify(await keylessBundle())) as SigstoreBundleJSON;
    const raw = Buffer.from(sig.dsseEnvelope!.signatures[0]!.sig, "base64");
    raw[20] = raw[20]! ^ 0xff;
    sig.dsseEnvelope!.signatures[0]!.sig = raw.toString("base64");
    expect(
      failure(
        verifyAttestation(JSON.stringify(sig), policy({ trustedRoot: root, keylessIdentity: identity })),
      ).reason,
    ).toBe("bad-signature");
  });

  it("reports a missing OIDC token as a UserError that mentions id-token permissions", async () => {
    const scope = nock(OIDC).get("/token").query(true).reply(403, "forbidden");
    const error = await keylessSigner({ fulcioURL: FULCIO, rekorURL: REKOR })
      .signStatement(governanceStatement())
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/IDENTITY_TOKEN_READ_ERROR.*id-token: write/);
    expect(scope.isDone()).toBe(true);
  });
});

describe("choosing a signer", () => {
  const pair = generateSigningKey();
  const oidc = { ACTIONS_ID_TOKEN_REQUEST_URL: `${OIDC}/token`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: "t" };

  it("keylessAvailable needs both Actions variables (or SIGSTORE_ID_TOKEN)", () => {
    expect(keylessAvailable(oidc)).toBe(true);
    expect(keylessAvailable({ ACTIONS_ID_TOKEN_REQUEST_URL: `${OIDC}/token` })).toBe(false);
    expect(keylessAvailable({ SIGSTORE_ID_TOKEN: "jwt" })).toBe(true);
    expect(keylessAvailable({})).toBe(false);
  });

  it("prefers a configured key, even when OIDC is available", () => {
    const signer = signerFromEnvironment({ env: { ...oidc, CHARTER_SIGNING_KEY: pair.privateKeyPem } });
    expect(signer.kind).toBe("key");
    expect(signer.identity).toBe(`key ${pair.keyId}`);
  });

  it("uses keyless when no key is configured and OIDC is available, unless told never", () => {
    expect(signerFromEnvironment({ env: oidc }).kind).toBe("keyless");
    expect(() => signerFromEnvironment({ env: oidc, keyless: "never" })).toThrow(/charter keys generate/);
  });

  it("keyless: always ignores environment keys, refuses --key, and needs OIDC", () => {
    expect(
      signerFromEnvironment({ env: { ...oidc, CHARTER_SIGNING_KEY: pair.privateKeyPem }, keyless: "always" })
        .kind,
    ).toBe("keyless");
    expect(() => signerFromEnvironment({ env: oidc, keyless: "always", keyFile: "k.key" })).toThrow(
      /cannot be combined/,
    );
    expect(() => signerFromEnvironment({ env: {}, keyless: "always" })).toThrow(/id-token: write/);
  });

  it("with neither, tells the user to run `charter keys generate` and set CHARTER_SIGNING_KEY", () => {
    let message = "";
    try {
      signerFromEnvironment({ env: {} });
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/charter keys generate/);
    expect(message).toMatch(/CHARTER_SIGNING_KEY/);
  });

  it("a key-signed bundle still verifies when a trusted root is also pinned", async () => {
    const signer = signerFromEnvironment({ env: { CHARTER_SIGNING_KEY: pair.privateKeyPem } });
    const bundle = await signer.signStatement(governanceStatement());
    const result = verifyAttestation(
      JSON.stringify(bundle),
      policy({ trustedKeys: loadTrustedKeys([pair.publicKeyPem]), trustedRoot: trustedRootJSON(services) }),
    );
    expect(result.ok).toBe(true);
  });
});
