/** Writes workflows-schema/json/*.schema.json. A test fails when the committed files drift. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateJsonSchemas } from "../workflows-schema/json-schema.ts";

const dir = join(import.meta.dirname, "..", "workflows-schema", "json");
mkdirSync(dir, { recursive: true });
for (const { fileName, text } of generateJsonSchemas()) {
  writeFileSync(join(dir, fileName), text);
  console.log(`wrote workflows-schema/json/${fileName}`);
}
