import { writeFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { UserError } from "../../core/errors.ts";
import { withPathPrefix } from "../../core/format/paths.ts";
import { FORMATS, type Format, renderDiagnostics } from "../../core/format/render.ts";
import { lintProject } from "../../core/lint/lint.ts";
import { LINT_RULES, LOADER_RULES } from "../../core/lint/registry.ts";
import { CHARTER_VERSION } from "../../core/version.ts";
import { type CliIO, useColor } from "../io.ts";

export interface LintCommandOptions {
  base?: string;
  ref?: string;
  format: string;
  output?: string;
  listRules?: boolean;
  /** Do not mention rules skipped for lack of a base (the demo has none). */
  quiet?: boolean;
}

export function parseFormat(value: string): Format {
  if (!(FORMATS as readonly string[]).includes(value)) {
    throw new UserError(`Unknown format "${value}". Use one of: ${FORMATS.join(", ")}.`);
  }
  return value as Format;
}

/** `charter lint [DIR]`: exit 0 when clean (warnings allowed), 1 when there are errors. */
export async function lintCommand(
  dir: string | undefined,
  options: LintCommandOptions,
  io: CliIO,
): Promise<number> {
  if (options.listRules) {
    const rows = [...LOADER_RULES, ...LINT_RULES].map(
      (r) => `${r.id.padEnd(22)} ${r.severity.padEnd(8)} ${r.description}`,
    );
    io.stdout(`${rows.join("\n")}\n`);
    return 0;
  }
  const format = parseFormat(options.format);
  const root = resolve(io.cwd, dir ?? ".");
  const result = await lintProject({ dir: root, ref: options.ref, base: options.base });
  if (result.repo.paths.length === 0) {
    throw new UserError(
      `${dir ?? "."} is not a governed repository${options.ref ? ` at ${options.ref}` : ""}: no charter.yml, models.yml, tools/ or tenants/ found.`,
    );
  }
  const shown = withPathPrefix(result.diagnostics, relative(io.cwd, root));
  const text = renderDiagnostics(format, shown, result.summary, {
    color: !options.output && useColor(io),
    version: CHARTER_VERSION,
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
    io.stderr(`note: skipped ${result.skipped.join(", ")} (compares with a base: pass --base REF).\n`);
  }
  return result.summary.errors > 0 ? 1 : 0;
}
