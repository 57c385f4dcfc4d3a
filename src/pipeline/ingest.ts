/**
 * Intake: store a transcript once (by sha256 of its bytes) and open its run —
 * in one transaction, so a rejected or failed intake stores nothing.
 * Used by the CLI, the HTTP upload and the inbox watcher alike.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/index.ts';
import type { RunTrigger, TranscriptSource } from '../db/schema.ts';
import { parseTranscript } from '../parsing/index.ts';
import { openRun } from './runs.ts';
import { PRIORITY } from './stages.ts';

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
      throw new IntakeError(422, 'no_turns', `No speaker turns found: ${message}`, 'file');
    }
  }
  return text;
}

const TRIGGER_OF: Record<TranscriptSource, RunTrigger> = { upload: 'upload', api: 'upload', inbox: 'inbox', cli: 'cli', demo: 'cli' };

export async function ingestTranscript(db: Db, req: IngestRequest): Promise<IngestResult> {
  const text = decodeTranscript(req.bytes, { requireTurns: req.requireTurns, fileName: req.fileName });
  const digest = sha256(req.bytes);
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('stellar.transcripts')
      .values({
        content_sha256: digest,
        file_name: req.fileName,
        media_type: req.mediaType ?? null,
        raw_text: text,
        meeting_at: req.meetingAt ?? null,
        rep: req.rep ?? null,
        account: req.account ?? null,
        source: req.source,
      })
      .onConflict((oc) => oc.column('content_sha256').doNothing())
      .returning('id')
      .executeTakeFirst();
    const duplicate = !inserted;
    const transcriptId =
      inserted?.id ??
      (await trx.selectFrom('stellar.transcripts').select('id').where('content_sha256', '=', digest).executeTakeFirstOrThrow()).id;
    if (duplicate && !req.force) {
      const last = await trx
        .selectFrom('stellar.pipeline_runs')
        .select('id')
        .where('transcript_id', '=', transcriptId)
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      return { transcriptId, runId: last?.id ?? null, duplicate: true };
    }
    // A forced re-ingest with a meeting date records it: the new run must resolve "next Tuesday" against it.
    if (duplicate && req.meetingAt) await trx.updateTable('stellar.transcripts').set({ meeting_at: req.meetingAt }).where('id', '=', transcriptId).execute();
    const run = await openRun(trx, {
      transcriptId,
      trigger: TRIGGER_OF[req.source],
      priority: req.priority ?? PRIORITY[req.source],
      maxAttempts: req.maxAttempts,
      reason: duplicate ? 'forced re-ingest of the same bytes' : null,
    });
    return { transcriptId, runId: run.id, duplicate };
  });
}
