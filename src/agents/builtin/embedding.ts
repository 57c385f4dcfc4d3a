/**
 * Built-in embeddings: signed feature hashing of word and word-bigram counts
 * into EMBEDDING_DIMS dimensions, sublinear tf (1 + ln count), L2-normalised.
 * Owns: the tokeniser, the stopword list, the hash and the vector layout —
 * change any of them and bump EMBEDDING_VERSION (vectors of two versions must
 * not be compared). Must not: touch the database or call a model.
 *
 * Hash: FNV-1a 32-bit over the feature's UTF-8 bytes, then murmur3's fmix32
 * finaliser so every bit avalanches; dimension = low 9 bits (512 = 2^9), sign
 * = top bit. Features are "w:<word>" and "b:<word> <word>" (bigrams of the
 * stopword-filtered sequence). Deterministic across processes and machines.
 */

/** Must equal the vector(N) column of stellar.chunk_embeddings. */
export const EMBEDDING_DIMS = 512;

export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then so of to in on at by for with from as into about over than ' +
    'is are was were be been being am do does did have has had having ' +
    'i me my we us our you your he him his she her it its they them their this that these those ' +
    'there here what which who whom whose when where how why ' +
    'not no yes just very really can could would should will shall may might must ' +
    'um uh erm er ah hmm oh okay ok yeah mm hmm mhm ' +
    'im youre were theyre its thats dont doesnt didnt cant wont isnt arent wasnt ive youve weve id youd ill youll well lets'
  ).split(/\s+/),
);

/** AMI-style markers ({vocalsound}, {disfmarker}, {gap}) carry no meaning. */
const MARKER = /\{[^{}\s]*\}/g;

/** Lowercase, NFKC, apostrophes removed ("don't" → "dont"), split on anything not a letter or digit, stopwords dropped. */
export function tokenize(text: string): string[] {
  return text
    .normalize('NFKC')
    .replace(MARKER, ' ')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0 && !STOPWORDS.has(t));
}

const encoder = new TextEncoder();

/** FNV-1a 32-bit followed by murmur3 fmix32; unsigned 32-bit result. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (const b of encoder.encode(s)) {
    h ^= b;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Feature counts: words and adjacent-word bigrams. */
export function features(text: string): Map<string, number> {
  const toks = tokenize(text);
  const counts = new Map<string, number>();
  const bump = (f: string) => counts.set(f, (counts.get(f) ?? 0) + 1);
  for (let i = 0; i < toks.length; i++) {
    bump(`w:${toks[i]}`);
    if (i + 1 < toks.length) bump(`b:${toks[i]} ${toks[i + 1]}`);
  }
  return counts;
}

/** One text → one L2-normalised vector of EMBEDDING_DIMS numbers (all zeros for text without content words). */
export function embedText(text: string, dims: number = EMBEDDING_DIMS): number[] {
  if (!Number.isInteger(dims) || dims <= 0) throw new Error(`embedding dims must be a positive integer, got ${dims}`);
  const v = new Float64Array(dims);
  for (const [f, count] of features(text)) {
    const h = hash32(f);
    const idx = (dims & (dims - 1)) === 0 ? h & (dims - 1) : h % dims;
    const sign = h >>> 31 ? -1 : 1;
    v[idx] += sign * (1 + Math.log(count));
  }
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  // A text with no features (or features that cancel out exactly) stays the zero vector.
  return Array.from(v, (x) => (norm > 0 ? x / norm : 0));
}

export function embedTexts(texts: string[], dims: number = EMBEDDING_DIMS): number[][] {
  return texts.map((t) => embedText(t, dims));
}

/** Cosine similarity; 0 when either vector is zero. */
export function cosine(a: number[], b: number[]): number {
  if (a.length !== b.length) throw new Error(`vector lengths differ: ${a.length} vs ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
