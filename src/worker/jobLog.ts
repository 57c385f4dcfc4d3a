/**
 * Job lifecycle logs as pino JSON lines, from graphile-worker's events: the
 * project's ONE info line per job — when it succeeds, or (warn/error) when it
 * fails, and when it has failed for good — with jobId, task, attempt,
 * maxAttempts, durationMs, and the runId / transcriptId / groupKey found in the
 * payload. "job started" and the stage lines of defineStage.ts are debug, as
 * are graphile-worker's own lines (worker.ts). Housekeeping that runs every
 * minute (QUIET_TASKS) logs its success at debug too: an idle server writes
 * nothing at info (issue 13); a sweep that changed something warns itself.
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

/** Scheduled housekeeping whose successful runs are logged at debug only. */
export const QUIET_TASKS: ReadonlySet<string> = new Set(['sweep_stuck_runs']);

export function logJobEvents(events: WorkerEvents, log: Logger): void {
  const started = new Map<string, number>();
  const took = (job: Job) => {
    const t = started.get(job.id);
    return t === undefined ? undefined : Math.round(performance.now() - t);
  };
  events.on('job:start', ({ job }) => {
    started.set(job.id, performance.now());
    log.debug(context(job), 'job started');
  });
  events.on('job:success', ({ job }) => {
    log[QUIET_TASKS.has(job.task_identifier) ? 'debug' : 'info']({ ...context(job), durationMs: took(job) }, 'job succeeded');
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
