import { readFileSync } from "node:fs";

/** The pull request's base commit, from the event payload GitHub writes to GITHUB_EVENT_PATH. */
export function pullRequestBase(env: NodeJS.ProcessEnv): string | undefined {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return undefined;
  try {
    const event = JSON.parse(readFileSync(path, "utf8")) as { pull_request?: { base?: { sha?: string } } };
    return event.pull_request?.base?.sha;
  } catch {
    return undefined;
  }
}
