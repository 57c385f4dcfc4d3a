/**
 * What the dashboard shows, read from Postgres in a few small queries (the
 * server's own connection; the page is rendered on the server).
 * Owns: the dashboard's read queries. Must not: render or change anything.
 */
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import type { AlertsTable, RunStatus, RunTrigger, RunsPerHourRow, StageStatsRow, StageStatus } from '../db/schema.ts';
import type { RepWeekMetrics } from '../ops/weekly.ts';

export interface RunRow {
  id: string;
  transcript_id: string;
  file_name: string;
  trigger: RunTrigger;
  status: RunStatus;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  error: string | null;
  stages_total: number;
  stages_done: number;
  stages_failed: number;
}

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

export interface QueueRow {
  task_identifier: string;
  waiting: number;
  scheduled: number;
  running: number;
  failed: number;
  total: number;
  next_run_at: Date | null;
}

export interface HourRow {
  hour: Date;
  total: number;
  succeeded: number;
  failed: number;
  partial: number;
  open: number;
}

export interface AlertRow {
  id: string;
  kind: AlertsTable['kind'];
  stage: string | null;
  run_id: string | null;
  error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export interface WeeklyRow {
  rep: string;
  week_start: string;
  metrics: RepWeekMetrics;
  created_at: Date;
}

export interface StageStatRow {
  stage: string;
  total: number;
  succeeded: number;
  failed: number;
  skipped: number;
  p50_duration_ms: number | null;
  p95_duration_ms: number | null;
  p50_queue_wait_ms: number | null;
}

/** Stage runs of run `r` (the outer query's alias) in the given states, counted. */
function stagesOfRunIn(statuses: readonly StageStatus[]) {
  return sql<number>`(select count(*) from stellar.stage_runs s where s.run_id = r.id and s.status in (${sql.join(statuses)}))::int`;
}

const DONE: readonly StageStatus[] = ['succeeded', 'failed', 'skipped'];

export async function recentRuns(db: Db, limit = 25): Promise<RunRow[]> {
  return db
    .selectFrom((eb) => eb.selectFrom('stellar.pipeline_runs').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).as('r'))
    .innerJoin('stellar.transcripts as t', 't.id', 'r.transcript_id')
    .select(['r.id', 'r.transcript_id', 't.file_name', 'r.trigger', 'r.status', 'r.created_at', 'r.started_at', 'r.finished_at', 'r.error'])
    .select([sql<number>`cardinality(r.stages)`.as('stages_total'), stagesOfRunIn(DONE).as('stages_done'), stagesOfRunIn(['failed']).as('stages_failed')])
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id')
    .execute();
}

export async function runById(db: Db, runId: string): Promise<RunRow | undefined> {
  return db
    .selectFrom('stellar.pipeline_runs as r')
    .innerJoin('stellar.transcripts as t', 't.id', 'r.transcript_id')
    .select(['r.id', 'r.transcript_id', 't.file_name', 'r.trigger', 'r.status', 'r.created_at', 'r.started_at', 'r.finished_at', 'r.error'])
    .select([sql<number>`cardinality(r.stages)`.as('stages_total'), stagesOfRunIn(DONE).as('stages_done'), stagesOfRunIn(['failed']).as('stages_failed')])
    .where('r.id', '=', runId)
    .executeTakeFirst();
}

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

export async function queueDepth(db: Db): Promise<QueueRow[]> {
  return db.selectFrom('stellar_api.queue_depth').selectAll().orderBy('total', 'desc').orderBy('task_identifier').execute();
}

export async function runsPerHour(db: Db, hours = 24): Promise<HourRow[]> {
  return db.selectFrom(sql<RunsPerHourRow>`stellar_api.runs_per_hour(${hours}::int)`.as('h')).selectAll().execute();
}

export async function recentAlerts(db: Db, limit = 10): Promise<AlertRow[]> {
  return db
    .selectFrom('stellar_api.alerts')
    .select(['id', 'kind', 'stage', 'run_id', 'error', 'created_at', 'sent_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function stageStats(db: Db): Promise<StageStatRow[]> {
  return db
    .selectFrom(sql<StageStatsRow>`stellar_api.stage_stats(now() - interval '24 hours', now())`.as('s'))
    .select(['stage', 'total', 'succeeded', 'failed', 'skipped', 'p50_duration_ms', 'p95_duration_ms', 'p50_queue_wait_ms'])
    .execute();
}

/** The latest week's rows of stellar.weekly_reports, or null while that table does not exist (sql/030). */
export async function latestWeeklyReport(db: Db): Promise<WeeklyRow[] | null> {
  const { rows: exists } = await sql<{ t: string | null }>`select to_regclass('stellar.weekly_reports')::text as t`.execute(db);
  if (!exists[0]?.t) return null;
  return db
    .selectFrom('stellar.weekly_reports')
    .select(['rep', sql<string>`week_start::text`.as('week_start'), 'metrics', 'created_at'])
    .where('week_start', '=', (eb) => eb.selectFrom('stellar.weekly_reports').select((e) => e.fn.max('week_start').as('max')))
    .orderBy('rep')
    .execute();
}

export interface DashboardData {
  runs: RunRow[];
  latest: { run: RunRow; stages: StageRow[] } | null;
  failures: FailureRow[];
  queue: QueueRow[];
  hours: HourRow[];
  alerts: AlertRow[];
  stats: StageStatRow[];
  weekly: WeeklyRow[] | null;
  now: Date;
}

export async function dashboardData(db: Db): Promise<DashboardData> {
  const [runs, failures, queue, hours, alerts, stats, weekly] = await Promise.all([
    recentRuns(db),
    recentFailures(db),
    queueDepth(db),
    runsPerHour(db),
    recentAlerts(db),
    stageStats(db),
    latestWeeklyReport(db),
  ]);
  const first = runs[0];
  const latest = first ? { run: first, stages: await stagesOfRun(db, first.id) } : null;
  return { runs, latest, failures, queue, hours, alerts, stats, weekly, now: new Date() };
}
