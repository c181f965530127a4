/** Webhook payloads in GitHub's shapes (the fields the app reads, and the ones around them). */
import type { Actor } from "../../core/approvals/facts.ts";
import type { FakeGitHub, FakePull, FakeReview } from "./fake-github.ts";

const user = (a: Actor) => ({ login: a.login, id: a.id, type: a.type, node_id: `U_${a.id}` });

function repository(github: FakeGitHub) {
  return {
    id: 1296269,
    name: github.repo,
    full_name: `${github.owner}/${github.repo}`,
    owner: { login: github.owner, id: 9919, type: "Organization" },
    private: true,
  };
}

function pullRequest(github: FakeGitHub, p: FakePull) {
  const repo = repository(github);
  const headRepo = p.fork
    ? { ...repo, id: 777, full_name: `${p.author.login}/${github.repo}`, owner: user(p.author) }
    : repo;
  return {
    number: p.number,
    state: p.state === "OPEN" ? "open" : "closed",
    draft: p.draft,
    user: user(p.author),
    updated_at: new Date().toISOString(),
    head: { sha: p.headSha, ref: "feature", label: `${headRepo.owner.login}:feature`, repo: headRepo },
    base: { sha: p.baseSha, ref: p.baseRef, label: `${github.owner}:${p.baseRef}`, repo },
  };
}

export function pullRequestEvent(
  github: FakeGitHub,
  p: FakePull,
  action: string,
  options: { sender?: Actor; before?: string; changes?: object; label?: string } = {},
) {
  return {
    action,
    number: p.number,
    pull_request: pullRequest(github, p),
    repository: repository(github),
    installation: { id: 1 },
    sender: user(options.sender ?? p.author),
    ...(options.before ? { before: options.before, after: p.headSha } : {}),
    ...(options.changes ? { changes: options.changes } : {}),
    ...(options.label ? { label: { name: options.label } } : {}),
  };
}

export function reviewEvent(github: FakeGitHub, p: FakePull, r: FakeReview, action = "submitted") {
  return {
    action,
    review: {
      id: r.id,
      user: r.author ? user(r.author) : null,
      state: r.state.toLowerCase(),
      commit_id: r.commitId,
      submitted_at: r.submittedAt,
    },
    pull_request: pullRequest(github, p),
    repository: repository(github),
    installation: { id: 1 },
    sender: r.author ? user(r.author) : user(p.author),
  };
}

export function rerunEvent(
  github: FakeGitHub,
  checkRun: { id: number; name: string; head_sha: string; external_id: string | null },
  numbers: number[],
) {
  return {
    action: "rerequested",
    check_run: {
      ...checkRun,
      app: { id: github.appId },
      pull_requests: numbers.map((number) => ({ number, base: { ref: "main" } })),
    },
    repository: repository(github),
    installation: { id: 1 },
    sender: { login: "someone", id: 5, type: "User" },
  };
}
