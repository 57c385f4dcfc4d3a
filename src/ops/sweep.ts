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
 */
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { addJobInTx } from '../pipeline/handoff.ts';
import { lockRun, queueStages, settleStage } from '../pipeline/runs.ts';
import { isStage } from '../pipeline/stages.ts';

export interface SweepOptions {
  /** The clock to judge ages by (tests); default the database's now(). */
  now?: Date;
  deadAfterMs: number;
  stuckAfterMs: number;
  maxRequeues: number;
  maxAttempts: number;
}

export interface SweepResult {
  deadWorkers: string[];
  unlockedJobs: number;
  requeued: { runId: string; stage: string }[];
  failed: { runId: string; stage: string; error: string }[];
  finishQueued: string[];
}

/** A job that can still run: locked by someone, or with attempts left. */
const liveJob = (keyExpr: ReturnType<typeof sql>) => sql<boolean>`exists (
  select 1 from graphile_worker.jobs j
  where j.key = ${keyExpr} and (j.locked_by is not null or j.attempts < j.max_attempts))`;

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
  const lost = await sql<{ run_id: string; stage: string }>`
    select s.run_id, s.stage
    from stellar.stage_runs s
    join stellar.pipeline_runs r on r.id = s.run_id
    where r.finished_at is null
      and s.status in ('queued', 'running', 'retrying')
      and greatest(s.queued_at, coalesce(s.started_at, s.queued_at)) < ${stuckBefore}
      and not ${liveJob(sql`'stage:' || s.run_id || ':' || s.stage`)}
    order by s.run_id, s.id`.execute(db);
  const byRun = new Map<string, string[]>();
  for (const r of lost.rows) byRun.set(r.run_id, [...(byRun.get(r.run_id) ?? []), r.stage]);
  for (const [runId, stages] of byRun) {
    await db.transaction().execute(async (trx) => {
      const run = await lockRun(trx, runId);
      if (run.finished_at) return;
      // Re-check under the run lock: a hand-off may have settled a stage meanwhile.
      const still = await sql<{ stage: string }>`
        select s.stage from stellar.stage_runs s
        where s.run_id = ${runId}::uuid and s.stage = any(${stages}::text[])
          and s.status in ('queued', 'running', 'retrying')
          and not ${liveJob(sql`'stage:' || s.run_id || ':' || s.stage`)}`.execute(trx);
      const open = still.rows.map((r) => r.stage).filter(isStage);
      if (open.length === 0) return;
      if (run.sweeps < opts.maxRequeues) {
        await queueStages(trx, run, open, opts.maxAttempts);
        await trx.updateTable('stellar.pipeline_runs').set({ sweeps: run.sweeps + 1 }).where('id', '=', runId).execute();
        for (const stage of open) result.requeued.push({ runId, stage });
      } else {
        const error = `stuck: the stage's job was lost and re-queued ${run.sweeps} time(s); given up by sweep_stuck_runs`;
        for (const stage of open) {
          await settleStage(trx, runId, stage, { status: 'failed', error }, opts.maxAttempts);
          result.failed.push({ runId, stage, error });
        }
      }
    });
  }

  // 3. Runs whose stages all ended but whose fan-in job is gone.
  const unfinished = await sql<{ id: string }>`
    select r.id from stellar.pipeline_runs r
    where r.finished_at is null and r.created_at < ${stuckBefore}
      and not exists (select 1 from stellar.stage_runs s where s.run_id = r.id and s.status in ('queued', 'running', 'retrying'))
      and (select count(*) from stellar.stage_runs s where s.run_id = r.id) >= cardinality(r.stages)
      and not ${liveJob(sql`'finish_run:' || r.id`)}`.execute(db);
  for (const { id } of unfinished.rows) {
    await db.transaction().execute(async (trx) => {
      const run = await lockRun(trx, id);
      if (run.finished_at) return;
      await addJobInTx(trx, 'finish_run', { runId: id }, { priority: run.priority, jobKey: `finish_run:${id}` });
      result.finishQueued.push(id);
    });
  }
  return result;
}
