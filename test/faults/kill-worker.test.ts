/**
 * Fault suite (issue 11): kill -9 of a `stellar worker` process with 50 runs in
 * flight. A second worker process (with the sweeper in its crontab) starts;
 * sweep_stuck_runs unlocks the dead worker's jobs once its heartbeat is older
 * than STELLAR_WORKER_DEAD_MS, and every run finishes with every stage exactly
 * once: only the jobs the dead worker held ran a second time, nothing was
 * re-queued, no output doubled. The recovery times are printed as a diagnostic
 * (never asserted). Runs in `npm run test:faults`, not `npm test`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../support/app.ts';
import { spawnWorker, type WorkerProcess } from '../support/workers.ts';
import { syntheticTranscript } from '../support/transcripts.ts';
import { assertEveryStageOnce, sweepOnlyCrontab, until } from '../support/faults.ts';
import { decodeTranscript, insertTranscripts, sha256 } from '../../src/intake/ingest.ts';
import { waitForRuns } from '../../src/db/queries/runs.ts';

const RUNS = 50;
const CONCURRENCY = 4;
/** Dead after 3 missed heartbeats (every 5 s), generous for a loaded machine. */
const DEAD_MS = 15_000;

describe('kill -9 of a worker with 50 runs in flight', { timeout: 900_000 }, () => {
  let app: TestApp;
  const workers: WorkerProcess[] = [];
  before(async () => {
    app = await createTestApp('faults_kill');
  });
  after(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await app?.close();
  });

  test('a new worker finishes every run; only the killed jobs ran twice; nothing re-queued or doubled', async () => {
    const db = app.handle.db;
    const first = await spawnWorker(app.database.url, { STELLAR_CRONTAB: 'no-such-crontab' }, { concurrency: CONCURRENCY });
    workers.push(first);
    // All 50 at once (one transaction, as a batch of uploads is stored), so all are in flight when the worker fills its hand.
    const pending = Array.from({ length: RUNS }, (_, i) => {
      const bytes = Buffer.from(syntheticTranscript(5000 + i));
      return { req: { bytes, fileName: `kill-${i}.txt`, source: 'cli' as const, maxAttempts: 5 }, text: decodeTranscript(bytes), digest: sha256(bytes) };
    });
    const runIds = (await db.transaction().execute((trx) => insertTranscripts(trx, pending))).map((r) => r.runId!);
    assert.equal(new Set(runIds).size, RUNS);

    // Kill it as soon as it holds a full hand of jobs (every slot busy): those are the jobs in flight.
    const lockedByFirst = async () =>
      (await sql<{ key: string; locked_by: string }>`select key, locked_by from graphile_worker.jobs where locked_by is not null`.execute(db)).rows;
    await until('the first worker holds a full hand of jobs', async () => (await lockedByFirst()).length >= CONCURRENCY, 600_000, 10);
    await first.kill();
    const killedAt = Date.now();
    const killedPid = first.pid;

    // What the dead worker left behind: its locked jobs, its running stage rows, the runs still open.
    const held = await lockedByFirst();
    assert.ok(held.length >= 1, 'the dead worker left locked jobs');
    const deadPools = new Set(held.map((j) => j.locked_by));
    assert.equal(deadPools.size, 1, 'one pool held them');
    const heldKeys = new Set(held.map((j) => j.key));
    const running = await db.selectFrom('stellar.stage_runs').select(['run_id', 'stage']).where('run_id', 'in', runIds).where('status', '=', 'running').execute();
    const runningKeys = new Set(running.map((s) => `stage:${s.run_id}:${s.stage}`));
    const open = await db.selectFrom('stellar.pipeline_runs').select('id').where('id', 'in', runIds).where('finished_at', 'is', null).execute();
    assert.ok(open.length >= RUNS - 5, `runs in flight at the kill: ${open.length} of ${RUNS}`);

    // A new worker, with the sweeper scheduled every minute and a short dead-worker threshold.
    const second = await spawnWorker(app.database.url, { STELLAR_CRONTAB: sweepOnlyCrontab(), STELLAR_WORKER_DEAD_MS: String(DEAD_MS) }, { concurrency: CONCURRENCY });
    workers.push(second);
    const readyAt = Date.now();
    const [deadPool] = [...deadPools];
    await until('the sweeper unlocked the dead worker\'s jobs', async () => {
      const { rows } = await sql<{ n: string }>`select count(*) as n from graphile_worker.jobs where locked_by = ${deadPool}`.execute(db);
      return Number(rows[0].n) === 0;
    });
    const unlockedAt = Date.now();
    const progress = await waitForRuns(db, runIds, { timeoutMs: 600_000, intervalMs: 200 });
    const doneAt = Date.now();
    assert.deepEqual(progress.filter((p) => p.status !== 'succeeded'), [], `every run succeeded\n${second.output().slice(-4000)}`);

    const report = await assertEveryStageOnce(db, runIds);
    // Only what the dead worker held ran again: stages running at the kill are among the retried ones, and every retried one was held.
    for (const key of runningKeys) assert.ok(report.retried.has(key), `${key} was running at the kill, so it ran again`);
    for (const key of report.retried) assert.ok(heldKeys.has(key), `${key} ran twice but the dead worker did not hold it`);
    const attempts = await db.selectFrom('stellar.stage_runs').select((eb) => eb.fn.max('attempt').as('max')).where('run_id', 'in', runIds).executeTakeFirstOrThrow();
    assert.ok(Number(attempts.max) <= 2, `no stage took more than two attempts (max ${attempts.max})`);
    // The jobs were released, not replaced: no run was re-queued by the sweeper.
    const swept = await db.selectFrom('stellar.pipeline_runs').select(['id', 'sweeps']).where('id', 'in', runIds).where('sweeps', '>', 0).execute();
    assert.deepEqual(swept, [], 'no run needed a re-queue');
    // The dead worker's heartbeat was closed by the sweep; the new one is alive.
    const beats = await db.selectFrom('stellar.worker_heartbeats').select(['pid', 'stopped_at']).where('worker_id', '=', deadPool).execute();
    assert.equal(beats.length, 1);
    assert.equal(beats[0].pid, killedPid);
    assert.ok(beats[0].stopped_at, 'the dead worker is marked stopped');

    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(
      `# recovery after kill -9 (diagnostic): ${open.length} runs open, ${held.length} jobs held (${running.length} stages running); ` +
        `new worker ready after ${s(readyAt - killedAt)}; held jobs released by the sweep after ${s(unlockedAt - killedAt)} ` +
        `(threshold ${s(DEAD_MS)} + the minute cron); all ${RUNS} runs done after ${s(doneAt - killedAt)}; ${report.retried.size} stages ran twice`,
    );
  });
});
