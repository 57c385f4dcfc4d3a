/**
 * The run ledger: every transition of a pipeline run and of its stages —
 * open (batched), queue, running, retrying, settle (succeeded / failed /
 * skipped, with the stages it blocks), re-queue (the retry button and the
 * sweeper), fan-in and close. Every writer of runs goes through here:
 * defineStage, finish_run, intake, reprocessing, the sweeper, the dashboard.
 *
 * Functions that change state take the caller's transaction, so bookkeeping
 * and the stage's output commit together. The run row is locked (FOR NO KEY
 * UPDATE) by every transition, which serialises the hand-offs and the fan-in of
 * one run. Alerts arrive through a hook passed in (LedgerOptions.onAlert): the
 * ledger knows nothing of how alerts are stored or sent.
 * Owns: stellar.pipeline_runs and stellar.stage_runs writes, the run's jobs.
 * Must not: read stage outputs, or import alerts, workers or tasks.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import type { PipelineRun, RunStatus, RunTrigger, Transcript } from '../db/schema.ts';
import { blockedInPlan, entryStages, FAN_OUT_STAGES, isModelStage, isStage, MODEL_FLAG, planFor, stagePriority, successorsInPlan, type Stage } from '../pipeline/stages.ts';
import { addJobInTx, addJobsInTx } from './handoff.ts';
import { finishJobKey, stageJobKey } from './keys.ts';

/** What the ledger reports for an alert; the hook decides how it is stored and sent. */
export interface RunAlert {
  kind: 'stage_failed' | 'run_failed';
  runId: string;
  transcriptId: string;
  stage?: string | null;
  error: string | null;
}
export type AlertHook = (trx: Tx, alert: RunAlert) => Promise<unknown>;

export interface LedgerOptions {
  /** graphile-worker attempts of each stage job (STELLAR_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** Called, in the transaction, when a stage fails for good or a run ends failed. */
  onAlert?: AlertHook;
}

/** Statuses of a stage that has not ended. */
const OPEN = ['queued', 'running', 'retrying'] as const;
/** The error of a stage skipped because an earlier one did not succeed. */
const NOT_RUN = 'not run:';

export interface OpenRunItem {
  transcriptId: string;
  trigger: RunTrigger;
  priority: number;
  /** graphile-worker attempts of each of the run's stage jobs. */
  maxAttempts: number;
  /** Named stages; the plan is them plus everything downstream (none: all stages). */
  stages?: readonly string[] | null;
  /** The exact plan (pipeline order) instead; reprocess adds missing upstream stages this way. */
  plan?: readonly Stage[];
  reason?: string | null;
  /** Operations (sql/030): the backfill, and the job that opened the run (reprocess_transcript). */
  backfillId?: string | null;
  jobId?: string | null;
  jobKey?: string | null;
}

/** Opens runs and queues their entry stages, in the caller's transaction: three statements for any number of runs. */
export async function openRuns(trx: Tx, items: readonly OpenRunItem[]): Promise<PipelineRun[]> {
  if (items.length === 0) return [];
  // Ids made here, so each item finds its run whatever order RETURNING gives.
  const byId = new Map<string, OpenRunItem>(items.map((item) => [randomUUID(), item]));
  const runs = await trx
    .insertInto('stellar.pipeline_runs')
    .values(
      [...byId].map(([id, item]) => ({
        id,
        transcript_id: item.transcriptId,
        trigger: item.trigger,
        stages: item.plan ? [...item.plan] : planFor(item.stages),
        priority: item.priority,
        reason: item.reason ?? null,
        backfill_id: item.backfillId ?? null,
        job_id: item.jobId ?? null,
        job_key: item.jobKey ?? null,
      })),
    )
    .returningAll()
    .execute();
  await queueStages(trx, runs.map((run) => ({ run, stages: entryStages(run.stages.filter(isStage)), maxAttempts: byId.get(run.id)?.maxAttempts ?? 1 })));
  return runs;
}

export async function openRun(trx: Tx, item: OpenRunItem): Promise<PipelineRun> {
  const [run] = await openRuns(trx, [item]);
  return run;
}

/**
 * Sets stage rows to queued (fresh: no times, no error) and adds their jobs,
 * keyed, in ONE statement (the upsert in a WITH, graphile_worker.add_jobs in
 * its SELECT): one round trip for a hand-off to any number of stages.
 */
async function queueStages(trx: Tx, batch: readonly { run: PipelineRun; stages: readonly Stage[]; maxAttempts: number }[]): Promise<void> {
  const rows = batch.flatMap(({ run, stages, maxAttempts }) => stages.map((stage) => ({ run, stage, maxAttempts })));
  if (rows.length === 0) return;
  const upsert = trx
    .insertInto('stellar.stage_runs')
    // clock_timestamp(), not now(): the hand-off is the end of its transaction, and queued_at → started_at
    // should measure the wait for a worker, not the stage's own store step (issue 11).
    .values(rows.map(({ run, stage }) => ({ run_id: run.id, stage, status: 'queued' as const, queued_at: sql<Date>`clock_timestamp()` })))
    .onConflict((oc) =>
      oc.columns(['run_id', 'stage']).doUpdateSet({ status: 'queued', queued_at: sql`clock_timestamp()`, started_at: null, finished_at: null, duration_ms: null, error: null, permanent: null }),
    );
  await addJobsInTx(
    trx,
    rows.map(({ run, stage, maxAttempts }) => ({
      task: stage,
      payload: { runId: run.id },
      jobKey: stageJobKey(run.id, stage),
      priority: stagePriority(run.priority, stage),
      maxAttempts,
      // Model stages carry a flag so a worker can skip them while it waits for model-call slots (src/worker/limiter.ts).
      flags: isModelStage(stage) ? [MODEL_FLAG] : undefined,
    })),
    upsert,
  );
}

/**
 * Locks the run row. FOR NO KEY UPDATE, not FOR UPDATE: a stage's store step
 * has already inserted output rows whose foreign key to the run takes FOR KEY
 * SHARE on it; FOR UPDATE would wait for the other fan-out stages' key-share
 * locks while they wait for ours (deadlock). NO KEY UPDATE still excludes
 * every other lockRun caller.
 */
export async function lockRun(trx: Tx, runId: string): Promise<PipelineRun> {
  return trx.selectFrom('stellar.pipeline_runs').selectAll().where('id', '=', runId).forNoKeyUpdate().executeTakeFirstOrThrow();
}

/**
 * Marks a stage as started, in ONE statement (issue 11: a hand-off costs round
 * trips): the run row is locked first (FOR NO KEY UPDATE, the order every
 * transition takes), then the stage row goes to running and a queued run to
 * running. Returns the run row as it is now, or 'already-final' when the stage
 * is no longer open (another attempt settled it). Its own statement, committed
 * at once, so progress is visible while the stage works.
 */
export async function markStageRunning(db: Db, runId: string, stage: Stage, attempt: number): Promise<PipelineRun | 'already-final'> {
  const { rows } = await sql<PipelineRun & { marked: boolean }>`
    with run as (
      select * from stellar.pipeline_runs where id = ${runId} for no key update
    ), st as (
      update stellar.stage_runs set status = 'running', attempt = ${attempt}, started_at = now(), finished_at = null
      where run_id = (select id from run) and stage = ${stage} and status in (${sql.join([...OPEN])})
      returning id
    ), upd as (
      update stellar.pipeline_runs set status = 'running', started_at = now()
      where id = (select id from run) and status = 'queued' and exists (select 1 from st)
      returning *
    )
    select upd.*, true as marked from upd
    union all
    select run.*, exists (select 1 from st) as marked from run where not exists (select 1 from upd)`.execute(db);
  const row = rows[0];
  if (!row) throw new Error(`no run ${runId}`);
  const { marked, ...run } = row;
  return marked ? run : 'already-final';
}

/** A transcript without its text: what every stage gets (only parse reads the text, src/db/queries/outputs.ts rawTextOf). */
export type TranscriptHead = Omit<Transcript, 'raw_text'>;

/**
 * The run's transcript without its text (read beside markStageRunning, on another connection: no
 * wait between the two). The text can be megabytes; eight of the nine stages never look at it.
 */
export async function transcriptOfRun(db: Db, runId: string): Promise<TranscriptHead> {
  return db
    .selectFrom('stellar.transcripts as t')
    .innerJoin('stellar.pipeline_runs as r', 'r.transcript_id', 't.id')
    .select(['t.id', 't.content_sha256', 't.file_name', 't.media_type', 't.format', 't.meeting_at', 't.rep', 't.account', 't.source', 't.received_at'])
    .where('r.id', '=', runId)
    .executeTakeFirstOrThrow();
}

/** An attempt failed and graphile-worker will retry it: the stage shows `retrying` with the error. */
export async function markStageRetrying(db: Db, runId: string, stage: Stage, error: string): Promise<void> {
  await db.updateTable('stellar.stage_runs').set({ status: 'retrying', error }).where('run_id', '=', runId).where('stage', '=', stage).where('status', '=', 'running').execute();
}

export interface StageOutcome {
  status: 'succeeded' | 'failed' | 'skipped';
  error?: string | null;
  /** Failed only: the error was permanent (src/pipeline/errors.ts isPermanent), so a retry would fail the same way. */
  permanent?: boolean;
  provider?: string | null;
  model?: string | null;
  agentVersion?: string | null;
}

export class StageAlreadySettledError extends Error {
  constructor(runId: string, stage: string) {
    super(`stage ${stage} of run ${runId} was already settled`);
    this.name = 'StageAlreadySettledError';
  }
}

export interface SettleOptions extends LedgerOptions {
  /**
   * Commit the caller's transaction without waiting for its WAL flush (synchronous_commit off for this
   * transaction only, by stellar.commit_without_flush() in the settle statement: no extra round trip;
   * sql/085). For a stage's hand-off inside
   * its job (defineStage): graphile-worker completes the job afterwards in a transaction of its own
   * that does wait for the flush, and a flush covers every earlier commit; so if PostgreSQL crashes
   * before it, the hand-off and the completion are lost together and the job runs again (nothing is
   * half-done). The wait saved is the successor's (issue 11: ~7 ms of a hand-off on this machine).
   */
  commitWithoutFlush?: boolean;
}

/**
 * Records a stage's end and hands off, in the caller's transaction:
 * succeeded → queue its planned successors; failed/skipped → the stages
 * downstream of it are skipped. When nothing of the plan is left open,
 * finish_run is queued — exactly once, because the run row is locked and the
 * job key is unique.
 */
export async function settleStage(trx: Tx, runId: string, stage: Stage, outcome: StageOutcome, opts: SettleOptions): Promise<void> {
  // One statement: lock the run row (first, as every transition does), then close the stage row.
  const { rows } = await sql<PipelineRun & { settled: boolean; without_flush?: boolean }>`
    with run as (
      select * from stellar.pipeline_runs where id = ${runId} for no key update
    ), st as (
      update stellar.stage_runs set
        status = ${outcome.status},
        finished_at = now(),
        duration_ms = greatest(0, (extract(epoch from now() - coalesce(started_at, now())) * 1000)::int),
        error = ${outcome.error ?? null},
        permanent = ${outcome.status === 'failed' ? (outcome.permanent ?? false) : null},
        provider = ${outcome.provider ?? null},
        model = ${outcome.model ?? null},
        agent_version = ${outcome.agentVersion ?? null}
      where run_id = (select id from run) and stage = ${stage} and status in (${sql.join([...OPEN])})
      returning id
    )
    select run.*, exists (select 1 from st) as settled${opts.commitWithoutFlush ? sql`, stellar.commit_without_flush() as without_flush` : sql``} from run`.execute(trx);
  const row = rows[0];
  if (!row) throw new Error(`no run ${runId}`);
  const { settled, without_flush: _flush, ...run } = row;
  // Another attempt already settled this stage: roll back so its output is not stored twice.
  if (!settled) throw new StageAlreadySettledError(runId, stage);
  if (outcome.status === 'failed') {
    // Failed for good (only called with 'failed' once retries are over): one alert, same transaction.
    await opts.onAlert?.(trx, { kind: 'stage_failed', runId, transcriptId: run.transcript_id, stage, error: outcome.error ?? null });
  }
  const plan = run.stages.filter(isStage);
  if (outcome.status === 'succeeded') {
    const next = successorsInPlan(stage, plan);
    // Successors queued: they are open, so the run cannot be done — no count needed.
    if (next.length > 0) return queueStages(trx, [{ run, stages: next, maxAttempts: opts.maxAttempts }]);
  } else await skipStages(trx, runId, blockedInPlan(stage, plan), `${NOT_RUN} ${stage} ${outcome.status}`);
  await queueFinishIfDone(trx, run);
}

/** Marks stages skipped because an earlier one did not succeed. A row still 'queued' here was reset by requeueStage and waits for that stage: skip it again. */
async function skipStages(trx: Tx, runId: string, stages: readonly Stage[], error: string): Promise<void> {
  if (stages.length === 0) return;
  await trx
    .insertInto('stellar.stage_runs')
    .values(stages.map((s) => ({ run_id: runId, stage: s, status: 'skipped' as const, error, finished_at: sql<Date>`now()` })))
    .onConflict((oc) =>
      oc
        .columns(['run_id', 'stage'])
        .doUpdateSet({ status: 'skipped', error: sql`excluded.error`, finished_at: sql`now()`, started_at: null, duration_ms: null })
        .where(sql.ref('stellar.stage_runs.status'), '=', 'queued'),
    )
    .execute();
}

/** Queues the fan-in job (key finish_run:<run>, so at most one waits). */
export async function queueFinish(trx: Tx, run: PipelineRun): Promise<void> {
  await addJobInTx(trx, 'finish_run', { runId: run.id }, { priority: stagePriority(run.priority, 'finish_run'), jobKey: finishJobKey(run.id) });
}

/**
 * Queues finish_run when every stage of the plan has ended, in one statement
 * (the count and the conditional add_job). Call with the run row locked, in a
 * statement after the one that took the lock: it must see what the other
 * stages of the run committed while this one waited.
 */
async function queueFinishIfDone(trx: Tx, run: PipelineRun): Promise<void> {
  await sql`
    select graphile_worker.add_job('finish_run'::text, ${JSON.stringify({ runId: run.id })}::json,
      priority := ${stagePriority(run.priority, 'finish_run')}::int, job_key := ${finishJobKey(run.id)}::text, job_key_mode := 'replace'::text)
    from (
      select count(*) as rows, count(*) filter (where status in (${sql.join([...OPEN])})) as open
      from stellar.stage_runs where run_id = ${run.id}
    ) c
    where c.open = 0 and c.rows >= ${run.stages.length}`.execute(trx);
}

/** The run's final status from its stages: any core stage failed → failed; a fan-out stage failed or skipped → partial. */
export function runStatusFromStages(stages: { stage: string; status: string }[]): RunStatus {
  const isFanOut = (s: { stage: string }) => isStage(s.stage) && FAN_OUT_STAGES.includes(s.stage);
  const core = stages.filter((s) => !isFanOut(s));
  if (core.some((s) => s.status === 'failed' || s.status === 'skipped')) return 'failed';
  if (stages.some((s) => s.status === 'failed')) return stages.some((s) => s.status === 'succeeded' && isFanOut(s)) ? 'partial' : 'failed';
  if (stages.some((s) => s.status === 'skipped')) return 'partial';
  return 'succeeded';
}

/** Closes a run exactly once. Returns the final status, or null when it was already closed. */
export async function closeRun(trx: Tx, runId: string, opts: Pick<LedgerOptions, 'onAlert'>): Promise<{ status: RunStatus; error: string | null } | null> {
  const run = await lockRun(trx, runId);
  if (run.finished_at) return null;
  const stages = await trx.selectFrom('stellar.stage_runs').select(['stage', 'status', 'error']).where('run_id', '=', runId).execute();
  const status = runStatusFromStages(stages);
  const problems = stages.filter((s) => s.status === 'failed' || (s.status === 'skipped' && s.error && !s.error.startsWith(NOT_RUN)));
  const error = problems.length ? problems.map((s) => `${s.stage}: ${s.error ?? s.status}`).join('; ') : null;
  await trx
    .updateTable('stellar.pipeline_runs')
    .set({ status, error, finished_at: sql`now()`, started_at: sql`coalesce(started_at, now())` })
    .where('id', '=', runId)
    .execute();
  // A failed stage already raised its own alert; a run that failed otherwise (e.g. a core stage skipped) raises one here.
  if (status === 'failed' && !stages.some((s) => s.status === 'failed')) {
    await opts.onAlert?.(trx, { kind: 'run_failed', runId, transcriptId: run.transcript_id, error: error ?? 'run failed' });
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
  const downstream = blockedInPlan(stage, plan);
  let reset: Stage[] = [];
  if (downstream.length > 0) {
    const rows = await trx
      .updateTable('stellar.stage_runs')
      .set({ status: 'queued', attempt: 0, queued_at: sql`now()`, started_at: null, finished_at: null, duration_ms: null, error: null })
      .where('run_id', '=', runId)
      .where('stage', 'in', downstream)
      .where('status', '=', 'skipped')
      .where('error', 'like', `${NOT_RUN}%`)
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
  await queueStages(trx, [{ run, stages: [stage], maxAttempts }]);
  return { stage, reset };
}

/** The sweeper found open stages whose jobs are gone: queue them again and count the re-queue on the run. Run row locked by the caller. */
export async function requeueLostStages(trx: Tx, run: PipelineRun, stages: readonly Stage[], maxAttempts: number): Promise<void> {
  await queueStages(trx, [{ run, stages, maxAttempts }]);
  await trx.updateTable('stellar.pipeline_runs').set({ sweeps: run.sweeps + 1 }).where('id', '=', run.id).execute();
}
