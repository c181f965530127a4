/**
 * `charter publish [DIR]`: publish every workflow whose bundle differs from its latest release —
 * signed, to the registry in charter.yml (or --registry), with a git tag per release. `--dry-run`
 * prints the plan and writes nothing.
 */
import { UserError } from "../../core/errors.ts";
import { createGitHubClient } from "../../core/github/client.ts";
import type { PlanEntry } from "../../core/publish/plan.ts";
import { type PublishResult, publishProject } from "../../core/publish/project.ts";
import { githubRepository } from "../github-repository.ts";
import type { CliIO } from "../io.ts";

export interface PublishCommandOptions {
  registry?: string;
  ref?: string;
  only?: string[];
  dryRun?: boolean;
  key?: string;
  keyless?: string;
  repo?: string;
  github?: boolean;
  pushTags?: string;
  format: string;
}

const SYMBOL: Record<PlanEntry["action"], string> = {
  publish: "↑",
  resume: "↻",
  unchanged: "=",
  refused: "✗",
};

export function renderPublish(result: PublishResult, dryRun: boolean): string {
  const lines = [
    `${dryRun ? "Plan for" : "Published"} ${result.commit.slice(0, 12)} → ${result.registry}${result.signer ? ` (signed by ${result.signer})` : ""}`,
  ];
  if (!dryRun && result.outcomes.length > 0)
    lines.push(
      result.pullRequest
        ? `  from pull request #${result.pullRequest.number} by ${result.pullRequest.author.login}, merged by ${result.pullRequest.merger?.login ?? "unknown"}`
        : "  no pull request recorded (no GitHub token, or a direct push)",
    );
  const outcomes = new Map(result.outcomes.map((o) => [`${o.tenant}/${o.workflow}`, o]));
  for (const e of result.plan.entries) {
    const o = outcomes.get(`${e.tenant}/${e.workflow}`);
    const done =
      o && o.wrote.length === 0
        ? "unchanged"
        : o
          ? e.action === "publish"
            ? "published"
            : "completed"
          : e.action;
    let line = `  ${SYMBOL[e.action]} ${e.tenant}/${e.workflow} ${e.version}  ${done}  ${e.reason}`;
    if (o?.untrusted) line += `\n      ⚠ ${o.untrusted}`;
    if (o && o.wrote.length > 0)
      line += `\n      ${e.bundle.digest}  sequence ${o.sequence}  ${o.channels.length ? `channels ${o.channels.join(", ")}  ` : ""}tag ${o.gitTag}`;
    lines.push(line);
  }
  if (result.plan.entries.length === 0) lines.push("  no workflows");
  const counts: Partial<Record<PlanEntry["action"], number>> = {};
  for (const e of result.plan.entries) counts[e.action] = (counts[e.action] ?? 0) + 1;
  lines.push(
    `${counts.publish ?? 0} to publish, ${counts.resume ?? 0} to complete, ${counts.unchanged ?? 0} unchanged, ${counts.refused ?? 0} refused`,
  );
  return `${lines.join("\n")}\n`;
}

export function publishJson(result: PublishResult): unknown {
  return {
    commit: result.commit,
    registry: result.registry,
    signer: result.signer ?? null,
    pullRequest: result.pullRequest,
    plan: result.plan.entries.map((e) => ({
      tenant: e.tenant,
      workflow: e.workflow,
      version: e.version,
      repository: e.repository,
      action: e.action,
      reason: e.reason,
      bundleDigest: e.bundle.digest,
      manifestDigest: e.manifestDigest,
    })),
    outcomes: result.outcomes,
  };
}

export async function publishCommand(
  dir: string,
  options: PublishCommandOptions,
  io: CliIO,
): Promise<number> {
  const keyless = options.keyless ?? "auto";
  if (!["auto", "never", "always"].includes(keyless))
    throw new UserError(`--keyless must be auto, never or always; got "${keyless}".`);
  const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
  let github: Parameters<typeof publishProject>[0]["github"];
  if (options.github !== false && token && !options.dryRun) {
    const { owner, repo } = await githubRepository(options.repo, io);
    github = { client: await createGitHubClient(token, { env: io.env }), owner, repo };
  } else if (options.github !== false && !options.dryRun) {
    io.stderr("No GITHUB_TOKEN: releases will record no pull request, reviews or checks.\n");
  }
  const result = await publishProject({
    dir: dir ?? ".",
    ...(options.ref ? { ref: options.ref } : {}),
    ...(options.registry ? { registry: options.registry } : {}),
    ...(options.only?.length ? { only: options.only } : {}),
    dryRun: Boolean(options.dryRun),
    ...(options.key ? { keyFile: options.key } : {}),
    keyless: keyless as "auto",
    env: io.env,
    ...(github ? { github } : {}),
    ...(options.pushTags ? { pushTagsTo: options.pushTags } : {}),
  });
  if (options.format === "json") io.stdout(`${JSON.stringify(publishJson(result), null, 2)}\n`);
  else io.stdout(renderPublish(result, Boolean(options.dryRun)));
  return result.plan.refused.length > 0 ? 1 : 0;
}
