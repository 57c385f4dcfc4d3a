/**
 * Fault suite (issue 11): three `stellar worker` processes against one
 * database on 300 calls — the proof on one machine that Stellar scales out by
 * adding worker processes (docs/scaling.md). Every job of every run (8 stages
 * and the fan-in) was started exactly once across the three processes (their
 * own job log lines, counted), every stage took one attempt, every output
 * exists once, and each process did a share of the work. Runs in
 * `npm run test:faults`, not `npm test`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../support/app.ts';
import { spawnWorker, type WorkerProcess } from '../support/workers.ts';
import { syntheticTranscript } from '../support/transcripts.ts';
import { assertEveryStageOnce, jobStarts } from '../support/faults.ts';
import { ingestTranscript } from '../../src/intake/ingest.ts';
import { waitForRuns } from '../../src/db/queries/runs.ts';
import { STAGES } from '../../src/pipeline/stages.ts';

const CALLS = 300;
const WORKERS = 3;

describe('three worker processes on 300 calls', { timeout: 1_200_000 }, () => {
  let app: TestApp;
  const workers: WorkerProcess[] = [];
  before(async () => {
    app = await createTestApp('faults_three');
    // debug: the "job started" lines counted below are at debug since the quiet-logs change (issue 13).
    const env = { LOG_LEVEL: 'debug', STELLAR_CRONTAB: 'no-such-crontab' };
    workers.push(...(await Promise.all(Array.from({ length: WORKERS }, () => spawnWorker(app.database.url, env, { concurrency: 4 })))));
  });
  after(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await app?.close();
  });

  test('every stage of every run exactly once, shared by the three', async () => {
    const db = app.handle.db;
    const runIds: string[] = [];
    for (let i = 0; i < CALLS; i++) {
      const r = await ingestTranscript(db, { bytes: Buffer.from(syntheticTranscript(10_000 + i)), fileName: `three-${i}.txt`, source: 'cli', maxAttempts: 5 });
      runIds.push(r.runId!);
    }
    const progress = await waitForRuns(db, runIds, { timeoutMs: 1_000_000, intervalMs: 500 });
    assert.deepEqual(progress.filter((p) => p.status !== 'succeeded'), [], 'every run succeeded');

    const report = await assertEveryStageOnce(db, runIds);
    assert.deepEqual([...report.retried], [], 'every stage ran at its first attempt: no job was taken twice');

    // SIGTERM: each process finishes and flushes its log; then count its job lines.
    await Promise.all(workers.map((w) => w.stop()));
    const mine = new Set(runIds);
    const started = new Map<string, number>();
    const perWorker = workers.map((w) => {
      const lines = jobStarts(w.output()).filter((j) => j.runId && mine.has(j.runId));
      for (const j of lines) started.set(`${j.task}:${j.runId}`, (started.get(`${j.task}:${j.runId}`) ?? 0) + 1);
      return lines.length;
    });
    const expected = CALLS * (STAGES.length + 1); // 8 stages + finish_run per run
    const twice = [...started].filter(([, n]) => n !== 1);
    assert.deepEqual(twice, [], 'no job started twice');
    assert.equal(started.size, expected, `every stage and fan-in job of every run started (${started.size} of ${expected})`);
    assert.equal(perWorker.reduce((a, b) => a + b, 0), expected);
    for (const [i, n] of perWorker.entries()) assert.ok(n > 0, `worker ${i + 1} did some of the work (${perWorker.join(' / ')})`);
    // STELLAR_CRONTAB names no file: no schedule at all (graphile-worker used to fall back to ./crontab).
    const { rows: cron } = await sql<{ n: string }>`select count(*) as n from graphile_worker._private_known_crontabs`.execute(db);
    assert.equal(Number(cron[0].n), 0, 'no crontab entry registered');
    console.log(`# three workers (diagnostic): jobs per worker ${perWorker.join(' / ')} of ${expected}`);
  });
});
