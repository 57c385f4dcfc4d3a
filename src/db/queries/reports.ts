/**
 * Reads of stored reports (weekly analytics).
 * Owns: those queries. Must not: compute reports (src/ops does).
 */
import { sql } from 'kysely';
import type { Db } from '../index.ts';
import type { RepWeekMetrics } from '../schema.ts';

export interface WeeklyRow {
  rep: string;
  week_start: string;
  metrics: RepWeekMetrics;
  created_at: Date;
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

/** The last `weeks` weeks of stellar.weekly_reports (oldest week first, then by rep), or null while that table does not exist. */
export async function weeklyReportHistory(db: Db, weeks = 8): Promise<WeeklyRow[] | null> {
  const { rows: exists } = await sql<{ t: string | null }>`select to_regclass('stellar.weekly_reports')::text as t`.execute(db);
  if (!exists[0]?.t) return null;
  const starts = await db.selectFrom('stellar.weekly_reports').select(sql<string>`week_start::text`.as('w')).distinct().orderBy('w', 'desc').limit(weeks).execute();
  if (starts.length === 0) return [];
  return db
    .selectFrom('stellar.weekly_reports')
    .select(['rep', sql<string>`week_start::text`.as('week_start'), 'metrics', 'created_at'])
    .where(sql<string>`week_start::text`, 'in', starts.map((s) => s.w))
    .orderBy('week_start')
    .orderBy('rep')
    .execute();
}
