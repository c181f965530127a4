/**
 * The slice of Octokit that reads repositories through the API: `request` for REST and `graphql`.
 * Both the CLI/Action client (`createGitHubClient`, @octokit/rest) and Probot's per-installation
 * octokit satisfy it, since both are built on @octokit/core.
 */
import type { Octokit } from "@octokit/core";

export interface GitHubApi {
  request: Octokit["request"];
  graphql: Octokit["graphql"];
}
