import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { CallMode } from "../../core/calls/model-caller.ts";
import { UserError } from "../../core/errors.ts";
import { formatCompareTable } from "../../core/eval/format/compare-table.ts";
import { formatJunit } from "../../core/eval/format/junit.ts";
import { evalMarkdown } from "../../core/eval/format/markdown.ts";
import { progressBar } from "../../core/eval/format/progress.ts";
import { formatTable } from "../../core/eval/format/table.ts";
import { evalProject } from "../../core/eval/project.ts";
import { type CliIO, useColor } from "../io.ts";

export interface EvalCommandOptions {
  suite?: string[];
  base?: string;
  ref?: string;
  record?: boolean;
  replay?: boolean;
  live?: boolean;
  format: string;
  output?: string;
  json?: string;
  junit?: string;
  compare?: string;
  concurrency?: string;
  cache: boolean;
  failOnRegression: boolean;
}

export function callMode(options: Pick<EvalCommandOptions, "record" | "replay" | "live">): CallMode {
  const chosen = (["record", "replay", "live"] as const).filter((m) => options[m]);
  if (chosen.length > 1)
    throw new UserError(
      `Choose one of --record, --replay and --live (got ${chosen.map((m) => `--${m}`).join(", ")}).`,
    );
  return chosen[0] ?? "auto";
}

/**
 * `charter eval [DIR]`: exit 0 when every suite meets its threshold (and, with --base, nothing
 * regressed unless --no-fail-on-regression), 1 otherwise, 2 on usage errors.
 */
export async function evalCommand(dir: string, options: EvalCommandOptions, io: CliIO): Promise<number> {
  const mode = callMode(options);
  const routes = options.compare
    ?.split(",")
    .map((r) => r.trim())
    .filter(Boolean);
  if (options.compare !== undefined && (!routes || routes.length === 0))
    throw new UserError("--compare needs route names or model:ID targets, separated by commas.");
  if (routes && options.base)
    throw new UserError(
      "--compare and --base cannot be combined: compare routes on one state, or compare two states.",
    );
  const concurrency = options.concurrency === undefined ? undefined : Number(options.concurrency);
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256)) {
    throw new UserError(`--concurrency must be a whole number from 1 to 256; got "${options.concurrency}".`);
  }
  const bar = progressBar(io.stderr, { enabled: io.isTTY && options.format === "pretty" && !options.output });
  const result = await evalProject({
    dir: resolve(io.cwd, dir),
    ref: options.ref,
    base: options.base,
    suites: options.suite,
    mode,
    env: io.env,
    cacheDir: options.cache ? undefined : false,
    concurrency,
    routes,
    failOnRegression: options.failOnRegression,
    onProgress: (done, total) => bar.update(done, total),
  });
  const errors = result.headDiagnostics.filter((d) => d.severity === "error").length;
  if (errors > 0)
    io.stderr(
      `warning: ${errors} lint error${errors === 1 ? "" : "s"} in the repository; invalid files are left out. Run charter lint.\n`,
    );
  const report = result.report!;
  if (options.json)
    await writeFile(
      resolve(io.cwd, options.json),
      `${JSON.stringify(result.comparison ? { comparison: result.comparison } : report, null, 2)}\n`,
    );
  if (options.junit) await writeFile(resolve(io.cwd, options.junit), formatJunit(report));

  let text: string;
  switch (options.format) {
    case "json":
      text = `${JSON.stringify(result.comparison ? { comparison: result.comparison } : report, null, 2)}\n`;
      break;
    case "junit":
      text = formatJunit(report);
      break;
    case "markdown":
      if (!result.comparison)
        throw new UserError("--format markdown is the pull request comment: it needs --base REF.");
      text = evalMarkdown(result.comparison);
      break;
    default:
      text = routes ? formatCompareTable(report, routes) : formatTable(report, { color: useColor(io) });
      if (result.comparison) {
        const c = result.comparison;
        const lines = c.suites.flatMap((s) =>
          s.cases
            .filter((x) => x.change === "regressed" || x.change === "fixed")
            .map(
              (x) =>
                `  ${x.change === "regressed" ? "regressed" : "fixed    "} ${s.tenant}/${s.name} › ${x.id}${x.route ? ` @ ${x.route}` : ""}`,
            ),
        );
        text += `\nbase vs head: ${c.suites.length} suite(s) affected, ${c.unaffected.length} unaffected (not run)\n${lines.join("\n")}${lines.length ? "\n" : ""}${c.conclusion === "failure" ? c.reasons.map((r) => `✖ ${r}`).join("\n") : "✔ no regressions"}\n`;
      }
  }
  if (options.output) await writeFile(resolve(io.cwd, options.output), text);
  else io.stdout(text);

  if (result.comparison) return result.comparison.conclusion === "success" ? 0 : 1;
  return report.suites.every((s) => s.passed) ? 0 : 1;
}
