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
 * Round trips (issue 11): the lock; the old rows' delete with every row
 * resolution reads; the entities; aliases, relations, evidence and mentions;
 * the aggregates — 5 statements (+ the outbox's) whatever the graph's size.
 * Owns: stellar.graph_entities, graph_aliases (what resolve.ts decides), graph_relations,
 * graph_evidence, graph_mentions writes and the outbox rows.
 * Must not: talk to Neo4j, or queue jobs (the task does).
 */
import { sql } from 'kysely';
import type { Tx } from '../db/index.ts';
import type { KnowledgeGraph } from '../agents/graph.ts';
import type { GraphMirrorOp } from '../db/schema.ts';
import { locateEvidence, relationId, type Evidence, type EvidenceTurn } from './evidence.ts';
import { resolutionLookups, resolveEntities, type ResolutionRows } from './resolve.ts';

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
  // Its own statement, first: every read below takes its snapshot after the previous holder committed.
  await sql`select pg_advisory_xact_lock(${GRAPH_LOCK})`.execute(trx);

  // One statement: the call's previous evidence and mentions deleted (what they touched returned), and every row entity resolution reads.
  const look = resolutionLookups(graph);
  const { rows: [read] } = await sql<{ old_relations: string[]; old_entities: string[]; aliases: ResolutionRows['aliases'] | null; entities: ResolutionRows['entities'] | null }>`
    with ev as (
      delete from stellar.graph_evidence where transcript_id = ${transcriptId} returning relation_id
    ), m as (
      delete from stellar.graph_mentions where transcript_id = ${transcriptId} returning entity_id
    ), al as (
      select a.kind, a.alias, a.source, a.entity_id::text, g.key as entity_key, g.name
      from stellar.graph_aliases a
      join unnest(${look.kinds}::text[], ${look.aliases}::text[]) as x(kind, alias) on a.kind = x.kind and a.alias = x.alias
      join stellar.graph_entities g on g.id = a.entity_id
      union
      select a.kind, a.alias, a.source, a.entity_id::text, g.key, g.name
      from stellar.graph_aliases a
      join unnest(${look.patternKinds}::text[], ${look.patterns}::text[]) as p(kind, pattern) on a.kind = p.kind and a.alias like p.pattern
      join stellar.graph_entities g on g.id = a.entity_id
      where a.source in ('key', 'name')
    )
    select
      array(select distinct relation_id::text from ev) as old_relations,
      array(select entity_id::text from m) as old_entities,
      (select json_agg(al) from al) as aliases,
      (select json_agg(json_build_object('id', g.id::text, 'kind', g.kind, 'key', g.key, 'name', g.name))
       from stellar.graph_entities g join unnest(${look.keyKinds}::text[], ${look.keys}::text[]) as k(kind, key) on g.kind = k.kind and g.key = k.key) as entities`.execute(trx);
  const oldRelations = read.old_relations;
  const oldEntities = read.old_entities;
  const resolution = resolveEntities(graph, { aliases: read.aliases ?? [], entities: read.entities ?? [] });

  // One statement: the new entities inserted (call order: their ids in that order), the touched ones updated.
  const created = resolution.created;
  const updated = resolution.updated;
  if (created.length || updated.length) {
    const insert = created.length
      ? trx
          .insertInto('stellar.graph_entities')
          .values(created.map((t) => ({ kind: t.kind, key: t.key, name: t.name, attrs: JSON.stringify(t.patch) })))
          .onConflict((oc) => oc.columns(['kind', 'key']).doUpdateSet({ updated_at: sql<Date>`now()` }))
          .returning(['id', 'kind', 'key'])
      : null;
    const update = sql`update stellar.graph_entities g
      set name = u.name, attrs = g.attrs || u.patch::jsonb, updated_at = now()
      from unnest(${updated.map((t) => t.id)}::bigint[], ${updated.map((t) => t.name)}::text[], ${updated.map((t) => JSON.stringify(t.patch))}::text[]) as u(id, name, patch)
      where g.id = u.id`;
    const { rows } = insert
      ? await sql<{ id: string; kind: string; key: string }>`with upd as (${update}) ${insert}`.execute(trx)
      : await sql<{ id: string; kind: string; key: string }>`${update}`.execute(trx);
    const idOf = new Map(rows.map((r) => [`${r.kind}:${r.key}`, r.id]));
    for (const t of created) t.id = idOf.get(`${t.kind}:${t.key}`) ?? null;
  }
  const ids = new Map([...resolution.targets].flatMap(([ref, t]) => (t.id ? [[ref, t.id] as const] : [])));
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

  // Mentions: how many relations of this call touch the entity (at least 1 for a named entity).
  const touches = new Map<string, number>([...new Set(ids.values())].map((id) => [id, 0]));
  for (const r of rows.values()) {
    touches.set(r.source, (touches.get(r.source) ?? 0) + 1);
    touches.set(r.target, (touches.get(r.target) ?? 0) + 1);
  }

  // One statement: aliases, relations (upserted), their evidence, and the mentions.
  const writes = [];
  if (resolution.aliases.length) {
    writes.push(sql`al as (${trx
      .insertInto('stellar.graph_aliases')
      .values(resolution.aliases.map((a) => ({ kind: a.kind, alias: a.alias, entity_id: a.target.id!, source: a.source })))
      .onConflict((oc) => oc.columns(['kind', 'alias']).doNothing())})`);
  }
  if (touches.size) {
    writes.push(sql`m as (${trx
      .insertInto('stellar.graph_mentions')
      .values([...touches].map(([entity_id, n]) => ({ entity_id, transcript_id: transcriptId, run_id: runId, mentions: Math.max(1, n), seen_at: seenAt })))})`);
  }
  const evidenceRows = [...rows.values()].flatMap((r) => r.evidence.map((e) => ({ ...e, source: r.source, target: r.target, kind: r.kind })));
  if (rows.size) {
    writes.push(sql`rel as (${trx
      .insertInto('stellar.graph_relations')
      .values([...rows.values()].map((r) => ({ source_id: r.source, target_id: r.target, kind: r.kind, attrs: JSON.stringify(r.attrs ?? {}) })))
      .onConflict((oc) => oc.columns(['source_id', 'target_id', 'kind']).doUpdateSet({ attrs: (eb) => eb.ref('excluded.attrs'), updated_at: sql<Date>`now()` }))
      .returning(['id', 'source_id', 'target_id', 'kind'])})`);
    const col = <V>(f: (e: (typeof evidenceRows)[number]) => V) => evidenceRows.map(f);
    writes.push(sql`ev as (
      insert into stellar.graph_evidence (relation_id, transcript_id, run_id, turn_idx, speaker, quote, seen_at)
      select rel.id, ${transcriptId}::uuid, ${runId}::uuid, e.turn_idx, e.speaker, e.quote, ${seenAt}::timestamptz
      from unnest(${col((e) => e.source)}::bigint[], ${col((e) => e.target)}::bigint[], ${col((e) => e.kind)}::text[],
                  ${col((e) => e.turnIdx)}::int[], ${col((e) => e.speaker)}::text[], ${col((e) => e.quote)}::text[]) with ordinality as e(source_id, target_id, kind, turn_idx, speaker, quote, n)
      join rel on rel.source_id = e.source_id and rel.target_id = e.target_id and rel.kind = e.kind
      order by e.n)`);
  }
  const relIds = new Map<string, string>();
  if (writes.length) {
    const { rows: inserted } = rows.size
      ? await sql<{ id: string; source_id: string; target_id: string; kind: string }>`with ${sql.join(writes)} select id, source_id, target_id, kind from rel`.execute(trx)
      : await sql<never>`with ${sql.join(writes)} select 1`.execute(trx);
    for (const r of inserted) relIds.set(`${r.source_id}|${r.kind}|${r.target_id}`, r.id);
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

/**
 * Recomputes counts and first/last seen from evidence and mentions and deletes what nothing supports any
 * more, in ONE statement: the relations and entities each updated where something remains and deleted where
 * nothing does (an entity without mentions has no relation with evidence either: evidence of a call
 * implies its mentions of both ends).
 */
async function refreshAggregates(trx: Tx, relationIds: string[], entityIds: string[]): Promise<Removed> {
  if (relationIds.length === 0 && entityIds.length === 0) return { relations: [], entities: [] };
  const { rows } = await sql<{ what: 'relation' | 'entity'; source_kind: string; source_key: string; kind: string; target_kind: string | null; target_key: string | null }>`
    with ra as (
      select t.id, a.n, a.first_seen, a.last_seen
      from unnest(${relationIds}::bigint[]) as t(id)
      cross join lateral (
        select count(*)::int as n, min(seen_at) as first_seen, max(seen_at) as last_seen
        from stellar.graph_evidence e where e.relation_id = t.id
      ) a
    ), ru as (
      update stellar.graph_relations r set evidence_count = ra.n, first_seen = ra.first_seen, last_seen = ra.last_seen
      from ra where r.id = ra.id and ra.n > 0
    ), rd as (
      delete from stellar.graph_relations r
      using ra, stellar.graph_entities s, stellar.graph_entities t
      where r.id = ra.id and ra.n = 0 and s.id = r.source_id and t.id = r.target_id
      returning s.kind as source_kind, s.key as source_key, r.kind, t.kind as target_kind, t.key as target_key
    ), ea as (
      select t.id, a.n, a.calls, a.first_seen, a.last_seen
      from unnest(${entityIds}::bigint[]) as t(id)
      cross join lateral (
        select coalesce(sum(mentions), 0)::int as n, count(*)::int as calls, min(seen_at) as first_seen, max(seen_at) as last_seen
        from stellar.graph_mentions m where m.entity_id = t.id
      ) a
    ), eu as (
      update stellar.graph_entities g set mention_count = ea.n, call_count = ea.calls, first_seen = ea.first_seen, last_seen = ea.last_seen
      from ea where g.id = ea.id and ea.calls > 0
    ), ed as (
      delete from stellar.graph_entities g using ea where g.id = ea.id and ea.calls = 0
      returning g.kind, g.key
    )
    select 'relation' as what, source_kind, source_key, kind, target_kind, target_key from rd
    union all
    select 'entity', kind, key, null, null, null from ed`.execute(trx);
  return {
    relations: rows.filter((r) => r.what === 'relation').map((r) => ({ source_kind: r.source_kind, source_key: r.source_key, kind: r.kind, target_kind: r.target_kind!, target_key: r.target_key! })),
    entities: rows.filter((r) => r.what === 'entity').map((r) => ({ kind: r.source_kind, key: r.source_key })),
  };
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
