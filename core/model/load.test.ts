import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { edit, validRepo } from "../../test/helpers/governed-repo.ts";
import { where } from "../../test/helpers/lint.ts";
import { at } from "../../test/helpers/positions.ts";
import { writeTree } from "../../test/helpers/tree.ts";
import { DirectorySource } from "../source/directory-source.ts";
import { loadRepo } from "./load.ts";

const load = async (tree: Parameters<typeof writeTree>[0]) => loadRepo(new DirectorySource(writeTree(tree)));

describe("loadRepo", () => {
  it("builds one typed model, tenants from directories, with defaults applied", async () => {
    const { repo, diagnostics } = await load(validRepo());
    expect(diagnostics).toEqual([]);
    expect([...repo.tenants.keys()]).toEqual(["support"]);
    const support = repo.tenants.get("support")!;
    expect([...support.workflows.keys()].sort()).toEqual(["helper", "triage"]);
    expect(support.prompts.get("classify")!.data.variables.text).toEqual({ type: "string", required: true });
    expect(support.routes!.data.routes.fast!.strategy).toBe("fallback");
    const doc = validRepo()["tenants/support/knowledge/kb/refunds.md"] as string;
    expect(support.knowledge.get("kb")).toEqual([
      { path: "tenants/support/knowledge/kb/refunds.md", size: Buffer.byteLength(doc) },
    ]);
    expect(repo.tools.get("crm")!.data.tools.lookup!.effect).toBe("read");
    // Every object keeps its source position.
    const triage = support.workflows.get("triage")!;
    const [, line, column] = at(
      validRepo(),
      "tenants/support/workflows/triage.yml",
      "${{ nodes.classify.output.category ==",
    ).split(":");
    expect(triage.at(["nodes", "gate", "if"])).toMatchObject({
      file: "tenants/support/workflows/triage.yml",
      line: Number(line),
      column: Number(column),
    });
  });

  it("reports missing charter.yml, models.yml and tenant.yml", async () => {
    const tree = {
      ...validRepo(),
      "charter.yml": null,
      "models.yml": null,
      "tenants/support/tenant.yml": null,
    };
    const { diagnostics } = await load(tree);
    expect(diagnostics.map((d) => `${d.rule} ${d.file}: ${d.message}`)).toEqual([
      expect.stringMatching(/^file charter.yml: charter.yml is missing/),
      expect.stringMatching(/^file models.yml: models.yml is missing/),
      expect.stringMatching(/^file tenants\/support\/tenant.yml: Tenant "support" has no tenant.yml/),
    ]);
  });

  it("warns about YAML files in places no kind lives, with a hint", async () => {
    const { diagnostics } = await load({
      ...validRepo(),
      "tenants/support/workflow/typo.yml": "a: 1\n",
      "tenants/support/notes.yml": "a: 1\n",
      "tenants/support/knowledge/loose.md": "x",
      "tools/nested/x.yml": "a: 1\n",
      "README.md": "ignored",
      "tenants/support/README.md": "ignored too",
    });
    expect(diagnostics.map((d) => [d.severity, d.file, d.message])).toEqual([
      ["warning", "tenants/support/knowledge/loose.md", expect.stringMatching(/belong to a collection/)],
      ["warning", "tenants/support/notes.yml", expect.stringMatching(/A tenant directory holds tenant.yml/)],
      ["warning", "tenants/support/workflow/typo.yml", expect.stringMatching(/Did you mean workflows\/\?/)],
      ["warning", "tools/nested/x.yml", expect.stringMatching(/directly in tools\//)],
    ]);
  });

  it("refuses symlinks and an invalid tenant directory name", async () => {
    const dir = writeTree(validRepo());
    symlinkSync(
      join(dir, "tenants/support/prompts/classify.yml"),
      join(dir, "tenants/support/prompts/linked.yml"),
    );
    writeTree({ "tenants/Bad_Name/tenant.yml": "x: 1\n" }, dir);
    const { diagnostics } = await loadRepo(new DirectorySource(dir));
    expect(diagnostics.filter((d) => d.rule === "file").map((d) => d.message)).toEqual([
      expect.stringMatching(/Tenant directory "Bad_Name" is not a valid tenant name/),
      expect.stringMatching(/Symbolic links are not allowed/),
    ]);
  });

  it("drops only the invalid nodes of a workflow and keeps checking the rest", async () => {
    const tree = edit(
      validRepo(),
      "tenants/support/workflows/triage.yml",
      "    route: fast\n",
      "    route: fast\n    temprature: 0\n",
    );
    const { repo, diagnostics } = await load(tree);
    expect(diagnostics.map(where)).toEqual([
      `schema ${at(tree, "tenants/support/workflows/triage.yml", "temprature")}`,
    ]);
    const triage = repo.tenants.get("support")!.workflows.get("triage")!;
    expect(Object.keys(triage.data.nodes)).not.toContain("classify");
    expect(triage.wasDropped("nodes", "classify")).toBe(true);
    expect(Object.keys(triage.data.nodes)).toContain("customer");
  });

  it("keeps a file that fails outside a keyed collection out of the model, remembering its name", async () => {
    const tree = edit(validRepo(), "tenants/support/prompts/classify.yml", "version: 1.0.0", "version: one");
    const { repo, diagnostics } = await load(tree);
    expect(diagnostics.map((d) => d.rule)).toEqual(["schema"]);
    const support = repo.tenants.get("support")!;
    expect(support.prompts.has("classify")).toBe(false);
    expect(support.invalid.has("Prompt:classify")).toBe(true);
  });
});

describe("misplaced files", () => {
  it("says where a file of another kind belongs", async () => {
    const tree = validRepo();
    const { diagnostics } = await load({
      ...tree,
      "tenants/support/prompts/oops.yml": tree["tenants/support/workflows/helper.yml"]!,
    });
    expect(diagnostics.map((d) => [d.rule, d.file, d.line, d.message])).toEqual([
      [
        "file",
        "tenants/support/prompts/oops.yml",
        2,
        expect.stringMatching(
          /This is a Workflow file in the place of Prompt files.*Move it to tenants\/<tenant>\/workflows\/\*\.yml/,
        ),
      ],
    ]);
  });
});
