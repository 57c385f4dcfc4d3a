/**
 * Reprocessing and backfills.
 *
 * - reprocessTranscript: what the `reprocess_transcript` task does — open a new
 *   run (trigger `reprocess`, or `backfill` with a backfill id) for the named
 *   stages and everything downstream of them. Upstream stages are not re-run:
 *   their current outputs (src/pipeline/outputs.ts) are the input. A named stage
 *   whose input was never produced (say, the first run failed at parse) brings
 *   the missing upstream stages into the plan. Idempotent per job: the run
 *   records the job id and key; a retried job, or a second job with the same key
 *   while the first one's run is open (or opened after the second was queued),
 *   opens nothing.
 * - planBackfill / createBackfill: what `stellar reprocess` does — pick
 *   transcripts by received time, optionally only the stages whose recorded
 *   agent version differs from the code's, and queue one job per transcript in
 *   ONE transaction with the backfill and its items.
 */
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Provider } from '../agents/types.ts';
import type { ReprocessPayload } from '../pipeline/payloads.ts';
import { openRun } from '../runs/ledger.ts';
import { currentAgentVersions, isStage, planFor, PRIORITY, STAGES, upstreamOf, type Stage } from '../pipeline/stages.ts';
import { isUuid } from '../db/ids.ts';


export interface ReprocessJob {
  id: string;
  key: string | null;
  createdAt: Date;
  priority: number;
}

export type ReprocessOutcome =
  | { status: 'opened'; runId: string; plan: Stage[]; added: Stage[] }
  | { status: 'duplicate'; runId: string; why: string }
  | { status: 'rejected'; why: string };

/** Opens the reprocess run for one job, in one transaction (run, stage rows and entry jobs). */
export async function reprocessTranscript(db: Db, payload: ReprocessPayload, job: ReprocessJob, opts: { maxAttempts: number }): Promise<ReprocessOutcome> {
  const transcriptId = String(payload?.transcriptId ?? '');
  if (!isUuid(transcriptId)) return { status: 'rejected', why: `transcriptId is not a transcript id: ${JSON.stringify(payload?.transcriptId)}` };
  const named = payload.stages == null ? [] : Array.isArray(payload.stages) ? payload.stages.map(String) : null;
  if (named === null) return { status: 'rejected', why: 'stages must be an array of stage names' };
  const unknown = named.filter((s) => !isStage(s));
  if (unknown.length) {
    const why = `unknown stage(s): ${unknown.join(', ')} (known: ${STAGES.join(', ')})`;
    await recordItemError(db, payload, why);
    return { status: 'rejected', why };
  }
  const backfillId = payload.backfillId && isUuid(payload.backfillId) ? payload.backfillId : null;

  return db.transaction().execute(async (trx) => {
    // One reprocess at a time per transcript: the duplicate checks below then see each other's runs.
    const transcript = await trx.selectFrom('stellar.transcripts').select('id').where('id', '=', transcriptId).forUpdate().executeTakeFirst();
    if (!transcript) return { status: 'rejected', why: `no transcript ${transcriptId}` } as const;

    const retried = await trx.selectFrom('stellar.pipeline_runs').select('id').where('job_id', '=', job.id).executeTakeFirst();
    if (retried) return { status: 'duplicate', runId: retried.id, why: `job ${job.id} already opened run ${retried.id}` } as const;
    if (job.key) {
      const same = await trx
        .selectFrom('stellar.pipeline_runs')
        .select(['id', 'finished_at'])
        .where('transcript_id', '=', transcriptId)
        .where('job_key', '=', job.key)
        .where((eb) => eb.or([eb('finished_at', 'is', null), eb('created_at', '>=', job.createdAt)]))
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      if (same) {
        const why = same.finished_at ? `run ${same.id} for job key ${job.key} started after this job was queued` : `run ${same.id} for job key ${job.key} is still open`;
        return { status: 'duplicate', runId: same.id, why } as const;
      }
    }
    let backfill: string | null = null;
    if (backfillId) {
      const item = await trx
        .selectFrom('stellar.backfill_items')
        .select('run_id')
        .where('backfill_id', '=', backfillId)
        .where('transcript_id', '=', transcriptId)
        .executeTakeFirst();
      if (item?.run_id) return { status: 'duplicate', runId: item.run_id, why: `backfill ${backfillId} already ran this transcript` } as const;
      const exists = await trx.selectFrom('stellar.backfills').select('id').where('id', '=', backfillId).executeTakeFirst();
      backfill = exists ? backfillId : null;
    }

    // Inputs the named stages read must exist: bring in the upstream stages that never succeeded.
    const current = new Set(
      (await trx.selectFrom('stellar.current_stage_run').select('stage').where('transcript_id', '=', transcriptId).execute()).map((r) => r.stage),
    );
    const wanted = new Set<Stage>(named as Stage[]);
    const added: Stage[] = [];
    for (const stage of named.length ? (named as Stage[]) : []) {
      for (const up of upstreamOf(stage)) {
        if (!current.has(up) && !wanted.has(up)) {
          wanted.add(up);
          added.push(up);
        }
      }
    }
    // The named stages and everything downstream, plus only the missing upstream stages (not their other branches).
    const downstream = planFor(named);
    const plan = named.length ? STAGES.filter((s) => downstream.includes(s) || wanted.has(s)) : downstream;
    const trigger = backfill ? 'backfill' : 'reprocess';
    const run = await openRun(trx, {
      transcriptId,
      trigger,
      plan,
      // Reprocessing never jumps ahead of uploads and ingests, whatever priority the job was given.
      priority: Math.max(job.priority, PRIORITY[trigger]),
      reason: payload.reason ?? (backfill ? `backfill ${backfill}` : null),
      backfillId: backfill,
      jobId: job.id,
      jobKey: job.key,
      maxAttempts: opts.maxAttempts,
    });
    if (backfill) {
      await trx.updateTable('stellar.backfill_items').set({ run_id: run.id, error: null }).where('backfill_id', '=', backfill).where('transcript_id', '=', transcriptId).execute();
    }
    return { status: 'opened', runId: run.id, plan, added } as const;
  });
}

async function recordItemError(db: Db, payload: ReprocessPayload, why: string): Promise<void> {
  if (!payload.backfillId || !isUuid(payload.backfillId) || !isUuid(String(payload.transcriptId))) return;
  await db
    .updateTable('stellar.backfill_items')
    .set({ error: why })
    .where('backfill_id', '=', payload.backfillId)
    .where('transcript_id', '=', String(payload.transcriptId))
    .where('run_id', 'is', null)
    .execute();
}

// ---------------------------------------------------------------- backfills

export interface BackfillOptions {
  since?: Date | null;
  until?: Date | null;
  /** Stages to re-run (plus downstream). None: all stages (or, with onlyChanged, all that changed). */
  stages?: string[];
  /** Only stages whose recorded agent version (current stage run) differs from the code's. */
  onlyChanged?: boolean;
  reason?: string | null;
}

export interface BackfillPlanItem {
  transcriptId: string;
  fileName: string;
  /** Stages named for this transcript ([] = all). */
  stages: Stage[];
  /** What will run: the named stages and everything downstream. */
  plan: Stage[];
  /** With onlyChanged: which recorded versions differ. */
  changed?: { stage: Stage; recorded: string | null; current: string }[];
}

export interface BackfillPlan {
  candidates: number;
  items: BackfillPlanItem[];
  /** Candidates with nothing to re-run (onlyChanged). */
  unchanged: number;
  /** Transcripts per stage that will run. */
  perStage: Record<string, number>;
  versions?: Map<Stage, string>;
}

export async function planBackfill(db: Db, provider: Provider, opts: BackfillOptions): Promise<BackfillPlan> {
  const named = opts.stages ?? [];
  const unknown = named.filter((s) => !isStage(s));
  if (unknown.length) throw new Error(`unknown stage(s): ${unknown.join(', ')} (known: ${STAGES.join(', ')})`);
  let q = db.selectFrom('stellar.transcripts').select(['id', 'file_name']).orderBy('received_at').orderBy('id');
  if (opts.since) q = q.where('received_at', '>=', opts.since);
  if (opts.until) q = q.where('received_at', '<', opts.until);
  const transcripts = await q.execute();

  const items: BackfillPlanItem[] = [];
  let unchanged = 0;
  let versions: Map<Stage, string> | undefined;
  if (opts.onlyChanged) {
    versions = currentAgentVersions(provider);
    const considered = named.length ? (named as Stage[]) : [...STAGES];
    // The agent version recorded on each current (latest succeeded) stage run.
    let rq = db
      .selectFrom('stellar.current_stage_run as c')
      .innerJoin('stellar.stage_runs as s', (j) => j.onRef('s.run_id', '=', 'c.run_id').onRef('s.stage', '=', 'c.stage'))
      .innerJoin('stellar.transcripts as t', 't.id', 'c.transcript_id')
      .select(['c.transcript_id', 'c.stage', 's.agent_version'])
      .where('c.stage', 'in', considered);
    if (opts.since) rq = rq.where('t.received_at', '>=', opts.since);
    if (opts.until) rq = rq.where('t.received_at', '<', opts.until);
    const recorded = new Map<string, Map<string, string | null>>();
    for (const r of await rq.execute()) {
      if (!recorded.has(r.transcript_id)) recorded.set(r.transcript_id, new Map());
      recorded.get(r.transcript_id)!.set(r.stage, r.agent_version);
    }
    for (const t of transcripts) {
      const mine = recorded.get(t.id);
      // Stages that never succeeded have no recorded version: not "changed" (re-run them by name).
      const changed = considered
        .filter((s) => mine?.has(s) && mine.get(s) !== versions!.get(s))
        .map((s) => ({ stage: s, recorded: mine!.get(s) ?? null, current: versions!.get(s) ?? '' }));
      if (changed.length === 0) {
        unchanged++;
        continue;
      }
      const stages = changed.map((c) => c.stage);
      items.push({ transcriptId: t.id, fileName: t.file_name, stages, plan: planFor(stages), changed });
    }
  } else {
    const plan = planFor(named);
    for (const t of transcripts) items.push({ transcriptId: t.id, fileName: t.file_name, stages: named as Stage[], plan });
  }
  const perStage: Record<string, number> = {};
  for (const item of items) for (const s of item.plan) perStage[s] = (perStage[s] ?? 0) + 1;
  return { candidates: transcripts.length, items, unchanged, perStage, versions };
}

/** Records the backfill and its items and queues one reprocess_transcript job per item, in one transaction. */
export async function createBackfill(db: Db, plan: BackfillPlan, opts: BackfillOptions & { provider?: string; maxAttempts: number }): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const backfill = await trx
      .insertInto('stellar.backfills')
      .values({
        reason: opts.reason ?? null,
        since: opts.since ?? null,
        until: opts.until ?? null,
        stages: opts.stages?.length ? opts.stages : null,
        only_changed: opts.onlyChanged ?? false,
        provider: opts.provider ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < plan.items.length; i += 1000) {
      await trx
        .insertInto('stellar.backfill_items')
        .values(plan.items.slice(i, i + 1000).map((it) => ({ backfill_id: backfill.id, transcript_id: it.transcriptId, stages: it.stages })))
        .execute();
    }
    // One job per item; the key makes queueing the same item twice a no-op.
    await sql`
      select graphile_worker.add_job(
        'reprocess_transcript',
        json_build_object('transcriptId', i.transcript_id, 'stages', to_json(i.stages), 'backfillId', i.backfill_id, 'reason', ${opts.reason ?? null}::text),
        job_key := 'backfill:' || i.backfill_id || ':' || i.transcript_id,
        priority := ${PRIORITY.backfill}::int,
        max_attempts := ${opts.maxAttempts}::int
      )
      from stellar.backfill_items i
      join stellar.transcripts t on t.id = i.transcript_id
      where i.backfill_id = ${backfill.id}::uuid
      order by t.received_at, t.id`.execute(trx);
    return backfill.id;
  });
}
