import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditJsonSchema } from "../core/audit/schema.ts";
import { auditReportReference, configurationReference, renderReadme } from "../scripts/docs.ts";
import { ROOT } from "./helpers/cli.ts";

describe("generated documentation (run `npm run docs` after changing schemas, rules or action.yml)", () => {
  it("docs/configuration.md matches the schemas", () => {
    expect(readFileSync(join(ROOT, "docs", "configuration.md"), "utf8")).toBe(configurationReference());
  });

  it("docs/audit-report.schema.json is the audit report's zod schema", () => {
    expect(readFileSync(join(ROOT, "docs", "audit-report.schema.json"), "utf8")).toBe(auditJsonSchema());
    expect(readFileSync(join(ROOT, "docs", "audit-report.md"), "utf8")).toBe(auditReportReference());
  });

  it("README.md's generated sections match the rules, kinds and action inputs", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    expect(readme).toBe(renderReadme(readme));
  });

  it("the README's quick start is the two commands", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    expect(readme).toContain("npm ci && npm start");
    expect(readme).toMatch(/^npm test\b/m);
  });
});
