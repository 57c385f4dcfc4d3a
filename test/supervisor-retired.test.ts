/**
 * src/worker/supervisor.ts, issue 11: a pool replaced after a lost connection is stopped in the
 * background; until it has stopped it can still lock a job (the pg-restart fault test saw one locked
 * 2 s after the supervisor had released the old pool's locks, then held until sweep_stuck_runs,
 * 60 s later). Once the replaced pool's stop() settles, its locks are released again.
 * Real database (own test database); the pools are stand-ins whose stop() the test controls.
 * Decided by events and rows, no clock.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import type { Runner } from 'graphile-worker';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from './support/app.ts';
import { superviseWorker } from '../src/worker/supervisor.ts';
import type { StartWorkerOptions } from '../src/worker/worker.ts';

let app: TestApp;
before(async () => {
  app = await createTestApp('supervisor_retired');
});
after(async () => {
  await app?.close();
});

interface FakePool {
  runner: Runner;
  letStop: () => void;
  events: EventEmitter;
}

function fakePool(id: string): FakePool {
  let letStop!: () => void;
  const stopped = new Promise<void>((r) => (letStop = r));
  const events = new EventEmitter();
  const runner = { promise: stopped, events, stellarPoolId: id, stop: () => stopped } as unknown as Runner;
  return { runner, letStop, events };
}

test('a replaced pool that locks a job before it stops: its lock is released once it has stopped', async () => {
  const db = app.handle.db;
  const pools = [fakePool('pool-a'), fakePool('pool-b')];
  let started = 0;
  const worker = await superviseWorker({
    handle: app.handle,
    log: app.log,
    initialDelayMs: 1,
    maxDelayMs: 1,
    start: async () => pools[started++].runner,
  } as unknown as StartWorkerOptions & { start: (o: StartWorkerOptions) => Promise<Runner> });
  try {
    await worker.ready;
    assert.equal(worker.status().poolId, 'pool-a');
    // A worker of pool A exits with a connection error: the supervisor replaces the pool.
    const secondPool = once(worker.events, 'started');
    pools[0].events.emit('worker:stop', { error: new Error('Connection terminated unexpectedly') });
    const [{ poolId }] = await secondPool;
    assert.equal(poolId, 'pool-b');
    // Pool A, asked to stop but not yet stopped, locks one more job (the race).
    await sql`select graphile_worker.add_job('finish_run', json_build_object('runId', '00000000-0000-0000-0000-000000000000'), job_key := 'race')`.execute(db);
    await sql`update graphile_worker._private_jobs set locked_by = 'pool-a', locked_at = now() where key = 'race'`.execute(db);
    const released = once(worker.events, 'released');
    pools[0].letStop();
    const [event] = await released;
    assert.deepEqual(event, { poolId: 'pool-a', unlockedJobs: 1 });
    const { rows } = await sql<{ locked_by: string | null }>`select locked_by from graphile_worker._private_jobs where key = 'race'`.execute(db);
    assert.equal(rows[0].locked_by, null, 'the job is free for pool B at once');
  } finally {
    pools[1].letStop();
    await worker.stop();
  }
});
