/**
 * The hybrid search statement: pgvector cosine (HNSW for the built-in
 * vectors) and Postgres full-text, fused by reciprocal rank fusion (k = 60),
 * over the CURRENT chunks only, with filters — in ONE SQL statement, run in a
 * transaction that first sets hnsw.iterative_scan = relaxed_order and
 * hnsw.ef_search (set_config(..., true) = SET LOCAL, with a bound value).
 * Owns: that statement and its tuning knobs. Must not: embed the query
 * (the caller passes the vector), validate user input (src/search/ does), or
 * build SQL from user text (every value is a bound parameter; only fixed
 * fragments chosen here are composed).
 *
 * Shape:
 *   tq       websearch_to_tsquery('english', q), its ANDs turned into ORs
 *            (unless the user wrote a -exclusion): a question seldom has
 *            every word in one chunk (measured: docs/search.md).
 *   small    (filters only) up to EXACT_MAX + 1 eligible chunks;
 *   vec      when `small` holds ≤ EXACT_MAX chunks: exact distance over them;
 *            otherwise the HNSW index scan, filters applied as it iterates
 *            (iterative scans keep going until `candidates` rows pass).
 *   fts      chunks matching tq (at most ftsMax of them), by ts_rank_cd.
 *   fused    Σ 1/(60 + rank) over both lists, top `limit`;
 *   result   citation fields, ts_headline snippet, account and meeting time.
 * "Current" = the chunk run and the embed run recorded in stellar.current_runs
 * (the trigger-kept copy of stellar.current_stage_run).
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../index.ts';

export interface SearchQueryFilters {
  account?: string;
  rep?: string;
  since?: Date;
  until?: Date;
  transcriptId?: string;
  side?: 'buyer' | 'seller';
}

/** Which stored vectors to compare with. */
export type VectorSource = { kind: 'builtin' } | { kind: 'ollama'; model: string; dims: number };

export interface SearchQueryInput extends SearchQueryFilters {
  q: string;
  /** Query vector; null = full-text only. */
  vector: number[] | null;
  source: VectorSource;
  limit: number;
  /** 'hybrid' (default), or one branch alone (for measurement). */
  mode?: 'hybrid' | 'vector' | 'text';
  tuning?: Partial<SearchTuning>;
}

export interface SearchTuning {
  /** hnsw.ef_search for the vector branch. */
  efSearch: number;
  /** Rows taken from each branch before fusion (at least `limit`). */
  candidates: number;
  /** A filtered search over at most this many eligible chunks ranks them exactly instead of using the index. */
  exactMax: number;
  /** RRF constant. */
  rrfK: number;
  /** Full-text matches ranked at most (a very common word can match most chunks; ranking them all costs O(matches)). */
  ftsMax: number;
  /** Rank the vector branch exactly (no index): the ground truth the benchmark measures recall against. */
  exact?: boolean;
}

export const DEFAULT_TUNING: SearchTuning = { efSearch: 100, candidates: 40, exactMax: 500, rrfK: 60, ftsMax: 300 };

export interface SearchRow {
  chunk_id: string;
  run_id: string;
  transcript_id: string;
  file_name: string;
  speakers: string[];
  side: 'buyer' | 'seller' | null;
  start_ms: number | null;
  turn_from: number | null;
  turn_to: number | null;
  idx: number;
  text: string;
  score: number;
  snippet: string;
  account: string | null;
  meeting_at: Date | null;
}

const HEADLINE_OPTIONS = 'StartSel=«, StopSel=», MaxWords=35, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "';

/**
 * Conditions on c (chunks) from the filters given. Account, rep and dates are
 * per-call attributes: one lookup in stellar.call_search_attrs (kept by
 * triggers, sql/042_search_call_attrs.sql) gives the calls that pass.
 */
function filterConditions(f: SearchQueryFilters): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = [];
  if (f.transcriptId) out.push(sql`c.transcript_id = ${f.transcriptId}::uuid`);
  if (f.side) out.push(sql`c.side = ${f.side}`);
  const call: RawBuilder<unknown>[] = [];
  if (f.account) call.push(sql`a.account_key = lower(${f.account})`);
  if (f.rep) call.push(sql`a.rep_keys @> array[lower(${f.rep})]`);
  if (f.since) call.push(sql`a.happened_at >= ${f.since}::timestamptz`);
  if (f.until) call.push(sql`a.happened_at < ${f.until}::timestamptz`);
  if (call.length) out.push(sql`c.transcript_id in (select a.transcript_id from stellar.call_search_attrs a where ${sql.join(call, sql` and `)})`);
  return out;
}

const and = (conds: RawBuilder<unknown>[]) => (conds.length ? sql.join(conds, sql` and `) : sql`true`);

/** The search statement (exported for EXPLAIN in the benchmark). */
export function searchStatement(input: SearchQueryInput): RawBuilder<SearchRow> {
  const tuning = { ...DEFAULT_TUNING, ...input.tuning };
  const n = Math.max(tuning.candidates, input.limit);
  const mode = input.mode ?? 'hybrid';
  const conds = filterConditions(input);
  const filtered = conds.length > 0;
  const where = and(conds);
  const useVector = mode !== 'text' && input.vector !== null;
  const useText = mode !== 'vector';
  const vec = useVector ? sql`${JSON.stringify(input.vector)}::vector` : sql`null::vector`;

  // Vector branch: the stored vectors of the current embed run of current chunks.
  const embTable = input.source.kind === 'builtin' ? sql`stellar.chunk_embeddings` : sql`stellar.chunk_embeddings_ollama`;
  const embCond = input.source.kind === 'builtin' ? sql`true` : sql`e.model = ${input.source.model} and e.dims = ${input.source.dims}`;
  const vecFrom = sql`${embTable} e
      join stellar.current_runs er on er.run_id = e.run_id and er.stage = 'embed'
      join stellar.chunks c on c.id = e.chunk_id
      join stellar.current_runs cr on cr.run_id = c.run_id and cr.stage = 'chunk'`;
  // Ollama vectors have no index (their dimension depends on the model): always exact.
  const indexed = input.source.kind === 'builtin';
  const vecBranch = !useVector
    ? sql`select null::bigint as id, null::float8 as dist where false`
    : tuning.exact
      ? sql`select c.id, (e.embedding <=> ${vec}) + 0 as dist from ${vecFrom} where ${embCond} and ${where} order by 2 limit ${n}`
      : !filtered || !indexed
      ? sql`select c.id, e.embedding <=> ${vec} as dist from ${vecFrom} where ${embCond} and ${where} order by e.embedding <=> ${vec} limit ${n}`
      : sql`(select c.id, e.embedding <=> ${vec} as dist from ${vecFrom}
              where ${embCond} and ${where} and (select count(*) from small) > ${tuning.exactMax}
              order by e.embedding <=> ${vec} limit ${n})
            union all
            (select c.id, (e.embedding <=> ${vec}) + 0 as dist
              from small s join ${vecFrom} on c.id = s.id
              where ${embCond} and (select count(*) from small) <= ${tuning.exactMax}
              order by 2 limit ${n})`;
  const small = filtered && useVector && indexed && !tuning.exact
    ? sql`small as materialized (
        select c.id from stellar.chunks c
        join stellar.current_runs cr on cr.run_id = c.run_id and cr.stage = 'chunk'
        where ${where} limit ${tuning.exactMax + 1}),`
    : sql``;

  const ftsBranch = useText
    ? sql`select m.id, row_number() over (order by ts_rank_cd(m.tsv, tq.tq, 1) desc, m.id) as r
          from (select c.id, c.tsv
                from stellar.chunks c
                join stellar.current_runs cr on cr.run_id = c.run_id and cr.stage = 'chunk'
                where c.tsv @@ (select tq from tq) and ${where}
                limit ${tuning.ftsMax}) m
          cross join tq
          order by ts_rank_cd(m.tsv, tq.tq, 1) desc, m.id limit ${n}`
    : sql`select null::bigint as id, null::bigint as r where false`;

  return sql<SearchRow>`
    with wq as (select websearch_to_tsquery('english', ${input.q}) as q),
    tq as (select case when strpos(q::text, '!') = 0 then replace(q::text, ' & ', ' | ')::tsquery else q end as tq from wq),
    ${small}
    vec as materialized (${vecBranch}),
    vec_ranked as (select id, row_number() over (order by dist, id) as r from vec),
    fts as materialized (${ftsBranch}),
    fused as (
      select id, sum(1.0 / (${tuning.rrfK} + r))::float8 as score
      from (select id, r from vec_ranked union all select id, r from fts) u
      group by id order by score desc, id limit ${input.limit}
    )
    select c.id as chunk_id, c.run_id, c.transcript_id, t.file_name, c.speakers, c.side, c.start_ms, c.turn_from, c.turn_to, c.idx, c.text,
      f.score,
      ts_headline('english', c.text, tq.tq, ${HEADLINE_OPTIONS}) as snippet,
      a.account,
      coalesce(t.meeting_at, (select pc.meeting_at from stellar.current_runs pr join stellar.parsed_calls pc on pc.run_id = pr.run_id
                              where pr.transcript_id = c.transcript_id and pr.stage = 'parse')) as meeting_at
    from fused f
    join stellar.chunks c on c.id = f.id
    join stellar.transcripts t on t.id = c.transcript_id
    left join stellar.call_search_attrs a on a.transcript_id = c.transcript_id
    cross join tq
    order by f.score desc, c.id`;
}

/** Runs the statement in a transaction with the HNSW iterative-scan settings (SET LOCAL semantics). */
export async function runSearch(db: Db, input: SearchQueryInput): Promise<SearchRow[]> {
  const tuning = { ...DEFAULT_TUNING, ...input.tuning };
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', ${String(tuning.efSearch)}, true)`.execute(trx);
    const { rows } = await searchStatement(input).execute(trx);
    return rows;
  });
}
