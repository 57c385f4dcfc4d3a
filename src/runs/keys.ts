/**
 * The job keys of a run's jobs, spelled once. A key makes a duplicate hand-off
 * (a retried transaction, a re-queue) replace the waiting job instead of adding
 * a second one; the sweeper finds a stage's job by the same key.
 * Owns: the key formats. Must not: touch the database.
 */
import type { Stage } from '../pipeline/stages.ts';

/** The job that runs one stage of one run. */
export function stageJobKey(runId: string, stage: Stage): string {
  return `stage:${runId}:${stage}`;
}

/** The fan-in job that closes a run (exactly once). */
export function finishJobKey(runId: string): string {
  return `finish_run:${runId}`;
}
