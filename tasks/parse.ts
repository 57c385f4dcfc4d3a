/** parse: raw transcript bytes → speaker turns {speaker, start_ms, end_ms, text}. */
import { batchRows } from '../src/db/batch.ts';
import { defineStage } from '../src/pipeline/defineStage.ts';
import { rawTextOf } from '../src/db/queries/outputs.ts';
import { PARSER_VERSION } from '../src/pipeline/stages.ts';
import { parseTranscript } from '../src/parsing/index.ts';
import type { ParsedTranscript } from '../src/parsing/types.ts';

export default defineStage<string, ParsedTranscript>('parse', {
  load: ({ rt, transcript }) => rawTextOf(rt.db, transcript.id),
  async work(rawText, { transcript }) {
    // A file with no speaker turns throws TranscriptParseError: permanent, not retried.
    const output = parseTranscript(rawText, transcript.file_name);
    return { output, provider: 'builtin', model: 'parser', agentVersion: PARSER_VERSION };
  },
  async store(trx, { output: parsed }, { run, transcript }) {
    // In batches: one statement of 8 parameters per turn passes PostgreSQL's 65,535-parameter limit at ~8,200 turns.
    const rows = parsed.turns.map((t, idx) => ({ run_id: run.id, transcript_id: transcript.id, idx, speaker: t.speaker, start_ms: t.startMs, end_ms: t.endMs, text: t.text, talk_ms: t.talkMs ?? null }));
    for (const batch of batchRows(rows)) await trx.insertInto('stellar.turns').values(batch).execute();
    await trx
      .insertInto('stellar.parsed_calls')
      .values({
        run_id: run.id,
        transcript_id: transcript.id,
        format: parsed.format,
        participants: JSON.stringify(parsed.participants),
        meeting_at: parsed.meetingAt,
        title: parsed.title,
        turn_count: parsed.turns.length,
      })
      .execute();
    await trx.updateTable('stellar.transcripts').set({ format: parsed.format }).where('id', '=', transcript.id).execute();
  },
});
