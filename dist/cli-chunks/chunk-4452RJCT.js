import {
  publishProject
} from "./chunk-IV6L4BFD.js";
import {
  createGitHubClient,
  githubRepository
} from "./chunk-XB6QFS3Z.js";
import {
  UserError
} from "./chunk-XC2IMODC.js";

// cli/commands/publish.ts
var SYMBOL = {
  publish: "↑",
  resume: "↻",
  unchanged: "=",
  refused: "✗"
};
function renderPublish(result, dryRun) {
  const lines = [
    `${dryRun ? "Plan for" : "Published"} ${result.commit.slice(0, 12)} → ${result.registry}${result.signer ? ` (signed by ${result.signer})` : ""}`
  ];
  if (!dryRun && result.outcomes.length > 0)
    lines.push(
      result.pullRequest ? `  from pull request #${result.pullRequest.number} by ${result.pullRequest.author.login}, merged by ${result.pullRequest.merger?.login ?? "unknown"}` : "  no pull request recorded (no GitHub token, or a direct push)"
    );
  const outcomes = new Map(result.outcomes.map((o) => [`${o.tenant}/${o.workflow}`, o]));
  for (const e of result.plan.entries) {
    const o = outcomes.get(`${e.tenant}/${e.workflow}`);
    const done = o && o.wrote.length === 0 ? "unchanged" : o ? e.action === "publish" ? "published" : "completed" : e.action;
    let line = `  ${SYMBOL[e.action]} ${e.tenant}/${e.workflow} ${e.version}  ${done}  ${e.reason}`;
    if (o?.untrusted) line += `
      ⚠ ${o.untrusted}`;
    if (o && o.wrote.length > 0)
      line += `
      ${e.bundle.digest}  sequence ${o.sequence}  ${o.channels.length ? `channels ${o.channels.join(", ")}  ` : ""}tag ${o.gitTag}`;
    lines.push(line);
  }
  if (result.plan.entries.length === 0) lines.push("  no workflows");
  const counts = {};
  for (const e of result.plan.entries) counts[e.action] = (counts[e.action] ?? 0) + 1;
  lines.push(
    `${counts.publish ?? 0} to publish, ${counts.resume ?? 0} to complete, ${counts.unchanged ?? 0} unchanged, ${counts.refused ?? 0} refused`
  );
  return `${lines.join("\n")}
`;
}
function publishJson(result) {
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
      manifestDigest: e.manifestDigest
    })),
    outcomes: result.outcomes
  };
}
async function publishCommand(dir, options, io) {
  const keyless = options.keyless ?? "auto";
  if (!["auto", "never", "always"].includes(keyless))
    throw new UserError(`--keyless must be auto, never or always; got "${keyless}".`);
  const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
  let github;
  if (options.github !== false && token && !options.dryRun) {
    const { owner, repo } = await githubRepository(options.repo, io);
    github = { client: await createGitHubClient(token, { env: io.env }), owner, repo };
  } else if (options.github !== false && !options.dryRun) {
    io.stderr("No GITHUB_TOKEN: releases will record no pull request, reviews or checks.\n");
  }
  const result = await publishProject({
    dir: dir ?? ".",
    ...options.ref ? { ref: options.ref } : {},
    ...options.registry ? { registry: options.registry } : {},
    ...options.only?.length ? { only: options.only } : {},
    dryRun: Boolean(options.dryRun),
    ...options.key ? { keyFile: options.key } : {},
    keyless,
    env: io.env,
    ...github ? { github } : {},
    ...options.pushTags ? { pushTagsTo: options.pushTags } : {}
  });
  if (options.format === "json") io.stdout(`${JSON.stringify(publishJson(result), null, 2)}
`);
  else io.stdout(renderPublish(result, Boolean(options.dryRun)));
  return result.plan.refused.length > 0 ? 1 : 0;
}

export {
  renderPublish,
  publishJson,
  publishCommand
};
