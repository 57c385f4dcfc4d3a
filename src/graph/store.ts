/**
 * Stores one call's knowledge graph into the graph across calls, on the
 * caller's transaction (link_graph's hand-off transaction):
 *   - the call's previous evidence and mentions are deleted (reprocessing
 *     replaces, never adds);
 *   - entities are resolved (resolve.ts), relations upserted on
 *     (source, target, kind), evidence and mentions inserted;
 *   - counts and first/last seen of every relation and entity the call
 *     touched (before or now) are recomputed from the evidence; relations
 *     left without evidence and entities left without mentions are removed;
 *   - when a mirror is configured, what changed goes to the mirror's outbox.
 * Graph writes are serialised by a transaction-level advisory lock, so two
 * calls naming a new entity at the same time cannot create it twice.
 * Owns: stellar.graph_relations, graph_evidence, graph_mentions writes and the outbox rows.
 * Must not: talk to Neo4j, or queue jobs (the task does).
 */
import { sql } from 'kysely';
import type { Tx } from '../db/index.ts';
import type { KnowledgeGraph } from '../agents/graph.ts';
import type { GraphMirrorOp } from '../db/schema.ts';
import { locateEvidence, relationId, type Evidence, type EvidenceTurn } from './evidence.ts';
import { resolveEntities } from './resolve.ts';

export interface StoreGraphOptions {
  runId: string;
  transcriptId: string;
  /** When the call happened (meeting time, else when it was received). */
  seenAt: Date;
  graph: KnowledgeGraph;
  turns: readonly EvidenceTurn[];
  /** Write the mirror's outbox (a Neo4j mirror is configured). */
  mirror: boolean;
}

export interface StoredGraph {
  entities: number;
  relations: number;
  evidence: number;
  removedRelations: number;
  removedEntities: number;
}

/** Any constant: the advisory lock key of graph writes. */
const GRAPH_LOCK = 770_012;

interface RelationRow {
  source: string;
  target: string;
  kind: string;
  attrs: Record<string, unknown>;
  evidence: Evidence[];
}

export async function storeCallGraph(trx: Tx, opts: StoreGraphOptions): Promise<StoredGraph> {
  const { runId, transcriptId, seenAt, graph } = opts;
  await sql`select pg_advisory_xact_lock(${GRAPH_LOCK})`.execute(trx);

  const oldRelations = (await trx.selectFrom('stellar.graph_evidence').select('relation_id').distinct().where('transcript_id', '=', transcriptId).execute()).map((r) => r.relation_id);
  const oldEntities = (await trx.selectFrom('stellar.graph_mentions').select('entity_id').where('transcript_id', '=', transcriptId).execute()).map((r) => r.entity_id);
  await trx.deleteFrom('stellar.graph_evidence').where('transcript_id', '=', transcriptId).execute();
  await trx.deleteFrom('stellar.graph_mentions').where('transcript_id', '=', transcriptId).execute();

  const ids = await resolveEntities(trx, graph);
  const evidence = locateEvidence(graph, opts.turns);

  // Two call-graph relations may land on one graph relation once aliases merge their ends.
  const rows = new Map<string, RelationRow>();
  for (const r of graph.relations) {
    const source = ids.get(r.source);
    const target = ids.get(r.target);
    if (!source || !target || source === target) continue;
    const k = `${source}|${r.kind}|${target}`;
    const ev = evidence.get(relationId(r)) ?? [];
    const row = rows.get(k);
    if (row) row.evidence.push(...ev.filter((e) => !row.evidence.some((x) => x.turnIdx === e.turnIdx)));
    else rows.set(k, { source, target, kind: r.kind, attrs: r.attrs, evidence: [...ev] });
  }

  const relIds = new Map<string, string>();
  if (rows.size) {
    const inserted = await trx
      .insertInto('stellar.graph_relations')
      .values([...rows.values()].map((r) => ({ source_id: r.source, target_id: r.target, kind: r.kind, attrs: JSON.stringify(r.attrs ?? {}) })))
      .onConflict((oc) => oc.columns(['source_id', 'target_id', 'kind']).doUpdateSet({ attrs: (eb) => eb.ref('excluded.attrs'), updated_at: sql<Date>`now()` }))
      .returning(['id', 'source_id', 'target_id', 'kind'])
      .execute();
    for (const r of inserted) relIds.set(`${r.source_id}|${r.kind}|${r.target_id}`, r.id);
  }

  const evidenceRows = [...rows].flatMap(([k, r]) =>
    r.evidence.map((e) => ({ relation_id: relIds.get(k)!, transcript_id: transcriptId, run_id: runId, turn_idx: e.turnIdx, speaker: e.speaker, quote: e.quote, seen_at: seenAt })),
  );
  if (evidenceRows.length) await trx.insertInto('stellar.graph_evidence').values(evidenceRows).execute();

  // Mentions: how many relations of this call touch the entity (at least 1 for a named entity).
  const touches = new Map<string, number>([...new Set(ids.values())].map((id) => [id, 0]));
  for (const r of rows.values()) {
    touches.set(r.source, (touches.get(r.source) ?? 0) + 1);
    touches.set(r.target, (touches.get(r.target) ?? 0) + 1);
  }
  if (touches.size) {
    await trx
      .insertInto('stellar.graph_mentions')
      .values([...touches].map(([entity_id, n]) => ({ entity_id, transcript_id: transcriptId, run_id: runId, mentions: Math.max(1, n), seen_at: seenAt })))
      .execute();
  }

  const touchedRelations = [...new Set([...oldRelations, ...relIds.values()])];
  const touchedEntities = [...new Set([...oldEntities, ...touches.keys()])];
  const removed = await refreshAggregates(trx, touchedRelations, touchedEntities);

  if (opts.mirror) await writeOutbox(trx, transcriptId, touchedRelations, touchedEntities, removed);

  return { entities: touches.size, relations: rows.size, evidence: evidenceRows.length, removedRelations: removed.relations.length, removedEntities: removed.entities.length };
}

interface Removed {
  relations: { source_kind: string; source_key: string; kind: string; target_kind: string; target_key: string }[];
  entities: { kind: string; key: string }[];
}

/** Recomputes counts and first/last seen from evidence and mentions; deletes what nothing supports any more. */
async function refreshAggregates(trx: Tx, relationIds: string[], entityIds: string[]): Promise<Removed> {
  const removed: Removed = { relations: [], entities: [] };
  if (relationIds.length) {
    await sql`
      update stellar.graph_relations r
      set evidence_count = coalesce(a.n, 0), first_seen = a.first_seen, last_seen = a.last_seen
      from unnest(${relationIds}::bigint[]) as t(id)
      left join lateral (
        select count(*)::int as n, min(seen_at) as first_seen, max(seen_at) as last_seen
        from stellar.graph_evidence e where e.relation_id = t.id
      ) a on true
      where r.id = t.id`.execute(trx);
    removed.relations = (
      await sql<Removed['relations'][number]>`
        delete from stellar.graph_relations r
        using stellar.graph_entities s, stellar.graph_entities t
        where r.id = any(${relationIds}::bigint[]) and r.evidence_count = 0 and s.id = r.source_id and t.id = r.target_id
        returning s.kind as source_kind, s.key as source_key, r.kind, t.kind as target_kind, t.key as target_key`.execute(trx)
    ).rows;
  }
  if (entityIds.length) {
    await sql`
      update stellar.graph_entities g
      set mention_count = coalesce(a.n, 0), call_count = coalesce(a.calls, 0), first_seen = a.first_seen, last_seen = a.last_seen
      from unnest(${entityIds}::bigint[]) as t(id)
      left join lateral (
        select sum(mentions)::int as n, count(*)::int as calls, min(seen_at) as first_seen, max(seen_at) as last_seen
        from stellar.graph_mentions m where m.entity_id = t.id
      ) a on true
      where g.id = t.id`.execute(trx);
    removed.entities = (
      await trx.deleteFrom('stellar.graph_entities').where('id', 'in', entityIds).where('call_count', '=', 0).returning(['kind', 'key']).execute()
    );
  }
  return removed;
}

/** The mirror's outbox: upserts of what the call touched and still exists, deletes of what it removed. */
async function writeOutbox(trx: Tx, transcriptId: string, relationIds: string[], entityIds: string[], removed: Removed): Promise<void> {
  type Row = { op: GraphMirrorOp; entity_kind: string; entity_key: string; relation_kind: string | null; target_kind: string | null; target_key: string | null; transcript_id: string };
  const out: Row[] = [];
  for (const r of removed.relations) out.push({ op: 'delete_relation', entity_kind: r.source_kind, entity_key: r.source_key, relation_kind: r.kind, target_kind: r.target_kind, target_key: r.target_key, transcript_id: transcriptId });
  for (const e of removed.entities) out.push({ op: 'delete_entity', entity_kind: e.kind, entity_key: e.key, relation_kind: null, target_kind: null, target_key: null, transcript_id: transcriptId });
  if (entityIds.length) {
    for (const e of await trx.selectFrom('stellar.graph_entities').select(['kind', 'key']).where('id', 'in', entityIds).orderBy('id').execute())
      out.push({ op: 'upsert_entity', entity_kind: e.kind, entity_key: e.key, relation_kind: null, target_kind: null, target_key: null, transcript_id: transcriptId });
  }
  if (relationIds.length) {
    const rels = await trx
      .selectFrom('stellar.graph_relations as r')
      .innerJoin('stellar.graph_entities as s', 's.id', 'r.source_id')
      .innerJoin('stellar.graph_entities as t', 't.id', 'r.target_id')
      .select(['s.kind as sk', 's.key as skey', 'r.kind', 't.kind as tk', 't.key as tkey'])
      .where('r.id', 'in', relationIds)
      .orderBy('r.id')
      .execute();
    for (const r of rels) out.push({ op: 'upsert_relation', entity_kind: r.sk, entity_key: r.skey, relation_kind: r.kind, target_kind: r.tk, target_key: r.tkey, transcript_id: transcriptId });
  }
  if (out.length) await trx.insertInto('stellar.graph_mirror_outbox').values(out).execute();
}
