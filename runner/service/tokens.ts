/**
 * Tenant-scoped access tokens for the runner service. A token is `chr_<id>_<secret>`: the id finds
 * the row, the secret is compared by its SHA-256 in constant time; only the hash is stored, so a copy
 * of the database grants nothing. Each token belongs to one tenant, may name the person it was issued
 * to (who approves through it), carries scopes, and can expire or be revoked. Every failure reads
 * the same from outside ("invalid or expired token"): nothing tells a caller which part was wrong.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

export const SCOPES = ["runs:read", "runs:write", "approvals:write"] as const;
export type Scope = (typeof SCOPES)[number];

export interface Principal {
  tokenId: string;
  tenant: string;
  /** The person the token was issued to (`LOGIN`), when it may approve. */
  user?: string;
  scopes: Scope[];
}

export interface TokenInfo extends Principal {
  name: string;
  createdAt: number;
  expiresAt?: number;
  revokedAt?: number;
}

const hash = (secret: string) => createHash("sha256").update(secret).digest();
const TOKEN = /^chr_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export class TokenStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(`CREATE TABLE IF NOT EXISTS tokens (
      id TEXT PRIMARY KEY, tenant TEXT NOT NULL, name TEXT NOT NULL, user TEXT, scopes TEXT NOT NULL,
      secret_sha256 BLOB NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER, revoked_at INTEGER)`);
  }

  close(): void {
    this.db.close();
  }

  /** Creates a token and returns it once, in clear; it cannot be read back. */
  create(o: {
    tenant: string;
    name: string;
    user?: string;
    scopes?: Scope[];
    expiresAt?: number;
    now?: number;
  }): {
    token: string;
    info: TokenInfo;
  } {
    const id = randomBytes(8).toString("hex");
    const secret = randomBytes(32).toString("base64url");
    const scopes = o.scopes ?? [...SCOPES];
    const createdAt = o.now ?? Date.now();
    this.db
      .prepare(
        "INSERT INTO tokens (id, tenant, name, user, scopes, secret_sha256, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        id,
        o.tenant,
        o.name,
        o.user ?? null,
        scopes.join(","),
        hash(secret),
        createdAt,
        o.expiresAt ?? null,
      );
    return { token: `chr_${id}_${secret}`, info: this.info(id)! };
  }

  revoke(id: string, now = Date.now()): boolean {
    return (
      this.db.prepare("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(now, id)
        .changes > 0
    );
  }

  list(tenant?: string): TokenInfo[] {
    const rows = (
      tenant
        ? this.db.prepare("SELECT id FROM tokens WHERE tenant = ? ORDER BY created_at").all(tenant)
        : this.db.prepare("SELECT id FROM tokens ORDER BY created_at").all()
    ) as { id: string }[];
    return rows.map((r) => this.info(r.id)!);
  }

  info(id: string): TokenInfo | undefined {
    const r = this.db.prepare("SELECT * FROM tokens WHERE id = ?").get(id) as
      | Record<string, unknown>
      | undefined;
    if (!r) return undefined;
    return {
      tokenId: r.id as string,
      tenant: r.tenant as string,
      name: r.name as string,
      ...(r.user ? { user: r.user as string } : {}),
      scopes: (r.scopes as string).split(",").filter(Boolean) as Scope[],
      createdAt: r.created_at as number,
      ...(r.expires_at ? { expiresAt: r.expires_at as number } : {}),
      ...(r.revoked_at ? { revokedAt: r.revoked_at as number } : {}),
    };
  }

  /** The principal a presented token stands for, or undefined (unknown, wrong secret, revoked, expired). */
  authenticate(presented: string | undefined, now = Date.now()): Principal | undefined {
    const m = presented ? TOKEN.exec(presented) : null;
    if (!m) return undefined;
    const row = this.db.prepare("SELECT secret_sha256 FROM tokens WHERE id = ?").get(m[1]) as
      | { secret_sha256: Buffer }
      | undefined;
    const expected = row?.secret_sha256 ?? Buffer.alloc(32);
    const ok = timingSafeEqual(expected, hash(m[2]!)) && row !== undefined;
    if (!ok) return undefined;
    const info = this.info(m[1]!)!;
    if (info.revokedAt !== undefined || (info.expiresAt !== undefined && info.expiresAt <= now))
      return undefined;
    return {
      tokenId: info.tokenId,
      tenant: info.tenant,
      ...(info.user ? { user: info.user } : {}),
      scopes: info.scopes,
    };
  }
}
