/**
 * Reads of the queue and the workers: queue depth per task (stellar_api.queue_depth)
 * and the newest worker heartbeat.
 * Owns: those queries. Must not: add, change or unlock jobs.
 */
import { sql } from 'kysely';
import type { Db } from '../index.ts';
import type { ApiQueueDepthView } from '../schema.ts';

/** Queue depth of one task (view stellar_api.queue_depth). */
export type QueueRow = ApiQueueDepthView;

export async function queueDepth(db: Db): Promise<QueueRow[]> {
  return db.selectFrom('stellar_api.queue_depth').selectAll().orderBy('total', 'desc').orderBy('task_identifier').execute();
}

/** A round trip to the database (health checks). */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

/** The newest beat of a running worker (null without any), its age, and how many beat within `maxAgeMs`. */
export async function heartbeatSummary(db: Db, maxAgeMs: number) {
  return db
    .selectFrom('stellar.worker_heartbeats')
    .select((eb) => [
      eb.fn.max<Date | null>('beat_at').as('last'),
      sql<number | null>`(extract(epoch from now() - max(beat_at)) * 1000)::float8`.as('age_ms'),
      sql<string>`count(*) filter (where beat_at > now() - make_interval(secs => ${maxAgeMs / 1000}))`.as('live'),
    ])
    .where('stopped_at', 'is', null)
    .executeTakeFirst();
}
