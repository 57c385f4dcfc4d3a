/**
 * The hybrid search statement: pgvector cosine (HNSW for the built-in
 * vectors) and Postgres full-text, fused by reciprocal rank fusion (k = 60),
 * over the CURRENT chunks only, with filters — in ONE SQL statement, on a
 * connection whose session has hnsw.iterative_scan = relaxed_order and
 * hnsw.ef_search set (src/db/index.ts connect()).
 * Owns: that statement and its tuning knobs. Must not: embed the query
 * (the caller passes the vector), validate user input (src/search/ does), or
 * build SQL from user text (every value is a bound parameter; only fixed
 * fragments chosen here are composed).
 *
 * Shape:
 *   tq       websearch_to_tsquery('english', q), its ANDs turned into ORs
 *            (unless the user wrote a -exclusion): a question seldom has
 *            every word in one chunk (measured: docs/search.md).
 *   small    (call filters only: account, rep, dates, one call) how many
 *            current vectors pass, counted up to exactMax + 1;
 *   vec      no call filter: the HNSW index of current vectors (of one side
 *            when `side` is given: a partial index per side); with call
 *            filters and ≤ exactMax eligible vectors: exact distance over
 *            them; otherwise the HNSW scan, filters applied as it iterates
 *            (iterative scans keep going until `candidates` rows pass).
 *   fts      current chunks matching sel (the question's less common words; at most
 *            ftsMax of them), ranked by ts_rank with all its words (tq).
 *   fused    Σ 1/(60 + rank) over both lists, top `limit`;
 *   result   citation fields, ts_headline snippet, account and meeting time.
 * "Current" = the chunk run and the embed run recorded in stellar.current_runs:
 * the is_current flags on chunks and built-in vectors that triggers keep from
 * it (sql/080_search_current.sql), which the search indexes are partial on.
 */
import { sql, type RawBuilder } from 'kysely';
import { HNSW_SESSION, type Db } from '../index.ts';

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
  /** The corpus's common words (commonWords() below; empty = every word selects). */
  commonWords?: readonly CommonWord[];
}

export interface SearchTuning {
  /** hnsw.ef_search for the vector branch. */
  efSearch: number;
  /** Rows taken from each branch before fusion (at least `limit`). */
  candidates: number;
  /** A search filtered by call attributes over at most this many eligible vectors ranks them exactly instead of using the index. */
  exactMax: number;
  /** RRF constant. */
  rrfK: number;
  /** Full-text matches ranked at most (a very common word can match most chunks; ranking them all costs O(matches)). */
  ftsMax: number;
  /** A search filtered by call attributes over at most this many eligible calls tests each of their chunks for the words instead of using the GIN index. */
  ftsScanMaxCalls: number;
  /** A word estimated in more than this many chunks (CommonWord.chunks) only ranks full-text matches; the others select them. */
  ftsCommonChunks: number;
  /** Rank the vector branch exactly (no index): the ground truth the benchmark measures recall against. */
  exact?: boolean;
}

/** A lexeme and the number of chunks ANALYZE estimates hold it (pg_stats most-common elements × rows). */
export interface CommonWord {
  lexeme: string;
  chunks: number;
}

export const DEFAULT_TUNING: SearchTuning = { efSearch: HNSW_SESSION.efSearch, candidates: 40, exactMax: 500, rrfK: 60, ftsMax: 150, ftsScanMaxCalls: 400, ftsCommonChunks: 2_000 };

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
 * Conditions from the filters given, on a row alias `x` that has
 * transcript_id and side (chunks, or built-in embeddings, which carry both).
 * Account, rep and dates are per-call attributes: one lookup in
 * stellar.call_search_attrs (kept by triggers, sql/042_search_call_attrs.sql)
 * gives the calls that pass.
 */
function callConditions(f: SearchQueryFilters, x: RawBuilder<unknown>): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = [];
  if (f.transcriptId) out.push(sql`${x}.transcript_id = ${f.transcriptId}::uuid`);
  const call = callAttrConditions({ ...f, transcriptId: undefined });
  if (call.length) out.push(sql`${x}.transcript_id in (select a.transcript_id from stellar.call_search_attrs a where ${sql.join(call, sql` and `)})`);
  return out;
}

/** The call filters as conditions on stellar.call_search_attrs `a` (every transcript has its row). */
function callAttrConditions(f: SearchQueryFilters): RawBuilder<unknown>[] {
  const call: RawBuilder<unknown>[] = [];
  if (f.transcriptId) call.push(sql`a.transcript_id = ${f.transcriptId}::uuid`);
  if (f.account) call.push(sql`a.account_key = lower(${f.account})`);
  if (f.rep) call.push(sql`a.rep_keys @> array[lower(${f.rep})]`);
  if (f.since) call.push(sql`a.happened_at >= ${f.since}::timestamptz`);
  if (f.until) call.push(sql`a.happened_at < ${f.until}::timestamptz`);
  return call;
}
const sideCondition = (f: SearchQueryFilters, x: RawBuilder<unknown>): RawBuilder<unknown>[] => (f.side ? [sql`${x}.side = ${f.side}`] : []);

const and = (conds: RawBuilder<unknown>[]) => (conds.length ? sql.join(conds, sql` and `) : sql`true`);

/** The vector branch over the built-in vectors: `ctes` to put before it, `branch` giving rows (id, dist), at most n. */
function builtinVectorBranch(input: SearchQueryInput, vec: RawBuilder<unknown>, n: number, tuning: SearchTuning) {
  const e = sql.raw('e');
  const calls = callConditions(input, e);
  // Current rows only (the partial indexes' predicate), the side on the embedding row itself (its own partial index).
  const where = and([sql`e.is_current`, ...sideCondition(input, e), ...calls]);
  const from = sql`stellar.chunk_embeddings e where ${where}`;
  // "+ 0" makes the ORDER BY an expression no index provides: an exact ranking.
  const exact = (extra: RawBuilder<unknown>) => sql`select e.chunk_id as id, (e.embedding <=> ${vec}) + 0 as dist from ${from} and ${extra} order by 2 limit ${n}`;
  const hnsw = (extra: RawBuilder<unknown>) => sql`select e.chunk_id as id, e.embedding <=> ${vec} as dist from ${from} and ${extra} order by e.embedding <=> ${vec} limit ${n}`;
  if (tuning.exact) return { ctes: sql``, branch: exact(sql`true`) };
  if (calls.length === 0) return { ctes: sql``, branch: hnsw(sql`true`) };
  // Calls filtered: when few vectors are eligible, rank them exactly (an index scan would wade
  // through the neighbours in other calls); otherwise the HNSW scan, filtering as it iterates.
  return {
    ctes: sql`small as materialized (select count(*) as n from (select 1 from ${from} limit ${tuning.exactMax + 1}) s),`,
    branch: sql`(${hnsw(sql`(select n from small) > ${tuning.exactMax}`)}) union all (${exact(sql`(select n from small) <= ${tuning.exactMax}`)})`,
  };
}

/** The vector branch over Ollama vectors (no index: their dimension depends on the model; always exact). */
function ollamaVectorBranch(input: SearchQueryInput, vec: RawBuilder<unknown>, n: number, source: { model: string; dims: number }) {
  const c = sql.raw('c');
  return sql`select c.id, e.embedding <=> ${vec} as dist
    from stellar.chunk_embeddings_ollama e
    join stellar.current_runs er on er.run_id = e.run_id and er.stage = 'embed'
    join stellar.chunks c on c.id = e.chunk_id
    where e.model = ${source.model} and e.dims = ${source.dims} and ${and([sql`c.is_current`, ...sideCondition(input, c), ...callConditions(input, c)])}
    order by e.embedding <=> ${vec} limit ${n}`;
}

/**
 * `sel`: the words that SELECT full-text matches (tq still ranks them). A word in a large share of
 * the corpus costs its whole posting list in the GIN bitmap and selects chunks that the rarer words
 * of the question rank low anyway (measured: docs/search.md), so the question's words estimated in
 * more than ftsCommonChunks chunks do not select — unless they are among its two rarest words,
 * so that a question of common words still finds something. Only for a plain OR of words (no
 * -exclusion, no "quoted phrase"), and only when the corpus has such words: otherwise sel = tq.
 * Each kept lexeme becomes a quoted tsquery operand ('' and \\ escaped as tsquery input requires).
 */
function selectingWords(input: SearchQueryInput, tuning: SearchTuning): RawBuilder<unknown> {
  const common = (input.commonWords ?? []).filter((w) => w.chunks > tuning.ftsCommonChunks);
  // A "quoted phrase" keeps its order only in tq (hyphenated words are phrases there too, but need no order to select).
  if (common.length === 0 || input.mode === 'vector' || input.q.includes('"')) return sql`sel as (select tq from tq),`;
  const lexemes = common.map((w) => w.lexeme);
  const chunks = common.map((w) => Math.round(w.chunks));
  return sql`sel as (select case when strpos(wq.q::text, '!') = 0 then coalesce((
        select string_agg('''' || replace(replace(w.lex, chr(92), chr(92) || chr(92)), '''', '''''') || '''', ' | ')::tsquery
        from (select l.lex, coalesce(c.n, 0) as n, row_number() over (order by coalesce(c.n, 0), l.lex) as k
              from unnest(tsvector_to_array(to_tsvector('english', ${input.q}))) as l(lex)
              left join unnest(${lexemes}::text[], ${chunks}::int[]) as c(lex, n) using (lex)) w
        where w.n <= ${tuning.ftsCommonChunks} or w.k <= 2), tq.tq) else tq.tq end as tq
      from wq cross join tq),`;
}

/** The words of the corpus estimated in more than `minChunks` chunks (ANALYZE's most-common elements of chunks.tsv); [] before ANALYZE. */
export async function commonWords(db: Db, minChunks: number): Promise<CommonWord[]> {
  const { rows } = await sql<{ lexeme: string; chunks: number }>`
    select e.lexeme, e.freq * greatest(c.reltuples, 0) as chunks
    from pg_stats s
    join pg_class c on c.oid = 'stellar.chunks'::regclass
    cross join lateral unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) as e(lexeme, freq)
    where s.schemaname = 'stellar' and s.tablename = 'chunks' and s.attname = 'tsv'
      and e.lexeme is not null and e.freq * greatest(c.reltuples, 0) > ${minChunks}`.execute(db);
  return rows.map((r) => ({ lexeme: r.lexeme, chunks: Number(r.chunks) }));
}

/** The search statement (exported for EXPLAIN in the benchmark). */
export function searchStatement(input: SearchQueryInput): RawBuilder<SearchRow> {
  const tuning = { ...DEFAULT_TUNING, ...input.tuning };
  const n = Math.max(tuning.candidates, input.limit);
  const mode = input.mode ?? 'hybrid';
  const useVector = mode !== 'text' && input.vector !== null;
  const useText = mode !== 'vector';
  const none = { ctes: sql``, branch: sql`select null::bigint as id, null::float8 as dist where false` };
  const vector = !useVector
    ? none
    : input.source.kind === 'builtin'
      // Built-in vectors are stored as halfvec (sql/080); Ollama vectors as vector.
      ? builtinVectorBranch(input, sql`${JSON.stringify(input.vector)}::halfvec`, n, tuning)
      : { ctes: sql``, branch: ollamaVectorBranch(input, sql`${JSON.stringify(input.vector)}::vector`, n, input.source) };

  // Full-text branch: current chunks matching sel (at most ftsMax of them), by ts_rank with every word of tq.
  const c = sql.raw('c');
  const ftsCalls = callConditions(input, c);
  const ftsEligible = and([sql`c.is_current`, ...sideCondition(input, c), ...ftsCalls]);
  const gin = (extra: RawBuilder<unknown>) => sql`select c.id, c.tsv from stellar.chunks c where ${ftsEligible} and c.tsv @@ (select tq from sel) and ${extra} limit ${tuning.ftsMax}`;
  // With call filters and few eligible chunks, test each eligible chunk instead of reading the GIN
  // index: otherwise the planner may repeat the whole GIN scan once per matching call (measured:
  // 1.1 s for one rep's 229 calls). `tsv || ''` is the same tsvector in a form no index serves.
  const scan = (extra: RawBuilder<unknown>) => sql`select c.id, c.tsv from stellar.chunks c where ${ftsEligible} and (c.tsv || ''::tsvector) @@ (select tq from sel) and ${extra} limit ${tuning.ftsMax}`;
  // How many calls pass the call filters, counted up to ftsScanMaxCalls + 1 (one index or small table read; counting
  // their chunks instead cost 2.6 ms for one rep's 5 675).
  const ftsCtes = ftsCalls.length && useText
    ? sql`fts_small as materialized (select count(*) as n from (select 1 from stellar.call_search_attrs a where ${and(callAttrConditions(input))} limit ${tuning.ftsScanMaxCalls + 1}) s),`
    : sql``;
  const ftsMatches = ftsCalls.length
    ? sql`(${gin(sql`(select n from fts_small) > ${tuning.ftsScanMaxCalls}`)}) union all (${scan(sql`(select n from fts_small) <= ${tuning.ftsScanMaxCalls}`)})`
    : gin(sql`true`);
  const ftsBranch = useText
    // ts_rank, not ts_rank_cd: the same recall on eval/search (docs/search.md) at a tenth of the CPU per row.
    ? sql`select m.id, row_number() over (order by ts_rank(m.tsv, tq.tq, 1) desc, m.id) as r
          from (${ftsMatches}) m
          cross join tq
          order by ts_rank(m.tsv, tq.tq, 1) desc, m.id limit ${n}`
    : sql`select null::bigint as id, null::bigint as r where false`;

  return sql<SearchRow>`
    with wq as (select websearch_to_tsquery('english', ${input.q}) as q),
    tq as (select case when strpos(q::text, '!') = 0 then replace(q::text, ' & ', ' | ')::tsquery else q end as tq from wq),
    ${selectingWords(input, tuning)}
    ${vector.ctes}
    ${ftsCtes}
    vec as materialized (${vector.branch}),
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

/**
 * Runs the statement. With the connection's own HNSW settings (src/db/index.ts: every pool
 * connects with them) it is one round trip; another ef_search (the benchmark's sweep) runs in a
 * transaction that sets it with SET LOCAL semantics first.
 */
export async function runSearch(db: Db, input: SearchQueryInput): Promise<SearchRow[]> {
  const tuning = { ...DEFAULT_TUNING, ...input.tuning };
  if (tuning.efSearch === HNSW_SESSION.efSearch) return (await searchStatement(input).execute(db)).rows;
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', ${String(tuning.efSearch)}, true)`.execute(trx);
    const { rows } = await searchStatement(input).execute(trx);
    return rows;
  });
}
