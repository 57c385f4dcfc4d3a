/**
 * Worker heartbeat: while a worker pool runs, its process upserts one row of
 * stellar.worker_heartbeats every few seconds (sql/010_intake.sql). GET /healthz
 * reports the age of the newest beat. graphile-worker 0.18 has no table of live
 * workers of its own (jobs.locked_by names a worker only while it holds a job),
 * hence this table. Owns: writing beats. Must not: decide health (routes/health.ts).
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Logger } from '../log.ts';

export const HEARTBEAT_INTERVAL_MS = 5_000;

export interface Heartbeat {
  workerId: string;
  /** Stops beating and marks the row stopped (best effort). Safe to call twice. */
  stop(): Promise<void>;
}

export function startHeartbeat(db: Db, opts: { concurrency: number; log?: Logger; intervalMs?: number; workerId?: string }): Heartbeat {
  // startWorker passes graphile-worker's pool id (what jobs.locked_by holds), so
  // sweep_stuck_runs can unlock the jobs of a worker that stopped beating.
  const workerId = opts.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  let inFlight: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const beat = () => {
    inFlight = db
      .insertInto('stellar.worker_heartbeats')
      .values({ worker_id: workerId, hostname: hostname(), pid: process.pid, concurrency: opts.concurrency })
      .onConflict((oc) => oc.column('worker_id').doUpdateSet({ beat_at: sql`now()` }))
      .execute()
      .catch((err: unknown) => opts.log?.warn({ err }, 'worker heartbeat not recorded'));
  };
  beat();
  // Rows of processes gone for a week are of no use to anyone.
  void db
    .deleteFrom('stellar.worker_heartbeats')
    .where('beat_at', '<', sql<Date>`now() - interval '7 days'`)
    .execute()
    .catch(() => {});
  const timer = setInterval(beat, opts.intervalMs ?? HEARTBEAT_INTERVAL_MS);
  timer.unref();
  return {
    workerId,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await inFlight;
      await db
        .updateTable('stellar.worker_heartbeats')
        .set({ stopped_at: sql`now()` })
        .where('worker_id', '=', workerId)
        .execute()
        .catch(() => {});
    },
  };
}
