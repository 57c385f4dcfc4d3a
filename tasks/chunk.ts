/** chunk: turns → speaker-aware chunks for search (no model call); a chunk never mixes the buyer and seller sides (sides from the current facts). */
import { chunkTurns } from '../src/agents/builtin/chunking.ts';
import { batchRows } from '../src/db/batch.ts';
import type { CallFacts } from '../src/agents/types.ts';
import { defineStage } from '../src/pipeline/defineStage.ts';
import { CHUNKING_VERSION } from '../src/agents/coaching/versions.ts';
import { currentTurnsAndFacts } from '../src/db/queries/outputs.ts';
import type { Turn } from '../src/parsing/types.ts';

export default defineStage<{ turns: Turn[]; facts: CallFacts }, ReturnType<typeof chunkTurns>>('chunk', {
  load: ({ rt, transcript }) => currentTurnsAndFacts(rt.db, transcript.id),
  work: async ({ turns, facts }) => {
    const sides = Object.fromEntries(facts.participants.filter((p) => p.spoke).map((p) => [p.name, p.side]));
    return { output: chunkTurns(turns, { sides }), provider: 'builtin', model: 'chunker', agentVersion: CHUNKING_VERSION };
  },
  async store(trx, { output: chunks }, { run, transcript }) {
    if (chunks.length === 0) return;
    const rows = chunks.map((c) => ({
      run_id: run.id,
      transcript_id: transcript.id,
      idx: c.idx,
      speakers: c.speakers,
      side: c.side,
      turn_from: c.turnFrom,
      turn_to: c.turnTo,
      start_ms: c.startMs,
      end_ms: c.endMs,
      text: c.text,
    }));
    // In batches under PostgreSQL's 65,535-parameter limit (src/db/batch.ts).
    for (const batch of batchRows(rows)) await trx.insertInto('stellar.chunks').values(batch).execute();
  },
});
