/**
 * Reads of stored reports (weekly analytics).
 * Owns: those queries. Must not: compute reports (src/ops does).
 */
import { sql } from 'kysely';
import type { Db } from '../index.ts';

export interface WeeklyRow {
  rep: string;
  week_start: string;
  metrics: unknown;
  created_at: Date;
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
