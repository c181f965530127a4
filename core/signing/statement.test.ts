/** Statement v1, SLSA provenance and governance predicate: builders and strict parsing. */
import { describe, expect, it } from "vitest";
import {
  BUILD_TYPE,
  buildProvenance,
  buildStatement,
  GOVERNANCE_PREDICATE_V1,
  parseGovernancePredicate,
  parseProvenance,
  parseStatement,
  SLSA_PROVENANCE_V1,
  STATEMENT_TYPE,
  StatementError,
} from "./statement.ts";
import { COMMIT, governancePredicate, MANIFEST_HEX, provenance, subjects } from "./test-fixtures.ts";

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const valid = () => ({
  _type: STATEMENT_TYPE,
  subject: subjects(),
  predicateType: GOVERNANCE_PREDICATE_V1,
  predicate: { any: "thing" },
});

function parseError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StatementError);
    return (error as Error).message;
  }
  throw new Error("expected a StatementError");
}

describe("statements", () => {
  it("builds a Statement v1 and parses it back from bytes", () => {
    const statement = buildStatement(subjects()[0]!, SLSA_PROVENANCE_V1, { a: 1 });
    expect(statement).toEqual({
      _type: "https://in-toto.io/Statement/v1",
      subject: [{ name: "registry.example/acme/support/triage", digest: { sha256: MANIFEST_HEX } }],
      predicateType: "https://slsa.dev/provenance/v1",
      predicate: { a: 1 },
    });
    expect(parseStatement(encode(statement))).toEqual(statement);
    expect(parseStatement(JSON.stringify(valid()))).toEqual(valid());
  });

  it("refuses a bad subject when building", () => {
    expect(() => buildStatement({ name: "x", digest: { sha256: "ABC" } }, SLSA_PROVENANCE_V1, {})).toThrow(
      /statement\.subject\[0\]\.digest\.sha256/,
    );
    expect(() => buildStatement([], SLSA_PROVENANCE_V1, {})).toThrow(/statement\.subject/);
  });

  it.each([
    ["wrong _type", { ...valid(), _type: "https://in-toto.io/Statement/v0.1" }, /statement\._type/],
    ["missing _type", { ...valid(), _type: undefined }, /statement\._type/],
    ["extra top-level key", { ...valid(), signatures: [] }, /statement: Unrecognized key.*signatures/],
    ["empty subject list", { ...valid(), subject: [] }, /statement\.subject/],
    [
      "uppercase hex digest",
      { ...valid(), subject: [{ name: "a", digest: { sha256: MANIFEST_HEX.toUpperCase() } }] },
      /statement\.subject\[0\]\.digest\.sha256: expected 64 lowercase hex/,
    ],
    [
      "short digest",
      { ...valid(), subject: [{ name: "a", digest: { sha256: "abc" } }] },
      /statement\.subject\[0\]\.digest\.sha256/,
    ],
    [
      "no sha256 digest",
      { ...valid(), subject: [{ name: "a", digest: { sha512: "ab" } }] },
      /statement\.subject\[0\]\.digest/,
    ],
    [
      "extra digest algorithm",
      { ...valid(), subject: [{ name: "a", digest: { sha256: MANIFEST_HEX, md5: "x" } }] },
      /statement\.subject\[0\]\.digest: Unrecognized key/,
    ],
    [
      "extra subject key",
      { ...valid(), subject: [{ name: "a", digest: { sha256: MANIFEST_HEX }, uri: "x" }] },
      /statement\.subject\[0\]: Unrecognized key/,
    ],
    ["empty predicateType", { ...valid(), predicateType: "" }, /statement\.predicateType/],
    ["predicate array", { ...valid(), predicate: [] }, /statement\.predicate/],
    ["predicate null", { ...valid(), predicate: null }, /statement\.predicate/],
    ["statement array", [valid()], /statement:/],
  ])("rejects %s", (_name, value, pattern) => {
    expect(parseError(() => parseStatement(encode(value)))).toMatch(pattern);
  });

  it("rejects non-JSON and invalid UTF-8", () => {
    expect(parseError(() => parseStatement("{nope"))).toMatch(/not UTF-8 JSON/);
    expect(parseError(() => parseStatement(new Uint8Array([0x7b, 0xff, 0x7d])))).toMatch(/not UTF-8 JSON/);
  });

  it("rejects a __proto__ key instead of letting it through", () => {
    const text = JSON.stringify(valid()).replace('"predicate":', '"__proto__":{"x":1},"predicate":');
    expect(parseError(() => parseStatement(text))).toMatch(/Unrecognized key.*__proto__/);
  });
});

describe("SLSA provenance", () => {
  it("has the SLSA v1 shape with charter's build type and parameters", () => {
    expect(provenance()).toEqual({
      buildDefinition: {
        buildType: "https://charter.dev/buildtypes/workflow-bundle/v1",
        externalParameters: {
          repository: "https://github.com/acme/workflows",
          ref: "refs/heads/main",
          tenant: "support",
          workflow: "triage",
          version: "1.4.0",
        },
        internalParameters: {
          workflowPath: "tenants/support/workflows/triage.yml",
          bundleEntries: [
            expect.objectContaining({ path: "tenants/support/workflows/triage.yml", size: 120 }),
          ],
        },
        resolvedDependencies: [
          { uri: "git+https://github.com/acme/workflows@refs/heads/main", digest: { gitCommit: COMMIT } },
        ],
      },
      runDetails: {
        builder: { id: "https://github.com/acme/workflows/.github/workflows/publish.yml@refs/heads/main" },
        metadata: {
          invocationId: "https://github.com/acme/workflows/actions/runs/7/attempts/1",
          startedOn: "2026-11-02T10:00:00Z",
          finishedOn: "2026-11-02T10:01:00Z",
        },
      },
    });
    expect(parseProvenance(JSON.parse(JSON.stringify(provenance())))).toEqual(provenance());
  });

  const minimal = {
    repository: "https://github.com/acme/workflows",
    ref: "refs/heads/main",
    commit: COMMIT,
    builderId: "https://github.com/acme/workflows/.github/workflows/publish.yml@refs/heads/main",
    tenant: "support",
    workflow: "triage",
    version: "1.0.0",
  };

  it("omits optional fields that were not given", () => {
    const p = buildProvenance(minimal);
    expect(p.buildDefinition.buildType).toBe(BUILD_TYPE);
    expect(p.buildDefinition.internalParameters).toEqual({});
    expect(p.runDetails.metadata).toEqual({});
    expect(JSON.stringify(p)).not.toContain("undefined");
  });

  it("refuses a bad commit, repository or builder id, and unknown external parameters", () => {
    expect(() => buildProvenance({ ...minimal, commit: "abc" })).toThrow(/commit must be 40/);
    expect(() => buildProvenance({ ...minimal, repository: "acme/workflows" })).toThrow(
      /buildDefinition\.externalParameters\.repository/,
    );
    expect(() => buildProvenance({ ...minimal, builderId: "publish.yml" })).toThrow(
      /runDetails\.builder\.id/,
    );
    const extra = JSON.parse(JSON.stringify(buildProvenance(minimal)));
    extra.buildDefinition.externalParameters.debug = true;
    expect(() => parseProvenance(extra)).toThrow(
      /provenance\.buildDefinition\.externalParameters: Unrecognized key/,
    );
  });
});

describe("governance predicate", () => {
  it("accepts the full record, and the minimal one (first release, no pull request, no eval)", () => {
    const full = governancePredicate();
    expect(parseGovernancePredicate(JSON.parse(JSON.stringify(full)))).toEqual(full);
    const first = governancePredicate({
      sequence: 1,
      previous: null,
      pullRequest: null,
      eval: null,
      approvals: [],
    });
    expect(parseGovernancePredicate(first)).toEqual(first);
  });

  const broken = (mutate: (p: Record<string, unknown> & ReturnType<typeof governancePredicate>) => void) => {
    const p = JSON.parse(JSON.stringify(governancePredicate()));
    mutate(p);
    return parseError(() => parseGovernancePredicate(p));
  };

  it("rejects unknown keys at every level, naming the path", () => {
    expect(broken((p) => Object.assign(p, { extra: 1 }))).toMatch(/predicate: Unrecognized key.*extra/);
    expect(broken((p) => Object.assign(p.approvals[0]!, { state: "APPROVED" }))).toMatch(
      /predicate\.approvals\[0\]: Unrecognized key.*state/,
    );
    expect(broken((p) => Object.assign(p.pullRequest!.author, { email: "a@b" }))).toMatch(
      /predicate\.pullRequest\.author: Unrecognized key/,
    );
  });

  it("rejects bad digests and commit ids, naming the path", () => {
    expect(broken((p) => Object.assign(p.policy, { digest: "sha256:XYZ" }))).toMatch(
      /predicate\.policy\.digest/,
    );
    expect(broken((p) => Object.assign(p.bundle, { digest: p.bundle.digest.slice(7) }))).toMatch(
      /predicate\.bundle\.digest: expected "sha256:"/,
    );
    expect(broken((p) => Object.assign(p.previous!, { digest: "sha512:ab" }))).toMatch(
      /predicate\.previous\.digest/,
    );
    expect(broken((p) => Object.assign(p.source, { commit: COMMIT.slice(1) }))).toMatch(
      /predicate\.source\.commit/,
    );
    expect(broken((p) => Object.assign(p.checks[0]!, { headSha: "HEAD" }))).toMatch(
      /predicate\.checks\[0\]\.headSha/,
    );
    expect(broken((p) => Object.assign(p.eval!, { head: "main" }))).toMatch(/predicate\.eval\.head/);
  });

  it("checks the evaluation record's shape", () => {
    expect(broken((p) => Object.assign(p.eval!, { conclusion: "neutral" }))).toMatch(
      /predicate\.eval\.conclusion/,
    );
    expect(broken((p) => Object.assign(p.eval!.suites[0]!, { passRate: 1.5 }))).toMatch(
      /predicate\.eval\.suites\[0\]\.passRate/,
    );
    expect(broken((p) => Object.assign(p.eval!.suites[0]!, { name: "x" }))).toMatch(
      /predicate\.eval\.suites\[0\]: Unrecognized key/,
    );
    expect(broken((p) => Object.assign(p.policy, { required: -1 }))).toMatch(/predicate\.policy\.required/);
    // A suite that did not run has no pass rate; a running check has no conclusion yet; an unmerged
    // pull request has no merge time.
    const p = governancePredicate();
    p.eval!.suites[0]!.passRate = null;
    p.pullRequest!.mergedAt = null;
    expect(parseGovernancePredicate(p).checks[1]!.conclusion).toBeNull();
  });

  it("rejects inconsistent history, identity and dates", () => {
    expect(broken((p) => Object.assign(p, { sequence: 0 }))).toMatch(/predicate\.sequence/);
    expect(broken((p) => Object.assign(p, { sequence: 1.5 }))).toMatch(/predicate\.sequence/);
    expect(broken((p) => Object.assign(p, { sequence: 1 }))).toMatch(
      /predicate\.previous: the first release/,
    );
    expect(broken((p) => Object.assign(p, { previous: null }))).toMatch(
      /predicate\.previous: sequence 2 needs/,
    );
    expect(broken((p) => Object.assign(p, { name: "billing/triage" }))).toMatch(
      /predicate\.name: expected "support\/triage"/,
    );
    expect(broken((p) => Object.assign(p, { expires: p.issuedAt }))).toMatch(
      /predicate\.expires: must be later/,
    );
    expect(broken((p) => Object.assign(p, { issuedAt: "yesterday" }))).toMatch(/predicate\.issuedAt/);
    expect(broken((p) => Object.assign(p.approvals[0]!.reviewer, { id: "3" }))).toMatch(
      /predicate\.approvals\[0\]\.reviewer\.id/,
    );
  });

  it("lists every problem in one message", () => {
    const message = broken((p) => {
      Object.assign(p.source, { commit: "x" });
      Object.assign(p.policy, { commit: "y" });
    });
    expect(message).toMatch(/predicate\.source\.commit.*; predicate\.policy\.commit/);
  });
});
