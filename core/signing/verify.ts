/**
 * Verifies an attestation: a Sigstore bundle (v0.3, DSSE) whose payload is an in-toto statement
 * about an artifact. Fail closed, in this order, and say what was expected and what was found:
 *
 *  1. size cap (`too-large`), then JSON (`malformed-bundle`);
 *  2. media type exactly `application/vnd.dev.sigstore.bundle.v0.3+json` (`unsupported-media-type`),
 *     then the bundle's structure (`malformed-bundle`);
 *  3. the signer: for a key bundle, the key hint only *selects* a trusted key — the signature must
 *     then verify against that key; a hint that names no trusted key is `untrusted-key` and nothing
 *     else is tried. For a certificate (keyless) bundle, a pinned Sigstore trusted root and an
 *     identity policy are required, the certificate must chain to the root with an SCT, the
 *     signature must be in the transparency log, and issuer and SAN must match the policy
 *     (`keyless-untrusted`). A signature that does not verify is `bad-signature`;
 *  4. DSSE payload type `application/vnd.in-toto+json` (`payload-type`). The payload type is part
 *     of what DSSE signs (PAE), so an altered payload type fails in step 3 already;
 *  5. the statement, parsed from the *verified* payload bytes only (`malformed-statement`);
 *  6. `predicateType` exactly as expected (`predicate-type`), and some subject's sha256 equal to
 *     the artifact digest (`subject-mismatch`).
 *
 * Never throws: every input, however hostile, gives a `VerifyResult`.
 */
import { BUNDLE_V03_MEDIA_TYPE, type Bundle, bundleFromJSON, ValidationError } from "@sigstore/bundle";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import {
  type SignedEntity,
  type Signer,
  type TrustMaterial,
  toSignedEntity,
  toTrustMaterial,
  VerificationError,
  Verifier,
} from "@sigstore/verify";
import { keyIdOf, type TrustedKey } from "./keys.ts";
import { INTOTO_PAYLOAD_TYPE, parseStatement, type Statement, StatementError } from "./statement.ts";

export type VerifyReason =
  | "malformed-bundle"
  | "unsupported-media-type"
  | "untrusted-key"
  | "bad-signature"
  | "payload-type"
  | "malformed-statement"
  | "predicate-type"
  | "subject-mismatch"
  /** Sigstore-service evidence (certificate, transparency log, timestamp) is not trusted or not pinned. */
  | "keyless-untrusted"
  | "too-large";

export type VerifyResult =
  | { ok: true; statement: Statement; predicate: unknown; keyId: string; signer: string }
  | { ok: false; reason: VerifyReason; message: string };

export interface KeylessIdentity {
  /** OIDC issuer, compared exactly, e.g. `https://token.actions.githubusercontent.com`. */
  issuer: string;
  /** Certificate SAN: a string is compared exactly; a RegExp is tested (anchor it yourself). */
  subjectAlternativeName: string | RegExp;
}

export interface VerifyPolicy {
  trustedKeys: readonly TrustedKey[];
  expectedPredicateType: string;
  /** Digest of the artifact the statement must be about: `sha256:<hex>`. */
  subjectDigest: string;
  /** A Sigstore `trusted_root.json` (parsed JSON), pinned locally; needed for keyless bundles. */
  trustedRoot?: object;
  keylessIdentity?: KeylessIdentity;
  /** Largest bundle accepted, in bytes. Default `DEFAULT_MAX_BUNDLE_BYTES`. */
  maxBytes?: number;
}

export const DEFAULT_MAX_BUNDLE_BYTES = 4 * 1024 * 1024;

type Failure = Extract<VerifyResult, { ok: false }>;

export function verifyAttestation(bundleBytes: Uint8Array | string, policy: VerifyPolicy): VerifyResult {
  try {
    return verify(bundleBytes, policy);
  } catch (error) {
    // Defence in depth: the steps below catch what they expect; anything else is still a refusal.
    return fail("malformed-bundle", `could not read the bundle: ${describe(error)}`);
  }
}

function verify(bundleBytes: Uint8Array | string, policy: VerifyPolicy): VerifyResult {
  // 1. Size, then JSON.
  const maxBytes = policy.maxBytes ?? DEFAULT_MAX_BUNDLE_BYTES;
  const size =
    typeof bundleBytes === "string" ? Buffer.byteLength(bundleBytes, "utf8") : bundleBytes.byteLength;
  if (size > maxBytes) return fail("too-large", `bundle is ${size} bytes; the limit is ${maxBytes}`);
  let json: unknown;
  try {
    const text =
      typeof bundleBytes === "string"
        ? bundleBytes
        : new TextDecoder("utf-8", { fatal: true }).decode(bundleBytes);
    json = JSON.parse(text);
  } catch {
    return fail("malformed-bundle", "bundle is not UTF-8 JSON");
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    return fail("malformed-bundle", `expected a JSON object (a Sigstore bundle), found ${jsonKind(json)}`);
  }

  // 2. Media type, then structure.
  const mediaType = (json as { mediaType?: unknown }).mediaType;
  if (typeof mediaType !== "string") return fail("malformed-bundle", "bundle has no mediaType string");
  if (mediaType !== BUNDLE_V03_MEDIA_TYPE) {
    return fail(
      "unsupported-media-type",
      `bundle media type is ${clip(mediaType)}, expected "${BUNDLE_V03_MEDIA_TYPE}"`,
    );
  }
  let bundle: Bundle;
  try {
    bundle = bundleFromJSON(json);
  } catch (error) {
    const fields = error instanceof ValidationError ? ` (${error.fields.join(", ")})` : "";
    return fail("malformed-bundle", `not a valid Sigstore bundle${fields}`);
  }
  if (bundle.content.$case !== "dsseEnvelope") {
    return fail("malformed-bundle", "bundle holds a message signature; an attestation is a DSSE envelope");
  }
  const envelope = bundle.content.dsseEnvelope;
  const material = bundle.verificationMaterial.content;

  // 3. Signer and signature.
  let root: TrustedRoot | undefined;
  if (policy.trustedRoot !== undefined) {
    try {
      root = TrustedRoot.fromJSON(policy.trustedRoot);
    } catch {
      return fail("keyless-untrusted", "the pinned trusted root is not a valid Sigstore trusted_root.json");
    }
  }
  let signed: { keyId: string; signer: string } | Failure;
  switch (material.$case) {
    case "publicKey":
      signed = verifyKeyBundle(bundle, material.publicKey.hint, envelope.signatures[0]!.keyid, policy, root);
      break;
    case "certificate":
      signed = verifyKeylessBundle(bundle, policy, root);
      break;
    default:
      return fail("malformed-bundle", `unsupported verification material ${clip(material.$case)}`);
  }
  if ("ok" in signed) return signed;

  // 4. Payload type (signed, so only a validly signed non-in-toto envelope gets here).
  if (envelope.payloadType !== INTOTO_PAYLOAD_TYPE) {
    return fail(
      "payload-type",
      `payload type is ${clip(envelope.payloadType)}, expected "${INTOTO_PAYLOAD_TYPE}"`,
    );
  }

  // 5. The statement, from the verified payload bytes (the buffer the signature was checked over).
  let statement: Statement;
  try {
    statement = parseStatement(envelope.payload);
  } catch (error) {
    const message = error instanceof StatementError ? error.message : "statement could not be read";
    return fail("malformed-statement", message);
  }

  // 6. What the statement is about.
  if (statement.predicateType !== policy.expectedPredicateType) {
    return fail(
      "predicate-type",
      `statement predicate type is ${clip(statement.predicateType)}, expected "${policy.expectedPredicateType}"`,
    );
  }
  const wanted = /^sha256:([a-fA-F0-9]{64})$/.exec(policy.subjectDigest)?.[1]?.toLowerCase();
  if (wanted === undefined) {
    return fail(
      "subject-mismatch",
      `expected subject digest must be "sha256:<64 hex>", got ${clip(policy.subjectDigest)}`,
    );
  }
  if (!statement.subject.some((s) => s.digest.sha256 === wanted)) {
    const found = statement.subject
      .slice(0, 5)
      .map((s) => `${clip(s.name, 60)} sha256:${s.digest.sha256.slice(0, 12)}…`)
      .join(", ");
    const more = statement.subject.length > 5 ? `, and ${statement.subject.length - 5} more` : "";
    return fail("subject-mismatch", `no subject has digest sha256:${wanted} (subjects: ${found}${more})`);
  }
  return { ok: true, statement, predicate: statement.predicate, keyId: signed.keyId, signer: signed.signer };
}

function verifyKeyBundle(
  bundle: Bundle,
  hint: string,
  signatureKeyId: string,
  policy: VerifyPolicy,
  root: TrustedRoot | undefined,
): { keyId: string; signer: string } | Failure {
  const trusted = policy.trustedKeys.find((key) => key.keyId === hint);
  if (!trusted) {
    const named =
      hint === "" ? "signed by an unnamed key (empty key hint)" : `signed by key ${shortId(hint)}`;
    const list =
      policy.trustedKeys.length === 0
        ? "no keys are trusted"
        : `trusted: ${policy.trustedKeys.map((k) => shortId(k.keyId)).join(", ")}`;
    return fail("untrusted-key", `${named} which is not in the trusted keys (${list})`);
  }
  if (signatureKeyId !== "" && signatureKeyId !== hint) {
    return fail(
      "malformed-bundle",
      `DSSE signature keyid ${shortId(signatureKeyId)} differs from the bundle's key hint ${shortId(hint)}`,
    );
  }
  const entity = signedEntity(bundle);
  if ("ok" in entity) return entity;
  let trust: TrustMaterial;
  try {
    trust = toTrustMaterial(root ?? TrustedRoot.fromJSON({}), (requested) => {
      if (requested !== trusted.keyId) {
        throw new VerificationError({
          code: "PUBLIC_KEY_ERROR",
          message: "key hint changed during verification",
        });
      }
      return { publicKey: trusted.publicKey, validFor: () => true };
    });
  } catch {
    return fail("keyless-untrusted", "the pinned trusted root is not a valid Sigstore trusted_root.json");
  }
  // No transparency log or timestamp is required for a key bundle (there is no Sigstore service in
  // the loop), but any that the bundle carries must still verify.
  const verifier = new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
  try {
    verifier.verify(entity);
  } catch (error) {
    return sigstoreFailure(error, `trusted key ${shortId(trusted.keyId)}`);
  }
  const name = trusted.name ? `${trusted.name} (key ${trusted.keyId})` : `key ${trusted.keyId}`;
  return { keyId: trusted.keyId, signer: name };
}

function verifyKeylessBundle(
  bundle: Bundle,
  policy: VerifyPolicy,
  root: TrustedRoot | undefined,
): { keyId: string; signer: string } | Failure {
  const entity = signedEntity(bundle);
  if ("ok" in entity) return entity;
  const claimed = entity.key.$case === "certificate" ? certificateIdentity(entity) : "unknown identity";
  if (!root) {
    return fail(
      "keyless-untrusted",
      `bundle is signed keylessly (certificate for ${claimed}); verifying it needs a pinned Sigstore trusted root ` +
        "(trusted_root.json), and none was given",
    );
  }
  const identity = policy.keylessIdentity;
  if (!identity) {
    return fail(
      "keyless-untrusted",
      `bundle is signed keylessly (certificate for ${claimed}) but no keyless identity (issuer and subject) is trusted`,
    );
  }
  let trust: TrustMaterial;
  try {
    trust = toTrustMaterial(root, () => {
      throw new VerificationError({
        code: "PUBLIC_KEY_ERROR",
        message: "no public keys are trusted for keyless",
      });
    });
  } catch {
    return fail("keyless-untrusted", "the pinned trusted root is not a valid Sigstore trusted_root.json");
  }
  // Defaults: one transparency-log entry, one SCT, one timestamp (the log's integrated time counts).
  const verifier = new Verifier(trust, { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 });
  let signer: Signer;
  try {
    signer = verifier.verify(entity);
  } catch (error) {
    return sigstoreFailure(error, `the certificate for ${claimed}`);
  }
  // Identity policy, checked here rather than by @sigstore/verify, which treats a SAN string as an
  // unanchored regular expression.
  const san = signer.identity?.subjectAlternativeName;
  const issuer = signer.identity?.extensions?.issuer;
  const sanOk =
    san !== undefined &&
    (typeof identity.subjectAlternativeName === "string"
      ? san === identity.subjectAlternativeName
      : identity.subjectAlternativeName.test(san));
  if (!sanOk || issuer !== identity.issuer) {
    return fail(
      "keyless-untrusted",
      `certificate identity is ${clip(san ?? "(none)")} issued by ${clip(issuer ?? "(none)")}, ` +
        `expected ${typeof identity.subjectAlternativeName === "string" ? `"${identity.subjectAlternativeName}"` : String(identity.subjectAlternativeName)} ` +
        `issued by "${identity.issuer}"`,
    );
  }
  return { keyId: keyIdOf(signer.key), signer: `${san} (issuer ${issuer})` };
}

function signedEntity(bundle: Bundle): SignedEntity | Failure {
  try {
    return toSignedEntity(bundle);
  } catch (error) {
    return fail("malformed-bundle", `bundle verification material is unreadable: ${describe(error)}`);
  }
}

function certificateIdentity(entity: SignedEntity): string {
  try {
    if (entity.key.$case !== "certificate") return "unknown identity";
    return clip(entity.key.certificate.subjectAltName ?? "no SAN");
  } catch {
    return "an unreadable identity";
  }
}

/** Maps @sigstore/verify errors onto our reasons. */
function sigstoreFailure(error: unknown, signer: string): Failure {
  const code = error instanceof VerificationError ? error.code : undefined;
  const detail = `${code ?? "error"}: ${describe(error)}`;
  switch (code) {
    case "SIGNATURE_ERROR":
      return fail(
        "bad-signature",
        `signature does not verify with ${signer} (the payload, payload type or signature was altered, or another key signed it)`,
      );
    case "TLOG_BODY_ERROR":
      return fail(
        "bad-signature",
        `the transparency-log entry does not match the signed envelope (${detail})`,
      );
    case "PUBLIC_KEY_ERROR":
      return fail("untrusted-key", `the signing key is not trusted (${detail})`);
    default:
      return fail("keyless-untrusted", `Sigstore verification material is not trusted (${detail})`);
  }
}

function fail(reason: VerifyReason, message: string): Failure {
  return { ok: false, reason, message };
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return clip(message, 200, false);
}

function jsonKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

/** A value from the bundle, quoted, escaped and shortened for a message. */
function clip(value: string, max = 80, quote = true): string {
  const short = value.length > max ? `${value.slice(0, max)}…` : value;
  return quote ? JSON.stringify(short) : short.replace(/[\u0000-\u001f\u007f]/g, "?");
}

function shortId(keyId: string): string {
  const printable = keyId.replace(/[^\x21-\x7e]/g, "?");
  return printable.length > 16 ? `${printable.slice(0, 16)}…` : printable;
}
