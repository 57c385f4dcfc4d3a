/**
 * Turns a stage's three small functions into a graphile-worker task factory,
 * and does, once for every stage, the mechanics around them:
 *   1. mark the stage running (visible at once in stage_runs) — one statement,
 *      beside the transcript read (issue 11: round trips per hand-off);
 *   2. load its input and do the work (model calls) — outside any transaction;
 *   3. in ONE transaction: store the output, settle the stage in the run
 *      ledger, which queues the next stage(s) (or finish_run);
 *   4. on error: let graphile-worker retry with back-off, and when attempts
 *      are used up (or the error is permanent) settle the stage as failed, so
 *      the run never hangs.
 * What a stage runs after, whether it calls a model and its agent version are
 * declared once in the stage registry (stages.ts), not here.
 * Owns: the mechanics of one stage attempt. Must not: write stage_runs itself (src/runs does).
 */
import type { JobHelpers } from 'graphile-worker';
import type { Tx } from '../db/index.ts';
import type { PipelineRun } from '../db/schema.ts';
import { markStageRetrying, markStageRunning, settleStage, StageAlreadySettledError, transcriptOfRun, type TranscriptHead } from '../runs/ledger.ts';
import { errorMessage, isPermanent } from './errors.ts';
import type { Runtime, TaskFactory } from './runtime.ts';
import type { Stage } from './stages.ts';

export interface StageContext {
  run: PipelineRun;
  /** The transcript without its text (parse reads that itself). */
  transcript: TranscriptHead;
  rt: Runtime;
}

/** What a stage's work produced. `skip` means "does not apply to this call", with the reason. */
export interface Produced<O> {
  output: O;
  provider: string;
  model: string;
  agentVersion: string;
}
export type StageResult<O> = Produced<O> | { skip: string };

export interface StageDefinition<I, O> {
  /** Reads the stage's input (outside the transaction). */
  load(ctx: StageContext): Promise<I>;
  /** Does the work; model calls happen here, never inside the transaction. */
  work(input: I, ctx: StageContext): Promise<StageResult<O>>;
  /** Writes the output (with who produced it) on the hand-off transaction. */
  store(trx: Tx, produced: Produced<O>, ctx: StageContext): Promise<void>;
}

export function defineStage<I, O>(stage: Stage, def: StageDefinition<I, O>): TaskFactory<Stage> {
  return (rt) => async (payload, helpers: JobHelpers) => {
    const { runId } = payload;
    const { attempts, max_attempts: maxAttempts } = helpers.job;
    const log = rt.log.child({ runId, stage, attempt: attempts, jobId: helpers.job.id });

    // Mark running (one statement, returns the run) and read the transcript side by side: one round trip of waiting.
    const [run, transcript] = await Promise.all([markStageRunning(rt.db, runId, stage, attempts), transcriptOfRun(rt.db, runId)]);
    if (run === 'already-final') {
      log.debug('stage already settled; nothing to do');
      return;
    }
    const started = performance.now();
    const ctx: StageContext = { run, transcript, rt };
    const stageLog = log.child({ transcriptId: transcript.id });
    stageLog.debug('stage started'); // the job's one info line is jobLog.ts's (issue 13)

    try {
      const input = await def.load(ctx);
      const result = await def.work(input, ctx);
      // The hand-off commits without waiting for its WAL flush: graphile-worker's completion of this job flushes it (SettleOptions).
      const handOff = { ...rt.ledger, commitWithoutFlush: true };
      await rt.db.transaction().execute(async (trx) => {
        if ('skip' in result) return settleStage(trx, runId, stage, { status: 'skipped', error: result.skip }, handOff);
        await def.store(trx, result, ctx);
        await settleStage(trx, runId, stage, { status: 'succeeded', provider: result.provider, model: result.model, agentVersion: result.agentVersion }, handOff);
      });
      stageLog.debug({ durationMs: Math.round(performance.now() - started), outcome: 'skip' in result ? 'skipped' : 'succeeded' }, 'stage ended');
    } catch (err) {
      if (err instanceof StageAlreadySettledError) {
        stageLog.warn('stage was settled by another attempt; output discarded');
        return;
      }
      const message = errorMessage(err);
      const final = isPermanent(err) || attempts >= maxAttempts;
      const durationMs = Math.round(performance.now() - started);
      if (!final) {
        await markStageRetrying(rt.db, runId, stage, `attempt ${attempts}/${maxAttempts}: ${message}`);
        stageLog.warn({ durationMs, err: message }, 'stage attempt failed; will retry');
        throw err; // graphile-worker retries with exponential back-off
      }
      try {
        await rt.db.transaction().execute((trx) => settleStage(trx, runId, stage, { status: 'failed', error: message, permanent: isPermanent(err) }, rt.ledger));
      } catch (settleErr) {
        if (!(settleErr instanceof StageAlreadySettledError)) throw settleErr;
      }
      stageLog.error({ durationMs, err: message, permanent: isPermanent(err) }, 'stage failed for good');
      // Returning ends the job: the failure is recorded in stage_runs and the run settles.
    }
  };
}
