/**
 * Signs in-toto statements into Sigstore bundles (v0.3, DSSE envelope), the format cosign v3,
 * sigstore-js, sigstore-go and GitHub all read. Two signers, one output format:
 *
 * - key: an ECDSA P-256 key pair, fully offline. The bundle names the key by its id
 *   (`verificationMaterial.publicKey.hint`, also the DSSE `keyid`) and carries no transparency-log
 *   entry or timestamp; verifiers need the public key.
 * - keyless: an ephemeral key certified by Fulcio for the CI job's OIDC identity (GitHub Actions:
 *   `permissions: id-token: write`), with the signature recorded in Rekor. Verifiers need the
 *   Sigstore trusted root and an identity policy.
 *
 * The signed bytes are canonical JSON of the statement; DSSE signs `PAE(payloadType, payload)`.
 */
import { sign as cryptoSign } from "node:crypto";
import { BUNDLE_V03_MEDIA_TYPE, type Bundle, bundleToJSON, type SerializedBundle } from "@sigstore/bundle";
import {
  CIContextProvider,
  DEFAULT_FULCIO_URL,
  DEFAULT_REKOR_URL,
  DSSEBundleBuilder,
  FulcioSigner,
  type IdentityProvider,
  RekorWitness,
  type Signer,
  TSAWitness,
  type Witness,
} from "@sigstore/sign";
import { InternalError, UserError } from "../errors.ts";
import { canonicalJson } from "../text/canonical-json.ts";
import { loadSigningKey, SIGNING_KEY_ENV, SIGNING_KEY_FILE_ENV, type SigningKey } from "./keys.ts";
import { assertStatement, INTOTO_PAYLOAD_TYPE, type Statement } from "./statement.ts";

/** A Sigstore bundle in its JSON form (what is written to `*.sigstore.json` and to registries). */
export type SigstoreBundleJSON = SerializedBundle;

export interface AttestationSigner {
  readonly kind: "key" | "keyless";
  /** Who signs, for messages: `key <keyId>` or the keyless services used. */
  readonly identity: string;
  signStatement(statement: Statement): Promise<SigstoreBundleJSON>;
}

/** The bytes that get signed for a statement (and that verification hands back). */
export function statementPayload(statement: Statement): Buffer {
  return Buffer.from(canonicalJson(statement), "utf8");
}

/** Offline signer for a P-256 key pair. */
export function keySigner(key: SigningKey): AttestationSigner {
  const signer: Signer = {
    sign: async (data) => ({
      // node:crypto signs ECDSA with a DER-encoded (r, s), which is what Sigstore bundles carry.
      signature: cryptoSign("sha256", data, key.privateKey),
      key: { $case: "publicKey", publicKey: key.publicKeyPem, hint: key.keyId },
    }),
  };
  const builder = new DSSEBundleBuilder({ signer, witnesses: [] });
  return {
    kind: "key",
    identity: `key ${key.keyId}`,
    async signStatement(statement) {
      assertStatement(statement);
      const bundle = await builder.create({ data: statementPayload(statement), type: INTOTO_PAYLOAD_TYPE });
      return finish(bundle);
    },
  };
}

export interface KeylessOptions {
  fulcioURL?: string;
  rekorURL?: string;
  /** Also obtain an RFC 3161 timestamp from this TSA (in addition to the Rekor entry). */
  tsaServerURL?: string;
  /** Defaults to the CI provider: GitHub Actions OIDC (or `SIGSTORE_ID_TOKEN`), audience "sigstore". */
  identityProvider?: IdentityProvider;
  /** Per-request timeout in milliseconds for Fulcio/Rekor/TSA. */
  timeout?: number;
}

/** Keyless signer: Fulcio certificate for the CI identity, Rekor transparency-log entry. */
export function keylessSigner(opts: KeylessOptions = {}): AttestationSigner {
  const fulcioURL = opts.fulcioURL ?? DEFAULT_FULCIO_URL;
  const rekorURL = opts.rekorURL ?? DEFAULT_REKOR_URL;
  const signer = new FulcioSigner({
    identityProvider: opts.identityProvider ?? new CIContextProvider("sigstore"),
    fulcioBaseURL: fulcioURL,
    ...(opts.timeout === undefined ? {} : { timeout: opts.timeout }),
  });
  const witnesses: Witness[] = [
    new RekorWitness({
      rekorBaseURL: rekorURL,
      entryType: "dsse",
      ...(opts.timeout === undefined ? {} : { timeout: opts.timeout }),
    }),
  ];
  if (opts.tsaServerURL) {
    witnesses.push(
      new TSAWitness({
        tsaBaseURL: opts.tsaServerURL,
        ...(opts.timeout === undefined ? {} : { timeout: opts.timeout }),
      }),
    );
  }
  const builder = new DSSEBundleBuilder({ signer, witnesses });
  return {
    kind: "keyless",
    identity: `keyless (Fulcio ${fulcioURL}, Rekor ${rekorURL}${opts.tsaServerURL ? `, TSA ${opts.tsaServerURL}` : ""})`,
    async signStatement(statement) {
      assertStatement(statement);
      let bundle: Bundle;
      try {
        bundle = await builder.create({ data: statementPayload(statement), type: INTOTO_PAYLOAD_TYPE });
      } catch (error) {
        throw keylessFailure(error);
      }
      return finish(bundle);
    },
  };
}

/** Whether a CI OIDC token can be requested (GitHub Actions with `id-token: write`, or `SIGSTORE_ID_TOKEN`). */
export function keylessAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  const actions = Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
  return actions || Boolean(env.SIGSTORE_ID_TOKEN);
}

export interface SignerChoice {
  env?: NodeJS.ProcessEnv;
  /** `--key FILE`. */
  keyFile?: string;
  /** "auto" (default): key if one is configured, else keyless if an OIDC token is available. */
  keyless?: "auto" | "never" | "always";
  keylessOptions?: KeylessOptions;
}

/**
 * Picks the signer: a configured key (`--key`, `CHARTER_SIGNING_KEY`, `CHARTER_SIGNING_KEY_FILE`)
 * first; else keyless when an OIDC token is available and allowed; else a `UserError` saying how to
 * set up a key. With `keyless: "always"`, keys in the environment are ignored and `--key` is an error.
 *
 * Note: the default keyless identity provider reads the OIDC variables from `process.env`, not `env`.
 */
export function signerFromEnvironment(choice: SignerChoice = {}): AttestationSigner {
  const env = choice.env ?? process.env;
  const mode = choice.keyless ?? "auto";
  if (mode === "always") {
    if (choice.keyFile) throw new UserError("--key cannot be combined with keyless signing; choose one.");
    if (!keylessAvailable(env)) {
      throw new UserError(
        "Keyless signing needs an OIDC token: run in GitHub Actions with `permissions: id-token: write` " +
          "(ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set).",
      );
    }
    return keylessSigner(choice.keylessOptions);
  }
  const keyConfigured = Boolean(
    choice.keyFile || env[SIGNING_KEY_ENV]?.trim() || env[SIGNING_KEY_FILE_ENV]?.trim(),
  );
  if (keyConfigured || mode === "never") {
    return keySigner(loadSigningKey({ env, ...(choice.keyFile ? { file: choice.keyFile } : {}) }));
  }
  if (keylessAvailable(env)) return keylessSigner(choice.keylessOptions);
  throw new UserError(
    `No signing key and no OIDC token for keyless signing. Run \`charter keys generate\` and set ${SIGNING_KEY_ENV} ` +
      `(or pass --key FILE), or sign in GitHub Actions with \`permissions: id-token: write\`.`,
  );
}

function finish(bundle: Bundle): SigstoreBundleJSON {
  const json = bundleToJSON(bundle);
  if (json.mediaType !== BUNDLE_V03_MEDIA_TYPE) {
    throw new InternalError(`signing produced a ${json.mediaType} bundle, expected ${BUNDLE_V03_MEDIA_TYPE}`);
  }
  return json;
}

function keylessFailure(error: unknown): Error {
  const code = (error as { code?: unknown }).code;
  // sigstore's IDENTITY_TOKEN_PARSE_ERROR message embeds the token itself: never repeat it.
  const message =
    code === "IDENTITY_TOKEN_PARSE_ERROR"
      ? "the OIDC identity token is not a readable JWT"
      : error instanceof Error
        ? error.message
        : String(error);
  const cause = code === "IDENTITY_TOKEN_PARSE_ERROR" ? undefined : error;
  const hint =
    code === "IDENTITY_TOKEN_READ_ERROR"
      ? " — does the job have `permissions: id-token: write` (fork pull requests never get a token)?"
      : "";
  return new UserError(
    `Keyless signing failed${typeof code === "string" ? ` (${code})` : ""}: ${message}${hint}`,
    {
      exitCode: 1,
      cause,
    },
  );
}
