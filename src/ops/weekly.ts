/**
 * weekly_analytics: per rep and per week (Monday 00:00 UTC to the next), from
 * the CURRENT outputs of each call of the week:
 *   calls, mean talk ratio (the seller side's share of talk time, from
 *   coach_call), questions per call (asked by the seller side), top objections
 *   (by type), competitors named (calls naming each), next steps set (from
 *   structure), stage failures (failed stage runs among the runs of the week's
 *   calls, by stage).
 * A call's week is that of its meeting time (the upload's meetingAt, else the
 * time the file itself gave, else when it was received). Its rep is
 * transcripts.rep, else the seller who spoke in the call (call_facts), else
 * "unknown". One stellar.weekly_reports row per rep and week; a re-run replaces
 * it. E-mailed when SMTP is configured.
 */
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Config } from '../config/index.ts';
import type { CallFacts } from '../agents/types.ts';
import type { CoachingMetrics } from '../agents/coaching/metrics.ts';
import { sendReportMail } from './mail.ts';
import type { RepWeekMetrics } from '../db/reportShapes.ts';

const DAY = 86_400_000;

/** Monday 00:00 UTC of the week containing `d`, as YYYY-MM-DD. */
export function weekStartOf(d: Date): string {
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const isoDow = ((new Date(midnight).getUTCDay() + 6) % 7) + 1; // Monday 1 … Sunday 7
  return new Date(midnight - (isoDow - 1) * DAY).toISOString().slice(0, 10);
}

/** The week a run at `now` reports on: the last complete week (the one before the week of `now`). */
export function reportedWeek(now: Date): string {
  return weekStartOf(new Date(now.getTime() - 7 * DAY));
}
export type { RepWeekMetrics };

export interface WeeklyReport {
  rep: string;
  weekStart: string;
  metrics: RepWeekMetrics;
}

interface CallRow {
  id: string;
  rep: string | null;
  facts: CallFacts | null;
  metrics: CoachingMetrics | null;
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** The rep of a call: transcripts.rep, else the seller who spoke, else any seller, else "unknown". */
export function repOf(rep: string | null, facts: CallFacts | null): string {
  if (rep && rep.trim()) return rep.trim();
  const sellers = (facts?.participants ?? []).filter((p) => p.side === 'seller');
  return (sellers.find((p) => p.spoke) ?? sellers[0])?.name ?? 'unknown';
}

export async function computeWeeklyReports(db: Db, weekStart: string): Promise<WeeklyReport[]> {
  if (weekStartOf(new Date(`${weekStart}T00:00:00Z`)) !== weekStart) throw new Error(`not a Monday (YYYY-MM-DD): ${weekStart}`);
  const start = new Date(`${weekStart}T00:00:00Z`);
  const end = new Date(start.getTime() + 7 * DAY);
  const callDate = sql<Date>`coalesce(t.meeting_at, pc.meeting_at, t.received_at)`;
  const rows: CallRow[] = await db
    .with('cur', (q) => q.selectFrom('stellar.current_stage_run').selectAll())
    .selectFrom('stellar.transcripts as t')
    .leftJoin('cur as p', (j) => j.onRef('p.transcript_id', '=', 't.id').on('p.stage', '=', 'parse'))
    .leftJoin('stellar.parsed_calls as pc', 'pc.run_id', 'p.run_id')
    .leftJoin('cur as s', (j) => j.onRef('s.transcript_id', '=', 't.id').on('s.stage', '=', 'structure'))
    .leftJoin('stellar.call_facts as cf', 'cf.run_id', 's.run_id')
    .leftJoin('cur as c', (j) => j.onRef('c.transcript_id', '=', 't.id').on('c.stage', '=', 'coach_call'))
    .leftJoin('stellar.coaching_reports as cr', 'cr.run_id', 'c.run_id')
    .select(['t.id', 't.rep', 'cf.facts', 'cr.metrics'])
    .where(callDate, '>=', start)
    .where(callDate, '<', end)
    .orderBy('t.id')
    .execute();
  if (rows.length === 0) return [];

  const failures = await db
    .selectFrom('stellar.stage_runs as s')
    .innerJoin('stellar.pipeline_runs as r', 'r.id', 's.run_id')
    .select(['r.transcript_id', 's.stage', (eb) => eb.fn.countAll<string>().as('n')])
    .where('s.status', '=', 'failed')
    .where('r.transcript_id', 'in', rows.map((r) => r.id))
    .groupBy(['r.transcript_id', 's.stage'])
    .execute();

  const byRep = new Map<string, CallRow[]>();
  for (const row of rows) {
    const rep = repOf(row.rep, row.facts);
    if (!byRep.has(rep)) byRep.set(rep, []);
    byRep.get(rep)!.push(row);
  }

  const reports: WeeklyReport[] = [];
  for (const [rep, calls] of [...byRep.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const coached = calls.filter((c) => c.metrics?.sides?.seller);
    const objections = new Map<string, number>();
    const competitors = new Map<string, { name: string; calls: number }>();
    let nextSteps = 0;
    for (const c of calls) {
      for (const o of c.facts?.objections ?? []) objections.set(o.type, (objections.get(o.type) ?? 0) + 1);
      const named = new Map<string, string>();
      for (const name of c.facts?.competitors ?? []) if (name.trim()) named.set(name.trim().toLowerCase(), name.trim());
      for (const [key, name] of named) {
        const entry = competitors.get(key) ?? { name, calls: 0 };
        entry.calls++;
        competitors.set(key, entry);
      }
      nextSteps += c.facts?.nextSteps?.length ?? 0;
    }
    const ids = new Set(calls.map((c) => c.id));
    const byStage: Record<string, number> = {};
    for (const f of failures) if (ids.has(f.transcript_id)) byStage[f.stage] = (byStage[f.stage] ?? 0) + Number(f.n);
    reports.push({
      rep,
      weekStart,
      metrics: {
        calls: calls.length,
        coachedCalls: coached.length,
        meanTalkRatio: coached.length ? round(coached.reduce((a, c) => a + c.metrics!.sides.seller.share, 0) / coached.length) : null,
        questionsPerCall: coached.length ? round(coached.reduce((a, c) => a + c.metrics!.sides.seller.questions, 0) / coached.length, 2) : null,
        topObjections: [...objections.entries()]
          .map(([type, count]) => ({ type, count }))
          .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type))
          .slice(0, 5),
        competitors: [...competitors.values()].sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name)),
        nextStepsSet: nextSteps,
        stageFailures: { total: Object.values(byStage).reduce((a, b) => a + b, 0), byStage },
        transcriptIds: [...ids].sort(),
      },
    });
  }
  return reports;
}

export function renderWeeklyReports(weekStart: string, reports: WeeklyReport[]): string {
  const lines = [`Stellar weekly analytics — week of ${weekStart} (UTC)`, ''];
  if (reports.length === 0) lines.push('No calls this week.');
  for (const { rep, metrics: m } of reports) {
    lines.push(`${rep}: ${m.calls} call(s)`);
    lines.push(`  talk ratio (seller side): ${m.meanTalkRatio === null ? 'n/a' : `${Math.round(m.meanTalkRatio * 100)}%`}`);
    lines.push(`  questions per call: ${m.questionsPerCall ?? 'n/a'}`);
    lines.push(`  top objections: ${m.topObjections.map((o) => `${o.type} (${o.count})`).join(', ') || 'none'}`);
    lines.push(`  competitors named: ${m.competitors.map((c) => `${c.name} (${c.calls})`).join(', ') || 'none'}`);
    lines.push(`  next steps set: ${m.nextStepsSet}`);
    lines.push(`  stage failures: ${m.stageFailures.total}${m.stageFailures.total ? ` (${Object.entries(m.stageFailures.byStage).map(([s, n]) => `${s} ${n}`).join(', ')})` : ''}`);
    lines.push('');
  }
  return lines.join('\n');
}

export interface WeeklyRunResult {
  weekStart: string;
  reports: WeeklyReport[];
  emailed: boolean;
}

/** Computes and stores the week's reports (replacing earlier ones of that week), then e-mails them. */
export async function runWeeklyAnalytics(db: Db, config: Config, weekStart: string): Promise<WeeklyRunResult> {
  const reports = await computeWeeklyReports(db, weekStart);
  await db.transaction().execute(async (trx) => {
    // Reps that had calls in an earlier computation of this week but none now must not linger.
    let stale = trx.deleteFrom('stellar.weekly_reports').where(sql<string>`week_start::text`, '=', weekStart);
    if (reports.length) stale = stale.where('rep', 'not in', reports.map((r) => r.rep));
    await stale.execute();
    if (reports.length) {
      await trx
        .insertInto('stellar.weekly_reports')
        .values(reports.map((r) => ({ rep: r.rep, week_start: weekStart, metrics: JSON.stringify(r.metrics) })))
        .onConflict((oc) => oc.columns(['rep', 'week_start']).doUpdateSet({ metrics: (eb) => eb.ref('excluded.metrics'), created_at: sql`now()` }))
        .execute();
    }
  });
  const emailed = reports.length > 0 && (await sendReportMail(config, `Stellar weekly analytics: week of ${weekStart}`, renderWeeklyReports(weekStart, reports)));
  return { weekStart, reports, emailed };
}
