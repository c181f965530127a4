/**
 * Tenant-scoped retrieval: an index built from one tenant's knowledge collection only. A retriever
 * never sees another tenant's documents because it is built from exactly the documents passed in.
 */

export interface KnowledgeDocumentText {
  /** Path relative to the repository root (tenants/<tenant>/knowledge/<collection>/...). */
  path: string;
  text: string;
}

export interface Passage {
  /** The document the passage comes from. */
  path: string;
  /** The nearest heading above the passage, or the file name. */
  title: string;
  text: string;
  /** BM25 score; higher is more relevant. */
  score: number;
}

export interface Retriever {
  search(query: string, topK: number): Passage[];
}
