import type { GovernedRepo } from "../model/repo.ts";
import { Bm25Index } from "./bm25.ts";
import type { Retriever } from "./retriever.ts";

/**
 * Retrievers for a repository's knowledge, built lazily per tenant and collection from exactly that
 * collection's documents — the isolation is structural: an index never contains another tenant's text.
 */
export function knowledgeRetrievers(
  repo: GovernedRepo,
): (tenant: string, collection: string) => Promise<Retriever> {
  const built = new Map<string, Promise<Retriever>>();
  return (tenant, collection) => {
    const key = `${tenant}\0${collection}`;
    let index = built.get(key);
    if (!index) {
      index = (async () => {
        const docs = repo.tenants.get(tenant)?.knowledge.get(collection) ?? [];
        const texts = await repo.source.readMany(docs.map((d) => d.path));
        return Bm25Index.build(
          docs.map((d) => ({ path: d.path, text: texts.get(d.path)?.toString("utf8") ?? "" })),
        );
      })();
      built.set(key, index);
    }
    return index;
  };
}
