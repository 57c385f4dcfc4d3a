/**
 * Intake: store a transcript once (by sha256 of its bytes) and open its run —
 * in one transaction, so a rejected or failed intake stores nothing.
 * Used by the CLI, the HTTP upload and the inbox watcher alike.
 */
import { createHash } from 'node:crypto';
import type { Db, Tx } from '../db/index.ts';
import type { RunTrigger, TranscriptSource } from '../db/schema.ts';
import { isTranscriptParseError, parseTranscript } from '../parsing/index.ts';
import { openRun, openRuns } from '../runs/ledger.ts';
import { PRIORITY } from '../pipeline/stages.ts';

/** A rejected input, with the HTTP status and a stable code for the JSON error body. */
export class IntakeError extends Error {
  constructor(
    readonly status: 400 | 409 | 413 | 415 | 422,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'IntakeError';
  }
}

export interface IngestRequest {
  bytes: Uint8Array;
  fileName: string;
  source: TranscriptSource;
  mediaType?: string | null;
  meetingAt?: Date | null;
  rep?: string | null;
  account?: string | null;
  /** Start a new run even when the same bytes were ingested before. */
  force?: boolean;
  /** Reject (instead of storing and failing the run) input with no speaker turns. */
  requireTurns?: boolean;
  priority?: number;
  maxAttempts: number;
}

export interface IngestResult {
  transcriptId: string;
  runId: string | null;
  duplicate: boolean;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Checks the bytes are a text transcript; returns the decoded text. Throws IntakeError. */
export function decodeTranscript(bytes: Uint8Array, opts: { requireTurns?: boolean; fileName?: string } = {}): string {
  if (bytes.length === 0) throw new IntakeError(422, 'empty_file', 'The file is empty.', 'file');
  if (bytes.includes(0)) throw new IntakeError(415, 'binary_content', 'The file contains NUL bytes: binary content is not a transcript.', 'file');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new IntakeError(422, 'not_utf8', 'The file is not valid UTF-8 text. Save it as UTF-8 and upload again.', 'file');
  }
  if (text.trim().length === 0) throw new IntakeError(422, 'empty_file', 'The file holds only whitespace.', 'file');
  if (opts.requireTurns) {
    try {
      parseTranscript(text, opts.fileName);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // Bad times and malformed cues are refused with their own code, naming the turn or cue and field.
      if (isTranscriptParseError(err) && (err.code === 'invalid_time' || err.code === 'invalid_cue')) {
        const what = err.code === 'invalid_time' ? 'A turn has an invalid time' : 'A cue is malformed';
        throw new IntakeError(422, err.code, `${what}: ${message}.`, err.where ?? 'file');
      }
      throw new IntakeError(422, 'no_turns', `No speaker turns found: ${message}`, 'file');
    }
  }
  return text;
}

const TRIGGER_OF: Record<TranscriptSource, RunTrigger> = { upload: 'upload', api: 'upload', inbox: 'inbox', cli: 'cli', demo: 'cli' };

/** A validated request with its decoded text and sha256. */
export interface PendingTranscript {
  req: IngestRequest;
  text: string;
  digest: string;
}

/**
 * Stores the transcripts whose bytes are new and opens a run for each, in the
 * caller's transaction (three statements for any number: transcripts, then the
 * ledger's openRuns). Per item, in input order: the new transcript and its run;
 * for bytes stored before, or earlier in the same batch, that transcript and
 * its latest run, as a duplicate. The one writer of new transcripts: HTTP
 * uploads (batched, store.ts), the inbox and the CLI all come through here.
 */
export async function insertTranscripts(trx: Tx, items: readonly PendingTranscript[]): Promise<IngestResult[]> {
  // In sha256 order: concurrent batches (other processes) take the unique-index locks in one
  // global order, so they wait for each other instead of deadlocking.
  const order = items.map((item, i) => ({ item, i })).sort((x, y) => (x.item.digest < y.item.digest ? -1 : x.item.digest > y.item.digest ? 1 : x.i - y.i));
  const firstOf = new Map<string, PendingTranscript>();
  for (const { item } of order) if (!firstOf.has(item.digest)) firstOf.set(item.digest, item);
  const inserted = await trx
    .insertInto('stellar.transcripts')
    .values(
      [...firstOf.values()].map(({ req, text, digest }) => ({
        content_sha256: digest,
        file_name: req.fileName,
        media_type: req.mediaType ?? null,
        raw_text: text,
        meeting_at: req.meetingAt ?? null,
        rep: req.rep ?? null,
        account: req.account ?? null,
        source: req.source,
      })),
    )
    .onConflict((oc) => oc.column('content_sha256').doNothing())
    .returning(['id', 'content_sha256'])
    .execute();
  const newId = new Map(inserted.map((r) => [r.content_sha256, r.id]));
  const owners = [...firstOf.values()].filter((item) => newId.has(item.digest));
  const runs = await openRuns(
    trx,
    owners.map(({ req, digest }) => ({ transcriptId: newId.get(digest)!, trigger: TRIGGER_OF[req.source], priority: req.priority ?? PRIORITY[req.source], maxAttempts: req.maxAttempts })),
  );
  const runOf = new Map(runs.map((r) => [r.transcript_id, r.id]));
  // Bytes stored before this transaction (or by one that committed while it waited): that transcript and its latest run.
  const known = [...firstOf.keys()].filter((d) => !newId.has(d));
  const earlier = known.length
    ? await trx
        .selectFrom('stellar.transcripts as t')
        .select((eb) => [
          't.id',
          't.content_sha256',
          eb.selectFrom('stellar.pipeline_runs as r').select('r.id').whereRef('r.transcript_id', '=', 't.id').orderBy('r.created_at', 'desc').limit(1).as('last_run_id'),
        ])
        .where('t.content_sha256', 'in', known)
        .execute()
    : [];
  const earlierOf = new Map(earlier.map((r) => [r.content_sha256, { transcriptId: r.id, runId: r.last_run_id }]));
  return items.map((item) => {
    const id = newId.get(item.digest);
    if (id) return { transcriptId: id, runId: runOf.get(id) ?? null, duplicate: firstOf.get(item.digest) !== item };
    const prior = earlierOf.get(item.digest);
    if (!prior) throw new Error(`transcript ${item.digest} neither stored nor found`);
    return { ...prior, duplicate: true };
  });
}

/** Stores one transcript (once by sha256) and opens its run, in one transaction; `force` opens a new run for known bytes. */
export async function ingestTranscript(db: Db, req: IngestRequest): Promise<IngestResult> {
  const text = decodeTranscript(req.bytes, { requireTurns: req.requireTurns, fileName: req.fileName });
  const digest = sha256(req.bytes);
  return db.transaction().execute(async (trx) => {
    const [result] = await insertTranscripts(trx, [{ req, text, digest }]);
    if (!result.duplicate || !req.force) return result;
    // A forced re-ingest with a meeting date records it: the new run must resolve "next Tuesday" against it.
    if (req.meetingAt) await trx.updateTable('stellar.transcripts').set({ meeting_at: req.meetingAt }).where('id', '=', result.transcriptId).execute();
    const run = await openRun(
      trx,
      { transcriptId: result.transcriptId, trigger: TRIGGER_OF[req.source], priority: req.priority ?? PRIORITY[req.source], maxAttempts: req.maxAttempts, reason: 'forced re-ingest of the same bytes' },
    );
    return { transcriptId: result.transcriptId, runId: run.id, duplicate: true };
  });
}
