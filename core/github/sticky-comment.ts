/**
 * The one place Charter writes PR comments: a sticky comment found by a hidden HTML marker and
 * updated in place. Every list call paginates (a PR can have hundreds of comments), and only
 * comments written by a bot are ever edited, so a human who pastes the marker cannot get their
 * comment overwritten.
 */

interface IssueComment {
  id: number;
  body?: string | null;
  html_url: string;
  user?: { type?: string; login?: string } | null;
}

/** The slice of Octokit this module needs (satisfied by @actions/github and Probot clients). */
export interface CommentsClient {
  paginate<T>(route: unknown, params: Record<string, unknown>): Promise<T[]>;
  rest: {
    issues: {
      listComments: unknown;
      createComment(params: {
        owner: string;
        repo: string;
        issue_number: number;
        body: string;
      }): Promise<{ data: IssueComment }>;
      updateComment(params: {
        owner: string;
        repo: string;
        comment_id: number;
        body: string;
      }): Promise<{ data: IssueComment }>;
    };
  };
}

export interface StickyTarget {
  owner: string;
  repo: string;
  issueNumber: number;
  marker: string;
}

export type StickyResult = { action: "created" | "updated" | "unchanged"; id: number; url: string };

export async function findStickyComment(
  client: CommentsClient,
  target: StickyTarget,
): Promise<IssueComment | undefined> {
  const comments = await client.paginate<IssueComment>(client.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  });
  return comments.find((c) => c.user?.type === "Bot" && (c.body ?? "").includes(target.marker));
}

export async function upsertStickyComment(
  client: CommentsClient,
  target: StickyTarget,
  body: string,
): Promise<StickyResult> {
  if (!body.includes(target.marker)) throw new Error("the comment body must contain its marker");
  const existing = await findStickyComment(client, target);
  if (existing && existing.body === body)
    return { action: "unchanged", id: existing.id, url: existing.html_url };
  if (existing) {
    const { data } = await client.rest.issues.updateComment({
      owner: target.owner,
      repo: target.repo,
      comment_id: existing.id,
      body,
    });
    return { action: "updated", id: data.id, url: data.html_url };
  }
  const { data } = await client.rest.issues.createComment({
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    body,
  });
  return { action: "created", id: data.id, url: data.html_url };
}
