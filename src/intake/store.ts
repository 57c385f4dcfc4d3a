/**
 * The fast path of intake: new transcripts are stored and their runs opened in
 * batched SQL statements — group commit. Uploads that arrive while an earlier
 * statement is still in flight wait for the next one and go together: one round
 * trip, one commit and one graphile_worker.add_jobs call for all of them. Under
 * light load a batch is a single upload (no added delay); under a burst the
 * batches grow, so the per-statement costs (round trip, commit, the plpgsql of
 * add_jobs, its NOTIFY) are paid once per batch, not once per upload. On the
 * 2-core benchmark machine those costs were most of the CPU of an upload.
 *
 * Each statement is atomic (data-modifying CTEs): every upload of a batch is
 * stored with its run, stage row and job, or none is — and an upload is answered
 * only after its statement committed. If a statement fails, each upload of the
 * batch is retried on its own statement, so one bad row cannot fail others.
 *
 * It writes exactly what ingestTranscript + openRun + queueStages write for a new
 * transcript with the full plan — the same rows in transcripts, pipeline_runs,
 * stage_runs and graphile_worker jobs (key, priority, attempts, flags), from the
 * same rules in src/pipeline/stages.ts; the test "the batched store and
 * ingestTranscript write the same rows" (test/server.test.ts) keeps them equal.
 * Everything else goes to ingestTranscript itself: ?force=true, and the race in
 * which the same new bytes are committed by another statement meanwhile.
 * Owns: those statements and the batching. Must not: validate (accept.ts does, before).
 */
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import type { RunTrigger, TranscriptSource } from '../db/schema.ts';
import { ingestTranscript, sha256, type IngestRequest, type IngestResult } from '../pipeline/ingest.ts';
import { entryStages, isModelStage, MODEL_FLAG, planFor, PRIORITY } from '../pipeline/stages.ts';

const TRIGGER_OF: Record<TranscriptSource, RunTrigger> = { upload: 'upload', api: 'upload', inbox: 'inbox', cli: 'cli', demo: 'cli' };

const PLAN = planFor(null);
const ENTRY = entryStages(PLAN);
/** graphile-worker flags per entry stage, as array literals ('{model}') or null. */
const ENTRY_FLAGS = ENTRY.map((s) => (isModelStage(s) ? `{${MODEL_FLAG}}` : null));

/**
 * Most uploads in one statement, and statements in flight at once per process.
 * One in flight batches best: measured on the 2-core machine (32 connections,
 * 20 KB uploads, server only) 1 → ~990 uploads/s, p99 57 ms, 0.39 ms of
 * PostgreSQL CPU per upload; 2 → ~800/s; 3 → ~800/s; 6 → ~500/s, 1.1 ms.
 */
export const MAX_BATCH = 64;
export const MAX_IN_FLIGHT = 1;

interface Item {
  req: IngestRequest;
  text: string;
  digest: string;
  resolve: (r: IngestResult) => void;
  reject: (e: unknown) => void;
}

interface Row {
  ord: string;
  /** Set on the upload that inserted the transcript (the first of its bytes in the batch). */
  inserted_id: string | null;
  run_id: string | null;
  /** The same new bytes came earlier in this batch: that transcript. */
  batch_transcript_id: string | null;
  /** The bytes were stored before this statement began. */
  existing_id: string | null;
  last_run_id: string | null;
}

/** One statement for a batch; rows in input order (ord is 1-based). */
async function storeBatch(db: Db, items: readonly Item[]): Promise<Row[]> {
  const col = <T>(f: (i: Item) => T) => items.map(f);
  const { rows } = await sql<Row>`
    with input as (
      select * from unnest(
        ${col((i) => i.digest)}::text[], ${col((i) => i.req.fileName)}::text[], ${col((i) => i.req.mediaType ?? null)}::text[],
        ${col((i) => i.text)}::text[], ${col((i) => (i.req.meetingAt ? i.req.meetingAt.toISOString() : null))}::timestamptz[],
        ${col((i) => i.req.rep ?? null)}::text[], ${col((i) => i.req.account ?? null)}::text[], ${col((i) => i.req.source)}::text[],
        ${col((i) => TRIGGER_OF[i.req.source])}::text[], ${col((i) => i.req.priority ?? PRIORITY[i.req.source])}::int[],
        ${col((i) => i.req.maxAttempts)}::int[]
      ) with ordinality as t(sha, file_name, media_type, raw_text, meeting_at, rep, account, source, trigger, priority, max_attempts, ord)
    ), ins as (
      insert into stellar.transcripts (content_sha256, file_name, media_type, raw_text, meeting_at, rep, account, source)
      -- In sha256 order: concurrent batches (other processes) take the unique-index locks in one
      -- global order, so they wait for each other instead of deadlocking.
      select sha, file_name, media_type, raw_text, meeting_at, rep, account, source from input order by sha, ord
      on conflict (content_sha256) do nothing
      returning id, content_sha256
    ), owner as (
      -- The first upload of each new sha256 owns the transcript and its run.
      select distinct on (input.sha) input.*, ins.id as transcript_id
      from input join ins on ins.content_sha256 = input.sha
      order by input.sha, input.ord
    ), run as (
      insert into stellar.pipeline_runs (transcript_id, trigger, stages, priority, reason)
      select transcript_id, trigger, ${PLAN}::text[], priority, null from owner
      returning id, transcript_id, priority
    ), stage_rows as (
      insert into stellar.stage_runs (run_id, stage, status)
      select run.id, s.stage, 'queued' from run, unnest(${ENTRY}::text[]) as s(stage)
    ), jobs as (
      select j.id from graphile_worker.add_jobs(
        array(
          select row(
            -- the payload text exactly as addJobInTx writes it (JSON.stringify)
            s.stage, ('{"runId":"' || run.id || '"}')::json, null::text, null::timestamptz, owner.max_attempts::smallint,
            'stage:' || run.id || ':' || s.stage, run.priority::smallint, s.flags::text[]
          )::graphile_worker.job_spec
          from run join owner on owner.transcript_id = run.transcript_id, unnest(${ENTRY}::text[], ${ENTRY_FLAGS}::text[]) as s(stage, flags)
        ),
        false
      ) as j
    ), settled as (select count(*) as n from jobs)
    select input.ord::text as ord,
           owner.transcript_id as inserted_id,
           run.id as run_id,
           ins.id as batch_transcript_id,
           prior.id as existing_id,
           (select r.id from stellar.pipeline_runs r where r.transcript_id = prior.id order by r.created_at desc limit 1) as last_run_id
    from input
    cross join settled
    left join owner on owner.ord = input.ord
    left join run on run.transcript_id = owner.transcript_id
    left join ins on ins.content_sha256 = input.sha
    left join stellar.transcripts prior on prior.content_sha256 = input.sha
    order by input.ord`.execute(db);
  return rows;
}

class Batcher {
  private queue: Item[] = [];
  private inFlight = 0;

  constructor(private readonly db: Db) {}

  add(req: IngestRequest, text: string): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ req, text, digest: sha256(req.bytes), resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async run(batch: Item[]): Promise<void> {
    let rows: Row[];
    try {
      rows = await storeBatch(this.db, batch);
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      // One statement per upload, so one bad row fails only its own upload.
      await Promise.all(batch.map((item) => storeBatch(this.db, [item]).then((r) => this.settle([item], r), item.reject)));
      return;
    }
    this.settle(batch, rows);
  }

  private settle(batch: Item[], rows: Row[]): void {
    // Uploads of the same new bytes in one batch: the first owns the run, the others are its duplicates.
    const owners = new Map<string, { transcriptId: string; runId: string | null }>();
    for (const [i, item] of batch.entries()) {
      const row = rows[i];
      if (row.inserted_id && row.run_id) owners.set(item.digest, { transcriptId: row.inserted_id, runId: row.run_id });
    }
    for (const [i, item] of batch.entries()) {
      const row = rows[i];
      if (row.inserted_id && row.run_id) {
        item.resolve({ transcriptId: row.inserted_id, runId: row.run_id, duplicate: false });
      } else if (row.batch_transcript_id && owners.has(item.digest)) {
        const o = owners.get(item.digest)!;
        item.resolve({ transcriptId: o.transcriptId, runId: o.runId, duplicate: true });
      } else if (row.existing_id) {
        item.resolve({ transcriptId: row.existing_id, runId: row.last_run_id, duplicate: true });
      } else {
        // Committed by another statement after this one began: ingestTranscript waits for it and answers.
        ingestTranscript(this.db, item.req).then(item.resolve, item.reject);
      }
    }
  }
}

const batchers = new WeakMap<Db, Batcher>();

/** Stores `req` (validated; `text` its decoded content) and opens its run; see the header. */
export function storeTranscript(db: Db, req: IngestRequest, text: string): Promise<IngestResult> {
  if (req.force) return ingestTranscript(db, req);
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = new Batcher(db)));
  return batcher.add(req, text);
}
