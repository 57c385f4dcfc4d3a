/**
 * Agent versions of the built-in coaching writer, chunker and embedder.
 * Owns: the version strings recorded on stage runs and outputs, so that a
 * reprocess can target what changed. Bump a version whenever the output of
 * its module changes for the same input. Must not: hold logic.
 */

/** src/agents/coaching/feedback.ts (headline and benchmark sentences). */
export const COACHING_VERSION = 'builtin-coaching/1';
/**
 * src/agents/builtin/embedding.ts + wordEmbedding.ts + wordVectors.ts (hash scheme, tokeniser, stopwords,
 * word weighting, combination weight, dims). /2: hashed 512 + word vectors 100 = 612 dims.
 */
export const EMBEDDING_VERSION = 'builtin-hash512+sg100/2';
/** src/agents/builtin/chunking.ts (chunk target size and splitting rules; /2: one side per chunk, turn ranges). */
export const CHUNKING_VERSION = 'builtin-chunker/2';
/**
 * src/agents/graph.ts (entity kinds, key normalisation, relation kinds) and
 * src/graph/ (resolution, evidence). graph/2: the graph across calls with
 * evidence (sql/070) — `stellar reprocess --stage link_graph --only-changed`
 * fills it for calls processed before. graph/3: product entities (the
 * seller's products, modules and plans its people name; src/agents/products.ts).
 */
export const GRAPH_VERSION = 'graph/3';
