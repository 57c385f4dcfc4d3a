/**
 * Transactional hand-off: jobs are queued with SQL `graphile_worker.add_job(s)`
 * on the caller's transaction, so a job exists if and only if the work that
 * queued it was committed. (graphile-worker's helpers.addJob uses another
 * connection and would commit on its own.)
 * Owns: the two ways of adding jobs in a transaction. Must not: decide what to queue.
 */
import { sql, type Compilable, type OperationNodeSource } from 'kysely';
import type { Tx } from '../db/index.ts';
import type { TaskName } from '../pipeline/payloads.ts';

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

/** One job, with every option graphile-worker's add_job has. */
export async function addJobInTx<T extends TaskName>(trx: Tx, task: T, payload: GraphileWorker.Tasks[T], opts: AddJobOptions = {}): Promise<void> {
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

/** A job for addJobsInTx: the task and its payload, checked against GraphileWorker.Tasks. */
export type JobSpec = {
  [T in TaskName]: { task: T; payload: GraphileWorker.Tasks[T]; jobKey: string; priority: number; maxAttempts?: number; flags?: string[] };
}[TaskName];

/**
 * Many keyed jobs in ONE statement (graphile_worker.add_jobs; an existing
 * waiting job with the same key is replaced). The hand-off of a stage to its
 * successors, and intake's batch of new runs, each cost one round trip.
 * `alongside`: a data-modifying query (an INSERT/UPDATE of the caller's) run in
 * the same statement, as its WITH — the ledger's stage rows and their jobs go
 * in one round trip.
 */
export async function addJobsInTx(trx: Tx, jobs: readonly JobSpec[], alongside?: Compilable & OperationNodeSource): Promise<void> {
  if (jobs.length === 0) {
    if (alongside) await sql`${alongside}`.execute(trx);
    return;
  }
  const col = <V>(f: (j: JobSpec) => V) => jobs.map(f);
  const head = alongside ? sql`with alongside as (${alongside}) ` : sql``;
  await sql`${head}select graphile_worker.add_jobs(array(
      select row(t.task, t.payload::json, null::text, null::timestamptz, t.max_attempts::smallint, t.job_key, t.priority::smallint, t.flags::text[])::graphile_worker.job_spec
      from unnest(
        ${col((j) => j.task)}::text[], ${col((j) => JSON.stringify(j.payload))}::text[], ${col((j) => j.maxAttempts ?? null)}::int[],
        ${col((j) => j.jobKey)}::text[], ${col((j) => j.priority)}::int[], ${col((j) => (j.flags?.length ? `{${j.flags.join(',')}}` : null))}::text[]
      ) as t(task, payload, max_attempts, job_key, priority, flags)
    ), false)`.execute(trx);
}
