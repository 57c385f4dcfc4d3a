/** embed: chunks → vectors (built-in feature hashing or Ollama's embed API; each kind in its own table). */
import pgvector from 'pgvector';
import type { EmbeddingBatch } from '../src/agents/types.ts';
import { batchRows } from '../src/db/batch.ts';
import { defineStage } from '../src/pipeline/defineStage.ts';
import { currentChunks } from '../src/db/queries/outputs.ts';

type Chunks = Awaited<ReturnType<typeof currentChunks>>;

export default defineStage<Chunks, { chunks: Chunks; batch: EmbeddingBatch }>('embed', {
  load: ({ rt, transcript }) => currentChunks(rt.db, transcript.id),
  async work(chunks, { rt }) {
    const result = await rt.limitModelCall(() => rt.provider.embed(chunks.map((c) => c.text)));
    return { ...result, output: { chunks, batch: result.output } };
  },
  async store(trx, { output: { chunks, batch } }, { run, transcript }) {
    if (chunks.length === 0) return;
    const table = batch.kind === 'builtin' ? 'stellar.chunk_embeddings' : 'stellar.chunk_embeddings_ollama';
    const rows = chunks.map((c, i) => ({
      chunk_id: c.id,
      run_id: run.id,
      transcript_id: transcript.id,
      model: batch.model,
      dims: batch.dims,
      embedding: pgvector.toSql(batch.vectors[i]) as string,
    }));
    for (const part of batchRows(rows)) await trx.insertInto(table).values(part).execute();
  },
});
