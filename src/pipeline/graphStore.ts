/**
 * Stores a built knowledge graph (the call's own: entities, then relations by
 * entity reference) on the hand-off transaction, in ONE statement: the
 * entities' insert is the WITH of the relations' (issue 11: round trips per
 * hand-off). Arrays are bound whole (unnest), so no graph is too large for the
 * statement's parameters.
 * Owns: stellar.entities and stellar.relations writes. Must not: touch the graph across calls (src/graph/store.ts).
 */
import { sql } from 'kysely';
import type { Tx } from '../db/index.ts';
import type { buildKnowledgeGraph } from '../agents/graph.ts';

type Graph = ReturnType<typeof buildKnowledgeGraph>;

export async function storeKnowledgeGraph(trx: Tx, runId: string, transcriptId: string, graph: Graph): Promise<void> {
  if (graph.entities.length === 0) return;
  const e = <V>(f: (x: Graph['entities'][number]) => V) => graph.entities.map(f);
  const r = <V>(f: (x: Graph['relations'][number]) => V) => graph.relations.map(f);
  // An entity already stored for this run is not returned (DO NOTHING), so its relations are left out, as before.
  await sql`
    with ents as (
      insert into stellar.entities (run_id, transcript_id, kind, key, name, attrs)
      select ${runId}::uuid, ${transcriptId}::uuid, x.kind, x.key, x.name, x.attrs::jsonb
      from unnest(${e((x) => x.kind)}::text[], ${e((x) => x.key)}::text[], ${e((x) => x.name)}::text[], ${e((x) => JSON.stringify(x.attrs ?? {}))}::text[])
        with ordinality as x(kind, key, name, attrs, n)
      order by x.n
      on conflict (run_id, kind, key) do nothing
      returning id, kind, key
    )
    insert into stellar.relations (run_id, transcript_id, source_id, target_id, kind, attrs)
    select ${runId}::uuid, ${transcriptId}::uuid, s.id, t.id, y.kind, y.attrs::jsonb
    from unnest(${r((x) => x.source)}::text[], ${r((x) => x.target)}::text[], ${r((x) => x.kind)}::text[], ${r((x) => JSON.stringify(x.attrs ?? {}))}::text[])
      with ordinality as y(source, target, kind, attrs, n)
    join ents s on s.kind || ':' || s.key = y.source
    join ents t on t.kind || ':' || t.key = y.target
    order by y.n
    on conflict (run_id, source_id, target_id, kind) do nothing`.execute(trx);
}
