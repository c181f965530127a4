/**
 * The publish pipeline every front end runs (`charter publish`, the Action's `command: publish`, the
 * demo): read the governed repository at a commit (never the working tree: what is published is
 * what was merged), refuse it if lint finds errors, plan against the registry, and — unless it is a
 * dry run — collect the governance facts, sign and publish.
 */
import { relative, resolve } from "node:path";
import type { Directory } from "../approvals/facts.ts";
import { type ApprovalPolicy, approvalPolicy } from "../approvals/policy.ts";
import { UserError } from "../errors.ts";
import { runGit } from "../git/run-git.ts";
import type { GitHubClient } from "../github/client.ts";
import { lintRepo } from "../lint/lint.ts";
import { loadRepo } from "../model/load.ts";
import type { GovernedRepo } from "../model/repo.ts";
import { openRegistry, registryCredentialsFromEnv } from "../registry/open.ts";
import type { Registry } from "../registry/types.ts";
import { loadSigningKey, loadTrustedKeys, type TrustedKey } from "../signing/keys.ts";
import { type AttestationSigner, keySigner, signerFromEnvironment } from "../signing/sign.ts";
import { GitSource } from "../source/git-source.ts";
import { listReleaseTags } from "./git-tags.ts";
import { collectReleaseFacts, type ReleaseFacts, resolveDirectory } from "./github-facts.ts";
import { approverIdentities } from "./governance.ts";
import type { PlanEntry } from "./plan.ts";
import { type PublishPlan, planPublish } from "./plan.ts";
import { type PublishContext, type PublishOutcome, type PublishStep, publishPlan } from "./publish.ts";
import type { TrustPolicy } from "./verify-release.ts";

export interface PublishOptions {
  /** The governed repository root (where charter.yml is), inside a git work tree. */
  dir: string;
  /** The commit to publish (default HEAD). */
  ref?: string;
  /** Registry URL or layout directory, overriding charter.yml. */
  registry?: string;
  /** Only these `tenant/workflow` (or tenants). */
  only?: string[];
  dryRun?: boolean;
  keyFile?: string;
  keyless?: "auto" | "never" | "always";
  env: Record<string, string | undefined>;
  /** GitHub client for governance facts; without one the release records no pull request. */
  github?: { client: GitHubClient; owner: string; repo: string };
  /** Git ref name recorded in provenance (default: GITHUB_REF or refs/heads/main). */
  gitRef?: string;
  pushTagsTo?: string;
  now?: () => Date;
  onStep?: (entry: PlanEntry, step: PublishStep) => void | Promise<void>;
}

export interface PublishResult {
  commit: string;
  registry: string;
  plan: PublishPlan;
  outcomes: PublishOutcome[];
  signer?: string;
  pullRequest: ReleaseFacts["pullRequest"];
}

async function git(cwd: string, args: string[], what: string): Promise<string> {
  const r = await runGit(cwd, args);
  if (r.code !== 0) throw new UserError(`${what}: ${r.stderr.trim() || `git ${args.join(" ")} failed`}`);
  return r.stdout.toString("utf8").trim();
}

export interface RegistryTarget {
  registry: Registry;
  /** Repository prefix inside the registry (none for a layout). */
  prefix: string | undefined;
}

/** The registry from `--registry` or charter.yml; credentials from the environment only. */
export function registryFor(
  repo: GovernedRepo,
  dir: string,
  override: string | undefined,
  env: Record<string, string | undefined>,
): RegistryTarget {
  const creds = registryCredentialsFromEnv(env);
  if (override) {
    const url = /^https?:\/\//.test(override) ? new URL(override) : undefined;
    if (!url) return { registry: openRegistry(resolve(dir, override), {}), prefix: undefined };
    return {
      registry: openRegistry(`${url.origin}`, creds),
      prefix: url.pathname.replace(/^\/+|\/+$/g, "") || undefined,
    };
  }
  const config = repo.charter?.data.registry ?? { type: "oci-layout" as const, path: ".charter/registry" };
  if (config.type === "oci-layout")
    return { registry: openRegistry(resolve(dir, config.path), {}), prefix: undefined };
  const fromConfig = {
    ...creds,
    ...(config.username_env && env[config.username_env] ? { username: env[config.username_env] } : {}),
    ...(config.password_env && env[config.password_env] ? { password: env[config.password_env] } : {}),
  };
  return { registry: openRegistry(config.url, fromConfig), prefix: config.repository };
}

/** Public keys from charter.yml's signing.trusted_keys, read at the same commit. */
export async function trustedKeysAt(repo: GovernedRepo): Promise<TrustedKey[]> {
  const entries = repo.charter?.data.signing.trusted_keys ?? [];
  if (entries.length === 0) return [];
  const files = await repo.source.readMany(entries.map((k) => k.public_key_file));
  return entries.flatMap((k) => {
    const pem = files.get(k.public_key_file);
    if (!pem)
      throw new UserError(
        `charter.yml: signing.trusted_keys "${k.id}" names ${k.public_key_file}, which does not exist.`,
      );
    return loadTrustedKeys([pem.toString("utf8")]).map((key) => ({ ...key, name: k.id }));
  });
}

/**
 * charter.yml's keyless trust, read at the same commit: its identities with the pinned trusted root
 * (`signing.trusted_root_file`). Empty without a pinned root: keyless attestations then cannot count.
 */
export async function keylessTrustAt(
  repo: GovernedRepo,
): Promise<Pick<TrustPolicy, "trustedRoot" | "keylessIdentities">> {
  const signing = repo.charter?.data.signing;
  if (!signing?.trusted_root_file || signing.keyless.length === 0) return {};
  const file = (await repo.source.readMany([signing.trusted_root_file])).get(signing.trusted_root_file);
  if (!file)
    throw new UserError(
      `charter.yml: signing.trusted_root_file names ${signing.trusted_root_file}, which does not exist.`,
    );
  try {
    return {
      trustedRoot: JSON.parse(file.toString("utf8")) as object,
      keylessIdentities: signing.keyless.map((k) => ({
        issuer: k.issuer,
        subjectAlternativeName: k.subject,
      })),
    };
  } catch (e) {
    throw new UserError(
      `charter.yml: signing.trusted_root_file ${signing.trusted_root_file} is not JSON: ${(e as Error).message}`,
    );
  }
}

export async function publishProject(options: PublishOptions): Promise<PublishResult> {
  const dir = resolve(options.dir);
  const commit = await git(
    dir,
    ["rev-parse", "--verify", `${options.ref ?? "HEAD"}^{commit}`],
    `Cannot resolve ${options.ref ?? "HEAD"}`,
  );
  const top = await git(dir, ["rev-parse", "--show-toplevel"], `${dir} is not in a git repository`);
  const root = relative(top, dir).split("\\").join("/");
  const loaded = await loadRepo(new GitSource(dir, commit));
  const repo = loaded.repo;
  if (!repo.charter)
    throw new UserError(`${dir} at ${commit.slice(0, 12)} has no valid charter.yml; run \`charter lint\`.`);
  const lint = await lintRepo(repo, loaded.diagnostics);
  if (lint.summary.errors > 0)
    throw new UserError(
      `Nothing was published: lint finds ${lint.summary.errors} error(s) at ${commit.slice(0, 12)}. Run \`charter lint --ref ${commit.slice(0, 12)}\`.`,
      { exitCode: 1 },
    );
  const { registry, prefix } = registryFor(repo, dir, options.registry, options.env);
  const plan = await planPublish(repo, registry, prefix, options.only);
  const base: PublishResult = { commit, registry: registry.location, plan, outcomes: [], pullRequest: null };
  if (options.dryRun) return base;
  if (plan.refused.length > 0)
    throw new UserError(
      `Nothing was published:\n${plan.refused.map((e) => `  ${e.tenant}/${e.workflow}: ${e.reason}`).join("\n")}`,
      { exitCode: 1 },
    );
  if (plan.entries.length === 0) return base;

  let signer: AttestationSigner;
  const trustedKeys = await trustedKeysAt(repo);
  const keyless = options.keyless ?? "auto";
  const keyConfigured =
    options.keyFile || options.env.CHARTER_SIGNING_KEY || options.env.CHARTER_SIGNING_KEY_FILE;
  if (keyless !== "always" && (keyConfigured || keyless === "never")) {
    const key = loadSigningKey({
      env: options.env as NodeJS.ProcessEnv,
      ...(options.keyFile ? { file: options.keyFile } : {}),
    });
    signer = keySigner(key);
    if (!trustedKeys.some((k) => k.keyId === key.keyId))
      trustedKeys.push({
        keyId: key.keyId,
        publicKey: key.publicKey,
        pem: key.publicKeyPem,
        name: "signing key",
      });
  } else {
    signer = signerFromEnvironment({ env: options.env as NodeJS.ProcessEnv, keyless });
  }

  // The policy in force: the first parent of the released commit (the base branch before the merge).
  const parent =
    (await runGit(dir, ["rev-parse", "--verify", "-q", `${commit}^1`])).stdout.toString("utf8").trim() ||
    commit;
  let policy: ApprovalPolicy | undefined;
  const policyResult = approvalPolicy(await loadRepo(new GitSource(dir, parent)), parent, root);
  if (policyResult.ok) policy = policyResult.policy;

  let facts: ReleaseFacts = { repository: "", pullRequest: null, approvals: [], checks: [], eval: null };
  let directory: Directory = { users: {}, teams: {} };
  let repositoryUrl = `file://${top}`;
  if (options.github) {
    const { client, owner, repo: name } = options.github;
    facts = await collectReleaseFacts(client, { owner, repo: name }, commit).catch(
      (e: { status?: number; message?: string }) => {
        throw new UserError(
          `Cannot read how ${commit.slice(0, 12)} was merged from GitHub (${owner}/${name}): ${e.status ? `HTTP ${e.status}, ` : ""}${e.message ?? e}. The token needs read access to pull requests, checks and issues; nothing was published.`,
          { exitCode: 1 },
        );
      },
    );
    repositoryUrl = `${options.env.GITHUB_SERVER_URL ?? "https://github.com"}/${owner}/${name}`;
    if (policy && facts.pullRequest) {
      const tenants = [...new Set(plan.entries.map((e) => e.tenant))];
      const ids = tenants.map((t) => approverIdentities(policy!, t));
      directory = await resolveDirectory(client, {
        users: [...new Set(ids.flatMap((i) => i.users))],
        teams: [...new Map(ids.flatMap((i) => i.teams).map((t) => [t.key, t])).values()],
      });
    }
  }
  // What was approved vs what is released: the governed files at the PR's head against the released
  // commit (a base that moved after the last approval can change them). Unknown when the head is not here.
  let treeEqual: boolean | undefined;
  if (facts.pullRequest) {
    const head = facts.pullRequest.headSha;
    if ((await runGit(dir, ["cat-file", "-e", `${head}^{commit}`])).code === 0) {
      const diff = await runGit(dir, ["diff", "--quiet", head, commit, "--", root || "."]);
      treeEqual = diff.code === 0 ? true : diff.code === 1 ? false : undefined;
    }
  }
  const env = options.env;
  const ctx: PublishContext = {
    registry,
    signer,
    trust: { trustedKeys, ...(await keylessTrustAt(repo)) },
    gitDir: dir,
    commit,
    ref: options.gitRef ?? env.GITHUB_REF ?? "refs/heads/main",
    repositoryUrl,
    builderId:
      env.GITHUB_WORKFLOW_REF && env.GITHUB_SERVER_URL
        ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_WORKFLOW_REF}`
        : "https://charter.dev/builders/cli/v1",
    ...(env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY
      ? {
          invocationId: `${env.GITHUB_SERVER_URL ?? "https://github.com"}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${env.GITHUB_RUN_ATTEMPT ?? "1"}`,
        }
      : {}),
    facts,
    policy,
    policyCommit: parent,
    ...(treeEqual !== undefined ? { treeEqual } : {}),
    directory,
    channels: repo.charter.data.publish.channels,
    expiresAfterDays: repo.charter.data.publish.expires_after_days,
    tagPrefix: repo.charter.data.publish.tag_prefix,
    knownTags: await listReleaseTags(dir, repo.charter.data.publish.tag_prefix),
    ...(options.pushTagsTo ? { pushTagsTo: options.pushTagsTo } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.onStep ? { onStep: options.onStep } : {}),
  };
  const outcomes = await publishPlan(ctx, plan);
  return { ...base, outcomes, signer: signer.identity, pullRequest: facts.pullRequest };
}
