/**
 * Transactional hand-off: queue a job with SQL `graphile_worker.add_job(...)`
 * on the caller's transaction, so the job exists if and only if the work that
 * queued it was committed. (graphile-worker's helpers.addJob uses another
 * connection and would commit on its own.)
 */
import { sql } from 'kysely';
import type { Tx } from '../db/index.ts';
import type { TaskName } from './payloads.ts';

export interface AddJobOptions {
  priority?: number;
  maxAttempts?: number;
  jobKey?: string;
  /** graphile-worker's job_key_mode: replace (default), preserve_run_at, unsafe_dedupe. */
  jobKeyMode?: 'replace' | 'preserve_run_at' | 'unsafe_dedupe';
  runAt?: Date;
  queueName?: string;
  flags?: string[];
}

export async function addJobInTx<T extends TaskName>(
  trx: Tx,
  task: T,
  payload: GraphileWorker.Tasks[T],
  opts: AddJobOptions = {},
): Promise<void> {
  await sql`select graphile_worker.add_job(
      ${task}::text,
      ${JSON.stringify(payload)}::json,
      queue_name := ${opts.queueName ?? null}::text,
      run_at := ${opts.runAt ?? null}::timestamptz,
      max_attempts := ${opts.maxAttempts ?? null}::int,
      job_key := ${opts.jobKey ?? null}::text,
      priority := ${opts.priority ?? null}::int,
      flags := ${opts.flags ?? null}::text[],
      job_key_mode := ${opts.jobKeyMode ?? 'replace'}::text
    )`.execute(trx);
}
