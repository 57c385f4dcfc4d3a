/**
 * Hybrid search over the knowledge base: `createSearch({ db, embedder })`
 * returns the SearchFn of src/search/types.ts. Embeds the query with the
 * same provider that embedded the chunks (built-in vectors → the HNSW table;
 * Ollama vectors → chunk_embeddings_ollama for that model), runs the one
 * hybrid statement (src/db/queries/search.ts) and shapes hits with citations.
 * Owns: that orchestration. Must not: hold SQL, parse HTTP/CLI input
 * (params.ts does), or import the reasoning engine.
 */
import type { Db } from '../db/index.ts';
import { commonWords, DEFAULT_TUNING, runSearch, type CommonWord, type SearchRow, type SearchTuning, type VectorSource } from '../db/queries/search.ts';
import type { Provider } from '../agents/types.ts';
import { DEFAULT_LIMIT, MAX_LIMIT } from './params.ts';
import type { SearchFn, SearchHit, SearchParams } from './types.ts';

export interface SearchOptions {
  db: Db;
  /** Embeds the query; must be the provider that embedded the chunks. */
  embedder: Pick<Provider, 'embed'>;
  /** 'hybrid' (default) or one branch alone — for measurement. */
  mode?: 'hybrid' | 'vector' | 'text';
  tuning?: Partial<SearchTuning>;
  /** How long the corpus's common-word list is reused before it is read again (default 10 minutes; ANALYZE changes it slowly). */
  commonWordsTtlMs?: number;
}

export class SearchInputError extends Error {}

function toHit(r: SearchRow): SearchHit {
  return {
    chunkId: String(r.chunk_id),
    transcriptId: r.transcript_id,
    fileName: r.file_name,
    speaker: r.speakers.join(', '),
    side: r.side,
    startMs: r.start_ms,
    // Chunks written before the side-aware chunker have no turn range: the chunk index stands in.
    turnFrom: r.turn_from ?? r.idx,
    turnTo: r.turn_to ?? r.idx,
    score: Number(r.score),
    snippet: r.snippet,
    text: r.text,
    account: r.account,
    meetingAt: r.meeting_at ? new Date(r.meeting_at).toISOString() : null,
    runId: r.run_id,
  };
}

/** The common words of the corpus, read at most once per ttlMs (never an error: without them every word selects). */
function commonWordsCache(db: Db, minChunks: number, ttlMs: number): () => Promise<readonly CommonWord[]> {
  let words: readonly CommonWord[] = [];
  let readAt = -Infinity;
  let reading: Promise<readonly CommonWord[]> | null = null;
  return async () => {
    if (performance.now() - readAt < ttlMs) return words;
    reading ??= commonWords(db, minChunks)
      .catch(() => words)
      .then((w) => {
        words = w;
        readAt = performance.now();
        reading = null;
        return w;
      });
    return reading;
  };
}

export function createSearch(options: SearchOptions): SearchFn {
  const mode = options.mode ?? 'hybrid';
  const tuning = { ...DEFAULT_TUNING, ...options.tuning };
  const common = commonWordsCache(options.db, tuning.ftsCommonChunks, options.commonWordsTtlMs ?? 10 * 60_000);
  return async (params: SearchParams) => {
    const q = params.q?.trim() ?? '';
    if (!q) throw new SearchInputError('the search text is empty');
    const limit = params.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new SearchInputError(`limit must be a whole number from 1 to ${MAX_LIMIT}`);
    let vector: number[] | null = null;
    let source: VectorSource = { kind: 'builtin' };
    if (mode !== 'text') {
      const { output } = await options.embedder.embed([q]);
      const v = output.vectors[0];
      // A query with no content word has the zero vector: cosine is undefined, so only full-text can answer.
      vector = v && v.some((x) => x !== 0) ? v : null;
      source = output.kind === 'builtin' ? { kind: 'builtin' } : { kind: 'ollama', model: output.model, dims: output.dims };
    }
    const rows = await runSearch(options.db, {
      q,
      vector,
      source,
      limit,
      mode,
      tuning,
      commonWords: mode === 'vector' ? [] : await common(),
      account: params.account,
      rep: params.rep,
      since: params.since,
      until: params.until,
      transcriptId: params.transcriptId,
      side: params.side,
    });
    return rows.map(toHit);
  };
}

export type { SearchFn, SearchHit, SearchParams } from './types.ts';
