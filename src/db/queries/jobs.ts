/**
 * Reads of the queue and the workers: queue depth per task (stellar_api.queue_depth)
 * and the newest worker heartbeat.
 * Owns: those queries. Must not: add, change or unlock jobs.
 */
import { sql } from 'kysely';
import type { Db } from '../index.ts';

export interface QueueRow {
  task_identifier: string;
  waiting: number;
  scheduled: number;
  running: number;
  failed: number;
  total: number;
  next_run_at: Date | null;
}

export async function queueDepth(db: Db): Promise<QueueRow[]> {
  const { rows } = await sql<QueueRow>`select * from stellar_api.queue_depth order by total desc, task_identifier`.execute(db);
  return rows;
}

/** A round trip to the database (health checks). */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

export interface HeartbeatSummary {
  last: Date | null;
  age_ms: number | null;
  live: string;
}

/** The newest beat of a running worker, its age, and how many beat within `maxAgeMs`. */
export async function heartbeatSummary(db: Db, maxAgeMs: number): Promise<HeartbeatSummary | undefined> {
  const { rows } = await sql<HeartbeatSummary>`
    select max(beat_at) as last,
           (extract(epoch from now() - max(beat_at)) * 1000)::float8 as age_ms,
           count(*) filter (where beat_at > now() - make_interval(secs => ${maxAgeMs / 1000})) as live
    from stellar.worker_heartbeats where stopped_at is null`.execute(db);
  return rows[0];
}
