/**
 * What the dashboard shows, read from Postgres in a few small queries (the
 * server's own connection; the page is rendered on the server).
 * Owns: the dashboard's read queries. Must not: render or change anything.
 */
import { sql } from 'kysely';
import type { Db } from '../index.ts';

export interface RunRow {
  id: string;
  transcript_id: string;
  file_name: string | null;
  trigger: string;
  status: string;
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
  status: string;
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
  file_name: string | null;
  run_status: string;
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
  kind: string;
  stage: string | null;
  run_id: string | null;
  error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export interface WeeklyRow {
  rep: string;
  week_start: string;
  metrics: unknown;
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

export async function recentRuns(db: Db, limit = 25): Promise<RunRow[]> {
  const { rows } = await sql<RunRow>`
    select r.id, r.transcript_id, t.file_name, r.trigger, r.status, r.created_at, r.started_at, r.finished_at, r.error,
           cardinality(r.stages) as stages_total,
           coalesce(s.done, 0)::int as stages_done, coalesce(s.failed, 0)::int as stages_failed
    from (select * from stellar.pipeline_runs order by created_at desc, id limit ${limit}) r
    join stellar.transcripts t on t.id = r.transcript_id
    left join lateral (
      select count(*) filter (where status in ('succeeded', 'failed', 'skipped')) as done,
             count(*) filter (where status = 'failed') as failed
      from stellar.stage_runs where run_id = r.id
    ) s on true
    order by r.created_at desc, r.id`.execute(db);
  return rows;
}

export async function runById(db: Db, runId: string): Promise<RunRow | undefined> {
  const { rows } = await sql<RunRow>`
    select r.id, r.transcript_id, t.file_name, r.trigger, r.status, r.created_at, r.started_at, r.finished_at, r.error,
           cardinality(r.stages) as stages_total,
           (select count(*) from stellar.stage_runs s where s.run_id = r.id and s.status in ('succeeded', 'failed', 'skipped'))::int as stages_done,
           (select count(*) from stellar.stage_runs s where s.run_id = r.id and s.status = 'failed')::int as stages_failed
    from stellar.pipeline_runs r join stellar.transcripts t on t.id = r.transcript_id
    where r.id = ${runId}`.execute(db);
  return rows[0];
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
  const { rows } = await sql<FailureRow>`
    select s.run_id, s.stage, s.error, s.finished_at, s.attempt, t.file_name, r.status as run_status
    from stellar.stage_runs s
    join stellar.pipeline_runs r on r.id = s.run_id
    join stellar.transcripts t on t.id = r.transcript_id
    where s.status = 'failed'
    order by s.finished_at desc nulls last
    limit ${limit}`.execute(db);
  return rows;
}

export async function queueDepth(db: Db): Promise<QueueRow[]> {
  const { rows } = await sql<QueueRow>`select * from stellar_api.queue_depth order by total desc, task_identifier`.execute(db);
  return rows;
}

export async function runsPerHour(db: Db, hours = 24): Promise<HourRow[]> {
  const { rows } = await sql<HourRow>`select * from stellar_api.runs_per_hour(${hours}::int)`.execute(db);
  return rows;
}

export async function recentAlerts(db: Db, limit = 10): Promise<AlertRow[]> {
  const { rows } = await sql<AlertRow>`
    select a.id, a.kind, a.stage, a.run_id, a.error, a.created_at, m.completed_at as sent_at
    from stellar.alerts a left join stellar.alert_messages m on m.id = a.message_id
    order by a.created_at desc, a.id desc limit ${limit}`.execute(db);
  return rows;
}

export async function stageStats(db: Db): Promise<StageStatRow[]> {
  const { rows } = await sql<StageStatRow>`
    select stage, total, succeeded, failed, skipped, p50_duration_ms, p95_duration_ms, p50_queue_wait_ms
    from stellar_api.stage_stats(now() - interval '24 hours', now())`.execute(db);
  return rows;
}

/** The latest week's rows of stellar.weekly_reports, or null while that table does not exist (sql/030). */
export async function latestWeeklyReport(db: Db): Promise<WeeklyRow[] | null> {
  const { rows: exists } = await sql<{ t: string | null }>`select to_regclass('stellar.weekly_reports')::text as t`.execute(db);
  if (!exists[0]?.t) return null;
  const { rows } = await sql<WeeklyRow>`
    select rep, week_start::text as week_start, metrics, created_at
    from stellar.weekly_reports
    where week_start = (select max(week_start) from stellar.weekly_reports)
    order by rep`.execute(db);
  return rows;
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
