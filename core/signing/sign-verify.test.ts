/**
 * Key-pair signing and verification: the bundle format, every refusal reason, tampering, and
 * hostile input (fixed cases plus seeded byte-level and JSON-level fuzzing) that must never throw.
 */
import { createPublicKey, sign, verify } from "node:crypto";
import { bundleToJSON } from "@sigstore/bundle";
import { DSSEBundleBuilder } from "@sigstore/sign";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../text/canonical-json.ts";
import { type GeneratedKeyPair, generateSigningKey, loadSigningKey, loadTrustedKeys } from "./keys.ts";
import { keySigner, type SigstoreBundleJSON, statementPayload } from "./sign.ts";
import {
  buildStatement,
  GOVERNANCE_PREDICATE_V1,
  INTOTO_PAYLOAD_TYPE,
  SLSA_PROVENANCE_V1,
  type Statement,
} from "./statement.ts";
import {
  MANIFEST_HEX,
  provenance,
  type SignedFixture,
  signedGovernance,
  subjects,
  TAR_HEX,
} from "./test-fixtures.ts";
import { type VerifyPolicy, type VerifyReason, type VerifyResult, verifyAttestation } from "./verify.ts";

const V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";
const REASONS: VerifyReason[] = [
  "malformed-bundle",
  "unsupported-media-type",
  "untrusted-key",
  "bad-signature",
  "payload-type",
  "malformed-statement",
  "predicate-type",
  "subject-mismatch",
  "keyless-untrusted",
  "too-large",
];

function policyFor(f: SignedFixture, overrides: Partial<VerifyPolicy> = {}): VerifyPolicy {
  return {
    trustedKeys: f.trusted,
    expectedPredicateType: GOVERNANCE_PREDICATE_V1,
    subjectDigest: `sha256:${MANIFEST_HEX}`,
    ...overrides,
  };
}

function expectFailure(result: VerifyResult, reason: VerifyReason): string {
  if (result.ok) throw new Error(`expected ${reason}, but the bundle verified`);
  expect({ reason: result.reason, message: result.message }).toEqual({ reason, message: expect.any(String) });
  return result.message;
}

function clone(bundle: SigstoreBundleJSON): SigstoreBundleJSON {
  return JSON.parse(JSON.stringify(bundle));
}

/** DSSE PAE, written out from the DSSE spec rather than taken from a library. */
function pae(type: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${body.length} `), body]);
}

/** Signs arbitrary payload bytes with any payload type, as a hostile or buggy signer could. */
async function signRaw(
  pair: GeneratedKeyPair,
  payload: Buffer,
  payloadType: string,
): Promise<SigstoreBundleJSON> {
  const builder = new DSSEBundleBuilder({
    witnesses: [],
    signer: {
      sign: async (data) => ({
        signature: sign("sha256", data, pair.privateKeyPem),
        key: { $case: "publicKey", publicKey: pair.publicKeyPem, hint: pair.keyId },
      }),
    },
  });
  return bundleToJSON(await builder.create({ data: payload, type: payloadType }));
}

describe("sign then verify", () => {
  it("verifies a signed governance statement and returns the verified statement and signer", async () => {
    const f = await signedGovernance();
    const result = verifyAttestation(f.text, policyFor(f));
    expect(result).toEqual({
      ok: true,
      statement: f.statement,
      predicate: f.statement.predicate,
      keyId: f.pair.keyId,
      signer: `key ${f.pair.keyId}`,
    });
    // Either subject matches; bytes work as well as text; a trusted key's name shows in `signer`.
    const named = f.trusted.map((k) => ({ ...k, name: "release-2026" }));
    const byTar = verifyAttestation(new TextEncoder().encode(f.text), {
      ...policyFor(f, { trustedKeys: named }),
      subjectDigest: `sha256:${TAR_HEX.toUpperCase()}`,
    });
    expect(byTar.ok && byTar.signer).toBe(`release-2026 (key ${f.pair.keyId})`);
  });

  it("verifies a signed SLSA provenance statement", async () => {
    const pair = generateSigningKey();
    const statement = buildStatement(subjects(), SLSA_PROVENANCE_V1, provenance());
    const bundle = await keySigner(
      loadSigningKey({ env: { CHARTER_SIGNING_KEY: pair.privateKeyPem } }),
    ).signStatement(statement);
    const result = verifyAttestation(JSON.stringify(bundle), {
      trustedKeys: loadTrustedKeys([pair.publicKeyPem]),
      expectedPredicateType: SLSA_PROVENANCE_V1,
      subjectDigest: `sha256:${MANIFEST_HEX}`,
    });
    expect(result.ok && result.predicate).toEqual(provenance());
  });

  it("emits a v0.3 bundle: one DSSE signature over PAE(in-toto, canonical statement), keyid == hint == key id", async () => {
    const f = await signedGovernance();
    const b = f.bundle;
    expect(b.mediaType).toBe(V03);
    expect(b.verificationMaterial.publicKey).toEqual({ hint: f.pair.keyId });
    expect(b.verificationMaterial.certificate).toBeUndefined();
    expect(b.verificationMaterial.tlogEntries ?? []).toEqual([]);
    expect(b.dsseEnvelope?.payloadType).toBe("application/vnd.in-toto+json");
    expect(b.dsseEnvelope?.signatures).toHaveLength(1);
    expect(b.dsseEnvelope!.signatures[0]!.keyid).toBe(f.pair.keyId);
    const payload = Buffer.from(b.dsseEnvelope!.payload, "base64");
    expect(payload.toString("utf8")).toBe(canonicalJson(f.statement));
    expect(payload.equals(statementPayload(f.statement))).toBe(true);
    // Independent check with node:crypto and a hand-written PAE: a standard ECDSA-SHA256 DER signature.
    const sig = Buffer.from(b.dsseEnvelope!.signatures[0]!.sig, "base64");
    expect(sig[0]).toBe(0x30);
    const pub = createPublicKey(f.pair.publicKeyPem);
    expect(verify("sha256", pae(INTOTO_PAYLOAD_TYPE, payload), pub, sig)).toBe(true);
    expect(verify("sha256", pae("application/json", payload), pub, sig)).toBe(false);
  });

  it("refuses to sign something that is not a valid statement", async () => {
    const key = loadSigningKey({ env: { CHARTER_SIGNING_KEY: generateSigningKey().privateKeyPem } });
    const bad = {
      ...buildStatement(subjects(), GOVERNANCE_PREDICATE_V1, {}),
      extra: 1,
    } as unknown as Statement;
    await expect(keySigner(key).signStatement(bad)).rejects.toThrow(/Unrecognized key/);
  });

  it("accepts pretty-printed JSON (whitespace is outside the signed bytes)", async () => {
    const f = await signedGovernance();
    const result = verifyAttestation(JSON.stringify(f.bundle, null, 2), policyFor(f));
    expect(result.ok && result.statement).toEqual(f.statement);
  });
});

describe("tampering", () => {
  it("a changed payload byte is a bad signature", async () => {
    const f = await signedGovernance();
    const b = clone(f.bundle);
    const payload = Buffer.from(b.dsseEnvelope!.payload, "base64");
    const at = payload.indexOf("1.4.0");
    expect(at).toBeGreaterThan(0);
    payload[at] = "2".charCodeAt(0); // version 1.4.0 → 2.4.0, still a valid statement
    b.dsseEnvelope!.payload = payload.toString("base64");
    expect(expectFailure(verifyAttestation(JSON.stringify(b), policyFor(f)), "bad-signature")).toMatch(
      /signature does not verify with trusted key/,
    );
  });

  it("a changed signature byte is a bad signature", async () => {
    const f = await signedGovernance();
    for (const index of [10, 40, -1]) {
      const b = clone(f.bundle);
      const sig = Buffer.from(b.dsseEnvelope!.signatures[0]!.sig, "base64");
      const at = index < 0 ? sig.length + index : index;
      sig[at] = sig[at]! ^ 0x01;
      b.dsseEnvelope!.signatures[0]!.sig = sig.toString("base64");
      expectFailure(verifyAttestation(JSON.stringify(b), policyFor(f)), "bad-signature");
    }
  });

  it("a changed payloadType is a bad signature, because DSSE signs PAE(payloadType, payload)", async () => {
    const f = await signedGovernance();
    const b = clone(f.bundle);
    b.dsseEnvelope!.payloadType = "application/json";
    // Not "payload-type": the signature check comes first and the type is inside the signed PAE.
    expectFailure(verifyAttestation(JSON.stringify(b), policyFor(f)), "bad-signature");
  });

  it("a validly signed envelope of another payload type is refused as payload-type", async () => {
    const f = await signedGovernance();
    const bundle = await signRaw(f.pair, statementPayload(f.statement), "application/json");
    expect(expectFailure(verifyAttestation(JSON.stringify(bundle), policyFor(f)), "payload-type")).toBe(
      'payload type is "application/json", expected "application/vnd.in-toto+json"',
    );
  });

  it("a validly signed payload that is not a strict Statement v1 is a malformed statement", async () => {
    const f = await signedGovernance();
    const cases: [Buffer, RegExp][] = [
      [Buffer.from("not json"), /not UTF-8 JSON/],
      [Buffer.from(JSON.stringify({ ...f.statement, _type: "https://in-toto.io/Statement/v0.1" })), /_type/],
      [Buffer.from(JSON.stringify({ ...f.statement, subject: [] })), /statement\.subject/],
      [Buffer.from(JSON.stringify({ ...f.statement, extra: true })), /Unrecognized key/],
    ];
    for (const [payload, pattern] of cases) {
      const bundle = await signRaw(f.pair, payload, INTOTO_PAYLOAD_TYPE);
      expect(
        expectFailure(verifyAttestation(JSON.stringify(bundle), policyFor(f)), "malformed-statement"),
      ).toMatch(pattern);
    }
  });

  it("another bundle media type is unsupported, even when the rest is intact", async () => {
    const f = await signedGovernance();
    for (const mediaType of [
      "application/vnd.dev.sigstore.bundle+json;version=0.1",
      "application/vnd.dev.sigstore.bundle+json;version=0.3",
      "application/vnd.dev.sigstore.bundle.v0.4+json",
    ]) {
      const message = expectFailure(
        verifyAttestation(JSON.stringify({ ...f.bundle, mediaType }), policyFor(f)),
        "unsupported-media-type",
      );
      expect(message).toBe(`bundle media type is "${mediaType}", expected "${V03}"`);
    }
  });

  it("a key that is not trusted is refused, naming it and the trusted ones", async () => {
    const f = await signedGovernance();
    const others = loadTrustedKeys([generateSigningKey().publicKeyPem, generateSigningKey().publicKeyPem]);
    const message = expectFailure(
      verifyAttestation(f.text, policyFor(f, { trustedKeys: others })),
      "untrusted-key",
    );
    expect(message).toBe(
      `signed by key ${f.pair.keyId.slice(0, 16)}… which is not in the trusted keys ` +
        `(trusted: ${others[0]!.keyId.slice(0, 16)}…, ${others[1]!.keyId.slice(0, 16)}…)`,
    );
    expect(
      expectFailure(verifyAttestation(f.text, policyFor(f, { trustedKeys: [] })), "untrusted-key"),
    ).toMatch(/no keys are trusted/);
  });

  it("a hint rewritten to a trusted key's id does not help: the signature must verify with that key", async () => {
    const f = await signedGovernance();
    const trustedPair = generateSigningKey();
    const b = clone(f.bundle);
    b.verificationMaterial.publicKey = { hint: trustedPair.keyId };
    b.dsseEnvelope!.signatures[0]!.keyid = trustedPair.keyId;
    const policy = policyFor(f, { trustedKeys: loadTrustedKeys([trustedPair.publicKeyPem]) });
    expectFailure(verifyAttestation(JSON.stringify(b), policy), "bad-signature");
    // Rewriting only the hint leaves the DSSE keyid disagreeing with it: refused as malformed.
    const onlyHint = clone(f.bundle);
    onlyHint.verificationMaterial.publicKey = { hint: trustedPair.keyId };
    expect(expectFailure(verifyAttestation(JSON.stringify(onlyHint), policy), "malformed-bundle")).toMatch(
      /keyid .* differs from the bundle's key hint/,
    );
  });

  it("the wrong predicate type is refused, exactly (no prefix or case games)", async () => {
    const f = await signedGovernance();
    for (const expected of [
      SLSA_PROVENANCE_V1,
      `${GOVERNANCE_PREDICATE_V1}/`,
      GOVERNANCE_PREDICATE_V1.toUpperCase(),
    ]) {
      const message = expectFailure(
        verifyAttestation(f.text, policyFor(f, { expectedPredicateType: expected })),
        "predicate-type",
      );
      expect(message).toBe(
        `statement predicate type is "${GOVERNANCE_PREDICATE_V1}", expected "${expected}"`,
      );
    }
  });

  it("a statement about another artifact is a subject mismatch", async () => {
    const f = await signedGovernance();
    const other = "f".repeat(64);
    const message = expectFailure(
      verifyAttestation(f.text, policyFor(f, { subjectDigest: `sha256:${other}` })),
      "subject-mismatch",
    );
    expect(message).toContain(`no subject has digest sha256:${other}`);
    expect(message).toContain(`"bundle.tar" sha256:${TAR_HEX.slice(0, 12)}…`);
    expect(
      expectFailure(
        verifyAttestation(f.text, policyFor(f, { subjectDigest: MANIFEST_HEX })),
        "subject-mismatch",
      ),
    ).toMatch(/must be "sha256:<64 hex>"/);
  });

  it("transparency-log entries added to a key bundle must verify too", async () => {
    const f = await signedGovernance();
    const b = clone(f.bundle) as unknown as { verificationMaterial: { tlogEntries: unknown[] } };
    b.verificationMaterial.tlogEntries = [
      {
        logIndex: "1",
        logId: { keyId: Buffer.alloc(32, 1).toString("base64") },
        kindVersion: { kind: "dsse", version: "0.0.1" },
        integratedTime: "1700000000",
        inclusionProof: {
          logIndex: "1",
          rootHash: Buffer.alloc(32).toString("base64"),
          treeSize: "2",
          hashes: [],
          checkpoint: { envelope: "rekor.example - 1\n2\nAAAA\n\n— rekor.example AAAA\n" },
        },
        canonicalizedBody: Buffer.from("{}").toString("base64"),
      },
    ];
    const result = verifyAttestation(JSON.stringify(b), policyFor(f));
    expect(result.ok).toBe(false);
    expect(expectFailure(result, "keyless-untrusted")).toMatch(/TLOG/);
  });
});

describe("hostile input never throws", () => {
  const V03_ONLY = { mediaType: V03 };
  it.each<[string, string | Uint8Array, VerifyReason]>([
    ["empty", "", "malformed-bundle"],
    ["not JSON", "hello", "malformed-bundle"],
    ["invalid UTF-8", new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), "malformed-bundle"],
    ["null", "null", "malformed-bundle"],
    ["array", `[${JSON.stringify(V03_ONLY)}]`, "malformed-bundle"],
    ["number", "42", "malformed-bundle"],
    ["string", '"bundle"', "malformed-bundle"],
    ["empty object", "{}", "malformed-bundle"],
    ["numeric mediaType", '{"mediaType":3}', "malformed-bundle"],
    ["array mediaType", `{"mediaType":["${V03}"]}`, "malformed-bundle"],
    ["media type only", JSON.stringify(V03_ONLY), "malformed-bundle"],
    ["envelope is a string", JSON.stringify({ ...V03_ONLY, dsseEnvelope: "x" }), "malformed-bundle"],
    [
      "verification material null",
      JSON.stringify({ ...V03_ONLY, verificationMaterial: null, dsseEnvelope: { payload: "e30=" } }),
      "malformed-bundle",
    ],
    [
      "numbers where base64 belongs",
      JSON.stringify({
        ...V03_ONLY,
        verificationMaterial: { publicKey: { hint: "x" } },
        dsseEnvelope: { payload: 5, payloadType: 7, signatures: [{ sig: 9, keyid: {} }] },
      }),
      "malformed-bundle",
    ],
    [
      "two signatures",
      JSON.stringify({
        ...V03_ONLY,
        verificationMaterial: { publicKey: { hint: "x" } },
        dsseEnvelope: { payload: "e30=", payloadType: "t", signatures: [{ sig: "AA==" }, { sig: "AA==" }] },
      }),
      "malformed-bundle",
    ],
    [
      "message signature instead of DSSE",
      JSON.stringify({
        ...V03_ONLY,
        verificationMaterial: { publicKey: { hint: "x" } },
        messageSignature: { messageDigest: { algorithm: "SHA2_256", digest: "AA==" }, signature: "AA==" },
      }),
      "malformed-bundle",
    ],
    [
      "certificate that is not DER",
      JSON.stringify({
        ...V03_ONLY,
        verificationMaterial: { certificate: { rawBytes: "AAAA" } },
        dsseEnvelope: { payload: "e30=", payloadType: "t", signatures: [{ sig: "AA==" }] },
      }),
      "malformed-bundle",
    ],
    ["deeply nested", `${"[".repeat(100_000)}${"]".repeat(100_000)}`, "malformed-bundle"],
  ])("%s → %s", (_name, input, reason) => {
    expectFailure(
      verifyAttestation(input, {
        trustedKeys: [],
        expectedPredicateType: GOVERNANCE_PREDICATE_V1,
        subjectDigest: `sha256:${MANIFEST_HEX}`,
        maxBytes: 1_000_000,
      }),
      reason,
    );
  });

  it("refuses input over the size limit before parsing it", async () => {
    const f = await signedGovernance();
    const size = Buffer.byteLength(f.text);
    expect(expectFailure(verifyAttestation(f.text, policyFor(f, { maxBytes: size - 1 })), "too-large")).toBe(
      `bundle is ${size} bytes; the limit is ${size - 1}`,
    );
    expect(verifyAttestation(f.text, policyFor(f, { maxBytes: size })).ok).toBe(true);
    const huge = new Uint8Array(5 * 1024 * 1024).fill(0x20);
    expectFailure(verifyAttestation(huge, policyFor(f)), "too-large");
  });

  it("random byte mutations of a valid bundle either verify to the same statement or fail with a reason", async () => {
    const f = await signedGovernance();
    const original = Buffer.from(f.text);
    const random = prng(0x5eed);
    let failures = 0;
    let verified = 0;
    for (let i = 0; i < 1500; i++) {
      const bytes = Buffer.from(original);
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * bytes.length);
        // Mostly printable ASCII (to get past JSON parsing), sometimes any byte.
        bytes[at] = random() < 0.8 ? 0x20 + Math.floor(random() * 95) : Math.floor(random() * 256);
      }
      const result = check(bytes, policyFor(f));
      if (result.ok) {
        verified++;
        expect(result.statement).toEqual(f.statement);
        expect(result.keyId).toBe(f.pair.keyId);
      } else {
        failures++;
      }
    }
    expect(failures).toBeGreaterThan(1000);
    expect(failures + verified).toBe(1500);
  });

  it("random JSON-shape mutations of a valid bundle fail with a reason, never a throw", async () => {
    const f = await signedGovernance();
    const random = prng(42);
    const junk: unknown[] = [null, 0, -1, 1e308, "", "x", "A".repeat(10_000), [], [null], {}, { a: 1 }, true];
    for (let i = 0; i < 1000; i++) {
      const doc = JSON.parse(f.text);
      const paths = objectPaths(doc);
      const path = paths[Math.floor(random() * paths.length)]!;
      setAt(doc, path, junk[Math.floor(random() * junk.length)]);
      const result = check(JSON.stringify(doc), policyFor(f));
      if (result.ok) expect(result.statement).toEqual(f.statement);
    }
  });
});

/** Verifies and checks the result's shape; fails the test if verifyAttestation throws. */
function check(input: string | Uint8Array, policy: VerifyPolicy): VerifyResult {
  let result: VerifyResult;
  try {
    result = verifyAttestation(input, policy);
  } catch (error) {
    throw new Error(`verifyAttestation threw on ${JSON.stringify(String(input).slice(0, 200))}: ${error}`);
  }
  if (!result.ok) {
    expect(REASONS).toContain(result.reason);
    expect(result.message.length).toBeGreaterThan(0);
  }
  return result;
}

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function objectPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...objectPaths(v, [...prefix, i]));
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) out.push(...objectPaths(v, [...prefix, k]));
  }
  return out;
}

function setAt(doc: unknown, path: (string | number)[], value: unknown): void {
  let node = doc as Record<string | number, unknown>;
  for (const part of path.slice(0, -1)) node = node[part] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
}
