import {
  formatTable,
  pct,
  usd
} from "./chunk-SFYKL4TX.js";
import {
  useColor
} from "./chunk-2YATZ3QT.js";
import {
  evalProject,
  percentile
} from "./chunk-H472RPTT.js";
import {
  cell
} from "./chunk-FXXQ7OWI.js";
import {
  evalSummary,
  evalSummaryBlock
} from "./chunk-433K37J5.js";
import {
  UserError
} from "./chunk-XC2IMODC.js";

// cli/commands/eval.ts
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";

// core/eval/format/compare-table.ts
var caseError = (c) => c.error ?? c.runs.find((r) => r.error)?.error;
function formatCompareTable(report, routes) {
  const lines = [];
  for (const s of report.suites) {
    lines.push(`${s.tenant}/${s.name}`);
    const header = ["route", "pass rate", "mean score", "errors", "cost", "cost/case", "p50", "p95"];
    const notes = [];
    const rows = routes.map((route) => {
      const cases = s.cases.filter((c) => c.route === route);
      const errored = cases.filter((c) => caseError(c) !== void 0);
      const lat = cases.flatMap((c) => c.runs.filter((r) => !r.error).map((r) => r.latencyMs));
      const cost = cases.reduce((sum, c) => sum + c.costUsd, 0);
      if (errored.length > 0)
        notes.push(
          `  ${route}: ${errored.length} of ${cases.length} case(s) errored, e.g. ${caseError(errored[0])}`
        );
      const ms = (p) => lat.length ? `${Math.round(percentile(lat, p))} ms` : "—";
      return [
        route,
        cases.length ? pct(cases.filter((c) => c.pass).length / cases.length) : "—",
        cases.length ? (cases.reduce((sum, c) => sum + c.score, 0) / cases.length).toFixed(2) : "—",
        String(errored.length),
        usd(cost),
        usd(cases.length ? cost / cases.length : 0),
        ms(50),
        ms(95)
      ];
    });
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells) => `  ${cells.map((c, i) => c.padEnd(widths[i])).join("  ")}`.trimEnd();
    lines.push(line(header), ...rows.map(line), ...notes, "");
  }
  return `${lines.join("\n").trimEnd()}
`;
}

// core/eval/format/junit.ts
function xml(s) {
  return s.replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
function formatJunit(report) {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="charter eval" tests="${report.summary.cases}" failures="${report.summary.cases - report.summary.passedCases}" time="${(report.summary.durationMs / 1e3).toFixed(3)}">`
  ];
  for (const s of report.suites) {
    const failures = s.cases.filter((c) => !c.pass && !c.error).length;
    const errors = s.cases.filter((c) => c.error).length;
    lines.push(
      `  <testsuite name="${xml(`${s.tenant}/${s.name}`)}" tests="${s.cases.length}" failures="${failures}" errors="${errors}" file="${xml(s.file)}">`
    );
    for (const c of s.cases) {
      const name = `${c.id}${c.route ? ` @ ${c.route}` : ""}`;
      const time = (c.latencyMs / 1e3).toFixed(3);
      lines.push(
        `    <testcase classname="${xml(`${s.tenant}.${s.name}`)}" name="${xml(name)}" time="${time}">`
      );
      if (c.error) {
        lines.push(`      <error message="${xml(c.error)}"/>`);
      } else if (!c.pass) {
        const reasons = c.runs.flatMap(
          (r) => r.assertions.filter((a) => !a.pass).map((a) => `${a.type}: ${a.reason}`)
        );
        lines.push(
          `      <failure message="${xml(`${c.passCount} of ${c.runs.length} runs passed`)}">${xml(reasons.join("\n"))}</failure>`
        );
      }
      lines.push("    </testcase>");
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return `${lines.join("\n")}
`;
}

// core/eval/format/markdown.ts
var EVAL_COMMENT_MARKER = "<!-- charter:eval -->";
function perRun(s) {
  if (!s || s.cases.length === 0) return 0;
  return (s.costUsd + s.gradingCostUsd) / s.cases.reduce((n, c) => n + c.runs.length, 0);
}
function verdict(c) {
  if (!c) return "—";
  if (c.error) return "⚠️ error";
  return c.pass ? `✅ ${c.passCount}/${c.runs.length}` : `❌ ${c.passCount}/${c.runs.length}`;
}
function why(c) {
  if (!c) return "";
  if (c.error) return cell(c.error.slice(0, 200));
  const failed = c.runs.flatMap((r) => r.assertions.filter((a) => !a.pass));
  return failed.slice(0, 2).map((a) => `<code>${a.type}</code> ${cell(a.reason.slice(0, 160))}`).join("<br>");
}
var ORDER = {
  regressed: 0,
  fixed: 1,
  "still-failing": 2,
  new: 3,
  removed: 4,
  "still-passing": 5
};
function evalMarkdown(cmp, options = {}) {
  const max = options.maxChars ?? 6e4;
  const regressions = cmp.suites.reduce((n, s) => n + s.regressions, 0);
  const fixes = cmp.suites.reduce((n, s) => n + s.fixes, 0);
  const head = [
    EVAL_COMMENT_MARKER,
    ...options.headSha ? [evalSummaryBlock(evalSummary(cmp, options.headSha))] : [],
    // Shown above everything else (the release-confidence verdict).
    ...options.header ? [options.header] : [],
    "## 🧪 Charter eval — base vs head",
    "",
    `${cmp.conclusion === "success" ? "✅" : "❌"} ${regressions} regression${regressions === 1 ? "" : "s"}, ${fixes} fix${fixes === 1 ? "" : "es"} · ${cmp.suites.length} suite${cmp.suites.length === 1 ? "" : "s"} affected${cmp.unaffected.length ? `, ${cmp.unaffected.length} unaffected (not run)` : ""} · ${cmp.providerCalls} provider call${cmp.providerCalls === 1 ? "" : "s"}`,
    ...cmp.reasons.map((r) => `- ${cell(r)}`),
    ""
  ];
  if (cmp.suites.length === 0)
    return `${[...head, "No evaluation suite is affected by this change."].join("\n")}
`;
  const table = [
    "| Suite | Pass rate base → head | Regressions | Fixes | New | Removed | Cost per run base → head | p95 latency base → head |",
    "|---|---|---|---|---|---|---|---|",
    ...cmp.suites.map((s) => {
      const rate = `${s.base ? pct(s.base.passRate) : "—"} → ${s.head ? pct(s.head.passRate) : "—"}${s.head && !s.head.passed ? " ❌" : ""}`;
      const lat = `${s.base ? Math.round(s.base.p95LatencyMs) : "—"} → ${s.head ? Math.round(s.head.p95LatencyMs) : "—"} ms`;
      return `| <b>${cell(s.tenant)}/${cell(s.name)}</b>${s.status !== "changed" ? ` (${s.status})` : ""} | ${rate} | ${s.regressions} | ${s.fixes} | ${s.added} | ${s.removed} | ${usd(perRun(s.base))} → ${usd(perRun(s.head))} | ${lat} |`;
    })
  ];
  const details = cmp.suites.map((s) => {
    const shown = s.cases.filter((c) => c.change !== "still-passing").sort((a, b) => ORDER[a.change] - ORDER[b.change]);
    if (shown.length === 0) return "";
    const rows = shown.map(
      (c) => `| <code>${cell(c.id)}</code> | ${c.route ? cell(c.route) : ""} | ${c.change} | ${verdict(c.base)} | ${verdict(c.head)} | ${why(c.change === "fixed" ? c.base : c.head)} |`
    );
    const open = s.regressions > 0 ? " open" : "";
    return `<details${open}><summary><b>${cell(s.tenant)}/${cell(s.name)}</b>: ${s.regressions} regressed, ${s.fixes} fixed, ${shown.length - s.regressions - s.fixes} other</summary>

| Case | Route | Change | Base | Head | Why |
|---|---|---|---|---|---|
${rows.join("\n")}

</details>`;
  });
  let body = [...head, ...table, "", ...details.filter(Boolean)].join("\n");
  if (body.length > max) {
    body = `${[...head, ...table].join("\n").slice(0, max - 200)}

> ⚠️ Case details left out to fit GitHub's comment size limit; see the job summary or the JSON artifact.`;
  }
  return `${body}
`;
}

// core/eval/format/progress.ts
function progressBar(write, options) {
  let last = -1;
  return {
    update(done, total) {
      if (!options.enabled || total < (options.minTotal ?? 20)) return;
      const width = 30;
      const filled = Math.round(done / total * width);
      if (filled === last && done !== total) return;
      last = filled;
      write(
        `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}${done === total ? "\n" : ""}`
      );
    }
  };
}

// cli/commands/eval.ts
function callMode(options) {
  const chosen = ["record", "replay", "live"].filter((m) => options[m]);
  if (chosen.length > 1)
    throw new UserError(
      `Choose one of --record, --replay and --live (got ${chosen.map((m) => `--${m}`).join(", ")}).`
    );
  return chosen[0] ?? "auto";
}
async function evalCommand(dir, options, io) {
  const mode = callMode(options);
  const routes = options.compare?.split(",").map((r) => r.trim()).filter(Boolean);
  if (options.compare !== void 0 && (!routes || routes.length === 0))
    throw new UserError("--compare needs route names or model:ID targets, separated by commas.");
  if (routes && options.base)
    throw new UserError(
      "--compare and --base cannot be combined: compare routes on one state, or compare two states."
    );
  const concurrency = options.concurrency === void 0 ? void 0 : Number(options.concurrency);
  if (concurrency !== void 0 && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256)) {
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
    cacheDir: options.cache ? void 0 : false,
    concurrency,
    routes,
    failOnRegression: options.failOnRegression,
    onProgress: (done, total) => bar.update(done, total)
  });
  const errors = result.headDiagnostics.filter((d) => d.severity === "error").length;
  if (errors > 0)
    io.stderr(
      `warning: ${errors} lint error${errors === 1 ? "" : "s"} in the repository; invalid files are left out. Run charter lint.
`
    );
  const report = result.report;
  if (options.json)
    await writeFile(
      resolve(io.cwd, options.json),
      `${JSON.stringify(result.comparison ? { comparison: result.comparison } : report, null, 2)}
`
    );
  if (options.junit) await writeFile(resolve(io.cwd, options.junit), formatJunit(report));
  let text;
  switch (options.format) {
    case "json":
      text = `${JSON.stringify(result.comparison ? { comparison: result.comparison } : report, null, 2)}
`;
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
        const lines = c.suites.flatMap(
          (s) => s.cases.filter((x) => x.change === "regressed" || x.change === "fixed").map(
            (x) => `  ${x.change === "regressed" ? "regressed" : "fixed    "} ${s.tenant}/${s.name} › ${x.id}${x.route ? ` @ ${x.route}` : ""}`
          )
        );
        text += `
base vs head: ${c.suites.length} suite(s) affected, ${c.unaffected.length} unaffected (not run)
${lines.join("\n")}${lines.length ? "\n" : ""}${c.conclusion === "failure" ? c.reasons.map((r) => `✖ ${r}`).join("\n") : "✔ no regressions"}
`;
      }
  }
  if (options.output) await writeFile(resolve(io.cwd, options.output), text);
  else io.stdout(text);
  if (result.comparison) return result.comparison.conclusion === "success" ? 0 : 1;
  return report.suites.every((s) => s.passed) ? 0 : 1;
}

export {
  callMode,
  evalCommand
};
