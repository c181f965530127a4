import {
  runGit
} from "./chunk-6TJ5RCH4.js";
import {
  UserError
} from "./chunk-XC2IMODC.js";

// core/github/client.ts
import { Octokit } from "@octokit/rest";
function proxyConfigured(env) {
  return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}
async function createGitHubClient(token, options = {}) {
  const env = options.env ?? process.env;
  const baseUrl = options.baseUrl ?? env.GITHUB_API_URL ?? "https://api.github.com";
  let fetchImpl;
  if (proxyConfigured(env)) {
    const { EnvHttpProxyAgent, fetch: undiciFetch } = await import("undici");
    const dispatcher = new EnvHttpProxyAgent();
    fetchImpl = ((url, init) => undiciFetch(url, { ...init, dispatcher }));
  }
  return new Octokit({
    auth: token,
    baseUrl,
    userAgent: "charter",
    // Request errors are thrown to the caller, which reports them once; don't also log them.
    log: { debug: () => {
    }, info: () => {
    }, warn: console.warn, error: () => {
    } },
    ...fetchImpl ? { request: { fetch: fetchImpl } } : {}
  });
}

// cli/github-repository.ts
var REPO = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/;
async function githubRepository(flag, io) {
  let spec = flag ?? io.env.GITHUB_REPOSITORY;
  if (!spec) {
    const remote = await runGit(io.cwd, ["remote", "get-url", "origin"]).catch(() => void 0);
    const url = remote?.code === 0 ? remote.stdout.toString("utf8").trim() : "";
    spec = /github\.com[:/]([^/]+\/[^/]+?)(?:\.git)?$/.exec(url)?.[1];
  }
  const m = spec ? REPO.exec(spec) : null;
  if (!m)
    throw new UserError(
      spec ? `--repo must be OWNER/NAME; got "${spec}".` : "Which repository? Pass --repo OWNER/NAME (or set GITHUB_REPOSITORY, or run inside a clone of it)."
    );
  return { owner: m[1], repo: m[2] };
}

export {
  createGitHubClient,
  githubRepository
};
