/** Following runs while they work: stage counts per run, until every run has ended. */
import type { Db } from '../index.ts';
import type { RunStatus } from '../schema.ts';

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
export async function waitForRuns(
  db: Db,
  runIds: readonly string[],
  opts: { timeoutMs?: number; intervalMs?: number; onTick?: (p: RunProgress[]) => void } = {},
): Promise<RunProgress[]> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30 * 60_000);
  for (;;) {
    const progress = await runProgress(db, runIds);
    opts.onTick?.(progress);
    if (progress.every((p) => FINAL_RUN_STATUSES.includes(p.status))) return progress;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${progress.filter((p) => !FINAL_RUN_STATUSES.includes(p.status)).length} run(s)`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
  }
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
