import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { classifyPath } from "../core/model/classify.ts";
import { FILE_KINDS, type FileKind } from "./index.ts";
import { generateJsonSchemas } from "./json-schema.ts";

const JSON_DIR = join(import.meta.dirname, "json");
const EXAMPLE = join(import.meta.dirname, "..", "examples", "acme");

function walkFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walkFiles(join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`],
  );
}

describe("generated JSON Schema", () => {
  const generated = generateJsonSchemas();

  it("matches the committed files exactly (run `npm run schema:json` after changing a schema)", () => {
    const committed = readdirSync(JSON_DIR).sort();
    expect(committed).toEqual(generated.map((g) => g.fileName).sort());
    for (const g of generated) {
      expect(readFileSync(join(JSON_DIR, g.fileName), "utf8"), g.fileName).toBe(g.text);
    }
  });

  it("describes every key people write", () => {
    const missing: string[] = [];
    const visit = (node: unknown, path: string) => {
      if (Array.isArray(node)) {
        node.forEach((n, i) => {
          visit(n, `${path}[${i}]`);
        });
        return;
      }
      if (node === null || typeof node !== "object") return;
      const o = node as Record<string, unknown>;
      if (o.properties && typeof o.properties === "object") {
        for (const [key, prop] of Object.entries(o.properties as Record<string, Record<string, unknown>>)) {
          if (typeof prop.description !== "string" || prop.description.length < 3)
            missing.push(`${path}.${key}`);
        }
      }
      for (const [k, v] of Object.entries(o)) visit(v, `${path}/${k}`);
    };
    for (const g of generated) visit(JSON.parse(g.text), g.fileName);
    expect(missing).toEqual([]);
  });

  it("accepts every file of the example repository and rejects unknown keys", () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validators = new Map(
      generated.map(
        (g) =>
          [g.kind, ajv.compile(JSON.parse(g.text) as object)] as [FileKind, ReturnType<typeof ajv.compile>],
      ),
    );
    let checked = 0;
    for (const path of walkFiles(EXAMPLE)) {
      const c = classifyPath(path);
      if (c.type !== "yaml") continue;
      const value = parse(readFileSync(join(EXAMPLE, path), "utf8"));
      const validate = validators.get(c.kind)!;
      expect(validate(value), `${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(validate({ ...value, unexpected: 1 }), `${path} with an unknown key`).toBe(false);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(Object.keys(FILE_KINDS).length);
  });
});
