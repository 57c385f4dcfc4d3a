/**
 * Reads of runs — the one place REST, the CLI and the dashboard get them:
 * a page of runs with their stage states (listRuns), one run with its stages
 * (runDetail), progress while runs work (runProgress, waitForRuns), runs per hour.
 * Owns: those queries. Must not: change anything (writes go through src/runs).
 */
import type pg from 'pg';
import { sql } from 'kysely';
import type { Db } from '../index.ts';
import type { PipelineRun, RunsPerHourRow, RunStatus, RunTrigger } from '../schema.ts';

export interface RunProgress {
  runId: string;
  transcriptId: string;
  status: RunStatus;
  stagesTotal: number;
  stagesEnded: number;
}

export const FINAL_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'partial'];

export async function runProgress(db: Db, runIds: readonly string[]): Promise<RunProgress[]> {
  if (runIds.length === 0) return [];
  const rows = await db
    .selectFrom('stellar.pipeline_runs as r')
    .leftJoin('stellar.stage_runs as s', 's.run_id', 'r.id')
    .select((eb) => [
      'r.id',
      'r.transcript_id',
      'r.status',
      'r.stages',
      eb.fn.count<string>('s.id').filterWhere('s.status', 'in', ['succeeded', 'failed', 'skipped']).as('ended'),
    ])
    .where('r.id', 'in', runIds)
    .groupBy(['r.id', 'r.transcript_id', 'r.status', 'r.stages'])
    .execute();
  return rows.map((r) => ({
    runId: r.id,
    transcriptId: r.transcript_id,
    status: r.status,
    stagesTotal: r.stages.length,
    stagesEnded: Number(r.ended),
  }));
}

/** Polls until every run has ended (or the timeout passes); calls onTick with the latest progress. */
export interface WaitForRunsOptions {
  timeoutMs?: number;
  /** How often progress is read without notifications (and as the safety net with them). */
  intervalMs?: number;
  onTick?: (p: RunProgress[]) => void;
  /**
   * A pool to LISTEN on: progress is read again when a run or stage of one of
   * these runs changes (the NOTIFY of sql/077_graphql_live.sql) instead of on a
   * timer; `intervalMs` (then 5 s by default) only guards against a lost connection.
   */
  listen?: pg.Pool;
}

/** Waits until every run has ended, reading progress on each change (with `listen`) or every intervalMs. */
export async function waitForRuns(db: Db, runIds: readonly string[], opts: WaitForRunsOptions = {}): Promise<RunProgress[]> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30 * 60_000);
  const interval = opts.intervalMs ?? (opts.listen ? 5000 : 250);
  const wanted = new Set(runIds);
  let wake: (() => void) | null = null;
  let changed = false;
  const client = opts.listen ? await opts.listen.connect() : null;
  const onNotice = (n: pg.Notification) => {
    let runId: unknown;
    try { runId = (JSON.parse(n.payload ?? '{}') as { runId?: unknown }).runId; } catch { runId = undefined; }
    if (typeof runId === 'string' && !wanted.has(runId)) return;
    changed = true;
    wake?.();
  };
  try {
    if (client) {
      client.on('notification', onNotice);
      await client.query('listen stellar_run_changed');
    }
    for (;;) {
      changed = false;
      const progress = await runProgress(db, runIds);
      opts.onTick?.(progress);
      if (progress.every((p) => FINAL_RUN_STATUSES.includes(p.status))) return progress;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${progress.filter((p) => !FINAL_RUN_STATUSES.includes(p.status)).length} run(s)`);
      if (changed) continue; // a change arrived while progress was being read
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, Math.min(interval, deadline - Date.now() + 1)));
        wake = () => { clearTimeout(t); resolve(); };
      });
      wake = null;
    }
  } finally {
    if (client) {
      client.off('notification', onNotice);
      await client.query('unlisten stellar_run_changed').catch(() => {});
      client.release();
    }
  }
}

/** A transcript's latest run and its stages (in the order they were queued); null when it has none. */
export async function latestRunOf(db: Db, transcriptId: string) {
  const last = await db.selectFrom('stellar.pipeline_runs').select('id').where('transcript_id', '=', transcriptId).orderBy('created_at', 'desc').executeTakeFirst();
  return last ? runDetail(db, last.id) : null;
}

/** One run (with its transcript's file name) and its stage rows in the order they were queued; null when there is no such run. */
export async function runDetail(db: Db, runId: string) {
  const run = await db
    .selectFrom('stellar.pipeline_runs as r')
    .innerJoin('stellar.transcripts as t', 't.id', 'r.transcript_id')
    .selectAll('r')
    .select('t.file_name')
    .where('r.id', '=', runId)
    .executeTakeFirst();
  if (!run) return null;
  const stages = await db.selectFrom('stellar.stage_runs').selectAll().where('run_id', '=', runId).orderBy('id').execute();
  return { run, stages };
}

export interface RunFilter {
  limit: number;
  status?: readonly RunStatus[];
  trigger?: readonly RunTrigger[];
  since?: Date;
  /** Runs created strictly before this time. */
  until?: Date;
  /** Case-insensitive part of the call's account (the transcript's, else the one its facts name: call_search_attrs). */
  account?: string;
  /** Keyset paging: runs strictly older than this (created_at, id). */
  before?: { createdAt: string; id: string };
  /** Keyset paging backwards: the `limit` runs just newer than this (created_at, id), still listed newest first. */
  after?: { createdAt: string; id: string };
  ids?: readonly string[];
}

export interface RunListItem extends PipelineRun {
  file_name: string;
  /** The call's account (transcripts.account, else the buyer company of its facts), when known. */
  account: string | null;
  /** created_at with microseconds, as text: the exact key for the next page. */
  created_exact: string;
  /** Stage → status, for the stages that have a row. */
  stageStatus: Record<string, string>;
}

/** Runs newest first, each with its file name and its stages' statuses (two queries). */
export async function listRuns(db: Db, f: RunFilter): Promise<RunListItem[]> {
  const desc = !f.after;
  let q = db
    .selectFrom('stellar.pipeline_runs as r')
    .innerJoin('stellar.transcripts as t', 't.id', 'r.transcript_id')
    .leftJoin('stellar.call_search_attrs as a', 'a.transcript_id', 'r.transcript_id')
    .selectAll('r')
    .select(['t.file_name', sql<string | null>`coalesce(t.account, a.account)`.as('account'), sql<string>`to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('created_exact')])
    .orderBy('r.created_at', desc ? 'desc' : 'asc')
    .orderBy('r.id', desc ? 'desc' : 'asc')
    .limit(f.limit);
  if (f.status?.length) q = q.where('r.status', 'in', f.status);
  if (f.trigger?.length) q = q.where('r.trigger', 'in', f.trigger);
  if (f.since) q = q.where('r.created_at', '>=', f.since);
  if (f.until) q = q.where('r.created_at', '<', f.until);
  if (f.account) {
    const pattern = `%${f.account.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql<boolean>`coalesce(t.account, a.account) ilike ${pattern}`);
  }
  if (f.ids) q = f.ids.length ? q.where('r.id', 'in', f.ids) : q.where(sql<boolean>`false`);
  if (f.before) q = q.where(sql<boolean>`(r.created_at, r.id) < (${f.before.createdAt}::timestamptz, ${f.before.id}::uuid)`);
  if (f.after) q = q.where(sql<boolean>`(r.created_at, r.id) > (${f.after.createdAt}::timestamptz, ${f.after.id}::uuid)`);
  const runs = await q.execute();
  if (!desc) runs.reverse();
  const stages = runs.length ? await db.selectFrom('stellar.stage_runs').select(['run_id', 'stage', 'status']).where('run_id', 'in', runs.map((r) => r.id)).execute() : [];
  const byRun = new Map<string, Record<string, string>>();
  for (const s of stages) byRun.set(s.run_id, { ...byRun.get(s.run_id), [s.stage]: s.status });
  return runs.map((r) => ({ ...r, stageStatus: byRun.get(r.id) ?? {} }));
}

/** Runs created in one hour (stellar_api.runs_per_hour). */
export type HourRow = RunsPerHourRow;

/** Runs created per hour over the last `hours` (stellar_api.runs_per_hour). */
export async function runsPerHour(db: Db, hours = 24): Promise<HourRow[]> {
  return db.selectFrom(sql<RunsPerHourRow>`stellar_api.runs_per_hour(${hours}::int)`.as('h')).selectAll().execute();
}
