/**
 * Reads of the knowledge graph across calls: finding an entity by name,
 * neighbours with evidence, shortest path, top entities over a period, an
 * account's timeline and its rolled-up aggregates. The graph algorithms are
 * the stellar_api SQL functions (sql/070_graph.sql) — the same ones GraphQL
 * exposes — called here with typed rows.
 * `graphNeighbors(db, {entity, kind?, limit})` is what the reasoning engine's
 * graph_neighbors tool calls.
 * Owns: graph reads. Must not: write.
 */
import { sql } from 'kysely';
import type { Db } from '../index.ts';
import type { GraphEntityKind } from '../schema.ts';
import { companyKey, normalizeKey } from '../../agents/graph.ts';

export const GRAPH_ENTITY_KINDS: readonly GraphEntityKind[] = ['person', 'company', 'product', 'competitor', 'topic', 'objection', 'call'];

export interface GraphEntityRow {
  id: string;
  kind: GraphEntityKind;
  key: string;
  name: string;
  attrs: Record<string, unknown>;
  mentionCount: number;
  callCount: number;
  firstSeen: Date | null;
  lastSeen: Date | null;
}

export interface EvidenceRef {
  transcriptId: string;
  /** The run whose link_graph stored it (the dashboard's run page shows the call). */
  runId: string;
  turnIdx: number | null;
  speaker: string | null;
  quote: string | null;
  seenAt: string;
}

export interface NeighborRow {
  relationId: string;
  relationKind: string;
  direction: 'out' | 'in';
  neighbor: { id: string; kind: GraphEntityKind; key: string; name: string };
  evidenceCount: number;
  firstSeen: Date | null;
  lastSeen: Date | null;
  evidence: EvidenceRef[];
}

function entityRow(r: {
  id: string; kind: GraphEntityKind; key: string; name: string; attrs: Record<string, unknown>; mention_count: number; call_count: number; first_seen: Date | null; last_seen: Date | null;
}): GraphEntityRow {
  return { id: r.id, kind: r.kind, key: r.key, name: r.name, attrs: r.attrs, mentionCount: r.mention_count, callCount: r.call_count, firstSeen: r.first_seen, lastSeen: r.last_seen };
}

export async function entityById(db: Db, id: string): Promise<GraphEntityRow | null> {
  const r = await db.selectFrom('stellar.graph_entities').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? entityRow(r) : null;
}

/**
 * Finds entities by what a user or a model would type: an id, a name ("Halden",
 * "halden foods inc."), or an alias (e-mail address, domain) — most mentioned first.
 */
export async function findEntities(db: Db, opts: { text: string; kind?: GraphEntityKind; limit?: number }): Promise<GraphEntityRow[]> {
  const text = opts.text.trim();
  if (!text) return [];
  const limit = Math.min(Math.max(opts.limit ?? 10, 1), 100);
  if (/^\d+$/.test(text)) {
    const e = await entityById(db, text);
    if (e && (!opts.kind || e.kind === opts.kind)) return [e];
  }
  const keys = [...new Set([normalizeKey(text), companyKey(text), `email:${text.toLowerCase()}`, `domain:${text.toLowerCase()}`])].filter(Boolean);
  let q = db
    .selectFrom('stellar.graph_entities as e')
    .selectAll('e')
    .where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('stellar.graph_aliases as a').select('a.entity_id').whereRef('a.entity_id', '=', 'e.id').where('a.alias', 'in', keys)),
        eb(sql<string>`lower(e.name)`, '=', text.toLowerCase()),
      ]),
    );
  if (opts.kind) q = q.where('e.kind', '=', opts.kind);
  const exact = await q.orderBy('e.mention_count', 'desc').orderBy('e.id').limit(limit).execute();
  if (exact.length) return exact.map(entityRow);
  // Then a fuller name of a company, competitor or product ("Halden" → "Halden Foods"; keys hold no LIKE wildcards).
  const key = companyKey(text);
  if (key) {
    let variants = db
      .selectFrom('stellar.graph_entities as e')
      .selectAll('e')
      .where('e.kind', 'in', ['company', 'competitor', 'product'])
      .where((eb) => eb.exists(eb.selectFrom('stellar.graph_aliases as a').select('a.entity_id').whereRef('a.entity_id', '=', 'e.id').where('a.alias', 'like', `${key} %`)));
    if (opts.kind) variants = variants.where('e.kind', '=', opts.kind);
    const found = await variants.orderBy('e.mention_count', 'desc').orderBy('e.id').limit(limit).execute();
    if (found.length) return found.map(entityRow);
  }
  // Otherwise a name containing the text (bound as a parameter; LIKE wildcards in it escaped); calls last.
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  let fuzzy = db.selectFrom('stellar.graph_entities as e').selectAll('e').where(sql<string>`lower(e.name)`, 'like', pattern);
  if (opts.kind) fuzzy = fuzzy.where('e.kind', '=', opts.kind);
  return (await fuzzy.orderBy(sql`e.kind = 'call'`).orderBy('e.mention_count', 'desc').orderBy('e.id').limit(limit).execute()).map(entityRow);
}

/** Neighbours of one entity id (stellar_api.graph_neighbors). */
export async function neighborsOf(db: Db, entityId: string, opts: { kind?: GraphEntityKind; limit?: number } = {}): Promise<NeighborRow[]> {
  const rows = await db
    .selectFrom(
      sql<{
        relation_id: string; relation_kind: string; direction: 'out' | 'in'; neighbor_id: string; neighbor_kind: GraphEntityKind; neighbor_key: string; neighbor_name: string;
        evidence_count: number; first_seen: Date | null; last_seen: Date | null; evidence: EvidenceRef[];
      }>`stellar_api.graph_neighbors(${entityId}::bigint, ${opts.kind ?? null}::text, ${opts.limit ?? 25}::int)`.as('n'),
    )
    .selectAll()
    .execute();
  return rows.map((r) => ({
    relationId: r.relation_id,
    relationKind: r.relation_kind,
    direction: r.direction,
    neighbor: { id: r.neighbor_id, kind: r.neighbor_kind, key: r.neighbor_key, name: r.neighbor_name },
    evidenceCount: r.evidence_count,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    evidence: r.evidence,
  }));
}

export interface GraphNeighborsOptions {
  /** An entity id, name or alias ("Halden", "Owen Castellano", "halden.example"). */
  entity: string;
  /** Only neighbours of this kind. */
  kind?: GraphEntityKind;
  limit?: number;
}

export interface GraphNeighborsResult {
  /** The entity the text resolved to (the most mentioned match); null when none. */
  entity: GraphEntityRow | null;
  /** Other entities the text also matched (so a caller can say it was ambiguous). */
  alternatives: GraphEntityRow[];
  neighbors: NeighborRow[];
}

/** The reasoning engine's graph_neighbors tool: resolve the entity, then its neighbours with evidence. */
export async function graphNeighbors(db: Db, opts: GraphNeighborsOptions): Promise<GraphNeighborsResult> {
  const [entity, ...alternatives] = await findEntities(db, { text: opts.entity, limit: 5 });
  if (!entity) return { entity: null, alternatives: [], neighbors: [] };
  return { entity, alternatives, neighbors: await neighborsOf(db, entity.id, { kind: opts.kind, limit: opts.limit }) };
}

export interface PathStep {
  step: number;
  entity: { id: string; kind: GraphEntityKind; name: string };
  /** The relation that led here (null at the start). */
  relation: { id: string; kind: string } | null;
}

/** Shortest path between two entity ids, at most maxDepth (≤ 6) hops; [] when none. */
export async function shortestPath(db: Db, fromId: string, toId: string, maxDepth = 4): Promise<PathStep[]> {
  const rows = await db
    .selectFrom(
      sql<{ step: number; entity_id: string; entity_kind: GraphEntityKind; entity_name: string; relation_id: string | null; relation_kind: string | null }>`stellar_api.graph_shortest_path(${fromId}::bigint, ${toId}::bigint, ${maxDepth}::int)`.as('p'),
    )
    .selectAll()
    .execute();
  return rows.map((r) => ({
    step: r.step,
    entity: { id: r.entity_id, kind: r.entity_kind, name: r.entity_name },
    relation: r.relation_id ? { id: r.relation_id, kind: r.relation_kind! } : null,
  }));
}

export interface TopEntity {
  id: string;
  kind: GraphEntityKind;
  name: string;
  mentions: number;
  calls: number;
  lastSeen: Date | null;
}

/** Entities by mentions in calls seen in [since, until). */
export async function topEntities(db: Db, opts: { kind?: GraphEntityKind; since?: Date; until?: Date; limit?: number } = {}): Promise<TopEntity[]> {
  const rows = await db
    .selectFrom(
      sql<{ entity_id: string; kind: GraphEntityKind; name: string; mentions: string; calls: string; last_seen: Date | null }>`stellar_api.graph_top_entities(${opts.kind ?? null}::text, ${opts.since ?? null}::timestamptz, ${opts.until ?? null}::timestamptz, ${opts.limit ?? 20}::int)`.as('t'),
    )
    .selectAll()
    .execute();
  return rows.map((r) => ({ id: r.entity_id, kind: r.kind, name: r.name, mentions: Number(r.mentions), calls: Number(r.calls), lastSeen: r.last_seen }));
}

export interface TimelineCall {
  transcriptId: string;
  callEntityId: string;
  seenAt: Date;
  callName: string;
  people: string[];
  competitors: string[];
  objections: string[];
  topics: string[];
}

/** An account's (company entity's) calls in time order. */
export async function accountTimeline(db: Db, accountId: string): Promise<TimelineCall[]> {
  const rows = await db
    .selectFrom(
      sql<{ transcript_id: string; call_entity_id: string; seen_at: Date; call_name: string; people: string[]; competitors: string[]; objections: string[]; topics: string[] }>`stellar_api.graph_account_timeline(${accountId}::bigint)`.as('t'),
    )
    .selectAll()
    .execute();
  return rows.map((r) => ({ transcriptId: r.transcript_id, callEntityId: r.call_entity_id, seenAt: r.seen_at, callName: r.call_name, people: r.people, competitors: r.competitors, objections: r.objections, topics: r.topics }));
}

/** The rolled-up aggregates of an account (graph_rollup), or null before the first rollup. */
export async function accountRollup(db: Db, accountId: string) {
  return (await db.selectFrom('stellar.graph_account_rollups').selectAll().where('account_id', '=', accountId).executeTakeFirst()) ?? null;
}
