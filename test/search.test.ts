/**
 * Hybrid search (issue 9): the nine samples ingested through the real
 * pipeline, then the search module, GET /search, the dashboard page and
 * `stellar search` — hits with citations, every filter, selective filters
 * still returning k hits (exact and HNSW iterative paths), current version
 * only after a reprocess, bad input, auth, CLI exit codes, and the recall of
 * each method on eval/search/queries.json (as ratios, never times).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Hono } from 'hono';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from './support/app.ts';
import { settle } from './support/settle.ts';
import { ingestTranscript } from '../src/intake/ingest.ts';
import { waitForRuns } from '../src/db/queries/runs.ts';
import { projectRoot } from '../src/paths.ts';
import { createSearch } from '../src/search/index.ts';
import { commonWords } from '../src/db/queries/search.ts';
import type { SearchFn, SearchHit } from '../src/search/types.ts';
import { loadQuerySet, recallAtK } from '../src/search/evaluate.ts';
import { createServerApp } from '../src/server/app.ts';
import { mountSearch } from '../src/server/routes/search.ts';
import { bearerAuth } from '../src/server/auth.ts';
import type { Provider } from '../src/agents/types.ts';

const run = promisify(execFile);
const samplesDir = path.join(projectRoot, 'samples');
const sampleFiles = readdirSync(samplesDir).filter((f) => /\.(txt|vtt|srt|json)$/.test(f)).sort();
const TOKEN = 'search-test-token';

describe('search', () => {
  let app: TestApp;
  let search: SearchFn;
  let http: Hono;
  const ids = new Map<string, string>();
  const db = () => app.handle.db;

  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'bin/cli.ts'), 'search', ...args], {
        cwd: projectRoot,
        env: { ...process.env, DATABASE_URL: app.database.url, STELLAR_PROVIDER: 'builtin', LOG_LEVEL: 'silent' },
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  before(async () => {
    app = await createTestApp('search', { STELLAR_API_TOKENS: TOKEN });
    const runs: string[] = [];
    for (const f of sampleFiles) {
      const r = await ingestTranscript(db(), { bytes: readFileSync(path.join(samplesDir, f)), fileName: f, source: 'cli', maxAttempts: 3 });
      ids.set(f, r.transcriptId);
      runs.push(r.runId!);
    }
    await app.startWorker({ concurrency: 4 });
    const progress = await waitForRuns(db(), runs, { timeoutMs: 180_000 });
    assert.ok(progress.every((p) => p.status === 'succeeded' || p.status === 'partial'), JSON.stringify(progress)); // the voicemail skips coaching: partial
    search = createSearch({ db: db(), embedder: app.provider });
    http = createServerApp({
      db: db(),
      config: app.config,
      log: app.log,
      mounts: [(hono, { auth }) => mountSearch(hono, { search, auth, page: bearerAuth(app.config.STELLAR_API_TOKENS) })],
    });
  });
  after(async () => {
    await app?.close();
  });

  const get = (url: string, token: string | null = TOKEN) => http.request(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  test('hits carry their citation and a highlighted snippet', async () => {
    const hits = await search({ q: 'keg returns', limit: 5 });
    assert.ok(hits.length > 0);
    const top = hits[0];
    assert.equal(top.fileName, 'committee-mossgiel.vtt');
    assert.equal(top.transcriptId, ids.get('committee-mossgiel.vtt'));
    assert.match(top.text, /keg returns/);
    assert.match(top.snippet, /«keg» «returns»|«keg»/);
    assert.ok(top.speaker.length > 0 && top.text.startsWith(`${top.speaker.split(', ')[0]}:`), 'the speaker is the first line’s');
    assert.ok(top.side === 'buyer' || top.side === 'seller');
    assert.equal(typeof top.startMs, 'number');
    assert.ok(Number.isInteger(top.turnFrom) && top.turnTo >= top.turnFrom);
    assert.equal(top.account, 'Mossgiel Beverage Distributors');
    assert.ok(top.score > 0 && hits.every((h, i) => i === 0 || hits[i - 1].score >= h.score), 'ordered by score');
    // The turn range points at the turns that hold the words.
    const turns = await db()
      .selectFrom('stellar.turns')
      .innerJoin('stellar.current_runs as cr', (j) => j.onRef('cr.run_id', '=', 'stellar.turns.run_id').on('cr.stage', '=', 'parse'))
      .select(['idx', 'text', 'speaker'])
      .where('stellar.turns.transcript_id', '=', top.transcriptId)
      .where('idx', '>=', top.turnFrom)
      .where('idx', '<=', top.turnTo)
      .execute();
    assert.ok(turns.some((t) => /keg returns/.test(t.text)));
    assert.ok(turns.every((t) => top.speaker.split(', ').includes(t.speaker)));
  });

  test('a question in plain words finds the chunk by meaning and words together', async () => {
    const hits = await search({ q: 'What did Halden say about single sign-on pricing?', limit: 5 });
    assert.ok(hits.some((h) => h.fileName === 'security-review-halden.json' && /basic security/.test(h.text)), JSON.stringify(hits.map((h) => h.text.slice(0, 60))));
  });

  test('filter: account (buyer company from the facts, any case)', async () => {
    const hits = await search({ q: 'price', account: 'halden foods', limit: 10 });
    assert.ok(hits.length >= 5);
    assert.ok(hits.every((h) => h.account === 'Halden Foods'));
    assert.deepEqual(new Set(hits.map((h) => h.fileName)), new Set(['discovery-halden-foods.txt', 'security-review-halden.json']));
    assert.equal((await search({ q: 'price', account: 'No Such Company' })).length, 0);
  });

  test('filter: rep (the seller who spoke when the transcript names no rep)', async () => {
    const hits = await search({ q: 'pilot', rep: 'Ingrid Solberg', limit: 10 });
    assert.ok(hits.length > 0);
    assert.ok(hits.every((h) => ['committee-mossgiel.vtt', 'demo-bramblewood.vtt'].includes(h.fileName)), JSON.stringify(hits.map((h) => h.fileName)));
    await sql`update stellar.transcripts set rep = 'Someone Else' where id = ${ids.get('demo-bramblewood.vtt')!}::uuid`.execute(db());
    try {
      const again = await search({ q: 'pilot', rep: 'ingrid solberg', limit: 10 });
      assert.ok(again.length > 0 && again.every((h) => h.fileName === 'committee-mossgiel.vtt'), 'transcripts.rep wins over the speakers');
    } finally {
      await sql`update stellar.transcripts set rep = null where id = ${ids.get('demo-bramblewood.vtt')!}::uuid`.execute(db());
    }
  });

  test('filter: since/until on the meeting time (else received time)', async () => {
    await sql`update stellar.transcripts set meeting_at = '2026-10-06T16:00:00Z' where id = ${ids.get('discovery-halden-foods.txt')!}::uuid`.execute(db());
    await sql`update stellar.transcripts set meeting_at = '2026-10-23T16:00:00Z' where id = ${ids.get('security-review-halden.json')!}::uuid`.execute(db());
    try {
      const oct = await search({ q: 'price', since: new Date('2026-10-01T00:00:00Z'), until: new Date('2026-10-10T00:00:00Z'), limit: 10 });
      assert.ok(oct.length > 0);
      assert.ok(oct.every((h) => h.fileName === 'discovery-halden-foods.txt'));
      assert.ok(oct.every((h) => h.meetingAt === '2026-10-06T16:00:00.000Z'));
      const later = await search({ q: 'price', since: new Date('2026-10-10T00:00:00Z'), account: 'Halden Foods', limit: 10 });
      assert.ok(later.length > 0 && later.every((h) => h.fileName === 'security-review-halden.json'));
    } finally {
      await sql`update stellar.transcripts set meeting_at = null where id = any(${[ids.get('discovery-halden-foods.txt')!, ids.get('security-review-halden.json')!]}::uuid[])`.execute(db());
    }
  });

  test('filter: one call', async () => {
    const id = ids.get('otter-ridgeback.txt')!;
    const hits = await search({ q: 'price per truck', transcriptId: id, limit: 5 });
    assert.equal(hits.length, 5);
    assert.ok(hits.every((h) => h.transcriptId === id));
  });

  test('filter: speaker side — what buyers said vs what reps said', async () => {
    const buyer = await search({ q: 'price budget', side: 'buyer', limit: 10 });
    const seller = await search({ q: 'price budget', side: 'seller', limit: 10 });
    assert.equal(buyer.length, 10);
    assert.equal(seller.length, 10);
    assert.ok(buyer.every((h) => h.side === 'buyer'));
    assert.ok(seller.every((h) => h.side === 'seller'));
    // A buyer's words: Dale's budget line is a buyer hit and never a seller one.
    assert.ok(buyer.some((h) => /My budget is \$45,000/.test(h.text)));
    assert.ok(!seller.some((h) => /My budget is \$45,000/.test(h.text)));
  });

  test('a selective filter still returns k hits: exact path and HNSW iterative-scan path', async () => {
    const filters = { account: 'Ridgeback Aggregates', side: 'buyer' as const };
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from stellar.chunks c join stellar.current_runs cr on cr.run_id = c.run_id and cr.stage = 'chunk'
      where c.transcript_id = ${ids.get('otter-ridgeback.txt')!}::uuid and c.side = 'buyer'`.execute(db());
    const eligible = Number(rows[0].n);
    const total = Number((await sql<{ n: string }>`select count(*) as n from stellar.chunk_embeddings`.execute(db())).rows[0].n);
    assert.ok(eligible >= 8 && eligible * 10 < total, `selective: ${eligible} of ${total}`);
    const k = 8;
    const exact = await search({ q: 'Swedish bridge tolls', ...filters, limit: k });
    // exactMax 0 forces the HNSW index scan with the filters applied while it iterates; ef_search below k.
    const viaIndex = await createSearch({ db: db(), embedder: app.provider, mode: 'vector', tuning: { exactMax: 0, efSearch: 4 } })({ q: 'Swedish bridge tolls', ...filters, limit: k });
    for (const hits of [exact, viaIndex]) {
      assert.equal(hits.length, k);
      assert.ok(hits.every((h) => h.account === 'Ridgeback Aggregates' && h.side === 'buyer'));
    }
    const plan = await sql<{ 'QUERY PLAN': string }>`explain select 1`.execute(db());
    assert.ok(plan.rows.length > 0);
  });

  test('with Ollama vectors, the query is compared with that model’s vectors only (chunk_embeddings_ollama)', async () => {
    // Stand-in Ollama vectors: the built-in ones of two calls, stored under a model name.
    const calls = [ids.get('otter-ridgeback.txt')!, ids.get('renewal-pemberton.json')!];
    await sql`insert into stellar.chunk_embeddings_ollama (chunk_id, run_id, transcript_id, model, dims, embedding)
              select chunk_id, run_id, transcript_id, 'fake-embed', 612, embedding::vector from stellar.chunk_embeddings
              where transcript_id = any(${calls}::uuid[])`.execute(db());
    try {
      const ollamaLike = (model: string): Pick<Provider, 'embed'> => ({
        async embed(texts) {
          const r = await app.provider.embed(texts);
          return { ...r, provider: 'ollama', output: { ...r.output, kind: 'ollama', model } };
        },
      });
      const hits = await createSearch({ db: db(), embedder: ollamaLike('fake-embed'), mode: 'vector' })({ q: 'insurance premium cameras', limit: 10 });
      assert.equal(hits.length, 10);
      assert.ok(hits.every((h) => calls.includes(h.transcriptId)), 'only chunks that have vectors of that model');
      assert.match(hits[0].text, /premium/);
      const other = await createSearch({ db: db(), embedder: ollamaLike('other-model'), mode: 'vector' })({ q: 'insurance premium cameras', limit: 10 });
      assert.equal(other.length, 0, 'never compared with another model’s vectors');
      const hybrid = await createSearch({ db: db(), embedder: ollamaLike('other-model') })({ q: 'insurance premium cameras', limit: 3 });
      assert.ok(hybrid.length > 0, 'full text still answers');
    } finally {
      await sql`delete from stellar.chunk_embeddings_ollama where model = 'fake-embed'`.execute(db());
    }
  });

  test('current_runs mirrors current_stage_run', async () => {
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from (
        (select transcript_id, stage, run_id from stellar.current_runs except select transcript_id, stage, run_id from stellar.current_stage_run)
        union all
        (select transcript_id, stage, run_id from stellar.current_stage_run except select transcript_id, stage, run_id from stellar.current_runs)) d`.execute(db());
    assert.equal(Number(rows[0].n), 0);
  });

  test('only the current version of a call is searched after a reprocess', async () => {
    const id = ids.get('otter-ridgeback.txt')!;
    const before = await search({ q: 'union steward', transcriptId: id, limit: 50 });
    await sql`select graphile_worker.add_job('reprocess_transcript', json_build_object('transcriptId', ${id}::uuid, 'stages', json_build_array('chunk')))`.execute(db());
    await settle(db());
    const current = await db().selectFrom('stellar.current_stage_run').select('run_id').where('transcript_id', '=', id).where('stage', '=', 'chunk').executeTakeFirstOrThrow();
    const versions = await db().selectFrom('stellar.chunks').select(({ fn }) => fn.count<string>('run_id').distinct().as('n')).where('transcript_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(Number(versions.n), 2, 'two chunk versions stored');
    const afterHits = await search({ q: 'union steward', transcriptId: id, limit: 50 });
    assert.equal(afterHits.length, before.length, 'no duplicates from the old version');
    assert.ok(afterHits.every((h) => h.runId === current.run_id), 'every hit from the new chunk run');
    assert.ok(before.every((h) => h.runId !== current.run_id));
    const all = await search({ q: 'union steward driver-facing camera', limit: 50 });
    assert.equal(new Set(all.map((h) => h.text)).size, all.length, 'no text twice across versions');
  });

  test('the full-text indexes keep no pending list: searches never read unsorted entries (sql/087, sql/088)', async () => {
    await sql`create extension if not exists pgstattuple`.execute(db());
    for (const index of ['stellar.chunks_tsv_gin', 'stellar.chunks_tsv_gin_buyer', 'stellar.chunks_tsv_gin_seller']) {
      const { rows } = await sql<{ opts: string[] | null }>`select reloptions as opts from pg_class where oid = ${index}::regclass`.execute(db());
      assert.deepEqual(rows[0].opts, ['fastupdate=off'], index);
      // After every sample's chunks (and the reprocess above) were written, nothing waits in a pending list.
      const { rows: gin } = await sql<{ pending_tuples: string }>`select pending_tuples from pgstatginindex(${index}::regclass)`.execute(db());
      assert.equal(Number(gin[0].pending_tuples), 0, index);
    }
  });

  test('a side-filtered full-text search reads its side\'s own index, not every side\'s matches (sql/088)', async () => {
    const plan = (
      await sql<{ 'QUERY PLAN': string }>`explain select id from stellar.chunks where is_current and side = 'buyer' and tsv @@ 'budget'::tsquery`.execute(db())
    ).rows.map((r) => r['QUERY PLAN']).join('\n');
    assert.match(plan, /chunks_tsv_gin_buyer/, plan);
  });

  test('common words rank full-text matches but do not select them; a question of common words still finds them', async () => {
    await sql`analyze stellar.chunks`.execute(db());
    const words = await commonWords(db(), 5);
    const price = words.find((w) => w.lexeme === 'price');
    assert.ok(price && price.chunks > 5, `ANALYZE counts 'price' in more than 5 chunks: ${JSON.stringify(words.slice(0, 10))}`);
    // With every word in more than 5 chunks common, 'price' only ranks: the rarer words select (the two rarest always do).
    const strict = createSearch({ db: db(), embedder: app.provider, mode: 'text', tuning: { ftsCommonChunks: 5 } });
    const all = createSearch({ db: db(), embedder: app.provider, mode: 'text', tuning: { ftsCommonChunks: 1_000_000 } });
    const rare = await strict({ q: 'price Swedish bridge', limit: 50 });
    assert.ok(rare.length > 0 && rare.every((h) => /swedish|bridge/i.test(h.text)), rare.map((h) => h.text.slice(0, 60)).join(' | '));
    const everyWord = await all({ q: 'price Swedish bridge', limit: 50 });
    assert.ok(everyWord.some((h) => !/swedish|bridge/i.test(h.text)), 'without the common-word rule, price selects too');
    // Ranked by all words: a chunk with both words before one with only the rare one, in both.
    assert.deepEqual(rare[0].chunkId, everyWord[0].chunkId);
    // Only common words: the two rarest select, so the question still finds chunks.
    const common = await strict({ q: 'price', limit: 5 });
    assert.equal(common.length, 5);
    // A quoted phrase and an exclusion keep their meaning (the rule applies to a plain list of words only).
    const phrase = await strict({ q: '"Swedish bridge"', limit: 50 });
    assert.ok(phrase.every((h) => /swedish bridge/i.test(h.text)));
    const excluded = await strict({ q: 'price -Swedish', limit: 50 });
    assert.ok(excluded.length > 0 && excluded.every((h) => !/swedish/i.test(h.text)));
  });

  test('GET /search: JSON hits; bearer token required', async () => {
    const res = await get('/search?q=keg%20returns&limit=3&side=seller');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { hits: SearchHit[]; query: { limit: number } };
    assert.equal(body.query.limit, 3);
    assert.ok(body.hits.length > 0 && body.hits.length <= 3);
    assert.ok(body.hits.every((h) => h.side === 'seller' && typeof h.snippet === 'string' && typeof h.transcriptId === 'string'));
    assert.equal((await get('/search?q=keg', null)).status, 401);
    assert.equal((await get('/search?q=keg', 'wrong')).status, 401);
  });

  test('GET /search: 400 with a JSON error naming the bad parameter', async () => {
    const cases: [string, string][] = [
      ['/search', 'q'],
      ['/search?q=%20', 'q'],
      ['/search?q=x&limit=0', 'limit'],
      ['/search?q=x&limit=51', 'limit'],
      ['/search?q=x&limit=abc', 'limit'],
      ['/search?q=x&side=both', 'side'],
      ['/search?q=x&since=yesterday', 'since'],
      ['/search?q=x&since=2026-11-01&until=2026-10-01', 'until'],
      ['/search?q=x&call=not-a-uuid', 'call'],
    ];
    for (const [url, field] of cases) {
      const res = await get(url);
      assert.equal(res.status, 400, url);
      const body = (await res.json()) as { error: { code: string; message: string; field?: string } };
      assert.equal(body.error.code, 'invalid_parameter', url);
      assert.equal(body.error.field, field, `${url}: ${body.error.message}`);
    }
    const unknown = await get('/search?q=x&colour=red');
    assert.equal(unknown.status, 400);
    assert.match(((await unknown.json()) as { error: { message: string } }).error.message, /colour/);
  });

  test('dashboard search page: results link to the call', async () => {
    const res = await get('/dashboard/search?q=keg%20returns');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<mark>keg<\/mark>/);
    assert.match(html, /href="\/dashboard\/runs\/[0-9a-f-]{36}">committee-mossgiel\.vtt<\/a>/);
    assert.match(html, /name="q" value="keg returns"/);
    const bad = await get('/dashboard/search?q=x&side=both');
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /side/);
    assert.equal((await get('/dashboard/search?q=x', null)).status, 401);
  });

  test('stellar search: exit 0 with hits (text and --json), 2 for bad input', async () => {
    const text = await cli('keg returns', '--limit', '2');
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^1\. committee-mossgiel\.vtt/);
    const json = await cli('keg returns', '--json', '--side', 'seller');
    assert.equal(json.code, 0, json.stderr);
    const body = JSON.parse(json.stdout) as { hits: SearchHit[] };
    assert.ok(body.hits.length > 0 && body.hits.every((h) => h.side === 'seller'));
    const none = await cli('keg returns', '--account', 'Nobody Inc');
    assert.equal(none.code, 0);
    assert.match(none.stdout, /No matching chunks/);
    for (const args of [['x', '--limit', '0'], ['x', '--side', 'both'], ['x', '--since', 'soon'], [' ']]) {
      const r = await cli(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^stellar search: /);
    }
  });

  test('recall@5 on the query set: the hybrid default is at least the best single method', async (t) => {
    const set = loadQuerySet();
    assert.ok(set.queries.length >= 30);
    const ranker = (fn: SearchFn) => (q: string) => fn({ q, limit: 10 });
    // Query vectors with one half zeroed rank chunks by that half's cosine alone (the stored vectors are [hashed | words]).
    const half = (keep: 'hashed' | 'words'): Pick<Provider, 'embed'> => ({
      async embed(texts) {
        const r = await app.provider.embed(texts);
        const vectors = r.output.vectors.map((v) => v.map((x, i) => ((keep === 'hashed') === i < 512 ? x : 0)));
        return { ...r, output: { ...r.output, vectors } };
      },
    });
    const recall = {
      hashed: await recallAtK(set, ranker(createSearch({ db: db(), embedder: half('hashed'), mode: 'vector' })), 5),
      words: await recallAtK(set, ranker(createSearch({ db: db(), embedder: half('words'), mode: 'vector' })), 5),
      combined: await recallAtK(set, ranker(createSearch({ db: db(), embedder: app.provider, mode: 'vector' })), 5),
      text: await recallAtK(set, ranker(createSearch({ db: db(), embedder: app.provider, mode: 'text' })), 5),
      hybrid: await recallAtK(set, ranker(search), 5),
    };
    t.diagnostic(`recall@5 ${JSON.stringify(recall)}`);
    const best = Math.max(recall.hashed, recall.words, recall.combined, recall.text);
    assert.ok(recall.hybrid >= best, JSON.stringify(recall));
    assert.ok(recall.combined >= Math.max(recall.hashed, recall.words), `combining beats either vector kind: ${JSON.stringify(recall)}`);
    assert.ok(recall.hybrid >= 0.8, JSON.stringify(recall));
  });
});
