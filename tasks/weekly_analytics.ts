/**
 * weekly_analytics (crontab: Mondays 06:00 UTC, ?fill=1w): the report of the
 * week before the scheduled time, per rep (src/ops/weekly.ts), stored in
 * stellar.weekly_reports and e-mailed when SMTP is configured. A run missed
 * while no worker was up is back-filled once by graphile-worker (fill) and
 * still reports the week of its own schedule time. `weekStart` in the payload
 * reports a given week instead.
 */
import type { TaskFactory } from '../src/pipeline/runtime.ts';
import { reportedWeek, runWeeklyAnalytics } from '../src/ops/weekly.ts';

const weeklyAnalytics: TaskFactory<'weekly_analytics'> = (rt) => async (payload) => {
  const when = payload?._cron?.ts ? new Date(payload._cron.ts) : new Date();
  const weekStart = payload?.weekStart ?? reportedWeek(when);
  const result = await runWeeklyAnalytics(rt.db, rt.config, weekStart);
  rt.log.info(
    { task: 'weekly_analytics', weekStart, reps: result.reports.length, emailed: result.emailed, backfilled: payload?._cron?.backfilled ?? false },
    'weekly analytics stored',
  );
};
export default weeklyAnalytics;
