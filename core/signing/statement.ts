/**
 * What charter signs: in-toto Statement v1 documents (`{_type, subject, predicateType, predicate}`)
 * carrying one of two predicates about a released workflow bundle:
 *
 * - SLSA provenance v1 (`https://slsa.dev/provenance/v1`): which repository, ref and commit the
 *   bundle was built from, by which builder. Standard tooling (slsa-verifier-style policies, cosign
 *   `--type slsaprovenance1`) can read it.
 * - The governance record (`https://charter.dev/attestation/governance/v1`): who changed it, who
 *   approved which commit, which checks and evaluations passed, which policy applied, and the
 *   release's place in its history (`sequence`, `previous`, `expires`) for rollback and freeze
 *   protection.
 *
 * Parsing is strict (unknown keys, malformed digests and dates are errors, each named by its path):
 * these documents come from signed bytes, and anything a verifier does not understand it rejects.
 */
import * as z from "zod";

export const STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
export const INTOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
export const SLSA_PROVENANCE_V1 = "https://slsa.dev/provenance/v1";
export const GOVERNANCE_PREDICATE_V1 = "https://charter.dev/attestation/governance/v1";
export const BUILD_TYPE = "https://charter.dev/buildtypes/workflow-bundle/v1";

/** A statement or predicate that does not have the required shape. The message lists every path. */
export class StatementError extends Error {
  override name = "StatementError";
}

const hex64 = z.string().regex(/^[a-f0-9]{64}$/, "expected 64 lowercase hex characters");
const gitSha = z.string().regex(/^[a-f0-9]{40}$/, "expected a 40-character lowercase hex commit id");
const prefixedSha256 = z.string().regex(/^sha256:[a-f0-9]{64}$/, 'expected "sha256:" and 64 lowercase hex');
const isoTime = z.iso.datetime({ offset: true });
const nonEmpty = z.string().min(1);

// ---------------------------------------------------------------------------------------------
// Statement

export interface Subject {
  name: string;
  digest: { sha256: string };
}

export interface Statement<P = unknown> {
  _type: typeof STATEMENT_TYPE;
  subject: Subject[];
  predicateType: string;
  predicate: P;
}

const subjectSchema = z.strictObject({
  name: nonEmpty,
  digest: z.strictObject({ sha256: hex64 }),
});

const statementSchema = z.strictObject({
  _type: z.literal(STATEMENT_TYPE),
  subject: z.array(subjectSchema).min(1),
  predicateType: nonEmpty,
  predicate: z.record(z.string(), z.unknown()),
});

/** A statement about `subject` (one or several artifacts). Throws `StatementError` on a bad subject. */
export function buildStatement<P extends object>(
  subject: Subject | readonly Subject[],
  predicateType: string,
  predicate: P,
): Statement<P> {
  const statement = {
    _type: STATEMENT_TYPE,
    subject: Array.isArray(subject) ? [...subject] : [subject as Subject],
    predicateType,
    predicate,
  } satisfies Statement<P>;
  checked(statementSchema, statement, "statement");
  return statement;
}

/**
 * Parses statement bytes (UTF-8 JSON) strictly: `_type` exactly Statement v1, at least one subject,
 * every subject digest a lowercase hex sha256, `predicateType` a non-empty string, `predicate` an
 * object, nothing else. Throws `StatementError`.
 */
export function parseStatement(bytes: Uint8Array | string): Statement {
  let value: unknown;
  try {
    const text = typeof bytes === "string" ? bytes : new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    value = JSON.parse(text);
  } catch {
    throw new StatementError("statement is not UTF-8 JSON");
  }
  return checked(statementSchema, value, "statement") as Statement;
}

/** Validates a value already in memory against the statement schema (e.g. before signing it). */
export function assertStatement(value: unknown): asserts value is Statement {
  checked(statementSchema, value, "statement");
}

// ---------------------------------------------------------------------------------------------
// SLSA provenance v1

export interface ResourceDescriptor {
  uri: string;
  digest: Record<string, string>;
}

export interface BundleEntry {
  path: string;
  sha256: string;
  size: number;
}

export interface SlsaProvenance {
  buildDefinition: {
    buildType: typeof BUILD_TYPE;
    externalParameters: {
      repository: string;
      ref: string;
      tenant: string;
      workflow: string;
      version: string;
    };
    internalParameters: { workflowPath?: string; bundleEntries?: BundleEntry[] };
    resolvedDependencies: ResourceDescriptor[];
  };
  runDetails: {
    builder: { id: string };
    metadata: { invocationId?: string; startedOn?: string; finishedOn?: string };
  };
}

export interface ProvenanceInput {
  /** Repository URL, e.g. `https://github.com/acme/workflows`. */
  repository: string;
  /** Git ref built, e.g. `refs/heads/main`. */
  ref: string;
  /** Commit built (40 hex). */
  commit: string;
  /** Repository path of the workflow definition file, e.g. `tenants/support/workflows/triage.yml`. */
  workflowPath?: string;
  /** URI of the builder, e.g. the publishing workflow `https://github.com/o/r/.github/workflows/p.yml@refs/heads/main`. */
  builderId: string;
  /** URI of this run, e.g. `https://github.com/o/r/actions/runs/1/attempts/1`. */
  invocationId?: string;
  startedOn?: string;
  finishedOn?: string;
  tenant: string;
  workflow: string;
  version: string;
  /** The files inside the bundle, as listed by its index. */
  bundleEntries?: BundleEntry[];
}

const bundleEntrySchema = z.strictObject({ path: nonEmpty, sha256: hex64, size: z.int().min(0) });
const uri = z.string().regex(/^[a-z][a-z0-9+.-]*:\S+$/i, "expected an absolute URI");

const provenanceSchema = z.strictObject({
  buildDefinition: z.strictObject({
    buildType: z.literal(BUILD_TYPE),
    externalParameters: z.strictObject({
      repository: z.url(),
      ref: nonEmpty,
      tenant: nonEmpty,
      workflow: nonEmpty,
      version: nonEmpty,
    }),
    internalParameters: z.strictObject({
      workflowPath: nonEmpty.optional(),
      bundleEntries: z.array(bundleEntrySchema).optional(),
    }),
    resolvedDependencies: z
      .array(z.strictObject({ uri: nonEmpty, digest: z.record(z.string(), nonEmpty) }))
      .min(1),
  }),
  runDetails: z.strictObject({
    builder: z.strictObject({ id: uri }),
    metadata: z.strictObject({
      invocationId: nonEmpty.optional(),
      startedOn: isoTime.optional(),
      finishedOn: isoTime.optional(),
    }),
  }),
});

/** SLSA v1 provenance for a bundle built from `repository@ref` at `commit`. Throws `StatementError`. */
export function buildProvenance(input: ProvenanceInput): SlsaProvenance {
  if (!gitSha.safeParse(input.commit).success) {
    throw new StatementError(`provenance: commit must be 40 lowercase hex characters, got "${input.commit}"`);
  }
  const provenance: SlsaProvenance = {
    buildDefinition: {
      buildType: BUILD_TYPE,
      externalParameters: {
        repository: input.repository,
        ref: input.ref,
        tenant: input.tenant,
        workflow: input.workflow,
        version: input.version,
      },
      internalParameters: withoutUndefined({
        workflowPath: input.workflowPath,
        bundleEntries: input.bundleEntries,
      }),
      resolvedDependencies: [
        { uri: `git+${input.repository}@${input.ref}`, digest: { gitCommit: input.commit } },
      ],
    },
    runDetails: {
      builder: { id: input.builderId },
      metadata: withoutUndefined({
        invocationId: input.invocationId,
        startedOn: input.startedOn,
        finishedOn: input.finishedOn,
      }),
    },
  };
  checked(provenanceSchema, provenance, "provenance");
  return provenance;
}

/** Parses a charter SLSA provenance predicate strictly. Throws `StatementError`. */
export function parseProvenance(value: unknown): SlsaProvenance {
  return checked(provenanceSchema, value, "provenance") as SlsaProvenance;
}

// ---------------------------------------------------------------------------------------------
// Governance record

const githubUser = z.strictObject({ login: nonEmpty, id: z.int().positive() });

export const governancePredicateSchema = z
  .strictObject({
    /** `tenant/workflow`. */
    name: nonEmpty,
    tenant: nonEmpty,
    workflow: nonEmpty,
    version: nonEmpty,
    /** Position of this release in the workflow's history: 1, 2, 3… with no gaps. */
    sequence: z.int().min(1),
    /** The release this one follows (digest of its governance statement), null for the first. */
    previous: z.strictObject({ digest: prefixedSha256, version: nonEmpty }).nullable(),
    issuedAt: isoTime,
    /** A runner refuses the release after this time (freeze protection). */
    expires: isoTime,
    source: z.strictObject({ repository: z.url(), commit: gitSha, ref: nonEmpty }),
    pullRequest: z
      .strictObject({
        number: z.int().positive(),
        url: z.url().optional(),
        author: githubUser,
        merger: githubUser.nullable(),
        mergedAt: isoTime.nullable().optional(),
        /** The head commit the counted approvals were given on. */
        approvedHead: gitSha,
        headSha: gitSha,
        /** Whether the governed files are identical at `approvedHead` and at the merged commit. */
        treeEqual: z.boolean().optional(),
      })
      .nullable(),
    /** Every standing approval, counted or not (with the reason it was not). */
    approvals: z.array(
      z.strictObject({
        reviewer: githubUser,
        reviewId: z.int().positive(),
        commit: gitSha,
        submittedAt: isoTime,
        tenant: nonEmpty.optional(),
        counted: z.boolean(),
        /** How a counted reviewer qualified, e.g. `user:alice` or `team:acme/support`. */
        via: nonEmpty.optional(),
        reason: nonEmpty.optional(),
      }),
    ),
    /** Check runs on the head; `conclusion` is null while a check is still running. */
    checks: z.array(z.strictObject({ name: nonEmpty, conclusion: nonEmpty.nullable(), headSha: gitSha })),
    policy: z.strictObject({
      digest: prefixedSha256,
      /** The commit whose policy applied (the base of the merge). */
      commit: gitSha,
      /** Approvals the tenant requires. */
      required: z.int().min(0).optional(),
      /** The tenant's approvers as written in the policy. */
      approvers: z.array(nonEmpty).optional(),
    }),
    /** The pull request evaluation (the eval summary charter posts on the pull request). */
    eval: z
      .strictObject({
        /** The commit the evaluation ran on. */
        head: gitSha,
        conclusion: z.enum(["success", "failure"]),
        passed: z.boolean(),
        /** Whether `head` is the merged pull request head. */
        atMergedHead: z.boolean().optional(),
        suites: z.array(
          z.strictObject({
            /** `tenant/suite`. */
            suite: nonEmpty,
            /** Null when the suite did not run at the head. */
            passRate: z.number().min(0).max(1).nullable(),
            passed: z.boolean(),
            regressions: z.int().min(0),
            cases: z.int().min(0),
          }),
        ),
        summary: z
          .strictObject({
            suites: z.int().min(0),
            cases: z.int().min(0),
            passedCases: z.int().min(0),
            failedSuites: z.int().min(0),
          })
          .optional(),
      })
      .nullable(),
    bundle: z.strictObject({ digest: prefixedSha256, mediaType: nonEmpty }),
  })
  .superRefine((p, ctx) => {
    if (p.name !== `${p.tenant}/${p.workflow}`) {
      ctx.addIssue({ code: "custom", path: ["name"], message: `expected "${p.tenant}/${p.workflow}"` });
    }
    if (p.sequence === 1 && p.previous !== null) {
      ctx.addIssue({
        code: "custom",
        path: ["previous"],
        message: "the first release (sequence 1) has no previous",
      });
    }
    if (p.sequence > 1 && p.previous === null) {
      ctx.addIssue({
        code: "custom",
        path: ["previous"],
        message: `sequence ${p.sequence} needs a previous release`,
      });
    }
    if (Date.parse(p.expires) <= Date.parse(p.issuedAt)) {
      ctx.addIssue({ code: "custom", path: ["expires"], message: "must be later than issuedAt" });
    }
  });

export type GovernancePredicate = z.infer<typeof governancePredicateSchema>;

/** Parses a governance predicate strictly. Throws `StatementError` listing each bad path. */
export function parseGovernancePredicate(value: unknown): GovernancePredicate {
  return checked(governancePredicateSchema, value, "predicate");
}

// ---------------------------------------------------------------------------------------------

/**
 * Returns `value` itself once it validates (the schemas have no transforms or defaults, so zod's
 * copy would be equal; keeping the original avoids re-creating objects from hostile keys).
 */
function checked<T>(schema: z.ZodType<T>, value: unknown, root: string): T {
  const result = schema.safeParse(value);
  if (result.success) return value as T;
  const problems = result.error.issues.map((issue) => `${formatPath(root, issue.path)}: ${issue.message}`);
  throw new StatementError(`invalid ${root}: ${problems.join("; ")}`);
}

function formatPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const part of path) {
    out += typeof part === "number" ? `[${part}]` : `.${String(part)}`;
  }
  return out;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
