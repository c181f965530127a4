/** `npm run docs`: rewrites docs/configuration.md and the generated sections of README.md. */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { auditJsonSchema } from "../core/audit/schema.ts";
import { auditReportReference, configurationReference, renderReadme } from "./docs.ts";

const root = join(import.meta.dirname, "..");
mkdirSync(join(root, "docs"), { recursive: true });
writeFileSync(join(root, "docs", "configuration.md"), configurationReference());
writeFileSync(join(root, "docs", "audit-report.schema.json"), auditJsonSchema());
writeFileSync(join(root, "docs", "audit-report.md"), auditReportReference());
const readme = join(root, "README.md");
writeFileSync(readme, renderReadme(readFileSync(readme, "utf8")));
console.log("wrote docs/configuration.md, docs/audit-report.schema.json, docs/audit-report.md and README.md");
