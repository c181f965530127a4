/**
 * Generated documentation: the configuration reference (from the JSON Schemas, themselves generated
 * from zod), the lint rule table (from the registry) and the Action inputs (from action.yml).
 * `npm run docs` rewrites docs/configuration.md and the marked sections of README.md; a test fails
 * when they are out of date.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { auditJsonSchema, CLASSIFICATIONS, FINDING_KINDS } from "../core/audit/schema.ts";
import { CHANGE_KIND_INFO } from "../core/diff/kinds.ts";
import { LINT_RULES, LOADER_RULES } from "../core/lint/registry.ts";
import { FILE_KINDS, type FileKind } from "../workflows-schema/index.ts";
import { generateJsonSchemas } from "../workflows-schema/json-schema.ts";

type Schema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  propertyNames?: Schema;
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  required?: string[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
};

const ROOT = join(import.meta.dirname, "..");

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function typeOf(s: Schema): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((e) => `\`${String(e)}\``).join(" | ");
  const options = s.oneOf ?? s.anyOf;
  if (options) {
    // A tagged union of mappings reads best as its tags; other unions by their variants' descriptions.
    const tags = options.map((o) =>
      Object.entries(o.properties ?? {}).find(([, p]) => p.const !== undefined),
    );
    if (tags.every(Boolean)) {
      const key = tags[0]![0];
      return `mapping with ${key}: ${tags.map((t) => `\`${String(t![1].const)}\``).join(" | ")}`;
    }
    return options
      .map((o) =>
        o.description && o.description.length <= 60 ? o.description.replace(/\.$/, "") : typeOf(o),
      )
      .join("; or ");
  }
  if (s.type === "array") return `list of ${s.items ? typeOf(s.items) : "values"}`;
  if (s.type === "object") {
    if (s.properties) return "mapping";
    if (s.additionalProperties && typeof s.additionalProperties === "object") return "map";
    return "mapping";
  }
  if (s.type === "integer") return bounds("integer", s);
  if (s.type === "number") return bounds("number", s);
  if (s.type === "string") return "string";
  if (s.type === "boolean") return "boolean";
  return "any";
}

function bounds(t: string, s: Schema): string {
  if (s.minimum !== undefined && s.maximum !== undefined) return `${t} ${s.minimum}–${s.maximum}`;
  if (s.minimum !== undefined) return `${t} ≥ ${s.minimum}`;
  return t;
}

interface Row {
  path: string;
  type: string;
  required: boolean;
  default?: unknown;
  description: string;
}

function rows(s: Schema, path: string, required: boolean, out: Row[]): void {
  const options = s.oneOf ?? s.anyOf;
  // Items of lists and maps get a row only when they say something of their own.
  const anonymous = (path.endsWith("[]") || path.endsWith(".<name>")) && !s.description;
  if (path && !anonymous) {
    out.push({ path, type: typeOf(s), required, default: s.default, description: s.description ?? "" });
  }
  if (s.properties) {
    for (const [key, prop] of Object.entries(s.properties)) {
      rows(prop, path ? `${path}.${key}` : key, s.required?.includes(key) ?? false, out);
    }
  } else if (s.type === "object" && s.additionalProperties && typeof s.additionalProperties === "object") {
    const inner = s.additionalProperties;
    if (inner.properties || inner.oneOf || inner.anyOf)
      rows({ ...inner, description: undefined }, `${path}.<name>`, true, out);
  } else if (s.type === "array" && s.items && (s.items.properties || s.items.oneOf)) {
    rows({ ...s.items, description: undefined }, `${path}[]`, true, out);
  } else if (options?.some((o) => o.properties)) {
    for (const option of options) {
      if (!option.properties) continue;
      const tag = Object.entries(option.properties).find(([, p]) => p.const !== undefined);
      const label = tag ? ` (${tag[0]}: ${String(tag[1].const)})` : "";
      for (const [key, prop] of Object.entries(option.properties)) {
        if (tag && key === tag[0]) continue;
        rows(prop, `${path}${label}.${key}`, option.required?.includes(key) ?? false, out);
      }
    }
  }
}

function table(list: Row[]): string {
  const lines = ["| Key | Type | Required | Default | Description |", "|---|---|---|---|---|"];
  for (const r of list) {
    const def = r.default === undefined ? "" : `\`${JSON.stringify(r.default)}\``;
    lines.push(
      `| \`${r.path}\` | ${cell(r.type)} | ${r.required ? "yes" : ""} | ${cell(def)} | ${cell(r.description)} |`,
    );
  }
  return lines.join("\n");
}

export function configurationReference(): string {
  const parts = [
    "# Configuration reference",
    "",
    "<!-- Generated by `npm run docs` from workflows-schema/ (zod). Do not edit by hand. -->",
    "",
    "Every governed file starts with `apiVersion: charter/v1` and its `kind`. Unknown keys are errors.",
    "For editor completion, point yaml-language-server at the JSON Schema of the file's kind (see the README).",
    "",
  ];
  for (const g of generateJsonSchemas()) {
    const { where } = FILE_KINDS[g.kind as FileKind];
    const schema = JSON.parse(g.text) as Schema;
    const list: Row[] = [];
    rows(schema, "", true, list);
    parts.push(
      `## ${g.kind} — \`${where}\``,
      "",
      schema.description ?? "",
      "",
      `JSON Schema: [\`workflows-schema/json/${g.fileName}\`](../workflows-schema/json/${g.fileName})`,
      "",
      table(list),
      "",
    );
  }
  return `${parts.join("\n").trimEnd()}\n`;
}

/** docs/audit-report.md: every field of the audit's JSON export, from the same JSON Schema. */
export function auditReportReference(): string {
  const schema = JSON.parse(auditJsonSchema()) as Schema;
  const out: string[] = ["| Field | Type | Description |", "|---|---|---|"];
  const nonNull = (x: Schema) => {
    if (Array.isArray(x.type) && x.type.includes("null")) {
      const rest = x.type.filter((t) => t !== "null");
      return { schema: { ...x, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
    }
    const options = x.anyOf ?? x.oneOf;
    const real = options?.filter((o) => o.type !== "null");
    return real && options && real.length === 1 && options.length === 2
      ? { schema: { ...real[0]!, description: x.description ?? real[0]!.description }, nullable: true }
      : { schema: x, nullable: false };
  };
  const name = (x: Schema): string => {
    const { schema: t, nullable } = nonNull(x);
    let n: string;
    if (t.const !== undefined) n = `\`${JSON.stringify(t.const)}\``;
    else if (t.enum) n = t.enum.map((e) => `\`${String(e)}\``).join(" \\| ");
    else if (t.type === "array") n = `list of ${t.items ? name(t.items) : "values"}`;
    else if (t.type === "object")
      n = t.properties
        ? "object"
        : `map of ${typeof t.additionalProperties === "object" ? name(t.additionalProperties) : "values"}`;
    else if (t.type === "string" && t.pattern?.includes("sha256")) n = "digest (`sha256:…`)";
    else if (t.type === "string" && t.pattern?.includes("[0-9a-f]{40}")) n = "commit id";
    else n = String(t.type ?? "any");
    return nullable ? `${n} or null` : n;
  };
  const walk = (x: Schema, path: string) => {
    const { schema: t } = nonNull(x);
    if (path) out.push(`| \`${path}\` | ${name(x)} | ${cell(t.description ?? "")} |`);
    const inner = t.type === "array" && t.items ? nonNull(t.items).schema : t;
    const prefix = t.type === "array" ? `${path}[]` : path;
    for (const [k, v] of Object.entries(inner.properties ?? {})) walk(v, prefix ? `${prefix}.${k}` : k);
  };
  walk(schema, "");
  return `${[
    "# Audit report (JSON) reference",
    "",
    "<!-- Generated by `npm run docs` from core/audit/schema.ts (zod). Do not edit by hand. -->",
    "",
    `\`charter audit --format json\` writes one document of this shape — ${(schema.description ?? "").replace(/^Charter audit report: /, "")}`,
    "Every field is always present (`null` when it does not apply); no other field is ever written.",
    "JSON Schema: [`audit-report.schema.json`](audit-report.schema.json).",
    "",
    ...out,
  ].join("\n")}\n`;
}

export function fileKindsTable(): string {
  const lines = ["| Kind | Where | What it holds | JSON Schema |", "|---|---|---|---|"];
  for (const g of generateJsonSchemas()) {
    const { where } = FILE_KINDS[g.kind as FileKind];
    const description = (JSON.parse(g.text) as Schema).description ?? "";
    lines.push(
      `| \`${g.kind}\` | \`${where}\` | ${cell(description.replace(/^[^:]*: /, ""))} | [${g.fileName}](workflows-schema/json/${g.fileName}) |`,
    );
  }
  return lines.join("\n");
}

export function rulesTable(): string {
  const lines = ["| Rule | Default severity | Checks |", "|---|---|---|"];
  for (const r of [...LOADER_RULES, ...LINT_RULES])
    lines.push(`| \`${r.id}\` | ${r.severity} | ${cell(r.description)} |`);
  return lines.join("\n");
}

export function actionInputsTable(): string {
  const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as {
    inputs: Record<string, { description: string; required?: boolean; default?: string }>;
    outputs: Record<string, { description: string }>;
  };
  const lines = ["| Input | Required | Default | Description |", "|---|---|---|---|"];
  for (const [name, i] of Object.entries(action.inputs)) {
    lines.push(
      `| \`${name}\` | ${i.required ? "yes" : "no"} | ${i.default ? `\`${i.default}\`` : ""} | ${cell(i.description)} |`,
    );
  }
  lines.push("", "| Output | Description |", "|---|---|");
  for (const [name, o] of Object.entries(action.outputs))
    lines.push(`| \`${name}\` | ${cell(o.description)} |`);
  return lines.join("\n");
}

export function changeKindsTable(): string {
  const lines = ["| Kind | Default risk | Meaning |", "|---|---|---|"];
  for (const [kind, info] of Object.entries(CHANGE_KIND_INFO))
    lines.push(`| \`${kind}\` | ${info.risk} | ${cell(info.description)} |`);
  return lines.join("\n");
}

export function auditKindsTable(): string {
  const lines = ["| Classification of a governed change | Meaning |", "|---|---|"];
  for (const [k, v] of Object.entries(CLASSIFICATIONS)) lines.push(`| \`${k}\` | ${cell(v)} |`);
  lines.push("", "| Finding | Meaning |", "|---|---|");
  for (const [k, v] of Object.entries(FINDING_KINDS)) lines.push(`| \`${k}\` | ${cell(v)} |`);
  return lines.join("\n");
}

const SECTIONS: Record<string, () => string> = {
  "file-kinds": fileKindsTable,
  "change-kinds": changeKindsTable,
  rules: rulesTable,
  "action-inputs": actionInputsTable,
  "audit-kinds": auditKindsTable,
};

/** README.md with every `<!-- generated:NAME -->…<!-- /generated:NAME -->` section regenerated. */
export function renderReadme(current: string): string {
  let text = current;
  for (const [name, make] of Object.entries(SECTIONS)) {
    const re = new RegExp(`(<!-- generated:${name} -->\\n)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    if (!re.test(text)) throw new Error(`README.md has no <!-- generated:${name} --> section`);
    text = text.replace(re, (_, open: string, close: string) => `${open}${make()}\n${close}`);
  }
  return text;
}
