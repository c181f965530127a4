import {
  CHARTER_VERSION
} from "./chunk-UETU37OM.js";
import {
  useColor
} from "./chunk-2YATZ3QT.js";
import {
  LINT_RULES,
  LOADER_RULES,
  lintProject
} from "./chunk-YDXCRINK.js";
import {
  UserError
} from "./chunk-XC2IMODC.js";

// cli/commands/lint.ts
import { writeFile } from "node:fs/promises";
import { relative, resolve } from "node:path";

// core/format/paths.ts
import { posix } from "node:path";
function withPathPrefix(diagnostics, prefix) {
  const clean = prefix.split("\\").join("/").replace(/^\.\/?/, "").replace(/\/$/, "");
  if (!clean) return [...diagnostics];
  return diagnostics.map((d) => ({ ...d, file: d.file === "." ? clean : posix.join(clean, d.file) }));
}

// core/format/github.ts
function escapeData(s) {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s) {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
var COMMAND = { error: "error", warning: "warning", info: "notice" };
function formatGithub(diagnostics) {
  return diagnostics.map((d) => {
    const props = [
      `file=${escapeProperty(d.file)}`,
      `line=${d.line}`,
      `col=${d.column}`,
      ...d.endLine !== void 0 ? [`endLine=${d.endLine}`] : [],
      ...d.endColumn !== void 0 && d.endLine === d.line ? [`endColumn=${d.endColumn}`] : [],
      `title=${escapeProperty(`charter ${d.rule}`)}`
    ];
    return `::${COMMAND[d.severity]} ${props.join(",")}::${escapeData(d.message)}
`;
  }).join("");
}

// core/format/json.ts
function formatJson(diagnostics, summary) {
  const rows = diagnostics.map(({ rule, severity, file, line, column, message }) => ({
    rule,
    severity,
    file,
    line,
    column,
    message
  }));
  return `${JSON.stringify({ diagnostics: rows, summary }, null, 2)}
`;
}

// core/format/pretty.ts
var CODES = { red: 31, yellow: 33, cyan: 36, dim: 2, bold: 1, green: 32, underline: 4 };
function formatPretty(diagnostics, summary, options) {
  const paint = (code, s) => options.color ? `\x1B[${CODES[code]}m${s}\x1B[0m` : s;
  const label = {
    error: paint("red", "error"),
    warning: paint("yellow", "warning"),
    info: paint("cyan", "info")
  };
  const lines = [];
  let current;
  for (const d of diagnostics) {
    if (d.file !== current) {
      if (current !== void 0) lines.push("");
      lines.push(paint("underline", d.file));
      current = d.file;
    }
    const where = paint("dim", `${d.line}:${d.column}`.padEnd(8));
    lines.push(
      `  ${where} ${label[d.severity].padEnd(options.color ? 16 : 7)} ${d.message}  ${paint("dim", d.rule)}`
    );
  }
  if (lines.length) lines.push("");
  lines.push(summaryLine(summary, paint));
  return `${lines.join("\n")}
`;
}
function summaryLine(s, paint) {
  const plural = (n, w) => `${n} ${w}${n === 1 ? "" : "s"}`;
  const files = plural(s.files, "file");
  if (s.errors === 0 && s.warnings === 0) return paint("green", `✔ ${files} checked, no problems`);
  const parts = [plural(s.errors, "error"), plural(s.warnings, "warning")];
  const text = `${s.errors > 0 ? "✖" : "⚠"} ${parts.join(", ")} in ${files}`;
  return s.errors > 0 ? paint("red", paint("bold", text)) : paint("yellow", text);
}

// core/format/sarif.ts
var LEVEL = { error: "error", warning: "warning", info: "note" };
function formatSarif(diagnostics, rules, version) {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "charter",
            informationUri: "https://github.com/charter-dev/charter",
            semanticVersion: version,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase()),
              shortDescription: { text: r.description },
              defaultConfiguration: { level: LEVEL[r.severity] }
            }))
          }
        },
        results: diagnostics.map((d) => ({
          ruleId: d.rule,
          ...index.has(d.rule) ? { ruleIndex: index.get(d.rule) } : {},
          level: LEVEL[d.severity],
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(d.file), uriBaseId: "%SRCROOT%" },
                region: {
                  startLine: d.line,
                  startColumn: d.column,
                  ...d.endLine !== void 0 ? { endLine: d.endLine } : {},
                  ...d.endColumn !== void 0 ? { endColumn: d.endColumn } : {}
                }
              }
            }
          ]
        }))
      }
    ]
  };
  return `${JSON.stringify(log, null, 2)}
`;
}

// core/format/render.ts
var FORMATS = ["pretty", "json", "sarif", "github"];
function renderDiagnostics(format, diagnostics, summary, options = {}) {
  switch (format) {
    case "json":
      return formatJson(diagnostics, summary);
    case "sarif":
      return formatSarif(diagnostics, [...LOADER_RULES, ...LINT_RULES], options.version ?? "0.0.0");
    case "github":
      return formatGithub(diagnostics);
    default:
      return formatPretty(diagnostics, summary, { color: options.color ?? false });
  }
}

// cli/commands/lint.ts
function parseFormat(value) {
  if (!FORMATS.includes(value)) {
    throw new UserError(`Unknown format "${value}". Use one of: ${FORMATS.join(", ")}.`);
  }
  return value;
}
async function lintCommand(dir, options, io) {
  if (options.listRules) {
    const rows = [...LOADER_RULES, ...LINT_RULES].map(
      (r) => `${r.id.padEnd(22)} ${r.severity.padEnd(8)} ${r.description}`
    );
    io.stdout(`${rows.join("\n")}
`);
    return 0;
  }
  const format = parseFormat(options.format);
  const root = resolve(io.cwd, dir ?? ".");
  const result = await lintProject({ dir: root, ref: options.ref, base: options.base });
  if (result.repo.paths.length === 0) {
    throw new UserError(
      `${dir ?? "."} is not a governed repository${options.ref ? ` at ${options.ref}` : ""}: no charter.yml, models.yml, tools/ or tenants/ found.`
    );
  }
  const shown = withPathPrefix(result.diagnostics, relative(io.cwd, root));
  const text = renderDiagnostics(format, shown, result.summary, {
    color: !options.output && useColor(io),
    version: CHARTER_VERSION
  });
  if (options.output) {
    await writeFile(resolve(io.cwd, options.output), text);
    if (format !== "pretty") {
      io.stdout(renderDiagnostics("pretty", shown, result.summary, { color: useColor(io) }));
    }
  } else {
    io.stdout(text);
  }
  if (result.skipped.length > 0 && format === "pretty" && !options.quiet) {
    io.stderr(`note: skipped ${result.skipped.join(", ")} (compares with a base: pass --base REF).
`);
  }
  return result.summary.errors > 0 ? 1 : 0;
}

export {
  parseFormat,
  lintCommand
};
