import { type Chunk, chunkDocument } from "./chunk.ts";
import type { KnowledgeDocumentText, Passage, Retriever } from "./retriever.ts";
import { tokenize } from "./tokenize.ts";

export interface Bm25Options {
  /** Term-frequency saturation: how quickly repeats of a term stop adding score. */
  k1?: number;
  /** Length normalisation: 0 ignores passage length, 1 fully normalises by it. */
  b?: number;
  /** Passage size passed to chunkDocument. */
  maxChars?: number;
}

/** Parallel arrays rather than objects per posting: 10k passages build without allocation churn. */
interface Postings {
  ids: number[];
  tfs: number[];
}

/**
 * Okapi BM25 over passages, in memory. Tenant isolation is structural: the index holds exactly the
 * documents it was built from, so building one index per tenant collection is the whole guarantee.
 */
export class Bm25Index implements Retriever {
  private readonly passages: readonly Chunk[];
  private readonly postings: Map<string, Postings>;
  /** The query-independent part of BM25's denominator, k1·(1 − b + b·len/avgLen), per passage. */
  private readonly norms: Float64Array;
  private readonly k1: number;

  private constructor(
    passages: Chunk[],
    lengths: Float64Array,
    postings: Map<string, Postings>,
    k1: number,
    b: number,
  ) {
    this.passages = passages;
    this.postings = postings;
    this.k1 = k1;
    let total = 0;
    for (const length of lengths) total += length;
    // An all-stop-word corpus has average length 0; no term can match it, so any finite value works.
    const avg = total > 0 ? total / lengths.length : 1;
    this.norms = lengths.map((length) => k1 * (1 - b + (b * length) / avg));
  }

  static build(documents: KnowledgeDocumentText[], options: Bm25Options = {}): Bm25Index {
    const k1 = options.k1 ?? 1.2;
    const b = options.b ?? 0.75;
    if (!(k1 >= 0) || !Number.isFinite(k1)) throw new RangeError(`k1 must be a finite number ≥ 0, got ${k1}`);
    if (!(b >= 0 && b <= 1)) throw new RangeError(`b must be between 0 and 1, got ${b}`);
    const passages = documents.flatMap((d) => chunkDocument(d.path, d.text, options.maxChars));
    const lengths = new Float64Array(passages.length);
    const postings = new Map<string, Postings>();
    passages.forEach((passage, id) => {
      // The title is indexed with the text: a passage under "Refunds" is about refunds even when
      // its body says "money back".
      const terms = tokenize(`${passage.title}\n${passage.text}`);
      lengths[id] = terms.length;
      // Ids only increase, so a term seen earlier in this passage is the last posting of its list:
      // term frequencies are counted in place, without a per-passage Map.
      for (const term of terms) {
        const list = postings.get(term);
        if (!list) postings.set(term, { ids: [id], tfs: [1] });
        else if (list.ids[list.ids.length - 1] === id) list.tfs[list.tfs.length - 1]!++;
        else {
          list.ids.push(id);
          list.tfs.push(1);
        }
      }
    });
    return new Bm25Index(passages, lengths, postings, k1, b);
  }

  /** Number of passages indexed. */
  get size(): number {
    return this.passages.length;
  }

  search(query: string, topK: number): Passage[] {
    const n = this.passages.length;
    if (!(topK >= 1) || n === 0) return [];
    const scores = new Float64Array(n);
    const touched: number[] = [];
    // Unique terms: repeating a word in the query should not multiply its weight.
    for (const term of new Set(tokenize(query))) {
      const list = this.postings.get(term);
      if (!list) continue;
      const df = list.ids.length;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (let i = 0; i < df; i++) {
        const id = list.ids[i]!;
        const tf = list.tfs[i]!;
        if (scores[id] === 0) touched.push(id);
        scores[id]! += (idf * tf * (this.k1 + 1)) / (tf + this.norms[id]!);
      }
    }
    const ranked = touched.filter((id) => scores[id]! > 0);
    // Passage ids follow document then passage order, so `a - b` is "path, then passage order"
    // within a path; comparing paths first keeps results independent of document input order.
    ranked.sort((a, b) => {
      const byScore = scores[b]! - scores[a]!;
      if (byScore !== 0) return byScore;
      const pa = this.passages[a]!.path;
      const pb = this.passages[b]!.path;
      return pa < pb ? -1 : pa > pb ? 1 : a - b;
    });
    return ranked.slice(0, Math.floor(topK)).map((id) => {
      const p = this.passages[id]!;
      return { path: p.path, title: p.title, text: p.text, score: scores[id]! };
    });
  }
}
