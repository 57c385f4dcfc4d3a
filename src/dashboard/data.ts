/**
 * What the dashboard shows, put together from the read side (src/db/queries):
 * the page is rendered on the server from one DashboardData.
 * Owns: composing the dashboard's data. Must not: query tables itself, render or change anything.
 */
import type { Db } from '../db/index.ts';
import { listRuns, runsPerHour, type HourRow, type RunListItem } from '../db/queries/runs.ts';
import { recentFailures, stagesOfRun, stageStats, type FailureRow, type StageRow, type StageStatRow } from '../db/queries/stages.ts';
import { queueDepth, type QueueRow } from '../db/queries/jobs.ts';
import { recentAlerts, type AlertRow } from '../db/queries/alerts.ts';
import { latestWeeklyReport, type WeeklyRow } from '../db/queries/reports.ts';

export type { AlertRow, FailureRow, HourRow, QueueRow, StageRow, StageStatRow, WeeklyRow };

/** A run as the dashboard lists it: the run, its file and stage counts. */
export interface RunRow extends RunListItem {
  stages_total: number;
  stages_done: number;
  stages_failed: number;
}

function withCounts(r: RunListItem): RunRow {
  const statuses = Object.values(r.stageStatus);
  return {
    ...r,
    stages_total: r.stages.length,
    stages_done: statuses.filter((s) => s === 'succeeded' || s === 'failed' || s === 'skipped').length,
    stages_failed: statuses.filter((s) => s === 'failed').length,
  };
}

export async function recentRuns(db: Db, limit = 25): Promise<RunRow[]> {
  return (await listRuns(db, { limit })).map(withCounts);
}

export async function runById(db: Db, runId: string): Promise<RunRow | undefined> {
  const [run] = await listRuns(db, { limit: 1, ids: [runId] });
  return run && withCounts(run);
}

export { stagesOfRun };

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
