/**
 * Issue 11, defect 1: PostgreSQL stopped with jobs in flight, then started
 * again. On a cluster of this test's own (test/support/pgCluster.ts), so the
 * restart disturbs no other test. The supervised worker pool
 * (src/worker/supervisor.ts) must not end the process (an unhandled
 * "ECONNREFUSED" from inside graphile-worker used to), must retry with
 * back-off while the database is away, and once it is back must start a new
 * pool that first releases the old pool's locks — so every job runs again at
 * once instead of waiting for sweep_stuck_runs. Decided by events and counts;
 * the timeouts are safety nets only.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { sql } from 'kysely';
import { createCluster, createDatabase, type TestCluster } from './support/pgCluster.ts';
import { migrate } from '../src/db/migrate.ts';
import { openApp, type App } from '../src/app.ts';
import { testTasks } from './support/app.ts';
import { superviseWorker, type SupervisedWorker } from '../src/worker/supervisor.ts';
import { createTaskList } from '../tasks/index.ts';
import { startServices } from '../src/cli/start.ts';

async function health(url: string): Promise<{ status: number; down: string[] }> {
  const res = await fetch(`${url}/healthz`);
  const body = (await res.json()) as { down: string[] };
  return { status: res.status, down: body.down };
}

/** Polls `check` (every 100 ms; the count is only a safety net) until it holds. */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 900; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`never: ${what}`);
}

const JOBS = 4;

describe('worker pool through a PostgreSQL restart', { timeout: 180_000 }, () => {
  let cluster: TestCluster;
  let app: App;
  let worker: SupervisedWorker | undefined;
  before(async () => {
    cluster = await createCluster('wrestart');
    const url = await createDatabase(cluster, 'stellar_restart');
    await migrate({ databaseUrl: url });
    app = openApp({ DATABASE_URL: url, STELLAR_PROVIDER: 'builtin' }, { logLevel: process.env.TEST_LOG_LEVEL ?? 'silent', tasks: testTasks });
  });
  after(async () => {
    await worker?.stop();
    await app?.close();
    await cluster?.drop();
  });

  test('jobs in flight when the database stops run again as soon as it is back; the process survives', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let firstRound = true;
    const startedJobs: string[] = [];
    let allStarted!: () => void;
    const fourStarted = new Promise<void>((r) => (allStarted = r));
    const runsOf = new Map<string, number>();

    worker = await superviseWorker({
      handle: app.handle,
      config: app.config,
      provider: app.provider,
      log: app.log,
      createTaskList,
      concurrency: JOBS,
      crontab: false,
      pollInterval: 100,
      initialDelayMs: 200,
      maxDelayMs: 1000,
      captureUnhandled: true,
      extraTasks: () => ({
        wt_hold: async (_payload, helpers) => {
          runsOf.set(helpers.job.id, (runsOf.get(helpers.job.id) ?? 0) + 1);
          if (!firstRound) return;
          startedJobs.push(helpers.job.id);
          if (startedJobs.length === JOBS) allStarted();
          await gate;
          throw new Error('failing while the database is away');
        },
      }),
    });
    await worker.ready;
    const firstPool = worker.status().poolId;
    assert.ok(firstPool, 'the pool id is known');
    for (let i = 0; i < JOBS; i++) await sql`select graphile_worker.add_job('wt_hold', '{}'::json)`.execute(app.handle.db);
    await fourStarted;

    // The database goes away with four jobs running; they end (fail) while it is away.
    const retrying = once(worker.events, 'retrying');
    await cluster.stop();
    firstRound = false;
    release();
    const [retry] = (await retrying) as [{ error: string; attempt: number }];
    assert.ok(retry.attempt >= 1 && retry.error.length > 0, JSON.stringify(retry));
    assert.notEqual(worker.status().state, 'running');

    // Back: a new pool starts, releasing the old pool's four locks first.
    const restarted = once(worker.events, 'started');
    await cluster.start();
    const [started] = (await restarted) as [{ poolId: string; restarts: number; unlockedJobs: number }];
    assert.ok(started.restarts >= 1);
    assert.notEqual(started.poolId, firstPool);
    assert.equal(started.unlockedJobs, JOBS, 'the old pool held every job; all released at once');
    const stillLocked = await sql<{ n: string }>`select count(*) as n from graphile_worker.jobs where locked_by = ${firstPool}`.execute(app.handle.db);
    assert.equal(Number(stillLocked.rows[0].n), 0);

    // Every job runs again on the new pool and completes.
    for (let i = 0; i < 1000; i++) {
      const { rows } = await sql<{ n: string }>`select count(*) as n from graphile_worker.jobs`.execute(app.handle.db);
      if (Number(rows[0].n) === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const left = await sql<{ n: string }>`select count(*) as n from graphile_worker.jobs`.execute(app.handle.db);
    assert.equal(Number(left.rows[0].n), 0, 'every job completed after the restart');
    assert.deepEqual([...runsOf.values()].sort(), Array(JOBS).fill(2), 'each job ran once before and once after');
    assert.equal(worker.status().state, 'running');
  });

  test('stellar start: the HTTP server stays up through the outage, /healthz names what is down, the worker comes back', async () => {
    await worker?.stop();
    worker = undefined;
    // The worker thread opens its own App from the environment, as `stellar start` does.
    const saved = { DATABASE_URL: process.env.DATABASE_URL, STELLAR_CRONTAB: process.env.STELLAR_CRONTAB, LOG_LEVEL: process.env.LOG_LEVEL };
    process.env.DATABASE_URL = app.config.DATABASE_URL;
    process.env.STELLAR_CRONTAB = 'no-such-crontab';
    process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
    const services = await startServices(app, { server: true, worker: true, port: 0, host: '127.0.0.1', concurrency: 2 });
    try {
      const url = services.server!.url;
      await until('healthy with the worker beating', async () => (await health(url)).status === 200);
      await cluster.stop();
      const during = await health(url);
      assert.equal(during.status, 503);
      assert.ok(during.down.includes('database'), JSON.stringify(during));
      assert.equal((await fetch(`${url}/readyz`)).status, 503);
      await cluster.start();
      // A heartbeat newer than the outage: the supervised pool is running again in the thread.
      const back = new Date();
      await until('the worker beats again after the restart', async () => {
        const { rows } = await sql<{ n: string }>`select count(*) as n from stellar.worker_heartbeats where beat_at > ${back} and stopped_at is null`.execute(app.handle.db);
        return Number(rows[0].n) > 0;
      });
      await until('healthy again', async () => (await health(url)).status === 200);
      assert.deepEqual((await health(url)).down, []);
    } finally {
      await services.stop('test over');
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
