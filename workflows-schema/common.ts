/**
 * Primitives shared by every file kind of the governed repository contract.
 *
 * The authored schemas are strict (unknown keys are errors), carry a description on every key and
 * no transforms: normalisation happens in `core/`, so the JSON Schema generated from these stays a
 * faithful picture of what people write.
 */
import * as z from "zod";

export const API_VERSION = "charter/v1";

export const apiVersion = z
  .literal(API_VERSION)
  .describe(`Contract version of this file. Always \`${API_VERSION}\`.`);

/** A lower-case identifier used for tenants, workflows, prompts, routes, suites and knowledge. */
export const name = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, {
    message: "must be lower-case letters, digits and hyphens, starting with a letter (at most 63 characters)",
  })
  .describe("Lower-case name: letters, digits and hyphens, starting with a letter.");

/** Node ids are used in expressions (`nodes.<id>.output`), so they follow GitHub's identifier rules. */
export const nodeId = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,62}$/, {
    message: "must be lower-case letters, digits, '-' or '_', starting with a letter",
  })
  .describe("Node id: lower-case letters, digits, '-' or '_', starting with a letter.");

/** Semantic version 2.0.0 (https://semver.org). */
export const semver = z
  .string()
  .regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/, {
    message: "must be a semantic version such as 1.4.0",
  })
  .describe("Semantic version (MAJOR.MINOR.PATCH). Bump it whenever the content changes.");

export const DURATION_PATTERN = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;

/** A duration such as `500ms`, `30s`, `5m`, `24h`, `1h30m`. */
export const duration = z
  .string()
  .regex(DURATION_PATTERN, { message: "must be a duration such as 500ms, 30s, 5m, 24h or 1h30m" })
  .describe("Duration: a number with a unit (ms, s, m, h, d), e.g. 30s, 5m, 1h30m.");

export const usd = z.number().nonnegative().describe("Amount in US dollars.");

/** A `${{ }}` expression, or a plain value. Expressions are checked by the linter, not the schema. */
export const expression = z
  .string()
  .describe("A `${{ … }}` expression in the GitHub Actions expression language.");

/** Any YAML value; strings may contain `${{ }}` expressions that are evaluated at run time. */
export const templatedValue = z
  .unknown()
  .describe(
    "Any value. Strings may contain `${{ … }}` expressions; a string that is exactly one expression keeps the expression's type.",
  );

/** A JSON Schema document (draft 2020-12). Its content is user-defined, so it is not strict. */
export const jsonSchema = z
  .record(z.string(), z.unknown())
  .describe("A JSON Schema (draft 2020-12) describing the value.");

const login = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, { message: "must be a GitHub login" });
const teamSlug = z
  .string()
  .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/, { message: "must be a GitHub team as org/team-slug" });

export const PRINCIPAL_PATTERN =
  /^(?:user:[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})|team:[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+)$/;

/**
 * Who may approve: a GitHub user or team. The object form binds a user to their numeric id, which
 * is what the approvals engine compares (logins can be renamed and re-claimed by someone else).
 */
export const principal = z
  .union([
    z
      .string()
      .regex(PRINCIPAL_PATTERN, { message: "must be user:LOGIN or team:ORG/SLUG" })
      .describe("`user:LOGIN` or `team:ORG/SLUG`."),
    z
      .strictObject({
        user: login.describe("GitHub login."),
        id: z.int().positive().optional().describe("Numeric GitHub user id; approvals are matched on it."),
      })
      .describe("A GitHub user, optionally bound to their numeric id."),
    z.strictObject({ team: teamSlug.describe("GitHub team as ORG/SLUG.") }).describe("A GitHub team."),
  ])
  .describe("A GitHub user or team.");

/**
 * Backoff fields shared by node retries and route retries (names follow LangGraph's RetryPolicy);
 * each use sets its own defaults.
 */
export function backoffFields(defaults: {
  maxAttempts: number;
  initialInterval: string;
  maxInterval: string;
}) {
  return {
    max_attempts: z
      .int()
      .min(1)
      .max(20)
      .default(defaults.maxAttempts)
      .describe("Total attempts, including the first."),
    initial_interval: duration.default(defaults.initialInterval).describe("Wait before the first retry."),
    backoff_factor: z
      .number()
      .min(1)
      .max(10)
      .default(2)
      .describe("Multiplier applied to the wait after each retry."),
    max_interval: duration
      .default(defaults.maxInterval)
      .describe("Upper bound on the wait between attempts."),
  };
}

/** How a failed node attempt is retried. */
export const retryPolicy = z
  .strictObject({
    ...backoffFields({ maxAttempts: 3, initialInterval: "500ms", maxInterval: "30s" }),
    jitter: z.boolean().default(true).describe("Randomise waits by ±50% to avoid thundering herds."),
  })
  .describe("How failed attempts are retried.");

export const description = z.string().max(2000).describe("Human-readable description.");

export type Principal = z.infer<typeof principal>;
export type RetryPolicy = z.infer<typeof retryPolicy>;

/**
 * A reference to something in the same tenant: `name`, or `TENANT/name`. The qualified form exists
 * so that a reference into another tenant is a clear `cross-tenant` error rather than a typo.
 */
export const reference = z
  .string()
  .regex(/^(?:[a-z][a-z0-9-]{0,62}\/)?[a-z][a-z0-9-]{0,62}$/, { message: "must be a name, or TENANT/NAME" })
  .describe("Name of something in this tenant.");
