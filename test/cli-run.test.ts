import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { publishProject } from "../core/publish/project.ts";
import { writeKeyPair } from "../core/signing/keys.ts";
import { cli } from "./helpers/cli.ts";
import { mermaidParse } from "./helpers/mermaid.ts";
import { gitRepo, writeTree } from "./helpers/tree.ts";

const TREE = {
  "charter.yml": "apiVersion: charter/v1\nkind: Charter\nname: desk\ngovernance:\n  owners: [user:owner]\n",
  "models.yml":
    "apiVersion: charter/v1\nkind: Models\nproviders:\n  replay: { type: replay }\nmodels:\n  m: { provider: replay, model: m, input_cost_per_token: 0, output_cost_per_token: 0 }\n",
  "tools/util.yml":
    "apiVersion: charter/v1\nkind: ToolCatalog\nnamespace: util\nconnector: { type: builtin }\ntools:\n  word_count:\n    description: Count words.\n    effect: read\n    idempotent: true\n    input: { type: object, required: [text], properties: { text: { type: string } } }\n",
  "tenants/ops/tenant.yml":
    "apiVersion: charter/v1\nkind: Tenant\nname: ops\napprovals: { approvers: [user:owner] }\nbudget: { max_usd_per_run: 1 }\nallow: { providers: [replay], models: [m], tools: [util.*] }\n",
  "tenants/ops/workflows/desk.yml": `apiVersion: charter/v1
kind: Workflow
name: desk
version: 1.0.0
inputs:
  note: { type: string }
budget: { max_usd: 0.1, timeout: 60s }
nodes:
  draft:
    type: transform
    value: "Note: \${{ inputs.note }}"
  gate:
    type: approval
    needs: [draft]
    approvers: [user:alice, team:acme/ops]
    message: "Send \${{ nodes.draft.output }}?"
  count:
    type: tool
    needs: [gate]
    tool: util.word_count
    with: { text: "\${{ nodes.draft.output }}" }
outputs:
  words: \${{ nodes.count.output.words }}
`,
};

describe("charter run / approve / runs / explain / resume", () => {
  let registry: string;
  let pub: string;
  let state: string;
  let cwd: string;
  beforeAll(async () => {
    const { dir, shas } = gitRepo([TREE]);
    const key = await writeKeyPair(writeTree({}), "k");
    registry = join(writeTree({}), "registry");
    pub = key.publicKeyPath;
    await publishProject({
      dir,
      ref: shas[0]!,
      registry,
      env: { CHARTER_SIGNING_KEY_FILE: key.privateKeyPath },
    });
    cwd = writeTree({
      "input.yml": "note: ship the fix today\n",
      "bad.yml": "note: [\n",
      "teams.yml": "acme/ops: [bob]\n",
    });
    state = join(cwd, "state");
  });
  const common = () => ["--registry", registry, "--key", pub, "--state", state];

  it("refuses an unapproved release, runs it in development mode, parks, approves, explains", async () => {
    const refused = await cli(["run", "ops/desk@1.0.0", ...common(), "--input", "input.yml"], { cwd });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refused \(unapproved\).*\nNothing was executed\./);

    const plan = await cli(["run", "ops/desk@1.0.0", ...common(), "--plan", "--allow-unapproved"], { cwd });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain("plan: 3 nodes in 3 waves");
    expect(plan.stdout).toContain("wave 3: count (tool util.word_count read)");
    expect((await cli(["runs", "--state", state], { cwd })).stdout).toBe("No runs.\n"); // nothing ran

    const parked = await cli(
      ["run", "ops/desk@staging", ...common(), "--input", "input.yml", "--allow-unapproved"],
      {
        cwd,
      },
    );
    expect(parked.code).toBe(3);
    const runId = /run (run_\w+)/.exec(parked.stdout)![1]!;
    expect(parked.stdout).toContain(
      `waiting for approval of gate by user:alice, team:acme/ops: charter approve ${runId} gate --as LOGIN`,
    );

    const listed = await cli(["runs", "--state", state, "--tenant", "ops"], { cwd });
    expect(listed.stdout).toMatch(new RegExp(`${runId} .* waiting +ops/desk@1\\.0\\.0`));
    expect((await cli(["runs", "--state", state, "--tenant", "finance"], { cwd })).stdout).toBe("No runs.\n");

    const outsider = await cli(["approve", runId, "gate", "--as", "mallory", "--state", state], { cwd });
    expect(outsider.code).toBe(1);
    expect(outsider.stderr).toMatch(/mallory is not an approver of gate/);
    const noTeams = await cli(["approve", runId, "gate", "--as", "bob", "--state", state], { cwd });
    expect(noTeams.code).toBe(1);

    const approved = await cli(
      ["approve", runId, "gate", "--as", "bob", "--teams", "teams.yml", "--state", state, "--comment", "ok"],
      { cwd },
    );
    expect(approved.code).toBe(0);
    expect(approved.stdout).toMatch(/✓ run run_\w+: ops\/desk 1\.0\.0 succeeded/);
    expect(approved.stdout).toContain('outputs {"words":5}');

    const json = JSON.parse(
      (await cli(["explain", runId, "--state", state, "--format", "json"], { cwd })).stdout,
    );
    expect(json.plan.waves).toEqual([["draft"], ["gate"], ["count"]]);
    const story = await cli(["explain", runId, "--state", state], { cwd });
    expect(story.code).toBe(0);
    expect(story.stdout).toContain("gate (approval) — succeeded");
    expect(story.stdout).toMatch(/approved by user:bob at .* — "ok"/);
    expect(story.stdout).toContain("called util.word_count");
    expect(story.stdout).toMatch(/The run as a Mermaid flowchart[^\n]*\n\nflowchart TD\n/);
    await mermaidParse(story.stdout.slice(story.stdout.indexOf("flowchart TD")));
    const md = await cli(["explain", runId, "--state", state, "--format", "markdown"], { cwd });
    const diagram = /```mermaid\n([\s\S]*?)```/.exec(md.stdout)![1]!;
    expect(diagram).toContain("classDef succeeded");
    await mermaidParse(diagram);

    expect((await cli(["resume", "--state", state], { cwd })).stdout).toBe("Nothing to resume.\n");
    const again = await cli(["approve", runId, "gate", "--as", "alice", "--state", state], { cwd });
    expect(again.stderr).toMatch(/already approved/);
  });

  it("exports the run's spans over OTLP when an endpoint is configured", async () => {
    const received: string[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        received.push(`${req.url} ${body}`);
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const port = (server.address() as AddressInfo).port;
      const r = await cli(
        ["run", "ops/desk@1.0.0", ...common(), "--input", "input.yml", "--allow-unapproved"],
        {
          cwd,
          env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` },
        },
      );
      expect(r.code).toBe(3);
      expect(received.join("\n")).toMatch(/^\/v1\/traces .*invoke_workflow desk/m);
      expect(received.join("\n")).toContain('"charter.run.status"');
    } finally {
      server.close();
    }
  });

  it("keeps run state in PostgreSQL with --database: run, park, approve, list and explain", async () => {
    const schema = `charter_cli_${Math.random().toString(36).slice(2, 10)}`;
    const database = `postgres://postgres@127.0.0.1:5432/test?schema=${schema}`;
    const pool = new pg.Pool({ connectionString: "postgres://postgres@127.0.0.1:5432/test" });
    try {
      await pool.query("select 1").catch((e: Error) => {
        throw new Error(`PostgreSQL on 127.0.0.1:5432 is needed for this test: ${e.message}`);
      });
      const db = ["--database", database];
      const parked = await cli(
        ["run", "ops/desk@1.0.0", ...common(), ...db, "--input", "input.yml", "--allow-unapproved"],
        { cwd },
      );
      expect(parked.code, parked.stderr).toBe(3);
      const runId = /run (run_\w+)/.exec(parked.stdout)![1]!;
      expect((await cli(["runs", ...db], { cwd })).stdout).toMatch(new RegExp(`${runId} .* waiting`));
      const approved = await cli(["approve", runId, "gate", "--as", "alice", ...db], { cwd });
      expect(approved.code, approved.stderr).toBe(0);
      expect((await cli(["explain", runId, ...db], { cwd })).stdout).toContain("gate (approval) — succeeded");
      const rows = await pool.query(`select status from "${schema}".runs where id = $1`, [runId]);
      expect(rows.rows).toEqual([{ status: "succeeded" }]);
      // The SQLite state directory was not used.
      expect((await cli(["runs", "--state", join(cwd, "unused")], { cwd })).stdout).toBe("No runs.\n");
      expect((await cli(["runs", "--database", "mysql://x"], { cwd })).stderr).toMatch(
        /must be a postgres:\/\/ URL/,
      );
    } finally {
      await pool.query(`drop schema if exists "${schema}" cascade`).catch(() => {});
      await pool.end();
    }
  });

  it("reads the registry, keys and state from a runner configuration file; flags win over it", async () => {
    writeFileSync(
      join(cwd, "runner.yml"),
      `registry: ${registry}\nkeys: [${pub}]\nstate: cfg-state\nmode: replay\n`,
    );
    const viaFile = await cli(
      ["run", "ops/desk@1.0.0", "--config", "runner.yml", "--input", "input.yml", "--allow-unapproved"],
      { cwd },
    );
    expect(viaFile.code, viaFile.stderr).toBe(3);
    expect((await cli(["runs", "--state", join(cwd, "cfg-state")], { cwd })).stdout).toMatch(
      /waiting +ops\/desk@1\.0\.0/,
    );
    const viaEnv = await cli(["verify", "ops/desk@1.0.0"], {
      cwd,
      env: { CHARTER_RUNNER_CONFIG: "runner.yml" },
    });
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    // A flag wins: the wrong key on the command line makes verification fail although the file has the right one.
    const other = await writeKeyPair(writeTree({}), "other");
    const flagWins = await cli(
      ["verify", "ops/desk@1.0.0", "--config", "runner.yml", "--key", other.publicKeyPath],
      { cwd },
    );
    expect(flagWins.code).toBe(1);
    writeFileSync(join(cwd, "bad-config.yml"), "registry: x\nunknown: 1\n");
    const bad = await cli(["verify", "ops/desk@1.0.0", "--config", "bad-config.yml"], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad-config.yml: .*(unknown|Unrecognized key)/);
  });

  it("reports bad input and unknown runs clearly", async () => {
    const bad = await cli(
      ["run", "ops/desk@1.0.0", ...common(), "--input", "bad.yml", "--allow-unapproved"],
      { cwd },
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/input bad.yml is not valid JSON or YAML/);
    const missing = await cli(["run", "ops/desk@1.0.0", ...common(), "--input", "nope.yml"], { cwd });
    expect(missing.stderr).toMatch(/Cannot read input nope.yml: no such file/);
    const unknown = await cli(["explain", "run_nope", "--state", state], { cwd });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No run run_nope/);
    const invalid = await cli(["run", "ops/desk@1.0.0", ...common(), "--allow-unapproved"], { cwd });
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toMatch(/input "note" is required/);
    writeFileSync(join(cwd, "list.json"), "[1,2]");
    const notObject = await cli(["run", "ops/desk@1.0.0", ...common(), "--input", "list.json"], { cwd });
    expect(notObject.code).toBe(2);
  });
});
