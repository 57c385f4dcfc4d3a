/**
 * daily_digest: "report X after all transcripts are processed". The digest of
 * a UTC day covers the runs created that day; it is written only once every
 * one of them has ended. While some are still in flight at its time, the task
 * re-queues itself STELLAR_DIGEST_RECHECK_MINUTES later (job key
 * `daily_digest:<day>`), at most STELLAR_DIGEST_MAX_CHECKS times; after the
 * last check it reports anyway, with complete = false and a note naming what
 * was still open. One stellar.daily_digests row per day (a re-run replaces it).
 */
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Config } from '../config/index.ts';
import { sendReportMail } from './mail.ts';
import type { Digest } from '../db/reportShapes.ts';

const DAY = 86_400_000;

export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The day a digest run at `now` reports on: the previous UTC day. */
export function reportedDay(now: Date): string {
  return utcDay(new Date(now.getTime() - DAY));
}
export type { Digest };

export type DigestOutcome =
  | { status: 'deferred'; day: string; inFlight: number; checks: number; runAt: Date }
  | { status: 'reported'; day: string; digest: Digest; complete: boolean; note: string | null; checks: number; emailed: boolean };

export interface DigestDeps {
  now: Date;
  /** Queues the next check (the task passes graphile-worker's addJob). */
  requeue(payload: { day: string; checks: number }, runAt: Date, jobKey: string): Promise<void>;
}

function bounds(day: string): [Date, Date] {
  const start = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(start.getTime()) || utcDay(start) !== day) throw new Error(`not a day (YYYY-MM-DD): ${day}`);
  return [start, new Date(start.getTime() + DAY)];
}

export async function runsInFlight(db: Db, day: string): Promise<number> {
  const [start, end] = bounds(day);
  const row = await db
    .selectFrom('stellar.pipeline_runs')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('created_at', '>=', start)
    .where('created_at', '<', end)
    .where('finished_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function computeDigest(db: Db, day: string): Promise<Digest> {
  const [start, end] = bounds(day);
  const received = await db
    .selectFrom('stellar.transcripts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('received_at', '>=', start)
    .where('received_at', '<', end)
    .executeTakeFirstOrThrow();
  const runs = await db
    .selectFrom('stellar.pipeline_runs')
    .select(['status', 'trigger', 'created_at', 'started_at', 'finished_at'])
    .where('created_at', '>=', start)
    .where('created_at', '<', end)
    .execute();
  const byStatus: Record<string, number> = {};
  const byTrigger: Record<string, number> = {};
  const durations: number[] = [];
  for (const r of runs) {
    const status = r.finished_at ? r.status : 'in flight';
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    byTrigger[r.trigger] = (byTrigger[r.trigger] ?? 0) + 1;
    if (r.finished_at) durations.push(new Date(r.finished_at).getTime() - new Date(r.started_at ?? r.created_at).getTime());
  }
  const failures = await db
    .selectFrom('stellar.stage_runs as s')
    .innerJoin('stellar.pipeline_runs as r', 'r.id', 's.run_id')
    .select(['s.stage', (eb) => eb.fn.countAll<string>().as('count'), sql<string | null>`(array_agg(s.error order by s.finished_at))[1]`.as('first_error')])
    .where('r.created_at', '>=', start)
    .where('r.created_at', '<', end)
    .where('s.status', '=', 'failed')
    .groupBy('s.stage')
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('s.stage')
    .execute();
  return {
    day,
    transcriptsReceived: Number(received.n),
    runs: { total: runs.length, byStatus, byTrigger },
    meanRunSeconds: durations.length ? Math.round(durations.reduce((a, b) => a + b, 0) / durations.length / 10) / 100 : null,
    stageFailures: failures.map((f) => ({ stage: f.stage, count: Number(f.count), firstError: f.first_error })),
    inFlight: runs.filter((r) => !r.finished_at).length,
  };
}

export function renderDigest(d: Digest, note: string | null): string {
  const lines = [`Stellar daily digest — ${d.day} (UTC)`, ''];
  if (note) lines.push(`NOTE: ${note}`, '');
  lines.push(`transcripts received: ${d.transcriptsReceived}`);
  lines.push(`runs: ${d.runs.total} (${Object.entries(d.runs.byStatus).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'})`);
  lines.push(`by trigger: ${Object.entries(d.runs.byTrigger).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  lines.push(`mean run time: ${d.meanRunSeconds === null ? 'n/a' : `${d.meanRunSeconds} s`}`);
  lines.push(`stage failures: ${d.stageFailures.map((f) => `${f.stage} ${f.count}`).join(', ') || 'none'}`);
  for (const f of d.stageFailures) if (f.firstError) lines.push(`  ${f.stage}: ${f.firstError}`);
  return lines.join('\n');
}

export async function runDailyDigest(db: Db, config: Config, input: { day: string; checks: number }, deps: DigestDeps): Promise<DigestOutcome> {
  const { day } = input;
  const checks = Math.max(1, input.checks);
  bounds(day);
  const inFlight = await runsInFlight(db, day);
  if (inFlight > 0 && checks < config.STELLAR_DIGEST_MAX_CHECKS) {
    const runAt = new Date(deps.now.getTime() + config.STELLAR_DIGEST_RECHECK_MINUTES * 60_000);
    await deps.requeue({ day, checks: checks + 1 }, runAt, `daily_digest:${day}`);
    return { status: 'deferred', day, inFlight, checks, runAt };
  }
  const digest = await computeDigest(db, day);
  const complete = digest.inFlight === 0;
  const note = complete
    ? null
    : `${digest.inFlight} run(s) of the day were still in flight after ${checks} check(s), ${config.STELLAR_DIGEST_RECHECK_MINUTES} min apart; reported anyway`;
  await db
    .insertInto('stellar.daily_digests')
    .values({ day, digest: JSON.stringify(digest), complete, note, checks })
    .onConflict((oc) =>
      oc.column('day').doUpdateSet({ digest: (eb) => eb.ref('excluded.digest'), complete: (eb) => eb.ref('excluded.complete'), note: (eb) => eb.ref('excluded.note'), checks: (eb) => eb.ref('excluded.checks'), created_at: sql`now()` }),
    )
    .execute();
  const emailed = await sendReportMail(config, `Stellar daily digest: ${day}${complete ? '' : ' (incomplete)'}`, renderDigest(digest, note));
  return { status: 'reported', day, digest, complete, note, checks, emailed };
}
