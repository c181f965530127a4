/**
 * `charter audit [DIR]`: every release and every governed change of the default branch, verified —
 * as Markdown, JSON (schema: docs/audit-report.schema.json), CSV or a self-contained HTML page.
 * Exit status: 0 no findings, 1 findings, 2 usage error.
 */
import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { type AuditOptions, auditRepository } from "../../core/audit/audit.ts";
import { auditHtml } from "../../core/audit/html.ts";
import { auditCsv, auditMarkdown, auditSummary } from "../../core/audit/render.ts";
import { UserError } from "../../core/errors.ts";
import { createGitHubClient } from "../../core/github/client.ts";
import { githubRepository } from "../github-repository.ts";
import type { CliIO } from "../io.ts";

export interface AuditCommandOptions {
  ref?: string;
  since?: string;
  tenant?: string;
  workflow?: string;
  format: string;
  output?: string;
  registry?: string;
  repo?: string;
  github?: boolean;
}

const NAME = /^[a-z][a-z0-9-]{0,62}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export function parseSince(text: string): Date {
  const t = text.trim();
  const ms = DAY.test(t) ? Date.parse(`${t}T00:00:00Z`) : TIME.test(t) ? Date.parse(t) : Number.NaN;
  if (Number.isNaN(ms))
    throw new UserError(
      `--since must be a date (YYYY-MM-DD, midnight UTC) or an ISO 8601 time with a zone (2026-03-01T09:00:00Z); got "${text}".`,
    );
  return new Date(ms);
}

/** Writes the whole file or nothing: a temporary file in the same directory, renamed into place. */
async function writeWhole(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${randomBytes(6).toString("hex")}.charter-audit.tmp`);
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new UserError(`Cannot write ${path}: ${(e as Error).message}`);
  }
}

export async function auditCommand(dir: string, options: AuditCommandOptions, io: CliIO): Promise<number> {
  if (options.tenant !== undefined && !NAME.test(options.tenant))
    throw new UserError(
      `--tenant must be a tenant name (lower-case letters, digits, hyphens); got "${options.tenant}".`,
    );
  if (options.workflow !== undefined) {
    const parts = options.workflow.split("/");
    if (parts.length > 2 || !parts.every((p) => NAME.test(p)))
      throw new UserError(`--workflow must be WORKFLOW or TENANT/WORKFLOW; got "${options.workflow}".`);
    if (parts.length === 2 && options.tenant && parts[0] !== options.tenant)
      throw new UserError(`--workflow ${options.workflow} is not in --tenant ${options.tenant}.`);
  }
  const since = options.since !== undefined ? parseSince(options.since) : undefined;
  const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
  let github: AuditOptions["github"];
  if (options.github !== false && token) {
    const { owner, repo } = await githubRepository(options.repo, io);
    github = { client: await createGitHubClient(token, { env: io.env }), owner, repo };
  }
  const { report, diagrams } = await auditRepository({
    dir: resolve(io.cwd, dir ?? "."),
    env: io.env,
    ...(options.ref ? { ref: options.ref } : {}),
    ...(since ? { since } : {}),
    ...(options.tenant ? { tenant: options.tenant } : {}),
    ...(options.workflow ? { workflow: options.workflow } : {}),
    ...(options.registry ? { registry: options.registry } : {}),
    ...(github ? { github } : {}),
    diagrams: options.format === "html",
  });
  const text =
    options.format === "json"
      ? `${JSON.stringify(report, null, 2)}\n`
      : options.format === "csv"
        ? auditCsv(report)
        : options.format === "html"
          ? auditHtml(report, diagrams)
          : auditMarkdown(report);
  if (options.output) {
    const path = resolve(io.cwd, options.output);
    await writeWhole(path, text);
    io.stdout(`${auditSummary(report)}Wrote ${options.format} to ${path}.\n`);
  } else io.stdout(text);
  if (!github && options.github !== false)
    io.stderr(
      "No GITHUB_TOKEN: audited offline from git history and release attestations; changes no release records are reported as no-evidence.\n",
    );
  return report.findings.length > 0 ? 1 : 0;
}
