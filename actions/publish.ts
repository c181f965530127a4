/**
 * `command: publish`, for `push` to the default branch: publish every workflow whose bundle changed
 * since its latest release, signed (a key from the CHARTER_SIGNING_KEY secret, or keyless with the
 * job's OIDC token), with the pull request, its reviews at the merged head, its checks and its
 * evaluation read from GitHub into the governance attestation, and a git tag per release pushed to
 * origin. Anywhere else it refuses, unless it is a dry run.
 */
import { resolve } from "node:path";
import type * as Core from "@actions/core";
import { publishJson, renderPublish } from "../cli/commands/publish.ts";
import { UserError } from "../core/errors.ts";
import { publishProject } from "../core/publish/project.ts";
import { defaultBranchPush } from "./event.ts";
import type { ActionInputs } from "./inputs.ts";

type ActionsCore = Pick<typeof Core, "setOutput" | "info" | "warning" | "setFailed" | "summary">;

export async function runPublish(
  inputs: ActionInputs,
  core: ActionsCore,
  workspace: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const push = defaultBranchPush(env);
  if (!push.ok && !inputs.dryRun)
    throw new UserError(
      `command: publish runs on push to the default branch (${push.why}). Use dry-run: true to preview elsewhere.`,
    );
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
  let github: Parameters<typeof publishProject>[0]["github"];
  if (inputs.token && owner && repo && !inputs.dryRun) {
    const { createGitHubClient } = await import("../core/github/client.ts");
    github = { client: await createGitHubClient(inputs.token, { env }), owner, repo };
  } else if (!inputs.dryRun) {
    core.warning("No github-token: the releases record no pull request, reviews or checks.");
  }
  const result = await publishProject({
    dir: resolve(workspace, inputs.path),
    ref: push.ok ? push.sha : "HEAD",
    ...(inputs.registry ? { registry: inputs.registry } : {}),
    dryRun: inputs.dryRun,
    keyless: inputs.keyless,
    env,
    ...(github ? { github } : {}),
    ...(inputs.pushTags && !inputs.dryRun ? { pushTagsTo: "origin" } : {}),
  });
  const text = renderPublish(result, inputs.dryRun);
  core.info(text);
  await core.summary.addRaw(`## 📦 Charter publish\n\n\`\`\`\n${text}\`\`\`\n`).write();
  core.setOutput("published", String(result.outcomes.filter((o) => o.wrote.length > 0).length));
  core.setOutput("releases", JSON.stringify((publishJson(result) as { plan: unknown }).plan));
}
