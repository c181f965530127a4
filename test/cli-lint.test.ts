import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LINT_RULES, LOADER_RULES } from "../core/lint/registry.ts";
import { charterBin, cli, EXAMPLE, ROOT } from "./helpers/cli.ts";
import { gitRepo, writeTree } from "./helpers/tree.ts";

function brokenCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "charter-broken-"));
  cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

/** Injects one fault per entry; returns the expected `rule file:line:col` of each. */
function inject(
  dir: string,
  faults: { file: string; from: string; to: string; needle: string; rule: string }[],
): string[] {
  const expected: string[] = [];
  for (const f of faults) {
    const path = join(dir, f.file);
    const text = readFileSync(path, "utf8");
    if (!text.includes(f.from)) throw new Error(`fault source not found in ${f.file}: ${f.from}`);
    const next = text.replace(f.from, f.to);
    writeTree({ [f.file]: next }, dir);
    const index = next.indexOf(f.needle, next.indexOf(f.to));
    const before = next.slice(0, index);
    expected.push(`${f.rule} ${f.file}:${before.split("\n").length}:${index - before.lastIndexOf("\n")}`);
  }
  return expected;
}

describe("charter lint (CLI)", () => {
  it("passes the example repository through the real binary with exit 0", async () => {
    const r = await charterBin(["lint", "examples/acme"]);
    expect(r.stderr).toMatch(/skipped version-not-bumped/);
    expect(r.stdout).toMatch(/✔ \d+ files checked, no problems/);
    expect(r.code).toBe(0);
  });

  it("reports each injected fault at the right file:line:column with the right rule id", async () => {
    const dir = brokenCopy();
    const expected = inject(dir, [
      {
        file: "tenants/support/workflows/ticket-triage.yml",
        from: "route: careful",
        to: "route: carefull",
        needle: "carefull",
        rule: "unresolved-ref",
      },
      {
        file: "tenants/support/workflows/article-digest.yml",
        from: "query: ${{ inputs.topic }}",
        to: "query: ${{ inputs.topc }}",
        needle: "inputs.topc",
        rule: "expression",
      },
      {
        file: "tenants/support/workflows/vip-escalation.yml",
        from: "    retry: { max_attempts: 3",
        to: "    retries: 2\n    retry: { max_attempts: 3",
        needle: "retries",
        rule: "schema",
      },
      {
        file: "tenants/support/prompts/draft-reply.yml",
        from: "{{ ticket }}",
        to: "{{ tickt }}",
        needle: "{{ tickt }}",
        rule: "template-vars",
      },
      {
        file: "tenants/finance/routes.yml",
        from: "      - { model: claude-haiku, weight: 1 }",
        to: "      - { model: gpt-4o-mini, weight: 1 }",
        needle: "gpt-4o-mini",
        rule: "model-not-allowed",
      },
      {
        file: "tenants/finance/workflows/refund-review.yml",
        from: "tool: payments.issue_refund",
        to: "tool: crm.add_ticket_note",
        needle: "crm.add_ticket_note",
        rule: "tool-not-allowed",
      },
      {
        file: "tenants/finance/workflows/dispute-batch.yml",
        from: "max_usd: 1.50",
        to: "max_usd: 2.50",
        needle: "2.50",
        rule: "budget",
      },
      {
        file: "models.yml",
        from: "    cassettes: cassettes",
        to: "    cassettes: cassettes\n    api_key: hunter2-but-longer",
        needle: "api_key",
        rule: "secret",
      },
      {
        file: "tenants/finance/workflows/refund-review.yml",
        from: "    needs: [review, controller-approval]",
        to: "    needs: [review, controller-approval, refund]",
        needle: "refund]",
        rule: "unresolved-ref",
      },
      {
        file: "tenants/support/evals/classify-ticket.yml",
        from: "routes: [fast]",
        to: "routes: [fast, finance/careful]",
        needle: "finance/careful",
        rule: "cross-tenant",
      },
      {
        file: "tenants/finance/prompts/review-invoice.yml",
        from: "  format: json\n",
        to: "  format: jsn\n",
        needle: "jsn",
        rule: "schema",
      },
    ]);
    const r = await cli(["lint", dir, "--format", "json"], { cwd: dir });
    expect(r.code).toBe(1);
    const { diagnostics, summary } = JSON.parse(r.stdout) as {
      diagnostics: Record<string, unknown>[];
      summary: Record<string, number>;
    };
    const found = diagnostics.map((d) => `${d.rule} ${d.file}:${d.line}:${d.column}`);
    for (const e of expected) expect(found).toContain(e);
    // Nothing else is reported: the faults do not cascade. The literal api_key also breaks the schema,
    // and renaming {{ ticket }} leaves the declared variable unused (a warning).
    expect(found.filter((f) => !expected.includes(f))).toEqual([
      expect.stringMatching(/^schema models.yml:/),
      expect.stringMatching(/^template-vars tenants\/support\/prompts\/draft-reply.yml:/),
    ]);
    expect(Object.keys(diagnostics[0]!).sort()).toEqual([
      "column",
      "file",
      "line",
      "message",
      "rule",
      "severity",
    ]);
    expect(summary).toMatchObject({ errors: expected.length + 1, warnings: 1 });
  });

  it("prints SARIF 2.1.0 with the rule catalogue, and GitHub annotations", async () => {
    const dir = writeTree({
      "charter.yml": "apiVersion: charter/v1\nkind: Charter\nname: x\ngovernance: { owners: [] }\n",
    });
    const sarif = await cli(["lint", dir, "--format", "sarif"], { cwd: dir });
    const log = JSON.parse(sarif.stdout);
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(
      [...LOADER_RULES, ...LINT_RULES].map((r) => r.id),
    );
    expect(log.runs[0].results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ruleId: "schema",
          level: "error",
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: "charter.yml", uriBaseId: "%SRCROOT%" },
                region: expect.objectContaining({ startLine: 4 }),
              },
            },
          ],
        }),
      ]),
    );
    const gh = await cli(["lint", dir, "--format", "github"], { cwd: dir });
    expect(gh.stdout).toMatch(
      /^::error file=charter.yml,line=4,col=\d+,.*title=charter schema::governance.owners must have at least 1 item\.$/m,
    );
    expect(gh.stdout).toMatch(
      /^::error file=models.yml,line=1,col=1,title=charter file::models.yml is missing/m,
    );
  });

  it("writes the report to --output and still prints a summary", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "charter-out-")), "report.sarif");
    const r = await cli(["lint", "examples/acme", "--format", "sarif", "--output", out]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).runs[0].results).toEqual([]);
    expect(r.stdout).toMatch(/no problems/);
  });

  it("compares with --base on a real git repository", async () => {
    const base = readFileSync(join(EXAMPLE, "tenants/support/prompts/classify-ticket.yml"), "utf8");
    const head = base.replace("Answer with JSON only.", "Answer with JSON only, no prose.");
    const tree = {
      "charter.yml": readFileSync(join(EXAMPLE, "charter.yml")),
      "tenants/support/prompts/classify-ticket.yml": base,
    };
    const { dir } = gitRepo([tree, { "tenants/support/prompts/classify-ticket.yml": head }]);
    const r = await cli(["lint", ".", "--base", "HEAD~1", "--format", "json"], { cwd: dir });
    const rules = (JSON.parse(r.stdout).diagnostics as { rule: string }[]).map((d) => d.rule);
    expect(rules).toContain("version-not-bumped");
    const atRef = await cli(["lint", ".", "--ref", "HEAD~1", "--base", "HEAD~1", "--format", "json"], {
      cwd: dir,
    });
    expect((JSON.parse(atRef.stdout).diagnostics as { rule: string }[]).map((d) => d.rule)).not.toContain(
      "version-not-bumped",
    );
  });

  it.each([
    [["lint", "--format", "xml"], /argument 'xml' is invalid/],
    [["lint", "--bogus"], /unknown option '--bogus'/],
    [["frobnicate"], /unknown command 'frobnicate'/],
    [["lint", "no/such/dir"], /is not a directory/],
    [["lint", "core"], /is not a governed repository/],
    [["lint", "examples/acme", "--base", "--upload-pack=evil"], /not a valid git ref/],
    [["lint", "examples/acme", "--base", "no-such-ref-xyz"], /Unknown git ref "no-such-ref-xyz"/],
  ])("exits 2 with a message and no stack trace on %j", async (args, message) => {
    const r = await cli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([[["--help"]], [["lint", "--help"]], [["demo", "--help"]]])(
    "prints help for %j and exits 0",
    async (args) => {
      const r = await cli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: charter/);
    },
  );

  it("lists every rule", async () => {
    const r = await cli(["lint", "--list-rules"]);
    for (const rule of [...LOADER_RULES, ...LINT_RULES]) expect(r.stdout).toContain(rule.id);
  });

  it("exits 1 through the real binary when there are errors", async () => {
    const dir = writeTree({ "charter.yml": "apiVersion: charter/v1\nkind: Charter\n" });
    const r = await charterBin(["lint", dir], ROOT);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✖ \d+ errors?/);
  });
});

describe("npx charter", () => {
  it("runs the repository's own binary after install, without fetching anything", async () => {
    const { execFile } = await import("node:child_process");
    const out = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile("npx", ["--no-install", "charter", "--version"], { cwd: ROOT }, (error, stdout) => {
        resolve({ code: error ? 1 : 0, stdout });
      });
    });
    expect(out).toEqual({ code: 0, stdout: "0.1.0\n" });
  });
});

describe("charter | head", () => {
  it("stops quietly when the reader closes the pipe", async () => {
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, [join(ROOT, "bin", "charter.js"), "lint", "--list-rules"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.stdout.destroy(); // the reader is gone before the first write

    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
