/**
 * The Neo4j mirror (src/graph/neo4j/, tasks/sync_graph.ts, `stellar graph resync`).
 * No Neo4j server runs here, so:
 *   - golden tests: every Cypher statement and its parameters, recorded by a
 *     fake driver, for the project samples (test/golden/neo4j-resync.json;
 *     UPDATE_GOLDEN=1 rewrites it) and for a reprocess that removes evidence;
 *   - the pipeline with a mirror configured: one driver per worker process,
 *     closed at shutdown; an outage never fails a run, sync_graph retries and
 *     catches up from the outbox.
 * The integration suite at the end is registered only when NEO4J_URL is set
 * (a real server); otherwise it does not exist — it is not skipped.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from './support/app.ts';
import { describeWhen } from './support/optional.ts';
import { callFacts } from './support/facts.ts';
import { ingestTranscript } from '../src/intake/ingest.ts';
import { waitForRuns } from '../src/db/queries/runs.ts';
import { projectRoot } from '../src/paths.ts';
import type { DriverLike } from '../src/graph/neo4j/driverLike.ts';
import { buildKnowledgeGraph } from '../src/agents/graph.ts';
import { storeCallGraph } from '../src/graph/store.ts';
import { drainOutbox, outboxStatements, resyncGraph } from '../src/graph/neo4j/sync.ts';
import { nodeUpserts, relationshipUpserts } from '../src/graph/neo4j/cypher.ts';
import { graphResyncCommand, parseSince } from '../src/cli/graph.ts';
import { defaultConnectors } from '../src/worker/runtime.ts';

const samplesDir = path.join(projectRoot, 'samples');
const sampleFiles = readdirSync(samplesDir).filter((f) => /\.(txt|vtt|srt|json)$/.test(f)).sort();
const goldenFile = path.join(projectRoot, 'test', 'golden', 'neo4j-resync.json');

interface Recorded {
  query: string;
  params: Record<string, unknown>;
  inTx: boolean;
}

/** A neo4j-driver stand-in that records every statement; `failing` makes writes throw like an unreachable server. */
function recordingDriver() {
  const state = { statements: [] as Recorded[], sessions: 0, closed: 0, failing: false, failures: 0 };
  const run = (inTx: boolean) => async (query: string, params: Record<string, unknown> = {}) => {
    if (state.failing) {
      state.failures++;
      throw Object.assign(new Error('Could not perform discovery. No routing servers available.'), { code: 'ServiceUnavailable' });
    }
    state.statements.push({ query, params: structuredClone(params), inTx });
    return {};
  };
  const driver: DriverLike = {
    session() {
      state.sessions++;
      return {
        run: run(false),
        async executeWrite<T>(work: (tx: { run(q: string, p?: Record<string, unknown>): PromiseLike<unknown> }) => Promise<T>): Promise<T> {
          const pending: Recorded[] = [];
          const tx = { run: async (q: string, p: Record<string, unknown> = {}) => {
            if (state.failing) {
              state.failures++;
              throw Object.assign(new Error('Could not perform discovery. No routing servers available.'), { code: 'ServiceUnavailable' });
            }
            pending.push({ query: q, params: structuredClone(p), inTx: true });
          } };
          const r = await work(tx);
          state.statements.push(...pending); // committed only when the whole transaction ran
          return r;
        },
        async close() {},
      };
    },
    async close() {
      state.closed++;
    },
  };
  return { driver, state };
}

/** Statements with run-dependent values made stable: transcript ids → file names, times → "<time>", rows sorted. */
function normalise(statements: Recorded[], names: Map<string, string>): unknown[] {
  const fix = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(v)) return '<time>';
      return v.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => `<${names.get(id) ?? 'unknown transcript'}>`);
    }
    if (Array.isArray(v)) return v.map(fix).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, fix(x)]));
    return v;
  };
  return statements.map((s) => ({ query: s.query, params: fix(s.params), inTx: s.inTx }));
}

describe('Cypher statements (pure)', () => {
  test('only parameterised MERGE/MATCH/DELETE; labels and types from fixed maps; unknown kinds refused', () => {
    const nodes = nodeUpserts([{ kind: 'company', key: "o'brien & co", name: "O'Brien & Co", attrs: { side: 'buyer', nothing: null }, mentionCount: 2, callCount: 1, firstSeen: new Date('2026-10-01T00:00:00Z'), lastSeen: null }]);
    assert.deepEqual(nodes, [
      {
        query: 'UNWIND $rows AS row MERGE (n:Company {key: row.key}) SET n = row.props',
        params: { rows: [{ key: "o'brien & co", props: { side: 'buyer', key: "o'brien & co", name: "O'Brien & Co", mentionCount: 2, callCount: 1, firstSeen: '2026-10-01T00:00:00.000Z' } }] },
      },
    ]);
    assert.throws(() => nodeUpserts([{ kind: 'Company) DETACH DELETE (x', key: 'k', name: 'n', attrs: {}, mentionCount: 1, callCount: 1, firstSeen: null, lastSeen: null }]), /unknown entity kind/);
    assert.throws(
      () => relationshipUpserts([{ sourceKind: 'person', sourceKey: 'a', kind: 'OWNS]->() DELETE (', targetKind: 'company', targetKey: 'b', evidenceCount: 1, firstSeen: null, lastSeen: null, transcripts: [] }]),
      /unknown relation kind/,
    );
  });

  test('--since is checked', () => {
    assert.equal(parseSince('2026-11-01').toISOString(), '2026-11-01T00:00:00.000Z');
    assert.throws(() => parseSince('last week'), /--since: not a date/);
  });
});

describe('Neo4j mirror on a reprocess that removes evidence (golden statements)', () => {
  let app: TestApp;
  const db = () => app.handle.db;
  before(async () => {
    app = await createTestApp('neo4j_outbox');
  });
  after(async () => {
    await app?.close();
  });

  test('the outbox becomes deletes of what is gone and upserts of what is left, then is empty', async () => {
    const r = await ingestTranscript(db(), { bytes: Buffer.from('Ada Ronson: hello\nBo Lind: the price is too high\n'), fileName: 'x.txt', source: 'cli', maxAttempts: 1 });
    await sql`delete from graphile_worker._private_jobs`.execute(db());
    const facts = callFacts({
      sellerCompany: 'Quorvane',
      buyerCompany: 'Halden',
      participants: [{ name: 'Bo Lind', side: 'buyer', role: null, company: 'Halden', email: null, spoke: true }],
      objections: [{ type: 'price', speaker: 'Bo Lind', quote: 'the price is too high' }],
    });
    const turns = [{ speaker: 'Ada Ronson', text: 'hello' }, { speaker: 'Bo Lind', text: 'the price is too high' }];
    const store = (f: typeof facts) =>
      db().transaction().execute((trx) => storeCallGraph(trx, { runId: r.runId!, transcriptId: r.transcriptId, seenAt: new Date('2026-10-01T10:00:00Z'), graph: buildKnowledgeGraph(r.transcriptId, f, { callName: 'x.txt' }), turns, mirror: true }));
    await store(facts);
    const { driver, state } = recordingDriver();
    await drainOutbox(db(), { driver }, { batch: 1000 });
    assert.equal(Number((await sql<{ n: string }>`select count(*) as n from stellar.graph_mirror_outbox`.execute(db())).rows[0].n), 0);
    const first = state.statements.filter((s) => s.inTx);
    assert.ok(first.every((s) => /^UNWIND \$rows AS row MERGE/.test(s.query)), 'first sync: merges only');
    state.statements.length = 0;

    await store({ ...facts, objections: [] });
    const rows = await db().selectFrom('stellar.graph_mirror_outbox').selectAll().orderBy('id').execute();
    const statements = await outboxStatements(db(), rows);
    const names = new Map([[r.transcriptId, 'x.txt']]);
    assert.deepEqual(normalise(statements.map((s) => ({ ...s, inTx: true })), names).slice(0, 2), [
      {
        query: 'UNWIND $rows AS row MATCH (a:Call {key: row.source})-[r:ABOUT]->(b:Topic {key: row.target}) DELETE r',
        params: { rows: [{ source: '<x.txt>', target: 'pricing' }] },
        inTx: true,
      },
      {
        query: 'UNWIND $rows AS row MATCH (a:Call {key: row.source})-[r:RAISED]->(b:Objection {key: row.target}) DELETE r',
        params: { rows: [{ source: '<x.txt>', target: 'price' }] },
        inTx: true,
      },
    ]);
    const queries = statements.map((s) => s.query);
    assert.ok(queries.includes('UNWIND $rows AS row MATCH (a:Person {key: row.source})-[r:RAISED]->(b:Objection {key: row.target}) DELETE r'));
    assert.ok(queries.includes('UNWIND $keys AS key MATCH (n:Objection {key: key}) DETACH DELETE n'));
    assert.ok(queries.includes('UNWIND $keys AS key MATCH (n:Topic {key: key}) DETACH DELETE n'));
    const lastDelete = Math.max(...queries.map((q, i) => (/DELETE/.test(q) ? i : -1)));
    const firstMerge = queries.findIndex((q) => /MERGE/.test(q));
    assert.ok(lastDelete < firstMerge, 'deletes before merges');
    // Replaying the same outbox rows gives the same statements (idempotent).
    assert.deepEqual(await outboxStatements(db(), rows), statements);
  });
});

describe('Neo4j mirror of the project samples through the pipeline', () => {
  let app: TestApp;
  const db = () => app.handle.db;
  const names = new Map<string, string>();
  const fake = recordingDriver();
  let driversCreated = 0;
  let runIds: string[] = [];
  before(async () => {
    app = await createTestApp('neo4j_samples', { NEO4J_URL: 'bolt://neo4j.invalid:7687', NEO4J_PASSWORD: 'x', NEO4J_SYNC_MAX_ATTEMPTS: '25' });
    fake.state.failing = true; // Neo4j is down while the calls are processed
    await app.startWorker({ concurrency: 2, connectors: { neo4jDriver: () => (driversCreated++, fake.driver) } });
    for (const f of sampleFiles) {
      const r = await ingestTranscript(db(), { bytes: readFileSync(path.join(samplesDir, f)), fileName: f, source: 'cli', maxAttempts: 3 });
      names.set(r.transcriptId, f);
      runIds.push(r.runId!);
    }
    await waitForRuns(db(), runIds, { timeoutMs: 180_000 });
  });
  after(async () => {
    await app?.close();
  });

  // A link_graph that commits while a sync attempt runs retires that job (graphile-worker clears the key of a
  // locked job and sets its attempts to the maximum: it fails for good, leaving the outbox to the new job) and
  // queues a new one; so the coalesced job is the one holding the key, the retired ones are left aside.
  const allSyncJobs = () => db().selectFrom('graphile_worker.jobs').selectAll().where('task_identifier', '=', 'sync_graph').execute();
  const syncJobs = async () => (await allSyncJobs()).filter((j) => j.key !== null || j.attempts < j.max_attempts);

  test('a Neo4j outage fails no run: the runs end, the changes wait in the outbox, sync_graph retries', async () => {
    const runs = await db().selectFrom('stellar.pipeline_runs').select(['status']).where('id', 'in', runIds).execute();
    assert.ok(runs.every((r) => r.status === 'succeeded' || r.status === 'partial'), JSON.stringify(runs));
    const linkGraph = await db().selectFrom('stellar.stage_runs').select(['status', 'model']).where('stage', '=', 'link_graph').execute();
    assert.ok(linkGraph.every((s) => s.status === 'succeeded'));
    // Wait until the sync job has failed at least once (event: a recorded error on the job).
    let jobs = await syncJobs();
    for (let i = 0; i < 600 && !(jobs.length === 1 && jobs[0].attempts >= 1 && jobs[0].last_error); i++) {
      await new Promise((r) => setTimeout(r, 50));
      jobs = await syncJobs();
    }
    assert.equal(jobs.length, 1, 'one coalesced sync job');
    assert.equal(jobs[0].key, 'sync_graph');
    for (const retired of (await allSyncJobs()).filter((j) => j.id !== jobs[0].id)) assert.equal(retired.key, null, 'others retired by a replace');
    const queue = await sql<{ queue_name: string | null }>`select queue_name from graphile_worker.jobs where id = ${jobs[0].id}`.execute(db());
    assert.equal(queue.rows[0].queue_name, 'graph_mirror');
    assert.match(jobs[0].last_error ?? '', /No routing servers available/);
    assert.ok(fake.state.failures >= 1);
    const outbox = Number((await sql<{ n: string }>`select count(*) as n from stellar.graph_mirror_outbox`.execute(db())).rows[0].n);
    assert.ok(outbox > 0, 'changes kept for later');
  });

  test('when Neo4j is back, the next attempt catches up; one driver for the whole process', async () => {
    fake.state.failing = false;
    await sql`select graphile_worker.reschedule_jobs(array(select id from graphile_worker.jobs where task_identifier = 'sync_graph'), run_at := now())`.execute(db());
    for (let i = 0; i < 600 && (await syncJobs()).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal((await syncJobs()).length, 0, 'sync job done');
    assert.equal(Number((await sql<{ n: string }>`select count(*) as n from stellar.graph_mirror_outbox`.execute(db())).rows[0].n), 0, 'outbox drained');
    assert.equal(driversCreated, 1, 'one driver per worker process, reused across jobs and attempts');
    const merged = fake.state.statements.filter((s) => s.inTx && /MERGE \(n:Company/.test(s.query)).flatMap((s) => (s.params.rows as { key: string }[]).map((r) => r.key));
    assert.ok(merged.includes('halden foods'));
    assert.equal(fake.state.closed, 0, 'not closed while the worker runs');
  });

  test('golden: `stellar graph resync` statements for the samples', async () => {
    const { driver, state } = recordingDriver();
    const out: string[] = [];
    const progress: string[] = [];
    const code = await graphResyncCommand(app, {}, { connectors: { neo4jDriver: () => driver }, out: (l) => out.push(l), progress: (l) => progress.push(l) });
    assert.equal(code, 0);
    assert.equal(state.closed, 1, 'the command closes its driver');
    assert.match(out[0], /^resynced \d+ entities and \d+ relations/);
    assert.ok(progress.some((p) => /^entities: \d+\/\d+$/.test(p)) && progress.some((p) => /^relations: \d+\/\d+$/.test(p)), progress.join('\n'));
    const got = normalise(state.statements, names);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(goldenFile)) {
      mkdirSync(path.dirname(goldenFile), { recursive: true });
      writeFileSync(goldenFile, JSON.stringify(got, null, 1) + '\n');
    }
    assert.deepEqual(got, JSON.parse(readFileSync(goldenFile, 'utf8')));
    // Resync since a future date sends only the constraints.
    const later = recordingDriver();
    await resyncGraph(db(), { driver: later.driver }, { batch: 100, since: new Date('2999-01-01T00:00:00Z') });
    assert.ok(later.state.statements.every((s) => s.query.startsWith('CREATE CONSTRAINT')));
  });

  test('the worker closes its driver when it stops', async () => {
    await app.stopWorker();
    assert.equal(fake.state.closed, 1);
  });
});

describeWhen(process.env.NEO4J_URL)('Neo4j integration (a real server at NEO4J_URL)', () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp('neo4j_real', { NEO4J_URL: process.env.NEO4J_URL!, NEO4J_USER: process.env.NEO4J_USER ?? 'neo4j', NEO4J_PASSWORD: process.env.NEO4J_PASSWORD ?? '' });
    await app.startWorker({ concurrency: 2 });
    const runs = [];
    for (const f of sampleFiles.slice(0, 3)) runs.push((await ingestTranscript(app.handle.db, { bytes: readFileSync(path.join(samplesDir, f)), fileName: f, source: 'cli', force: true, maxAttempts: 3 })).runId!);
    await waitForRuns(app.handle.db, runs, { timeoutMs: 180_000 });
  });
  after(async () => {
    await app?.close();
  });

  test('resync twice: the same node and relationship counts (idempotent MERGE)', async () => {
    const driver = defaultConnectors.neo4jDriver({ url: process.env.NEO4J_URL!, user: process.env.NEO4J_USER ?? 'neo4j', password: process.env.NEO4J_PASSWORD ?? '' });
    try {
      const counts = async () => {
        const s = driver.session();
        try {
          const r = (await s.run('MATCH (n) WHERE n.key IS NOT NULL RETURN count(n) AS n')) as { records: { get(k: string): { toNumber(): number } }[] };
          return r.records[0].get('n').toNumber();
        } finally {
          await s.close();
        }
      };
      await resyncGraph(app.handle.db, { driver }, { batch: 200 });
      const once = await counts();
      await resyncGraph(app.handle.db, { driver }, { batch: 200 });
      assert.equal(await counts(), once);
      assert.ok(once > 0);
    } finally {
      await driver.close();
    }
  });
});
