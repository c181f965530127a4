import type { PromptFile, WorkflowFile } from "../../../workflows-schema/index.ts";
import { resolvedParts, resolveWorkflow } from "../../bundle/resolve.ts";
import type { Entity } from "../../model/entity.ts";
import type { GovernedRepo, Tenant } from "../../model/repo.ts";
import { canonicalJson } from "../../text/canonical-json.ts";
import { compareSemver } from "../../text/semver.ts";
import type { LintRule } from "../rule.ts";

const withoutVersion = (data: { version: string }) => canonicalJson({ ...data, version: undefined });

/** Canonical content of what a workflow resolves besides itself (what its bundle carries). */
function resolvedContent(repo: GovernedRepo, tenant: Tenant, name: string): Map<string, string> {
  const r = resolveWorkflow(repo, tenant, name);
  return r ? resolvedParts(r, canonicalJson) : new Map();
}

/**
 * A published version is immutable, so changing a workflow or prompt (or what a workflow resolves:
 * its prompts, routes and tools) without raising its version is refused, as is lowering a version.
 */
export const versionNotBumped: LintRule = {
  id: "version-not-bumped",
  description:
    "Compared with the base ref: a changed workflow or prompt (or anything a workflow's bundle carries: its prompts, routes, models, tools, sub-workflows, knowledge, eval suites, the tenant's budget and allowances) must raise its version.",
  severity: "error",
  needsBase: true,
  check(ctx) {
    const base = ctx.base;
    if (!base) return;
    for (const tenant of ctx.repo.tenants.values()) {
      const before = base.tenants.get(tenant.name);
      if (!before) continue;
      const compare = <T extends { name: string; version: string }>(
        head: Entity<T>,
        old: Entity<T> | undefined,
        kind: string,
        changed: () => string | undefined,
      ) => {
        if (!old) return;
        const order = compareSemver(head.data.version, old.data.version);
        if (order < 0) {
          ctx.report(
            head.at(["version"]),
            `Version of ${kind} "${head.data.name}" went down from ${old.data.version} to ${head.data.version}. Versions only increase: use a version above ${old.data.version}.`,
          );
          return;
        }
        if (order > 0) return;
        const reason = changed();
        if (reason) {
          ctx.report(
            head.at(["version"]),
            `${kind[0]!.toUpperCase()}${kind.slice(1)} "${head.data.name}" changed (${reason}) but its version is still ${head.data.version}. Published versions are immutable: raise the version.`,
          );
        }
      };
      for (const prompt of tenant.prompts.values()) {
        const old = before.prompts.get(prompt.data.name) as Entity<PromptFile> | undefined;
        compare(prompt, old, "prompt", () =>
          old && withoutVersion(old.data) !== withoutVersion(prompt.data) ? "its content" : undefined,
        );
      }
      for (const wf of tenant.workflows.values()) {
        const old = before.workflows.get(wf.data.name) as Entity<WorkflowFile> | undefined;
        compare(wf, old, "workflow", () => {
          if (!old) return undefined;
          if (withoutVersion(old.data) !== withoutVersion(wf.data)) return "its definition";
          const now = resolvedContent(ctx.repo, tenant, wf.data.name);
          const then = resolvedContent(base, before, old.data.name);
          const changed = [...now].filter(([k, v]) => then.has(k) && then.get(k) !== v).map(([k]) => k);
          return changed.length > 0 ? `it uses ${changed.join(", ")}, which changed` : undefined;
        });
      }
    }
  },
};
