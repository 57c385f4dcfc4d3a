/**
 * Reads of stage runs: one run's stages, recent failures (and grouped by stage
 * and error over a time window), per-stage statistics.
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
  /** Failed stages: whether the error was permanent (sql/082); null otherwise. */
  permanent: boolean | null;
}

export interface FailureRow {
  run_id: string;
  stage: string;
  error: string | null;
  finished_at: Date | null;
  attempt: number;
  file_name: string;
  run_status: RunStatus;
  transcript_id: string;
  /** True when the error was permanent (a retry fails the same way); null for failures older than sql/082. */
  permanent: boolean | null;
}

/** Failed stages of a time window with the same stage, error and permanence. */
export interface FailureGroupRow {
  stage: string;
  error: string | null;
  permanent: boolean | null;
  count: number;
  first_at: Date | null;
  last_at: Date | null;
}

/** A stage's statistics over a window (the columns the dashboard shows). */
export type StageStatRow = Omit<StageStatsRow, 'p95_queue_wait_ms'>;

export async function stagesOfRun(db: Db, runId: string): Promise<StageRow[]> {
  return db
    .selectFrom('stellar.stage_runs')
    .select(['id', 'stage', 'status', 'attempt', 'queued_at', 'started_at', 'finished_at', 'duration_ms', 'error', 'provider', 'model', 'permanent'])
    .where('run_id', '=', runId)
    .orderBy('queued_at')
    .orderBy('id')
    .execute();
}

/** Stages still failed that failed in [since, until), newest first (at most `limit`). */
export async function failuresBetween(db: Db, since: Date, until: Date, limit = 200): Promise<FailureRow[]> {
  return db
    .selectFrom('stellar.stage_runs as s')
    .innerJoin('stellar.pipeline_runs as r', 'r.id', 's.run_id')
    .innerJoin('stellar.transcripts as t', 't.id', 'r.transcript_id')
    .select(['s.run_id', 's.stage', 's.error', 's.finished_at', 's.attempt', 't.file_name', 'r.status as run_status', 'r.transcript_id', 's.permanent'])
    .where('s.status', '=', 'failed')
    .where('s.finished_at', '>=', since)
    .where('s.finished_at', '<', until)
    .orderBy('s.finished_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(limit)
    .execute();
}

/** Stages still failed that failed in [since, until), counted by stage, error and permanence; the largest groups first. */
export async function failureGroups(db: Db, since: Date, until: Date): Promise<FailureGroupRow[]> {
  const rows = await db
    .selectFrom('stellar.stage_runs as s')
    .select((eb) => ['s.stage', 's.error', 's.permanent', eb.fn.countAll<string>().as('count'), eb.fn.min('s.finished_at').as('first_at'), eb.fn.max('s.finished_at').as('last_at')])
    .where('s.status', '=', 'failed')
    .where('s.finished_at', '>=', since)
    .where('s.finished_at', '<', until)
    .groupBy(['s.stage', 's.error', 's.permanent'])
    .orderBy('count', 'desc')
    .orderBy('last_at', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

export async function stageStats(db: Db): Promise<StageStatRow[]> {
  return db
    .selectFrom(sql<StageStatsRow>`stellar_api.stage_stats(now() - interval '24 hours', now())`.as('s'))
    .select(['stage', 'total', 'succeeded', 'failed', 'skipped', 'p50_duration_ms', 'p95_duration_ms', 'p50_queue_wait_ms'])
    .execute();
}
