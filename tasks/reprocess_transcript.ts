/**
 * reprocess_transcript: re-runs the named stages of one transcript and
 * everything downstream of them (all stages when none are named), as a new
 * pipeline run (trigger `reprocess`, or `backfill` with a backfill id).
 * Queued from SQL, e.g. every e-mail draft of the last three months:
 *
 *   select graphile_worker.add_job('reprocess_transcript',
 *     json_build_object('transcriptId', id, 'stages', json_build_array('draft_email')),
 *     job_key := 'reprocess:' || id, priority := 10)
 *   from stellar.transcripts where received_at > now() - interval '3 months';
 *
 * Idempotent per job (src/ops/reprocess.ts): a retry or a duplicate opens no second run.
 */
import type { TaskFactory } from '../src/pipeline/runtime.ts';
import { reprocessTranscript } from '../src/ops/reprocess.ts';

const reprocess: TaskFactory<'reprocess_transcript'> = (rt) => async (payload, helpers) => {
  const { job } = helpers;
  const log = rt.log.child({ task: 'reprocess_transcript', jobId: job.id, transcriptId: payload?.transcriptId, backfillId: payload?.backfillId });
  const outcome = await reprocessTranscript(
    rt.db,
    payload,
    { id: job.id, key: job.key ?? null, createdAt: new Date(job.created_at), priority: job.priority },
    { maxAttempts: rt.config.STELLAR_MAX_ATTEMPTS },
  );
  switch (outcome.status) {
    case 'opened':
      log.info({ runId: outcome.runId, plan: outcome.plan, addedUpstream: outcome.added }, 'reprocess run opened');
      break;
    case 'duplicate':
      log.info({ runId: outcome.runId }, `reprocess skipped: ${outcome.why}`);
      break;
    case 'rejected':
      // Bad input will not get better on retry: log it (and record it on the backfill item) and end the job.
      log.error(`reprocess rejected: ${outcome.why}`);
      break;
  }
};
export default reprocess;
