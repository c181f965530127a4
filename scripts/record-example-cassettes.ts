/**
 * Re-records the example repository's cassettes from the scripted stand-in model
 * (scripts/stand-in-model.ts): examples/acme/cassettes for the base, and examples/acme-pr/cassettes
 * for what the sample pull request adds. Run with `npx tsx scripts/record-example-cassettes.ts`.
 */
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evalProject } from "../core/eval/project.ts";
import { recordDraftExample } from "./record-draft-example.ts";
import { standInModel } from "./stand-in-model.ts";

const examples = join(import.meta.dirname, "..", "examples");
const model = standInModel();
const createProvider = () => model;

async function record(dir: string): Promise<void> {
  const { report } = await evalProject({
    dir,
    mode: "record",
    env: {},
    cacheDir: false,
    createProvider,
    concurrency: 8,
  });
  for (const s of report!.suites)
    console.log(`${dir}: ${s.tenant}/${s.name} ${(s.passRate * 100).toFixed(0)}% (${s.cases.length} cases)`);
}

await rm(join(examples, "acme", "cassettes"), { recursive: true, force: true });
await record(join(examples, "acme"));
// `charter draft`'s cassettes live in the same directory: record them again.
await recordDraftExample(join(examples, "acme"));

// The pull request: acme with the overlay applied; keep only the cassettes acme does not already have.
const merged = await mkdtemp(join(tmpdir(), "charter-record-"));
await cp(join(examples, "acme"), merged, { recursive: true });
await cp(join(examples, "acme-pr", "tenants"), join(merged, "tenants"), { recursive: true });
await record(merged);
await rm(join(examples, "acme-pr", "cassettes"), { recursive: true, force: true });
for (const tenant of await readdir(join(merged, "cassettes"))) {
  const base = new Set(await readdir(join(examples, "acme", "cassettes", tenant)).catch(() => []));
  for (const file of await readdir(join(merged, "cassettes", tenant))) {
    if (!base.has(file))
      await cp(join(merged, "cassettes", tenant, file), join(examples, "acme-pr", "cassettes", tenant, file));
  }
}
await rm(merged, { recursive: true, force: true });
