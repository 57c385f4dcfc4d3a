/**
 * Benchmark (issue 9): hybrid search over 100 000 synthetic chunks
 * (scripts/generate-calls.ts) in a fresh database.
 *   - recall@10 of the HNSW vector query against exact search (the same
 *     statement with the index disabled), without and with filters, for
 *     several hnsw.ef_search values;
 *   - end-to-end latency of the search function (query embedding + the one
 *     hybrid statement + shaping), p50/p95 per scenario, median of RUNS runs.
 * Targets: p95 ≤ 10 ms, recall@10 ≥ 0.97.
 * BENCH_SEARCH_CHUNKS overrides the corpus size (quick checks); BENCH_SEARCH_N the queries per scenario.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { sql } from 'kysely';
import { migrate } from '../../src/db/migrate.ts';
import { withDatabase } from '../../src/db/client.ts';
import { connect } from '../../src/db/index.ts';
import { BuiltinProvider } from '../../src/agents/builtin/index.ts';
import { createSearch } from '../../src/search/index.ts';
import { DEFAULT_TUNING, runSearch, type SearchQueryFilters } from '../../src/db/queries/search.ts';
import type { SearchParams } from '../../src/search/types.ts';
import { generateCalls, syntheticQueries } from '../generate-calls.ts';

const RUNS = 3;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const median = (xs: number[]) => pct(xs, 50);

export async function benchSearch() {
  const chunks = Number(process.env.BENCH_SEARCH_CHUNKS ?? 100_000);
  const nQueries = Number(process.env.BENCH_SEARCH_N ?? 100);
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/stellar';
  const name = `stellar_bench_search_${randomBytes(3).toString('hex')}`;
  const url = withDatabase(base, name);
  await migrate({ databaseUrl: url });
  const handle = connect(url, { max: 4 });
  try {
    const loadBefore = os.loadavg()[0];
    const gen = await generateCalls(url, { chunks, log: (l) => console.log(`  ${l}`) });
    const provider = new BuiltinProvider();
    const queries = syntheticQueries(nQueries);
    const rep = gen.reps[3];
    const account = gen.accounts[5];
    const scenarios: { name: string; filters: SearchQueryFilters }[] = [
      { name: 'no filter', filters: {} },
      { name: 'side = buyer (≈50 %)', filters: { side: 'buyer' } },
      { name: 'side = seller (≈50 %)', filters: { side: 'seller' } },
      { name: `rep (1 of ${gen.reps.length}, ≈${(100 / gen.reps.length).toFixed(1)} %)`, filters: { rep } },
      { name: `account (1 of ${gen.accounts.length}: exact path)`, filters: { account } },
    ];

    // Recall@10 of the vector branch: HNSW (as the search runs it) vs exact (index off).
    const vectors = (await provider.embed(queries)).output.vectors;
    const recallRows: string[] = [];
    const efs = [100, 150, 200];
    const recallBy = new Map<string, number>();
    /** Cosine distances of chunks to a query vector (to count ties with the 10th exact hit as found). */
    const distances = async (v: number[], ids: string[]) => {
      const { rows } = await sql<{ id: string; d: number }>`select chunk_id as id, embedding <=> ${JSON.stringify(v)}::halfvec as d from stellar.chunk_embeddings where chunk_id = any(${ids}::bigint[])`.execute(handle.db);
      return new Map(rows.map((r) => [String(r.id), Number(r.d)]));
    };
    for (const sc of scenarios.slice(0, 4)) {
      const truth: { ids: string[]; kth: number }[] = [];
      for (let i = 0; i < queries.length; i++) {
        const rows = await runSearch(handle.db, { q: queries[i], vector: vectors[i], source: { kind: 'builtin' }, limit: 10, mode: 'vector', tuning: { exact: true, candidates: 10 }, ...sc.filters });
        const ids = rows.map((r) => String(r.chunk_id));
        const d = await distances(vectors[i], ids);
        truth.push({ ids, kth: Math.max(...ids.map((id) => d.get(id) ?? 0)) });
      }
      const cells: string[] = [];
      for (const ef of efs) {
        let found = 0;
        let wanted = 0;
        let short = 0;
        for (let i = 0; i < queries.length; i++) {
          const rows = await runSearch(handle.db, { q: queries[i], vector: vectors[i], source: { kind: 'builtin' }, limit: 10, mode: 'vector', tuning: { efSearch: ef, exactMax: 0 }, ...sc.filters });
          const got = rows.map((r) => String(r.chunk_id));
          if (rows.length < 10) short++;
          wanted += truth[i].ids.length;
          // A hit counts when it is one of the exact 10, or exactly as near as the 10th (a tie: synthetic texts repeat).
          const d = await distances(vectors[i], got);
          found += Math.min(truth[i].ids.length, got.filter((id) => truth[i].ids.includes(id) || (d.get(id) ?? Infinity) <= truth[i].kth + 1e-6).length);
        }
        const r = found / wanted;
        recallBy.set(`${sc.name}/${ef}`, r);
        cells.push(`${r.toFixed(3)}${short ? ` (${short} short)` : ''}`);
      }
      recallRows.push(`| ${sc.name} | ${cells.join(' | ')} |`);
    }

    // End-to-end latency: the search function as the API runs it (default tuning).
    const search = createSearch({ db: handle.db, embedder: provider });
    for (const q of queries.slice(0, 20)) await search({ q, limit: 10 }); // warm-up
    const latRows: string[] = [];
    const latency: Record<string, { p50: number; p95: number }> = {};
    for (const sc of scenarios) {
      const p50s: number[] = [];
      const p95s: number[] = [];
      let hitsShort = 0;
      for (let run = 0; run < RUNS; run++) {
        const times: number[] = [];
        for (const q of queries) {
          const params: SearchParams = { q, limit: 10, ...sc.filters };
          const t = performance.now();
          const hits = await search(params);
          times.push(performance.now() - t);
          if (hits.length < 10) hitsShort++;
        }
        p50s.push(pct(times, 50));
        p95s.push(pct(times, 95));
      }
      latency[sc.name] = { p50: median(p50s), p95: median(p95s) };
      latRows.push(`| ${sc.name} | ${median(p50s).toFixed(2)} | ${median(p95s).toFixed(2)} | ${hitsShort / RUNS} |`);
    }

    const { rows: size } = await sql<{ s: string }>`select string_agg(indexname || ' ' || pg_size_pretty(pg_relation_size(('stellar.' || indexname)::regclass)), ', ' order by indexname) as s
      from pg_indexes where schemaname = 'stellar' and tablename = 'chunk_embeddings' and indexdef ilike '%using hnsw%'`.execute(handle.db);
    const markdown = [
      `${gen.chunks.toLocaleString('en')} chunks in ${gen.calls.toLocaleString('en')} synthetic calls (scripts/generate-calls.ts; ${gen.accounts.length} accounts, ${gen.reps.length} reps), built-in 612-d vectors from the real embedder stored as halfvec, partial HNSW indexes of current vectors (all, buyers, sellers; m = 16, ef_construction = 128: ${size[0].s}). ` +
        `Generation: text ${(gen.ms.text / 1000).toFixed(1)} s, vectors ${(gen.ms.embed / 1000).toFixed(1)} s, insert ${(gen.ms.insert / 1000).toFixed(1)} s, index ${(gen.ms.index / 1000).toFixed(1)} s. ${queries.length} queries per scenario.`,
      '',
      `**Recall@10 of the HNSW vector query against exact search** (iterative scan relaxed_order; the search's own vector branch: ${DEFAULT_TUNING.candidates} candidates re-ordered by distance, top 10; a hit as near as the exact 10th counts — template texts repeat, so ties are common; "short" = queries with fewer than 10 hits):`,
      '',
      `| filter | ${efs.map((e) => `ef_search ${e}`).join(' | ')} |`,
      `| --- | ${efs.map(() => '---:').join(' | ')} |`,
      ...recallRows,
      '',
      `**End to end** (query embedding + the hybrid statement + hits; default ef_search ${DEFAULT_TUNING.efSearch}, ${DEFAULT_TUNING.candidates} candidates per branch; median of ${RUNS} runs):`,
      '',
      '| filter | p50 ms | p95 ms | queries with < 10 hits (per run) |',
      '| --- | ---: | ---: | ---: |',
      ...latRows,
      '',
      `Targets: p95 ≤ 10 ms, recall@10 ≥ 0.97. Machine load average (1 min) ${loadBefore.toFixed(1)} before generation, ${os.loadavg()[0].toFixed(1)} after the measurements (${os.cpus().length} cores shared with other work).`,
    ].join('\n');
    return { title: 'Search: hybrid retrieval over 100 000 chunks', markdown, metrics: { latency, recall: Object.fromEntries(recallBy) } };
  } finally {
    await handle.close();
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
