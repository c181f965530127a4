import { UserError } from "../core/errors.ts";

/** `redis://host:port[/db]` as BullMQ connection options. */
export function redisConnection(url: string | undefined) {
  if (!url) throw new UserError("Which Redis? Pass --redis redis://HOST:PORT (or set CHARTER_REDIS_URL).");
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UserError(`--redis must be a URL like redis://127.0.0.1:6379; got "${url}".`);
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:")
    throw new UserError(`--redis must be a redis:// URL; got "${u.protocol}".`);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
    ...(u.protocol === "rediss:" ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}
