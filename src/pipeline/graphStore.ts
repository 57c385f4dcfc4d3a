/** Stores a built knowledge graph (entities, then relations by entity reference) on the hand-off transaction. */
import type { Tx } from '../db/index.ts';
import { batchRows } from '../db/batch.ts';
import type { buildKnowledgeGraph } from '../agents/graph.ts';

type Graph = ReturnType<typeof buildKnowledgeGraph>;

export async function storeKnowledgeGraph(trx: Tx, runId: string, transcriptId: string, graph: Graph): Promise<void> {
  if (graph.entities.length === 0) return;
  const rows: { id: string; kind: string; key: string }[] = [];
  const entityRows = graph.entities.map((e) => ({ run_id: runId, transcript_id: transcriptId, kind: e.kind, key: e.key, name: e.name, attrs: JSON.stringify(e.attrs ?? {}) }));
  for (const batch of batchRows(entityRows)) {
    rows.push(
      ...(await trx
        .insertInto('stellar.entities')
        .values(batch)
        .onConflict((oc) => oc.columns(['run_id', 'kind', 'key']).doNothing())
        .returning(['id', 'kind', 'key'])
        .execute()),
    );
  }
  const idOf = new Map(rows.map((r) => [`${r.kind}:${r.key}`, r.id]));
  const relations = graph.relations
    .map((r) => ({ source: idOf.get(r.source), target: idOf.get(r.target), kind: r.kind, attrs: r.attrs }))
    .filter((r): r is { source: string; target: string; kind: string; attrs: Record<string, unknown> } => !!r.source && !!r.target);
  if (relations.length === 0) return;
  const relationRows = relations.map((r) => ({ run_id: runId, transcript_id: transcriptId, source_id: r.source, target_id: r.target, kind: r.kind, attrs: JSON.stringify(r.attrs ?? {}) }));
  for (const batch of batchRows(relationRows)) {
    await trx
      .insertInto('stellar.relations')
      .values(batch)
      .onConflict((oc) => oc.columns(['run_id', 'source_id', 'target_id', 'kind']).doNothing())
      .execute();
  }
}
