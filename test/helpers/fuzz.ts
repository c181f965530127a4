/**
 * A fuzzing harness for governed repositories: seeded mutations of real files (truncation, bytes,
 * lines, indentation, structure, YAML features, nesting, alias bombs) and an independent oracle that
 * says which results a strict YAML parser and the schema refuse.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { parse, stringify } from "yaml";
import { lintRepo } from "../../core/lint/lint.ts";
import { classifyPath } from "../../core/model/classify.ts";
import { loadRepo } from "../../core/model/load.ts";
import { MemorySource } from "../../core/source/memory-source.ts";
import { FILE_KINDS } from "../../workflows-schema/index.ts";
import { EXAMPLE } from "./cli.ts";
import { type Rng, rng } from "./random.ts";

function walk(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`],
  );
}

/** The example repository's files, as a fuzzing base. */
export function exampleFiles(): Record<string, Buffer> {
  return Object.fromEntries(walk(EXAMPLE).map((p) => [p, readFileSync(join(EXAMPLE, p))]));
}

const NASTY_VALUES: unknown[] = [
  null,
  0,
  -1,
  1e308,
  true,
  "",
  " ",
  "${{",
  "${{ }}",
  "${{ nodes.x.output }}",
  "{{#a}}",
  "__proto__",
  "constructor",
  "toString",
  "\u0000",
  "\ud800",
  "é\u202e漢字🙂",
  "x".repeat(10_000),
  [],
  [[[[[]]]]],
  {},
  { __proto__: 1 },
  { constructor: { prototype: 1 } },
  Array.from({ length: 500 }, (_, i) => i),
];

function mutateValue(value: unknown, r: Rng, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== "object") return r.pick(NASTY_VALUES);
  if (Array.isArray(value)) {
    if (value.length === 0 || r.next() < 0.2) return [...value, r.pick(NASTY_VALUES)];
    const copy = [...value];
    const i = r.int(copy.length);
    copy[i] = r.next() < 0.6 ? mutateValue(copy[i], r, depth + 1) : r.pick(NASTY_VALUES);
    return copy;
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const op = r.int(5);
  if (keys.length === 0 || op === 0) {
    copy[r.pick(["unknown", "__proto__", "constructor", "type", "nodes", "needs", "if"])] =
      r.pick(NASTY_VALUES);
  } else if (op === 1) {
    delete copy[r.pick(keys)];
  } else if (op === 2) {
    const k = r.pick(keys);
    copy[`${k.slice(0, -1)}${String.fromCharCode(97 + r.int(26))}`] = copy[k];
    delete copy[k];
  } else {
    const k = r.pick(keys);
    copy[k] = mutateValue(copy[k], r, depth + 1);
  }
  return copy;
}

type Mutation = (text: string, r: Rng) => string | Buffer;

export const MUTATIONS: Record<string, Mutation> = {
  truncate: (t, r) => t.slice(0, r.int(t.length)),
  flipBytes: (t, r) => {
    const b = Buffer.from(t);
    for (let i = 0; i < 1 + r.int(8); i++) b[r.int(b.length)] = r.int(256);
    return b;
  },
  insertBinary: (t, r) => {
    const at = r.int(t.length);
    return Buffer.concat([
      Buffer.from(t.slice(0, at)),
      Buffer.from(Array.from({ length: 1 + r.int(32) }, () => r.int(256))),
      Buffer.from(t.slice(at)),
    ]);
  },
  dropLine: (t, r) => {
    const lines = t.split("\n");
    lines.splice(r.int(lines.length), 1);
    return lines.join("\n");
  },
  duplicateLine: (t, r) => {
    const lines = t.split("\n");
    const i = r.int(lines.length);
    lines.splice(i, 0, lines[i]!);
    return lines.join("\n");
  },
  reindent: (t, r) => {
    const lines = t.split("\n");
    const i = r.int(lines.length);
    lines[i] = `${r.pick(["", " ", "\t", "        "])}${lines[i]!.trimStart()}`;
    return lines.join("\n");
  },
  structured: (t, r) => {
    try {
      return stringify(mutateValue(parse(t, { logLevel: "error" }), r));
    } catch {
      return `${t}\n: ${r.int(10)}`;
    }
  },
  yamlFeatures: (t, r) =>
    r.pick([
      `${t}\n---\nsecond: document\n`,
      `!!js/function "x"\n${t}`,
      `a: &x 1\nb: *y\n${t}`,
      t.replace(/: /, ": !custom "),
      `%YAML 1.1\n---\n${t}`,
      t.replace(/\n/g, "\r\n"),
      `\ufeff${t}`,
    ]),
  deepNesting: (_, r) =>
    r.next() < 0.5
      ? `a: ${"[".repeat(200 + r.int(5000))}`
      : Array.from({ length: 100 + r.int(300) }, (_, i) => `${" ".repeat(i)}k:`).join("\n"),
  aliasBomb: (_, r) => {
    const n = 5 + r.int(6);
    const names = "abcdefghijklmnop".split("").slice(0, n);
    return `${names
      .map((c, i) =>
        i === 0
          ? `${c}: &${c} ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`
          : `${c}: &${c} [${Array(9)
              .fill(`*${names[i - 1]}`)
              .join(",")}]`,
      )
      .join("\n")}\n`;
  },
};

/** What an independent strict parser says about the mutated file: true when it must be refused. */
export function mustBeRefused(path: string, bytes: Buffer): boolean {
  const c = classifyPath(path);
  if (c.type !== "yaml") return false;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return true;
  }
  if (text.includes("\0")) return true;
  let value: unknown;
  try {
    value = parse(text, {
      strict: true,
      uniqueKeys: true,
      maxAliasCount: 200,
      prettyErrors: false,
      logLevel: "error",
    });
  } catch {
    return true;
  }
  return !FILE_KINDS[c.kind].schema.safeParse(value).success;
}

/**
 * Runs `count` mutated repositories through load + lint. Fails on an internal error, on a refused
 * file without an error diagnostic, on an input slower than `maxMs`, or on heap growth.
 */
export async function fuzzRepository(
  base: Record<string, Buffer | string>,
  seed: number,
  count: number,
  maxMs = 2_000,
) {
  const files = Object.fromEntries(Object.entries(base).map(([p, c]) => [p, Buffer.from(c)]));
  const yamlPaths = Object.keys(files).filter((p) => /\.ya?ml$/.test(p));
  const r = rng(seed);
  const names = Object.keys(MUTATIONS);
  const slowest = { ms: 0, label: "" };
  const undiagnosed: string[] = [];
  const heapBefore = process.memoryUsage().heapUsed;
  let refused = 0;
  for (let i = 0; i < count; i++) {
    const path = r.pick(yamlPaths);
    const name = r.pick(names);
    // Stack up to three mutations so damage compounds.
    let mutated: string | Buffer = files[path]!.toString("utf8");
    for (let k = 0; k < 1 + r.int(3); k++) {
      const text = typeof mutated === "string" ? mutated : mutated.toString("latin1");
      mutated = MUTATIONS[k === 0 ? name : r.pick(names)]!(text, r);
    }
    const bytes = typeof mutated === "string" ? Buffer.from(mutated) : mutated;
    const label = `seed ${seed} #${i} ${name} ${path}`;
    const started = performance.now();
    const { repo, diagnostics } = await loadRepo(new MemorySource({ ...files, [path]: bytes }));
    const result = await lintRepo(repo, diagnostics);
    const ms = performance.now() - started;
    if (ms > slowest.ms) Object.assign(slowest, { ms, label });
    expect(
      result.diagnostics.filter((d) => /Internal error/.test(d.message)),
      label,
    ).toEqual([]);
    if (mustBeRefused(path, bytes)) {
      refused++;
      if (!result.diagnostics.some((d) => d.file === path && d.severity === "error")) undiagnosed.push(label);
    }
  }
  expect(undiagnosed).toEqual([]);
  expect(slowest.ms, `slowest input: ${slowest.label}`).toBeLessThan(maxMs);
  expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(512 * 1024 * 1024);
  // The mutations must actually produce broken files, or this test would prove nothing.
  expect(refused).toBeGreaterThan(count * 0.5);
  return { refused, slowest };
}
