/**
 * What the dashboard shows, put together from the read side (src/db/queries):
 * the page is rendered on the server from one DashboardData, and the same
 * object is what `?format=json` answers (the page's refresh redraws from it).
 * Owns: composing the dashboard's data (a page of runs with its links, the
 * failures of a window grouped by stage and error, the weekly report by rep).
 * Must not: query tables itself, render or change anything.
 */
import type { Db } from '../db/index.ts';
import { listRuns, runsPerHour, type HourRow, type RunListItem } from '../db/queries/runs.ts';
import { failureGroups, failuresBetween, stagesOfRun, stageStats, type FailureGroupRow, type FailureRow, type StageRow, type StageStatRow } from '../db/queries/stages.ts';
import { queueDepth, type QueueRow } from '../db/queries/jobs.ts';
import { recentAlerts, type AlertRow } from '../db/queries/alerts.ts';
import { weeklyReportHistory, type WeeklyRow } from '../db/queries/reports.ts';
import type { RepWeekMetrics } from '../db/reportShapes.ts';
import { encodeCursor, FAILURE_WINDOWS, parseDashboardQuery, type DashboardQuery, type FailureWindow } from './query.ts';

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

export async function runById(db: Db, runId: string): Promise<RunRow | undefined> {
  const [run] = await listRuns(db, { limit: 1, ids: [runId] });
  return run && withCounts(run);
}

export { stagesOfRun };

/** One page of runs, newest first, with the cursors of the pages around it (null: no such page). */
export interface RunsPage {
  rows: RunRow[];
  /** Older runs: `?before=`. */
  next: string | null;
  /** Newer runs: `?after=`. */
  prev: string | null;
}

export async function runsPage(db: Db, q: DashboardQuery): Promise<RunsPage> {
  const r = q.runs;
  const base = { status: r.status, trigger: r.trigger, account: r.account ?? undefined, since: r.from ?? undefined, until: r.to ?? undefined };
  const cursorOf = (x: RunRow) => encodeCursor({ createdAt: x.created_exact, id: x.id });
  if (r.after) {
    // Newer than the cursor: listRuns gives them newest first; one more than a page means there are newer still.
    const rows = (await listRuns(db, { ...base, limit: r.limit + 1, after: r.after })).map(withCounts);
    if (rows.length > r.limit) {
      const page = rows.slice(1);
      return { rows: page, prev: cursorOf(page[0]), next: cursorOf(page[page.length - 1]) };
    }
    // Back at the newest runs: that is the first page.
  }
  const rows = (await listRuns(db, { ...base, limit: r.limit + 1, before: r.before ?? undefined })).map(withCounts);
  const page = rows.slice(0, r.limit);
  return {
    rows: page,
    next: rows.length > r.limit ? cursorOf(page[page.length - 1]) : null,
    prev: r.before && page.length ? cursorOf(page[0]) : null,
  };
}

/** Failures with the same stage, error and permanence, with their latest occurrences. */
export interface FailureGroup extends FailureGroupRow {
  occurrences: FailureRow[];
}

export interface FailuresData {
  window: FailureWindow;
  since: Date;
  until: Date;
  total: number;
  groups: FailureGroup[];
}

/** Occurrences listed under each group (the count is of all). */
export const OCCURRENCES_PER_GROUP = 5;

export async function failuresData(db: Db, window: FailureWindow, now: Date): Promise<FailuresData> {
  const since = new Date(now.getTime() - FAILURE_WINDOWS[window]);
  const until = new Date(now.getTime() + 1);
  const [groups, latest] = await Promise.all([failureGroups(db, since, until), failuresBetween(db, since, until, 500)]);
  const key = (stage: string, error: string | null, permanent: boolean | null) => JSON.stringify([stage, error, permanent]);
  const byKey = new Map<string, FailureRow[]>();
  for (const f of latest) {
    const k = key(f.stage, f.error, f.permanent);
    const list = byKey.get(k) ?? [];
    if (list.length < OCCURRENCES_PER_GROUP) list.push(f);
    byKey.set(k, list);
  }
  return {
    window,
    since,
    until,
    total: groups.reduce((n, g) => n + g.count, 0),
    groups: groups.map((g) => ({ ...g, occurrences: byKey.get(key(g.stage, g.error, g.permanent)) ?? [] })),
  };
}

/** The weekly report by rep: the latest week's metrics and each rep's history over the stored weeks. */
export interface WeeklyData {
  /** Week starts (YYYY-MM-DD), oldest first; the last is the latest report. */
  weeks: string[];
  reps: Array<{ rep: string; latest: RepWeekMetrics | null; history: Array<RepWeekMetrics | null> }>;
}

export function weeklyByRep(rows: readonly WeeklyRow[]): WeeklyData {
  const weeks = [...new Set(rows.map((r) => r.week_start))].sort();
  const reps = [...new Set(rows.map((r) => r.rep))].sort((a, b) => a.localeCompare(b));
  const at = new Map(rows.map((r) => [`${r.rep}\u0000${r.week_start}`, r.metrics]));
  return {
    weeks,
    reps: reps.map((rep) => {
      const history = weeks.map((w) => at.get(`${rep}\u0000${w}`) ?? null);
      return { rep, latest: history[history.length - 1], history };
    }),
  };
}

export interface DashboardData {
  runs: RunsPage;
  latest: { run: RunRow; stages: StageRow[] } | null;
  failures: FailuresData;
  queue: QueueRow[];
  hours: HourRow[];
  alerts: AlertRow[];
  stats: StageStatRow[];
  weekly: WeeklyData | null;
  now: Date;
}

export async function dashboardData(db: Db, query: DashboardQuery = parseDashboardQuery({})): Promise<DashboardData> {
  const now = new Date();
  const [runs, failures, queue, hours, alerts, stats, weekly] = await Promise.all([
    runsPage(db, query),
    failuresData(db, query.window, now),
    queueDepth(db),
    runsPerHour(db),
    recentAlerts(db),
    stageStats(db),
    weeklyReportHistory(db, 8),
  ]);
  const first = runs.rows[0];
  const latest = first ? { run: first, stages: await stagesOfRun(db, first.id) } : null;
  return { runs, latest, failures, queue, hours, alerts, stats, weekly: weekly && weeklyByRep(weekly), now };
}
