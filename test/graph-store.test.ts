/**
 * The knowledge graph across calls (sql/070_graph.sql, src/graph/store.ts,
 * src/graph/resolve.ts, src/db/queries/graph.ts): deduplication (keys,
 * "Halden" / "Halden Foods", e-mail domains), evidence with turns, reprocess
 * replacing evidence without duplicating, and the stellar_api functions —
 * on hand-made calls and on the project samples run through the pipeline.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from './support/app.ts';
import { callFacts } from './support/facts.ts';
import { ingestTranscript } from '../src/intake/ingest.ts';
import { waitForRuns } from '../src/db/queries/runs.ts';
import { projectRoot } from '../src/paths.ts';
import { buildKnowledgeGraph } from '../src/agents/graph.ts';
import { storeCallGraph } from '../src/graph/store.ts';
import { locateEvidence } from '../src/graph/evidence.ts';
import { emailDomain, wordPrefixes } from '../src/graph/resolve.ts';
import { accountTimeline, findEntities, graphNeighbors, neighborsOf, shortestPath, topEntities } from '../src/db/queries/graph.ts';
import { addJobInTx } from '../src/runs/handoff.ts';
import { accountAggregates, runGraphRollup } from '../src/graph/rollup.ts';
import { utcDay } from '../src/ops/digest.ts';
import { accountRollup } from '../src/db/queries/graph.ts';

const samplesDir = path.join(projectRoot, 'samples');
const sampleFiles = readdirSync(samplesDir).filter((f) => /\.(txt|vtt|srt|json)$/.test(f)).sort();

describe('graph helpers (pure)', () => {
  test('e-mail domains, public providers excepted; word prefixes of a key', () => {
    assert.equal(emailDomain('Gwen@PembertonMed.example'), 'pembertonmed.example');
    assert.equal(emailDomain('someone@gmail.com'), null);
    assert.equal(emailDomain('not an address'), null);
    assert.deepEqual(wordPrefixes('halden foods distribution'), ['halden', 'halden foods']);
    assert.deepEqual(wordPrefixes('abc def'), [], 'a prefix shorter than 4 characters is no variant');
  });

  test('evidence: objection quotes find their turn, participants their first turn, topics their turns', () => {
    const facts = callFacts({
      sellerCompany: 'Quorvane',
      buyerCompany: 'Halden',
      participants: [
        { name: 'Ada Ronson', side: 'seller', role: null, company: 'Quorvane', email: null, spoke: true },
        { name: 'Bo Lind', side: 'buyer', role: null, company: 'Halden', email: null, spoke: true },
      ],
      competitors: ['Mapquill'],
      objections: [{ type: 'price', speaker: 'Bo Lind', quote: 'That is too expensive for us.' }],
    });
    const turns = [
      { speaker: 'Ada Ronson', text: 'Thanks for joining.' },
      { speaker: 'Bo Lind', text: 'We also looked at Mapquill. Honestly, that is too expensive for us.' },
    ];
    const g = buildKnowledgeGraph('t1', facts);
    const ev = locateEvidence(g, turns);
    assert.deepEqual(ev.get('call:t1|RAISED|objection:price'), [{ turnIdx: 1, speaker: 'Bo Lind', quote: 'That is too expensive for us.' }]);
    assert.equal(ev.get('person:ada ronson|PARTICIPATED_IN|call:t1')![0].turnIdx, 0);
    assert.equal(ev.get('call:t1|MENTIONS|competitor:mapquill')![0].turnIdx, 1);
    assert.equal(ev.get('call:t1|ABOUT|topic:pricing')![0].turnIdx, 1);
    assert.deepEqual(ev.get('call:t1|WITH_VENDOR|company:quorvane'), [{ turnIdx: null, speaker: null, quote: null }], 'no turn names it: the call as a whole');
  });
});

describe('graph store on hand-made calls', () => {
  let app: TestApp;
  const db = () => app.handle.db;
  before(async () => {
    app = await createTestApp('graph_store');
  });
  after(async () => {
    await app?.close();
  });

  async function newCall(name: string, meetingAt: string) {
    const r = await ingestTranscript(db(), { bytes: Buffer.from(`Ada Ronson: hello ${name}\nBo Lind: hi\n`), fileName: `${name}.txt`, source: 'cli', maxAttempts: 1 });
    await db().updateTable('stellar.transcripts').set({ meeting_at: meetingAt }).where('id', '=', r.transcriptId).execute();
    // No worker runs here: the queued parse job is not needed.
    await sql`delete from graphile_worker._private_jobs`.execute(db());
    return { transcriptId: r.transcriptId, runId: r.runId! };
  }
  const store = (call: { transcriptId: string; runId: string }, facts: ReturnType<typeof callFacts>, turns: { speaker: string; text: string }[], seenAt: string, mirror = false) =>
    db().transaction().execute((trx) =>
      storeCallGraph(trx, { runId: call.runId, transcriptId: call.transcriptId, seenAt: new Date(seenAt), graph: buildKnowledgeGraph(call.transcriptId, facts, { callName: 'call' }), turns, mirror }),
    );
  const count = async (t: 'stellar.graph_entities' | 'stellar.graph_relations' | 'stellar.graph_evidence' | 'stellar.graph_mentions' | 'stellar.graph_mirror_outbox') =>
    Number((await db().selectFrom(t).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  const people = (company: string, email: string | null) => [
    { name: 'Ada Ronson', side: 'seller' as const, role: 'AE', company: 'Quorvane', email: null, spoke: true },
    { name: 'Bo Lind', side: 'buyer' as const, role: 'CFO', company, email, spoke: true },
  ];

  test('"Halden" and "Halden Foods" and an e-mail domain are one company; reprocess replaces evidence', async () => {
    const c1 = await newCall('one', '2026-10-01T10:00:00Z');
    const c2 = await newCall('two', '2026-10-08T10:00:00Z');
    const c3 = await newCall('three', '2026-10-15T10:00:00Z');
    const turns = [{ speaker: 'Bo Lind', text: 'Paylance is cheaper, the price is too high.' }];
    const f1 = callFacts({ sellerCompany: 'Quorvane', buyerCompany: 'Halden', participants: people('Halden', 'bo@halden.example'), competitors: ['Paylance'], objections: [{ type: 'price', speaker: 'Bo Lind', quote: 'the price is too high' }] });
    await store(c1, f1, turns, '2026-10-01T10:00:00Z');
    const f2 = callFacts({ sellerCompany: 'Quorvane Inc.', buyerCompany: 'Halden Foods', participants: people('Halden Foods', null), competitors: ['Paylance'] });
    await store(c2, f2, turns, '2026-10-08T10:00:00Z');
    // A third call names the company differently, but its buyer writes from the same domain.
    const f3 = callFacts({ sellerCompany: 'Quorvane', buyerCompany: 'HF Group', participants: [{ name: 'Cy Doe', side: 'buyer', role: null, company: 'HF Group', email: 'cy@halden.example', spoke: true }] });
    await store(c3, f3, [{ speaker: 'Cy Doe', text: 'hello' }], '2026-10-15T10:00:00Z');

    const companies = await db().selectFrom('stellar.graph_entities').selectAll().where('kind', '=', 'company').orderBy('key').execute();
    assert.deepEqual(companies.map((c) => [c.key, c.name, c.call_count]), [['halden', 'Halden Foods', 3], ['quorvane', 'Quorvane', 3]]);
    const halden = companies[0];
    assert.equal(new Date(halden.first_seen!).toISOString(), '2026-10-01T10:00:00.000Z');
    assert.equal(new Date(halden.last_seen!).toISOString(), '2026-10-15T10:00:00.000Z');
    const aliases = (await db().selectFrom('stellar.graph_aliases').select(['alias', 'source']).where('entity_id', '=', halden.id).orderBy('alias').execute()).map((a) => `${a.source}:${a.alias}`);
    assert.deepEqual(aliases, ['domain:domain:halden.example', 'key:halden', 'name:halden foods', 'name:hf group']);
    const people1 = await db().selectFrom('stellar.graph_entities').select('key').where('kind', '=', 'person').orderBy('key').execute();
    assert.deepEqual(people1.map((p) => p.key), ['ada ronson', 'bo lind', 'cy doe']);

    // Bo Lind WORKS_AT Halden, seen in two calls.
    const works = await neighborsOf(db(), halden.id, { kind: 'person' });
    const bo = works.find((n) => n.neighbor.key === 'bo lind')!;
    assert.equal(bo.relationKind, 'WORKS_AT');
    assert.equal(bo.direction, 'in');
    assert.equal(bo.evidenceCount, 2);
    assert.deepEqual(bo.evidence.map((e) => e.transcriptId).sort(), [c1.transcriptId, c2.transcriptId].sort());
    const paylance = (await neighborsOf(db(), halden.id, { kind: 'competitor' }))[0];
    assert.equal(paylance.neighbor.name, 'Paylance');
    assert.equal(paylance.relationKind, 'EVALUATES');
    assert.equal(paylance.evidence[0].turnIdx, 0);
    assert.match(paylance.evidence[0].quote ?? '', /Paylance is cheaper/);

    const before = { e: await count('stellar.graph_entities'), r: await count('stellar.graph_relations'), ev: await count('stellar.graph_evidence'), m: await count('stellar.graph_mentions') };
    // Reprocess call 1 with the same facts: nothing grows.
    await store(c1, f1, turns, '2026-10-01T10:00:00Z');
    assert.deepEqual({ e: await count('stellar.graph_entities'), r: await count('stellar.graph_relations'), ev: await count('stellar.graph_evidence'), m: await count('stellar.graph_mentions') }, before);
    // Reprocess call 1 without the objection: its RAISED relations and the objection entity go.
    await store(c1, { ...f1, objections: [] }, turns, '2026-10-01T10:00:00Z', true);
    assert.equal(await db().selectFrom('stellar.graph_entities').select('id').where('kind', '=', 'objection').executeTakeFirst(), undefined);
    assert.equal(await count('stellar.graph_relations'), before.r - 3, 'call RAISED price, person RAISED price, call ABOUT pricing');
    const outbox = await db().selectFrom('stellar.graph_mirror_outbox').select(['op', 'entity_kind', 'entity_key', 'relation_kind', 'target_key']).orderBy('id').execute();
    assert.deepEqual(outbox.filter((o) => o.op.startsWith('delete')).map((o) => `${o.op} ${o.entity_kind}:${o.entity_key} ${o.relation_kind ?? ''} ${o.target_key ?? ''}`.trim()).sort(), [
      'delete_entity objection:price',
      `delete_relation call:${c1.transcriptId} ABOUT pricing`,
      `delete_relation call:${c1.transcriptId} RAISED price`,
      'delete_relation person:bo lind RAISED price',
      'delete_entity topic:pricing',
    ].sort());
    assert.ok(outbox.some((o) => o.op === 'upsert_entity' && o.entity_key === 'halden'));
    // Paylance: one competitor, three relations' worth of evidence over two calls.
    const top = await topEntities(db(), { kind: 'competitor' });
    assert.deepEqual(top.map((t) => [t.name, t.calls]), [['Paylance', 2]]);
    const inOctoberFirstWeek = await topEntities(db(), { kind: 'company', since: new Date('2026-10-01T00:00:00Z'), until: new Date('2026-10-02T00:00:00Z') });
    assert.deepEqual(inOctoberFirstWeek.map((t) => [t.name, t.calls]).sort(), [['Halden Foods', 1], ['Quorvane', 1]]);

    const timeline = await accountTimeline(db(), halden.id);
    assert.deepEqual(timeline.map((t) => t.transcriptId), [c1.transcriptId, c2.transcriptId, c3.transcriptId]);
    assert.deepEqual(timeline[1].competitors, ['Paylance']);
    assert.deepEqual(timeline[2].people, ['Cy Doe']);

    // Cy Doe and Ada Ronson never met: Cy -PARTICIPATED_IN-> call 3 -WITH_VENDOR-> Quorvane <-WORKS_AT- Ada (3 hops).
    const [cy] = await findEntities(db(), { text: 'cy doe', kind: 'person' });
    const [ada] = await findEntities(db(), { text: 'Ada Ronson' });
    const p = await shortestPath(db(), cy.id, ada.id, 4);
    assert.equal(p.length, 4, JSON.stringify(p));
    assert.equal(p[0].entity.name, 'Cy Doe');
    assert.equal(p[0].relation, null);
    assert.equal(p[3].entity.name, 'Ada Ronson');
    assert.ok(p[3].relation, 'each later step names the relation that led there');
    assert.deepEqual(await shortestPath(db(), cy.id, ada.id, 2), [], 'no path within two hops');

    const viaTool = await graphNeighbors(db(), { entity: 'halden.example', kind: 'competitor', limit: 5 });
    assert.equal(viaTool.entity?.name, 'Halden Foods', 'found by its e-mail domain');
    assert.deepEqual(viaTool.neighbors.map((n) => n.neighbor.name), ['Paylance']);
    assert.equal((await graphNeighbors(db(), { entity: 'nobody at all' })).entity, null);
  });

  test('the GraphQL role reads the graph views and functions, and nothing else', async () => {
    const rows = await db().transaction().execute(async (trx) => {
      await sql`set local role stellar_graphql`.execute(trx);
      const ents = await sql<{ n: string }>`select count(*) as n from stellar_api.graph_entities`.execute(trx);
      const top = await sql<{ name: string }>`select name from stellar_api.graph_top_entities('company', null, null, 5)`.execute(trx);
      return { ents: Number(ents.rows[0].n), top: top.rows.map((r) => r.name) };
    });
    assert.ok(rows.ents > 0);
    assert.ok(rows.top.includes('Halden Foods'));
    await assert.rejects(
      db().transaction().execute(async (trx) => {
        await sql`set local role stellar_graphql`.execute(trx);
        await sql`select * from stellar.graph_entities`.execute(trx);
      }),
      /permission denied/,
    );
  });
});

describe('graph of the project samples through the pipeline', () => {
  let app: TestApp;
  const db = () => app.handle.db;
  const ids = new Map<string, string>();
  before(async () => {
    app = await createTestApp('graph_samples');
    await app.startWorker({ concurrency: 2 });
    const results = [];
    for (const f of sampleFiles) {
      const r = await ingestTranscript(db(), { bytes: readFileSync(path.join(samplesDir, f)), fileName: f, source: 'cli', maxAttempts: 3 });
      ids.set(f, r.transcriptId);
      results.push(r.runId!);
    }
    await waitForRuns(db(), results, { timeoutMs: 180_000 });
  });
  after(async () => {
    await app?.close();
  });

  test('Halden Foods: one account entity with both of its calls, the shared rep on one person entity', async () => {
    const [halden] = await findEntities(db(), { text: 'Halden', kind: 'company' });
    assert.ok(halden, 'found by a shorter name');
    assert.equal(halden.name, 'Halden Foods');
    assert.equal(halden.callCount, 2);
    const timeline = await accountTimeline(db(), halden.id);
    assert.deepEqual(timeline.map((t) => t.transcriptId).sort(), [ids.get('discovery-halden-foods.txt'), ids.get('security-review-halden.json')].sort());
    const owen = await findEntities(db(), { text: 'Owen Castellano', kind: 'person' });
    assert.equal(owen.length, 1);
    assert.equal(owen[0].callCount, 2);
    const calls = await neighborsOf(db(), owen[0].id, { kind: 'call' });
    assert.equal(calls.length, 2);
    for (const c of calls) {
      assert.equal(c.relationKind, 'PARTICIPATED_IN');
      assert.ok(c.evidence.every((e) => e.turnIdx !== null && e.speaker !== null), 'each participation cites the turn');
    }
  });

  test('every relation has evidence; the seller is one entity across calls; competitors ranked', async () => {
    const unsupported = await sql<{ n: string }>`select count(*) as n from stellar.graph_relations r where not exists (select 1 from stellar.graph_evidence e where e.relation_id = r.id)`.execute(db());
    assert.equal(Number(unsupported.rows[0].n), 0);
    const [lanternfly] = await findEntities(db(), { text: 'Lanternfly', kind: 'company' });
    assert.ok(lanternfly.callCount >= 6, `seller in ${lanternfly.callCount} calls`);
    const top = await topEntities(db(), { kind: 'competitor', limit: 3 });
    assert.equal(top[0].name, 'Routelane', JSON.stringify(top));
    const withTurn = await sql<{ n: string }>`select count(*) as n from stellar.graph_evidence where turn_idx is not null`.execute(db());
    const all = await sql<{ n: string }>`select count(*) as n from stellar.graph_evidence`.execute(db());
    assert.ok(Number(withTurn.rows[0].n) / Number(all.rows[0].n) > 0.6, `${withTurn.rows[0].n}/${all.rows[0].n} evidence rows cite a turn`);
  });

  test('reprocessing link_graph of a sample: no new entity or relation, its evidence moves to the new run', async () => {
    const tid = ids.get('discovery-halden-foods.txt')!;
    const snapshot = async () => ({
      e: (await db().selectFrom('stellar.graph_entities').select(['kind', 'key', 'call_count']).orderBy('kind').orderBy('key').execute()).map((x) => `${x.kind}:${x.key}:${x.call_count}`),
      r: Number((await db().selectFrom('stellar.graph_relations').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),
      ev: Number((await db().selectFrom('stellar.graph_evidence').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),
    });
    const before = await snapshot();
    const oldRuns = await db().selectFrom('stellar.graph_evidence').select('run_id').distinct().where('transcript_id', '=', tid).execute();
    await db().transaction().execute((trx) => addJobInTx(trx, 'reprocess_transcript', { transcriptId: tid, stages: ['link_graph'] }));
    let newRun: string | undefined;
    for (let i = 0; i < 600 && !newRun; i++) {
      const r = await db().selectFrom('stellar.pipeline_runs').select('id').where('transcript_id', '=', tid).where('trigger', '=', 'reprocess').executeTakeFirst();
      newRun = r?.id;
      if (!newRun) await new Promise((res) => setTimeout(res, 100));
    }
    assert.ok(newRun, 'the reprocess run opened');
    await waitForRuns(db(), [newRun!], { timeoutMs: 60_000 });
    assert.deepEqual(await snapshot(), before);
    const runs = await db().selectFrom('stellar.graph_evidence').select('run_id').distinct().where('transcript_id', '=', tid).execute();
    assert.deepEqual(runs.map((r) => r.run_id), [newRun]);
    assert.notDeepEqual(oldRuns.map((r) => r.run_id), [newRun]);
  });

  test('graph_rollup waits for the day\'s runs, then refreshes per-account aggregates', async () => {
    const day = utcDay(new Date());
    const tid = ids.get('security-review-halden.json')!;
    const open = await db().insertInto('stellar.pipeline_runs').values({ transcript_id: tid, trigger: 'cli', status: 'running', stages: ['parse'] }).returning('id').executeTakeFirstOrThrow();
    const queued: { payload: unknown; jobKey: string }[] = [];
    const deps = { now: new Date(), requeue: async (payload: unknown, _runAt: Date, jobKey: string) => void queued.push({ payload, jobKey }) };
    const first = await runGraphRollup(db(), app.config, { day, checks: 1 }, deps);
    assert.equal(first.status, 'deferred');
    assert.deepEqual(queued, [{ payload: { day, checks: 2 }, jobKey: `graph_rollup:${day}` }]);
    assert.equal((await db().selectFrom('stellar.graph_account_rollups').select('account_id').execute()).length, 0, 'nothing refreshed on half the data');

    await db().updateTable('stellar.pipeline_runs').set({ status: 'succeeded', finished_at: new Date() }).where('id', '=', open.id).execute();
    const second = await runGraphRollup(db(), app.config, { day, checks: 2 }, deps);
    assert.equal(second.status, 'refreshed');
    assert.equal(queued.length, 1);
    const [halden] = await findEntities(db(), { text: 'Halden Foods', kind: 'company' });
    const row = (await accountRollup(db(), halden.id))!;
    assert.equal(row.calls, 2);
    const competitors = row.competitor_mentions as { name: string; calls: number }[];
    assert.deepEqual(competitors.find((c) => c.name === 'Routelane')?.calls, 2, JSON.stringify(competitors));
    assert.ok((row.objection_trend as { count: number }[]).reduce((a, o) => a + o.count, 0) > 0);
    for (const s of row.open_next_steps as { dueDate: string | null }[]) assert.ok(s.dueDate === null || s.dueDate >= day, JSON.stringify(s));
    // As of an earlier day, the dated next steps of both calls are still open.
    const earlier = await accountAggregates(db(), halden.id, '2026-01-01');
    assert.ok(earlier.openNextSteps.filter((s) => s.dueDate).length > (row.open_next_steps as unknown[]).length);
    assert.equal(new Set(earlier.openNextSteps.map((s) => s.transcriptId)).size, 2);
    const rollups = await db().selectFrom('stellar.graph_rollups').selectAll().execute();
    assert.deepEqual(rollups.map((r) => [r.complete, r.checks]), [[true, 2]]);
    assert.ok(rollups[0].accounts >= 8, `${rollups[0].accounts} accounts`);
  });
});
