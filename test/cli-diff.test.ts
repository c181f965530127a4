import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./helpers/cli.ts";
import { edit, validRepo } from "./helpers/governed-repo.ts";
import { mermaidParse } from "./helpers/mermaid.ts";
import { gitRepo, writeTree } from "./helpers/tree.ts";

function repoWithChange() {
  const base = validRepo();
  const head = edit(
    edit(base, "tenants/support/workflows/triage.yml", "route: fast", "route: careful"),
    "tenants/support/workflows/triage.yml",
    "version: 1.0.0\ninputs",
    "version: 1.1.0\ninputs",
  );
  return gitRepo([base, head]);
}

describe("charter diff (CLI)", () => {
  it("prints the change set for a terminal, comparing two refs", async () => {
    const { dir } = repoWithChange();
    const r = await cli(["diff", ".", "--base", "HEAD~1", "--head", "HEAD"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "tenant support — 1 change, risk medium\n  medium   node-changed       triage: node classify changed (route).\n",
    );
  });

  it("compares the working tree with --base when --head is absent", async () => {
    const { dir } = gitRepo([validRepo()]);
    writeTree(
      {
        "tenants/support/routes.yml": (validRepo()["tenants/support/routes.yml"] as string).replace(
          "model: big",
          "model: small",
        ),
      },
      dir,
    );
    const r = await cli(["diff", "--base", "HEAD", "--format", "json"], { cwd: dir });
    const json = JSON.parse(r.stdout);
    expect(json.changes.map((c: { kind: string }) => c.kind)).toEqual(["route-changed"]);
    expect(json.base).toMatch(/^[0-9a-f]{40}$/);
    expect(Object.keys(json).sort()).toEqual(["base", "changes", "summaries", "workflows"]);
  });

  it("emits markdown with a parseable diagram, and raw mermaid", async () => {
    const { dir } = repoWithChange();
    const md = await cli(["diff", "--base", "HEAD~1", "--head", "HEAD", "--format", "markdown"], {
      cwd: dir,
    });
    expect(md.stdout.startsWith("<!-- charter:diff -->")).toBe(true);
    const mermaid = await cli(["diff", "--base", "HEAD~1", "--head", "HEAD", "--format", "mermaid"], {
      cwd: dir,
    });
    expect(mermaid.stdout.startsWith("%% support/triage (changed)\nflowchart TD\n")).toBe(true);
    await mermaidParse(mermaid.stdout);
  });

  it("writes a self-contained HTML page with --html", async () => {
    const { dir } = repoWithChange();
    const r = await cli(["diff", "--base", "HEAD~1", "--head", "HEAD", "--html", "out.html"], { cwd: dir });
    expect(r.stderr).toBe("wrote out.html\n");
    const html = readFileSync(join(dir, "out.html"), "utf8");
    expect(html).toContain('<pre class="mermaid" id="diagram-0">');
    expect(html).not.toMatch(/<script src=/);
    expect(html.length).toBeGreaterThan(1_000_000); // Mermaid is inlined
  });

  it.each([
    [["diff"], /required option '--base <ref>' not specified/],
    [["diff", "--base", "HEAD", "--format", "svg"], /argument 'svg' is invalid/],
    [["diff", "--base", "nope-no-such-ref"], /Unknown git ref "nope-no-such-ref"/],
  ])("exits 2 on usage errors: %j", async (args, message) => {
    const { dir } = gitRepo([validRepo()]);
    const r = await cli(args as string[], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
