/**
 * The one GitHub client: `@octokit/rest` (REST methods + pagination) on Node's fetch. Behind a proxy
 * (HTTPS_PROXY / HTTP_PROXY / NO_PROXY, as on self-hosted runners) requests go through undici's
 * EnvHttpProxyAgent; otherwise through global fetch, which tests intercept with nock.
 */
import { Octokit } from "@octokit/rest";

export type GitHubClient = InstanceType<typeof Octokit>;

export interface ClientOptions {
  /** API root; GitHub Enterprise Server sets GITHUB_API_URL. */
  baseUrl?: string;
  env?: Record<string, string | undefined>;
}

function proxyConfigured(env: Record<string, string | undefined>): boolean {
  return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}

export async function createGitHubClient(token: string, options: ClientOptions = {}): Promise<GitHubClient> {
  const env = options.env ?? process.env;
  const baseUrl = options.baseUrl ?? env.GITHUB_API_URL ?? "https://api.github.com";
  let fetchImpl: typeof fetch | undefined;
  if (proxyConfigured(env)) {
    const { EnvHttpProxyAgent, fetch: undiciFetch } = await import("undici");
    const dispatcher = new EnvHttpProxyAgent();
    fetchImpl = ((url: string, init: object) =>
      undiciFetch(url, { ...init, dispatcher } as never)) as unknown as typeof fetch;
  }
  return new Octokit({
    auth: token,
    baseUrl,
    userAgent: "charter",
    // Request errors are thrown to the caller, which reports them once; don't also log them.
    log: { debug: () => {}, info: () => {}, warn: console.warn, error: () => {} },
    ...(fetchImpl ? { request: { fetch: fetchImpl } } : {}),
  });
}
