/** `similar`: the output is semantically close (cosine of embeddings) to the value or one of the values. */
import type { AssertionType } from "./assertion.ts";
import { asText, excerpt, invalid } from "./result.ts";

const DEFAULT_THRESHOLD = 0.75;

export const similar: AssertionType = {
  type: "similar",
  async check({ text, assertion, embed }) {
    const { value } = assertion;
    const references = Array.isArray(value) ? value.map(asText) : value === undefined ? [] : [asText(value)];
    if (references.length === 0) return invalid("similar needs a value (a text or a list of texts)");
    if (!embed)
      throw new Error("similar needs an embedding model: set `grader.embedding_route` in the eval suite");
    const vectors = await embed([text, ...references]);
    const [outputVector, ...referenceVectors] = vectors;
    if (!outputVector || referenceVectors.length !== references.length)
      throw new Error(
        `the embedding route returned ${vectors.length} vectors for ${references.length + 1} texts`,
      );
    let best = Number.NEGATIVE_INFINITY;
    let bestIndex = 0;
    referenceVectors.forEach((v, i) => {
      const s = cosineSimilarity(outputVector, v);
      if (s > best) [best, bestIndex] = [s, i];
    });
    const threshold = assertion.threshold ?? DEFAULT_THRESHOLD;
    const pass = best >= threshold;
    const closest = references.length > 1 ? ` (closest: ${excerpt(references[bestIndex])})` : "";
    return {
      pass,
      score: Math.min(1, Math.max(0, best)),
      reason: `similarity ${best.toFixed(3)} is ${pass ? "at or above" : "below"} the threshold ${threshold}${closest}`,
    };
  },
};

/** Cosine similarity of two vectors; 0 when either is the zero vector. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`cannot compare vectors of lengths ${a.length} and ${b.length}`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
