/**
 * Pipeline-run bookkeeping: open a run and queue its first stages, record
 * each stage's state, hand off to the next stages, and close the run exactly
 * once (fan-in). Every function here that changes state takes the caller's
 * transaction, so bookkeeping and output commit together.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import type { PipelineRun, RunStatus, RunTrigger } from '../db/schema.ts';
import { addJobInTx } from './handoff.ts';
import { recordAlert } from '../alerts/record.ts';
import { maybeRuntime } from './runtime.ts';
import { entryStages, FAN_OUT_STAGES, isModelStage, isStage, MODEL_FLAG, planFor, successorsInPlan, type Stage } from './stages.ts';

export interface OpenRunOptions {
  transcriptId: string;
  trigger: RunTrigger;
  stages?: readonly string[] | null;
  priority: number;
  maxAttempts: number;
  reason?: string | null;
  /** Operations (sql/030): the backfill, and the job that opened the run (reprocess_transcript). */
  backfillId?: string | null;
  jobId?: string | null;
  jobKey?: string | null;
  /** The exact stages to run (pipeline order), instead of planFor(stages); reprocess uses it to add missing upstream stages only. */
  plan?: readonly Stage[];
}

/** Creates a run and queues its entry stage(s) in the caller's transaction. */
export async function openRun(trx: Tx, opts: OpenRunOptions): Promise<PipelineRun> {
  const plan = opts.plan ? [...opts.plan] : planFor(opts.stages);
  const run = await trx
    .insertInto('stellar.pipeline_runs')
    .values({
      transcript_id: opts.transcriptId,
      trigger: opts.trigger,
      stages: plan,
      priority: opts.priority,
      reason: opts.reason ?? null,
      ...(opts.backfillId ? { backfill_id: opts.backfillId } : {}),
      ...(opts.jobId ? { job_id: opts.jobId } : {}),
      ...(opts.jobKey ? { job_key: opts.jobKey } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await queueStages(trx, run, entryStages(plan), opts.maxAttempts);
  return run;
}

/** Inserts the stage_runs rows as queued and adds their jobs, in one transaction. */
export async function queueStages(trx: Tx, run: PipelineRun, stages: readonly Stage[], maxAttempts: number): Promise<void> {
  if (stages.length === 0) return;
  await trx
    .insertInto('stellar.stage_runs')
    .values(stages.map((stage) => ({ run_id: run.id, stage, status: 'queued' as const })))
    .onConflict((oc) =>
      oc.columns(['run_id', 'stage']).doUpdateSet({
        status: 'queued',
        queued_at: sql`now()`,
        started_at: null,
        finished_at: null,
        duration_ms: null,
        error: null,
      }),
    )
    .execute();
  for (const stage of stages) {
    // The job key makes a duplicate hand-off (e.g. a retried transaction) a no-op.
    // Model stages carry a flag so a worker can skip them while it waits for model-call slots (src/ops/limiter.ts).
    await addJobInTx(trx, stage, { runId: run.id }, {
      priority: run.priority,
      maxAttempts,
      jobKey: `stage:${run.id}:${stage}`,
      flags: isModelStage(stage) ? [MODEL_FLAG] : undefined,
    });
  }
}

/**
 * Locks the run row: serialises the hand-offs and the fan-in of one run.
 * FOR NO KEY UPDATE, not FOR UPDATE: a stage's store step has already
 * inserted output rows whose foreign key to the run takes FOR KEY SHARE on
 * it; FOR UPDATE would wait for the other fan-out stages' key-share locks
 * while they wait for ours (deadlock). NO KEY UPDATE still excludes every
 * other lockRun caller.
 */
export async function lockRun(trx: Tx, runId: string): Promise<PipelineRun> {
  return trx.selectFrom('stellar.pipeline_runs').selectAll().where('id', '=', runId).forNoKeyUpdate().executeTakeFirstOrThrow();
}

/** Marks a stage as started (its own small transaction, so progress is visible while it works). */
export async function markStageRunning(db: Db, runId: string, stage: Stage, attempt: number): Promise<'run' | 'already-final'> {
  return db.transaction().execute(async (trx) => {
    const run = await lockRun(trx, runId);
    const row = await trx
      .updateTable('stellar.stage_runs')
      .set({ status: 'running', attempt, started_at: sql`now()`, finished_at: null })
      .where('run_id', '=', runId)
      .where('stage', '=', stage)
      .where('status', 'in', ['queued', 'running', 'retrying'])
      .returning('id')
      .executeTakeFirst();
    if (!row) return 'already-final';
    if (run.status === 'queued') {
      await trx.updateTable('stellar.pipeline_runs').set({ status: 'running', started_at: sql`now()` }).where('id', '=', runId).execute();
    }
    return 'run';
  });
}

export interface StageOutcome {
  status: 'succeeded' | 'failed' | 'skipped';
  error?: string | null;
  provider?: string | null;
  model?: string | null;
  agentVersion?: string | null;
}

/**
 * Records a stage's end and hands off, in the caller's transaction:
 * succeeded → queue its planned successors; failed/skipped → the stages
 * downstream of it are skipped. When nothing of the plan is left open,
 * finish_run is queued — exactly once, because the run row is locked and the
 * job key is unique.
 */
export async function settleStage(trx: Tx, runId: string, stage: Stage, outcome: StageOutcome, maxAttempts: number): Promise<void> {
  const run = await lockRun(trx, runId);
  const updated = await trx
    .updateTable('stellar.stage_runs')
    .set({
      status: outcome.status,
      finished_at: sql`now()`,
      duration_ms: sql`greatest(0, (extract(epoch from now() - coalesce(started_at, now())) * 1000)::int)`,
      error: outcome.error ?? null,
      provider: outcome.provider ?? null,
      model: outcome.model ?? null,
      agent_version: outcome.agentVersion ?? null,
    })
    .where('run_id', '=', runId)
    .where('stage', '=', stage)
    .where('status', 'in', ['queued', 'running', 'retrying'])
    .returning('id')
    .executeTakeFirst();
  // Another attempt already settled this stage: roll back so its output is not stored twice.
  if (!updated) throw new StageAlreadySettledError(runId, stage);
  if (outcome.status === 'failed') {
    // Failed for good (settleStage is only called with 'failed' once retries are over): one alert, same transaction.
    await recordAlert(trx, { kind: 'stage_failed', runId, transcriptId: run.transcript_id, stage, error: outcome.error ?? null }, maybeRuntime()?.config);
  }

  const plan = run.stages.filter(isStage);
  if (outcome.status === 'succeeded') {
    await queueStages(trx, run, successorsInPlan(stage, plan), maxAttempts);
  } else {
    const blocked = successorsInPlan(stage, plan);
    const toSkip = new Set<Stage>();
    const visit = (s: Stage) => {
      toSkip.add(s);
      successorsInPlan(s, plan).forEach(visit);
    };
    blocked.forEach(visit);
    if (toSkip.size > 0) {
      await trx
        .insertInto('stellar.stage_runs')
        .values([...toSkip].map((s) => ({ run_id: runId, stage: s, status: 'skipped' as const, error: `not run: ${stage} ${outcome.status}`, finished_at: sql<Date>`now()` })))
        // A row still 'queued' here was reset by requeueStage and waits for this stage: skip it again.
        .onConflict((oc) =>
          oc
            .columns(['run_id', 'stage'])
            .doUpdateSet({ status: 'skipped', error: sql`excluded.error`, finished_at: sql`now()`, started_at: null, duration_ms: null })
            .where(sql.ref('stellar.stage_runs.status'), '=', 'queued'),
        )
        .execute();
    }
  }
  await finishIfDone(trx, run);
}

export class StageAlreadySettledError extends Error {
  constructor(runId: string, stage: string) {
    super(`stage ${stage} of run ${runId} was already settled`);
    this.name = 'StageAlreadySettledError';
  }
}

/** Queues finish_run when every stage of the plan has ended. Call with the run row locked. */
async function finishIfDone(trx: Tx, run: PipelineRun): Promise<void> {
  const open = await trx
    .selectFrom('stellar.stage_runs')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('run_id', '=', run.id)
    .where('status', 'in', ['queued', 'running', 'retrying'])
    .executeTakeFirstOrThrow();
  const settled = await trx
    .selectFrom('stellar.stage_runs')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('run_id', '=', run.id)
    .executeTakeFirstOrThrow();
  if (Number(open.n) === 0 && Number(settled.n) >= run.stages.length) {
    await addJobInTx(trx, 'finish_run', { runId: run.id }, { priority: run.priority, jobKey: `finish_run:${run.id}` });
  }
}

/** The run's final status from its stages: any core stage failed → failed; a fan-out stage failed or skipped → partial. */
export function runStatusFromStages(stages: { stage: string; status: string }[]): RunStatus {
  const core = stages.filter((s) => !FAN_OUT_STAGES.includes(s.stage as Stage));
  if (core.some((s) => s.status === 'failed' || s.status === 'skipped')) return 'failed';
  if (stages.some((s) => s.status === 'failed')) return stages.some((s) => s.status === 'succeeded' && FAN_OUT_STAGES.includes(s.stage as Stage)) ? 'partial' : 'failed';
  if (stages.some((s) => s.status === 'skipped')) return 'partial';
  return 'succeeded';
}

/** Closes a run exactly once. Returns the final status, or null when it was already closed. */
export async function closeRun(trx: Tx, runId: string): Promise<{ status: RunStatus; error: string | null } | null> {
  const run = await lockRun(trx, runId);
  if (run.finished_at) return null;
  const stages = await trx.selectFrom('stellar.stage_runs').select(['stage', 'status', 'error']).where('run_id', '=', runId).execute();
  const status = runStatusFromStages(stages);
  const problems = stages.filter((s) => s.status === 'failed' || (s.status === 'skipped' && s.error && !s.error.startsWith('not run:')));
  const error = problems.length ? problems.map((s) => `${s.stage}: ${s.error ?? s.status}`).join('; ') : null;
  await trx
    .updateTable('stellar.pipeline_runs')
    .set({ status, error, finished_at: sql`now()`, started_at: sql`coalesce(started_at, now())` })
    .where('id', '=', runId)
    .execute();
  // A failed stage already raised its own alert; a run that failed otherwise (e.g. a core stage skipped) raises one here.
  if (status === 'failed' && !stages.some((s) => s.status === 'failed')) {
    await recordAlert(trx, { kind: 'run_failed', runId, transcriptId: run.transcript_id, error: error ?? 'run failed' }, maybeRuntime()?.config);
  }
  return { status, error };
}

export class RequeueError extends Error {
  constructor(
    readonly code: 'run_not_found' | 'stage_not_found' | 'stage_not_failed',
    message: string,
  ) {
    super(message);
    this.name = 'RequeueError';
  }
}

/**
 * Re-queues a stage that failed for good (the dashboard's retry button), in
 * the caller's transaction: the stage row goes back to queued with its job
 * added (same job key as a normal hand-off), the stages skipped because of it
 * go back to queued (they are queued for real when it succeeds, or skipped
 * again when it fails), and the run is open again (running, no finished_at,
 * no error) so finish_run closes it once more.
 */
export async function requeueStage(trx: Tx, runId: string, stage: Stage, maxAttempts: number): Promise<{ stage: Stage; reset: Stage[] }> {
  const run = await trx.selectFrom('stellar.pipeline_runs').selectAll().where('id', '=', runId).forNoKeyUpdate().executeTakeFirst();
  if (!run) throw new RequeueError('run_not_found', `No run ${runId}.`);
  const row = await trx.selectFrom('stellar.stage_runs').select(['status']).where('run_id', '=', runId).where('stage', '=', stage).executeTakeFirst();
  if (!row) throw new RequeueError('stage_not_found', `Run ${runId} has no stage ${stage}.`);
  if (row.status !== 'failed') throw new RequeueError('stage_not_failed', `Stage ${stage} of run ${runId} is ${row.status}; only a failed stage can be retried.`);

  const plan = run.stages.filter(isStage);
  const downstream = new Set<Stage>();
  const visit = (s: Stage) => successorsInPlan(s, plan).forEach((n) => (downstream.add(n), visit(n)));
  visit(stage);
  let reset: Stage[] = [];
  if (downstream.size > 0) {
    const rows = await trx
      .updateTable('stellar.stage_runs')
      .set({ status: 'queued', attempt: 0, queued_at: sql`now()`, started_at: null, finished_at: null, duration_ms: null, error: null })
      .where('run_id', '=', runId)
      .where('stage', 'in', [...downstream])
      .where('status', '=', 'skipped')
      .where('error', 'like', 'not run:%')
      .returning('stage')
      .execute();
    const again = new Set(rows.map((r) => r.stage));
    reset = plan.filter((s) => again.has(s));
  }
  await trx
    .updateTable('stellar.pipeline_runs')
    .set({ status: 'running', finished_at: null, error: null, started_at: sql`coalesce(started_at, now())` })
    .where('id', '=', runId)
    .execute();
  await trx.updateTable('stellar.stage_runs').set({ attempt: 0 }).where('run_id', '=', runId).where('stage', '=', stage).execute();
  // Resets the row to queued (no times, no error) and adds the job, exactly like a normal hand-off.
  await queueStages(trx, run, [stage], maxAttempts);
  return { stage, reset };
}
