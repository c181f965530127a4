/**
 * Approval state in the Action: the conclusion of the approvals app's check run on the pull
 * request's head commit (one API call). The Action's token cannot read team membership, so it does
 * not re-evaluate approvals itself; the app's check run is the authority, and the verdict quotes it
 * as it stood when the job ran. Anything unreadable is "not known", never "approved".
 */
import { checkName } from "../github/check-runs.ts";
import type { GitHubApi } from "../github/github-api.ts";
import type { ApprovalState } from "./approval-state.ts";

interface CheckRunData {
  id: number;
  status: string;
  conclusion: string | null;
  html_url?: string | null;
  output?: { title?: string | null } | null;
}

export async function approvalsFromCheckRun(
  api: Pick<GitHubApi, "request">,
  target: { owner: string; repo: string; headSha: string; baseRef: string },
): Promise<ApprovalState> {
  const name = checkName(target.baseRef);
  let runs: CheckRunData[];
  try {
    const res = await api.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
      owner: target.owner,
      repo: target.repo,
      ref: target.headSha,
      check_name: name,
      filter: "latest",
      per_page: 10,
    });
    runs = (res.data as { check_runs: CheckRunData[] }).check_runs;
  } catch (error) {
    const status = (error as { status?: number }).status;
    return {
      source: "unknown",
      why: `Could not read the "${name}" check${status ? ` (HTTP ${status})` : ""}: give the job \`checks: read\` permission.`,
    };
  }
  const latest = [...runs].sort((a, b) => b.id - a.id)[0];
  if (!latest)
    return {
      source: "unknown",
      why: `The Charter approvals app has not reported "${name}" on ${target.headSha.slice(0, 7)} yet.`,
    };
  const title = latest.output?.title ?? name;
  const url = latest.html_url ? { url: latest.html_url } : {};
  if (latest.status !== "completed") return { source: "check-run", conclusion: "pending", title, ...url };
  switch (latest.conclusion) {
    case "success":
      return { source: "check-run", conclusion: "approved", title, ...url };
    case "action_required":
      return { source: "check-run", conclusion: "pending", title, ...url };
    case "cancelled":
      return {
        source: "unknown",
        why: `"${name}" on this commit was superseded; re-run the approvals check.`,
      };
    case "failure":
      return {
        source: "check-run",
        conclusion: title.startsWith("Changes requested") ? "blocked" : "error",
        title,
        ...url,
      };
    default:
      return {
        source: "check-run",
        conclusion: "error",
        title: `${title} (${latest.conclusion ?? "no conclusion"})`,
        ...url,
      };
  }
}
