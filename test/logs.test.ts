/**
 * What a worker writes to its log (issue 13): nothing at info while idle; per
 * job exactly one project line at info ("job succeeded", src/worker/jobLog.ts),
 * and graphile-worker's own lines only at debug (src/worker/worker.ts workerLogger);
 * the every-minute sweep_stuck_runs on an idle database writes nothing at info.
 * The worker here is the real pool (startWorker) with a pino logger at debug
 * writing into memory; idleness is counted in poll cycles (graphile-worker's
 * worker:getJob:empty events), not in time.
 * Owns: those checks. Must not: depend on the pipeline's stages (a no-op task is the job).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { quickAddJob, type Runner } from 'graphile-worker';
import { createTestApp, type TestApp } from './support/app.ts';
import { startWorker } from '../src/worker/worker.ts';
import { createTaskList } from '../tasks/index.ts';

interface Line {
  level: number;
  msg: string;
  source?: string;
  jobId?: string;
  task?: string;
}

const INFO = 30;
const DEBUG = 20;

let app: TestApp;
let runner: Runner | null = null;
const lines: Line[] = [];

before(async () => {
  app = await createTestApp('logs');
});
after(async () => {
  await runner?.stop();
  await app?.close();
});

test('idle: no info lines; one job: one project line at info, graphile-worker lines at debug', { timeout: 300_000 }, async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Line);
      done();
    },
  });
  const log = pino({ level: 'debug', base: { app: 'stellar' } }, sink);
  runner = await startWorker({
    handle: app.handle,
    config: app.config,
    provider: app.provider,
    log,
    createTaskList,
    extraTasks: () => ({ cli_log_probe: async () => {} }),
    concurrency: 2,
    crontab: false,
    pollInterval: 50,
  });
  const events = runner.events;

  // Idle for a few poll cycles of every worker of the pool.
  const startedAt = lines.length;
  let polls = 0;
  await new Promise<void>((resolve) => {
    const onEmpty = () => {
      if (++polls >= 10) {
        events.off('worker:getJob:empty', onEmpty);
        resolve();
      }
    };
    events.on('worker:getJob:empty', onEmpty);
  });
  const idle = lines.slice(startedAt);
  assert.deepEqual(idle.filter((l) => l.level >= INFO).map((l) => l.msg), [], `nothing at info or above while idle (${polls} polls)`);

  // One job.
  const before = lines.length;
  const done = new Promise<string>((resolve) => events.once('job:complete', ({ job }) => resolve(job.id)));
  await quickAddJob({ pgPool: app.handle.pool }, 'cli_log_probe', {});
  const jobId = await done;
  // The project's line is written on job:success, before job:complete; graphile-worker's "Completed task" right after.
  const fromWorker = () => lines.slice(before).filter((l) => l.source === 'graphile-worker');
  for (let i = 0; i < 200 && !fromWorker().some((l) => /Completed task/.test(l.msg)); i++) await new Promise((r) => setImmediate(r));
  const forJob = lines.slice(before);
  const info = forJob.filter((l) => l.level >= INFO);
  assert.deepEqual(info.map((l) => [l.msg, l.jobId, l.task]), [['job succeeded', jobId, 'cli_log_probe']], 'exactly one project line at info for the job');
  assert.ok(fromWorker().length >= 1, `graphile-worker's per-job line is written (at debug): ${JSON.stringify(forJob)}`);
  assert.deepEqual([...new Set(fromWorker().map((l) => l.level))], [DEBUG], "graphile-worker's lines are debug only");
  assert.ok(forJob.some((l) => l.msg === 'job started' && l.level === DEBUG), '"job started" is debug');

  // The every-minute housekeeping (crontab: sweep_stuck_runs) on an idle database: its success is debug too.
  const beforeSweep = lines.length;
  const swept = new Promise<string>((resolve) => events.once('job:complete', ({ job }) => resolve(job.task_identifier)));
  await quickAddJob({ pgPool: app.handle.pool }, 'sweep_stuck_runs', {});
  assert.equal(await swept, 'sweep_stuck_runs');
  const sweepLines = lines.slice(beforeSweep);
  assert.deepEqual(sweepLines.filter((l) => l.level >= INFO).map((l) => l.msg), [], 'an idle sweep writes nothing at info');
  assert.ok(sweepLines.some((l) => l.msg === 'job succeeded' && l.task === 'sweep_stuck_runs' && l.level === DEBUG), 'its job line is there, at debug');
});
