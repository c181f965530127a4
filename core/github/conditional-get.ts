/**
 * Conditional GETs for lists the app polls (reconciliation): GitHub answers `304 Not Modified` to a
 * request carrying the previous ETag, and a 304 does not count against the rate limit. Every page of
 * a list is fetched this way, so an unchanged list costs only 304s.
 */
import type { GitHubApi } from "./github-api.ts";

interface Cached {
  etag: string;
  data: unknown;
  next?: string;
}

/** Remembers ETags and bodies by URL (bounded; the oldest go first). */
export class ETagCache {
  private readonly entries = new Map<string, Cached>();
  readonly capacity: number;
  /** Requests answered 304. */
  notModified = 0;

  constructor(capacity = 2048) {
    this.capacity = capacity;
  }

  get(url: string): Cached | undefined {
    return this.entries.get(url);
  }

  set(url: string, value: Cached): void {
    this.entries.delete(url);
    this.entries.set(url, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}

function nextLink(link: string | undefined): string | undefined {
  return link ? /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] : undefined;
}

/**
 * Every item of a paginated list (`GET` returning an array, or an object whose `key` holds it),
 * revalidating each page with its ETag.
 */
export async function listAll<T>(api: GitHubApi, cache: ETagCache, url: string, key?: string): Promise<T[]> {
  const items: T[] = [];
  let page: string | undefined = url;
  for (let guard = 0; page && guard < 1000; guard++) {
    const known = cache.get(page);
    let entry: Cached;
    try {
      const res = await api.request(`GET ${page}`, known ? { headers: { "if-none-match": known.etag } } : {});
      const etag = (res.headers as Record<string, string | undefined>).etag;
      const next = nextLink((res.headers as Record<string, string | undefined>).link);
      entry = { etag: etag ?? "", data: res.data, ...(next ? { next } : {}) };
      if (etag) cache.set(page, entry);
    } catch (error) {
      if ((error as { status?: number }).status !== 304 || !known) throw error;
      cache.notModified++;
      entry = known;
    }
    const data = key ? (entry.data as Record<string, unknown>)[key] : entry.data;
    items.push(...((data as T[]) ?? []));
    page = entry.next;
  }
  return items;
}
