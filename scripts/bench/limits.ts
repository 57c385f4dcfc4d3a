/**
 * Benchmark (issue 5): the cross-process model-call limit under load.
 *
 * 200 transcripts, a scripted model server that answers every call after
 * 200 ms, STELLAR_MAX_MODEL_CALLS=4, two `stellar worker` processes:
 *   - makespan (first ingest to last run closed) against the ideal
 *     (model calls × 200 ms / 4); target ≤ 1.10 × the ideal;
 *   - the same 200 transcripts processed one at a time, in this process, by
 *     the same stage code with no queue (each stage task called directly, in
 *     order, as the seed did); and the ratio of the two.
 * BENCH_LIMITS_N overrides the number of transcripts (quick checks);
 * BENCH_LIMITS_SKIP_SEQUENTIAL=1 skips the one-at-a-time part and
 * BENCH_LIMITS_KEEP_DB=1 keeps the database (diagnostics).
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { admin, dbUrl } from '../bench-support.ts';
import type { JobHelpers } from 'graphile-worker';
import { migrate } from '../../src/db/migrate.ts';
import { openApp } from '../../src/app.ts';
import { ingestTranscript } from '../../src/intake/ingest.ts';
import { waitForRuns } from '../../src/db/queries/runs.ts';
import { buildRuntime } from '../../src/worker/runtime.ts';
import { STAGES } from '../../src/pipeline/stages.ts';
import { taskFactories } from '../../tasks/index.ts';
import { startFakeOllama } from '../../test/support/fakeOllama.ts';
import { pipelineChat } from '../../test/support/modelScript.ts';
import { spawnWorker } from '../../test/support/workers.ts';
import { syntheticTranscript } from '../../test/support/transcripts.ts';

const CALL_MS = 200;
const SLOTS = 4;

export interface LimitsBenchResult {
  title: string;
  markdown: string;
  metrics: Record<string, number>;
}


export async function benchLimits(): Promise<LimitsBenchResult> {
  const n = Number(process.env.BENCH_LIMITS_N ?? 200);
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/stellar';
  const name = `stellar_bench_limits_${randomBytes(3).toString('hex')}`;
  const url = dbUrl(base, name);
  await migrate({ databaseUrl: url });
  const fake = await startFakeOllama({ delayMs: CALL_MS, chat: pipelineChat });
  const env = { STELLAR_PROVIDER: 'ollama', OLLAMA_HOST: fake.url, STELLAR_MAX_MODEL_CALLS: String(SLOTS), OLLAMA_RETRIES: '0', STELLAR_CRONTAB: 'no-crontab' };
  const app = openApp({ DATABASE_URL: url, ...env }, { logLevel: 'silent' });
  try {
    // ---------------------------------------------------------- queued, 2 processes
    const workers = await Promise.all([spawnWorker(url, env, { concurrency: 6 }), spawnWorker(url, env, { concurrency: 6 })]);
    let queued: { makespanMs: number; calls: number; maxInFlight: number; failed: number };
    try {
      const t0 = Date.now();
      const runIds: string[] = [];
      for (let i = 0; i < n; i++) {
        const r = await ingestTranscript(app.handle.db, { bytes: Buffer.from(syntheticTranscript(i)), fileName: `bench-${i}.txt`, source: 'cli', maxAttempts: 3 });
        runIds.push(r.runId!);
      }
      const progress = await waitForRuns(app.handle.db, runIds, { timeoutMs: 30 * 60_000, intervalMs: 50 });
      const last = await app.handle.db
        .selectFrom('stellar.pipeline_runs')
        .select((eb) => eb.fn.max('finished_at').as('last'))
        .where('id', 'in', runIds)
        .executeTakeFirstOrThrow();
      queued = {
        makespanMs: new Date(last.last as Date).getTime() - t0,
        calls: fake.calls(),
        maxInFlight: fake.maxInFlight,
        failed: progress.filter((p) => p.status !== 'succeeded').length,
      };
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }

    // ---------------------------------------------------------- one at a time, no queue
    if (process.env.BENCH_LIMITS_KEEP_DB) console.log(`bench: keeping database ${name}`);
    fake.reset();
    const rt = buildRuntime({ db: app.handle.db, provider: app.provider, config: app.config, log: app.log });
    const helpers = { job: { id: '0', attempts: 1, max_attempts: 3, priority: 5, key: null, created_at: new Date() } } as unknown as JobHelpers;
    const s0 = Date.now();
    let seqFailed = 0;
    for (let i = 0; i < (process.env.BENCH_LIMITS_SKIP_SEQUENTIAL ? 0 : n); i++) {
      // Same bytes: a forced re-ingest opens a new run of the stored transcript.
      const r = await ingestTranscript(app.handle.db, { bytes: Buffer.from(syntheticTranscript(i)), fileName: `bench-${i}.txt`, source: 'cli', maxAttempts: 3, force: true });
      for (const stage of STAGES) await taskFactories[stage](rt)({ runId: r.runId! }, helpers);
      await taskFactories.finish_run(rt)({ runId: r.runId! }, helpers);
      // Hand-offs queued jobs nobody runs here: drop them.
      await dropQueuedJobs(app.handle.pool, r.runId!);
      const run = await app.handle.db.selectFrom('stellar.pipeline_runs').select('status').where('id', '=', r.runId!).executeTakeFirstOrThrow();
      if (run.status !== 'succeeded') seqFailed++;
    }
    const sequentialMs = Date.now() - s0;
    const seqCalls = fake.calls();

    const idealMs = (queued.calls * CALL_MS) / SLOTS;
    const ratio = queued.makespanMs / idealMs;
    const speedup = sequentialMs / queued.makespanMs;
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const markdown = [
      `${n} transcripts; scripted model server answering every call after ${CALL_MS} ms; STELLAR_MAX_MODEL_CALLS=${SLOTS}.`,
      '',
      '| | time | model calls | max calls in flight | runs not succeeded |',
      '| --- | --- | --- | --- | --- |',
      `| queued: 2 \`stellar worker\` processes × concurrency 6 | ${s(queued.makespanMs)} | ${queued.calls} | ${queued.maxInFlight} | ${queued.failed} |`,
      `| ideal: calls × ${CALL_MS} ms / ${SLOTS} | ${s(idealMs)} | | | |`,
      `| one at a time, in-process, same stage code, no queue | ${s(sequentialMs)} | ${seqCalls} | 1 | ${seqFailed} |`,
      '',
      `Makespan / ideal: **${ratio.toFixed(3)}×** (target ≤ 1.10×). Queued vs one at a time: **${speedup.toFixed(2)}×** faster.`,
    ].join('\n');
    return {
      title: `Model-call limit: ${n} transcripts, ${CALL_MS} ms model, STELLAR_MAX_MODEL_CALLS=${SLOTS}`,
      markdown,
      metrics: { transcripts: n, makespanMs: queued.makespanMs, idealMs, ratio, modelCalls: queued.calls, maxInFlight: queued.maxInFlight, sequentialMs, speedup },
    };
  } finally {
    await app.close();
    await fake.close();
    if (!process.env.BENCH_LIMITS_KEEP_DB) await admin(base, `drop database if exists ${name} with (force)`);
  }
}

async function dropQueuedJobs(pool: pg.Pool, runId: string): Promise<void> {
  await pool.query(`delete from graphile_worker._private_jobs where key like 'stage:' || $1 || ':%' or key = 'finish_run:' || $1`, [runId]);
}
