/**
 * The one error the GitHub snapshot reader throws: an API call that failed, a tree GitHub returned
 * only in part, content that does not match its blob id, or a repository whose governed root is
 * ambiguous. It keeps the HTTP status (when there was one) so the App can tell an outage from a
 * missing permission, and the original error as `cause`.
 */

export class GitHubSnapshotError extends Error {
  override name = "GitHubSnapshotError";
  /** HTTP status of the failed request, if the failure was an HTTP error response. */
  readonly status?: number;

  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    if (options.status !== undefined) this.status = options.status;
  }
}

interface OctokitLikeError {
  status?: unknown;
  message?: unknown;
  response?: unknown;
  errors?: unknown;
}

function hint(status: number | undefined, message: string, repo: string): string {
  if (status === 429 || /rate limit/i.test(message)) return "GitHub's rate limit was reached; retry later.";
  if (status === 401) return "GitHub rejected the token; check the GitHub App's credentials.";
  if (status === 403 || status === 404 || /NOT_FOUND|FORBIDDEN/.test(message)) {
    return `Check that the commit exists and that the GitHub App is installed on ${repo} with the Contents: read permission.`;
  }
  if (status !== undefined && status >= 500) return "GitHub had a server error; retry later.";
  return "";
}

/** `text. tail`, without doubling a final period. */
function withHint(text: string, tail: string): string {
  return tail ? `${text.replace(/\.$/, "")}. ${tail}` : text;
}

/**
 * Turns an Octokit failure into a GitHubSnapshotError that names what failed, e.g.
 * `GitHub API error 502 while reading blobs of acme/ai@abc1234: Server Error. GitHub had a server error; retry later.`
 * `what` is the action ("reading blobs of acme/ai@abc1234"), `repo` is `owner/name` for the hint.
 */
export function snapshotError(error: unknown, what: string, repo: string): GitHubSnapshotError {
  if (error instanceof GitHubSnapshotError) return error;
  const e = (typeof error === "object" && error !== null ? error : {}) as OctokitLikeError;
  const raw = typeof e.message === "string" ? e.message : String(error);
  // GraphqlResponseError: HTTP 200 whose body carries `errors`.
  if (Array.isArray(e.errors)) {
    const messages = e.errors
      .map((x: { message?: unknown; type?: unknown }) =>
        [typeof x?.type === "string" ? x.type : "", typeof x?.message === "string" ? x.message : ""]
          .filter(Boolean)
          .join(": "),
      )
      .filter(Boolean);
    const text = messages.length > 0 ? messages.join("; ") : raw;
    return new GitHubSnapshotError(
      withHint(`GitHub GraphQL error while ${what}: ${text}`, hint(undefined, text, repo)),
      { cause: error },
    );
  }
  // RequestError: an HTTP error has a response; a network failure is reported as status 500 without one.
  if (typeof e.status === "number" && e.response !== undefined) {
    return new GitHubSnapshotError(
      withHint(`GitHub API error ${e.status} while ${what}: ${raw}`, hint(e.status, raw, repo)),
      { status: e.status, cause: error },
    );
  }
  return new GitHubSnapshotError(
    withHint(
      `Could not reach GitHub while ${what}: ${raw}`,
      "Check the network (and HTTPS_PROXY, if a proxy is needed) and retry.",
    ),
    { cause: error },
  );
}
