/**
 * sweep_stuck_runs (every minute from the crontab): no run stays stuck.
 *
 * 1. Dead workers. graphile-worker leaves a crashed worker's jobs locked for
 *    4 hours. Every worker process beats in stellar.worker_heartbeats under its
 *    graphile-worker pool id (what jobs.locked_by holds). Jobs locked for longer
 *    than STELLAR_WORKER_DEAD_MS by a pool with no beat that recent are unlocked
 *    with graphile_worker.force_unlock_workers(...), and run again elsewhere.
 * 2. Lost jobs. An open stage (queued / running / retrying) of an open run whose
 *    job is gone — deleted, or attempts used up without the stage being settled —
 *    for longer than STELLAR_STUCK_AFTER_MS is re-queued; after
 *    STELLAR_SWEEP_MAX_REQUEUES re-queues of the run it is failed with a reason
 *    instead (its downstream stages are skipped and the run closes).
 * 3. Lost fan-in. A run whose stages have all ended but that has no finish_run
 *    job gets one.
 * Every change goes through the run ledger (src/runs); job keys are spelled there.
 * Owns: deciding what is stuck. Must not: write stage or run rows itself.
 */
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { finishJobKey, lockRun, queueFinish, requeueLostStages, settleStage, stageJobKey, type LedgerOptions } from '../runs/index.ts';
import { isStage, type Stage } from '../pipeline/stages.ts';

export interface SweepOptions {
  /** The clock to judge ages by (tests); default the database's now(). */
  now?: Date;
  deadAfterMs: number;
  stuckAfterMs: number;
  maxRequeues: number;
  ledger: LedgerOptions;
}

export interface SweepResult {
  deadWorkers: string[];
  unlockedJobs: number;
  requeued: { runId: string; stage: string }[];
  failed: { runId: string; stage: string; error: string }[];
  finishQueued: string[];
}

/** Of the given job keys, those with a job that can still run: locked by someone, or with attempts left. */
async function liveKeys(db: Db, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('graphile_worker.jobs')
    .select('key')
    .where('key', 'in', keys)
    .where((eb) => eb.or([eb('locked_by', 'is not', null), eb('attempts', '<', eb.ref('max_attempts'))]))
    .execute();
  return new Set(rows.map((r) => r.key).filter((k): k is string => k !== null));
}

/** Open stages of open runs, quiet since `before`, whose job is gone. */
async function lostStages(db: Db, before: ReturnType<typeof sql>, runId?: string): Promise<{ run_id: string; stage: Stage }[]> {
  let q = db
    .selectFrom('stellar.stage_runs as s')
    .innerJoin('stellar.pipeline_runs as r', 'r.id', 's.run_id')
    .select(['s.run_id', 's.stage'])
    .where('r.finished_at', 'is', null)
    .where('s.status', 'in', ['queued', 'running', 'retrying'])
    .where(sql<boolean>`greatest(s.queued_at, coalesce(s.started_at, s.queued_at)) < ${before}`)
    .orderBy('s.run_id')
    .orderBy('s.id');
  if (runId) q = q.where('s.run_id', '=', runId);
  const open = (await q.execute()).flatMap((r) => (isStage(r.stage) ? [{ run_id: r.run_id, stage: r.stage }] : []));
  const live = await liveKeys(db, open.map((r) => stageJobKey(r.run_id, r.stage)));
  return open.filter((r) => !live.has(stageJobKey(r.run_id, r.stage)));
}

export async function sweepStuckRuns(db: Db, opts: SweepOptions): Promise<SweepResult> {
  const now = opts.now ? sql`${opts.now}::timestamptz` : sql`now()`;
  const deadBefore = sql`(${now} - ${opts.deadAfterMs}::int * interval '1 millisecond')`;
  const stuckBefore = sql`(${now} - ${opts.stuckAfterMs}::int * interval '1 millisecond')`;
  const result: SweepResult = { deadWorkers: [], unlockedJobs: 0, requeued: [], failed: [], finishQueued: [] };

  // 1. Jobs held by workers that stopped beating.
  const dead = await sql<{ worker_id: string; jobs: string }>`
    select j.locked_by as worker_id, count(*) as jobs
    from graphile_worker.jobs j
    where j.locked_by is not null and j.locked_at < ${deadBefore}
      and not exists (
        select 1 from stellar.worker_heartbeats h
        where h.worker_id = j.locked_by and h.stopped_at is null and h.beat_at >= ${deadBefore})
    group by j.locked_by`.execute(db);
  if (dead.rows.length) {
    const ids = dead.rows.map((r) => r.worker_id);
    await db.transaction().execute(async (trx) => {
      await sql`select graphile_worker.force_unlock_workers(${ids}::text[])`.execute(trx);
      await trx.updateTable('stellar.worker_heartbeats').set({ stopped_at: sql`now()` }).where('worker_id', 'in', ids).where('stopped_at', 'is', null).execute();
    });
    result.deadWorkers = ids;
    result.unlockedJobs = dead.rows.reduce((a, r) => a + Number(r.jobs), 0);
  }

  // 2. Open stages of open runs with no job that can still run them.
  const byRun = new Map<string, Stage[]>();
  for (const r of await lostStages(db, stuckBefore)) byRun.set(r.run_id, [...(byRun.get(r.run_id) ?? []), r.stage]);
  for (const [runId, stages] of byRun) {
    await db.transaction().execute(async (trx) => {
      const run = await lockRun(trx, runId);
      if (run.finished_at) return;
      // Re-check under the run lock: a hand-off may have settled a stage meanwhile.
      const still = new Set((await lostStages(trx, stuckBefore, runId)).map((r) => r.stage));
      const open = stages.filter((s) => still.has(s));
      if (open.length === 0) return;
      if (run.sweeps < opts.maxRequeues) {
        await requeueLostStages(trx, run, open, opts.ledger.maxAttempts);
        for (const stage of open) result.requeued.push({ runId, stage });
      } else {
        const error = `stuck: the stage's job was lost and re-queued ${run.sweeps} time(s); given up by sweep_stuck_runs`;
        for (const stage of open) {
          await settleStage(trx, runId, stage, { status: 'failed', error }, opts.ledger);
          result.failed.push({ runId, stage, error });
        }
      }
    });
  }

  // 3. Runs whose stages all ended but whose fan-in job is gone.
  const ended = await db
    .selectFrom('stellar.pipeline_runs as r')
    .select('r.id')
    .where('r.finished_at', 'is', null)
    .where(sql<boolean>`r.created_at < ${stuckBefore}`)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('stellar.stage_runs as s').select('s.id').whereRef('s.run_id', '=', 'r.id').where('s.status', 'in', ['queued', 'running', 'retrying']))),
    )
    .where(sql<boolean>`(select count(*) from stellar.stage_runs s where s.run_id = r.id) >= cardinality(r.stages)`)
    .execute();
  const liveFinish = await liveKeys(db, ended.map((r) => finishJobKey(r.id)));
  for (const { id } of ended.filter((r) => !liveFinish.has(finishJobKey(r.id)))) {
    await db.transaction().execute(async (trx) => {
      const run = await lockRun(trx, id);
      if (run.finished_at) return;
      await queueFinish(trx, run);
      result.finishQueued.push(id);
    });
  }
  return result;
}
