/**
 * Reads of stage runs: one run's stages, recent failures, per-stage statistics.
 * Owns: those queries. Must not: change anything (writes go through src/runs).
 */
import { sql } from 'kysely';
import type { Db } from '../index.ts';
import type { RunStatus, StageStatsRow, StageStatus } from '../schema.ts';

export interface StageRow {
  id: string;
  stage: string;
  status: StageStatus;
  attempt: number;
  queued_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  duration_ms: number | null;
  error: string | null;
  provider: string | null;
  model: string | null;
}

export interface FailureRow {
  run_id: string;
  stage: string;
  error: string | null;
  finished_at: Date | null;
  attempt: number;
  file_name: string;
  run_status: RunStatus;
}

/** A stage's statistics over a window (the columns the dashboard shows). */
export type StageStatRow = Omit<StageStatsRow, 'p95_queue_wait_ms'>;

export async function stagesOfRun(db: Db, runId: string): Promise<StageRow[]> {
  return db
    .selectFrom('stellar.stage_runs')
    .select(['id', 'stage', 'status', 'attempt', 'queued_at', 'started_at', 'finished_at', 'duration_ms', 'error', 'provider', 'model'])
    .where('run_id', '=', runId)
    .orderBy('queued_at')
    .orderBy('id')
    .execute();
}

export async function recentFailures(db: Db, limit = 20): Promise<FailureRow[]> {
  return db
    .selectFrom('stellar.stage_runs as s')
    .innerJoin('stellar.pipeline_runs as r', 'r.id', 's.run_id')
    .innerJoin('stellar.transcripts as t', 't.id', 'r.transcript_id')
    .select(['s.run_id', 's.stage', 's.error', 's.finished_at', 's.attempt', 't.file_name', 'r.status as run_status'])
    .where('s.status', '=', 'failed')
    .orderBy(sql`s.finished_at desc nulls last`)
    .limit(limit)
    .execute();
}

export async function stageStats(db: Db): Promise<StageStatRow[]> {
  return db
    .selectFrom(sql<StageStatsRow>`stellar_api.stage_stats(now() - interval '24 hours', now())`.as('s'))
    .select(['stage', 'total', 'succeeded', 'failed', 'skipped', 'p50_duration_ms', 'p95_duration_ms', 'p50_queue_wait_ms'])
    .execute();
}
