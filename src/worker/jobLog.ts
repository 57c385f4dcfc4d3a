/**
 * Job lifecycle logs as pino JSON lines, from graphile-worker's events: one
 * line when a job starts, succeeds, or fails (and when it has failed for good),
 * with jobId, task, attempt, maxAttempts, durationMs, and the runId /
 * transcriptId / groupKey found in the payload. The stage lines of
 * defineStage.ts add stage, transcriptId and durationMs of the work itself.
 */
import type { Job, WorkerEvents } from 'graphile-worker';
import type { Logger } from '../log.ts';

function context(job: Job): Record<string, unknown> {
  const p = (job.payload ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {
    jobId: job.id,
    task: job.task_identifier,
    attempt: job.attempts,
    maxAttempts: job.max_attempts,
  };
  for (const key of ['runId', 'transcriptId', 'groupKey', 'backfillId'] as const) {
    if (typeof p[key] === 'string') out[key] = p[key];
  }
  if (typeof p.runId === 'string' && /^[a-z_]+$/.test(job.task_identifier) && job.task_identifier !== 'finish_run') out.stage = job.task_identifier;
  return out;
}

export function logJobEvents(events: WorkerEvents, log: Logger): void {
  const started = new Map<string, number>();
  const took = (job: Job) => {
    const t = started.get(job.id);
    return t === undefined ? undefined : Math.round(performance.now() - t);
  };
  events.on('job:start', ({ job }) => {
    started.set(job.id, performance.now());
    log.info(context(job), 'job started');
  });
  events.on('job:success', ({ job }) => {
    log.info({ ...context(job), durationMs: took(job) }, 'job succeeded');
  });
  events.on('job:error', ({ job, error }) => {
    const err = error instanceof Error ? error.message : String(error);
    const willRetry = job.attempts < job.max_attempts;
    log[willRetry ? 'warn' : 'error']({ ...context(job), durationMs: took(job), err, willRetry }, willRetry ? 'job failed; will retry' : 'job failed');
  });
  events.on('job:failed', ({ job, error }) => {
    const err = error instanceof Error ? error.message : String(error);
    log.error({ ...context(job), err }, 'job failed for good (attempts used up)');
  });
  events.on('job:complete', ({ job }) => {
    started.delete(job.id);
  });
}
