/**
 * STELLAR_MAX_MODEL_CALLS and priorities (src/ops/limiter.ts):
 * - the limiter's slots hold across connections (processes), honour priority
 *   across them, and are freed by a crash;
 * - stages without a model keep flowing while model stages wait;
 * - two real `stellar worker` processes against a slow scripted model server
 *   never have more than N calls in flight, and an upload queued behind 200
 *   backfill jobs starts next and is done long before the backlog.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import pg from 'pg';
import { createTestApp, type TestApp } from './support/app.ts';
import { createTestDatabase, type TestDatabase } from './support/db.ts';
import { startFakeOllama, type FakeOllama } from './support/fakeOllama.ts';
import { pipelineChat } from './support/modelScript.ts';
import { spawnWorker, type WorkerProcess } from './support/workers.ts';
import { syntheticTranscript } from './support/transcripts.ts';
import { ModelCallLimiter } from '../src/worker/limiter.ts';
import { ingestTranscript } from '../src/intake/ingest.ts';
import { waitForRuns } from '../src/db/queries/runs.ts';
import type { Db } from '../src/db/index.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` until it holds; the deadline only guards against a hang (it decides nothing). */
async function until(what: string, cond: () => boolean | Promise<boolean>, guardMs = 60_000): Promise<void> {
  const deadline = Date.now() + guardMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await sleep(20);
  }
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function ingestSynthetic(db: Db, i: number, source: 'cli' | 'upload' = 'cli', maxAttempts = 5) {
  return ingestTranscript(db, { bytes: Buffer.from(syntheticTranscript(i)), fileName: `call-${i}.txt`, source, maxAttempts });
}

describe('ModelCallLimiter: slots in PostgreSQL', () => {
  let database: TestDatabase;
  const limiters: ModelCallLimiter[] = [];
  const limiter = async (name: string, slots: number) => {
    const l = new ModelCallLimiter({ databaseUrl: database.url, slots, pollMs: 200, applicationName: name });
    await l.start();
    limiters.push(l);
    return l;
  };
  before(async () => {
    database = await createTestDatabase('limiter');
  });
  after(async () => {
    await Promise.all(limiters.map((l) => l.stop()));
    await database?.drop();
  });

  test('three limiters (as three processes) never run more than N calls at once', async () => {
    const a = await limiter('lim-a', 3);
    const b = await limiter('lim-b', 3);
    const c = await limiter('lim-c', 3);
    let inFlight = 0;
    let max = 0;
    let started = 0;
    // The first 3 calls wait for each other, so the limit is reached whatever the load; after that, 30 ms each.
    const three = deferred();
    const call = async () => {
      inFlight++;
      max = Math.max(max, inFlight);
      if (++started === 3) three.resolve();
      if (started <= 3) await three.promise;
      await sleep(30);
      inFlight--;
    };
    const jobs = [a, b, c].flatMap((l, k) => Array.from({ length: 12 }, (_, i) => l.run(call, (i + k) % 3)));
    await Promise.all(jobs);
    assert.equal(started, 36);
    assert.equal(max, 3, `at most (and, with the first three waiting for each other, exactly) 3 calls in flight; saw ${max}`);
    for (const l of [a, b, c]) assert.equal(l.inUse, 0);
  });

  /** Advisory locks of class `classId` that the limiter connection named `app` holds (727001: slots, 727002: waiters). */
  async function locksOf(app: string, classId: number): Promise<number> {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: number }>(
        `select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid
          where l.locktype = 'advisory' and l.granted and l.classid = $2 and l.objsubid = 2 and a.application_name = $1
            and l.database = (select oid from pg_database where datname = current_database())`,
        [app, classId],
      );
      return rows[0].n;
    } finally {
      await admin.end();
    }
  }
  /** True once the limiter connection `app` has finished a take_model_slot call and is idle (it asked, and was answered). */
  async function askedForSlot(app: string): Promise<boolean> {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where application_name = $1 and state = 'idle' and query like '%take_model_slot%'`,
        [app],
      );
      return rows[0].n > 0;
    } finally {
      await admin.end();
    }
  }

  test('a waiter with a better priority in another process takes the next free slot', async () => {
    const a = await limiter('lim-prio-a', 1);
    const b = await limiter('lim-prio-b', 1);
    const hold = deferred();
    const order: string[] = [];
    const holding = a.run(() => hold.promise);
    await until('a holds the slot', () => a.inUse === 1);
    // Queued first, at backfill priority, in the process that holds the slot…
    const low = a.run(async () => void order.push('backfill (10)'), 10);
    assert.equal(a.waiting, 1);
    await until('a announces its waiter', async () => (await locksOf('lim-prio-a', 727002)) === 1);
    // …then an upload's call (priority 0) in another process.
    const high = b.run(async () => void order.push('upload (0)'), 0);
    await until('b announces its waiter and has asked for the slot', async () => (await locksOf('lim-prio-b', 727002)) === 1 && (await askedForSlot('lim-prio-b')));
    assert.deepEqual(order, [], 'nothing ran while the slot was held');
    hold.resolve();
    await Promise.all([holding, low, high]);
    assert.deepEqual(order, ['upload (0)', 'backfill (10)']);
  });

  test("a crashed process's slots are free again at once (its connection closes)", async () => {
    const a = await limiter('lim-crash-a', 2);
    const b = await limiter('lim-crash-b', 2);
    const hold = deferred();
    const holding = [a.run(() => hold.promise), a.run(() => hold.promise)];
    await until('a holds both slots', () => a.inUse === 2);
    let ran = false;
    const waiting = b.run(async () => void (ran = true));
    await until('b has asked for a slot', () => askedForSlot('lim-crash-b'));
    assert.equal(ran, false, 'both slots are held');
    assert.equal(b.waiting, 1, 'b waits');
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'lim-crash-a'");
    await admin.end();
    await waiting;
    assert.equal(ran, true, 'the slot held by the dead connection was taken');
    hold.resolve();
    await Promise.all(holding);
  });
});

describe('in one worker: stages without a model keep flowing while model stages wait', () => {
  let app: TestApp;
  let fake: FakeOllama;
  // Model answers are held until the test opens the gate: the only slot stays busy as long as it needs.
  const gate = deferred();
  before(async () => {
    fake = await startFakeOllama({
      chat: async (req) => {
        await gate.promise;
        return pipelineChat(req);
      },
      embed: async () => {
        await gate.promise;
        return {};
      },
    });
    app = await createTestApp('limits_flow', { STELLAR_PROVIDER: 'ollama', OLLAMA_HOST: fake.url, STELLAR_MAX_MODEL_CALLS: '1', OLLAMA_RETRIES: '0', OLLAMA_TIMEOUT_MS: '600000' });
    await app.startWorker({ concurrency: 2 });
  });
  after(async () => {
    gate.resolve();
    await app?.close();
    await fake?.close();
  });

  test('new transcripts are parsed at once while the only model slot is busy', async () => {
    const db = app.handle.db;
    const first = await Promise.all([1, 2, 3].map((i) => ingestSynthetic(db, i)));
    await fake.waitForCalls(1, 300_000);
    const later = await Promise.all([11, 12, 13].map((i) => ingestSynthetic(db, i)));
    // parse needs no model: with the 1 slot held (its answer withheld), the later parses still finish.
    await until('the later transcripts are parsed', async () => {
      const rows = await db
        .selectFrom('stellar.stage_runs')
        .select('run_id')
        .where('run_id', 'in', later.map((r) => r.runId!))
        .where('stage', '=', 'parse')
        .where('status', '=', 'succeeded')
        .execute();
      return rows.length === 3;
    });
    assert.equal(fake.calls(), 1, 'still the one model call: the others wait for its slot');
    assert.equal(fake.inFlight, 1, 'and it is still unanswered');
    assert.equal(fake.maxInFlight, 1);
    gate.resolve();
    const progress = await waitForRuns(db, [...first, ...later].map((r) => r.runId!), { timeoutMs: 180_000 });
    assert.deepEqual(progress.map((p) => p.status), Array(6).fill('succeeded'));
    assert.equal(fake.maxInFlight, 1);
  });
});

describe('two worker processes, a slow model server, STELLAR_MAX_MODEL_CALLS=3', () => {
  const N = 3;
  let app: TestApp;
  let fake: FakeOllama;
  const workers: WorkerProcess[] = [];
  before(async () => {
    // The first N chat calls are answered only once N are in flight together, so the limit is reached whatever the load.
    let chats = 0;
    const nInFlight = deferred();
    fake = await startFakeOllama({
      delayMs: 150,
      chat: async (req) => {
        if (++chats === N) nInFlight.resolve();
        if (chats <= N) await nInFlight.promise;
        return pipelineChat(req);
      },
    });
    const env = { STELLAR_PROVIDER: 'ollama', OLLAMA_HOST: fake.url, STELLAR_MAX_MODEL_CALLS: String(N), OLLAMA_RETRIES: '0', STELLAR_CRONTAB: 'no-crontab' };
    app = await createTestApp('limits_procs', env);
    workers.push(...(await Promise.all([spawnWorker(app.database.url, env, { concurrency: 4 }), spawnWorker(app.database.url, env, { concurrency: 4 })])));
  });
  after(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await app?.close();
    await fake?.close();
  });

  test('never more than N model calls in flight across both processes', async () => {
    const db = app.handle.db;
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => ingestSynthetic(db, 100 + i)));
    const progress = await waitForRuns(db, results.map((r) => r.runId!), { timeoutMs: 180_000 });
    assert.ok(progress.every((p) => p.status === 'succeeded'), `runs: ${JSON.stringify(progress.filter((p) => p.status !== 'succeeded'))}\n${workers.map((w) => w.output()).join('\n')}`);
    assert.ok(fake.calls() >= 24 * 5, `every model stage called the model (${fake.calls()} calls)`);
    assert.ok(fake.maxInFlight <= N, `max in flight ${fake.maxInFlight} > ${N}`);
    assert.equal(fake.maxInFlight, N, 'the limit was reached (so the test could have caught an excess)');
    // Both processes did work.
    const { rows } = await sql<{ n: string }>`select count(distinct worker_id) as n from stellar.worker_heartbeats where stopped_at is null`.execute(db);
    assert.equal(Number(rows[0].n), 2);
  });

  test('an upload queued behind 200 backfill jobs starts next and finishes long before them', async () => {
    const db = app.handle.db;
    fake.reset();
    // 200 backfill jobs, from plain SQL: each re-runs draft_email (one model call) of one of the 24 transcripts.
    await sql`
      select graphile_worker.add_job('reprocess_transcript',
        json_build_object('transcriptId', t.id, 'stages', json_build_array('draft_email'), 'reason', 'limits test backfill'),
        priority := 10)
      from generate_series(1, 200) g
      cross join lateral (select id from stellar.transcripts order by id offset (g % 24) limit 1) t`.execute(db);
    await until('the backlog is being worked on', async () => Number((await sql<{ n: string }>`select count(*) as n from stellar.pipeline_runs where trigger = 'reprocess'`.execute(db)).rows[0].n) >= 8);
    const upload = await ingestSynthetic(db, 999, 'upload');
    const uploadQueued = new Date();
    const [done] = await waitForRuns(db, [upload.runId!], { timeoutMs: 300_000, intervalMs: 50 });
    const uploadDone = new Date();
    assert.equal(done.status, 'succeeded');

    const stages = await db.selectFrom('stellar.stage_runs').selectAll().where('run_id', '=', upload.runId!).execute();
    const parse = stages.find((s) => s.stage === 'parse')!;
    assert.ok(parse.started_at instanceof Date, 'the upload was parsed');
    const parseStarted = parse.started_at.getTime();
    // Started next: at most the jobs already in the workers' hands (2 × 4) started in between.
    const { rows: between } = await sql<{ n: string }>`
      select count(*) as n from stellar.stage_runs s join stellar.pipeline_runs r on r.id = s.run_id
      where r.trigger = 'reprocess' and s.started_at > ${uploadQueued} and s.started_at < ${new Date(parseStarted)}`.execute(db);
    assert.ok(Number(between[0].n) <= 8, `${between[0].n} backfill stages started between the upload's queueing and its start`);

    const { rows: left } = await sql<{ open: string; total: string }>`
      select count(*) filter (where finished_at is null or finished_at > ${uploadDone}) as open, count(*) as total
      from stellar.pipeline_runs where trigger = 'reprocess'`.execute(db);
    const openJobs = await sql<{ n: string }>`select count(*) as n from graphile_worker.jobs where task_identifier = 'reprocess_transcript'`.execute(db);
    const remaining = Number(left[0].open) + Number(openJobs.rows[0].n);
    assert.ok(remaining >= 100, `the upload did not wait for the backlog: ${remaining} of 200 backfill runs were still to do when it was done`);

    // The backlog completes, still within the limit.
    await until(
      'the backlog is done',
      async () => {
        const { rows } = await sql<{ runs: string; open: string }>`
          select (select count(*) from stellar.pipeline_runs where trigger = 'reprocess') as runs,
                 (select count(*) from stellar.pipeline_runs where trigger = 'reprocess' and finished_at is null) as open`.execute(db);
        return Number(rows[0].runs) === 200 && Number(rows[0].open) === 0;
      },
      600_000,
    );
    assert.ok(fake.maxInFlight <= N, `max in flight ${fake.maxInFlight}`);
    const failed = await db.selectFrom('stellar.pipeline_runs').select('id').where('trigger', '=', 'reprocess').where('status', '!=', 'succeeded').execute();
    assert.equal(failed.length, 0);
  });
});
