/** chunk: turns → speaker-aware chunks for search (no model call). */
import { chunkTurns } from '../src/agents/builtin/chunking.ts';
import { batchRows } from '../src/db/batch.ts';
import { defineStage } from '../src/pipeline/defineStage.ts';
import { CHUNKING_VERSION } from '../src/agents/coaching/versions.ts';
import { currentTurns } from '../src/db/queries/outputs.ts';
import type { Turn } from '../src/parsing/types.ts';

export default defineStage<Turn[], ReturnType<typeof chunkTurns>>('chunk', {
  load: ({ rt, transcript }) => currentTurns(rt.db, transcript.id),
  work: async (turns) => ({ output: chunkTurns(turns), provider: 'builtin', model: 'chunker', agentVersion: CHUNKING_VERSION }),
  async store(trx, { output: chunks }, { run, transcript }) {
    if (chunks.length === 0) return;
    const rows = chunks.map((c) => ({ run_id: run.id, transcript_id: transcript.id, idx: c.idx, speakers: c.speakers, start_ms: c.startMs, end_ms: c.endMs, text: c.text }));
    for (const batch of batchRows(rows)) await trx.insertInto('stellar.chunks').values(batch).execute();
  },
});
