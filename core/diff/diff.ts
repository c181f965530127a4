/** diff: two loaded states → a typed change set. Pure apart from reading knowledge documents. */
import type { RiskLevel } from "../../workflows-schema/index.ts";
import { loadRepo } from "../model/load.ts";
import type { GovernedRepo } from "../model/repo.ts";
import { DirectorySource } from "../source/directory-source.ts";
import { GitSource } from "../source/git-source.ts";
import type { ChangeSet, ChangeSummary } from "./change.ts";
import { DiffContext } from "./context.ts";
import { diffEvals } from "./evals.ts";
import { maxRisk } from "./kinds.ts";
import { diffKnowledge } from "./knowledge.ts";
import { diffModels, diffTools } from "./platform.ts";
import { diffCharter, diffTenantPolicy } from "./policies.ts";
import { diffPrompts } from "./prompts.ts";
import { diffRoutes } from "./routes.ts";
import { diffWorkflows } from "./workflows.ts";

export async function diffRepos(base: GovernedRepo, head: GovernedRepo): Promise<ChangeSet> {
  const ctx = new DiffContext(base, head);
  diffCharter(ctx, base, head);
  diffModels(ctx, base, head);
  diffTools(ctx, base, head);
  const tenants = [...new Set([...base.tenants.keys(), ...head.tenants.keys()])].sort();
  for (const name of tenants) {
    const b = base.tenants.get(name);
    const h = head.tenants.get(name);
    diffTenantPolicy(ctx, name, b, h);
    diffRoutes(ctx, name, b, h);
    diffPrompts(ctx, name, b, h);
    diffWorkflows(ctx, name, b, h);
    diffEvals(ctx, name, b, h);
    await diffKnowledge(ctx, name, b, h);
  }
  ctx.workflows.sort((x, y) => (x.tenant + x.name < y.tenant + y.name ? -1 : 1));
  return {
    changes: ctx.changes,
    workflows: ctx.workflows,
    summaries: summarize(ctx),
    base: base.source.commit,
    head: head.source.commit,
  };
}

function summarize(ctx: DiffContext): ChangeSummary[] {
  const groups = new Map<string | undefined, ChangeSummary>();
  for (const c of ctx.changes) {
    let s = groups.get(c.tenant);
    if (!s) {
      s = {
        ...(c.tenant === undefined ? {} : { tenant: c.tenant }),
        kinds: {},
        risk: "low" as RiskLevel,
        changes: 0,
      };
      groups.set(c.tenant, s);
    }
    s.kinds[c.kind] = (s.kinds[c.kind] ?? 0) + 1;
    s.changes++;
    s.risk = maxRisk([s.risk, c.risk]);
  }
  // Tenants by name, the platform last.
  return [...groups.values()].sort((a, b) =>
    a.tenant === undefined ? 1 : b.tenant === undefined ? -1 : a.tenant < b.tenant ? -1 : 1,
  );
}

export interface DiffProjectOptions {
  /** The governed repository root inside a git work tree. */
  dir: string;
  /** Base git ref. */
  base: string;
  /** Head git ref; the working tree when absent. */
  head?: string;
}

/** Loads base (and head) straight from git objects and diffs them. */
export async function diffProject(options: DiffProjectOptions) {
  const baseSource = new GitSource(options.dir, options.base);
  const headSource = options.head
    ? new GitSource(options.dir, options.head)
    : new DirectorySource(options.dir);
  const [base, head] = await Promise.all([loadRepo(baseSource), loadRepo(headSource)]);
  const changeSet = await diffRepos(base.repo, head.repo);
  return {
    changeSet,
    base: base.repo,
    head: head.repo,
    baseDiagnostics: base.diagnostics,
    headDiagnostics: head.diagnostics,
  };
}
