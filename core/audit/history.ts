/**
 * The default branch's first-parent history as the audit reads it: every commit with the governed
 * files it changed, and — without a checkout or a git call per commit — the policy and the signing
 * trust in force at any commit of it.
 *
 * The first-parent chain is walked oldest to newest applying each commit's changes (against its
 * first parent, so the walk reproduces each commit's tree) to a small map of the files that decide
 * policy and trust: charter.yml, every tenants/TENANT/tenant.yml, and every key or trusted-root file
 * any version of charter.yml names. A commit's snapshot of that map is shared until one of those
 * files changes, so the walk costs one map copy per policy change, not per commit. Policies and trust
 * are then built from the snapshot's blobs (read in one `git cat-file --batch`) and cached by content:
 * a thousand releases under one policy load it once.
 *
 * Commits off the chain (a release tagged on a branch) fall back to reading the commit's tree.
 */
import { parse } from "yaml";
import { type ApprovalPolicy, approvalPolicy } from "../approvals/policy.ts";
import { classifyPath } from "../model/classify.ts";
import { loadRepo } from "../model/load.ts";
import type { GovernedRepo } from "../model/repo.ts";
import { keylessTrustAt, trustedKeysAt } from "../publish/project.ts";
import type { TrustPolicy } from "../publish/verify-release.ts";
import { GitSource } from "../source/git-source.ts";
import { MemorySource } from "../source/memory-source.ts";
import { catFile, type LogCommit } from "./git-read.ts";

const CHARTER_FILE = /^charter\.ya?ml$/;
const POLICY_FILE = /^(?:charter\.ya?ml|tenants\/[^/]+\/tenant\.ya?ml)$/;
const ZERO = /^0+$/;
const EXCLUDED_SEGMENT = new Set([".git", "node_modules", ".charter"]);

export type PolicyAt = { ok: true; policy: ApprovalPolicy } | { ok: false; problem: string };

export interface TrustAt {
  trust: TrustPolicy;
  /** Why charter.yml's signing trust could not be read at this commit (then nothing is trusted). */
  problem?: string;
}

/** The key and trusted-root files a charter.yml names (relative to the governed root). */
export function signingFiles(charterText: string): string[] {
  let doc: unknown;
  try {
    doc = parse(charterText, { maxAliasCount: 100 });
  } catch {
    return [];
  }
  const signing = (doc as { signing?: { trusted_keys?: unknown; trusted_root_file?: unknown } } | null)
    ?.signing;
  const out: string[] = [];
  if (Array.isArray(signing?.trusted_keys))
    for (const k of signing.trusted_keys)
      if (typeof (k as { public_key_file?: unknown })?.public_key_file === "string")
        out.push((k as { public_key_file: string }).public_key_file);
  if (typeof signing?.trusted_root_file === "string") out.push(signing.trusted_root_file);
  return out;
}

export class AuditHistory {
  /** Oldest first. */
  readonly commits: LogCommit[];
  readonly position = new Map<string, number>();
  private readonly snapshots = new Map<string, ReadonlyMap<string, string>>();
  private readonly blobs = new Map<string, Buffer>();
  private readonly signingByBlob = new Map<string, string[]>();
  private readonly policies = new Map<string, Promise<PolicyAt>>();
  private readonly trusts = new Map<string, Promise<TrustAt>>();
  private firstCharter: number | undefined;

  /**
   * @param top the git work tree's top level
   * @param prefix the governed root inside it (`""` or `sub/dir/`)
   * @param dir the governed root's absolute path (for reading commits off the chain)
   */
  private constructor(
    readonly top: string,
    readonly prefix: string,
    readonly dir: string,
    newestFirst: LogCommit[],
  ) {
    this.commits = [...newestFirst].reverse();
    this.commits.forEach((c, i) => {
      this.position.set(c.sha, i);
    });
  }

  static async build(
    top: string,
    prefix: string,
    dir: string,
    newestFirst: LogCommit[],
  ): Promise<AuditHistory> {
    const h = new AuditHistory(top, prefix, dir, newestFirst);
    await h.walk();
    return h;
  }

  /** The path relative to the governed root, or undefined when it is outside it. */
  rel(path: string): string | undefined {
    if (!path.startsWith(this.prefix)) return undefined;
    const rel = path.slice(this.prefix.length);
    return rel.split("/").some((s) => EXCLUDED_SEGMENT.has(s)) ? undefined : rel;
  }

  private async walk(): Promise<void> {
    // Every version of charter.yml, to learn which files it ever named for signing trust.
    const charterBlobs = new Set<string>();
    for (const c of this.commits)
      for (const ch of c.changes) {
        const rel = this.rel(ch.path);
        if (rel && CHARTER_FILE.test(rel) && !ZERO.test(ch.newBlob)) charterBlobs.add(ch.newBlob);
      }
    await this.read([...charterBlobs]);
    const signing = new Set<string>();
    for (const blob of charterBlobs) for (const f of this.signingFilesOf(blob)) signing.add(f);

    let current: Map<string, string> = new Map();
    for (const c of this.commits) {
      let next = current;
      for (const ch of c.changes) {
        const rel = this.rel(ch.path);
        if (rel === undefined || !(POLICY_FILE.test(rel) || signing.has(rel))) continue;
        if (next === current) next = new Map(current);
        if (ch.status === "D" || ZERO.test(ch.newBlob) || !ch.newMode.startsWith("100")) next.delete(rel);
        else next.set(rel, ch.newBlob);
      }
      current = next;
      this.snapshots.set(c.sha, current);
      if (this.firstCharter === undefined && this.charterBlob(current))
        this.firstCharter = this.position.get(c.sha);
    }
  }

  private signingFilesOf(blob: string | undefined): string[] {
    if (!blob) return [];
    let files = this.signingByBlob.get(blob);
    if (!files) {
      const bytes = this.blobs.get(blob);
      files = bytes ? signingFiles(bytes.toString("utf8")) : [];
      this.signingByBlob.set(blob, files);
    }
    return files;
  }

  private charterBlob(snapshot: ReadonlyMap<string, string>): string | undefined {
    return snapshot.get("charter.yml") ?? snapshot.get("charter.yaml");
  }

  /** Reads blobs not read yet, in one git call. */
  async read(oids: readonly string[]): Promise<void> {
    const missing = [...new Set(oids)].filter((o) => !this.blobs.has(o));
    if (missing.length === 0) return;
    for (const [oid, bytes] of await catFile(this.top, missing)) this.blobs.set(oid, bytes);
  }

  /** Reads the policy and trust files of these commits in one git call (before judging many releases). */
  async prefetch(shas: Iterable<string>): Promise<void> {
    const oids = new Set<string>();
    for (const sha of shas) for (const oid of this.snapshots.get(sha)?.values() ?? []) oids.add(oid);
    await this.read([...oids]);
  }

  /** Whether a charter.yml existed at `sha` or at any earlier commit of the chain. */
  hadCharterAt(sha: string): boolean {
    const i = this.position.get(sha);
    return i !== undefined && this.firstCharter !== undefined && i >= this.firstCharter;
  }

  onChain(sha: string): boolean {
    return this.position.has(sha);
  }

  commit(sha: string): LogCommit | undefined {
    const i = this.position.get(sha);
    return i === undefined ? undefined : this.commits[i];
  }

  /** The governed files a commit changed (paths relative to the repository's top level). */
  governedPaths(c: LogCommit): string[] {
    const parent = c.parents[0] ? this.snapshots.get(c.parents[0]) : undefined;
    const own = this.snapshots.get(c.sha);
    const signing = new Set([
      ...this.signingFilesOf(parent && this.charterBlob(parent)),
      ...this.signingFilesOf(own && this.charterBlob(own)),
    ]);
    const out: string[] = [];
    for (const ch of c.changes) {
      const rel = this.rel(ch.path);
      if (rel === undefined) continue;
      if (classifyPath(rel).type !== "ignored" || signing.has(rel)) out.push(ch.path);
    }
    return out;
  }

  private async files(snapshot: ReadonlyMap<string, string>, keep: (rel: string) => boolean) {
    const wanted = [...snapshot].filter(([rel]) => keep(rel));
    await this.read(wanted.map(([, oid]) => oid));
    const files: Record<string, Buffer> = {};
    for (const [rel, oid] of wanted) {
      const bytes = this.blobs.get(oid);
      if (bytes) files[rel] = bytes;
    }
    return files;
  }

  /** The approval policy in force at `sha` (charter.yml and every tenant.yml there). */
  policyAt(sha: string): Promise<PolicyAt> {
    const snapshot = this.snapshots.get(sha);
    const key = snapshot
      ? [...snapshot]
          .filter(([rel]) => POLICY_FILE.test(rel))
          .map(([rel, oid]) => `${rel}=${oid}`)
          .sort()
          .join(",")
      : `commit:${sha}`;
    let p = this.policies.get(key);
    if (!p) {
      p = (async () => {
        const loaded = snapshot
          ? await loadRepo(new MemorySource(await this.files(snapshot, (rel) => POLICY_FILE.test(rel)), sha))
          : await loadRepo(new GitSource(this.dir, sha));
        const r = approvalPolicy(loaded, sha, this.prefix.replace(/\/$/, ""));
        return r.ok ? { ok: true as const, policy: r.policy } : { ok: false as const, problem: r.problem };
      })();
      this.policies.set(key, p);
    }
    return p;
  }

  /** The signing trust charter.yml declares at `sha`: its trusted keys, and keyless identities with the pinned root. */
  trustAt(sha: string): Promise<TrustAt> {
    const snapshot = this.snapshots.get(sha);
    const charter = snapshot && this.charterBlob(snapshot);
    const named = new Set(this.signingFilesOf(charter));
    const key = snapshot
      ? [...snapshot]
          .filter(([rel]) => CHARTER_FILE.test(rel) || named.has(rel))
          .map(([rel, oid]) => `${rel}=${oid}`)
          .sort()
          .join(",")
      : `commit:${sha}`;
    let p = this.trusts.get(key);
    if (!p) {
      p = (async () => {
        let repo: GovernedRepo;
        if (snapshot) {
          const files = await this.files(snapshot, (rel) => CHARTER_FILE.test(rel) || named.has(rel));
          repo = (await loadRepo(new MemorySource(files, sha))).repo;
        } else {
          repo = (await loadRepo(new GitSource(this.dir, sha))).repo;
        }
        if (!repo.charter)
          return { trust: { trustedKeys: [] }, problem: `no valid charter.yml at ${sha.slice(0, 12)}` };
        try {
          return { trust: { trustedKeys: await trustedKeysAt(repo), ...(await keylessTrustAt(repo)) } };
        } catch (e) {
          return { trust: { trustedKeys: [] }, problem: (e as Error).message };
        }
      })();
      this.trusts.set(key, p);
    }
    return p;
  }
}
